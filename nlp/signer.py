"""The signature block: authority (KT., TM., TL., TUQ., Q.), title and name of who signed."""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from nlp.casing import is_capitals, normal_case
from nlp.field import ABSENT, Field, found
from nlp.recipients import NOI_NHAN
from nlp.sheet import Piece, Sheet, TextLine

AUTHORITY = re.compile(r"^(?P<word>K\s*/\s*T|KT|T\s*/\s*M|TM|T\s*/\s*L|TL|TUQ|Q)\s*[.:]?\s+"
                       r"(?P<rest>\S.*)$")
NAME_WORD = re.compile(r"^[A-ZÀ-ỸĐ][a-zà-ỹđ]+$")
_POSITIONS = ("Chủ tịch", "Giám đốc", "Bộ trưởng", "Thứ trưởng", "Chủ nhiệm",
              "Bộ trưởng, Chủ nhiệm", "Chánh Văn phòng", "Trưởng ban", "Hiệu trưởng", "Bí thư",
              "Viện trưởng", "Cục trưởng", "Vụ trưởng", "Trưởng phòng", "Chánh Thanh tra",
              "Tổng Giám đốc", "Thủ tướng", "Tổng cục trưởng", "Giám đốc Sở")
#: Titles and authorities a signature block prints; OCR slips are matched back to them.
KNOWN_TITLES = (*_POSITIONS, *(f"Phó {p}" for p in _POSITIONS), "Ủy ban nhân dân",
                "Ban Thường vụ", "Thường trực", "Ban Chấp hành", "Hội đồng nhân dân")
#: Below this rapidfuzz score a title is kept as read.
TITLE_CUTOFF = 85.0


def known_title(text: str) -> tuple[str, float]:
    """The known title nearest `text` and the match score (100 when it is one already)."""
    if text in KNOWN_TITLES:
        return text, 100.0
    match = process.extractOne(text, KNOWN_TITLES, scorer=fuzz.ratio, score_cutoff=TITLE_CUTOFF)
    if match is None:
        return text, 0.0
    return match[0], float(match[1])


def _is_name(line: TextLine) -> bool:
    words = line.text.split()
    return 2 <= len(words) <= 5 and all(NAME_WORD.match(w) for w in words)


def _block(sheet: Sheet) -> list[TextLine]:
    """The right-hand lines after the body: the signature column."""
    start = None
    for line in reversed(sheet.lines):
        if NOI_NHAN.match(line.text):
            start = line.index
            break
    if start is None:
        signature = [ln for ln in sheet.lines if ln.region == "signature"]
        if signature:
            return signature
        last_full = max((ln.index for ln in sheet.lines if ln.side == "full"), default=-1)
        start = last_full
    rows = [ln for ln in sheet.lines[start + 1:]
            if ln.side == "right" or ln.region == "signature"]
    if start >= 0:
        head = sheet.lines[start]
        # the top row of the signature sits level with "Nơi nhận:" (left), so it may come before
        rows = [ln for ln in sheet.lines if ln.page == head.page and ln.side == "right" and
                ln.index < start and abs(ln.top - head.top) < head.height] + rows
        if not any(is_capitals(ln.text) for ln in rows):  # authority and title on the page before
            rows = _end_of_previous_page(sheet, head.page) + rows
    return [ln for ln in rows if not re.match(r"^\d{1,3}$", ln.text)]


def _end_of_previous_page(sheet: Sheet, page: int) -> list[TextLine]:
    """The right-hand capitals lines that end the page before `page` (a block split by a break)."""
    tail: list[TextLine] = []
    for line in reversed([ln for ln in sheet.lines if ln.page == page - 1]):
        if line.side != "right" or not is_capitals(line.text):
            break
        tail.insert(0, line)
    return tail


def read_signer(sheet: Sheet) -> Field:
    """`signer`: {name, title, authority}, from the block under the body."""
    block = _block(sheet)
    if not block:
        return ABSENT
    authority: str | None = None
    title_parts: list[str] = []
    pieces: list[Piece] = []
    name: str | None = None
    slips = 1.0
    for line in block:
        m = AUTHORITY.match(line.text)
        if m and authority is None and not title_parts and is_capitals(m.group("rest")):
            word = re.sub(r"\s+", "", m.group("word"))
            rest, score = known_title(normal_case(m.group("rest")))
            slips = min(slips, score / 100 if score else 0.9)
            authority = f"{word}. {rest}" if "/" not in word else f"{word} {rest}"
            pieces.append(Piece(line))
        elif is_capitals(line.text) and name is None and len(line.text) > 2:
            title_parts.append(line.text)
            pieces.append(Piece(line))
        elif _is_name(line) and (title_parts or authority):
            name = line.text
            pieces.append(Piece(line))
            break
    if not title_parts and name is None:
        return ABSENT
    title = None
    if title_parts:
        title, score = known_title(normal_case(" ".join(title_parts)))
        slips = min(slips, score / 100 if score else 0.9)
    certainty = (0.95 if name and title else 0.7) * slips
    return found({"name": name, "title": title, "authority": authority}, pieces,
                 certainty=certainty)
