"""From a file's bytes to an Extraction: sniff, open, per-page text layer or OCR, regions."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pymupdf
from PIL import Image

from extract import blank, layout, legacy, overlays, pdf, photo, recognise, scale, sniff, stamps
from extract import image as images
from extract.decide import how_to_read, keep_layer, needs_ocr
from extract.errors import ExtractError
from extract.limits import SPLIT_AT, Limits, check_budget, check_bytes
from extract.model import (
    DigitalSignature,
    Extraction,
    FileInfo,
    FileWarning,
    Page,
    Region,
    WarningCode,
    Word,
)
from extract.signatures import read_signatures

log = logging.getLogger(__name__)


def extract_file(path: Path, *, limits: Limits | None = None) -> Extraction:
    """Read a letter file from disk; see `extract_bytes`."""
    limits = limits or Limits()
    check_bytes(path.stat().st_size, limits=limits)
    return extract_bytes(path.read_bytes(), name=path.name, limits=limits)


#: The wall clock the file's time budget is counted on (a fake one in unit tests).
clock = time.time


def extract_bytes(data: bytes, *, name: str, limits: Limits | None = None,
                  only: Collection[int] | None = None,
                  started: float | None = None) -> Extraction:
    """Read a letter from bytes into pages of positioned NFC words, or raise ExtractError.

    `only` reads just those page numbers (a page job of a long scan); `file.pages` still counts
    them all, and each page comes out exactly as it would in a reading of the whole file.
    `started` (wall-clock seconds) is when the reading of the whole file began, for its time
    budget (`limits.file_budget_s`): page jobs pass the file's; by default, now.
    """
    limits = limits or Limits()
    started = clock() if started is None else started
    media_type = sniff.require_supported(data[:2048], size=len(data), limits=limits)
    digest = hashlib.sha256(data).hexdigest()
    facts = Plan([], [])
    if media_type == sniff.PDF:
        count, results = _pdf_pages(data, limits=limits, doc_id=digest[:12], only=only,
                                    facts=facts, started=started)
    else:
        count, results = _image_pages(data, limits=limits, doc_id=digest[:12], only=only,
                                      started=started)
    info = FileInfo(name=name, sha256=digest, media_type=media_type, pages=count,
                    bytes=len(data))
    return assemble_pages(info, results, facts.warnings, facts.signatures)


def assemble_pages(info: FileInfo, results: Sequence[Page | ExtractError],
                   warnings: Sequence[FileWarning] = (),
                   signatures: Sequence[DigitalSignature] = ()) -> Extraction:
    """The extraction of the pages read; a page that failed is left out with a warning.

    When no page could be read, the first page's error is raised: nothing came out.
    """
    pages = tuple(sorted((r for r in results if isinstance(r, Page)), key=lambda p: p.number))
    failures = [r for r in results if isinstance(r, ExtractError)]
    if not pages and failures:
        raise failures[0]
    left_out = tuple(
        FileWarning(WarningCode.PAGE_FAILED,
                    f"Trang {e.page} không đọc được và bị bỏ qua: {e.message}",
                    page=e.page, reason=str(e.code))
        for e in sorted(failures, key=lambda e: e.page or 0))
    return Extraction(file=info, pages=pages, warnings=tuple(warnings) + left_out,
                      signatures=tuple(signatures))


@dataclass(frozen=True)
class Plan:
    """How each page will be read (`text_layer`, `ocr`, or `blank`: no ink, never OCR'd).

    Also facts about the whole file.

    The facts: what the file warns of, and the digital signatures it carries (read once).
    """

    how: list[str]
    warnings: list[FileWarning]
    signatures: list[DigitalSignature] = field(default_factory=list)

    @property
    def to_ocr(self) -> int:
        """How many pages need OCR."""
        return sum(1 for way in self.how if way == "ocr")

    @property
    def split(self) -> bool:
        """Whether the file is read page by page (SPLIT_AT pages or more to OCR), not whole.

        The one place that decides it: the sandbox, the in-process pool and Celery all ask.
        """
        return self.to_ocr >= SPLIT_AT

    def jobs(self) -> list[list[int]]:
        """The page numbers each job of a page-by-page reading reads.

        An OCR page alone (it may hang or break its reader); the pages that need no OCR (text
        layer, blank) all in one job.
        """
        alone = [[number] for number, way in enumerate(self.how, start=1) if way == "ocr"]
        rest = [number for number, way in enumerate(self.how, start=1) if way != "ocr"]
        return alone + ([rest] if rest else [])


def _file_facts(doc: pymupdf.Document, data: bytes, into: Plan) -> None:
    """What the whole PDF tells a reviewer: its warnings and its signatures."""
    into.warnings.extend(pdf.document_warnings(doc))
    signed, warnings = read_signatures(data)
    into.signatures.extend(signed)
    into.warnings.extend(warnings)


def page_plan(data: bytes, *, limits: Limits | None = None, look: bool = True) -> Plan:
    """How each page will be read, decided without reading any by OCR; the file's warnings.

    A page that cannot even be loaded is planned as `ocr`: its own job will fail on its own.
    A blank page is planned as `blank`: it costs no OCR, so it needs no job of its own. With
    `look` False no page is looked at for ink (pages to OCR are `ocr`): for the file's facts.
    """
    limits = limits or Limits()
    media_type = sniff.require_supported(data[:2048], size=len(data), limits=limits)
    if media_type != sniff.PDF:
        if not look:
            return Plan(["ocr"] * images.frame_count(images.open_image(data, limits=limits)),
                        [])
        return Plan(_image_plan(data, limits=limits), [])
    doc = pdf.open_pdf(data, limits=limits)
    how = []
    loaded: dict[int, pymupdf.Page] = {}  # the pages to OCR that loaded (may be looked at)
    for index in range(doc.page_count):
        try:
            page = pdf.load_page(doc, index, limits=limits)
            read = pdf.read_page(page, number=index + 1)
        except ExtractError:
            how.append("ocr")
            continue
        _, words = decoded_words(read)
        text = " ".join(w.text for w in words)
        # A page whose layer is compared with OCR is OCR'd: planned as `ocr`, as it costs.
        if needs_ocr(text=text, image_coverage=read.image_coverage):
            how.append("ocr")
            loaded[index] = page
        else:
            how.append("text_layer")
    if look and worth_looking(how.count("ocr")):
        for index, page in loaded.items():
            try:
                if _blank_pdf_page(page, limits=limits):
                    how[index] = "blank"
            except ExtractError:
                continue
    plan = Plan(how, [])
    _file_facts(doc, data, plan)
    return plan


#: Seconds a plan may spend looking at an image file's frames for ink (each is decoded): the
#: frames not looked at are planned `ocr`, and their own readings still find them blank.
PLAN_LOOK_S = 15.0


def worth_looking(to_ocr: int) -> bool:
    """Whether a plan looks at its pages to OCR for ink (a look decodes the page's image).

    Only a file with more of them than SPLIT_AT: with fewer the file is read whole anyway,
    and a blank page among SPLIT_AT costs a page job that finds it blank, as much as a look.
    """
    return to_ocr > SPLIT_AT


def _image_plan(data: bytes, *, limits: Limits) -> list[str]:
    """`blank` or `ocr` for each frame of an image file; a frame that fails is `ocr`."""
    opened = images.open_image(data, limits=limits)
    count = images.frame_count(opened)
    if not worth_looking(count):
        return ["ocr"] * count
    how: list[str] = []
    until = clock() + PLAN_LOOK_S
    for number in range(1, count + 1):
        if clock() > until:
            how += ["ocr"] * (count - len(how))
            break
        try:
            frame = next(images.frames(opened, limits=limits, only={number}))
        except ExtractError as e:
            if e.page is None:
                raise
            how.append("ocr")
            continue
        how.append("blank" if blank.is_blank(frame.image) else "ocr")
    return how


def _blank_pdf_page(page: pymupdf.Page, *, limits: Limits) -> bool:
    """Whether a page to be OCR'd carries no ink (looked at in a render at blank.LOOK_DPI)."""
    look, _ = pdf.render_page(page, dpi=blank.LOOK_DPI, max_pixels=limits.max_pixels)
    return blank.is_blank(look)


def _blank_page(number: int, width: float, height: float) -> Page:
    """A page found blank before OCR: no words, and a quality record that says so."""
    return Page(number, width, height, "ocr", (), "unicode", blank.blank_quality())


def decoded_words(read: pdf.PdfPage) -> tuple[str, list[Word]]:
    """A text-layer page's encoding, and its words repaired from it (empty words left out).

    The one place a text layer's legacy encodings (TCVN3, VNI) are detected and decoded: the
    reading of a page, its plan and a reviewer's region all take their words from here.
    """
    raw_text = " ".join(w.text for w in read.words)
    encoding = legacy.detect(raw_text, {f for w in read.words for f in w.fonts})
    words = [
        Word(text="".join(legacy.decode(t, encoding, font=f) for t, f in w.parts),
             bbox=_rounded(w.bbox))
        for w in read.words
    ]
    return encoding, [w for w in words if w.text]


def _pdf_pages(data: bytes, *, limits: Limits, doc_id: str, only: Collection[int] | None,
               facts: Plan, started: float) -> tuple[int, list[Page | ExtractError]]:
    doc = pdf.open_pdf(data, limits=limits)
    count = doc.page_count
    if only is None:
        _file_facts(doc, data, facts)
    return count, _each_page(count, only, doc_id, lambda number: _pdf_page(
        doc, number - 1, count, limits=limits, doc_id=doc_id), limits=limits, started=started)


def _each_page(count: int, only: Collection[int] | None, doc_id: str,
               read: Callable[[int], Page], *, limits: Limits,
               started: float) -> list[Page | ExtractError]:
    """`read(number)` for each page wanted; a page's own error is kept in its place.

    An error that is not about one page (no page number) stops the whole file. A page not
    begun within the file's time budget is such a page error (`time_budget`).
    """
    results: list[Page | ExtractError] = []
    for number in range(1, count + 1):
        if only is not None and number not in only:
            continue
        try:
            check_budget(started, clock(), number=number, limits=limits)
            results.append(read(number))
        except ExtractError as e:
            if e.page is None:
                raise
            log.warning("doc %s page %d: %s", doc_id, number, e.code)
            results.append(e)
    return results


def _pdf_page(doc: pymupdf.Document, index: int, count: int, *, limits: Limits,
              doc_id: str) -> Page:
    number = index + 1
    page = pdf.load_page(doc, index, limits=limits)
    read = pdf.read_page(page, number=number)
    encoding, words = decoded_words(read)
    text = " ".join(w.text for w in words)
    how = how_to_read(text=text, image_coverage=read.image_coverage)
    if how == "text_layer":
        log.debug("doc %s page %d: text layer (%s)", doc_id, number, encoding)
        return _layer_page(page, read, words, encoding, count, limits=limits)
    log.info("doc %s page %d: OCR (coverage %.2f)", doc_id, number, read.image_coverage)
    scanned = _ocr_pdf_page(page, read, count, limits=limits)
    if how == "ocr":
        return scanned
    if keep_layer(layer_text=text, ocr_text=scanned.text):
        log.info("doc %s page %d: text layer kept over OCR", doc_id, number)
        return _layer_page(page, read, words, encoding, count, limits=limits)
    log.info("doc %s page %d: OCR kept over a worse text layer", doc_id, number)
    return replace(scanned, source="ocr_over_layer")


def _layer_page(page: pymupdf.Page, read: pdf.PdfPage, words: list[Word], encoding: str,
                count: int, *, limits: Limits) -> Page:
    """The page read from its text layer (and any number stamped into it as an image)."""
    number = read.number
    words = words + stamps.stamped_words(page, words, timeout=min(10.0, limits.ocr_timeout_s))
    regions = layout.regions(words, width=read.width, first=number == 1, last=number == count)
    return Page(number, read.width, read.height, "text_layer", regions, encoding)


def _ocr_pdf_page(page: pymupdf.Page, read: pdf.PdfPage, count: int, *,
                  limits: Limits) -> Page:
    """The page rendered and read by OCR (a phone photo in a PDF: its sheet)."""
    number = read.number
    pdf.check_images(page, number=number, limits=limits)

    def rerender(dpi: int) -> tuple[Image.Image, float]:
        return pdf.render_page(page, dpi=dpi, max_pixels=limits.max_pixels)

    image, dpi = rerender(limits.ocr_dpi)
    if blank.is_blank(image):
        log.info("page %d: blank, not OCR'd", number)
        return _blank_page(number, read.width, read.height)
    sheet, corners = photo.unphoto(image)
    if corners is None:
        reading = recognise.ocr_page(image=image, dpi=dpi, timeout=limits.ocr_timeout_s,
                                     number=number, rerender=rerender)
        width, height = _upright(read.width, read.height, reading.quality.rotation)
        regions = _scan_regions(reading, image, dpi, width=width, number=number, count=count,
                                limits=limits)
    else:  # a phone photo put in a PDF: its sheet, read as an A4 page
        reading, width, height = _photo_sheet(sheet, corners, limits=limits, number=number)
        regions = layout.regions(reading.words, width=width, first=number == 1,
                                 last=number == count, glyph_boxes=True)
    return Page(number, width, height, "ocr", regions, "unicode", reading.quality)


def _scan_regions(reading: recognise.Reading, image: Image.Image, dpi: float, *,
                  width: float, number: int, count: int, limits: Limits) -> tuple[Region, ...]:
    """A scanned page's regions; on the first page, the boxes laid over its header apart.

    A ĐẾN stamp, an e-signature box, a SAO Y box (extract/overlays.py) are read on their own
    and given as regions of their own; the page's words under them are left out of the
    letter's layout. A page turned a quarter or more is not looked at (its frame differs).
    """
    words: Sequence[Word] = reading.words
    found: list[overlays.Overlay] = []
    if number == 1 and reading.quality.rotation == 0:
        found = overlays.read_overlays(image, dpi=dpi, timeout=min(15.0, limits.ocr_timeout_s))
        words = overlays.outside(words, found)
    regions = layout.regions(words, width=width, first=number == 1, last=number == count,
                             glyph_boxes=True)
    return regions + tuple(overlays.regions_of(found))


def _photo_sheet(sheet: Image.Image, corners: photo.Corners, *, limits: Limits,
                 number: int) -> tuple[recognise.Reading, float, float]:
    """The reading of a photo's sheet (made flat), and the page's upright size in points."""
    dpi = photo.dpi_of(sheet)
    reading = recognise.ocr_page(image=sheet, dpi=dpi, timeout=limits.ocr_timeout_s,
                                 number=number)
    reading = recognise.Reading(reading.words, replace(reading.quality, corners=corners))
    width, height = _upright(sheet.width * 72.0 / dpi, sheet.height * 72.0 / dpi,
                             reading.quality.rotation)
    return reading, width, height


def _image_pages(data: bytes, *, limits: Limits, doc_id: str, only: Collection[int] | None,
                 started: float) -> tuple[int, list[Page | ExtractError]]:
    opened = images.open_image(data, limits=limits)
    count = images.frame_count(opened)
    return count, _each_page(count, only, doc_id, lambda number: _image_page(
        opened, number, count, limits=limits, doc_id=doc_id), limits=limits, started=started)


def _image_page(opened: Image.Image, number: int, count: int, *, limits: Limits,
                doc_id: str) -> Page:
    frame = next(images.frames(opened, limits=limits, only={number}))
    if blank.is_blank(frame.image):
        log.info("doc %s page %d: blank, not OCR'd", doc_id, frame.number)
        return _blank_page(frame.number, frame.image.width * 72.0 / frame.dpi,
                           frame.image.height * 72.0 / frame.dpi)
    # A phone photo: the sheet is cut out of the picture, made flat and evenly lit, and read
    # as an A4 page (a photo's resolution says nothing about the paper).
    sheet, corners = photo.unphoto(frame.image)
    log.info("doc %s page %d: OCR of %s", doc_id, frame.number,
             "a photo's sheet" if corners else f"an image at {frame.dpi:.0f} dpi")
    if corners is None:
        # Small type (a low-resolution scan) is enlarged for Tesseract; boxes stay in points.
        image, dpi = scale.for_ocr(frame.image, frame.dpi, most=limits.max_pixels)
        reading = recognise.ocr_page(image=image, dpi=dpi, timeout=limits.ocr_timeout_s,
                                     number=frame.number)
        width, height = _upright(frame.image.width * 72.0 / frame.dpi,
                                 frame.image.height * 72.0 / frame.dpi, reading.quality.rotation)
        regions = _scan_regions(reading, frame.image, frame.dpi, width=width,
                                number=frame.number, count=count, limits=limits)
    else:
        reading, width, height = _photo_sheet(sheet, corners, limits=limits,
                                              number=frame.number)
        regions = layout.regions(reading.words, width=width, first=frame.number == 1,
                                 last=frame.number == count, glyph_boxes=True)
    return Page(frame.number, width, height, "ocr", regions, "unicode", reading.quality)


def _rounded(bbox: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    return (round(bbox[0], 2), round(bbox[1], 2), round(bbox[2], 2), round(bbox[3], 2))


def _upright(width: float, height: float, turn: int) -> tuple[float, float]:
    """The page's size once turned upright: OCR boxes are given in that frame."""
    return (height, width) if turn in (90, 270) else (width, height)
