"""Scans an earlier program OCR'd: its invisible text layer is judged, and OCR'd over if worse."""

from __future__ import annotations

import random

import pymupdf
import pytest

from corpus.synth.build import old_layer_scanned, scan_gold
from corpus.synth.compose import compose
from corpus.synth.old_layer import mojibake, no_marks
from corpus.synth.scan import ScanStyle
from extract.decide import how_to_read, keep_layer
from extract.pipeline import extract_bytes, page_plan

#: Letters whose first page carries a full layer (more words than an e-signature box).
SEEDS = (3, 7, 11, 16, 22, 29)


def _first_page_text(seed: int) -> str:
    from corpus.synth.render import render

    return render(compose(seed))[1][0].text()


def test_a_layer_without_marks_or_in_mojibake_over_a_scan_is_doubted_a_good_one_trusted():
    text = _first_page_text(3)
    assert how_to_read(text=text, image_coverage=1.0) == "text_layer"
    assert how_to_read(text=no_marks(text), image_coverage=1.0) == "compare"
    assert how_to_read(text=mojibake(text, random.Random(1)), image_coverage=1.0) == "compare"
    # Not a scan (the words are the page's own): a letter typed without marks stays text.
    assert how_to_read(text=no_marks(text), image_coverage=0.1) == "text_layer"


def test_an_e_signature_line_over_a_scan_still_goes_to_ocr():
    line = ("Ký bởi: Ủy ban nhân dân tỉnh Thái Hòa Cơ quan: Tỉnh Thái Hòa "
            "Thời gian ký: 12.03.2025 09:41:07 +07:00")
    assert how_to_read(text=line, image_coverage=1.0) == "ocr"


def test_the_better_reading_is_kept():
    text = _first_page_text(7)
    assert not keep_layer(layer_text=no_marks(text), ocr_text=text)
    assert not keep_layer(layer_text=mojibake(text, random.Random(2)), ocr_text=text)
    assert keep_layer(layer_text=text, ocr_text=no_marks(text))
    # OCR that read a fraction of the page does not replace a layer of the whole page.
    assert keep_layer(layer_text=no_marks(text), ocr_text=" ".join(text.split()[:40]))


def test_text_drawn_invisible_is_read_and_clear_painted_text_is_not():
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((50, 80), "invisible", fontsize=11, render_mode=3)
    page.insert_text((50, 110), "clearfill", fontsize=11, fill_opacity=0)
    page.insert_text((50, 140), "whitefill", fontsize=11, color=(1, 1, 1))
    from extract import pdf

    opened = pymupdf.open(stream=doc.tobytes(), filetype="pdf")
    words = [w.text for w in pdf.read_page(opened[0], number=1).words]
    assert words == ["invisible"]


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["no_marks", "mojibake"])
def test_an_old_layer_is_read_over_by_ocr_and_fields_come_out(kind, tmp_path):
    import json

    from corpus.evaluate import evaluate

    paths = []
    for seed in SEEDS:
        letter = compose(seed)
        data, truth = old_layer_scanned(letter, kind, seed=seed)
        extraction = extract_bytes(data, name=f"{seed}.pdf")
        first = extraction.pages[0]
        assert first.source == "ocr_over_layer", (seed, kind)
        assert first.quality is not None
        assert extraction.text_source == "ocr"
        assert page_plan(data).how == ["ocr"] * len(truth)
        path = tmp_path / f"{kind}-{seed}.pdf"
        path.write_bytes(data)
        path.with_name(path.name + ".gold.json").write_text(
            json.dumps(scan_gold(letter, ScanStyle()), ensure_ascii=False), "utf-8")
        paths.append(path)
    report = evaluate(paths)
    for name, (right, total) in report.per_field().items():
        assert total == 0 or right / total >= 0.95, (kind, name, right, total)


@pytest.mark.slow
def test_a_good_invisible_ocr_layer_is_still_used_as_text():
    for seed in SEEDS[:3]:
        data, truth = old_layer_scanned(compose(seed), "good", seed=seed)
        extraction = extract_bytes(data, name=f"{seed}.pdf")
        first = extraction.pages[0]
        assert first.source == "text_layer", seed
        assert first.quality is None
        assert sorted(w.text for w in first.words) == sorted(w.text for w in truth[0].words)
        assert page_plan(data).how[0] == "text_layer"
