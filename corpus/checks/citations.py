"""Flags on the letter's citations: superseded, repealed, future, unknown, and mismatches.

A flag on a fact the registry knows from a primary source is an error (or the code's usual
severity); on a secondary or implied fact it is a warning that says "có thể" (likely). A
mention of an instrument as the replaced one ("thay thế Quyết định số 295-QĐ/TW") is never
flagged. A flag that rests on the letter's own date is an error only when that date was read
with good confidence (SURE_DATE); a letter dated by month only may be of any day of it.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from corpus.checks.flag import Flag
from corpus.citations import Resolved, _day
from corpus.issuers import issuers_agree
from corpus.registry import Registry
from corpus.registry.registry import fold_words
from nlp.dates import format_date
from nlp.doctypes import canonical_abbreviation, type_of_abbreviation

#: Symbols of central bodies: an instrument with one that the registry lacks is worth a look
#: (typed without the hyphen too: "NĐCP").
CENTRAL = re.compile(r"(?:/TW$|^[^/]*-?(?:NĐ-?CP|QĐ-?TTg|CT-?TTg|NQ-?CP|TTg)$|QH\d*$|"
                     r"UBTVQH\d*$|-CP$)")

#: How sure the reader must be of the letter's own date (its `issued_date` confidence, given
#: at 0.9 or more only to a clean place-date line) before a flag that rests on that date
#: (future, superseded, repealed) is an error; below it the flag is a warning that says why.
SURE_DATE = 0.9

#: Kinds a type abbreviation in a symbol fits beyond the one it names.
_ALSO_FITS: dict[str, set[str]] = {
    "QĐ": {"Quy định", "Quy chế"},  # Party rules carry "QĐ"; a Quy chế is issued by a decision
    "TT": {"Thông tri"},  # a Party "Thông tri số 05-TT/TW"
    "TTLT": {"Thông tư"},
    "QC": {"Quyết định"},
    "CTr": {"Chương trình hành động"},
    "CTHĐ": {"Chương trình"},
}
#: Kinds that fit any symbol.
_ANY_SYMBOL = {"Văn bản"}
_LAWS = {"Luật", "Bộ luật", "Nghị quyết", "Pháp lệnh", "Nghị quyết liên tịch"}


def _when(day: date) -> str:
    return format_date(day.isoformat())


def _name(kind: str, ref: str) -> str:
    return f"{kind} {ref}"


def symbol_kinds(symbol: str | None) -> set[str] | None:
    """The kinds a symbol fits ("TB/TU" → {"Thông báo"}), or None when it names no kind."""
    if not symbol:
        return None
    if re.search(r"(?:^|[-/])(?:UBTV)?QH\d*$", symbol) and not symbol.startswith(("PL", "NQ")):
        return set(_LAWS)
    first = re.split(r"[-/]", symbol)[0]
    abbr = canonical_abbreviation(first)
    if abbr is None or abbr == "TTg":
        return None
    kind = type_of_abbreviation(abbr)
    if kind is None:
        return None
    fits = {kind} | _ALSO_FITS.get(abbr, set())
    if abbr == "NQ":
        fits |= {"Nghị quyết liên tịch"}
    return fits


def kind_fits(kind: str, symbol: str | None) -> bool:
    """Whether the kind a letter names fits the symbol it prints."""
    if kind in _ANY_SYMBOL:
        return True
    fits = symbol_kinds(symbol)
    if fits is None:
        return True
    return kind in fits


def _refs(registry: Registry, ids: tuple[str, ...]) -> list[str]:
    return [inst.ref if (inst := registry.get(i)) else i for i in ids]


def _type_slot(symbol: str | None) -> str:
    return re.split(r"[-/]", symbol or "")[0]


def _likely(resolved: Resolved) -> bool:
    return resolved.status is not None and not resolved.status.certain


def date_is_sure(resolved: Resolved) -> bool:
    """Whether the letter's own date was read well enough for a flag on it to be an error."""
    return resolved.dated and resolved.date_confidence >= SURE_DATE


def _doubt(resolved: Resolved) -> str:
    """What a date-dependent message adds when the letter's own date is in doubt."""
    if date_is_sure(resolved):
        return ""
    return ("; ngày ban hành của văn bản này đọc chưa chắc chắn "
            f"(độ tin cậy {resolved.date_confidence:.2f}), cần kiểm tra lại ngày ban hành")


def _dated(severity: str, resolved: Resolved) -> str:
    """A date-dependent flag's severity: never an error on a letter date in doubt."""
    return severity if severity != "error" or date_is_sure(resolved) else "warning"


def _severity(resolved: Resolved) -> str:
    """Error for reliance on a fact known from a primary source, else warning.

    A warning for a likely fact, for an instrument the letter only refers to, or when the
    letter's own date is in doubt.
    """
    if _likely(resolved) or resolved.citation.role != "basis":
        return "warning"
    return _dated("error", resolved)


def _ending_flag(resolved: Resolved, registry: Registry, where: dict[str, Any],
                 evidence_base: dict[str, Any]) -> Flag | None:
    """The flag for an instrument that, on the letter's date, had ended or was not yet issued."""
    inst = resolved.resolution.instrument if resolved.resolution else None
    status = resolved.status
    if inst is None or status is None:
        return None
    ref = resolved.citation.ref
    if status.state == "superseded" and status.change is not None:
        direct = status.chain[0] if status.chain else status.change.by
        replacing = registry.get(direct or "")
        current = registry.get(status.chain[-1]) if status.chain else None
        name = _name(replacing.kind, replacing.ref) if replacing else status.change.by_ref
        message = (f"{_name(inst.kind, inst.ref)} "
                   f"{'có thể ' if _likely(resolved) else ''}đã được thay thế bởi {name} "
                   f"từ ngày {_when(status.change.since)}")
        if current is not None and current is not replacing:
            message += f"; văn bản đang có hiệu lực là {_name(current.kind, current.ref)}"
        message += _doubt(resolved)
        return Flag(
            "superseded_citation", _severity(resolved), ref, message,
            {**evidence_base, "replaced_by": _refs(registry, status.chain) or
             [r for r in (status.change.by_ref,) if r], "replaced_by_ids": list(status.chain),
             "since":
             status.change.since.isoformat(), "how": status.change.source.how,
             "source": status.change.source.note, "likely": _likely(resolved)}, **where)
    if status.state == "repealed" and status.change is not None:
        by = registry.get(status.change.by or "")
        message = (f"{_name(inst.kind, inst.ref)} {'có thể ' if _likely(resolved) else ''}"
                   f"đã hết hiệu lực từ ngày {_when(status.change.since)}")
        if by is not None:
            message += f" theo {_name(by.kind, by.ref)}"
        message += _doubt(resolved)
        return Flag(
            "repealed_citation", _severity(resolved), ref, message,
            {**evidence_base, "repealed_by": status.change.by,
             "since": status.change.since.isoformat(), "how": status.change.source.how,
             "source": status.change.source.note, "likely": _likely(resolved)}, **where)
    if status.state == "not_yet_issued":
        return Flag(
            "future_citation", _dated("error", resolved), ref,
            f"{_name(inst.kind, inst.ref)} ban hành ngày {_when(inst.signed)}, sau ngày ban "
            f"hành văn bản này ({resolved.on_label()}){_doubt(resolved)}",
            {**evidence_base, "instrument_date": inst.signed.isoformat()}, **where)
    return None


def check_citation(resolved: Resolved, registry: Registry) -> list[Flag]:
    """The flags one resolved citation raises."""
    c = resolved.citation
    place = c.places[0]
    where: dict[str, Any] = {"page": place.page, "bbox": place.bbox}
    if c.role == "replaced":
        return []
    # A citation inside another's title is only mentioned; with no date on the letter, whether
    # an instrument had ended by then cannot be told.
    dated = resolved.dated and not c.nested
    flags: list[Flag] = []
    ref = c.ref or ""
    if not c.short and not kind_fits(c.kind, c.symbol):
        flags.append(Flag(
            "citation_kind_mismatch", "warning", ref,
            f"Văn bản ghi \"{c.kind} số {ref}\", nhưng {_type_slot(c.symbol)} là ký hiệu của "
            f"{' hoặc '.join(sorted(symbol_kinds(c.symbol) or ()))}",
            {"named_kind": c.kind, "symbol": c.symbol,
             "symbol_kinds": sorted(symbol_kinds(c.symbol) or ())}, **where))
    on = resolved.on
    if resolved.resolution is None:
        cited = _day(c.date)
        if cited and cited > resolved.last_day and resolved.dated:
            flags.append(Flag(
                "future_citation", _dated("error", resolved), ref,
                f"{_name(c.kind, ref)} ghi ngày {_when(cited)}, sau ngày ban hành văn bản "
                f"này ({resolved.on_label()}){_doubt(resolved)}",
                {"cited_date": c.date, "letter_date": on.isoformat(),
                 "letter_date_confidence": resolved.date_confidence}, **where))
        if c.symbol and CENTRAL.search(c.symbol):
            flags.append(Flag(
                "unknown_citation", "info", ref,
                f"{_name(c.kind, ref)} không có trong danh mục văn bản; cần kiểm tra số, "
                "ký hiệu và hiệu lực", {"symbol": c.symbol}, **where))
        return flags
    inst = resolved.resolution.instrument
    status = resolved.status
    assert status is not None
    evidence_base: dict[str, Any] = {"registry_id": inst.id, "match": resolved.resolution.match,
                                     "score": resolved.resolution.score,
                                     "letter_date": on.isoformat(),
                                     "letter_date_confidence": resolved.date_confidence}
    if dated:
        ending = _ending_flag(resolved, registry, where, evidence_base)
        if ending is not None:
            flags.append(ending)
    cited = _day(c.date)
    if cited and cited not in (inst.signed, inst.in_force):
        flags.append(Flag(
            "citation_date_mismatch", "warning", ref,
            f"{_name(c.kind, ref)} được ghi ngày {_when(cited)}, nhưng danh mục ghi ngày ban "
            f"hành {_when(inst.signed)}",
            {**evidence_base, "cited_date": c.date, "registry_date": inst.signed.isoformat(),
             "sources": [s.to_dict() for s in inst.sources]}, **where))
    if c.issuer and inst.issuer and not issuers_agree(c.issuer, inst.issuer) \
            and fold_words(c.issuer) not in fold_words(inst.title or ""):  # a body in the title
        flags.append(Flag(
            "citation_issuer_mismatch", "warning", ref,
            f"{_name(c.kind, ref)} được ghi là của {c.issuer}, nhưng danh mục ghi cơ quan ban "
            f"hành là {inst.issuer}",
            {**evidence_base, "cited_issuer": c.issuer, "registry_issuer": inst.issuer,
             "sources": [s.to_dict() for s in inst.sources]}, **where))
    return flags


def check_citations(resolved: list[Resolved], registry: Registry) -> list[Flag]:
    """The flags of every citation of a letter, in the order the citations appear."""
    return [flag for r in resolved for flag in check_citation(r, registry)]
