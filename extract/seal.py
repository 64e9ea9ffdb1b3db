"""Seals off the page before OCR: red ink dropped in colour, a seal's ring and grey whitened.

A red seal stamped over the signer's title and name makes Tesseract's layout analysis take
the block for a picture and drop it. In colour the seal is told from the black text printed
under it by its chroma; once turned grey a red seal is as dark as faded text (60-120), so in
a grey scan it is found by its shape: a round ring of ink much larger than letters.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from PIL import Image

from extract.cleanup import _grow
from extract.cleanup import _otsu as cleanup_otsu
from extract.cleanup import components as cleanup_components

#: Red over the other channels (0-255) from which a pixel counts as red ink, fully red ink.
RED_FROM, RED_FULL = 25, 60
#: Red ink whose red channel is brighter than this is seal ink alone (no black under it).
RED_ALONE = 150


def _red_share(rgb: np.ndarray) -> float:
    r = rgb[..., 0].astype(np.int16)
    other = np.maximum(rgb[..., 1], rgb[..., 2]).astype(np.int16)
    return float(((r - other) > RED_FULL).mean())


#: A page previewed in colour at this resolution shows whether it carries red ink at all.
PREVIEW_DPI = 40


def has_red(preview: Image.Image) -> bool:
    """Whether a small colour preview of the page shows red ink (a seal, a red stamp)."""
    rgb = np.asarray(preview.convert("RGB"), dtype=np.uint8)
    r = rgb[..., 0].astype(np.int16)
    dominance = r - np.maximum(rgb[..., 1], rgb[..., 2]).astype(np.int16)
    # Blurred into the paper at this size, a seal's ring is still clearly red in places.
    return int(np.count_nonzero(dominance > RED_FROM + 15)) >= max(12, 0.0001 * r.size)


_COLOUR_MODES = frozenset({"RGB", "RGBA", "RGBX", "P", "PA", "CMYK", "YCbCr", "LAB", "HSV"})


def grey_page(image: Image.Image, *, dpi: float | None = None) -> Image.Image:
    """The page in grey, red seal ink whitened first (black text under the seal kept).

    `dpi` when known; else the image is taken for a whole A4 page's width.
    """
    grey = image.convert("L")
    if image.mode not in _COLOUR_MODES:
        return grey
    return drop_red(grey, image.convert("RGB"), dpi=dpi)


def drop_red(grey: Image.Image, colour: Image.Image, *, dpi: float | None = None) -> Image.Image:
    """The grey page with the red ink of its colour twin whitened; other pixels left as they are.

    Seen through a red filter, red ink turns to paper and the black text under it stays
    black. Blue ink is kept: handwritten numbers and dates are written in blue pen.
    """
    rgb = np.asarray(colour.convert("RGB"), dtype=np.uint8)
    # A look at every fourth pixel first: most pages carry no red at all.
    if rgb.shape[:2] != (grey.height, grey.width) or _red_share(rgb[::4, ::4]) < 0.0002:
        return grey
    r = rgb[..., 0].astype(np.int16)
    dominance = r - np.maximum(rgb[..., 1], rgb[..., 2]).astype(np.int16)
    touched = _in_seals(dominance > RED_FROM, dpi or grey.width / A4_WIDTH_IN)
    if not touched.any():
        return grey
    arr = np.asarray(grey, dtype=np.uint8).copy()
    weight = np.clip((dominance[touched] - RED_FROM) / (RED_FULL - RED_FROM), 0.0, 1.0)
    red = r[touched].astype(np.float32)
    through_red = np.where(red > RED_ALONE, 255.0, red)
    old = arr[touched].astype(np.float32)
    arr[touched] = np.clip(old + weight * (through_red - old) + 0.5, 0, 255).astype(np.uint8)
    return Image.fromarray(arr)


#: A seal's size in inches (30-45 mm seals, a 12-20 mm e-office logo), and how far from round
#: its red may be; red ink of other shapes is a stamp's or a mark's (ĐẾN, KHẨN, MẬT), which is
#: read, not dropped.
SEAL_SIZE = (0.4, 2.1)
SEAL_ROUND = 1.4
#: The red mask is looked at in cells of this size, in inches.
CELL_IN = 0.02
#: An A4 page's width in inches: the scale of a page image whose resolution is not known.
A4_WIDTH_IN = 8.27


def _in_seals(red: np.ndarray, dpi: float) -> np.ndarray:
    """The red pixels that belong to round, seal-sized patches of red ink."""
    h, w = red.shape
    cell = max(1, round(dpi * CELL_IN))
    rows, cols = h // cell, w // cell
    if rows == 0 or cols == 0:
        return red
    coarse = red[:rows * cell, :cols * cell].reshape(rows, cell, cols, cell).any(axis=(1, 3))
    # A ring's broken strokes and the text inside it make one patch.
    coarse = _grow(np.asarray(coarse), 2)
    keep = np.zeros_like(red)
    for x0, y0, x1, y1 in cleanup_components(coarse):
        bw, bh = (x1 - x0) * cell / dpi, (y1 - y0) * cell / dpi
        if not (SEAL_SIZE[0] <= bw <= SEAL_SIZE[1] and SEAL_SIZE[0] <= bh <= SEAL_SIZE[1]):
            continue
        if max(bw, bh) / max(min(bw, bh), 1e-6) > SEAL_ROUND:
            continue
        keep[y0 * cell:y1 * cell, x0 * cell:x1 * cell] = True
    return red & keep


#: Grey darker than this is text ink; between it and SEAL_LIGHT is a colour seal scanned in grey.
SEAL_DARK, SEAL_LIGHT = 100, 215
#: A seal's grey sits in one compact patch; a faded page's grey is spread over all its text.
SEAL_AREA = 0.08


def drop_seal(image: Image.Image) -> tuple[Image.Image, bool]:
    """The page with a light seal (mid grey, off text strokes) whitened, and whether it had one.

    Black text printed under the seal stays dark and is kept.
    """
    arr = np.asarray(image.convert("L"), dtype=np.uint8)
    # A look at every fourth pixel first: most pages have no grey away from their strokes.
    sub = arr[::4, ::4]
    sub_isolated = (sub >= SEAL_DARK) & (sub < SEAL_LIGHT) & ~_grow(sub < SEAL_DARK, 1)
    if sub_isolated.sum() < 0.0005 * sub.size:
        return image, False
    dark = arr < SEAL_DARK
    mid = (arr >= SEAL_DARK) & (arr < SEAL_LIGHT)
    isolated = mid & ~_grow(dark, 2)
    count = int(isolated.sum())
    if count < 0.0005 * arr.size:
        return image, False
    ys, xs = np.nonzero(isolated)
    y0, y1 = np.percentile(ys, (2, 98))
    x0, x1 = np.percentile(xs, (2, 98))
    if (y1 - y0) * (x1 - x0) > SEAL_AREA * arr.size:
        return image, False
    out = arr.copy()
    out[isolated] = 255
    return Image.fromarray(out), True


#: Rings are looked for on a grid of about this many cells an inch (a cell is inked if any
#: of its pixels is).
RING_GRID_DPI = 25
#: An office seal is 30-45 mm across; the radii looked for, in inches.
RING_RADII = (0.55, 0.95)
#: Of the cells on a seal's ring at least this share is inked; just outside it, this much less.
RING_INKED, RING_CONTRAST = 0.88, 0.6
#: A seal whose grey is this much lighter than the page's text is told from it by its grey.
SEAL_LIGHTER = 35


@dataclass(frozen=True, slots=True)
class Ring:
    """A seal's outer ring found on a grey page: centre and radius in pixels."""

    x: float
    y: float
    radius: float


@lru_cache(maxsize=64)
def _annulus(shape: tuple[int, int], radius: float, width: float = 0.75) -> np.ndarray:
    """The spectrum of a ring of cells of `radius`, each weighing its share of the ring."""
    h, w = shape
    yy, xx = np.mgrid[:h, :w]
    # Centred on (0, 0) with wrap-around, as the FFT correlation wants it.
    dy = np.minimum(yy, h - yy)
    dx = np.minimum(xx, w - xx)
    ring = np.abs(np.hypot(dy, dx) - radius) <= width
    return np.fft.rfft2((ring / ring.sum()).astype(np.float32))


def find_rings(arr: np.ndarray, *, dpi: float, ink: int) -> list[Ring]:
    """The seal rings on a grey page: round rings of ink, clear just outside, letters' size x10."""
    size_px = max(1, round(dpi / RING_GRID_DPI))
    step = max(1, size_px // 4)  # every fourth pixel of a cell still meets a ring's stroke
    cell = size_px // step * step
    sub = arr[::step, ::step]
    per_cell = cell // step
    h, w = sub.shape[0] // per_cell, sub.shape[1] // per_cell
    if h < 8 or w < 8:
        return []
    cells = sub[:h * per_cell, :w * per_cell].reshape(h, per_cell, w, per_cell).min(
        axis=(1, 3)) < ink
    per_inch = dpi / cell
    lo, hi = (round(r * per_inch) for r in RING_RADII)
    # Room for the widest ring, so nothing wraps around; sizes of 16s are quick to transform.
    size = (-(-(h + hi + 5) // 16) * 16, -(-(w + hi + 5) // 16) * 16)
    spectrum = np.fft.rfft2(cells.astype(np.float32), s=size)
    best: list[tuple[float, int, int, float]] = []
    for radius in range(lo, hi + 1):
        on = np.fft.irfft2(spectrum * _annulus(size, radius), s=size)[:h, :w]
        out = np.fft.irfft2(spectrum * _annulus(size, radius + 3), s=size)[:h, :w]
        score = np.where((on >= RING_INKED) & (on - out >= RING_CONTRAST), on - out, 0.0)
        # The whole ring on the page.
        score[:radius + 3, :] = 0
        score[h - radius - 3:, :] = 0
        score[:, :radius + 3] = 0
        score[:, w - radius - 3:] = 0
        y, x = np.unravel_index(int(np.argmax(score)), score.shape)
        if score[y, x] > 0:
            best.append((float(score[y, x]), int(y), int(x), float(radius)))
    rings: list[Ring] = []
    for _, row, col, cells_across in sorted(best, reverse=True):
        cx, cy = (col + 0.5) * cell, (row + 0.5) * cell
        if all(np.hypot(cx - r.x, cy - r.y) > r.radius for r in rings):
            rings.append(Ring(x=cx, y=cy, radius=cells_across * cell))
    return rings


def drop_rings(image: Image.Image, *, dpi: float) -> tuple[Image.Image, bool]:
    """The grey page with each seal found by its ring whitened, text strokes under it kept.

    A seal lighter than the text is whitened where its grey is lighter than the text's. A seal
    as dark as the text (a black-and-white scan) is left: whitening its ring would cut the
    strokes of the title and name that cross it.
    """
    arr = np.asarray(image.convert("L"), dtype=np.uint8)
    sub = arr[::4, ::4]
    ink = min(cleanup_otsu(sub), SEAL_LIGHT)
    inked = sub[sub < ink]
    if inked.size == 0:
        return image, False
    text_level = float(np.percentile(inked, 10))
    # A first look: a seal lighter than the text leaves many pixels of its grey (none on a
    # black-and-white page).
    if np.count_nonzero(inked >= text_level + SEAL_LIGHTER) < 0.001 * sub.size:
        return image, False
    rings = find_rings(arr, dpi=dpi, ink=ink)
    if not rings:
        return image, False
    out = arr.copy()
    dropped = False
    for ring in rings:
        dropped |= _whiten_ring(out, ring, ink=ink, text_level=text_level, dpi=dpi)
    return (Image.fromarray(out), True) if dropped else (image, False)


def _whiten_ring(out: np.ndarray, ring: Ring, *, ink: int, text_level: float,
                 dpi: float) -> bool:
    cell = dpi / RING_GRID_DPI
    reach = ring.radius + 3 * cell
    y0, y1 = max(0, int(ring.y - reach)), min(out.shape[0], int(ring.y + reach) + 1)
    x0, x1 = max(0, int(ring.x - reach)), min(out.shape[1], int(ring.x + reach) + 1)
    patch = out[y0:y1, x0:x1]  # a view: whitened in place
    yy, xx = np.mgrid[y0:y1, x0:x1]
    dist = np.hypot(yy - ring.y, xx - ring.x)
    inked = patch < ink
    # The ring to the pixel: the radii near the coarse one where the ink runs all round.
    near = inked & (np.abs(dist - ring.radius) <= 2 * cell)
    if not near.any():
        return False
    counts = np.bincount(np.round(dist[near]).astype(np.int64))
    outer = float(np.nonzero(counts >= 0.5 * counts.max())[0].max())
    ring_level = float(np.median(patch[near]))
    if ring_level - text_level >= SEAL_LIGHTER:
        # Lighter than the text: all of the seal's grey goes, the text's dark strokes stay.
        cut = (ring_level + text_level) / 2
        # The ring's soft outer edge too (blur and JPEG spread it over a few pixels).
        patch[(dist <= outer + max(2.0, dpi / 50)) & (patch > cut)] = 255
        return True
    return False
