"""Fake extractions for unit tests: letters typed as lines, placed like a real layout."""

from __future__ import annotations

from typing import Any

from extract.model import Extraction, FileInfo, Line, Page, Region, Word

WIDTH, HEIGHT = 595.0, 842.0


def fake_line(text: str, x0: float, y: float, *, size: float = 12.0, conf: float = 1.0) -> Line:
    """A line whose words are set left to right from x0 at height y (6 pt per character)."""
    words = []
    x = x0
    for token in text.split():
        width = 6.0 * len(token)
        words.append(Word(token, (x, y, x + width, y + size), conf))
        x += width + 4.0
    return Line(tuple(words))


def fake_extraction(regions: dict[str, list[tuple[str, float, float]]], *,
                    pages: int = 1) -> Extraction:
    """An extraction of one page whose regions hold (text, x0, y) lines."""
    built = tuple(Region(name, tuple(fake_line(t, x, y) for t, x, y in lines))  # type: ignore[arg-type]
                  for name, lines in regions.items())
    page = Page(1, WIDTH, HEIGHT, "text_layer", built)
    info = FileInfo("fake.pdf", "0" * 64, "application/pdf", pages, 1)
    return Extraction(info, (page,))


def read_styled(seed: int, style: str) -> tuple[Any, dict[str, Any]]:
    """The generator's letter of `seed` in `style`, rendered born-digital, and its fields read."""
    from corpus.synth.render import render
    from corpus.synth.styles import styled
    from extract.pipeline import extract_bytes
    from nlp.read import read_letter

    letter = styled(seed, style)
    data, _ = render(letter)
    return letter, read_letter(extract_bytes(data, name="x.pdf")).fields
