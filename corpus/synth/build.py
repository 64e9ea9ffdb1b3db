"""Writing the synthetic corpus to disk: letters as PDFs and scans, each with truth and gold."""

from __future__ import annotations

import json
import random
from dataclasses import asdict
from pathlib import Path

import pymupdf

from corpus.synth import legacy_fonts
from corpus.synth.compose import Letter, compose
from corpus.synth.render import TruthPage, render
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


def scanned(letter: Letter, style: ScanStyle, *, seed: int = 0) -> tuple[bytes, list[TruthPage]]:
    """The letter printed, (stamped, sealed,) and scanned back into an image-only PDF."""
    data, truth = render(letter)
    doc = pymupdf.open(stream=data, filetype="pdf")
    seal_at = _seal_position(truth)
    images = [scan_page(doc[i], style, seal_at=seal_at if i == len(truth) - 1 else None,
                        seed=seed + i)
              for i in range(doc.page_count)]
    return image_pdf(images, dpi=style.dpi), truth


def scan_images(letter: Letter, style: ScanStyle, *, seed: int = 0) -> list:
    """The letter's pages as scanned images (for PNG, JPEG and TIFF files)."""
    data, truth = render(letter)
    doc = pymupdf.open(stream=data, filetype="pdf")
    seal_at = _seal_position(truth)
    return [scan_page(doc[i], style, seal_at=seal_at if i == len(truth) - 1 else None,
                      seed=seed + i)
            for i in range(doc.page_count)]


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


def write_corpus(out: Path, *, count: int, first_seed: int = 1, scans: bool = False
                 ) -> list[Path]:
    """Write `count` letters (and their 200 dpi grey scans) with truth and gold beside them."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for seed in range(first_seed, first_seed + count):
        letter = compose(seed)
        variants: list[tuple[str, bytes, list[TruthPage]]] = [("pdf", *render(letter))]
        if scans:
            variants.append(("scan200.pdf", *scanned(letter, ScanStyle(dpi=200), seed=seed)))
        for suffix, data, truth in variants:
            path = out / f"{letter.key}.{suffix}"
            path.write_bytes(data)
            path.with_name(path.name + ".truth.json").write_text(
                json.dumps(truth_json(truth), ensure_ascii=False), "utf-8")
            path.with_name(path.name + ".gold.json").write_text(
                json.dumps(letter.gold, ensure_ascii=False, indent=1), "utf-8")
            written.append(path)
    return written


def degraded(seed: int) -> tuple[bytes, list[TruthPage], ScanStyle]:
    """A letter scanned with a random office style (seal, stamp, skew, noise, JPEG)."""
    style = random_style(random.Random(seed * 7919))
    data, truth = scanned(compose(seed), style, seed=seed)
    return data, truth, style
