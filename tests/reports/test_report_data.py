"""The report's numbers against the plant of ``plant.py``, recomputed with plain sqlite3 and by
hand, and against scipy called directly for the verdicts."""

from __future__ import annotations

from datetime import datetime

import pytest
from backend import run_sql
from scipy import stats

from kaizen.domain.enums import PdcaStage, SavingsKind, SuggestionStatus
from kaizen.domain.errors import ValidationError
from kaizen.reports.data import build_monthly_report, last_month, month_bounds

from .plant import AFTER, BEFORE, MONTH


def sql(plant, query: str, *args):
    return run_sql(plant.db_url, query, *args)[0][0]


def test_months():
    assert month_bounds("2026-02") == (datetime(2026, 2, 1).date(), datetime(2026, 2, 28).date())
    assert month_bounds("2026-12")[1].isoformat() == "2026-12-31"
    assert last_month(datetime(2026, 1, 15).date()) == "2025-12"


def test_header(report):
    assert report.site_name == "Plant 1"
    assert report.currency == "EUR"
    assert report.area_name == "All areas"
    assert report.month_label == "October 2026"
    assert report.generated_at == datetime(2026, 11, 2, 9, 0)


def test_summary_against_sqlite(plant, report):
    oct_ideas = sql(plant, "SELECT count(*) FROM suggestions WHERE created_at >= '2026-10-01' "
                           "AND created_at < '2026-11-01'")
    sep_ideas = sql(plant, "SELECT count(*) FROM suggestions WHERE created_at >= '2026-09-01' "
                           "AND created_at < '2026-10-01'")
    ytd_ideas = sql(plant, "SELECT count(*) FROM suggestions WHERE created_at >= '2026-01-01' "
                           "AND created_at < '2026-11-01'")
    assert (oct_ideas, sep_ideas, ytd_ideas) == (5, 2, 9)  # ideas 1, 3, 4, 8, 9 in October
    row = report.figure("ideas_submitted")
    assert (row.month, row.previous, row.ytd, row.change) == (5, 2, 9, 3)

    saved = sql(plant, "SELECT sum(amount) FROM savings_entries WHERE month = '2026-10' "
                       "AND NOT is_forecast AND validated_at IS NOT NULL")
    ytd_saved = sql(plant, "SELECT sum(amount) FROM savings_entries WHERE month BETWEEN "
                           "'2026-01' AND '2026-10' AND NOT is_forecast AND validated_at IS NOT "
                           "NULL")
    assert saved == pytest.approx(1200 + 250.5 - 100)
    row = report.figure("validated_savings")
    assert row.month == pytest.approx(saved)
    assert row.previous == pytest.approx(1000.0)
    assert row.ytd == pytest.approx(ytd_saved) == pytest.approx(2350.5)

    # Decided in October: idea 1 standardised, idea 2 abandoned, idea 9 rejected.
    row = report.figure("implementation_rate")
    assert row.month == pytest.approx(1 / 3)
    assert row.previous == pytest.approx(1.0)  # idea 6 in September
    people = sql(plant, "SELECT count(*) FROM people WHERE active")
    assert report.figure("active_people").month == people == 5
    # Stan, Sam, Olga and Quinn submitted in October.
    assert report.figure("participation").month == pytest.approx(4 / 5)
    assert report.figure("median_days_to_done").month == pytest.approx(15 + 5 / 24)
    assert report.figure("stalled_cards").month == 1  # idea 7, 60 days in Do
    assert report.figure("overdue_actions").month == 0


def test_savings_series(plant, report):
    assert [m.month for m in report.savings] == [f"2026-{m:02d}" for m in range(1, 11)]
    october = report.savings[-1]
    assert october.by_kind[SavingsKind.HARD] == pytest.approx(1100.0)
    assert october.by_kind[SavingsKind.SOFT] == 0.0  # not validated
    assert october.by_kind[SavingsKind.AVOIDANCE] == pytest.approx(250.5)
    assert october.forecast == pytest.approx(500.0)
    assert report.savings[-2].actual == pytest.approx(1000.0)
    # The running total ends at the year to date of the summary.
    assert october.cumulative_actual == pytest.approx(report.figure("validated_savings").ytd)


def test_pareto(report):
    assert [(r.label, r.count, r.yearly_cost) for r in report.pareto] == [
        ("Waiting", 2, pytest.approx(3120.0)),
        ("Defects", 1, pytest.approx(2600.0)),
        ("Motion", 1, pytest.approx(1040.0)),
    ]
    assert report.pareto_total == pytest.approx(6760.0)
    assert report.pareto[0].share == pytest.approx(3120 / 6760)
    assert report.pareto[-1].cumulative_share == pytest.approx(1.0)


def test_completed_changes_with_independent_statistics(plant, report):
    assert [c.suggestion_id for c in report.changes] == [plant.ideas[1], plant.ideas[2]]
    shadow, bins = report.changes
    assert shadow.outcome is SuggestionStatus.STANDARDISED
    assert bins.outcome is SuggestionStatus.ABANDONED
    assert shadow.validated_savings == pytest.approx(250.5)
    assert shadow.days_to_done == pytest.approx(15 + 5 / 24)
    (result,) = shadow.metrics
    assert result.before.mean == pytest.approx(sum(BEFORE) / len(BEFORE))
    assert result.after.mean == pytest.approx(sum(AFTER) / len(AFTER))
    welch = stats.ttest_ind(BEFORE, AFTER, equal_var=False)
    assert result.comparison.test_name == "Welch's t-test"
    assert result.comparison.p_value == pytest.approx(welch.pvalue)
    assert result.comparison.improved
    expected_pct = (sum(BEFORE) - sum(AFTER)) / sum(BEFORE) * 100
    assert result.comparison.improvement_pct == pytest.approx(expected_pct)
    (few,) = bins.metrics
    # Two values a phase (issue 17): the verdict says the samples are too few, and how many.
    assert not few.comparison.significant and not few.comparison.improved
    assert few.comparison.verdict.startswith("Too few samples to tell: 2 before and 2 after.")
    assert "per phase are needed" in few.comparison.verdict


def test_board_at_month_end(plant, report):
    board = report.board
    assert board.moment == datetime(2026, 11, 1)
    assert board.counts == {PdcaStage.PLAN: 1, PdcaStage.DO: 1, PdcaStage.CHECK: 0,
                            PdcaStage.ACT: 0, PdcaStage.DONE: 2}
    (stalled,) = board.stalled
    assert stalled.suggestion_id == plant.ideas[7]
    assert stalled.stage is PdcaStage.DO
    assert stalled.days_in_stage == 61  # 1 September to 1 November
    assert board.stalled_counts[PdcaStage.DO] == 1


def test_people(plant, report):
    # Stan: ideas 1 and 3 in October (1 implemented), 6 in March; idea 10 is November's.
    # Olga: 8 in October, 2 and 5 in September. Quinn: 9 in October, 7 in August.
    assert [(c.name, c.ideas, c.implemented, c.ideas_ytd) for c in report.contributors] == [
        ("Stan Staff", 2, 1, 3),
        ("Olga Other", 1, 0, 3),
        ("Quinn", 1, 0, 2),
        ("Sam Supervisor", 1, 0, 1),
    ]
    by_name = {a.name: a for a in report.participation}
    assert [a.name for a in report.participation] == ["Plant 1", "Assembly", "Line 1",
                                                      "Logistics"]
    assert (by_name["Plant 1"].active_people, by_name["Plant 1"].participants,
            by_name["Plant 1"].ideas) == (5, 4, 5)
    assert (by_name["Line 1"].active_people, by_name["Line 1"].participants,
            by_name["Line 1"].ideas) == (2, 2, 2)
    assert (by_name["Assembly"].active_people, by_name["Assembly"].ideas) == (3, 3)
    assert (by_name["Logistics"].active_people, by_name["Logistics"].ideas) == (1, 2)


def test_ledger_is_the_year_to_date(plant, report):
    expected = sql(plant, "SELECT count(*) FROM savings_entries WHERE month BETWEEN '2026-01' "
                          "AND '2026-10'")
    assert len(report.ledger) == expected == 6
    total = sql(plant, "SELECT sum(amount) FROM savings_entries WHERE month BETWEEN '2026-01' "
                       "AND '2026-10'")
    assert sum(e.amount for e in report.ledger) == pytest.approx(total)
    correction = next(e for e in report.ledger if e.amount < 0)
    assert correction.corrects_id is not None
    assert correction.validated_by == "Sam Supervisor"


def test_one_area(plant):
    report = build_monthly_report(plant.services, MONTH, plant.areas["logistics"])
    assert report.area_name == "Plant 1 / Logistics"
    assert report.figure("ideas_submitted").month == 2  # ideas 8 and 9
    assert report.changes == []
    assert [e.title for e in report.ledger] == []
    assert [a.name for a in report.participation] == ["Logistics"]
    assert report.board.counts[PdcaStage.PLAN] == 1
    assert report.file_stem() == "kaizen-report-2026-10-logistics"


@pytest.mark.parametrize("month", ["2026-13", "26-10", "", "October"])
def test_bad_month(plant, month):
    with pytest.raises(ValidationError) as refused:
        build_monthly_report(plant.services, month)
    assert refused.value.field == "month"


def test_unknown_area(plant):
    with pytest.raises(ValidationError) as refused:
        build_monthly_report(plant.services, MONTH, 9999)
    assert refused.value.field == "area_id"
