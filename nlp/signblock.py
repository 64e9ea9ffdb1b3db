"""Where the signature block sits: the signer columns under the body, one or side by side.

By Nghị định 30/2020 (Appendix I, ô 7 and 9b) the signer's authority and title stand in the
right column, level with "Nơi nhận:" at the left margin, and the name under the signature.
Minutes and joint instruments set a second signer in the left column, level with the first,
and their "Nơi nhận:" (if any) below both. A page break may cut the block anywhere.
"""

from __future__ import annotations

import re

from nlp.casing import is_capitals
from nlp.recipients import NOI_NHAN
from nlp.sheet import Sheet, TextLine

_PAGE_NUMBER = re.compile(r"^\d{1,3}$")
#: The mark of a copy's own block set after the letter (Appendix I, Part II: bản sao).
COPY_MARK = re.compile(r"^(?:SAO\s+Y(?:\s+BẢN\s+CHÍNH)?|SAO\s+LỤC|TRÍCH\s+SAO)\b")


def original(sheet: Sheet) -> Sheet:
    """The letter without a copy's block after it ("SAO Y BẢN CHÍNH", its list and signer).

    A copy's mark stamped at the top of a page (an e-office overlay) cuts nothing; one set
    after the letter's own "Nơi nhận:" starts the copying office's block.
    """
    lists = [ln for ln in sheet.lines if NOI_NHAN.match(ln.text)]
    for line in sheet.lines:
        if COPY_MARK.match(line.text.upper()) and \
                line.top > 0.05 * sheet.sizes[line.page][1] and \
                any((ln.page, ln.top) < (line.page, line.top) for ln in lists):
            return _above(sheet, line)
    return sheet


def _above(sheet: Sheet, mark: TextLine) -> Sheet:
    """The lines set above `mark` (reading order puts a column's lines together)."""
    kept = [ln for ln in sheet.lines if ln.page < mark.page or (
        ln.page == mark.page and ln.bottom <= mark.top + 0.5 * mark.height and ln is not mark)]
    lines = tuple(TextLine(page=ln.page, region=ln.region, index=i, words=ln.words,
                           page_width=ln.page_width) for i, ln in enumerate(kept))
    return Sheet(lines, sheet.sizes)


def _head(sheet: Sheet) -> TextLine | None:
    """The last "Nơi nhận:" line of the letter."""
    return next((ln for ln in reversed(sheet.lines) if NOI_NHAN.match(ln.text)), None)


def _centred(line: TextLine) -> bool:
    """A short line set in the middle of the page: a signer's column there, not the body."""
    width = line.page_width
    return line.x1 - line.x0 < 0.45 * width and abs((line.x0 + line.x1) / 2 - width / 2) < \
        0.08 * width


def _last_full_before(sheet: Sheet, index: int) -> int:
    """The index of the last full-width (body) line before `index`, or -1."""
    return max((ln.index for ln in sheet.lines[:index] if ln.side == "full" and not
                _centred(ln)), default=-1)


def _is_right(line: TextLine) -> bool:
    return line.side == "right" or line.region == "signature"


def _end_of_previous_page(sheet: Sheet, page: int) -> list[TextLine]:
    """The right-hand capitals lines that end the page before `page` (a block split by a break)."""
    tail: list[TextLine] = []
    for line in reversed([ln for ln in sheet.lines if ln.page == page - 1]):
        if line.side != "right" or not is_capitals(line.text):
            break
        tail.insert(0, line)
    return tail


def main_column(sheet: Sheet) -> list[TextLine]:
    """The right-hand lines after the body: the (first) signer's column, in reading order."""
    head = _head(sheet)
    if head is None:
        signature = [ln for ln in sheet.lines if ln.region == "signature"]
        if signature:
            return _clean(signature)
        start = _last_full_before(sheet, len(sheet.lines))
        return _clean([ln for ln in sheet.lines[start + 1:] if _is_right(ln)])
    # The block's top rows sit level with "Nơi nhận:" or above it (minutes put the list
    # below the signatures), so they may come before it in reading order.
    start = _last_full_before(sheet, head.index)
    above = [ln for ln in sheet.lines[start + 1:head.index] if _is_right(ln) and (
        ln.page != head.page or ln.top < head.top + head.height)]
    rows = above + [ln for ln in sheet.lines[head.index + 1:] if _is_right(ln)]
    if not any(is_capitals(ln.text) for ln in rows):  # authority and title on the page before
        rows = _end_of_previous_page(sheet, head.page) + rows
    return _clean(rows)


def _list_limit(sheet: Sheet, top: TextLine) -> tuple[int, float] | None:
    """Where "Nơi nhận:" starts, as (page, top), below a block that begins at `top`.

    None when the list stands level with the block: a letter's one signer, the list at left.
    """
    head = _head(sheet)
    if head is None:
        return (10**6, 0.0)
    if head.page == top.page and head.top <= top.top + top.height:
        return None
    return (head.page, head.top)


def side_column(sheet: Sheet, main: list[TextLine]) -> list[TextLine]:
    """The left-hand signer's column level with `main` (minutes, joint instruments), or []."""
    if not main:
        return []
    top = main[0]
    limit = _list_limit(sheet, top)
    if limit is None:
        return []
    bottom = max(ln.bottom for ln in main if ln.page == top.page)
    rows = []
    for line in sheet.lines[_last_full_before(sheet, top.index) + 1:]:
        if "nhận:" in line.text.casefold():  # a "Nơi nhận:" misread: the list, not a signer
            break
        if line.side == "left" and line.region != "signature" and line.page == top.page and \
                top.top - top.height <= line.top <= bottom + top.height and \
                (line.page, line.top) < limit:
            rows.append(line)
    return _clean(rows)


def _clean(rows: list[TextLine]) -> list[TextLine]:
    return [ln for ln in rows if not _PAGE_NUMBER.match(ln.text)]


def centre_column(sheet: Sheet, main: list[TextLine], after: TextLine) -> list[TextLine]:
    """A third signer's column, in the middle under the two side by side (below `after`)."""
    if not main:
        return []
    limit = _list_limit(sheet, main[0])
    if limit is None:
        return []
    rows = [ln for ln in sheet.lines[_last_full_before(sheet, main[0].index) + 1:]
            if _centred(ln) and (after.page, after.top) < (ln.page, ln.top) < limit]
    return _clean(rows)
