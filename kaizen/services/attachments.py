"""Photos on ideas and observations: checked by their content, stored once by their SHA-256.

A file is a photo only if Pillow reads it, from its bytes, as JPEG, PNG, WebP or GIF: the name's
extension means nothing, so an executable renamed ``.jpg`` is refused. It must also be at most
:data:`MAX_PHOTO_BYTES` on disk and at most :data:`MAX_PHOTO_PIXELS` pixels (Pillow's
decompression-bomb guard, with its warning treated as an error), so a small file that would
unpack to gigabytes is refused too.

The bytes are written once under ``attachments_dir/<sha[:2]>/<sha>.<ext>`` (a generated name)
through a temporary file and an atomic rename. The user's file name is kept only as a display
name in the database (base name only, control characters removed, at most 255 characters) and is
never used as a path. A record's photos are written inside its unit of work, files first: an
aborted save leaves at most a file nobody refers to, never a row without its file. Removing a
photo keeps the file while another row refers to the same bytes.

"No row refers to these bytes, so delete the file" must be one step with respect to any save of
the same bytes (issue 14, data loss 3). On SQLite the database's single write lock orders them.
On PostgreSQL two PCs write at once, and a save's new row is invisible to the cleanup until it
commits: the cleanup counted no row, deleted the file, and the other record's photo lost it.
Both now take a transaction-scoped advisory lock on the SHA-256 (:func:`lock_photo_bytes`) before
they look: the saver before it writes or reuses the file and until its row commits, the cleanup
before it counts rows and until the file is gone, so the cleanup sees the saver's committed row,
or the saver finds the file gone and writes it again.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
import unicodedata
import warnings
from collections.abc import Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from PIL import Image, ImageSequence, UnidentifiedImageError
from sqlalchemy import ColumnElement, func, select, text
from sqlalchemy.orm import Session

from kaizen.config import resolve_paths
from kaizen.db.disk_full import as_disk_full
from kaizen.db.engine import Database
from kaizen.db.models import Attachment, Person, Suggestion, WasteObservation
from kaizen.domain.errors import KaizenError, NotFound, PermissionDenied, ValidationError
from kaizen.domain.file_refs import is_file_ref, stored_path
from kaizen.domain.input_domains import check_id
from kaizen.domain.numbers import format_number
from kaizen.domain.permissions import can_edit_observation, require_edit_suggestion
from kaizen.i18n import translate
from kaizen.services.base import (
    Clock,
    Service,
    audit,
    check_idea_id,
    get_or_404,
    load_actor,
    snapshot,
    system_clock,
)

MAX_PHOTO_BYTES = 15 * 1024 * 1024
MAX_PHOTOS = 10  # per idea or observation
# Pillow's own default limit (about 89 megapixels, a 12-bit-per-side square): more than any
# phone photo a shop floor needs, far less than a bomb.
MAX_PHOTO_PIXELS = 89_478_485
MAX_DISPLAY_NAME = 255

# Pillow format -> (extension on disk, MIME type). MPO is how Pillow names the JPEG files some
# cameras write with a second picture inside; they are JPEGs to everyone else.
_FORMATS: dict[str, tuple[str, str]] = {
    "JPEG": ("jpg", "image/jpeg"),
    "MPO": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
    "GIF": ("gif", "image/gif"),
}
_EXTENSION_BY_MIME = {mime: ext for ext, mime in _FORMATS.values()}
_ATTACHMENT_FIELDS = ("sha256", "file_name", "mime_type", "size_bytes", "suggestion_id",
                      "observation_id")


@dataclass(frozen=True, slots=True)
class PhotoCheck:
    """What :func:`check_photo` found. ``ok`` False means refused, and ``message`` says why in
    words a form can show next to the photo field."""

    path: Path
    ok: bool
    message: str
    display_name: str
    mime_type: str | None = None
    extension: str | None = None
    size_bytes: int = 0
    width: int = 0
    height: int = 0
    sha256: str | None = None


@dataclass(frozen=True, slots=True)
class AttachmentInfo:
    id: int
    sha256: str
    file_name: str
    mime_type: str
    size_bytes: int
    suggestion_id: int | None
    observation_id: int | None
    created_at: datetime


class _Refused(Exception):
    pass


def check_photo(path: Path | str) -> PhotoCheck:
    """Check one file before it is saved: exists, small enough, really a photo. Never raises."""
    try:
        path = Path(path)
    except TypeError:  # not a path at all
        return PhotoCheck(path=Path(), ok=False,
                          message=translate("services.attachments", "This is not a file."),
                          display_name=translate("services.attachments", "photo"))
    name = clean_display_name(path.name)
    try:
        data = _read_capped(path)
        fmt, width, height = _inspect(data)
    except _Refused as refusal:
        return PhotoCheck(path=path, ok=False, message=f"{name}: {refusal}", display_name=name)
    extension, mime = _FORMATS[fmt]
    return PhotoCheck(
        path=path, ok=True, message="", display_name=clean_display_name(path.name, extension),
        mime_type=mime, extension=extension, size_bytes=len(data), width=width, height=height,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def check_photos(paths: Sequence[Path | str]) -> list[PhotoCheck]:
    """Check every photo of one save, or raise ValidationError on ``photos`` naming the file."""
    if isinstance(paths, str | bytes | Path) or not isinstance(paths, Sequence):
        raise ValidationError(
            translate("services.attachments", "Photos are given as a list of files."),
            field="photos",
        )
    if len(paths) > MAX_PHOTOS:
        raise ValidationError(
            translate(
                "services.attachments", "At most {max_photos} photos per record ({count} given)."
            ).format(max_photos=MAX_PHOTOS, count=len(paths)),
            field="photos",
        )
    checks = [check_photo(p) for p in paths]
    for check in checks:
        if not check.ok:
            raise ValidationError(check.message, field="photos")
    return checks


def clean_display_name(raw: str, extension: str | None = None) -> str:
    """A name fit to show: the last part of any path (either slash), no control or direction
    characters, at most 255 characters with the extension kept."""
    name = unicodedata.normalize("NFC", str(raw))
    name = re.split(r"[\\/]", name)[-1]
    # Cc: control characters; Cf: invisible formatting such as right-to-left overrides, which
    # can disguise "gpj.exe" as "exe.jpg".
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf")).strip()
    if not name.strip("."):
        name = f"photo.{extension}" if extension else "photo"
    if len(name) > MAX_DISPLAY_NAME:
        stem, dot, suffix = name.rpartition(".")
        if dot and 0 < len(suffix) <= 10:
            name = stem[: MAX_DISPLAY_NAME - len(suffix) - 1] + "." + suffix
        else:
            name = name[:MAX_DISPLAY_NAME]
    return name


def _read_capped(path: Path) -> bytes:
    try:
        # A regular file only: a FIFO or a device would block or never end.
        if not path.is_file():
            raise _Refused(
                translate("services.attachments", "the file does not exist.")
                if not path.exists()
                else translate("services.attachments", "this is not a file.")
            )
        size = path.stat().st_size
        if size > MAX_PHOTO_BYTES:
            raise _Refused(_too_big(size))
        with path.open("rb") as handle:
            # Read one byte past the cap, in case the file grew since the size was taken.
            data = handle.read(MAX_PHOTO_BYTES + 1)
    except OSError as exc:
        raise _Refused(
            translate("services.attachments", "the file cannot be read ({reason}).").format(
                reason=exc.strerror or exc
            )
        ) from None
    if len(data) > MAX_PHOTO_BYTES:
        raise _Refused(_too_big(len(data)))
    if not data:
        raise _Refused(translate("services.attachments", "the file is empty."))
    return data


def _too_big(size: int) -> str:
    return translate(
        "services.attachments", "the file is {size} MB; a photo can be at most {most} MB."
    ).format(size=format_number(size / 1_048_576, 1), most=MAX_PHOTO_BYTES // 1_048_576)


def _inspect(data: bytes) -> tuple[str, int, int]:
    """The Pillow format and size of ``data``, or _Refused."""
    bomb = translate("services.attachments", "the picture is too large in pixels (more than "
                     "{pixels}); it may be a decompression bomb.").format(
        pixels=format_number(MAX_PHOTO_PIXELS))
    not_photo = translate("services.attachments",
                          "this is not a photo Kaizen can read (JPEG, PNG, WebP or GIF).")
    # Every plugin registered (MPO and WebP load late), then only the four kinds may open it.
    Image.init()
    formats = [name for name in _FORMATS if name in Image.OPEN]
    with warnings.catch_warnings():
        # Pillow warns between its limit and twice its limit, and raises above that.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=formats) as image:
                fmt = image.format
                width, height = image.size
                # Checked here as well, in case something switched Pillow's own guard off.
                if width * height > MAX_PHOTO_PIXELS:
                    raise _Refused(bomb)
                image.verify()
            # verify() reads the structure only: a JPEG or GIF cut short passes it. Decoding
            # every frame in full does not (Pillow raises on missing data unless
            # ImageFile.LOAD_TRUNCATED_IMAGES was switched on, which Kaizen never does).
            with Image.open(io.BytesIO(data), formats=formats) as image:
                for frame in ImageSequence.Iterator(image):
                    frame.load()
        except _Refused:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _Refused(bomb) from None
        except UnidentifiedImageError:
            raise _Refused(not_photo) from None
        except Exception:  # Pillow raises many kinds (OSError, SyntaxError, ...) for bad files
            raise _Refused(
                translate("services.attachments", "the photo is damaged and cannot be read.")
            ) from None
    if fmt not in _FORMATS:
        raise _Refused(not_photo)
    return fmt, width, height


# The advisory lock space of photo files: (this key, first 32 bits of the SHA-256).
_PHOTO_LOCK_SPACE = 0x4B5A_0001


def lock_photo_bytes(session: Session, sha256s: Iterable[str]) -> None:
    """PostgreSQL: hold a lock per SHA-256 until the unit of work ends (taken in sorted order,
    so two saves of the same pictures never deadlock). SQLite: nothing to do, the write lock of
    the unit of work is held already."""
    bind = session.get_bind()
    if bind.dialect.name != "postgresql":
        return
    for sha256 in sorted(set(sha256s)):
        if not is_file_ref(sha256):
            continue  # never a file of ours (path_for refuses it too)
        key = int(sha256[:8], 16)
        session.execute(text("SELECT pg_advisory_xact_lock(:space, :key)"),
                        {"space": _PHOTO_LOCK_SPACE, "key": key - (1 << 32) if key >= 1 << 31
                         else key})


class PhotoStore:
    """The folder of photo files. Writes happen inside the caller's write unit of work, so they
    are serialised with the removal of unreferenced files (see AttachmentService.remove)."""

    def __init__(self, root: Path | None = None) -> None:
        self._root = root

    @property
    def root(self) -> Path:
        if self._root is None:
            self._root = resolve_paths().attachments_dir
        return self._root

    def path_for(self, sha256: str, mime_type: str) -> Path:
        """Where the bytes of ``sha256`` live, checked to be a SHA-256 inside the folder
        (:func:`kaizen.domain.file_refs.stored_path`, which raises a NotFound otherwise)."""
        extension = _EXTENSION_BY_MIME.get(mime_type)
        if extension is None:
            raise NotFound(
                translate(
                    "services.attachments",
                    "This photo's record is damaged (unknown file type); its file cannot be found.",
                )
            )
        return stored_path(self.root, sha256, extension)

    def write(self, check: PhotoCheck) -> None:
        """Copy the checked file in, unless its bytes are already there. The bytes written are
        the ones hashed here, and must be the ones checked (the file may have changed since)."""
        assert check.sha256 is not None and check.mime_type is not None
        try:
            data = _read_capped(check.path)
        except _Refused as refusal:
            raise ValidationError(f"{check.display_name}: {refusal}", field="photos") from None
        if hashlib.sha256(data).hexdigest() != check.sha256:
            raise ValidationError(
                translate(
                    "services.attachments",
                    "{display_name}: the file changed while it was being saved; add it again.",
                ).format(display_name=check.display_name),
                field="photos",
            )
        target = self.path_for(check.sha256, check.mime_type)
        if target.is_file() and target.stat().st_size == len(data):
            return  # the same bytes are already stored (content-addressed)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".incoming-", suffix=".part", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                # On disk before the row that points at it can commit.
                os.fsync(handle.fileno())
            os.replace(temp, target)
        except BaseException as exc:
            with suppress(OSError):
                os.unlink(temp)
            full = as_disk_full(exc)
            if full is not None:
                raise full from exc
            raise

    def delete_if_unused(self, session: Session, sha256: str, mime_type: str) -> bool:
        """Remove the file of ``sha256`` when no row refers to it any more: the check and the
        delete under the bytes' lock (see :func:`lock_photo_bytes`)."""
        lock_photo_bytes(session, [sha256])
        used = session.scalar(
            select(func.count(Attachment.id)).where(Attachment.sha256 == sha256)
        )
        if used:
            return False
        try:
            path = self.path_for(sha256, mime_type)
        except NotFound:
            return False
        with suppress(FileNotFoundError):
            path.unlink()
        return True


def attach_photos(session: Session, store: PhotoStore, checks: Sequence[PhotoCheck], *,
                  actor_id: int, at: datetime, suggestion_id: int | None = None,
                  observation_id: int | None = None) -> list[Attachment]:
    """Store the files of ``checks`` and add their rows to one idea or observation, inside the
    caller's unit of work. The same bytes twice on one record are kept once."""
    if not checks:
        return []
    have = set(session.scalars(select(Attachment.sha256).where(
        _owned_by(suggestion_id=suggestion_id, observation_id=observation_id)
    )))
    new: dict[str, PhotoCheck] = {}
    for check in checks:
        assert check.ok and check.sha256 is not None
        if check.sha256 not in have:
            new.setdefault(check.sha256, check)
    if len(have) + len(new) > MAX_PHOTOS:
        raise ValidationError(
            translate(
                "services.attachments",
                "At most {max_photos} photos per record ({count} already "
                "attached, {count2} more given).",
            ).format(max_photos=MAX_PHOTOS, count=len(have), count2=len(new)),
            field="photos",
        )
    # Before the files are looked at: a removal of the same bytes elsewhere waits for our commit.
    lock_photo_bytes(session, new.keys())
    added: list[Attachment] = []
    for check in new.values():
        assert check.sha256 is not None and check.mime_type is not None
        store.write(check)  # the file first: a row never points at a missing file
        row = Attachment(
            sha256=check.sha256, file_name=check.display_name, mime_type=check.mime_type,
            size_bytes=check.size_bytes, suggestion_id=suggestion_id,
            observation_id=observation_id, added_by_id=actor_id, created_at=at,
        )
        session.add(row)
        session.flush()
        audit(session, actor_id=actor_id, at=at, entity="attachment", entity_id=row.id,
              action="create", after=snapshot(row, _ATTACHMENT_FIELDS))
        added.append(row)
    return added


@dataclass(frozen=True, slots=True)
class StoredPhoto:
    """A record's photo as a screen shows it: its file, or None with the reason when the file
    is missing from the data folder."""

    attachment_id: int
    name: str
    path: Path | None
    problem: str = ""


def stored_photos(s: Session, store: PhotoStore, *, suggestion_id: int | None = None,
                  observation_id: int | None = None) -> list[StoredPhoto]:
    """The photos of one idea or observation, oldest first, read in the caller's transaction."""
    rows = s.scalars(select(Attachment)
                     .where(_owned_by(suggestion_id=suggestion_id,
                                      observation_id=observation_id))
                     .order_by(Attachment.id))
    photos = []
    for row in rows:
        # One photo's trouble (no file, a damaged reference, a link that never resolves) is
        # said for that photo alone: the record's other photos still show.
        try:
            path = store.path_for(row.sha256, row.mime_type)
            found = path.is_file()
        except (KaizenError, OSError, RuntimeError) as exc:
            photos.append(StoredPhoto(row.id, row.file_name, None, translate(
                "services.attachments", "The file of photo {name} cannot be read: {reason}"
            ).format(name=row.file_name, reason=getattr(exc, "message", exc))))
            continue
        if found:
            photos.append(StoredPhoto(row.id, row.file_name, path))
        else:
            photos.append(StoredPhoto(row.id, row.file_name, None, translate(
                "services.attachments",
                "The file of photo {name} is missing: {file} is not in the data folder.",
            ).format(name=row.file_name, file=path.name)))
    return photos


def _owned_by(*, suggestion_id: int | None, observation_id: int | None) -> ColumnElement[bool]:
    if suggestion_id is not None:
        return Attachment.suggestion_id == suggestion_id
    return Attachment.observation_id == observation_id


def _info(row: Attachment) -> AttachmentInfo:
    return AttachmentInfo(
        id=row.id, sha256=row.sha256, file_name=row.file_name, mime_type=row.mime_type,
        size_bytes=row.size_bytes, suggestion_id=row.suggestion_id,
        observation_id=row.observation_id, created_at=row.created_at,
    )


def _require_edit_owner(session: Session, actor: Person, *, suggestion_id: int | None,
                        observation_id: int | None) -> None:
    """Whoever may edit the idea or observation may add and remove its photos."""
    if suggestion_id is not None:
        suggestion: Suggestion = get_or_404(
            session, Suggestion, suggestion_id, translate("services.attachments", "Idea")
        )
        require_edit_suggestion(actor.role, actor.id, suggestion.submitter_id, suggestion.status)
        return
    assert observation_id is not None
    obs: WasteObservation = get_or_404(
        session, WasteObservation, observation_id, translate("services.attachments", "Observation")
    )
    if not can_edit_observation(actor.role, actor.id, obs.observer_id,
                                obs.suggestion_id is not None):
        if actor.id != obs.observer_id:
            raise PermissionDenied(
                translate("services.attachments", "Staff can only change their own observations.")
            )
        raise PermissionDenied(
            translate(
                "services.attachments",
                "This observation already led to an idea; ask a supervisor to change it.",
            )
        )


class AttachmentService(Service):
    """Photos: check, store, list, locate and remove."""

    def __init__(self, db: Database, clock: Clock = system_clock, *,
                 attachments_dir: Path | None = None) -> None:
        super().__init__(db, clock)
        self._store = PhotoStore(attachments_dir)

    @property
    def attachments_dir(self) -> Path:
        return self._store.root

    @staticmethod
    def check_photo(path: Path | str) -> PhotoCheck:
        """See :func:`check_photo`: for forms, before anything is saved."""
        return check_photo(path)

    def store(self, actor_id: int, path: Path | str, *, suggestion_id: int | None = None,
              observation_id: int | None = None,
              display_name: str | None = None) -> AttachmentInfo:
        """Add one photo to an idea or (exclusive) an observation; ``display_name`` replaces the
        file's own name for display only."""
        if (suggestion_id is None) == (observation_id is None):
            raise ValidationError(
                translate(
                    "services.attachments", "A photo belongs to one idea or one observation."
                ),
                field="photos",
            )
        check = check_photo(path)
        if not check.ok:
            raise ValidationError(check.message, field="photos")
        if display_name is not None:
            assert check.extension is not None
            check = replace(check, display_name=clean_display_name(display_name,
                                                                   check.extension))
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            _require_edit_owner(s, actor, suggestion_id=suggestion_id,
                                observation_id=observation_id)
            existing = s.scalar(select(Attachment).where(
                Attachment.sha256 == check.sha256,
                _owned_by(suggestion_id=suggestion_id, observation_id=observation_id),
            ).limit(1))
            if existing is not None:
                return _info(existing)  # the same photo is already on this record
            rows = attach_photos(s, self._store, [check], actor_id=actor.id, at=self._clock(),
                                 suggestion_id=suggestion_id, observation_id=observation_id)
            return _info(rows[0])

    def get(self, attachment_id: int) -> AttachmentInfo:
        with self._db.read() as s:
            return _info(
                get_or_404(s, Attachment, attachment_id, translate("services.attachments", "Photo"))
            )

    def list_for_suggestion(self, suggestion_id: int) -> list[AttachmentInfo]:
        check_idea_id(suggestion_id)
        with self._db.read() as s:
            rows = s.scalars(select(Attachment).where(Attachment.suggestion_id == suggestion_id)
                             .order_by(Attachment.id))
            return [_info(r) for r in rows]

    def list_for_observation(self, observation_id: int) -> list[AttachmentInfo]:
        check_id(
            observation_id,
            "observation_id",
            translate("services.attachments", "An observation"),
            required=True,
        )
        with self._db.read() as s:
            rows = s.scalars(select(Attachment)
                             .where(Attachment.observation_id == observation_id)
                             .order_by(Attachment.id))
            return [_info(r) for r in rows]

    def path_of(self, attachment_id: int) -> Path:
        """The stored file of a photo, always inside the attachments folder.

        NotFound when the file is not there (or cannot be looked at), naming the photo and the
        stored file, so one missing file is reported on its own and its record's other photos
        still show (see kaizen/ui/detail/photos.py ``read_photos``)."""
        with self._db.read() as s:
            row: Attachment = get_or_404(
                s, Attachment, attachment_id, translate("services.attachments", "Photo")
            )
            name = row.file_name
            try:
                path = self._store.path_for(row.sha256, row.mime_type)
            except NotFound as damaged:
                raise NotFound(
                    translate("services.attachments", "Photo {name}: {message}").format(
                        name=name, message=damaged.message
                    )
                ) from None
        try:
            present = path.is_file()
        except OSError as exc:  # permissions, I/O error: as good as missing, said as it is
            raise NotFound(
                translate(
                    "services.attachments",
                    "The file of photo {name} ({path}) cannot be read: {reason}.",
                ).format(name=name, path=path, reason=exc.strerror or exc)
            ) from None
        if not present:
            raise NotFound(
                translate(
                    "services.attachments",
                    "The file of photo {name} is missing: {path} is not in the data folder.",
                ).format(name=name, path=path)
            )
        return path

    def remove(self, actor_id: int, attachment_id: int) -> None:
        """Remove a photo from its record; its file goes too unless another row uses it."""
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            row: Attachment = get_or_404(
                s, Attachment, attachment_id, translate("services.attachments", "Photo")
            )
            _require_edit_owner(s, actor, suggestion_id=row.suggestion_id,
                                observation_id=row.observation_id)
            sha256, mime_type = row.sha256, row.mime_type
            audit(s, actor_id=actor.id, at=self._clock(), entity="attachment",
                  entity_id=row.id, action="delete", before=snapshot(row, _ATTACHMENT_FIELDS))
            s.delete(row)
        # Housekeeping after the removal has committed, in a write unit of its own: the write
        # lock orders it with any save of the same bytes (which writes its file under that lock),
        # and a crash in between leaves an unused file, never a row without its file.
        with self._db.write() as s:
            self._store.delete_if_unused(s, sha256, mime_type)

