"""An operating-system error said without data: the system's phrase for its ``errno``, a
path of ours, and what to do. Shared by the warehouse (opening it) and the ingest (reading
a file, writing the landed files)."""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Iterable

#: errno values that mean the machine, not the file, failed.
ENVIRONMENT_ERRNOS = frozenset({
    errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EACCES, errno.EPERM, errno.EROFS,
    errno.ENOMEM, errno.EMFILE, errno.ENFILE, errno.EFBIG, errno.ENXIO, errno.ENODEV,
    errno.ESTALE, errno.ETIMEDOUT, errno.EBUSY, errno.ETXTBSY,
})

_HINTS = {
    errno.ENOSPC: "free space on the data dir's disk",
    errno.EDQUOT: "free space (the disk quota is used up)",
    errno.EIO: "check the disk (an input/output error: see `dmesg`)",
    errno.EACCES: "give this user read and write access",
    errno.EPERM: "give this user read and write access",
    errno.EROFS: "mount the file system read-write",
    errno.ENOMEM: "free memory or lower FENICIO_MEMORY_LIMIT",
    errno.EMFILE: "raise the open-files limit (ulimit -n)",
    errno.ENFILE: "raise the open-files limit",
}


def hint(code: int | None) -> str:
    return _HINTS.get(code or 0, "fix the cause")


def os_error_text(exc: OSError) -> str:
    """``strerror (path)`` of an OSError: the system's phrase and a path, never data."""
    phrase = os.strerror(exc.errno) if exc.errno else type(exc).__name__
    where = f" ({exc.filename})" if exc.filename else ""
    return f"{phrase}{where}"


def errno_in_text(text: str) -> int | None:
    """The errno whose system phrase a DuckDB I/O message contains (DuckDB quotes strerror)."""
    for code in sorted(ENVIRONMENT_ERRNOS):
        if os.strerror(code) in text:
            return code
    return None


def paths_in_text(text: str, roots: Iterable[str]) -> list[str]:
    """The quoted paths of a DuckDB message that lie under one of ``roots`` (our own)."""
    found = []
    for quoted in re.findall(r'"([^"\n]{1,4096})"', text):
        if any(quoted == root or quoted.startswith(root.rstrip("/") + "/") for root in roots):
            found.append(quoted)
    return found
