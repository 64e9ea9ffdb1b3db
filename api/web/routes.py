"""The reviewer pages: sign-in, the inbox, a letter, the registry (Jinja2, a little JavaScript).

Pages are for people signed in with a password (a session cookie); a page asked for without one
sends them to sign in and back. Everything a page shows is escaped by Jinja2; the scripts only
call the JSON API, echoing the session's CSRF token. All assets are served from here: the pages
make no request to any other host.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy import and_, or_, select

from api.store import auth, desk, review
from api.store.auth import Principal
from api.store.db import AuditEntry, CitationIndex, Document
from api.store.search import SORTS, Filters, documents_query, filter_problem
from api.web import i18n, labels, views
from corpus.codes import FlagCode
from corpus.registry import lookup
from corpus.registry.model import Instrument
from corpus.registry.registry import Registry
from corpus.registry.store import registry_for
from extract.model import WarningCode

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.filters["day"] = labels.day  # every date on a page: dd/mm/yyyy
PER_PAGE = 25
#: Instruments a page of the registry lists (it may hold 100,000 and more).
REGISTRY_PER_PAGE = 50
#: How many letters of a list sorted on a text column are looked through for the neighbours.
NEIGHBOURS_SCAN = 20_000
FILTER_KEYS = ("status", "flag", "severity", "warning", "doc_type", "issuer", "issued_from",
               "issued_to", "cites", "reviewed", "no_field", "assignee", "q", "sort")
#: The warnings a file can carry (extract/model.py FileWarning), for the inbox's filter.
WARNING_CODES = tuple(code.value for code in WarningCode)
#: Content-Security-Policy of every page: nothing from elsewhere, no inline script.
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
FLAG_CODES = tuple(code.value for code in FlagCode)
DOC_TYPES = ("Công văn", "Quyết định", "Tờ trình", "Kế hoạch", "Thông báo", "Báo cáo",
             "Chỉ thị", "Hướng dẫn", "Quy định", "Nghị quyết")


def _lang(request: Request) -> str:
    return i18n.language(request.query_params.get("lang") or request.cookies.get(i18n.COOKIE))


def _viewer(request: Request) -> Principal | None:
    cookie = request.cookies.get("congvan_session")
    if not cookie:
        return None
    return auth.session_user(request.app.state.service.sessions, cookie)


def _render(request: Request, name: str, user: Principal | None, **context: Any) -> Response:
    lang = _lang(request)

    def t(key: str) -> str:
        return i18n.pick(i18n.WORDS, key, lang)

    answer = templates.TemplateResponse(request, name, {
        "t": t, "lang": lang, "user": user, "i18n": i18n, "i18n_labels": labels,
        "can_review": user is not None and auth.allowed(user, "reviewer"),
        "is_admin": user is not None and auth.allowed(user, "admin"), **context})
    answer.headers["Content-Security-Policy"] = CSP
    answer.headers["X-Content-Type-Options"] = "nosniff"
    answer.headers["Referrer-Policy"] = "same-origin"
    answer.headers["Cache-Control"] = "no-store"
    if request.query_params.get("lang") in i18n.LANGUAGES:
        answer.set_cookie(i18n.COOKIE, lang, max_age=365 * 86400, samesite="strict")
    return answer


#: Reviewers read times in Vietnam's time (UTC+7, no daylight saving).
VIETNAM = timezone(timedelta(hours=7), "ICT")


def local_time(moment: datetime) -> str:
    """A stored time (UTC; SQLite keeps no zone) as Vietnam's wall clock: "21/01/2015 09:30"."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M")


def page_number(request: Request) -> int:
    """The page a listing's address asks for (`page`, from 1; 1 when it is not a number)."""
    try:
        return max(1, min(int(request.query_params.get("page", "1")), 100_000))
    except ValueError:
        return 1


def _sign_in_first(request: Request) -> RedirectResponse:
    target = quote(request.url.path, safe="/") + (
        f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse("/signin?" + urlencode({"next": target}), status_code=303)


def _filters(request: Request, viewer: Principal) -> tuple[Filters, dict[str, str], list[str]]:
    """The inbox's filters from its query string (empty inputs mean no filter).

    `assignee=me` is the signed-in `viewer`'s letters.

    A value the filters cannot use (too long, a control character, no such status, no such
    day: search.filter_problem) is left out, and why is in the third item (Vietnamese).
    """
    given: dict[str, str] = {}
    refused: list[str] = []
    lang = _lang(request)
    for k in FILTER_KEYS:
        v = (request.query_params.get(k) or "").strip()
        if not v:
            continue
        if k in ("issued_from", "issued_to"):
            v = labels.iso_day(v)  # typed on the page as dd/mm/yyyy
        problem = filter_problem(k, v)
        if problem is None:
            given[k] = v
        elif k in ("issued_from", "issued_to"):  # the page's own way of writing a day
            label = i18n.pick(i18n.WORDS, k, lang)
            refused.append(f"{label}: {i18n.pick(i18n.WORDS, 'day_refused', lang)}")
        else:
            refused.append(problem)
    reviewed = {"true": True, "false": False}.get(given.get("reviewed", ""))
    no_field = {"true": True, "false": False}.get(given.get("no_field", ""))
    sort = given.get("sort", "-created_at")
    if sort.lstrip("-") not in SORTS:
        sort = "-created_at"
    filters = Filters(status=given.get("status"), flag=given.get("flag"),
                      severity=given.get("severity"), warning=given.get("warning"),
                      doc_type=given.get("doc_type"),
                      issuer=given.get("issuer"), issued_from=given.get("issued_from"),
                      issued_to=given.get("issued_to"), cites=given.get("cites"),
                      reviewed=reviewed, no_field=no_field, q=given.get("q"), sort=sort,
                      assignee=given.get("assignee"))
    return filters.for_user(viewer.name), given, refused  # "me": the letters given to the viewer


def _row(doc: Document, lang: str) -> dict[str, Any]:
    result = doc.result or {}
    counts: dict[str, int] = {}
    for flag in result.get("flags") or []:
        counts[flag["severity"]] = counts.get(flag["severity"], 0) + 1
    subject = ((result.get("fields") or {}).get("subject") or {}).get("value")
    return {"id": doc.id, "name": doc.name, "doc_ref": doc.doc_ref, "doc_type": doc.doc_type,
            "issuer": doc.issuer, "issued_date": doc.issued_date, "subject": subject,
            "status": doc.status, "status_label": i18n.pick(i18n.STATUS, doc.status, lang),
            "reviewed": doc.reviewed, "error": doc.error_message,
            "flags": [(s, counts[s], i18n.pick(i18n.SEVERITY, s, lang))
                      for s in ("error", "warning", "info") if counts.get(s)]}


def _neighbours(session: Any, doc: Document, filters: Filters, sqlite: bool
                ) -> tuple[str | None, str | None]:
    """The letters before and after `doc` in the inbox's order (same filters)."""
    if filters.sort.lstrip("-") not in ("created_at", "issued_date"):
        # Sorted on a text column (ref, issuer…): found in the listing's own order.
        order = list(session.scalars(documents_query(filters, sqlite=sqlite)
                                     .with_only_columns(Document.id).limit(NEIGHBOURS_SCAN)))
        at = order.index(doc.id) if doc.id in order else None
        if at is None:
            return None, None
        return (order[at - 1] if at > 0 else None), (order[at + 1] if at + 1 < len(order)
                                                     else None)
    by_issued = "issued_date" in filters.sort
    column = Document.issued_date if by_issued else Document.created_at
    value = doc.issued_date if by_issued else doc.created_at
    if value is None:
        return None, None
    newest_first = filters.sort.startswith("-")
    base = documents_query(filters, sqlite=sqlite).order_by(None)
    ahead = (column < value) if newest_first else (column > value)
    behind = (column > value) if newest_first else (column < value)
    later = base.where(or_(ahead, and_(column == value, Document.id > doc.id))).order_by(
        column.desc() if newest_first else column.asc(), Document.id.asc()).limit(1)
    earlier = base.where(or_(behind, and_(column == value, Document.id < doc.id))).order_by(
        column.asc() if newest_first else column.desc(), Document.id.desc()).limit(1)
    after = session.scalars(later.with_only_columns(Document.id)).first()
    before = session.scalars(earlier.with_only_columns(Document.id)).first()
    return before, after


def _chain(registry: Registry, inst: Instrument) -> list[dict[str, Any]]:
    """The instrument's line of replacements, oldest first, each with when it ended."""
    later = lookup.chain(registry, inst, registry.status(inst, date.max), date.max)
    line = [*lookup.predecessors(registry, inst), inst,
            *(link.instrument for link in later if link.instrument is not None)]
    out = []
    for item in line:
        end = item.ending(date.max)
        out.append({"id": item.id, "ref": item.ref, "kind": item.kind, "issuer": item.issuer,
                    "signed": item.signed.isoformat(), "current": item.id == inst.id,
                    "ended": end.since.isoformat() if end else None,
                    "end_type": end.type if end else None,
                    "source": end.source.note if end else None})
    return out


def _registry_row(registry: Registry, inst: Instrument) -> dict[str, Any]:
    """One instrument as the registry page lists it, with what ended it (if anything)."""
    end = inst.ending(date.max)
    # What ended it: the instrument (linked when in the registry), or its printed ref.
    by = registry.get(end.by) if end is not None and end.by else None
    return {"id": inst.id, "ref": inst.ref, "kind": inst.kind, "issuer": inst.issuer,
            "signed": inst.signed.isoformat(), "title": inst.title,
            "ended": end.since.isoformat() if end else None,
            "end_type": end.type if end else None, "by_id": by.id if by else None,
            "by_ref": by.ref if by else (end.by_ref if end else None)}


def mount(app: FastAPI) -> None:  # noqa: C901 - the page table, one function per page
    """Add the reviewer pages and their assets to `app`."""
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    from api.web import stats  # it draws its pages with this module's helpers

    app.include_router(stats.router)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> FileResponse:
        # Asked for by browsers whatever the pages link: the same SVG as <link rel="icon">.
        return FileResponse(HERE / "static" / "favicon.svg", media_type="image/svg+xml",
                            headers={"Cache-Control": "public, max-age=86400"})

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/inbox", status_code=303)

    @app.get("/signin", include_in_schema=False)
    def signin_page(request: Request) -> Response:
        return _render(request, "signin.html", None, next=_safe_next(request))

    # The inbox (its counts, facets, sorting, saved views, live rows): api/web/inbox.py.
    from api.web import inbox as inbox_page

    inbox_page.mount(app)

    @app.get("/letters/{ident}", include_in_schema=False)
    def letter_page(request: Request, ident: str) -> Response:
        user = _viewer(request)
        if user is None:
            return _sign_in_first(request)
        service = request.app.state.service
        filters, given, _ = _filters(request, user)
        lang = _lang(request)
        with service.sessions() as session:
            doc = session.get(Document, ident)
            if doc is None:
                return _not_found(request, user, i18n.pick(i18n.WORDS, "no_letter", lang),
                                  "/inbox", "inbox")
            state = review.review_state(session, ident, doc.reviewed, doc.reviewed_by)
            audit = [views.audit_row(r, lang, local_time(r.at)) for r in session.scalars(
                select(AuditEntry).where(AuditEntry.document_id == ident)
                .order_by(AuditEntry.at, AuditEntry.id))]
            before, after = _neighbours(session, doc, filters, service.settings.is_sqlite)
            row = _row(doc, lang)
            view = views.letter(doc.result, state["corrections"], lang) if doc.result else None
            notes = [{"user": n.user, "body": n.body, "at": local_time(n.at)}
                     for n in desk.notes(session, ident)]
            assignee, reviewers = doc.assignee, desk.reviewers(session)
            failure = views.failure(doc)
        keep = urlencode(given)
        return _render(request, "letter.html", user, doc=row, view=view, audit=audit,
                       reviewed=state["reviewed"], reviewed_by=state["reviewed_by"],
                       keep=keep, prev_id=before, next_id=after, notes=notes,
                       assignee=assignee, reviewers=reviewers, failure=failure,
                       text_source=labels.label(labels.TEXT_SOURCES,
                                                (doc.result or {}).get("text_source"), lang))

    # The registry's growth (issue 23): /registry/unknown, before /registry/{ident:path}.
    from api.web import growth

    growth.mount(app, _render, _viewer, _sign_in_first, _lang)

    @app.get("/registry", include_in_schema=False)
    def registry_page(request: Request) -> Response:
        user = _viewer(request)
        if user is None:
            return _sign_in_first(request)
        registry = registry_for(request.app.state.service.settings.data_dir)
        q = (request.query_params.get("q") or "").strip()[:200]
        found = lookup.select(registry, search=q, newest_first=True)
        lang, total = _lang(request), len(found)
        page = min(page_number(request), max(1, -(-total // REGISTRY_PER_PAGE)))
        start = (page - 1) * REGISTRY_PER_PAGE
        shown = found[start:start + REGISTRY_PER_PAGE]
        window = i18n.pick(i18n.WORDS, "registry_window" if shown else "n_instruments",
                           lang).format(first=labels.number(start + 1, lang),
                                        last=labels.number(start + len(shown), lang),
                                        n=labels.number(total, lang))
        keep = {"q": q} if q else {}
        return _render(request, "registry.html", user, q=q, window=window, page=page,
                       items=[_registry_row(registry, inst) for inst in shown],
                       newer=urlencode({**keep, "page": page - 1}) if page > 1 else None,
                       older=urlencode({**keep, "page": page + 1})
                       if start + len(shown) < total else None,
                       proposals=growth.waiting(request, user, lang))

    @app.get("/registry/{ident:path}", include_in_schema=False)
    def instrument_page(request: Request, ident: str) -> Response:
        user = _viewer(request)
        if user is None:
            return _sign_in_first(request)
        service = request.app.state.service
        registry = registry_for(service.settings.data_dir)
        shown, _ = lookup.matches(registry, ident)
        inst = shown[0] if shown else None
        if inst is None:
            said = i18n.pick(i18n.WORDS, "no_instrument", _lang(request))
            return _not_found(request, user, said.replace("{ref}", ident), "/registry",
                              "registry")
        refs = {inst.ref, "".join(inst.ref.split())}
        lang = _lang(request)
        with service.sessions() as session:
            citing = [_row(d, lang) for d in session.scalars(
                select(Document).where(Document.id.in_(
                    select(CitationIndex.document_id).where(CitationIndex.ref.in_(refs))))
                .order_by(Document.issued_date.desc(), Document.id).limit(200))]
        status = registry.status(inst, date.today())
        return _render(request, "instrument.html", user, inst=inst, chain=_chain(registry, inst),
                       citing=citing, status=status.state)


def not_found_page(request: Request) -> Response:
    """A path no route answers: the 404 page for a person, the API's JSON 404 under /api."""
    if request.url.path.startswith(("/api/", "/static/")) or request.url.path == "/api":
        raise HTTPException(404, "Không có đường dẫn này")
    lang = _lang(request)
    return _not_found(request, _viewer(request), i18n.pick(i18n.WORDS, "no_page", lang),
                      "/inbox", "inbox")


def mount_fallback(app: FastAPI) -> None:
    """Answer every other GET with the 404 page (added last, after every other route)."""
    app.add_api_route("/{path:path}", not_found_page, methods=["GET"], include_in_schema=False,
                      name="unmatched")  # counted as no route by /metrics (api/http/metrics.py)


def _not_found(request: Request, user: Principal | None, message: str, back: str,
               back_label: str) -> Response:
    """A page's 404 as a page (the API's stay JSON): what is missing and the way back."""
    answer = _render(request, "notfound.html", user, message=message, back=back,
                     back_label=back_label)
    answer.status_code = 404
    return answer


def _safe_next(request: Request) -> str:
    """Where to go after signing in: a path on this site only."""
    target = request.query_params.get("next") or "/inbox"
    # One leading slash, then printable ASCII only: browsers drop tabs and newlines, so
    # "/\t/evil.example" would become "//evil.example".
    if not re.fullmatch(r"/(?![/\\])[\x21-\x7e]*", target) or "\\" in target:
        return "/inbox"
    return target
