"""Letters photographed with a phone: the sheet on a desk, seen at an angle, unevenly lit.

Each photo comes with the sheet's true corners (fractions of the picture), so the reader that
finds them can be measured.
"""

from __future__ import annotations

import io
import random

import numpy as np
import pymupdf
from PIL import Image, ImageFilter

from corpus.synth.compose import Letter
from corpus.synth.render import render
from extract.photo import Corners, _coefficients


def photographed(letter: Letter, *, seed: int, page: int = 1,
                 dpi: int = 170) -> tuple[bytes, Corners]:
    """A JPEG (no resolution recorded, as phones write them) of one page, and its corners."""
    rng = random.Random(seed)
    with pymupdf.open(stream=render(letter)[0], filetype="pdf") as doc:
        pix = doc[page - 1].get_pixmap(dpi=dpi, alpha=False)
        sheet = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
    w, h = sheet.size
    canvas = (round(w * rng.uniform(1.25, 1.4)), round(h * rng.uniform(1.12, 1.22)))
    # Where the sheet's corners land in the picture: a rectangle, then each corner moved.
    x0, y0 = (canvas[0] - w) / 2, (canvas[1] - h) / 2
    jitter = 0.045
    target = np.array([
        (x0 + rng.uniform(-jitter, jitter) * w, y0 + rng.uniform(-jitter, jitter) * h),
        (x0 + w + rng.uniform(-jitter, jitter) * w, y0 + rng.uniform(-jitter, jitter) * h),
        (x0 + w + rng.uniform(-jitter, jitter) * w, y0 + h + rng.uniform(-jitter, jitter) * h),
        (x0 + rng.uniform(-jitter, jitter) * w, y0 + h + rng.uniform(-jitter, jitter) * h)])
    source = np.array([(0, 0), (w - 1, 0), (w - 1, h - 1), (0, h - 1)], dtype=float)
    desk_tone = tuple(rng.randrange(60, 120) for _ in range(3))
    desk = Image.new("RGB", canvas, desk_tone)
    warped = sheet.transform(canvas, Image.Transform.PERSPECTIVE,
                             _coefficients(source, target), Image.Resampling.BICUBIC,
                             fillcolor=(0, 0, 0))
    mask = Image.new("L", sheet.size, 255).transform(
        canvas, Image.Transform.PERSPECTIVE, _coefficients(source, target),
        Image.Resampling.BILINEAR, fillcolor=0)
    picture = Image.composite(warped, desk, mask)
    # Light from one side: a gradient across the picture, 65-100% bright.
    angle = rng.uniform(0, 2 * np.pi)
    yy, xx = np.mgrid[0:canvas[1], 0:canvas[0]].astype(np.float32)
    ramp = (np.cos(angle) * xx / canvas[0] + np.sin(angle) * yy / canvas[1])
    ramp = (ramp - ramp.min()) / max(float(ramp.max() - ramp.min()), 1e-6)
    light = 0.65 + 0.35 * ramp
    arr = np.asarray(picture, dtype=np.float32) * light[..., None]
    arr += np.random.default_rng(seed).normal(0, 3.0, arr.shape)
    picture = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)).filter(
        ImageFilter.GaussianBlur(0.5))
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=88)
    corners = tuple((float(x) / (canvas[0] - 1), float(y) / (canvas[1] - 1)) for x, y in target)
    return out.getvalue(), corners  # type: ignore[return-value]
