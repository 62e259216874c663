"""Issue 22: the domain's labels and refusals are looked up when they are read, so every caller
shows them in the language of the work; the English source stays available for matching what
a person typed. Checked with the pseudo-language of kaizen.i18n, which wraps every marked text
in brackets (no catalogue needed): a label that is not translated at call time comes back bare.
"""

from __future__ import annotations

import pytest

from kaizen.domain.enums import (
    ActDecision,
    PdcaStage,
    Role,
    SavingsKind,
    SuggestionStatus,
    WasteCategory,
)
from kaizen.domain.errors import DiskFull, PermissionDenied
from kaizen.domain.kpis import KpiKind
from kaizen.domain.permissions import Action, require
from kaizen.domain.spc_rules import RULE_SETS, check
from kaizen.i18n import PSEUDO, PSEUDO_CLOSE, PSEUDO_OPEN, using

LABELLED = [*WasteCategory, *Role, *SuggestionStatus, *PdcaStage, *ActDecision, *SavingsKind,
            *KpiKind]


@pytest.mark.parametrize("member", LABELLED, ids=lambda m: f"{type(m).__name__}.{m.name}")
def test_a_label_is_translated_when_read_and_its_source_stays_english(member) -> None:
    english = member.label
    assert english == member.source_label
    with using(PSEUDO):
        assert member.label == f"{PSEUDO_OPEN}{english}{PSEUDO_CLOSE}"
        assert member.source_label == english  # for import files and other matching


def test_the_english_labels_are_unchanged() -> None:
    assert [w.label for w in WasteCategory] == [
        "Transport", "Inventory", "Motion", "Waiting", "Overproduction", "Over-processing",
        "Defects"]
    assert SuggestionStatus.UNDER_REVIEW.label == "Under review"
    assert KpiKind.CUSTOMER_SATISFACTION.label == "Customer satisfaction"
    assert [s.label for s in PdcaStage] == ["Plan", "Do", "Check", "Act", "Done"]


def test_a_refusal_is_written_in_the_language_of_the_moment_it_is_raised() -> None:
    with pytest.raises(PermissionDenied) as english:
        require(Role.STAFF, Action.RECORD_SAVINGS)
    assert english.value.message == "A staff may not record savings."
    with using(PSEUDO), pytest.raises(PermissionDenied) as shown:
        require(Role.STAFF, Action.RECORD_SAVINGS)
    # The sentence and the action inside it are both translated.
    assert shown.value.message == (f"{PSEUDO_OPEN}A staff may not "
                                   f"{PSEUDO_OPEN}record savings{PSEUDO_CLOSE}.{PSEUDO_CLOSE}")
    with using(PSEUDO):
        assert DiskFull().message.startswith(PSEUDO_OPEN)
    assert DiskFull().message.startswith("The disk is full")


def test_a_signal_keeps_english_words_in_its_data_and_shows_them_translated() -> None:
    from kaizen.domain.spc import individuals

    chart = individuals([10, 10.2, 9.9, 10.1, 10, 30.0])  # one point far out
    signal = check(chart, RULE_SETS[0])[0]
    assert signal.description == "1 point beyond the 3-sigma limits"
    with using(PSEUDO):
        assert signal.shown_description == f"{PSEUDO_OPEN}{signal.description}{PSEUDO_CLOSE}"


def test_an_import_file_names_a_waste_in_english_whatever_the_language() -> None:
    from kaizen.services.bulk_import import _waste

    with using(PSEUDO):
        # The shown label is translated; the file's English name (a contract) still matches.
        assert WasteCategory.OVER_PROCESSING.label != "Over-processing"
        assert _waste("Over-processing", "waste") is WasteCategory.OVER_PROCESSING
        assert _waste("over_processing", "waste") is WasteCategory.OVER_PROCESSING
        assert _waste(WasteCategory.WAITING.label, "waste") is WasteCategory.WAITING
    with pytest.raises(ValueError, match="not one of the seven wastes"):
        _waste("Idling", "waste")
