"""The registry's growth from the archive, on the pages: proposed changes and cited instruments.

The registry page (/registry) shows administrators the changes letters propose, each beside its
clause boxed on the source letter's page image; /registry/unknown lists the instruments the
archive cites and the registry lacks, with a one-step form to add one.
"""

from __future__ import annotations

from typing import Any

import yaml
from fastapi import FastAPI, Request
from fastapi.responses import Response

from api.store import auth, cited, proposals
from api.store.auth import Principal
from api.store.db import Document
from api.web import i18n, views
from corpus.registry.store import registry_for

#: Proposals shown on the registry page at once (the oldest waiting first).
SHOWN = 50
UNKNOWN_PER_PAGE = 50


def _sizes(doc: Document | None) -> dict[int, tuple[float, float]]:
    pages = (doc.result or {}).get("pages") if doc is not None else None
    return {int(p["number"]): (float(p["width"]), float(p["height"]))
            for p in pages or [] if p.get("width") and p.get("height")}


def _proposal(p: Any, doc: Document | None, lang: str) -> dict[str, Any]:
    said = p.payload
    box = views._box(f"proposals.{p.id}", "citation", {"page": p.page, "bbox": p.bbox},
                     _sizes(doc), label=p.text or "")
    size = _sizes(doc).get(p.page or 0)
    effect = said.get("effect") if p.kind == "registry" else (said.get("rule") or {}).get("kind")
    return {"id": p.id, "kind": p.kind, "effect": effect,
            "effect_label": i18n.pick(i18n.WORDS, f"effect_{effect}", lang)
            if f"effect_{effect}" in i18n.WORDS else effect,
            "instrument": said.get("instrument"), "ref": said.get("ref"),
            "part": said.get("part"), "date": said.get("date"), "rule": said.get("rule"),
            "source": said.get("source") or {}, "text": p.text, "document_id": p.document_id,
            "page": p.page, "box": box, "width": size[0] if size else None,
            "height": size[1] if size else None}


def waiting(request: Request, user: Principal | None, lang: str) -> list[dict[str, Any]]:
    """The proposals an administrator has to decide (none for anyone else)."""
    if user is None or not auth.allowed(user, "admin"):
        return []
    with request.app.state.service.sessions() as session:
        rows, _ = proposals.listing(session, kind=None, status="proposed", page=1,
                                    per_page=SHOWN)
        return [_proposal(p, session.get(Document, p.document_id) if p.document_id else None,
                          lang) for p in rows]


def draft(item: dict[str, Any]) -> str:
    """The YAML an administrator completes to add a cited instrument (nothing guessed)."""
    entry = {"ref": item["ref"], "kind": item.get("kind") or "", "issuer": item.get("issuer"),
             "signed": item.get("date") or "", "title": None,
             "sources": [{"how": "secondary_source",
                          "note": f"Trích dẫn trong {item['letters']} văn bản của kho congvan"}]}
    return yaml.safe_dump([entry], allow_unicode=True, sort_keys=False)


def mount(app: FastAPI, render: Any, viewer: Any, sign_in_first: Any, lang_of: Any) -> None:
    """Add /registry/unknown (before the instrument page's /registry/{ident:path})."""

    @app.get("/registry/unknown", include_in_schema=False)
    def unknown_page(request: Request) -> Response:
        user = viewer(request)
        if user is None:
            return sign_in_first(request)
        service = request.app.state.service
        registry = registry_for(service.settings.data_dir)
        try:
            page = max(1, min(int(request.query_params.get("page") or 1), 1_000_000))
        except ValueError:
            page = 1
        with service.sessions() as session:
            rows, total = cited.unknown(session, lambda ref: registry.resolve(ref) is not None,
                                        page=page, per_page=UNKNOWN_PER_PAGE)
        for row in rows:
            row["draft"] = draft(row)
        return render(request, "registry_unknown.html", user,
                      items=rows, total=total, page=page,
                      more=page * UNKNOWN_PER_PAGE < total)
