"""Processes and their maps (issue 18): create, import, save, copy to a future state, export,
list, delete, link observations and ideas to steps, and the map editor's one read.

A map is stored as its process model document (docs/process-model.md, "Storage"): every save
parses it with the one parser (kaizen/domain/process_model.py) first, so a bad map is refused
with the ModelError's words (its ``field`` the JSON path) and nothing is written. A save rewrites
the map's ``process_steps`` rows in the same unit of work. Each map and each process carries a
version: a save with a stale ``expected_version`` is refused with "changed by NAME at TIME".

Supervisors and admins map processes (``Action.MAP_PROCESS``); admins delete whole processes;
anyone may read, and link their own observations and ideas to a step (supervisors any).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kaizen.db.models import (
    Area,
    Person,
    Process,
    ProcessMap,
    ProcessStep,
    ProcessStepLink,
    Suggestion,
    WasteObservation,
)
from kaizen.domain.enums import Role
from kaizen.domain.errors import Conflict, NotFound, PermissionDenied, ValidationError
from kaizen.domain.kpis import MapKind
from kaizen.domain.map_compare import MapDelta, compare_maps
from kaizen.domain.numbers import format_number
from kaizen.domain.permissions import Action, require
from kaizen.domain.process_model import ModelError, ProcessModel, loads, model_to_dict, parse_model
from kaizen.domain.value_stream import value_stream
from kaizen.i18n import translate
from kaizen.services.base import (
    MAX_NAME,
    Service,
    audit,
    clean_text,
    get_if_id,
    get_or_404,
    is_record_id,
    load_actor,
    not_found,
)
from kaizen.services.conflicts import changed_by_of
from kaizen.services.map_reads import (
    LinkedIdea,
    LinkedObservation,
    MapInfo,
    MapView,
    ProcessInfo,
    StepView,
    read_map_view,
)

__all__ = ["LinkedIdea", "LinkedObservation", "MapInfo", "MapView", "ProcessInfo",
           "ProcessService", "StepView"]

# A 2000-step map with long texts stays under this; anything larger is not a map someone drew.
MAX_DOCUMENT_CHARS = 5_000_000


@dataclass(frozen=True, slots=True)
class ImportResult:
    process: ProcessInfo
    map: MapInfo
    created: bool  # False: the document replaced the process's current state


def parse_document(document: str | Mapping[str, Any]) -> ProcessModel:
    """The model in ``document`` (JSON text or already-decoded data), or its ModelError."""
    if isinstance(document, str):
        if len(document) > MAX_DOCUMENT_CHARS:
            raise ModelError(
                translate(
                    "services.processes",
                    "The map is larger than {max_document_chars} characters.",
                ).format(max_document_chars=format_number(MAX_DOCUMENT_CHARS)),
                "",
            )
        return loads(document)
    return parse_model(document)



def _current_process(s: Session, process_id: int, expected_version: int | None) -> Process:
    """The process to change, refused in words when missing or changed meanwhile."""
    process = get_or_404(s, Process, process_id, translate("services.processes", "Process"))
    check_version(expected_version, process, "process",
                  translate("services.processes", "Process {name!r}").format(name=process.name))
    return process


class ProcessService(Service):
    # --- processes ------------------------------------------------------------------------

    def create_process(self, actor_id: int, *, name: str, area_id: int,
                       document: str | Mapping[str, Any], description: str = "") -> MapView:
        """A new process with ``document`` as its current state (e.g. a template's)."""
        model = parse_document(document)
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            require(actor.role, Action.MAP_PROCESS)
            process = self._new_process(s, actor, name, area_id, description)
            pmap = self._new_map(s, actor, process, MapKind.CURRENT, model)
            return self._view(s, pmap)

    def create_from_template(self, actor_id: int, *, name: str, area_id: int,
                             template: str = "blank", description: str = "") -> MapView:
        """A new process whose current state starts as a template of kaizen/templates
        (``process_templates()`` lists them), its map named "<name>, current state"."""
        from kaizen.templates import process_template

        try:
            found = process_template(template)
        except KeyError as exc:
            raise ValidationError(str(exc.args[0]), field="template") from None
        doc = model_to_dict(found.model)
        label = clean_text(
            name,
            "name",
            translate("services.processes", "The process's name"),
            max_len=MAX_NAME,
            required=True,
        )
        doc["name"] = f"{label}, current state"[:MAX_NAME]
        return self.create_process(actor_id, name=label, area_id=area_id, document=doc,
                                   description=description)

    def import_map(self, actor_id: int, document: str | Mapping[str, Any], *,
                   area_id: int) -> ImportResult:
        """Store a document as the current state of the process named by its ``name``: a new
        process in ``area_id``, or a new version of that process's current state."""
        model = parse_document(document)
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            require(actor.role, Action.MAP_PROCESS)
            process = s.scalars(select(Process).where(
                func.lower(Process.name) == model.name.casefold())).first()
            created = process is None
            if process is None:
                process = self._new_process(s, actor, model.name, area_id, "")
                pmap = self._new_map(s, actor, process, MapKind.CURRENT, model)
            else:
                pmap = s.scalars(select(ProcessMap).where(
                    ProcessMap.process_id == process.id,
                    ProcessMap.kind == MapKind.CURRENT)).one()
                self._store(s, actor, pmap, model, {}, "import")
            s.flush()
            return ImportResult(process=self._process_info(s, process),
                                map=map_info(s, pmap), created=created)

    def update_process(self, actor_id: int, process_id: int, *, name: str, area_id: int,
                       description: str = "", expected_version: int | None = None
                       ) -> ProcessInfo:
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            require(actor.role, Action.MAP_PROCESS)
            process = _current_process(s, process_id, expected_version)
            before = _process_fields(process)
            process.name = self._free_name(s, name, process.id)
            process.area_id = _area(s, area_id).id
            process.description = clean_text(
                description, "description", translate("services.processes", "The description")
            )
            after = _process_fields(process)
            if after != before:
                process.updated_at = self._clock()
                audit(s, actor_id=actor.id, at=process.updated_at, entity="process",
                      entity_id=process.id, action="update", before=before, after=after)
                s.flush()
            return self._process_info(s, process)

    def delete_process(self, actor_id: int, process_id: int,
                       expected_version: int | None = None) -> None:
        """Remove a process with its maps, step links and KPI series (admins only)."""
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            require(actor.role, Action.DELETE_PROCESS)
            process = _current_process(s, process_id, expected_version)
            audit(s, actor_id=actor.id, at=self._clock(), entity="process", entity_id=process.id,
                  action="delete", before=_process_fields(process))
            s.delete(process)

    def list_processes(self, area_id: int | None = None) -> list[ProcessInfo]:
        """Processes by name (of one area, or all)."""
        with self._db.read() as s:
            return process_infos(s, area_id)

    def find_process(self, name: str) -> ProcessInfo:
        """A process by its name, case-insensitively (NotFound naming the ones there are)."""
        with self._db.read() as s:
            process = _process_named(s, name)
            return self._process_info(s, process)

    # --- maps -------------------------------------------------------------------------------

    def save_map(self, actor_id: int, map_id: int, document: str | Mapping[str, Any], *,
                 expected_version: int | None = None,
                 renames: Mapping[str, str] | None = None) -> MapView:
        """Replace a map's document, all or nothing. ``renames`` ({old: new}) carries a
        renamed step's row, and so its linked observations and ideas, over to its new name."""
        model = parse_document(document)
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            require(actor.role, Action.MAP_PROCESS)
            pmap = get_or_404(s, ProcessMap, map_id, translate("services.processes", "Map"))
            check_version(
                expected_version,
                pmap,
                "process_map",
                translate("services.processes", "The map {name!r}").format(name=pmap.name),
            )
            self._store(s, actor, pmap, model, dict(renames or {}), "save")
            s.flush()
            return self._view(s, pmap)

    def copy_to_future(self, actor_id: int, map_id: int, *, name: str | None = None,
                       suggestion_id: int | None = None) -> MapView:
        """A future state starting as a copy of ``map_id``; it may be carried by an idea."""
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            require(actor.role, Action.MAP_PROCESS)
            source = get_or_404(s, ProcessMap, map_id, translate("services.processes", "Map"))
            model = loads(source.document)
            doc = model_to_dict(model)
            doc["name"] = clean_text(
                name if name is not None else _future_name(model.name),
                "name",
                translate("services.processes", "The map's name"),
                max_len=MAX_NAME,
                required=True,
            )
            carrier = None if suggestion_id is None else _suggestion(s, suggestion_id).id
            pmap = self._new_map(s, actor, source.process, MapKind.FUTURE, parse_model(doc),
                                 copied_from=source, suggestion_id=carrier)
            return self._view(s, pmap)

    def attach_to_idea(self, actor_id: int, map_id: int, suggestion_id: int | None, *,
                       expected_version: int | None = None) -> MapInfo:
        """Let an idea carry this future-state map (None: no idea carries it)."""
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            require(actor.role, Action.MAP_PROCESS)
            pmap = get_or_404(s, ProcessMap, map_id, translate("services.processes", "Map"))
            check_version(
                expected_version,
                pmap,
                "process_map",
                translate("services.processes", "The map {name!r}").format(name=pmap.name),
            )
            if pmap.kind is not MapKind.FUTURE:
                raise ValidationError(
                    translate(
                        "services.processes", "Only a future-state map can be carried by an idea."
                    ),
                    field="suggestion_id",
                )
            target = None if suggestion_id is None else _suggestion(s, suggestion_id).id
            if target != pmap.suggestion_id:
                audit(s, actor_id=actor.id, at=self._clock(), entity="process_map",
                      entity_id=pmap.id, action="attach_to_idea",
                      before={"suggestion_id": pmap.suggestion_id},
                      after={"suggestion_id": target})
                pmap.suggestion_id = target
                pmap.updated_at = self._clock()
                s.flush()
            return map_info(s, pmap)

    def delete_map(self, actor_id: int, map_id: int,
                   expected_version: int | None = None) -> None:
        """Remove a future-state map (the current state goes only with its process)."""
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            require(actor.role, Action.MAP_PROCESS)
            pmap = get_or_404(s, ProcessMap, map_id, translate("services.processes", "Map"))
            check_version(
                expected_version,
                pmap,
                "process_map",
                translate("services.processes", "The map {name!r}").format(name=pmap.name),
            )
            if pmap.kind is MapKind.CURRENT:
                raise Conflict(
                    translate(
                        "services.processes",
                        "The current state cannot be removed on its own; remove the "
                        "process to remove it.",
                    )
                )
            audit(s, actor_id=actor.id, at=self._clock(), entity="process_map",
                  entity_id=pmap.id, action="delete",
                  before={"name": pmap.name, "process_id": pmap.process_id,
                          "version": pmap.version})
            s.delete(pmap)

    def export_map(self, map_id: int) -> str:
        """The map's document as JSON text (the format of docs/process-model.md)."""
        with self._db.read() as s:
            pmap = get_or_404(s, ProcessMap, map_id, translate("services.processes", "Map"))
            return _pretty(pmap.document)

    def export_process(self, name: str) -> str:
        """The current state of the process called ``name`` as JSON text."""
        with self._db.read() as s:
            process = _process_named(s, name)
            pmap = s.scalars(select(ProcessMap).where(
                ProcessMap.process_id == process.id, ProcessMap.kind == MapKind.CURRENT)).one()
            return _pretty(pmap.document)

    def list_maps(self, process_id: int) -> list[MapInfo]:
        """The current state first, then the future states oldest first."""
        with self._db.read() as s:
            get_or_404(s, Process, process_id, translate("services.processes", "Process"))
            return map_infos(s, process_id)

    def map_view(self, map_id: int) -> MapView:
        """The map editor's read: the document, its figures, each step's linked observations
        and ideas, and the process's other maps (Core statements: kaizen/services/map_reads.py)."""
        with self._db.read_connection() as conn:
            view = read_map_view(conn, map_id) if is_record_id(map_id) else None
            if view is None:
                raise not_found(translate("services.processes", "Map"), map_id)
            return view

    def compare(self, current_map_id: int, future_map_id: int) -> MapDelta:
        """The side-by-side deltas: lead time, value-added ratio, steps removed or changed."""
        with self._db.read() as s:
            current = get_or_404(
                s, ProcessMap, current_map_id, translate("services.processes", "Map")
            )
            future = get_or_404(
                s, ProcessMap, future_map_id, translate("services.processes", "Map")
            )
            return compare_maps(loads(current.document), loads(future.document))

    # --- links between steps and observations or ideas --------------------------------------

    def link_observation(self, actor_id: int, step_id: int, observation_id: int) -> int:
        """Link a waste observation to a step; returns the link's id."""
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            step = get_or_404(s, ProcessStep, step_id, translate("services.processes", "Step"))
            obs = get_or_404(
                s, WasteObservation, observation_id, translate("services.processes", "Observation")
            )
            _require_own(actor, obs.observer_id, translate("services.processes", "observations"))
            return self._link(s, actor, step, observation_id=obs.id)

    def link_idea(self, actor_id: int, step_id: int, suggestion_id: int) -> int:
        """Link an idea to a step; returns the link's id."""
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            step = get_or_404(s, ProcessStep, step_id, translate("services.processes", "Step"))
            idea = _suggestion(s, suggestion_id)
            _require_own(actor, idea.submitter_id, translate("services.processes", "ideas"))
            return self._link(s, actor, step, suggestion_id=idea.id)

    def unlink(self, actor_id: int, link_id: int) -> None:
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            link = get_or_404(s, ProcessStepLink, link_id, translate("services.processes", "Link"))
            # A link holds exactly one of the two, and its foreign key keeps that row alive.
            owner = (s.get_one(WasteObservation, link.observation_id).observer_id
                     if link.observation_id is not None
                     else s.get_one(Suggestion, link.suggestion_id).submitter_id)
            _require_own(actor, owner, translate("services.processes", "links"))
            audit(s, actor_id=actor.id, at=self._clock(), entity="process_step_link",
                  entity_id=link.id, action="delete", before=_link_fields(link))
            s.delete(link)

    # --- helpers ----------------------------------------------------------------------------

    def _new_process(self, s: Session, actor: Person, name: str, area_id: int,
                     description: str) -> Process:
        now = self._clock()
        process = Process(
            name=self._free_name(s, name, None),
            area_id=_area(s, area_id).id,
            description=clean_text(
                description, "description", translate("services.processes", "The description")
            ),
            created_at=now,
            updated_at=now,
        )
        s.add(process)
        s.flush()
        audit(s, actor_id=actor.id, at=now, entity="process", entity_id=process.id,
              action="create", after=_process_fields(process))
        return process

    @staticmethod
    def _free_name(s: Session, name: str, own_id: int | None) -> str:
        text = clean_text(
            name,
            "name",
            translate("services.processes", "The process's name"),
            max_len=MAX_NAME,
            required=True,
        )
        query = select(Process.id).where(func.lower(Process.name) == text.casefold())
        if own_id is not None:
            query = query.where(Process.id != own_id)
        if s.scalars(query).first() is not None:
            raise ValidationError(
                translate(
                    "services.processes", "A process is already called {text!r}; pick another name."
                ).format(text=text),
                field="name",
            )
        return text

    def _new_map(self, s: Session, actor: Person, process: Process, kind: MapKind,
                 model: ProcessModel, copied_from: ProcessMap | None = None,
                 suggestion_id: int | None = None) -> ProcessMap:
        now = self._clock()
        pmap = ProcessMap(process=process, kind=kind, name=model.name,
                          document=_document_text(model),
                          copied_from_id=copied_from.id if copied_from else None,
                          suggestion_id=suggestion_id,
                          created_at=now, updated_at=now)
        s.add(pmap)
        s.flush()
        _sync_steps(s, pmap, model, {})
        s.flush()
        audit(s, actor_id=actor.id, at=now, entity="process_map", entity_id=pmap.id,
              action="copy" if copied_from else "create",
              after=_map_audit(pmap, model, copied_from))
        return pmap

    def _store(self, s: Session, actor: Person, pmap: ProcessMap, model: ProcessModel,
               renames: dict[str, str], action: str) -> None:
        text = _document_text(model)
        if text == pmap.document and not renames:
            return  # nothing changed: no new version, no audit event
        before = _map_audit(pmap, loads(pmap.document), None)
        _sync_steps(s, pmap, model, renames)
        pmap.name = model.name
        pmap.document = text
        pmap.updated_at = self._clock()
        s.flush()
        audit(s, actor_id=actor.id, at=pmap.updated_at, entity="process_map",
              entity_id=pmap.id, action=action, before=before,
              after=_map_audit(pmap, model, None))

    def _link(self, s: Session, actor: Person, step: ProcessStep, **target: int) -> int:
        column = ProcessStepLink.observation_id if "observation_id" in target \
            else ProcessStepLink.suggestion_id
        existing = s.scalars(select(ProcessStepLink.id).where(
            ProcessStepLink.step_id == step.id, column == next(iter(target.values())))).first()
        if existing is not None:
            return existing
        link = ProcessStepLink(step_id=step.id, created_at=self._clock(), **target)
        s.add(link)
        s.flush()
        audit(s, actor_id=actor.id, at=link.created_at, entity="process_step_link",
              entity_id=link.id, action="create", after=_link_fields(link))
        return link.id

    def _process_info(self, s: Session, process: Process) -> ProcessInfo:
        return process_info(s, process)

    def _view(self, s: Session, pmap: ProcessMap) -> MapView:
        """The view of a map the unit of work just wrote: flushed, then read as map_view."""
        s.flush()
        view = read_map_view(s.connection(), pmap.id)
        assert view is not None  # the map is in this unit of work
        return view


def _sync_steps(s: Session, pmap: ProcessMap, model: ProcessModel,
                renames: dict[str, str]) -> None:
    """Make the map's step rows the model's steps: same names, document order. A row keeps its
    id (and links) while its name stays, or moves along ``renames``; removed steps' rows go."""
    names = [step.name for step in model.steps]
    wanted = set(names)
    rows = {r.name: r for r in s.scalars(select(ProcessStep).where(ProcessStep.map_id == pmap.id))}
    if not isinstance(renames, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in renames.items()):
        raise ValidationError(
            translate("services.processes", "Renames must map old step names to new ones."),
            field="renames",
        )
    final: dict[str, ProcessStep] = {}
    for old, new in renames.items():
        if old not in rows:
            raise ValidationError(
                translate("services.processes", "The map has no step {old!r} to rename.").format(
                    old=old
                ),
                field="renames",
            )
        if new not in wanted:
            raise ValidationError(
                translate(
                    "services.processes", "The renamed step {new!r} is not in the map."
                ).format(new=new),
                field="renames",
            )
        if new in final:
            raise ValidationError(
                translate("services.processes", "Two steps are renamed to {new!r}.").format(
                    new=new
                ),
                field="renames",
            )
        final[new] = rows[old]
    for name, row in rows.items():
        if name in wanted and name not in final and row not in final.values():
            final[name] = row
    kept = {id(r) for r in final.values()}
    for row in rows.values():
        if id(row) not in kept:
            s.delete(row)
    # Names move in two flushes: a swap (A <-> B) would otherwise break (map_id, name) unique.
    # The stand-in starts with a space, which no parsed step name does (they are stripped).
    moving = [(name, row) for name, row in final.items() if row.name != name]
    for _name, row in moving:
        row.name = f" moving {row.id}"
    s.flush()
    for name, row in moving:
        row.name = name
    for position, name in enumerate(names):
        if name in final:
            final[name].position = position
        else:
            s.add(ProcessStep(map_id=pmap.id, name=name, position=position))
    s.flush()


def _document_text(model: ProcessModel) -> str:
    # Stored compact and in the writer's canonical form: a re-save of the same map is equal text.
    return json.dumps(model_to_dict(model), ensure_ascii=False, separators=(",", ":"))


def _pretty(text: str) -> str:
    return json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"


def _future_name(name: str) -> str:
    base = name.removesuffix(", current state")
    return f"{base}, future state"[:MAX_NAME]


def _map_audit(pmap: ProcessMap, model: ProcessModel,
               copied_from: ProcessMap | None) -> dict[str, Any]:
    # The bottleneck of each saved version is kept: the "new bottleneck" signal compares the one
    # the map had when a change completed with today's (kaizen/services/kpis.py).
    # Only what changed is kept of an update: the version always does.
    figures = value_stream(model)
    out: dict[str, Any] = {
        "version": pmap.version, "process_id": pmap.process_id, "kind": pmap.kind.value,
        "name": model.name,
        "steps": len(model.steps), "bottleneck": figures.bottleneck,
        "lead_time": figures.lead_time, "va_ratio": figures.va_ratio,
    }
    if copied_from is not None:
        out["copied_from_id"] = copied_from.id
    return out


def _process_named(s: Session, name: str) -> Process:
    """The process called ``name``, case-insensitively (NotFound naming the ones there are)."""
    process = s.scalars(select(Process).where(
        func.lower(Process.name) == str(name).strip().casefold())).first()
    if process is None:
        known = ", ".join(s.scalars(select(Process.name).order_by(Process.name)).all())
        raise NotFound(
            translate(
                "services.processes", "No process is called {name!r}. Processes: {known}."
            ).format(name=name, known=known or translate("services.processes", "none yet"))
        )
    return process


def _process_fields(process: Process) -> dict[str, Any]:
    return {"name": process.name, "area_id": process.area_id,
            "description": process.description}


def _link_fields(link: ProcessStepLink) -> dict[str, Any]:
    return {"step_id": link.step_id, "observation_id": link.observation_id,
            "suggestion_id": link.suggestion_id}


def _area(s: Session, area_id: int) -> Area:
    area = get_if_id(s, Area, area_id)
    if area is None:
        raise ValidationError(
            translate("services.processes", "Pick the area the process belongs to."),
            field="area_id",
        )
    return area


def _suggestion(s: Session, suggestion_id: int) -> Suggestion:
    if not is_record_id(suggestion_id):
        raise ValidationError(
            translate("services.processes", "Pick an idea."), field="suggestion_id"
        )
    return get_or_404(s, Suggestion, suggestion_id, translate("services.processes", "Idea"))


def _require_own(actor: Person, owner_id: int, what: str) -> None:
    if actor.role is Role.STAFF and actor.id != owner_id:
        raise PermissionDenied(
            translate(
                "services.processes", "Staff can only link their own {what} to a step."
            ).format(what=what)
        )


def check_version(expected: int | None, record: Any, entity: str,
                   label: str) -> None:
    if expected is not None and expected != record.version:
        raise Conflict(
            translate(
                "services.processes",
                "{label} was changed while you were working on it "
                "({changed_by_of}your copy is version {expected}, the saved "
                "one is version {version}). Reload it and make your change "
                "again.",
            ).format(
                label=label,
                changed_by_of=changed_by_of(record, entity),
                expected=expected,
                version=record.version,
            )
        )


def process_info(s: Session, process: Process) -> ProcessInfo:
    """One process as its dataclass, inside the caller's session."""
    current = s.scalars(select(ProcessMap.id).where(
        ProcessMap.process_id == process.id, ProcessMap.kind == MapKind.CURRENT)).first()
    futures = s.scalar(select(func.count(ProcessMap.id)).where(
        ProcessMap.process_id == process.id, ProcessMap.kind == MapKind.FUTURE)) or 0
    area_name = s.scalar(select(Area.name).where(Area.id == process.area_id)) or ""
    return ProcessInfo(
        id=process.id, name=process.name, area_id=process.area_id, area_name=area_name,
        description=process.description, version=process.version, current_map_id=current,
        future_maps=futures, updated_at=process.updated_at,
    )


def process_infos(s: Session, area_id: int | None = None) -> list[ProcessInfo]:
    """Processes by name (of one area, or all), inside the caller's session (a screen read
    puts them beside its other data: the mining page's conformance picker)."""
    query = select(Process).order_by(func.lower(Process.name), Process.id)
    if area_id is not None:
        query = query.where(Process.area_id == area_id)
    return [process_info(s, p) for p in s.scalars(query)]


def map_info(s: Session, pmap: ProcessMap) -> MapInfo:
    """One map as its dataclass (with its step count), inside the caller's session."""
    steps = s.scalar(select(func.count(ProcessStep.id)).where(
        ProcessStep.map_id == pmap.id)) or 0
    return MapInfo(
        id=pmap.id, process_id=pmap.process_id, process_name=pmap.process.name,
        kind=pmap.kind, name=pmap.name, version=pmap.version,
        copied_from_id=pmap.copied_from_id, suggestion_id=pmap.suggestion_id, steps=steps,
        updated_at=pmap.updated_at,
    )


def map_infos(s: Session, process_id: int) -> list[MapInfo]:
    """A process's maps, the current state first, then the future states oldest first, inside
    the caller's session (the What-if page lists every process's maps in one read)."""
    maps = s.scalars(select(ProcessMap).where(ProcessMap.process_id == process_id)
                     .order_by(ProcessMap.kind != MapKind.CURRENT, ProcessMap.id))
    return [map_info(s, m) for m in maps]
