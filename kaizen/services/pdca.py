"""PDCA cycles: opening a cycle, editing its stages, moving it through the gates."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kaizen.db.models import PdcaCycle, StageChange
from kaizen.domain.enums import PdcaStage
from kaizen.services.base import Service, audit, snapshot


def open_cycle(session: Session, suggestion_id: int, actor_id: int, at: datetime,
               note: str = "") -> PdcaCycle:
    """Start the next PDCA cycle of a suggestion in Plan, with its first stage-change record.

    Used when a suggestion is accepted (cycle 1) and when an Act decision is "adapt" (cycle n+1).
    """
    last = session.scalar(
        select(func.max(PdcaCycle.number)).where(PdcaCycle.suggestion_id == suggestion_id)
    )
    cycle = PdcaCycle(
        suggestion_id=suggestion_id,
        number=(last or 0) + 1,
        stage=PdcaStage.PLAN,
        stage_entered_at=at,
        started_at=at,
        why_chain=[],
    )
    session.add(cycle)
    session.flush()
    session.add(
        StageChange(
            cycle_id=cycle.id, from_stage=None, to_stage=PdcaStage.PLAN, person_id=actor_id,
            at=at, note=note,
        )
    )
    audit(session, actor_id=actor_id, at=at, entity="pdca_cycle", entity_id=cycle.id,
          action="open", after=snapshot(cycle, ["suggestion_id", "number", "stage"]))
    return cycle


class PdcaService(Service):
    """Filled in by the PDCA work; see the module docstring."""
