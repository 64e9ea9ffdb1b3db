"""The registry: instruments indexed for resolution, and their status on a date.

An instrument is identified by its number-and-symbol and its date (Party numbers restart every
term), so a reference resolves to the instrument with that date, else to the one in force on the
letter's date. An OCR-damaged reference resolves (as `fuzzy`, with rapidfuzz's score of the
printed against the true reference) only when it is the same reference once the characters OCR
confuses are folded together: a fuzzy match never turns one number, year, type or issuing body
into another (45/2011/TT-BTC is never 45/2011/TT-BCA).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from rapidfuzz import fuzz

from corpus.registry.model import PARTIAL, Instrument, Status
from nlp.doctypes import ABBREVIATIONS, canonical_abbreviation
from nlp.normalise import OCR_DIGITS
from nlp.numbering import compact

_TO_DIGIT = str.maketrans({**OCR_DIGITS, "Q": "0", "D": "0", "i": "1", "!": "1", "z": "2",
                           "s": "5", "G": "6", "b": "6", "g": "9", "q": "9"})
_TO_LETTER = str.maketrans({"0": "O", "1": "I", "5": "S", "8": "B", "2": "Z", "6": "G"})
_PARTS = re.compile(r"([-/])")
_STRAY = re.compile(r"[.'`’‘|]")
_SEPARATOR = re.compile(r"[-/]")


def _plain(text: str) -> str:
    text = text.replace("Đ", "D").replace("đ", "d").replace("Ð", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(ref: str) -> str:
    """A reference with the characters OCR confuses folded together ("27Z-QD/TW" → "272-QD/TW")."""
    cleaned = _STRAY.sub("", compact(ref)).replace("VV", "W")
    split = _SEPARATOR.search(cleaned)
    if split is None:
        return _fold_part(cleaned, True)
    return _fold_part(cleaned[:split.start()], True) + _fold_rest(cleaned[split.start():])


@lru_cache(maxsize=1 << 16)
def _fold_rest(rest: str) -> str:
    """What follows a reference's number, folded ("/2020/NĐ-CP": a few thousand in a registry)."""
    return "".join(_fold_part(part, False) for part in _PARTS.split(rest))


@lru_cache(maxsize=1 << 16)
def _fold_part(part: str, first: bool) -> str:
    """One part of a reference folded (parts repeat: "NĐ", "CP", "2020", "UBND")."""
    if part in ("-", "/") or not part:
        return part
    as_digits = part.translate(_TO_DIGIT)
    digits = sum(c.isdigit() for c in part)
    if as_digits.isdigit() and (digits * 2 >= len(part) or first):
        return as_digits
    return _plain(part).upper().translate(_TO_LETTER)


def fold_words(text: str) -> str:
    """Words compared without case, marks or extra spaces ("Quy chế  272" → "quy che 272").

    Word by word (marks never cross a space), each word folded once: the words of titles and
    issuers repeat, so a registry of 100,000 instruments folds several times faster.
    """
    return " ".join(w for w in map(_fold_word, text.split()) if w)


@lru_cache(maxsize=1 << 16)
def _fold_word(word: str) -> str:
    """One word without case or marks (empty when it was a mark alone)."""
    return _plain(unicodedata.normalize("NFC", word)).lower()


#: Kinds a short form's abbreviation can stand for (Party "QĐ" is both decision and rule).
SHORT_KINDS: dict[str, tuple[str, ...]] = {
    "QĐ": ("Quyết định", "Quy định"), "NĐ": ("Nghị định",), "CT": ("Chỉ thị",),
    "KL": ("Kết luận",), "TT": ("Thông tư",), "NQ": ("Nghị quyết",), "HD": ("Hướng dẫn",),
    "QC": ("Quy chế",), "TTLT": ("Thông tư liên tịch",),
}


def short_kinds(word: str) -> tuple[str, ...]:
    """The kinds a short form's first word names ("QĐ" → decision or rule; "Chỉ thị" → itself)."""
    abbr = canonical_abbreviation(word) or canonical_abbreviation(word.replace("D", "Đ"))
    if abbr in SHORT_KINDS:
        return SHORT_KINDS[abbr]
    if abbr and abbr in ABBREVIATIONS:
        return (ABBREVIATIONS[abbr],)
    return (" ".join(word.split()),)


def short_names(kind: str, title: str | None) -> set[str]:
    """The kinds a short form may name an instrument by (folded).

    Its own kind, and "Quy chế" for a decision that issues one ("Quyết định … ban hành Quy chế
    …" is "Quy chế 272").
    """
    names = {fold_words(kind)}
    folded = fold_words(title or "")
    names |= {named for named in ("quy che", "quy dinh") if folded.startswith(f"ban hanh {named}")}
    return names


@dataclass(frozen=True, slots=True)
class Resolution:
    """The instrument a citation names and how it was matched (exact, short_form, fuzzy)."""

    instrument: Instrument
    match: str
    score: float


class Registry:
    """The instruments, indexed by folded reference, short form and alias."""

    def __init__(self, instruments: Iterable[Instrument]):
        self.instruments: dict[str, Instrument] = {}
        self._by_ref: dict[str, list[Instrument]] = defaultdict(list)
        self._by_fold: dict[str, list[Instrument]] = defaultdict(list)
        self._by_short: dict[tuple[str, str], list[Instrument]] = defaultdict(list)
        self._replaces: dict[str, list[Instrument]] = defaultdict(list)
        for inst in instruments:
            self.instruments[inst.id] = inst
        #: Every kind the registry holds ("Quyết định", "Thông tư", …).
        self.kinds: frozenset[str] = frozenset(i.kind for i in self.instruments.values())
        for inst in self.instruments.values():
            self._by_ref[inst.ref].append(inst)
            folded = fold(inst.ref)
            self._by_fold[folded].append(inst)
            for key in self._short_keys(inst):
                self._by_short[key].append(inst)
            for change in inst.changes:
                if change.type == "replaced_by" and change.by:
                    self._replaces[change.by].append(inst)

    def __len__(self) -> int:
        return len(self.instruments)

    def __iter__(self) -> Iterator[Instrument]:
        return iter(self.instruments.values())

    @staticmethod
    def _short_keys(inst: Instrument) -> set[tuple[str, str]]:
        keys: set[tuple[str, str]] = set()
        if not inst.aliases and not inst.symbol.endswith("/TW"):
            return keys
        if inst.number and inst.symbol.endswith("/TW"):  # "Chỉ thị 38", "QĐ 295", "Quy chế 272"
            keys |= {(name, inst.number) for name in short_names(inst.kind, inst.title)}
        for alias in inst.aliases:
            keys.add(("alias", fold_words(alias)))
        return keys

    def get(self, ident: str) -> Instrument | None:
        """The instrument with this id, or None."""
        return self.instruments.get(ident)

    def with_ref(self, ref: str) -> list[Instrument]:
        """Every instrument with this number and symbol (Party numbers repeat across terms)."""
        return list(self._by_ref.get(compact(ref), ()))

    def replaces(self, ident: str) -> list[Instrument]:
        """The instruments that `ident` replaced."""
        return list(self._replaces.get(ident, ()))

    def status(self, inst: Instrument, day: date) -> Status:
        """The instrument's status on `day`, following replacement chains to the end."""
        if day < inst.signed:
            return Status("not_yet_issued")
        partial = [c for c in inst.changes if c.type in PARTIAL and c.since <= day]
        amended = tuple(c.by or c.by_ref or "" for c in partial if c.by or c.by_ref)
        ending = inst.ending(day)
        if ending is None:
            return Status("amended" if partial else "in_force", amended_by=amended)
        if ending.type == "repealed":
            return Status("repealed", ending, amended_by=amended)
        chain: list[str] = []
        current = ending.by
        while current and current not in chain and current != inst.id:
            chain.append(current)
            nxt = self.instruments.get(current)
            step = nxt.ending(day) if nxt else None
            current = step.by if step and step.type == "replaced_by" else None
        return Status("superseded", ending, tuple(chain), amended)

    def _pick(self, found: list[Instrument], cited: date | None, on: date | None) -> Instrument:
        if cited is not None:  # its signing day, else its day of effect (numbers repeat)
            same = next((i for i in found if i.signed == cited), None) \
                or next((i for i in found if i.in_force == cited), None)
            if same is not None:
                return same
        if len(found) == 1:
            return found[0]
        if on is not None:
            issued = [i for i in found if i.signed <= on]
            if issued:
                holding = [i for i in issued if i.ending(on) is None] or issued
                return max(holding, key=lambda i: i.signed)
            return min(found, key=lambda i: i.signed)
        return max(found, key=lambda i: i.signed)

    @staticmethod
    def _possible(found: list[Instrument], cited: date | None, on: date | None) -> bool:
        """Whether the reference can be one of `found`.

        Not when it is undated and every instrument of that number is later than the letter: it
        is then an earlier instrument of that number, from another term, that the registry lacks.
        """
        return cited is not None or on is None or any(i.signed <= on for i in found)

    def resolve(self, ref: str, *, cited: date | None = None,
                on: date | None = None) -> Resolution | None:
        """The instrument a printed number and symbol names, or None when none is close enough.

        `cited` is the date the letter gives for it, `on` the letter's own date.
        """
        ref = compact(ref)
        found = self._by_ref.get(ref)
        if found and self._possible(found, cited, on):
            return Resolution(self._pick(found, cited, on), "exact", 100.0)
        folded = fold(ref)
        found = self._by_fold.get(folded)
        if found and self._possible(found, cited, on):
            inst = self._pick(found, cited, on)
            return Resolution(inst, "fuzzy", round(fuzz.ratio(ref, inst.ref), 1))
        return None

    def resolve_short(self, kind: str, number: str, *, on: date | None = None,
                      cited: date | None = None) -> Resolution | None:
        """The instrument a short form names ("Quy chế 272", "QĐ 295", "Chỉ thị 38")."""
        alias = self._by_short.get(("alias", fold_words(f"{kind} {number}")), [])
        found = list(alias)
        for name in short_kinds(kind):
            found += [i for i in self._by_short.get((fold_words(name), number), ())
                      if i not in found]
        if not found:
            return None
        return Resolution(self._pick(found, cited, on), "short_form", 100.0)

    def resolve_alias(self, text: str, *, on: date | None = None) -> Resolution | None:
        """The instrument an alias names ("Luật Xuất cảnh, nhập cảnh của công dân Việt Nam")."""
        found = self._by_short.get(("alias", fold_words(text)))
        return Resolution(self._pick(found, None, on), "short_form", 100.0) if found else None
