"""Born-digital letters: words where the generator put them, text and regions in order."""

from __future__ import annotations

import unicodedata


def test_words_are_within_two_points_of_where_the_generator_put_them(born_digital_read):
    checked = 0
    for seed, extraction, truth in born_digital_read:
        assert extraction.text_source == "text_layer"
        assert len(extraction.pages) == len(truth)
        for page, true_page in zip(extraction.pages, truth, strict=True):
            # Compare as sets of (text, box): reading order is tested separately.
            read = sorted(page.words, key=lambda w: (w.bbox[1], w.bbox[0]))
            expected = sorted(true_page.words, key=lambda w: (w.bbox[1], w.bbox[0]))
            assert [w.text for w in read] == [w.text for w in expected], seed
            for got, want in zip(read, expected, strict=True):
                assert max(abs(a - b) for a, b in zip(got.bbox, want.bbox, strict=True)) <= 2.0
                checked += 1
    assert checked > 5000


def test_page_text_comes_out_region_by_region_in_reading_order(born_digital_read):
    for seed, extraction, truth in born_digital_read:
        for page, true_page in zip(extraction.pages, truth, strict=True):
            assert page.text == true_page.text(), seed


def test_two_column_header_is_not_interleaved(born_digital_read):
    for seed, extraction, truth in born_digital_read:
        page = extraction.pages[0]
        true_regions = truth[0].region_lines()
        left, right = page.region("header-left"), page.region("header-right")
        assert left is not None and right is not None, seed
        assert [ln.text for ln in left.lines] == true_regions["header-left"]
        assert [ln.text for ln in right.lines] == true_regions["header-right"]
        # The number line sits on the same row as the place-date line: both must stay whole.
        assert any(t.startswith("Số") for t in (ln.text for ln in left.lines))
        assert any("ngày" in ln.text and "năm" in ln.text for ln in right.lines)


def test_footer_has_distribution_on_the_left_and_signature_on_the_right(born_digital_read):
    for seed, extraction, truth in born_digital_read:
        last = extraction.pages[-1]
        true_regions = truth[-1].region_lines()
        footer, signature = last.region("footer-left"), last.region("signature")
        assert footer is not None and signature is not None, seed
        assert footer.lines[0].text == "Nơi nhận:"
        assert [ln.text for ln in signature.lines] == true_regions["signature"]


def test_every_string_is_nfc(born_digital_read):
    for _, extraction, _ in born_digital_read[:10]:
        for page in extraction.pages:
            for word in page.words:
                assert unicodedata.is_normalized("NFC", word.text)


def test_a_footnote_below_the_footer_is_its_own_region_and_the_footer_stays_split():
    from corpus.synth.compose import compose
    from corpus.synth.render import render
    from extract.pipeline import extract_bytes

    letter = next(x for x in (compose(s) for s in range(1, 300))
                  if any(b.region == "footnote" for b in x.blocks))
    note = next(b for b in letter.blocks if b.region == "footnote").lines[0]
    data, _ = render(letter)
    last = extract_bytes(data, name="footnote.pdf").pages[-1]
    names = [r.name for r in last.regions]
    assert names[-3:] == ["footer-left", "signature", "footnote"]
    text = " ".join(w.text for line in last.region("footnote").lines for w in line.words)
    assert text == unicodedata.normalize("NFC", note)
    assert any(w.text == "Nơi" for line in last.region("footer-left").lines for w in line.words)


def test_a_numbered_item_closing_the_last_page_is_not_taken_for_a_footnote():
    from extract.layout import regions
    from extract.model import Word

    rows = ["(1) Làm việc với các đối tác về thương mại và du lịch;",
            "(2) Trao đổi kinh nghiệm quản lý đoàn ra, đoàn vào;",
            "(3) Gặp gỡ cộng đồng người Việt Nam tại địa bàn."]
    words = []
    for i, text in enumerate(rows):
        x = 85.0
        for token in text.split():
            words.append(Word(token, (x, 100.0 + 18 * i, x + 6 * len(token), 113.0 + 18 * i)))
            x += 6 * len(token) + 4
    assert [r.name for r in regions(words, width=595.0, first=False, last=True)] == ["body"]


def test_white_marker_text_left_for_the_signature_is_not_read():
    """E-office systems leave white marker words where a signature goes: nobody sees them."""
    import pymupdf

    from corpus.synth.compose import compose
    from corpus.synth.render import render
    from extract.pipeline import extract_bytes

    data, _ = render(compose(5))
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        doc[-1].insert_text((400, 300), "KYSO(9 ZZZ", fontsize=13, color=(1, 1, 1))
        marked = doc.tobytes()
    plain = extract_bytes(data, name="a.pdf")
    read = extract_bytes(marked, name="b.pdf")
    assert "KYSO(9" not in read.text
    assert read.text == plain.text
