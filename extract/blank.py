"""Blank and near-blank pages, found by a cheap ink measure before any OCR.

A scanned letter's back pages, separator sheets and the padding pages of a batch scan carry no
text; Tesseract and the quality gate's second readings would spend seconds on each. The page
is looked at once, sub-sampled to about 100 dpi: the share of its inner area (the scanner's
edge shadows left out) that is clearly darker than its paper. Under a few words' worth of ink,
the page is blank: it is given back with no words and a quality record saying so.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from extract.model import OcrQuality

#: The resolution the ink is measured at: strokes of body type still show, and it is cheap.
LOOK_DPI = 100
#: A pixel this much darker than the paper is ink (scanner noise and JPEG ringing are not).
INK_CONTRAST = 60
#: The share of the page's width and height left out at each edge: scanners shade the edges.
EDGE = 0.04
#: Less ink than this share of the inner page is a blank page. About fifteen characters of
#: body type at 13 pt: a page number or a speck of dust, never a line of a letter.
BLANK_INK = 0.0005
#: The quality record's recipe for a page found blank (it was never OCR'd).
BLANK = "blank"


def ink_share(image: Image.Image, *, dpi: float) -> float:
    """The share of the inner page that is ink, measured at about LOOK_DPI."""
    grey = image if image.mode == "L" else image.convert("L")
    step = max(1, int(dpi / LOOK_DPI))
    small = grey.reduce(step) if step > 1 else grey
    arr = np.asarray(small, dtype=np.uint8)
    h, w = arr.shape
    dy, dx = int(h * EDGE), int(w * EDGE)
    inner = arr[dy:h - dy, dx:w - dx]
    if inner.size == 0:
        return 0.0
    hist = np.bincount(inner.ravel(), minlength=256)
    # The paper's grey: the level below which 90% of the pixels lie (a page is mostly paper).
    paper = int(np.searchsorted(np.cumsum(hist), 0.9 * inner.size))
    dark = max(0, paper - INK_CONTRAST)
    return float(hist[:dark].sum()) / inner.size


def is_blank(image: Image.Image, *, dpi: float) -> bool:
    """Whether the page carries no text worth reading (less than BLANK_INK of ink)."""
    return ink_share(image, dpi=dpi) < BLANK_INK


def blank_quality() -> OcrQuality:
    """The quality record of a page found blank: nothing read, nothing to doubt."""
    return OcrQuality(mean_confidence=0.0, dictionary_share=0.0, invalid_share=0.0, score=0.0,
                      recipe=BLANK)
