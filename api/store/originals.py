"""The store of originals: content-addressed by SHA-256, written atomically, never overwritten.

A file is streamed to a temporary file in the store's own folder while it is hashed and counted
(so an over-limit upload is cut off without being held in memory), fsync'd, then renamed to its
digest. A name from a request never becomes a path: only hex digests do.

Many machines share the originals either through `root` on a shared filesystem, or through an
fsspec URL (`CONGVAN_STORE_URL`, e.g. `s3://bucket/congvan` with s3fs installed): each original
is then also put there before its upload is answered, and a machine that lacks one fetches it
into its own `root`, which acts as a cache.
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


class Remote:
    """Originals under an fsspec URL, `<url>/ab/cd/<digest>`, shared by every machine."""

    def __init__(self, url: str):
        import fsspec

        self.url = url
        self.fs, self.base = fsspec.core.url_to_fs(url)

    def key(self, sha256: str) -> str:
        """Where an original lives in the shared store."""
        return f"{self.base.rstrip('/')}/{sha256[:2]}/{sha256[2:4]}/{sha256}"

    def has(self, sha256: str) -> bool:
        """Whether the shared store holds the original."""
        return bool(self.fs.exists(self.key(sha256)))

    def put(self, local: Path, sha256: str) -> None:
        """Copy a local original up (an object store shows an object only once it is whole)."""
        key = self.key(sha256)
        self.fs.makedirs(key.rsplit("/", 1)[0], exist_ok=True)
        self.fs.put_file(str(local), key)

    def fetch(self, sha256: str, local: Path, tmp_dir: Path) -> None:
        """Copy an original down into `local` (whole, or not at all)."""
        fd, name = tempfile.mkstemp(dir=tmp_dir)
        os.close(fd)
        try:
            self.fs.get_file(self.key(sha256), name)
            if hashlib.sha256(Path(name).read_bytes()).hexdigest() != sha256:
                raise OSError(f"the shared copy of {sha256} does not match its digest")
            local.parent.mkdir(parents=True, exist_ok=True)
            Path(name).replace(local)
        finally:
            Path(name).unlink(missing_ok=True)


class Store:
    """Originals under `root/ab/cd/<digest>` (and under `remote` when one is configured)."""

    def __init__(self, root: Path, remote: str | None = None):
        self.root = root
        self.tmp = root / ".incoming"
        self.tmp.mkdir(parents=True, exist_ok=True)
        self.remote = Remote(remote) if remote else None

    def _local(self, sha256: str) -> Path:
        if not _DIGEST.match(sha256):
            raise ValueError("not a SHA-256 digest")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def path(self, sha256: str) -> Path:
        """Where the original is on this machine (fetched from the shared store if need be)."""
        local = self._local(sha256)
        if self.remote is not None and not local.exists():
            self.remote.fetch(sha256, local, self.tmp)
        return local

    def has(self, sha256: str) -> bool:
        """Whether the original is stored."""
        return self._local(sha256).exists() or (
            self.remote is not None and self.remote.has(sha256))

    def read(self, sha256: str) -> bytes:
        """The original's bytes."""
        return self.path(sha256).read_bytes()

    def discard(self, sha256: str) -> None:
        """Remove an original (refused content, or a document deleted), here and shared."""
        self._local(sha256).unlink(missing_ok=True)
        if self.remote is not None and self.remote.has(sha256):
            self.remote.fs.rm(self.remote.key(sha256))

    def _commit(self, tmp_path: Path, digest: str, size: int, head: bytes) -> Stored:
        final = self._local(digest)
        new = not final.exists()
        if new:
            final.parent.mkdir(parents=True, exist_ok=True)
            tmp_path.replace(final)
            _fsync_dir(final.parent)
        else:
            tmp_path.unlink(missing_ok=True)
        if self.remote is not None and not self.remote.has(digest):
            self.remote.put(final, digest)  # on the shared store before the answer
            new = True
        return Stored(digest, size, head, new=new)

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
        """Drop what was written (closing may fail again on a full disk: it is dropped anyway)."""
        try:
            if not self.file.closed:
                self.file.close()
        except OSError:
            pass
        finally:
            self.path.unlink(missing_ok=True)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
