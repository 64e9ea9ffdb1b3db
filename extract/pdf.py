"""The one module that talks to PyMuPDF: open a PDF safely, read its text layer, render pages."""

from __future__ import annotations

import logging
import re
import signal
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pymupdf
from PIL import Image, ImageChops

from extract import seal
from extract.errors import ErrorCode, ExtractError
from extract.limits import Limits, check_pixels
from extract.model import BBox, FileWarning, WarningCode

#: Seconds a page may take to render, set only inside a sandbox child (extract/sandbox), where
#: SIGALRM's default action ends the child: MuPDF can loop forever on some broken pages.
RENDER_ALARM_S: int | None = None
#: Objects looked at for scripts and launch actions (a huge file is not scanned whole).
MAX_XREFS_SCANNED = 50_000
#: An action of type JavaScript, a /JS entry, or a name tree of scripts (not a font named
#: "JSZFJF+…": names are matched as whole keys).
_SCRIPT = re.compile(r"/S\s*/JavaScript\b|/JS\s*[(<\[0-9]|/JavaScript\s*[<0-9]")
_LAUNCH = re.compile(r"/S\s*/Launch\b")

#: A widget no taller than this many of the page's text heights may hold a number or a day
#: the e-office system stamped in after signing; a signature picture or seal is larger.
STAMP_HEIGHT = 2.0
#: How a stamped widget is drawn to be read (its own ink only, on white).
STAMP_DPI = 300
#: Grey levels by which a pixel must change when the widgets are drawn to be their ink.
STAMP_INK = 24

log = logging.getLogger(__name__)
pymupdf.TOOLS.mupdf_display_errors(False)
pymupdf.TOOLS.mupdf_display_warnings(False)


@dataclass(frozen=True, slots=True)
class RawWord:
    """A word of a text layer before legacy-encoding repair: (text, font) parts and its box."""

    parts: tuple[tuple[str, str], ...]
    bbox: BBox

    @property
    def text(self) -> str:
        """The raw text, as the PDF's encoding gives it."""
        return "".join(text for text, _ in self.parts)

    @property
    def fonts(self) -> set[str]:
        """The fonts the word is set in."""
        return {font for _, font in self.parts}


@dataclass(frozen=True, slots=True)
class PdfPage:
    """What the text-layer decision needs to know about one page."""

    number: int
    width: float
    height: float
    words: tuple[RawWord, ...]
    image_coverage: float


#: What MuPDF raises for a broken object, page tree or stream: FzErrorFormat and its kin are
#: not RuntimeErrors.
MUPDF_ERRORS: tuple[type[BaseException], ...] = (RuntimeError, ValueError, IndexError,
                                                 pymupdf.mupdf.FzErrorBase)


def open_pdf(data: bytes, *, limits: Limits) -> pymupdf.Document:
    """Open a PDF from bytes, refusing encrypted, unreadable, empty or over-long documents."""
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except (pymupdf.FileDataError, RuntimeError, ValueError) as e:
        raise ExtractError(ErrorCode.INVALID_PDF, f"PDF không đọc được ({e}).") from e
    if doc.needs_pass and not doc.authenticate(""):
        raise ExtractError(ErrorCode.ENCRYPTED_PDF, "PDF được bảo vệ bằng mật khẩu.")
    if doc.page_count == 0 and not doc.is_repaired and (rebuilt := _rebuilt(data)):
        doc.close()
        doc = rebuilt
    if doc.page_count == 0:
        raise ExtractError(ErrorCode.NO_PAGES, "PDF không có trang nào.")
    if doc.page_count > limits.max_pages:
        raise ExtractError(
            ErrorCode.TOO_MANY_PAGES,
            f"PDF có {doc.page_count} trang, vượt giới hạn {limits.max_pages} trang.",
        )
    return doc


def _rebuilt(data: bytes) -> pymupdf.Document | None:
    """The PDF read again with its cross-reference tables ignored, if that finds pages.

    A broken chain of tables (a /Prev that loops, a table that lost its objects) can leave
    MuPDF with no page tree though every object is in the file; pointing `startxref` nowhere
    makes it rebuild the tables by scanning the objects, as it does for a damaged file.
    """
    at = data.rfind(b"startxref")
    if at < 0:
        return None
    try:
        doc = pymupdf.open(stream=data[:at] + b"startxref\n0\n%%EOF\n", filetype="pdf")
        if doc.page_count and not doc.needs_pass:
            return doc
    except MUPDF_ERRORS:
        return None
    doc.close()
    return None


def document_warnings(doc: pymupdf.Document) -> list[FileWarning]:
    """What a reviewer should know about the file: repaired, scripts, launch actions, files.

    Nothing found here is ever run, followed or opened; it is only reported.
    """
    out = []
    if doc.is_repaired:
        out.append(FileWarning(WarningCode.REPAIRED,
                               "Cấu trúc PDF bị hỏng và đã được sửa khi đọc: hãy "
                                           "đối chiếu kết quả với bản gốc."))
    script = launch = False
    for xref in range(1, min(doc.xref_length(), MAX_XREFS_SCANNED)):
        try:
            body = doc.xref_object(xref, compressed=True)
        except MUPDF_ERRORS:
            continue
        script = script or bool(_SCRIPT.search(body))
        launch = launch or bool(_LAUNCH.search(body))
    if script:
        out.append(FileWarning(WarningCode.HAS_JAVASCRIPT,
                               "PDF có mã JavaScript (không được chạy)."))
    if launch:
        out.append(FileWarning(WarningCode.HAS_LAUNCH_ACTION,
                               "PDF có lệnh mở tệp hay chương trình khác (không được thực hiện)."))
    try:
        attached = doc.embfile_count()
    except MUPDF_ERRORS:
        attached = 0
    if attached:
        out.append(FileWarning(WarningCode.EMBEDDED_FILES,
                               f"PDF đính kèm {attached} tệp (không được mở hay đọc)."))
    return out


def load_page(doc: pymupdf.Document, index: int, *, limits: Limits) -> pymupdf.Page:
    """Load a page, refusing a broken page tree and absurd page sizes."""
    try:
        page = doc.load_page(index)
    except MUPDF_ERRORS as e:
        raise ExtractError(
            ErrorCode.INVALID_PDF, f"Không tải được trang {index + 1} ({e}).", page=index + 1
        ) from e
    rect = page.rect
    if max(rect.width, rect.height) > limits.max_page_side_pt:
        raise ExtractError(
            ErrorCode.PAGE_TOO_LARGE,
            f"Trang {index + 1} có khổ {rect.width:.0f}x{rect.height:.0f} pt, quá lớn.",
            page=index + 1,
        )
    return page


def check_images(page: pymupdf.Page, *, number: int, limits: Limits) -> None:
    """Refuse a page holding an image larger than the pixel limit, before anything decodes it."""
    for info in page.get_images(full=True):
        check_pixels(int(info[2]), int(info[3]), number=number, limits=limits,
                     most=limits.max_embedded_pixels)


def read_page(page: pymupdf.Page, *, number: int) -> PdfPage:
    """The page's text-layer words (raw, with fonts) and how much of it images cover."""
    try:
        raw = page.get_text("rawdict", flags=pymupdf.TEXT_PRESERVE_WHITESPACE)
    except MUPDF_ERRORS as e:
        raise ExtractError(ErrorCode.INVALID_PDF, f"Không đọc được chữ của trang {number} ({e}).",
                           page=number) from e
    words: list[RawWord] = []
    for block in raw["blocks"]:
        if block.get("type") != 0:
            continue
        for line in block["lines"]:
            if line.get("dir", (1, 0))[0] < 0.9:  # vertical or rotated text is left to OCR
                continue
            words.extend(_line_words(line))
    words = _without_placeholders(page, words)
    area = max(page.rect.width * page.rect.height, 1.0)
    covered = 0.0
    for info in page.get_image_info():
        x0, y0, x1, y1 = info["bbox"]
        covered += max(0.0, min(x1, page.rect.x1) - max(x0, 0)) * max(
            0.0, min(y1, page.rect.y1) - max(y0, 0)
        )
    return PdfPage(
        number=number,
        width=page.rect.width,
        height=page.rect.height,
        words=tuple(words),
        image_coverage=min(covered / area, 1.0),
    )


def _unsigned_fields(page: pymupdf.Page) -> list[pymupdf.Rect]:
    """Where the page has signature fields nobody has signed yet."""
    rects = []
    try:
        for widget in page.widgets():
            if widget.field_type_string == "Signature" and \
                    page.parent.xref_get_key(widget.xref, "V")[0] == "null":
                rects.append(pymupdf.Rect(widget.rect))
    except MUPDF_ERRORS:
        return []
    return rects


def _without_placeholders(page: pymupdf.Page, words: list[RawWord]) -> list[RawWord]:
    """The words without those MuPDF draws itself in an unsigned signature field ("SIGN").

    The page's text is read with its widgets' appearances (an e-office system writes the
    number there); an empty signature field has none of its own, and MuPDF shows a label in
    it that no one wrote. Words the page's own content puts there are kept.
    """
    rects = _unsigned_fields(page)
    if not rects:
        return words

    def inside(box: BBox) -> bool:
        x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        return any(r.contains(pymupdf.Point(x, y)) for r in rects)

    if not any(inside(w.bbox) for w in words):
        return words
    try:
        content = pymupdf.TextPage(page.get_displaylist(annots=False).get_textpage(
            pymupdf.TEXT_PRESERVE_WHITESPACE)).extractWORDS()
    except MUPDF_ERRORS:
        return words
    own = [(str(w[4]), (w[0], w[1])) for w in content]

    def drawn_by_page(word: RawWord) -> bool:
        return any(text == word.text and abs(x - word.bbox[0]) < 1 and abs(y - word.bbox[1]) < 1
                   for text, (x, y) in own)

    return [w for w in words if not inside(w.bbox) or drawn_by_page(w)]


#: The fill of text set white: on the white page nobody sees it.
WHITE = 0xFFFFFF
#: MuPDF's marks of a character that is painted: filled, stroked (`char_flags`).
PAINTED = 16 | 32


def _unseen(span: dict) -> bool:
    """Whether the span is text the page does not show: white on the white sheet, or clear.

    E-office systems leave such markers where a signature is to go ("DDD(9"); they are not
    the letter's. Invisible text of a scan's OCR layer is drawn in render mode 3 (neither
    filled nor stroked; MuPDF gives it alpha 0 too) and is kept: it is the layer to judge.
    """
    if span.get("color") == WHITE:
        return True
    painted = int(span.get("char_flags", PAINTED)) & PAINTED
    return span.get("alpha", 255) == 0 and bool(painted)


def _line_words(line: dict) -> list[RawWord]:
    """Words of one text line; a word may run over several spans (a capital in .VnTimeH)."""
    out: list[RawWord] = []
    chars: list[tuple[dict, str]] = []

    def flush() -> None:
        if not chars:
            return
        parts: list[tuple[str, str]] = []
        for c, font in chars:
            if parts and parts[-1][1] == font:
                parts[-1] = (parts[-1][0] + c["c"], font)
            else:
                parts.append((c["c"], font))
        x0 = min(c["bbox"][0] for c, _ in chars)
        y0 = min(c["bbox"][1] for c, _ in chars)
        x1 = max(c["bbox"][2] for c, _ in chars)
        y1 = max(c["bbox"][3] for c, _ in chars)
        out.append(RawWord(parts=tuple(parts), bbox=(x0, y0, x1, y1)))
        chars.clear()

    for span in line["spans"]:
        font = span.get("font", "")
        if _unseen(span):
            flush()
            continue
        # A gap wider than this is a space even where the PDF draws none (words set one by one).
        gap = 0.18 * float(span.get("size", 10.0))
        for c in span["chars"]:
            # U+00AD stays: it is TCVN3's "ư" until the legacy repair has run.
            if c["c"].isspace() or unicodedata.category(c["c"]) == "Cc":
                flush()
                continue
            if chars and c["bbox"][0] - chars[-1][0]["bbox"][2] > gap:
                flush()
            chars.append((c, font))
    flush()
    return out


@dataclass(frozen=True, slots=True)
class WidgetInk:
    """What a form widget draws on the page and its text layer does not hold: a picture."""

    image: Image.Image  # grey, the widget's own ink on white
    rect: BBox  # where it is drawn, in PDF points
    dpi: float


def widget_ink(page: pymupdf.Page, *, text_height: float) -> list[WidgetInk]:
    """Line-sized widgets (signature fields) whose appearance draws a picture and no text.

    An e-office system stamps the number and the day into the "Số:      /…" and "ngày   tháng"
    blanks after signing, often as widgets on the page. A widget that writes them as text is
    already in the page's text (its appearance is read with the page); one that draws them as
    a picture is only ink: that ink, without the page under it, is what this gives.
    """
    out: list[WidgetInk] = []
    try:
        widgets = list(page.widgets())
    except MUPDF_ERRORS:
        return out
    for widget in widgets:
        rect = pymupdf.Rect(widget.rect) & page.rect
        if rect.is_empty or rect.height > STAMP_HEIGHT * text_height or \
                rect.width > 12 * text_height:
            continue
        annot = getattr(widget, "_annot", None)  # the widget's own annotation (its appearance)
        try:
            if annot is None or annot.get_text("text").strip():
                continue  # unknown, or text already read with the page
            drawn = page.get_pixmap(dpi=STAMP_DPI, clip=rect, colorspace=pymupdf.csGRAY)
            under = page.get_pixmap(dpi=STAMP_DPI, clip=rect, colorspace=pymupdf.csGRAY,
                                    annots=False)
        except MUPDF_ERRORS:
            continue
        if (drawn.width, drawn.height) != (under.width, under.height) or not drawn.width:
            continue
        with_ink = Image.frombytes("L", (drawn.width, drawn.height), drawn.samples)
        without = Image.frombytes("L", (under.width, under.height), under.samples)
        ink = ImageChops.difference(with_ink, without).point(
            lambda v: 255 if v > STAMP_INK else 0)
        if ink.getbbox() is None:
            continue
        image = Image.composite(with_ink, Image.new("L", with_ink.size, 255), ink)
        out.append(WidgetInk(image, (rect.x0, rect.y0, rect.x1, rect.y1),
                             drawn.width / (rect.width / 72)))
    return out


@contextmanager
def render_alarm() -> Iterator[None]:
    """Within a sandbox child, SIGALRM ends it if the rendering inside takes RENDER_ALARM_S."""
    if not RENDER_ALARM_S:
        yield
        return
    signal.alarm(RENDER_ALARM_S)
    try:
        yield
    finally:
        signal.alarm(0)


def render_page(page: pymupdf.Page, *, dpi: int, max_pixels: int) -> tuple[Image.Image, float]:
    """The page as a grey image at `dpi`, lowered so it stays under `max_pixels`; and the dpi.

    A page whose images are in colour is rendered in colour too, to drop its red seal ink
    from the grey (see seal.drop_red).
    """
    width_in, height_in = page.rect.width / 72, page.rect.height / 72
    budget_dpi = (max_pixels / max(width_in * height_in, 1e-6)) ** 0.5
    used = float(min(dpi, budget_dpi))
    if RENDER_ALARM_S:
        signal.alarm(RENDER_ALARM_S)  # a render stuck inside MuPDF ends the (child) process
    try:
        pix = page.get_pixmap(dpi=int(used), colorspace=pymupdf.csGRAY, alpha=False)
        colour = None
        if _has_colour_image(page):
            # A look at a small colour preview first: most colour scans carry no red.
            preview = page.get_pixmap(dpi=seal.PREVIEW_DPI, colorspace=pymupdf.csRGB,
                                      alpha=False)
            if seal.has_red(Image.frombytes("RGB", (preview.width, preview.height),
                                            preview.samples)):
                colour = page.get_pixmap(dpi=int(used), colorspace=pymupdf.csRGB, alpha=False)
    except MemoryError as e:
        raise ExtractError(
            ErrorCode.IMAGE_TOO_LARGE, f"Không dựng được hình trang ({e}).", page=page.number + 1
        ) from e
    except MUPDF_ERRORS as e:
        code = ErrorCode.IMAGE_TOO_LARGE if "large" in str(e).lower() else ErrorCode.INVALID_PDF
        raise ExtractError(code, f"Không dựng được hình trang ({e}).",
                           page=page.number + 1) from e
    finally:
        if RENDER_ALARM_S:
            signal.alarm(0)
    image = Image.frombytes("L", (pix.width, pix.height), pix.samples)
    if colour is not None:
        image = seal.drop_red(image, Image.frombytes("RGB", (colour.width, colour.height),
                                                     colour.samples), dpi=pix.width / width_in)
    return image, pix.width / width_in


def _has_colour_image(page: pymupdf.Page) -> bool:
    """Whether the page draws an image in colour (a colour scan): grey scans render in grey."""
    try:
        images = page.get_images(full=True)
    except MUPDF_ERRORS:
        return True
    return any(str(entry[5]) not in ("DeviceGray", "CalGray", "") for entry in images)
