"""Instruments of the regulation registry, what happened to them, and how each fact is known."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from operator import attrgetter
from typing import Any

#: How a fact is known. A flag is an error only for the first three (primary sources).
HOW = ("express_clause", "primary_letter", "own_text", "secondary_source", "implied")
PRIMARY = frozenset(HOW[:3])
#: What can happen to an instrument ("partly_repealed": some of its articles repealed).
CHANGE_TYPES = ("replaced_by", "amended_by", "repealed", "partly_repealed")
#: Changes that leave the instrument in force, in part changed (its status is then `amended`).
PARTIAL = frozenset({"amended_by", "partly_repealed"})
#: An instrument's status on a date (the contract's `status_on_date`); `amended`: in force,
#: but amended or partly repealed by then (information, not an error).
STATUSES = ("in_force", "amended", "superseded", "repealed", "not_yet_issued")


@dataclass(frozen=True, slots=True)
class Source:
    """Where a fact comes from: how it is known and a note naming the source."""

    how: str
    note: str

    @property
    def primary(self) -> bool:
        """Whether the fact is known from a primary source."""
        return self.how in PRIMARY

    def to_dict(self) -> dict[str, str]:
        """The source as data."""
        return {"how": self.how, "note": self.note}

    def __reduce__(self) -> tuple[Any, ...]:
        return _pickled(self)


@dataclass(frozen=True, slots=True)
class Change:
    """Something that happened to an instrument from a date: replaced, amended or repealed."""

    type: str
    by: str | None  # the id of the instrument that did it
    since: date
    source: Source
    #: The printed reference of an instrument that did it but is not in the registry (its
    #: signing date unknown), e.g. "18/2022/NĐ-CP".
    by_ref: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The change as data (the data file's shape)."""
        out: dict[str, Any] = {"type": self.type, "by": self.by}
        if self.by_ref:
            out["by_ref"] = self.by_ref
        out.update(since=self.since.isoformat(), how=self.source.how, note=self.source.note)
        return out

    def __reduce__(self) -> tuple[Any, ...]:
        return _pickled(self)


@dataclass(frozen=True, slots=True)
class Instrument:
    """One instrument: identified by its number-and-symbol and its date."""

    id: str
    ref: str
    kind: str
    number: str | None
    year: str | None
    symbol: str
    issuer: str | None
    signed: date
    in_force: date | None
    title: str | None
    aliases: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    changes: tuple[Change, ...] = field(default=())
    #: The day it lost effect as a whole (ngày hết hiệu lực), where known.
    out_of_force: date | None = None

    @property
    def effective(self) -> date:
        """The day it took effect (its signing day when no other is known)."""
        return self.in_force or self.signed

    @property
    def primary(self) -> bool:
        """Whether its own facts come from a primary source."""
        return any(s.primary for s in self.sources)

    def ending(self, day: date) -> Change | None:
        """The replacement or repeal in effect on `day` (the earliest), or None.

        With no such change, the day it lost effect (`out_of_force`) ends it as repealed.
        """
        ends = [c for c in self.changes if c.type not in PARTIAL and c.since <= day]
        if ends:
            return min(ends, key=lambda c: c.since)
        if self.out_of_force is not None and self.out_of_force <= day:  # lost effect, no why
            source = self.sources[0] if self.sources else Source("implied", "ngày hết hiệu lực")
            return Change("repealed", None, self.out_of_force, source)
        return None

    def to_dict(self) -> dict[str, Any]:
        """The instrument in the data file's shape."""
        out: dict[str, Any] = {"ref": self.ref}
        if self.id != self.ref:
            out["id"] = self.id
        out.update(kind=self.kind, issuer=self.issuer, signed=self.signed.isoformat())
        if self.in_force and self.in_force != self.signed:
            out["in_force"] = self.in_force.isoformat()
        if self.out_of_force:
            out["out_of_force"] = self.out_of_force.isoformat()
        out["title"] = self.title
        if self.aliases:
            out["aliases"] = list(self.aliases)
        out["sources"] = [s.to_dict() for s in self.sources]
        if self.changes:
            out["changes"] = [c.to_dict() for c in self.changes]
        return out

    def __reduce__(self) -> tuple[Any, ...]:
        return _pickled(self)


@dataclass(frozen=True, slots=True)
class Status:
    """An instrument's status on a date, with the chain of replacements that led there."""

    state: str
    change: Change | None = None
    #: The ids of the instruments that replaced it, in order, to the one in force on the date.
    chain: tuple[str, ...] = ()
    amended_by: tuple[str, ...] = ()

    @property
    def certain(self) -> bool:
        """Whether the ending is known from a primary source (an error, not a "likely")."""
        return self.change is None or self.change.source.primary


#: Each pickled class's values in field order, read at C speed: a frozen dataclass with slots
#: otherwise pickles through dataclasses' own state functions, which look its fields up again
#: for every object (most of the time it takes to keep 100,000 instruments in the cache).
_VALUES = {cls: attrgetter(*(f.name for f in fields(cls))) for cls in (Source, Change, Instrument)}


def _pickled(value: Source | Change | Instrument) -> tuple[Any, ...]:
    """How a registry value pickles: its class called again with its values, in order."""
    return (type(value), _VALUES[type(value)](value))


_INSTRUMENT_FIELDS = tuple(f.name for f in fields(Instrument))


def replaced(inst: Instrument, **values: Any) -> Instrument:
    """`dataclasses.replace` for an instrument, without looking its fields up every time."""
    kept = dict(zip(_INSTRUMENT_FIELDS, _VALUES[Instrument](inst), strict=True))
    return Instrument(**{**kept, **values})
