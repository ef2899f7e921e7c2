"""Atomic file writes: a temporary file in the target's folder, flushed, then renamed over it.

A failed or interrupted write leaves any existing file untouched and no temporary behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike, mode: str = "w", **kwargs) -> Iterator[IO]:
    """Open a temporary file next to `path`; on success it replaces `path`, on error it vanishes."""
    target = Path(os.path.realpath(path))  # through a symlink: replace the file it points to, keep the link
    if target.exists() and not target.is_file():  # /dev/stdout, a FIFO: nothing to rename over
        with open(target, mode, **kwargs) as handle:
            yield handle
        return
    folder = target.parent
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, mode, **kwargs) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def atomic_write_text(path: str | os.PathLike, text: str) -> None:
    with atomic_open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)


def _mode_for(target: Path) -> int:
    """The target's own permissions, or what a plain open() would give a new file."""
    try:
        return os.stat(target).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
