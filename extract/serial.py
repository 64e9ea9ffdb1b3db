"""Pages as JSON-ready data and back, exactly: a page read on one machine, assembled on another."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from extract.model import (
    DigitalSignature,
    Extraction,
    FileInfo,
    FileWarning,
    Line,
    OcrQuality,
    Page,
    Region,
    Word,
)


def page_to_dict(page: Page) -> dict[str, Any]:
    """The page as plain data (lists, numbers, strings)."""
    q = page.quality
    return {
        "number": page.number, "width": page.width, "height": page.height,
        "source": page.source, "encoding": page.encoding,
        "quality": None if q is None else {
            "mean_confidence": q.mean_confidence, "dictionary_share": q.dictionary_share,
            "invalid_share": q.invalid_share, "score": q.score, "recipe": q.recipe,
            "rotation": q.rotation, "skew": q.skew,
            "corners": None if q.corners is None else [list(c) for c in q.corners]},
        "regions": [{"name": r.name, "lines": [[[w.text, list(w.bbox), w.confidence]
                                                 for w in line.words] for line in r.lines]}
                    for r in page.regions],
    }


def page_from_dict(data: dict[str, Any]) -> Page:
    """The page `page_to_dict` gave, equal to the original."""
    q = data.get("quality")
    regions = tuple(
        Region(r["name"], tuple(Line(tuple(Word(text, (b[0], b[1], b[2], b[3]), conf)
                                           for text, b, conf in line))
                                for line in r["lines"]))
        for r in data["regions"])
    return Page(number=data["number"], width=data["width"], height=data["height"],
                source=data["source"], regions=regions, encoding=data["encoding"],
                quality=None if q is None else _quality(q))


def _quality(q: dict[str, Any]) -> OcrQuality:
    corners = q.get("corners")
    q = dict(q)
    if "angle" in q:  # pages kept before the quarter turn was named `rotation` everywhere
        q["rotation"] = q.pop("angle")
    return OcrQuality(**{**q, "corners": None if corners is None else
                         tuple((float(x), float(y)) for x, y in corners)})


def extraction_to_dict(extraction: Extraction) -> dict[str, Any]:
    """Everything extract/ read from a file as plain data (to cache or ship a reading)."""
    return {
        "file": asdict(extraction.file),
        "pages": [page_to_dict(p) for p in extraction.pages],
        "warnings": [asdict(w) for w in extraction.warnings],
        "signatures": [asdict(s) for s in extraction.signatures],
    }


def extraction_from_dict(data: dict[str, Any]) -> Extraction:
    """The extraction `extraction_to_dict` gave, equal to the original."""
    return Extraction(
        file=FileInfo(**data["file"]),
        pages=tuple(page_from_dict(p) for p in data["pages"]),
        warnings=tuple(FileWarning(**w) for w in data["warnings"]),
        signatures=tuple(DigitalSignature(**s) for s in data["signatures"]),
    )
