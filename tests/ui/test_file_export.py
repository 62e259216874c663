"""The words for a failed file write, shared by the A3 report and the list export
(kaizen/ui/file_export.py): the refusal's own, the disk full as every screen says it
(kaizen.domain.errors.DiskFull; ENOSPC and EDQUOT are the full-disk errnos of POSIX
<errno.h>), another file error with its reason, and nothing for an unexpected error (the caller
logs it)."""

from __future__ import annotations

import errno

from kaizen.domain.errors import DiskFull, NotFound
from kaizen.ui.file_export import failure_words

CANNOT = "Cannot write the file: {reason}. Nothing was written."


def test_failure_words_for_each_kind_of_error() -> None:
    assert failure_words(NotFound("No such cycle."), CANNOT) == "No such cycle."
    assert failure_words(OSError(errno.ENOSPC, "No space left on device"),
                         CANNOT) == DiskFull().message
    assert failure_words(OSError(errno.EACCES, "Permission denied"), CANNOT) == (
        "Cannot write the file: Permission denied. Nothing was written.")
    assert failure_words(RuntimeError("boom"), CANNOT) is None
