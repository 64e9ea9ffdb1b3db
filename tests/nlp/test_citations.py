"""Finding citations in a letter's text: every form, role, place (on fake extractions)."""

import pytest

from nlp.citations import find_citations
from nlp.sheet import Sheet
from tests.nlp.fakes import fake_extraction


def _cite(*lines: str, own_ref: str | None = None):
    rows = [(text, 60.0, 100.0 + 18 * i) for i, text in enumerate(lines)]
    sheet = Sheet.from_extraction(fake_extraction({"body": rows}))
    return find_citations(sheet, own_ref=own_ref)


def _one(*lines: str):
    found = _cite(*lines)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(("text", "ref", "number", "year", "symbol"), [
    ("Căn cứ Quyết định số 272-QĐ/TW ngày 21/01/2015;", "272-QĐ/TW", "272", None, "QĐ/TW"),
    ("Căn cứ Quyết định số 67/2011/QĐ-TTg ngày 12/12/2011;", "67/2011/QĐ-TTg", "67", "2011",
     "QĐ-TTg"),
    ("Căn cứ Nghị định số 136/2007/NĐ-CP ngày 17/8/2007;", "136/2007/NĐ-CP", "136", "2007",
     "NĐ-CP"),
    ("Thực hiện Công văn số 1170/VPCP-QHQT ngày 13/02/2015.", "1170/VPCP-QHQT", "1170", None,
     "VPCP-QHQT"),
    ("Xét đề nghị tại Văn bản số 170/BC-BNG-CNV-m ngày 27/01/2015.", "170/BC-BNG-CNV-m", "170",
     None, "BC-BNG-CNV-m"),
    ("Căn cứ Chỉ thị số 30/CT-TTg ngày 26/11/2012;", "30/CT-TTg", "30", None, "CT-TTg"),
    ("Căn cứ Quyết định 272-QĐ/TW ngày 21/01/2015;", "272-QĐ/TW", "272", None, "QĐ/TW"),
])
def test_number_and_symbol_in_every_style(text, ref, number, year, symbol):
    c = _one(text)
    assert (c.ref, c.number, c.year, c.symbol) == (ref, number, year, symbol)


@pytest.mark.parametrize("written", ["ngày 21/01/2015", "ngày 21 tháng 01 năm 2015",
                                     "ngày 21-01-2015", ", ngày 21/1/2015",
                                     "ngày 21 tháng 1 năm 2015"])
def test_the_date_in_every_written_form(written):
    c = _one(f"Căn cứ Quyết định số 272-QĐ/TW {written} của Bộ Chính trị;")
    assert c.date == "2015-01-21"
    assert c.issuer == "Bộ Chính trị"


def test_issuer_and_title_in_either_order():
    first = _one("Căn cứ Chỉ thị số 38-CT/TW ngày 21/7/2014 của Bộ Chính trị về tăng cường "
                 "quản lý các đoàn đi công tác nước ngoài;")
    assert first.issuer == "Bộ Chính trị"
    assert first.title == "tăng cường quản lý các đoàn đi công tác nước ngoài"
    second = _one("Căn cứ Quyết định số 67/2011/QĐ-TTg ngày 12/12/2011 ban hành Quy chế quản lý "
                  "của Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương của Thủ tướng "
                  "Chính phủ;")
    assert second.issuer == "Thủ tướng Chính phủ"
    assert second.title.startswith("ban hành Quy chế quản lý của Ủy ban nhân dân các tỉnh, thành")


def test_a_law_named_before_its_number():
    c = _one("Căn cứ Luật Xuất cảnh, nhập cảnh của công dân Việt Nam số 49/2019/QH14 ngày "
             "22/11/2019;")
    assert (c.kind, c.ref, c.date) == ("Luật", "49/2019/QH14", "2019-11-22")
    assert c.title == "Xuất cảnh, nhập cảnh của công dân Việt Nam"


def test_a_citation_wrapped_over_lines_with_its_kind_split():
    found = _cite("ban hành Quy chế của các tỉnh, thành phố trực thuộc Trung ương (thay thế Quyết",
                  "định số 28/2005/QĐ-TTg ngày 01/02/2005);")
    assert [(x.ref, x.kind, x.role) for x in found] == [("28/2005/QĐ-TTg", "Quyết định",
                                                         "replaced")]
    place = found[0].places[0]
    assert place.page == 1 and place.bbox[1] < 110 < place.bbox[3]  # spans both lines


@pytest.mark.parametrize(("text", "role"), [
    ("Căn cứ Quyết định số 272-QĐ/TW ngày 21/01/2015;", "basis"),
    ("Thực hiện Quyết định số 272-QĐ/TW ngày 21/01/2015, Sở đề nghị.", "basis"),
    ("Tiếp tục quán triệt Chỉ thị số 38-CT/TW ngày 21/7/2014.", "basis"),
    ("Theo Quyết định số 272-QĐ/TW ngày 21/01/2015, các đoàn phải báo cáo.", "basis"),
    ("Xét đề nghị của Sở Ngoại vụ tại Tờ trình số 15/TTr-SNgV ngày 02/3/2024;", "reference"),
    ("Quyết định 272 thay thế Quyết định số 295-QĐ/TW ngày 23/3/2010.", "replaced"),
    ("Quyết định số 295-QĐ/TW ngày 23/3/2010 đã được thay thế.", "replaced"),
])
def test_the_role_comes_from_the_words_around_it(text, role):
    found = [c for c in _cite(text) if c.ref]
    assert found[-1].role == role


def test_a_replaced_mention_inside_a_basis_does_not_leak_to_what_follows():
    found = _cite("Căn cứ Quyết định số 272-QĐ/TW ngày 21/01/2015 của Bộ Chính trị (thay thế "
                  "Quyết định số 295-QĐ/TW ngày 23/3/2010); Chỉ thị số 38-CT/TW ngày 21/7/2014;")
    assert [(c.ref, c.role) for c in found] == [("272-QĐ/TW", "basis"),
                                                ("295-QĐ/TW", "replaced"),
                                                ("38-CT/TW", "basis")]
    assert found[0].issuer == "Bộ Chính trị"


def test_mentions_of_one_instrument_are_one_citation_with_several_places():
    found = _cite("Căn cứ Quyết định số 272-QĐ/TW ngày 21/01/2015 của Bộ Chính trị;",
                  "Các đoàn thực hiện đúng Quyết định số 272-QĐ/TW.")
    assert len(found) == 1
    assert len(found[0].places) == 2
    assert found[0].date == "2015-01-21"


def test_short_forms_are_found_without_catching_counts():
    found = _cite("Thực hiện Quy chế 272 và QĐ 295, Chỉ thị 38.",
                  "Quyết định 12 người đi trong 15 ngày; Báo cáo 6 tháng.")
    assert [(c.kind, c.number, c.short) for c in found] == [
        ("Quy chế", "272", True), ("QĐ", "295", True), ("Chỉ thị", "38", True)]


def test_a_citation_named_inside_another_title_is_only_mentioned():
    found = _cite("Căn cứ Nghị định số 09/2010/NĐ-CP ngày 08/02/2010 của Chính phủ về sửa đổi, "
                  "bổ sung một số điều của Nghị định số 110/2004/NĐ-CP về công tác văn thư;")
    assert [(c.ref, c.role, c.nested) for c in found] == [("09/2010/NĐ-CP", "basis", False),
                                                          ("110/2004/NĐ-CP", "reference", True)]
    assert found[0].issuer == "Chính phủ"


def test_the_letter_does_not_cite_itself():
    assert _cite("Số: 1170/VPCP-QHQT", "Công văn số 1170/VPCP-QHQT đã gửi.",
                 own_ref="1170/VPCP-QHQT") == []


def test_a_footnote_citation_counts():
    found = _cite("Tình hình đã được báo cáo (1).", "KT. CHỦ TỊCH", "Nguyễn Văn A",
                  "(1) Công văn số 932/UBND-VP ngày 16/4/2021 của Ủy ban nhân dân huyện về việc "
                  "quản lý việc ra nước ngoài.")
    assert [(c.ref, c.date, c.issuer, c.role) for c in found] == [
        ("932/UBND-VP", "2021-04-16", "Ủy ban nhân dân huyện", "reference")]


@pytest.mark.parametrize(("text", "role"), [
    ("Quyết định số 295-QĐ/TW ngày 23/3/2010 của Bộ Chính trị đã được thay thế bằng Quyết định "
     "số 272-QĐ/TW.", "replaced"),
    ("Quy chế ban hành theo Quyết định số 295-QĐ/TW ngày 23/3/2010 nay đã hết hiệu lực.",
     "replaced"),
    ("Ban hành Quy chế mới thay cho Quyết định số 295-QĐ/TW ngày 23/3/2010.", "replaced"),
    ("Để thay thế đồng chí Nguyễn Văn An, đề nghị cử đồng chí Lê Văn Bình theo đúng Quyết định "
     "số 295-QĐ/TW ngày 23/3/2010.", "basis"),
])
def test_replaced_is_said_before_or_after_and_only_about_the_instrument(text, role):
    found = [c for c in _cite(text) if c.ref == "295-QĐ/TW"]
    assert found[0].role == role


def test_a_list_after_a_colon_keeps_its_lead_word():
    found = _cite("Căn cứ các văn bản sau:", "- Quyết định số 272-QĐ/TW ngày 21/01/2015;",
                  "- Chỉ thị số 38-CT/TW ngày 21/7/2014.")
    assert [c.role for c in found] == ["basis", "basis"]


def test_a_law_named_without_its_number_does_not_swallow_the_next_citation():
    found = _cite("Căn cứ Luật Xuất cảnh, nhập cảnh của công dân Việt Nam, Nghị định số "
                  "136/2007/NĐ-CP ngày 17/8/2007 của Chính phủ;")
    assert [(c.kind, c.ref) for c in found] == [("Nghị định", "136/2007/NĐ-CP")]


def test_a_short_form_place_has_no_trailing_punctuation():
    [c] = _cite("Thực hiện QĐ 295, các đơn vị báo cáo.")
    assert c.places[0].text == "QĐ 295"


@pytest.mark.parametrize(("lines", "ref"), [
    (("Căn cứ Nghị định số 30/2020/NĐ-", "CP ngày 05/3/2020 của Chính phủ;"), "30/2020/NĐ-CP"),
    (("Căn cứ Quyết định số 17/QĐ-", "UBND ngày 05/3/2020 của Ủy ban nhân dân tỉnh;"),
     "17/QĐ-UBND"),
    (("Căn cứ Quyết định số 272-", "QĐ/TW ngày 21/01/2015 của Bộ Chính trị;"), "272-QĐ/TW"),
    (("Căn cứ Nghị định số 30/2020/", "NĐ-CP ngày 05/3/2020 của Chính phủ;"), "30/2020/NĐ-CP"),
    (("Căn cứ Nghị quyết số 64/NQ- CP ngày 05/3/2020 của Chính phủ;",), "64/NQ-CP"),
    (("Căn cứ Quyết định số 3815 /QĐ-UBND ngày 05/3/2020;",), "3815/QĐ-UBND"),
])
def test_a_symbol_broken_at_a_line_end_is_one_reference(lines, ref):
    c = _one(*lines)
    assert c.ref == ref
    assert c.date in ("2020-03-05", "2015-01-21")


def test_a_broken_symbol_does_not_take_the_next_line_s_words():
    [c] = _cite("Thực hiện Công văn số 45/UBND-VP-", "ngày 05/3/2020 của Ủy ban nhân dân tỉnh.")
    assert c.ref == "45/UBND-VP"


@pytest.mark.parametrize(("text", "ref", "kind"), [
    ("Căn cứ Nghị định số 154/2019/NĐCP ngày 05/3/2019 của Chính phủ;", "154/2019/NĐCP",
     "Nghị định"),
    ("Căn cứ Nghị định số 61/CP ngày 05/3/1996 của Chính phủ;", "61/CP", "Nghị định"),
    ("Căn cứ Quyết định số 512/UB-QĐ-NĐ ngày 05/3/1996;", "512/UB-QĐ-NĐ", "Quyết định"),
    ("Thực hiện Công văn số 73/UB ngày 05/3/1996 của Ủy ban nhân dân tỉnh.", "73/UB",
     "Công văn"),
    ("Căn cứ Quyết định số 806/QĐ-UB ngày 05/3/1996;", "806/QĐ-UB", "Quyết định"),
    ("Xét Công văn số 09/Cty ngày 05/3/1996 của Công ty.", "09/Cty", "Công văn"),
    ("Thực hiện Nghị quyết số 12a/NQ-CP ngày 05/3/1996 của Chính phủ.", "12a/NQ-CP",
     "Nghị quyết"),
])
def test_typed_and_old_forms_are_read_as_printed(text, ref, kind):
    c = _one(text)
    assert (c.ref, c.kind) == (ref, kind)
    assert c.date is not None and c.date.endswith("-03-05")


def test_a_list_repeating_so_without_the_kind_is_every_item():
    found = _cite("Thực hiện Công văn số 101/UBND-KT ngày 03/8/2023; số 202/UBND-KT ngày",
                  "17/09/2023; số 303/UBND-KT ngày 10/10/2023 và số 404/UBND-",
                  "KT ngày 13/11/2023 của Ủy ban nhân dân tỉnh, Sở Tài chính đề nghị.")
    assert [(c.kind, c.ref, c.date, c.role) for c in found] == [
        ("Công văn", "101/UBND-KT", "2023-08-03", "basis"),
        ("Công văn", "202/UBND-KT", "2023-09-17", "basis"),
        ("Công văn", "303/UBND-KT", "2023-10-10", "basis"),
        ("Công văn", "404/UBND-KT", "2023-11-13", "basis")]
    assert found[-1].issuer == "Ủy ban nhân dân tỉnh"


def test_a_list_of_one_kind_named_once_is_every_item():
    found = _cite("Căn cứ các Quyết định số 11/QĐ-UBND, 12/QĐ-UBND và 13/QĐ-UBND của Ủy ban "
                  "nhân dân tỉnh;")
    assert [(c.kind, c.ref) for c in found] == [("Quyết định", "11/QĐ-UBND"),
                                                ("Quyết định", "12/QĐ-UBND"),
                                                ("Quyết định", "13/QĐ-UBND")]
    assert found[-1].issuer == "Ủy ban nhân dân tỉnh"


def test_a_plural_kind_before_its_items_names_them():
    found = _cite("Căn cứ các Nghị định sau: Số 30/2020/NĐ-CP ngày 05/3/2020 về công "
                  "tác văn thư; số 58/2022/NĐ-CP ngày 31/8/2022 về tổ chức phi chính phủ;")
    assert [(c.kind, c.ref, c.date) for c in found] == [
        ("Nghị định", "30/2020/NĐ-CP", "2020-03-05"), ("Nghị định", "58/2022/NĐ-CP", "2022-08-31")]


def test_a_list_item_takes_the_kind_of_the_item_whose_symbol_it_shares():
    found = _cite("Thực hiện Công văn số 71/SXD-QLN ngày 03/8/2023 về dự thảo Nghị định số "
                  "30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ; số 88/SXD-KT ngày 04/8/2023.")
    assert [(c.kind, c.ref) for c in found] == [("Công văn", "71/SXD-QLN"),
                                                ("Nghị định", "30/2020/NĐ-CP"),
                                                ("Công văn", "88/SXD-KT")]


def test_a_date_said_once_for_a_list_dates_every_item():
    found = _cite("Kế hoạch được phê duyệt tại Quyết định số 61/QĐ-UBND và số 62/QĐ-UBND "
                  "cùng ngày 20/6/2022 của Ủy ban nhân dân huyện.")
    assert [(c.ref, c.date) for c in found] == [("61/QĐ-UBND", "2022-06-20"),
                                                ("62/QĐ-UBND", "2022-06-20")]


@pytest.mark.parametrize("lines", [
    ("Số: 12/UBND-VP", "Kính gửi: Sở Tài chính."),
    ("Căn cứ Giấy phép số 12/GP-SYT;",),
    ("Đề nghị liên hệ số 12/GP-SYT để biết.",),
])
def test_a_reference_outside_a_list_and_without_its_kind_is_not_a_citation(lines):
    assert _cite(*lines) == []


def test_every_item_of_a_long_basis_list_is_relied_on():
    items = [f"Quyết định số {n}/QĐ-UBND ngày 0{1 + n % 9}/3/2023 của Ủy ban nhân dân tỉnh về "
             "việc phê duyệt kế hoạch thực hiện nhiệm vụ" for n in range(11, 25)]
    found = _cite("Căn cứ " + "; ".join(items) + ";")
    assert len(found) == 14
    assert {c.role for c in found} == {"basis"}


@pytest.mark.parametrize(("text", "date"), [
    ("Ngày 15/3/2024, Sở Tài chính đã có Báo cáo số 77/BC-STC về việc thẩm định.", "2024-03-15"),
    ("Đến ngày 15 tháng 3 năm 2024, Sở Tài chính ban hành Báo cáo số 77/BC-STC về việc thẩm "
     "định.", "2024-03-15"),
    ("Ngày 15/3/2024, Sở Tài chính nhận được Báo cáo số 77/BC-STC về việc thẩm định.", None),
    ("Căn cứ Quyết định số 1/QĐ-UBND ngày 15/3/2024, Sở Tài chính có Báo cáo số 77/BC-STC về "
     "việc thẩm định.", None),
])
def test_a_date_said_before_the_mention_belongs_to_it_when_the_issuer_issued_it(text, date):
    [c] = [c for c in _cite(text) if c.ref == "77/BC-STC"]
    assert c.date == date


def test_a_law_s_legislature_misread_by_ocr_is_put_right():
    c = _one("Căn cứ Luật Thư viện sô 12/2019/QHI4;")
    assert c.ref == "12/2019/QH14"


@pytest.mark.parametrize(("own", "found"), [
    ("58/BC-SYT", []),
    ("58 /BC-SYT", []),
    ("058/bc-syt", []),
    ("58/BC-SNN", ["58/BC-SYT"]),
])
def test_the_own_number_is_left_out_but_not_another_symbol_with_that_number(own, found):
    got = _cite("Trên đây là Báo cáo số 58/BC-SYT của Sở Y tế.", own_ref=own)
    assert [c.ref for c in got] == found


def test_a_page_number_inside_a_citation_does_not_hide_its_date():
    from extract.model import Extraction, FileInfo, Page, Region
    from tests.nlp.fakes import fake_line

    first = Region("body", (fake_line("Thực hiện Chỉ thị số 21-CT/TW, ngày 21", 60, 700),))
    second = Region("body", (fake_line("2", 290, 40), fake_line("tháng 12 năm 2012 của Ban "
                                                                "Bí thư.", 60, 80)))
    info = FileInfo("fake.pdf", "0" * 64, "application/pdf", 2, 1)
    pages = (Page(1, 595.0, 842.0, "text_layer", (first,)),
             Page(2, 595.0, 842.0, "text_layer", (second,)))
    [c] = find_citations(Sheet.from_extraction(Extraction(info, pages)))
    assert (c.ref, c.date, c.issuer) == ("21-CT/TW", "2012-12-21", "Ban Bí thư")


def test_citations_in_a_footnote_region_are_found():
    note = ("(1) Luật Xuất cảnh, nhập cảnh của công dân Việt Nam số 49/2019/QH14; Nghị định số "
            "30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ.")
    rows = {"body": [("Nội dung phù hợp với các văn bản có liên quan (1).", 60.0, 100.0)],
            "footnote": [(note, 60.0, 780.0)]}
    found = find_citations(Sheet.from_extraction(fake_extraction(rows)))
    assert [(c.ref, c.role) for c in found] == [("49/2019/QH14", "reference"),
                                                ("30/2020/NĐ-CP", "reference")]


@pytest.mark.parametrize(("text", "kind"), [
    ("Thực hiện Thông báo kết luận số 45/TB-UBND ngày 05/3/2024 của Ủy ban nhân dân tỉnh.",
     "Thông báo"),
    ("Theo Công văn hỏa tốc số 45/TB-UBND ngày 05/3/2024 của Ủy ban nhân dân tỉnh.", "Công văn"),
])
def test_words_between_the_kind_and_its_number_say_which_one(text, kind):
    c = _one(text)
    assert (c.kind, c.ref, c.date) == (kind, "45/TB-UBND", "2024-03-05")


def test_a_kind_in_running_text_far_from_a_number_is_not_its_kind():
    assert _cite("Báo cáo tình hình thực hiện nhiệm vụ năm 2024 của các sở.") == []


def test_a_house_number_after_a_citation_is_not_a_list_item():
    found = _cite("Thực hiện Công văn số 5/UBND-VP ngày 05/3/2024; trụ sở: số 12/A đường Trần "
                  "Phú.")
    assert [c.ref for c in found] == ["5/UBND-VP"]


def test_a_list_item_whose_symbol_names_its_type_takes_that_kind():
    found = _cite("Căn cứ Quyết định số 12/QĐ-UBND ngày 05/3/2024; số 45/TB-UBND ngày 06/3/2024 "
                  "của Ủy ban nhân dân tỉnh;")
    assert [(c.kind, c.ref) for c in found] == [("Quyết định", "12/QĐ-UBND"),
                                                ("Thông báo", "45/TB-UBND")]


@pytest.mark.parametrize(("text", "kind"), [
    ("Căn cứ Phương án số 12/PA-UBND ngày 05/3/2024 của Ủy ban nhân dân tỉnh;", "Phương án"),
    ("Căn cứ Biên bản số 12/BB-STC ngày 05/3/2024 của Sở Tài chính;", "Biên bản"),
    ("Căn cứ Hợp đồng số 12/2024/HĐ-SXD ngày 05/3/2024;", "Hợp đồng"),
])
def test_the_other_administrative_documents_are_kinds_too(text, kind):
    assert _one(text).kind == kind
