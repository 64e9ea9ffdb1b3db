"""The readers measured on real letters: a folder of real documents with hand-read gold.

`python -m bench.real [FOLDER] [--misses] [--kind born-digital|scanned|photo] [--only NAME…]
[--json REPORT] [--fresh]`

FOLDER defaults to `$CONGVAN_REALDEV`, else `../shared/realdev` beside the checkout; its
letters are labelled in the realdev format (corpus/realgold.py). Every letter is read as
`congvan extract` reads it (in the sandbox, with every limit), and the figures are printed by
kind of file (born-digital, scanned, photo): each field's accuracy, citation precision,
recall and F1, the score (the mean of the ten fields and the citation F1), every error flag
raised, and with `--misses` every miss (expected vs got).

What extract/ read is cached in `.cache/realdev/` under the file's SHA-256 and a digest of
extract/'s own code, so a change to nlp/ or corpus/ is measured in seconds and a change to
extract/ reads the files again. Prints figures; asserts nothing (tests/nlp/test_real.py
holds the floors).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from corpus.realgold import SCALAR, Scored, labelled, score
from extract.model import Extraction
from extract.serial import extraction_from_dict, extraction_to_dict

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "realdev"
KINDS = ("born-digital", "scanned", "photo")


def default_folder() -> Path:
    """Where the real development set is: `$CONGVAN_REALDEV`, else beside the checkout."""
    if os.environ.get("CONGVAN_REALDEV"):
        return Path(os.environ["CONGVAN_REALDEV"])
    for base in (ROOT.parent, Path("/work")):
        if (base / "shared" / "realdev").is_dir():
            return base / "shared" / "realdev"
    return ROOT.parent / "shared" / "realdev"


@lru_cache(maxsize=1)
def _extract_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted((ROOT / "extract").glob("*.py")):
        if path.name == "serial.py":  # the cache's own format, not how a file is read
            continue
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def extraction(path: Path, *, fresh: bool = False) -> Extraction:
    """What extract/ reads from `path`, from the cache when this code read it before."""
    from extract.sandbox import extract_path_isolated

    data = path.read_bytes()
    key = f"{hashlib.sha256(data).hexdigest()[:24]}-{_extract_digest()}.json"
    cached = CACHE / key
    if cached.is_file() and not fresh:
        return extraction_from_dict(json.loads(cached.read_text(encoding="utf-8")))
    read = extract_path_isolated(path)
    CACHE.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps(extraction_to_dict(read), ensure_ascii=False), encoding="utf-8")
    return read


def kind_of(read: Extraction) -> str:
    """born-digital (a text layer on every page), photo (a sheet found on a desk), scanned."""
    if any(p.quality is not None and p.quality.corners is not None for p in read.pages):
        return "photo"
    return "born-digital" if read.text_source == "text_layer" else "scanned"


def _possible_kinds(path: Path) -> tuple[str, ...]:
    """The kinds a file can be, from how its pages will be read (decided without OCR)."""
    from extract.errors import ExtractError
    from extract.pipeline import page_plan

    try:
        plan = page_plan(path.read_bytes())
    except ExtractError:
        return KINDS
    if plan.how and all(how == "text_layer" for how in plan.how):
        return ("born-digital",)
    return tuple(k for k in KINDS if k != "born-digital")


def measure(folder: Path, *, only: Sequence[str] = (), kinds: Sequence[str] = KINDS,
            fresh: bool = False) -> list[Scored]:
    """Every labelled letter of `folder` read and scored."""
    from api.pipeline import understand

    out = []
    for path, gold in labelled(folder):
        stem = path.name.split(".")[0]
        if only and stem not in only:
            continue
        if not any(k in kinds for k in _possible_kinds(path)):
            continue  # told apart without OCR: no need to read it
        read = extraction(path, fresh=fresh)
        kind = kind_of(read)
        if kind not in kinds:
            continue
        out.append(score(stem, kind, understand(read).document, gold))
    return out


def summary(results: Sequence[Scored]) -> dict[str, Any]:
    """Field accuracies, citation P/R/F1 and the score over `results`."""
    n = len(results)
    fields = {f: (sum(r.fields[f] for r in results) / n if n else 0.0) for f in SCALAR}
    tp = sum(r.cit_tp for r in results)
    found = sum(r.cit_found for r in results)
    gold = sum(r.cit_gold for r in results)
    p = tp / found if found else 1.0
    r_ = tp / gold if gold else 1.0
    f1 = 2 * p * r_ / (p + r_) if p + r_ else 0.0
    return {"docs": n, "fields": fields, "citations": {"precision": p, "recall": r_, "f1": f1,
            "dates_agree": sum(r.dates_agree for r in results),
            "dates_compared": sum(r.dates_compared for r in results)},
            "score": (sum(fields.values()) + f1) / (len(SCALAR) + 1) if n else 0.0}


def _print_summary(label: str, results: Sequence[Scored]) -> None:
    s = summary(results)
    c = s["citations"]
    print(f"\n{label}: {s['docs']} docs, score {s['score']:.3f}; citations P={c['precision']:.3f} "
          f"R={c['recall']:.3f} F1={c['f1']:.3f} (dates agree {c['dates_agree']}/"
          f"{c['dates_compared']})")
    print("  " + "  ".join(f"{f} {v:.3f}" for f, v in s["fields"].items()))


def report(results: Sequence[Scored], *, misses: bool) -> None:
    """Print the figures: per kind, all together, error flags, and the misses."""
    for kind in KINDS:
        part = [r for r in results if r.kind == kind]
        if part:
            _print_summary(kind, part)
    _print_summary("all", results)
    for kind in (*KINDS, "all"):
        part = [r for r in results if kind in ("all", r.kind)]
        marks = [ok for r in part for ok in r.delegation.values()]
        false = [r.name for r in part if not r.delegation.get("present", True)]
        if part:
            print(f"delegation parts {kind}: {sum(marks)}/{len(marks)} "
                  f"({sum(marks) / len(marks) if marks else 1.0:.3f}); delegations read where "
                  f"the gold has none or missed where it has one: {len(false)} {false}")
    errors = [(r.name, f) for r in results for f in r.error_flags]
    print(f"\nerror flags: {len(errors)}")
    for name, flag in errors:
        print(f"  {name}: {flag['code']} {flag.get('ref')} — {flag.get('message')}")
    stating = [r for r in results if r.effects or r.rules_stated]
    print(f"\nstated of themselves (no gold: read them against the text): "
          f"{sum(len(r.effects) for r in results)} effects, "
          f"{sum(len(r.rules_stated) for r in results)} trip rules, in {len(stating)} docs")
    if misses:
        for r in stating:
            for e in r.effects:
                print(f"  {r.name} effect {e['kind']} {e['ref']} {e['part'] or ''} "
                      f"{e['date']} (p. {e['page']})")
            for rule in r.rules_stated:
                print(f"  {r.name} rule {rule}")
    if not misses:
        return
    print("\nmisses (expected → got):")
    for r in results:
        for f, (want, got) in r.misses.items():
            print(f"  {r.name} [{r.kind}] {f}: {want!r} → {got!r}")
        if r.cit_missed or r.cit_extra:
            print(f"  {r.name} [{r.kind}] citations: missed {r.cit_missed}, extra {r.cit_extra}")


def main(argv: Sequence[str] | None = None) -> None:
    """Run from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=None)
    parser.add_argument("--misses", action="store_true", help="Print every miss.")
    parser.add_argument("--kind", choices=KINDS, action="append", help="Only these kinds.")
    parser.add_argument("--only", nargs="*", default=(), help="Only these documents (dev05…).")
    parser.add_argument("--json", type=Path, help="Write the full report here.")
    parser.add_argument("--fresh", action="store_true", help="Read the files again.")
    args = parser.parse_args(argv)
    folder = args.folder or default_folder()
    if not folder.is_dir():
        sys.exit(f"no such folder: {folder} (set CONGVAN_REALDEV)")
    results = measure(folder, only=args.only, kinds=args.kind or KINDS, fresh=args.fresh)
    report(results, misses=args.misses)
    if args.json:
        args.json.write_text(json.dumps(
            {"summary": {k: summary([r for r in results if r.kind == k]) for k in KINDS}
             | {"all": summary(results)},
             "documents": [vars(r) for r in results]}, ensure_ascii=False, indent=1,
            default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
