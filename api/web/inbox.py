"""The reviewer's inbox: letters with counts, facets, order, snippets, thumbnails, views.

Its table body is also served alone, for the page to refresh it live.

Wired from api/web/routes.py (mount); pages, filters and rows are those of routes.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.responses import Response

from api.store import saved_views
from api.store.auth import Principal
from api.store.db import Document, Status
from api.store.facets import facets
from api.store.search import ISO_DAY, count, documents_query, snippet
from api.web import i18n, labels, routes

#: The sortable columns, in the table's order: (sort key, the header's word).
COLUMNS = (("doc_ref", "doc_ref"), ("doc_type", "doc_type"), ("issuer", "issuer"),
           ("issued_date", "date"), ("created_at", "received"), ("status", "status"))
#: Columns whose first click sorts newest first.
NEWEST_FIRST = frozenset({"issued_date", "created_at"})


def fields_read(result: dict[str, Any] | None) -> int:
    """How many of the letter's fields were read (a value, not null or empty)."""
    fields = (result or {}).get("fields") or {}
    return sum(1 for f in fields.values()
               if isinstance(f, dict) and f.get("value") not in (None, "", [], {}))


def inbox_row(doc: Document, lang: str, q: str | None) -> dict[str, Any]:
    """A letter's row: routes._row, whether any field was read, where the search found it."""
    row = routes._row(doc, lang)
    read = doc.status == Status.DONE and doc.result is not None
    row["no_field"] = read and fields_read(doc.result) == 0
    row["clean"] = read and not row["no_field"] and not row["flags"]
    row["thumb"] = read and bool((doc.result or {}).get("pages"))
    row["received"] = routes.local_time(doc.created_at)[:10] if doc.created_at else ""
    day = doc.issued_date or ""
    row["issued_shown"] = f"{day[8:10]}/{day[5:7]}/{day[:4]}" if ISO_DAY.match(day) else day
    row["snippet"] = snippet(doc.text, doc.folded_text, q) if q else None
    return row


def _headers(given: dict[str, str], lang: str) -> list[dict[str, Any]]:
    """Each sortable header: its link (the other way round when it is the order now)."""
    now = given.get("sort", "-created_at")
    rest = {k: v for k, v in given.items() if k not in ("sort", "page")}
    out = []
    for key, word in COLUMNS:
        state = "descending" if now == f"-{key}" else "ascending" if now == key else None
        if state == "ascending":
            nxt = f"-{key}"
        elif state == "descending":
            nxt = key
        else:
            nxt = f"-{key}" if key in NEWEST_FIRST else key
        out.append({"key": key, "label": i18n.pick(i18n.WORDS, word, lang), "state": state,
                    "href": "/inbox?" + urlencode({**rest, "sort": nxt}),
                    "state_label": i18n.pick(i18n.WORDS, state, lang) if state else ""})
    return out


def _listing(request: Request, user: Principal) -> dict[str, Any]:
    """The inbox's rows for the request's filters and page, with the count and facets."""
    service = request.app.state.service
    filters, given, refused = routes._filters(request, user)
    page, lang = routes.page_number(request), routes._lang(request)
    sqlite = service.settings.is_sqlite
    docs: Sequence[Document] = []
    total = 0
    counted: dict[str, dict[str, int]] = {"status": {}, "doc_type": {}, "flag": {},
                                          "reviewed": {}, "no_field": {}}
    if not refused:  # a filter that cannot be used lists nothing rather than everything
        with service.sessions() as session:
            docs = session.scalars(documents_query(filters, sqlite=sqlite)
                                   .offset((page - 1) * routes.PER_PAGE)
                                   .limit(routes.PER_PAGE + 1)).all()
            total = count(session, filters, sqlite=sqlite)
            counted = facets(session, filters, sqlite=sqlite)
    return {"rows": [inbox_row(d, lang, filters.q) for d in docs[:routes.PER_PAGE]],
            "filters": filters, "given": given, "refused": refused, "page": page,
            "more": len(docs) > routes.PER_PAGE, "total": total, "facets": counted,
            "keep": urlencode(given)}


def mount(app: FastAPI) -> None:
    """Add the inbox page and its table body to `app`."""

    @app.get("/inbox", include_in_schema=False)
    def inbox(request: Request) -> Response:
        user = routes._viewer(request)
        if user is None:
            return routes._sign_in_first(request)
        listing = _listing(request, user)
        given, page, lang = listing["given"], listing["page"], routes._lang(request)
        views = saved_views.views_of(request.app.state.service.sessions, user.name)
        answer = routes._render(
            request, "inbox.html", user, **listing, flag_codes=routes.FLAG_CODES,
            warning_codes=routes.WARNING_CODES, doc_types=routes.DOC_TYPES,
            statuses=tuple(i18n.STATUS), heads={h["key"]: h for h in _headers(given, lang)},
            views=views,
            view_query=urlencode({k: v for k, v in given.items() if k != "page"}),
            count_label=i18n.pick(i18n.WORDS, "n_letters", lang).replace(
                "{n}", labels.number(listing["total"], lang)),
            newer=urlencode({**given, "page": page - 1}),
            older=urlencode({**given, "page": page + 1}))
        if listing["refused"]:
            answer.status_code = 422
        return answer

    @app.get("/inbox/rows", include_in_schema=False)
    def inbox_rows(request: Request) -> Response:
        """The table body alone (same filters and page), for the page to refresh in place."""
        user = routes._viewer(request)
        if user is None:
            return Response(status_code=401)
        listing = _listing(request, user)
        answer = routes._render(request, "inbox_rows.html", user, **listing)
        answer.headers["X-Total-Count"] = str(listing["total"])
        if listing["refused"]:
            answer.status_code = 422
        return answer

