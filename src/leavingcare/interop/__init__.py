"""Interoperability with other systems' formats, outside the core (DESIGN section 2).

- ``ssda903``: reads the DfE children looked after return (SSDA903 header and episode tables, CSV or
  the XML return, one or several collection years) and turns each child into ``Born`` and care
  events, keeping what the return says; ``read903`` reads the rows, ``child903`` each child's rows,
  ``model903`` holds the results, ``report903`` the reports, ``rule1001`` the validator's check.
- ``codes903``: the SSDA903 code lists of each collection year.
- ``areas``: the postcode district to area map that places each care episode.
- ``oc3``: the care leavers a collection year's return must report in its OC3 table.
- ``people``: several young people's histories in one JSONL file (``"person"`` on each line), and
  recording an import in a store.
- ``hclic``: one row per homelessness application made in a window, in the spirit of the
  H-CLIC return: prevention, relief, the main duty decision, priority need and care-leaver status.

The core never imports this package; the command line does (``import-903``, ``oc3``, ``export-cases``).
See ``docs/interop.md`` for the conventions and column codes.
"""

from __future__ import annotations
