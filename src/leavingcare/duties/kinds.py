"""The closed vocabulary of results: finding kinds (DESIGN section 4), what a concern may be reported
against when it is no finding kind, and concern codes, each declared beside the rule that raises it
with its meaning. A name outside the vocabulary is an error, never a silent "no"."""

from __future__ import annotations

from enum import StrEnum

from leavingcare.errors import LeavingCareError


class Kind(StrEnum):
    """A finding kind of the public contract."""

    ELIGIBLE_CHILD = "eligible_child"
    RELEVANT_CHILD = "relevant_child"
    FORMER_RELEVANT_CHILD = "former_relevant_child"
    QUALIFYING_PERSON = "qualifying_person"
    PERSONAL_ADVISER = "personal_adviser"
    PATHWAY_PLAN = "pathway_plan"
    KEEP_IN_TOUCH = "keep_in_touch"
    ACCOMMODATION_AND_MAINTENANCE = "accommodation_and_maintenance"
    EDUCATION_TRAINING_ASSISTANCE = "education_training_assistance"
    VACATION_ACCOMMODATION = "vacation_accommodation"
    STAYING_PUT = "staying_put"
    DUTY_TO_REFER = "duty_to_refer"
    HOMELESSNESS_INQUIRIES = "homelessness_inquiries"
    INTERIM_ACCOMMODATION = "interim_accommodation"
    ASSESSMENT_AND_PLAN = "assessment_and_plan"
    PREVENTION = "prevention"
    RELIEF = "relief"
    MAIN_HOUSING_DUTY = "main_housing_duty"
    INTENTIONALLY_HOMELESS_ACCOMMODATION = "intentionally_homeless_accommodation"
    NON_COOPERATION_ACCOMMODATION = "non_cooperation_accommodation"
    SECTION_208_NOTICE = "section_208_notice"
    JOINT_SIGN_OFF = "joint_sign_off"
    PRIORITY_NEED = "priority_need"
    LOCAL_CONNECTION = "local_connection"
    SAR_EXEMPTION = "sar_exemption"


class Subject(StrEnum):
    """What a concern is reported against when it is about no finding kind."""

    AGE = "age"
    HISTORY = "history"


class UnknownKind(LeavingCareError, ValueError):
    """A finding kind that is not in the contract (``Kind``)."""

    def __init__(self, kind: object) -> None:
        self.kind = kind
        super().__init__(f"{kind!r} is not a finding kind (one of {', '.join(Kind)})")


def kind_of(value: str) -> Kind:
    """``value`` as a ``Kind``; ``UnknownKind`` when it names none."""
    if type(value) is Kind:
        return value
    try:
        return Kind(value)
    except ValueError:
        raise UnknownKind(value) from None


def subject_of(value: str) -> Kind | Subject:
    """What a concern is reported against: a finding kind, or a ``Subject``."""
    if type(value) is Kind or type(value) is Subject:
        return value
    try:
        return Kind(value)
    except ValueError:
        try:
            return Subject(value)
        except ValueError:
            raise UnknownKind(value) from None


class ConcernCode(StrEnum):
    """A concern code, declared beside the rule that raises it: the kinds it is reported against (as the
    catalogue prints them) and what it asks a person to do. Each module's codes subclass this."""

    against: str
    meaning: str

    def __new__(cls, value: str, against: str = "", meaning: str = "") -> ConcernCode:
        member = str.__new__(cls, value)
        member._value_ = value
        member.against = against
        member.meaning = meaning
        return member


STATUSES: tuple[Kind, ...] = (
    Kind.ELIGIBLE_CHILD,
    Kind.RELEVANT_CHILD,
    Kind.FORMER_RELEVANT_CHILD,
    Kind.QUALIFYING_PERSON,
)
"""The care-leaver categories."""
CHILDRENS_DUTIES: tuple[Kind, ...] = (
    Kind.PERSONAL_ADVISER,
    Kind.PATHWAY_PLAN,
    Kind.KEEP_IN_TOUCH,
    Kind.ACCOMMODATION_AND_MAINTENANCE,
    Kind.EDUCATION_TRAINING_ASSISTANCE,
    Kind.VACATION_ACCOMMODATION,
    Kind.STAYING_PUT,
)
"""What children's services owe under the Children Act 1989."""
HOUSING_DUTIES: tuple[Kind, ...] = (
    Kind.DUTY_TO_REFER,
    Kind.HOMELESSNESS_INQUIRIES,
    Kind.INTERIM_ACCOMMODATION,
    Kind.ASSESSMENT_AND_PLAN,
    Kind.PREVENTION,
    Kind.RELIEF,
    Kind.MAIN_HOUSING_DUTY,
    Kind.INTENTIONALLY_HOMELESS_ACCOMMODATION,
    Kind.NON_COOPERATION_ACCOMMODATION,
    Kind.SECTION_208_NOTICE,
    Kind.JOINT_SIGN_OFF,
)
"""What housing authorities (and, for the duty to refer, other public authorities) owe."""
DUTIES: tuple[Kind, ...] = CHILDRENS_DUTIES + HOUSING_DUTIES
"""What an authority owes, children's services first, then housing."""
DETERMINATIONS: tuple[Kind, ...] = (Kind.PRIORITY_NEED, Kind.LOCAL_CONNECTION, Kind.SAR_EXEMPTION)
"""Findings about the person that no authority owes."""
CONTRACT_KINDS: tuple[Kind, ...] = STATUSES + DUTIES + DETERMINATIONS
"""The finding kinds of the public contract (DESIGN section 4), in the order a caseworker reads them."""
