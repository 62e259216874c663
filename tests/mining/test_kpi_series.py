"""KPI points from an event log, per week or month.

Sources: the running example's case durations are pm4py 2.7.23.11's (reference.json: median
815,940 s; all six cases end in January 2011), and its rework is van der Aalst's table 1.1
(*Process Mining*, 2nd ed.): cases 3 and 5 reinitiate and repeat activities, 2 of 6. The
weekly figures of the hand-made log are worked out in the comments.
"""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from kaizen.domain.errors import ValidationError
from kaizen.mining.kpi_series import kpi_points
from kaizen.mining.log import EventLog
from kaizen.mining.xes_reader import read_xes
from tests.mining.reference import LOGS, REFERENCE

H = 3600 * 1_000_000_000


def at(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp()) * 1_000_000_000


def test_running_example_per_month_equals_pm4py_and_the_textbook() -> None:
    log = read_xes(LOGS / "running-example.xes")
    ref = REFERENCE["logs"]["running-example.xes"]["all"]["case_duration_s"]
    (lead,) = kpi_points(log, "lead_time", "month")
    assert lead.at == datetime(2011, 1, 1, tzinfo=UTC) and lead.cases == 6
    assert lead.value == pytest.approx(ref["median"] / 3600)
    (rework,) = kpi_points(log, "rework_rate", "month")
    assert rework.value == pytest.approx(100 * 2 / 6)
    (cases,) = kpi_points(log, "cases", "month")
    assert cases.value == 6


def test_weekly_points_of_a_hand_made_log() -> None:
    # Monday 2024-01-01 and Monday 2024-01-08 start the two ISO weeks.
    # Case A: Mon 01 09:00 -> Mon 01 11:00 (2 h), B: Tue 02 09:00 -> Tue 02 15:00 (6 h), with a
    # repeat of "x"; C: Fri 05 09:00 -> Mon 08 09:00 (72 h), ends in the second week;
    # D: Wed 10 09:00 -> Wed 10 10:00 (1 h).
    rows = [("A", "x", "2024-01-01T09:00"), ("A", "y", "2024-01-01T11:00"),
            ("B", "x", "2024-01-02T09:00"), ("B", "x", "2024-01-02T12:00"),
            ("B", "y", "2024-01-02T15:00"),
            ("C", "x", "2024-01-05T09:00"), ("C", "y", "2024-01-08T09:00"),
            ("D", "x", "2024-01-10T09:00"), ("D", "y", "2024-01-10T10:00")]
    cases, acts = ["A", "B", "C", "D"], ["x", "y"]
    log = EventLog.from_columns(np.array([cases.index(c) for c, _, _ in rows]),
                                np.array([acts.index(a) for _, a, _ in rows]),
                                np.array([at(t) for _, _, t in rows]), None, None, cases, acts)
    lead = kpi_points(log, "lead_time", "week")
    assert [(p.at.day, p.value, p.cases) for p in lead] == [(1, 4.0, 2), (8, 36.5, 2)]
    rework = kpi_points(log, "rework_rate", "week")
    assert [p.value for p in rework] == [50.0, 0.0]
    # Throughput per day over the part of each week the log spans: week 1 from Mon 09:00 to
    # Mon 08 00:00 = 6.625 days, 2 cases; week 2 from Mon 08 00:00 to Wed 10 10:00 = 2.4167 d.
    through = kpi_points(log, "throughput", "week")
    assert through[0].value == pytest.approx(2 / 6.625)
    assert through[1].value == pytest.approx(2 / (2 + 10 / 24))
    monthly = kpi_points(log, "cases", "month")
    assert [(p.at, p.value) for p in monthly] == [(datetime(2024, 1, 1, tzinfo=UTC), 4.0)]


def test_bad_choices_name_the_field() -> None:
    log = read_xes(LOGS / "running-example.xes")
    with pytest.raises(ValidationError) as bad:
        kpi_points(log, "speed", "month")
    assert bad.value.field == "measure"
    with pytest.raises(ValidationError) as bad:
        kpi_points(log, "cases", "day")
    assert bad.value.field == "period"
