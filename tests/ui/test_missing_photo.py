"""Issue 14, "clear words": an idea whose one photo file is missing still shows its other photos
in the detail dialog, and the missing one is named with its stored file (rendered at 1280x720 and
1920x1080 by ``KAIZEN_SHOTS=folder``, looked at when the dialog changed)."""

from __future__ import annotations

import os
from pathlib import Path

from kaizen.services import Services
from ui.helpers import Team
from ui.test_idea_detail import make_idea, make_photo, open_idea


def test_one_missing_file_leaves_the_other_photos_shown_and_names_it(
        qtbot, services: Services, team: Team, tmp_path: Path) -> None:
    photos = [make_photo(tmp_path / f"{name}.png", colour) for name, colour in
              (("shelf", (30, 120, 200)), ("tape", (200, 40, 40)), ("bin", (40, 200, 40)))]
    idea = make_idea(services, team, photos=photos)
    items = services.attachments.list_for_suggestion(idea.id)
    tape = items[1]
    gone = services.attachments.path_of(tape.id)
    gone.unlink()

    dialog = open_idea(qtbot, services, team.staff, idea.id)
    assert [item.name for item in dialog.photos.items()] == ["shelf.png", "tape.png", "bin.png"]
    assert [item.path is not None for item in dialog.photos.items()] == [True, False, True]
    assert dialog.photos.missing_label.isVisible()
    text = dialog.photos.missing_label.text()
    assert "tape.png" in text and gone.name in text, text
    tiles = dialog.photos.existing._photos  # the strip's tiles, as test_idea_detail reads them
    assert [t.path.name for t in tiles] == [
        services.attachments.path_of(i.id).name for i in (items[0], items[2])]

    folder = os.environ.get("KAIZEN_SHOTS")
    if folder:
        for width, height in ((1280, 720), (1920, 1080)):
            dialog.resize(width, height)
            qtbot.waitUntil(lambda w=width: dialog.width() == w, timeout=5_000)
            dialog.grab().save(str(Path(folder) / f"missing-photo-{width}.png"))
