"""Issue 14, data loss 4: two admins edit the same area, or the site settings, at once. Before,
the second save silently undid the first (last writer wins). Now both carry a version counter
(revision 0007), as ideas and people do: a save made on a stale copy is refused with a Conflict
that says who changed it and when, and nothing of it is written. This is optimistic concurrency
control with a version column (SQLAlchemy ORM docs, "Configuring a Version Counter"; Kung and
Robinson, "On Optimistic Methods for Concurrency Control", 1981). Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from kaizen.db import migrate
from kaizen.db.engine import Database
from kaizen.domain.enums import Role
from kaizen.domain.errors import Conflict
from services.factories import make_site


@pytest.fixture
def two_admins(db, clock):
    site = make_site(db, clock)
    second = site.people.create_person(site.admin_id, name="Bea Admin", role=Role.ADMIN,
                                       pin="482913")
    return site, site.admin_id, second.id


def test_the_second_save_of_an_area_from_a_stale_copy_is_refused(two_admins, clock):
    site, ada, bea = two_admins
    ada_copy = site.people.get_area(site.line_id)
    bea_copy = site.people.get_area(site.line_id)
    clock.advance(minutes=5)
    saved = site.people.update_area(ada, site.line_id, name="Line 1 (north)",
                                    hourly_rate=ada_copy.hourly_rate,
                                    parent_id=ada_copy.parent_id,
                                    expected_version=ada_copy.version)
    assert saved.version == ada_copy.version + 1
    with pytest.raises(Conflict) as refused:
        site.people.update_area(bea, site.line_id, name=bea_copy.name, hourly_rate=45.0,
                                parent_id=bea_copy.parent_id, expected_version=bea_copy.version)
    words = refused.value.message
    assert "changed by Ada Admin at 2026-11-02 09:05" in words, words
    assert "Reload it" in words
    now = site.people.get_area(site.line_id)
    assert (now.name, now.hourly_rate, now.version) == ("Line 1 (north)", None, saved.version)
    # Read again, the second admin's change goes through on top of the first.
    again = site.people.update_area(bea, site.line_id, name=now.name, hourly_rate=45.0,
                                    parent_id=now.parent_id, expected_version=now.version)
    assert (again.name, again.hourly_rate) == ("Line 1 (north)", 45.0)


def test_retiring_an_area_moves_its_version_on(two_admins):
    site, ada, _bea = two_admins
    copy = site.people.get_area(site.line_id)
    retired = site.people.set_area_active(ada, site.line_id, False)
    assert retired.version == copy.version + 1
    with pytest.raises(Conflict):
        site.people.update_area(ada, site.line_id, name="Renamed", hourly_rate=None,
                                parent_id=copy.parent_id, expected_version=copy.version)


def test_the_second_save_of_the_settings_from_a_stale_copy_is_refused(two_admins, clock):
    site, ada, bea = two_admins
    ada_copy = site.people.settings()
    bea_copy = site.people.settings()
    clock.advance(minutes=7)
    saved = site.people.update_settings(ada, expected_version=ada_copy.version, currency="USD")
    assert saved.version > ada_copy.version
    with pytest.raises(Conflict) as refused:
        # Another field than the first admin's: the whole form is one copy, refused as such.
        site.people.update_settings(bea, expected_version=bea_copy.version,
                                    site_name=bea_copy.site_name, currency=bea_copy.currency,
                                    default_hourly_rate=40.0)
    words = refused.value.message
    assert "changed by Ada Admin at 2026-11-02 09:07" in words, words
    now = site.people.settings()
    assert (now.currency, now.default_hourly_rate) == ("USD", 30.0)
    assert now.version == saved.version
    again = site.people.update_settings(bea, expected_version=now.version,
                                        default_hourly_rate=40.0)
    assert (again.currency, again.default_hourly_rate) == ("USD", 40.0)


def test_a_first_setting_ever_saved_counts_as_a_change(two_admins):
    """A key never stored before (its default was shown) adds a row: the version still grows."""
    site, ada, bea = two_admins
    copy = site.people.settings()
    site.people.update_settings(ada, expected_version=copy.version, stale_after_days=60)
    with pytest.raises(Conflict):
        site.people.update_settings(bea, expected_version=copy.version, ageing_after_days=20)


def _columns(db: Database, table: str) -> set[str]:
    with db.engine.connect() as conn:
        return {column["name"] for column in inspect(conn).get_columns(table)}


def test_revision_0007_adds_the_versions_and_takes_them_away_again(db, two_admins):
    site, _ada, _bea = two_admins
    assert {"version"} <= _columns(db, "areas") and {"version"} <= _columns(db, "settings")
    db.dispose()
    # To the revision before 0007, whichever it is once the revisions are chained.
    parent = ScriptDirectory.from_config(migrate.alembic_config()).get_revision("0007")
    migrate.downgrade(db, str(parent.down_revision))
    assert "version" not in _columns(db, "areas")
    assert "version" not in _columns(db, "settings")
    migrate.upgrade(db)
    assert {"version"} <= _columns(db, "areas") and {"version"} <= _columns(db, "settings")
    # The rows that were there start at version 1, and editing goes on.
    area = site.people.get_area(site.line_id)
    assert area.version == 1 and area.name == "Line 1"
    assert site.people.settings().site_name == "Plant 1"
