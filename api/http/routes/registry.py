"""The regulation registry: list, check on a date, show, import."""

from __future__ import annotations

import logging
import re
import tempfile
import unicodedata
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from api.http import paging
from api.http.deps import Admin, Service, Uploader, service_of
from api.http.problems import Failed, Problem
from api.store import review
from corpus.registry import lookup
from corpus.registry.load import RegistryDataError
from corpus.registry.model import Instrument
from corpus.registry.store import (
    changing,
    import_file,
    import_jsonl,
    imported_files,
    registry_for,
)

log = logging.getLogger(__name__)
router = APIRouter()
#: The most instruments one answer of the listing holds.
MAX_LIMIT = 500


@router.get("/api/registry", tags=["registry"], responses={200: {
    "description": "Một đoạn danh mục", "headers": paging.DOCUMENTED}})
def registry_list(request: Request, response: Response, user: Uploader,
                  search: str | None = None, kind: str | None = None,
                  issuer: str | None = None,
                  limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
                  offset: Annotated[int, Query(ge=0)] = 0) -> dict[str, Any]:
    """The registry's instruments, optionally filtered by kind, issuer and free text.

    In the registry's order, `limit` of them from `offset`; `total` (and `X-Total-Count`)
    counts every instrument the filters select, `Link` (RFC 8288) gives the first, previous,
    next and last windows.
    """
    registry = registry_for(service_of(request).settings.data_dir)
    found = lookup.select(registry, kind=kind, issuer=issuer, search=search)
    out = [{"id": inst.id, **inst.to_dict()} for inst in found[offset:offset + limit]]
    response.headers.update(paging.window_headers(request, offset, limit, len(found)))
    return {"instruments": out, "total": len(found), "offset": offset, "limit": limit,
            "more": offset + limit < len(found)}


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


#: Where administrators send a registry file (its body limit is its own: api/http/limits.py).
IMPORT_PATH = "/api/registry"
#: The media types of a JSON Lines body: the state's legal metadata, one instrument a line.
JSONL_TYPES = ("application/x-ndjson", "application/jsonl", "application/json-lines")
#: What a file's name keeps (it names the file in the sources of its instruments).
_UNSAFE_NAME = re.compile(r"[^\w.-]+")
_STRING = {"schema": {"type": "string"}}


@router.post(IMPORT_PATH, tags=["registry"], responses={
    413: {"model": Problem, "description": "Tệp vượt quá giới hạn (CONGVAN_MAX_REGISTRY_MB)"},
    422: {"model": Problem, "description": "Dữ liệu danh mục không hợp lệ (từng lỗi, có dòng)"}},
    openapi_extra={"requestBody": {
        "required": True,
        "description": "Danh mục văn bản (UTF-8), như `congvan registry import`: YAML hoặc CSV "
                       "(gộp vào lớp bổ sung), hoặc JSON Lines — dữ liệu văn bản của Nhà nước, "
                       "mỗi dòng một văn bản (giữ nguyên tệp trong thư mục dữ liệu)",
        "content": {"text/yaml": _STRING, "text/csv": _STRING,
                    **dict.fromkeys(JSONL_TYPES, _STRING)}}})
async def registry_import(
    request: Request, user: Admin,
    name: Annotated[str | None, Query(max_length=200, description=(
        "JSON Lines: tên tệp, để nguồn của các văn bản nêu tên đó"))] = None,
) -> dict[str, Any]:
    """Add or change instruments from a YAML, CSV or JSON Lines body, checked line by line.

    Admins only. A JSON Lines file of 100,000 instruments takes seconds: it is read outside
    the event loop, so the service goes on answering meanwhile.
    """
    service = service_of(request)
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    jsonl = media in JSONL_TYPES
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / (_jsonl_name(name) if jsonl else
                               "import.csv" if "csv" in media else "import.yaml")
        said = False
        with path.open("wb") as out:  # as it arrives (BodyLimit cuts it off when too big)
            async for chunk in request.stream():
                out.write(chunk)
                said = said or bool(chunk.strip())
        if jsonl and not said:
            raise Failed(422, "Dữ liệu danh mục không hợp lệ: tệp không có văn bản nào",
                         "invalid_registry",
                         problems=[{"line": 1, "message": "(tệp): không có văn bản nào"}])
        added, kept = await run_in_threadpool(_import, service, user.name, path)
    answer: dict[str, Any] = {"imported": [i.id for i in added], "count": len(added)}
    if kept is not None:
        answer["file"] = kept
    return answer


def _jsonl_name(given: str | None) -> str:
    """The name a JSON Lines file is kept under: the one given, tidied, else registry.jsonl."""
    stem = Path(unicodedata.normalize("NFC", given or "")).stem
    stem = _UNSAFE_NAME.sub("-", stem).strip(".-")[:100]
    return f"{stem or 'registry'}.jsonl"


def _import(service: Service, user: str, path: Path) -> tuple[list[Instrument], str | None]:
    """Import the file into the data folder and audit it; what came in, and where it is kept.

    The JSON Lines file is kept as it is (`kept` is its name there); YAML and CSV go into
    the overlay (`kept` is None).
    """
    folder = service.settings.data_dir
    jsonl = path.suffix == ".jsonl"
    with changing(folder):  # the import's own lock, held while the file's name is read too
        try:
            added = import_jsonl(path, folder) if jsonl else import_file(path, folder)
        except RegistryDataError as e:
            lines = [{"line": p.line, "message": p.message} for p in e.problems]
            said = "; ".join(f"dòng {p['line']}: {p['message']}" for p in lines[:20])
            more = f" (và {len(lines) - 20} lỗi khác)" if len(lines) > 20 else ""
            raise Failed(422, f"Dữ liệu danh mục không hợp lệ: {said}{more}",
                         "invalid_registry", problems=lines) from None
        except UnicodeDecodeError:
            raise Failed(422, "Tệp phải là UTF-8", "invalid_registry") from None
        kept = imported_files(folder)[-1].name if jsonl else None
    # A JSON Lines file may hold 100,000 instruments: the audit names the file kept (which
    # lists them) and how many, where an overlay import lists the ids it changed.
    after: Any = {"file": kept, "count": len(added)} if jsonl else [i.id for i in added]
    with service.sessions.begin() as session:
        review.record(session, document_id=None, user=user, action="registry_import",
                      target=kept, after=after)
    return added, kept
