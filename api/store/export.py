"""The export: JSON Lines, or CSV for a spreadsheet, reviewers' values winning.

The CSV opens in Excel as it is: UTF-8 with a byte-order mark (Excel takes a file without one
for the machine's code page and garbles the marks), one value a cell, no JSON: a list is its
items joined by "; ", a person is "name (title)", and the delegation is spread over one column
per part. A cell that a spreadsheet would take for a formula is made inert.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy.orm import Session

from api.store.db import Document
from api.store.review import reviewed_document
from nlp.read import FIELD_NAMES

#: The byte-order mark that tells Excel the file is UTF-8.
BOM = "\ufeff"
#: The delegation's parts, each a column `delegation_<part>`.
DELEGATION_PARTS = ("head", "members", "size", "countries", "start", "end", "funding")
#: The CSV export's columns: the document, every field's value, the delegation, and where the
#: values came from.
CSV_COLUMNS = ("id", "file", "sha256", "status", *FIELD_NAMES,
               *(f"delegation_{part}" for part in DELEGATION_PARTS), "citations", "flags",
               "source", "corrected", "unmatched")
#: Who pays for a trip (the contract's `funding.kind`), in words.
FUNDING_KINDS = {"state_budget": "Ngân sách nhà nước", "foreign_partner": "Phía nước ngoài",
                 "enterprise": "Doanh nghiệp", "self": "Tự túc", "mixed": "Nhiều nguồn",
                 "unknown": "Chưa rõ"}


def export_rows(session: Session, docs: Iterable[Document], fmt: str) -> Iterable[str]:
    """The documents as JSON Lines or CSV, reviewed values winning over machine values."""
    if fmt == "csv":
        yield BOM + _line(dict(zip(CSV_COLUMNS, CSV_COLUMNS, strict=True)))
    for doc in docs:
        result, sources, unmatched = reviewed_document(session, doc)
        if fmt == "jsonl":
            yield json.dumps({"id": doc.id, "status": doc.status, "reviewed": doc.reviewed,
                              "source": sources, "unmatched": unmatched,
                              "document": result or None},
                             ensure_ascii=False) + "\n"
            continue
        fields = result.get("fields", {})
        row: dict[str, Any] = {"id": doc.id, "file": doc.name, "sha256": doc.sha256,
                               "status": doc.status}
        for name in FIELD_NAMES:
            row[name] = readable((fields.get(name) or {}).get("value"))
        row.update(delegation_cells(result.get("delegation")))
        row["citations"] = "; ".join(c["ref"] for c in result.get("citations", []))
        row["flags"] = "; ".join(f["code"] for f in result.get("flags", []))
        row["source"] = "reviewer" if sources else "machine"
        row["corrected"] = "; ".join(sorted(sources))
        row["unmatched"] = "; ".join(sorted(unmatched))
        yield _line({k: inert(v) for k, v in row.items()})


def _line(row: dict[str, Any]) -> str:
    buffer = io.StringIO()
    csv.DictWriter(buffer, CSV_COLUMNS, lineterminator="\r\n").writerow(row)
    return buffer.getvalue()


def readable(value: Any) -> str | None:
    """A value as a person reads it: a list's items joined by "; ", a person "name (title)".

    Any other object is its values joined by ", "; null stays empty.
    """
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return "; ".join(part for part in map(readable, value) if part)
    if isinstance(value, dict):
        if value.get("name"):
            role = ", ".join(str(value[k]) for k in ("title", "authority") if value.get(k))
            return f"{value['name']} ({role})" if role else str(value["name"])
        return ", ".join(part for part in map(readable, value.values()) if part)
    return str(value)


def delegation_cells(delegation: dict[str, Any] | None) -> dict[str, str | None]:
    """The delegation's parts, one cell each (all empty when the letter proposes no trip)."""
    trip = delegation or {}
    funding = trip.get("funding") or {}
    kind = FUNDING_KINDS.get(str(funding.get("kind") or ""))
    said = "; ".join(part for part in (kind, funding.get("text")) if part) or None
    cells = {part: readable(trip.get(part)) for part in DELEGATION_PARTS}
    cells["funding"] = said
    return {f"delegation_{part}": cell for part, cell in cells.items()}


#: What a spreadsheet takes for the start of a formula (or of a cell it moves on from).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(value: Any) -> Any:
    """A CSV cell a spreadsheet shows as text: a leading = + - @ tab or CR gets a `'` first.

    A file named "=SUM(1+1)*cmd.pdf", or a value read from a letter, must never run as a
    formula in the spreadsheet of whoever opens the export (CSV injection).
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
