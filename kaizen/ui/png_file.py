"""Write a picture to a PNG file whole or not at all (the kept dashboard and its charts).

Written beside the target as ``NAME.part`` and renamed over it, so a reader never meets half a
file; a failed write leaves no ``.part`` behind and says why with an OSError.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtGui import QImage


def write_png(image: QImage, path: Path) -> None:
    """Write ``image`` to ``path`` as PNG; raises OSError when it could not be written."""
    part = path.with_name(path.name + ".part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(part), "PNG"):
            raise OSError(f"Qt could not write {part}")
        os.replace(part, path)
    except OSError:
        part.unlink(missing_ok=True)
        raise
