"""One lookup of the registry for the CLI, the HTTP API and the reviewer pages.

What a person types ("QĐ 295", "Quy chế 272", "295-QĐ/TW", an id, an alias, a reference OCR
damaged), which instruments a listing keeps, and the line of replacements from an instrument
to the one in force on a day: each answered here once, as data; every door formats it.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple
from weakref import WeakKeyDictionary

from corpus.registry.model import Change, Instrument, Status
from corpus.registry.registry import SHORT_KINDS, Registry, Resolution, fold_words

#: A short form: a kind (full, abbreviated, with or without marks) and a number ("QD 295").
SHORT_FORM = re.compile(r"^(?P<kind>\D+?)\s*(?:số\s*)?(?P<number>\d{1,5})$", re.IGNORECASE)
#: What an id adds to its ref: nothing, or the day it was signed.
_ID_DAY = re.compile(r"(?:@\d{4}-\d{2}-\d{2})?")


@dataclass(frozen=True, slots=True)
class Link:
    """One step of a replacement chain: the instrument that took over, and how it is known.

    `change` is the ending of the step before (its `since` and `source`); `instrument` is None
    when the registry does not hold the id.
    """

    id: str
    instrument: Instrument | None
    change: Change | None


def _clean(text: str) -> str:
    """The text typed, NFC, with its runs of spaces made one."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def kind_name(registry: Registry, word: str) -> str:
    """The registry's spelling of a kind typed loosely ("QD" → "QĐ", "quy che" → "Quy chế")."""
    names = [*SHORT_KINDS, *(k for ks in SHORT_KINDS.values() for k in ks),
             *sorted(registry.kinds)]
    folded = fold_words(word)
    return next((n for n in names if fold_words(n) == folded), " ".join(word.split()))


def find(registry: Registry, text: str, on: date | None = None) -> Resolution | None:
    """What `text` names, on the day `on`: an id, an alias, a short form, or a number-symbol.

    Tried in that order; a number-symbol may be OCR-damaged (then the match is `fuzzy`).
    None when the registry holds nothing it names.

    A number-symbol with its year (136/2007/NĐ-CP) names one instrument whatever the day:
    asked about a day before it was signed, it is still found (its status on that day is
    `not_yet_issued`, never "not in the registry"). One without a year (86-QĐ/TW: Party
    numbers restart every term) is, before every instrument of that number, an earlier one
    the registry lacks.
    """
    text = _clean(text)
    inst = registry.get(text)
    if inst is not None:
        return Resolution(inst, "exact", 100.0)
    found = registry.resolve_alias(text, on=on)
    short = SHORT_FORM.match(text)
    if found is None and short:
        found = registry.resolve_short(kind_name(registry, short["kind"]), short["number"], on=on)
    found = found or registry.resolve(text, on=on)
    if found is None and on is not None:
        later = registry.resolve(text)
        if later is not None and later.instrument.year:
            return later
    return found


def matches(registry: Registry, text: str) -> tuple[list[Instrument], Resolution | None]:
    """Every instrument `text` may mean, oldest first, and how it was found when not exactly.

    An id gives its instrument; a number-symbol every instrument with it (Party numbers repeat
    across terms); anything else goes through `find` (undated), and the instruments sharing the
    found one's number-symbol come with it. The resolution is None for an id or an exact
    number-symbol, and when nothing matches (the list is then empty).
    """
    text = _clean(text)
    inst = registry.get(text)
    if inst is not None:
        return [inst], None
    same = registry.with_ref(text)
    if same:
        return sorted(same, key=lambda i: i.signed), None
    found = find(registry, text, None)
    if found is None:
        return [], None
    same = registry.with_ref(found.instrument.ref) or [found.instrument]
    return sorted(same, key=lambda i: i.signed), found


class _Row(NamedTuple):
    """One instrument as a listing filters it: its kind and issuer folded, and its words."""

    instrument: Instrument
    kind: str
    issuer: str
    #: Its ref, id, title, issuer and aliases folded, one a line (a search never holds one).
    words: str


@dataclass(frozen=True, slots=True)
class Listing:
    """A registry's instruments as listings filter them: in its order and newest first."""

    rows: tuple[_Row, ...]
    newest: tuple[_Row, ...]


#: Each registry's listing, made the first time it is asked for. A registry changed is a new
#: Registry (corpus/registry/store.py), so a listing never outlives what it was made from.
_LISTINGS: WeakKeyDictionary[Registry, Listing] = WeakKeyDictionary()
_MAKING = threading.Lock()


def listing(registry: Registry) -> Listing:
    """The registry's listing: each instrument's words folded once, its newest-first order."""
    with _MAKING:  # two requests at once make it once
        made = _LISTINGS.get(registry)
        if made is None:
            made = _LISTINGS[registry] = _listing(registry)
        return made


def _listing(registry: Registry) -> Listing:
    folded: dict[str, str] = {}  # kinds and issuers: a few hundred, each folded once

    def once(text: str) -> str:
        if text not in folded:
            folded[text] = fold_words(text)
        return folded[text]

    rows = []
    for inst in registry:
        issuer = once(inst.issuer or "")
        ref = fold_words(inst.ref)
        # An id is mostly its ref, or its ref and signing day ("86-QĐ/TW@1996-02-01").
        day = inst.id[len(inst.ref):] if inst.id.startswith(inst.ref) else None
        ident = ref + day if day is not None and _ID_DAY.fullmatch(day) else fold_words(inst.id)
        words = (ref, ident, fold_words(inst.title or ""), issuer,
                 *map(fold_words, inst.aliases))
        rows.append(_Row(inst, once(inst.kind), issuer, "\n".join(words)))
    # Stable: instruments signed the same day stay in the registry's order.
    newest = sorted(rows, key=lambda row: row.instrument.signed, reverse=True)
    return Listing(tuple(rows), tuple(newest))


def select(registry: Registry, *, kind: str | None = None, issuer: str | None = None,
           search: str | None = None, newest_first: bool = False) -> list[Instrument]:
    """The instruments a listing shows, in the registry's order (or newest first).

    Marks and case aside: `kind` is the whole kind ("chi thi" keeps the Chỉ thị); `issuer` is
    text in the issuer; `search` is text in one of the ref, id, title, issuer or an alias.
    Empty means no filter.
    """
    made = listing(registry)
    rows = made.newest if newest_first else made.rows
    wanted_kind = fold_words(kind or "")
    wanted_issuer = fold_words(issuer or "")
    wanted = fold_words(search or "")
    if not (wanted_kind or wanted_issuer or wanted):
        return [row.instrument for row in rows]
    return [row.instrument for row in rows
            if (not wanted_kind or row.kind == wanted_kind)
            and (not wanted_issuer or wanted_issuer in row.issuer)
            and (not wanted or wanted in row.words)]


def chain(registry: Registry, inst: Instrument, status: Status, day: date) -> list[Link]:
    """The replacements from `inst` to the instrument in force on `day`, in order.

    `status` is `registry.status(inst, day)`; its chain is empty unless it is superseded.
    """
    links = []
    current: Instrument | None = inst
    for ident in status.chain:
        change = current.ending(day) if current else None
        current = registry.get(ident)
        links.append(Link(ident, current, change))
    return links


def predecessors(registry: Registry, inst: Instrument) -> list[Instrument]:
    """The instruments `inst` replaced, one line back to the oldest, oldest first.

    Where an instrument replaced several, the line goes back through the first of them.
    """
    line: list[Instrument] = []
    seen = {inst.id}
    current = inst
    while (older := registry.replaces(current.id)) and older[0].id not in seen:
        current = older[0]
        line.insert(0, current)
        seen.add(current.id)
    return line
