"""Proposed registry and rule changes read from letters; instruments cited but not registered.

Reviewers may list; administrators decide (audited). Accepting a registry change writes it into
the data folder's registry overlay with the letter as its source, and names the letters that
cite the instrument it changed, to be read again (`POST /api/reprocess?cites=…`).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse

from api.http import paging
from api.http.deps import Admin, Reviewer, service_of
from api.http.problems import Failed
from api.store import cited, proposals
from api.store.db import Proposal
from corpus.registry.store import EffectRefused, LetterSource, record_effect, registry_for
from corpus.rules.model import RulesDataError
from corpus.rules.stated import StatementError, record_rule

router = APIRouter()
#: A proposal's id (an INTEGER column on both databases).
Ident = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get("/api/proposals", tags=["proposals"], response_model=None,
            responses={200: {"description": "Một trang đề xuất", "headers": paging.DOCUMENTED}})
def list_proposals(request: Request, user: Reviewer,
                   kind: Literal["registry", "rule"] | None = None,
                   status: Literal["proposed", "accepted", "rejected"] | None = None,
                   page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
                   per_page: Annotated[int, Query(ge=1, le=200)] = 50) -> JSONResponse:
    """The proposed changes, newest first, filtered by kind and status (reviewers)."""
    with service_of(request).sessions() as session:
        rows, total = proposals.listing(session, kind=kind, status=status, page=page,
                                        per_page=per_page)
        body = {"proposals": [proposals.to_dict(p) for p in rows], "page": page,
                "per_page": per_page, "total": total}
    return JSONResponse(body, headers=paging.headers(request, page, per_page, total))


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _apply_registry(p: Proposal, folder: Any) -> str:
    """Write an accepted registry change; the ref of the instrument it changed."""
    said, source = p.payload, p.payload.get("source") or {}
    letter = LetterSource(str(source.get("doc_ref") or said.get("instrument") or ""),
                          source.get("doc_type"), source.get("issuer"),
                          _day(source.get("date")), p.text)
    changed = record_effect(str(said.get("effect")), str(said.get("ref") or letter.ref),
                            _day(said.get("date")), letter, part=said.get("part"),
                            folder=folder)
    return changed.ref


@router.post("/api/proposals/{ident}/accept", tags=["proposals"])
def accept(request: Request, ident: Ident, user: Admin) -> dict[str, Any]:
    """Accept a proposal: write it into the registry or the rules (admins; audited).

    A registry change answers the letters that cite the instrument it changed (`reread`), to be
    read again with `POST /api/reprocess?cites=…`. A rule whose kind has no check yet is kept
    as accepted, marked `awaits_check`.
    """
    service = service_of(request)
    folder = service.settings.data_dir
    with service.sessions.begin() as session:
        p = _undecided(session, ident)
        note: dict[str, Any] = {}
        try:
            if p.kind == "registry":
                note["changed"] = _apply_registry(p, folder)
            else:
                source = {**(p.payload.get("source") or {}), "clause": p.text}
                rule = record_rule(p.payload.get("rule") or {}, source, folder=folder)
                note.update(rule=rule.id if rule else None, awaits_check=rule is None)
        except (EffectRefused, RulesDataError, StatementError) as e:
            raise Failed(409, f"Không ghi được đề xuất: {e}", "proposal_refused") from None
        proposals.decide(session, p, accepted=True, user=user.name, note=note)
        answer = {"proposal": proposals.to_dict(p), **note}
        if "changed" in note:
            letters = proposals.citing(session, note["changed"])
            answer["reread"] = {"ref": note["changed"], "count": len(letters),
                                "documents": letters,
                                "reprocess": f"/api/reprocess?cites={quote(note['changed'])}"}
    return answer


@router.post("/api/proposals/{ident}/reject", tags=["proposals"])
def reject(request: Request, ident: Ident, user: Admin) -> dict[str, Any]:
    """Reject a proposal (admins; audited); nothing is written."""
    with service_of(request).sessions.begin() as session:
        p = _undecided(session, ident)
        proposals.decide(session, p, accepted=False, user=user.name)
        return {"proposal": proposals.to_dict(p)}


def _undecided(session: Any, ident: int) -> Proposal:
    p = proposals.get(session, ident)
    if p is None:
        raise HTTPException(404, "Không có đề xuất này")
    if p.status != "proposed":
        raise Failed(409, f"Đề xuất đã được quyết định ({p.status})", "proposal_decided")
    return p


@router.get("/api/registry/unknown", tags=["registry"], response_model=None,
            responses={200: {"description": "Văn bản được dẫn mà danh mục chưa có",
                             "headers": paging.DOCUMENTED}})
def registry_unknown(request: Request, user: Reviewer,
                     page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
                     per_page: Annotated[int, Query(ge=1, le=200)] = 50) -> JSONResponse:
    """Instruments the archive's letters cite and the registry lacks, most cited first.

    Each with how many letters cite it and the kind, date and issuer its citations give most.
    """
    service = service_of(request)
    registry = registry_for(service.settings.data_dir)
    with service.sessions() as session:
        rows, total = cited.unknown(session, lambda ref: registry.resolve(ref) is not None,
                                    page=page, per_page=per_page)
    body = {"instruments": rows, "page": page, "per_page": per_page, "total": total}
    return JSONResponse(body, headers=paging.headers(request, page, per_page, total))
