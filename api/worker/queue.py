"""The job queue: the documents table itself, claimed by in-process workers.

A document is committed `queued` before its upload is answered. A worker claims it (one
atomic UPDATE guarded by its status: `FOR UPDATE SKIP LOCKED` on PostgreSQL, SQLite's single
writer otherwise), processes it in a process pool and writes `done` or `failed` with a reason.
On start, documents left `processing` by a service that died go back to the queue, up to
MAX_ATTEMPTS, then fail with the reason; none is left without a status.
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
from typing import Any

from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from api.settings import Settings
from api.store.db import (
    AuditEntry,
    CitationIndex,
    Correction,
    Document,
    FlagIndex,
    PageResult,
    WarningIndex,
    now,
)
from api.store.originals import Store
from api.worker import processing
from api.worker.processing import Outcome
from extract.limits import page_jobs

log = logging.getLogger(__name__)

#: What is rebuilt from a document's result each time it is read (and goes with it).
INDEXES = (CitationIndex, FlagIndex, WarningIndex)
#: A document whose processing was cut off this many times fails with the reason.
MAX_ATTEMPTS = 3
#: How much lower the worker processes' priority is than the API's.
NICENESS = 10
#: Tries for a write the database refuses for another reason than a lost connection.
WRITE_TRIES = 3
#: How long an idle worker sleeps before looking at the queue again (an upload wakes it).
POLL_SECONDS = 1.0


def enqueue(sessions: sessionmaker[Session], sha256: str, size: int, media_type: str,
            name: str, user: str, dispatch: Callable[[str], None] | None = None
            ) -> dict[str, Any]:
    """The document for a stored original: the existing one, or a new one, queued.

    `dispatch` (Celery's) is told of a new document once its row is committed; if it fails
    (the broker is down), the document stays queued and a worker's sweep sends it later.
    """
    with sessions.begin() as session:
        doc = session.scalar(select(Document).where(Document.sha256 == sha256))
        if doc is not None:
            return {"id": doc.id, "status": doc.status, "duplicate": True}
        doc = Document(sha256=sha256, size=size, media_type=media_type, name=name[:255],
                       status="queued", uploaded_by=user)
        session.add(doc)
        session.flush()
        ident = doc.id
    send(dispatch, ident)
    return {"id": ident, "status": "queued", "duplicate": False}


def send(dispatch: Callable[[str], None] | None, ident: str) -> None:
    """Tell the task queue of a queued document, if there is one; a failure is only logged."""
    if dispatch is None:
        return
    try:
        dispatch(ident)
    except Exception:  # noqa: BLE001 - the row is committed; a worker's sweep will send it
        log.exception("sending %s to the task queue failed; it stays queued", ident)


def dispatcher(settings: Settings) -> Callable[[str], None] | None:
    """How new documents reach their workers: None for the embedded ones (they poll)."""
    if settings.queue != "celery":
        return None
    from api.worker import tasks

    tasks.configure(settings)
    return tasks.submit


def claim(sessions: sessionmaker[Session]) -> Document | None:
    """The oldest queued document, now `processing` and ours; None when the queue is empty."""
    with sessions.begin() as session:
        query = select(Document.id).where(Document.status == "queued") \
            .order_by(Document.created_at).limit(1)
        if session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        ident = session.scalars(query).first()
        if ident is None:
            return None
        claimed = session.execute(
            update(Document).where(Document.id == ident, Document.status == "queued")
            .values(status="processing", attempts=Document.attempts + 1, updated_at=now()))
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            return None
        return session.get(Document, ident)


def recover(sessions: sessionmaker[Session]) -> tuple[int, int]:
    """Requeue the documents a dead service left `processing`; fail those tried too often."""
    with sessions.begin() as session:
        failed = session.execute(
            update(Document).where(Document.status == "processing",
                                   Document.attempts >= MAX_ATTEMPTS)
            .values(status="failed", error_code="interrupted", updated_at=now(),
                    error_message=f"Xử lý bị ngắt {MAX_ATTEMPTS} lần (dịch vụ dừng giữa chừng); "
                                  "tệp có thể làm treo trình đọc.")).rowcount  # type: ignore[attr-defined]
        requeued = session.execute(
            update(Document).where(Document.status == "processing")
            .values(status="queued", updated_at=now())).rowcount  # type: ignore[attr-defined]
    return requeued, failed


def release(sessions: sessionmaker[Session], ident: str, *, counted: bool = True) -> str:
    """Put back a document whose worker process died under it; its new status.

    It is `queued` to be tried again, or `failed` with the reason once it has been tried
    MAX_ATTEMPTS times. `counted=False` gives the attempt back: the document was only beside
    the one that broke the pool.
    """
    with sessions.begin() as session:
        doc = session.get(Document, ident, with_for_update=True)
        if doc is None or doc.status != "processing":
            return doc.status if doc else "missing"
        doc.updated_at, doc.lease_until = now(), None
        if not counted:
            doc.attempts = max(0, doc.attempts - 1)
        if counted and doc.attempts >= MAX_ATTEMPTS:
            doc.status, doc.error_code = "failed", "interrupted"
            doc.error_message = (f"Tiến trình đọc tệp bị dừng {MAX_ATTEMPTS} lần (bị hệ thống "
                                 "buộc dừng, có thể do hết bộ nhớ); tệp có thể làm hỏng trình đọc.")
        else:
            doc.status = "queued"
        return doc.status


def finish(sessions: sessionmaker[Session], ident: str, outcome: Outcome) -> bool:
    """Write what processing gave: the result and its indexes, or the error.

    Only a document still `processing` takes it (its row locked on PostgreSQL), so a task
    delivered twice never writes twice; False when it was not written.
    """
    with sessions.begin() as session:
        doc = session.get(Document, ident, with_for_update=True)
        if doc is None or doc.status != "processing":
            return False
        doc.processing_seconds = outcome.seconds
        doc.updated_at = now()
        doc.lease_until = None
        for index in INDEXES:
            session.execute(delete(index).where(index.document_id == ident))
        if outcome.document is None:
            doc.status, doc.error_code = "failed", outcome.error_code
            doc.error_message = outcome.error_message
            _index_text(session, ident, None)
            return True
        result = outcome.document
        fields = result["fields"]
        doc.status, doc.error_code, doc.error_message = "done", None, None
        doc.result, doc.text = result, outcome.text
        doc.media_type = result["file"]["media_type"]
        doc.pages = result["file"]["pages"]
        doc.doc_ref = fields["doc_ref"]["value"]
        doc.doc_type = fields["doc_type"]["value"]
        doc.issuer = fields["issuer"]["value"]
        doc.issued_date = fields["issued_date"]["value"]
        for c in result["citations"]:
            refs = {c["ref"]} | ({c["registry"]["ref"]} if c.get("registry") else set())
            for ref in refs:
                session.add(CitationIndex(document_id=ident, ref=ref, role=c["role"]))
        for f in result["flags"]:
            session.add(FlagIndex(document_id=ident, code=f["code"], severity=f["severity"]))
        for code in sorted({w["code"] for w in result.get("warnings") or []}):
            session.add(WarningIndex(document_id=ident, code=code))
        _index_text(session, ident, outcome.text)
        return True


def forget(sessions: sessionmaker[Session], ident: str, user: str) -> str | None:
    """Delete a document and everything read from it; the audit log keeps that it was.

    Returns its original's digest (for the caller to remove the file once this is committed),
    None when there is no such document; ValueError while it is being read.
    """
    with sessions.begin() as session:
        doc = session.get(Document, ident, with_for_update=True)
        if doc is None:
            return None
        if doc.status == "processing":
            raise ValueError("processing")
        session.add(AuditEntry(document_id=ident, user=user, action="delete", before={
            "name": doc.name, "sha256": doc.sha256, "status": doc.status,
            "doc_ref": doc.doc_ref}, after=None))
        for table in (*INDEXES, Correction):
            session.execute(delete(table).where(table.document_id == ident))
        session.execute(delete(PageResult).where(PageResult.sha256 == doc.sha256))
        _index_text(session, ident, None)
        sha256 = doc.sha256
        session.delete(doc)
    return sha256


def _index_text(session: Session, ident: str, content: str | None) -> None:
    """SQLite's FTS5 table follows the text; PostgreSQL indexes the column itself."""
    if session.get_bind().dialect.name != "sqlite":
        return
    session.execute(text("DELETE FROM documents_fts WHERE document_id = :i"), {"i": ident})
    if content:
        session.execute(insert(_fts()).values(document_id=ident, text=content))


def _fts() -> Any:
    from sqlalchemy import Column, MetaData, String, Table, Text

    return Table("documents_fts", MetaData(), Column("document_id", String), Column("text", Text))


def queue_depth(sessions: sessionmaker[Session]) -> int:
    """How many documents wait."""
    with sessions() as session:
        return int(session.scalar(select(func.count()).where(Document.status == "queued")) or 0)


def _background() -> None:
    """Reading letters runs at a lower priority than answering requests, and ends with it."""
    os.nice(NICENESS)
    parent = os.getppid()

    def watch() -> None:
        # A service killed with SIGKILL cannot stop its pool: its workers notice and leave.
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


class Workers:
    """In-process workers: threads that claim documents and run them in a process pool."""

    def __init__(self, sessions: sessionmaker[Session], store: Store, count: int,
                 data_dir: Path):
        self.sessions, self.store, self.count = sessions, store, count
        self.data_dir = data_dir
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
                                   initializer=_background)

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
        planned = pool.submit(processing.read_or_plan, path, doc.name,
                              str(self.data_dir)).result()
        if isinstance(planned, Outcome):  # read whole (or refused) in one child
            return planned
        # The file's time budget counts from here, on the wall clock every page job shares.
        began = time.time()
        jobs = [pool.submit(processing.pages_or_failure, path, doc.name, numbers, began)
                for numbers in page_jobs(planned.how)]
        pages = sorted((page for job in jobs for page in job.result()),
                       key=lambda p: p["number"])
        outcome = pool.submit(processing.assemble, path, doc.name, pages,
                              str(self.data_dir), planned).result()
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
            if status != "queued":  # settled: no longer anyone's suspect
                with self.gate:
                    self.suspects.discard(ident)

        self._retrying(f"putting {ident} back", step)

    def _write(self, ident: str, outcome: Outcome) -> None:
        """Write the outcome, or else the failure to write it.

        If the database refuses the outcome itself (not only drops the connection), the failure
        is written instead, so the document does not stay `processing`.
        """
        if self._retrying(f"writing the result of {ident}",
                          lambda: finish(self.sessions, ident, outcome)):
            return
        failure = Outcome(None, None, "internal_error",
                          "Không ghi được kết quả đọc vào cơ sở dữ liệu; hãy đọc lại văn bản.",
                          outcome.seconds)
        self._retrying(f"writing the failure of {ident}",
                       lambda: finish(self.sessions, ident, failure))

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
