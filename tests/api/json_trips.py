"""Trips counted the way the statistics did before the trips table: every result's JSON read.

The reference the SQL count (api/store/stats.py, `trips`) is held to, and the "before" of
bench/stats.py. It reads the machine's delegations: the letters it is given carry no
correction of one.
"""

from __future__ import annotations

import unicodedata
from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.store.db import Document
from api.store.stats import MOST_MONTHS_DRAWN, Period, Trips, _in_period, month_span
from api.store.trips import NOT_STATED
from nlp.countries import country


def trips_from_json(session: Session, *, period: Period) -> Trips:
    """The period's trips by country, start month and funding, from each letter's result."""
    rows = session.execute(select(Document.result["delegation"]).where(_in_period(period)))
    letters = 0
    countries: Counter[str] = Counter()
    months: Counter[str] = Counter()
    funding: Counter[str] = Counter()
    undated = 0
    for (delegation,) in rows:
        if not isinstance(delegation, dict):
            continue
        letters += 1
        named = {_country_name(c) for c in delegation.get("countries") or [] if isinstance(c, str)}
        countries.update(n for n in named if n)
        start = delegation.get("start")
        if isinstance(start, str) and len(start) >= 7 and start[:4].isdigit():
            months[start[:7]] += 1
        else:
            undated += 1
        kind = (delegation.get("funding") or {}).get("kind") if isinstance(
            delegation.get("funding"), dict) else None
        funding[kind if isinstance(kind, str) and kind else NOT_STATED] += 1
    span = month_span(min(months), max(months)) if months else []
    by_month = [(m, months.get(m, 0)) for m in span] if len(span) <= MOST_MONTHS_DRAWN \
        else sorted(months.items())
    return Trips(letters, _ranked(countries), by_month, undated, _ranked(funding))


def _country_name(name: str) -> str:
    name = unicodedata.normalize("NFC", " ".join(name.split()))
    found = country(name) if name else None
    return found.name if found else name


def _ranked(counts: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
