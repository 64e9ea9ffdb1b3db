"""The delegation a trip letter proposes, sends or reports on (the contract's `delegation`).

Read from the body's text: who travels (nlp.delegates), the stated size ("gồm 05 đồng chí",
"Thành phần đoàn: 03 người"), where (countries normalised by nlp.countries, cities kept as
places) after a trip's verb ("đi công tác tại", "sang làm việc với", "đi làm việc tại", "sang
thăm"), when ("từ ngày 10/6 đến ngày 14/6/2024" and the longer forms), why, at whose invitation
and who pays (nlp.funding). A letter that names no trip (a circular that only sets rules) has
no delegation; nor has one whose head is named by office only and that states neither a size
nor a time. `delegation_on` adds `where`: for each part read, its page, box and source text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date
from functools import cached_property
from typing import Any

from nlp import countries as world
from nlp.delegates import people
from nlp.field import found as found_in
from nlp.funding import funding, inviter
from nlp.sheet import Piece, Sheet, TextLine

_PAGE_NUMBER = re.compile(r"^\s*-?\s*\d{1,3}\s*-?\s*$")
_SIZE = re.compile(r"gồm\s*:?\s*(?:có\s+)?(\d{1,3})\s+(?:\(\w+\)\s+)?"
                   r"(?:đồng chí|đ/c|người|thành viên|cán bộ)|"
                   r"\((\d{1,3})\s+(?:người|đồng chí)\)|"
                   r"(?:Thành\s+phần(?:\s+đoàn)?|Số\s+lượng(?:\s+thành\s+viên)?)\s*(?:gồm)?\s*:?"
                   r"\s*(\d{1,3})\s+(?:người|đồng chí|thành viên)")
_TRIP = re.compile(
    r"(?:đi\s+công\s+tác\s+(?:tại|ở)|đoàn\s+công\s+tác\s+đi|đi\s+thăm(?:\s+và\s+làm\s+việc)?|"
    r"sang\s+thăm(?:\s+và\s+làm\s+việc)?(?:\s+(?:tại|với))?|"
    r"(?:sang|đi)\s+làm\s+việc\s+(?:với|tại|ở)|"
    r"đi\s+(?:học\s+tập|nghiên\s+cứu|khảo\s+sát)(?:\s+kinh\s+nghiệm)?\s+tại|"
    r"đi\s+công\s+tác)\s+(?P<where>.+?)(?=\s+từ\s+ngày|\s+trong\s+tháng|\s+trong\s+thời\s+gian|"
    r"\s+và\s+thăm|\s+để\s|\s+nhằm\s|,\s*cụ\s+thể|[.:;]|$)", re.S)
_DMY = r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})|" \
       r"(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})"
_FIRST = r"(\d{1,2})(?:\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}))?|\s+tháng\s+(\d{1,2})" \
         r"(?:\s+năm\s+(\d{4}))?)?"
_SPAN = re.compile(rf"[Tt]ừ\s+(?:ngày\s+)?(?:{_FIRST})\s*(?:đến|[-–])\s*(?:hết\s+)?(?:ngày\s+)?"
                   rf"(?:{_DMY})")
_DAYS = re.compile(r"\(?\s*(\d{1,3})\s+ngày\b")
_PURPOSE = re.compile(r"Mục\s+đích(?:\s+chuyến\s+(?:công\s+tác|đi))?\s*(?:là)?\s*:?\s*"
                      r"(?P<text>[^.;]+)")
Span = tuple[int, int]


class _Flat:
    """The text with its runs of spaces as one, and the way back to the text's offsets."""

    def __init__(self, text: str) -> None:
        self._source = text
        self.text = " ".join(text.split())

    @cached_property
    def _starts(self) -> tuple[list[int], list[int]]:
        """Each word's offset in the flat text and in the original (worked out when asked)."""
        flat, orig, pos = [], [], 0
        for token in re.finditer(r"\S+", self._source):
            flat.append(pos)
            orig.append(token.start())
            pos += len(token.group(0)) + 1
        return flat, orig

    def back(self, span: Span) -> Span:
        """`span` of the flat text as offsets of the original text."""
        flat, orig = self._starts

        def one(pos: int) -> int:
            i = max(0, bisect_right(flat, pos) - 1)
            return orig[i] + pos - flat[i] if orig else 0
        return one(span[0]), one(span[1])


def body_lines(sheet: Sheet) -> list[TextLine]:
    """The body's lines (where the trip is told), without page numbers."""
    return [ln for ln in sheet.lines if ln.region == "body" and not _PAGE_NUMBER.match(ln.text)]


def body_text(sheet: Sheet) -> str:
    """The body's lines, one per line."""
    return "\n".join(ln.text for ln in body_lines(sheet))


def _iso(d: str | None, m: str | None, y: str | None) -> date | None:
    try:
        return date(int(y or 0), int(m or 0), int(d or 0))
    except ValueError:
        return None


def _when(flat: str) -> tuple[date | None, date | None, int | None, Span | None]:
    """Start, end and stated days of the trip ("từ ngày 10 đến ngày 14/6/2024" filled in)."""
    span = _SPAN.search(flat)
    if span is None:
        return None, None, None, None
    g = span.groups()
    end_d, end_m, end_y = (g[5], g[6], g[7]) if g[5] else (g[8], g[9], g[10])
    start = _iso(g[0], g[1] or g[3] or end_m, g[2] or g[4] or end_y)
    end = _iso(end_d, end_m, end_y)
    if start and end and start > end and not (g[2] or g[4]):  # "từ 29/12 đến 04/01/2024"
        start = _iso(g[0], g[1] or g[3], str(int(end_y) - 1))
    stated = _DAYS.match(flat, span.end()) or _DAYS.search(flat[span.end():span.end() + 40]) \
        or _DAYS.search(flat[max(0, span.start() - 30):span.start()])
    days = int(stated.group(1)) if stated else (
        (end - start).days + 1 if start and end and end >= start else None)
    return start, end, days, span.span()


def _read(text: str) -> tuple[dict[str, Any] | None, dict[str, list[Span]]]:
    """The delegation and, per part, the spans of `text` it was read from."""
    flat = _Flat(text)
    words = flat.text
    head, members = people(text)
    trips = list(_TRIP.finditer(words))
    if not trips or (head is None and not members):
        return None, {}
    who, who_at = inviter(words)
    # "tại" kept before the clause: short names ("Nga", "Đức") count only after such a cue.
    where = [(c, trip.start("where") + a - 4, trip.start("where") + b - 4) for trip in trips
             for c, a, b in world.find_countries("tại " + trip["where"])]
    masked = words
    if who:  # the inviter's name, wherever it stands, is not where the trip goes
        masked = words.replace(who, " " * len(who))
    if not where:
        where = world.find_countries(masked)
    found = list(dict.fromkeys(c for c, _, _ in where))
    place_hits = world.find_places(masked)
    start, end, days, when_at = _when(words)
    size_match = _SIZE.search(words)
    listed = (1 if head else 0) + len(members)
    size = int(next(g for g in size_match.groups() if g)) if size_match else listed or None
    if head is not None and head.name is None and not members and \
            size_match is None and when_at is None:
        return None, {}  # an office "làm Trưởng đoàn" with no size nor time: a rule, not a trip
    purpose = _PURPOSE.search(words)
    paid, paid_at = funding(words, who)
    spans: dict[str, list[Span]] = {
        "head": [head.span] if head else [],
        "members": [m.span for m in members],
        "size": [flat.back(size_match.span())] if size_match else [],
        "countries": [flat.back((a, b)) for _, a, b in where],
        "places": [flat.back((a, b)) for _, _, a, b in place_hits],
        "start": [flat.back(when_at)] if when_at and start else [],
        "end": [flat.back(when_at)] if when_at and end else [],
        "days": [flat.back(when_at)] if when_at and days else [],
        "purpose": [flat.back(purpose.span("text"))] if purpose else [],
        "inviter": [flat.back(who_at)] if who_at else [],
        "funding": [flat.back(paid_at)] if paid_at else [],
    }
    return {
        "head": head.to_dict() if head else None,
        "members": [m.to_dict() for m in members],
        "size": size,
        "countries": [c.name for c in found],
        "country_codes": [c.code for c in found],
        "places": list(dict.fromkeys(p for p, _, _, _ in place_hits)),
        "start": start.isoformat() if start else None,
        "end": end.isoformat() if end else None,
        "days": days,
        "purpose": purpose["text"].strip() if purpose else None,
        "inviter": who,
        "funding": paid,
    }, spans


def read_delegation(text: str) -> dict[str, Any] | None:
    """The delegation of a trip letter (its `body_text`), or None when it names no trip."""
    return _read(text)[0]


def _pieces(lines: list[TextLine], starts: list[int], span: Span) -> list[Piece]:
    a, b = span
    out = []
    for i in range(max(0, bisect_right(starts, a) - 1), len(lines)):
        if starts[i] >= b:
            break
        lo, hi = max(a - starts[i], 0), min(b - starts[i], len(lines[i].text))
        if lo < hi:
            out.append(Piece(lines[i], lo, hi))
    return out


def delegation_on(sheet: Sheet) -> dict[str, Any] | None:
    """The letter's delegation with `where`: each part's page, box and source text."""
    lines = body_lines(sheet)
    text = "\n".join(ln.text for ln in lines)
    delegation, spans = _read(text)
    if delegation is None:
        return None
    starts, pos = [], 0
    for ln in lines:
        starts.append(pos)
        pos += len(ln.text) + 1
    where: dict[str, Any] = {}
    for part, part_spans in spans.items():
        pieces = [p for s in part_spans for p in _pieces(lines, starts, s)]
        if pieces:
            read = found_in(None, pieces).to_dict()
            where[part] = {k: read[k] for k in ("page", "bbox", "text", "confidence")}
    return {**delegation, "where": where}
