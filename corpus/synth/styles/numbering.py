"""Styles of the number line and the print: how real offices fill and set them.

- The e-office system fills the number and the day after signing: the Word text keeps
  "Số:       /UBND-VP" and "ngày     tháng 6 năm 2026", and the system writes the digits where
  the blanks are, as loose text drawn after the whole body, as the text of a signature
  widget's appearance, or as a picture in one (corpus/synth/stamping).
- A number line typed with spaces around its separators ("Số : 12 /TB - VP", "Số 17 - CV/BTGTU").
- A letter set in larger print than 13-14 pt.

The gold does not change: the number and date are those the page shows.
"""

from __future__ import annotations

import random
import re
from dataclasses import replace

from corpus.synth.compose import Block, Letter, Stamp
from corpus.synth.styles import style

NUMBER_SLOT, DAY_SLOT, MONTH_SLOT = "⟦số⟧", "⟦ngày⟧", "⟦tháng⟧"
_NUMBER_LINE = re.compile(r"^Số:? ")
_DAY = re.compile(r"(ngày )(\d{1,2})( tháng )(\d{1,2})( năm \d{4})$")


def _numbered(letter: Letter, rng: random.Random) -> Letter:
    """The letter with a number, when it had a blank one (its gold now says the number)."""
    if letter.gold.get("doc_number"):
        return letter
    number = str(rng.randrange(12, 900))
    ref = str(letter.gold["doc_ref"])
    ref = f"{number}{ref}"
    blocks = [replace(b, lines=tuple(_with_number(t, ref) for t in b.lines))
              if b.region == "header-left" and any(_NUMBER_LINE.match(t) for t in b.lines)
              else b for b in letter.blocks]
    gold = dict(letter.gold, doc_ref=ref, doc_number=number)
    return replace(letter, blocks=blocks, gold=gold)


def _with_number(line: str, ref: str) -> str:
    if not _NUMBER_LINE.match(line):
        return line
    lead = "Số: " if line.startswith("Số:") else "Số "
    return f"{lead}{ref}"


def _stamped(letter: Letter, rng: random.Random, how: str) -> Letter:
    """The number (and the day, and now and then the month) left blank and stamped `how`."""
    letter = _numbered(letter, rng)
    number = str(letter.gold["doc_number"])
    # A hand writes larger than the type: the typist leaves it a wider blank.
    size = rng.choice((15.0, 16.0, 17.0)) if how == "hand" else rng.choice((12.0, 13.0, 13.0, 14.0))
    rise = rng.choice((0.0, -1.0, 1.0, 1.5))
    stamps = [Stamp(NUMBER_SLOT, number, how, size, rise)]
    blocks: list[Block] = []
    for block in letter.blocks:
        lines = list(block.lines)
        for i, text in enumerate(lines):
            if block.region == "header-left" and _NUMBER_LINE.match(text) and \
                    text.split(" ", 1)[1].startswith(number):
                lead, rest = text.split(" ", 1)
                lines[i] = f"{lead} {NUMBER_SLOT} {rest[len(number):]}"
            day = _DAY.search(text)
            if block.region == "header-right" and day and len(str(
                    letter.gold["issued_date"])) == 10:
                month = rng.random() < 0.3
                lines[i] = text[:day.start()] + day.group(1) + DAY_SLOT + day.group(3) + (
                    MONTH_SLOT if month else day.group(4)) + day.group(5)
                stamps.append(Stamp(DAY_SLOT, day.group(2), how, size, rise))
                if month:
                    stamps.append(Stamp(MONTH_SLOT, day.group(4), how, size, rise))
        blocks.append(replace(block, lines=tuple(lines)))
    return replace(letter, blocks=blocks, stamps=tuple(stamps))


@style("number_stamped_after_body")
def number_stamped_after_body(letter: Letter, rng: random.Random) -> Letter:
    """The number and day drawn as loose text at the end of the page's content."""
    return _stamped(letter, rng, "stream")


@style("number_in_signature_widget")
def number_in_signature_widget(letter: Letter, rng: random.Random) -> Letter:
    """The number and day only in signature widgets' appearances, as text."""
    return _stamped(letter, rng, "widget")


@style("number_as_widget_picture")
def number_as_widget_picture(letter: Letter, rng: random.Random) -> Letter:
    """The number and day only in signature widgets' appearances, as pictures of digits."""
    return _stamped(letter, rng, "widget-image")


def written_by_hand(letter: Letter, rng: random.Random) -> Letter:
    """The number and day (now and then the month) left blank in print and written by hand.

    Not a registered style: the digits exist only on paper, so only a scan of the letter
    shows them (corpus/synth/handwriting draws them when the page is scanned).
    """
    return _stamped(letter, rng, "hand")


@style("spaced_symbol")
def spaced_symbol(letter: Letter, rng: random.Random) -> Letter:
    """A number line typed with spaces around the separators ("Số : 12 /TB - VP")."""
    def spaced(text: str) -> str:
        if not _NUMBER_LINE.match(text):
            return text
        lead, rest = text.split(" ", 1)
        lead = "Số :" if lead == "Số:" and rng.random() < 0.5 else lead
        rest = re.sub(r"\s*-\s*", " - ", rest)
        rest = re.sub(r"(?<=\d)/", " /", rest, count=1)
        return f"{lead} {rest.strip()}"

    blocks = [replace(b, lines=tuple(spaced(t) for t in b.lines)) if b.region == "header-left"
              else b for b in letter.blocks]
    return replace(letter, blocks=blocks)


@style("large_print")
def large_print(letter: Letter, rng: random.Random) -> Letter:
    """The whole letter set larger: the header a point up, the body at 15-16 pt."""
    body = rng.choice((1.08, 1.12, 1.15))
    blocks = [replace(b, size=round(b.size * (body if b.region in ("body", "footnote")
                                               else 1.06), 1)) for b in letter.blocks]
    return replace(letter, blocks=blocks)
