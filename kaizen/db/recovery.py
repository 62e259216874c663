"""What to do when the database file is damaged: the decisions, without any user interface.

On start the app (and the command-line commands that write) call :func:`recover_on_start` before
opening the database. It runs SQLite's ``quick_check`` on the file; a damaged file (bytes
overwritten in a page, a truncated file, an emptied file while backups exist) is renamed aside as
``kaizen.db.damaged-YYYYmmdd-HHMMSS`` with its ``-wal`` and ``-shm`` (never deleted: someone may
still rescue rows from it), and the newest backup that passes its own check is offered with its
date. The GUI shows the offer in a dialog (kaizen.ui.database_dialog), the command line prints it
with the command that restores it; :func:`accept_offer` does the restore.

A file with broken references only (``foreign_key_check``) is not damaged in this sense: SQLite
can read every page, so it is reported by ``kaizen db check`` and left in place.
"""

from __future__ import annotations

import enum
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kaizen.db.uri import file_uri
from kaizen.domain.numbers import format_number
from kaizen.i18n import translate

if TYPE_CHECKING:
    from kaizen.db.backup import BackupSummary, RestoreOutcome

# kaizen.db.backup (and through it SQLAlchemy, ~0.6 s) is imported only when a file is damaged:
# the start-up check runs in a thread before anything else and must not wait for that import.

DAMAGED_LABEL = "damaged"
# Smaller than SQLite's 100-byte header: it cannot be a database at all.
_HEADER_BYTES = 100


class Condition(enum.Enum):
    MISSING = "missing"  # no file yet: a new database will be made
    HEALTHY = "healthy"
    DAMAGED = "damaged"


@dataclass(frozen=True, slots=True)
class FileCheck:
    condition: Condition
    problems: tuple[str, ...] = ()


def check_file(path: Path, *, backups_exist: bool = False) -> FileCheck:
    """How the database file is: missing, healthy, or damaged (with SQLite's words for it).

    An empty file is a new database to SQLite; it counts as damaged only when backups exist,
    because then it was a database once and its data is gone.
    """
    path = Path(path)
    if not path.exists():
        return FileCheck(Condition.MISSING)
    try:
        size = path.stat().st_size
    except OSError as exc:
        return FileCheck(Condition.DAMAGED, (translate(
            "db.recovery", "cannot be read ({reason})").format(reason=exc.strerror or exc),))
    if size == 0:
        if backups_exist:
            return FileCheck(Condition.DAMAGED,
                             (translate("db.recovery", "the file is empty (0 bytes)"),))
        return FileCheck(Condition.MISSING)
    if size < _HEADER_BYTES:
        return FileCheck(Condition.DAMAGED, (translate(
            "db.recovery", "the file is only {size} bytes long").format(size=size),))
    problems = quick_check(path)
    if problems:
        return FileCheck(Condition.DAMAGED, tuple(problems))
    return FileCheck(Condition.HEALTHY)


def quick_check(path: Path) -> list[str]:
    """SQLite's ``quick_check`` on a read-only handle: [] when every page reads back fine."""
    try:
        with closing(sqlite3.connect(file_uri(path, mode="ro"), uri=True)) as conn:
            rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.Error as exc:
        return [translate("db.recovery", "not a readable database ({exc})").format(exc=exc)]
    messages = [str(row[0]) for row in rows]
    return [] if messages == ["ok"] else messages[:10]


def newest_good_backup(backup_dir: Path) -> BackupSummary | None:
    """The newest backup whose own ``quick_check`` passes (a backup can rot on disk too)."""
    from kaizen.db.backup import describe_backup, list_backups

    for path in list_backups(backup_dir):
        summary = describe_backup(path)
        if summary.ok:
            return summary
    return None


@dataclass(frozen=True, slots=True)
class RecoveryOffer:
    """A damaged database was set aside; ``backup`` is the newest good one, if any."""

    original: Path  # where the database was, and where a restore puts the backup
    set_aside: Path  # the damaged file's new name
    problems: tuple[str, ...]
    backup: BackupSummary | None

    @property
    def backup_date(self) -> str | None:
        return f"{self.backup.taken_at:%Y-%m-%d %H:%M}" if self.backup else None

    def message(self) -> str:
        """The situation in plain words (what happened, what was kept, what is offered)."""
        found = self.problems[0] if self.problems else translate("db.recovery", "unknown")
        lines = [
            translate("db.recovery", "The database file {name} is damaged, so Kaizen did not "
                      "open it.").format(name=self.original.name),
            translate("db.recovery", "What SQLite found: {found}").format(found=found),
            translate("db.recovery", "The damaged file was kept, renamed to {name}; nothing was "
                      "deleted.").format(name=self.set_aside.name),
        ]
        if self.backup is not None:
            backup = self.backup
            lines.append(translate(
                "db.recovery",
                "The newest good backup is from {date}: {ideas} ideas, {observations} waste "
                "observations, {people} people.",
            ).format(date=self.backup_date, ideas=format_number(backup.ideas),
                     observations=format_number(backup.observations),
                     people=format_number(backup.people)))
        else:
            lines.append(translate("db.recovery", "No good backup was found, so Kaizen can only "
                                   "start with an empty database."))
        return "\n".join(lines)

    def command_hint(self, prefix: str = "kaizen") -> str:
        """What to type to restore the offered backup, for the command line."""
        if self.backup is None:
            return translate(
                "db.recovery", "No backup to restore. Running the command again starts an empty "
                "database; the damaged file stays at {path}.").format(path=self.set_aside)
        return (translate("db.recovery", "To restore the backup from {date}, run:").format(
                    date=self.backup_date)
                + f"\n  {prefix} restore --from \"{self.backup.path}\"")


def recover_on_start(db_file: Path, backup_dir: Path,
                     now: datetime | None = None) -> RecoveryOffer | None:
    """Check the file before opening it; when damaged, set it aside and find a backup to offer.

    Returns None when the file is healthy or missing (nothing to do).
    """
    db_file = Path(db_file)
    check = check_file(db_file, backups_exist=_empty(db_file) and _has_backups(backup_dir))
    if check.condition is not Condition.DAMAGED:
        return None
    from kaizen.db.backup import set_aside

    aside = set_aside(db_file, DAMAGED_LABEL, now or datetime.now())
    assert aside is not None  # the file existed: check_file found it damaged
    return RecoveryOffer(original=db_file, set_aside=aside, problems=check.problems,
                         backup=newest_good_backup(backup_dir))


def _empty(db_file: Path) -> bool:
    """An existing empty file: the one case where whether backups exist decides."""
    try:
        return db_file.stat().st_size == 0
    except OSError:
        return False


def _has_backups(backup_dir: Path) -> bool:
    from kaizen.db.backup import list_backups

    return bool(list_backups(backup_dir))


def accept_offer(offer: RecoveryOffer, now: datetime | None = None) -> RestoreOutcome:
    """Restore the offered backup where the damaged database was."""
    from kaizen.db.backup import restore_backup

    if offer.backup is None:
        raise ValueError(translate("db.recovery", "This offer has no backup to restore."))
    return restore_backup(offer.backup.path, offer.original, now=now)
