"""What-if scenarios (issue 20): a copy of a process map with a list of changes, its last
simulated results, and the idea it forecasts for.

``changes`` is the JSON list of the changes (kaizen/simulation/change_doc.py), ``document`` the
scenario's model (the map with the changes applied, through the one parser), ``results`` the last
comparison with the map it was copied from (JSON, as kaizen/services/scenarios.py writes it). The
forecast columns keep what was written into the idea's expected savings, so the KPIs measured
after the change can be set against it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kaizen.db.base import Base


class Scenario(Base):
    __tablename__ = "scenarios"
    __table_args__ = (
        UniqueConstraint("map_id", "name"),
        CheckConstraint("length(name) BETWEEN 1 AND 120", name="name_length"),
        CheckConstraint("forecast_amount IS NULL OR forecast_amount >= 0",
                        name="forecast_amount_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The map the scenario copies: deleting the map deletes its scenarios.
    map_id: Mapped[int] = mapped_column(
        ForeignKey("process_maps.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    changes: Mapped[str] = mapped_column(Text)
    document: Mapped[str] = mapped_column(Text)
    results: Mapped[str | None] = mapped_column(Text)
    run_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The idea whose savings forecast this scenario gave.
    suggestion_id: Mapped[int | None] = mapped_column(
        ForeignKey("suggestions.id", ondelete="SET NULL"), index=True
    )
    forecast_hours: Mapped[float | None] = mapped_column(Float)  # per year
    forecast_amount: Mapped[float | None] = mapped_column(Float)  # per year, site currency
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
