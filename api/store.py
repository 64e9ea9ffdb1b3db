"""The store of originals: content-addressed by SHA-256, written atomically, never overwritten.

A file is streamed to a temporary file in the store's own folder while it is hashed and counted
(so an over-limit upload is cut off without being held in memory), fsync'd, then renamed to its
digest. A name from a request never becomes a path: only hex digests do.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from pathlib import Path

from starlette.concurrency import run_in_threadpool

_DIGEST = re.compile(r"^[0-9a-f]{64}$")


class TooLarge(Exception):
    """The upload passed the size limit while it was streamed."""


@dataclass(frozen=True, slots=True)
class Stored:
    """A stored original: its digest, size, first bytes (for sniffing), and whether it was new."""

    sha256: str
    size: int
    head: bytes
    new: bool


class Store:
    """Originals under `root/ab/cd/<digest>`."""

    def __init__(self, root: Path):
        self.root = root
        self.tmp = root / ".incoming"
        self.tmp.mkdir(parents=True, exist_ok=True)

    def path(self, sha256: str) -> Path:
        """Where an original lives; only for a well-formed digest."""
        if not _DIGEST.match(sha256):
            raise ValueError("not a SHA-256 digest")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def has(self, sha256: str) -> bool:
        """Whether the original is stored."""
        return self.path(sha256).exists()

    def read(self, sha256: str) -> bytes:
        """The original's bytes."""
        return self.path(sha256).read_bytes()

    def _commit(self, tmp_path: Path, digest: str, size: int, head: bytes) -> Stored:
        final = self.path(digest)
        if final.exists():
            tmp_path.unlink(missing_ok=True)
            return Stored(digest, size, head, new=False)
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp_path.replace(final)
        _fsync_dir(final.parent)
        return Stored(digest, size, head, new=True)

    def writer(self, *, limit: int) -> Writer:
        """A writer to feed chunks to; `commit()` stores them, `discard()` drops them."""
        return Writer(self, limit)

    def put_chunks(self, chunks: Iterable[bytes], *, limit: int) -> Stored:
        """Store what `chunks` yield; raise TooLarge past `limit` bytes (nothing is kept)."""
        writer = self.writer(limit=limit)
        try:
            for chunk in chunks:
                writer.add(chunk)
            return writer.commit()
        except BaseException:
            writer.discard()
            raise

    async def put_stream(self, chunks: AsyncIterator[bytes], *, limit: int) -> Stored:
        """Like `put_chunks`, for an upload read asynchronously (never held whole in memory)."""
        writer = self.writer(limit=limit)
        try:
            async for chunk in chunks:
                writer.add(chunk)
            # fsync and rename in a thread: other requests go on meanwhile.
            return await run_in_threadpool(writer.commit)
        except BaseException:
            writer.discard()
            raise

    def put_bytes(self, data: bytes, *, limit: int) -> Stored:
        """Store bytes already in memory."""
        return self.put_chunks([data], limit=limit)


class Writer:
    """One original being written: hashed and counted as it comes."""

    def __init__(self, store: Store, limit: int):
        self.store, self.limit = store, limit
        self.digest = hashlib.sha256()
        self.size = 0
        self.head = b""
        fd, name = tempfile.mkstemp(dir=store.tmp)
        self.path = Path(name)
        self.file = os.fdopen(fd, "wb")

    def add(self, chunk: bytes) -> None:
        """Append a chunk; TooLarge once the limit is passed."""
        self.size += len(chunk)
        if self.size > self.limit:
            raise TooLarge
        if len(self.head) < 2048:
            self.head += chunk[:2048 - len(self.head)]
        self.digest.update(chunk)
        self.file.write(chunk)

    def commit(self) -> Stored:
        """Make the file durable and put it in place under its digest."""
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        return self.store._commit(self.path, self.digest.hexdigest(), self.size, self.head)

    def discard(self) -> None:
        """Drop what was written."""
        if not self.file.closed:
            self.file.close()
        self.path.unlink(missing_ok=True)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
