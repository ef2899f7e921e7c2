"""Atomic file writes: a temporary file in the target's folder, flushed, then renamed over it.

A failed or interrupted write leaves any existing file untouched and no temporary behind.
Through a symlink the file it points to is replaced and the link kept. A read-only target is
not replaced unless the caller says so (the window asks first; the CLI refuses). A write that
was killed outright (SIGKILL, power loss) can leave a temporary behind; temporaries of our own
naming whose writer is gone are removed the next time anything is written to that folder.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

_TEMP_TAG = "rnnviz-tmp"
_TEMP_NAME = re.compile(r"^\..+\." + _TEMP_TAG + r"-(\d+)-[^.]+\.tmp$")


class ReadOnlyTargetError(PermissionError):
    """The target exists and is read-only; replacing it needs `replace_readonly=True`."""

    def __init__(self, path: str | os.PathLike):
        super().__init__(13, "the file is read-only", str(path))


def is_read_only(path: str | os.PathLike) -> bool:
    """True for an existing regular file without its owner's write bit (chmod 444), whoever we are."""
    try:
        st = os.stat(path)
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and not st.st_mode & stat.S_IWUSR


def same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """Whether two paths name the same existing file (through links, `.`/`..` and hard links)."""
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike, mode: str = "w", *, replace_readonly: bool = False, **kwargs) -> Iterator[IO]:
    """Open a temporary file next to `path`; on success it replaces `path`, on error it vanishes.

    Raises ReadOnlyTargetError before writing anything when `path` is a read-only file and
    `replace_readonly` is false.
    """
    target = Path(os.path.realpath(path))  # through a symlink: replace the file it points to, keep the link
    if target.exists() and not target.is_file():  # /dev/stdout, a FIFO: nothing to rename over
        with open(target, mode, **kwargs) as handle:
            yield handle
        return
    if not replace_readonly and is_read_only(target):
        raise ReadOnlyTargetError(path)
    folder = target.parent
    remove_stale_temporaries(folder)
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.{_TEMP_TAG}-{os.getpid()}-", suffix=".tmp")
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


def atomic_write_text(path: str | os.PathLike, text: str, *, replace_readonly: bool = False) -> None:
    with atomic_open(path, "w", encoding="utf-8", newline="", replace_readonly=replace_readonly) as handle:
        handle.write(text)


def atomic_write_bytes(path: str | os.PathLike, data: bytes, *, replace_readonly: bool = False) -> None:
    with atomic_open(path, "wb", replace_readonly=replace_readonly) as handle:
        handle.write(data)


def remove_stale_temporaries(folder: str | os.PathLike) -> int:
    """Delete our own temporaries in `folder` whose writing process no longer runs; how many went."""
    removed = 0
    try:
        names = os.listdir(folder)
    except OSError:
        return 0
    for name in names:
        match = _TEMP_NAME.match(name)
        if match is None or _process_alive(int(match.group(1))):
            continue
        with contextlib.suppress(OSError):
            os.unlink(os.path.join(folder, name))
            removed += 1
    return removed


def _process_alive(pid: int) -> bool:
    if os.name == "nt":  # os.kill(pid, 0) would signal the process there; and Windows refuses to delete
        return False  # a file another process still has open, so trying the deletion is the probe
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # someone else's process, or cannot tell: leave it
    return True


def _mode_for(target: Path) -> int:
    """The target's own permissions, or what a plain open() would give a new file."""
    try:
        return os.stat(target).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
