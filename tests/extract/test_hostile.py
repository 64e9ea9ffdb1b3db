"""Hostile and broken files: each gets its error code, within its limit, and never a crash."""

from __future__ import annotations

import signal
import time

import pytest

from corpus.synth import hostile
from extract import sandbox
from extract.errors import ErrorCode, ExtractError
from extract.limits import Limits
from extract.pipeline import extract_bytes
from extract.sandbox import extract_isolated, extract_paged_isolated

CASES = [
    ("empty", lambda: b"", Limits(), ErrorCode.EMPTY_FILE),
    ("text named .pdf", hostile.not_a_letter, Limits(), ErrorCode.UNSUPPORTED_TYPE),
    ("truncated pdf", hostile.truncated_pdf, Limits(), ErrorCode.INVALID_PDF),
    ("encrypted pdf", hostile.encrypted_pdf, Limits(), ErrorCode.ENCRYPTED_PDF),
    ("pdf with no pages", hostile.no_pages_pdf, Limits(), ErrorCode.NO_PAGES),
    ("too many pages", lambda: hostile.many_pages_pdf(12), Limits(max_pages=10),
     ErrorCode.TOO_MANY_PAGES),
    ("page 300 inches wide", hostile.huge_page_pdf, Limits(), ErrorCode.PAGE_TOO_LARGE),
    ("scan over the pixel limit", lambda: hostile.big_image_pdf(17_000), Limits(),
     ErrorCode.IMAGE_TOO_LARGE),
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


def _warnings(extraction):
    return [(w.code, w.page, w.reason) for w in extraction.warnings]


def test_a_page_that_breaks_its_reader_is_left_out_and_the_others_come_out():
    extraction = extract_paged_isolated(hostile.cyclic_page_tree_pdf(), name="cycle.pdf")
    assert extraction.file.pages == 2 and [p.number for p in extraction.pages] == [1]
    assert _warnings(extraction) == [("page_failed", 2, "invalid_pdf")]
    assert "CỘNG HÒA" in extraction.text


def test_a_broken_page_of_a_tiff_is_left_out_and_the_others_come_out():
    extraction = extract_paged_isolated(hostile.tiff_with_a_broken_page(), name="ba-trang.tif")
    assert extraction.file.pages == 3 and [p.number for p in extraction.pages] == [1, 3]
    assert _warnings(extraction) == [("page_failed", 2, "corrupt_image")]


def test_scripts_launch_actions_and_attachments_are_reported_never_run():
    extraction = extract_paged_isolated(hostile.scripted_pdf(), name="script.pdf")
    assert [w[0] for w in _warnings(extraction)] == ["has_javascript", "has_launch_action",
                                                     "embedded_files"]
    assert len(extraction.pages) == extraction.file.pages
    plain = extract_bytes(hostile.letter_pdf(), name="plain.pdf")
    assert plain.warnings == ()  # a font named "JS…+" is not a script


def test_a_repaired_file_is_read_and_says_so():
    extraction = extract_bytes(hostile.broken_xref_pdf(), name="xref.pdf")
    assert _warnings(extraction) == [("repaired", None, None)]
    assert "CỘNG HÒA" in extraction.text


def test_a_child_stuck_past_its_render_alarm_ends_as_a_timeout():
    """A fake hang: the child arms the alarm and sleeps, as a render stuck inside MuPDF would."""
    def stuck() -> None:
        signal.alarm(1)
        time.sleep(30)

    start = time.monotonic()
    with pytest.raises(ExtractError) as caught:
        sandbox._isolated(stuck, timeout=20, memory=sandbox.DEFAULT_MEMORY)
    assert caught.value.code == ErrorCode.TIMEOUT
    assert time.monotonic() - start < 10


def test_a_big_scan_inside_a_page_is_rendered_within_the_pixel_budget():
    """81 MP inside a letter-sized page: refused as a bomb no more; rendered at a lower dpi."""
    data = hostile.big_image_pdf(9000)
    extraction = extract_isolated(data, name="to.pdf", timeout=120)
    assert extraction.file.pages == 1 and extraction.pages[0].source == "ocr"
