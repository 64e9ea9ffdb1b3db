"""How good a page's text is: the OCR quality gate and the garbage-text-layer test share it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from extract.vietnamese import marked_share, syllable_shares

#: Below this score an OCR'd page is read again with other recipes.
OCR_BAR = 0.82


def ocr_score(*, confidences: Sequence[float], text: str) -> tuple[float, float, float, float]:
    """Mean confidence, dictionary share, impossible-syllable share, and their blend in [0, 1]."""
    if not confidences:
        return 0.0, 0.0, 0.0, 0.0
    mean_conf = sum(confidences) / len(confidences)
    known, invalid, judged = syllable_shares(text)
    if judged == 0:
        return mean_conf, 0.0, 0.0, 0.5 * mean_conf
    score = 0.5 * mean_conf + 0.3 * known + 0.2 * (1.0 - invalid)
    return mean_conf, known, invalid, score


def text_is_garbage(text: str) -> bool:
    """True when a text layer is not readable Vietnamese: too few letters or too many non-words."""
    letters = sum(1 for c in text if c.isalpha())
    if letters < 20:
        return True
    odd = sum(1 for c in text if c == "\ufffd" or "\ue000" <= c <= "\uf8ff" or ord(c) < 32)
    if odd > 0.05 * len(text):
        return True
    known, invalid, judged = syllable_shares(text)
    if judged < 10:
        return False
    return known < 0.5 or invalid > 0.3


#: Printed Vietnamese carries a mark on about this share of its syllables, or more.
MARKED_TYPICAL = 0.75


@dataclass(frozen=True, slots=True)
class Vietnamese:
    """How much a text reads as written Vietnamese: the measures a text layer is judged by.

    `known`: share of words that are syllables of the word list; `invalid`: share that no
    Vietnamese syllable could be; `marked`: share that carry their diacritics; `judged`: how
    many words were judged (numbers and abbreviations are not).
    """

    known: float
    invalid: float
    marked: float
    judged: int

    @property
    def score(self) -> float:
        """The three shares blended in [0, 1]; a text without its marks loses a third."""
        marks = min(1.0, self.marked / MARKED_TYPICAL)
        return 0.4 * self.known + 0.25 * (1.0 - self.invalid) + 0.35 * marks


def judge_vietnamese(text: str) -> Vietnamese:
    """The measures of `text` (see Vietnamese)."""
    known, invalid, judged = syllable_shares(text)
    marked, _ = marked_share(text)
    return Vietnamese(known=known, invalid=invalid, marked=marked, judged=judged)
