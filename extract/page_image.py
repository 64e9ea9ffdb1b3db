"""A stored original's page as an image, in the frame it was read in, for the reviewer pages.

An OCR'd page is shown in the frame it was read in (turned upright, straightened, a photo's
sheet made flat), so the boxes of the contract JSON, which are in that frame, fall on the words
they came from. The page is opened and rendered under the reading's own limits; a hostile page
is rendered in a child process of its own (extract/page_work.py), never in the service's.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageOps

from extract import cleanup, pdf, photo
from extract import image as images
from extract.errors import ErrorCode, ExtractError
from extract.limits import Limits, check_pixels

#: Resolution of the page images the reviewer pages show.
DPI = 110
#: The longest side of an image page, in pixels.
MAX_SIDE = 1800


class NoSuchPage(LookupError):
    """The document has no page with that number."""


@dataclass(frozen=True)
class Frame:
    """How the page read was reached from the stored page.

    A photo's sheet cut out and made flat, then a quarter turn, then a skew.
    """

    rotation: int = 0
    skew: float = 0.0
    corners: tuple[tuple[float, float], ...] | None = None

    @classmethod
    def of_page(cls, page: Mapping[str, Any] | None) -> Frame:
        """The frame a contract page record's quality gives (upright when it has none)."""
        q = (page or {}).get("quality")
        if not q:
            return cls()
        corners = q.get("corners")
        return cls(int(q.get("rotation") or 0), float(q.get("skew") or 0.0),
                   None if not corners else tuple((float(x), float(y)) for x, y in corners))

    @classmethod
    def of(cls, document: Mapping[str, Any] | None, number: int) -> Frame:
        """The frame of page `number` as the contract JSON records it (upright if unknown)."""
        for page in (document or {}).get("pages") or []:
            if page.get("number") == number and page.get("quality"):
                return cls.of_page(page)
        return cls()

    @property
    def name(self) -> str:
        """A part of a cache file's name: a page is cached per frame."""
        if self == Frame():
            return ""
        sheet = "" if self.corners is None else "-c" + "".join(
            f"{round(v * 1000):03d}" for corner in self.corners for v in corner)
        return f"-r{self.rotation}-s{self.skew:+.2f}{sheet}"

    def apply(self, image: Image.Image) -> Image.Image:
        """The stored page image turned into this frame."""
        if self.corners is not None and len(self.corners) == 4:
            image = photo.unwarp(image, self.corners)
        if self.rotation:
            image = cleanup.quarter_turn(image, self.rotation)
        if self.skew:
            # The recorded skew is the page's own (counter-clockwise); reading undid it.
            image = image.rotate(-self.skew, resample=Image.Resampling.BICUBIC,
                                 fillcolor=(255, 255, 255))
        return image


def page_image(data: bytes, media_type: str, number: int, *, dpi: float = DPI,
               frame: Frame | None = None, max_side: int = MAX_SIDE,
               limits: Limits | None = None) -> Image.Image:
    """Page `number` (1-based) as an RGB image in `frame`, at about `dpi` for PDF pages.

    The file is opened as reading opens it, under `limits`: a PDF page's resolution is lowered
    to stay within the pixel limit, and a page or an image over the limits is refused
    (ExtractError); NoSuchPage when the file has no page `number`.
    """
    frame = frame or Frame()
    limits = limits or Limits()
    if media_type == "application/pdf":
        return frame.apply(_pdf_page(data, number, dpi=dpi, limits=limits))
    opened = images.open_image(data, limits=limits)
    try:
        if not 1 <= number <= images.frame_count(opened):
            raise NoSuchPage(number)
        opened.seek(number - 1)
        check_pixels(*opened.size, number=number, limits=limits)
        # Upright as the reader saw it (a phone's Orientation tag), then into the frame.
        image = frame.apply(ImageOps.exif_transpose(opened).convert("RGB"))
    except (OSError, ValueError, SyntaxError, EOFError) as e:
        raise ExtractError(ErrorCode.CORRUPT_IMAGE, f"Trang {number} của ảnh bị hỏng ({e}).",
                           page=number) from e
    finally:
        opened.close()
    image.thumbnail((max_side, max_side))
    return image


def _pdf_page(data: bytes, number: int, *, dpi: float, limits: Limits) -> Image.Image:
    doc = pdf.open_pdf(data, limits=limits)
    try:
        if not 1 <= number <= doc.page_count:
            raise NoSuchPage(number)
        page = pdf.load_page(doc, number - 1, limits=limits)
        pdf.check_images(page, number=number, limits=limits)
        inches = page.rect.width / 72 * page.rect.height / 72
        used = min(dpi, (limits.max_pixels / max(inches, 1e-6)) ** 0.5)
        try:
            with pdf.render_alarm():
                pix = page.get_pixmap(dpi=max(1, int(used)), alpha=False)
        except MemoryError as e:
            raise ExtractError(ErrorCode.IMAGE_TOO_LARGE, f"Không dựng được hình trang ({e}).",
                               page=number) from e
        except pdf.MUPDF_ERRORS as e:
            raise ExtractError(ErrorCode.INVALID_PDF, f"Không dựng được hình trang ({e}).",
                               page=number) from e
        return Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
    finally:
        doc.close()


def page_png(data: bytes, media_type: str, number: int, frame: Frame | None = None, *,
             limits: Limits | None = None) -> bytes:
    """Page `number` (1-based) as the PNG the reviewer pages show, in `frame`."""
    out = io.BytesIO()
    page_image(data, media_type, number, frame=frame, limits=limits).save(out, "PNG")
    return out.getvalue()


#: The longest side of a first-page thumbnail in the inbox, in pixels.
THUMB_SIDE = 160
#: Resolution a PDF page is rendered at for its thumbnail (an A4 page: about 130 × 180).
THUMB_DPI = 22


def thumbnail_png(data: bytes, media_type: str, number: int, frame: Frame | None = None, *,
                  limits: Limits | None = None) -> bytes:
    """Page `number` as a small PNG for a listing (at most THUMB_SIDE pixels a side)."""
    image = page_image(data, media_type, number, dpi=THUMB_DPI, frame=frame,
                       max_side=THUMB_SIDE, limits=limits)
    image.thumbnail((THUMB_SIDE, THUMB_SIDE))
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()
