"""Copy a whole Kaizen database into another one: SQLite to PostgreSQL, back, or SQLite to SQLite.

``kaizen db copy --from URL --to URL`` calls :func:`copy_database`. Every table of
``Base.metadata`` is read in primary-key order and written with bulk Core inserts in batches, in
foreign-key order, ids and all (the audit trail included), inside ONE transaction on the target:
a failure half way leaves the target as empty as it was.

Refused, with a plain message (:class:`CopyRefused`), before anything is written:
- a target that holds any row (copying merges nothing, and ids would clash);
- a source and a target at different schema revisions (upgrade the older one first). A target
  without any table is given the schema first, when the source is at this app's newest revision.

Details of each dialect:
- PostgreSQL: ids are inserted as they are, so each table's sequence is set past the largest id
  afterwards (``setval``), or the next idea saved would collide with a copied one. The full-text
  search is an expression index there, filled by the inserts themselves.
- SQLite: the FTS5 insert triggers are suspended for the load and the index rebuilt once
  (:func:`kaizen.db.search.fts_triggers_suspended`), as the demo's bulk load does.
- The audit trail's append-only triggers refuse UPDATE, DELETE and TRUNCATE, and an INSERT only
  when it is not a new event at the end; the rows go in by ascending id with their chain hashes,
  so the triggers stay in place for the whole copy and no other session ever sees the trail
  unprotected. The hash chain is verified in the target before it commits
  (:func:`kaizen.db.audit_chain.verify_chain`): a broken chain refuses the copy.
- A stored photo reference that is not a SHA-256 (64 lowercase hex digits) refuses the copy
  before any file is looked at (:mod:`kaizen.domain.file_refs`); a SQLite file that is another
  program's is refused as source or target (:mod:`kaizen.db.marking`).

Before the target transaction commits, the copy is checked against the source: the row count of
every table, the sum of its ids, and the sums of the key numbers (savings amounts, measurement
values, minutes and occurrences, expected savings, attachment sizes) must be equal on both sides,
or the whole copy is rolled back. :class:`CopyReport` holds what was copied and compared.

Attachments (photo files under ``<data folder>/attachments``) are copied when both folders are
known: a SQLite database's folder is beside its file, a server's must be given
(``attachments_to``). Files already in the target folder (same SHA-256 name) are left alone.
"""

from __future__ import annotations

import math
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Connection, Table, func, select

from kaizen.db import migrate
from kaizen.db.audit_chain import ChainReport, verify_chain
from kaizen.db.engine import Database
from kaizen.db.ids import advance_id_sequences
from kaizen.db.models import Base
from kaizen.db.search import fts_triggers_suspended
from kaizen.db.uri import sqlite_url_path
from kaizen.domain.file_refs import BadFileReference, is_file_ref, shown, stored_path
from kaizen.domain.numbers import format_number
from kaizen.i18n import translate

BATCH_ROWS = 2_000

# Per table, the numeric columns whose sums must match on both sides after the copy.
KEY_SUMS: dict[str, tuple[str, ...]] = {
    "suggestions": ("expected_savings", "implementation_cost"),
    "waste_observations": ("minutes_per_occurrence", "occurrences_per_week",
                           "cost_per_occurrence"),
    "measurements": ("value",),
    "savings_entries": ("amount",),
    "event_log_events": ("case_code", "activity_code"),
    "attachments": ("size_bytes",),
    "pdca_cycles": ("target_from", "target_to"),
}

# Short names for the sums in the printed table.
_LABELS = {"expected_savings": "expected", "implementation_cost": "cost",
           "minutes_per_occurrence": "minutes", "occurrences_per_week": "occurrences",
           "cost_per_occurrence": "cost", "size_bytes": "bytes", "target_from": "from",
           "target_to": "to"}

Progress = Callable[[str, int, int], None]  # table, rows done, rows in the table


class CopyRefused(RuntimeError):
    """The copy was not started (or was rolled back); the message says why, in words."""


@dataclass(frozen=True, slots=True)
class TableCopy:
    """One table: rows and sums read on the source and on the target after the copy."""

    table: str
    source_rows: int
    target_rows: int
    sums: dict[str, tuple[float, float]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.source_rows == self.target_rows and all(
            _same(a, b) for a, b in self.sums.values()
        )


@dataclass(slots=True)
class CopyReport:
    source_url: str
    target_url: str
    revision: str
    tables: list[TableCopy] = field(default_factory=list)
    schema_created: bool = False
    attachments_copied: int = 0
    attachments_present: int = 0
    attachments_missing: int = 0
    attachments_skipped: str = ""  # why the files were not copied, when they were not
    audit_chain: ChainReport | None = None  # the trail's hash chain, verified in the target
    seconds: float = 0.0

    @property
    def total_rows(self) -> int:
        return sum(t.target_rows for t in self.tables)

    def table_text(self) -> str:
        """What was copied, as a plain-text table for the terminal."""
        # Table and column names and the sums' short names are the schema's own (not words).
        lines = [translate("db.copy", "Table").ljust(20) + translate("db.copy", "Rows").rjust(9)
                 + "  " + translate("db.copy", "Sums equal on both sides")]
        for t in self.tables:
            checks = ", ".join(f"{_LABELS.get(name, name)} {b:,.2f}"
                               for name, (_a, b) in t.sums.items() if name != "id")
            lines.append(f"{t.table:<20}{format_number(t.target_rows):>9}  "
                         f"{checks or ('ids' if 'id' in t.sums else '-')}")
        lines.append(translate("db.copy", "total").ljust(20)
                     + format_number(self.total_rows).rjust(9))
        return "\n".join(lines)


def _same(a: float, b: float) -> bool:
    # Float sums may differ in the last bits when the two engines add in another order.
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)


def default_attachments_dir(url: str) -> Path | None:
    """The attachments folder beside a SQLite file (the data folder's layout), else None."""
    path = sqlite_url_path(url)
    if path is None:
        return None
    return path.expanduser().parent / "attachments"


def copy_database(source_url: str, target_url: str, *,
                  attachments_from: Path | None = None, attachments_to: Path | None = None,
                  batch_rows: int = BATCH_ROWS, progress: Progress | None = None) -> CopyReport:
    """Copy everything in ``source_url`` into the empty database at ``target_url``."""
    if _same_place(source_url, target_url):
        raise CopyRefused(translate("db.copy", "The source and the target are the same database."))
    started = time.perf_counter()
    source = Database(source_url)
    target = Database(target_url)
    try:
        report = _copy(source, target, attachments_from=attachments_from,
                       attachments_to=attachments_to, batch_rows=batch_rows, progress=progress)
    finally:
        source.dispose()
        target.dispose()
    report.seconds = time.perf_counter() - started
    return report


def _same_place(a: str, b: str) -> bool:
    from sqlalchemy.engine import make_url

    ua, ub = make_url(a), make_url(b)
    if ua.get_backend_name() == ub.get_backend_name() == "sqlite" and ua.database and ub.database:
        return os.path.realpath(ua.database) == os.path.realpath(ub.database)
    return ua.set(drivername=ua.get_backend_name()) == ub.set(drivername=ub.get_backend_name())


def _copy(source: Database, target: Database, *, attachments_from: Path | None,
          attachments_to: Path | None, batch_rows: int, progress: Progress | None) -> CopyReport:
    revision, created = _check_schemas(source, target)
    report = CopyReport(source_url=_safe_url(source.url), target_url=_safe_url(target.url),
                        revision=revision, schema_created=created)
    tables = list(Base.metadata.sorted_tables)
    with _snapshot(source) as src, target.engine.begin() as dst:
        _refuse_non_empty(dst, tables)
        _refuse_bad_file_refs(src)
        with fts_triggers_suspended(dst):
            for table in tables:
                _copy_table(src, dst, table, batch_rows, progress)
        advance_id_sequences(dst, tables)
        for table in tables:
            report.tables.append(_compare(src, dst, table))
        bad = [t for t in report.tables if not t.ok]
        if bad:
            raise CopyRefused(translate(
                "db.copy", "The copy did not match the source ({tables}); nothing was written "
                "to the target.").format(tables=", ".join(t.table for t in bad)))
        report.audit_chain = verify_chain(dst)
        if report.audit_chain.chained and not report.audit_chain.ok:
            raise CopyRefused(
                translate(
                    "db.copy",
                    "The audit trail does not verify in the copy: {describe}. "
                    "Nothing was written to the target; `kaizen --db SOURCE db "
                    "check` shows the source's trail.",
                ).format(describe=report.audit_chain.describe())
            )
        _copy_attachments(src, source.url, target.url, attachments_from, attachments_to, report)
    return report


def _safe_url(url: str) -> str:
    """The URL without its password, for printing."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _check_schemas(source: Database, target: Database) -> tuple[str, bool]:
    for db, is_source in ((source, True), (target, False)):
        try:
            migrate.refuse_foreign_file(db)
        except migrate.MigrationError as exc:
            message = (translate("db.copy", "The source: {exc}") if is_source
                       else translate("db.copy", "The target: {exc}"))
            raise CopyRefused(message.format(exc=exc)) from None
    src = migrate.schema_status(source)
    if src.state in (migrate.SchemaState.EMPTY, migrate.SchemaState.UNVERSIONED):
        raise CopyRefused(
            translate("db.copy", "The source is not a Kaizen database (it has no Kaizen schema).")
        )
    dst = migrate.schema_status(target)
    newer = [side for side, status in (("source", src), ("target", dst))
             if status.state is migrate.SchemaState.NEWER]
    if newer:
        # `db upgrade` cannot help here: only a newer Kaizen knows that schema.
        if len(newer) == 2:
            message = translate(
                "db.copy",
                "The source and the target were written by a newer Kaizen (source at revision "
                "{current}, target at {target}; this version knows up to {head}). Copy with that "
                "newer Kaizen; nothing was written.")
        elif newer == ["source"]:
            message = translate(
                "db.copy",
                "The source was written by a newer Kaizen (source at revision {current}, target "
                "at {target}; this version knows up to {head}). Copy with that newer Kaizen; "
                "nothing was written.")
        else:
            message = translate(
                "db.copy",
                "The target was written by a newer Kaizen (source at revision {current}, target "
                "at {target}; this version knows up to {head}). Copy with that newer Kaizen; "
                "nothing was written.")
        raise CopyRefused(message.format(
            current=src.current, target=dst.current or translate("db.copy", "none"),
            head=src.head))
    created = False
    if dst.state is migrate.SchemaState.EMPTY:
        if src.current != src.head:
            raise CopyRefused(
                translate(
                    "db.copy",
                    "The source is at schema revision {current}, not this app's "
                    "newest ({head}). Upgrade it first (`kaizen --db SOURCE db "
                    "upgrade`), then copy.",
                ).format(current=src.current, head=src.head)
            )
        migrate.upgrade(target)
        created = True
        dst = migrate.schema_status(target)
    if dst.state is migrate.SchemaState.UNVERSIONED:
        raise CopyRefused(
            translate(
                "db.copy",
                "The target has tables but no Kaizen schema; copy into an empty database.",
            )
        )
    if src.current != dst.current:
        raise CopyRefused(
            translate(
                "db.copy",
                "The source is at schema revision {current} and the target "
                "at {current2}. Bring both to the same revision with `kaizen "
                "--db URL db upgrade`, then copy.",
            ).format(current=src.current, current2=dst.current)
        )
    assert src.current is not None
    return src.current, created


@contextmanager
def _snapshot(db: Database) -> Iterator[Connection]:
    """One read transaction on the source: every table is read as of the same moment."""
    with db.engine.connect() as conn:
        if db.is_sqlite:
            # A deferred BEGIN: a read in WAL mode sees one snapshot and blocks no writer.
            conn = conn.execution_options(kaizen_sqlite_begin="DEFERRED")
        else:
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            yield conn


def _refuse_non_empty(dst: Connection, tables: list[Table]) -> None:
    filled = [t.name for t in tables
              if dst.execute(select(func.count()).select_from(t)).scalar_one()]
    if filled:
        raise CopyRefused(translate(
            "db.copy", "The target database is not empty (it holds {tables}). Copy only into a "
            "new, empty database; nothing was changed.",
        ).format(tables=", ".join(filled[:5]) + (", ..." if len(filled) > 5 else "")))


def _primary_key(table: Table) -> list[Column[Any]]:
    return list(table.primary_key.columns)


def _self_references(table: Table) -> list[str]:
    return [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]


def _copy_table(src: Connection, dst: Connection, table: Table, batch_rows: int,
                progress: Progress | None) -> None:
    total = src.execute(select(func.count()).select_from(table)).scalar_one()
    done = 0
    if progress is not None:
        progress(table.name, 0, total)
    # A row pointing at a later row of its own table (a parent area made after its child) is
    # inserted without that reference, which is set once every row is in.
    self_refs = _self_references(table)
    seen: set[Any] = set()
    later: list[tuple[Any, dict[str, Any]]] = []
    result = src.execution_options(yield_per=batch_rows).execute(
        select(table).order_by(*_primary_key(table)))
    for rows in result.partitions():
        batch = [row._asdict() for row in rows]
        if self_refs:
            for row in batch:
                seen.add(row["id"])
                pending = {c: row[c] for c in self_refs
                           if row[c] is not None and row[c] not in seen}
                if pending:
                    later.append((row["id"], pending))
                    row.update(dict.fromkeys(pending))
        dst.execute(table.insert(), batch)
        done += len(batch)
        if progress is not None:
            progress(table.name, done, total)
    for row_id, values in later:
        dst.execute(table.update().where(table.c.id == row_id).values(**values))


def _measures(conn: Connection, table: Table) -> tuple[int, dict[str, float]]:
    columns = [name for name in ("id", *KEY_SUMS.get(table.name, ())) if name in table.c]
    query = select(func.count(), *(func.coalesce(func.sum(table.c[c]), 0) for c in columns))
    row = conn.execute(query.select_from(table)).one()
    return int(row[0]), {c: float(v) for c, v in zip(columns, row[1:], strict=True)}


def _compare(src: Connection, dst: Connection, table: Table) -> TableCopy:
    rows_a, sums_a = _measures(src, table)
    rows_b, sums_b = _measures(dst, table)
    return TableCopy(table=table.name, source_rows=rows_a, target_rows=rows_b,
                     sums={c: (sums_a[c], sums_b[c]) for c in sums_a})


def _refuse_bad_file_refs(src: Connection) -> None:
    """CopyRefused, before any file is looked at, when a source row's file reference is not a
    SHA-256 (a crafted or damaged database could otherwise name a file outside the folder)."""
    from kaizen.db.models import Attachment

    rows = src.execute(select(Attachment.id, Attachment.sha256).order_by(Attachment.id))
    bad = [(row_id, sha) for row_id, sha in rows if not is_file_ref(sha)]
    if bad:
        row_id, sha = bad[0]
        raise CopyRefused(
            translate(
                "db.copy",
                "The source's photo #{row_id} names its file as {shown}, not "
                "as 64 lowercase hex digits ({count} such photo rows); a "
                "damaged or crafted database. No file was read and nothing "
                "was written to the target.",
            ).format(row_id=row_id, shown=shown(sha), count=len(bad))
        )


def _copy_attachments(src: Connection, source_url: str, target_url: str,
                      attachments_from: Path | None, attachments_to: Path | None,
                      report: CopyReport) -> None:
    """Copy the photo files the source's rows refer to; before the target commits, so a file
    that cannot be copied rolls the rows back too (files first, as the app saves them)."""
    from kaizen.db.models import Attachment

    rows = src.execute(select(Attachment.sha256).distinct()).scalars().all()
    if not rows:
        return
    origin = attachments_from or default_attachments_dir(source_url)
    dest = attachments_to or default_attachments_dir(target_url)
    if origin is None or dest is None:
        report.attachments_skipped = translate(
            "db.copy", "{count} photo files were not copied: give the folder with {option}."
        ).format(count=len(rows),
                 option="--attachments-from" if origin is None else "--attachments-to")
        return
    if origin.resolve() == dest.resolve():
        report.attachments_present = len(rows)
        return
    for sha in rows:
        # Each name is checked again, resolved, to be inside the source folder (no symlink out).
        try:
            found = [stored_path(origin, sha, path.suffix[1:])
                     for path in sorted((origin / sha[:2]).glob(f"{sha}.*"))]
        except BadFileReference as exc:
            raise CopyRefused(
                translate("db.copy", "{message} Nothing was written to the target.").format(
                    message=exc.message
                )
            ) from None
        if not found:
            report.attachments_missing += 1
            continue
        for path in found:
            try:
                target = stored_path(dest, sha, path.suffix[1:])
            except BadFileReference as exc:
                raise CopyRefused(
                    translate("db.copy", "{message} Nothing was written to the target.").format(
                        message=exc.message
                    )
                ) from None
            if target.exists() and target.stat().st_size == path.stat().st_size:
                report.attachments_present += 1
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(f".{target.name}.part")
            shutil.copyfile(path, partial)
            os.replace(partial, target)
            report.attachments_copied += 1
