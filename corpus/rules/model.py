"""Rules as data: what each says, where it comes from, where it applies; loading and overlays.

The rules shipped with congvan live in corpus/rules/rules.yaml; administrators add, change or
switch off rules with `congvan rules import FILE`, which writes an overlay in the data folder
(`CONGVAN_DATA_DIR/rules/rules.yaml`) that wins over the shipped entries, rule by rule (by id).
"""

from __future__ import annotations

import os
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from corpus.codes import RULE_FLAGS

#: The checks a rule can run (corpus/rules/check.py), which are also the flag codes they raise.
CHECKS = tuple(str(code) for code in RULE_FLAGS)
KINDS = ("request", "decision", "report")
SEVERITIES = ("error", "warning", "info")


class _Loader(yaml.SafeLoader):
    """YAML with dates left as text: a wrong date is reported by the rule, not by the parser."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class RulesDataError(ValueError):
    """A rules file that does not hold valid rules; the message lists every problem."""

    def __init__(self, name: str, problems: list[str]):
        self.problems = problems
        super().__init__(f"{len(problems)} lỗi trong {name}:\n" + "\n".join(problems))


@dataclass(frozen=True)
class RuleSource:
    """The circular a rule comes from, the clause, and how that is known."""

    ref: str
    date: date
    issuer: str
    clause: str
    how: str
    note: str | None = None
    #: How the circular's date is known when its exact day is not (`date` is then a bound):
    #: "đầu năm 2026, trước Tết Nguyên đán".
    dated: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """As data (for flags' evidence and the CLI)."""
        out = {"ref": self.ref, "date": self.date.isoformat(), "issuer": self.issuer,
               "clause": self.clause, "how": self.how, "note": self.note}
        if self.dated:
            out["dated"] = self.dated
        return out


@dataclass(frozen=True)
class Rule:
    """One rule: the check it runs, its source, where it applies, whether it is on."""

    id: str
    check: str
    severity: str
    source: RuleSource
    kinds: tuple[str, ...]
    since: date | None = None
    until: date | None = None
    issuers: tuple[str, ...] = ()  # words an issuer's name must contain; empty: every issuer
    enabled: bool = True
    params: dict[str, Any] = field(default_factory=dict)
    #: Or words the place the letter is written at must contain (a ward of a city whose name
    #: does not say the city); with `issuers`, either binds.
    places: tuple[str, ...] = ()

    def applies(self, kind: str, issued: date | None, issuer: str | None,
                place: str | None = None) -> bool:
        """Whether the rule binds a letter of this kind, date and issuer (or place written)."""
        if not self.enabled or kind not in self.kinds:
            return False
        if issued is not None and ((self.since and issued < self.since) or
                                   (self.until and issued > self.until)):
            return False
        if self.issuers or self.places:
            return any(word.casefold() in (issuer or "").casefold() for word in self.issuers) \
                or any(word.casefold() in (place or "").casefold() for word in self.places)
        return True

    def to_dict(self) -> dict[str, Any]:
        """As data, in the file's shape."""
        applies: dict[str, Any] = {"kinds": list(self.kinds)}
        if self.since:
            applies["from"] = self.since.isoformat()
        if self.until:
            applies["until"] = self.until.isoformat()
        if self.issuers:
            applies["issuers"] = list(self.issuers)
        if self.places:
            applies["places"] = list(self.places)
        out: dict[str, Any] = {"id": self.id, "check": self.check, "severity": self.severity,
                               "enabled": self.enabled, "source": self.source.to_dict(),
                               "applies": applies}
        if self.params:
            out["params"] = {k: v.isoformat() if isinstance(v, date) else v
                             for k, v in self.params.items()}
        return out


def _nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    if isinstance(value, dict):
        return {k: _nfc(v) for k, v in value.items()}
    return value


def _day(value: Any, where: str, problems: list[str]) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        problems.append(f"{where}: ngày không hợp lệ {value!r} (cần YYYY-MM-DD)")
        return None


def _rule(entry: Any, index: int, problems: list[str]) -> Rule | None:
    where = f"quy tắc thứ {index + 1}"
    if not isinstance(entry, dict):
        problems.append(f"{where}: phải là một bảng khóa-giá trị")
        return None
    entry = _nfc(entry)
    before = len(problems)
    ident = entry.get("id")
    if not ident or not isinstance(ident, str):
        problems.append(f"{where}: thiếu id")
    else:
        where = f"quy tắc {ident}"
    if entry.get("check") not in CHECKS:
        problems.append(f"{where}: check phải là một trong {', '.join(CHECKS)}")
    severity = entry.get("severity", "warning")
    if severity not in SEVERITIES:
        problems.append(f"{where}: severity phải là error, warning hoặc info")
    source = entry.get("source") or {}
    if not isinstance(source, dict) or not all(source.get(k) for k in ("ref", "date", "issuer",
                                                                         "clause", "how")):
        problems.append(f"{where}: source cần ref, date, issuer, clause, how")
        source = {}
    applies = entry.get("applies") or {}
    kinds = tuple(applies.get("kinds") or KINDS)
    if any(k not in KINDS for k in kinds):
        problems.append(f"{where}: applies.kinds chỉ gồm {', '.join(KINDS)}")
    since = _day(applies.get("from"), where, problems)
    until = _day(applies.get("until"), where, problems)
    signed = _day(source.get("date"), where, problems) if source else None
    params = dict(entry.get("params") or {})
    for key in ("from", "until", "at_least_until"):
        if params.get(key) is not None:
            params[key] = _day(params[key], f"{where} (params)", problems)
    if entry.get("check") == "late_trip_report" and not isinstance(
            params.get("working_days"), int):
        problems.append(f"{where}: late_trip_report cần params.working_days (số ngày làm việc)")
    if entry.get("check") == "restricted_period" and not params.get("from"):
        problems.append(f"{where}: restricted_period cần params.from (params.until để trống "
                        "khi văn bản chưa cho biết ngày kết thúc)")
    if len(problems) > before or signed is None:
        return None
    return Rule(ident, entry["check"], severity,
                RuleSource(str(source["ref"]), signed, source["issuer"], source["clause"],
                           source["how"], source.get("note"), source.get("dated")),
                kinds, since, until, tuple(applies.get("issuers") or ()),
                bool(entry.get("enabled", True)), params, tuple(applies.get("places") or ()))


def parse_rules(text: str, name: str = "rules.yaml") -> list[Rule]:
    """The rules in a YAML text; RulesDataError listing every problem when it is not valid."""
    try:
        data = yaml.load(text, Loader=_Loader) or {}  # noqa: S506 - a SafeLoader
    except yaml.YAMLError as e:
        raise RulesDataError(name, [f"YAML không đọc được: {e}"]) from None
    entries = data.get("rules") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise RulesDataError(name, ["cần khóa 'rules' chứa một danh sách"])
    problems: list[str] = []
    rules = [_rule(e, i, problems) for i, e in enumerate(entries)]
    ids = [str(e["id"]) for e in entries if isinstance(e, dict) and e.get("id")]
    problems += [f"id {i} bị lặp" for i in sorted({i for i in ids if ids.count(i) > 1})]
    if problems:
        raise RulesDataError(name, problems)
    return [r for r in rules if r is not None]


def builtin_rules() -> list[Rule]:
    """The rules shipped with congvan (read once per process; the rules are immutable)."""
    return list(_builtin())


@lru_cache(maxsize=1)
def _builtin() -> tuple[Rule, ...]:
    text = resources.files("corpus.rules").joinpath("rules.yaml").read_text("utf-8")
    return tuple(parse_rules(text, "corpus/rules/rules.yaml"))


def overlay_path(folder: Path | None = None) -> Path:
    """The administrators' rules file in the data folder."""
    base = folder or Path(os.environ.get("CONGVAN_DATA_DIR") or "data")
    return base / "rules" / "rules.yaml"


def load_rules(folder: Path | None = None) -> list[Rule]:
    """The rules in force here: the shipped ones, overlaid by the administrators' (by id)."""
    merged = {r.id: r for r in builtin_rules()}
    path = overlay_path(folder)
    if path.is_file():
        merged.update({r.id: r for r in parse_rules(path.read_text("utf-8"), str(path))})
    return list(merged.values())


def import_rules(source: Path, folder: Path | None = None) -> list[Rule]:
    """Validate a rules file and merge it into the overlay (atomically); the rules it held."""
    added = parse_rules(source.read_text("utf-8"), str(source))
    write_overlay(added, folder)
    return added


def write_overlay(added: list[Rule], folder: Path | None = None) -> None:
    """Merge rules into the data folder's overlay (by id), atomically."""
    path = overlay_path(folder)
    known: dict[str, Rule] = {}
    if path.is_file():
        known = {r.id: r for r in parse_rules(path.read_text("utf-8"), str(path))}
    known.update({r.id: r for r in added})
    _write_file(known.values(), folder)


def _write_file(rules: Iterable[Rule], folder: Path | None = None) -> None:
    """Write the administrators' rules file (atomically) with these rules."""
    path = overlay_path(folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump({"rules": [r.to_dict() for r in rules]}, allow_unicode=True,
                          sort_keys=False)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False,
                                     suffix=".tmp") as out:
        out.write("# Quy tắc do quản trị viên thêm hoặc sửa (congvan rules import).\n" + text)
        temp = Path(out.name)
    temp.replace(path)
