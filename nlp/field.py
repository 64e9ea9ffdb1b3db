"""A read field (the contract's `{value, confidence, page, bbox, text}`) and how it is built."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from extract.model import BBox, union
from nlp.sheet import Piece


@dataclass(frozen=True, slots=True)
class Field:
    """A value and where it was read: page, box in PDF points, source text, confidence."""

    value: Any
    confidence: float | None = None
    page: int | None = None
    bbox: BBox | None = None
    text: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The contract's field object."""
        return {
            "value": self.value,
            "confidence": None if self.confidence is None else round(self.confidence, 3),
            "page": self.page,
            "bbox": None if self.bbox is None else [round(v, 1) for v in self.bbox],
            "text": self.text,
        }


#: The field of something the letter does not have.
ABSENT = Field(None)


def found(value: Any, pieces: Sequence[Piece], *, certainty: float = 1.0) -> Field:
    """A value read from `pieces`: the box spans the pieces on the first piece's page."""
    if not pieces:
        return Field(value, confidence=certainty)
    page = pieces[0].line.page
    bbox = union(p.line.box(p.start, p.end) for p in pieces if p.line.page == page)
    text = "\n".join(p.line.source(p.start, p.end) for p in pieces)
    confidence = certainty * min(p.line.confidence(p.start, p.end) for p in pieces)
    return Field(value, confidence=max(0.0, min(1.0, confidence)), page=page, bbox=bbox,
                 text=text)
