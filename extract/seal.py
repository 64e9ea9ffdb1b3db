"""Seals off the page before OCR: red ink dropped in colour, a seal's ring and grey whitened.

A red seal stamped over the signer's title and name makes Tesseract's layout analysis take
the block for a picture and drop it. In colour the seal is told from the black text printed
under it by its chroma; once turned grey a red seal is as dark as faded text (60-120), so in
a grey scan it is found by its shape: a round ring of ink much larger than letters.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from extract.cleanup import _grow

#: Red over the other channels (0-255) from which a pixel counts as red ink, fully red ink.
RED_FROM, RED_FULL = 25, 60
#: Red ink whose red channel is brighter than this is seal ink alone (no black under it).
RED_ALONE = 150


def _red_share(rgb: np.ndarray) -> float:
    r = rgb[..., 0].astype(np.int16)
    other = np.maximum(rgb[..., 1], rgb[..., 2]).astype(np.int16)
    return float(((r - other) > RED_FULL).mean())


_COLOUR_MODES = frozenset({"RGB", "RGBA", "RGBX", "P", "PA", "CMYK", "YCbCr", "LAB", "HSV"})


def grey_page(image: Image.Image) -> Image.Image:
    """The page in grey, red seal ink whitened first (black text under the seal kept).

    Blue ink is kept: handwritten numbers and dates are written in blue pen.
    """
    if image.mode not in _COLOUR_MODES:
        return image.convert("L")
    rgb_image = image.convert("RGB")
    rgb = np.asarray(rgb_image, dtype=np.uint8)
    # A look at every fourth pixel first: most pages carry no red at all.
    if _red_share(rgb[::4, ::4]) < 0.0002:
        return rgb_image.convert("L")
    r = rgb[..., 0].astype(np.float32)
    g = rgb[..., 1].astype(np.float32)
    b = rgb[..., 2].astype(np.float32)
    luma = 0.299 * r + 0.587 * g + 0.114 * b
    weight = np.clip((r - np.maximum(g, b) - RED_FROM) / (RED_FULL - RED_FROM), 0.0, 1.0)
    # Seen through a red filter: red ink turns to paper and black text stays black.
    through_red = np.where(r > RED_ALONE, 255.0, r)
    out = luma + weight * (through_red - luma)
    return Image.fromarray(np.clip(out + 0.5, 0, 255).astype(np.uint8))


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
