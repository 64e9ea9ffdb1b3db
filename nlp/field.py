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
    #: Every box, one per page in reading order (`page`, `bbox` is the first of them).
    boxes: tuple[tuple[int, BBox], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The contract's field object."""
        boxes = self.boxes or (((self.page, self.bbox),)
                               if self.page is not None and self.bbox is not None else ())
        return {
            "value": self.value,
            "confidence": None if self.confidence is None else round(self.confidence, 3),
            "page": self.page,
            "bbox": None if self.bbox is None else [round(v, 1) for v in self.bbox],
            "text": self.text,
            "boxes": [{"page": page, "bbox": [round(v, 1) for v in box]}
                      for page, box in boxes],
        }


#: The field of something the letter does not have.
ABSENT = Field(None)


def found(value: Any, pieces: Sequence[Piece], *, certainty: float = 1.0) -> Field:
    """A value read from `pieces`: the box spans the pieces on the first piece's page.

    Pieces on later pages (a "Kính gửi" list continued overleaf) give the field a box there too,
    in `boxes`.
    """
    if not pieces:
        return Field(value, confidence=certainty)
    pages = list(dict.fromkeys(p.line.page for p in pieces))
    boxes = tuple((n, union(p.line.box(p.start, p.end) for p in pieces if p.line.page == n))
                  for n in pages)
    page, bbox = boxes[0]
    text = "\n".join(p.line.source(p.start, p.end) for p in pieces)
    confidence = certainty * min(p.line.confidence(p.start, p.end) for p in pieces)
    return Field(value, confidence=max(0.0, min(1.0, confidence)), page=page, bbox=bbox,
                 text=text, boxes=boxes)
