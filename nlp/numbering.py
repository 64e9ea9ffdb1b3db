"""Numbers and symbols of documents: "215/TTr-SCT", "4563-CV/VPTU", "67/2011/QĐ-TTg", "/UBND-VP"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.doctypes import type_of_abbreviation

_SEGMENT = r"[A-Za-zÀ-ỹĐđ][A-Za-zÀ-ỹĐđ0-9.&]*"
#: One part of a symbol ("QĐ", "UBND", "TTg", "QH15").
SEGMENT = _SEGMENT
#: State form (Nghị định 30/2020): number / [year /] symbol, the symbol's parts joined by "-".
#: A number may carry a letter ("12a/NQ-CP"), as some instruments' numbers do.
STATE = re.compile(
    rf"^(?P<number>\d{{1,6}}[a-e]?)?/(?:(?P<year>(?:19|20)\d{{2}})/)?"
    rf"(?P<symbol>{_SEGMENT}(?:-{_SEGMENT})*(?:-[a-z])?)$"
)
#: Party form (Hướng dẫn 36): number - type / body.
PARTY = re.compile(
    rf"^(?P<number>\d{{1,6}})?-(?P<symbol>{_SEGMENT}(?:/{_SEGMENT})+(?:-{_SEGMENT})*)$"
)
#: A number and symbol inside running text (used to keep it one token and to find citations).
IN_TEXT = re.compile(
    rf"(?<![\w/-])\d{{1,6}}(?:/(?:(?:19|20)\d{{2}}/)?{_SEGMENT}(?:-{_SEGMENT})*(?:-[a-z])?"
    rf"|-{_SEGMENT}(?:/{_SEGMENT})+(?:-{_SEGMENT})*)(?![\w/])"
)


@dataclass(frozen=True, slots=True)
class DocRef:
    """A parsed number and symbol."""

    ref: str
    number: str | None
    year: str | None
    symbol: str
    form: str  # "state" or "party"

    @property
    def doc_type(self) -> str | None:
        """The document type the symbol names, or None (a Công văn's symbol names none)."""
        first = re.split(r"[-/]", self.symbol)[0]
        return type_of_abbreviation(first)


def compact(text: str) -> str:
    """A number and symbol without the spaces OCR or typists put around its separators."""
    return "".join(text.split()).strip(".,;:()")  # split(): the whitespace re's \\s matches


def parse_ref(text: str) -> DocRef | None:
    """The number and symbol in `text` (which holds nothing else), or None. Never raises."""
    ref = compact(text)
    if not ref or len(ref) > 60:
        return None
    m = STATE.match(ref)
    if m:
        return DocRef(ref, m.group("number"), m.group("year"), m.group("symbol"), "state")
    m = PARTY.match(ref)
    if m:
        return DocRef(ref, m.group("number"), None, m.group("symbol"), "party")
    return None

