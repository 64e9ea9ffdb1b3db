"""One lookup of the registry for the CLI, the HTTP API and the reviewer pages.

What a person types ("QĐ 295", "Quy chế 272", "295-QĐ/TW", an id, an alias, a reference OCR
damaged), which instruments a listing keeps, and the line of replacements from an instrument
to the one in force on a day: each answered here once, as data; every door formats it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from corpus.registry.model import Change, Instrument, Status
from corpus.registry.registry import SHORT_KINDS, Registry, Resolution, fold_words

#: A short form: a kind (full, abbreviated, with or without marks) and a number ("QD 295").
SHORT_FORM = re.compile(r"^(?P<kind>\D+?)\s*(?:số\s*)?(?P<number>\d{1,5})$", re.IGNORECASE)


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


def _holds(inst: Instrument, wanted: str) -> bool:
    """Whether one of the instrument's names or descriptions holds `wanted` (folded)."""
    fields = (inst.ref, inst.id, inst.title or "", inst.issuer or "", *inst.aliases)
    return any(wanted in fold_words(f) for f in fields)


def select(registry: Registry, *, kind: str | None = None, issuer: str | None = None,
           search: str | None = None) -> list[Instrument]:
    """The instruments a listing shows, in the registry's order; marks and case aside.

    `kind` is the whole kind ("chi thi" keeps the Chỉ thị); `issuer` is text in the issuer;
    `search` is text in one of the ref, id, title, issuer or an alias. Empty means no filter.
    """
    wanted_kind = fold_words(kind or "")
    wanted_issuer = fold_words(issuer or "")
    wanted = fold_words(search or "")
    return [inst for inst in registry
            if (not wanted_kind or fold_words(inst.kind) == wanted_kind)
            and (not wanted_issuer or wanted_issuer in fold_words(inst.issuer or ""))
            and (not wanted or _holds(inst, wanted))]


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
