"""The inbox's parts without a browser: thumbnails, rows of letters read with no field."""

from __future__ import annotations

import io

from PIL import Image

from api.web.inbox import fields_read
from corpus.synth.compose import compose
from corpus.synth.render import render
from extract.page_image import THUMB_SIDE, page_image, thumbnail_png


def test_a_thumbnail_is_the_first_page_small_and_in_proportion():
    letter = render(compose(3))[0]
    small = Image.open(io.BytesIO(thumbnail_png(letter, "application/pdf", 1)))
    assert max(small.size) <= THUMB_SIDE and small.height > small.width
    whole = page_image(letter, "application/pdf", 1)
    assert abs(small.width / small.height - whole.width / whole.height) < 0.02


def test_fields_read_counts_values_not_empty_ones():
    assert fields_read(None) == 0
    assert fields_read({"fields": {"subject": {"value": None}, "recipients": {"value": []},
                                   "doc_ref": {"value": ""}}}) == 0
    assert fields_read({"fields": {"subject": {"value": "Cử đoàn"},
                                   "signer": {"value": {"name": "Lê Văn A"}}}}) == 2
