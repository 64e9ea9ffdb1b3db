"""The in-process workers: threads that claim queued documents and read them in a process pool.

With Celery (CONGVAN_QUEUE=celery) the service only sends tasks (`dispatcher`); the
`congvan worker`s read them (api/worker/tasks.py).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from pathlib import Path

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from api.settings import Settings
from api.store.db import (
    Document,
    Status,
)
from api.store.documents import WRITE_TRIES, Outcome, claim, recover, release
from api.store.originals import Store
from api.worker import processing
from extract.limits import Limits
from extract.sandbox import die_with_parent

log = logging.getLogger(__name__)

#: How much lower the worker processes' priority is than the API's.
NICENESS = 10
#: How long an idle worker sleeps before looking at the queue again (an upload wakes it).
POLL_SECONDS = 1.0


def dispatcher(settings: Settings) -> Callable[[str], None] | None:
    """How new documents reach their workers: None for the embedded ones (they poll)."""
    if settings.queue != "celery":
        return None
    from api.worker import tasks

    tasks.configure(settings)
    return tasks.submit


def _background(parent: int) -> None:
    """Reading letters runs at a lower priority than answering requests, and ends with it.

    `parent` is the service's pid, taken in the service: read here with os.getppid(), it would
    already be 1 (or a subreaper's) when the service died while this process was starting, and
    the process would then watch the wrong parent and live on.
    """
    # A service killed with SIGKILL cannot stop its pool: Linux kills its workers with it…
    die_with_parent()
    if os.getppid() != parent:  # …unless it died before this process asked to die with it
        os._exit(0)
    os.nice(NICENESS)

    def watch() -> None:
        # Where the death signal is not to be had (not Linux), the workers notice and leave.
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


class Workers:
    """In-process workers: threads that claim documents and run them in a process pool."""

    def __init__(self, sessions: sessionmaker[Session], store: Store, count: int,
                 data_dir: Path, limits: Limits | None = None):
        self.sessions, self.store, self.count = sessions, store, count
        self.data_dir = data_dir
        self.limits = limits or Limits()
        self.wake = threading.Event()
        self.stopping = threading.Event()
        self.pool: ProcessPoolExecutor | None = None
        self.renewing = threading.Lock()
        # Which documents are being read; those that were in a pool when it broke (suspects)
        # are read alone, so the one that breaks it is the one whose attempts are counted.
        self.gate = threading.Condition()
        self.in_flight: set[str] = set()
        self.suspects: set[str] = set()
        self.solo_waiting = 0
        self.breaks: dict[ProcessPoolExecutor, frozenset[str]] = {}
        self.threads: list[threading.Thread] = []

    def start(self) -> None:
        """Requeue what a dead service left, then start the workers."""
        requeued, failed = recover(self.sessions)
        if requeued or failed:
            log.warning("recovered after a restart: %d requeued, %d failed", requeued, failed)
        self.pool = self._new_pool()
        for i in range(self.count):
            thread = threading.Thread(target=self._run, name=f"congvan-worker-{i}", daemon=True)
            thread.start()
            self.threads.append(thread)

    def _new_pool(self) -> ProcessPoolExecutor:
        # Spawned, not forked: a forked worker would keep the server's listening socket open
        # after the server died, and a restart could not bind its port.
        return ProcessPoolExecutor(max_workers=self.count,
                                   mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_background, initargs=(os.getpid(),))

    def _renew(self, broken: ProcessPoolExecutor) -> None:
        """Replace a pool one of whose processes died (SIGKILL, the kernel's OOM killer).

        Every document in it at the time is put back by its own worker thread.
        """
        with self.renewing:
            if self.pool is broken and not self.stopping.is_set():
                broken.shutdown(wait=False, cancel_futures=True)
                self.pool = self._new_pool()
                log.warning("a worker process died; the pool was started again")

    def alive(self) -> bool:
        """Whether every worker thread is running."""
        return bool(self.threads) and all(t.is_alive() for t in self.threads)

    def stop(self) -> bool:
        """Stop taking work; in-flight documents finish (or are requeued on the next start).

        True when every worker thread has ended (nothing is being read any more).
        """
        self.stopping.set()
        self.wake.set()
        for thread in self.threads:
            thread.join(timeout=5)
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
        return not any(t.is_alive() for t in self.threads)

    def _read(self, doc: Document, pool: ProcessPoolExecutor) -> Outcome:
        """Read a document in the pool: whole, or, for a scan of several pages, page by page.

        Page jobs go to the same pool as whole documents, so every worker process can take a
        page of one long scan; the pages are then read together as one letter.
        """
        path = str(self.store.path(doc.sha256))
        started = time.perf_counter()
        planned = pool.submit(processing.read_or_plan, path, doc.name, str(self.data_dir),
                              limits=self.limits).result()
        if isinstance(planned, Outcome):  # read whole (or refused) in one child
            return planned
        # The file's time budget counts from here, on the wall clock every page job shares.
        began = time.time()
        jobs = [pool.submit(processing.pages_or_failure, path, doc.name, numbers, began,
                            limits=self.limits)
                for numbers in planned.jobs()]
        pages = sorted((page for job in jobs for page in job.result()),
                       key=lambda p: p["number"])
        outcome = pool.submit(processing.assemble, path, doc.name, pages,
                              str(self.data_dir), planned, limits=self.limits).result()
        return replace(outcome, seconds=time.perf_counter() - started)

    def _enter(self, ident: str) -> None:
        """Wait for a turn: a suspect (it was in a pool that broke) is read alone."""
        with self.gate:
            if ident in self.suspects:
                self.solo_waiting += 1
                self.gate.wait_for(lambda: not self.in_flight)
                self.solo_waiting -= 1
            else:
                self.gate.wait_for(lambda: not self.solo_waiting and not (
                    self.in_flight & self.suspects))
            self.in_flight.add(ident)

    def _leave(self, ident: str) -> None:
        with self.gate:
            self.in_flight.discard(ident)
            self.gate.notify_all()

    def _broke(self, pool: ProcessPoolExecutor, ident: str) -> bool:
        """Whether `ident` alone was being read when `pool` broke (then it broke it)."""
        with self.gate:
            if pool not in self.breaks:
                if len(self.breaks) > 16:
                    self.breaks.clear()
                self.breaks[pool] = frozenset(self.in_flight)
            return self.breaks[pool] == {ident}

    def _run(self) -> None:
        while not self.stopping.is_set():
            try:
                doc = claim(self.sessions)
            except Exception:  # noqa: BLE001 - a database hiccup: try again shortly
                log.exception("claiming a document failed")
                doc = None
            if doc is None:
                self.wake.wait(POLL_SECONDS)
                self.wake.clear()
                continue
            self._enter(doc.id)
            pool = self.pool
            assert pool is not None
            try:
                outcome = self._read(doc, pool)
            except BrokenProcessPool:
                if self.stopping.is_set():  # shutting down: requeued on the next start
                    break
                alone = self._broke(pool, doc.id)
                self._renew(pool)
                with self.gate:  # it or a neighbour broke the pool: from now on it is read alone
                    self.suspects.add(doc.id)
                self._put_back(doc.id, counted=alone)
                continue
            except Exception as e:  # noqa: BLE001 - the pool itself failed: fail with the reason
                if self.stopping.is_set():
                    break
                outcome = Outcome(None, None, "internal_error",
                                  f"Tiến trình xử lý bị dừng: {type(e).__name__}", 0.0)
            finally:
                self._leave(doc.id)
            with self.gate:
                self.suspects.discard(doc.id)
            self._write(doc.id, outcome)

    def _put_back(self, ident: str, *, counted: bool) -> None:
        def step() -> None:
            status = release(self.sessions, ident, counted=counted)
            log.warning("%s: its worker process died; now %s", ident, status)
            if status != Status.QUEUED:  # settled: no longer anyone's suspect
                with self.gate:
                    self.suspects.discard(ident)

        self._retrying(f"putting {ident} back", step)

    def _write(self, ident: str, outcome: Outcome) -> None:
        """Write the outcome, or else the failure to write it.

        If the database refuses the outcome itself (not only drops the connection), the failure
        is written instead, so the document does not stay `processing`.
        """
        if self._retrying(f"writing the result of {ident}",
                          lambda: processing.record(self.sessions, ident, outcome)):
            return
        failure = Outcome(None, None, "internal_error",
                          "Không ghi được kết quả đọc vào cơ sở dữ liệu; hãy đọc lại văn bản.",
                          outcome.seconds)
        self._retrying(f"writing the failure of {ident}",
                       lambda: processing.record(self.sessions, ident, failure))

    def _retrying(self, what: str, step: Callable[[], object]) -> bool:
        """Run `step`, trying again while the database is away; whether it was done.

        A dropped connection or a database restart is waited out (what was read is not thrown
        away); any other error is tried WRITE_TRIES times. If the service stops first, the
        document is still `processing` and the next start reads it again.
        """
        delay, tries = 0.5, 0
        while True:
            try:
                step()
                return True
            except Exception as e:  # noqa: BLE001 - the database: wait and try again
                tries += not _connection_lost(e)
                log.exception("%s failed (try %d)", what, tries)
                if tries >= WRITE_TRIES:
                    return False
            if self.stopping.wait(delay):
                return False
            delay = min(delay * 2, 10.0)


def _connection_lost(error: BaseException) -> bool:
    """Whether a database error is the connection going away (worth waiting out)."""
    return isinstance(error, OperationalError) or bool(
        isinstance(error, DBAPIError) and error.connection_invalidated)
