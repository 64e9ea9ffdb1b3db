"""Text Tesseract's layout analysis skipped: rows of ink under no word box, read again alone.

Tesseract (psm 3) now and then drops a whole row of a two-column footer, or a line next to a
picture-like blob. The ink is still on the page: find it, and read just that strip (psm 7).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PIL import Image

PixelBox = tuple[int, int, int, int]


def _runs(flags: np.ndarray, *, bridge: int) -> list[tuple[int, int]]:
    """[start, end) runs of True, joining runs separated by fewer than `bridge` False."""
    idx = np.flatnonzero(flags)
    if idx.size == 0:
        return []
    runs: list[tuple[int, int]] = []
    start = prev = int(idx[0])
    for i in idx[1:]:
        i = int(i)
        if i - prev > bridge:
            runs.append((start, prev + 1))
            start = i
        prev = i
    runs.append((start, prev + 1))
    return runs


def missed_strips(image: Image.Image, boxes: Sequence[PixelBox], *, threshold: int = 110
                  ) -> list[PixelBox]:
    """Boxes of text-like ink that lies under none of the words' `boxes` (pixels)."""
    arr = np.asarray(image.convert("L"), dtype=np.uint8)
    ink = arr < threshold
    heights = sorted(b[3] - b[1] for b in boxes if b[3] > b[1])
    unit = heights[len(heights) // 2] if heights else 20
    for x0, y0, x1, y1 in boxes:
        pad = max(2, unit // 4)
        ink[max(0, y0 - pad):y1 + pad, max(0, x0 - pad):x1 + pad] = False
    rows = ink.sum(axis=1) >= 2
    strips: list[PixelBox] = []
    for top, bottom in _runs(rows, bridge=max(2, unit // 5)):
        height = bottom - top
        if not 0.5 * unit <= height <= 2.5 * unit:
            continue
        cols = ink[top:bottom].sum(axis=0) > 0
        for left, right in _runs(cols, bridge=int(1.5 * unit)):
            if right - left < 1.5 * height or ink[top:bottom, left:right].sum() < 4 * height:
                continue
            pad = max(3, height // 3)
            strips.append((max(0, left - pad), max(0, top - pad), min(arr.shape[1], right + pad),
                           min(arr.shape[0], bottom + pad)))
    return strips
