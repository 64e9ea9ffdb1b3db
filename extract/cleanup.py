"""Image clean-up before OCR: skew estimation and correction, binarisation, quarter turns."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageOps

#: Skew is searched within ±MAX_SKEW degrees; the issue asks for ±5°.
MAX_SKEW = 5.0
_WORK_WIDTH = 800


def _ink(image: Image.Image) -> np.ndarray:
    small = image.copy()
    small.thumbnail((_WORK_WIDTH, _WORK_WIDTH * 2))
    arr = np.asarray(small, dtype=np.uint8)
    return (arr < _otsu(arr)).astype(np.float32)


def _otsu(arr: np.ndarray) -> int:
    hist = np.bincount(arr.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    if total == 0:
        return 128
    cum = np.cumsum(hist)
    cum_mean = np.cumsum(hist * np.arange(256))
    mean = cum_mean[-1] / total
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean * cum - cum_mean) ** 2 / (cum * (total - cum))
    between = np.nan_to_num(between)
    return int(np.argmax(between))


def _profile_score(ink: np.ndarray, angle: float) -> float:
    if angle == 0:
        rows = ink.sum(axis=1)
    else:
        img = Image.fromarray((ink * 255).astype(np.uint8))
        rotated = np.asarray(img.rotate(angle, resample=Image.Resampling.NEAREST), np.float32)
        rows = rotated.sum(axis=1)
    return float(np.sum(np.diff(rows) ** 2))


def estimate_skew(image: Image.Image) -> float:
    """The angle in degrees (counter-clockwise) that makes the text lines horizontal."""
    ink = _ink(image)
    if ink.mean() < 0.002:
        return 0.0
    coarse = np.arange(-MAX_SKEW, MAX_SKEW + 0.01, 0.5)
    best = max(coarse, key=lambda a: _profile_score(ink, float(a)))
    fine = np.arange(best - 0.4, best + 0.41, 0.1)
    best = max(fine, key=lambda a: _profile_score(ink, float(a)))
    return round(float(best), 2)


def runs_vertically(image: Image.Image) -> bool:
    """True when the text lines run up and down the image (a page scanned sideways)."""
    ink = _ink(image)
    if ink.mean() < 0.002:
        return False
    rows = float(np.sum(np.diff(ink.sum(axis=1)) ** 2)) / ink.shape[1]
    cols = float(np.sum(np.diff(ink.sum(axis=0)) ** 2)) / ink.shape[0]
    return cols > 1.5 * rows


def rotate(image: Image.Image, angle: float) -> Image.Image:
    """The image turned by `angle` degrees counter-clockwise, paper-white where it uncovers."""
    return image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)


def quarter_turn(image: Image.Image, degrees: int) -> Image.Image:
    """The image turned by a multiple of 90 degrees clockwise."""
    turns = {90: Image.Transpose.ROTATE_270, 180: Image.Transpose.ROTATE_180,
             270: Image.Transpose.ROTATE_90}
    return image.transpose(turns[degrees]) if degrees in turns else image


def binarise(image: Image.Image) -> Image.Image:
    """Black text on white by Otsu's threshold, after a light contrast stretch."""
    stretched = ImageOps.autocontrast(image, cutoff=1)
    arr = np.asarray(stretched, dtype=np.uint8)
    return Image.fromarray(np.where(arr < _otsu(arr), 0, 255).astype(np.uint8))
