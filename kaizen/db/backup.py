"""Backups, restores and health checks of a SQLite database.

Backups use SQLite's online backup API (never a file copy of a live database), are verified by
opening the copy and running ``integrity_check``, and are never taken of a damaged database.
Rotation keeps the newest few plus one a week and one a month. :func:`backup_if_due` is what the
app and the command line call on start: a backup when the newest one is over a day old.

The copy is taken in one step of the backup API, inside one read transaction: in WAL mode that
read never blocks writers, and the copy is the database as of one moment however much is written
meanwhile (copying a few pages per step would restart on every write by another connection, and
under steady writes would never finish). Backups are switched to rollback-journal mode so each is
one self-contained file.

:func:`describe_backup` reads what a backup holds (date, schema revision, counts, newest idea)
for the restore preview; :func:`restore_backup` puts one back: the current file (with its -wal and
-shm) is renamed aside, never deleted, and the backup is written into place through the backup API
and verified.

Issue 14: a copy counts as verified only when it holds what the source held at the moment copied
(page count and rows per table, read in the copy's own read transaction), not merely because it
opens; two backups in the same second get two names (``…-manual.2.kaizen-backup.db``), claimed
with ``O_EXCL`` and published without ever replacing a backup; a restore refuses while another
process has the database open (:mod:`kaizen.db.presence`), naming it.
"""

from __future__ import annotations

import itertools
import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from glob import escape as glob_escape
from pathlib import Path

from sqlalchemy import inspect, text

from kaizen.db import presence
from kaizen.db.engine import BUSY_TIMEOUT_MS, Database
from kaizen.db.marking import classify_file
from kaizen.db.uri import file_uri, sqlite_url_path
from kaizen.domain.numbers import format_number
from kaizen.i18n import translate

BACKUP_SUFFIX = ".kaizen-backup.db"
KEEP_NEWEST = 7
KEEP_WEEKLY = 8
KEEP_MONTHLY = 12
# How old the newest backup may be before the app takes one on start.
BACKUP_EVERY = timedelta(days=1)
STAMP_FORMAT = "%Y%m%d-%H%M%S"
SIDECARS = ("-wal", "-shm", "-journal")


class BackupError(RuntimeError):
    pass


class DatabaseInUse(BackupError):
    """Another process has the database open: replacing the file under it would lose its saves."""

    def __init__(self, holders: list[presence.Holder]) -> None:
        self.holders = holders
        super().__init__(translate(
            "db.backup",
            "the database is open in another Kaizen program: {holders}. Close Kaizen there first "
            "(its saves would otherwise go into the file set aside); nothing was restored.",
        ).format(holders=presence.describe(holders)))


def refuse_if_open_elsewhere(db_file: Path) -> None:
    """DatabaseInUse when any other process has ``db_file`` open (see kaizen.db.presence)."""
    holders = presence.others(db_file)
    if holders:
        raise DatabaseInUse(holders)


@dataclass(slots=True)
class HealthReport:
    quick_check: str = "not run"
    integrity_check: str = "not run"
    foreign_key_problems: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def sqlite_path(db: Database) -> Path:
    """The file of a local SQLite database, or BackupError for any other database."""
    return _sqlite_path(db)


def _sqlite_path(db: Database) -> Path:
    path = sqlite_url_path(db.url)
    if path is None:
        raise BackupError(
            translate("db.backup", "Backups from the app are for local SQLite databases only.")
        )
    return path


def check_sqlite_file(path: Path, *, full: bool = True) -> HealthReport:
    """Open the file read-only and run SQLite's own checks."""
    report = HealthReport()
    try:
        conn = sqlite3.connect(file_uri(path, mode="ro"), uri=True)
    except sqlite3.Error as exc:
        report.problems.append(translate("db.backup", "cannot open: {exc}").format(exc=exc))
        return report
    try:
        report.quick_check = conn.execute("PRAGMA quick_check").fetchone()[0]
        if report.quick_check != "ok":
            report.problems.append(f"quick_check: {report.quick_check}")
        if full:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
            report.integrity_check = "; ".join(r[0] for r in rows)
            if report.integrity_check != "ok":
                report.problems.append(f"integrity_check: {report.integrity_check}")
        report.foreign_key_problems = len(conn.execute("PRAGMA foreign_key_check").fetchall())
        if report.foreign_key_problems:
            report.problems.append(translate("db.backup", "{count} broken references").format(
                count=report.foreign_key_problems))
    except sqlite3.DatabaseError as exc:
        report.problems.append(
            translate("db.backup", "not a readable database: {exc}").format(exc=exc))
    finally:
        conn.close()
    return report


def backup_sqlite(db: Database, backup_dir: Path, *, reason: str = "manual",
                  now: datetime | None = None) -> Path:
    """Copy the live database through the backup API, verify the copy, rotate old copies."""
    source = _sqlite_path(db)
    health = check_sqlite_file(source, full=False)
    if not health.ok:
        raise BackupError(
            translate("db.backup", "the database is damaged ({problems}); not backed up").format(
                problems="; ".join(health.problems)
            )
        )
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = (now or datetime.now()).strftime(STAMP_FORMAT)
    partial = _claim_partial(backup_dir, f"{stamp}-{reason}")
    try:
        try:
            expected = _copy_through_backup_api(source, partial)
        except sqlite3.Error as exc:
            raise BackupError(
                translate("db.backup", "the backup could not be written ({exc})").format(exc=exc)
            ) from exc
        _verify_copy(partial, expected, translate("db.backup", "the backup did not verify"))
        target = _publish(partial, backup_dir, f"{stamp}-{reason}")
    finally:
        _remove_with_sidecars(partial)
    rotate_backups(backup_dir)
    return target


def _backup_name(base: str, number: int) -> str:
    """``<stamp>-<reason>.kaizen-backup.db``, then ``<stamp>-<reason>.2.kaizen-backup.db`` ... for
    more backups in the same second (the number sorts them, see :func:`list_backups`)."""
    return f"{base}{BACKUP_SUFFIX}" if number == 1 else f"{base}.{number}{BACKUP_SUFFIX}"


def _last_number(backup_dir: Path, base: str) -> int:
    """The highest number of a backup (or a backup being written) named after ``base``: a new
    one gets a higher number even when rotation has deleted the first ones of that second."""
    last = 0
    for path in backup_dir.glob(f"{glob_escape(base)}*"):
        name = path.name.removesuffix(".partial")
        if name == _backup_name(base, 1):
            last = max(last, 1)
        elif name.startswith(f"{base}.") and name.endswith(BACKUP_SUFFIX):
            number = name[len(base) + 1:-len(BACKUP_SUFFIX)]
            if number.isdigit():
                last = max(last, int(number))
    return last


def _claim_partial(backup_dir: Path, base: str) -> Path:
    """A new, empty ``.partial`` file of our own (created with O_EXCL), numbered after every
    backup of the same second: two backups started in the same second, in one process or two,
    never write into the same file nor take the same name."""
    for number in itertools.count(_last_number(backup_dir, base) + 1):
        partial = backup_dir / (_backup_name(base, number) + ".partial")
        try:
            os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            continue
        return partial
    raise AssertionError("unreachable")


def _publish(partial: Path, backup_dir: Path, base: str) -> Path:
    """Give the verified copy its name (the partial's without ``.partial``), never replacing an
    existing backup: ``os.link`` fails when the name is taken, and the next free number is used."""
    target = partial.with_name(partial.name.removesuffix(".partial"))
    while True:
        try:
            os.link(partial, target)
        except FileExistsError:
            target = backup_dir / _backup_name(base, _last_number(backup_dir, base) + 1)
            continue
        except OSError:
            # A file system without hard links: the name was free a moment ago.
            os.replace(partial, target)
        return target


@dataclass(frozen=True, slots=True)
class Content:
    """What a database file holds, to compare a copy with its source: pages and rows."""

    page_count: int
    rows: dict[str, int]

    def differences(self, other: Content) -> list[str]:
        """How ``other`` (the copy) differs from this (the source), in words."""
        found = []
        if other.page_count != self.page_count:
            found.append(translate("db.backup", "{got} pages instead of {want}").format(
                got=other.page_count, want=self.page_count))
        for table in sorted(self.rows.keys() | other.rows.keys()):
            want, got = self.rows.get(table), other.rows.get(table)
            if got is None:
                found.append(translate("db.backup", "table {table} missing").format(table=table))
            elif want is None:
                found.append(translate("db.backup", "table {table} not in the source").format(
                    table=table))
            elif want != got:
                found.append(translate("db.backup", "{table}: {got} rows instead of {want}")
                             .format(table=table, got=got, want=want))
        return found


def read_content(conn: sqlite3.Connection) -> Content:
    """Page count and the rows of every ordinary table, as the connection sees the database."""
    page_count = int(conn.execute("PRAGMA page_count").fetchone()[0])
    tables = [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' "
        "AND coalesce(sql, '') NOT LIKE 'CREATE VIRTUAL%' ORDER BY name")]
    rows = {table: int(conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
            for table in tables}
    return Content(page_count=page_count, rows=rows)


def _verify_copy(copy: Path, expected: Content, what: str) -> None:
    """The copy passes SQLite's checks AND holds what the source held (same pages, same rows
    in every table): a file that merely opens (an empty stray file) is not a backup."""
    verified = check_sqlite_file(copy)
    if not verified.ok:
        raise BackupError(f"{what} ({'; '.join(verified.problems)})")
    try:
        with closing(sqlite3.connect(file_uri(copy, mode="ro"), uri=True)) as conn:
            got = read_content(conn)
    except sqlite3.Error as exc:
        raise BackupError(
            translate("db.backup", "{what} (cannot be read back: {exc})").format(what=what, exc=exc)
        ) from exc
    differences = expected.differences(got)
    if differences:
        raise BackupError(
            translate(
                "db.backup", "{what}: its content differs from the database's ({differences})"
            ).format(what=what, differences="; ".join(differences[:5]))
        )


def _copy_through_backup_api(source: Path, target: Path, *, read_only: bool = False) -> Content:
    """Copy ``source`` into the new file ``target`` in one backup step (one consistent read), then
    make the copy a single self-contained file (rollback journal, no -wal/-shm).

    Returns what the source held at the moment copied (pages, rows per table), read in the same
    read transaction as the copy, for :func:`_verify_copy`.
    """
    # mode=rw: a source that has gone must fail here, never be created empty and "copied".
    uri = file_uri(source, mode="ro" if read_only else "rw")
    with closing(sqlite3.connect(uri, uri=True, isolation_level=None)) as src, \
            closing(sqlite3.connect(file_uri(target, mode="rw"), uri=True)) as dst:
        src.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        # One read transaction for the counts and the copy: both see the same snapshot.
        src.execute("BEGIN")
        try:
            content = read_content(src)
            src.backup(dst)  # pages=-1: every page in one step
        finally:
            src.execute("COMMIT")
        dst.execute("PRAGMA journal_mode=DELETE")
        dst.commit()
    return content


def _remove_with_sidecars(path: Path) -> None:
    for suffix in ("", *SIDECARS):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


_NUMBERED = re.compile(r"\.(\d+)" + re.escape(BACKUP_SUFFIX) + "$")


def _order(path: Path) -> tuple[str, int, str]:
    # By the stamp, then by the number of a later backup of the same second (…-manual.2.…).
    numbered = _NUMBERED.search(path.name)
    return (path.name[:15], int(numbered.group(1)) if numbered else 1, path.name)


def list_backups(backup_dir: Path) -> list[Path]:
    """Backups, newest first."""
    if not backup_dir.exists():
        return []
    return sorted(backup_dir.glob(f"*{BACKUP_SUFFIX}"), key=_order, reverse=True)


def _stamp(path: Path) -> datetime | None:
    try:
        return datetime.strptime(path.name[:15], STAMP_FORMAT)
    except ValueError:
        return None


def backup_time(path: Path) -> datetime:
    """When a backup was taken: the stamp in its name, else the file's modification time."""
    stamp = _stamp(path)
    if stamp is not None:
        return stamp
    return datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)


def newest_backup_time(backup_dir: Path) -> datetime | None:
    backups = list_backups(backup_dir)
    return backup_time(backups[0]) if backups else None


def backup_if_due(db: Database, backup_dir: Path, now: datetime | None = None, *,
                  every: timedelta = BACKUP_EVERY) -> Path | None:
    """Take a verified backup when the newest is older than ``every`` (or there is none).

    Returns the new backup, or None when none was due (or there is nothing to back up: another
    kind of database, or no database file yet). Raises BackupError when the database is damaged
    or the copy does not verify.
    """
    if not db.is_sqlite:
        return None
    source = _sqlite_path(db)
    if not source.is_file() or source.stat().st_size == 0:
        return None
    moment = now or datetime.now()
    newest = newest_backup_time(backup_dir)
    # A newest backup "from the future" (the clock was changed) does not count as recent.
    if newest is not None and timedelta(0) <= moment - newest < every:
        return None
    return backup_sqlite(db, backup_dir, reason="auto", now=moment)


def rotate_backups(backup_dir: Path) -> list[Path]:
    """Keep the newest few, the newest of each of the last weeks and months; delete the rest."""
    backups = [(p, _stamp(p)) for p in list_backups(backup_dir)]
    keep: set[Path] = {p for p, _ in backups[:KEEP_NEWEST]}
    weeks: set[tuple[int, int]] = set()
    months: set[tuple[int, int]] = set()
    for path, stamp in backups:
        if stamp is None:
            keep.add(path)
            continue
        week = stamp.isocalendar()[:2]
        if week not in weeks and len(weeks) < KEEP_WEEKLY:
            weeks.add(week)
            keep.add(path)
        month = (stamp.year, stamp.month)
        if month not in months and len(months) < KEEP_MONTHLY:
            months.add(month)
            keep.add(path)
    removed = [p for p, _ in backups if p not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def check_database(db: Database) -> HealthReport:
    return check_sqlite_file(_sqlite_path(db))


# --- what a backup holds, and putting one back ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class BackupSummary:
    """What a backup (or any Kaizen database file) holds, for a preview before restoring it."""

    path: Path
    taken_at: datetime
    size_bytes: int
    ok: bool
    problem: str = ""
    revision: str | None = None
    people: int = 0
    ideas: int = 0
    observations: int = 0
    cycles: int = 0
    newest_idea_at: datetime | None = None

    def describe(self) -> str:
        """The preview in plain words, one fact a line."""
        lines = [
            translate("db.backup", "Backup taken {at:%Y-%m-%d %H:%M}").format(at=self.taken_at),
            translate("db.backup", "File: {path}").format(path=self.path),
            translate("db.backup", "Size: {size} MB").format(
                size=format_number(self.size_bytes / 1_048_576, 1)),
        ]
        if not self.ok:
            lines.append(translate("db.backup", "Unusable: {problem}").format(problem=self.problem))
            return "\n".join(lines)
        newest = (f"{self.newest_idea_at:%Y-%m-%d %H:%M}" if self.newest_idea_at
                  else translate("db.backup", "none"))
        lines += [
            translate("db.backup", "Schema revision: {revision}").format(
                revision=self.revision or translate("db.backup", "none (an empty database)")),
            translate("db.backup", "People: {count}").format(count=format_number(self.people)),
            translate("db.backup", "Ideas: {count}").format(count=format_number(self.ideas)),
            translate("db.backup", "Waste observations: {count}").format(
                count=format_number(self.observations)),
            translate("db.backup", "PDCA cycles: {count}").format(
                count=format_number(self.cycles)),
            translate("db.backup", "Newest idea: {newest}").format(newest=newest),
        ]
        return "\n".join(lines)


_COUNTED = {
    "people": "people",
    "ideas": "suggestions",
    "observations": "waste_observations",
    "cycles": "pdca_cycles",
}


def describe_backup(path: Path, *, full_check: bool = False) -> BackupSummary:
    """Open ``path`` read-only and say what it holds; never raises for a bad file.

    ``quick_check`` runs always, the full ``integrity_check`` when ``full_check`` is set.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        taken = backup_time(path)
    except OSError as exc:
        return BackupSummary(path=path, taken_at=datetime.min, size_bytes=0, ok=False,
                             problem=translate("db.backup", "cannot be read ({reason})").format(
                                 reason=exc.strerror or exc))
    health = check_sqlite_file(path, full=full_check)
    if not health.ok or size == 0:
        problem = "; ".join(health.problems) or translate("db.backup", "the file is empty")
        return BackupSummary(path=path, taken_at=taken, size_bytes=size, ok=False,
                             problem=problem)
    kind = classify_file(path)  # only Kaizen's own files (marked, or an older Kaizen's) restore
    if not kind.is_kaizen:
        return BackupSummary(path=path, taken_at=taken, size_bytes=size, ok=False,
                             problem=kind.why or translate(
                                 "db.backup",
                                 "{name} is not a Kaizen database: it holds no tables at all",
                             ).format(name=path.name))
    counts: dict[str, int] = {}
    revision: str | None = None
    newest: datetime | None = None
    try:
        with closing(sqlite3.connect(file_uri(path, mode="ro"), uri=True)) as conn:
            tables = {row[0] for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
            for key, table in _COUNTED.items():
                counts[key] = (conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                               if table in tables else 0)
            if "suggestions" in tables:
                raw = conn.execute("SELECT max(created_at) FROM suggestions").fetchone()[0]
                newest = _parse_time(raw)
    except sqlite3.Error as exc:
        return BackupSummary(path=path, taken_at=taken, size_bytes=size, ok=False,
                             problem=translate("db.backup",
                                               "not a readable Kaizen database ({exc})"
                                               ).format(exc=exc))
    return BackupSummary(path=path, taken_at=taken, size_bytes=size, ok=True, revision=revision,
                         newest_idea_at=newest, people=counts["people"], ideas=counts["ideas"],
                         observations=counts["observations"], cycles=counts["cycles"])


def _parse_time(raw: object) -> datetime | None:
    if not isinstance(raw, str):
        return None
    try:
        return datetime.fromisoformat(raw)
    except ValueError:
        return None


def describe_backups(backup_dir: Path) -> Iterator[BackupSummary]:
    """Every backup of the folder, newest first, each with what it holds."""
    for path in list_backups(backup_dir):
        yield describe_backup(path)


@dataclass(frozen=True, slots=True)
class RestoreOutcome:
    restored: Path  # the database file, now holding the backup's data
    set_aside: Path | None  # where the file it replaced was kept (None: there was none)
    summary: BackupSummary  # what was restored


def aside_name(path: Path, label: str, now: datetime) -> Path:
    """A free name beside ``path`` for setting it aside: ``kaizen.db.<label>-YYYYmmdd-HHMMSS``."""
    base = f"{path.name}.{label}-{now.strftime(STAMP_FORMAT)}"
    candidate = path.with_name(base)
    number = 2
    while any(Path(f"{candidate}{suffix}").exists() for suffix in ("", *SIDECARS)):
        candidate = path.with_name(f"{base}-{number}")
        number += 1
    return candidate


def set_aside(path: Path, label: str, now: datetime) -> Path | None:
    """Rename ``path`` and its -wal/-shm/-journal files aside (never delete them).

    The sidecars keep SQLite's naming (``<new name>-wal``), so opening the set-aside file still
    finds the last commits in its WAL. Returns the new name, or None when there was no file.
    """
    if not any(Path(f"{path}{suffix}").exists() for suffix in ("", *SIDECARS)):
        return None
    target = aside_name(path, label, now)
    for suffix in ("", *SIDECARS):
        old = Path(f"{path}{suffix}")
        if old.exists():
            os.replace(old, Path(f"{target}{suffix}"))
    return target


def restore_backup(backup: Path, db_file: Path, *, now: datetime | None = None,
                   label: str = "before-restore") -> RestoreOutcome:
    """Put ``backup`` in place of ``db_file``.

    The backup is checked in full first, then copied through the backup API beside the database
    and verified; only then is the current file (with its -wal/-shm) renamed aside and the copy
    moved into place. Nobody may have the database open meanwhile (the app closes its
    connections first; see :meth:`kaizen.db.engine.Database.maintenance`).
    """
    backup, db_file = Path(backup), Path(db_file)
    refuse_if_open_elsewhere(db_file)  # at once, before the copy: the usual refusal
    summary = describe_backup(backup, full_check=True)
    if not summary.ok:
        raise BackupError(
            translate("db.backup", "{name} cannot be restored: {problem}").format(
                name=backup.name, problem=summary.problem
            )
        )
    moment = now or datetime.now()
    incoming = db_file.with_name(db_file.name + ".restoring")
    _remove_with_sidecars(incoming)
    incoming.touch()
    try:
        expected = _copy_through_backup_api(backup, incoming, read_only=True)
        _verify_copy(incoming, expected,
                     translate("db.backup", "the restored copy did not verify"))
    except sqlite3.Error as exc:
        _remove_with_sidecars(incoming)
        raise BackupError(
            translate("db.backup", "the backup could not be copied ({exc})").format(exc=exc)
        ) from exc
    except BackupError:
        _remove_with_sidecars(incoming)
        raise
    try:
        # Again with the gate held, so that nobody opens the database between this check and
        # the swap; and with the old file's write lock, so a program that is not registered
        # (an older Kaizen) is not in the middle of a commit into it: its next write sees
        # the file replaced and stops (kaizen.db.engine.DatabaseReplaced).
        with presence.exclusive(db_file) as holders:
            if holders:
                raise DatabaseInUse(holders)
            with _write_locked(db_file):
                aside = set_aside(db_file, label, moment)
                os.replace(incoming, db_file)
    except BaseException:
        _remove_with_sidecars(incoming)
        raise
    with suppress(OSError):
        _fsync_dir(db_file.parent)
    final = check_sqlite_file(db_file)
    if not final.ok:
        raise BackupError(
            translate("db.backup", "the restored database did not verify ({problems})").format(
                problems="; ".join(final.problems)
            )
        )
    return RestoreOutcome(restored=db_file, set_aside=aside, summary=summary)


@contextmanager
def _write_locked(db_file: Path) -> Iterator[None]:
    """Hold the write lock of ``db_file`` (when it is a readable database) for the block."""
    conn = None
    if db_file.is_file():
        try:
            conn = sqlite3.connect(file_uri(db_file, mode="rw"), uri=True, isolation_level=None,
                                   timeout=BUSY_TIMEOUT_MS / 1000)
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error:
            # A damaged or foreign file: nobody commits into it through SQLite either.
            if conn is not None:
                conn.close()
            conn = None
    try:
        yield
    finally:
        if conn is not None:
            with suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            conn.close()


def _fsync_dir(folder: Path) -> None:
    # The renames are only durable once the folder's entry is on disk (POSIX; no-op elsewhere).
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# Triggers that keep the audit trail append-only (made by migration 0001), and the one that
# refuses inserts other than a new event at the end (revision 0006, with the hash chain).
_SQLITE_AUDIT_TRIGGERS = ("audit_events_no_update", "audit_events_no_delete")
_POSTGRES_AUDIT_TRIGGERS = ("audit_events_append_only",)
_APPEND_TRIGGER = "audit_events_append_at_end"


def audit_guard_present(db: Database) -> bool:
    """True when the database's own triggers refuse UPDATE and DELETE on the audit trail (and,
    once it is hash-chained, any INSERT that is not a new event at its end); on PostgreSQL they
    must also be enabled."""
    with db.engine.connect() as conn:
        chained = any(c["name"] == "row_hash" for c in inspect(conn).get_columns("audit_events"))
        wanted: tuple[str, ...]
        if db.is_sqlite:
            names = {row[0] for row in conn.execute(text(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name = 'audit_events'"))}
            wanted = _SQLITE_AUDIT_TRIGGERS
        else:
            names = {row[0] for row in conn.execute(text(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_events'::regclass "
                "AND NOT tgisinternal AND tgenabled <> 'D'"))}
            wanted = _POSTGRES_AUDIT_TRIGGERS
        return all(name in names for name in (*wanted, *((_APPEND_TRIGGER,) if chained else ())))


def describe_age(then: datetime, now: datetime) -> str:
    """'3 hours ago', '2 days ago': how old a backup is, in words."""
    seconds = (now - then).total_seconds()
    if seconds < 0:
        return translate("db.backup", "in the future (check the computer's clock)")
    for size, unit in ((86_400, "day"), (3_600, "hour"), (60, "minute")):
        if seconds >= size:
            amount = int(seconds // size)
            return _ago(amount, unit).format(amount=amount)
    return translate("db.backup", "just now")


def _ago(amount: int, unit: str) -> str:
    """The words of "{amount} days ago", one message per unit and number (built at call time)."""
    one = amount == 1
    if unit == "day":
        return (translate("db.backup", "{amount} day ago") if one
                else translate("db.backup", "{amount} days ago"))
    if unit == "hour":
        return (translate("db.backup", "{amount} hour ago") if one
                else translate("db.backup", "{amount} hours ago"))
    return (translate("db.backup", "{amount} minute ago") if one
            else translate("db.backup", "{amount} minutes ago"))
