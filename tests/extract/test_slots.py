"""Numbers and days written by hand into a printed letter's blanks, read from its scan."""

from __future__ import annotations

import random
from functools import lru_cache

import pytest
from PIL import Image, ImageDraw, ImageFont

from corpus.synth.build import scanned
from corpus.synth.compose import compose
from corpus.synth.fonts import FACES, FONT_DIR
from corpus.synth.scan import ScanStyle
from corpus.synth.styles.numbering import written_by_hand
from extract import lines, slots
from extract.model import Word
from extract.pipeline import extract_bytes
from nlp.read import read_letter

#: The review bar of the reviewer's pages (api.web.views.LOW_CONFIDENCE).
REVIEW_BAR = 0.8
SEEDS = range(1, 17)


def _typed_line(text: str, size: int = 40) -> Image.Image:
    face = ImageFont.truetype(str(FONT_DIR / FACES["regular"]), size)
    image = Image.new("L", (round(face.getlength(text)) + 40, round(size * 1.6)), 255)
    ImageDraw.Draw(image).text((20, size * 0.2), text, font=face, fill=0)
    return image


def test_the_line_model_reads_a_printed_number_line_with_its_characters_placed():
    image = _typed_line("Số: 4563/UBND-VP")
    reading = lines.read_line(image)
    assert "4563/UBND-VP" in reading.text
    digits = [g for g in reading.glyphs if g.text.isdigit()]
    assert [g.text for g in digits] == list("4563")
    assert all(a.x1 <= b.x0 + 1 for a, b in zip(digits, digits[1:], strict=False))
    colon = next(g for g in reading.glyphs if g.text == ":")
    slash = next(g for g in reading.glyphs if g.text == "/")
    assert "".join(g.text for g in reading.digits_between(colon.x1, slash.x0)) == "4563"


def test_a_slot_holds_digits_only_so_a_stroke_like_a_letter_is_the_digit_it_looks_like():
    # "l5" typed: the model reads a letter l, which in a digit slot is a one.
    image = _typed_line("ngày l5 tháng")
    reading = lines.read_line(image)
    t = next(i for i, g in enumerate(reading.glyphs) if g.text == "t")
    label_end = reading.glyphs[3].x1
    found = reading.digits_between(label_end, reading.glyphs[t].x0)
    assert "".join(g.text for g in found if g.probability >= slots.MIN_DIGIT) == "15"


def _word(text: str, x0: float, x1: float, confidence: float = 0.95) -> Word:
    return Word(text, (x0, 100.0, x1, 112.0), confidence)


def test_a_typed_number_that_tesseract_is_sure_of_is_kept_as_it_is():
    image = Image.new("L", (1700, 2300), 255)
    face = ImageFont.truetype(str(FONT_DIR / FACES["regular"]), 50)
    ImageDraw.Draw(image).text((300, 420), "Số: 4563/UBND-VP", font=face, fill=0)
    scale = 72 / 200
    words = (_word("Số:", 300 * scale, 380 * scale),
             _word("4563/UBND-VP", 400 * scale, 760 * scale))
    words = tuple(Word(w.text, (w.bbox[0], 420 * scale, w.bbox[2], 470 * scale), w.confidence)
                  for w in words)
    out = slots.reread(words, image, dpi=200, height=2300 * scale)
    assert [w.text for w in out] == ["Số:", "4563/UBND-VP"]


@lru_cache(maxsize=1)
def _read_handwritten() -> list[tuple[dict[str, object], dict[str, object]]]:
    """Letters whose number and day a clerk wrote by hand, scanned in grey and in colour."""
    out = []
    for seed in SEEDS:
        letter = written_by_hand(compose(seed), random.Random(seed))
        data, _ = scanned(letter, ScanStyle(dpi=200, colour=seed % 2 == 0), seed=seed)
        fields = read_letter(extract_bytes(data, name="viet-tay.pdf")).fields
        out.append((letter.gold, {k: fields[k] for k in ("doc_ref", "issued_date", "issuer")}))
    return out


@pytest.mark.slow
@pytest.mark.parametrize(("field", "floor"), [("doc_ref", 0.75), ("issued_date", 0.8),
                                              ("issuer", 0.95)])
def test_a_handwritten_number_and_day_are_read_from_the_scan(field, floor):
    read = _read_handwritten()
    right = sum(1 for gold, fields in read if fields[field].value == gold[field])
    assert right / len(read) >= floor, f"{field}: {right}/{len(read)}"


@pytest.mark.slow
def test_a_handwritten_number_read_wrong_is_never_above_the_review_bar():
    for gold, fields in _read_handwritten():
        for key in ("doc_ref", "issued_date"):
            got = fields[key]
            if got.value is not None and got.value != gold[key]:
                assert got.confidence is not None and got.confidence < REVIEW_BAR, (key, got)
