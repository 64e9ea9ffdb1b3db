"""The scale of a page image that does not say its own, and small text enlarged for OCR.

A PNG without a DPI tag, or a JPEG tagged with a screen's 72 or 96 dpi, says nothing of the
paper. A page whose shape is A4's is taken for A4 (the short side is 210 mm). Otherwise the
body text says it: an official letter's body is set in 13-14 pt type (ND 30/2020), so the
height of its lines' cores (the x-height band, where most of a line's ink lies) gives the
pixels per point. Boxes are then in the paper's true points whatever the file claims.

Tesseract reads best with capitals some 30 pixels tall: a page whose scale puts body type much
smaller than that is enlarged before it is read (boxes are still given in the page's points).
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from extract import cleanup
from extract.photo import A4

#: Screen resolutions that software writes when it knows nothing of the paper.
SCREEN_DPI = frozenset({72, 96})
#: A page this close to A4's shape (height over width, either way up) is taken for A4.
A4_SHAPE = 0.03
#: A4's short side, in inches.
A4_SHORT_IN = 210 / 25.4
#: The height of a body line's core (x-height band), in points, of 13-14 pt type: 6.1-6.5 on
#: the generator's letters, 5.0-7.4 (most 5.8-6.7) on real scanned letters.
CORE_PT = 6.2
#: What a scan's blur adds to the core's height, in pixels (it tells at low resolution).
BLUR_PX = 0.5
#: Below this resolution body type is too small for Tesseract: the page is enlarged...
MIN_OCR_DPI = 220
#: ...to this one (13 pt capitals some 35 pixels tall).
OCR_DPI = 300
#: The share of a line's ink below the core's top and bottom (ink rows, counted up from the top).
CORE_SHARE = (0.15, 0.85)
#: Fewer body lines than this say nothing reliable of the type's size.
MIN_LINES = 4


def paper_dpi(image: Image.Image, tagged: float | None) -> float | None:
    """The page's resolution: its tag when it is a scanner's, else from A4 or the body text.

    None when nothing tells (no tag, not A4's shape, too few lines of text).
    """
    if tagged is not None and round(tagged) not in SCREEN_DPI:
        return tagged
    short, long = sorted(image.size)
    if short and abs(long / short / A4 - 1) <= A4_SHAPE:
        return short / A4_SHORT_IN
    core = body_core_px(image)
    return None if core is None else (core - BLUR_PX) / CORE_PT * 72.0


def body_core_px(image: Image.Image) -> float | None:
    """The usual height in pixels of the cores of the page's long lines, or None."""
    grey = image if image.mode == "L" else image.convert("L")
    skew = cleanup.estimate_skew(grey)
    if abs(skew) >= 0.3:
        grey = cleanup.rotate(grey, skew)
    arr = np.asarray(grey, dtype=np.uint8)
    ink = arr < cleanup._otsu(arr)
    h, w = ink.shape
    rows = ink.sum(axis=1)
    lines = _runs(rows > max(1, w // 200))
    cores = []
    for top, bottom in lines:
        if bottom - top < 3:
            continue
        band = ink[top:bottom]
        cols = np.flatnonzero(band.any(axis=0))
        if cols.size == 0 or cols[-1] - cols[0] < 0.4 * w:
            continue  # not a body line: a heading, a signature, a number
        # The band holding the middle of the line's ink: the x-height, wherever the strokes'
        # peaks fall (serifs, a scan's blur), and not the accents above nor the descenders.
        mass = np.cumsum(rows[top:bottom], dtype=np.float64)
        low, high = np.searchsorted(mass, (CORE_SHARE[0] * mass[-1], CORE_SHARE[1] * mass[-1]))
        cores.append(int(high - low) + 1)
    if len(cores) < MIN_LINES:
        return None
    # The mean of the middle half: finer than any one line's whole pixels, deaf to outliers.
    middle = sorted(cores)[len(cores) // 4:len(cores) - len(cores) // 4]
    return float(np.mean(middle))


def _runs(flags: np.ndarray) -> list[tuple[int, int]]:
    """[start, end) of each run of True."""
    padded = np.concatenate(([False], flags, [False])).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True))


def for_ocr(image: Image.Image, dpi: float, *, most: int) -> tuple[Image.Image, float]:
    """The page enlarged to OCR_DPI when its type is too small for Tesseract, and its dpi.

    Never past `most` pixels (the pixel limit): a big picture of large type stays as it is.
    """
    if dpi >= MIN_OCR_DPI:
        return image, dpi
    zoom = min(OCR_DPI / dpi, (most / max(1, image.width * image.height)) ** 0.5)
    if zoom < 1.05:
        return image, dpi
    size = (round(image.width * zoom), round(image.height * zoom))
    return image.resize(size, Image.Resampling.LANCZOS), dpi * size[0] / image.width
