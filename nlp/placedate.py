"""The place-date line ("Hà Nội, ngày 10 tháng 9 năm 2019"): `place` and `issued_date`.

Nghị định 30/2020 (Phụ lục I, mục II.4) sets the line in the header's right column, under the
national motto, on the row of the number line; Hướng dẫn 36-HD/VPTW sets it under "ĐẢNG CỘNG
SẢN VIỆT NAM". The place's words are capitalised and a comma follows it. Nothing else on the
page is read for these two fields: a date of the body is a cited instrument's, never the
letter's, so a letter whose line cannot be read has both null.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp import localities
from nlp.dates import FoundDate, blurred_day_date, find_dates
from nlp.field import ABSENT, Field, found
from nlp.sheet import HEADER_SHARE, MOTTOS, Piece, Sheet, TextLine
from nlp.subject import title_kind

#: A place, then the date words; the place's characters exclude digits and clause marks.
PLACE_DATE = re.compile(
    r"^(?P<place>[^\W\d_][^,;:\d()]{1,40}?)\s*(?P<comma>,?)\s*(?P<date>ng[àaáạả]y.*)$",
    re.IGNORECASE)
#: Lower-case words a place's name may hold ("Thành phố Hồ Chí Minh", "Thị xã Sơn Tây").
PLACE_LOWER = frozenset({"phố", "xã", "trấn"})
#: The mottos the line sits under.
#: Certainties: a clean day on the usual line; read with doubt (outside the usual place, a
#: missing comma); a day left blank (the date stands for the month); a day no one can read.
CLEAN, DOUBTFUL, MONTH_ONLY, BLURRED = 0.98, 0.8, 0.7, 0.5
#: A place taken for the province whose name it misreads (nlp/localities).
MISREAD = 0.75


@dataclass(frozen=True)
class PlaceDate:
    """A place-date line as read: where its place and its date are, and how sure it is."""

    line: TextLine
    place: str | None
    place_start: int
    place_end: int
    date: FoundDate
    date_offset: int
    certainty: float
    usual: bool
    #: The lines set right of `line` on its row, which the date may run onto.
    rest: tuple[TextLine, ...] = ()


def is_place(text: str) -> bool:
    """Whether `text` is written like a place's name: one to six capitalised words."""
    words = text.split()
    if not 1 <= len(words) <= 6:
        return False
    if len(words) == 1 and len(words[0]) > 1 and words[0].isupper():
        return False  # an abbreviation ("HCSN", "BGTVT") ends a cited symbol, not a place
    for i, word in enumerate(words):
        if word in ("-", "–") and 0 < i < len(words) - 1:
            continue  # "Bà Rịa - Vũng Tàu", "Phan Rang - Tháp Chàm"
        core = word.rstrip(".")
        if not core or not all(c.isalpha() for c in core):
            return False
        if not core[0].isupper() and not (i > 0 and core in PLACE_LOWER):
            return False
    return True


def _motto(lines: list[TextLine]) -> TextLine | None:
    for line in lines:
        if any(m in line.text.upper() for m in MOTTOS):
            return line
    return None


def _usual_place(line: TextLine, motto: TextLine | None) -> bool:
    """The right column, or under the motto and centred on it."""
    if line.region == "header-right" or line.side == "right":
        return True
    if motto is None or line.top < motto.top:
        return False
    centre = (line.x0 + line.x1) / 2
    return motto.x0 - motto.height <= centre <= motto.x1 + motto.height


def _row_text(line: TextLine, lines: list[TextLine]) -> tuple[str, list[TextLine]]:
    """The line with the lines set right of it on its row (a blank day splits a line in two)."""
    row = [line] + sorted((ln for ln in lines if ln is not line and ln.page == line.page
                           and abs(ln.top - line.top) < 0.6 * line.height
                           and ln.x0 >= line.x1 - 1), key=lambda ln: ln.x0)
    return " ".join(ln.text for ln in row), row


#: "ngày " before a date written in figures ("ngày 10/9/2019").
DAY_WORD = re.compile(r"ng[àaáạả]y\s*", re.IGNORECASE)


def _date_of(text: str) -> tuple[FoundDate, float] | None:
    dates = find_dates(text)
    if dates and (dates[0].start == 0 or DAY_WORD.fullmatch(text[:dates[0].start])):
        first = dates[0]
        return first, MONTH_ONLY if first.day_blank else CLEAN
    blurred = blurred_day_date(text)
    if blurred is not None and blurred.start == 0:
        return blurred, BLURRED
    return None


def _read_line(line: TextLine, lines: list[TextLine], motto: TextLine | None
               ) -> PlaceDate | None:
    text, row = _row_text(line, lines)
    words = text.split(" ")
    starts = [0]
    for word in words[:-1]:
        starts.append(starts[-1] + len(word) + 1)
    for i, start in enumerate(starts):
        m = PLACE_DATE.match(text[start:])
        if not m:
            continue
        if start + m.start("date") >= len(line.text):  # the place and "ngày" are this line's
            continue
        comma = bool(m.group("comma"))
        if i > 0 and not comma:  # mid-line, only a comma says a place ends there
            continue
        place = m.group("place").strip()
        read = _date_of(m.group("date"))
        if read is None:
            continue
        when, certainty = read
        placed = is_place(place)
        if not placed and i > 0:
            continue
        usual = comma and _usual_place(line, motto)
        if not usual:
            certainty = min(certainty, DOUBTFUL)
        offset = start + m.start("date")
        return PlaceDate(line, place if placed else None, start,
                         start + m.end("place"), when, offset, certainty, usual,
                         tuple(row[1:]))
    return None


def _limit(sheet: Sheet, lines: list[TextLine]) -> float:
    """Where the header ends: the title, the addressee or the body, whichever comes first."""
    height = sheet.sizes[sheet.first_page][1]
    for line in lines:
        if title_kind(line.text) or line.text.startswith(("Kính gửi", "Căn cứ")):
            return line.top
    return height * HEADER_SHARE


def find_place_date(sheet: Sheet) -> PlaceDate | None:
    """The letter's place-date line, the usual place first; None when it is not printed."""
    if not sheet.sizes:
        return None
    page_lines = list(sheet.on_page(sheet.first_page))
    limit = _limit(sheet, page_lines)
    lines = [ln for ln in page_lines if ln.top < limit]
    motto = _motto(lines)
    usual = sorted(lines, key=lambda ln: not _usual_place(ln, motto))
    for line in usual:
        hit = _read_line(line, lines, motto)
        if hit is not None:
            return hit
    return None


def read_place_date(sheet: Sheet) -> dict[str, Field]:
    """`place` and `issued_date` from the place-date line; both null when it is not read."""
    hit = find_place_date(sheet)
    if hit is None:
        return {"place": ABSENT, "issued_date": ABSENT}
    line = hit.line
    place = ABSENT
    if hit.place is not None:
        # A province's name with a mark misread is that province, read with doubt.
        nearest = localities.nearest_province(hit.place)
        place = found(nearest or hit.place, [Piece(line, hit.place_start, hit.place_end)],
                      certainty=MISREAD if nearest else 0.97 if hit.usual else 0.85)
    start = min(hit.date_offset + hit.date.start, len(line.text) - 1)
    end = hit.date_offset + hit.date.end
    pieces = [Piece(line, start, min(end, len(line.text)))]
    reach = len(line.text) + 1
    for piece in hit.rest:  # the date runs onto the row's next pieces
        if end <= reach:
            break
        pieces.append(Piece(piece, 0, min(end - reach, len(piece.text))))
        reach += len(piece.text) + 1
    return {"place": place, "issued_date": found(hit.date.value, pieces,
                                                 certainty=hit.certainty)}
