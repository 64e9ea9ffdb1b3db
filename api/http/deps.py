"""What the routes share: the service object, the signed-in user by role, a document by id."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request, UploadFile
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from api.service import open_service
from api.settings import Settings
from api.store import auth, documents, review
from api.store.auth import Principal
from api.store.db import Document, PageResult, Status
from api.store.times import zoned
from api.worker import pool
from api.worker.leader import Leader

log = logging.getLogger(__name__)
CHUNK = 1024 * 1024
#: The sign-in cookie; the CSRF token a signed-in page sends back in `X-CSRF-Token`.
SESSION_COOKIE = "congvan_session"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class Service:
    """What the routes share: settings, database sessions, the store, the workers."""

    def __init__(self, settings: Settings, *, workers: bool = True):
        opened = open_service(settings)
        self.settings = settings
        self.engine = opened.engine
        self.sessions: sessionmaker[Session] = opened.sessions
        self.store = opened.store
        self.tokens = auth.TokenCache()
        self.sign_ins = auth.SignInLimiter(self.sessions)
        # Celery: `congvan worker`s read the letters; the service only sends them tasks.
        self.dispatch = pool.dispatcher(settings)
        self.workers = pool.Workers(self.sessions, self.store, settings.workers,
                                    settings.data_dir, settings.limits) \
            if workers and self.dispatch is None else None
        self.leader = Leader(settings.data_dir, self.workers.start) if self.workers else None
        first_admin(self.sessions)


def first_admin(made: sessionmaker[Session]) -> None:
    """The first administrator made on the very first start, and its token printed once."""
    token = auth.first_admin(made)
    if token is not None:
        # Printed once, on the very first start: the administrator's API token.
        print(f"congvan: tài khoản quản trị 'admin' đã được tạo; token (chỉ hiện một lần):\n"
              f"{token}", flush=True)


def service_of(request: Request) -> Service:
    """The request's service object."""
    service: Service = request.app.state.service
    return service


def user_of(request: Request) -> Principal:
    """Who sends the request: a bearer token, or a session cookie with its CSRF token."""
    service = service_of(request)
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        user = service.tokens.user(service.sessions, token.strip())
        if user is None:
            raise HTTPException(401, "Token không hợp lệ hoặc đã bị thu hồi",
                                headers={"WWW-Authenticate": "Bearer"})
        return user
    cookie = request.cookies.get(SESSION_COOKIE)
    user = auth.session_user(service.sessions, cookie) if cookie else None
    if user is None:
        raise HTTPException(401, "Cần đăng nhập: gửi 'Authorization: Bearer TOKEN' hoặc "
                                 "đăng nhập bằng mật khẩu", headers={"WWW-Authenticate": "Bearer"})
    if request.method not in SAFE_METHODS and request.headers.get(CSRF_HEADER) != user.csrf:
        raise HTTPException(403, "Thiếu hoặc sai mã chống giả mạo (X-CSRF-Token)")
    return user


def role(name: str) -> Callable[[Request], Awaitable[Principal]]:
    """A dependency: the signed-in user, who must have at least role `name` (else 403)."""

    async def check(request: Request) -> Principal:
        user = user_of(request)
        if not auth.allowed(user, name):
            raise HTTPException(403, f"Vai trò {user.role} không được làm việc này "
                                     f"(cần {name})")
        return user

    return check


Uploader = Annotated[Principal, Depends(role("uploader"))]
Reviewer = Annotated[Principal, Depends(role("reviewer"))]
Admin = Annotated[Principal, Depends(role("admin"))]


def document_of(session: Session, ident: str, *, done: bool = False) -> Document:
    """The document `ident` (404 if none; 409 if `done` is asked and it is not read)."""
    doc = session.get(Document, ident)
    if doc is None:
        raise HTTPException(404, "Không có văn bản này")
    if done and doc.result is None:
        raise HTTPException(409, "Văn bản chưa đọc xong (hoặc không đọc được): chưa thể sửa")
    return doc


def summary(doc: Document) -> dict[str, Any]:
    """A document's line in a listing."""
    flags = (doc.result or {}).get("flags", []) if doc.result else []
    counts: dict[str, int] = {}
    for f in flags:
        counts[f["severity"]] = counts.get(f["severity"], 0) + 1
    return {"id": doc.id, "name": doc.name, "sha256": doc.sha256, "status": doc.status,
            "doc_ref": doc.doc_ref, "doc_type": doc.doc_type, "issuer": doc.issuer,
            "issued_date": doc.issued_date, "pages": doc.pages, "reviewed": doc.reviewed,
            "flags": counts, "error": error_of(doc), "created_at": zoned(doc.created_at)}


def error_of(doc: Document) -> dict[str, str] | None:
    """A document's error code and message, if it failed."""
    if doc.error_code is None:
        return None
    return {"code": doc.error_code, "message": doc.error_message or ""}


#: Letters put back in the queue per transaction by a bulk reprocess.
REQUEUE_BATCH = 200


def requeue(session: Session, doc: Document, user: str) -> None:
    """Put a settled letter back in the queue to be read again, and say so in the audit log.

    Pages read before are kept (no OCR again); pages that failed are tried again.
    """
    review.record(session, document_id=doc.id, user=user, action="reprocess",
                  before=doc.status, after=Status.QUEUED)
    doc.status, doc.attempts = Status.QUEUED, 0
    for kept in session.scalars(select(PageResult).where(PageResult.sha256 == doc.sha256)).all():
        if "failed" in kept.payload:
            session.delete(kept)


def dispatch(service: Service, idents: list[str]) -> None:
    """Tell whoever reads letters that these are queued (Celery's tasks, or our workers)."""
    for ident in idents:
        documents.send(service.dispatch, ident)
    if service.workers:
        service.workers.wake.set()


async def chunks(upload: UploadFile) -> AsyncIterator[bytes]:
    """An upload, a mebibyte at a time."""
    while chunk := await upload.read(CHUNK):
        yield chunk
