"""The closed vocabularies of the domain: wastes, roles, statuses, PDCA stages and decisions.

Values are the strings stored in the database (checked by constraints there); labels are what
people read, in their language: each ``.label`` is looked up when it is read (the tables below are
only marked), so every caller shows it translated; ``.source_label`` is the English one, for code
that matches what a person typed against the names (an import file).
"""

from __future__ import annotations

from enum import StrEnum

from kaizen.i18n import QT_TRANSLATE_NOOP, translate


def _shown(text: str) -> str:
    """A label of the tables below (marked with QT_TRANSLATE_NOOP) in the language of the work."""
    return translate("domain.enums", text=text)


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
        return _shown(_WASTE_LABELS[self][0])

    @property
    def source_label(self) -> str:
        return _WASTE_LABELS[self][0]

    @property
    def help_text(self) -> str:
        return _shown(_WASTE_LABELS[self][1])


_WASTE_LABELS: dict[WasteCategory, tuple[str, str]] = {
    WasteCategory.TRANSPORT: (
        QT_TRANSLATE_NOOP("domain.enums", "Transport"),
        QT_TRANSLATE_NOOP(
            "domain.enums",
            "Moving materials, parts or information between places without adding value.",
        ),
    ),
    WasteCategory.INVENTORY: (
        QT_TRANSLATE_NOOP("domain.enums", "Inventory"),
        QT_TRANSLATE_NOOP(
            "domain.enums",
            "More material, work in progress or supplies than the next step needs right now.",
        ),
    ),
    WasteCategory.MOTION: (
        QT_TRANSLATE_NOOP("domain.enums", "Motion"),
        QT_TRANSLATE_NOOP(
            "domain.enums",
            "People walking, reaching, bending or searching more than the work needs.",
        ),
    ),
    WasteCategory.WAITING: (
        QT_TRANSLATE_NOOP("domain.enums", "Waiting"),
        QT_TRANSLATE_NOOP(
            "domain.enums",
            "People, machines or patients idle while they wait for the previous step.",
        ),
    ),
    WasteCategory.OVERPRODUCTION: (
        QT_TRANSLATE_NOOP("domain.enums", "Overproduction"),
        QT_TRANSLATE_NOOP(
            "domain.enums",
            "Making more, or sooner, than the customer or the next step asked for.",
        ),
    ),
    WasteCategory.OVER_PROCESSING: (
        QT_TRANSLATE_NOOP("domain.enums", "Over-processing"),
        QT_TRANSLATE_NOOP(
            "domain.enums",
            "Doing more work, checks or approvals than the customer values.",
        ),
    ),
    WasteCategory.DEFECTS: (
        QT_TRANSLATE_NOOP("domain.enums", "Defects"),
        QT_TRANSLATE_NOOP(
            "domain.enums",
            "Errors, scrap and rework: anything done twice because it was not right first time.",
        ),
    ),
}


_ROLE_LABELS: dict[str, str] = {
    "staff": QT_TRANSLATE_NOOP("domain.enums", "Staff"),
    "supervisor": QT_TRANSLATE_NOOP("domain.enums", "Supervisor"),
    "admin": QT_TRANSLATE_NOOP("domain.enums", "Admin"),
}


class Role(StrEnum):
    STAFF = "staff"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return _shown(_ROLE_LABELS[self.value])

    @property
    def source_label(self) -> str:
        return _ROLE_LABELS[self.value]

    @property
    def needs_pin(self) -> bool:
        """Supervisors and admins confirm who they are with a PIN on a shared PC."""
        return self is not Role.STAFF


_STATUS_LABELS: dict[str, str] = {
    "submitted": QT_TRANSLATE_NOOP("domain.enums", "Submitted"),
    "under_review": QT_TRANSLATE_NOOP("domain.enums", "Under review"),
    "accepted": QT_TRANSLATE_NOOP("domain.enums", "Accepted"),
    "rejected": QT_TRANSLATE_NOOP("domain.enums", "Rejected"),
    "standardised": QT_TRANSLATE_NOOP("domain.enums", "Standardised"),
    "abandoned": QT_TRANSLATE_NOOP("domain.enums", "Abandoned"),
}


class SuggestionStatus(StrEnum):
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    STANDARDISED = "standardised"
    ABANDONED = "abandoned"

    @property
    def label(self) -> str:
        return _shown(_STATUS_LABELS[self.value])

    @property
    def source_label(self) -> str:
        return _STATUS_LABELS[self.value]

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


_STAGE_LABELS: dict[str, str] = {
    "plan": QT_TRANSLATE_NOOP("domain.enums", "Plan"),
    "do": QT_TRANSLATE_NOOP("domain.enums", "Do"),
    "check": QT_TRANSLATE_NOOP("domain.enums", "Check"),
    "act": QT_TRANSLATE_NOOP("domain.enums", "Act"),
    "done": QT_TRANSLATE_NOOP("domain.enums", "Done"),
}


class PdcaStage(StrEnum):
    PLAN = "plan"
    DO = "do"
    CHECK = "check"
    ACT = "act"
    DONE = "done"

    @property
    def label(self) -> str:
        return _shown(_STAGE_LABELS[self.value])

    @property
    def source_label(self) -> str:
        return _STAGE_LABELS[self.value]

    @property
    def order(self) -> int:
        return list(PdcaStage).index(self)


_DECISION_LABELS: dict[str, str] = {
    "adopt": QT_TRANSLATE_NOOP("domain.enums", "Adopt"),
    "adapt": QT_TRANSLATE_NOOP("domain.enums", "Adapt"),
    "abandon": QT_TRANSLATE_NOOP("domain.enums", "Abandon"),
}


class ActDecision(StrEnum):
    ADOPT = "adopt"
    ADAPT = "adapt"
    ABANDON = "abandon"

    @property
    def label(self) -> str:
        return _shown(_DECISION_LABELS[self.value])

    @property
    def source_label(self) -> str:
        return _DECISION_LABELS[self.value]


_SAVINGS_LABELS: dict[str, str] = {
    "hard": QT_TRANSLATE_NOOP("domain.enums", "Hard"),
    "soft": QT_TRANSLATE_NOOP("domain.enums", "Soft"),
    "avoidance": QT_TRANSLATE_NOOP("domain.enums", "Avoidance"),
}


class SavingsKind(StrEnum):
    HARD = "hard"
    SOFT = "soft"
    AVOIDANCE = "avoidance"

    @property
    def label(self) -> str:
        return _shown(_SAVINGS_LABELS[self.value])

    @property
    def source_label(self) -> str:
        return _SAVINGS_LABELS[self.value]


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
