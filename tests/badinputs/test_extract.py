"""Hostile and broken files through the readers: each gets its error code or its pages, within
its limit, and never a crash."""

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
from tests.badinputs.table import LIMIT_S, TABLE, BadInput, padded


@pytest.mark.parametrize("case", TABLE, ids=[c.name for c in TABLE])
def test_each_bad_input_gives_what_the_table_says_quickly(case: BadInput):
    data, limits = padded(case, Limits(max_bytes=1_000_000))
    start = time.monotonic()
    try:
        extraction = extract_paged_isolated(data, name=case.name, limits=limits, timeout=60)
    except ExtractError as e:
        assert (e.code, time.monotonic() - start < LIMIT_S) == (case.code, True), e.message
        assert e.message and e.to_dict()["code"] == str(case.code)
        return
    elapsed = time.monotonic() - start
    assert case.code is None, f"{case.name} was read; it should be refused with {case.code}"
    assert elapsed < LIMIT_S, f"{case.name} took {elapsed:.1f}s"
    assert (extraction.file.pages, tuple(p.number for p in extraction.pages)) == (
        case.of, case.pages)
    assert {w.code for w in extraction.warnings} == case.warnings
    for warning in extraction.warnings:  # a page left out says which and why
        assert (warning.page is not None) == (warning.code == "page_failed")
        assert warning.message


def test_a_letter_with_nothing_wrong_has_no_warnings():
    plain = extract_bytes(hostile.letter_pdf(), name="plain.pdf")
    assert plain.warnings == ()  # a font named "JS…+" is not a script


def test_what_a_repaired_file_still_says_is_read():
    for make in (hostile.broken_xref_pdf, hostile.trailer_loop_pdf, hostile.owner_only_pdf):
        assert "CỘNG HÒA" in extract_bytes(make(), name="x.pdf").text


def test_a_page_left_out_says_why():
    extraction = extract_paged_isolated(hostile.cyclic_page_tree_pdf(), name="cycle.pdf")
    assert _warnings(extraction) == [("page_failed", 2, "invalid_pdf")]
    assert "CỘNG HÒA" in extraction.text
    tiff = extract_paged_isolated(hostile.tiff_with_a_broken_page(), name="ba-trang.tif")
    assert _warnings(tiff) == [("page_failed", 2, "corrupt_image")]


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


def test_a_child_stuck_past_its_render_alarm_ends_as_a_timeout():
    """A fake hang: the child arms the alarm and sleeps, as a render stuck inside MuPDF would."""
    def stuck() -> None:
        signal.alarm(1)
        time.sleep(30)

    start = time.monotonic()
    with pytest.raises(ExtractError) as caught:
        sandbox._isolated(stuck, timeout=20, memory=sandbox.DEFAULT_MEMORY, data=b"")
    assert caught.value.code == ErrorCode.TIMEOUT
    assert time.monotonic() - start < 10


def test_a_big_scan_inside_a_page_is_rendered_within_the_pixel_budget():
    """81 MP inside a letter-sized page: refused as a bomb no more; rendered at a lower dpi."""
    data = hostile.big_image_pdf(9000)
    extraction = extract_isolated(data, name="to.pdf", timeout=120)
    assert extraction.file.pages == 1 and extraction.pages[0].source == "ocr"
