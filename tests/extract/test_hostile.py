"""Hostile and broken files: each gets its error code, within its limit, and never a crash."""

from __future__ import annotations

import time

import pytest

from corpus.synth import hostile
from extract.errors import ErrorCode, ExtractError
from extract.limits import Limits
from extract.pipeline import extract_bytes
from extract.sandbox import extract_isolated

CASES = [
    ("empty", lambda: b"", Limits(), ErrorCode.EMPTY_FILE),
    ("text named .pdf", hostile.not_a_letter, Limits(), ErrorCode.UNSUPPORTED_TYPE),
    ("truncated pdf", hostile.truncated_pdf, Limits(), ErrorCode.INVALID_PDF),
    ("encrypted pdf", hostile.encrypted_pdf, Limits(), ErrorCode.ENCRYPTED_PDF),
    ("pdf with no pages", hostile.no_pages_pdf, Limits(), ErrorCode.NO_PAGES),
    ("too many pages", lambda: hostile.many_pages_pdf(12), Limits(max_pages=10),
     ErrorCode.TOO_MANY_PAGES),
    ("page 300 inches wide", hostile.huge_page_pdf, Limits(), ErrorCode.PAGE_TOO_LARGE),
    ("scan over the pixel limit", hostile.big_image_pdf, Limits(), ErrorCode.IMAGE_TOO_LARGE),
    ("png header bomb", hostile.png_header_bomb, Limits(), ErrorCode.IMAGE_TOO_LARGE),
    ("truncated png", hostile.truncated_png, Limits(), ErrorCode.CORRUPT_IMAGE),
    ("truncated jpeg", hostile.truncated_jpeg, Limits(), ErrorCode.CORRUPT_IMAGE),
    ("garbage tiff", hostile.garbage_tiff, Limits(), ErrorCode.UNRECOGNISED_IMAGE),
    ("over the byte limit", lambda: hostile.letter_pdf(), Limits(max_bytes=10_000),
     ErrorCode.TOO_LARGE),
]


@pytest.mark.parametrize(("name", "make", "limits", "code"), CASES, ids=[c[0] for c in CASES])
def test_each_hostile_file_gets_its_error_code_quickly(name, make, limits, code):
    data = make()
    start = time.monotonic()
    with pytest.raises(ExtractError) as caught:
        extract_isolated(data, name=f"{name}.pdf", limits=limits, timeout=30)
    elapsed = time.monotonic() - start
    assert caught.value.code == code
    assert caught.value.message  # a sentence for the user
    assert caught.value.to_dict()["code"] == str(code)
    assert elapsed < 10, f"{name} took {elapsed:.1f}s"


def test_owner_password_only_is_read():
    extraction = extract_bytes(hostile.owner_only_pdf(), name="owner.pdf")
    assert extraction.text_source == "text_layer"
    assert "CỘNG HÒA" in extraction.text


def test_leading_garbage_before_the_pdf_header_is_accepted():
    data = b"garbage from a mail gateway\r\n" * 3 + hostile.letter_pdf()
    extraction = extract_bytes(data, name="leading.pdf")
    assert extraction.file.media_type == "application/pdf"


def test_a_file_that_runs_too_long_is_stopped_at_its_limit():
    from corpus.synth.build import scanned
    from corpus.synth.compose import compose
    from corpus.synth.scan import ScanStyle

    data, _ = scanned(compose(2), ScanStyle(dpi=200))
    start = time.monotonic()
    with pytest.raises(ExtractError) as caught:
        extract_isolated(data, name="slow.pdf", timeout=0.5)
    assert caught.value.code == ErrorCode.TIMEOUT
    assert time.monotonic() - start < 3


def test_ocr_time_limit_per_page():
    from corpus.synth.build import scanned
    from corpus.synth.compose import compose
    from corpus.synth.scan import ScanStyle

    data, _ = scanned(compose(2), ScanStyle(dpi=200))
    with pytest.raises(ExtractError) as caught:
        extract_bytes(data, name="slow.pdf", limits=Limits(ocr_timeout_s=0.05))
    assert caught.value.code == ErrorCode.OCR_TIMEOUT
    assert caught.value.page == 1
