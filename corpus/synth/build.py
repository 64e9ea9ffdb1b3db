"""Writing the synthetic corpus to disk: letters as PDFs and scans, each with truth and gold."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, replace
from datetime import date, timedelta
from pathlib import Path

import pymupdf
from PIL import Image

from corpus.synth import legacy_fonts
from corpus.synth import trip as trip_synth
from corpus.synth.compose import TRAPS, Letter, compose
from corpus.synth.old_layer import LayerKind, add_layer
from corpus.synth.overlays import ESignBox
from corpus.synth.render import LEFT, TruthPage, render
from corpus.synth.scan import ScanStyle, image_pdf, random_style, scan_page


def truth_json(pages: list[TruthPage]) -> dict[str, object]:
    """The true text and words of each page."""
    return {"pages": [{"number": p.number, "text": p.text(), "regions": p.region_lines(),
                       "words": [asdict(w) for w in p.words]} for p in pages]}


def _seal_position(pages: list[TruthPage]) -> tuple[float, float] | None:
    names = [w for w in pages[-1].words if w.region == "signature"]
    if not names:
        return None
    last = max(names, key=lambda w: w.bbox[1])
    return (last.bbox[0] - 20, last.bbox[1] - 35)


def _stamp_position(first: TruthPage, seed: int) -> tuple[float, float] | None:
    """Where a clerk puts the ĐẾN stamp: the top-left margin, or over the first body lines.

    Over the body: at the left of the first paragraph line that starts at the margin, below
    the header (the stamp covers the start of two or three lines), as on many real scans.
    """
    if random.Random(seed).random() < 0.5:
        return None
    starts: dict[int, list[float]] = {}
    for w in first.words:
        if w.region == "body":
            starts.setdefault(w.line, []).append(w.bbox[0])
    tops = {w.line: w.bbox[1] for w in first.words if w.region == "body"}
    lines = sorted((tops[n], min(xs)) for n, xs in starts.items())
    paragraph = [top for top, x0 in lines if x0 <= LEFT + 25][:1]
    if not paragraph:
        return None
    return (LEFT - 60.0, paragraph[0] - 8.0)


def _scan(letter: Letter, style: ScanStyle, seed: int) -> tuple[list[Image.Image],
                                                                list[TruthPage]]:
    """The letter printed, stamped on its first page, sealed on its last, and scanned."""
    data, truth = render(letter, esign=False)
    doc = pymupdf.open(stream=data, filetype="pdf")
    seal_at = _seal_position(truth)
    # The clerk stamps the first page only; the e-office's box is on the first page only.
    first_only = replace(style, incoming_stamp=None, esign=None)
    stamp_at = _stamp_position(truth[0], seed) if style.real_stamp else None
    images = [scan_page(doc[i], style if i == 0 else first_only,
                        seal_at=seal_at if i == len(truth) - 1 else None, seed=seed + i,
                        hand=truth[i].hand, stamp_at=stamp_at if i == 0 else None)
              for i in range(doc.page_count)]
    return images, truth


def scanned(letter: Letter, style: ScanStyle, *, seed: int = 0) -> tuple[bytes, list[TruthPage]]:
    """The letter printed, (stamped, sealed,) and scanned back into an image-only PDF."""
    images, truth = _scan(letter, style, seed)
    return image_pdf(images, dpi=style.dpi), truth


def old_layer_scanned(letter: Letter, kind: LayerKind, style: ScanStyle | None = None, *,
                      seed: int = 0) -> tuple[bytes, list[TruthPage]]:
    """The letter scanned, with an earlier program's invisible OCR layer (old_layer.py) on it."""
    data, truth = scanned(letter, style or ScanStyle(), seed=seed)
    return add_layer(data, truth, kind, seed=seed), truth


def scan_images(letter: Letter, style: ScanStyle, *, seed: int = 0) -> list[Image.Image]:
    """The letter's pages as scanned images (for PNG, JPEG and TIFF files)."""
    return _scan(letter, style, seed)[0]


def legacy_pdf(letter: Letter, encoding: str) -> tuple[bytes, list[TruthPage]]:
    """The letter typed in TCVN3 or VNI fonts: its text layer reads as mojibake."""
    if encoding == "tcvn3":
        return render(letter, encoder=legacy_fonts.encode_tcvn3,
                      legacy_fonts=legacy_fonts.tcvn3_fonts())
    return render(letter, encoder=legacy_fonts.encode_vni, legacy_fonts=legacy_fonts.vni_fonts())


def mixed_pdf(letter: Letter, style: ScanStyle | None = None) -> tuple[bytes, list[TruthPage]]:
    """A letter whose first page is typed and the others scanned (a signed last page, say)."""
    style = style or ScanStyle()
    data, truth = render(letter)
    typed = pymupdf.open(stream=data, filetype="pdf")
    out = pymupdf.open()
    out.insert_pdf(typed, from_page=0, to_page=0)
    for i in range(1, typed.page_count):
        image = scan_page(typed[i], style, seed=i)
        scan = pymupdf.open(stream=image_pdf([image], dpi=style.dpi), filetype="pdf")
        out.insert_pdf(scan)
    return out.tobytes(garbage=3, deflate=True), truth


def corpus_letters(count: int, *, first_seed: int = 1, traps: bool = True,
                   styles: bool = True) -> list[Letter]:
    """The labelled corpus: `count` letters from consecutive seeds, the traps, the styles.

    `traps`: the trap letters; `styles`: letters in every real office's style (styles.STYLES).
    """
    from corpus.synth.styles import styled_letters

    letters = [compose(seed) for seed in range(first_seed, first_seed + count)]
    if traps:
        letters += [compose(9001 + i, trap=trap) for i, trap in enumerate(TRAPS)]
    if styles:
        letters += styled_letters()
    return letters


def trip_letters(count: int, *, first_seed: int = 5001, traps: bool = True,
                 windowed: int = 8) -> list[Letter]:
    """Trip letters: requests, decisions and reports in turn, then the trip traps.

    `count` letters of the three kinds, `windowed` requests and decisions written around the
    example restricted period (trip.RESTRICTED_WINDOW), and the traps.
    """
    letters = [compose(seed, trip=trip_synth.KINDS[i % len(trip_synth.KINDS)])
               for i, seed in enumerate(range(first_seed, first_seed + count))]
    start = trip_synth.RESTRICTED_FROM
    letters += [compose(first_seed + 800 + i, trip=("request", "decision")[i % 2],
                        issued=start + timedelta(days=(i * 11) % 80)) for i in range(windowed)]
    if traps:
        letters += [compose(first_seed + 900 + i, trip_trap=trap,
                            trip="report" if "report" in trap else "request")
                    for i, trap in enumerate(trip_synth.TRIP_TRAPS)]
    return letters


def effect_letters(count: int, *, first_seed: int = 7001) -> list[Letter]:
    """Instruments whose closing articles state their effects (gold `effects`).

    A ministry's or province's Quyết định and a Party committee's Quy định in turn
    (synth/effects.py).
    """
    return [compose(seed, effects=("state", "party")[i % 2])
            for i, seed in enumerate(range(first_seed, first_seed + count))]


def circular_letters(count: int, *, first_seed: int = 7101) -> list[Letter]:
    """Circulars stating trip rules: a restricted period and a report deadline.

    Their gold `rules_stated` says which (synth/circular.py).
    """
    return [compose(seed, circular=True) for seed in range(first_seed, first_seed + count)]


def corpus_rules_text() -> str:
    """The rules file the corpus's trip letters are labelled under (see trip.RESTRICTED_WINDOW)."""
    import yaml

    from corpus.rules.model import builtin_rules

    rules = [replace(r, enabled=True) for r in builtin_rules() if r.check == "restricted_period"]
    return yaml.safe_dump({"rules": [r.to_dict() for r in rules]}, allow_unicode=True,
                          sort_keys=False)


def corpus_scan_style(letter: Letter) -> ScanStyle:
    """The corpus's 200 dpi grey scan of a letter: half sealed, some stamped on arrival."""
    rng = random.Random(letter.key)
    stamp = None
    if rng.random() < 0.3:
        issued = str(letter.gold["issued_date"])
        day = date.fromisoformat(issued if len(issued) == 10 else f"{issued}-15")
        arrived = day + timedelta(days=rng.randrange(1, 6))
        stamp = (str(rng.randrange(10, 999)), f"{arrived.day}/{arrived.month}/{arrived.year}")
    return ScanStyle(dpi=200, seal=rng.random() < 0.5, incoming_stamp=stamp)


def overlay_style(letter: Letter, *, colour: bool | None = None) -> ScanStyle:
    """A 200 dpi scan of a received letter: a real ĐẾN stamp, and often the e-office's box."""
    rng = random.Random(f"overlay-{letter.key}")
    issued = str(letter.gold["issued_date"])
    day = date.fromisoformat(issued if len(issued) == 10 else f"{issued}-15")
    arrived = day + timedelta(days=rng.randrange(0, 6))
    stamp = (str(rng.randrange(10, 9999)), f"{arrived.day}/{arrived.month}/{arrived.year}")
    esign = None
    if rng.random() < 0.7:
        clock = f"{rng.randrange(7, 18):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}"
        signed = f"{day.day:02d}.{day.month:02d}.{day.year} {clock} +07:00"
        esign = ESignBox(signer=str(letter.gold["issuer"]),
                         organisation=str(letter.gold["place"]), time=signed)
    return ScanStyle(dpi=200, colour=rng.random() < 0.5 if colour is None else colour,
                     incoming_stamp=stamp, real_stamp=True, stamp_by_hand=rng.random() < 0.5,
                     esign=esign)


def scan_gold(letter: Letter, style: ScanStyle) -> dict[str, object]:
    """The gold fields of a letter's scan: no e-signature stamp, and the ĐẾN stamp if any."""
    gold = dict(letter.gold)
    gold["e_signature"] = None
    if style.esign is not None:
        day, clock, zone = style.esign.time.split()
        d, m, y = (int(x) for x in day.split("."))
        gold["e_signature"] = {"signer": style.esign.signer, "email": None,
                               "organisation": style.esign.organisation,
                               "time": f"{date(y, m, d).isoformat()}T{clock}{zone}"}
    if style.incoming_stamp is not None:
        number, when = style.incoming_stamp
        d, m, y = (int(x) for x in when.split("/"))
        gold["incoming"] = {"number": number, "date": date(y, m, d).isoformat()}
    return gold


def _write_letter(letter: Letter, out: Path, scans: bool, born_digital: bool) -> list[Path]:
    variants: list[tuple[str, bytes, list[TruthPage], dict[str, object]]] = []
    if born_digital:
        variants.append(("pdf", *render(letter), letter.gold))
    if scans:
        style = corpus_scan_style(letter)
        seed = sum(letter.key.encode())
        variants.append(("scan200.pdf", *scanned(letter, style, seed=seed),
                         scan_gold(letter, style)))
    written = []
    for suffix, data, truth, gold in variants:
        path = out / f"{letter.key}.{suffix}"
        path.write_bytes(data)
        path.with_name(path.name + ".truth.json").write_text(
            json.dumps(truth_json(truth), ensure_ascii=False), "utf-8")
        path.with_name(path.name + ".gold.json").write_text(
            json.dumps(gold, ensure_ascii=False, indent=1), "utf-8")
        written.append(path)
    return written


def write_corpus(out: Path, *, count: int, first_seed: int = 1, scans: bool = False,
                 born_digital: bool = True, traps: bool = True, workers: int = 1,
                 trips: int = 0, styles: bool = True, effects: int = 0, circulars: int = 0,
                 on_letter: Callable[[int, int], None] | None = None) -> list[Path]:
    """Write the letters (and/or their 200 dpi scans) with truth and gold beside each file.

    `trips` adds that many trip letters (and the trip traps); `count=0` writes trip letters only.
    `effects` adds instruments stating their effects (effect_letters), `circulars` circulars
    stating trip rules (circular_letters).
    `on_letter(written, total)` is called as each letter is written (for a progress display).
    """
    out.mkdir(parents=True, exist_ok=True)
    letters = corpus_letters(count, first_seed=first_seed, traps=traps,
                             styles=styles) if count else []
    if trips:
        letters += trip_letters(trips, traps=traps)
        # The rules the trip letters are labelled under: the shipped ones, with the example
        # restricted period switched on.
        (out / "rules.yaml").write_text(corpus_rules_text(), "utf-8")
    letters += effect_letters(effects) + circular_letters(circulars)
    jobs = [(letter, out, scans, born_digital) for letter in letters]
    written: list[Path] = []

    def done(paths: list[Path], number: int) -> None:
        written.extend(paths)
        if on_letter is not None:
            on_letter(number, len(jobs))

    if on_letter is not None:
        on_letter(0, len(jobs))
    if workers <= 1:
        for number, job in enumerate(jobs, 1):
            done(_write_letter(*job), number)
        return written
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for number, paths in enumerate(pool.map(_write_letter, *zip(*jobs, strict=True)), 1):
            done(paths, number)
    return written


def degraded(seed: int) -> tuple[bytes, list[TruthPage], ScanStyle]:
    """A letter scanned with a random office style (seal, stamp, skew, noise, JPEG)."""
    style = random_style(random.Random(seed * 7919))
    data, truth = scanned(compose(seed), style, seed=seed)
    return data, truth, style
