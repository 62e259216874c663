"""Point 7 of the data-safety issue: PINs are stored only as salted scrypt hashes, and wrong PINs
are rate-limited in the database, so the lock holds for every window and every PC (another
``Services`` over the same file) and ends when its time is up."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from backend import run_sql
from services.factories import ADMIN_PIN, SUPERVISOR_PIN, make_site

from kaizen.db.engine import Database
from kaizen.db.models import Base
from kaizen.domain.errors import PermissionDenied
from kaizen.services import Services
from kaizen.services.people import MAX_PIN_FAILURES

LOCK_SECONDS = 60  # what the app promises: locked out for a minute


def test_a_locked_person_stays_locked_on_another_pc_until_the_lock_expires(db, db_url, clock):
    site = make_site(db, clock)
    for _ in range(MAX_PIN_FAILURES):
        with pytest.raises(PermissionDenied, match="Wrong PIN"):
            site.people.authenticate(site.supervisor_id, "9999")

    # Another PC: its own engine, services and clock, on the same database file.
    other_clock = type(clock)(clock.now + timedelta(seconds=5))
    other_db = Database(db_url)
    try:
        other = Services.create(other_db, other_clock)
        with pytest.raises(PermissionDenied, match="Too many wrong PINs"):
            other.people.authenticate(site.supervisor_id, SUPERVISOR_PIN)  # even the right one
        with pytest.raises(PermissionDenied, match="Too many wrong PINs"):
            site.people.authenticate(site.supervisor_id, SUPERVISOR_PIN)  # and here too
        other_clock.advance(seconds=LOCK_SECONDS - 6)
        with pytest.raises(PermissionDenied, match="Try again in 1 seconds"):
            other.people.authenticate(site.supervisor_id, SUPERVISOR_PIN)

        other_clock.advance(seconds=2)  # the lock has expired
        assert other.people.authenticate(site.supervisor_id, SUPERVISOR_PIN).id == \
            site.supervisor_id
        # Others were never locked, and the count started again from zero.
        assert other.people.authenticate(site.admin_id, ADMIN_PIN).id == site.admin_id
        for _ in range(MAX_PIN_FAILURES - 1):
            with pytest.raises(PermissionDenied, match="Wrong PIN"):
                other.people.authenticate(site.supervisor_id, "9999")
        assert other.people.authenticate(site.supervisor_id, SUPERVISOR_PIN)
    finally:
        other_db.dispose()


def test_restarting_the_app_does_not_reset_the_count(db, db_url, clock):
    site = make_site(db, clock)
    for _ in range(MAX_PIN_FAILURES - 1):
        with pytest.raises(PermissionDenied):
            site.people.authenticate(site.supervisor_id, "0000")
    db.dispose()
    restarted = Services.create(Database(db_url), clock)
    with pytest.raises(PermissionDenied, match="locked out"):
        restarted.people.authenticate(site.supervisor_id, "0000")  # the fifth, after a restart
    with pytest.raises(PermissionDenied, match="Too many wrong PINs"):
        restarted.people.authenticate(site.supervisor_id, SUPERVISOR_PIN)
    restarted.db.dispose()


def test_pins_are_stored_only_as_salted_scrypt_hashes(db, db_url, clock):
    site = make_site(db, clock)
    site.people.set_pin(site.admin_id, site.staff_id, SUPERVISOR_PIN)  # same PIN, two people
    site.people.update_person(site.admin_id, site.other_staff_id, name="Olga Other",
                              role="supervisor", home_area_id=site.line_id, pin="5555")
    db.dispose()
    hashes = [row[0] for row in run_sql(
        db_url, "SELECT pin_hash FROM people WHERE pin_hash IS NOT NULL")]
    # Every text of every table, JSON read back as text (PostgreSQL hands it over parsed).
    text_values = [json.dumps(value) if isinstance(value, dict | list) else value
                   for table in [*Base.metadata.tables, "alembic_version"]
                   for row in run_sql(db_url, f'SELECT * FROM "{table}"') for value in row
                   if isinstance(value, str | dict | list)]
    assert len(hashes) == 4
    salts = set()
    for stored in hashes:
        prefix, n, r, p, salt, digest = stored.split("$")
        assert prefix == "scrypt" and int(n) >= 2**8 and (r, p) == ("8", "1")
        assert len(bytes.fromhex(salt)) == 16 and len(bytes.fromhex(digest)) == 32
        salts.add(salt)
    assert len(salts) == 4  # the same PIN never gives the same hash
    for pin in (ADMIN_PIN, SUPERVISOR_PIN, "5555"):
        assert pin not in {v.strip() for v in text_values}  # never a value of its own
        assert not any(f'"{pin}"' in v for v in text_values)  # nor inside the audit JSON
    for stored in hashes:
        assert sum(stored in v for v in text_values) == 1  # only in people.pin_hash
