"""The letter's number line ("Số: 12/UBND-VP"): its number and symbol."""

from __future__ import annotations

import re

from nlp.field import ABSENT, Field, found
from nlp.numbering import DocRef, parse_ref
from nlp.sheet import Piece, Sheet, TextLine

NUMBER_LINE = re.compile(r"^S[ốôoóồổộơớ6][\s.:]*(?P<rest>[\d/\-].*)$")

#: The share of the first page a header takes, at most.
HEADER_SHARE = 0.45
#: The "Số: …" line, its number and symbol, and where they start on it.
NumberLine = tuple[TextLine, DocRef, int]


def _top_lines(sheet: Sheet, prefer: str | None = None) -> list[TextLine]:
    """Lines of the first page's upper part, where a header lives; `prefer`'s region first."""
    lines = sheet.top_lines(HEADER_SHARE)
    if prefer is not None:
        lines.sort(key=lambda ln: ln.region != prefer)
    return lines


def number_line(sheet: Sheet) -> NumberLine | None:
    """The "Số: …" line and its number and symbol."""
    for line in _top_lines(sheet, prefer="header-left"):
        m = NUMBER_LINE.match(line.text)
        if not m:
            continue
        rest = m.group("rest")
        candidates = [rest, rest.split()[0]] if rest.split() else [rest]
        for candidate in candidates:
            ref = parse_ref(candidate)
            if ref is not None:
                return line, ref, m.start("rest")
    return None


def read_ref(hit: NumberLine | None) -> dict[str, Field]:
    """`doc_ref`, `doc_number`, `doc_symbol`, from the number line."""
    if hit is None:
        return {"doc_ref": ABSENT, "doc_number": ABSENT, "doc_symbol": ABSENT}
    line, ref, start = hit
    piece = [Piece(line, start)]
    certainty = 0.99 if ref.symbol[:1].isupper() else 0.8
    return {
        "doc_ref": found(ref.ref, piece, certainty=certainty),
        "doc_number": found(ref.number, piece, certainty=certainty),
        "doc_symbol": found(ref.symbol, piece, certainty=certainty),
    }
