"""Fakes the tests share, each named as a fake."""

from __future__ import annotations

import errno


class FakeFullDisk:
    """A fake file that takes `room` bytes, then fails every write and close like a full disk."""

    def __init__(self, real, room: int):
        self.real, self.room, self.closed = real, room, False

    def write(self, chunk: bytes) -> int:
        if len(chunk) > self.room:
            raise OSError(errno.ENOSPC, "No space left on device")
        self.room -= len(chunk)
        return int(self.real.write(chunk))

    def flush(self) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    def fileno(self) -> int:
        return int(self.real.fileno())

    def close(self) -> None:
        self.closed = True
        self.real.close()
        raise OSError(errno.ENOSPC, "No space left on device")
