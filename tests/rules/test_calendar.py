"""Vietnamese working days: holidays, compensatory days, notices, counting."""

import unicodedata
from datetime import date, timedelta

import pytest

from corpus.rules.calendar import (
    DEFAULT,
    HUNG_KINGS_DAY,
    LUNAR_NEW_YEAR,
    Calendar,
    statutory_holidays,
)


def _off(year, month, first, last):
    return {date(year, month, d) for d in range(first, last + 1)}


def test_tet_2024_five_days_and_two_compensations():
    days = DEFAULT.holidays(2024)
    # 29 tháng Chạp (Fri 9/2) and mùng 1–4 (Sat 10/2 – Tue 13/2) are the Tết days.
    assert {d for d, name in days.items() if name == "Tết Nguyên đán"} == _off(2024, 2, 9, 13)
    # Sat 10/2 and Sun 11/2 are compensated on the next free weekdays, Wed 14/2 and Thu 15/2.
    assert days[date(2024, 2, 14)] == "Nghỉ bù"
    assert days[date(2024, 2, 15)] == "Nghỉ bù"
    assert DEFAULT.is_working_day(date(2024, 2, 8))
    assert not any(DEFAULT.is_working_day(d) for d in _off(2024, 2, 9, 15))
    assert DEFAULT.is_working_day(date(2024, 2, 16))


def test_victory_and_labour_day_2022_both_on_weekend():
    days = DEFAULT.holidays(2022)
    assert days[date(2022, 4, 30)] == "Ngày Chiến thắng"
    assert days[date(2022, 5, 1)] == "Ngày Quốc tế Lao động"
    assert days[date(2022, 5, 2)] == "Nghỉ bù"
    assert days[date(2022, 5, 3)] == "Nghỉ bù"
    assert not DEFAULT.is_working_day(date(2022, 5, 3))
    assert DEFAULT.is_working_day(date(2022, 5, 4))


def test_hung_kings_and_victory_day_2023_on_weekend():
    # Giỗ Tổ on Sat 29/4/2023 and 30/4 on Sunday; Mon 1/5 is itself a holiday, so the two
    # compensatory days are Tue 2/5 and Wed 3/5 (as the 2023 notice had it: 29/4–3/5 off).
    days = DEFAULT.holidays(2023)
    assert days[date(2023, 4, 29)] == "Giỗ Tổ Hùng Vương"
    assert days[date(2023, 5, 2)] == "Nghỉ bù"
    assert days[date(2023, 5, 3)] == "Nghỉ bù"
    assert DEFAULT.is_working_day(date(2023, 5, 4))


def test_national_day_2024_two_days():
    days = DEFAULT.holidays(2024)
    assert days[date(2024, 9, 2)] == "Quốc khánh"
    assert days[date(2024, 9, 3)] == "Quốc khánh"
    assert date(2024, 9, 1) not in days  # a Sunday, and not the adjacent day chosen
    assert DEFAULT.is_working_day(date(2024, 8, 30))
    assert DEFAULT.is_working_day(date(2024, 9, 4))


def test_national_day_adjacent_day_from_table_and_default():
    assert DEFAULT.holidays(2025)[date(2025, 9, 1)] == "Quốc khánh"
    assert date(2025, 9, 3) not in DEFAULT.holidays(2025)
    assert DEFAULT.holidays(2027)[date(2027, 9, 3)] == "Quốc khánh"  # default 3/9
    # Before the 2019 code Quốc khánh was one day.
    assert date(2019, 9, 3) not in DEFAULT.holidays(2019)


def test_national_day_2023_saturday():
    # 1/9 (Fri) chosen, 2/9 Sat is compensated on Mon 4/9.
    days = DEFAULT.holidays(2023)
    assert days[date(2023, 9, 1)] == "Quốc khánh"
    assert days[date(2023, 9, 4)] == "Nghỉ bù"
    assert DEFAULT.is_working_day(date(2023, 9, 5))


def test_hung_kings_2025():
    assert DEFAULT.holidays(2025)[date(2025, 4, 7)] == "Giỗ Tổ Hùng Vương"
    assert not DEFAULT.is_working_day(date(2025, 4, 7))


def test_hung_kings_not_a_holiday_before_2007():
    assert "Giỗ Tổ Hùng Vương" not in DEFAULT.holidays(2006).values()
    assert DEFAULT.holidays(2007)[date(2007, 4, 26)] == "Giỗ Tổ Hùng Vương"


def test_tet_four_days_before_2014():
    tet = {d for d, name in DEFAULT.holidays(2012).items() if name == "Tết Nguyên đán"}
    assert tet == {date(2012, 1, 22), date(2012, 1, 23), date(2012, 1, 24), date(2012, 1, 25)}
    tet = {d for d, name in DEFAULT.holidays(2014).items() if name == "Tết Nguyên đán"}
    assert tet == _off(2014, 1, 30, 31) | _off(2014, 2, 1, 3)


def test_new_year_on_sunday_compensated():
    days = DEFAULT.holidays(2023)  # 1/1/2023 is a Sunday
    assert days[date(2023, 1, 1)] == "Tết Dương lịch"
    assert days[date(2023, 1, 2)] == "Nghỉ bù"


def test_add_working_days_across_tet_2024():
    # Mon 5/2: 6, 7, 8 Feb; Tết and compensation 9–15 Feb; 16, 19–23, 26/2–1/3, 4/3.
    assert DEFAULT.add_working_days(date(2024, 2, 5), 15) == date(2024, 3, 4)
    assert DEFAULT.add_working_days(date(2024, 2, 5), 3) == date(2024, 2, 8)
    assert DEFAULT.add_working_days(date(2024, 2, 5), 4) == date(2024, 2, 16)


def test_add_working_days_zero_and_negative():
    assert DEFAULT.add_working_days(date(2024, 2, 10), 0) == date(2024, 2, 10)
    assert DEFAULT.add_working_days(date(2024, 2, 16), -1) == date(2024, 2, 8)


def test_add_and_between_agree():
    start = date(2024, 1, 20)
    for n in range(1, 40):
        end = DEFAULT.add_working_days(start, n)
        assert DEFAULT.working_days_between(start, end) == n
        assert DEFAULT.working_days_between(start, end - timedelta(days=1)) == n - 1


def test_working_days_between_plain_week():
    assert DEFAULT.working_days_between(date(2024, 3, 10), date(2024, 3, 17)) == 5
    assert DEFAULT.working_days_between(date(2024, 3, 11), date(2024, 3, 15)) == 4
    assert DEFAULT.working_days_between(date(2024, 3, 15), date(2024, 3, 15)) == 0
    assert DEFAULT.working_days_between(date(2024, 3, 15), date(2024, 3, 1)) == 0


def test_working_days_between_across_holidays():
    # 29/4–3/5/2024: Mon 29/4 and Fri 3/5 work, Tue 30/4 and Wed 1/5 off.
    assert DEFAULT.working_days_between(date(2024, 4, 28), date(2024, 5, 3)) == 3


def test_year_outside_table():
    assert not DEFAULT.known(2040)
    assert not DEFAULT.known(2004)
    assert DEFAULT.known(2005)
    assert DEFAULT.known(2035)
    days = DEFAULT.holidays(2040)
    assert days[date(2040, 1, 1)] == "Tết Dương lịch"
    assert days[date(2040, 1, 2)] == "Nghỉ bù"  # 1/1/2040 is a Sunday
    assert days[date(2040, 4, 30)] == "Ngày Chiến thắng"
    assert days[date(2040, 5, 1)] == "Ngày Quốc tế Lao động"
    assert days[date(2040, 9, 2)] == "Quốc khánh"
    assert "Tết Nguyên đán" not in days.values()
    assert "Giỗ Tổ Hùng Vương" not in days.values()


def test_extra_days_off_and_working_days():
    # The 2024 notice gave Thu 8/2 off; suppose Sat 17/2 was worked and 15/2 not given.
    notice = Calendar(
        extra_days_off=[date(2024, 2, 8)],
        extra_working_days=[date(2024, 2, 17), date(2024, 2, 15)],
    )
    assert DEFAULT.is_working_day(date(2024, 2, 8))
    assert not notice.is_working_day(date(2024, 2, 8))
    assert notice.is_working_day(date(2024, 2, 17))
    assert notice.is_working_day(date(2024, 2, 15))
    assert notice.holidays(2024)[date(2024, 2, 8)] == "Nghỉ theo thông báo"
    assert date(2024, 2, 15) not in notice.holidays(2024)
    # Mon 5/2 + 4 working days: 6, 7, 15, 16 (instead of 6, 7, 8, 16 by default).
    assert notice.add_working_days(date(2024, 2, 5), 4) == date(2024, 2, 16)
    assert notice.working_days_between(date(2024, 2, 5), date(2024, 2, 19)) == 6
    assert DEFAULT.working_days_between(date(2024, 2, 5), date(2024, 2, 19)) == 5


def test_extra_day_in_both_lists_rejected():
    with pytest.raises(ValueError, match="2024-02-08"):
        Calendar(extra_days_off=[date(2024, 2, 8)], extra_working_days=[date(2024, 2, 8)])


def test_holidays_returns_a_copy():
    DEFAULT.holidays(2024).clear()
    assert DEFAULT.holidays(2024)


@pytest.mark.parametrize(("year", "tet"), [
    (2007, date(2007, 2, 17)),  # China: 18/2
    (2030, date(2030, 2, 2)),  # China: 3/2
    (2024, date(2024, 2, 10)),
    (2025, date(2025, 1, 29)),
])
def test_vietnamese_lunar_new_year(year, tet):
    assert LUNAR_NEW_YEAR[year] == tet


def test_lunar_table_plausible():
    assert set(LUNAR_NEW_YEAR) == set(HUNG_KINGS_DAY) == set(range(2005, 2036))
    for year, tet in LUNAR_NEW_YEAR.items():
        assert tet.year == year
        assert date(year, 1, 21) <= tet <= date(year, 2, 20)
        # 10/3 is 68 or 69 days after Tết, or about 29 more when a leap month comes first.
        gap = (HUNG_KINGS_DAY[year] - tet).days
        assert gap in (67, 68, 69, 96, 97, 98), (year, gap)
    for year in range(2005, 2035):
        # Lunar years are 353–355 days, or 383–385 with a leap month.
        length = (LUNAR_NEW_YEAR[year + 1] - LUNAR_NEW_YEAR[year]).days
        assert length in (353, 354, 355, 383, 384, 385), (year, length)


def test_names_are_nfc():
    for year in (2024, 2040):
        for name in DEFAULT.holidays(year).values():
            assert unicodedata.normalize("NFC", name) == name


def test_statutory_holidays_ignore_notices():
    assert date(2024, 2, 8) not in statutory_holidays(2024)
    assert statutory_holidays(2024) == DEFAULT.holidays(2024)
