"""Fields read from hand-made layouts (fakes) and from generated letters (provenance)."""

import pymupdf
import pytest

from corpus.synth.compose import compose
from corpus.synth.render import render
from extract.pipeline import extract_bytes
from nlp.read import FIELD_NAMES, read_letter
from tests.nlp.fakes import fake_extraction


def _party_letter(**extra):
    regions = {
        "header-left": [("THÀNH ỦY HÀ NỘI", 70, 60), ("VĂN PHÒNG", 95, 76), ("*", 120, 92),
                        ("Số 4563-CV/VPTU", 70, 112), ("V/v tăng cường quản lý", 60, 130),
                        ("các đoàn công tác đi nước ngoài", 50, 146)],
        "header-right": [("ĐẢNG CỘNG SẢN VIỆT NAM", 330, 60),
                         ("Hà Nội, ngày 10 tháng 9 năm 2019", 320, 112)],
        "body": [("Kính gửi: Ban Tổ chức Thành ủy; Sở Ngoại vụ.", 120, 190),
                 ("Văn phòng Thành ủy thông báo ý kiến chỉ đạo của Thường trực Thành ủy để "
                  "các đồng chí biết, thực hiện.", 85, 230)],
        "footer-left": [("Nơi nhận:", 85, 300), ("- Đ/c Bí thư TU (để b/c),", 85, 316),
                        ("- Lưu: VT.", 85, 332)],
        "signature": [("K/T CHÁNH VĂN PHÒNG", 350, 300), ("PHÓ CHÁNH VĂN PHÒNG", 350, 316),
                      ("Trần Anh Tuấn", 380, 380)],
    }
    regions.update(extra)
    return fake_extraction(regions)


def test_a_party_letter_is_read_field_by_field():
    fields = read_letter(_party_letter()).fields
    values = {k: v.value for k, v in fields.items()}
    assert values["doc_ref"] == "4563-CV/VPTU"
    assert values["doc_number"] == "4563"
    assert values["doc_symbol"] == "CV/VPTU"
    assert values["doc_type"] == "Công văn"
    assert values["issuer"] == "Văn phòng Thành ủy Hà Nội"
    assert (values["place"], values["issued_date"]) == ("Hà Nội", "2019-09-10")
    assert values["subject"] == "tăng cường quản lý các đoàn công tác đi nước ngoài"
    assert values["recipients"] == ["Ban Tổ chức Thành ủy", "Sở Ngoại vụ"]
    assert values["distribution"] == ["Đ/c Bí thư TU (để b/c)", "Lưu: VT"]
    assert values["signer"] == {"name": "Trần Anh Tuấn", "title": "Phó Chánh Văn phòng",
                                "authority": "K/T Chánh Văn phòng", "rank": None}
    assert values["signers"] == [values["signer"]]
    assert values["confidentiality"] is None and values["urgency"] is None


def test_every_field_says_where_it_was_read():
    fields = read_letter(_party_letter()).fields
    ref = fields["doc_ref"]
    assert ref.page == 1 and ref.text == "4563-CV/VPTU"
    assert ref.bbox is not None and ref.bbox[1] == 112
    subject = fields["subject"]
    assert subject.text.count("\n") == 1  # read over two lines
    assert 0 < subject.confidence <= 1


def test_the_visible_e_signature_and_incoming_stamp_are_read():
    letter = _party_letter(**{"header-right": [
        ("Người ký: Văn phòng", 400, 10), ("Email: vanthu_vptu@hanoi.gov.vn", 400, 20),
        ("Cơ quan: Thành ủy Hà Nội", 400, 30), ("Thời gian ký: 11.09.2019 17:37:24", 400, 40),
        ("+07:00", 400, 50),
        ("ĐẢNG CỘNG SẢN VIỆT NAM", 330, 60), ("Hà Nội, ngày 10 tháng 9 năm 2019", 320, 112),
        ("ĐẾN Số: 377", 330, 150), ("Ngày: 12/9/2019", 330, 164)]})
    fields = read_letter(letter).fields
    assert fields["e_signature"].value == {
        "signer": "Văn phòng", "email": "vanthu_vptu@hanoi.gov.vn",
        "organisation": "Thành ủy Hà Nội", "time": "2019-09-11T17:37:24+07:00"}
    assert fields["incoming"].value == {"number": "377", "date": "2019-09-12"}


def test_a_blank_number_and_a_blank_day_stay_blank():
    letter = _party_letter(**{
        "header-left": [("ỦY BAN NHÂN DÂN", 70, 60), ("HUYỆN CAO LỘC", 80, 76),
                        ("Số: /UBND-VP", 70, 112), ("V/v tăng cường quản lý", 60, 130)],
        "header-right": [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 300, 60),
                         ("Cao Lộc, ngày tháng 10 năm 2023", 320, 112)]})
    values = {k: v.value for k, v in read_letter(letter).fields.items()}
    assert (values["doc_ref"], values["doc_number"], values["doc_symbol"]) == (
        "/UBND-VP", None, "UBND-VP")
    assert values["issued_date"] == "2023-10"
    assert values["issuer"] == "Ủy ban nhân dân huyện Cao Lộc"


def test_marks_are_read_only_when_printed_alone():
    letter = _party_letter(**{"header-left": [
        ("THÀNH ỦY HÀ NỘI", 70, 60), ("VĂN PHÒNG", 95, 76), ("Số 4563-CV/VPTU", 70, 112),
        ("V/v tăng cường quản lý", 60, 130), ("HỎA TỐC", 100, 160), ("MẬT", 110, 176)]})
    fields = read_letter(letter).fields
    assert fields["urgency"].value == "Hỏa tốc"
    assert fields["confidentiality"].value == "Mật"
    assert read_letter(_party_letter()).fields["confidentiality"].value is None


def test_text_without_a_header_gives_nulls_not_guesses():
    letter = fake_extraction({"body": [
        ("Các đoàn đi công tác nước ngoài phải có chương trình làm việc cụ thể.", 85, 100),
        ("Hà Nội là thủ đô. Số 12/2015 không phải là số văn bản.", 85, 120),
        ("Nguyễn Văn Hùng", 380, 300)]})
    fields = read_letter(letter).fields
    assert all(fields[name].value is None for name in FIELD_NAMES)


def test_a_page_that_is_not_a_letter_gives_nulls():
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "Bảng giá vé máy bay tháng 6 năm 2024: Hà Nội - Tokyo 12.500.000 đ",
                     fontfile="/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
                     fontname="F0", fontsize=12)
    fields = read_letter(extract_bytes(doc.tobytes(), name="x.pdf")).fields
    assert all(fields[name].value is None for name in FIELD_NAMES)


@pytest.mark.parametrize("seed", [3, 8, 21])
def test_boxes_cover_the_words_the_generator_put_there(seed):
    letter = compose(seed)
    data, truth = render(letter)
    fields = read_letter(extract_bytes(data, name="x.pdf")).fields
    ref = fields["doc_ref"]
    words = [w for w in truth[0].words if w.text == ref.value or w.text.endswith(ref.value)]
    assert words, ref
    x0, y0, x1, y1 = words[0].bbox
    assert ref.bbox[0] <= x0 + 2 and ref.bbox[2] >= x1 - 2
    assert ref.bbox[1] <= y0 + 2 and ref.bbox[3] >= y1 - 2
    signer = fields["signer"]
    assert signer.value["name"] == letter.gold["signer"]["name"]
    assert signer.value["name"] in signer.text.split("\n")
    on_page = [w for w in truth[signer.page - 1].words if w.region == "signature"]
    assert on_page and all(signer.bbox[0] <= w.bbox[0] + 2 and signer.bbox[2] >= w.bbox[2] - 2
                           for w in on_page)


@pytest.mark.parametrize(("printed", "item"), [
    ("- Như trên;", "Như trên"), ("Nhữ tiên,", "Như trên"), ("- Lưu: VT, VP.", "Lưu: VT, VP"),
    ("- Lưu: VP.", "Lưu: VP"), ("- Sở Nội vụ;", "Sở Nội vụ"),
])
def test_list_items_lose_bullets_and_punctuation_and_set_phrases_are_restored(printed, item):
    from nlp.recipients import _item

    assert _item(printed) == item


@pytest.mark.parametrize("seed", [0, 2])
def test_a_recipients_list_continued_overleaf_is_boxed_on_both_pages(seed):
    letter = compose(seed, trap="long_recipients")
    data, truth = render(letter)
    field = read_letter(extract_bytes(data, name="x.pdf")).fields["recipients"]
    assert field.value == letter.gold["recipients"]
    assert [page for page, _ in field.boxes] == [1, 2]
    assert (field.page, field.bbox) == field.boxes[0]
    last = letter.gold["recipients"][-1].split()[-1] + "."  # the list's last word ends it
    words = [w for w in truth[1].words if w.text == last]
    assert len(words) == 1
    x0, y0, x1, y1 = field.boxes[1][1]
    assert all(x0 <= w.bbox[0] + 2 and w.bbox[2] <= x1 + 2 and y0 <= w.bbox[1] + 2
               and w.bbox[3] <= y1 + 2 for w in words)
    assert field.to_dict()["boxes"][1]["page"] == 2
