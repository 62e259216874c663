"""The demo template (issue 16, "First start"): the generator's plant moved to today, whole.

The template is loaded for days far from the one it was made for; every rule the services
enforced must still hold in the moved rows: the audit hash chain (docs/data-safety.md, issue 14)
verifies and ``kaizen db check`` passes, the calendar keeps its working days, and each savings
entry still follows the month it reports. That the template is the generator's output at all is
tests/test_demo.py::test_the_shipped_template_is_the_generators_plant.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
from backend import run_sql

from kaizen.cli import main
from kaizen.db.audit_chain import verify_chain
from kaizen.db.engine import Database
from kaizen.demo import template
from kaizen.demo.generator import DemoRefused, build_demo

# A Tuesday in another year and month than the template's reference day, at 10:15.
NOW = datetime(2028, 3, 7, 10, 15)


@pytest.fixture(scope="module")
def moved(databases, template_url: str) -> Iterator[str]:
    url = databases.copy(template_url)
    db = Database(url)
    template.load_template(db, now=NOW)
    db.dispose()
    yield url
    databases.drop(url)


def _one(url: str, sql: str) -> object:
    return run_sql(url, sql)[0][0]


def _time(value: object) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def test_the_moved_plant_passes_kaizen_db_check(moved: str,
                                                capsys: pytest.CaptureFixture) -> None:
    assert main(["--db", moved, "db", "check"]) == 0, capsys.readouterr().out


def test_the_audit_chain_is_computed_again_over_the_moved_times(moved: str) -> None:
    db = Database(moved)
    try:
        with db.read() as s:
            report = verify_chain(s.connection())
    finally:
        db.dispose()
    assert report.ok, report.describe()
    assert report.events == _one(moved, "SELECT count(*) FROM audit_events") > 5000


def test_the_plant_ends_in_the_last_two_weeks_before_now(moved: str) -> None:
    last = _time(_one(moved, "SELECT max(at) FROM audit_events"))
    assert NOW - timedelta(days=14) < last <= NOW
    newest_idea = _time(_one(moved, "SELECT max(created_at) FROM suggestions"))
    assert newest_idea > NOW - timedelta(days=30)


def test_every_event_stays_on_a_working_day_in_working_hours(moved: str) -> None:
    times = [_time(r[0]) for r in run_sql(moved, "SELECT at FROM audit_events")]
    assert times and all(t.weekday() < 5 for t in times)
    assert all(7 <= t.hour <= 16 for t in times)


def test_savings_entries_follow_the_month_they_report(moved: str) -> None:
    rows = run_sql(moved, "SELECT month, created_at, is_forecast FROM savings_entries")
    actuals = [(m, _time(c)) for m, c, f in rows if not f]
    forecasts = [(m, _time(c)) for m, c, f in rows if f]
    assert len(actuals) > 500 and len(forecasts) > 100
    assert all(month < created.strftime("%Y-%m") for month, created in actuals)
    assert all(month > created.strftime("%Y-%m") for month, created in forecasts)
    # One actual per idea and month, as the generator recorded them.
    per_month = run_sql(moved, "SELECT suggestion_id, month, count(*) FROM savings_entries "
                               "WHERE NOT is_forecast GROUP BY suggestion_id, month "
                               "HAVING count(*) > 1")
    assert per_month == []


def test_stage_histories_keep_their_order(moved: str) -> None:
    """Each cycle's moves are in time order and end where the cycle stands."""
    rows = run_sql(moved, "SELECT cycle_id, at, id FROM stage_changes ORDER BY cycle_id, id")
    previous: dict[int, datetime] = {}
    for cycle, at, _id in rows:
        at = _time(at)
        assert at >= previous.get(cycle, at)
        previous[cycle] = at
    assert _one(moved, """
        SELECT count(*) FROM pdca_cycles c
        WHERE c.stage != (SELECT to_stage FROM stage_changes s WHERE s.cycle_id = c.id
                          ORDER BY s.id DESC LIMIT 1)""") == 0


def test_a_shift_is_found_for_every_day_of_three_years() -> None:
    """Whole weeks, ending at most two weeks before now, every savings month in its place."""
    tables = template.read_template()["tables"]
    entries = template.savings_entries(tables)
    last = max(datetime.fromisoformat(t) for t in tables["audit_events"]["at"])
    day = datetime(2027, 1, 1, 9, 0)
    gaps = []
    for _ in range(3 * 365):
        shift = template.plan_shift(last, entries, day)
        moved_last = last + timedelta(days=shift.days)
        assert shift.days % 7 == 0 and moved_last <= day
        gaps.append((day - moved_last).days)
        mapped = [shift.month(m) for m in sorted(shift.months)]
        assert mapped == sorted(set(mapped)), day
        day += timedelta(days=1)
    assert max(gaps) <= 14, max(gaps)


def test_the_demo_is_not_loaded_over_people(moved: str) -> None:
    db = Database(moved)
    try:
        with pytest.raises(DemoRefused):
            build_demo(db, today=date(2028, 3, 7))
    finally:
        db.dispose()


def test_the_audit_texts_move_as_their_parsed_values_do() -> None:
    """The loader moves the audit events' JSON as text (one regex pass, no parse per value);
    each moved text must be exactly the text of the value Shift.json moves, in the column's key
    order and in the audit chain's canonical form (docs/data-safety.md)."""
    import json

    tables = template.read_template()["tables"]
    audit = tables["audit_events"]
    shift = template.plan_shift(max(datetime.fromisoformat(t) for t in audit["at"]),
                                template.savings_entries(tables), NOW)
    assert shift.days > 0
    moved = 0
    for name in ("before", "after"):
        for text, canonical in zip(audit[name], audit[name + "_canonical"], strict=True):
            if text is None:
                continue
            value = shift.json(json.loads(text))
            assert template.moved_json_text(text, shift) == template.compact_json(value)
            hashed = template.moved_json_text(canonical or text, shift)
            assert hashed == template.canonical_json(value)
            moved += hashed != (canonical or text)
    assert moved > 3000  # dates, times and months were there to move


def test_a_moved_text_never_touches_keys_or_dates_inside_longer_strings() -> None:
    shift = template.Shift(7, {"2026-01": "2026-02"})
    text = ('{"2026-01-05":"2026-01-05","note":"due \\"2026-01-05\\" x:\\"2026-01-05",'
            '"month":"2026-01","first_ns":5,"at":["2026-01-05T10:00:00.5"],"n_ns":1.5}')
    assert template.moved_json_text(text, shift) == (
        '{"2026-01-05":"2026-01-12","note":"due \\"2026-01-05\\" x:\\"2026-01-05",'
        f'"month":"2026-02","first_ns":{5 + 7 * 86_400 * 10**9},'
        '"at":["2026-01-12T10:00:00.500000"],"n_ns":1.5}')
