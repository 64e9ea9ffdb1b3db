"""Benchmark of the registry: loading 10,000 and 100,000 instruments, resolving 10,000 citations.

Prints figures; asserts nothing. Run with `make bench` or `python -m bench.registry [SIZE…]`.
Issue 23: 100,000 instruments of generated state metadata (corpus/synth/statedata.py),
imported as JSON Lines, load in under 10 s and 500 MB, and 10,000 citations resolve against
them in under 1 s; each load is measured in a fresh interpreter (its own peak RSS), from the
files and from the cache, then the listing the registry page and GET /api/registry search.
Then, as before:
Target (issue 4): 10,000 citations resolved (and their status on the letter's date worked
out) in under 1 s. The registry is the shipped one grown with generated instruments of every
symbol style; the citations mix exact references, short forms, OCR-damaged references (letters
for digits, "QD" for "QĐ") and references the registry does not hold.
"""

from __future__ import annotations

import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from corpus.registry import Instrument, Registry, Source
from corpus.registry.store import builtin
from nlp.numbering import parse_ref

SIZE = 10_000
CITATIONS = 10_000
#: What the registry page and GET /api/registry are searched for (much, some, nothing).
SEARCHES = ("quy chế", "Bình Dương", "hộ chiếu công vụ", "không có văn bản nào như thế", "")
_STATE = ("NĐ-CP", "QĐ-TTg", "TT-BTC", "TT-BNG", "TT-BCA", "QĐ-UBND", "CT-TTg", "TTLT-BNG-BNV")
_PARTY = ("QĐ/TW", "CT/TW", "KL/TW", "HD/BĐNTW", "QĐ/TU", "KH/TU", "TB/TU")
_KIND = {"NĐ": "Nghị định", "QĐ": "Quyết định", "TT": "Thông tư", "CT": "Chỉ thị",
         "KL": "Kết luận", "HD": "Hướng dẫn", "KH": "Kế hoạch", "TB": "Thông báo",
         "TTLT": "Thông tư liên tịch"}


def grown_registry(size: int, rng: random.Random) -> Registry:
    """The shipped instruments and generated ones up to `size`."""
    instruments = {i.id: i for i in builtin()}
    source = (Source("own_text", "bench"),)
    while len(instruments) < size:
        year = rng.randrange(1995, 2026)
        if rng.random() < 0.5:
            ref = f"{rng.randrange(1, 4000)}/{year}/{rng.choice(_STATE)}"
        else:
            ref = f"{rng.randrange(1, 999)}-{rng.choice(_PARTY)}"
        parsed = parse_ref(ref)
        assert parsed is not None
        signed = date(year, 1, 1) + timedelta(days=rng.randrange(365))
        ident = ref if ref not in instruments else f"{ref}@{signed.isoformat()}"
        if ident in instruments:
            continue
        kind = _KIND[parsed.symbol.replace("/", "-").split("-")[0]]
        instruments[ident] = Instrument(ident, parsed.ref, kind, parsed.number, parsed.year,
                                        parsed.symbol, None, signed, None, None,
                                        sources=source)
    return Registry(instruments.values())


def _noisy(ref: str, rng: random.Random) -> str:
    slip = rng.choice(("Đ", "2", "5", "0"))
    return {"Đ": ref.replace("Đ", "D"), "2": ref.replace("2", "Z", 1),
            "5": ref.replace("5", "S", 1), "0": ref.replace("0", "O", 1)}[slip]


def citations(registry: Registry, count: int, rng: random.Random) -> list[tuple[str, str]]:
    """(form, text) pairs: 80% exact, 5% short forms, 10% OCR-damaged, 5% unknown."""
    refs = [i.ref for i in registry]
    out = []
    for _ in range(count):
        roll = rng.random()
        ref = rng.choice(refs)
        if roll < 0.80:
            out.append(("exact", ref))
        elif roll < 0.85:
            out.append(("short", rng.choice(("Quy chế 272", "QĐ 295", "Chỉ thị 38",
                                             "Quy định 86", "Kết luận 33"))))
        elif roll < 0.95:
            out.append(("noisy", _noisy(ref, rng)))
        else:
            out.append(("unknown", f"{rng.randrange(5000, 9000)}/2099/NĐ-CP"))
    return out


def resolve_all(registry: Registry, cited: list[tuple[str, str]], on: date) -> int:
    """Resolve every citation and work out its status on `on`; the number resolved."""
    resolved = 0
    for form, text in cited:
        if form == "short":
            kind, number = text.rsplit(" ", 1)
            found = registry.resolve_short(kind, number, on=on)
        else:
            found = registry.resolve(text, on=on)
        if found is not None:
            registry.status(found.instrument, on)
            resolved += 1
    return resolved


def _peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not the parent's)."""
    status = Path("/proc/self/status")
    if status.exists():
        for row in status.read_text().splitlines():
            if row.startswith("VmHWM:"):
                return int(row.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _measure(folder: Path) -> dict[str, float]:
    """In this process: load the data folder's registry, then resolve 10,000 citations."""
    from corpus.registry.lookup import find, listing, select
    from corpus.registry.store import load_registry

    t0 = time.perf_counter()
    registry = load_registry(folder)
    loaded = time.perf_counter() - t0
    rss = _peak_rss_mb()
    rng = random.Random(5)
    cited = citations(registry, CITATIONS, rng)
    on = date(2024, 3, 12)
    t1 = time.perf_counter()
    resolved = 0
    for _, text in cited:
        found = find(registry, text, on)
        if found is not None:
            registry.status(found.instrument, on)
            resolved += 1
    resolve_s = time.perf_counter() - t1
    t2 = time.perf_counter()
    listing(registry)
    listed, listed_rss = time.perf_counter() - t2, _peak_rss_mb()
    searches = []
    for query in SEARCHES:
        t = time.perf_counter()
        select(registry, search=query, newest_first=True)
        searches.append(time.perf_counter() - t)
    return {"size": len(registry), "load_s": loaded, "rss_mb": rss, "resolve_s": resolve_s,
            "resolved": resolved, "listing_s": listed, "listing_rss_mb": listed_rss,
            "search_ms": statistics.median(searches) * 1000}


def _child(folder: Path, cold: bool) -> dict[str, float]:
    """`_measure` in a fresh interpreter (its own peak RSS); `cold`: without the cache."""
    from corpus.registry.cache import cache_dir

    if cold:
        for kept in cache_dir(folder).glob("*.pickle"):
            kept.unlink()
    out = subprocess.run([sys.executable, "-m", "bench.registry", "--child", str(folder)],
                         check=True, capture_output=True, text=True)
    figures: dict[str, float] = json.loads(out.stdout)
    return figures


def at_scale(size: int) -> None:
    """Generate `size` instruments, import them into a fresh data folder, print the figures."""
    from corpus.registry.store import import_jsonl
    from corpus.synth.statedata import write_state_metadata

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / f"state-{size}.jsonl"
        write_state_metadata(source, size, seed=23)
        t0 = time.perf_counter()
        import_jsonl(source, Path(tmp) / "data")
        imported = time.perf_counter() - t0
        cold = _child(Path(tmp) / "data", cold=True)
        warm = _child(Path(tmp) / "data", cold=False)
    print(f"{size:,} generated instruments ({warm['size']:,.0f} in the registry): import "
          f"(validate, merge, keep) {imported:.1f} s")
    for label, f in (("from the JSON Lines files", cold), ("from the cache", warm)):
        print(f"  load {label}: {f['load_s']:.2f} s, peak RSS {f['rss_mb']:.0f} MB; "
              f"{CITATIONS:,} citations resolved (lookup.find + status) in "
              f"{f['resolve_s']:.2f} s, {f['resolved']:,.0f} found; listing (each "
              f"instrument's words folded, newest first) made once in {f['listing_s']:.2f} s "
              f"(peak RSS then {f['listing_rss_mb']:.0f} MB), "
              f"then a search, newest first, {f['search_ms']:.0f} ms (median of "
              f"{len(SEARCHES)})")


def main() -> None:
    """Print the figures."""
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        print(json.dumps(_measure(Path(sys.argv[2]))))
        return
    sizes = [int(a) for a in sys.argv[1:]] or [10_000, 100_000]
    print("targets: load < 10 s and < 500 MB; 10,000 citations < 1 s")
    for size in sizes:
        at_scale(size)
    rng = random.Random(4)
    t0 = time.perf_counter()
    registry = grown_registry(SIZE, rng)
    built = time.perf_counter() - t0
    cited = citations(registry, CITATIONS, rng)
    on = date(2024, 3, 12)
    resolve_all(registry, cited[:500], on)  # warm up
    runs = []
    resolved = 0
    for _ in range(5):
        t = time.perf_counter()
        resolved = resolve_all(registry, cited, on)
        runs.append(time.perf_counter() - t)
    print(f"registry of {len(registry):,} instruments indexed in {built * 1000:.0f} ms")
    print(f"{len(cited):,} citations resolved with their status on {on.isoformat()}: "
          f"{statistics.median(runs) * 1000:.0f} ms (median of 5; target < 1000 ms); "
          f"{resolved:,} resolved, {len(cited) - resolved:,} left unresolved")


if __name__ == "__main__":
    main()
