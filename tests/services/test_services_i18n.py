"""Issue 22 ("Languages"): the words the services and the database layer give people are marked.

Run in the tests' pseudo-language (kaizen.i18n.PSEUDO), every marked text comes back between
⟦ and ⟧; a text still built from a bare f-string shows without them, and these tests fail.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from kaizen.db.backup import BackupSummary, describe_age
from kaizen.db.recovery import RecoveryOffer
from kaizen.domain.errors import PermissionDenied, ValidationError
from kaizen.i18n import PSEUDO, PSEUDO_CLOSE, PSEUDO_OPEN, using
from kaizen.services.bulk_import import ImportRefused, RefusedLine
from kaizen.services.csv_table import read_table
from kaizen.services.inbox import InboxKind
from kaizen.services.kpis import NEW_BOTTLENECK, NOT_HOLDING, status_label

from .factories import make_site


def marked(text: str) -> bool:
    return text.startswith(PSEUDO_OPEN) and PSEUDO_CLOSE in text


@pytest.mark.parametrize("data", [b"", b"a,b\n1,2\n", b"x\n1\n", b"x,y\n"])
def test_csv_refusals_are_marked(data):
    with using(PSEUDO), pytest.raises(ValidationError) as refusal:
        read_table(data, ["x", "y"], [])
    assert marked(refusal.value.message), refusal.value.message
    assert refusal.value.field == "file"  # the field is a key, never translated


def test_an_import_refusal_and_its_lines_are_marked():
    with using(PSEUDO):
        refused = ImportRefused([RefusedLine(3, "why")])
        line = refused.refused[0].describe()
    assert marked(refused.message) and "1" in refused.message
    assert marked(line) and "3" in line and "why" in line


def test_wrong_pin_refusal_is_marked(db, clock):
    site = make_site(db, clock)
    with using(PSEUDO), pytest.raises(PermissionDenied) as refusal:
        site.people.authenticate(site.supervisor_id, "0000")
    assert marked(refusal.value.message), refusal.value.message


def test_inbox_kinds_are_marked_and_english_is_unchanged():
    with using(PSEUDO):
        assert all(marked(kind.label) for kind in InboxKind)
    assert InboxKind.REVIEW.label == "Ideas to review"


def test_backup_preview_and_recovery_words_are_marked():
    summary = BackupSummary(path=Path("kaizen.db.bak"), taken_at=datetime(2026, 3, 1, 9, 30),
                            size_bytes=2_097_152, ok=True, revision="0013", people=1200,
                            ideas=5, observations=0, cycles=2)
    offer = RecoveryOffer(Path("kaizen.db"), Path("kaizen.db.damaged"), ("bad page",), summary)
    with using(PSEUDO):
        preview = summary.describe().splitlines()
        message = offer.message().splitlines()
        age = describe_age(datetime(2026, 3, 1), datetime(2026, 3, 1) + timedelta(hours=3))
    assert all(marked(line) for line in preview), preview
    assert all(marked(line) for line in message), message
    assert marked(age)
    # English, the source language, reads as it always did (numbers with its separators).
    assert "People: 1,200" in summary.describe().splitlines()
    assert describe_age(datetime(2026, 3, 1), datetime(2026, 3, 1, 3)) == "3 hours ago"


def test_kpi_status_words_are_marked_and_read_as_before_in_english():
    statuses = ["holding", NOT_HOLDING, NEW_BOTTLENECK, "signal", "no change yet",
                "too few points"]
    # The reports wrote status.capitalize(); the words for people must stay exactly those.
    assert [status_label(s) for s in statuses] == [s.capitalize() for s in statuses]
    with using(PSEUDO):
        assert all(marked(status_label(s)) for s in statuses)
