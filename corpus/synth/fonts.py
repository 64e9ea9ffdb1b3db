"""The typefaces the generator sets letters in (Liberation Serif, Debian's fonts-liberation2)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pymupdf

FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")
FACES = {
    "regular": "LiberationSerif-Regular.ttf",
    "bold": "LiberationSerif-Bold.ttf",
    "italic": "LiberationSerif-Italic.ttf",
    "bolditalic": "LiberationSerif-BoldItalic.ttf",
}


@lru_cache(maxsize=8)
def font(face: str) -> pymupdf.Font:
    """A Liberation Serif face, metric-compatible with the Times New Roman of real letters."""
    return pymupdf.Font(fontfile=str(FONT_DIR / FACES[face]))
