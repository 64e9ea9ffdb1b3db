"""Scoring a contract output against hand-read gold in the `realdev` format (real letters).

The format (one `NAME.gold.json` beside each `NAME.pdf`/`.jpg`/…): the header fields as the
page prints them (`doc_ref`, `doc_type`, `issuer`, `place`, `issued_date`, `subject`,
`signer_name`, `signer_title`, `confidentiality`, `urgency`), `citations` as
`{kind, number, date}`, optional `FIELD_alt` lists of other acceptable values, and `signers`
for letters signed by several people. Null means the letter lacks the field, so any output
for it is wrong. Comparison: NFC, dashes and no-break spaces unified, one tone placement,
casefold, runs of spaces folded, " .;,:" stripped at the ends; `doc_ref` and citation keys
also lose every space and a leading "Số:"; `issuer` and `subject` match at a fuzzy ratio of
90; `issued_date` exactly; the rest exactly after normalising.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from nlp.normalise import tone_placement

#: The scalar fields scored, in the report's order.
SCALAR = ("doc_ref", "doc_type", "issuer", "place", "issued_date", "subject",
          "signer_name", "signer_title", "confidentiality", "urgency")
#: The delegation's parts scored when the gold has one (`present` is scored on every letter).
DELEGATION = ("head", "members", "countries", "start", "end", "funding")
FUZZY = ("issuer", "subject")
FUZZY_FLOOR = 90
INPUT_SUFFIXES = (".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff")
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u00a0": " "})
_SO = re.compile(r"^(?:số|so)[:.]?")


def norm(value: Any) -> str | None:
    """The comparable form of a printed value (None for nothing)."""
    if value is None:
        return None
    text = unicodedata.normalize("NFC", str(value)).translate(_DASHES)
    text = " ".join(tone_placement(w) for w in text.split()).casefold()
    text = text.strip(" .;,:")
    return text or None


def ref_key(value: Any) -> str | None:
    """A number-and-symbol's key: normalised, without spaces or a leading "Số:"."""
    text = norm(value)
    if text is None:
        return None
    return _SO.sub("", text.replace(" ", "")) or None


def output_values(doc: dict[str, Any]) -> dict[str, Any]:
    """The scored values of one contract output (signer split into name and title)."""
    fields = doc.get("fields") or {}

    def value(name: str) -> Any:
        entry = fields.get(name)
        return entry.get("value") if isinstance(entry, dict) else entry

    signer = value("signer") or {}
    out = {name: value(name) for name in SCALAR if not name.startswith("signer_")}
    out["signer_name"] = signer.get("name") if isinstance(signer, dict) else None
    out["signer_title"] = signer.get("title") if isinstance(signer, dict) else None
    out["citations"] = [{"key": ref_key(c.get("ref") or c.get("number")), "ref": c.get("ref"),
                         "date": c.get("date")} for c in doc.get("citations") or []]
    return out


def _accepted(gold: dict[str, Any], name: str) -> list[Any]:
    values = [gold.get(name), *(gold.get(f"{name}_alt") or [])]
    if name in ("signer_name", "signer_title"):
        values += [s.get(name.removeprefix("signer_")) for s in gold.get("signers") or []]
    return [v for v in values if v]


def field_right(name: str, got: Any, gold: dict[str, Any]) -> bool:
    """Whether `got` is an acceptable value of field `name` under the gold."""
    if gold.get(name) is None:
        return not got
    if not got:
        return False
    accepted = _accepted(gold, name)
    if name == "doc_ref":
        return ref_key(got) in {ref_key(v) for v in accepted}
    if name == "issued_date":
        return str(got) == str(gold[name])
    if name in FUZZY:
        return any(fuzz.ratio(norm(got) or "", norm(v) or "") >= FUZZY_FLOOR for v in accepted)
    return norm(got) in {norm(v) for v in accepted}


@dataclass
class Scored:
    """One document's marks: per field right or not, citations found and missed."""

    name: str
    kind: str
    fields: dict[str, bool] = field(default_factory=dict)
    misses: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    cit_tp: int = 0
    cit_found: int = 0
    cit_gold: int = 0
    cit_extra: list[str] = field(default_factory=list)
    cit_missed: list[str] = field(default_factory=list)
    dates_agree: int = 0
    dates_compared: int = 0
    error_flags: list[dict[str, Any]] = field(default_factory=list)
    #: Per delegation part, whether it was read right; `present`: a delegation read iff gold.
    delegation: dict[str, bool] = field(default_factory=dict)
    #: What the letter states of itself (the gold has no key for them: shown, not scored).
    effects: list[dict[str, Any]] = field(default_factory=list)
    rules_stated: list[dict[str, Any]] = field(default_factory=list)


def _names(people: Any) -> list[str]:
    """The comparable names (else titles) of a head or a list of members."""
    if people is None:
        return []
    items = people if isinstance(people, list) else [people]
    out = []
    for p in items:
        who = (p.get("name") or p.get("title")) if isinstance(p, dict) else p
        if norm(who):
            out.append(norm(who) or "")
    return sorted(out)


def _kind(funding: Any) -> Any:
    return funding.get("kind") if isinstance(funding, dict) else funding


def delegation_marks(read: dict[str, Any] | None, gold: dict[str, Any] | None
                     ) -> dict[str, bool]:
    """Per part, whether the read delegation agrees with the gold (null gold: none read)."""
    marks = {"present": (read is None) == (gold is None)}
    if gold is None:
        return marks
    got = read or {}
    for part in DELEGATION:
        want, have = gold.get(part), got.get(part)
        if part in ("head", "members"):
            marks[part] = _names(want) == _names(have)
        elif part == "countries":
            marks[part] = sorted(norm(c) or "" for c in want or []) == \
                sorted(norm(c) or "" for c in have or [])
        elif part == "funding":
            marks[part] = norm(_kind(want)) == norm(_kind(have))
        else:
            marks[part] = str(want or "") == str(have or "")
    return marks


def score(name: str, kind: str, doc: dict[str, Any], gold: dict[str, Any]) -> Scored:
    """Score one output against its gold."""
    got = output_values(doc)
    out = Scored(name, kind)
    for f in SCALAR:
        right = field_right(f, got[f], gold)
        out.fields[f] = right
        if not right:
            out.misses[f] = (gold.get(f), got[f])
    found = {c["key"]: c for c in got["citations"] if c["key"]}
    wanted = {ref_key(c["number"]): c for c in gold.get("citations") or [] if c.get("number")}
    wanted.pop(None, None)
    hits = found.keys() & wanted.keys()
    out.cit_tp, out.cit_found, out.cit_gold = len(hits), len(found), len(wanted)
    out.cit_extra = sorted(str(found[k]["ref"]) for k in found.keys() - wanted.keys())
    out.cit_missed = sorted(str(wanted[k]["number"]) for k in wanted.keys() - found.keys())
    for k in hits:
        if wanted[k].get("date"):
            out.dates_compared += 1
            out.dates_agree += found[k]["date"] == wanted[k]["date"]
    out.error_flags = [f for f in doc.get("flags") or [] if f.get("severity") == "error"]
    out.effects = [{k: e.get(k) for k in ("kind", "ref", "part", "date", "page")}
                   for e in doc.get("effects") or []]
    out.rules_stated = [{k: r.get(k) for k in ("kind", "start", "end", "days", "working_days",
                                               "page")} for r in doc.get("rules_stated") or []]
    out.delegation = delegation_marks(doc.get("delegation"), gold.get("delegation"))
    for part, right in out.delegation.items():
        if not right:
            read = doc.get("delegation")
            out.misses[f"delegation.{part}"] = (
                (gold.get("delegation") or {}).get(part) if part != "present"
                else gold.get("delegation") is not None,
                (read or {}).get(part) if part != "present" else read is not None)
    return out


def labelled(folder: Path) -> list[tuple[Path, dict[str, Any]]]:
    """Every letter file of `folder` that has a `NAME.gold.json`, with its gold."""
    out = []
    for gold_path in sorted(folder.glob("*.gold.json")):
        stem = gold_path.name.removesuffix(".gold.json")
        for suffix in INPUT_SUFFIXES:
            letter = folder / f"{stem}{suffix}"
            if letter.is_file():
                out.append((letter, json.loads(gold_path.read_text(encoding="utf-8"))))
                break
    return out
