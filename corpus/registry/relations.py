"""A JSON Lines file's instruments and relations merged into the registry's instruments.

Each line's instrument joins the registry (correcting the entry of its number signed within a
year, else added); each relation becomes a change on the instrument it happens to, whichever
line states it (A "Văn bản thay thế" B and B "Văn bản bị thay thế" A are one fact). An
instrument named only in a relation is added from what the relation says (its number, symbol
and signing day). A change dates from the day the instrument lost effect (ngày hết hiệu lực)
where the file gives it, else from the day the instrument that did it took effect.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from corpus.registry.jsonl import Record, Relation
from corpus.registry.load import Problem, RegistryDataError
from corpus.registry.model import Change, Instrument, Source, replaced
from nlp.doctypes import canonical_abbreviation, type_of_abbreviation
from nlp.numbering import DocRef

#: Two instruments of one number signed further apart than this are different instruments
#: (Party numbers restart every term); closer, the newer entry corrects the older.
SAME_INSTRUMENT_DAYS = 366
#: How the state's metadata is known: a database's record of the instruments, not their text.
IMPORTED_HOW = "secondary_source"


class RefIndex:
    """The registry's ids by number and symbol, to find the entry an imported one means."""

    def __init__(self, instruments: Iterable[Instrument]):
        #: Per reference, (signing day, id) in order (a number without its year, such as
        #: "10/QĐ-UBND", is used by every province every year: hundreds of entries).
        self.by_ref: dict[str, list[tuple[date, str]]] = defaultdict(list)
        for inst in instruments:
            self.by_ref[inst.ref].append((inst.signed, inst.id))
        for entries in self.by_ref.values():
            entries.sort()

    def find(self, ref: str, signed: date) -> str | None:
        """The id of the entry of `ref` signed nearest `signed`, within a year; else None."""
        entries = self.by_ref.get(ref)
        if not entries:
            return None
        at = bisect.bisect_left(entries, (signed, ""))
        near = [(abs((day - signed).days), ident)
                for day, ident in entries[max(0, at - 1):at + 2]
                if abs((day - signed).days) <= SAME_INSTRUMENT_DAYS]
        return min(near)[1] if near else None

    def add(self, inst: Instrument) -> None:
        """Index one more instrument."""
        bisect.insort(self.by_ref[inst.ref], (inst.signed, inst.id))


def new_id(ref: str, signed: date, taken: dict[str, Instrument]) -> str:
    """The id of a new instrument: its reference, or reference@day when that is taken."""
    return ref if ref not in taken else f"{ref}@{signed.isoformat()}"


def _kind_of(ref: DocRef) -> str:
    """The kind a symbol names ("NĐ-CP" → Nghị định), else "Văn bản"."""
    first = ref.symbol.replace("/", "-").split("-")[0]
    abbr = canonical_abbreviation(first)
    return (type_of_abbreviation(abbr) if abbr else None) or "Văn bản"


class _Merge:
    """One file merged into the instruments, its problems collected."""

    def __init__(self, instruments: dict[str, Instrument], name: str):
        self.instruments = instruments
        self.index = RefIndex(instruments.values())
        self.name = name
        self.problems: list[Problem] = []
        self.line_of: dict[str, Record] = {}  # id → the record of this file

    def source(self, line: int, what: str = "") -> Source:
        return Source(IMPORTED_HOW, f"{self.name}, dòng {line}{what}")

    def record(self, rec: Record) -> str:
        ident = self.index.find(rec.ref.ref, rec.signed)
        same_file = self.line_of.get(ident or "")
        if same_file is not None and same_file.signed != rec.signed:
            ident = None  # two lines of one file are two instruments (numbered per year)
        src = self.source(rec.line)
        old = self.instruments.get(ident) if ident else None
        if old is not None:
            inst = replaced(
                old, kind=rec.kind, issuer=rec.issuer or old.issuer, signed=rec.signed,
                in_force=rec.in_force or old.in_force, title=rec.title or old.title,
                out_of_force=rec.out_of_force or old.out_of_force,
                sources=(*(s for s in old.sources if not s.note.startswith(f"{self.name},")),
                         src))
        else:
            ident = new_id(rec.ref.ref, rec.signed, self.instruments)
            inst = Instrument(ident, rec.ref.ref, rec.kind, rec.ref.number, rec.ref.year,
                              rec.ref.symbol, rec.issuer, rec.signed, rec.in_force, rec.title,
                              sources=(src,), out_of_force=rec.out_of_force)
            self.index.add(inst)
        self.instruments[inst.id] = inst
        self.line_of[inst.id] = rec
        return inst.id

    def other(self, rel: Relation) -> str:
        """The id of the instrument a relation names, added when the registry lacks it."""
        ident = self.index.find(rel.ref.ref, rel.signed)
        near = self.line_of.get(ident or "")
        if near is not None and near.signed != rel.signed:
            ident = None  # another of this file's lines: numbered alike, not the same one
        if ident is None:
            ident = new_id(rel.ref.ref, rel.signed, self.instruments)
            inst = Instrument(ident, rel.ref.ref, _kind_of(rel.ref), rel.ref.number,
                              rel.ref.year, rel.ref.symbol, None, rel.signed, None, None,
                              sources=(self.source(rel.line, f" ({rel.key})"),))
            self.instruments[ident] = inst
            self.index.add(inst)
        return ident

    def since(self, type_: str, subject: Instrument, actor: Instrument) -> date:
        if type_ in ("replaced_by", "repealed") and subject.out_of_force is not None:
            return subject.out_of_force
        return actor.effective

    def relations(self, ids: list[tuple[str, Record]]) -> None:
        stated: dict[tuple[str, str], tuple[str, int]] = {}
        pending: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
        for ident, rec in ids:
            for rel in rec.relations:
                other = self.other(rel)
                if other == ident:
                    self.problems.append(Problem(rel.line, f"{rel.key}.so_ky_hieu: văn bản "
                                                           "không thể có quan hệ với chính nó"))
                    continue
                subject, actor = (ident, other) if rel.passive else (other, ident)
                before = stated.setdefault((subject, actor), (rel.type, rel.line))
                if before[0] != rel.type:
                    self.problems.append(Problem(rel.line, (
                        f"{rel.key}.relationship: hai chiều không khớp với dòng {before[1]} "
                        f"({before[0]} / {rel.type})")))
                    continue
                back = stated.get((actor, subject))
                if rel.type == "replaced_by" and back and back[0] == "replaced_by":
                    self.problems.append(Problem(rel.line, (
                        f"{rel.key}.relationship: hai văn bản thay thế lẫn nhau "
                        f"(xem dòng {back[1]})")))
                    continue
                if before[1] == rel.line:
                    pending[subject].append((rel.type, actor, rel.line))
        for subject, facts in pending.items():
            self.changes(subject, facts)

    def changes(self, subject: str, facts: list[tuple[str, str, int]]) -> None:
        inst = self.instruments[subject]
        known = {(c.type, c.by) for c in inst.changes}
        partly = (rec := self.line_of.get(subject)) is not None and rec.partly
        # An instrument loses effect as a whole once: of several replacements and repeals,
        # all but the last (by the day each took effect) were partial.
        endings = sorted((self.instruments[a].effective, a) for t, a, _ in facts
                         if t != "amended_by")
        last = endings[-1][1] if endings and not partly else None
        added = []
        for type_, actor, line in facts:
            if type_ == "repealed" and actor != last:
                type_ = "partly_repealed"
            elif type_ == "replaced_by" and last is not None and actor != last:
                type_ = "amended_by"  # replaced in part: amended
            if (type_, actor) in known:
                continue
            known.add((type_, actor))
            since = self.since(type_, inst, self.instruments[actor])
            added.append(Change(type_, actor, since, self.source(line)))
        if added:
            self.instruments[subject] = replaced(
                inst, changes=(*inst.changes, *added))


def merge_records(instruments: dict[str, Instrument], records: list[Record],
                  name: str) -> list[str]:
    """Merge a file's records into `instruments` (in place); the ids of the file's instruments.

    Raises:
        RegistryDataError: when the relations disagree (a day or a direction), naming each.
    """
    merge = _Merge(instruments, name)
    ids = [(merge.record(rec), rec) for rec in records]
    merge.relations(ids)
    if merge.problems:
        raise RegistryDataError(name, sorted(merge.problems, key=lambda p: p.line))
    return [ident for ident, _ in ids]
