"""Boxes laid over a scanned letter's header: the ĐẾN stamp, the e-signature box, SAO Y.

Offices stamp a letter they receive "ĐẾN" (a framed box with the number and day it came in,
often at an angle, over the margin or the first lines); an e-office system prints its
signature box (a frame with a round logo and "Ký bởi … Thời gian ký") at the top right; a
certified copy carries a "SAO Y" box over the motto. Read with the page, their words mix
into the header's lines. Here they are found by their frames in the top of the first page
(at the angle they were stamped), read on their own, straightened, and given back as regions
of their own; the page's words under them are left out of the letter's lines.
"""

from __future__ import annotations

import logging
import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

import numpy as np
from PIL import Image

from extract import cleanup, lines, ocr
from extract.errors import ExtractError
from extract.model import BBox, Line, Region, Word
from extract.vietnamese import dictionary_syllables

log = logging.getLogger(__name__)

OverlayKind = Literal["stamp", "e-signature"]
#: The share of the first page, from the top, where overlays are looked for.
TOP_SHARE = 0.55
#: White border put around the top of the page before it is turned (inches).
PAD = 0.4
#: The resolution frames are looked for at (pixels per inch).
WORK_DPI = 100
#: The angles a stamp may have been put on at (degrees, counter-clockwise).
ANGLES = tuple(a / 2 for a in range(-18, 19, 3))
#: A frame's size in inches: width, height (a ĐẾN stamp, an e-signature box, a SAO Y box).
MIN_W, MAX_W, MIN_H, MAX_H = 0.9, 3.4, 0.3, 1.4
#: A frame's edges are straight ink at least this long (inches).
EDGE_H, EDGE_V = 0.5, 0.22
#: Grey below this is ink at the working resolution (a thin frame greys as it shrinks).
INK = 190
#: The resolution a box is read at.
READ_DPI = 300


@dataclass(frozen=True, slots=True)
class Overlay:
    """A box found over the page: its kind, where it lies (page points), its words."""

    kind: OverlayKind
    bbox: BBox
    lines: tuple[Line, ...]  # in the box's own order (it may lie at an angle on the page)
    #: The frame as stamped: its centre and half sizes (page points) and its angle (degrees).
    centre: tuple[float, float] = (0.0, 0.0)
    half: tuple[float, float] = (0.0, 0.0)
    angle: float = 0.0

    def covers(self, x: float, y: float) -> bool:
        """True when the page point lies inside the frame (turned as it was stamped)."""
        a = math.radians(self.angle)
        dx, dy = x - self.centre[0], y - self.centre[1]
        # Into the frame's own axes: turn the point back by the frame's angle.
        u = dx * math.cos(a) + dy * math.sin(a)
        v = -dx * math.sin(a) + dy * math.cos(a)
        return abs(u) <= self.half[0] and abs(v) <= self.half[1]


def _runs(ink: np.ndarray, length: int) -> np.ndarray:
    """The pixels of ink runs at least `length` long along each row."""
    h, w = ink.shape
    if w < length:
        return np.zeros_like(ink)
    c = np.concatenate([np.zeros((h, 1), np.int32), np.cumsum(ink, axis=1, dtype=np.int32)], 1)
    full = (c[:, length:] - c[:, :-length]) == length  # a run of `length` starts here
    starts = np.zeros((h, w + 1), np.int32)
    starts[:, : w - length + 1] += full
    starts[:, length: w + 1] -= full
    return np.cumsum(starts, axis=1)[:, :w] > 0


def _frames(ink: np.ndarray) -> list[tuple[tuple[int, int, int, int], int]]:
    """Frames in an upright ink image: their boxes and how many edge pixels they have."""
    dpi = WORK_DPI
    horizontal = _runs(ink, int(EDGE_H * dpi))
    vertical = _runs(ink.T, int(EDGE_V * dpi)).T
    edges = horizontal | vertical
    grown = edges.copy()
    for dy, dx in ((0, 1), (1, 0), (0, -1), (-1, 0)):
        grown |= np.roll(edges, (dy, dx), axis=(0, 1))
    out = []
    for x0, y0, x1, y1 in cleanup.components(grown):
        w, h = x1 - x0, y1 - y0
        if not (MIN_W * dpi <= w <= MAX_W * dpi and MIN_H * dpi <= h <= MAX_H * dpi):
            continue
        hs = int(horizontal[y0:y1, x0:x1].sum())
        vs = int(vertical[y0:y1, x0:x1].sum())
        # Two long edges across (top and bottom, or top and a band) and two down.
        if hs >= 1.2 * w and vs >= 1.2 * h:
            out.append(((x0, y0, x1, y1), hs + vs))
    return out


def _may_have_frames(ink: np.ndarray) -> bool:
    """Whether the ink holds a line down the page as long as a frame's side, at any angle.

    Type has no stroke that long; a frame turned up to the largest angle searched drifts a few
    pixels across its side, which a widening of each row's ink by that much takes in. Without
    such a line no angle is searched (most pages: one look instead of one per angle).
    """
    length = int(EDGE_V * WORK_DPI)
    drift = math.ceil(length * math.tan(math.radians(max(abs(a) for a in ANGLES)))) + 1
    wide = ink.copy()
    for shift in range(1, drift + 1):
        wide[:, shift:] |= ink[:, :-shift]
        wide[:, :-shift] |= ink[:, shift:]
    return bool(_runs(wide.T, length).any())


def _turned(point: tuple[float, float], angle: float, centre: tuple[float, float]
            ) -> tuple[float, float]:
    """Where a point of an image turned by `angle` (PIL's rotate) lies in the image itself."""
    a = math.radians(angle)
    x, y = point[0] - centre[0], point[1] - centre[1]
    return (centre[0] + x * math.cos(a) - y * math.sin(a),
            centre[1] + x * math.sin(a) + y * math.cos(a))


def _top(image: Image.Image, dpi: float) -> Image.Image:
    """The top of the page, on a white border (a stamp at the edge keeps its corners turned)."""
    pad = int(PAD * dpi)
    top = image.convert("L").crop((0, 0, image.width, int(image.height * TOP_SHARE)))
    framed = Image.new("L", (top.width + 2 * pad, top.height + 2 * pad), 255)
    framed.paste(top, (pad, pad))
    return framed


def find_frames(image: Image.Image, dpi: float) -> list[tuple[float, tuple[int, int, int, int]]]:
    """Frames in the top of a page image: the angle each was found at, and its box there.

    The box is in pixels of the top part (`_top`) turned by that angle, at WORK_DPI.
    """
    top = _top(image, dpi)
    scale = WORK_DPI / dpi
    small = top.resize((max(1, int(top.width * scale)), max(1, int(top.height * scale))),
                       Image.Resampling.BOX)
    best: list[tuple[int, float, tuple[int, int, int, int]]] = []
    if not _may_have_frames(np.asarray(small) < INK):
        return []
    for angle in ANGLES:
        turned = small.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255)
        ink = np.asarray(turned) < INK
        for box, score in _frames(ink):
            best.append((score, angle, box))
    kept: list[tuple[float, tuple[int, int, int, int]]] = []
    for score, angle, box in sorted(best, reverse=True):
        centre = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
        here = _turned(centre, angle, (small.width / 2, small.height / 2))
        if any(_inside(here, other, a, small.size) for a, other in kept):
            continue
        kept.append((angle, box))
        del score
    return kept


def _inside(point: tuple[float, float], box: tuple[int, int, int, int], angle: float,
            size: tuple[int, int]) -> bool:
    centre = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
    cx, cy = _turned(centre, angle, (size[0] / 2, size[1] / 2))
    return abs(point[0] - cx) < (box[2] - box[0]) / 2 and abs(point[1] - cy) < (box[3] - box[1]) / 2


def fold(text: str) -> str:
    """Lower case without marks, đ as d, spaces folded: how a box's words are matched."""
    plain = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return " ".join("".join(c for c in plain if not unicodedata.combining(c)).split())


#: What a ĐẾN stamp prints besides "ĐẾN" itself (marks off): two of them tell one apart when
#: its "ĐẾN" comes out misread ("ĐẾ", "DEN.").
STAMP_LABELS = (re.compile(r"^so[:;.]?$"), re.compile(r"^n\w{0,2}ay[:;.]?$"),
                re.compile(r"^chu\w{0,3}en[:;.]?$"), re.compile(r"^cv$"))


def kind_of(text: str) -> OverlayKind | None:
    """What a box's text says it is: a ĐẾN or SAO Y stamp, an e-signature box, or neither."""
    folded = fold(text)
    words = set(folded.split())
    if "ky boi" in folded or "nguoi ky" in folded or "thoi gian ky" in folded:
        return "e-signature"
    labels = sum(any(p.match(w) for w in words) for p in STAMP_LABELS)
    if "den" in words or "sao y" in folded or labels >= 2:
        return "stamp"
    return None


def read_overlays(image: Image.Image, *, dpi: float, timeout: float) -> list[Overlay]:
    """The overlays in the top of a page image, read; boxes and words in page points."""
    top = _top(image, dpi)
    found = []
    for angle, box in find_frames(image, dpi):
        overlay = _read_frame(top, angle, box, dpi=dpi, timeout=timeout)
        if overlay is not None:
            found.append(overlay)
    return found


def _unruled(crop: Image.Image, dpi: float) -> Image.Image:
    """The box without its frame and dividers: Tesseract reads rules beside words as letters."""
    arr = np.asarray(crop.convert("L")).copy()
    ink = arr < INK - 20
    rules = _runs(ink, int(0.3 * dpi)) | _runs(ink.T, int(0.15 * dpi)).T
    grown = rules.copy()
    for step in ((0, 1), (1, 0), (0, -1), (-1, 0), (0, 2), (2, 0), (0, -2), (-2, 0)):
        grown |= np.roll(rules, step, axis=(0, 1))
    arr[grown] = 255
    return Image.fromarray(arr)


#: The characters a day is written with on a stamp ("04/4/18", "4.4.2018"), and its form.
DAY_CHARS = "0123456789/.-"
DAY = re.compile(r"(?<!\d)(?:0?[1-9]|[12]\d|3[01])\s*[/.\-⁄]\s*(?:0?[1-9]|1[0-2])\s*[/.\-⁄]\s*"
                 r"(?:\d{4}|\d{2})(?!\w)")  # "6/11/20Bởc": a year cut short by print
#: A stamp's number: the first figures of its slot ("2741", read "2741.:" off the box).
NUMBER = re.compile(r"^\D{0,2}?(\d{1,7})(?!\d)")
#: The earliest year a received letter is stamped with (older ones are misreadings).
FIRST_YEAR = 1945
#: Print is darker than this share of the stamp's own ink (toner black under blue or red ink).
PRINT_SHARE = 0.55
#: A stamp whose ink is darker than this grey cannot be told from the print under it.
LIGHTEST_PRINT = 45
#: The most confidence a stamp's value gets when one reading alone gives it, when another
#: reading gives a different value but fewer readings do, and when readings differ evenly.
LONE, DISPUTED, UNSURE = 0.4, 0.6, 0.3


def _grown(mask: np.ndarray, reach: int) -> np.ndarray:
    out = mask.copy()
    for dy in range(-reach, reach + 1):
        for dx in range(-reach, reach + 1):
            out |= np.roll(mask, (dy, dx), axis=(0, 1))
    return out


def _bridged(removed: np.ndarray, ink: np.ndarray, reach: int) -> np.ndarray:
    """The removed pixels with stamp ink on both sides along some direction, within `reach`.

    A print stroke crossing a stamped figure cuts it; once the print is gone the cut is
    filled where the figure's stroke goes on both sides of it (a "0" cut read as "9").
    """
    fill = np.zeros_like(removed)
    for dy, dx in ((0, 1), (1, 0), (1, 1), (1, -1)):
        sides = []
        for sign in (1, -1):
            hit = np.zeros_like(removed)
            still = np.ones_like(removed)  # the way from the pixel is removed pixels so far
            for k in range(1, reach + 1):
                shift = (sign * k * dy, sign * k * dx)
                there = np.roll(removed, shift, axis=(0, 1))
                hit |= still & ~there & np.roll(ink, shift, axis=(0, 1))
                still &= there
            sides.append(hit)
        fill |= sides[0] & sides[1]
    return fill & removed


def without_print(crop: Image.Image, dpi: float) -> Image.Image | None:
    """The stamp's own ink only: the letter's black print under it taken out.

    A stamp's ink (blue, red) greys lighter than toner; its frame tells how light. Print is
    what is much darker (a pen's figures too, so this is a second look, not the first); None
    when the stamp's ink is as dark as print (a black stamp, a black-and-white scan).
    """
    arr = np.asarray(crop.convert("L")).copy()
    ink = arr < INK - 20
    rules = _runs(ink, int(0.3 * dpi)) | _runs(ink.T, int(0.15 * dpi)).T
    if not rules.any():
        return None
    level = float(np.median(arr[rules]))
    if level < LIGHTEST_PRINT:
        return None
    dark = arr < PRINT_SHARE * level
    removed = _grown(dark, max(1, round(dpi / 150)))  # the print's grey rim too
    stamp_ink = (arr < (level + 255) / 2) & ~removed
    fill = _bridged(removed, stamp_ink, round(0.035 * dpi))
    arr[removed] = 255
    arr[fill] = int(level)
    return Image.fromarray(arr)


def _is_day_label(w: ocr.OcrWord) -> bool:
    plain = fold(w.text).strip(":.;|[]")
    return plain.startswith("n") and plain.endswith("ay")


def _is_number_label(w: ocr.OcrWord) -> bool:
    """"Số:" as a stamp's box gives it back ("Sẽ:", "|Sð:"); not the band's "SỞ" (no colon)."""
    return (re.fullmatch(r"\W*s\w{0,2}[:;.]", fold(w.text)) is not None
            or w.text.lower().strip("|[") == "số")


def day_of(text: str) -> str | None:
    """The day a stamp's slot shows (ISO), when it is one: "04/4/18" is 2018-04-04."""
    m = DAY.search(text)
    if not m:
        return None
    d, mo, y = (int(v) for v in re.split(r"\s*[/.\-⁄]\s*", m.group().strip()))
    this_year = date.today().year
    if y < 100:
        y += 2000 if 2000 + y <= this_year else 1900
    if not FIRST_YEAR <= y <= this_year:
        return None
    try:
        return date(y, mo, d).isoformat()
    except ValueError:
        return None


def number_of(text: str) -> str | None:
    """The number a stamp's slot shows: its first figures."""
    m = NUMBER.match(text.strip())
    return m.group(1) if m else None


@dataclass(frozen=True, slots=True)
class _Value:
    """One stamp value: what its label is, how its slot is read, and how the text is judged."""

    is_label: Callable[[ocr.OcrWord], bool]
    chars: str
    key: Callable[[str], str | None]


STAMP_VALUES = (_Value(_is_number_label, ocr.DIGITS, number_of),
                _Value(_is_day_label, DAY_CHARS, day_of))


def _slot_box(label: ocr.OcrWord, size: tuple[int, int]) -> tuple[int, int, int, int]:
    """Right of the label to the box's edge, the label's height and half of it each side.

    It starts a little inside the label: a figure written close to the colon ("Ngày:19/3/20")
    is often taken into the label's box, and a slot without it reads "9/3/20".
    """
    h = label.box[3] - label.box[1]
    return (max(0, label.box[2] - h // 4), max(0, label.box[1] - h // 2), size[0],
            min(size[1], label.box[3] + h // 2))


def _slot_readings(image: Image.Image, box: tuple[int, int, int, int], value: _Value, *,
                   dpi: float, timeout: float) -> list[tuple[str, float]]:
    """The slot read for its figures alone by Tesseract, and by the line model.

    Two readers unlike each other seldom make the same mistake: where they agree the value
    is trusted (see `_chosen`).
    """
    slot = image.crop(box).convert("L")
    out = []
    padded = Image.new("L", (slot.width + 40, slot.height + 40), 255)
    padded.paste(slot, (20, 20))
    try:
        figures = ocr.read_digits(image=padded, dpi=dpi, timeout=timeout, chars=value.chars)
        if figures:
            out.append((" ".join(w.text for w in figures), min(w.confidence for w in figures)))
    except ExtractError as e:
        log.info("stamp slot not read (%s)", e.code)
    if lines.available():
        reading = lines.read_line(slot)
        if reading.glyphs:
            out.append((reading.text, min(g.probability for g in reading.glyphs)))
    return out


def _chosen(readings: Sequence[tuple[str, float]], value: _Value) -> tuple[str, float] | None:
    """The value the readings give, and how sure it is.

    Sure (the best of their confidences) when more readings give it than any other value;
    when readings differ and none wins, the surest reading's value, unsure (a wrong number or
    day must not come out as if read); unsure too when one reading alone gives a value.
    """
    votes: dict[str, list[float]] = {}
    for text, confidence in readings:
        key = value.key(text)
        if key is not None:
            votes.setdefault(key, []).append(confidence)
    if not votes:
        return None
    ranked = sorted(votes.items(), key=lambda kv: (-len(kv[1]), -max(kv[1])))
    key, confs = ranked[0]
    if len(confs) >= 2 and (len(ranked) == 1 or len(ranked[1][1]) < len(confs)):
        return key, max(confs) if len(ranked) == 1 else min(max(confs), DISPUTED)
    if len(ranked) == 1:
        return key, min(confs[0], LONE)
    key, confs = max(votes.items(), key=lambda kv: max(kv[1]))
    return key, min(max(confs), UNSURE)


def _value_readings(read: Sequence[ocr.OcrWord], image: Image.Image, value: _Value, *,
                    dpi: float, timeout: float
                    ) -> tuple[ocr.OcrWord | None, list[ocr.OcrWord], list[tuple[str, float]]]:
    """A value's label among the words, the words after it, and the readings of its slot."""
    label = next((w for w in read if value.is_label(w)), None)
    if label is None:
        return None, [], []
    mid = (label.box[1] + label.box[3]) / 2
    after = [w for w in read if w.box[0] >= label.box[2] - 2 and w.box[1] <= mid <= w.box[3]
             and w is not label]
    readings = [(" ".join(w.text for w in after), min(w.confidence for w in after))] if after \
        else []
    box = _slot_box(label, image.size)
    if box[2] - box[0] >= 2 * (label.box[3] - label.box[1]):
        readings += _slot_readings(image, box, value, dpi=dpi, timeout=timeout)
    return label, after, readings


def _checked_values(read: list[ocr.OcrWord], *, crop: Image.Image, dpi: float,
                    timeout: float) -> list[ocr.OcrWord]:
    """The stamp's words with its number and day each read again in their slots and checked.

    Read among the stamp's words, a value written over print comes out mixed with letters or
    wrong figures. Each value's slot (right of its label) is read again for figures alone by
    two readers; where they do not agree with the first reading, the stamp is read once more
    with the print under it taken out (`without_print`). The value the readings agree on
    replaces the words after the label; a value only one reading gives is kept unsure, and
    when readings differ the surest one's value is kept, below the review bar (`_chosen`).
    """
    plain = _unruled(crop, dpi)
    bare: tuple[list[ocr.OcrWord], Image.Image] | None = None
    looked = False
    for value in STAMP_VALUES:
        label, after, readings = _value_readings(read, plain, value, dpi=dpi, timeout=timeout)
        chosen = _chosen(readings, value)
        if chosen is None or chosen[1] <= LONE:
            if not looked:
                looked, bare = True, _read_without_print(crop, dpi=dpi, timeout=timeout)
            if bare is not None:
                again, _, more = _value_readings(bare[0], bare[1], value, dpi=dpi,
                                                 timeout=timeout)
                label = label or again
                chosen = _chosen(readings + more, value)
        if label is None:
            continue
        read = [w for w in read if w not in after]
        if chosen is not None:
            text = chosen[0] if value.key is number_of else _as_written(chosen[0])
            read.append(ocr.OcrWord(text=text, box=(label.box[2] + 2, label.box[1],
                                                    crop.width - 2, label.box[3]),
                                    confidence=chosen[1], block=label.block, line=label.line))
    return read


def _read_without_print(crop: Image.Image, *, dpi: float, timeout: float
                        ) -> tuple[list[ocr.OcrWord], Image.Image] | None:
    """The stamp read with the print under it taken out: its words, and the image read."""
    bare = without_print(crop, dpi)
    if bare is None:
        return None
    image = _unruled(bare, dpi)
    try:
        return ocr.ocr_image(image=image, dpi=dpi, psm=11, timeout=timeout), image
    except ExtractError as e:
        log.info("stamp not read without print (%s)", e.code)
        return None


def _as_written(day: str) -> str:
    """An ISO day as a stamp shows it, for the region's text: 2018-04-04 as 04/04/2018."""
    y, m, d = day.split("-")
    return f"{d}/{m}/{y}"


def _straight_crop(top: Image.Image, angle: float, box: tuple[int, int, int, int]
                   ) -> Image.Image:
    """`box` of `top` turned by `angle` (PIL's rotate about its centre), turning only near it.

    A turn about any centre is the same turn shifted: the patch of `top` around the point
    that lands on the box's centre, turned about its own centre, holds the box around that
    centre (a fifth of the work of turning the whole top).
    """
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    cx, cy = _turned(((x0 + x1) / 2, (y0 + y1) / 2), angle, (top.width / 2, top.height / 2))
    side = math.ceil(math.hypot(w, h)) + 8
    left, upper = round(cx - side / 2), round(cy - side / 2)
    patch = Image.new("L", (side, side), 255)
    patch.paste(top.crop((left, upper, left + side, upper + side)), (0, 0))
    # Outside the top, crop gives black: white it, as the whole turn's fill is.
    inside = (max(0, -left), max(0, -upper), min(side, top.width - left),
              min(side, top.height - upper))
    mask = Image.new("L", (side, side), 255)
    mask.paste(0, inside)
    patch.paste(255, (0, 0, side, side), mask)
    # The box's corner in the turned patch, to the pixel; the turn shifted by the rest.
    fx, fy = cx - left - w / 2, cy - upper - h / 2
    ox, oy = round(fx), round(fy)
    # PIL's stub asks for whole pixels; its affine transform takes any shift (the test shows).
    turned = patch.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255,
                          center=(cx - left, cy - upper),
                          translate=(ox - fx, oy - fy))  # type: ignore[arg-type]
    return turned.crop((ox, oy, ox + w, oy + h))


def _read_frame(top: Image.Image, angle: float, box: tuple[int, int, int, int], *,
                dpi: float, timeout: float) -> Overlay | None:
    """One frame cut out straight and read on its own; None when its text is no overlay's."""
    ratio = dpi / WORK_DPI
    x0, y0, x1, y1 = (int(v * ratio) for v in box)
    crop = _straight_crop(top, angle, (x0, y0, x1, y1))
    zoom = max(1.0, READ_DPI / dpi)
    if zoom > 1.0:
        crop = crop.resize((int(crop.width * zoom), int(crop.height * zoom)),
                           Image.Resampling.LANCZOS)
    try:
        read = ocr.ocr_image(image=crop, dpi=dpi * zoom, psm=6, timeout=timeout)
        kind = kind_of(" ".join(w.text for w in read))
        if kind != "e-signature":
            # A stamp's rules and cells read as letters, its labels and written values stand
            # apart: without its rules, word by word.
            read = ocr.ocr_image(image=_unruled(crop, dpi * zoom), dpi=dpi * zoom, psm=11,
                                 timeout=timeout)
            kind = kind_of(" ".join(w.text for w in read))
    except ExtractError as e:
        log.info("overlay not read (%s)", e.code)
        return None
    if kind is None:
        return None
    centre = (top.width / 2, top.height / 2)
    to_page = 72.0 / dpi

    pad = PAD * dpi

    def place(px: float, py: float) -> tuple[float, float]:
        ox, oy = _turned((x0 + px / zoom, y0 + py / zoom), angle, centre)
        return round((ox - pad) * to_page, 2), round((oy - pad) * to_page, 2)

    corners = [place(px, py) for px, py in ((0, 0), (crop.width, 0), (0, crop.height),
                                            (crop.width, crop.height))]
    bbox = (min(c[0] for c in corners), min(c[1] for c in corners),
            max(c[0] for c in corners), max(c[1] for c in corners))
    if kind == "stamp":
        read = _checked_values(read, crop=crop, dpi=dpi * zoom, timeout=timeout)
    rows: list[list[ocr.OcrWord]] = []  # the box's lines, in its own straight frame
    for w in sorted(read, key=lambda w: ((w.box[1] + w.box[3]) / 2, w.box[0])):
        mid = (w.box[1] + w.box[3]) / 2
        if rows and abs(mid - (rows[-1][0].box[1] + rows[-1][0].box[3]) / 2) < 0.6 * max(
                1, rows[-1][0].box[3] - rows[-1][0].box[1]):
            rows[-1].append(w)
        else:
            rows.append([w])
    placed = []
    for ws in rows:
        row = []
        for w in sorted(ws, key=lambda w: w.box[0]):
            (ax, ay), (bx, by) = place(w.box[0], w.box[1]), place(w.box[2], w.box[3])
            row.append(Word(w.text, (min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)),
                            round(w.confidence, 3)))
        placed.append(Line(tuple(row)))
    half = (crop.width / zoom / 2 * to_page, crop.height / zoom / 2 * to_page)
    return Overlay(kind, bbox, tuple(placed), place(crop.width / 2, crop.height / 2), half,
                   angle)


#: A page word under an overlay read this surely is the letter's print showing through
#: (black type under a blue stamp) and is kept; a word of the word list, less surely.
SURE_UNDER = 0.85
KNOWN_UNDER = 0.5
#: What the boxes themselves print: their labels (marks off), read into the page's words.
BOX_WORDS = frozenset({"so", "ngay", "chuyen", "den", "cv", "ky", "boi", "thoi", "gian",
                       "sao", "y", "nguoi", "email"})


def _letter_word(w: Word) -> bool:
    """Whether a page word under an overlay is the letter's own print, not the box's."""
    plain = fold(w.text).strip(":.;,|[](){}")
    if not plain or any(c.isdigit() for c in plain) or plain in BOX_WORDS:
        return False
    if w.confidence >= SURE_UNDER:
        return True
    return w.confidence >= KNOWN_UNDER and w.text.lower().strip(":.;,") in dictionary_syllables()


def outside(words: Sequence[Word], overlays: Sequence[Overlay]) -> list[Word]:
    """The page's words that are the letter's own: not under an overlay, or its print there."""
    def kept(w: Word) -> bool:
        x, y = (w.bbox[0] + w.bbox[2]) / 2, (w.bbox[1] + w.bbox[3]) / 2
        return not any(o.covers(x, y) for o in overlays) or _letter_word(w)
    return [w for w in words if kept(w)]


def regions_of(overlays: Sequence[Overlay]) -> list[Region]:
    """Each overlay as a region of its own, its lines in the box's order."""
    return [Region("stamp" if o.kind == "stamp" else "e-signature", o.lines) for o in overlays]
