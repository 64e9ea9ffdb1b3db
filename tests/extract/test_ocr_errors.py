"""extract/ocr.py's error paths, against a fake `tesseract` program the tests write themselves.

The program's path is pytesseract's `tesseract_cmd`; `in_process=False` (as the service's own
region reading asks) or CONGVAN_OCR_ENGINE=program keeps Tesseract's library out of the way, so
every reading here runs the fake. Each fake answers `--version` and `--list-langs` as Tesseract
5 does (extract/ocr.py asks both before it reads) and then does the one thing its test is about.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytesseract
import pytest
from PIL import Image

from extract import ocr
from extract.errors import REMEDY, ErrorCode, ExtractError

#: The row of a page as Tesseract writes it, with no words on it.
PAGE_ROW = "1\t1\t0\t0\t0\t0\t0\t0\t120\t60\t-1\t"
#: What Tesseract's header row of a TSV is.
HEADER = ("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight"
          "\tconf\ttext")


def fake_tesseract(folder: Path, reading: str, *, langs: str = "eng vie osd") -> Path:
    """A shell script standing in for `tesseract`; `reading` is what it does when asked to read.

    pytesseract runs `tesseract IMAGE OUTBASE -l LANG ... tsv` and reads OUTBASE.tsv; the fake
    leaves its arguments in `calls` beside it, one reading a line.
    """
    path = folder / "fake-tesseract"
    listed = "\n".join(langs.split())
    path.write_text(f"""#!/bin/sh
case "$1" in
  --version) echo "tesseract 5.3.0"; exit 0;;
  --list-langs) printf 'List of available languages in "/fake/" ({len(langs.split())}):\\n'
                printf '%s\\n' '{listed}'; exit 0;;
esac
echo "$@" >> "{folder}/calls"
{reading}
""", encoding="utf-8")
    path.chmod(0o755)
    return path


@pytest.fixture
def use(monkeypatch):
    """Point extract/ocr.py at a program; its once-a-process checks forgotten before and after."""

    def point(program: Path) -> None:
        monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(program))
        ocr.check_available.cache_clear()
        ocr._languages.cache_clear()

    yield point
    ocr.check_available.cache_clear()
    ocr._languages.cache_clear()


def page() -> Image.Image:
    return Image.new("L", (120, 60), 255)


def tsv_writer(rows: list[str]) -> str:
    """The fake's reading: these rows written where pytesseract looks for the TSV."""
    body = "\\n".join([HEADER, *rows]) + "\\n"
    return f'printf "{body}" > "$2.tsv"'


def test_the_fake_is_what_reads(tmp_path, use):
    """The other tests' ground: a well-formed TSV from the fake comes back as its words."""
    use(fake_tesseract(tmp_path, tsv_writer([
        PAGE_ROW,
        "5\t1\t1\t1\t1\t1\t10\t12\t40\t20\t96.5\tchữ",
    ])))
    words = ocr.ocr_image(image=page(), dpi=200, psm=6, in_process=False)
    assert [(w.text, w.box, w.confidence) for w in words] == [("chữ", (10, 12, 50, 32), 0.96)]
    call = (tmp_path / "calls").read_text("utf-8")
    assert "-l vie" in call and "--psm 6" in call and "--dpi 200" in call


def test_a_tesseract_that_hangs_is_an_ocr_timeout(tmp_path, use):
    use(fake_tesseract(tmp_path, "exec sleep 60"))
    began = time.monotonic()
    with pytest.raises(ExtractError) as caught:
        ocr.ocr_image(image=page(), dpi=200, timeout=1.0, in_process=False)
    assert caught.value.code == ErrorCode.OCR_TIMEOUT
    assert time.monotonic() - began < 15  # stopped at its limit, not waited out


def test_strips_read_by_a_tesseract_that_hangs_are_an_ocr_timeout(tmp_path, use, monkeypatch):
    monkeypatch.setenv("CONGVAN_OCR_ENGINE", "program")  # the strips' one run of the program
    use(fake_tesseract(tmp_path, "exec sleep 60"))
    with pytest.raises(ExtractError) as caught:
        ocr.ocr_images(images=[page(), page()], dpi=200, timeout=1.0)
    assert caught.value.code == ErrorCode.OCR_TIMEOUT
    assert "strips.txt" in (tmp_path / "calls").read_text("utf-8")


def test_a_tesseract_that_fails_is_an_ocr_failure_with_its_message(tmp_path, use):
    use(fake_tesseract(tmp_path, "echo 'Error in pixReadStream: Unknown format' >&2; exit 3"))
    with pytest.raises(ExtractError) as caught:
        ocr.ocr_image(image=page(), dpi=200, in_process=False)
    assert caught.value.code == ErrorCode.OCR_FAILED
    assert "Unknown format" in caught.value.message
    assert caught.value.remedy == REMEDY[ErrorCode.OCR_FAILED]


def test_a_failed_orientation_guess_is_no_rotation_but_a_hang_is_still_a_timeout(tmp_path, use):
    """Too little text to tell the way up makes Tesseract fail: harmless, the page is upright."""
    use(fake_tesseract(tmp_path, "echo 'Too few characters. Skipping this page' >&2; exit 1"))
    assert ocr.detect_orientation(image=page()) == (0, 0.0)
    use(fake_tesseract(tmp_path, "exec sleep 60"))
    with pytest.raises(ExtractError) as caught:
        ocr.detect_orientation(image=page(), timeout=1.0)
    assert caught.value.code == ErrorCode.OCR_TIMEOUT


def test_odd_rows_of_a_tsv_are_left_out_and_words_made_nfc(tmp_path, use):
    """Rows without a word, with a negative confidence or only blanks are no words; text NFC."""
    use(fake_tesseract(tmp_path, tsv_writer([
        PAGE_ROW,  # the page: no text
        "5\t1\t1\t1\t1\t1\t5\t5\t10\t10\t-1\tbóng",  # a negative confidence: not a word
        "5\t1\t1\t1\t1\t2\t20\t5\t10\t10\t90\t   ",  # blanks only
        "5\t1\t1\t1\t1\t3\t40\t5\t30\t10\t88\tcho\u0302\u0301ng",  # "chống", decomposed
    ])))
    words = ocr.ocr_image(image=page(), dpi=200, in_process=False)
    assert [w.text for w in words] == ["chống"]


@pytest.mark.parametrize("reading", [
    "printf 'garbage\\n' > \"$2.tsv\"",  # no header: no columns at all
    tsv_writer([]),  # a header and not even the page's row
    tsv_writer(["5\t1\t1\t1\t1\t1\tleft\ttop\t1\t1\t96\tchữ"]),  # words for numbers
    "head -c 512 /dev/urandom > \"$2.tsv\"",  # not text
], ids=["no-header", "header-only", "words-for-numbers", "random-bytes"])
def test_a_tsv_that_cannot_be_parsed_is_an_ocr_failure(tmp_path, use, reading):
    use(fake_tesseract(tmp_path, reading))
    with pytest.raises(ExtractError) as caught:
        ocr.ocr_image(image=page(), dpi=200, in_process=False)
    assert caught.value.code == ErrorCode.OCR_FAILED


def test_a_missing_tesseract_is_unavailable_with_its_remedy(tmp_path, use):
    use(tmp_path / "no-tesseract-here")
    with pytest.raises(ExtractError) as caught:
        ocr.ocr_image(image=page(), dpi=200, in_process=False)
    error = caught.value
    assert error.code == ErrorCode.OCR_UNAVAILABLE
    assert "make setup" in error.remedy
    assert error.to_dict() == {"code": "ocr_unavailable",
                               "message": f"{error.message} {error.remedy}"}


def test_a_tesseract_gone_after_its_check_is_unavailable(tmp_path, use):
    """Checked once a process; the program removed after that is still told apart from a bug."""
    program = fake_tesseract(tmp_path, tsv_writer([PAGE_ROW]))
    use(program)
    assert ocr.ocr_image(image=page(), dpi=200, in_process=False) == []  # checked, and read
    program.unlink()
    with pytest.raises(ExtractError) as caught:
        ocr.ocr_image(image=page(), dpi=200, in_process=False)
    assert caught.value.code == ErrorCode.OCR_UNAVAILABLE


def test_a_tesseract_without_vietnamese_is_unavailable(tmp_path, use):
    use(fake_tesseract(tmp_path, tsv_writer([PAGE_ROW]), langs="eng osd"))
    with pytest.raises(ExtractError) as caught:
        ocr.ocr_image(image=page(), dpi=200, in_process=False)
    assert caught.value.code == ErrorCode.OCR_UNAVAILABLE
    assert "'vie'" in caught.value.message
