"""Page images of a stored original, rendered once and cached under its digest.

An OCR'd page is shown in the frame it was read in (turned upright, straightened), so the
boxes of the contract JSON, which are in that frame, fall on the words they came from.
"""

from __future__ import annotations

import io
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pymupdf
from PIL import Image, ImageOps

from extract import cleanup, photo

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
    def of(cls, document: dict[str, Any] | None, number: int) -> Frame:
        """The frame of page `number` as the contract JSON records it (upright if unknown)."""
        for page in (document or {}).get("pages") or []:
            if page.get("number") == number and page.get("quality"):
                q = page["quality"]
                corners = q.get("corners")
                return cls(int(q.get("rotation") or 0), float(q.get("skew") or 0.0),
                           None if not corners else tuple((float(x), float(y))
                                                          for x, y in corners))
        return cls()

    @property
    def name(self) -> str:
        """A part of the cache file's name: a page is cached per frame."""
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
               frame: Frame | None = None, max_side: int = MAX_SIDE) -> Image.Image:
    """Page `number` (1-based) as an RGB image in `frame`, at about `dpi` for PDF pages."""
    frame = frame or Frame()
    if media_type == "application/pdf":
        with pymupdf.open(stream=data, filetype="pdf") as doc:
            if not 1 <= number <= doc.page_count:
                raise NoSuchPage(number)
            pix = doc[number - 1].get_pixmap(dpi=int(dpi), alpha=False)
            image = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
        return frame.apply(image)
    with Image.open(io.BytesIO(data)) as opened:
        frames = getattr(opened, "n_frames", 1)
        if not 1 <= number <= frames:
            raise NoSuchPage(number)
        opened.seek(number - 1)
        # Upright as the reader saw it (a phone's Orientation tag), then into the frame.
        image = frame.apply(ImageOps.exif_transpose(opened).convert("RGB"))
    image.thumbnail((max_side, max_side))
    return image


def _cached(cache: Path, sha256: str) -> Path:
    """The folder of an original's cached page images."""
    return cache / sha256[:2] / sha256


def forget(cache: Path, sha256: str) -> None:
    """Remove an original's cached page images (its document was deleted)."""
    shutil.rmtree(_cached(cache, sha256), ignore_errors=True)


def page_png(cache: Path, sha256: str, data: bytes, media_type: str, number: int,
             frame: Frame | None = None) -> bytes:
    """Page `number` (1-based) as PNG, from the cache or rendered into it."""
    frame = frame or Frame()
    path = _cached(cache, sha256) / f"{number}{frame.name}.png"
    if path.exists():
        return path.read_bytes()
    out = io.BytesIO()
    page_image(data, media_type, number, frame=frame).save(out, "PNG")
    png = out.getvalue()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(png)
    tmp.replace(path)
    return png
