"""The statistics page (/stats) and its figures as JSON (GET /api/stats), for reviewers.

Both show the same figures (api/store/stats.py) for a period of whole months of issue, the
last twelve unless `from` and `to` are given ("03/2025" or "2025-03"), counted afresh on every
view: the database counts them on indexed columns and the trips tables (api/store/trips.py).
Accuracy alone is kept for five minutes per period (`KEEP_SECONDS`), with the time it was
counted: it reads the machine's values of every corrected confirmed letter from its result
JSON, so its cost grows with the reviewers' work (bench/stats.py measures each figure).
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from sqlalchemy.orm import Session, sessionmaker

from api.http.deps import Reviewer, service_of
from api.store import auth
from api.store import stats as figures
from api.store.stats import Period, Trips
from api.store.trips import NOT_STATED
from api.web import charts, i18n, labels
from api.web.countries import country_label
from api.web.routes import VIETNAM, _lang, _render, _sign_in_first, _viewer

router = APIRouter()
#: How long the accuracy of one period is kept before it is counted again.
KEEP_SECONDS = 300.0
#: The longest period counted at once, in months.
MOST_MONTHS = 120
#: How many days "letters processed per day" goes back.
RECENT_DAYS = 30
_MONTH = re.compile(r"^(?:(?P<m1>\d{1,2})/(?P<y1>\d{4})|(?P<y2>\d{4})-(?P<m2>\d{2}))$")


@dataclass(frozen=True)
class Counts:
    """The figures of one period, as counted at one moment (accuracy at `accuracy_at`)."""

    period: Period
    at: datetime
    letters: int
    undated: int
    trips: Trips
    issuers: list[tuple[str, int]]
    flags: dict[str, list[tuple[str, int]]]
    processed: list[tuple[str, int]]
    accuracy: list[figures.FieldAccuracy]
    accuracy_at: datetime


_kept: dict[tuple[str, Period, date], tuple[float, datetime, list[figures.FieldAccuracy]]] = {}
_lock = threading.Lock()


def today() -> date:
    """Today in Vietnam."""
    return datetime.now(VIETNAM).date()


def month(value: str) -> date | None:
    """The first day of a month written "03/2025" or "2025-03"; None if it is not one."""
    found = _MONTH.match(value.strip())
    if not found:
        return None
    year = int(found["y1"] or found["y2"])
    number = int(found["m1"] or found["m2"])
    return date(year, number, 1) if 1 <= number <= 12 and year >= 1900 else None


def period_of(first: str | None, last: str | None, lang: str) -> Period:
    """The period a request asks for; a month that is not one is refused (422)."""
    default = Period.months_to(today())
    start = month(first) if first else default.first
    end = month(last) if last else default.last
    if start is None or end is None:
        which = "from" if start is None else "to"
        raise RequestValidationError([{"loc": ["query", which], "type": "value_error",
                                       "msg": i18n.pick(i18n.STATS_WORDS, "stats_bad_month",
                                                        lang)}])
    if first and not last:
        end = max(start, default.last)
    if last and not first:
        start = Period.months_to(end).first
    start, end = min(start, end), max(start, end)
    span = (end.year - start.year) * 12 + end.month - start.month + 1
    if span > MOST_MONTHS:
        start = Period.months_to(end, MOST_MONTHS).first
    return Period(start, end)


def counted(made: sessionmaker[Session], period: Period) -> Counts:
    """The period's figures counted now, its accuracy now or within the last `KEEP_SECONDS`."""
    last = today()
    with made() as session:
        letters, undated = figures.letters_counted(session, period=period)
        trips = figures.trips(session, period=period)
        issuers = figures.by_issuer(session, period=period)
        flags = figures.flags_by_month(session, period=period)
        processed = figures.processed_by_day(
            session, first=last - timedelta(days=RECENT_DAYS - 1), last=last)
        accuracy_at, accuracy = _accuracy(session, str(made.kw["bind"].url), period)
    return Counts(period, datetime.now(VIETNAM), letters, undated, trips, issuers, flags,
                  processed, accuracy, accuracy_at)


def _accuracy(session: Session, database: str, period: Period
              ) -> tuple[datetime, list[figures.FieldAccuracy]]:
    """The period's accuracy and when it was counted: now, or within the last `KEEP_SECONDS`."""
    key = (database, period, today())  # one database, one period, one day
    with _lock:
        held = _kept.get(key)
    if held and held[0] > time.monotonic():
        return held[1], held[2]
    at, shares = datetime.now(VIETNAM), figures.accuracy(session, period=period)
    with _lock:
        for old in [k for k, (until, _, _) in _kept.items() if until <= time.monotonic()]:
            _kept.pop(old, None)
        _kept[key] = (time.monotonic() + KEEP_SECONDS, at, shares)
    return at, shares


def as_json(counts: Counts, queue: figures.Queue) -> dict[str, Any]:
    """The figures as GET /api/stats gives them (codes and ISO dates, not words)."""
    trips = counts.trips
    return {
        "period": {"from": counts.period.lower, "to": f"{counts.period.last:%Y-%m}"},
        "as_of": counts.at.isoformat(), "accuracy_as_of": counts.accuracy_at.isoformat(),
        "letters": counts.letters, "undated": counts.undated,
        "trips": {"letters": trips.letters, "undated": trips.undated,
                  "by_country": [{"country": c, "trips": n} for c, n in trips.by_country],
                  "by_month": [{"month": m, "trips": n} for m, n in trips.by_month],
                  "by_funding": [{"kind": k, "trips": n} for k, n in trips.by_funding]},
        "by_issuer": [{"issuer": i, "letters": n} for i, n in counts.issuers],
        "flags_by_month": [{"code": code, "months": [{"month": m, "letters": n} for m, n in per]}
                           for code, per in counts.flags.items()],
        "processed_by_day": [{"day": d, "letters": n} for d, n in counts.processed],
        "queue": asdict(queue),
        "accuracy": [{"field": a.field, "kept": a.kept, "letters": a.letters,
                      "share": a.share} for a in counts.accuracy],
    }


def _mm_yyyy(iso: str) -> str:
    return f"{iso[5:7]}/{iso[:4]}"


def _dd_mm_yyyy(iso: str) -> str:
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}"


def _pictures(counts: Counts, lang: str) -> dict[str, Any]:
    """The page's charts and accuracy table, in the page's language."""
    def w(key: str) -> str:
        return i18n.pick(i18n.STATS_WORDS, key, lang)

    none = w("no_data")
    trips = counts.trips

    def funding(kind: str) -> str:
        if kind == NOT_STATED:
            return i18n.FUNDING_NOT_STATED[1 if lang == "en" else 0]
        return i18n.pick(i18n.FUNDING, kind, lang)

    def chart(draw: Callable[..., Any], key: str, **args: Any) -> dict[str, Any]:
        return {"key": key, "title": w(key), "svg": draw(title=w(key), lang=lang, empty=none,
                                                         **args)}

    months = counts.period.months()
    flag_lines = [charts.Series(labels.label(labels.FLAGS, code, lang), [n for _, n in per])
                  for code, per in counts.flags.items()]
    share = [{"field": a.field, "label": i18n.pick(i18n.WORDS, "citations", lang)
              if a.field == figures.CITATIONS else i18n.pick(i18n.FIELD_LABELS, a.field, lang),
              "kept": a.kept, "letters": a.letters,
              "percent": None if a.share is None else f"{a.share * 100:.1f}".replace(
                  ".", "," if lang == "vi" else ".") + " %"}
             for a in counts.accuracy]
    return {
        "trips": [
            chart(charts.bar_chart, "trips_by_country",
                  bars=[(country_label(c, lang), n) for c, n in trips.by_country[:15]]),
            chart(charts.column_chart, "trips_by_month",
                  points=[(_mm_yyyy(m), n) for m, n in trips.by_month]),
            chart(charts.bar_chart, "by_funding",
                  bars=[(funding(k), n) for k, n in trips.by_funding])],
        "letters": [
            chart(charts.bar_chart, "by_issuer", bars=counts.issuers),
            chart(charts.line_chart, "flags_by_month", labels=[_mm_yyyy(m) for m in months],
                  series=flag_lines)],
        "work": chart(charts.column_chart, "processed_by_day", room=6,
                      points=[(_dd_mm_yyyy(d), n) for d, n in counts.processed]),
        "accuracy": share,
    }


@router.get("/api/stats", tags=["stats"])
def stats_json(request: Request, user: Reviewer,
               first: Annotated[str | None, Query(alias="from", max_length=10,
                                                  description="tháng đầu: 2025-03")] = None,
               last: Annotated[str | None, Query(alias="to", max_length=10,
                                                 description="tháng cuối: 2025-12")] = None,
               ) -> dict[str, Any]:
    """The archive in figures: trips, issuers, funding, flags, work done, the queue, accuracy.

    A period of whole months of issue (`from`, `to`: "2025-03" or "03/2025"), the last twelve
    by default; figures are counted on each request (`as_of`), but accuracy at most once every
    five minutes per period (`accuracy_as_of`).
    """
    service = service_of(request)
    counts = counted(service.sessions, period_of(first, last, "vi"))
    with service.sessions() as session:
        queue = figures.queue(session)
    return as_json(counts, queue)


@router.get("/stats", include_in_schema=False)
def stats_page(request: Request) -> Response:
    """The statistics page: charts drawn here, as SVG, and the accuracy table."""
    user = _viewer(request)
    if user is None:
        return _sign_in_first(request)
    lang = _lang(request)
    if not auth.allowed(user, "reviewer"):
        answer = _render(request, "notfound.html", user, back="/inbox", back_label="inbox",
                         message=i18n.pick(i18n.STATS_WORDS, "stats_reviewers", lang))
        answer.status_code = 403
        return answer
    given = {k: (request.query_params.get(k) or "").strip()[:10] for k in ("from", "to")}
    try:
        period = period_of(given["from"] or None, given["to"] or None, lang)
        refused = None
    except RequestValidationError:
        period, refused = Period.months_to(today()), i18n.pick(i18n.STATS_WORDS,
                                                               "stats_bad_month", lang)
    service = request.app.state.service
    counts = counted(service.sessions, period)
    with service.sessions() as session:
        queue = figures.queue(session)
    answer = _render(request, "stats.html", user, counts=counts, queue=queue,
                     pictures=_pictures(counts, lang), refused=refused, given=given,
                     first=_mm_yyyy(period.lower), last=_mm_yyyy(f"{period.last:%Y-%m}"),
                     accuracy_as_of=counts.accuracy_at.strftime("%d/%m/%Y %H:%M"),
                     keep_minutes=round(KEEP_SECONDS / 60), number=charts.number)
    if refused:
        answer.status_code = 422
    return answer
