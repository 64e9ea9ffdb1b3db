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
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from PIL import Image

from extract import cleanup, ocr
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


def kind_of(text: str) -> OverlayKind | None:
    """What a box's text says it is: a ĐẾN or SAO Y stamp, an e-signature box, or neither."""
    folded = fold(text)
    words = set(folded.split())
    if "ky boi" in folded or "nguoi ky" in folded or "thoi gian ky" in folded:
        return "e-signature"
    if "den" in words or "sao y" in folded or ({"so", "ngay"} <= {w.strip(":.") for w in words}):
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
                 r"(?:\d{4}|\d{2})(?!\d)")


def _day_reread(read: list[ocr.OcrWord], *, plain_crop: Image.Image, dpi: float,
                timeout: float) -> list[ocr.OcrWord]:
    """The stamp's words with its day read again as figures only, after the "Ngày" label.

    Read among the stamp's words, a day written over print comes out mixed with letters; its
    slot (right of the label, the label's height) read for figures and slashes alone does not.
    """
    label = next((w for w in read if fold(w.text).rstrip(":.;").endswith("ay")
                  and fold(w.text).startswith("n")), None)
    if label is None:
        return read
    h = label.box[3] - label.box[1]
    slot = (label.box[2], max(0, label.box[1] - h // 2), plain_crop.width,
            min(plain_crop.height, label.box[3] + h // 2))
    mid = (label.box[1] + label.box[3]) / 2
    after = [w for w in read if w.box[0] >= label.box[2] and w.box[1] <= mid <= w.box[3]]
    if slot[2] - slot[0] < 2 * h or DAY.search(" ".join(w.text for w in after)):
        return read
    image = plain_crop.crop(slot)
    padded = Image.new("L", (image.width + 40, image.height + 40), 255)
    padded.paste(image.convert("L"), (20, 20))
    try:
        figures = ocr.read_digits(image=padded, dpi=dpi, timeout=timeout, chars=DAY_CHARS)
    except ExtractError:
        return read
    text = "".join(w.text for w in figures)
    if not DAY.search(text):
        return read
    rest = [w for w in read if w not in after]
    day = ocr.OcrWord(text=text, box=(slot[0] + 2, label.box[1], slot[2] - 2, label.box[3]),
                      confidence=min(w.confidence for w in figures), block=label.block,
                      line=label.line)
    return [*rest, day]


def _read_frame(top: Image.Image, angle: float, box: tuple[int, int, int, int], *,
                dpi: float, timeout: float) -> Overlay | None:
    """One frame cut out straight and read on its own; None when its text is no overlay's."""
    turned = top.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    ratio = dpi / WORK_DPI
    x0, y0, x1, y1 = (int(v * ratio) for v in box)
    crop = turned.crop((x0, y0, x1, y1))
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
        read = _day_reread(read, plain_crop=crop, dpi=dpi * zoom, timeout=timeout)
    lines: list[list[ocr.OcrWord]] = []  # the box's lines, in its own straight frame
    for w in sorted(read, key=lambda w: ((w.box[1] + w.box[3]) / 2, w.box[0])):
        mid = (w.box[1] + w.box[3]) / 2
        if lines and abs(mid - (lines[-1][0].box[1] + lines[-1][0].box[3]) / 2) < 0.6 * max(
                1, lines[-1][0].box[3] - lines[-1][0].box[1]):
            lines[-1].append(w)
        else:
            lines.append([w])
    placed = []
    for ws in lines:
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
