"""What the inbox lists of a letter: its number and symbol, type, issuer and date columns.

The columns hold the values a reviewer sees: the machine's, with the reviewers' corrections in
place. A corrected number (`doc_number`) or symbol (`doc_symbol`) carries into the number and
symbol (`doc_ref`) when that one was not corrected itself: "123/BNG-LS" whose number is
corrected to 132 lists as "132/BNG-LS".
"""

from __future__ import annotations

from typing import Any

from api.store.db import Document

#: Each listed column and its longest value (a longer one is not listed: never cut).
COLUMNS = {"doc_ref": 80, "doc_type": 60, "issuer": 255, "issued_date": 10}


def _machine(result: dict[str, Any], name: str) -> Any:
    return ((result.get("fields") or {}).get(name) or {}).get("value")


def derived_ref(result: dict[str, Any], corrected: dict[str, Any]) -> str | None:
    """The number and symbol after a corrected number or symbol, or None when none applies.

    `corrected` maps a corrected target ("fields.doc_number") to the reviewer's value. Only
    the machine's own number and symbol are replaced in its `doc_ref`, so its shape (state
    "12/2024/NĐ-CP", party "295-QĐ/TW") stays as read; with no `doc_ref` read there is
    nothing to carry the correction into.
    """
    if "fields.doc_ref" in corrected:
        return None
    ref, number, symbol = (_machine(result, n) for n in ("doc_ref", "doc_number", "doc_symbol"))
    if not isinstance(ref, str) or not isinstance(number, str) or not isinstance(symbol, str):
        return None
    if not (ref.startswith(number) and ref.endswith(symbol)
            and len(number) + len(symbol) <= len(ref)):
        return None
    new_number = corrected.get("fields.doc_number", number)
    new_symbol = corrected.get("fields.doc_symbol", symbol)
    if (new_number, new_symbol) == (number, symbol):
        return None
    if not isinstance(new_number, str) or not isinstance(new_symbol, str) \
            or not new_number or not new_symbol:
        return None
    middle = ref[len(number):len(ref) - len(symbol)]
    return f"{new_number}{middle}{new_symbol}"


def shown_value(result: dict[str, Any], corrected: dict[str, Any], name: str) -> Any:
    """A field's value as a reviewer sees it: corrected, carried from a correction, or read."""
    target = f"fields.{name}"
    if target in corrected:
        return corrected[target]
    if name == "doc_ref":
        derived = derived_ref(result, corrected)
        if derived is not None:
            return derived
    return _machine(result, name)


def sync(doc: Document, corrected: dict[str, Any]) -> None:
    """Set the letter's listed columns from its values as reviewed (`corrected`: target → value)."""
    if doc.result is None:
        return
    for name, longest in COLUMNS.items():
        value = shown_value(doc.result, corrected, name)
        setattr(doc, name, value if isinstance(value, str) and len(value) <= longest else None)
