"""The one place that decides whether a PDF page's text layer is real or must be OCR'd."""

from __future__ import annotations

from typing import Literal

from extract.quality import judge_vietnamese, text_is_garbage

#: A page this much covered by images is a scan, whatever invisible text it carries...
SCAN_COVERAGE = 0.8
#: ...unless that text is this good: a scanner's own Vietnamese OCR layer is kept.
GOOD_LAYER_WORDS = 150
#: A scan's text layer is trusted unread when this share of its words carry their marks, at
#: most this share are impossible syllables, and at least this share are in the word list.
TRUSTED_MARKED = 0.6
TRUSTED_INVALID = 0.1
TRUSTED_KNOWN = 0.8
#: OCR that finds less than this share of the layer's words has missed part of the page.
OCR_WORDS_SHARE = 0.5

#: How a PDF page is read: its text layer; OCR; or both, keeping the better (`compare`).
HowToRead = Literal["text_layer", "ocr", "compare"]


def how_to_read(*, text: str, image_coverage: float) -> HowToRead:
    """How to read a page with this text layer and this much of it covered by images.

    No text, garbage, or a scan whose layer is a line or two (an e-office's "signed by"
    text): OCR. A page that is not mostly an image: its text layer. A scan with a full text
    layer: that layer when it is good Vietnamese (a scanner's own OCR); when its words lack
    their marks or are not Vietnamese syllables (an old program's OCR, without diacritics or
    in mojibake), the page is OCR'd too and the better reading kept (`keep_layer`).
    """
    if text_is_garbage(text):
        return "ocr"
    if image_coverage < SCAN_COVERAGE:
        return "text_layer"
    if len(text.split()) < GOOD_LAYER_WORDS:
        return "ocr"
    layer = judge_vietnamese(text)
    if (layer.marked >= TRUSTED_MARKED and layer.invalid <= TRUSTED_INVALID
            and layer.known >= TRUSTED_KNOWN):
        return "text_layer"
    return "compare"


def needs_ocr(*, text: str, image_coverage: float) -> bool:
    """True when the page will be OCR'd (to be read so, or to be compared with its layer)."""
    return how_to_read(text=text, image_coverage=image_coverage) != "text_layer"


def keep_layer(*, layer_text: str, ocr_text: str) -> bool:
    """True when a doubted text layer reads as better Vietnamese than OCR of the same page.

    OCR that found far fewer words than the layer holds lost part of the page: the layer stays.
    """
    layer, ocr = judge_vietnamese(layer_text), judge_vietnamese(ocr_text)
    if ocr.judged < OCR_WORDS_SHARE * layer.judged:
        return True
    return layer.score >= ocr.score
