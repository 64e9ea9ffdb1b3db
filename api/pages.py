"""Page images of a stored original, rendered once and cached under its digest."""

from __future__ import annotations

import io
from pathlib import Path

import pymupdf
from PIL import Image

#: Resolution of the page images the reviewer pages show.
DPI = 110
#: The longest side of an image page, in pixels.
MAX_SIDE = 1800


class NoSuchPage(LookupError):
    """The document has no page with that number."""


def _render(data: bytes, media_type: str, number: int) -> bytes:
    if media_type == "application/pdf":
        with pymupdf.open(stream=data, filetype="pdf") as doc:
            if not 1 <= number <= doc.page_count:
                raise NoSuchPage(number)
            return bytes(doc[number - 1].get_pixmap(dpi=DPI).tobytes("png"))
    with Image.open(io.BytesIO(data)) as image:
        frames = getattr(image, "n_frames", 1)
        if not 1 <= number <= frames:
            raise NoSuchPage(number)
        image.seek(number - 1)
        page = image.convert("RGB")
        page.thumbnail((MAX_SIDE, MAX_SIDE))
        out = io.BytesIO()
        page.save(out, "PNG", optimize=True)
        return out.getvalue()


def page_png(cache: Path, sha256: str, data: bytes, media_type: str, number: int) -> bytes:
    """Page `number` (1-based) as PNG, from the cache or rendered into it."""
    path = cache / sha256[:2] / sha256 / f"{number}.png"
    if path.exists():
        return path.read_bytes()
    png = _render(data, media_type, number)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(png)
    tmp.replace(path)
    return png
