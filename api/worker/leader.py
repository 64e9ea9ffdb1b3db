"""Which of the service's processes runs the in-process workers: the one holding a lock.

`congvan serve --processes N` answers requests in N processes, but one set of workers must
read the queue (a second would requeue the first's letters as left over by a dead service on
its start). Each process asks for an exclusive lock on `workers.lock` in the data folder; the
one that gets it starts the workers, the others wait for it in a thread and take over if that
process dies (the kernel drops a dead process's lock).
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)
#: How long a process that failed to start the workers waits before trying to lead again.
RETRY_SECONDS = 5.0


class Leader:
    """The workers' lock for one data folder."""

    def __init__(self, folder: Path, start: Callable[[], None]):
        self.path = folder / "workers.lock"
        self.start = start
        self.fd: int | None = None
        self.stopped = threading.Event()
        self.leading = threading.Event()

    def run(self) -> None:
        """Lead now if nobody does; else wait in the background and lead when the leader dies."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            threading.Thread(target=self._wait, name="workers-lock", daemon=True).start()
            return
        self._lead()

    def _wait(self) -> None:
        while not self.stopped.is_set():
            fd = self.fd
            if fd is None:
                return
            fcntl.flock(fd, fcntl.LOCK_EX)
            if self.stopped.is_set():
                return
            log.warning("the process running the workers is gone: this one takes over")
            try:
                self._lead()
                return
            except Exception:  # noqa: BLE001 - the database may be away: let go, try again
                log.exception("starting the workers failed; the lock is given back")
                self.leading.clear()
                fcntl.flock(fd, fcntl.LOCK_UN)
                self.stopped.wait(RETRY_SECONDS)

    def _lead(self) -> None:
        self.leading.set()
        self.start()

    def elsewhere(self) -> bool:
        """Whether another process holds the lock (and so runs the workers)."""
        return self.fd is not None and not self.leading.is_set() and not self.stopped.is_set()

    def release(self) -> None:
        """Give the lock up (the process is stopping)."""
        self.stopped.set()
        if self.fd is not None:
            os.close(self.fd)  # closing the file drops the lock
            self.fd = None
