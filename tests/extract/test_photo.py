"""Phone photos: the sheet found on the desk, made flat and evenly lit, and read like a scan."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from api.pipeline import understand
from corpus.evaluate import same
from corpus.synth.build import corpus_scan_style, scan_images
from corpus.synth.compose import compose
from corpus.synth.photo import photographed
from extract import photo
from extract.page_image import Frame, page_image
from extract.pipeline import extract_bytes
from extract.serial import page_from_dict, page_to_dict
from nlp.read import FIELD_NAMES, read_letter

#: Letters of one page (a photo shows one sheet).
ONE_PAGE = (4, 8, 9, 10, 12, 13)


@pytest.fixture(scope="module")
def photos():
    return {seed: photographed(compose(seed), seed=seed) for seed in ONE_PAGE}


def test_the_sheet_is_found_within_one_and_a_half_percent(photos):
    for seed, (data, corners) in photos.items():
        found = photo.find_page(Image.open(io.BytesIO(data)))
        assert found is not None, seed
        error = max(abs(a - b) for fc, tc in zip(found, corners, strict=True)
                    for a, b in zip(fc, tc, strict=True))
        assert error < 0.015, (seed, error)


def test_a_scan_or_a_blank_picture_is_left_alone():
    letter = compose(4)
    scan = scan_images(letter, corpus_scan_style(letter), seed=4)[0]
    assert photo.find_page(scan) is None  # the page fills the picture
    assert photo.find_page(Image.new("L", (800, 1100), 255)) is None
    assert photo.find_page(Image.new("L", (800, 1100), 40)) is None
    image, corners = photo.unphoto(scan)
    assert corners is None and image is scan


def test_fields_of_photographed_letters_are_read(photos):
    right = total = 0
    misses = []
    for seed, (data, _) in photos.items():
        extraction = extract_bytes(data, name=f"anh-{seed}.jpg")
        page = extraction.pages[0]
        assert page.quality is not None and page.quality.corners is not None
        assert abs(page.width - 595.3) < 1 and abs(page.height - 841.9) < 2  # read as A4
        fields = read_letter(extraction).fields
        gold = compose(seed).gold
        for name in FIELD_NAMES:
            ok = same(fields[name].value, gold.get(name))
            right, total = right + ok, total + 1
            if not ok:
                misses.append((seed, name, fields[name].value))
    assert right / total >= 0.95, misses


def test_the_reviewer_pages_show_the_photo_in_the_frame_it_was_read_in(photos):
    data, _ = photos[9]
    extraction = extract_bytes(data, name="anh.jpg")
    document = understand(extraction).document
    corners = document["pages"][0]["quality"]["corners"]
    assert len(corners) == 4
    frame = Frame.of(document, 1)
    assert frame.corners is not None and frame.name.startswith("-r0")
    shown = page_image(data, "image/jpeg", 1, frame=frame)
    assert abs(shown.height / shown.width - 297 / 210) < 0.01  # the sheet, flat, A4
    # The number-and-symbol box falls on ink in the image the reviewer sees.
    box = document["fields"]["doc_ref"]["bbox"]
    scale = shown.width / document["pages"][0]["width"]
    crop = shown.convert("L").crop(tuple(round(v * scale) for v in box))
    assert crop.getextrema()[0] < 100
    page = extraction.pages[0]
    assert page_from_dict(page_to_dict(page)) == page  # corners survive a page job's trip
    kept = page_to_dict(page)  # a page kept before the quarter turn was called `rotation`
    kept["quality"]["angle"] = kept["quality"].pop("rotation")
    assert page_from_dict(kept) == page


def test_a_photo_put_in_a_pdf_is_read_the_same_way(photos):
    from corpus.synth.scan import image_pdf

    data, _ = photos[12]
    picture = Image.open(io.BytesIO(data))
    pdf = image_pdf([picture], dpi=150)
    extraction = extract_bytes(pdf, name="anh.pdf")
    page = extraction.pages[0]
    assert page.quality is not None and page.quality.corners is not None
    assert abs(page.width - 595.3) < 1
    document = understand(extraction).document
    shown = page_image(pdf, "application/pdf", 1, frame=Frame.of(document, 1))
    assert abs(shown.height / shown.width - 297 / 210) < 0.01
    fields = read_letter(extraction).fields
    gold = compose(12).gold
    assert sum(same(fields[n].value, gold.get(n)) for n in FIELD_NAMES) >= len(FIELD_NAMES) - 1


def test_no_page_of_a_scanned_corpus_is_taken_for_a_photo():
    """Scans dense with ink, sealed, stamped, in colour: their edges are paper, not desk."""
    import random

    from corpus.synth.build import trip_letters
    from corpus.synth.scan import random_style

    rng = random.Random(7)
    taken = []
    for letter in trip_letters(12):
        for number, image in enumerate(scan_images(letter, random_style(rng), seed=7), 1):
            if photo.find_page(image) is not None:
                taken.append((letter.key, number))
    assert taken == []


def test_a_photo_taken_sideways_is_turned_upright(photos):
    data, _ = photos[9]
    sideways = Image.open(io.BytesIO(data)).rotate(90, expand=True)
    out = io.BytesIO()
    sideways.save(out, format="JPEG", quality=88)
    extraction = extract_bytes(out.getvalue(), name="xoay.jpg")
    page = extraction.pages[0]
    assert page.quality is not None and page.quality.corners is not None
    assert page.quality.rotation in (90, 270) and page.width < page.height  # upright A4
    fields = read_letter(extraction).fields
    gold = compose(9).gold
    assert sum(same(fields[n].value, gold.get(n)) for n in FIELD_NAMES) >= len(FIELD_NAMES) - 2


def test_a_white_object_on_the_desk_does_not_pull_a_corner(photos):
    data, corners = photos[4]
    picture = Image.open(io.BytesIO(data)).convert("RGB")
    picture.paste((250, 250, 250), (5, 5, 70, 60))  # a white card in the desk's corner
    found = photo.find_page(picture)
    assert found is not None  # the sheet is still found, card or no card
    error = max(abs(a - b) for fc, tc in zip(found, corners, strict=True)
                for a, b in zip(fc, tc, strict=True))
    assert error < 0.015, (found, corners)  # and no corner pulled towards the card


def test_a_photo_with_an_orientation_tag_is_shown_as_it_was_read(photos):
    data, _ = photos[9]
    stored = Image.open(io.BytesIO(data)).rotate(90, expand=True)  # the sensor's way up
    exif = Image.Exif()
    exif[0x0112] = 6  # "turn 90° clockwise to show"
    out = io.BytesIO()
    stored.save(out, format="JPEG", quality=88, exif=exif)
    tagged = out.getvalue()
    extraction = extract_bytes(tagged, name="the.jpg")
    document = understand(extraction).document
    assert document["pages"][0]["quality"]["rotation"] == 0  # upright by its tag alone
    shown = page_image(tagged, "image/jpeg", 1, frame=Frame.of(document, 1))
    assert abs(shown.height / shown.width - 297 / 210) < 0.01
    box = document["fields"]["doc_ref"]["bbox"]
    scale = shown.width / document["pages"][0]["width"]
    assert shown.convert("L").crop(tuple(round(v * scale) for v in box)).getextrema()[0] < 100
