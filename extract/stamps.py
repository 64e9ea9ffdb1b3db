"""Numbers and days the e-office system stamped into a signed letter as pictures in widgets.

The letter's text says "Số:      /UBND-VP" and "ngày    tháng 6 năm 2026"; after signing, the
system fills the blanks. When it fills them with a picture in a signature widget, the text
layer never holds them: the widget's ink is read here, for digits only, and set on the page
where it shows.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from statistics import median

import pymupdf
from PIL import Image

from extract import ocr, pdf
from extract.errors import ExtractError
from extract.model import Word

log = logging.getLogger(__name__)

#: White pixels put around a widget's ink: Tesseract reads nothing touching the edge.
PAD = 30
#: Below this confidence a stamped number is not believed.
MIN_CONFIDENCE = 0.6
#: A stamped number or day has at most this many digits.
MAX_DIGITS = 6


def stamped_words(page: pymupdf.Page, words: Sequence[Word], *,
                  timeout: float = 10.0) -> list[Word]:
    """The digits stamped as pictures in the page's line-sized widgets, in page points."""
    if not words:
        return []
    text_height = median(w.bbox[3] - w.bbox[1] for w in words)
    out: list[Word] = []
    for ink in pdf.widget_ink(page, text_height=text_height):
        padded = Image.new("L", (ink.image.width + 2 * PAD, ink.image.height + 2 * PAD), 255)
        padded.paste(ink.image, (PAD, PAD))
        try:
            found = ocr.read_digits(image=padded, dpi=ink.dpi, timeout=timeout)
        except ExtractError as e:
            log.info("page %d: stamped widget not read (%s)", page.number + 1, e.code)
            continue
        scale = 72.0 / ink.dpi
        for w in found:
            if not w.text.isdigit() or len(w.text) > MAX_DIGITS or w.confidence < MIN_CONFIDENCE:
                continue
            x0, y0 = ink.rect[0] - PAD * scale, ink.rect[1] - PAD * scale
            out.append(Word(w.text, (round(x0 + w.box[0] * scale, 2),
                                     round(y0 + w.box[1] * scale, 2),
                                     round(x0 + w.box[2] * scale, 2),
                                     round(y0 + w.box[3] * scale, 2)),
                            round(w.confidence, 3)))
    return out
