"""`rules_stated`: the trip rules a letter states, read from typed lines (fast)."""

from __future__ import annotations

from nlp.field import Field
from nlp.rule_statements import read_rules_stated
from nlp.sheet import Sheet
from tests.nlp.fakes import fake_extraction


def _read(lines: list[str], *, issued: str | None = "2026-01-20",
          recipients: list[str] | None = None, distribution: list[str] | None = None):
    body = [(text, 80.0, 200.0 + 18 * i) for i, text in enumerate(lines)]
    sheet = Sheet.from_extraction(fake_extraction({"body": body}))
    fields = {"issued_date": Field(issued), "recipients": Field(recipients),
              "distribution": Field(distribution)}
    return read_rules_stated(sheet, fields)


def test_from_now_until_an_event_starts_on_the_letters_date_and_ends_null():
    [stated] = _read(["Từ nay đến khi hoàn thành cuộc bầu cử, hạn chế việc cử các đoàn đi",
                      "công tác nước ngoài của các cơ quan, đơn vị.",
                      "Các đơn vị thực hiện nghiêm."],
                     recipients=["Các sở, ban, ngành thành phố", "Đảng ủy các phường"])
    assert stated["kind"] == "restricted_period"
    assert (stated["start"], stated["end"]) == ("2026-01-20", None)
    assert stated["scope"] == ["Các sở, ban, ngành thành phố", "Đảng ủy các phường"]
    assert stated["page"] == 1 and stated["text"].startswith("Từ nay") and \
        stated["text"].endswith("đơn vị.")
    assert stated["bbox"][1] < 200 + 18 < stated["bbox"][3]  # both lines of the clause boxed


def test_a_stated_end_day_and_a_report_deadline_in_working_days():
    stated = _read([
        "Hạn chế tổ chức đoàn đi công tác nước ngoài từ nay đến hết ngày 31/3/2026.",
        "Chậm nhất mười lăm (15) ngày làm việc kể từ khi nhập cảnh về nước, trưởng đoàn",
        "phải báo cáo bằng văn bản với Thường trực Thành ủy.",
        "Sau khi kết thúc chuyến công tác, trong vòng 07 ngày, đoàn gửi báo cáo kết quả."],
        distribution=["Như trên", "Các quận ủy, huyện ủy", "Lưu: VT"])
    assert [(s["kind"], s["start"], s["end"], s["days"], s["working_days"]) for s in stated] == [
        ("restricted_period", "2026-01-20", "2026-03-31", None, None),
        ("report_deadline", None, None, 15, True),
        ("report_deadline", None, None, 7, False)]
    assert all(s["scope"] == ["Các quận ủy, huyện ủy"] for s in stated)


def test_habits_and_other_reports_state_no_rule():
    assert _read(["Hạn chế tối đa việc cử đoàn đi công tác nước ngoài không cần thiết.",
                  "Đề nghị các đơn vị báo cáo kết quả thực hiện trước ngày 15/02/2026.",
                  "Kinh phí chuyến đi trong vòng 15 ngày do ngân sách bảo đảm."]) == []


def test_a_partial_letter_date_leaves_the_start_null():
    [stated] = _read(["Từ nay đến ngày 15/3/2026, hạn chế cử cán bộ đi nước ngoài."],
                     issued="2026-01")
    assert (stated["start"], stated["end"]) == (None, "2026-03-15")
