"""A letter's trip as reviewed, and its rows in the tables the statistics count trips on.

The trip as reviewed is the machine's delegation with the reviewers' corrections of its parts
in place ("delegation.countries", "delegation.start", "delegation.end", "delegation.funding"):
the reviewer's value wins, as it does in the listed columns (api/store/listing.py). A letter
in which the machine read no delegation has no trip, and nothing of one to correct.

Its rows: one in `trips`, with the month the trip starts ("2024-04", null when no start is
read) and the funding kind (`NOT_STATED` when the letter states none), and one in
`trip_countries` per country it names, in canonical form (nlp.countries: "CHDCND Lào" and
"Lào" are one). Both carry the letter's issued date as listed, so that the statistics find a
period's trips on their own index and count them with GROUP BY, with no join to the letters
and no result JSON read. They are written again whenever the letter is read
(documents.finish) and whenever one of its corrections is made or withdrawn (review.relist,
right after the listed columns, so the date is the one listed), and go with a failed reading
and with the letter. A letter queued to be read again is counted with its last reading until
the new one replaces it. A change to the countries table reaches the rows of the letters read
(or corrected) after it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from api.store.db import Document, Trip, TripCountry
from nlp.countries import country

#: The parts of a delegation a reviewer may correct: those the trips are counted by.
PARTS = ("countries", "start", "end", "funding")
#: The funding key of a trip whose letter states no funding at all.
NOT_STATED = "not_stated"


def target(part: str) -> str:
    """The correction target of a delegation's part: "delegation.countries"."""
    return f"delegation.{part}"


def reviewed(delegation: Any, corrected: dict[str, Any]) -> dict[str, Any] | None:
    """The delegation with the reviewers' values of its parts in place; None when none was read.

    `corrected` maps a corrected target ("delegation.countries") to the reviewer's value.
    """
    if not isinstance(delegation, dict):
        return None
    trip = dict(delegation)
    for part in PARTS:
        if target(part) in corrected:
            trip[part] = corrected[target(part)]
    return trip


@dataclass(frozen=True)
class Row:
    """What the statistics count of one trip: its countries, start month and funding kind."""

    countries: tuple[str, ...]
    start_month: str | None
    funding: str


def row(delegation: Any) -> Row | None:
    """What is counted of a delegation (as the contract writes it); None when there is none."""
    if not isinstance(delegation, dict):
        return None
    named = delegation.get("countries")
    countries = sorted({n for n in (country_name(c) for c in named if isinstance(c, str)) if n}
                       if isinstance(named, list) else set())
    start = delegation.get("start")
    month = start[:7] if isinstance(start, str) and len(start) >= 7 and start[:4].isdigit() \
        else None
    funding = delegation.get("funding")
    kind = funding.get("kind") if isinstance(funding, dict) else None
    return Row(tuple(countries), month, kind if isinstance(kind, str) and kind else NOT_STATED)


def country_name(name: str) -> str:
    """A country as counted: its canonical name, or as written (NFC, spaces folded)."""
    name = unicodedata.normalize("NFC", " ".join(name.split()))
    found = country(name) if name else None
    return found.name if found else name


def sync(session: Session, doc: Document, corrected: dict[str, Any]) -> None:
    """Write the letter's rows again from its trip as reviewed (`corrected`: target → value).

    After its listed columns (listing.sync): the rows carry its issued date as listed.
    """
    for table in (Trip, TripCountry):
        session.execute(delete(table).where(table.document_id == doc.id))
    trip = row(reviewed((doc.result or {}).get("delegation"), corrected))
    if trip is None:
        return
    session.add(Trip(document_id=doc.id, issued_date=doc.issued_date,
                     start_month=trip.start_month, funding=trip.funding))
    session.add_all(TripCountry(document_id=doc.id, issued_date=doc.issued_date, country=c)
                    for c in trip.countries)
