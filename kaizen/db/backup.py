"""Backups and health checks of a SQLite database.

Backups use SQLite's online backup API (never a file copy of a live database), are verified by
opening the copy and running ``integrity_check``, and are never taken of a damaged database.
Rotation keeps the newest few plus one a week and one a month.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from kaizen.db.engine import Database

BACKUP_SUFFIX = ".kaizen-backup.db"
KEEP_NEWEST = 7
KEEP_WEEKLY = 8
KEEP_MONTHLY = 12


class BackupError(RuntimeError):
    pass


@dataclass(slots=True)
class HealthReport:
    quick_check: str = "not run"
    integrity_check: str = "not run"
    foreign_key_problems: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _sqlite_path(db: Database) -> Path:
    prefix = "sqlite:///"
    if not db.url.startswith(prefix):
        raise BackupError("Backups from the app are for local SQLite databases only.")
    return Path(db.url[len(prefix):].split("?", 1)[0])


def check_sqlite_file(path: Path, *, full: bool = True) -> HealthReport:
    """Open the file read-only and run SQLite's own checks."""
    report = HealthReport()
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        report.problems.append(f"cannot open: {exc}")
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
            report.problems.append(f"{report.foreign_key_problems} broken references")
    except sqlite3.DatabaseError as exc:
        report.problems.append(f"not a readable database: {exc}")
    finally:
        conn.close()
    return report


def backup_sqlite(db: Database, backup_dir: Path, *, reason: str = "manual",
                  now: datetime | None = None) -> Path:
    """Copy the live database through the backup API, verify the copy, rotate old copies."""
    source = _sqlite_path(db)
    health = check_sqlite_file(source, full=False)
    if not health.ok:
        raise BackupError(f"the database is damaged ({'; '.join(health.problems)}); not backed up")
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = backup_dir / f"{stamp}-{reason}{BACKUP_SUFFIX}"
    partial = target.with_name(target.name + ".partial")
    src = sqlite3.connect(str(source))
    dst = sqlite3.connect(str(partial))
    try:
        src.execute(f"PRAGMA busy_timeout={10_000}")
        src.backup(dst, pages=1024)
    finally:
        dst.close()
        src.close()
    verified = check_sqlite_file(partial)
    if not verified.ok:
        partial.unlink(missing_ok=True)
        raise BackupError(f"the backup did not verify ({'; '.join(verified.problems)})")
    partial.replace(target)
    rotate_backups(backup_dir)
    return target


def list_backups(backup_dir: Path) -> list[Path]:
    """Backups, newest first."""
    if not backup_dir.exists():
        return []
    return sorted(backup_dir.glob(f"*{BACKUP_SUFFIX}"), key=lambda p: p.name, reverse=True)


def _stamp(path: Path) -> datetime | None:
    try:
        return datetime.strptime(path.name[:15], "%Y%m%d-%H%M%S")
    except ValueError:
        return None


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
