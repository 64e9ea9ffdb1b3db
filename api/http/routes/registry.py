"""The regulation registry: list, check on a date, show, import."""

from __future__ import annotations

import logging
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response

from api.http.deps import Admin, Uploader, service_of
from api.http.problems import Failed, Problem
from api.store import review
from corpus.registry import lookup
from corpus.registry.load import RegistryDataError
from corpus.registry.store import import_file, registry_for

log = logging.getLogger(__name__)
router = APIRouter()


@router.get("/api/registry", tags=["registry"])
def registry_list(request: Request, response: Response, user: Uploader,
                  search: str | None = None, kind: str | None = None,
                  issuer: str | None = None) -> dict[str, Any]:
    """The registry's instruments, optionally filtered by kind, issuer and free text.

    All in one answer; `total` (and `X-Total-Count`) says how many.
    """
    registry = registry_for(service_of(request).settings.data_dir)
    out = [{"id": inst.id, **inst.to_dict()}
           for inst in lookup.select(registry, kind=kind, issuer=issuer, search=search)]
    response.headers["X-Total-Count"] = str(len(out))
    return {"instruments": out, "total": len(out)}


@router.get("/api/registry/check", tags=["registry"])
def registry_check(request: Request, user: Uploader, ref: str,
                   on: date | None = None) -> dict[str, Any]:
    """An instrument's status on a date (today by default), with its replacement chain."""
    registry = registry_for(service_of(request).settings.data_dir)
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


@router.get("/api/registry/{ident:path}", tags=["registry"])
def registry_get(request: Request, ident: str, user: Uploader) -> dict[str, Any]:
    """What an id, ref, short form or alias names: each instrument, what it replaces."""
    registry = registry_for(service_of(request).settings.data_dir)
    shown, found = lookup.matches(registry, ident)
    if not shown:
        raise HTTPException(404, f"Không có văn bản {ident} trong danh mục")
    return {"instruments": [{"id": i.id, **i.to_dict(),
                             "replaces": [r.id for r in registry.replaces(i.id)]}
                            for i in shown],
            "match": found.match if found else "exact",
            "score": found.score if found else 100.0}


@router.post("/api/registry", tags=["registry"], responses={422: {
    "model": Problem, "description": "Dữ liệu danh mục không hợp lệ (từng lỗi, có dòng)"}},
    openapi_extra={"requestBody": {"required": True, "description": "Danh mục văn bản: YAML "
                                   "hoặc CSV (UTF-8), như `congvan registry import`",
                                   "content": {"text/yaml": {"schema": {"type": "string"}},
                                               "text/csv": {"schema": {"type": "string"}}}}})
async def registry_import(request: Request, user: Admin) -> dict[str, Any]:
    """Add or change instruments: a YAML or CSV body, validated line by line (admins)."""
    service = service_of(request)
    body = await request.body()
    kind = request.headers.get("content-type", "")
    suffix = ".csv" if "csv" in kind else ".yaml"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"import{suffix}"
        path.write_bytes(body)
        try:
            added = import_file(path, service.settings.data_dir)
        except RegistryDataError as e:
            lines = [{"line": p.line, "message": p.message} for p in e.problems]
            said = "; ".join(f"dòng {p['line']}: {p['message']}" for p in lines)
            raise Failed(422, f"Dữ liệu danh mục không hợp lệ: {said}", "invalid_registry",
                         problems=lines) from None
        except UnicodeDecodeError:
            raise Failed(422, "Tệp phải là UTF-8", "invalid_registry") from None
    with service.sessions.begin() as session:
        review.record(session, document_id=None, user=user.name, action="registry_import",
                      after=[i.id for i in added])
    return {"imported": [i.id for i in added]}
