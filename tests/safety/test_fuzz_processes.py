"""Bad process maps and KPI input, fuzzed with hypothesis through the services (issue 18: "bad
maps refused in words and nothing half-saved"): any field of a good map replaced by a wrong value
(nasty text, NaN, huge numbers, wrong types, missing), and any KPI point or pasted text. Every
refusal must be a typed KaizenError (a ModelError for the map, naming a field) and leave the
database exactly as it was; a map that is accepted must read back as saved.

Same settings as test_fuzz.py: 60 derandomized examples per test (KAIZEN_FUZZ_* to hunt longer).
"""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from services.factories import Site, make_site
from services.process_factories import MAP

from kaizen.domain.errors import KaizenError
from kaizen.domain.process_model import ModelError, parse_model
from kaizen.services import Services

from .conftest import fingerprint
from .test_fuzz import FUZZ, anything, datetimes, numbers, texts

# Where a wrong value can go: every field of the map, by its path.
PATHS = [
    ("name",), ("time_unit",), ("demand",), ("demand", "units"), ("demand", "available_time"),
    ("steps",), ("steps", 0), ("steps", 1, "name"), ("steps", 1, "value"),
    ("steps", 1, "resources"), ("steps", 1, "wait_before"), ("steps", 1, "duration"),
    ("steps", 1, "duration", "distribution"), ("steps", 1, "duration", "mean"),
    ("steps", 2, "pct_complete_accurate"), ("steps", 2, "role"), ("steps", 2, "waste"),
    ("steps", 3, "shifts"), ("flows",), ("flows", 0, "from"), ("flows", 3, "to"),
    ("flows", 4, "probability"), ("flows", 5), ("arrivals",),
]


def _set(doc: Any, path: tuple[Any, ...], value: Any) -> None:
    """Put ``value`` at ``path``; nothing when an earlier draw replaced what holds it."""
    try:
        for key in path[:-1]:
            doc = doc[key]
        doc[path[-1]] = value
    except (TypeError, KeyError, IndexError):
        pass


@pytest.fixture
def plant(db, clock, photos_dir) -> tuple[Services, Site]:
    return Services.create(db, clock, attachments_dir=photos_dir), make_site(db, clock)


def _typed_or_done(db, action) -> Exception | None:
    before = fingerprint(db)
    try:
        action()
    except KaizenError as exc:
        assert fingerprint(db) == before, "a refused call changed the database"
        return exc
    except Exception as exc:  # noqa: BLE001 - the point: nothing but typed errors
        pytest.fail(f"untyped {type(exc).__name__}: {exc!r}"[:500])
    return None


@FUZZ
@given(data=st.data())
def test_bad_maps_are_refused_in_words_and_change_nothing(plant, db, data) -> None:
    services, site = plant
    view = services.processes.create_process(site.supervisor_id, name="Fuzzed",
                                             area_id=site.line_id, document=MAP) \
        if not services.processes.list_processes() else \
        services.processes.map_view(services.processes.list_processes()[0].current_map_id)
    doc = copy.deepcopy(MAP)
    for path in data.draw(st.lists(st.sampled_from(PATHS), min_size=1, max_size=2), label="at"):
        _set(doc, path, data.draw(anything | texts, label=str(path)))
    error = _typed_or_done(db, lambda: services.processes.save_map(
        site.supervisor_id, view.map.id, doc))
    if isinstance(error, ModelError):
        assert str(error) and error.field is not None
    if error is None:
        assert services.processes.map_view(view.map.id).model == parse_model(doc)
    else:
        assert isinstance(error, ModelError), f"{type(error).__name__}: {error}"


@FUZZ
@given(data=st.data())
def test_bad_kpi_points_and_text_are_refused_and_change_nothing(plant, db, data) -> None:
    services, site = plant
    processes = services.processes.list_processes()
    if not processes:
        view = services.processes.create_process(site.supervisor_id, name="Fuzzed",
                                                 area_id=site.line_id, document=MAP)
        services.kpis.add_series(site.supervisor_id, view.process.id, kind="cycle_time")
        processes = services.processes.list_processes()
    series = services.kpis.list_series(processes[0].id)[0].id
    point = st.tuples(datetimes | anything, numbers | anything)
    points = data.draw(st.lists(point, max_size=3) | anything, label="points")
    _typed_or_done(db, lambda: services.kpis.add_points(site.supervisor_id, series, points))
    pasted = data.draw(texts | st.text(alphabet="0123456789-:,.;\t\n e", max_size=60)
                       | anything, label="pasted")
    _typed_or_done(db, lambda: services.kpis.paste_points(site.supervisor_id, series, pasted))
    _typed_or_done(db, lambda: services.kpis.chart(series))
    assert all(isinstance(v, float) for v in services.kpis.chart(series).values)
    assert all(isinstance(t, datetime) for t in services.kpis.chart(series).times)
