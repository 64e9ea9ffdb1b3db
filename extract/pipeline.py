"""From a file's bytes to an Extraction: sniff, open, per-page text layer or OCR, regions."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Collection
from pathlib import Path

from PIL import Image

from extract import image as images
from extract import layout, legacy, pdf, recognise, sniff
from extract.decide import needs_ocr
from extract.limits import Limits, check_bytes
from extract.model import Extraction, FileInfo, Page, Word

log = logging.getLogger(__name__)


def extract_file(path: Path, *, limits: Limits | None = None) -> Extraction:
    """Read a letter file from disk; see `extract_bytes`."""
    limits = limits or Limits()
    check_bytes(path.stat().st_size, limits=limits)
    return extract_bytes(path.read_bytes(), name=path.name, limits=limits)


def extract_bytes(data: bytes, *, name: str, limits: Limits | None = None,
                  only: Collection[int] | None = None) -> Extraction:
    """Read a letter from bytes into pages of positioned NFC words, or raise ExtractError.

    `only` reads just those page numbers (a page job of a long scan); `file.pages` still counts
    them all, and each page comes out exactly as it would in a reading of the whole file.
    """
    limits = limits or Limits()
    media_type = sniff.require_supported(data[:2048], size=len(data), limits=limits)
    digest = hashlib.sha256(data).hexdigest()
    if media_type == sniff.PDF:
        count, pages = _pdf_pages(data, limits=limits, doc_id=digest[:12], only=only)
    else:
        count, pages = _image_pages(data, limits=limits, doc_id=digest[:12], only=only)
    info = FileInfo(name=name, sha256=digest, media_type=media_type, pages=count,
                    bytes=len(data))
    return Extraction(file=info, pages=tuple(pages))


def page_plan(data: bytes, *, limits: Limits | None = None) -> list[str]:
    """How each page will be read, `text_layer` or `ocr`, decided without reading any by OCR."""
    limits = limits or Limits()
    media_type = sniff.require_supported(data[:2048], size=len(data), limits=limits)
    if media_type != sniff.PDF:
        opened = images.open_image(data, limits=limits)
        return ["ocr"] * images.frame_count(opened)
    doc = pdf.open_pdf(data, limits=limits)
    plan = []
    for index in range(doc.page_count):
        read = pdf.read_page(pdf.load_page(doc, index, limits=limits), number=index + 1)
        text, _ = _decoded(read)
        plan.append("ocr" if needs_ocr(text=text, image_coverage=read.image_coverage)
                    else "text_layer")
    return plan


def _decoded(read: pdf.PdfPage) -> tuple[str, list[Word]]:
    """A text-layer page's words repaired from any legacy encoding, and their text."""
    raw_text = " ".join(w.text for w in read.words)
    encoding = legacy.detect(raw_text, {f for w in read.words for f in w.fonts})
    words = [
        Word(text="".join(legacy.decode(t, encoding, font=f) for t, f in w.parts),
             bbox=_rounded(w.bbox))
        for w in read.words
    ]
    return encoding, [w for w in words if w.text]


def _pdf_pages(data: bytes, *, limits: Limits, doc_id: str,
               only: Collection[int] | None) -> tuple[int, list[Page]]:
    doc = pdf.open_pdf(data, limits=limits)
    count = doc.page_count
    pages = []
    for index in range(count):
        number = index + 1
        if only is not None and number not in only:
            continue
        page = pdf.load_page(doc, index, limits=limits)
        read = pdf.read_page(page, number=number)
        encoding, words = _decoded(read)
        text = " ".join(w.text for w in words)
        first, last = number == 1, number == count
        if not needs_ocr(text=text, image_coverage=read.image_coverage):
            log.debug("doc %s page %d: text layer (%s)", doc_id, number, encoding)
            regions = layout.regions(words, width=read.width, first=first, last=last)
            pages.append(Page(number, read.width, read.height, "text_layer", regions, encoding))
            continue
        log.info("doc %s page %d: OCR (coverage %.2f)", doc_id, number, read.image_coverage)
        pdf.check_images(page, number=number, limits=limits)

        def rerender(dpi: int, page: object = page) -> tuple[Image.Image, float]:
            return pdf.render_page(page, dpi=dpi, max_pixels=limits.max_pixels)  # type: ignore[arg-type]

        image, dpi = rerender(limits.ocr_dpi)
        reading = recognise.ocr_page(image=image, dpi=dpi, timeout=limits.ocr_timeout_s,
                                     number=number, rerender=rerender)
        width, height = _upright(read.width, read.height, reading.quality.angle)
        regions = layout.regions(reading.words, width=width, first=first, last=last)
        pages.append(Page(number, width, height, "ocr", regions, "unicode", reading.quality))
    return count, pages


def _image_pages(data: bytes, *, limits: Limits, doc_id: str,
                 only: Collection[int] | None) -> tuple[int, list[Page]]:
    opened = images.open_image(data, limits=limits)
    count = images.frame_count(opened)
    pages = []
    for frame in images.frames(opened, limits=limits, only=only):
        log.info("doc %s page %d: OCR of image at %.0f dpi", doc_id, frame.number, frame.dpi)
        reading = recognise.ocr_page(image=frame.image, dpi=frame.dpi,
                                     timeout=limits.ocr_timeout_s, number=frame.number)
        width, height = _upright(frame.image.width * 72.0 / frame.dpi,
                                 frame.image.height * 72.0 / frame.dpi, reading.quality.angle)
        regions = layout.regions(reading.words, width=width, first=frame.number == 1,
                                 last=frame.number == count)
        pages.append(Page(frame.number, width, height, "ocr", regions, "unicode", reading.quality))
    return count, pages


def _rounded(bbox: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    return (round(bbox[0], 2), round(bbox[1], 2), round(bbox[2], 2), round(bbox[3], 2))


def _upright(width: float, height: float, turn: int) -> tuple[float, float]:
    """The page's size once turned upright: OCR boxes are given in that frame."""
    return (height, width) if turn in (90, 270) else (width, height)
