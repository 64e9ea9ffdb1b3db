"""Setting a composed letter on A4 pages as a born-digital PDF, recording where every word went."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import pymupdf

from corpus.synth import stamping
from corpus.synth.compose import Block, Letter, Stamp
from corpus.synth.fonts import FACES, FONT_DIR, font

WIDTH, HEIGHT = 595.28, 841.89
LEFT, RIGHT, TOP, BOTTOM = 85.0, 538.0, 57.0, 782.0
COLUMNS = {  # region -> (x0, x1) of its column
    "header-left": (45.0, 270.0),
    "header-right": (290.0, 545.0),
    "body": (LEFT, RIGHT),
    "footer-left": (LEFT, 300.0),
    "signature": (300.0, 540.0),
    "footnote": (LEFT, RIGHT),
}
SIDE = {"header-left": "left", "footer-left": "left", "header-right": "right",
        "signature": "right", "body": "full", "footnote": "full"}

#: Encodes a text run into a legacy encoding: returns [(font key, encoded text), ...].
Encoder = Callable[[str], list[tuple[str, str]]]


@dataclass
class TruthWord:
    """A word as the generator put it: NFC text, box in PDF points, its region."""

    text: str
    bbox: tuple[float, float, float, float]
    region: str
    line: int


@dataclass
class TruthPage:
    """One page's words in drawing order."""

    number: int
    words: list[TruthWord] = field(default_factory=list)
    #: Digits a clerk writes by hand into the printed page's blanks: text and box in points.
    hand: list[tuple[str, tuple[float, float, float, float]]] = field(default_factory=list)

    def region_lines(self) -> dict[str, list[str]]:
        """Each region's lines, top to bottom, in the same order extract/ reads them."""
        out: dict[str, dict[int, list[TruthWord]]] = {}
        for w in self.words:
            out.setdefault(w.region, {}).setdefault(w.line, []).append(w)
        return {
            region: [" ".join(x.text for x in sorted(ws, key=lambda x: x.bbox[0]))
                     for _, ws in sorted(lines.items(), key=lambda kv: kv[1][0].bbox[1])]
            for region, lines in out.items()
        }

    def text(self) -> str:
        """The page's true text in reading order (regions in extract/'s order)."""
        order = ("header-left", "header-right", "body", "footer-left", "signature", "footnote")
        lines = self.region_lines()
        return "\n".join(line for region in order for line in lines.get(region, []))


class _Setter:
    def __init__(self, letter: Letter, encoder: Encoder | None, legacy_fonts: dict[str, bytes]):
        self.letter = letter
        self.doc = pymupdf.open()
        self.pages: list[TruthPage] = []
        self.encoder = encoder
        self.legacy_fonts = legacy_fonts
        self.line_no = 0
        self.last_top = TOP
        self.stamps = {stamp.slot: stamp for stamp in letter.stamps}
        #: Where each stamp goes once the page is set: (page index, x, baseline, stamp).
        self.stamped: list[tuple[int, float, float, Stamp]] = []
        self.font_cache: dict[str, pymupdf.Font] = {}
        self._new_page()

    def _new_page(self) -> None:
        self.page = self.doc.new_page(width=WIDTH, height=HEIGHT)
        for face, file in FACES.items():
            self.page.insert_font(fontname=face, fontfile=str(FONT_DIR / file))
        for key, data in self.legacy_fonts.items():
            self.page.insert_font(fontname=key, fontbuffer=data)
        self.pages.append(TruthPage(len(self.pages) + 1))
        self.y = {"left": TOP, "right": TOP, "full": TOP}
        if len(self.pages) > 1:
            self._line(f"{len(self.pages)}", "body", "regular", 13, "center", COLUMNS["body"],
                       TOP + 13)
            self.y["full"] = TOP + 30

    def _legacy_font(self, key: str) -> pymupdf.Font:
        if key not in self.font_cache:
            self.font_cache[key] = pymupdf.Font(fontbuffer=self.legacy_fonts[key])
        return self.font_cache[key]

    def _width(self, word: str, face: str, size: float) -> float:
        return float(font(face).text_length(word, fontsize=size))

    def _draw(self, text: str, x: float, baseline: float, face: str, size: float) -> None:
        if self.encoder is None:
            self.page.insert_text((x, baseline), text, fontname=face, fontsize=size)
            return
        # A legacy font's marks are separate glyphs here; squeeze the run to the Unicode
        # word's width so that the page keeps the same layout (and truth) as the Unicode one.
        runs = self.encoder(text)
        legacy = sum(self._legacy_font(k).text_length(r, fontsize=size) for k, r in runs)
        scale = self._width(text, face, size) / legacy if legacy else 1.0
        for key, run in runs:
            point = pymupdf.Point(x, baseline)
            self.page.insert_text(point, run, fontname=key, fontsize=size,
                                  morph=(point, pymupdf.Matrix(scale, 1)))
            x += self._legacy_font(key).text_length(run, fontsize=size) * scale

    def _line(self, text: str, region: str, face: str, size: float, align: str,
              column: tuple[float, float], baseline: float, justify: bool = False,
              indent: float = 0.0) -> None:
        f = font(face)
        words = text.split()
        # A blank kept for a stamp is as wide as the stamp and a space on each side.
        widths = [self._width(self.stamps[w].text, "regular", self.stamps[w].size)
                  + 2 * f.text_length(" ", fontsize=size) if w in self.stamps
                  else self._width(w, face, size) for w in words]
        space = f.text_length(" ", fontsize=size)
        total = sum(widths) + space * (len(words) - 1)
        x0, x1 = column[0] + indent, column[1]
        x = (column[0] + column[1] - total) / 2 if align == "center" else x0
        if justify and len(words) > 1:
            space = (x1 - x0 - sum(widths)) / (len(words) - 1)
        self.line_no += 1
        for word, width in zip(words, widths, strict=True):
            if word in self.stamps:  # left blank now, stamped after the whole page is set
                stamp = self.stamps[word]
                at, rise = x + f.text_length(" ", fontsize=size), baseline - stamp.rise
                self.stamped.append((len(self.pages) - 1, at, rise, stamp))
                box = (at, rise - f.ascender * stamp.size,
                       at + self._width(stamp.text, "regular", stamp.size),
                       rise - f.descender * stamp.size)
                self.pages[-1].words.append(TruthWord(stamp.text, box, region, self.line_no))
                x += width + space
                continue
            self._draw(word, x, baseline, face, size)
            box = (x, baseline - f.ascender * size, x + width, baseline - f.descender * size)
            self.pages[-1].words.append(
                TruthWord(unicodedata.normalize("NFC", word), box, region, self.line_no))
            x += width + space

    def _wrap(self, text: str, face: str, size: float, width: float, indent: float,
              hanging: bool = False) -> list[str]:
        f = font(face)
        lines: list[str] = []
        current: list[str] = []
        for word in text.split():
            trial = " ".join([*current, word])
            limit = width - (indent if hanging or not lines else 0)
            if current and f.text_length(trial, fontsize=size) > limit:
                lines.append(" ".join(current))
                current = [word]
            else:
                current.append(word)
        if current:
            lines.append(" ".join(current))
        return lines

    def block(self, block: Block, previous_side: str | None) -> None:
        side = SIDE[block.region]
        if side == "full" and previous_side in ("left", "right"):
            self.y["full"] = max(self.y["left"], self.y["right"])
        if side != "full" and previous_side == "full":
            self.y["left"] = self.y["right"] = self.y["full"]
        if block.same_row_as_previous_right:
            self.y[side] = self.last_top
        elif block.sync:
            self.y[side] = max(self.y["left"], self.y["right"]) + block.space_before
        else:
            self.y[side] += block.space_before
        self.last_top = self.y[side]
        column = COLUMNS[block.region]
        lines = list(block.lines)
        if block.fill_to is not None:  # as many of the lines, in turn, as fill the column
            wrapped = [self._wrap(t, block.face, block.size, column[1] - column[0],
                                  block.indent) for t in block.lines]
            lines, y, i = [], self.y[side], 0
            while y + len(wrapped[i % len(wrapped)]) * block.size * 1.25 < block.fill_to:
                lines.append(block.lines[i % len(block.lines)])
                y += len(wrapped[i % len(wrapped)]) * block.size * 1.25 + block.size * 0.3
                i += 1
        ends = set(range(len(lines)))  # lines that end a paragraph: never justified
        if block.wrap:
            wrapped_lines: list[str] = []
            ends = set()
            for text in lines:
                wrapped_lines += self._wrap(text, block.face, block.size,
                                            column[1] - column[0], block.indent,
                                            hanging=block.align == "left")
                ends.add(len(wrapped_lines) - 1)
            lines = wrapped_lines
        leading = block.size * 1.25
        for i, text in enumerate(lines):
            baseline = self.y[side] + leading
            if baseline > BOTTOM:
                self._new_page()
                side_now = side
                baseline = self.y[side_now] + leading
            justify = block.align == "justify" and i not in ends
            indent = block.indent if block.align == "left" or (
                block.align == "justify" and (i == 0 or i - 1 in ends)) else 0.0
            align = "left" if block.align == "justify" else block.align
            self._line(text, block.region, block.face, block.size, align, column, baseline,
                       justify=justify, indent=indent)
            self.y[side] = baseline + block.size * 0.3


    def esign(self, stamp: dict[str, str]) -> None:
        """The e-signature stamp a signing office prints in the top right corner."""
        signed = datetime.fromisoformat(stamp["time"])
        lines = (f"Người ký: {stamp['signer']}", f"Email: {stamp['email']}",
                 f"Cơ quan: {stamp['organisation']}",
                 f"Thời gian ký: {signed.strftime('%d.%m.%Y %H:%M:%S')} "
                 f"{signed.strftime('%z')[:3]}:{signed.strftime('%z')[3:]}")
        for i, text in enumerate(lines):
            self._line(text, "header-right", "regular", 7.5, "left", (392.0, 580.0),
                       14.0 + i * 9.4)


def render(letter: Letter, *, encoder: Encoder | None = None,
           legacy_fonts: dict[str, bytes] | None = None, esign: bool = True
           ) -> tuple[bytes, list[TruthPage]]:
    """The letter as PDF bytes and the true words of each page.

    `esign=False` leaves out the e-signature stamp (a letter printed before it was signed).
    """
    setter = _Setter(letter, encoder, legacy_fonts or {})
    if esign and letter.esign is not None:
        setter.esign(letter.esign)
    previous: str | None = None
    footer = [b for b in letter.blocks if SIDE[b.region] != "full" and b.region in
              ("footer-left", "signature")]
    # A line takes 1.55 times its size (leading and gap); the signature starts level with the
    # distribution list, below the same space.
    left = [b for b in footer if b.region == "footer-left"]
    lead = left[0].space_before if left else 0.0
    footer_height = max(
        sum(len(b.lines) * b.size * 1.55 + b.space_before for b in left),
        lead + sum(len(b.lines) * b.size * 1.55 + b.space_before for b in footer
                   if b.region == "signature"),
    ) if footer else 0
    # Footnotes sit under the footer on its page: two lines of small print each, and the gap.
    footer_height += sum(2 * b.size * 1.55 + b.space_before for b in letter.blocks
                         if b.region == "footnote")
    for block in letter.blocks:
        if block.region == "footer-left" and setter.y["full"] + footer_height > BOTTOM:
            setter._new_page()
            previous = "full"
        setter.block(block, previous)
        previous = SIDE[block.region]
    for index, x, baseline, stamp in setter.stamped:
        if stamp.how == "hand":  # written on the paper after printing: the scan draws it
            setter.pages[index].hand.append((stamp.text, stamping.box((x, baseline), stamp)))
            continue
        stamping.stamp(setter.doc, index, (x, baseline), stamp)
    buf = io.BytesIO()
    if legacy_fonts is None:  # as office software does: only the glyphs used are embedded
        setter.doc.subset_fonts()  # (TCVN3/VNI fonts keep their own 8-bit encodings whole)
    setter.doc.save(buf, garbage=3, deflate=True)
    letter.pages_hint = len(setter.pages)
    return buf.getvalue(), setter.pages
