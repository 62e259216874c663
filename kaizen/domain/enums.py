"""The closed vocabularies of the domain: wastes, roles, statuses, PDCA stages and decisions.

Values are the strings stored in the database (checked by constraints there); labels are what
people read.
"""

from __future__ import annotations

from enum import StrEnum


class WasteCategory(StrEnum):
    """The seven Lean wastes (TIMWOOD without the W for skills: the classic Toyota seven)."""

    TRANSPORT = "transport"
    INVENTORY = "inventory"
    MOTION = "motion"
    WAITING = "waiting"
    OVERPRODUCTION = "overproduction"
    OVER_PROCESSING = "over_processing"
    DEFECTS = "defects"

    @property
    def label(self) -> str:
        return _WASTE_LABELS[self][0]

    @property
    def help_text(self) -> str:
        return _WASTE_LABELS[self][1]


_WASTE_LABELS: dict[WasteCategory, tuple[str, str]] = {
    WasteCategory.TRANSPORT: (
        "Transport",
        "Moving materials, parts or information between places without adding value.",
    ),
    WasteCategory.INVENTORY: (
        "Inventory",
        "More material, work in progress or supplies than the next step needs right now.",
    ),
    WasteCategory.MOTION: (
        "Motion",
        "People walking, reaching, bending or searching more than the work needs.",
    ),
    WasteCategory.WAITING: (
        "Waiting",
        "People, machines or patients idle while they wait for the previous step.",
    ),
    WasteCategory.OVERPRODUCTION: (
        "Overproduction",
        "Making more, or sooner, than the customer or the next step asked for.",
    ),
    WasteCategory.OVER_PROCESSING: (
        "Over-processing",
        "Doing more work, checks or approvals than the customer values.",
    ),
    WasteCategory.DEFECTS: (
        "Defects",
        "Errors, scrap and rework: anything done twice because it was not right first time.",
    ),
}


class Role(StrEnum):
    STAFF = "staff"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def needs_pin(self) -> bool:
        """Supervisors and admins confirm who they are with a PIN on a shared PC."""
        return self is not Role.STAFF


class SuggestionStatus(StrEnum):
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    STANDARDISED = "standardised"
    ABANDONED = "abandoned"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def is_open_for_review(self) -> bool:
        return self in (SuggestionStatus.SUBMITTED, SuggestionStatus.UNDER_REVIEW)

    @property
    def is_closed(self) -> bool:
        return self in (
            SuggestionStatus.REJECTED,
            SuggestionStatus.STANDARDISED,
            SuggestionStatus.ABANDONED,
        )


class PdcaStage(StrEnum):
    PLAN = "plan"
    DO = "do"
    CHECK = "check"
    ACT = "act"
    DONE = "done"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def order(self) -> int:
        return list(PdcaStage).index(self)


class ActDecision(StrEnum):
    ADOPT = "adopt"
    ADAPT = "adapt"
    ABANDON = "abandon"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class SavingsKind(StrEnum):
    HARD = "hard"
    SOFT = "soft"
    AVOIDANCE = "avoidance"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class MetricDirection(StrEnum):
    LOWER_IS_BETTER = "lower"
    HIGHER_IS_BETTER = "higher"


class MeasurementPhase(StrEnum):
    BEFORE = "before"
    AFTER = "after"


class AreaKind(StrEnum):
    SITE = "site"
    DEPARTMENT = "department"
    LINE = "line"
