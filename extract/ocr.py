"""The one module that talks to Tesseract: words, boxes, confidences.

Tesseract is asked through its library, loaded once a process (extract/engine.py), or, where
the library cannot be loaded, through its program (pytesseract). Both give Tesseract's TSV.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytesseract
from PIL import Image

from extract import engine as engines
from extract.errors import ErrorCode, ExtractError

log = logging.getLogger(__name__)
# Tesseract's OpenMP threads make one page about twice as slow on a 2-core machine, and pages
# are run in parallel by the workers anyway: one thread per Tesseract process.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

LANG = "vie"


@dataclass(frozen=True, slots=True)
class OcrWord:
    """A word as Tesseract read it: NFC text, box in pixels of the image given, confidence 0-1."""

    text: str
    box: tuple[int, int, int, int]
    confidence: float
    block: int
    line: int


@lru_cache(maxsize=1)
def _languages() -> frozenset[str]:
    """The language data Tesseract has (asked once a process: it starts a process)."""
    try:
        return frozenset(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractNotFoundError, OSError) as e:
        raise ExtractError(ErrorCode.OCR_UNAVAILABLE, "Không tìm thấy Tesseract.") from e


@lru_cache(maxsize=1)
def check_available(lang: str = LANG) -> str:
    """Tesseract's version, or OCR_UNAVAILABLE when the binary or its language data is missing."""
    try:
        version = str(pytesseract.get_tesseract_version())
    except (pytesseract.TesseractNotFoundError, OSError) as e:
        raise ExtractError(ErrorCode.OCR_UNAVAILABLE, "Không tìm thấy Tesseract.") from e
    if lang not in _languages():
        raise ExtractError(ErrorCode.OCR_UNAVAILABLE, f"Tesseract thiếu dữ liệu ngôn ngữ '{lang}'.")
    return version


def load() -> None:
    """Load Tesseract's models into this process now (a forked reader then inherits them)."""
    check_available(LANG)
    engines.open_engine(LANG)
    if "eng" in _languages():
        engines.open_engine("eng")  # the digits of stamped numbers and written-in days


def _run(call: str, image: Image.Image, **kwargs: object) -> object:
    # A PGM on disk costs a few milliseconds; pytesseract's own PNG encoding costs far more.
    with tempfile.TemporaryDirectory(prefix="congvan-ocr-") as tmp:
        path = Path(tmp) / "page.pgm"
        image.convert("L").save(path, format="PPM")
        return _call(call, str(path), **kwargs)


def _call(call: str, path: str, **kwargs: object) -> object:
    """The pytesseract `call` on an image file (or a list of them), its errors made ours."""
    try:
        return getattr(pytesseract, call)(path, **kwargs)
    except pytesseract.TesseractError as e:
        raise ExtractError(ErrorCode.OCR_FAILED, f"Tesseract lỗi: {e.message}") from e
    except RuntimeError as e:  # pytesseract's timeout is a bare RuntimeError
        raise ExtractError(ErrorCode.OCR_TIMEOUT, "Nhận dạng chữ quá thời gian.") from e
    except pytesseract.TesseractNotFoundError as e:
        raise ExtractError(ErrorCode.OCR_UNAVAILABLE, "Không tìm thấy Tesseract.") from e


def ocr_image(*, image: Image.Image, dpi: float, psm: int = 3, timeout: float = 60.0,
              lang: str = LANG, in_process: bool = True) -> list[OcrWord]:
    """Words of an image with their pixel boxes; an empty list for a blank page.

    `in_process` False runs Tesseract's program even where its library is loaded: for a
    process that must outlive a Tesseract that crashes or hangs (the service itself).
    """
    check_available(lang)
    return _words(_data(image, lang=lang, psm=psm, dpi=dpi, timeout=timeout,
                        in_process=in_process))


def _data(image: Image.Image, *, lang: str, psm: int, dpi: float, timeout: float,
          whitelist: str = "", in_process: bool = True) -> dict[str, list[Any]]:
    """Tesseract's TSV of one image as columns (pytesseract's `Output.DICT` shape)."""
    engine = engines.open_engine(lang) if in_process else None
    if engine is not None:
        try:
            return _columns(engine.tsv(image, dpi=dpi, psm=psm, timeout=timeout,
                                       whitelist=whitelist))
        except engines.EngineError as e:
            if e.timed_out:
                raise ExtractError(ErrorCode.OCR_TIMEOUT, "Nhận dạng chữ quá thời gian.") from e
            raise ExtractError(ErrorCode.OCR_FAILED, f"Tesseract lỗi: {e}") from e
    config = f"--psm {psm} --dpi {round(dpi)}"
    if whitelist:
        config += f" -c tessedit_char_whitelist={whitelist}"
    try:
        data = _run("image_to_data", image, lang=lang, config=config, timeout=timeout,
                    output_type=pytesseract.Output.DICT)
    except UNPARSABLE as e:
        raise _unparsable(e) from e
    assert isinstance(data, dict)
    return data


#: What reading a TSV that is not Tesseract's raises (no header, words for numbers, not text).
UNPARSABLE = (KeyError, ValueError, IndexError, TypeError)


def _unparsable(error: BaseException) -> ExtractError:
    return ExtractError(ErrorCode.OCR_FAILED, "Tesseract trả về kết quả không đọc được "
                        f"({type(error).__name__}).")


#: The TSV's columns that hold numbers.
_NUMERIC = ("level", "page_num", "block_num", "par_num", "line_num", "word_num", "left", "top",
            "width", "height", "conf")


def _columns(tsv: str) -> dict[str, list[Any]]:
    """Tesseract's TSV (without a header when asked of the library) as columns."""
    header = ("level", "page_num", "block_num", "par_num", "line_num", "word_num", "left",
              "top", "width", "height", "conf", "text")
    columns: dict[str, list[Any]] = {key: [] for key in header}
    for line in tsv.split("\n"):  # as pytesseract splits it (a word may hold other breaks)
        cells = line.split("\t")
        if len(cells) < len(header) - 1 or cells[0] == "level":
            continue
        cells += [""] * (len(header) - len(cells))
        for key, cell in zip(header, cells, strict=False):
            # Whole numbers, as pytesseract gives them (a confidence in whole percents).
            columns[key].append(int(float(cell)) if key in _NUMERIC else cell)
    return columns


def ocr_images(*, images: Sequence[Image.Image], dpi: float, psm: int = 7,
               timeout: float = 60.0, lang: str = LANG) -> list[list[OcrWord]]:
    """The words of each of several small images (strips of a page), within one time limit.

    Read by the engine held in memory, or else by one run of the program, which reads a list of
    images as the pages of one document: its model loaded once, not once a strip.
    """
    if not images:
        return []
    check_available(lang)
    if engines.open_engine(lang) is not None:  # a loaded model costs nothing more a strip
        until = time.monotonic() + timeout  # one deadline for them all, as for one program
        held = []
        for image in images:
            left = until - time.monotonic()
            if left <= 0:
                raise ExtractError(ErrorCode.OCR_TIMEOUT, "Nhận dạng chữ quá thời gian.")
            held.append(_words(_data(image, lang=lang, psm=psm, dpi=dpi, timeout=left)))
        return held
    with tempfile.TemporaryDirectory(prefix="congvan-ocr-") as tmp:
        paths = []
        for i, image in enumerate(images):
            path = Path(tmp) / f"strip-{i:04d}.pgm"
            image.convert("L").save(path, format="PPM")
            paths.append(str(path))
        listing = Path(tmp) / "strips.txt"
        listing.write_text("\n".join(paths) + "\n", encoding="utf-8")
        try:
            data = _call("image_to_data", str(listing), lang=lang,
                         config=f"--psm {psm} --dpi {round(dpi)}", timeout=timeout,
                         output_type=pytesseract.Output.DICT)
        except UNPARSABLE as e:
            raise _unparsable(e) from e
    assert isinstance(data, dict)
    out: list[list[OcrWord]] = [[] for _ in images]
    try:
        pages = [int(n) for n in data["page_num"]]
    except UNPARSABLE as e:
        raise _unparsable(e) from e
    for number in set(pages):
        if not 1 <= number <= len(images):
            continue
        rows = {key: [v for v, n in zip(values, pages, strict=True) if n == number]
                for key, values in data.items()}
        out[number - 1] = _words(rows)
    return out


def _words(data: dict[str, list[Any]]) -> list[OcrWord]:
    """Tesseract's TSV rows as words: NFC text, pixel box, confidence in [0, 1].

    A TSV that is not Tesseract's is an `ocr_failed` error, never a raw parsing error.
    """
    try:
        return _rows_as_words(data)
    except UNPARSABLE as e:
        raise _unparsable(e) from e


def _rows_as_words(data: dict[str, list[Any]]) -> list[OcrWord]:
    words = []
    for i, raw in enumerate(data["text"]):
        text = unicodedata.normalize("NFC", str(raw)).strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        box = (
            int(data["left"][i]),
            int(data["top"][i]),
            int(data["left"][i]) + int(data["width"][i]),
            int(data["top"][i]) + int(data["height"][i]),
        )
        words.append(
            OcrWord(text=text, box=box, confidence=conf / 100.0,
                    block=int(data["block_num"][i]) * 1000 + int(data["par_num"][i]),
                    line=int(data["line_num"][i]))
        )
    return words


#: The characters a stamped number or day is read with.
DIGITS = "0123456789"


def read_digits(*, image: Image.Image, dpi: float, timeout: float = 10.0,
                chars: str = DIGITS) -> list[OcrWord]:
    """The digits written on one line of a small image (a stamped number or day).

    `chars`: the characters allowed (digits; with "/.-" for a day written "04/4/18").
    """
    check_available(LANG)
    lang = "eng" if "eng" in _languages() else LANG
    data = _data(image, lang=lang, psm=7, dpi=dpi, timeout=timeout, whitelist=chars)
    out = []
    for i, raw in enumerate(data["text"]):
        text = str(raw).strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        left, top = int(data["left"][i]), int(data["top"][i])
        out.append(OcrWord(text=text, box=(left, top, left + int(data["width"][i]),
                                           top + int(data["height"][i])),
                           confidence=conf / 100.0, block=0, line=int(data["line_num"][i])))
    return out


def detect_orientation(*, image: Image.Image, timeout: float = 30.0) -> tuple[int, float]:
    """The clockwise rotation (0, 90, 180, 270) that makes the page upright, and its confidence."""
    check_available(LANG)
    try:
        osd = _run("image_to_osd", image, config="--psm 0", timeout=timeout,
                   output_type=pytesseract.Output.DICT)
    except ExtractError as e:
        if e.code == ErrorCode.OCR_FAILED:  # too little text to tell: a harmless failure
            return 0, 0.0
        raise
    assert isinstance(osd, dict)
    return int(osd.get("rotate", 0)) % 360, float(osd.get("orientation_conf", 0.0))
