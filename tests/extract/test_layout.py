"""Layout thresholds are shares of the text's own size: larger print reads the same."""

from __future__ import annotations

import pytest

from extract.layout import regions, rows
from extract.model import Word


def _words(text: str, x: float, y: float, *, size: float = 13.0, space: float = 3.3,
           char: float = 6.5) -> list[Word]:
    out, at = [], x
    for token in text.split():
        width = char * len(token) * size / 13.0
        out.append(Word(token, (at, y, at + width, y + size * 1.15)))
        at += width + space * size / 13.0
    return out


def _texts(found) -> dict[str, list[str]]:
    return {r.name: [ln.text for ln in r.lines] for r in found}


def _centred(text: str, centre: float, y: float, *, size: float = 13.0) -> list[Word]:
    words = _words(text, 0.0, y, size=size, space=3.3 * size / 13.0)
    shift = centre - (words[0].bbox[0] + words[-1].bbox[2]) / 2
    return [Word(w.text, (w.bbox[0] + shift, w.bbox[1], w.bbox[2] + shift, w.bbox[3]))
            for w in words]


def _header(scale: float = 1.0, *, issuer: str = "ỦY BAN NHÂN DÂN") -> list[Word]:
    """A two-column header as Nghị định 30 sets it: each column centred on its own centre."""
    s = scale
    words = _centred(issuer, 170 * s, 57 * s, size=13 * s)
    words += _centred("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 410 * s, 57 * s, size=12 * s)
    words += _centred("TỈNH AN GIANG", 170 * s, 73 * s, size=13 * s)
    words += _centred("Độc lập - Tự do - Hạnh phúc", 410 * s, 73 * s, size=13 * s)
    words += _centred("Số: 12/UBND-VP", 170 * s, 98 * s, size=13 * s)
    words += _centred("An Giang, ngày 5 tháng 6 năm 2026", 410 * s, 98 * s, size=13 * s)
    for i in range(8):
        words += _words("Nội dung của văn bản được trình bày trên toàn bộ khổ giấy của trang",
                        85 * s, (180 + 20 * i) * s, size=14 * s, space=3.5 * s, char=6.0)
    return words


@pytest.mark.parametrize("scale", [1.0, 1.3, 1.6])
def test_the_same_page_in_larger_print_has_the_same_regions(scale):
    base = _texts(regions(_header(), width=595.0, first=True, last=False))
    assert base["header-left"][0] == "ỦY BAN NHÂN DÂN"
    assert base["header-right"][0] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert _texts(regions(_header(scale), width=595.0 * scale, first=True, last=False)) == base


def test_header_columns_set_close_are_two_columns():
    # A long issuer's name ends a few spaces (not two line heights) before the motto's line.
    words = _header(issuer="BAN QUẢN LÝ CÁC KHU KINH TẾ CỬA KHẨU QUỐC TẾ")
    first = sorted((w for w in words if w.bbox[1] < 60), key=lambda w: w.bbox[0])
    gaps = [b.bbox[0] - a.bbox[2] for a, b in zip(first, first[1:], strict=False)]
    assert 3 * 3.3 < max(gaps) < 1.8 * 13
    found = _texts(regions(words, width=595.0, first=True, last=False))
    assert found["header-left"][0] == "BAN QUẢN LÝ CÁC KHU KINH TẾ CỬA KHẨU QUỐC TẾ"
    assert found["header-right"][0] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


def test_a_blank_left_for_the_number_and_the_day_keeps_each_line_whole():
    words = [w for w in _header() if w.bbox[1] < 90]
    words += _words("Số:", 110, 98) + _words("/UBND-VP", 170, 98)
    words += _words("An Giang, ngày", 300, 98) + _words("tháng 6 năm 2026", 420, 98)
    words += _words("Nội dung của văn bản được trình bày trên toàn bộ khổ giấy của trang", 85,
                    180, size=14, char=6.0)
    found = _texts(regions(words, width=595.0, first=True, last=False))
    assert found["header-left"][-1] == "Số: /UBND-VP"
    assert found["header-right"][-1] == "An Giang, ngày tháng 6 năm 2026"


def test_a_word_in_larger_print_set_off_its_row_stays_on_it():
    # Body print of 10 pt; a 16 pt stamped number set 7 pt lower than the line's centre.
    words = []
    for i in range(20):
        words += _words("một dòng chữ nhỏ của thân văn bản", 85, 200 + 14 * i, size=10)
    line = _words("Số:", 85, 100, size=13) + _words("/UBND-VP", 140, 100, size=13)
    number = Word("185", (112, 100 + 7.0 - 1.2, 136, 100 + 7.0 + 17.2))
    found = rows(words + line + [number])
    assert [w.text for seg in found[0].segments for w in seg.words] == ["Số:", "185",
                                                                         "/UBND-VP"]


def test_lines_of_tiny_print_close_together_stay_apart():
    # An e-signature box: 6 pt lines 6.5 pt apart, on a page of 13 pt print.
    words = _words("TRUNG TÂM CÔNG BÁO", 480, 10, size=5.0)
    words += _words("VÀ TIN HỌC", 480, 16.5, size=5.0)
    for i in range(10):
        words += _words("một dòng chữ của thân văn bản", 85, 200 + 18 * i)
    found = rows(words)
    assert [seg.text for seg in found[0].segments] == ["TRUNG TÂM CÔNG BÁO"]
    assert [seg.text for seg in found[1].segments] == ["VÀ TIN HỌC"]


def test_ocr_boxes_are_measured_by_the_page_usual_height():
    # OCR boxes hug their letters: a speck read as "/" beside a short word is on its row.
    words = []
    for i in range(10):
        words += _words("một dòng chữ của thân văn bản", 85, 200 + 18 * i)
    speck = Word("/", (352, 123, 354, 125), 0.4)
    letter = Word("J", (342, 125, 347, 135), 0.6)
    assert len(rows(words + [speck, letter], glyph_boxes=True)) == 11
    assert len(rows(words + [speck, letter])) == 12  # text-layer boxes are the font's


def test_a_row_of_three_or_more_columns_is_a_table_not_a_header():
    from extract.layout import regions
    from extract.model import Word

    def cell(text: str, x: float, y: float) -> Word:
        return Word(text, (x, y, x + 60, y + 12))

    words = []
    for r in range(6):
        y = 100 + 30 * r
        words += [cell(f"{r}", 60, y), cell(f"Tên{r}", 200, y), cell(f"Phòng{r}", 400, y),
                  cell(f"Nước{r}", 600, y)]
    out = regions(words, width=842, first=True, last=True, glyph_boxes=True)
    assert [r.name for r in out] == ["body"]
    assert [ln.text for ln in out[0].lines][:4] == ["0", "Tên0", "Phòng0", "Nước0"]


def test_a_speck_read_inside_a_word_does_not_split_its_line():
    """A signature's stroke over a name is read as a glyph inside the box of a longer word."""
    name = _words("Lê Văn Thành An", 350, 538)
    long = name[2]
    speck = Word("`", (long.bbox[0] + 4, 538, long.bbox[0] + 7, 541))
    found = rows(name + [speck], glyph_boxes=True)
    assert len(found) == 1 and len(found[0].segments) == 1
