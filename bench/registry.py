"""Benchmark of the registry: resolving 10,000 citations against 10,000 instruments.

Prints figures; asserts nothing. Run with `make bench` or `python -m bench.registry`.
Target (issue 4): 10,000 citations resolved (and their status on the letter's date worked
out) in under 1 s. The registry is the shipped one grown with generated instruments of every
symbol style; the citations mix exact references, short forms, OCR-damaged references (letters
for digits, "QD" for "QĐ") and references the registry does not hold.
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import date, timedelta

from corpus.registry import Instrument, Registry, Source
from corpus.registry.store import builtin
from nlp.numbering import parse_ref

SIZE = 10_000
CITATIONS = 10_000
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


def main() -> None:
    """Print the figures."""
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
