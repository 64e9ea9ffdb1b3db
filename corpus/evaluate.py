"""Field accuracy against gold labels: for the project's corpus or any folder labelled the same way.

A letter `x.pdf` is labelled by `x.pdf.gold.json` beside it: an object with the contract's
field names and their true values (null for a field the letter does not have).
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corpus.codes import RULE_FLAGS
from nlp.read import FIELD_NAMES

GOLD_SUFFIX = ".gold.json"
#: The delegation's parts that are scored (funding by its kind; its text is shown, not scored).
DELEGATION_FIELDS = ("head", "members", "size", "countries", "places", "start", "end", "days",
                     "purpose", "inviter", "funding")
#: The flag codes the trip rules raise (scored against the gold `rule_flags`).
RULE_CODES = tuple(str(code) for code in RULE_FLAGS)
#: The effects an instrument states of itself (the contract's `effects[].kind`).
EFFECT_KINDS = ("takes_effect", "replaces", "repeals", "amends")


#: What was read and what the gold holds, each a set of comparable tuples.
Pair = tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]


def _canonical(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(unicodedata.normalize("NFC", value).split())
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    return value


def same(read: Any, gold: Any) -> bool:
    """Whether a read value equals the gold one (NFC, runs of spaces as one)."""
    return bool(_canonical(read) == _canonical(gold))


@dataclass
class FileResult:
    """One letter's comparison: per field, whether it was read right."""

    path: str
    fields: dict[str, bool] = field(default_factory=dict)
    misses: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    error: str | None = None
    #: Citations as (ref, kind, date, issuer, role): read and gold (None: the gold has none).
    citations: tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]] | None = None
    #: Flags as (code, ref): raised and gold.
    flags: tuple[set[tuple[str, str]], set[tuple[str, str]]] | None = None
    #: Per delegation part, whether it was read right (letters whose gold has a delegation).
    delegation: dict[str, bool] = field(default_factory=dict)
    #: Rule flag codes: raised and gold (letters whose gold says which).
    rules: tuple[set[str], set[str]] | None = None
    #: Effects the letter states of itself as (kind, ref, part, date): read and gold.
    effects: Pair | None = None
    #: Trip rules the letter states as (kind, start, end, days, working_days): read and gold.
    rules_stated: Pair | None = None


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def _pooled(pairs: Iterable[Pair | None]) -> Counts:
    """Found against gold, summed over the letters that have gold for it."""
    tp = found = gold = 0
    for pair in pairs:
        if pair is not None:
            got, want = pair
            tp, found, gold = tp + len(got & want), found + len(got), gold + len(want)
    return Counts(tp, found, gold)


def _of_kind(pair: Pair | None, kind: str | None) -> Pair | None:
    """The (kind, …) tuples of one kind from both sides (all when `kind` is None)."""
    if pair is None or kind is None:
        return pair
    return {x for x in pair[0] if x[0] == kind}, {x for x in pair[1] if x[0] == kind}


@dataclass(frozen=True)
class Counts:
    """True positives, what was found, what should have been: precision, recall, F1."""

    tp: int
    found: int
    gold: int

    @property
    def precision(self) -> float:
        """Share of what was found that is right."""
        return _ratio(self.tp, self.found)

    @property
    def recall(self) -> float:
        """Share of what should be found that was."""
        return _ratio(self.tp, self.gold)

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        """The counts and ratios as data."""
        return {"tp": self.tp, "found": self.found, "gold": self.gold,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4)}


def _tally(marks: Sequence[dict[str, bool]], names: Sequence[str]
           ) -> dict[str, tuple[int, int]]:
    """Name → (right, total) over the letters whose marks have that name."""
    out: dict[str, tuple[int, int]] = {}
    for name in names:
        seen = [m[name] for m in marks if name in m]
        if seen:
            out[name] = (sum(seen), len(seen))
    return out


def _share(counts: dict[str, tuple[int, int]], name: str | None) -> float:
    """The share right of one name, or of all of them together."""
    if name is not None:
        right, total = counts.get(name, (0, 0))
    else:
        right = sum(r for r, _ in counts.values())
        total = sum(t for _, t in counts.values())
    return right / total if total else 0.0


@dataclass
class Report:
    """Accuracy per field and overall over many letters."""

    files: list[FileResult]

    def per_field(self) -> dict[str, tuple[int, int]]:
        """Field name → (right, total)."""
        return _tally([f.fields for f in self.files], FIELD_NAMES)

    def accuracy(self, name: str | None = None) -> float:
        """One field's accuracy, or the overall one (every field of every letter)."""
        return _share(self.per_field(), name)

    def citation_counts(self) -> Counts:
        """Citations found against the gold ones, over every letter with gold citations."""
        return _pooled(f.citations for f in self.files)

    def effect_counts(self, kind: str | None = None) -> Counts:
        """Effects found against the gold ones (of one kind, or all), over labelled letters."""
        return _pooled(_of_kind(f.effects, kind) for f in self.files)

    def rule_statement_counts(self) -> Counts:
        """Trip rules stated, found against the gold ones, over labelled letters."""
        return _pooled(f.rules_stated for f in self.files)

    def flag_counts(self, code: str) -> Counts:
        """One flag code's raised flags against the gold ones."""
        tp = found = gold = 0
        for f in self.files:
            if f.flags is not None:
                got = {x for x in f.flags[0] if x[0] == code}
                want = {x for x in f.flags[1] if x[0] == code}
                tp, found, gold = tp + len(got & want), found + len(got), gold + len(want)
        return Counts(tp, found, gold)

    def delegation_fields(self) -> dict[str, tuple[int, int]]:
        """Delegation part → (right, total), over the letters with a gold delegation."""
        return _tally([f.delegation for f in self.files], ("present", *DELEGATION_FIELDS))

    def delegation_accuracy(self, name: str | None = None) -> float:
        """One delegation part's accuracy, or over every part of every trip letter."""
        return _share(self.delegation_fields(), name)

    def rule_counts(self, code: str) -> Counts:
        """One rule flag's raised flags against the gold ones, letter by letter."""
        tp = found = gold = 0
        for f in self.files:
            if f.rules is not None:
                got, want = code in f.rules[0], code in f.rules[1]
                tp, found, gold = tp + (got and want), found + got, gold + want
        return Counts(tp, found, gold)

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        codes = sorted({x[0] for f in self.files if f.flags for x in f.flags[0] | f.flags[1]})
        trips = any(f.delegation for f in self.files)
        return {
            "letters": len(self.files),
            "failed": [f.path for f in self.files if f.error],
            "overall": round(self.accuracy(), 4),
            "fields": {k: {"right": r, "total": t, "accuracy": round(r / t, 4)}
                       for k, (r, t) in self.per_field().items()},
            "citations": self.citation_counts().to_dict(),
            "flags": {code: self.flag_counts(code).to_dict() for code in codes},
            "delegation": {k: {"right": r, "total": t, "accuracy": round(r / t, 4)}
                           for k, (r, t) in self.delegation_fields().items()} if trips else {},
            "rules": {code: self.rule_counts(code).to_dict() for code in RULE_CODES
                      if self.rule_counts(code).gold or self.rule_counts(code).found},
            "effects": {"all": self.effect_counts().to_dict(),
                        **{kind: self.effect_counts(kind).to_dict() for kind in EFFECT_KINDS
                           if self.effect_counts(kind).gold or self.effect_counts(kind).found}},
            "rules_stated": self.rule_statement_counts().to_dict(),
        }


def labelled_files(folder: Path) -> list[Path]:
    """Every file under `folder` that has a gold file beside it."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.endswith(".json")
                  and p.with_name(p.name + GOLD_SUFFIX).exists())


def rules_for(rules_file: Path | None) -> Any:
    """The rules a corpus is labelled under: the shipped ones, overlaid by `rules_file`."""
    from corpus.rules.model import builtin_rules, parse_rules

    merged = {r.id: r for r in builtin_rules()}
    if rules_file is not None:
        merged.update({r.id: r for r in parse_rules(rules_file.read_text("utf-8"),
                                                    str(rules_file))})
    return list(merged.values())


def evaluate_file(path: Path, rules_file: Path | None = None) -> FileResult:
    """Read one letter and compare its fields with its gold file."""
    from corpus.assess import assess
    from extract.errors import ExtractError
    from extract.pipeline import extract_file
    from nlp.read import read_letter

    gold = json.loads(path.with_name(path.name + GOLD_SUFFIX).read_text("utf-8"))
    result = FileResult(str(path))
    try:
        reading = read_letter(extract_file(path))
    except ExtractError as e:
        result.error = e.code.value
        result.fields = {name: False for name in FIELD_NAMES if name in gold}
        return result
    for name in FIELD_NAMES:
        if name not in gold:
            continue
        value = reading.fields[name].value
        result.fields[name] = same(value, gold[name])
        if not result.fields[name]:
            result.misses[name] = (value, gold[name])
    if "effects" in gold:
        result.effects = ({_effect_key(e) for e in reading.effects_list()},
                          {_effect_key(e) for e in gold["effects"]})
    if "rules_stated" in gold:
        result.rules_stated = ({_statement_key(r) for r in reading.rules_stated},
                               {_statement_key(r) for r in gold["rules_stated"]})
    if "citations" in gold or "delegation" in gold:
        assessment = assess(reading, rules=rules_for(rules_file))
    if "citations" in gold:
        result.citations = ({_citation_key(r.to_dict()) for r in assessment.citations},
                            {_citation_key(c) for c in gold["citations"]})
        result.flags = ({(f.code, f.ref or "") for f in assessment.flags
                         if f.code not in RULE_CODES},
                        {(f["code"], f["ref"]) for f in gold.get("flags", [])})
    if "delegation" in gold:
        result.delegation = _delegation_marks(assessment.delegation, gold["delegation"])
        result.misses.update({f"delegation.{k}": v for k, v in _delegation_misses(
            assessment.delegation, gold["delegation"]).items()})
        result.rules = ({f.code for f in assessment.flags if f.code in RULE_CODES},
                        set(gold.get("rule_flags") or []))
    return result


def _part(delegation: dict[str, Any] | None, name: str) -> Any:
    if delegation is None:
        return None
    if name == "funding":
        return (delegation.get("funding") or {}).get("kind")
    return delegation.get(name)


def _delegation_marks(read: dict[str, Any] | None, gold: dict[str, Any] | None
                      ) -> dict[str, bool]:
    marks = {"present": (read is None) == (gold is None)}
    if gold is not None:
        marks.update({name: same(_part(read, name), _part(gold, name))
                      for name in DELEGATION_FIELDS})
    return marks


def _delegation_misses(read: dict[str, Any] | None, gold: dict[str, Any] | None
                       ) -> dict[str, tuple[Any, Any]]:
    if gold is None:
        return {} if read is None else {"present": (True, False)}
    return {name: (_part(read, name), _part(gold, name)) for name in DELEGATION_FIELDS
            if not same(_part(read, name), _part(gold, name))}


def _citation_key(c: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(_canonical(c.get(k)) for k in ("ref", "kind", "date", "issuer", "role"))


def _effect_key(e: dict[str, Any]) -> tuple[Any, ...]:
    """An effect as scored: what, on which instrument (and part), from which day."""
    return tuple(_canonical(e.get(k)) for k in ("kind", "ref", "part", "date"))


def _statement_key(r: dict[str, Any]) -> tuple[Any, ...]:
    """A stated trip rule as scored: its kind and its dates or deadline (not its scope)."""
    return tuple(_canonical(r.get(k)) for k in ("kind", "start", "end", "days", "working_days"))


def evaluate(paths: Sequence[Path], *, workers: int = 1,
             rules_file: Path | None = None) -> Report:
    """The report over `paths`, read `workers` at a time (one process each).

    `rules_file` overlays the shipped rules (a corpus labelled under other rules carries its
    own `rules.yaml`, as the project's generated one does).
    """
    results: Iterable[FileResult]
    if workers <= 1:
        results = [evaluate_file(p, rules_file) for p in paths]
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(evaluate_file, paths, [rules_file] * len(paths),
                                    chunksize=2))
    return Report(list(results))
