"""Revision 0012 (a metric's chart kind and p/u sample size): up from 0011 with a metric already
there (it gets "automatic" and no sample size), down again keeping it, and up once more, on
SQLite and PostgreSQL."""

from __future__ import annotations

from migration_cycle import all_or_none, columns, count, insert, up_down_up
from sqlalchemy import text

from kaizen.db.engine import Database

COLUMNS = {"chart_kind", "sample_size"}


def _has_chart_kind(db: Database) -> bool:
    return all_or_none(COLUMNS, columns(db, "metrics"))


def _a_metric(db: Database) -> None:
    with db.engine.begin() as conn:
        insert(conn, "areas", "people", "suggestions", "metrics")


def _automatic_without_a_sample_size(db: Database) -> None:
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT chart_kind, sample_size FROM metrics")).one() == (
            None, None)


def _the_metric_stays(db: Database) -> None:
    assert count(db, "metrics") == 1


def test_0012_up_down_up(fresh: Database) -> None:
    up_down_up(fresh, "0012", _has_chart_kind, seed=_a_metric,
               upgraded=_automatic_without_a_sample_size, downgraded=_the_metric_stays)
