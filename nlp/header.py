"""The letter's number line ("Số: 12/UBND-VP"): its number and symbol."""

from __future__ import annotations

import re

from nlp.field import ABSENT, Field, found
from nlp.numbering import DocRef, parse_ref
from nlp.sheet import HEADER_SHARE, Piece, Sheet, TextLine

NUMBER_LINE = re.compile(r"^S[ốôoóồổộơớ6][\s.:]*(?P<rest>[\d/\-].*)$")

#: The share of the first page a header takes, at most.
#: The "Số: …" line, its number and symbol, and where they start on it.
NumberLine = tuple[TextLine, DocRef, int]


def _top_lines(sheet: Sheet, prefer: str | None = None) -> list[TextLine]:
    """Lines of the first page's upper part, where a header lives; `prefer`'s region first."""
    lines = sheet.top_lines(HEADER_SHARE)
    if prefer is not None:
        lines.sort(key=lambda ln: ln.region != prefer)
    return lines


#: The opening of a number line, whose number and symbol may stand apart on its row.
NUMBER_LEAD = re.compile(r"^S[ốôoóồổộơớ6][\s.:]*(?:[\d/\-]|$)")
#: How far, in text heights, a blank left for a stamped number may part "Số:" from the rest.
NUMBER_BLANK = 4.0


def _whole_row(line: TextLine, lines: list[TextLine]) -> TextLine:
    """`line` with the pieces of a number and symbol that continue it on its row, to its right.

    A blank left for the number ("Số:          /UBND-VP") may part the line into pieces; a
    piece of the number starts with a digit, "/" or "-" (the place-date line beside it does
    not).
    """
    words = list(line.words)
    for other in sorted(lines, key=lambda ln: ln.x0):
        if other is line or other.page != line.page or other.region != line.region or \
                not other.text[:1].isdigit() and other.text[:1] not in "/-":
            continue
        centre = (other.top + other.bottom) / 2
        end = max(w.bbox[2] for w in words)
        if line.top <= centre <= line.bottom and 0 <= other.x0 - end <= \
                NUMBER_BLANK * line.height:
            words += other.words
    if len(words) == len(line.words):
        return line
    return TextLine(page=line.page, region=line.region, index=line.index, words=words,
                    page_width=line.page_width)


def number_line(sheet: Sheet) -> NumberLine | None:
    """The "Số: …" line and its number and symbol (spaces in them are not significant)."""
    top = _top_lines(sheet, prefer="header-left")
    for line in top:
        if NUMBER_LEAD.match(line.text):
            line = _whole_row(line, top)
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
