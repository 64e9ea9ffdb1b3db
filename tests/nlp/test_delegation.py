"""The delegation reader on the ways real trip letters are written (hand-made bodies)."""

import pytest

from nlp.delegation import delegation_on, read_delegation
from nlp.sheet import Sheet
from tests.nlp.fakes import fake_extraction

BY_OFFICE = (
    "Nhận lời mời của Chính quyền tỉnh Luông Nặm Thà (Lào), Ban Thường vụ Huyện ủy cử đoàn\n"
    "công tác do đồng chí Phó Bí thư Thường trực Huyện ủy làm Trưởng đoàn, gồm 06 đồng chí,\n"
    "sang làm việc với chính quyền tỉnh bạn tại Cộng hòa Dân chủ Nhân dân Lào từ ngày 03 đến\n"
    "ngày 07/11/2025.\n"
    "Kinh phí: phía bạn đài thọ ăn, nghỉ; ngân sách huyện chi trả tiền xe.")
HEAD_IN_LIST = (
    "Thực hiện thư mời ngày 12/02/2025 của Trường Đại học Chungnam (Hàn Quốc), Sở Giáo dục và\n"
    "Đào tạo đề nghị cho phép cử đoàn sang làm việc tại Hàn Quốc, cụ thể như sau:\n"
    "1. Thành phần đoàn: 03 người\n"
    "- Đ/c Lý Thị Hoa, Phó Giám đốc Sở Giáo dục và Đào tạo;\n"
    "- Đ/c Vương Đình Cường, Giám đốc Sở Giáo dục và Đào tạo, Trưởng đoàn;\n"
    "- Đ/c Quách Văn Tín, Chuyên viên Phòng Giáo dục\n"
    "trung học.\n"
    "2. Thời gian: 05 ngày, từ ngày 20/3 đến ngày 24/3/2025.\n"
    "3. Kinh phí: vé máy bay, ăn, ở do Trường Đại học Chungnam đài thọ.")
ONE_PERSON = (
    "Điều 1. Cử ông Cao Minh Luận, Phó Chánh Văn phòng Ủy ban nhân dân tỉnh, đi công tác tại\n"
    "Nhật Bản từ ngày 09 tháng 9 năm 2025 đến ngày 13 tháng 9 năm 2025.\n"
    "Điều 2. Kinh phí chuyến đi do Cơ quan Hợp tác Quốc tế Nhật Bản (JICA) đài thọ.")
LABELLED = (
    "Theo lời mời của Hội Nông dân tỉnh Chiang Rai, đoàn đi làm việc tại Vương quốc Thái Lan.\n"
    "Trưởng đoàn: Bà Ninh Thị Duyên, Chủ tịch Hội Nông dân tỉnh;\n"
    "- Phó Trưởng đoàn: Ông Kha Văn Hiếu, Phó Chủ tịch Hội Nông dân tỉnh;\n"
    "- Ông Lạc Đức Thành, Chánh Văn phòng Hội Nông dân tỉnh.\n"
    "Thời gian từ ngày 28/12 đến ngày 02/01/2026. Kinh phí: kinh phí do phía bạn chi trả.")
RULES_ONLY = (
    "Các đoàn do đồng chí Ủy viên Ban Thường vụ làm Trưởng đoàn đi công tác nước ngoài phải\n"
    "báo cáo kết quả chuyến đi. Không cử đoàn đi công tác nước ngoài không thiết thực; không\n"
    "tổ chức đoàn do doanh nghiệp đài thọ.")


def test_a_head_named_by_office_still_gives_size_countries_time_and_funding():
    d = read_delegation(BY_OFFICE)
    assert d["head"] == {"name": None, "title": "Phó Bí thư Thường trực Huyện ủy"}
    assert d["members"] == [] and d["size"] == 6
    assert d["countries"] == ["Lào"] and d["country_codes"] == ["LA"]
    assert (d["start"], d["end"], d["days"]) == ("2025-11-03", "2025-11-07", 5)
    assert d["inviter"] == "Chính quyền tỉnh Luông Nặm Thà (Lào)"
    assert d["funding"]["kind"] == "mixed"


def test_a_head_marked_inside_the_member_list_is_the_head_and_not_a_member():
    d = read_delegation(HEAD_IN_LIST)
    assert d["head"] == {"name": "Vương Đình Cường", "title": "Giám đốc Sở Giáo dục và Đào tạo"}
    assert [m["name"] for m in d["members"]] == ["Lý Thị Hoa", "Quách Văn Tín"]
    assert d["members"][1]["title"] == "Chuyên viên Phòng Giáo dục trung học"  # wrapped line
    assert d["size"] == 3 and d["countries"] == ["Hàn Quốc"]
    assert (d["start"], d["end"], d["days"]) == ("2025-03-20", "2025-03-24", 5)
    assert d["inviter"] == "Trường Đại học Chungnam (Hàn Quốc)"
    assert d["funding"] == {"kind": "foreign_partner", "text": "Trường Đại học Chungnam"}


def test_a_decision_sending_one_person_makes_that_person_the_head_of_one():
    d = read_delegation(ONE_PERSON)
    assert d["head"] == {"name": "Cao Minh Luận",
                         "title": "Phó Chánh Văn phòng Ủy ban nhân dân tỉnh"}
    assert d["members"] == [] and d["size"] == 1
    assert (d["start"], d["end"]) == ("2025-09-09", "2025-09-13")
    assert d["funding"] == {"kind": "foreign_partner",
                            "text": "Cơ quan Hợp tác Quốc tế Nhật Bản (JICA)"}


def test_a_labelled_head_a_deputy_head_and_a_span_over_the_new_year():
    d = read_delegation(LABELLED)
    assert d["head"]["name"] == "Ninh Thị Duyên"
    assert [m["name"] for m in d["members"]] == ["Kha Văn Hiếu", "Lạc Đức Thành"]
    assert d["members"][0]["title"] == "Phó Chủ tịch Hội Nông dân tỉnh"
    assert d["countries"] == ["Thái Lan"] and d["inviter"] == "Hội Nông dân tỉnh Chiang Rai"
    assert (d["start"], d["end"]) == ("2025-12-28", "2026-01-02")
    assert d["funding"] == {"kind": "foreign_partner", "text": "phía bạn"}


@pytest.mark.parametrize("payer, kind", [
    ("do Cơ quan Hợp tác Quốc tế Hàn Quốc (KOICA) tài trợ", "foreign_partner"),
    ("do Đại sứ quán Ô-xtrây-li-a đài thọ", "foreign_partner"),
    ("do Công ty Cổ phần Phương Nam đài thọ", "enterprise"),
    ("từ nguồn kinh phí chi thường xuyên của đơn vị", "state_budget"),
    ("các thành viên tự túc", "self"),
    ("do Sở Xây dựng chi trả từ nguồn kinh phí được giao", "state_budget"),
    ("do Sở Xây dựng chỉ trả từ nguồn kinh phí được giao", "state_budget"),  # a scan's slip
    ("do Bộ Đất đai Ô-xtrây-li-a chi trả", "foreign_partner"),
    ("phía bạn đài thọ ăn ở; Sở Xây dựng chi trả vé máy bay", "mixed"),
])
def test_who_pays_by_the_payers_name(payer, kind):
    d = read_delegation("- Ông Hứa Văn Tâm, Giám đốc Sở Xây dựng - Trưởng đoàn.\n"
                        f"Đoàn đi công tác tại Ô-xtrây-li-a. Kinh phí: {payer}.")
    assert d["funding"]["kind"] == kind


def test_a_letter_that_only_sets_rules_has_no_delegation():
    assert read_delegation(RULES_ONLY) is None
    office_alone = "Đoàn do đồng chí Chủ tịch Ủy ban nhân dân tỉnh làm Trưởng đoàn đi công tác " \
                   "nước ngoài phải báo cáo Thường trực."
    assert read_delegation(office_alone) is None  # no size, no time: not a trip proposed


def test_every_part_read_has_its_page_box_and_text():
    lines = [(text, 60.0, 300.0 + 16 * i) for i, text in enumerate(HEAD_IN_LIST.split("\n"))]
    sheet = Sheet.from_extraction(fake_extraction({"body": lines}))
    d = delegation_on(sheet)
    assert d is not None and set(d["where"]) >= {"head", "members", "size", "countries", "start",
                                                 "end", "days", "inviter", "funding"}
    head = d["where"]["head"]
    assert head["page"] == 1 and "Vương Đình Cường" in head["text"]
    assert head["bbox"][1] == pytest.approx(300.0 + 16 * 4)  # the head's own line
    members = d["where"]["members"]
    assert members["bbox"][1] == pytest.approx(300.0 + 16 * 3)
    assert members["bbox"][3] == pytest.approx(300.0 + 16 * 6 + 12)  # through the wrapped line
    assert "Chungnam" in d["where"]["inviter"]["text"]
    assert {k: v for k, v in d.items() if k != "where"} == read_delegation(HEAD_IN_LIST)


def test_names_without_an_honorific_led_by_dan_dau_and_a_size_in_words():
    listed = read_delegation(
        "Sở Công Thương đề nghị cử đoàn công tác đi Xin-ga-po, cụ thể:\n"
        "- Phùng Quang Vinh, Giám đốc Sở Công Thương - Trưởng đoàn;\n"
        "- Tăng Thị Nga, Trưởng phòng Quản lý thương mại.\n"
        "Nguồn kinh phí: ngân sách tỉnh năm 2025.")
    assert listed["head"]["name"] == "Phùng Quang Vinh"
    assert [m["name"] for m in listed["members"]] == ["Tăng Thị Nga"]
    assert listed["countries"] == ["Xin-ga-po"] or listed["country_codes"] == ["SG"]
    assert listed["funding"]["kind"] == "state_budget"
    led = read_delegation("Đoàn công tác gồm 04 (bốn) đồng chí do đồng chí Phó Chủ tịch Ủy ban "
                          "nhân dân huyện dẫn đầu sẽ sang làm việc với huyện kết nghĩa tại "
                          "Cam-pu-chia trong tháng 5 năm 2025.")
    assert led["head"] == {"name": None, "title": "Phó Chủ tịch Ủy ban nhân dân huyện"}
    assert led["size"] == 4 and led["country_codes"] == ["KH"] and led["start"] is None


def test_a_head_marked_after_the_name_a_time_item_and_a_lower_case_funding_label():
    d = read_delegation("Sở Tư pháp đề nghị cử đoàn đi công tác tại Hàn Quốc.\n"
                        "Đoàn gồm: 03 người\n"
                        "- Ông Lã Văn Hòa (Trưởng đoàn), Giám đốc Sở Tư pháp;\n"
                        "- Bà Thân Thị Lụa, Phó Giám đốc Sở Tư pháp;\n"
                        "- Ông Mạc Đăng Khoa, Chuyên viên Văn phòng Sở.\n"
                        "- Thời gian: Từ ngày 02/12/2024 đến ngày 06/12/2024.\n"
                        "Về kinh phí: do KOICA tài trợ.")
    assert d["head"] == {"name": "Lã Văn Hòa", "title": "Giám đốc Sở Tư pháp"}
    assert [m["name"] for m in d["members"]] == ["Thân Thị Lụa", "Mạc Đăng Khoa"]
    assert d["size"] == 3 and (d["start"], d["end"]) == ("2024-12-02", "2024-12-06")
    assert d["funding"] == {"kind": "foreign_partner", "text": "KOICA"}


def test_a_bare_name_needs_a_post_after_it():
    d = read_delegation("Đoàn đi công tác tại Hàn Quốc:\n"
                        "- Hà Giang, Tuyên Quang và các tỉnh miền núi;\n"
                        "- Lò Văn Pánh, Chuyên viên Ban Dân tộc - Trưởng đoàn;\n"
                        "- Lò Thị Xuân, phu nhân của Trưởng đoàn.")
    assert d["head"] == {"name": "Lò Văn Pánh", "title": "Chuyên viên Ban Dân tộc"}
    assert d["members"] == [{"name": "Lò Thị Xuân", "title": "phu nhân của Trưởng đoàn"}]
