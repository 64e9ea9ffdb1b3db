"""Numbers and days the e-office system stamps after signing: read where the page shows them."""

from __future__ import annotations

import pymupdf
import pytest

from corpus.synth.render import render
from corpus.synth.styles import styled
from extract.pipeline import extract_bytes
from nlp.read import read_letter

STAMPED = ["number_stamped_after_body", "number_in_signature_widget", "number_as_widget_picture"]


def _header_text(data: bytes) -> tuple[str, str]:
    page = extract_bytes(data, name="dong-dau.pdf").pages[0]
    left, right = page.region("header-left"), page.region("header-right")
    assert left is not None and right is not None
    return left.text, right.text


@pytest.mark.parametrize("name", STAMPED)
@pytest.mark.parametrize("seed", [9100, 9102, 9104])
def test_a_stamped_number_and_day_are_read_into_their_lines(name, seed):
    letter = styled(seed, name)
    data, _ = render(letter)
    fields = read_letter(extract_bytes(data, name="dong-dau.pdf")).fields
    for key in ("doc_ref", "doc_number", "issued_date", "place", "issuer"):
        assert fields[key].value == letter.gold[key], key


@pytest.mark.parametrize("name", ["number_in_signature_widget", "number_as_widget_picture"])
def test_a_number_in_a_widget_is_not_in_the_page_content_yet_is_read(name):
    letter = styled(9100, name)
    number = str(letter.gold["doc_number"])
    data, _ = render(letter)
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        page = doc[0]
        assert any(w.field_type_string == "Signature" for w in page.widgets())
        content = pymupdf.TextPage(page.get_displaylist(annots=False).get_textpage(0))
        assert number not in content.extractText()
    left, _ = _header_text(data)
    assert any(line.split()[1:2] == [number] for line in left.splitlines()
               if line.startswith("Số"))


def test_a_number_stamped_after_the_body_comes_last_in_the_content_and_first_in_reading():
    letter = styled(9100, "number_stamped_after_body")
    number = str(letter.gold["doc_number"])
    data, _ = render(letter)
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        words = doc[0].get_text("words")
        assert words[-1][4] in {s.text for s in letter.stamps}
        assert number in [w[4] for w in words[-3:]]
    left, _ = _header_text(data)
    assert f"{number} /" in left


def test_an_unsigned_signature_field_adds_no_words():
    """MuPDF draws its own label in an empty signature field: nobody wrote it."""
    from corpus.synth.compose import compose

    data, _ = render(compose(7))
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        page = doc[-1]
        widget = pymupdf.Widget()
        widget.field_type = pymupdf.mupdf.PDF_WIDGET_TYPE_SIGNATURE
        widget.field_name = "ChuKy"
        widget.rect = pymupdf.Rect(330, 60, 520, 120)
        page.add_widget(widget)
        assert "SIGN" in page.get_text()
        unsigned = doc.tobytes()
    plain = extract_bytes(data, name="a.pdf").pages[-1].text
    assert extract_bytes(unsigned, name="b.pdf").pages[-1].text == plain
