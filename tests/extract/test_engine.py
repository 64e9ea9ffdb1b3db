"""Tesseract's library held in memory (extract/engine.py) against its program, on real pages."""

from __future__ import annotations

import subprocess
import sys

import pytest

from corpus.synth.build import scan_images
from corpus.synth.compose import compose
from corpus.synth.scan import ScanStyle
from extract import engine, ocr
from extract.errors import ErrorCode, ExtractError

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def page():
    return scan_images(compose(3), ScanStyle(dpi=200))[0].convert("L")


def test_the_library_and_the_program_read_a_scanned_page_to_the_same_words(page, monkeypatch):
    assert engine.open_engine(ocr.LANG) is not None, "libtesseract.so.5 should load here"
    held = ocr.ocr_image(image=page, dpi=200)
    monkeypatch.setenv("CONGVAN_OCR_ENGINE", "program")
    run = ocr.ocr_image(image=page, dpi=200)
    assert len(held) > 100
    assert [(w.text, w.box, w.line) for w in held] == [(w.text, w.box, w.line) for w in run]
    assert [w.confidence for w in held] == [w.confidence for w in run]


def test_digits_only_are_read_where_the_library_is_told_so(page):
    crop = page.crop((0, 0, page.width, page.height // 6))
    for word in ocr.read_digits(image=crop, dpi=200):
        assert set(word.text) <= set(ocr.DIGITS), word
    # The whitelist is the reading's own: the next page reading has every letter again.
    assert any(not w.text.isdigit() for w in ocr.ocr_image(image=crop, dpi=200))


def test_a_reading_past_its_deadline_is_an_ocr_timeout(page):
    with pytest.raises(ExtractError) as caught:
        ocr.ocr_image(image=page, dpi=200, timeout=0.001)
    assert caught.value.code == ErrorCode.OCR_TIMEOUT


def test_a_forked_reader_uses_the_engine_its_parent_loaded(page, tmp_path):
    """The child of a process that loaded the model reads with it, and exits without noise."""
    script = tmp_path / "child.py"
    page.save(tmp_path / "page.png")
    script.write_text(
        "import os, sys\n"
        "from PIL import Image\n"
        "from extract import engine, ocr\n"
        "ocr.load()\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    words = ocr.ocr_image(image=Image.open(sys.argv[1]), dpi=200)\n"
        "    os._exit(0 if len(words) > 100 and engine._engines['vie'] else 3)\n"
        "_, status = os.waitpid(pid, 0)\n"
        "sys.exit(os.waitstatus_to_exitcode(status))\n", "utf-8")
    done = subprocess.run([sys.executable, str(script), str(tmp_path / "page.png")],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "LEAK" not in done.stderr


def test_a_reading_asked_out_of_process_runs_the_program(page, monkeypatch):
    """The service's own region reading: never the library inside the service's process."""
    def no_library(lang: str) -> None:  # a fake: fails the test if the library is asked for
        raise AssertionError(f"the library was asked for {lang}")

    monkeypatch.setattr(engine, "open_engine", no_library)
    words = ocr.ocr_image(image=page.crop((0, 0, page.width, page.height // 4)), dpi=200,
                          in_process=False)
    assert words


def test_strips_share_one_deadline(page):
    strips = [page.crop((0, y, page.width, y + 60)) for y in range(200, 2000, 100)]
    with pytest.raises(ExtractError) as caught:
        ocr.ocr_images(images=strips, dpi=200, timeout=0.05)
    assert caught.value.code == ErrorCode.OCR_TIMEOUT
