"""Low-resolution scans without a DPI tag: their scale from their shape or their text."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from corpus.evaluate import same
from corpus.synth.build import scan_images
from corpus.synth.compose import compose
from corpus.synth.scan import LOW_RES_STYLES, ScanStyle, image_file
from extract import scale
from extract.image import frames, open_image
from extract.limits import Limits
from extract.pipeline import extract_bytes
from nlp.read import FIELD_NAMES, read_letter

#: Letters of one page (an image file holds one sheet).
ONE_PAGE = (4, 8, 9, 10)


def _file(seed: int, style: ScanStyle) -> bytes:
    return image_file(scan_images(compose(seed), style)[0], style)


@pytest.mark.parametrize("style", LOW_RES_STYLES, ids=lambda s: f"{s.dpi}dpi-trim{s.trim}")
def test_an_untagged_low_resolution_page_comes_out_at_a4_size(style):
    for seed in ONE_PAGE:
        data = _file(seed, style)
        opened = open_image(data, limits=Limits())
        assert opened.info.get("dpi") in (None, (72, 72), (72.0, 72.0))
        frame = next(frames(opened, limits=Limits()))
        width = frame.image.width * 72 / frame.dpi
        height = frame.image.height * 72 / frame.dpi
        # The whole sheet is A4; a sheet cut at the sides keeps A4's height.
        assert abs(height - 841.9) / 841.9 < 0.07, (seed, style, height)
        assert abs(width - 595.3 * (1 - style.trim)) / 595.3 < 0.07, (seed, style, width)
        if not style.trim:  # A4's shape says it exactly
            assert abs(height - 841.9) < 3 and abs(width - 595.3) < 3


def test_a_scanners_tag_is_believed_and_a_screens_is_not():
    image = scan_images(compose(4), ScanStyle(dpi=200))[0]
    assert scale.paper_dpi(image, 200.0) == 200.0
    assert scale.paper_dpi(image, 600.0) == 600.0
    assert abs(scale.paper_dpi(image, 72.0) - 200) < 2  # A4's shape
    assert scale.paper_dpi(Image.new("L", (900, 900), 255), None) is None  # nothing tells


def test_small_type_is_enlarged_for_tesseract_and_large_left_alone():
    page = Image.new("L", (827, 1169), 255)
    enlarged, dpi = scale.for_ocr(page, 100.0, most=60_000_000)
    assert enlarged.width == 2481 and abs(dpi - 300) < 0.5
    same_page, same_dpi = scale.for_ocr(page, 300.0, most=60_000_000)
    assert same_page is page and same_dpi == 300.0
    # Never past the pixel limit: enlarged only as far as it allows.
    capped, capped_dpi = scale.for_ocr(page, 100.0, most=4 * 827 * 1169)
    assert capped.width * capped.height <= 4 * 827 * 1169 * 1.01 and abs(capped_dpi - 200) < 1


@pytest.mark.slow
@pytest.mark.parametrize("style", LOW_RES_STYLES, ids=lambda s: f"{s.dpi}dpi-trim{s.trim}")
def test_fields_of_untagged_low_resolution_scans_are_read_with_boxes_in_points(style):
    right = total = 0
    misses = []
    for seed in ONE_PAGE:
        letter = compose(seed)
        extraction = extract_bytes(_file(seed, style), name=f"quét-{seed}.png")
        page = extraction.pages[0]
        assert abs(page.height - 841.9) / 841.9 < 0.07
        # Every box lies on the page, in its points (not at the scale of a wrong dpi).
        assert page.words and all(0 <= w.bbox[0] < w.bbox[2] <= page.width + 1 and
                                  0 <= w.bbox[1] < w.bbox[3] <= page.height + 1
                                  for w in page.words)
        assert max(w.bbox[3] for w in page.words) > 0.5 * page.height
        fields = read_letter(extraction).fields
        for name in FIELD_NAMES:
            ok = same(fields[name].value, letter.gold.get(name))
            right, total = right + ok, total + 1
            if not ok:
                misses.append((seed, name, fields[name].value))
    assert right / total >= 0.95, misses


def test_the_generator_writes_no_resolution_into_an_untagged_png():
    style = LOW_RES_STYLES[0]
    assert not style.jpeg_quality and not style.tagged
    assert "dpi" not in Image.open(io.BytesIO(_file(4, style))).info
