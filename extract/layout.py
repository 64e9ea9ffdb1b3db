"""Reading order and regions of an official letter: two-column header and footer, body between."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

from extract.model import Line, Region, RegionName, Word

#: A horizontal gap wider than this many of its row's text heights separates two columns.
COLUMN_GAP = 1.8
#: A word whose centre lies within this share of the text height of a row is on that row; the
#: height is the larger of the word's and the row's own (big print beside small), never less
#: than ROW_FLOOR of the page's usual height (OCR boxes of "a", "ư" are short).
ROW_SHARE = 0.45
ROW_FLOOR = 0.6
#: A segment reaching this many row heights past the column boundary on both sides spans
#: the page.
SPAN_MARGIN = 1.0
#: In a header or footer, a row not split by COLUMN_GAP is still two columns when one of its
#: gaps is this many times its usual space, at least HALF_HEIGHT of its text wide, and lies
#: within BOUNDARY_NEAR text heights of the column boundary the split rows beside it show
#: (a short issuer name set close to "CỘNG HÒA …", a national motto in a larger face), or
#: leaves two parts each within BOUNDARY_NEAR text heights of its column's centre.
WIDE_SPACE = 2.5
HALF_HEIGHT = 0.5
BOUNDARY_NEAR = 2.0
#: A blank left in a line for a number or a day is at most this many text heights wide.
BLANK = 4.0
#: How many rows from a page's edge can hold a header or footer row.
EDGE_ROWS = 10
#: A footnote starts with its mark: "(1)", "⁽¹⁾", "¹", "*".
FOOTNOTE_MARK = re.compile(r"^(?:\(\d{1,2}\)|⁽[⁰¹²³⁴⁵⁶⁷⁸⁹]+⁾|[¹²³⁴⁵⁶⁷⁸⁹]+|\*)\s*\S")
#: Footnotes are set no larger than the page's usual print (a row no taller than the median),
#: and either smaller than this share of it or set apart by a gap of this many rows.
FOOTNOTE_HEIGHT = 1.0
FOOTNOTE_SMALL = 0.9
FOOTNOTE_GAP = 1.2


@dataclass(frozen=True, slots=True)
class _Row:
    segments: tuple[Line, ...]
    top: float
    bottom: float


def _height(word: Word) -> float:
    return word.bbox[3] - word.bbox[1]


def _centre(word: Word) -> float:
    return (word.bbox[1] + word.bbox[3]) / 2


def _row(group: Sequence[Word], height: float) -> _Row:
    """A row of words (left to right) split at gaps wider than COLUMN_GAP of its text height."""
    segments: list[list[Word]] = [[group[0]]]
    reach = group[0].bbox[2]  # the segment's right edge: a speck inside a word ends nothing
    for w in group[1:]:
        if w.bbox[0] - reach > COLUMN_GAP * height:
            segments.append([w])
            reach = w.bbox[2]
        else:
            segments[-1].append(w)
            reach = max(reach, w.bbox[2])
    lines = tuple(Line(tuple(s)) for s in segments)
    return _Row(lines, min(w.bbox[1] for w in group), max(w.bbox[3] for w in group))


def rows(words: Sequence[Word], *, glyph_boxes: bool = False) -> list[_Row]:
    """Words grouped into visual rows (top to bottom), each split into column segments.

    Every threshold is a share of the text's own height (the row's, the word's), so that a
    letter set in larger print or with wider spacing is read the same as one in 13 pt. With
    `glyph_boxes` (OCR: a box hugs its letters, "a" is shorter than "Đ") the page's usual
    height stands for every word's.
    """
    if not words:
        return []
    usual = max(median(_height(w) for w in words), 1.0)
    floor = ROW_FLOOR * usual
    ordered = sorted(words, key=lambda w: (_centre(w), w.bbox[0]))
    groups: list[list[Word]] = []
    centre = -1e9
    for w in ordered:
        c = _centre(w)
        if groups:
            size = usual if glyph_boxes else max(
                _height(w), median(_height(x) for x in groups[-1]), floor)
            if abs(c - centre) <= ROW_SHARE * size:
                groups[-1].append(w)
                centre = sum(_centre(x) for x in groups[-1]) / len(groups[-1])
                continue
        groups.append([w])
        centre = c
    out = []
    for group in groups:
        group.sort(key=lambda w: w.bbox[0])
        out.append(_row(group, usual if glyph_boxes else max(
            median(_height(w) for w in group), floor)))
    return out


def _row_height(row: _Row) -> float:
    return median(_height(w) for seg in row.segments for w in seg.words)


def _middle(line: Line) -> float:
    return (line.bbox[0] + line.bbox[2]) / 2


def _columns(candidates: Sequence[_Row]) -> list[_Row]:
    """The rows near a page's edge, with rows that are two columns set close split in two.

    The rows already split show the column boundary and each column's centre (a header's
    columns are centred, Nghị định 30 Appendix I); a row among them (or before the first) is
    split at a gap that is wide for the row when the gap lies near that boundary or when both
    parts it leaves are centred on the two columns.
    """
    edge = list(candidates[:EDGE_ROWS])
    split = [i for i, row in enumerate(edge) if _is_split(row)]
    boundary = _boundary([edge[i] for i in split])
    if boundary is None:
        return list(candidates)
    left_centre = median(_middle(edge[i].segments[0]) for i in split)
    right_centre = median(_middle(edge[i].segments[-1]) for i in split)
    for i in range(split[-1]):
        row = edge[i]
        if _is_split(row):
            continue
        words = row.segments[0].words
        gaps = [b.bbox[0] - a.bbox[2] for a, b in zip(words, words[1:], strict=False)]
        if len(gaps) < 2:
            continue
        height = _row_height(row)
        at = max(range(len(gaps)), key=gaps.__getitem__)
        usual = max(median(gaps[:at] + gaps[at + 1:]), 0.0)
        if gaps[at] < max(WIDE_SPACE * usual, HALF_HEIGHT * height):
            continue
        left, right = Line(words[:at + 1]), Line(words[at + 1:])
        near = abs((left.bbox[2] + right.bbox[0]) / 2 - boundary) <= BOUNDARY_NEAR * height
        centred = abs(_middle(left) - left_centre) <= BOUNDARY_NEAR * height and abs(
            _middle(right) - right_centre) <= BOUNDARY_NEAR * height
        if near or centred:
            edge[i] = _Row((left, right), row.top, row.bottom)
    return edge + list(candidates[EDGE_ROWS:])


def _boundary(split_rows: Sequence[_Row]) -> float | None:
    gaps = []
    for row in split_rows:
        for left, right in zip(row.segments, row.segments[1:], strict=False):
            gaps.append((left.bbox[2] + right.bbox[0]) / 2)
    return median(gaps) if gaps else None


def _spans(line: Line, boundary: float, height: float | None = None) -> bool:
    """Whether the line reaches past the boundary on both sides by SPAN_MARGIN heights.

    The height is the line's own, or `height` when given.
    """
    x0, y0, x1, y1 = line.bbox
    margin = SPAN_MARGIN * (height or y1 - y0)
    return x0 < boundary - margin and x1 > boundary + margin


def _is_split(row: _Row) -> bool:
    return len(row.segments) >= 2


def _is_table_row(row: _Row) -> bool:
    """Whether the row stands in three or more columns once blanks in a line are closed.

    A letter's header and footer are two columns (Nghị định 30, Phụ lục I); "Số:    /UBND-VP"
    or "ngày    tháng 6" parted by a blank left for a number is still one column's line.
    """
    if len(row.segments) < 3:
        return False
    columns = 1
    for prev, seg in zip(row.segments, row.segments[1:], strict=False):
        columns += not _continues(prev, seg)
    return columns >= 3


def _zone(candidates: Sequence[_Row], unit: float, width: float,
          fixed: float | None = None) -> tuple[int, float | None]:
    """How many of the rows (read from the edge inward) form a two-column zone, and its boundary."""
    split_indices: list[int] = []
    for i, row in enumerate(candidates):
        if _is_table_row(row):
            # A header or footer has two columns; three or more are a table's cells (or, at
            # the very edge, an e-office box beside the header): never part of the zone.
            if split_indices:
                break
            continue
        if _is_split(row):
            split_indices.append(i)
        elif split_indices:
            boundary = _boundary([candidates[j] for j in split_indices])
            if boundary is None or _spans(row.segments[0], boundary, fixed):
                break
        elif i > 8 or row.segments[0].bbox[2] - row.segments[0].bbox[0] > 0.55 * width:
            break
    if not split_indices:
        return 0, None
    boundary = _boundary([candidates[j] for j in split_indices])
    assert boundary is not None
    end = split_indices[-1] + 1
    # Single-column rows right after the last two-column row (a wrapped V/v line, a date)
    # belong to the zone while they stay close and on one side.
    while end < len(candidates):
        row, prev = candidates[end], candidates[end - 1]
        gap = max(row.top - prev.bottom, prev.top - row.bottom, 0.0)  # rows may touch
        if _is_split(row) or _spans(row.segments[0], boundary, fixed) or gap > 0.9 * unit:
            break
        end += 1
    return end, boundary


def _sides(zone: Sequence[_Row], boundary: float) -> tuple[list[Line], list[Line]]:
    """Each row's left and right column; pieces of one line parted by a blank are one line.

    A blank left in a line for a number or a day ("Số      /UBND-VP", "ngày    tháng 6") may
    split it into segments of one side; a blank is at most BLANK text heights wide.
    """
    left: list[Line] = []
    right: list[Line] = []
    for row in zone:
        parts: tuple[list[Line], list[Line]] = ([], [])
        for seg in row.segments:
            part = parts[_middle(seg) >= boundary]
            if part and _continues(part[-1], seg):
                part[-1] = Line(part[-1].words + seg.words)
            else:
                part.append(seg)
        left += parts[0]
        right += parts[1]
    return left, right


def _continues(line: Line, seg: Line) -> bool:
    height = max(line.bbox[3] - line.bbox[1], seg.bbox[3] - seg.bbox[1])
    return 0 <= seg.bbox[0] - line.bbox[2] <= BLANK * height


def _footnotes(candidates: Sequence[_Row], unit: float) -> int:
    """How many rows at the bottom of the page are footnotes: small print led by a mark."""
    for k in range(1, min(6, len(candidates)) + 1):
        block = candidates[len(candidates) - k:]
        if any(len(r.segments) > 1 or r.bottom - r.top > FOOTNOTE_HEIGHT * unit for r in block):
            return 0
        first = " ".join(w.text for w in block[0].segments[0].words)
        if FOOTNOTE_MARK.match(first):
            small = all(r.bottom - r.top < FOOTNOTE_SMALL * unit for r in block)
            above = candidates[len(candidates) - k - 1] if len(candidates) > k else None
            apart = above is None or block[0].top - above.bottom > FOOTNOTE_GAP * unit
            return k if small or apart else 0
    return 0


def regions(words: Sequence[Word], *, width: float, first: bool, last: bool,
            glyph_boxes: bool = False) -> tuple[Region, ...]:
    """The page's regions in reading order: header columns (first page), body, footer (last).

    `glyph_boxes`: the words were read by OCR, their boxes hug the letters; the page's usual
    row height measures them (and close-set columns are left to the rows' gaps).
    """
    all_rows = rows(words, glyph_boxes=glyph_boxes)
    if not all_rows:
        return (Region("body", ()),)
    unit = median(r.bottom - r.top for r in all_rows)
    fixed = unit if glyph_boxes else None
    if first and not glyph_boxes:
        all_rows = _columns(all_rows)
    head_end, head_boundary = _zone(all_rows, unit, width, fixed) if first else (0, None)
    rest = all_rows[head_end:]
    notes = _footnotes(rest, unit)
    footnotes, rest = rest[len(rest) - notes:], rest[:len(rest) - notes]
    if last and not glyph_boxes:
        rest = list(reversed(_columns(list(reversed(rest)))))
    tail_len, tail_boundary = _zone(list(reversed(rest)), unit, width, fixed) if last else (
        0, None)
    if tail_len:
        # The footer starts at its first two-column row or a right-hand signature line; a
        # short left-only last line of the body ("... thực hiện./.") stays in the body.
        tail = rest[len(rest) - tail_len:]
        assert tail_boundary is not None
        while tail and not _is_split(tail[0]) and tail[0].segments[0].bbox[0] < tail_boundary:
            tail = tail[1:]
        tail_len = len(tail)
    body_rows = rest[: len(rest) - tail_len]
    out: list[Region] = []
    if head_end and head_boundary is not None:
        left, right = _sides(all_rows[:head_end], head_boundary)
        out += [Region("header-left", tuple(left)), Region("header-right", tuple(right))]
    out.append(Region("body", tuple(seg for row in body_rows for seg in row.segments)))
    if tail_len and tail_boundary is not None:
        left, right = _sides(rest[len(rest) - tail_len:], tail_boundary)
        names: tuple[RegionName, RegionName] = ("footer-left", "signature")
        out += [Region(names[0], tuple(left)), Region(names[1], tuple(right))]
    if footnotes:
        out.append(Region("footnote", tuple(seg for row in footnotes for seg in row.segments)))
    return tuple(out)
