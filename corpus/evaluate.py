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

from nlp.read import FIELD_NAMES

GOLD_SUFFIX = ".gold.json"


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


@dataclass
class Report:
    """Accuracy per field and overall over many letters."""

    files: list[FileResult]

    def per_field(self) -> dict[str, tuple[int, int]]:
        """Field name → (right, total)."""
        out: dict[str, tuple[int, int]] = {}
        for name in FIELD_NAMES:
            marks = [f.fields[name] for f in self.files if name in f.fields]
            if marks:
                out[name] = (sum(marks), len(marks))
        return out

    def accuracy(self, name: str | None = None) -> float:
        """One field's accuracy, or the overall one (every field of every letter)."""
        counts = self.per_field()
        if name is not None:
            right, total = counts.get(name, (0, 0))
        else:
            right = sum(r for r, _ in counts.values())
            total = sum(t for _, t in counts.values())
        return right / total if total else 0.0

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        return {
            "letters": len(self.files),
            "failed": [f.path for f in self.files if f.error],
            "overall": round(self.accuracy(), 4),
            "fields": {k: {"right": r, "total": t, "accuracy": round(r / t, 4)}
                       for k, (r, t) in self.per_field().items()},
        }


def labelled_files(folder: Path) -> list[Path]:
    """Every file under `folder` that has a gold file beside it."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.endswith(".json")
                  and p.with_name(p.name + GOLD_SUFFIX).exists())


def evaluate_file(path: Path) -> FileResult:
    """Read one letter and compare its fields with its gold file."""
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
    return result


def evaluate(paths: Sequence[Path], *, workers: int = 1) -> Report:
    """The report over `paths`, read `workers` at a time (one process each)."""
    results: Iterable[FileResult]
    if workers <= 1:
        results = [evaluate_file(p) for p in paths]
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(evaluate_file, paths, chunksize=2))
    return Report(list(results))
