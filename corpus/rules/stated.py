"""A rule a letter states (its `rules_stated`), written into the rules overlay once accepted.

The rule keeps its source: the letter's number, date, issuer and the clause, `how: own_text`.
A kind of rule the checks do not know yet is not written: the caller is told it awaits its
check.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from corpus.rules.model import CHECKS, Rule, overlay_path, parse_rules, write_overlay

#: The check each stated kind of rule runs.
KIND_CHECKS = {"restricted_period": "restricted_period", "report_deadline": "late_trip_report"}


def _params(kind: str, stated: dict[str, Any]) -> dict[str, Any]:
    if kind == "restricted_period":
        return {"from": stated.get("start"), "until": stated.get("end")}
    if kind == "report_deadline":
        return {"working_days": stated.get("days")}
    return {}


def rule_id(kind: str, letter_ref: str) -> str:
    """The id of the rule a letter states: its kind and the letter's number, plainly."""
    return re.sub(r"[^0-9A-Za-z]+", "-", f"{kind}-{letter_ref}").strip("-").lower()


def record_rule(stated: dict[str, Any], source: dict[str, Any], *,
                folder: Path | None = None) -> Rule | None:
    """Write the stated rule into the overlay; None when its kind has no check yet.

    `source`: the letter's `doc_ref`, `date` (ISO), `issuer` and the `clause`. The rule applies
    to letters from the bodies it was sent to (`scope`), from its start to its end.
    RulesDataError when what was stated does not make a valid rule (a missing date, say).
    """
    kind = str(stated.get("kind") or "")
    check = KIND_CHECKS.get(kind)
    if check is None or check not in CHECKS:
        return None
    applies: dict[str, Any] = {}
    if stated.get("scope"):
        applies["issuers"] = list(stated["scope"])
    entry = {"id": rule_id(kind, str(source.get("doc_ref") or "")), "check": check,
             "severity": "warning", "enabled": True,
             "source": {"ref": source.get("doc_ref"), "date": source.get("date"),
                        "issuer": source.get("issuer"), "clause": source.get("clause"),
                        "how": "own_text"},
             "applies": applies, "params": _params(kind, stated)}
    text = yaml.safe_dump({"rules": [entry]}, allow_unicode=True, sort_keys=False)
    rule = parse_rules(text, f"quy tắc nêu trong văn bản {source.get('doc_ref')}")[0]
    path = overlay_path(folder)
    known = {r.id: r for r in parse_rules(path.read_text("utf-8"), str(path))} \
        if path.is_file() else {}
    known[rule.id] = rule
    write_overlay(known.values(), folder)
    return rule
