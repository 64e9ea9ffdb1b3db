"""OCR word recall on the generator's scans and photos, beside raw Tesseract on the same images.

Recall is the share of the page's true words (as a multiset) that the reading has. Raw
Tesseract is `tesseract IMAGE - -l vie` on the very images congvan reads, in the same run:
congvan's clean-up, regions and second readings must not lose words that Tesseract alone finds.
"""

from __future__ import annotations

import io
from collections import Counter

import pymupdf
import pytesseract
import pytest
from PIL import Image

from corpus.synth.compose import compose
from corpus.synth.photo import photographed
from corpus.synth.render import render
from extract.pipeline import extract_bytes
from tests.conftest import fold

pytestmark = pytest.mark.slow

#: Letters of one page, photographed (a photo shows one sheet).
PHOTO_SEEDS = (4, 8, 9, 10)


def _words(text: str) -> Counter[str]:
    return Counter(w.strip(".,;:()\"'") for w in fold(text).split() if w.strip(".,;:()\"'"))


def recall(read: str, truth: str) -> tuple[int, int]:
    """How many of the true words the reading has, and how many there are."""
    have, want = _words(read), _words(truth)
    return sum((have & want).values()), sum(want.values())


def _raw(image: Image.Image) -> str:
    return str(pytesseract.image_to_string(image, lang="vie"))


def _page_images(data: bytes) -> list[Image.Image]:
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        out = []
        for page in doc:
            xref = page.get_images()[0][0]
            out.append(Image.open(io.BytesIO(doc.extract_image(xref)["image"])))
        return out


def test_word_recall_on_200dpi_scans_is_at_least_98_5_percent_and_no_worse_than_raw_tesseract(
        grey_scans_200dpi, grey_scans_200dpi_read):
    ours = raw = total = 0
    for (_, data, truth), (_, extraction, _) in zip(grey_scans_200dpi, grey_scans_200dpi_read,
                                                    strict=True):
        for page, image, true_page in zip(extraction.pages, _page_images(data), truth,
                                          strict=True):
            have, want = recall(page.text, true_page.text())
            ours, total = ours + have, total + want
            raw += recall(_raw(image), true_page.text())[0]
    assert ours / total >= 0.985, (ours / total, raw / total)
    assert ours >= raw * 0.995, (ours / total, raw / total)


def test_word_recall_on_phone_photos_is_at_least_98_percent_and_no_worse_than_raw_tesseract():
    ours = raw = total = 0
    for seed in PHOTO_SEEDS:
        letter = compose(seed)
        truth = render(letter)[1][0].text()
        data, _ = photographed(letter, seed=seed)
        extraction = extract_bytes(data, name=f"anh-{seed}.jpg")
        have, want = recall(extraction.pages[0].text, truth)
        ours, total = ours + have, total + want
        raw += recall(_raw(Image.open(io.BytesIO(data))), truth)[0]
    assert ours / total >= 0.98, (ours / total, raw / total)
    assert ours >= raw, (ours / total, raw / total)
