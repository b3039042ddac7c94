"""The law as a dated table: provisions with their commencement, and the numbers the law sets."""

from __future__ import annotations

from functools import cache

from leavingcare.law.connection_table import CONNECTION_PARAMETERS, CONNECTION_PROVISIONS
from leavingcare.law.housing_table import HOUSING_PARAMETERS, HOUSING_PROVISIONS
from leavingcare.law.model import Citation, Law, Parameter, Provision
from leavingcare.law.table import PARAMETERS, PROVISIONS

__all__ = ["Citation", "Law", "Parameter", "Provision", "default_law"]


@cache
def default_law() -> Law:
    """The law table as shipped: children's services, homelessness, local connection and benefits."""
    return Law(
        (*PROVISIONS, *HOUSING_PROVISIONS, *CONNECTION_PROVISIONS),
        (*PARAMETERS, *HOUSING_PARAMETERS, *CONNECTION_PARAMETERS),
    )
