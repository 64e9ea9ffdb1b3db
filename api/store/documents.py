"""The documents table, which is also the job queue: enqueue, claim, release, finish, forget.

A document is committed `queued` before its upload is answered. A worker claims it (one
atomic UPDATE guarded by its status: `FOR UPDATE SKIP LOCKED` on PostgreSQL, SQLite's single
writer otherwise), reads it and writes `done` or `failed` with a reason. On start, documents
left `processing` by a service that died go back to the queue, up to MAX_ATTEMPTS, then fail
with the reason; none is left without a status.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from api.store import proposals, review
from api.store.db import (
    AuditEntry,
    CitationIndex,
    Correction,
    Document,
    FlagIndex,
    PageResult,
    Proposal,
    Status,
    Trip,
    TripCountry,
    WarningIndex,
    now,
)
from extract.errors import ErrorCode
from nlp.unmarked import fold

log = logging.getLogger(__name__)

#: What is rebuilt from a document's result each time it is read (and goes with it); the
#: trips' rows are written again with the reviewers' values by review.relist.
INDEXES = (CitationIndex, FlagIndex, WarningIndex, Trip, TripCountry)
#: A document whose processing was cut off this many times fails with the reason.
MAX_ATTEMPTS = 3
#: Tries for a write the database refuses for another reason than a lost connection.
WRITE_TRIES = 3


@dataclass(frozen=True)
class Outcome:
    """What processing gave: the contract JSON and the letter's text, or an error."""

    document: dict[str, Any] | None
    text: str | None
    error_code: str | None
    error_message: str | None
    seconds: float


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
                       status=Status.QUEUED, uploaded_by=user)
        session.add(doc)
        session.flush()
        ident = doc.id
    send(dispatch, ident)
    return {"id": ident, "status": Status.QUEUED, "duplicate": False}


def send(dispatch: Callable[[str], None] | None, ident: str) -> None:
    """Tell the task queue of a queued document, if there is one; a failure is only logged."""
    if dispatch is None:
        return
    try:
        dispatch(ident)
    except Exception:  # noqa: BLE001 - the row is committed; a worker's sweep will send it
        log.exception("sending %s to the task queue failed; it stays queued", ident)


def claim(sessions: sessionmaker[Session]) -> Document | None:
    """The oldest queued document, now `processing` and ours; None when the queue is empty."""
    with sessions.begin() as session:
        query = select(Document.id).where(Document.status == Status.QUEUED) \
            .order_by(Document.created_at).limit(1)
        if session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        ident = session.scalars(query).first()
        if ident is None:
            return None
        claimed = session.execute(
            update(Document).where(Document.id == ident, Document.status == Status.QUEUED)
            .values(status=Status.PROCESSING, attempts=Document.attempts + 1, updated_at=now()))
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            return None
        return session.get(Document, ident)


def recover(sessions: sessionmaker[Session]) -> tuple[int, int]:
    """Requeue the documents a dead service left `processing`; fail those tried too often."""
    with sessions.begin() as session:
        failed = session.execute(
            update(Document).where(Document.status == Status.PROCESSING,
                                   Document.attempts >= MAX_ATTEMPTS)
            .values(status=Status.FAILED, error_code=ErrorCode.INTERRUPTED.value,
                    updated_at=now(),
                    error_message=f"Xử lý bị ngắt {MAX_ATTEMPTS} lần (dịch vụ dừng giữa chừng); "
                                  "tệp có thể làm treo trình đọc.")).rowcount  # type: ignore[attr-defined]
        requeued = session.execute(
            update(Document).where(Document.status == Status.PROCESSING)
            .values(status=Status.QUEUED, updated_at=now())).rowcount  # type: ignore[attr-defined]
    return requeued, failed


def release(sessions: sessionmaker[Session], ident: str, *, counted: bool = True) -> str:
    """Put back a document whose worker process died under it; its new status.

    It is `queued` to be tried again, or `failed` with the reason once it has been tried
    MAX_ATTEMPTS times. `counted=False` gives the attempt back: the document was only beside
    the one that broke the pool.
    """
    with sessions.begin() as session:
        doc = session.get(Document, ident, with_for_update=True)
        if doc is None or doc.status != Status.PROCESSING:
            return doc.status if doc else "missing"
        doc.updated_at, doc.lease_until = now(), None
        if not counted:
            doc.attempts = max(0, doc.attempts - 1)
        if counted and doc.attempts >= MAX_ATTEMPTS:
            doc.status, doc.error_code = Status.FAILED, ErrorCode.INTERRUPTED.value
            doc.error_message = (f"Tiến trình đọc tệp bị dừng {MAX_ATTEMPTS} lần (bị hệ thống "
                                 "buộc dừng, có thể do hết bộ nhớ); tệp có thể làm hỏng trình đọc.")
        else:
            doc.status = Status.QUEUED
        return doc.status


def finish(sessions: sessionmaker[Session], ident: str, outcome: Outcome) -> bool:
    """Write what processing gave: the result and its indexes, or the error.

    Only a document still `processing` takes it (its row locked on PostgreSQL), so a task
    delivered twice never writes twice; False when it was not written.
    """
    with sessions.begin() as session:
        doc = session.get(Document, ident, with_for_update=True)
        if doc is None or doc.status != Status.PROCESSING:
            return False
        doc.processing_seconds = outcome.seconds
        doc.updated_at = now()
        doc.lease_until = None
        for index in INDEXES:
            session.execute(delete(index).where(index.document_id == ident))
        if outcome.document is None:
            doc.status, doc.error_code = Status.FAILED, outcome.error_code
            doc.error_message = outcome.error_message
            _index_text(session, ident, None)
            return True
        result = outcome.document
        fields = result["fields"]
        doc.status, doc.error_code, doc.error_message = Status.DONE, None, None
        doc.result, doc.text = result, outcome.text
        doc.folded_text = fold(outcome.text) if outcome.text else None
        doc.media_type = result["file"]["media_type"]
        doc.pages = result["file"]["pages"]
        doc.doc_ref = fields["doc_ref"]["value"]
        doc.doc_type = fields["doc_type"]["value"]
        doc.issuer = fields["issuer"]["value"]
        doc.issued_date = fields["issued_date"]["value"]
        review.relist(session, doc)  # reviewers' corrections outlive a new reading (and trips)
        for c in result["citations"]:
            refs = {c["ref"]} | ({c["registry"]["ref"]} if c.get("registry") else set())
            said = _said(c)
            for ref in refs:
                session.add(CitationIndex(document_id=ident, ref=ref, role=c["role"], **said))
        for f in result["flags"]:
            session.add(FlagIndex(document_id=ident, code=f["code"], severity=f["severity"]))
        for code in sorted({w["code"] for w in result.get("warnings") or []}):
            session.add(WarningIndex(document_id=ident, code=code))
        _index_text(session, ident, doc.folded_text)
        proposals.propose(session, doc, result)
        return True


def _said(citation: dict[str, Any]) -> dict[str, Any]:
    """What a citation says of its instrument, and the registry's status of it (null: unknown)."""
    known = citation.get("registry") or {}
    return {"kind": (citation.get("kind") or None) and str(citation["kind"])[:60],
            "issued_date": (citation.get("date") or None) and str(citation["date"])[:10],
            "issuer": (citation.get("issuer") or None) and str(citation["issuer"])[:255],
            "registry_status": known.get("status_on_date") or ("unknown" if not known else None)}


def forget(sessions: sessionmaker[Session], ident: str, user: str) -> str | None:
    """Delete a document and everything read from it; the audit log keeps that it was.

    Returns its original's digest (for the caller to remove the file once this is committed),
    None when there is no such document; ValueError while it is being read.
    """
    with sessions.begin() as session:
        doc = session.get(Document, ident, with_for_update=True)
        if doc is None:
            return None
        if doc.status == Status.PROCESSING:
            raise ValueError(Status.PROCESSING)
        session.add(AuditEntry(document_id=ident, user=user, action="delete", before={
            "name": doc.name, "sha256": doc.sha256, "status": doc.status,
            "doc_ref": doc.doc_ref}, after=None))
        for table in (*INDEXES, Correction):
            session.execute(delete(table).where(table.document_id == ident))
        session.execute(delete(Proposal).where(Proposal.document_id == ident,
                                               Proposal.status == "proposed"))
        session.execute(delete(PageResult).where(PageResult.sha256 == doc.sha256))
        _index_text(session, ident, None)
        sha256 = doc.sha256
        session.delete(doc)
    return sha256


def _index_text(session: Session, ident: str, content: str | None) -> None:
    """SQLite's FTS5 table follows the folded text; PostgreSQL indexes the column itself."""
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
        return int(session.scalar(select(func.count())
                                  .where(Document.status == Status.QUEUED)) or 0)


