"""The letter as lines of positioned words, normalised, each able to box any span of itself."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

from extract.model import BBox, Extraction, Word, union
from nlp.normalise import normalise_words

#: How far past the page's middle, in its own heights, a line reaches on both sides to be a
#: full-width line rather than one column's.
SIDE_REACH = 1.3


#: The share of the first page a header takes, at most.
HEADER_SHARE = 0.45
#: The mottos only letters print at their top right: the state's and the Party's.
MOTTOS = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
          "ĐẢNG CỘNG SẢN VIỆT NAM")


class TextLine:
    """One line of one region: the words as read (with boxes) and their normalised texts."""

    __slots__ = ("page", "region", "index", "words", "texts", "text", "starts", "page_width")

    def __init__(self, *, page: int, region: str, index: int, words: Sequence[Word],
                 page_width: float) -> None:
        self.page = page
        self.region = region
        self.index = index
        self.words = tuple(words)
        self.texts = tuple(normalise_words([w.text for w in words]))
        self.text = " ".join(self.texts)
        starts, pos = [], 0
        for t in self.texts:
            starts.append(pos)
            pos += len(t) + 1
        self.starts = tuple(starts)
        self.page_width = page_width

    def __repr__(self) -> str:
        return f"TextLine(p{self.page} {self.region} {self.text!r})"

    @property
    def bbox(self) -> BBox:
        """The line's box."""
        return union(w.bbox for w in self.words)

    @property
    def x0(self) -> float:
        """Left edge."""
        return self.words[0].bbox[0]

    @property
    def x1(self) -> float:
        """Right edge."""
        return max(w.bbox[2] for w in self.words)

    @property
    def top(self) -> float:
        """Top edge."""
        return min(w.bbox[1] for w in self.words)

    @property
    def bottom(self) -> float:
        """Bottom edge."""
        return max(w.bbox[3] for w in self.words)

    @property
    def height(self) -> float:
        """Height of the line."""
        return self.bottom - self.top

    @property
    def side(self) -> str:
        """"left", "right" or "full": which column of the page the line sits in.

        A line is "full" when it reaches past the page's middle on both sides by more than
        SIDE_REACH of its own height (about 20 pt at 13 pt print).
        """
        middle = self.page_width / 2
        reach = SIDE_REACH * self.height
        if self.x0 < middle - reach and self.x1 > middle + reach:
            return "full"
        return "left" if (self.x0 + self.x1) / 2 < middle else "right"

    def word_span(self, start: int, end: int) -> range:
        """The indices of the words that overlap characters [start, end) of `text`."""
        first = last = None
        for i, s in enumerate(self.starts):
            e = s + len(self.texts[i])
            if e > start and s < end:
                if first is None:
                    first = i
                last = i
        if first is None or last is None:
            return range(0)
        return range(first, last + 1)

    def box(self, start: int = 0, end: int | None = None) -> BBox:
        """The box of the words under characters [start, end)."""
        span = self.word_span(start, len(self.text) if end is None else end) or range(
            len(self.words))
        return union(self.words[i].bbox for i in span)

    def confidence(self, start: int = 0, end: int | None = None) -> float:
        """The lowest word confidence under characters [start, end)."""
        span = self.word_span(start, len(self.text) if end is None else end) or range(
            len(self.words))
        return min(self.words[i].confidence for i in span)

    def source(self, start: int = 0, end: int | None = None) -> str:
        """The words under characters [start, end) as they were read."""
        span = self.word_span(start, len(self.text) if end is None else end)
        return " ".join(self.words[i].text for i in span)


@dataclass(frozen=True, slots=True)
class Piece:
    """Characters [start, end) of one line: where part of a value was read."""

    line: TextLine
    start: int = 0
    end: int | None = None

    @property
    def text(self) -> str:
        """The normalised text of the piece."""
        return self.line.text[self.start:self.end]


@dataclass(frozen=True)
class Sheet:
    """Every line of the letter in reading order, with the size of each page."""

    lines: tuple[TextLine, ...]
    sizes: dict[int, tuple[float, float]]

    @classmethod
    def from_extraction(cls, extraction: Extraction) -> Sheet:
        """The sheet of what extract/ read."""
        lines: list[TextLine] = []
        sizes: dict[int, tuple[float, float]] = {}
        for page in extraction.pages:
            sizes[page.number] = (page.width, page.height)
            for region in page.regions:
                for line in region.lines:
                    if line.words:
                        lines.append(TextLine(page=page.number, region=region.name,
                                              index=len(lines), words=line.words,
                                              page_width=page.width))
        return cls(tuple(lines), sizes)

    @property
    def first_page(self) -> int:
        """The number of the letter's first page."""
        return min(self.sizes, default=1)

    def on_page(self, number: int) -> Iterator[TextLine]:
        """The lines of one page."""
        return (ln for ln in self.lines if ln.page == number)

    def top_lines(self, share: float) -> list[TextLine]:
        """The first page's lines whose top lies within its upper `share`."""
        if not self.sizes:
            return []
        height = self.sizes[self.first_page][1]
        return [ln for ln in self.on_page(self.first_page) if ln.top < height * share]

    def after(self, line: TextLine) -> Iterator[TextLine]:
        """The lines after `line`, in reading order."""
        return iter(self.lines[line.index + 1:])

    @property
    def text(self) -> str:
        """The letter's normalised text, a line per line."""
        return "\n".join(ln.text for ln in self.lines)

    @cached_property
    def _starts(self) -> list[int]:
        starts, pos = [], 0
        for ln in self.lines:
            starts.append(pos)
            pos += len(ln.text) + 1
        return starts

    def locate(self, start: int, end: int) -> list[Piece]:
        """The pieces of lines under characters [start, end) of `text`."""
        first = max(0, bisect_right(self._starts, start) - 1)
        pieces = []
        for i in range(first, len(self.lines)):
            line_start = self._starts[i]
            if line_start >= end:
                break
            line = self.lines[i]
            a, b = max(start - line_start, 0), min(end - line_start, len(line.text))
            if a < b:
                pieces.append(Piece(line, a, b))
        return pieces
