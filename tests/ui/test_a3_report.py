"""The A3 report of a change (issue 16): one printable landscape page holding the background,
the current condition, the 5 whys and root cause, the countermeasures, the plan, the results
(the before/after chart and the statistical verdict) and the follow-up, all from the PDCA data.
The A3's sections and their order follow John Shook, *Managing to Learn* (Lean Enterprise
Institute, 2008). The PDF's text is read back with pypdf; the button on the card's detail and
``kaizen a3`` both write it."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from kaizen.cli import main
from kaizen.domain.enums import ActDecision
from kaizen.reports.a3 import NOT_YET, build_a3, export_a3
from kaizen.reports.a3_pdf import a3_pdf_bytes
from kaizen.services import Services
from ui.helpers import Team
from ui.test_board_detail import open_detail
from ui.test_pdca_board import World, build_world

SECTIONS = ["1. Background", "2. Current condition", "3. Root cause: 5 whys",
            "4. Countermeasures", "5. Plan", "6. Results", "7. Follow-up"]


@pytest.fixture
def world(services: Services, team: Team, clock) -> World:
    return build_world(services, team, clock)


def pdf_text(path: Path) -> tuple[int, str, tuple[float, float]]:
    reader = PdfReader(path)
    box = reader.pages[0].mediabox
    return len(reader.pages), reader.pages[0].extract_text(), (float(box.width),
                                                               float(box.height))


def test_the_a3_holds_every_section_from_the_pdca_data(services: Services, team: Team,
                                                       world: World, tmp_path: Path) -> None:
    sup = team.supervisor.id
    services.pdca.update_plan(
        sup, world.acting, problem_statement="Press tools take 6 minutes to find.",
        why_chain=["Tools lie in a drawer.", "Nobody knows where each goes.",
                   "There is no place marked for each."],
        root_cause="No visual home for each tool.", target_metric="Walking (m)",
        target_from=20.0, target_to=2.0, target_by=None,
        countermeasure="A shadow board at the press.",
    )
    services.pdca.record_check(sup, world.acting, "Walking fell from 20 m to 3 m.")
    services.pdca.decide(sup, world.acting, decision=ActDecision.ADOPT,
                         standard_change="Standard work sheet 12 updated.")

    report = build_a3(services, world.acting)
    assert report.whys == ["Tools lie in a drawer.", "Nobody knows where each goes.",
                           "There is no place marked for each."]
    assert [r.name for r in report.results] == ["Walking"]
    assert report.results[0].before == [20, 22, 19] and report.results[0].after == [3, 2, 4]

    target = tmp_path / "a3.pdf"
    path = export_a3(services, world.acting, target)
    pages, text, (width, height) = pdf_text(path)
    assert pages == 1
    assert width > height  # landscape
    assert round(width) == 1191 and round(height) == 842  # A3
    positions = [text.index(section) for section in SECTIONS]
    assert positions == sorted(positions[:3]) + sorted(positions[3:])  # each column in order
    for words in ("Shadow board for the press tools", "Operators walk to fetch parts.",
                  "Press tools take 6 minutes to find.", "Nobody knows where each goes.",
                  "No visual home for each tool.", "A shadow board at the press.",
                  "Build the board", "Target: Walking (m) from 20.00 to 2.00",
                  "Walking fell from 20 m to 3 m.", report.results[0].verdict.split(" (")[0],
                  "Decision: Adopt.", "Standard work sheet 12 updated."):
        assert " ".join(words.split()) in " ".join(text.split()), words


def test_an_empty_cycle_says_what_is_missing_and_escapes_markup(
        services: Services, team: Team, world: World) -> None:
    report = build_a3(services, world.empty)
    # Nothing typed in the cycle, yet its plan starts with the idea's "what is wrong now"
    # (issue 16: work is typed once), so the current condition is the idea's.
    assert report.current_condition == ["Operators walk to fetch parts."]
    assert NOT_YET not in report.current_condition
    assert report.results == [] and report.actions == []
    text = PdfReader(io.BytesIO(a3_pdf_bytes(report))).pages[0].extract_text()
    assert "No whys asked yet." in text and "No actions planned yet." in text
    assert "No measurements recorded yet" in text
    # User text with reportlab markup is shown as typed.
    tricky = dataclasses.replace(report, root_cause="<b>bold</b> & <i>")
    text = PdfReader(io.BytesIO(a3_pdf_bytes(tricky))).pages[0].extract_text()
    assert "<b>bold</b> & <i>" in text


def test_the_button_on_the_cards_detail_writes_it(qtbot, services: Services, team: Team,
                                                  world: World, tmp_path: Path,
                                                  monkeypatch) -> None:
    dialog = open_detail(qtbot, services, world.checking, team.supervisor)
    target = tmp_path / "check.pdf"
    monkeypatch.setattr(dialog.a3, "choose_path", lambda: target)
    with qtbot.waitSignal(dialog.a3.exported, timeout=20_000):
        qtbot.mouseClick(dialog.a3.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.a3.task is None)
    assert dialog.message_bar.text == f"A3 report written to {target}"
    pages, text, _size = pdf_text(target)
    assert pages == 1 and "Kanban card for gloves" in text


def test_the_cli_writes_it_and_refuses_in_words(services: Services, team: Team, world: World,
                                                tmp_path: Path, db_url: str, monkeypatch,
                                                capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setenv("KAIZEN_DB_URL", db_url)
    target = tmp_path / "cli.pdf"
    assert main(["a3", str(world.checking), "--out", str(target)]) == 0
    assert f"written to {target}" in capsys.readouterr().out
    assert "Kanban card for gloves" in pdf_text(target)[1]
    missing = tmp_path / "none.pdf"
    assert main(["a3", "99999", "--out", str(missing)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "99999" in err and not missing.exists()


def test_long_texts_shrink_into_their_box_on_one_page(services: Services, team: Team,
                                                      world: World) -> None:
    from kaizen.reports.a3 import A3Action

    report = build_a3(services, world.acting)
    long = dataclasses.replace(
        report,
        background=["Operators walk to the far rack for every kit. " * 40],
        whys=[f"Why {n}: because the step before it is not standardised yet." for n in
              range(1, 6)],
        actions=[A3Action(f"Action number {n} of the trial", "Sam Supervisor", None, n % 2 == 0)
                 for n in range(1, 26)],
    )
    reader = PdfReader(io.BytesIO(a3_pdf_bytes(long)))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    # Nothing dropped: the last action and the last why are on the page, shrunk to fit.
    assert "Action number 25 of the trial" in text
    assert "Why 5: because the step before it is not standardised yet." in text
