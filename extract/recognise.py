"""OCR of one page image: clean-up, the quality gate, other recipes, boxes back in PDF points."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image

from extract import cleanup, ocr
from extract.errors import ErrorCode, ExtractError
from extract.model import OcrQuality, Word
from extract.quality import OCR_BAR, ocr_score

log = logging.getLogger(__name__)

#: Skew below this is left alone: rotating costs time and blurs strokes for nothing.
MIN_SKEW = 0.3

Rerender = Callable[[int], tuple[Image.Image, float]]


@dataclass(frozen=True, slots=True)
class Reading:
    """The words of one OCR attempt, in PDF points, and how good the attempt was."""

    words: tuple[Word, ...]
    quality: OcrQuality


def _unrotate(x: float, y: float, *, size: tuple[int, int], angle: float) -> tuple[float, float]:
    # PIL turns content counter-clockwise by `angle` about the centre; undo it for a point.
    cx, cy = size[0] / 2, size[1] / 2
    rad = math.radians(angle)
    dx, dy = x - cx, y - cy
    return cx + dx * math.cos(rad) - dy * math.sin(rad), cy + dx * math.sin(rad) + dy * math.cos(rad)


def _unturn(x: float, y: float, *, size: tuple[int, int], degrees: int) -> tuple[float, float]:
    # `size` is the original image's; the turned image was turned `degrees` clockwise.
    w, h = size
    if degrees == 90:
        return y, h - x
    if degrees == 180:
        return w - x, h - y
    if degrees == 270:
        return w - y, x
    return x, y


def _attempt(*, image: Image.Image, original_size: tuple[int, int], dpi: float, turn: int,
             skew: float, psm: int, timeout: float, recipe: str) -> Reading:
    found = ocr.ocr_image(image=image, dpi=dpi, psm=psm, timeout=timeout)
    scale = 72.0 / dpi
    turned_size = image.size
    words = []
    for w in found:
        x0, y0, x1, y1 = w.box
        corners = [(x0, y0), (x1, y0), (x0, y1), (x1, y1)]
        if skew:
            corners = [_unrotate(x, y, size=turned_size, angle=skew) for x, y in corners]
        if turn:
            corners = [_unturn(x, y, size=original_size, degrees=turn) for x, y in corners]
        xs, ys = [c[0] for c in corners], [c[1] for c in corners]
        bbox = (min(xs) * scale, min(ys) * scale, max(xs) * scale, max(ys) * scale)
        words.append(Word(text=w.text, bbox=bbox, confidence=round(w.confidence, 3)))
    mean_conf, known, invalid, score = ocr_score(
        confidences=[w.confidence for w in words], text=" ".join(w.text for w in words)
    )
    quality = OcrQuality(
        mean_confidence=round(mean_conf, 4), dictionary_share=round(known, 4),
        invalid_share=round(invalid, 4), score=round(score, 4), recipe=recipe, angle=turn,
        skew=skew,
    )
    return Reading(words=tuple(words), quality=quality)


def ocr_page(*, image: Image.Image, dpi: float, timeout: float, number: int,
             rerender: Rerender | None = None) -> Reading:
    """Read a page image; below the quality bar, try other recipes and keep the best reading."""
    try:
        return _ocr_page(image=image, dpi=dpi, timeout=timeout, rerender=rerender)
    except ExtractError as e:
        raise ExtractError(e.code, f"Trang {number}: {e.message}", page=number) from e


@dataclass(frozen=True, slots=True)
class _Recipe:
    name: str
    image: Image.Image
    turn: int
    skew: float
    psm: int = 3


def _straighten(image: Image.Image) -> tuple[Image.Image, float]:
    skew = cleanup.estimate_skew(image)
    if abs(skew) < MIN_SKEW:
        return image, 0.0
    return cleanup.rotate(image, skew), skew


def _read(recipe: _Recipe, *, original: Image.Image, dpi: float, timeout: float) -> Reading:
    return _attempt(image=recipe.image, original_size=original.size, dpi=dpi, turn=recipe.turn,
                    skew=recipe.skew, psm=recipe.psm, timeout=timeout, recipe=recipe.name)


def _ocr_page(*, image: Image.Image, dpi: float, timeout: float,
              rerender: Rerender | None) -> Reading:
    straight, skew = _straighten(image)
    first = _Recipe("default", straight, 0, skew)
    best = _read(first, original=image, dpi=dpi, timeout=timeout)
    if best.quality.score >= OCR_BAR:
        return best
    log.info("OCR score %.3f below %.2f; trying other recipes", best.quality.score, OCR_BAR)
    upright = first
    turn, confidence = ocr.detect_orientation(image=image, timeout=timeout)
    recipes = []
    if turn and confidence >= 1.0:
        turned, turned_skew = _straighten(cleanup.quarter_turn(image, turn))
        upright = _Recipe("orientation", turned, turn, turned_skew)
        recipes.append(upright)
    recipes.append(_Recipe("binarised-psm6", cleanup.binarise(upright.image), upright.turn,
                           upright.skew, psm=6))
    for recipe in recipes:
        try:
            reading = _read(recipe, original=image, dpi=dpi, timeout=timeout)
        except ExtractError as e:
            if e.code != ErrorCode.OCR_FAILED:
                raise
            continue
        if reading.quality.score > best.quality.score:
            best = reading
    if best.quality.score < OCR_BAR and rerender is not None and dpi < 400:
        hi_image, hi_dpi = rerender(400)
        if hi_dpi > dpi * 1.1:
            turned = cleanup.quarter_turn(hi_image, best.quality.angle)
            hi = _Recipe("400dpi", turned, best.quality.angle, 0.0)
            reading = _read(hi, original=hi_image, dpi=hi_dpi, timeout=timeout)
            if reading.quality.score > best.quality.score:
                best = reading
    return best
