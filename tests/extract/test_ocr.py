"""Scanned letters: real Tesseract, character error rate against the generator's truth."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from rapidfuzz.distance import Levenshtein

from corpus.synth.build import scan_images, scanned
from corpus.synth.compose import compose
from corpus.synth.scan import ScanStyle
from extract.pipeline import extract_bytes
from tests.conftest import fold

pytestmark = pytest.mark.slow


def cer(read: str, truth: str) -> float:
    a, b = fold(read), fold(truth)
    return Levenshtein.distance(a, b) / max(len(b), 1)


def test_cer_on_200dpi_grey_scans_is_at_most_two_percent(grey_scans_200dpi_read):
    errors = chars = 0
    for seed, extraction, truth in grey_scans_200dpi_read:
        assert extraction.text_source == "ocr"
        assert extraction.ocr_pages == len(truth)
        for page, true_page in zip(extraction.pages, truth, strict=True):
            page_cer = cer(page.text, true_page.text())
            assert page_cer <= 0.03, (seed, page.number, page_cer)
            errors += Levenshtein.distance(fold(page.text), fold(true_page.text()))
            chars += len(fold(true_page.text()))
            assert page.quality is not None and page.quality.score > 0.8
    assert errors / chars <= 0.02


def test_ocr_boxes_are_in_pdf_points_near_the_truth(grey_scans_200dpi_read):
    _seed, extraction, truth = grey_scans_200dpi_read[0]
    page = extraction.pages[0]
    by_text: dict[str, list[tuple[float, float, float, float]]] = {}
    for w in truth[0].words:
        by_text.setdefault(w.text, []).append(w.bbox)
    near = total = 0
    for word in page.words:
        if word.text not in by_text:
            continue
        total += 1
        # Tesseract boxes hug the ink; the truth's hug the font's ascent and descent. Compare
        # left and right edges and the vertical centre.
        cy = (word.bbox[1] + word.bbox[3]) / 2
        best = min(
            max(abs(word.bbox[0] - b[0]), abs(word.bbox[2] - b[2]), abs(cy - (b[1] + b[3]) / 2))
            for b in by_text[word.text]
        )
        near += best <= 3.0
    assert total > 100 and near / total > 0.9


def test_ocr_regions_match_the_letter_layout(grey_scans_200dpi_read):
    for seed, extraction, truth in grey_scans_200dpi_read[:3]:
        page = extraction.pages[0]
        left = page.region("header-left")
        assert left is not None, seed
        true_left = truth[0].region_lines()["header-left"]
        assert cer("\n".join(ln.text for ln in left.lines), "\n".join(true_left)) < 0.05


@pytest.mark.parametrize("turn", [90, 180, 270])
def test_a_page_fed_sideways_or_upside_down_is_turned_upright(turn):
    letter = compose(4)
    data, truth = scanned(letter, ScanStyle(dpi=200, rotate=turn), seed=4)
    page = extract_bytes(data, name="turned.pdf").pages[0]
    # The scan was turned `turn` degrees clockwise; turning it upright takes the rest.
    assert page.quality is not None and page.quality.rotation == (360 - turn) % 360
    assert page.width < page.height
    assert cer(page.text, truth[0].text()) < 0.05


def test_skew_of_a_few_degrees_is_corrected():
    data, truth = scanned(compose(6), ScanStyle(dpi=200, skew=3.5), seed=6)
    page = extract_bytes(data, name="skewed.pdf").pages[0]
    assert page.quality is not None and abs(page.quality.skew - 3.5) < 0.5
    assert cer(page.text, truth[0].text()) < 0.03


def test_mixed_pdf_is_read_page_by_page(mixed_letter):
    data, truth = mixed_letter
    extraction = extract_bytes(data, name="mixed.pdf")
    assert extraction.text_source == "mixed"
    assert [p.source for p in extraction.pages] == ["text_layer", "ocr"]
    assert extraction.pages[0].text == truth[0].text()
    assert cer(extraction.pages[1].text, truth[1].text()) < 0.03


def _encode(images: list[Image.Image], fmt: str, **kwargs: object) -> bytes:
    buf = io.BytesIO()
    if len(images) > 1:
        images[0].save(buf, format=fmt, save_all=True, append_images=images[1:], **kwargs)
    else:
        images[0].save(buf, format=fmt, **kwargs)
    return buf.getvalue()


def test_multipage_tiff_gives_every_page():
    letter = compose(next(s for s in range(1, 200) if compose(s).gold["form"] == "state"))
    images = scan_images(letter, ScanStyle(dpi=200))
    if len(images) < 2:
        images = images + [images[0]]
    data = _encode(images, "TIFF", compression="tiff_lzw", dpi=(200, 200))
    extraction = extract_bytes(data, name="scan.bin")
    assert extraction.file.media_type == "image/tiff"
    assert len(extraction.pages) == len(images)
    assert all(p.source == "ocr" for p in extraction.pages)
    # Page size in points comes from the image's resolution.
    assert abs(extraction.pages[0].width - 595.28) < 2


def test_jpeg_exif_orientation_is_honoured():
    letter = compose(7)
    upright = scan_images(letter, ScanStyle(dpi=200))[0].convert("RGB")
    stored = upright.transpose(Image.Transpose.ROTATE_90)  # the camera stored it sideways
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 CW to display"
    data = _encode([stored], "JPEG", quality=90, exif=exif, dpi=(200, 200))
    page = extract_bytes(data, name="photo.png").pages[0]  # the name lies; content decides
    assert page.width < page.height
    assert page.quality is not None and page.quality.rotation == 0
    _, truth = scanned(letter, ScanStyle(dpi=200))
    assert cer(page.text, truth[0].text()) < 0.04


def test_png_without_dpi_is_taken_for_a4_by_its_shape():
    image = scan_images(compose(8), ScanStyle(dpi=150))[0]
    data = _encode([image], "PNG")
    page = extract_bytes(data, name="nodpi.png").pages[0]
    assert abs(page.width - 595.28) < 2  # 150 dpi found, not 300 assumed


@pytest.mark.parametrize("seed", [3, 12])
def test_office_scans_with_seal_stamp_colour_and_jpeg_are_read(seed):
    from corpus.synth.build import degraded

    data, truth, style = degraded(seed)
    extraction = extract_bytes(data, name=f"office-{seed}.pdf")
    assert extraction.text_source == "ocr"
    first = extraction.pages[0]
    assert first.quality is not None
    # The stamp and the seal add marks that are not in the truth; the text must still be there.
    assert cer(first.text, truth[0].text()) < 0.10, style


def test_otsu_never_picks_a_threshold_that_leaves_a_class_empty():
    """An image whose brightest grey is below 255 once got its maximum as the threshold."""
    import numpy as np

    from extract.cleanup import _otsu

    for seed in range(20):  # rounding once made the empty-class end an infinity, in some
        rng = np.random.default_rng(seed)
        arr = np.concatenate([rng.integers(60, 110, 40_000),
                              rng.integers(190, 245, 60_000)]).astype(np.uint8)
        assert 100 <= _otsu(arr) < 190, seed


@pytest.mark.parametrize("seed", [1, 2])
def test_a_landscape_table_page_is_read_row_by_row_no_worse_than_raw_tesseract(seed):
    import pymupdf
    import pytesseract

    from corpus.synth.appendix import appendix
    from corpus.synth.scan import image_pdf, scan_page

    data, table = appendix(seed)
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        image = scan_page(doc[0], ScanStyle(dpi=200), seed=seed)
    truth = "\n".join(["PHỤ LỤC", "Danh sách thành viên đoàn công tác"]
                      + [" ".join(row) for row in table])
    page = extract_bytes(image_pdf([image], dpi=200), name="phu-luc.pdf").pages[0]
    # A table is no letter header: its cells stay in their rows, in the body.
    assert [r.name for r in page.regions] == ["body"]
    ours = cer(page.text, truth)
    raw = cer(str(pytesseract.image_to_string(image, lang="vie")), truth)
    assert ours <= 0.03 and ours <= raw + 0.01, (ours, raw)
