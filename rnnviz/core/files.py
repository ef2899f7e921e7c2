"""Reading files whose size cannot be trusted: at most a given number of bytes, whatever they are."""

from __future__ import annotations

import os


def read_capped(path: str | os.PathLike, limit: int) -> bytes:
    """At most `limit` bytes of a file; never read_bytes(), since /dev/zero or a pipe may never end.

    A regular file is read in one call sized by the file (read(limit) would reserve the whole
    limit up front); anything else in chunks. Callers refuse a result of `limit` bytes or more
    when they asked for one byte past their cap.
    """
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > 0:
            return handle.read(min(size + 1, limit))
        data = bytearray()
        while len(data) < limit and (chunk := handle.read(min(1 << 20, limit - len(data)))):
            data += chunk
        return bytes(data)
