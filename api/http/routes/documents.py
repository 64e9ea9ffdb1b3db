"""Letters: upload, read, list, export, original, page images, delete."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, Field
from sqlalchemy import Text, cast, func, select
from starlette.concurrency import run_in_threadpool

from api.http import paging
from api.http.deps import Admin, Reviewer, Uploader, chunks, document_of, service_of, summary
from api.http.problems import Refused, store_full
from api.store import documents, intake, review
from api.store.db import AuditEntry, Document
from api.store.export import export_rows
from api.store.names import attachment, upload_name
from api.store.search import Filters, documents_query
from api.store.times import zoned
from api.worker import pages
from extract import page_work, region
from extract.errors import ErrorCode, ExtractError
from extract.page_image import Frame, NoSuchPage, page_png

log = logging.getLogger(__name__)
router = APIRouter()


class UploadedFile(BaseModel):
    """One file of a multi-file upload: its document, or why it was refused."""

    name: str
    id: str | None = None
    status: str | None = Field(None, description="queued, or the document's status if it "
                               "was stored already; absent when the file was refused")
    duplicate: bool | None = None
    error: dict[str, str] | None = Field(
        None, description="code and message when the file was refused")
    http_status: int | None = Field(None, description="what a single-file upload of it "
                                    "would have answered (413, 415, 507)")


class UploadAnswer(BaseModel):
    """The stored files' documents, and each file of the request in order."""

    documents: list[dict[str, Any]]
    files: list[UploadedFile]


#: The `Location` of a 202, as the OpenAPI schema documents it.
LOCATION = {"description": "Địa chỉ của văn bản (văn bản đầu tiên nếu gửi nhiều tệp)",
            "schema": {"type": "string"}}


@router.post("/api/documents", status_code=202, tags=["documents"], response_model=None,
             responses={202: {"model": UploadAnswer, "description": "Mọi tệp đã được nhận",
                              "headers": {"Location": LOCATION}},
                        207: {"model": UploadAnswer,
                              "description": "Có tệp được nhận, có tệp bị từ chối: xem `files`"}})
async def upload(request: Request, files: list[UploadFile], user: Uploader) -> JSONResponse:
    """Store one or many letters and queue them.

    A file already stored answers with its document: no second copy, no second processing.
    Each file is answered on its own: when some are taken and some refused, 207 with every
    file in `files` (its document id, or its error code and message); when every file is
    refused, the first refusal's status (413, 415, 507) as for a single file. `Location` is
    the first stored document's address; each document's is its `url`.
    """
    service = service_of(request)
    limit = service.settings.max_upload_bytes
    out: list[dict[str, Any]] = []
    each: list[dict[str, Any]] = []
    refusals: list[Refused] = []
    for upload_file in files:
        name = upload_file.filename or ""
        try:
            taken = await intake.take_stream(service.store, chunks(upload_file), limit=limit,
                                             name=upload_file.filename)
        except intake.NotTaken as e:
            refused = _refused(e, upload_file.filename)
            refusals.append(refused)
            each.append({"name": name, "error": {"code": refused.code,
                                                 "message": str(refused.detail)},
                         "http_status": refused.status_code})
            continue
        # The commit may wait for SQLite's write lock: in a thread, not on the event loop.
        stored = await run_in_threadpool(documents.enqueue, service.sessions, taken.sha256,
                                         taken.size, taken.media_type,
                                         upload_name(upload_file.filename), user.name,
                                         service.dispatch)
        out.append(stored)
        each.append({"name": name, **stored})
    if service.workers and out:
        service.workers.wake.set()
    if not out:  # nothing taken: answered as a single file's refusal, as before
        raise refusals[0]
    for stored in out:
        stored["url"] = document_url(stored["id"])
    # The first document's address (each document's is its `url`).
    status = 207 if refusals else 202
    return JSONResponse({"documents": out, "files": each}, status_code=status,
                        headers={"Location": out[0]["url"]})


def document_url(ident: str) -> str:
    """Where a document is read: `/api/documents/<id>`."""
    return f"/api/documents/{quote(ident, safe='')}"


def _refused(refusal: intake.NotTaken, filename: str | None) -> Refused:
    """The HTTP answer to a file the intake refused (413, 415 or 507, with its code)."""
    if refusal.code is ErrorCode.STORAGE_FULL:
        log.error("the store is full: %s", refusal.__cause__)
        return store_full(filename)
    # An empty file is 415 here: 422 is FastAPI's own, for fields that fail validation.
    status = 415 if refusal.code is ErrorCode.EMPTY_FILE else None
    return Refused(refusal.code, refusal.message, status=status)


@router.get("/api/documents/{ident}", tags=["documents"])
async def get_document(request: Request, ident: str, user: Uploader) -> Response:
    """The contract JSON under `document`, beside the status, any error, the review state."""
    with service_of(request).sessions() as session:
        row = session.execute(
            select(Document.status, Document.error_code, Document.error_message,
                   Document.reviewed, Document.reviewed_by,
                   cast(Document.result, Text).label("raw"),
                   Document.result["citations"].label("citations"))
            .where(Document.id == ident)).first()
        if row is None:
            raise HTTPException(404, "Không có văn bản này")
        # Where each corrected citation is in the citations read now (index, or null).
        state = review.review_state(session, ident, row.reviewed, row.reviewed_by,
                                    row.citations or [])
    error = None if row.error_code is None else {"code": row.error_code,
                                                 "message": row.error_message or ""}
    head = json.dumps({"id": ident, "status": row.status, "error": error,
                       "reviewed": row.reviewed, "review": state}, ensure_ascii=False)
    # The stored contract JSON is spliced in as it is: no parsing, no re-encoding.
    body = f'{head[:-1]}, "document": {row.raw or "null"}}}'
    return Response(body.encode(), media_type="application/json")


@router.delete("/api/documents/{ident}", status_code=204, tags=["documents"])
def delete_document(request: Request, ident: str, user: Admin) -> Response:
    """Delete a letter uploaded by mistake, with its original and page images.

    What was read from it goes too; the audit log keeps who deleted what, when.
    """
    service = service_of(request)
    try:
        sha256 = documents.forget(service.sessions, ident, user.name)
    except ValueError:
        raise HTTPException(409, "Văn bản đang được xử lý: xoá sau khi đọc xong") from None
    if sha256 is None:
        raise HTTPException(404, "Không có văn bản này")
    service.store.discard(sha256)
    pages.forget(service.settings.page_images, sha256)
    return Response(status_code=204)


@router.get("/api/documents/{ident}/audit", tags=["review"])
def audit(request: Request, ident: str, user: Uploader) -> dict[str, Any]:
    """Every change to the letter: who, when, before, after."""
    with service_of(request).sessions() as session:
        document_of(session, ident)
        rows = session.scalars(select(AuditEntry).where(AuditEntry.document_id == ident)
                               .order_by(AuditEntry.at, AuditEntry.id)).all()
        return {"audit": [{"user": r.user, "action": r.action, "target": r.target,
                           "before": r.before, "after": r.after, "at": zoned(r.at)}
                          for r in rows]}

#: A file's bytes, in whatever type it is (an original, a page image).
BINARY = {"schema": {"type": "string", "format": "binary"}}


@router.get("/api/export", tags=["documents"], response_class=StreamingResponse, responses={
    200: {"description": "JSON Lines (một dòng một văn bản) hoặc CSV",
          "content": {"application/x-ndjson": {"schema": {"type": "string"}},
                      "text/csv": {"schema": {"type": "string"}}}}})
def export(request: Request, user: Reviewer, filters: Annotated[Filters, Depends()],
           format: Annotated[str, Query(pattern="^(jsonl|csv)$")] = "jsonl",
           ) -> StreamingResponse:
    """The selected documents as JSON Lines or CSV; reviewers' values win (`source`)."""
    service = service_of(request)
    query = documents_query(filters.for_user(user.name), sqlite=service.settings.is_sqlite)

    def rows() -> Iterator[str]:
        with service.sessions() as session:
            yield from export_rows(session, session.scalars(query), format)

    media = "text/csv" if format == "csv" else "application/x-ndjson"
    return StreamingResponse(rows(), media_type=f"{media}; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="congvan.{format}"'})


@router.get("/api/documents/{ident}/original", tags=["documents"], response_class=Response,
            responses={200: {"description": "Tệp gốc như đã tải lên",
                             "content": {t: BINARY for t in (
                                 "application/pdf", "image/png", "image/jpeg", "image/tiff",
                                 "application/octet-stream")}}})
def original(request: Request, ident: str, user: Uploader) -> Response:
    """The file as it was uploaded."""
    service = service_of(request)
    with service.sessions() as session:
        doc = session.get(Document, ident)
    if doc is None:
        raise HTTPException(404, "Không có văn bản này")
    return Response(service.store.read(doc.sha256), media_type=doc.media_type or
                    "application/octet-stream",
                    headers={"Content-Disposition": attachment(doc.name, doc.media_type)})


@router.get("/api/documents/{ident}/pages/{number}.png", tags=["documents"],
            response_class=Response,
            responses={200: {"description": "Ảnh PNG của trang",
                             "content": {"image/png": BINARY}}})
async def page_image(request: Request, ident: str, number: int, user: Uploader) -> Response:
    """A page of the letter as PNG (rendered once, then from the cache).

    Rendered by extract/ in a child process with the reading's limits: a page that hangs
    MuPDF answers with an error code when its time is up, and no request thread waits on it.
    """
    service = service_of(request)
    with service.sessions() as session:
        doc = document_of(session, ident, done=True)
        sha256, media_type, result = doc.sha256, doc.media_type or "", doc.result
    try:
        info = region.page_of(result, number)  # a page that was never read: 404
    except NoSuchPage:
        raise HTTPException(404, f"Văn bản không có trang {number}") from None
    frame = Frame.of_page(info)
    cache = service.settings.page_images
    png = await run_in_threadpool(pages.cached_png, cache, sha256, number, frame)
    if png is None:
        data = await run_in_threadpool(service.store.read, sha256)
        try:
            png = await page_work.run(page_png, data, media_type, number, frame,
                                      limits=service.settings.limits)
        except NoSuchPage:
            raise HTTPException(404, f"Văn bản không có trang {number}") from None
        except ExtractError as e:
            raise Refused(e.code, f"{e.message} {e.remedy}") from None
        await run_in_threadpool(pages.keep, cache, sha256, number, frame, png)
    return Response(png, media_type="image/png",
                    headers={"Cache-Control": "private, max-age=86400"})


@router.get("/api/documents", tags=["documents"], response_model=None,
            responses={200: {"description": "Một trang văn bản", "headers": paging.DOCUMENTED}})
def list_documents(
    request: Request, user: Uploader, filters: Annotated[Filters, Depends()],
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=200)] = 50,
) -> JSONResponse:
    """The documents, filtered, newest first unless `sort` says otherwise.

    `total` (and `X-Total-Count`) counts every document the filters select; `Link` (RFC 8288)
    gives the first, previous, next and last pages.
    """
    service = service_of(request)
    query = documents_query(filters.for_user(user.name), sqlite=service.settings.is_sqlite)
    with service.sessions() as session:
        rows = session.scalars(query.offset((page - 1) * per_page).limit(per_page + 1)).all()
        total = session.scalar(select(func.count()).select_from(
            query.order_by(None).subquery())) or 0
    body = {"documents": [summary(d) for d in rows[:per_page]], "page": page,
            "per_page": per_page, "more": len(rows) > per_page, "total": total}
    return JSONResponse(body, headers=paging.headers(request, page, per_page, total))
