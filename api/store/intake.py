"""The one intake: an upload (`take_stream`) and a file of an archive (`take_file`), alike.

Both doors put a file through the same checks in the same order:

1. too large: counted while it arrives, cut off past `limit` (nothing half-written is kept);
2. empty: 0 bytes;
3. type, by content (extract/sniff.py), never by name: PDF, PNG, JPEG or TIFF.

A file refused by a check is never put in the store: the checks run on what was written to
the store's incoming folder, before it is renamed to its digest, and a refused file is dropped
there (an original already stored under the same digest is left as it was). A write that finds
the disk full (or over a quota or a file-size limit) is refused as `storage_full`, with nothing
half-written left. Every refusal is one exception, `NotTaken`, carrying its `ErrorCode` and a
Vietnamese message naming the file.
"""

from __future__ import annotations

import errno
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from starlette.concurrency import run_in_threadpool

from api.store.originals import Store, TooLarge, Writer
from extract import sniff
from extract.errors import ErrorCode

#: What a write to a full disk (or over a quota or a file-size limit) raises.
FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
#: How much of a file is read at a time.
CHUNK = 1024 * 1024
_MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Taken:
    """A file taken in: stored under its digest, its type decided by its content."""

    sha256: str
    size: int
    media_type: str
    #: False when the store already held the same bytes (no second copy was written).
    new: bool
    #: The name the file came with (for messages; never a path in the store).
    name: str


class NotTaken(Exception):
    """A file refused at intake, with its error code and a message in Vietnamese."""

    def __init__(self, code: ErrorCode, name: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.name = name
        self.message = message

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


def _size_text(limit: int) -> str:
    return f"{limit / _MB:g} MB" if limit >= _MB else f"{limit} byte"


def too_large(name: str, limit: int) -> NotTaken:
    """The refusal of a file past the size limit."""
    return NotTaken(ErrorCode.TOO_LARGE, name,
                    f"Tệp {name!r} vượt quá giới hạn {_size_text(limit)}")


def empty(name: str) -> NotTaken:
    """The refusal of a file of 0 bytes."""
    return NotTaken(ErrorCode.EMPTY_FILE, name, f"Tệp {name!r} rỗng (0 byte)")


def unsupported(name: str) -> NotTaken:
    """The refusal of a file whose content is none of the types read."""
    return NotTaken(ErrorCode.UNSUPPORTED_TYPE, name,
                    f"Tệp {name!r} không phải PDF, PNG, JPEG hay TIFF (xét theo nội dung tệp)")


def storage_full(name: str) -> NotTaken:
    """The refusal of a file the store had no room for."""
    return NotTaken(ErrorCode.STORAGE_FULL, name,
                    f"Kho lưu trữ đã đầy: tệp {name!r} chưa được nhận, không có gì được ghi dở")


@contextmanager
def _writing(name: str, limit: int) -> Iterator[None]:
    """Writes to the store: past the limit or on a full disk, the refusal that says so."""
    try:
        yield
    except TooLarge:
        raise too_large(name, limit) from None
    except OSError as e:
        if e.errno in FULL:
            raise storage_full(name) from e
        raise


def _check(writer: Writer, name: str) -> str:
    """The checks after the size: empty, then the type by content. The media type."""
    if writer.size == 0:
        raise empty(name)
    media_type = sniff.sniff(writer.head)
    if media_type is None:
        raise unsupported(name)
    return media_type


def _commit(writer: Writer, name: str, media_type: str) -> Taken:
    with _writing(name, writer.limit):
        stored = writer.commit()
    return Taken(stored.sha256, stored.size, media_type, stored.new, name)


async def take_stream(store: Store, chunks: AsyncIterator[bytes], *, limit: int,
                      name: str | None = None) -> Taken:
    """Take in a file read asynchronously (an upload), never held whole in memory.

    Raises NotTaken (too_large, empty_file, unsupported_type, storage_full).
    """
    label = name or "upload"
    writer = store.writer(limit=limit)
    try:
        with _writing(label, limit):
            async for chunk in chunks:
                writer.add(chunk)
        media_type = _check(writer, label)
        # fsync and rename in a thread: other requests go on meanwhile.
        return await run_in_threadpool(_commit, writer, label, media_type)
    except BaseException:
        writer.discard()
        raise


def take_file(store: Store, path: Path, *, limit: int, name: str | None = None) -> Taken:
    """Take in a file on disk (a file of an archive folder), read a chunk at a time.

    Raises NotTaken (too_large, empty_file, unsupported_type, storage_full); an OSError when
    the file itself cannot be read.
    """
    label = name or path.name
    writer = store.writer(limit=limit)
    try:
        with path.open("rb") as f:
            while chunk := f.read(CHUNK):  # a read that fails is the file's, not the store's
                with _writing(label, limit):
                    writer.add(chunk)
        media_type = _check(writer, label)
        return _commit(writer, label, media_type)
    except BaseException:
        writer.discard()
        raise
