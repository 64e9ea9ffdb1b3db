"""OCR of one page image: clean-up, the quality gate, other recipes, boxes back in PDF points."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace

from PIL import Image

from extract import cleanup, missed, ocr, seal, slots
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


def _attempt(*, image: Image.Image, dpi: float, turn: int,
             skew: float, psm: int, timeout: float, recipe: str) -> Reading:
    found = ocr.ocr_image(image=image, dpi=dpi, psm=psm, timeout=timeout)
    # Boxes stay in the upright, straightened frame that was read; the page's quality
    # record says how that frame was reached (quarter turn, skew) from the stored image.
    scale = 72.0 / dpi
    words = [
        Word(text=w.text, bbox=(w.box[0] * scale, w.box[1] * scale, w.box[2] * scale,
                                w.box[3] * scale), confidence=round(w.confidence, 3))
        for w in found
    ]
    mean_conf, known, invalid, score = ocr_score(
        confidences=[w.confidence for w in words], text=" ".join(w.text for w in words)
    )
    quality = OcrQuality(
        mean_confidence=round(mean_conf, 4), dictionary_share=round(known, 4),
        invalid_share=round(invalid, 4), score=round(score, 4), recipe=recipe, rotation=turn,
        skew=round(-skew, 2) if skew else 0.0,  # the page's own skew, counter-clockwise
    )
    return Reading(words=tuple(words), quality=quality)


def ocr_page(*, image: Image.Image, dpi: float, timeout: float, number: int,
             rerender: Rerender | None = None) -> Reading:
    """Read a page image; below the quality bar, try other recipes and keep the best reading."""
    try:
        reading, read_image, read_dpi = _ocr_page(image=image, dpi=dpi, timeout=timeout,
                                                  rerender=rerender)
        reading = _recover(reading, read_image, dpi=read_dpi, timeout=timeout)
        return _slots(reading, read_image, dpi=read_dpi, timeout=timeout)
    except ExtractError as e:
        raise ExtractError(e.code, f"Trang {number}: {e.message}", page=number) from e


@dataclass(frozen=True, slots=True)
class _Recipe:
    name: str
    image: Image.Image
    turn: int
    skew: float
    psm: int = 3


def _straighten(image: Image.Image, skew: float | None = None) -> tuple[Image.Image, float]:
    skew = cleanup.estimate_skew(image) if skew is None else skew
    if abs(skew) < MIN_SKEW:
        return image, 0.0
    return cleanup.rotate(image, skew), skew


def _read(recipe: _Recipe, *, dpi: float, timeout: float) -> Reading:
    return _attempt(image=recipe.image, dpi=dpi, turn=recipe.turn,
                    skew=recipe.skew, psm=recipe.psm, timeout=timeout, recipe=recipe.name)


#: Words read from a skipped strip below this confidence are left out.
MIN_RECOVERED_CONFIDENCE = 0.3


def _recover(reading: Reading, image: Image.Image, *, dpi: float, timeout: float) -> Reading:
    """The reading with the rows of ink it skipped read again, each strip on its own line."""
    scale = dpi / 72.0
    boxes = [(int(w.bbox[0] * scale), int(w.bbox[1] * scale), int(w.bbox[2] * scale),
              int(w.bbox[3] * scale)) for w in reading.words]
    added: list[Word] = []
    places = missed.missed_strips(image, boxes)
    # Small type in a low-resolution scan reads better enlarged to about 400 dpi.
    zoom = max(1.0, round(400 / dpi, 2))
    strips = []
    for x0, y0, x1, y1 in places:
        strip = image.crop((x0, y0, x1, y1))
        if zoom > 1.0:
            strip = strip.resize((round(strip.width * zoom), round(strip.height * zoom)),
                                 Image.Resampling.LANCZOS)
        strips.append(strip)
    try:  # every strip in one Tesseract run: its model is loaded once, not once a strip
        readings = ocr.ocr_images(images=strips, dpi=dpi * zoom, psm=7, timeout=timeout)
    except ExtractError as e:
        if e.code != ErrorCode.OCR_FAILED:
            raise
        readings = []
    for (x0, y0, _, _), found in zip(places, readings, strict=False):
        for w in found:
            if w.confidence < MIN_RECOVERED_CONFIDENCE:
                continue
            bx0, by0, bx1, by1 = (v / zoom for v in w.box)
            added.append(Word(text=w.text, bbox=((bx0 + x0) / scale, (by0 + y0) / scale,
                                                 (bx1 + x0) / scale, (by1 + y0) / scale),
                              confidence=round(w.confidence, 3)))
    if not added:
        return reading
    log.info("read %d words Tesseract's layout had skipped", len(added))
    quality = replace(reading.quality, recipe=f"{reading.quality.recipe}+recovered")
    return Reading(words=reading.words + tuple(added), quality=quality)


def _slots(reading: Reading, image: Image.Image, *, dpi: float, timeout: float) -> Reading:
    """The reading with the header's written-in number and day read again as digits."""
    words = slots.reread(reading.words, image, dpi=dpi, height=image.height * 72.0 / dpi,
                         timeout=min(timeout, 10.0))
    if words == reading.words:
        return reading
    return Reading(words=words, quality=reading.quality)


def _ocr_page(*, image: Image.Image, dpi: float, timeout: float,
              rerender: Rerender | None) -> tuple[Reading, Image.Image, float]:
    # Tesseract reads a sideways page well enough to pass the quality gate, in the wrong
    # frame: when the lines run up and down, ask for the orientation first.
    turn, confidence = 0, 0.0
    image, _ = seal.drop_rings(image, dpi=dpi)
    image, _ = seal.drop_seal(image)
    vertical, skew = cleanup.survey(image)
    if vertical:
        turn, confidence = ocr.detect_orientation(image=image, timeout=timeout)
        if turn in (90, 270) and confidence >= 1.0:
            image = cleanup.quarter_turn(image, turn)
        else:
            turn = 0
        straight, skew = _straighten(image)
    else:
        straight, skew = _straighten(image, skew)
    first = _Recipe("default", straight, turn, skew)
    best = _read(first, dpi=dpi, timeout=timeout)
    best_image, best_dpi = first.image, dpi
    if best.quality.score >= OCR_BAR:
        return best, best_image, best_dpi
    log.info("OCR score %.3f below %.2f; trying other recipes", best.quality.score, OCR_BAR)
    upright = first
    if not turn:
        turn, confidence = ocr.detect_orientation(image=image, timeout=timeout)
    else:
        turn, confidence = 0, 0.0  # already turned once: do not turn again
    recipes = []
    if turn and confidence >= 1.0:
        turned, turned_skew = _straighten(cleanup.quarter_turn(image, turn))
        upright = _Recipe("orientation", turned, (first.turn + turn) % 360, turned_skew)
        recipes.append(upright)
    binarised = cleanup.binarise(upright.image)
    recipes.append(_Recipe("binarised", binarised, upright.turn, upright.skew))
    recipes.append(_Recipe("binarised-psm6", binarised, upright.turn, upright.skew, psm=6))
    for recipe in recipes:
        if best.quality.score >= OCR_BAR and recipe.psm == 6:
            break  # a single-block reading only when the page layout defeated the others
        try:
            reading = _read(recipe, dpi=dpi, timeout=timeout)
        except ExtractError as e:
            if e.code != ErrorCode.OCR_FAILED:
                raise
            continue
        # A new recipe must win clearly: the page layout of psm 3 is worth keeping.
        if reading.quality.score > best.quality.score + 0.01:
            best, best_image = reading, recipe.image
    if best.quality.score < OCR_BAR and rerender is not None and dpi < 400:
        hi_image, hi_dpi = rerender(400)
        if hi_dpi > dpi * 1.1:
            turned = cleanup.quarter_turn(hi_image, best.quality.rotation)
            hi = _Recipe("400dpi", turned, best.quality.rotation, 0.0)
            reading = _read(hi, dpi=hi_dpi, timeout=timeout)
            if reading.quality.score > best.quality.score:
                best, best_image, best_dpi = reading, turned, hi_dpi
    return best, best_image, best_dpi
