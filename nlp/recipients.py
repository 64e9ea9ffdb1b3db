"""Who a letter goes to: `recipients` (Kính gửi) and `distribution` (Nơi nhận)."""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from nlp.field import ABSENT, Field, found
from nlp.sheet import Piece, Sheet, TextLine

KINH_GUI = re.compile(r"^K[íi]nh\s+g[ửưu]i\s*:?\s*", re.IGNORECASE)
NOI_NHAN = re.compile(r"^N[ơo]i\s+nh[ậaâ]n\s*:?\s*", re.IGNORECASE)
BULLET = re.compile(r"^[-–—+•*·~]\s*")
PAGE_NUMBER = re.compile(r"^\d{1,3}$")


#: Set phrases of distribution lists; a short item OCR garbled is matched back to them.
FORMULAS = ("Như trên", "Như kính gửi")
FORMULA_CUTOFF = 70.0


def _item(text: str) -> str:
    item = BULLET.sub("", text).strip().rstrip(";,.:").strip()
    near = [f for f in FORMULAS if abs(len(f) - len(item)) <= 1]
    if near and item not in near:
        match = process.extractOne(item, near, scorer=fuzz.ratio, score_cutoff=FORMULA_CUTOFF)
        if match is not None:
            return str(match[0])
    return item


def _is_page_number(line: TextLine) -> bool:
    return bool(PAGE_NUMBER.match(line.text)) and line.top < 100


def _list_after(sheet: Sheet, head: TextLine, start: int, *, side: str | None
                ) -> tuple[list[str], list[Piece]]:
    """Bulleted items after a "Kính gửi:" or "Nơi nhận:" head, wrapped lines joined."""
    items: list[str] = []
    pieces: list[Piece] = []
    inline = head.text[start:].strip()
    if inline:
        items.append(_item(inline))
        pieces.append(Piece(head, start))
    bullet_x: float | None = None
    prev = head
    for line in sheet.after(head):
        if _is_page_number(line) or not any(c.isalnum() for c in line.text):
            continue  # a page number, or specks a scan read as dots
        if side is not None and line.side != side:
            if line.side == "full":  # the list's column has ended
                break
            continue  # the other column of the same rows (the signature)
        if line.page == prev.page and line.top - prev.bottom > 1.2 * prev.height:
            break
        if line.page == prev.page and line.top < prev.top - 1:
            continue
        bulleted = bool(BULLET.match(line.text))
        if bulleted:
            if bullet_x is None:
                bullet_x = line.x0
            elif line.x0 < bullet_x - 12:
                break
            items.append(_item(line.text))
            pieces.append(Piece(line))
        elif not items and line.page == head.page and abs(line.x0 - head.x0) < 12:
            # the first item, its bullet lost in a scan
            bullet_x = line.x0
            items.append(_item(line.text))
            pieces.append(Piece(line))
        elif items and (bullet_x is not None and line.x0 >= bullet_x - 4 or
                        line.page != prev.page) and not _ends(items[-1], prev):
            items[-1] = f"{items[-1]} {_item(line.text)}".strip()
            pieces.append(Piece(line))
        else:
            break
        prev = line
    return [i for i in items if i], pieces


def _ends(item: str, line: TextLine) -> bool:
    """Whether the item on `line` ended with its list punctuation (so a new line is not it)."""
    return line.text.rstrip().endswith((";", "."))


def read_recipients(sheet: Sheet) -> Field:
    """`recipients`: one line after "Kính gửi:" or the list under it."""
    for line in sheet.lines:
        if line.page != sheet.first_page:
            break
        m = KINH_GUI.match(line.text)
        if not m:
            continue
        items, pieces = _list_after(sheet, line, m.end(), side=None)
        if not items:
            return ABSENT
        if len(items) == 1 and ";" in items[0]:
            items = [_item(x) for x in items[0].split(";") if _item(x)]
        return found(items, [Piece(line), *pieces], certainty=0.96)
    return ABSENT


def read_distribution(sheet: Sheet) -> Field:
    """`distribution`: the items under "Nơi nhận:"."""
    for line in reversed(sheet.lines):
        m = NOI_NHAN.match(line.text)
        if not m:
            continue
        items, pieces = _list_after(sheet, line, m.end(), side=line.side)
        if not items:
            return ABSENT
        return found(items, [Piece(line), *pieces], certainty=0.95)
    return ABSENT
