"""Reviewers' corrections, confirmation, reprocessing and region reading."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from starlette.concurrency import run_in_threadpool

from api.http.deps import (
    REQUEUE_BATCH,
    Admin,
    Reviewer,
    dispatch,
    document_of,
    requeue,
    service_of,
)
from api.http.problems import Refused
from api.http.routes.documents import LOCATION, document_url
from api.http.schemas import CitationCorrection, CorrectionBody, Region
from api.http.validation import BadCorrection
from api.store import review, trips
from api.store.db import Document, Status
from api.store.search import Filters, documents_query
from api.store.values import BadValue, check_citation, check_delegation, check_field
from extract import page_work, region
from extract.errors import ExtractError
from extract.page_image import NoSuchPage
from nlp.read import FIELD_NAMES

log = logging.getLogger(__name__)
router = APIRouter()


@router.patch("/api/documents/{ident}/fields/{name}", tags=["review"])
def correct_field(request: Request, ident: str, name: str, body: CorrectionBody,
                  user: Reviewer) -> dict[str, Any]:
    """A reviewer's value for a field, kept beside the machine's."""
    if name not in FIELD_NAMES:
        raise HTTPException(404, f"Không có trường {name}")
    _checked(name, check_field, name, body.value)
    with service_of(request).sessions.begin() as session:
        doc = document_of(session, ident, done=True)
        before = review.correct(session, doc, f"fields.{name}", body.value, user.name)
    return {"target": f"fields.{name}", "before": before, "after": body.value}


def _checked(field: str, check: Any, *args: Any) -> None:
    """A value the contract cannot hold (api/store/values.py): 422 naming the field."""
    try:
        check(*args)
    except BadValue as e:
        raise BadCorrection(field, str(e)) from None


@router.delete("/api/documents/{ident}/fields/{name}", tags=["review"])
def withdraw_field(request: Request, ident: str, name: str, user: Reviewer) -> dict[str, Any]:
    """Withdraw the reviewers' correction of a field: the machine's value shows again.

    The audit log keeps the withdrawal (who, when, the value withdrawn, the machine's value).
    """
    if name not in FIELD_NAMES:
        raise HTTPException(404, f"Không có trường {name}")
    with service_of(request).sessions.begin() as session:
        doc = document_of(session, ident, done=True)
        withdrawn = review.withdraw(session, doc, f"fields.{name}", user.name)
    if withdrawn is None:
        raise HTTPException(404, f"Trường {name} chưa được sửa: không có gì để rút lại")
    return {"target": f"fields.{name}", "before": withdrawn[0], "after": withdrawn[1]}


@router.patch("/api/documents/{ident}/delegation/{part}", tags=["review"])
def correct_delegation(request: Request, ident: str, part: str, body: CorrectionBody,
                       user: Reviewer) -> dict[str, Any]:
    """A reviewer's value for a part of the delegation: countries, start, end or funding.

    `countries` a list of names, `start` and `end` days (YYYY-MM-DD), `funding`
    `{"kind": "state_budget", "text": "ngân sách tỉnh"}`. The statistics count the trip as
    corrected. A letter in which no delegation was read has none to correct (404).
    """
    if part not in trips.PARTS:
        raise HTTPException(404, f"Không sửa được phần {part} của đoàn công tác (chỉ sửa "
                                 f"{', '.join(trips.PARTS)})")
    _checked(f"delegation.{part}", check_delegation, part, body.value)
    with service_of(request).sessions.begin() as session:
        doc = document_of(session, ident, done=True)
        if not isinstance((doc.result or {}).get("delegation"), dict):
            raise HTTPException(404, "Văn bản không nêu chuyến đi nào: không có đoàn công tác "
                                     "để sửa")
        before = review.correct(session, doc, trips.target(part), body.value, user.name)
    return {"target": trips.target(part), "before": before, "after": body.value}


@router.delete("/api/documents/{ident}/delegation/{part}", tags=["review"])
def withdraw_delegation(request: Request, ident: str, part: str, user: Reviewer
                        ) -> dict[str, Any]:
    """Withdraw the reviewers' correction of a part of the delegation: the machine's shows again.

    The audit log keeps the withdrawal; the statistics count the trip as read again.
    """
    if part not in trips.PARTS:
        raise HTTPException(404, f"Không sửa được phần {part} của đoàn công tác")
    with service_of(request).sessions.begin() as session:
        doc = document_of(session, ident, done=True)
        withdrawn = review.withdraw(session, doc, trips.target(part), user.name)
    if withdrawn is None:
        raise HTTPException(404, f"Phần {part} của đoàn công tác chưa được sửa: không có gì "
                                 "để rút lại")
    return {"target": trips.target(part), "before": withdrawn[0], "after": withdrawn[1]}


@router.patch("/api/documents/{ident}/citations/{index:path}", tags=["review"])
def correct_citation(request: Request, ident: str, index: str, body: CitationCorrection,
                     user: Reviewer) -> dict[str, Any]:
    """A reviewer's values for a citation (ref, kind, date, issuer, role…).

    The citation is given by its position in the contract's `citations` (`0`) or by its ref
    (`295-QĐ/TW`, `295-QĐ/TW#2` for the second citation of that ref; `/` may be sent as is,
    `#` as `%23`). The correction is kept under the ref (`target`), so that it stays on that
    citation when the letter is read again.
    """
    _checked(f"citations.{index}", check_citation, body.value)
    with service_of(request).sessions.begin() as session:
        doc = document_of(session, ident, done=True)
        cited = (doc.result or {}).get("citations") or []
        found = review.citation_index(cited, f"citations.{index}")
        if found is None:
            raise HTTPException(404, f"Không có căn cứ số {index}")
        target = review.citation_target(cited, found)
        before = review.correct(session, doc, target, body.value, user.name)
    return {"target": target, "before": before, "after": body.value}


@router.delete("/api/documents/{ident}/citations/{index:path}", tags=["review"])
def withdraw_citation(request: Request, ident: str, index: str, user: Reviewer
                      ) -> dict[str, Any]:
    """Withdraw the reviewers' correction of a citation: the citation as read shows again.

    The citation is named as for its correction (`0`, `295-QĐ/TW`, `295-QĐ/TW#2`); a
    correction whose citation is no longer read is withdrawn by its ref. The audit log keeps it.
    """
    with service_of(request).sessions.begin() as session:
        doc = document_of(session, ident, done=True)
        cited = (doc.result or {}).get("citations") or []
        found = review.citation_index(cited, f"citations.{index}")
        target = review.citation_target(cited, found) if found is not None \
            else f"citations.{index}"
        withdrawn = review.withdraw(session, doc, target, user.name)
    if withdrawn is None:
        raise HTTPException(404, f"Căn cứ {index} chưa được sửa: không có gì để rút lại")
    return {"target": target, "before": withdrawn[0], "after": withdrawn[1]}


@router.post("/api/documents/{ident}/review", tags=["review"])
def confirm(request: Request, ident: str, user: Reviewer) -> dict[str, Any]:
    """Confirm the letter as reviewed."""
    with service_of(request).sessions.begin() as session:
        doc = document_of(session, ident, done=True)
        before = doc.reviewed
        doc.reviewed, doc.reviewed_by = True, user.name
        review.record(session, document_id=ident, user=user.name, action="review",
                      before=before, after=True)
    return {"id": ident, "reviewed": True}


@router.post("/api/documents/{ident}/reprocess", status_code=202, tags=["review"],
             responses={202: {"description": "Đã xếp hàng đọc lại",
                              "headers": {"Location": LOCATION}}})
def reprocess(request: Request, ident: str, user: Reviewer, response: Response
              ) -> dict[str, Any]:
    """Read the letter again (after a registry change, say); corrections are kept."""
    service = service_of(request)
    with service.sessions.begin() as session:
        doc = document_of(session, ident)
        if doc.status in (Status.QUEUED, Status.PROCESSING):
            raise HTTPException(409, "Văn bản đang chờ hoặc đang được xử lý")
        requeue(session, doc, user.name)
    dispatch(service, [ident])
    response.headers["Location"] = document_url(ident)
    return {"id": ident, "status": Status.QUEUED}


@router.post("/api/reprocess", status_code=202, tags=["review"])
def reprocess_many(request: Request, user: Admin, filters: Annotated[Filters, Depends()],
                   everything: Annotated[bool, Query(alias="all")] = False
                   ) -> dict[str, Any]:
    """Read again every letter the filters select; answer how many were queued.

    For `cites=295-QĐ/TW` after that instrument's entry changed, say. Letters queued or
    being read are left as they are. With no filter, `all=true` must say that every letter
    is meant.
    """
    service = service_of(request)
    # An empty value (`cites=`) selects nothing: it must not pass for a filter.
    given: dict[str, Any] = {k: (v or None) if isinstance(v, str) else v
                             for k, v in vars(filters).items() if k != "sort"}
    if not any(v is not None for v in given.values()) and not everything:
        raise HTTPException(400, "Chọn ít nhất một bộ lọc, hoặc all=true để đọc lại mọi "
                                 "văn bản")
    chosen = Filters(**given, sort=filters.sort).for_user(user.name)
    query = documents_query(chosen, sqlite=service.settings.is_sqlite).where(
        Document.status.in_(Status.settled()))
    with service.sessions() as session:
        idents = list(session.scalars(query.with_only_columns(Document.id)).all())
    queued = 0
    for start in range(0, len(idents), REQUEUE_BATCH):  # short transactions: others write
        batch: list[str] = []
        with service.sessions.begin() as session:
            for ident in idents[start:start + REQUEUE_BATCH]:
                doc = session.get(Document, ident)
                if doc is not None and doc.status in Status.settled():
                    requeue(session, doc, user.name)
                    batch.append(ident)
        dispatch(service, batch)
        queued += len(batch)
    return {"queued": queued}


@router.post("/api/documents/{ident}/pages/{number}/region", tags=["review"])
async def read_region(request: Request, ident: str, number: int, body: Region,
                      user: Reviewer) -> dict[str, Any]:
    """The text inside a rectangle of a page: its text layer, or OCR of that region."""
    service = service_of(request)
    with service.sessions() as session:
        doc = document_of(session, ident, done=True)
        sha256, media_type, result = doc.sha256, doc.media_type or "", doc.result
    limits = service.settings.limits
    try:
        info = region.page_of(result, number)  # a page that was never read: 404
        data = await run_in_threadpool(service.store.read, sha256)
        # Read by extract/ in a child process with the reading's limits (never in this one).
        return await page_work.run(region.read_region, data, media_type, info, number,
                                   body.bbox, limits=limits, timeout=region.time_limit(limits))
    except NoSuchPage:
        raise HTTPException(404, f"Văn bản không có trang {number}") from None
    except region.BadRegion as e:
        raise RequestValidationError([{"loc": ("body", "bbox"), "msg": str(e),
                                       "type": "value_error"}]) from None
    except ExtractError as e:
        raise Refused(e.code, f"{e.message} {e.remedy}") from None
