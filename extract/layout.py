"""Reading order and regions of an official letter: two-column header and footer, body between."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

from extract.model import Line, Region, RegionName, Word

#: A horizontal gap wider than this many line heights separates two columns of one row.
COLUMN_GAP = 1.8
#: A segment reaching this many points past the column boundary on both sides spans the page.
SPAN_MARGIN = 15.0
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


def rows(words: Sequence[Word]) -> list[_Row]:
    """Words grouped into visual rows (top to bottom), each split into column segments."""
    if not words:
        return []
    heights = [w.bbox[3] - w.bbox[1] for w in words]
    unit = max(median(heights), 1.0)
    ordered = sorted(words, key=lambda w: ((w.bbox[1] + w.bbox[3]) / 2, w.bbox[0]))
    groups: list[list[Word]] = []
    centre = -1e9
    for w in ordered:
        c = (w.bbox[1] + w.bbox[3]) / 2
        if groups and abs(c - centre) <= 0.45 * unit:
            groups[-1].append(w)
            centre = sum((x.bbox[1] + x.bbox[3]) / 2 for x in groups[-1]) / len(groups[-1])
        else:
            groups.append([w])
            centre = c
    out = []
    for group in groups:
        group.sort(key=lambda w: w.bbox[0])
        segments: list[list[Word]] = [[group[0]]]
        for prev, w in zip(group, group[1:], strict=False):
            if w.bbox[0] - prev.bbox[2] > COLUMN_GAP * unit:
                segments.append([w])
            else:
                segments[-1].append(w)
        lines = tuple(Line(tuple(s)) for s in segments)
        out.append(_Row(lines, min(w.bbox[1] for w in group), max(w.bbox[3] for w in group)))
    return out


def _boundary(split_rows: Sequence[_Row]) -> float | None:
    gaps = []
    for row in split_rows:
        for left, right in zip(row.segments, row.segments[1:], strict=False):
            gaps.append((left.bbox[2] + right.bbox[0]) / 2)
    return median(gaps) if gaps else None


def _spans(line: Line, boundary: float) -> bool:
    x0, _, x1, _ = line.bbox
    return x0 < boundary - SPAN_MARGIN and x1 > boundary + SPAN_MARGIN


def _is_split(row: _Row) -> bool:
    return len(row.segments) >= 2


def _zone(candidates: Sequence[_Row], unit: float, width: float) -> tuple[int, float | None]:
    """How many of the rows (read from the edge inward) form a two-column zone, and its boundary."""
    split_indices: list[int] = []
    for i, row in enumerate(candidates):
        if _is_split(row):
            split_indices.append(i)
        elif split_indices:
            boundary = _boundary([candidates[j] for j in split_indices])
            if boundary is None or _spans(row.segments[0], boundary):
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
        gap = abs(row.top - prev.bottom) if row.top >= prev.bottom else abs(prev.top - row.bottom)
        if _is_split(row) or _spans(row.segments[0], boundary) or gap > 0.9 * unit:
            break
        end += 1
    return end, boundary


def _sides(zone: Sequence[_Row], boundary: float) -> tuple[list[Line], list[Line]]:
    left: list[Line] = []
    right: list[Line] = []
    for row in zone:
        for seg in row.segments:
            centre = (seg.bbox[0] + seg.bbox[2]) / 2
            (left if centre < boundary else right).append(seg)
    return left, right


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


def regions(words: Sequence[Word], *, width: float, first: bool, last: bool) -> tuple[Region, ...]:
    """The page's regions in reading order: header columns (first page), body, footer (last)."""
    all_rows = rows(words)
    if not all_rows:
        return (Region("body", ()),)
    unit = median(r.bottom - r.top for r in all_rows)
    head_end, head_boundary = _zone(all_rows, unit, width) if first else (0, None)
    rest = all_rows[head_end:]
    notes = _footnotes(rest, unit)
    footnotes, rest = rest[len(rest) - notes:], rest[:len(rest) - notes]
    tail_len, tail_boundary = _zone(list(reversed(rest)), unit, width) if last else (0, None)
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
