"""Citations resolved against the registry on the letter's date.

A short form ("Quy chế 272") joins the full citation of the same instrument earlier in the
letter, else resolves through the registry; one left unresolved carries no symbol to check and
is dropped. Every citation gets its registry entry (or null), its status on the letter's date
and how it was matched.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from corpus.issuers import issuers_agree
from corpus.registry import Registry, Resolution, Status
from corpus.registry.registry import fold_words, short_kinds, short_names
from nlp.citations import Citation
from nlp.numbering import parse_ref


def letter_day(issued: str | None) -> date | None:
    """The letter's date from its `issued_date` ("2019-09-10", or "2023-09" → the 1st)."""
    days = letter_days(issued)
    return days[0] if days else None


def letter_days(issued: str | None) -> tuple[date, date] | None:
    """The first and last day the letter may be of: one day, or a whole month for "2023-09"."""
    if not issued:
        return None
    try:
        parts = [int(p) for p in issued.split("-")]
        if len(parts) > 2:
            day = date(parts[0], parts[1], parts[2])
            return day, day
        first = date(parts[0], parts[1], 1)
    except (ValueError, IndexError):
        return None
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def _day(value: str | None) -> date | None:
    if not value or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


@dataclass
class Resolved:
    """A citation with what the registry says of it on the letter's date."""

    citation: Citation
    resolution: Resolution | None
    status: Status | None
    on: date
    #: Whether `on` is the letter's own date (else today's: the letter's could not be read).
    dated: bool = True
    #: The last day the letter may be of: `on` itself, or the month's end for "2023-09".
    latest: date | None = None
    #: How sure the reader is of the letter's own date (its `issued_date` confidence).
    date_confidence: float = 1.0

    @property
    def last_day(self) -> date:
        """The last day the letter may be of."""
        return self.latest or self.on

    def on_label(self) -> str:
        """The letter's date as a reviewer reads it: "22/11/2019", or "tháng 09/2023"."""
        if self.last_day != self.on:
            return f"tháng {self.on.month:02d}/{self.on.year}"
        return f"{self.on.day:02d}/{self.on.month:02d}/{self.on.year}"

    def registry_dict(self) -> dict[str, Any] | None:
        """The contract's `registry` object, or None for an instrument the registry lacks."""
        if self.resolution is None or self.status is None:
            return None
        inst = self.resolution.instrument
        return {
            "id": inst.id, "ref": inst.ref, "kind": inst.kind, "title": inst.title,
            "issuer": inst.issuer, "date": inst.signed.isoformat(),
            "status_on_date": self.status.state, "on": self.on.isoformat(),
            "replaced_by": [c.split("@")[0] for c in self.status.chain] or (
                [self.status.change.by_ref] if self.status.change and self.status.change.by_ref
                and self.status.state == "superseded" else []),
            "replaced_by_ids": list(self.status.chain),
            "amended_by": list(self.status.amended_by),
            "match": self.resolution.match, "score": self.resolution.score,
            "sources": [s.to_dict() for s in inst.sources],
        }

    def to_dict(self) -> dict[str, Any]:
        """The contract's citation object (its first place, then every place)."""
        c = self.citation
        first = c.places[0]
        return {
            "ref": c.ref, "kind": c.kind, "number": c.number, "year": c.year,
            "symbol": c.symbol, "date": c.date, "issuer": c.issuer, "title": c.title,
            "role": c.role, "text": first.text, "page": first.page,
            "bbox": None if first.bbox is None else [round(v, 1) for v in first.bbox],
            "confidence": None if first.confidence is None else round(first.confidence, 3),
            "places": [p.to_dict() for p in c.places],
            "registry": self.registry_dict(),
        }


def _joins(short: Citation, full: Citation) -> bool:
    """Whether a short form names the same instrument as a full citation of the letter."""
    if full.short or full.number != short.number:
        return False
    kinds = {fold_words(k) for k in short_kinds(short.kind)}
    return bool(kinds & short_names(full.kind, full.title))


def _from_registry(short: Citation, registry: Registry, on: date) -> Resolution | None:
    """A short form resolved through the registry, unless the issuer it prints is another's."""
    resolution = registry.resolve_short(short.kind, short.number or "", on=on)
    if resolution is None:
        return None
    known = resolution.instrument.issuer
    if short.issuer and known and not issuers_agree(short.issuer, known):
        return None  # "Quyết định 45 của UBND tỉnh" is not the central one numbered 45
    return resolution


#: A central symbol typed without its hyphen ("58/2022/NĐCP"): the type and the issuer.
_GLUED = re.compile(r"^(?P<head>[^/]+/(?:\d{4}/)?)(?P<type>NĐ|NQ|QĐ|CT|CĐ)(?P<by>CP|TTg)$")


def _resolve(registry: Registry, ref: str, cited: date | None, on: date) -> Resolution | None:
    """The registry's instrument for a printed reference, or None.

    One typed without the hyphen of its central symbol ("…/NĐCP") is the one with it, matched
    as fuzzy.
    """
    resolution = registry.resolve(ref, cited=cited, on=on)
    glued = _GLUED.match(ref) if resolution is None else None
    if glued is None:
        return resolution
    restored = f"{glued['head']}{glued['type']}-{glued['by']}"
    found = registry.resolve(restored, cited=cited, on=on)
    if found is None:
        return None
    return Resolution(found.instrument, "fuzzy", round(100.0 * len(ref) / len(restored), 1))


def _status(registry: Registry, resolution: Resolution, on: date, latest: date) -> Status:
    """The instrument's status on the letter's first possible day.

    One signed later in the letter's month is taken from its signing: the letter may well be
    of a later day than it.
    """
    inst = resolution.instrument
    if on < inst.signed <= latest:
        return registry.status(inst, inst.signed)
    return registry.status(inst, on)


def resolve_citations(citations: list[Citation], registry: Registry,
                      issued: str | None, *, today: date | None = None,
                      date_confidence: float = 1.0) -> list[Resolved]:
    """The letter's citations resolved on its date (today's when the letter has none).

    A letter dated by month only ("2023-09") may be of any day of it: an instrument is found
    ended only if it had ended by the 1st, not yet issued only if signed after the month.
    `date_confidence` is how sure the reader is of `issued` (the checks need it high).
    """
    days = letter_days(issued)
    dated = days is not None
    on, latest = days if days else (today or date.today(),) * 2
    citations = copy.deepcopy(citations)  # what nlp/ read stays as it was read
    full = [c for c in citations if not c.short]
    out: list[Resolved] = []
    by_ref: dict[str, Resolved] = {}
    for citation in citations:
        if citation.short:
            joined = next((c for c in full if _joins(citation, c)), None)
            if joined is not None:  # the same instrument cited in full, before or after
                joined.places = sorted(joined.places + citation.places, key=lambda p: p.start)
                continue
            resolution = _from_registry(citation, registry, on)
            if resolution is None:
                continue
            target = by_ref.get(resolution.instrument.ref)
            if target is not None:
                target.citation.places.extend(citation.places)
                target.citation.places.sort(key=lambda p: p.start)
                continue
            inst = resolution.instrument
            parsed = parse_ref(inst.ref)
            citation.ref, citation.symbol, citation.kind = inst.ref, inst.symbol, inst.kind
            citation.year = parsed.year if parsed else None
        else:
            earlier = by_ref.get(citation.ref or "")
            if earlier is not None and earlier.citation.short:  # "Quy chế 272" came first
                citation.places = sorted(earlier.citation.places + citation.places,
                                         key=lambda p: p.start)
                out.remove(earlier)
            resolution = _resolve(registry, citation.ref or "", _day(citation.date), on)
        status = _status(registry, resolution, on, latest) if resolution else None
        resolved = Resolved(citation, resolution, status, on, dated, latest, date_confidence)
        out.append(resolved)
        if citation.ref:
            by_ref[citation.ref] = resolved
    out.sort(key=lambda r: r.citation.places[0].start)
    return out
