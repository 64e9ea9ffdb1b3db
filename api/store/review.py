"""Reviewers' corrections, kept beside the machine's values, and the audit log of every change."""

from __future__ import annotations

import copy
import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.store.db import AuditEntry, Correction, Document
from nlp.read import FIELD_NAMES


def corrections(session: Session, document_id: str) -> dict[str, Correction]:
    """The latest correction of each target ("fields.subject", "citations.0")."""
    rows = session.scalars(select(Correction).where(Correction.document_id == document_id)
                           .order_by(Correction.at, Correction.id)).all()
    return {row.target: row for row in rows}


def machine_value(doc: Document, target: str) -> Any:
    """What the machine read for a target, or None."""
    result = doc.result or {}
    kind, _, key = target.partition(".")
    if kind == "fields":
        return (result.get("fields", {}).get(key) or {}).get("value")
    if kind == "citations":
        cited = result.get("citations", [])
        index = int(key)
        return cited[index] if 0 <= index < len(cited) else None
    return None


def review_state(session: Session, document_id: str, reviewed: bool,
                 reviewed_by: str | None) -> dict[str, Any]:
    """Per corrected target: the reviewer's value, who, when; whether the letter is confirmed."""
    state = {target: {"value": c.value, "by": c.user, "at": c.at.isoformat()}
             for target, c in corrections(session, document_id).items()}
    return {"reviewed": reviewed, "reviewed_by": reviewed_by, "corrections": state}


def record(session: Session, *, document_id: str | None, user: str, action: str,
           target: str | None = None, before: Any = None, after: Any = None) -> None:
    """Write one entry of the audit log."""
    session.add(AuditEntry(document_id=document_id, user=user, action=action, target=target,
                           before=before, after=after))


def correct(session: Session, doc: Document, target: str, value: Any, user: str) -> Any:
    """Keep a reviewer's value for `target` beside the machine's; the value it replaces."""
    known = corrections(session, doc.id).get(target)
    before = known.value if known is not None else machine_value(doc, target)
    session.add(Correction(document_id=doc.id, target=target, value=value, user=user))
    record(session, document_id=doc.id, user=user, action="correct", target=target,
           before=before, after=value)
    return before


def reviewed_document(session: Session, doc: Document) -> tuple[dict[str, Any], dict[str, str]]:
    """The contract JSON with reviewers' values in place, and which targets they changed."""
    result = copy.deepcopy(doc.result or {})
    sources: dict[str, str] = {}
    for target, c in corrections(session, doc.id).items():
        kind, _, key = target.partition(".")
        if kind == "fields" and key in result.get("fields", {}):
            result["fields"][key]["value"] = c.value
        elif kind == "citations" and int(key) < len(result.get("citations", [])):
            result["citations"][int(key)].update(c.value or {})
        else:
            continue
        sources[target] = "reviewer"
    return result, sources


#: The CSV export's columns: the document, every field's value, and where the values came from.
CSV_COLUMNS = ("id", "file", "sha256", "status", *FIELD_NAMES, "citations", "flags", "source",
               "corrected")


def export_rows(session: Session, docs: Iterable[Document], fmt: str) -> Iterable[str]:
    """The documents as JSON Lines or CSV, reviewed values winning over machine values."""
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        yield buffer.getvalue()
    for doc in docs:
        result, sources = reviewed_document(session, doc)
        if fmt == "jsonl":
            yield json.dumps({"id": doc.id, "status": doc.status, "reviewed": doc.reviewed,
                              "source": sources, "document": result or None},
                             ensure_ascii=False) + "\n"
            continue
        fields = result.get("fields", {})
        row: dict[str, Any] = {"id": doc.id, "file": doc.name, "sha256": doc.sha256,
                               "status": doc.status}
        for name in FIELD_NAMES:
            value = (fields.get(name) or {}).get("value")
            row[name] = value if isinstance(value, str) or value is None else json.dumps(
                value, ensure_ascii=False)
        row["citations"] = "; ".join(c["ref"] for c in result.get("citations", []))
        row["flags"] = "; ".join(f["code"] for f in result.get("flags", []))
        row["source"] = "reviewer" if sources else "machine"
        row["corrected"] = "; ".join(sorted(sources))
        buffer = io.StringIO()
        csv.DictWriter(buffer, CSV_COLUMNS, lineterminator="\n").writerow(row)
        yield buffer.getvalue()
