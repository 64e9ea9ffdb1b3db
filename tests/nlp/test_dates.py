import pytest

from nlp.dates import find_dates, format_date, parse_date

CASES = [
    ("ngày 21 tháng 01 năm 2015", "2015-01-21"),
    ("Hà Nội, ngày 10 tháng 9 năm 2019", "2019-09-10"),
    ("21/01/2015", "2015-01-21"),
    ("21-01-2015", "2015-01-21"),
    ("21.01.2015", "2015-01-21"),
    ("ngày 5/3/2020 của Chính phủ", "2020-03-05"),
    ("Cao Lộc, ngày tháng 10 năm 2023", "2023-10"),
    ("ngày ..... tháng 10 năm 2023", "2023-10"),
    ("ngay 21 thang 01 nam 2015", "2015-01-21"),  # marks lost in OCR
    ("ngày 21 tháng 01, năm 2015", "2015-01-21"),
]


@pytest.mark.parametrize(("text", "value"), CASES)
def test_every_written_form_of_a_date_is_read(text, value):
    assert parse_date(text) == value


@pytest.mark.parametrize("text", ["31/02/2015", "ngày 40 tháng 13 năm 2015", "272-QĐ/TW",
                                  "67/2011/QĐ-TTg", "tháng 6 năm 2017", "", "1/2/3"])
def test_what_is_not_a_day_gives_no_date(text):
    assert parse_date(text) is None


def test_month_only_dates_are_found_when_asked():
    found = find_dates("đi công tác trong tháng 6 năm 2017", month_only=True)
    assert [f.value for f in found] == ["2017-06"]


def test_spans_point_at_the_date_in_the_text():
    text = "Căn cứ Quyết định số 272-QĐ/TW ngày 21/01/2015 của Bộ Chính trị"
    (found,) = find_dates(text)
    assert text[found.start:found.end] == "21/01/2015"


@pytest.mark.parametrize("value", ["2015-01-21", "2019-09-10", "2023-10"])
@pytest.mark.parametrize("style", ["numeric", "words"])
def test_what_is_formatted_parses_back(value, style):
    written = format_date(value, style=style)
    assert find_dates(written, month_only=True)[0].value == value
