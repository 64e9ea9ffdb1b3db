"""The one place that decides whether a PDF page's text layer is real or must be OCR'd."""

from __future__ import annotations

from extract.quality import text_is_garbage

#: A page this much covered by images is a scan, whatever invisible text it carries...
SCAN_COVERAGE = 0.8
#: ...unless that text is this good: a scanner's own Vietnamese OCR layer is kept.
GOOD_LAYER_WORDS = 150


def needs_ocr(*, text: str, image_coverage: float) -> bool:
    """True when the page has no usable text layer: no text, garbage, or a page-sized image."""
    if text_is_garbage(text):
        return True
    if image_coverage >= SCAN_COVERAGE:
        return len(text.split()) < GOOD_LAYER_WORDS
    return False
