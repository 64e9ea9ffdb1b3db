"""Fuzz target for the text-to-fields path.

Any text, laid out as a letter, must give a contract object that is valid against the schema,
with every string in NFC.

    python -m fuzz.fields -max_total_time=60 -rss_limit_mb=4096 SEED_DIR

The fuzzer's bytes become text (Unicode, no surrogates); the text's lines are set on one A4
page the way a letter is laid out: the first eight lines alternate between the issuer's
column and the national motto's column, the rest run down the body. That page goes through
everything after OCR: the field readers, citations, the registry, the delegation, the rules
and the contract. An exception, a schema violation or a non-NFC value is a crash (libFuzzer
writes the input that caused it as crash-*). Only the project's own modules are instrumented.
"""

from __future__ import annotations

import sys
import unicodedata
from typing import Any

import atheris

with atheris.instrument_imports(include=["nlp", "corpus", "api.contract", "api.pipeline"]):
    from api import contract
    from api.pipeline import understand
    from extract.model import Extraction, FileInfo, Line, Page, Region, Word

import jsonschema

WIDTH, HEIGHT = 595.0, 842.0
HEADER_LINES = 8
MAX_LINES, MAX_WORDS = 120, 40
VALIDATOR = jsonschema.Draft202012Validator(contract.schema())


def _line(text: str, x0: float, y: float) -> Line | None:
    """The words of one line, set left to right from x0 (6 pt a character)."""
    words, x = [], x0
    for token in text.split()[:MAX_WORDS]:
        width = 6.0 * len(token)
        words.append(Word(token, (x, y, x + width, y + 12.0), 0.9))
        x += width + 4.0
    return Line(tuple(words)) if words else None


def layout(text: str) -> Extraction:
    """One page holding the text's lines where a letter's header and body would be."""
    left: list[Line] = []
    right: list[Line] = []
    body: list[Line] = []
    for i, raw in enumerate(text.splitlines()[:MAX_LINES]):
        if i < HEADER_LINES:
            line = _line(raw, 40.0 if i % 2 == 0 else 320.0, 40.0 + 16.0 * (i // 2))
            target = left if i % 2 == 0 else right
        else:
            line = _line(raw, 60.0, 120.0 + 14.0 * (i - HEADER_LINES))
            target = body
        if line is not None:
            target.append(line)
    regions: list[Region] = []
    for name, lines in (("header-left", left), ("header-right", right), ("body", body)):
        if lines:
            regions.append(Region(name, tuple(lines)))  # type: ignore[arg-type]
    page = Page(1, WIDTH, HEIGHT, "text_layer", tuple(regions))
    size = max(1, len(text.encode("utf-8", "replace")))
    return Extraction(FileInfo("fuzz.pdf", "0" * 64, "application/pdf", 1, size), (page,))


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def check(text: str) -> None:
    """Raise if the text-to-fields path breaks on `text` (the property the fuzzer tests)."""
    out = understand(layout(text)).document
    VALIDATOR.validate(out)
    for value in _strings(out["fields"]) + _strings(out["citations"]):
        if unicodedata.normalize("NFC", value) != value:
            raise AssertionError(f"not NFC: {value!r}")


def one_input(data: bytes) -> None:
    """The entry point libFuzzer calls with each input."""
    check(atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(len(data)))


def main() -> None:
    """Run the fuzzer with libFuzzer's command line."""
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
