"""Blank and near-blank pages, found by a cheap ink measure before any OCR.

A scanned letter's back pages, separator sheets and the padding pages of a batch scan carry no
text; Tesseract and the quality gate's second readings would spend seconds on each. The page
is looked at once, on a grid of sample points: the share of its inner area (the scanner's
edge shadows left out) that is clearly darker than its paper. Under a few words' worth of
ink, the page is blank: it is given back with no words and a quality record saying so. A PDF
page is looked at in a render at LOOK_DPI (cheap); an image file's page as it is decoded.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from extract.model import OcrQuality

#: The resolution a PDF page is rendered at to be looked at: body type's strokes still show.
LOOK_DPI = 100
#: The page is sampled on a grid about this many points across its short side.
SAMPLE_SIDE = 800
#: A pixel this much darker than the paper is ink (scanner noise and JPEG ringing are not).
INK_CONTRAST = 60
#: The share of the page's width and height left out at each edge: scanners shade the edges.
EDGE = 0.04
#: Less ink than this share of the inner page is a blank page: about twenty characters of
#: body type at 13 pt (a page number, specks, a seal showing through from the other side);
#: the sparsest page of a real letter seen (four short lines and a name) has five times more.
BLANK_INK = 0.0008
#: The quality record's recipe for a page found blank (it was never OCR'd).
BLANK = "blank"


def ink_share(image: Image.Image) -> float:
    """The share of the inner page that is ink (a share of area: the same at any resolution)."""
    w, h = image.size
    dx, dy = int(w * EDGE), int(h * EDGE)
    if w - 2 * dx <= 0 or h - 2 * dy <= 0:
        return 0.0
    # Every few pixels, not their average: a sample of the area keeps the ink's share (thin
    # strokes are not washed out), and costs a fraction of a look at every pixel.
    step = max(1, min(w, h) // SAMPLE_SIDE)
    box = (dx, dy, w - dx, h - dy)
    size = (max(1, (w - 2 * dx) // step), max(1, (h - 2 * dy) // step))
    sample = image.resize(size, Image.Resampling.NEAREST, box=box)
    grey = sample if sample.mode == "L" else sample.convert("L")
    hist = np.array(grey.histogram(), dtype=np.int64)
    total = int(hist.sum())
    # The paper's grey: the level below which 90% of the pixels lie (a page is mostly paper).
    paper = int(np.searchsorted(np.cumsum(hist), 0.9 * total))
    dark = max(0, paper - INK_CONTRAST)
    return float(hist[:dark].sum()) / total


def is_blank(image: Image.Image) -> bool:
    """Whether the page carries no text worth reading (less than BLANK_INK of ink)."""
    return ink_share(image) < BLANK_INK


def blank_quality() -> OcrQuality:
    """The quality record of a page found blank: nothing read, nothing to doubt."""
    return OcrQuality(mean_confidence=0.0, dictionary_share=0.0, invalid_share=0.0, score=0.0,
                      recipe=BLANK)
