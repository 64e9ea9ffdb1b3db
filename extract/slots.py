"""The header's written-in slots: the number in "Số: ___/UBND-VP" and the day in "ngày ___ tháng".

On most scanned letters the number and the day are written by hand (or stamped) into blanks
that the printed form leaves: ND 30/2020 Appendix I prints the symbol and the month and year,
and the office fills the rest when the letter is registered. Tesseract, a recogniser of
print, reads such ink as noise ("5†B"), or as a confident wrong number. A slot is read here as
what it is: a few digits at a known place on a known line. The whole line is read by the
second recogniser (`extract.lines`), which also reads handwriting, and the slot's columns are
decoded again with digits only. The printed parts of the line place the slot; Tesseract's own
reading of the slot, with digits only, is a second voice.

What comes out is never surer than the evidence: a number only the line model read is below
the review bar (`UNSURE`); one Tesseract confirms is above it; a read that fails its form (a
day of 0 or 45) is dropped, and the slot stays blank, as the letter's reader then reports.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image

from extract import lines, ocr
from extract.errors import ExtractError
from extract.model import Word

log = logging.getLogger(__name__)

#: The share of the page's height in which a header's number and date lines are looked for.
HEADER_SHARE = 0.45
#: The label of the number line, alone or with the number glued on ("Số:", "Số", "SỐ:").
NUMBER_LABEL = re.compile(r"^S[ốôoóồổộỐÔ6][.:]?")
#: The start of a symbol in a word: "/" or a Party number's "-", then two capitals ("/UBND-VP",
#: "/2025/QĐ-UBND", "-HD/BTCTW").
SYMBOL_START = re.compile(r"[-/](?:\d{4}/)?[A-ZĐ&]{2}")
#: The year part of a symbol after the number ("/2020/QĐ-UBND"), as the line model reads it.
YEAR_PART = re.compile(r"^\d{4}/")
#: The label of the day in the place-date line.
DAY_LABEL = re.compile(r"(?:^|,)ng[àa]y", re.IGNORECASE)
#: The label of the month.
MONTH_LABEL = re.compile(r"^th[áa]ng$", re.IGNORECASE)
#: A digit the line model gives less than this is not read at all.
MIN_DIGIT = 0.3
#: A slot read by one recogniser only: below the review bar (0.8), above noise.
UNSURE = 0.7
#: A slot that both recognisers read alike.
AGREED = 0.9
#: Tesseract's word confidence at which digits in a slot are taken as typed, and kept.
TYPED = 0.85
#: Tesseract's confidence in a symbol below which the line model's sure reading replaces it.
DOUBTFUL_SYMBOL = 0.5
#: Tesseract and the line model read the slot differently: whichever is taken, a reviewer looks.
DISPUTED = 0.5
#: Rows: a word belongs to a row when its middle lies within this share of the label's height.
ROW_SLACK = 0.6
#: How far the row may run past its label, in the label's heights, before the slot ends.
ROW_REACH = 14.0


@dataclass(frozen=True, slots=True)
class _Slot:
    """Digits read in a slot, where they are in page points, and how sure the reading is."""

    digits: str
    bbox: tuple[float, float, float, float]
    confidence: float
    unanimous: bool = False  # every crop of the row gave these digits
    tail: str | None = None  # the symbol after a number, as the line model read it, when sure


def reread(words: Sequence[Word], image: Image.Image, *, dpi: float, height: float,
           timeout: float = 10.0) -> tuple[Word, ...]:
    """The page's words with the header's number and day slots read again as digits.

    `words` are in points of `image` read at `dpi`; `height` is the page's height in points.
    Words outside the two rows are returned as they are, in their order.
    """
    if not lines.available():
        return tuple(words)
    out = _split_labels(words, height * HEADER_SHARE)
    top = [w for w in out if w.bbox[3] <= height * HEADER_SHARE]
    number = _number_row(top)
    if number is not None:
        out = _mend(out, number, image, dpi=dpi, timeout=timeout, kind="number")
    for kind in ("day", "month"):
        top = [w for w in out if w.bbox[3] <= height * HEADER_SHARE]
        row = _date_row(top, kind)
        if row is not None:
            out = _mend(out, row, image, dpi=dpi, timeout=timeout, kind=kind)
    return tuple(out)


#: A label with the slot's ink glued to it in one word ("Số:83_/TTr-UBND", "ngàyà", "tháng?").
GLUED_LABEL = re.compile(r"^(S[ốôoóồổộỐÔ6][.:]|ng[àa]y|th[áa]ng)(?=.)", re.IGNORECASE)


def _split_labels(words: Sequence[Word], bottom: float) -> list[Word]:
    """The words, with a header label that has the slot's ink glued to it made two words.

    The label's share of the word's box is its share of the characters.
    """
    out: list[Word] = []
    for w in words:
        m = GLUED_LABEL.match(w.text) if w.bbox[3] <= bottom else None
        rest = w.text[m.end():] if m else ""
        if m is None or (not m.group(1).lower().startswith("s") and rest[:1].isalpha()
                         and len(rest) > 2):  # "ngàyấy" is more likely a word than ink
            out.append(w)
            continue
        x0, y0, x1, y1 = w.bbox
        cut = x0 + (x1 - x0) * m.end() / len(w.text)
        out.append(Word(m.group(1), (x0, y0, cut, y1), w.confidence))
        out.append(Word(rest, (cut, y0, x1, y1), w.confidence))
    return out


@dataclass(frozen=True, slots=True)
class _Row:
    """A header row with a slot: the label word, the words of the slot, and the word after it.

    `after` is the printed word that closes the slot (the symbol, or "tháng"), with the
    column at which its printed part starts (`after_x`, in points): noise glued to its front
    is part of the slot.
    """

    label: Word
    inside: tuple[Word, ...]
    after: Word
    after_x: float
    end: float  # the row's right edge, in points


def _same_row(label: Word, words: Sequence[Word]) -> list[Word]:
    h = label.bbox[3] - label.bbox[1]
    top, bottom = label.bbox[1] - ROW_SLACK * h, label.bbox[3] + ROW_SLACK * h
    # A word read over the label's end (a digit written close to it) belongs to the slot.
    middle = (label.bbox[0] + label.bbox[2]) / 2
    row = [w for w in words if w is not label and w.bbox[2] > label.bbox[2]
           and (w.bbox[0] + w.bbox[2]) / 2 > middle
           and top <= (w.bbox[1] + w.bbox[3]) / 2 <= bottom
           and w.bbox[0] <= label.bbox[2] + ROW_REACH * h]
    return sorted(row, key=lambda w: w.bbox[0])


def _number_row(words: Sequence[Word]) -> _Row | None:
    for label in sorted(words, key=lambda w: (w.bbox[1], w.bbox[0])):
        m = NUMBER_LABEL.match(label.text)
        if not m or m.end() != len(label.text):
            continue
        inside: list[Word] = []
        for w in _same_row(label, words):
            hit = SYMBOL_START.search(w.text)
            if hit is None:
                inside.append(w)
                continue
            share = hit.start() / max(1, len(w.text))
            x = w.bbox[0] + share * (w.bbox[2] - w.bbox[0])
            return _Row(label, tuple(inside), w, x, w.bbox[2])
    return None


def _date_row(words: Sequence[Word], kind: str) -> _Row | None:
    """The day's slot ("ngày __ tháng") or the month's ("tháng __ năm") of the date line."""
    label_form, closer = (DAY_LABEL, "th") if kind == "day" else (MONTH_LABEL, "nă")
    for label in sorted(words, key=lambda w: (w.bbox[1], w.bbox[0])):
        hit = label_form.search(label.text)
        if hit is None or len(label.text) - hit.start() > 6:
            continue
        row = _same_row(label, words)
        texts = [w.text.lower() for w in row]
        if not any(t.startswith("năm") or t.startswith("nam") for t in texts):
            continue  # a header's date line runs "ngày … tháng … năm …"
        inside: list[Word] = []
        for w in row:
            at = w.text.lower().find(closer)
            if kind == "month" and at < 0:
                at = w.text.lower().find("nam")
            if at < 0 or kind == "day" and "g" not in w.text[at:]:
                inside.append(w)
                continue
            x = w.bbox[0] + at / max(1, len(w.text)) * (w.bbox[2] - w.bbox[0])
            return _Row(label, tuple(inside), w, x, w.bbox[2])
    return None


def _typed(row: _Row) -> str | None:
    """The digits Tesseract is sure it read in the slot (a typed or stamped number), if any."""
    glued = row.after.text[:_glued_length(row)]
    texts = [w.text for w in row.inside] + ([glued] if glued else [])
    if not texts or not all(t.isdigit() for t in texts):
        return None
    sure = min([w.confidence for w in row.inside] + ([row.after.confidence] if glued else []))
    return "".join(texts) if sure >= TYPED else None


def _glued_length(row: _Row) -> int:
    """How many characters of noise Tesseract glued to the front of the word after the slot."""
    w = row.after
    share = (row.after_x - w.bbox[0]) / max(1e-6, w.bbox[2] - w.bbox[0])
    return round(share * len(w.text))


def _mend(words: list[Word], row: _Row, image: Image.Image, *, dpi: float, timeout: float,
          kind: str) -> list[Word]:
    typed = _typed(row)
    if typed is not None:
        first = _vote(row, image, dpi=dpi, kind=kind, pad=PADDINGS[0])
        if first is None or first.digits == typed:
            return words  # print, read alike by both (or the line model saw nothing)
    slot = _read_slot(row, image, dpi=dpi, timeout=timeout, kind=kind)
    if typed is not None:
        if slot is None or slot.digits == typed:
            return words  # print, read alike by both (or the line model saw nothing)
        if not slot.unanimous:
            # Tesseract was sure, the line model is not: Tesseract's, for a reviewer to see.
            doubt = {id(w) for w in row.inside}
            return [Word(w.text, w.bbox, min(w.confidence, DISPUTED)) if id(w) in doubt else w
                    for w in words]
        slot = _Slot(slot.digits, slot.bbox, DISPUTED, slot.unanimous, slot.tail)
    cut = _glued_length(row)
    after = row.after if cut == 0 else Word(
        row.after.text[cut:], (row.after_x, *row.after.bbox[1:]), row.after.confidence)
    if slot is not None and slot.tail and after.confidence < DOUBTFUL_SYMBOL and \
            not SYMBOL.match(after.text):
        # The symbol printed after a written number is often read badly by Tesseract (the
        # ink touches it): when what it read is no symbol, the line model's sure reading.
        after = Word(slot.tail, after.bbox, max(after.confidence, 0.8))
    replaced = {id(w) for w in row.inside} | {id(row.after)}
    out: list[Word] = []
    for w in words:
        if id(w) not in replaced:
            out.append(w)
        elif w is row.after:
            if slot is not None:
                out.append(Word(slot.digits, slot.bbox, slot.confidence))
            out.append(after)
    if slot is not None:
        log.info("%s slot read as %s (confidence %.2f)", kind, slot.digits, slot.confidence)
    return out


#: The vertical margins, in the label's heights, at which a row is cropped for the line model:
#: its reading of handwriting changes with the crop, and agreement between crops counts.
PADDINGS = (0.45, 0.6, 0.8)


@dataclass(frozen=True, slots=True)
class _Vote:
    digits: str
    probability: float
    bbox: tuple[float, float, float, float]
    crop: Image.Image
    span: tuple[float, float]  # the slot's columns in the crop
    tail: str | None  # what follows the slot on the row, when the model is sure of all of it


def _read_slot(row: _Row, image: Image.Image, *, dpi: float, timeout: float,
               kind: str) -> _Slot | None:
    votes = [v for pad in PADDINGS
             if (v := _vote(row, image, dpi=dpi, kind=kind, pad=pad)) is not None]
    if not votes:
        return None
    counts = {v.digits: sum(1 for o in votes if o.digits == v.digits) for v in votes}
    # Each crop votes for what it read with the weight of its least sure digit.
    weight = {v.digits: sum(o.probability for o in votes if o.digits == v.digits) for v in votes}
    best = max(votes, key=lambda v: (weight[v.digits], v.probability))
    confidence = min(UNSURE, best.probability)
    if counts[best.digits] < len(PADDINGS):
        confidence = min(confidence, 0.5)  # the crops disagree: a reviewer must look
    second = _tesseract_digits(best.crop, start=best.span[0], end=best.span[1], dpi=dpi,
                               timeout=timeout)
    if second == best.digits:
        # Tesseract's digits agree: sure when every crop read the same, else still unsure.
        confidence = AGREED if counts[best.digits] == len(PADDINGS) else max(confidence, 0.6)
    return _Slot(best.digits, best.bbox, round(confidence, 3),
                 unanimous=counts[best.digits] == len(PADDINGS), tail=best.tail)


def _vote(row: _Row, image: Image.Image, *, dpi: float, kind: str, pad: float) -> _Vote | None:
    """The digits the line model reads in the slot, on the row cropped with margins `pad`."""
    scale = dpi / 72.0
    h = row.label.bbox[3] - row.label.bbox[1]
    x0, x1 = row.label.bbox[0] - 0.3 * h, row.end + 0.3 * h
    y0 = min([row.label.bbox[1], *(w.bbox[1] for w in row.inside)]) - pad * h
    y1 = max([row.label.bbox[3], *(w.bbox[3] for w in row.inside)]) + pad * h
    box = (max(0, round(x0 * scale)), max(0, round(y0 * scale)),
           min(image.width, round(x1 * scale)), min(image.height, round(y1 * scale)))
    if box[2] - box[0] < 8 or box[3] - box[1] < 8:
        return None
    crop = image.crop(box)
    reading = lines.read_line(crop)
    log.debug("%s row read by the line model as %r", kind, reading.text)
    # The label's box may have swallowed a stroke of the first digit (a "1" written close):
    # the slot starts where the model's own reading of the label ends.
    start = _model_start(reading, edge=row.label.bbox[2] * scale - box[0], slack=0.4 * h * scale)
    end = row.after_x * scale - box[0]
    end = _model_end(reading, start=start, end=end, kind=kind)
    found = [g for g in reading.digits_between(start, end) if g.probability >= MIN_DIGIT]
    if not found:
        return None
    digits = "".join(g.text for g in found)
    if not _fits(digits, kind):
        log.info("%s slot read as %r, which no %s can be: not taken", kind, digits, kind)
        return None
    bbox = ((found[0].x0 + box[0]) / scale, y0 + pad * h,
            (found[-1].x1 + box[0]) / scale, y1 - pad * h)
    return _Vote(digits, min(g.probability for g in found), bbox, crop, (start, end),
                 _symbol(reading, end) if kind == "number" else None)


#: A letter's symbol as the line model may give it after the number ("/TTr-UBND", "-TB/VPTU").
SYMBOL = re.compile(r"^[-/](?:\d{4}/)?[A-ZĐ][A-ZĐa-z0-9&]*(?:[-/][A-ZĐ0-9][A-ZĐa-z0-9&]*)+$")
#: The line model's least probability over a symbol's characters for it to be taken.
SURE_SYMBOL = 0.9


def _symbol(reading: lines.LineReading, start: float) -> str | None:
    """The symbol after the slot as the line model read it, or None.

    None unless it has a symbol's form and the model is sure of every character.
    """
    tail = [g for g in reading.glyphs if g.x0 >= start - 1 and g.text != " "]
    text = "".join(g.text for g in tail)
    if not tail or not SYMBOL.match(text) or min(g.probability for g in tail) < SURE_SYMBOL:
        return None
    return text


def _model_start(reading: lines.LineReading, *, edge: float, slack: float) -> float:
    """Where the label ends by the line model's reading: after its last letter (or colon).

    The label's letters come first in the crop; the first mark that is neither ends them.
    Without them, Tesseract's edge of the label.
    """
    start = None
    for g in reading.glyphs:
        if g.x0 > edge + slack or not (g.text.isalpha() or g.text in ":.,"):
            break
        start = g.x1
    return edge if start is None else start


def _model_end(reading: lines.LineReading, *, start: float, end: float, kind: str) -> float:
    """Where the slot ends by the line model's own reading.

    That is its "/" or "-" before the symbol's capitals, or the "t" of "tháng", or the "n" of
    "năm": Tesseract's box of that word may have swallowed a digit.
    """
    glyphs = reading.glyphs
    for i, g in enumerate(glyphs[:-1]):
        if g.x0 <= start:
            continue
        if g.x0 > end + 4 * (g.x1 - g.x0 + 1):
            break
        nxt = glyphs[i + 1].text
        after = "".join(x.text for x in glyphs[i + 1:i + 6])
        if kind == "number" and g.text in "/-" and (nxt.isupper() or YEAR_PART.match(after)):
            return g.x0
        if kind == "day" and g.text.lower() == "t" and nxt.lower() == "h":
            return g.x0
        if kind == "month" and g.text.lower() == "n" and nxt.lower() in "ăa":
            return g.x0
    return end


def _fits(digits: str, kind: str) -> bool:
    if kind == "day":
        return len(digits) <= 2 and 1 <= int(digits) <= 31
    if kind == "month":
        return len(digits) <= 2 and 1 <= int(digits) <= 12
    return len(digits) <= 6


def _tesseract_digits(crop: Image.Image, *, start: float, end: float, dpi: float,
                      timeout: float) -> str | None:
    """Tesseract's reading of the slot's own columns, digits only; None when it reads none."""
    piece = crop.crop((max(0, round(start)), 0, min(crop.width, round(end)), crop.height))
    if piece.width < 4:
        return None
    try:
        found = ocr.read_digits(image=piece.convert("L"), dpi=dpi, timeout=timeout)
    except ExtractError:
        return None
    return "".join(w.text for w in found) or None
