"""The map editor's one read (``ProcessService.map_view``, and the view a save returns), as Core
statements built once, and the dataclasses it returns.

Five statements, whatever the map's size: the map with its process and area; every map of the
process with its step count (the map's own info, its siblings, the current state's id and the
number of future states come from these rows); the map's steps; the observations and the ideas
linked to them, each joined through the steps by the map's id (no list of step ids bound). The
ORM's way sent eleven statements, loaded the map twice and the process once as objects, and
bound every step's id twice: within 2x of plain sqlite3 it was not (issue 21: 1.84-2.04x on a
200-step map; the Core read does the same work in fewer round trips).

It runs on any connection: a read's own (:meth:`Database.read_connection`) or a save's session's
(after its flush, so it sees what the save wrote).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, func, select

from kaizen.db.models import (
    Area,
    Process,
    ProcessMap,
    ProcessStep,
    ProcessStepLink,
    Suggestion,
    WasteObservation,
)
from kaizen.domain.enums import SuggestionStatus, WasteCategory
from kaizen.domain.kpis import MapKind
from kaizen.domain.process_model import ProcessModel, loads, parse_model
from kaizen.domain.value_stream import ValueStream, value_stream


@dataclass(frozen=True, slots=True)
class ProcessInfo:
    id: int
    name: str
    area_id: int
    area_name: str
    description: str
    version: int
    current_map_id: int | None
    future_maps: int
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class MapInfo:
    id: int
    process_id: int
    process_name: str
    kind: MapKind
    name: str
    version: int
    copied_from_id: int | None
    suggestion_id: int | None
    steps: int
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class LinkedObservation:
    link_id: int
    observation_id: int
    category: WasteCategory
    description: str
    observed_at: datetime


@dataclass(frozen=True, slots=True)
class LinkedIdea:
    link_id: int
    suggestion_id: int
    title: str
    status: SuggestionStatus


@dataclass(frozen=True, slots=True)
class StepView:
    id: int  # the process_steps row: what observations and ideas link to
    name: str
    observations: tuple[LinkedObservation, ...]
    ideas: tuple[LinkedIdea, ...]


@dataclass(frozen=True, slots=True)
class MapView:
    """Everything the map editor shows for one map, read in one transaction."""

    process: ProcessInfo
    map: MapInfo
    model: ProcessModel
    document: dict[str, Any]
    figures: ValueStream
    steps: tuple[StepView, ...]
    # The process's other maps (the current state and the future states), for the side-by-side.
    siblings: tuple[MapInfo, ...]


_MAP_ID: Any = bindparam("map_id")

# The map's document with its process and the process's area (outer: a name is shown, or "").
_HEAD = (select(ProcessMap.document, Process.id, Process.name, Process.area_id,
                Process.description, Process.version, Process.updated_at, Area.name)
         .join(Process, Process.id == ProcessMap.process_id)
         .outerjoin(Area, Area.id == Process.area_id)
         .where(ProcessMap.id == _MAP_ID))

# Every map of the process, the current state first, each with its number of steps.
_MAPS = (select(ProcessMap.id, ProcessMap.kind, ProcessMap.name, ProcessMap.version,
                ProcessMap.copied_from_id, ProcessMap.suggestion_id,
                select(func.count(ProcessStep.id)).where(ProcessStep.map_id == ProcessMap.id)
                .scalar_subquery(), ProcessMap.updated_at)
         .where(ProcessMap.process_id == bindparam("process_id"))
         .order_by(ProcessMap.kind != MapKind.CURRENT, ProcessMap.id))

_STEPS = (select(ProcessStep.id, ProcessStep.name).where(ProcessStep.map_id == _MAP_ID)
          .order_by(ProcessStep.position))

_OBSERVATIONS = (select(ProcessStepLink.id, ProcessStepLink.step_id, WasteObservation.id,
                        WasteObservation.category, WasteObservation.description,
                        WasteObservation.observed_at)
                 .join(ProcessStep, ProcessStep.id == ProcessStepLink.step_id)
                 .join(WasteObservation, WasteObservation.id == ProcessStepLink.observation_id)
                 .where(ProcessStep.map_id == _MAP_ID)
                 .order_by(WasteObservation.observed_at.desc(), WasteObservation.id.desc()))

_IDEAS = (select(ProcessStepLink.id, ProcessStepLink.step_id, Suggestion.id, Suggestion.title,
                 Suggestion.status)
          .join(ProcessStep, ProcessStep.id == ProcessStepLink.step_id)
          .join(Suggestion, Suggestion.id == ProcessStepLink.suggestion_id)
          .where(ProcessStep.map_id == _MAP_ID)
          .order_by(Suggestion.created_at.desc(), Suggestion.id.desc()))


def read_map_view(conn: Connection, map_id: int) -> MapView | None:
    """The editor's view of map ``map_id`` (None: no such map), on ``conn``."""
    head = conn.execute(_HEAD, {"map_id": map_id}).first()
    if head is None:
        return None
    document, process_id, process_name, area_id, description, version, updated_at, area = head
    infos = [MapInfo(id=r[0], process_id=process_id, process_name=process_name, kind=r[1],
                     name=r[2], version=r[3], copied_from_id=r[4], suggestion_id=r[5],
                     steps=r[6] or 0, updated_at=r[7])
             for r in conn.execute(_MAPS, {"process_id": process_id})]
    process = ProcessInfo(
        id=process_id, name=process_name, area_id=area_id, area_name=area or "",
        description=description, version=version,
        current_map_id=next((m.id for m in infos if m.kind is MapKind.CURRENT), None),
        future_maps=sum(1 for m in infos if m.kind is MapKind.FUTURE), updated_at=updated_at)
    params = {"map_id": map_id}
    rows = conn.execute(_STEPS, params).all()
    observations: dict[int, list[LinkedObservation]] = {r[0]: [] for r in rows}
    ideas: dict[int, list[LinkedIdea]] = {r[0]: [] for r in rows}
    for link_id, step_id, obs_id, category, text, observed_at in conn.execute(
            _OBSERVATIONS, params):
        observations[step_id].append(LinkedObservation(
            link_id=link_id, observation_id=obs_id, category=category, description=text,
            observed_at=observed_at))
    for link_id, step_id, sid, title, status in conn.execute(_IDEAS, params):
        ideas[step_id].append(LinkedIdea(link_id=link_id, suggestion_id=sid, title=title,
                                         status=status))
    steps = tuple(StepView(id=i, name=name, observations=tuple(observations[i]),
                           ideas=tuple(ideas[i])) for i, name in rows)
    # The stored document is parsed once: the dict is the view's, the model is built from it
    # (it keeps no reference into the dict: every part of it is immutable).
    try:
        parsed = json.loads(document)
    except ValueError:
        loads(document)  # raises the parser's ModelError, in words
        raise
    model = parse_model(parsed)
    return MapView(
        process=process, map=next(m for m in infos if m.id == map_id), model=model,
        document=parsed, figures=value_stream(model), steps=steps,
        siblings=tuple(m for m in infos if m.id != map_id),
    )
