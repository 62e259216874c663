"""Recognition (issue 22): ideas implemented and savings per person and per area, the "thank
you" section of the monthly report, and the site setting that turns it off. Figures worked by
hand below; the rule (submitter and owner each credited once, validated actuals of the period's
months) is the module docstring's, from the issue's text."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import load_workbook
from pdca_factories import make_person, make_suggestion, make_world
from pypdf import PdfReader

from kaizen.db.engine import Database
from kaizen.db.models import Area, SavingsEntry, Suggestion
from kaizen.domain.enums import AreaKind, Role, SavingsKind, SuggestionStatus
from kaizen.domain.errors import ValidationError
from kaizen.services import Services
from kaizen.services.analytics import DashboardFilter

NOV = DashboardFilter(date(2026, 11, 1), date(2026, 11, 30))


def _done(db: Database, world, *, title: str, submitter: int, owner: int | None,
          area_id: int, closed: datetime, savings: list[tuple[str, float, bool]]) -> int:
    idea, _ = make_suggestion(db, submitter_id=submitter, area_id=area_id, at=closed,
                              title=title, status=SuggestionStatus.STANDARDISED, with_cycle=False)
    with db.write() as s:
        row = s.get(Suggestion, idea)
        row.owner_id, row.closed_at = owner, closed
        for month, amount, validated in savings:
            s.add(SavingsEntry(suggestion_id=idea, month=month, amount=amount,
                               kind=SavingsKind.HARD, is_forecast=False, note="",
                               created_by_id=world.supervisor_id, created_at=closed,
                               validated_by_id=world.admin_id if validated else None,
                               validated_at=closed if validated else None))
    return idea


@pytest.fixture
def services(db: Database, clock, tmp_path) -> Services:
    return Services.create(db, clock, attachments_dir=tmp_path / "photos")


@pytest.fixture
def plant(db: Database, clock):
    world = make_world(db, clock())
    with db.write() as s:
        paint = Area(name="Paint shop", kind=AreaKind.DEPARTMENT)
        s.add(paint)
        s.flush()
        paint_id = paint.id
    ana = make_person(db, "Ana Silva", Role.STAFF, clock(), world.area_id)
    first = _done(db, world, title="Shadow board for the dies", submitter=ana,
                  owner=world.supervisor_id, area_id=world.area_id,
                  closed=datetime(2026, 11, 5, 10),
                  savings=[("2026-11", 400.0, True), ("2026-11", 50.0, False),
                           ("2026-10", 999.0, True)])
    second = _done(db, world, title="Kanban for gloves", submitter=ana, owner=ana,
                   area_id=paint_id, closed=datetime(2026, 11, 20, 10),
                   savings=[("2026-11", 100.0, True)])
    _done(db, world, title="Closed in October", submitter=ana, owner=None,
          area_id=world.area_id, closed=datetime(2026, 10, 30, 10), savings=[])
    return world, ana, first, second, paint_id


def test_per_person_and_per_area(services: Services, plant) -> None:
    world, ana, first, second, paint_id = plant
    read = services.recognition.read(NOV)
    assert read.enabled
    assert [(t.suggestion_id, t.names, t.savings) for t in read.thanks] == [
        (first, "Ana Silva (suggested) and Sam Supervisor (implemented)", 400.0),
        (second, "Ana Silva", 100.0)]
    # Ana: both ideas (400 + 100); Sam: the one he carried through (400). October's is out.
    assert [(p.name, p.implemented, p.savings) for p in read.people] == [
        ("Ana Silva", 2, 500.0), ("Sam Supervisor", 1, 400.0)]
    assert [(a.name, a.implemented, a.savings) for a in read.areas] == [
        ("Press shop", 1, 400.0), ("Paint shop", 1, 100.0)]
    only_paint = services.recognition.read(DashboardFilter(NOV.period_start, NOV.period_end,
                                                           paint_id))
    assert [t.suggestion_id for t in only_paint.thanks] == [second]
    with pytest.raises(ValidationError) as err:
        services.recognition.read(DashboardFilter(date(2026, 12, 1), date(2026, 11, 1)))
    assert err.value.field == "period_end"


def test_a_site_setting_turns_it_off(services: Services, plant) -> None:
    world = plant[0]
    services.people.update_settings(world.admin_id, recognition=False)
    read = services.recognition.read(NOV)
    assert not read.enabled and read.thanks == [] and read.people == [] and read.areas == []


def test_the_monthly_report_thanks_by_name_in_pdf_xlsx_and_csv(services: Services, plant,
                                                               tmp_path) -> None:
    from kaizen.reports.csv_export import write_csv
    from kaizen.reports.data import build_monthly_report
    from kaizen.reports.pdf import write_pdf
    from kaizen.reports.xlsx import write_xlsx

    world = plant[0]
    report = build_monthly_report(services, "2026-11")
    assert report.recognition is not None
    write_pdf(report, tmp_path / "r.pdf")
    pages = PdfReader(tmp_path / "r.pdf").pages
    text = " ".join(" ".join(p.extract_text().split()) for p in pages)
    assert "Thank you" in text
    assert "Ana Silva (suggested) and Sam Supervisor (implemented)" in text
    write_xlsx(report, tmp_path / "r.xlsx")
    sheet = load_workbook(tmp_path / "r.xlsx")["Thank you"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert [values[2][1], values[2][4], values[2][5], values[2][6]] == [
        "Kanban for gloves", "Ana Silva", "Ana Silva", 100]
    write_csv(report, tmp_path / "r.zip")
    with zipfile.ZipFile(tmp_path / "r.zip") as archive:
        name = next(n for n in archive.namelist() if n.endswith("thank-you.csv"))
        csv_text = io.TextIOWrapper(archive.open(name), encoding="utf-8-sig").read()
    assert "Shadow board for the dies" in csv_text and "Sam Supervisor" in csv_text

    # Turned off: no section anywhere.
    services.people.update_settings(world.admin_id, recognition=False)
    report = build_monthly_report(services, "2026-11")
    assert report.recognition is None
    write_pdf(report, tmp_path / "off.pdf")
    text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "off.pdf").pages)
    assert "Thank you" not in text
    write_xlsx(report, tmp_path / "off.xlsx")
    assert "Thank you" not in load_workbook(tmp_path / "off.xlsx").sheetnames
    write_csv(report, tmp_path / "off.zip")
    assert not any(n.endswith("thank-you.csv")
                   for n in zipfile.ZipFile(tmp_path / "off.zip").namelist())
