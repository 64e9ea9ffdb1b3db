"""Page images of a stored original, cached under its digest and the frame they are shown in.

Rendering is extract/'s (extract/page_image.py), in a child process with the reading's limits
(extract/page_work.py); this module only keeps what was rendered.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from extract.page_image import Frame


def _cached(cache: Path, sha256: str) -> Path:
    """The folder of an original's cached page images."""
    return cache / sha256[:2] / sha256


def _path(cache: Path, sha256: str, number: int, frame: Frame, size: str = "") -> Path:
    return _cached(cache, sha256) / f"{size}{number}{frame.name}.png"


def cached_png(cache: Path, sha256: str, number: int, frame: Frame,
               size: str = "") -> bytes | None:
    """Page `number` as PNG in `frame`, if it was rendered before (`size` "thumb-": small)."""
    path = _path(cache, sha256, number, frame, size)
    return path.read_bytes() if path.exists() else None


def keep(cache: Path, sha256: str, number: int, frame: Frame, png: bytes,
         size: str = "") -> None:
    """Keep a rendered page (written whole, then moved into place)."""
    path = _path(cache, sha256, number, frame, size)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(png)
    tmp.replace(path)


def forget(cache: Path, sha256: str) -> None:
    """Remove an original's cached page images (its document was deleted)."""
    shutil.rmtree(_cached(cache, sha256), ignore_errors=True)
