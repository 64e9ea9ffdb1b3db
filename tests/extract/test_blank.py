"""Blank pages are found before OCR, and a file's time budget: Tesseract replaced by fakes."""

from __future__ import annotations

import io

import pymupdf
import pytest
from PIL import Image

from corpus.synth import hostile
from corpus.synth.build import corpus_scan_style, scan_images
from corpus.synth.compose import compose
from extract import blank, ocr, pipeline
from extract.errors import ErrorCode, ExtractError
from extract.limits import Limits
from extract.pdf import render_page
from extract.pipeline import extract_bytes, page_plan


class FakeTesseract:
    """Counts every call that would start Tesseract; reads each image as one word."""

    def __init__(self) -> None:
        self.calls = 0

    def ocr_image(self, **_: object) -> list[ocr.OcrWord]:
        self.calls += 1
        return [ocr.OcrWord("chữ", (100, 100, 200, 140), 0.95, 1001, 1)]

    def detect_orientation(self, **_: object) -> tuple[int, float]:
        self.calls += 1
        return 0, 0.0


@pytest.fixture
def fake_tesseract(monkeypatch: pytest.MonkeyPatch) -> FakeTesseract:
    fake = FakeTesseract()
    monkeypatch.setattr(ocr, "ocr_image", fake.ocr_image)
    monkeypatch.setattr(ocr, "detect_orientation", fake.detect_orientation)
    monkeypatch.setattr(ocr, "read_digits", lambda **_: [])
    return fake


def test_a_many_page_blank_tiff_gives_blank_pages_without_tesseract(fake_tesseract):
    data = hostile.blank_tiff(60)
    assert page_plan(data).how == ["blank"] * 60
    extraction = extract_bytes(data, name="trắng.tif")
    assert fake_tesseract.calls == 0
    assert extraction.file.pages == 60 and len(extraction.pages) == 60
    for page in extraction.pages:
        assert page.words == () and page.source == "ocr"
        assert page.quality is not None and page.quality.recipe == blank.BLANK
        assert abs(page.width - 595) < 3 and abs(page.height - 842) < 3
    assert extraction.ocr_pages == 0 and extraction.ocr_mean_confidence is None  # no OCR
    assert not extraction.warnings


def test_a_scanned_letter_page_is_not_blank_and_a_dusty_sheet_is():
    letter = compose(7003)
    for image in scan_images(letter, corpus_scan_style(letter), seed=3):
        assert not blank.is_blank(image)
    dusty = Image.open(io.BytesIO(hostile.blank_tiff(1)))
    assert blank.is_blank(dusty)
    # A scanner's dark edges are not ink on the page.
    edged = Image.new("L", (1654, 2339), 250)
    edged.paste(20, (0, 0, 40, 2339))
    assert blank.is_blank(edged)


def _scan_pdf(*pages: Image.Image) -> bytes:
    """A PDF of page images scanned at 200 dpi, one image a page."""
    doc = pymupdf.open()
    for image in pages:
        buf = io.BytesIO()
        image.convert("L").save(buf, format="PNG")
        page = doc.new_page(width=image.width * 72 / 200, height=image.height * 72 / 200)
        page.insert_image(page.rect, stream=buf.getvalue())
    return doc.tobytes()


def test_a_blank_page_of_a_scanned_pdf_is_planned_blank_and_never_ocrd(fake_tesseract):
    letter = compose(7003)
    sheet = scan_images(letter, corpus_scan_style(letter), seed=3)[0]
    data = _scan_pdf(sheet, Image.new("L", sheet.size, 255), sheet)
    plan = page_plan(data)
    assert plan.how == ["ocr", "blank", "ocr"]
    assert plan.split and plan.jobs() == [[1], [3], [2]]
    extraction = extract_bytes(data, name="quét.pdf", only={2})
    assert fake_tesseract.calls == 0
    assert extraction.pages[0].quality is not None
    assert extraction.pages[0].quality.recipe == blank.BLANK
    rendered, _ = render_page(pymupdf.open(stream=data)[1], dpi=100, max_pixels=10**8)
    assert blank.is_blank(rendered)


class FakeClock:
    """A wall clock that moves on by `step` seconds each time it is read."""

    def __init__(self, step: float) -> None:
        self.now, self.step = 1_000_000.0, step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


def test_pages_past_the_files_time_budget_are_left_out_and_those_read_kept(
        fake_tesseract, monkeypatch):
    limits = Limits(file_budget_s=100.0)
    monkeypatch.setattr(pipeline, "clock", FakeClock(40.0))
    extraction = extract_bytes(hostile.tiff_g4_pages(4), name="dài.tif", limits=limits)
    # Read at +40 and +80 s (within the budget); pages 3 and 4 would begin at +120 and +160 s.
    assert [p.number for p in extraction.pages] == [1, 2]
    left = [(w.page, w.reason) for w in extraction.warnings]
    assert left == [(3, "time_budget"), (4, "time_budget")]
    assert all("giây" in w.message for w in extraction.warnings)


def test_a_file_whose_budget_is_spent_before_any_page_is_refused(fake_tesseract, monkeypatch):
    monkeypatch.setattr(pipeline, "clock", FakeClock(0.0))
    with pytest.raises(ExtractError) as caught:
        extract_bytes(hostile.tiff_g4_pages(2), name="dài.tif", started=0.0)
    assert caught.value.code == ErrorCode.TIME_BUDGET
    assert fake_tesseract.calls == 0
    assert "tách tệp" in str(caught.value.to_dict()["message"])


def test_a_plan_looks_at_an_image_files_frames_for_a_while_then_plans_the_rest_ocr(
        monkeypatch):
    monkeypatch.setattr(pipeline, "clock", FakeClock(pipeline.PLAN_LOOK_S / 2.5))
    # Looks at +0.4 and +0.8 of the time allowed; the third would begin past it.
    assert page_plan(hostile.blank_tiff(5)).how == ["blank", "blank", "ocr", "ocr", "ocr"]


@pytest.fixture
def looked(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The pages a plan looks at for ink (a spy: the real look answers)."""
    seen: list[int] = []
    real = pipeline._blank_pdf_page

    def spy(page: pymupdf.Page, *, limits: Limits) -> bool:
        seen.append(page.number)
        return real(page, limits=limits)

    monkeypatch.setattr(pipeline, "_blank_pdf_page", spy)
    return seen


def test_a_plan_looks_for_ink_only_where_it_decides_how_the_file_is_read(looked):
    """Two pages to OCR are read whole or page by page whatever they hold: no page is looked
    at (a look decodes the page's image); three or more are, so blank ones need no job."""
    letter = compose(7003)
    sheet = scan_images(letter, corpus_scan_style(letter), seed=3)[0]
    white = Image.new("L", sheet.size, 255)
    assert page_plan(_scan_pdf(sheet, white)).how == ["ocr", "ocr"]
    assert looked == []
    assert page_plan(_scan_pdf(sheet, white, sheet)).how == ["ocr", "blank", "ocr"]
    assert looked == [0, 1, 2]


def test_a_page_that_cannot_be_loaded_is_planned_ocr_and_never_looked_at(looked):
    letter = compose(7003)
    sheet = scan_images(letter, corpus_scan_style(letter), seed=3)[0]
    doc = pymupdf.open(stream=_scan_pdf(sheet, Image.new("L", sheet.size, 255), sheet))
    doc.insert_pdf(pymupdf.open(stream=hostile.huge_page_pdf()))  # page 4: refused as too large
    how = page_plan(doc.tobytes()).how
    assert how == ["ocr", "blank", "ocr", "ocr"]
    assert looked == [0, 1, 2]
