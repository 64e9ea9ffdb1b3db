"""The spaCy pipeline: Vietnamese words from underthesea, symbols and dates kept whole, spans.

`spacy.blank("vi")` with a registered tokenizer built on underthesea's word segmentation
("Quyết định", "Bộ Chính trị" are one token each; "272-QĐ/TW" and "21/01/2015" stay whole),
a component that finds the dates, and a Matcher component that marks the dates things are
due by (the `deadlines` field).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import registry
from spacy.vocab import Vocab
from underthesea import word_tokenize

from nlp.dates import NUMERIC, find_dates
from nlp.numbering import IN_TEXT

#: Pieces of text never cut: numbers and symbols, numeric dates.
_WHOLE = re.compile(f"{IN_TEXT.pattern}|{NUMERIC.pattern}")


class SegmentTokenizer:
    """Words as underthesea segments them, with numbers-and-symbols and dates kept whole."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def _segment(self, chunk: str) -> list[str]:
        words: list[str] = []
        for line in chunk.split("\n"):  # a word never runs over a line break
            if not line.strip():
                continue
            try:
                words += word_tokenize(line)
            except Exception:  # noqa: BLE001 - a segmenter failure must not lose the text
                words += line.split()
        return [w for w in words if w.strip()]

    def _spans(self, text: str) -> list[tuple[int, int]]:
        pieces: list[str] = []
        pos = 0
        for m in _WHOLE.finditer(text):
            pieces += self._segment(text[pos:m.start()])
            pieces.append(m.group(0))
            pos = m.end()
        pieces += self._segment(text[pos:])
        spans: list[tuple[int, int]] = []
        cursor = 0
        for piece in pieces:
            at = text.find(piece, cursor)
            parts = [piece] if at >= 0 else piece.split()
            for part in parts:
                at = text.find(part, cursor)
                if at >= 0:
                    spans.append((at, at + len(part)))
                    cursor = at + len(part)
        return spans

    def __call__(self, text: str) -> Doc:
        """The Doc of `text`; its text is exactly `text`, so character offsets hold."""
        words: list[str] = []
        spaces: list[bool] = []
        cursor = 0
        for start, end in [*self._spans(text), (len(text), len(text))]:
            gap = text[cursor:start]
            if gap == " " and words:
                spaces[-1] = True
            elif gap:
                if gap.startswith(" ") and words and len(gap) > 1:
                    spaces[-1] = True
                    gap = gap[1:]
                words.append(gap)
                spaces.append(False)
            if end > start:
                words.append(text[start:end])
                spaces.append(False)
            cursor = end
        return Doc(self.vocab, words=words, spaces=spaces)


@registry.tokenizers("congvan.SegmentTokenizer.v1")
def create_tokenizer() -> Callable[[Language], SegmentTokenizer]:
    """The registered factory of the Vietnamese tokenizer."""
    def make(nlp: Language) -> SegmentTokenizer:
        return SegmentTokenizer(nlp.vocab)
    return make


@Language.component("congvan_dates")
def label_dates(doc: Doc) -> Doc:
    """`doc.spans["dates"]`: each date of the text, with its ISO value as its id.

    What the deadlines component reads. (Citations are read by nlp/citations.py from the
    text with their boxes; a spaCy entity for them was read by nobody and is not made.)
    """
    spans: list[Span] = []
    for found in find_dates(doc.text):
        span = doc.char_span(found.start, found.end, label="DATE", alignment_mode="expand",
                             kb_id=found.value)
        if span is not None:
            spans.append(span)
    doc.spans["dates"] = spans
    return doc


# The segmenter sees one line at a time and may join a trigger to the word before it
# ("Bình chậm" | "nhất"), so the patterns also match a trigger at the end of a token.
_DEADLINE_PATTERNS: list[list[dict[str, Any]]] = [
    [{"LOWER": {"REGEX": r"(^|\s)(trước|hạn chót|hạn cuối|chậm nhất)$"}}],
    [{"LOWER": {"REGEX": r"(^|\s)chậm$"}}, {"LOWER": "nhất"}],
    [{"LOWER": {"REGEX": r"(^|\s)(không muộn)$"}}, {"LOWER": "hơn"}],
    [{"LOWER": {"REGEX": r"(^|\s)không$"}}, {"LOWER": "muộn"}, {"LOWER": "hơn"}],
]


@Language.factory("congvan_deadlines")
def make_deadlines(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """`doc.spans["deadlines"]`: dates right after "trước", "chậm nhất", "hạn chót"."""
    matcher = Matcher(nlp.vocab)
    matcher.add("DEADLINE", _DEADLINE_PATTERNS)

    def mark(doc: Doc) -> Doc:
        triggers = [end for _, _, end in matcher(doc)]
        out = []
        for date_span in doc.spans.get("dates", []):
            for end in triggers:
                # the trigger, then at most "là", "vào", "ngày" before the date
                if end > date_span.start:
                    continue
                between = doc[end:date_span.start]
                if len(between) <= 3 and all(
                        t.lower_ in ("là", "vào", "ngày", "ngay") for t in between):
                    out.append(date_span)
                    break
        doc.spans["deadlines"] = out
        return doc
    return mark


@lru_cache(maxsize=1)
def nlp() -> Language:
    """The loaded pipeline (built once per process)."""
    pipeline = spacy.blank("vi", config={"nlp": {"tokenizer": {
        "@tokenizers": "congvan.SegmentTokenizer.v1"}}})
    pipeline.add_pipe("congvan_dates")
    pipeline.add_pipe("congvan_deadlines")
    pipeline("Căn cứ Quyết định số 272-QĐ/TW ngày 21/01/2015 của Bộ Chính trị.")  # warm up
    return pipeline
