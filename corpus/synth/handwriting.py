"""Digits written by hand with a pen: the number and day a clerk writes into a printed letter.

On most scanned letters the office registers the letter after it is printed and signed, and
writes the number into "Số:      /UBND-VP" and the day into "ngày      tháng" by hand, larger
than the type, slanted, in blue or black ink. Each digit here is a few pen strokes on a unit
box, drawn with a slant, a wobble and a varying size, so no two are alike.
"""

from __future__ import annotations

import math
import random

from PIL import Image, ImageDraw

Stroke = list[tuple[float, float]]

#: Pen strokes of each digit in a unit box (x right, y down), as a hand writes them.
_DIGITS: dict[str, list[Stroke]] = {
    "0": [[(0.5, 0.0), (0.15, 0.2), (0.1, 0.6), (0.35, 1.0), (0.7, 0.9), (0.9, 0.45),
           (0.75, 0.08), (0.5, 0.0)]],
    "1": [[(0.45, 0.13), (0.6, 0.0), (0.55, 1.0)]],
    "2": [[(0.1, 0.25), (0.4, 0.0), (0.8, 0.1), (0.8, 0.4), (0.1, 1.0), (0.95, 0.95)]],
    "3": [[(0.1, 0.1), (0.6, 0.0), (0.8, 0.25), (0.4, 0.45), (0.85, 0.65), (0.7, 0.95),
           (0.1, 0.9)]],
    "4": [[(0.65, 0.0), (0.05, 0.65), (0.95, 0.65)], [(0.7, 0.3), (0.65, 1.0)]],
    "5": [[(0.85, 0.0), (0.25, 0.02), (0.15, 0.45), (0.6, 0.4), (0.85, 0.7), (0.6, 1.0),
           (0.1, 0.9)]],
    "6": [[(0.75, 0.0), (0.25, 0.35), (0.15, 0.8), (0.45, 1.0), (0.8, 0.8), (0.7, 0.5),
           (0.2, 0.6)]],
    "7": [[(0.05, 0.05), (0.95, 0.0), (0.4, 1.0)], [(0.3, 0.5), (0.8, 0.5)]],
    "8": [[(0.5, 0.45), (0.15, 0.25), (0.45, 0.0), (0.8, 0.2), (0.5, 0.45), (0.15, 0.75),
           (0.45, 1.0), (0.85, 0.75), (0.5, 0.45)]],
    "9": [[(0.8, 0.35), (0.45, 0.5), (0.15, 0.3), (0.45, 0.0), (0.8, 0.2), (0.8, 0.5),
           (0.6, 1.0)]],
}

#: Inks a clerk writes with: blue ballpoint (most), black, and a purple-blue gel.
INKS = ((30, 50, 150), (35, 35, 40), (70, 40, 140))


def write_digits(image: Image.Image, text: str, box: tuple[float, float, float, float],
                 rng: random.Random, *, ink: tuple[int, int, int] | None = None) -> None:
    """Write `text` (digits) by hand into `box` (pixels: x0, y0, x1, y1) of `image`, in place.

    The digits stand on the box's baseline and may rise above it: a hand writes bigger than
    the type it fills in.
    """
    draw = ImageDraw.Draw(image)
    x0, y0, x1, y1 = box
    type_height = y1 - y0
    aspect = rng.uniform(0.5, 0.62)
    spacing = rng.uniform(0.12, 0.3)  # the gap between digits, in digit widths
    slant = math.radians(rng.uniform(5.0, 18.0))
    height = type_height * rng.uniform(0.95, 1.25)
    # A clerk keeps within the blank: smaller digits, not squeezed ones, when it is narrow.
    room = (x1 - x0) * 0.92
    n = len(text)
    fitted = room / ((n + (n - 1) * spacing) * aspect + math.tan(slant))
    height = min(height, fitted)
    width = height * aspect
    gap = width * spacing
    pen = max(2, round(height * rng.uniform(0.07, 0.1)))
    colour = ink or rng.choice(INKS)
    fill = colour if image.mode == "RGB" else round(sum(colour) / 3)
    total = n * width + (n - 1) * gap + height * math.tan(slant)
    x = x0 + max(0.0, ((x1 - x0) - total) / 2) + height * math.tan(slant)
    baseline = y1 + rng.uniform(-0.05, 0.12) * type_height
    for char in text:
        size = rng.uniform(0.92, 1.08)
        for stroke in _DIGITS[char]:
            points = []
            for u, v in stroke:
                v_px = (v - 1.0) * height * size  # from the baseline up
                u_px = u * width * size - v_px * math.tan(slant)
                points.append((x + u_px + rng.uniform(-0.03, 0.03) * width,
                               baseline + v_px + rng.uniform(-0.03, 0.03) * height))
            draw.line(points, fill=fill, width=pen, joint="curve")
        x += width + gap
