"""The HTTP API (FastAPI): upload, status and the contract JSON, listing with filters.

Every route but /health, /ready and sign-in needs `Authorization: Bearer TOKEN` or a sign-in
session cookie (whose unsafe requests must echo the session's CSRF token in `X-CSRF-Token`);
what a role may do is checked route by route (uploader < reviewer < admin). A name from a
request never touches the filesystem: originals live under their SHA-256 digest.
"""

from __future__ import annotations

import errno
import gc
import json
import logging
import os
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request, UploadFile
from fastapi.exception_handlers import http_exception_handler
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, Field
from sqlalchemy import Text, cast, select, text
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.errors import HTTP_STATUS
from api.http.limits import BodyLimit
from api.http.metrics import render_metrics
from api.http.timing import ServerTiming
from api.settings import Settings, load_settings
from api.store import auth, review
from api.store.auth import Principal
from api.store.db import AuditEntry, Document, PageResult, make_engine, sessions
from api.store.migrate import upgrade
from api.store.names import upload_name
from api.store.originals import Store, TooLarge
from api.store.search import Filters, documents_query
from api.web import routes as web
from api.worker import pages, queue, region
from api.worker.leader import Leader
from corpus.registry import lookup
from corpus.registry.load import RegistryDataError
from corpus.registry.store import import_file, registry_for
from extract import sniff
from extract.errors import ErrorCode
from nlp.read import FIELD_NAMES

log = logging.getLogger(__name__)
CHUNK = 1024 * 1024
#: The sign-in cookie; the CSRF token a signed-in page sends back in `X-CSRF-Token`.
SESSION_COOKIE = "congvan_session"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class Service:
    """What the routes share: settings, database sessions, the store, the workers."""

    def __init__(self, settings: Settings, *, workers: bool = True):
        self.settings = settings
        self.engine = make_engine(settings.database_url)
        upgrade(self.engine)
        self.sessions: sessionmaker[Session] = sessions(self.engine)
        self.store = Store(settings.originals, settings.store_url)
        self.tokens = auth.TokenCache()
        self.sign_ins = auth.SignInLimiter(self.sessions)
        # Celery: `congvan worker`s read the letters; the service only sends them tasks.
        self.dispatch = queue.dispatcher(settings)
        self.workers = queue.Workers(self.sessions, self.store, settings.workers,
                                     settings.data_dir) \
            if workers and self.dispatch is None else None
        self.leader = Leader(settings.data_dir, self.workers.start) if self.workers else None
        _first_admin(self.sessions)


def _first_admin(made: sessionmaker[Session]) -> None:
    token = auth.first_admin(made)
    if token is not None:
        # Printed once, on the very first start: the administrator's API token.
        print(f"congvan: tài khoản quản trị 'admin' đã được tạo; token (chỉ hiện một lần):\n"
              f"{token}", flush=True)


def prepare(settings: Settings | None = None) -> None:
    """The schema brought up to date and the first administrator made (a no-op after)."""
    engine = make_engine((settings or load_settings()).database_url)
    try:
        upgrade(engine)
        _first_admin(sessions(engine))
    finally:
        engine.dispose()


class Problem(BaseModel):
    """An error answer: what went wrong, in Vietnamese (or the list of problems)."""

    detail: str | dict[str, Any]
    #: For a refused file: the same error code `congvan extract` gives (too_large…).
    code: str | None = None


class Refused(HTTPException):
    """A file refused at upload, with its error code beside the message."""

    def __init__(self, code: ErrorCode | str, message: str, status: int | None = None) -> None:
        super().__init__(status or HTTP_STATUS[ErrorCode(code)], message)
        self.code = str(code)


#: What a write to a full disk (or over a quota or a file-size limit) raises.
FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def _store_full(name: str | None = None) -> Refused:
    which = f"tệp {name!r}" if name else "tệp"
    return Refused("storage_full", f"Kho lưu trữ đã đầy: {which} chưa được nhận, không có gì "
                   "được ghi dở (các tệp đứng trước trong cùng yêu cầu đã được nhận). Báo quản "
                   "trị viên rồi gửi lại.", status=507)


#: The error answers any route may give, documented in the OpenAPI schema.
PROBLEMS: dict[int | str, dict[str, Any]] = {
    code: {"model": Problem, "description": text}
    for code, text in ((400, "Yêu cầu không đọc được (thân JSON hỏng)"),
                       (401, "Chưa đăng nhập hoặc token không hợp lệ"),
                       (403, "Vai trò không được làm việc này"),
                       (404, "Không có đối tượng này"),
                       (409, "Văn bản đang được xử lý hoặc chưa đọc xong"),
                       (413, "Tệp vượt quá giới hạn"),
                       (415, "Không phải PDF, PNG, JPEG hay TIFF"),
                       (507, "Kho lưu trữ đã đầy"),
                       (429, "Quá nhiều lần thử: chờ rồi thử lại"))
}


def served_app() -> FastAPI:
    """The application of each process of `congvan serve --processes N` (an import target)."""
    return create_app(workers=os.environ.get(SERVE_WORKERS, "1") != "0")


#: Set to "0" by `congvan serve --no-workers` for the processes it starts.
SERVE_WORKERS = "CONGVAN_SERVE_WORKERS"


def create_app(settings: Settings | None = None, *, workers: bool = True) -> FastAPI:
    """The application; `workers=False` leaves processing to someone else (tests, Celery)."""
    settings = settings or load_settings()
    holder: dict[str, Service] = {}

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        service = Service(settings, workers=workers)
        holder["service"] = service
        app.state.service = service
        # The ~200,000 objects loaded at start (FastAPI, SQLAlchemy, the NLP modules) are kept
        # out of the collector's sight: a full collection over them paused every request
        # for ~170 ms.
        gc.collect()
        gc.freeze()
        if service.leader:
            service.leader.run()
        try:
            yield
        finally:
            idle = service.workers.stop() if service.workers else True
            # Only once nothing is being read: another process would put back what is.
            # (Otherwise the lock goes with this process, when its readers have gone too.)
            if service.leader and idle:
                service.leader.release()
            service.engine.dispose()

    app = FastAPI(title="congvan", version="0.1",
                  description="Đọc công văn về đoàn ra, đoàn vào và chỉ ra chỗ sai.",
                  lifespan=lifespan, responses=PROBLEMS)
    _routes(app)
    web.mount(app)

    @app.exception_handler(Refused)
    async def refused(request: Request, exc: Refused) -> JSONResponse:
        return JSONResponse({"detail": exc.detail, "code": exc.code},
                            status_code=exc.status_code)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        # FastAPI answers 400 for any failure while it spools a multipart body to disk; a
        # full disk there is the server's fault, and is said so.
        cause = exc.__cause__
        if exc.status_code == 400 and isinstance(cause, OSError) and cause.errno in FULL:
            log.error("no room to receive an upload: %s", cause)
            return await refused(request, _store_full())
        return await http_exception_handler(request, exc)

    app.add_middleware(BodyLimit, limit=settings.max_request_bytes)
    app.add_middleware(ServerTiming)
    if settings.cors_origins:
        # Closed unless origins are named: only they may call the API from a browser.
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins),
                           allow_methods=["GET", "POST", "PATCH", "DELETE"],
                           allow_headers=["Authorization", "Content-Type", "X-CSRF-Token"])
    return app


def _service(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


def _user(request: Request) -> Principal:
    service = _service(request)
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
        user = _user(request)
        if not auth.allowed(user, name):
            raise HTTPException(403, f"Vai trò {user.role} không được làm việc này "
                                     f"(cần {name})")
        return user

    return check


Uploader = Annotated[Principal, Depends(role("uploader"))]
Reviewer = Annotated[Principal, Depends(role("reviewer"))]
Admin = Annotated[Principal, Depends(role("admin"))]


class SignIn(BaseModel):
    """A name and password."""

    name: str = Field(min_length=1, max_length=120)
    password: str = Field(min_length=1, max_length=1024)


class CorrectionBody(BaseModel):
    """A reviewer's value for a field."""

    value: Any = None


class Region(BaseModel):
    """A rectangle on a page, in points: x0, y0, x1, y1."""

    bbox: list[float] = Field(min_length=4, max_length=4)


class CitationCorrection(BaseModel):
    """A reviewer's values for a citation's keys (ref, kind, date, issuer, role…)."""

    value: dict[str, Any]


def _document(session: Session, ident: str, *, done: bool = False) -> Document:
    doc = session.get(Document, ident)
    if doc is None:
        raise HTTPException(404, "Không có văn bản này")
    if done and doc.result is None:
        raise HTTPException(409, "Văn bản chưa đọc xong (hoặc không đọc được): chưa thể sửa")
    return doc


def _summary(doc: Document) -> dict[str, Any]:
    flags = (doc.result or {}).get("flags", []) if doc.result else []
    counts: dict[str, int] = {}
    for f in flags:
        counts[f["severity"]] = counts.get(f["severity"], 0) + 1
    return {"id": doc.id, "name": doc.name, "sha256": doc.sha256, "status": doc.status,
            "doc_ref": doc.doc_ref, "doc_type": doc.doc_type, "issuer": doc.issuer,
            "issued_date": doc.issued_date, "pages": doc.pages, "reviewed": doc.reviewed,
            "flags": counts, "error": _error(doc), "created_at": doc.created_at.isoformat()}


def _error(doc: Document) -> dict[str, str] | None:
    if doc.error_code is None:
        return None
    return {"code": doc.error_code, "message": doc.error_message or ""}


#: Letters put back in the queue per transaction by a bulk reprocess.
REQUEUE_BATCH = 200


def _requeue(session: Session, doc: Document, user: str) -> None:
    """Put a settled letter back in the queue to be read again, and say so in the audit log.

    Pages read before are kept (no OCR again); pages that failed are tried again.
    """
    review.record(session, document_id=doc.id, user=user, action="reprocess",
                  before=doc.status, after="queued")
    doc.status, doc.attempts = "queued", 0
    for kept in session.scalars(select(PageResult).where(PageResult.sha256 == doc.sha256)).all():
        if "failed" in kept.payload:
            session.delete(kept)


def _dispatch(service: Service, idents: list[str]) -> None:
    """Tell whoever reads letters that these are queued (Celery's tasks, or our workers)."""
    for ident in idents:
        queue.send(service.dispatch, ident)
    if service.workers:
        service.workers.wake.set()


async def _chunks(upload: UploadFile) -> AsyncIterator[bytes]:
    while chunk := await upload.read(CHUNK):
        yield chunk


def _routes(app: FastAPI) -> None:  # noqa: C901 - the route table, one function per route
    @app.get("/health", tags=["ops"])
    def health() -> dict[str, str]:
        """Liveness: the process answers."""
        return {"status": "ok"}

    @app.get("/ready", tags=["ops"])
    def ready(request: Request) -> JSONResponse:
        """Readiness: the database answers and the workers run."""
        service = _service(request)
        leader = service.leader
        checks = {"database": False, "workers": leader is None or leader.elsewhere() or
                  (service.workers is not None and service.workers.alive())}
        if service.dispatch is not None:
            from api.worker import tasks

            checks["broker"] = tasks.broker_ready()
        try:
            with service.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            checks["database"] = True
        except Exception:  # noqa: BLE001 - readiness reports, it does not raise
            log.exception("database not ready")
        ok = all(checks.values())
        return JSONResponse({"status": "ready" if ok else "not_ready", **checks},
                            status_code=200 if ok else 503)

    @app.post("/api/documents", status_code=202, tags=["documents"])
    async def upload(request: Request, files: list[UploadFile], user: Uploader
                     ) -> dict[str, Any]:
        """Store one or many letters and queue them.

        A file already stored answers with its document: no second copy, no second processing.
        """
        service = _service(request)
        limit = service.settings.max_upload_bytes
        out = []
        for upload_file in files:
            try:
                stored = await service.store.put_stream(_chunks(upload_file), limit=limit)
            except TooLarge:
                raise Refused(ErrorCode.TOO_LARGE,
                              f"Tệp {upload_file.filename!r} vượt quá giới hạn "
                              f"{service.settings.max_upload_mb} MB") from None
            except OSError as e:
                if e.errno not in FULL:
                    raise
                log.error("the store is full: %s", e)
                raise _store_full(upload_file.filename) from None
            media_type = sniff.sniff(stored.head)
            if media_type is None or stored.size == 0:
                if stored.new:  # refused content is not kept (no document will ever hold it)
                    service.store.discard(stored.sha256)
                if stored.size == 0:
                    raise Refused(ErrorCode.EMPTY_FILE,  # 422 is FastAPI's, for bad fields
                                  f"Tệp {upload_file.filename!r} rỗng (0 byte)", status=415)
                raise Refused(ErrorCode.UNSUPPORTED_TYPE,
                              f"Tệp {upload_file.filename!r} không phải PDF, PNG, JPEG hay TIFF "
                              "(xét theo nội dung tệp)")
            # The commit may wait for SQLite's write lock: in a thread, not on the event loop.
            out.append(await run_in_threadpool(queue.enqueue, service.sessions, stored.sha256,
                                               stored.size, media_type,
                                               upload_name(upload_file.filename), user.name,
                                               service.dispatch))
        if service.workers:
            service.workers.wake.set()
        return {"documents": out}

    @app.get("/api/documents/{ident}", tags=["documents"])
    async def get_document(request: Request, ident: str, user: Uploader) -> Response:
        """The contract JSON under `document`, beside the status, any error, the review state."""
        with _service(request).sessions() as session:
            row = session.execute(
                select(Document.status, Document.error_code, Document.error_message,
                       Document.reviewed, Document.reviewed_by,
                       cast(Document.result, Text).label("raw"))
                .where(Document.id == ident)).first()
            if row is None:
                raise HTTPException(404, "Không có văn bản này")
            state = review.review_state(session, ident, row.reviewed, row.reviewed_by)
        error = None if row.error_code is None else {"code": row.error_code,
                                                     "message": row.error_message or ""}
        head = json.dumps({"id": ident, "status": row.status, "error": error,
                           "reviewed": row.reviewed, "review": state}, ensure_ascii=False)
        # The stored contract JSON is spliced in as it is: no parsing, no re-encoding.
        body = f'{head[:-1]}, "document": {row.raw or "null"}}}'
        return Response(body.encode(), media_type="application/json")

    @app.post("/api/session", tags=["auth"])
    def sign_in(request: Request, body: SignIn) -> JSONResponse:
        """Sign in with a name and password: a session cookie, and the CSRF token to echo.

        After 5 failures in 15 minutes for a name or from an address: 429 until they age out.
        """
        service = _service(request)
        address = request.client.host if request.client else "?"
        wait = service.sign_ins.wait(body.name, address)
        if wait > 0:
            raise HTTPException(429, f"Đăng nhập sai quá nhiều lần; thử lại sau {wait:.0f} giây",
                                headers={"Retry-After": str(int(wait) + 1)})
        found = auth.sign_in(service.sessions, body.name, body.password)
        if found is None:
            service.sign_ins.failed(body.name, address)
            raise HTTPException(401, "Sai tên đăng nhập hoặc mật khẩu")
        service.sign_ins.succeeded(body.name)
        cookie, user = found
        answer = JSONResponse({"name": user.name, "role": user.role, "csrf": user.csrf})
        answer.set_cookie(SESSION_COOKIE, cookie, max_age=auth.SESSION_HOURS * 3600,
                          httponly=True, samesite="strict", path="/",
                          secure=request.url.scheme == "https")
        return answer

    @app.get("/api/session", tags=["auth"])
    def whoami(user: Uploader) -> dict[str, Any]:
        """Who is signed in (name, role, and for a session its CSRF token)."""
        return {"name": user.name, "role": user.role, "via": user.via, "csrf": user.csrf}

    @app.delete("/api/session", tags=["auth"])
    def sign_out(request: Request, user: Uploader) -> JSONResponse:
        """Sign out: the session ends here and in the browser."""
        cookie = request.cookies.get(SESSION_COOKIE)
        if cookie:
            auth.sign_out(_service(request).sessions, cookie)
        answer = JSONResponse({"signed_out": True})
        answer.delete_cookie(SESSION_COOKIE, path="/")
        return answer

    @app.patch("/api/documents/{ident}/fields/{name}", tags=["review"])
    def correct_field(request: Request, ident: str, name: str, body: CorrectionBody,
                      user: Reviewer) -> dict[str, Any]:
        """A reviewer's value for a field, kept beside the machine's."""
        if name not in FIELD_NAMES:
            raise HTTPException(404, f"Không có trường {name}")
        with _service(request).sessions.begin() as session:
            doc = _document(session, ident, done=True)
            before = review.correct(session, doc, f"fields.{name}", body.value, user.name)
        return {"target": f"fields.{name}", "before": before, "after": body.value}

    @app.patch("/api/documents/{ident}/citations/{index}", tags=["review"])
    def correct_citation(request: Request, ident: str, index: int, body: CitationCorrection,
                         user: Reviewer) -> dict[str, Any]:
        """A reviewer's values for a citation (ref, kind, date, issuer, role…)."""
        with _service(request).sessions.begin() as session:
            doc = _document(session, ident, done=True)
            if not 0 <= index < len((doc.result or {}).get("citations", [])):
                raise HTTPException(404, f"Không có căn cứ số {index}")
            before = review.correct(session, doc, f"citations.{index}", body.value, user.name)
        return {"target": f"citations.{index}", "before": before, "after": body.value}

    @app.post("/api/documents/{ident}/review", tags=["review"])
    def confirm(request: Request, ident: str, user: Reviewer) -> dict[str, Any]:
        """Confirm the letter as reviewed."""
        with _service(request).sessions.begin() as session:
            doc = _document(session, ident, done=True)
            before = doc.reviewed
            doc.reviewed, doc.reviewed_by = True, user.name
            review.record(session, document_id=ident, user=user.name, action="review",
                          before=before, after=True)
        return {"id": ident, "reviewed": True}

    @app.post("/api/documents/{ident}/reprocess", status_code=202, tags=["review"])
    def reprocess(request: Request, ident: str, user: Reviewer) -> dict[str, Any]:
        """Read the letter again (after a registry change, say); corrections are kept."""
        service = _service(request)
        with service.sessions.begin() as session:
            doc = _document(session, ident)
            if doc.status in ("queued", "processing"):
                raise HTTPException(409, "Văn bản đang chờ hoặc đang được xử lý")
            _requeue(session, doc, user.name)
        _dispatch(service, [ident])
        return {"id": ident, "status": "queued"}

    @app.post("/api/reprocess", status_code=202, tags=["review"])
    def reprocess_many(request: Request, user: Admin, filters: Annotated[Filters, Depends()],
                       everything: Annotated[bool, Query(alias="all")] = False
                       ) -> dict[str, Any]:
        """Read again every letter the filters select; answer how many were queued.

        For `cites=295-QĐ/TW` after that instrument's entry changed, say. Letters queued or
        being read are left as they are. With no filter, `all=true` must say that every letter
        is meant.
        """
        service = _service(request)
        # An empty value (`cites=`) selects nothing: it must not pass for a filter.
        given: dict[str, Any] = {k: (v or None) if isinstance(v, str) else v
                                 for k, v in vars(filters).items() if k != "sort"}
        if not any(v is not None for v in given.values()) and not everything:
            raise HTTPException(400, "Chọn ít nhất một bộ lọc, hoặc all=true để đọc lại mọi "
                                     "văn bản")
        chosen = Filters(**given, sort=filters.sort)
        query = documents_query(chosen, sqlite=service.settings.is_sqlite).where(
            Document.status.in_(("done", "failed")))
        with service.sessions() as session:
            idents = list(session.scalars(query.with_only_columns(Document.id)).all())
        queued = 0
        for start in range(0, len(idents), REQUEUE_BATCH):  # short transactions: others write
            batch: list[str] = []
            with service.sessions.begin() as session:
                for ident in idents[start:start + REQUEUE_BATCH]:
                    doc = session.get(Document, ident)
                    if doc is not None and doc.status in ("done", "failed"):
                        _requeue(session, doc, user.name)
                        batch.append(ident)
            _dispatch(service, batch)
            queued += len(batch)
        return {"queued": queued}

    @app.delete("/api/documents/{ident}", status_code=204, tags=["documents"])
    def delete_document(request: Request, ident: str, user: Admin) -> Response:
        """Delete a letter uploaded by mistake, with its original and page images.

        What was read from it goes too; the audit log keeps who deleted what, when.
        """
        service = _service(request)
        try:
            sha256 = queue.forget(service.sessions, ident, user.name)
        except ValueError:
            raise HTTPException(409, "Văn bản đang được xử lý: xoá sau khi đọc xong") from None
        if sha256 is None:
            raise HTTPException(404, "Không có văn bản này")
        service.store.discard(sha256)
        pages.forget(service.settings.page_images, sha256)
        return Response(status_code=204)

    @app.get("/api/documents/{ident}/audit", tags=["review"])
    def audit(request: Request, ident: str, user: Uploader) -> dict[str, Any]:
        """Every change to the letter: who, when, before, after."""
        with _service(request).sessions() as session:
            _document(session, ident)
            rows = session.scalars(select(AuditEntry).where(AuditEntry.document_id == ident)
                                   .order_by(AuditEntry.at, AuditEntry.id)).all()
            return {"audit": [{"user": r.user, "action": r.action, "target": r.target,
                               "before": r.before, "after": r.after, "at": r.at.isoformat()}
                              for r in rows]}

    @app.get("/api/export", tags=["documents"])
    def export(request: Request, user: Reviewer, filters: Annotated[Filters, Depends()],
               format: Annotated[str, Query(pattern="^(jsonl|csv)$")] = "jsonl",
               ) -> StreamingResponse:
        """The selected documents as JSON Lines or CSV; reviewers' values win (`source`)."""
        service = _service(request)
        query = documents_query(filters, sqlite=service.settings.is_sqlite)

        def rows() -> Iterator[str]:
            with service.sessions() as session:
                yield from review.export_rows(session, session.scalars(query), format)

        media = "text/csv" if format == "csv" else "application/x-ndjson"
        return StreamingResponse(rows(), media_type=f"{media}; charset=utf-8", headers={
            "Content-Disposition": f'attachment; filename="congvan.{format}"'})

    @app.get("/api/documents/{ident}/original", tags=["documents"])
    def original(request: Request, ident: str, user: Uploader) -> Response:
        """The file as it was uploaded."""
        service = _service(request)
        with service.sessions() as session:
            doc = session.get(Document, ident)
        if doc is None:
            raise HTTPException(404, "Không có văn bản này")
        return Response(service.store.read(doc.sha256), media_type=doc.media_type or
                        "application/octet-stream",
                        headers={"Content-Disposition": f'attachment; filename="{doc.id}"'})

    @app.get("/api/documents/{ident}/pages/{number}.png", tags=["documents"])
    def page_image(request: Request, ident: str, number: int, user: Uploader) -> Response:
        """A page of the letter as PNG (rendered once, then from the cache)."""
        service = _service(request)
        with service.sessions() as session:
            doc = _document(session, ident, done=True)
        try:
            png = pages.page_png(service.settings.page_images, doc.sha256,
                                 service.store.read(doc.sha256), doc.media_type or "", number,
                                 pages.Frame.of(doc.result, number))
        except pages.NoSuchPage:
            raise HTTPException(404, f"Văn bản không có trang {number}") from None
        return Response(png, media_type="image/png",
                        headers={"Cache-Control": "private, max-age=86400"})

    @app.post("/api/documents/{ident}/pages/{number}/region", tags=["review"])
    async def read_region(request: Request, ident: str, number: int, body: Region,
                          user: Reviewer) -> dict[str, Any]:
        """The text inside a rectangle of a page: its text layer, or OCR of that region."""
        service = _service(request)
        with service.sessions() as session:
            doc = _document(session, ident, done=True)
            sha256, media_type, result = doc.sha256, doc.media_type or "", doc.result
        try:
            return await run_in_threadpool(lambda: region.read_region(
                service.store.read(sha256), media_type, result, number, body.bbox))
        except pages.NoSuchPage:
            raise HTTPException(404, f"Văn bản không có trang {number}") from None
        except region.BadRegion as e:
            raise HTTPException(422, str(e)) from None

    @app.get("/metrics", tags=["ops"])
    def metrics(request: Request, user: Uploader) -> Response:
        """Prometheus metrics: documents by status, queue depth, pages, processing seconds."""
        return Response(render_metrics(_service(request).sessions),
                        media_type="text/plain; version=0.0.4")

    @app.get("/api/registry", tags=["registry"])
    def registry_list(request: Request, user: Uploader, search: str | None = None,
                      kind: str | None = None, issuer: str | None = None) -> dict[str, Any]:
        """The registry's instruments, optionally filtered by kind, issuer and free text."""
        registry = registry_for(_service(request).settings.data_dir)
        out = [{"id": inst.id, **inst.to_dict()}
               for inst in lookup.select(registry, kind=kind, issuer=issuer, search=search)]
        return {"instruments": out}

    @app.get("/api/registry/check", tags=["registry"])
    def registry_check(request: Request, user: Uploader, ref: str,
                       on: date | None = None) -> dict[str, Any]:
        """An instrument's status on a date (today by default), with its replacement chain."""
        registry = registry_for(_service(request).settings.data_dir)
        day = on or date.today()
        found = lookup.find(registry, ref, day)
        if found is None:
            raise HTTPException(404, f"Không có văn bản {ref} trong danh mục")
        status = registry.status(found.instrument, day)
        return {"id": found.instrument.id, "ref": found.instrument.ref, "on": day.isoformat(),
                "match": found.match, "score": found.score, "status": status.state,
                "replaced_by": list(status.chain), "certain": status.certain,
                "since": status.change.since.isoformat() if status.change else None,
                "source": status.change.source.to_dict() if status.change else None}

    @app.get("/api/registry/{ident:path}", tags=["registry"])
    def registry_get(request: Request, ident: str, user: Uploader) -> dict[str, Any]:
        """What an id, ref, short form or alias names: each instrument, what it replaces."""
        registry = registry_for(_service(request).settings.data_dir)
        shown, found = lookup.matches(registry, ident)
        if not shown:
            raise HTTPException(404, f"Không có văn bản {ident} trong danh mục")
        return {"instruments": [{"id": i.id, **i.to_dict(),
                                 "replaces": [r.id for r in registry.replaces(i.id)]}
                                for i in shown],
                "match": found.match if found else "exact",
                "score": found.score if found else 100.0}

    @app.post("/api/registry", tags=["registry"], responses={422: {
        "model": Problem, "description": "Dữ liệu danh mục không hợp lệ (từng lỗi, có dòng)"}})
    async def registry_import(request: Request, user: Admin) -> dict[str, Any]:
        """Add or change instruments: a YAML or CSV body, validated line by line (admins)."""
        service = _service(request)
        body = await request.body()
        kind = request.headers.get("content-type", "")
        suffix = ".csv" if "csv" in kind else ".yaml"
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"import{suffix}"
            path.write_bytes(body)
            try:
                added = import_file(path, service.settings.data_dir)
            except RegistryDataError as e:
                raise HTTPException(422, {"message": "Dữ liệu danh mục không hợp lệ",
                                          "problems": [{"line": p.line, "message": p.message}
                                                       for p in e.problems]}) from None
            except UnicodeDecodeError:
                raise HTTPException(422, "Tệp phải là UTF-8") from None
        with service.sessions.begin() as session:
            review.record(session, document_id=None, user=user.name, action="registry_import",
                          after=[i.id for i in added])
        return {"imported": [i.id for i in added]}

    @app.get("/api/documents", tags=["documents"])
    def list_documents(
        request: Request, user: Uploader, filters: Annotated[Filters, Depends()],
        page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
        per_page: Annotated[int, Query(ge=1, le=200)] = 50,
    ) -> dict[str, Any]:
        """The documents, filtered, newest first unless `sort` says otherwise."""
        service = _service(request)
        query = documents_query(filters, sqlite=service.settings.is_sqlite)
        with service.sessions() as session:
            rows = session.scalars(query.offset((page - 1) * per_page).limit(per_page + 1)).all()
        return {"documents": [_summary(d) for d in rows[:per_page]], "page": page,
                "per_page": per_page, "more": len(rows) > per_page}
