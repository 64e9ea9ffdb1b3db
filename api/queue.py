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
from sqlalchemy.orm import Session, sessionmaker

from api import processing
from api.db import CitationIndex, Document, FlagIndex, now
from api.processing import Outcome, process
from api.settings import Settings
from api.store import Store
from extract.limits import SPLIT_AT

log = logging.getLogger(__name__)

#: A document whose processing was cut off this many times fails with the reason.
MAX_ATTEMPTS = 3
#: How much lower the worker processes' priority is than the API's.
NICENESS = 10
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
    from api import tasks

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


def release(sessions: sessionmaker[Session], ident: str) -> str:
    """Put back a document whose worker process died under it; its new status.

    It is `queued` to be tried again, or `failed` with the reason once it has been tried
    MAX_ATTEMPTS times.
    """
    with sessions.begin() as session:
        doc = session.get(Document, ident, with_for_update=True)
        if doc is None or doc.status != "processing":
            return doc.status if doc else "missing"
        doc.updated_at, doc.lease_until = now(), None
        if doc.attempts >= MAX_ATTEMPTS:
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
        session.execute(delete(CitationIndex).where(CitationIndex.document_id == ident))
        session.execute(delete(FlagIndex).where(FlagIndex.document_id == ident))
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
        _index_text(session, ident, outcome.text)
        return True


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

    def stop(self) -> None:
        """Stop taking work; in-flight documents finish (or are requeued on the next start)."""
        self.stopping.set()
        self.wake.set()
        for thread in self.threads:
            thread.join(timeout=5)
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)

    def _read(self, doc: Document, pool: ProcessPoolExecutor) -> Outcome:
        """Read a document in the pool: whole, or, for a scan of several pages, page by page.

        Page jobs go to the same pool as whole documents, so every worker process can take a
        page of one long scan; the pages are then read together as one letter.
        """
        path = str(self.store.path(doc.sha256))
        started = time.perf_counter()
        planned = pool.submit(processing.plan_or_failure, path).result()
        if isinstance(planned, Outcome):
            return planned
        if sum(1 for how in planned if how == "ocr") < SPLIT_AT:
            return pool.submit(process, path, doc.name, str(self.data_dir)).result()
        jobs = [pool.submit(processing.page_or_failure, path, doc.name, number)
                for number in range(1, len(planned) + 1)]
        pages = [job.result() for job in jobs]
        outcome = pool.submit(processing.assemble, path, doc.name, pages,
                                   str(self.data_dir)).result()
        return replace(outcome, seconds=time.perf_counter() - started)

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
            pool = self.pool
            assert pool is not None
            try:
                outcome = self._read(doc, pool)
            except BrokenProcessPool:
                if self.stopping.is_set():  # shutting down: requeued on the next start
                    break
                self._renew(pool)
                self._put_back(doc.id)
                continue
            except Exception as e:  # noqa: BLE001 - the pool itself failed: fail with the reason
                if self.stopping.is_set():
                    break
                outcome = Outcome(None, None, "internal_error",
                                  f"Tiến trình xử lý bị dừng: {type(e).__name__}", 0.0)
            self._write(doc.id, outcome)

    def _put_back(self, ident: str) -> None:
        try:
            log.warning("%s: its worker process died; now %s", ident, release(self.sessions, ident))
        except Exception:  # noqa: BLE001 - left `processing`: requeued on the next start
            log.exception("putting %s back failed", ident)

    def _write(self, ident: str, outcome: Outcome) -> None:
        """Write the outcome, trying again while the database is away.

        A dropped connection or a database restart does not throw away what was read. If the
        service stops first, the document is still `processing` and the next start reads it
        again.
        """
        delay = 0.5
        while True:
            try:
                finish(self.sessions, ident, outcome)
                return
            except Exception:  # noqa: BLE001 - any database error: wait and try again
                log.exception("writing the result of %s failed; trying again", ident)
            if self.stopping.wait(delay):
                return
            delay = min(delay * 2, 10.0)
