"""The plain typed values extract/ hands to nlp/: words, lines, regions, pages."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

BBox = tuple[float, float, float, float]
#: Where a page's words came from: its text layer; OCR (the page had no usable text layer);
#: or OCR in place of a scan's text layer that read as worse Vietnamese (`ocr_over_layer`: an
#: old program's OCR without diacritics or in mojibake).
Source = Literal["text_layer", "ocr", "ocr_over_layer"]
#: The sources whose words OCR read.
OCR_SOURCES: frozenset[str] = frozenset({"ocr", "ocr_over_layer"})
#: `stamp` (a ĐẾN or SAO Y stamp) and `e-signature` (an e-office's box) are boxes laid over
#: the page (extract/overlays.py), not parts of the letter's own layout.
RegionName = Literal["header-left", "header-right", "body", "footer-left", "signature",
                     "footnote", "stamp", "e-signature"]

#: The order in which a reader meets the regions of an official letter.
REGION_ORDER: tuple[RegionName, ...] = (
    "header-left",
    "header-right",
    "body",
    "footer-left",
    "signature",
    "footnote",
    "stamp",
    "e-signature",
)


@dataclass(frozen=True, slots=True)
class Word:
    """One word as read: NFC text, box in PDF points of its page, confidence in [0, 1]."""

    text: str
    bbox: BBox
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Line:
    """Words on one visual line of one column, left to right."""

    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        """The line's words joined by single spaces."""
        return " ".join(w.text for w in self.words)

    @property
    def bbox(self) -> BBox:
        """The union of the words' boxes."""
        return union(w.bbox for w in self.words)


@dataclass(frozen=True, slots=True)
class Region:
    """A part of the letter's layout (header columns, body, footer columns), lines in order."""

    name: RegionName
    lines: tuple[Line, ...]

    @property
    def text(self) -> str:
        """The region's lines joined by newlines."""
        return "\n".join(line.text for line in self.lines)

    @property
    def bbox(self) -> BBox | None:
        """The union of the lines' boxes, or None for an empty region."""
        return union(line.bbox for line in self.lines) if self.lines else None


@dataclass(frozen=True, slots=True)
class OcrQuality:
    """How trustworthy an OCR'd page is; the reviewer pages send weak pages first."""

    mean_confidence: float
    dictionary_share: float
    invalid_share: float
    score: float
    recipe: str
    #: Clockwise quarter turn that made the page upright; boxes are in the upright frame.
    rotation: int = 0
    #: The page's skew in degrees, counter-clockwise, before it was straightened.
    skew: float = 0.0
    #: A phone photo: the sheet's corners in the stored image (fractions of its width and
    #: height: top-left, top-right, bottom-right, bottom-left); it was read cut out and flat.
    corners: tuple[tuple[float, float], ...] | None = None


@dataclass(frozen=True, slots=True)
class Page:
    """One page: where its text came from, its words in reading order, and its regions."""

    number: int
    width: float
    height: float
    source: Source
    regions: tuple[Region, ...]
    encoding: str = "unicode"
    quality: OcrQuality | None = None

    @property
    def lines(self) -> tuple[Line, ...]:
        """Every line of the page, in reading order."""
        return tuple(line for region in self.regions for line in region.lines)

    @property
    def words(self) -> tuple[Word, ...]:
        """Every word of the page, in reading order."""
        return tuple(w for line in self.lines for w in line.words)

    @property
    def text(self) -> str:
        """The page's text in reading order, a line per line."""
        return "\n".join(line.text for line in self.lines)

    @property
    def ocr(self) -> bool:
        """True when the page's words were read by OCR."""
        return self.source in OCR_SOURCES

    def region(self, name: RegionName) -> Region | None:
        """The named region, if the page has it."""
        return next((r for r in self.regions if r.name == name), None)


@dataclass(frozen=True, slots=True)
class FileInfo:
    """The contract's `file` object."""

    name: str
    sha256: str
    media_type: str
    pages: int
    bytes: int


class WarningCode(StrEnum):
    """What a file warns of (FileWarning.code); the reviewer pages filter on these."""

    SIGNATURE_BROKEN = "signature_broken"
    CHANGED_AFTER_SIGNING = "changed_after_signing"
    SIGNATURE_UNREADABLE = "signature_unreadable"
    PAGE_FAILED = "page_failed"
    REPAIRED = "repaired"
    HAS_JAVASCRIPT = "has_javascript"
    HAS_LAUNCH_ACTION = "has_launch_action"
    EMBEDDED_FILES = "embedded_files"


@dataclass(frozen=True, slots=True)
class FileWarning:
    """Something a reviewer should know about the file that did not stop it being read.

    `repaired` (MuPDF rebuilt a broken file), `has_javascript`, `has_launch_action`,
    `embedded_files` (none of them run or opened), `page_failed` (that page is left out),
    `signature_broken`, `changed_after_signing`, `signature_unreadable` (extract/signatures.py).
    """

    code: str
    message: str
    page: int | None = None
    reason: str | None = None  # for page_failed: the page's error code

    def to_dict(self) -> dict[str, object]:
        """The contract's warning object."""
        out: dict[str, object] = {"code": self.code, "message": self.message}
        if self.page is not None:
            out["page"] = self.page
        if self.reason is not None:
            out["reason"] = self.reason
        return out


@dataclass(frozen=True, slots=True)
class DigitalSignature:
    """A PDF's own (cryptographic) signature: who signed, when, and whether it still holds.

    `intact`: the signed bytes are unchanged (the signature's digest matches). Whether the
    signer's certificate chains to a trusted authority is not judged here (no trust roots, no
    network): only what the certificate says.
    """

    field: str
    signer: str | None
    email: str | None
    organisation: str | None
    time: str | None  # ISO 8601 on Vietnam's clock (+07:00)
    intact: bool
    #: Nothing that matters was added to the file after this signature (it covers the whole
    #: file, or what came after is only long-term-validation data or form filling).
    last: bool


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extract/ read from one file."""

    file: FileInfo
    pages: tuple[Page, ...] = field(default_factory=tuple)
    warnings: tuple[FileWarning, ...] = ()
    signatures: tuple[DigitalSignature, ...] = ()

    @property
    def text_source(self) -> Literal["text_layer", "ocr", "mixed"]:
        """`text_layer`, `ocr`, or `mixed` when pages differ."""
        read_by_ocr = {p.ocr for p in self.pages}
        if read_by_ocr == {True}:
            return "ocr"
        if True in read_by_ocr:
            return "mixed"
        return "text_layer"

    @property
    def ocr_pages(self) -> int:
        """How many pages were OCR'd (a page found blank was not)."""
        return sum(1 for p in self.pages if p.ocr and not (
            p.quality is not None and p.quality.recipe == "blank"))

    @property
    def ocr_mean_confidence(self) -> float | None:
        """Mean word confidence over OCR'd pages, or None when none was OCR'd.

        A page found blank (recipe `blank`) was never OCR'd: it does not count.
        """
        scores = [p.quality.mean_confidence for p in self.pages
                  if p.quality is not None and p.quality.recipe != "blank"]
        return round(sum(scores) / len(scores), 4) if scores else None

    @property
    def text(self) -> str:
        """All pages' text, pages separated by a form feed."""
        return "\f".join(p.text for p in self.pages)


def union(boxes: Iterable[BBox]) -> BBox:
    """The smallest box holding all the given boxes."""
    items = list(boxes)
    return (
        min(b[0] for b in items),
        min(b[1] for b in items),
        max(b[2] for b in items),
        max(b[3] for b in items),
    )
