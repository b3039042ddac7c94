"""The rule set: every rule, in the order the engine runs them. Nothing is registered by importing a
module; a rule runs only if it is listed here."""

from __future__ import annotations

from leavingcare.duties import (
    assistance,
    categories,
    homelessness,
    intentionality,
    local_connection,
    notifications,
    personal_adviser,
    priority_need,
    records,
    section_208,
    shared_accommodation_rate,
    succession,
    suitability,
)
from leavingcare.duties.kinds import ConcernCode
from leavingcare.duties.part7 import warnings
from leavingcare.duties.registry import Rule

RULES: tuple[Rule, ...] = (
    personal_adviser.personal_adviser,
    personal_adviser.pathway_plan,
    personal_adviser.keep_in_touch,
    assistance.accommodation_and_maintenance,
    assistance.education_training_assistance,
    assistance.vacation_accommodation,
    assistance.staying_put,
    categories.eligible_child,
    categories.relevant_child,
    categories.former_relevant_child,
    categories.qualifying_person,
    categories.leap_day_birthday,
    priority_need.priority_need,
    homelessness.homelessness_inquiries,
    homelessness.interim_accommodation,
    homelessness.assessment_and_plan,
    homelessness.prevention,
    homelessness.relief,
    homelessness.main_housing_duty,
    homelessness.intentionally_homeless_accommodation,
    homelessness.non_cooperation_accommodation,
    intentionality.joint_sign_off,
    local_connection.local_connection,
    notifications.duty_to_refer,
    records.incomplete_history,
    section_208.section_208_notice,
    shared_accommodation_rate.sar_exemption,
    suitability.bed_and_breakfast,
)
"""Every rule, in the order it runs: children's services duties, statuses, then housing."""

CONCERN_CODES: tuple[type[ConcernCode], ...] = (
    categories.StatusConcern,
    records.RecordConcern,
    succession.SuccessionConcern,
    personal_adviser.AdviceConcern,
    warnings.Part7Concern,
    intentionality.SignOffConcern,
    suitability.SuitabilityConcern,
    section_208.NoticeConcern,
    shared_accommodation_rate.RateConcern,
)
"""Every concern code the rules raise, each family declared beside its rules, with its meaning."""
