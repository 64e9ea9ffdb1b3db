"""The archive in figures, for the statistics page and GET /api/stats (SQLite and PostgreSQL).

Trips (letters with a delegation) by country and by month, letters by issuing body, trips by
funding kind, flags by code and month, letters processed per day, the queue, and accuracy as
reviewers measure it: per field, the share of confirmed letters whose machine value the
reviewer kept.

How it scales. Every figure but the queue is bounded by a period of whole months, compared
with the letter's issued date (`documents.issued_date`; the contract's ISO string, so
"2024-03" and "2024-03-15" both fall in March): letters with no date read are counted apart
(`undated`), never placed in a month. The database counts them all: a period's letters are
found on an index of status, issued date, id and issuer (`ix_documents_period`), never by
reading their rows; issuers and flags (`flag_index`) with GROUP BY; trips on the trips tables
(api/store/trips.py: each letter's trip as reviewed, written when it is read or corrected,
with its issued date), one GROUP BY for month and funding, one for countries, each on its
own index; letters processed per day on an index of status and end time. Accuracy reads the
confirmed letters' corrections, and the machine's values from the result JSON of the letters
that have one: the only figure whose cost grows with the reviewers' work (the page keeps it
for a few minutes, api/web/stats.py).

Measured with bench/stats.py (100,000 letters issued in one year, results of ~4 KB, seven in
ten with a trip, one in twenty confirmed with a correction; 2 shared cores, load about 3):
trips 5.0 s → 0.15 s on SQLite and 9.5 s → 0.09 s on PostgreSQL (read from every result's
JSON before, counted on the trips tables now); letters, issuers, letters processed per day
under 0.2 s each, flags by month 0.3-0.4 s; accuracy 0.9-1.1 s.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.store.db import Correction, Document, FlagIndex, Status, Trip, TripCountry
from api.store.review import citation_index
from nlp.read import FIELD_NAMES

#: Counted as one more row of the accuracy table: a letter none of whose citations was changed.
CITATIONS = "citations"
#: Reviewers' days are Vietnam's (UTC+7, no daylight saving).
VIETNAM_HOURS = 7
#: The longest run of months trips are listed over, empty months included.
MOST_MONTHS_DRAWN = 60
#: How many ids go in one IN (…) list.
CHUNK = 500

Counted = tuple[str, int]


@dataclass(frozen=True)
class Period:
    """Whole months, `first` to `last` inclusive (each given by its first day)."""

    first: date
    last: date

    @classmethod
    def months_to(cls, last: date, months: int = 12) -> Period:
        """The `months` months ending with the month of `last`."""
        end = last.replace(day=1)
        index = end.year * 12 + end.month - 1 - (months - 1)
        return cls(date(index // 12, index % 12 + 1, 1), end)

    @property
    def lower(self) -> str:
        """The first month as the contract writes it: "2024-01"."""
        return f"{self.first:%Y-%m}"

    @property
    def upper(self) -> str:
        """The month after the last one ("2025-01"): issued dates are below it."""
        return _next_month(self.last)

    def months(self) -> list[str]:
        """Every month of the period, in order: ["2024-01", "2024-02", …]."""
        return month_span(self.lower, f"{self.last:%Y-%m}")


@dataclass(frozen=True)
class FieldAccuracy:
    """How often reviewers kept the machine's value of one field, over confirmed letters."""

    field: str
    kept: int
    letters: int

    @property
    def share(self) -> float | None:
        """The share kept, in [0, 1]; None when no letter was confirmed."""
        return self.kept / self.letters if self.letters else None


@dataclass(frozen=True)
class Queue:
    """Letters waiting to be read and being read now."""

    queued: int
    processing: int


@dataclass(frozen=True)
class Trips:
    """The trips (letters with a delegation) of a period, counted several ways."""

    letters: int
    by_country: list[Counted]
    by_month: list[Counted]
    undated: int
    by_funding: list[Counted]


def _next_month(day: date) -> str:
    index = day.year * 12 + day.month  # the month after, counted from year 0
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def month_span(first: str, last: str) -> list[str]:
    """Every month from `first` to `last` ("YYYY-MM"), both included."""
    year, month = int(first[:4]), int(first[5:7])
    out: list[str] = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _in_period(period: Period) -> Any:
    return (Document.status == Status.DONE) & (Document.issued_date >= period.lower) & (
        Document.issued_date < period.upper)


def letters_counted(session: Session, *, period: Period) -> tuple[int, int]:
    """(letters read and issued in the period, letters read with no issued date at all)."""
    dated = session.scalar(select(func.count()).select_from(Document)
                           .where(_in_period(period))) or 0
    undated = session.scalar(select(func.count()).select_from(Document).where(
        Document.status == Status.DONE, Document.issued_date.is_(None))) or 0
    return dated, undated


def by_issuer(session: Session, *, period: Period, top: int = 12) -> list[Counted]:
    """The issuing bodies with the most letters in the period, most first."""
    n = func.count().label("n")
    rows = session.execute(select(Document.issuer, n).where(
        _in_period(period), Document.issuer.is_not(None)).group_by(Document.issuer)
        .order_by(n.desc(), Document.issuer).limit(top)).all()
    return [(str(issuer), int(count)) for issuer, count in rows]


def flags_by_month(session: Session, *, period: Period) -> dict[str, list[Counted]]:
    """Per flag code, how many letters of each month of the period carry it."""
    month = func.substr(Document.issued_date, 1, 7).label("month")
    letters = func.count(func.distinct(FlagIndex.document_id))
    rows = session.execute(
        select(FlagIndex.code, month, letters).join(Document, Document.id == FlagIndex.document_id)
        .where(_in_period(period)).group_by(FlagIndex.code, month)).all()
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for code, when, n in rows:
        counts[str(code)][str(when)] = int(n)
    return {code: [(m, per.get(m, 0)) for m in period.months()]
            for code, per in sorted(counts.items(), key=lambda kv: -sum(kv[1].values()))}


def trips(session: Session, *, period: Period) -> Trips:
    """The period's trips by country (one per country named), by start month, by funding.

    Counted by the database on the trips tables (api/store/trips.py: each letter's trip as
    reviewed, with its issued date as listed; countries in canonical form, "CHDCND Lào" is
    "Lào", a name the countries table does not know kept as written). A trip with no start
    date read is counted in `undated`, never placed in a month.
    """
    n = func.count()
    rows = session.execute(select(Trip.start_month, Trip.funding, n)
                           .where(Trip.issued_date >= period.lower,
                                  Trip.issued_date < period.upper)
                           .group_by(Trip.start_month, Trip.funding)).all()
    months: Counter[str] = Counter()
    funding: Counter[str] = Counter()
    undated = 0
    for month, kind, count in rows:
        if month is None:
            undated += count
        else:
            months[str(month)] += count
        funding[str(kind)] += count
    countries = Counter({str(c): int(count) for c, count in session.execute(
        select(TripCountry.country, n).where(TripCountry.issued_date >= period.lower,
                                             TripCountry.issued_date < period.upper)
        .group_by(TripCountry.country)).all()})
    span = month_span(min(months), max(months)) if months else []
    # A start misread decades away would draw hundreds of empty months: past five years of
    # months, only those with a trip are listed.
    by_month = [(m, months.get(m, 0)) for m in span] if len(span) <= MOST_MONTHS_DRAWN \
        else sorted(months.items())
    return Trips(funding.total(), _ranked(countries), by_month, undated, _ranked(funding))


def _ranked(counts: Counter[str]) -> list[Counted]:
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def queue(session: Session) -> Queue:
    """How many letters wait to be read, and how many are being read, now."""
    rows = dict(session.execute(select(Document.status, func.count()).where(
        Document.status.in_((Status.QUEUED, Status.PROCESSING))).group_by(Document.status)).all())
    return Queue(int(rows.get(Status.QUEUED, 0)), int(rows.get(Status.PROCESSING, 0)))


def processed_by_day(session: Session, *, first: date, last: date) -> list[Counted]:
    """Letters whose reading ended (read or failed) on each day, `first` to `last` included.

    Days are Vietnam's; every day of the span is listed, with 0 when none ended that day.
    """
    start = datetime(first.year, first.month, first.day, tzinfo=UTC) - timedelta(
        hours=VIETNAM_HOURS)
    end = datetime(last.year, last.month, last.day, tzinfo=UTC) + timedelta(
        days=1, hours=-VIETNAM_HOURS)
    if session.get_bind().dialect.name == "sqlite":
        day = func.strftime("%Y-%m-%d", Document.updated_at, f"+{VIETNAM_HOURS} hours")
        # SQLite keeps the UTC wall clock without its zone: compare like with like.
        low: Any = start.replace(tzinfo=None)
        high: Any = end.replace(tzinfo=None)
    else:
        day = func.to_char(func.timezone("Asia/Ho_Chi_Minh", Document.updated_at), "YYYY-MM-DD")
        low, high = start, end
    rows = session.execute(select(day.label("day"), func.count()).where(
        Document.status.in_(Status.settled()), Document.updated_at >= low,
        Document.updated_at < high).group_by("day")).all()
    counts = {str(d): int(n) for d, n in rows}
    span = (last - first).days + 1
    days = [(first + timedelta(days=i)).isoformat() for i in range(max(span, 0))]
    return [(d, counts.get(d, 0)) for d in days]


def accuracy(session: Session, *, period: Period) -> list[FieldAccuracy]:
    """Per field, among confirmed letters of the period, how many kept the machine's value.

    A field is kept when the reviewer left no correction on it, or corrected it back to what
    the machine read (a withdrawn correction is gone from the store). The last row,
    "citations", counts letters none of whose citations was changed.
    """
    confirmed = select(Document.id).where(_in_period(period), Document.reviewed.is_(True))
    letters = session.scalar(select(func.count()).select_from(confirmed.subquery())) or 0
    latest: dict[tuple[str, str], Any] = {}
    for ident, target, value in session.execute(
            select(Correction.document_id, Correction.target, Correction.value)
            .where(Correction.document_id.in_(confirmed))
            .order_by(Correction.at, Correction.id)):
        latest[(str(ident), str(target))] = value
    machine = _machine_values(session, sorted({ident for ident, _ in latest}))
    changed: dict[str, set[str]] = defaultdict(set)
    for (ident, target), value in latest.items():
        kind, _, key = target.partition(".")
        read = machine.get(ident, {})
        if kind == "fields" and value != ((read.get("fields") or {}).get(key) or {}).get("value"):
            changed[key].add(ident)
        elif kind == CITATIONS and not _citation_kept(read.get(CITATIONS) or [], target, value):
            changed[CITATIONS].add(ident)
    return [FieldAccuracy(name, letters - len(changed[name]), letters)
            for name in (*FIELD_NAMES, CITATIONS)]


def _machine_values(session: Session, idents: list[str]) -> dict[str, dict[str, Any]]:
    """The machine's fields and citations of the letters named, by id."""
    out: dict[str, dict[str, Any]] = {}
    for i in range(0, len(idents), CHUNK):
        for ident, fields, citations in session.execute(
                select(Document.id, Document.result["fields"], Document.result["citations"])
                .where(Document.id.in_(idents[i:i + CHUNK]))):
            out[str(ident)] = {"fields": fields if isinstance(fields, dict) else {},
                               CITATIONS: citations if isinstance(citations, list) else []}
    return out


def _citation_kept(cited: list[dict[str, Any]], target: str, value: Any) -> bool:
    """Whether a citation's correction only says again what the machine read."""
    index = citation_index(cited, target)
    if index is None or not isinstance(value, dict):
        return False
    return all(cited[index].get(k) == v for k, v in value.items())
