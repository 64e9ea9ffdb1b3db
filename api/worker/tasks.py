"""Celery tasks: the same processing as the embedded workers, spread over many machines.

`CONGVAN_QUEUE=celery` makes the API and `congvan ingest` send a `congvan.process` task for
each new document; `congvan worker` runs them. A document whose pages are mostly scans is split
into one `congvan.page` task per page, so several workers share one long scan; the page that
completes the set sends `congvan.assemble`, which reads the letter from the stored pages.

Delivery is at least once (`acks_late`; a task held by a worker that died is delivered again
after the visibility timeout, at once if only its pool child died), so every task is idempotent:
a document is claimed with a lease (a guarded UPDATE), a page is stored once under the
original's digest, and a result is written only while the document is still `processing`.
A bad file is never retried (it ends `failed` with its code); a database or broker hiccup is,
with backoff.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, timedelta
from typing import Any

from celery import Celery, Task
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from api.service import open_service
from api.settings import Settings
from api.store import documents
from api.store.db import Document, PageResult, Status, now
from api.worker import processing
from api.worker.processing import Outcome
from extract.errors import ErrorCode

log = logging.getLogger(__name__)

app = Celery("congvan")
#: Transient faults a task retries (with backoff); anything about the file itself is not one.
TRANSIENT = (OperationalError, ConnectionError, TimeoutError, KombuOperationalError,
             RedisConnectionError)
RETRY = {"autoretry_for": TRANSIENT, "retry_backoff": 2, "retry_backoff_max": 60,
         "max_retries": 8, "acks_late": True, "reject_on_worker_lost": True}


def configure(settings: Settings) -> Celery:
    """Point the Celery app at the broker of `settings`, with at-least-once delivery."""
    app.conf.update(
        broker_url=settings.broker_url,
        # Messages a dead worker held come back after the visibility timeout; every worker
        # looks for such messages every 5 s (kombu's default would be every 100 s).
        broker_transport_options={"visibility_timeout": settings.visibility_timeout,
                                  "unacked_restore_interval": 5,
                                  "unacked_restore_throttle": 1},
        broker_connection_retry_on_startup=True,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_ignore_result=True,
        task_serializer="json", accept_content=["json"],
        task_default_queue="congvan",
        worker_prefetch_multiplier=1,
        worker_hijack_root_logger=False,
        worker_send_task_events=True,
        task_send_sent_event=True,
    )
    return app


class _State:
    """What a worker process keeps: settings, database sessions, the store."""

    def __init__(self) -> None:
        opened = open_service()
        self.settings = opened.settings
        self.sessions: sessionmaker[Session] = opened.sessions
        self.store = opened.store


_state: _State | None = None
_lock = threading.Lock()


def state() -> _State:
    """This process's worker state, made on first use."""
    global _state
    with _lock:
        if _state is None:
            _state = _State()
        return _state


def submit(document_id: str) -> None:
    """Send the task that processes a document (after its row is committed)."""
    app.send_task("congvan.process", args=[document_id])


def broker_ready() -> bool:
    """Whether the broker answers (for /ready)."""
    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:  # noqa: BLE001 - readiness reports, it does not raise
        log.exception("the broker does not answer")
        return False


def _lease_over() -> Any:
    """A document `processing` whose lease has ended (or that never had one: embedded mode)."""
    return or_(Document.lease_until.is_(None), Document.lease_until < now())


def broker_backlog() -> int:
    """How many tasks wait in the broker's queue, not yet taken by a worker."""
    from kombu.exceptions import ChannelError

    with app.connection_for_read() as connection:
        try:
            declared = connection.default_channel.queue_declare(
                queue=app.conf.task_default_queue, passive=True)
        except ChannelError:  # Redis keeps no empty queue: nothing waits
            return 0
    return int(declared.message_count)


def sweep(sessions_: sessionmaker[Session], quiet_for: float,
          backlog: Callable[[], int] | None = None) -> int:
    """Send again the documents no task may be carrying: queued, or held by an ended lease.

    Run when a worker starts and every minute, so a document whose task was lost (the broker
    was down when it was uploaded, say) is never stranded. Only documents untouched for
    `quiet_for` seconds are sent, and sending touches them (one UPDATE … RETURNING, so two
    sweepers never send the same one). While tasks still wait in the broker (`backlog()` > 0),
    nothing is sent: in an archive's backlog of days, a document's task may simply not have
    come up yet, and sending it again every hour would fill the queue with duplicates. Once
    the queue has drained, what is still stranded is sent.
    """
    if backlog is not None and (waiting := backlog()) > 0:
        log.debug("sweep skipped: %d tasks still wait in the broker", waiting)
        return 0
    cutoff = now() - timedelta(seconds=quiet_for)
    with sessions_.begin() as session:
        ids = session.scalars(
            update(Document).where(
                or_(Document.status == Status.QUEUED,
                    (Document.status == Status.PROCESSING) & _lease_over()),
                Document.updated_at < cutoff)
            .values(updated_at=now()).returning(Document.id)).all()
    for ident in ids:
        submit(ident)
    return len(ids)


def _lease(settings: Settings) -> Any:
    return now() + timedelta(seconds=settings.visibility_timeout)


def _claim(st: _State, document_id: str) -> tuple[str, Document | None]:
    """("claimed", doc), ("settled", None), ("busy", doc) or ("gone", None)."""
    with st.sessions.begin() as session:
        took = session.execute(
            update(Document).where(
                Document.id == document_id,
                or_(Document.status == Status.QUEUED,
                    (Document.status == Status.PROCESSING) & _lease_over()))
            .values(status=Status.PROCESSING, attempts=Document.attempts + 1,
                    lease_until=_lease(st.settings), updated_at=now()))
        doc = session.get(Document, document_id)
        if doc is None:
            return "gone", None
        if took.rowcount == 1:  # type: ignore[attr-defined]
            return "claimed", doc
        return ("settled", None) if doc.status in Status.settled() else ("busy", doc)


def _until_lease_ends(doc: Document) -> float:
    """Seconds until the lease on `doc` ends (at least 5, at most 600)."""
    until = doc.lease_until
    if until is None:
        return 30.0
    if until.tzinfo is None:  # SQLite keeps no time zone: the value is UTC
        until = until.replace(tzinfo=UTC)
    return min(600.0, max(5.0, (until - now()).total_seconds()))


def _fail(st: _State, document_id: str, outcome: Outcome) -> None:
    processing.record(st.sessions, document_id, outcome)


@app.task(name="congvan.process", bind=True, **RETRY)
def process(self: Task, document_id: str) -> str:
    """Claim a document and read it whole, or split it into page tasks."""
    st = state()
    how, doc = _claim(st, document_id)
    if how in ("gone", "settled"):
        return how
    assert doc is not None
    if how == "busy":
        # Delivered twice while another worker holds it: look again when its lease ends.
        raise self.retry(countdown=_until_lease_ends(doc), max_retries=None)
    if doc.attempts > documents.MAX_ATTEMPTS:
        _fail(st, document_id, Outcome(
            None, None, ErrorCode.INTERRUPTED, f"Xử lý bị ngắt {documents.MAX_ATTEMPTS} lần "
            "(máy xử lý dừng giữa chừng); tệp có thể làm treo trình đọc.", 0.0))
        return "failed"
    path = str(st.store.path(doc.sha256))
    # One child plans the file and, unless it is to be read page by page, reads it too.
    plan = processing.read_or_plan(path, doc.name, str(st.settings.data_dir),
                                   limits=st.settings.limits)
    if isinstance(plan, Outcome):
        processing.record(st.sessions, document_id, plan)
        return "failed" if plan.error_code else "done"
    with st.sessions() as session:
        have = set(session.scalars(select(PageResult.number)
                                   .where(PageResult.sha256 == doc.sha256)).all())
    total = len(plan.how)
    missing = [n for n in range(1, total + 1) if n not in have]
    for number in missing:
        app.send_task("congvan.page", args=[document_id, number, total, time.time()])
    if not missing:
        app.send_task("congvan.assemble", args=[document_id, total])
    return f"split into {len(missing)} page tasks"


def _processing(session: Session, document_id: str) -> tuple[str, str] | None:
    """(sha256, name) of a document still being processed; None once it is settled."""
    doc = session.get(Document, document_id)
    if doc is None or doc.status != Status.PROCESSING:
        return None
    return doc.sha256, doc.name


@app.task(name="congvan.page", bind=True, **RETRY)
def page(self: Task, document_id: str, number: int, total: int,
         split_at: float | None = None) -> str:
    """Read one page of a document and keep it; the page that completes the set assembles."""
    st = state()
    with st.sessions() as session:
        found = _processing(session, document_id)
        if found is None:
            return "settled"
        sha256, name = found
        known = session.get(PageResult, (sha256, number)) is not None
    if not known:
        started = now()
        # A page that cannot be read is kept as a failure: the letter is read without it.
        # `split_at`: when the file was split, for its time budget (every page shares it).
        payload = processing.page_or_failure(str(st.store.path(sha256)), name, number, split_at,
                                             limits=st.settings.limits)
        seconds = (now() - started).total_seconds()
        try:
            with st.sessions.begin() as session:
                session.add(PageResult(sha256=sha256, number=number, payload=payload,
                                       seconds=seconds))
                # Another page job is running: the lease is still being earned.
                session.execute(update(Document).where(Document.id == document_id,
                                                       Document.status == Status.PROCESSING)
                                .values(lease_until=_lease(st.settings)))
        except IntegrityError:
            pass  # the same page stored by a redelivered twin: one copy is kept
    with st.sessions() as session:
        stored = session.scalar(select(func.count()).select_from(PageResult)
                                .where(PageResult.sha256 == sha256)) or 0
    if stored >= total:
        app.send_task("congvan.assemble", args=[document_id, total])
    return f"page {number}/{total}"


@app.task(name="congvan.assemble", bind=True, **RETRY)
def assemble(self: Task, document_id: str, total: int) -> str:
    """The letter from its stored pages: fields, citations, delegation, flags; written once."""
    st = state()
    with st.sessions() as session:
        found = _processing(session, document_id)
        if found is None:
            return "settled"
        sha256, name = found
        pages = [r.payload for r in session.scalars(
            select(PageResult).where(PageResult.sha256 == sha256)
            .order_by(PageResult.number)).all()]
    if len(pages) < total:
        return "waiting for pages"
    outcome = processing.assemble(str(st.store.path(sha256)), name, pages,
                                  str(st.settings.data_dir), limits=st.settings.limits)
    processing.record(st.sessions, document_id, outcome)
    return "done"


def run_worker(settings: Settings, *, name: str | None = None, loglevel: str = "INFO") -> None:
    """Run one worker in this process (`congvan worker`): one task at a time, sweeping."""
    configure(settings)
    app.conf.worker_hijack_root_logger = True  # a worker's own process: its log is Celery's
    st = state()
    stop = threading.Event()

    def sweeper() -> None:
        while not stop.wait(60.0 if not stop.is_set() else 0):
            try:
                sweep(st.sessions, settings.visibility_timeout, backlog=broker_backlog)
            except Exception:  # noqa: BLE001 - the next round tries again
                log.exception("sweeping the queue failed")

    try:
        found = sweep(st.sessions, settings.visibility_timeout, backlog=broker_backlog)
        if found:
            log.warning("sent again %d documents no task was carrying", found)
    except Exception:  # noqa: BLE001 - the broker may come up later; the sweeper retries
        log.exception("sweeping the queue at start failed")
    threading.Thread(target=sweeper, name="congvan-sweeper", daemon=True).start()
    argv = ["worker", "--pool=solo", f"--loglevel={loglevel}", "--without-gossip",
            "--without-mingle", "-Q", "congvan"]
    if name:
        argv.append(f"--hostname={name}@%h")
    try:
        app.worker_main(argv)
    finally:
        stop.set()

