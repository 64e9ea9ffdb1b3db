"""Vietnamese working days, for deadlines such as "within 15 working days after the return".

Public holidays follow the Labour Code: Bộ luật Lao động 2019, Điều 112 (in force 1/1/2021),
and before it Bộ luật Lao động 2012, Điều 115 (in force 1/5/2013) and the 1994 code, Điều 73
as amended in 2007. The days off, by year:

- Tết Dương lịch: 1/1.
- Tết Âm lịch (Tết Nguyên đán): 5 days from Tết 2014 on (4 days before). The law only gives
  the number of days; the Prime Minister picks them in a yearly notice. By custom they are the
  last day of the old lunar year and the first four (before 2014: three) days of the new one,
  and that is what this module uses. The notice often shifts them by a day or two, and swaps
  working days with Saturdays; pass those as data (``Calendar(extra_days_off=...,
  extra_working_days=...)``).
- Giỗ Tổ Hùng Vương: 10/3 lunar, from 2007.
- Ngày Chiến thắng: 30/4.
- Ngày Quốc tế Lao động: 1/5.
- Quốc khánh: 2/9, and from 2021 one adjacent day, 1/9 or 3/9, chosen each year
  (see ``NATIONAL_DAY_ADJACENT``).

When a holiday falls on the weekly rest day (Saturday or Sunday for the state offices that
write these letters), the next working day is a compensatory day off ("nghỉ bù"; Điều 111–112
of the 2019 code, Điều 110/115 of the 2012 code).

Lunar holidays come from a table for 2005–2035 (``LUNAR_NEW_YEAR``, ``HUNG_KINGS_DAY``); for
other years only the fixed-date holidays are counted and ``Calendar.known`` says False.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

TET = "Tết Nguyên đán"
NEW_YEAR = "Tết Dương lịch"
HUNG_KINGS = "Giỗ Tổ Hùng Vương"
VICTORY = "Ngày Chiến thắng"
LABOUR = "Ngày Quốc tế Lao động"
NATIONAL_DAY = "Quốc khánh"
COMPENSATION = "Nghỉ bù"
NOTICE = "Nghỉ theo thông báo"

# Gregorian date of 1 tháng Giêng (lunar new year's day) in Vietnam's calendar, which reckons
# new moons at UTC+7. It differs from China's (UTC+8) when a new moon falls between 23:00 and
# midnight Hanoi time: in this range Tết 2007 (VN 17/2, CN 18/2) and Tết 2030 (VN 2/2, CN 3/2).
LUNAR_NEW_YEAR: dict[int, date] = {
    2005: date(2005, 2, 9),
    2006: date(2006, 1, 29),
    2007: date(2007, 2, 17),
    2008: date(2008, 2, 7),
    2009: date(2009, 1, 26),
    2010: date(2010, 2, 14),
    2011: date(2011, 2, 3),
    2012: date(2012, 1, 23),
    2013: date(2013, 2, 10),
    2014: date(2014, 1, 31),
    2015: date(2015, 2, 19),
    2016: date(2016, 2, 8),
    2017: date(2017, 1, 28),
    2018: date(2018, 2, 16),
    2019: date(2019, 2, 5),
    2020: date(2020, 1, 25),
    2021: date(2021, 2, 12),
    2022: date(2022, 2, 1),
    2023: date(2023, 1, 22),
    2024: date(2024, 2, 10),
    2025: date(2025, 1, 29),
    2026: date(2026, 2, 17),
    2027: date(2027, 2, 6),
    2028: date(2028, 1, 26),
    2029: date(2029, 2, 13),
    2030: date(2030, 2, 2),
    2031: date(2031, 1, 23),
    2032: date(2032, 2, 11),
    2033: date(2033, 1, 31),
    2034: date(2034, 2, 19),
    2035: date(2035, 2, 8),
}

# Gregorian date of 10 tháng Ba (the third lunar month, never the leap one), Vietnam's
# calendar. 2009 differs from China's: VN 4/4 (Saturday), CN 5/4.
HUNG_KINGS_DAY: dict[int, date] = {
    2005: date(2005, 4, 18),
    2006: date(2006, 4, 7),
    2007: date(2007, 4, 26),
    2008: date(2008, 4, 15),
    2009: date(2009, 4, 4),
    2010: date(2010, 4, 23),
    2011: date(2011, 4, 12),
    2012: date(2012, 3, 31),
    2013: date(2013, 4, 19),
    2014: date(2014, 4, 9),
    2015: date(2015, 4, 28),
    2016: date(2016, 4, 16),
    2017: date(2017, 4, 6),
    2018: date(2018, 4, 25),
    2019: date(2019, 4, 14),
    2020: date(2020, 4, 2),
    2021: date(2021, 4, 21),
    2022: date(2022, 4, 10),
    2023: date(2023, 4, 29),
    2024: date(2024, 4, 18),
    2025: date(2025, 4, 7),
    2026: date(2026, 4, 26),
    2027: date(2027, 4, 16),
    2028: date(2028, 4, 4),
    2029: date(2029, 4, 23),
    2030: date(2030, 4, 12),
    2031: date(2031, 4, 1),
    2032: date(2032, 4, 19),
    2033: date(2033, 4, 9),
    2034: date(2034, 4, 28),
    2035: date(2035, 4, 17),
}

# The day next to 2/9 that the Prime Minister gave as the second Quốc khánh day (2019 code,
# from 2021), as announced each year. Years not listed (2026 on: not known here) fall back to
# 3/9, a default this module picks, not a rule of law; when a year's notice picks 1/9 instead,
# pass 1/9 as an extra day off and 3/9 as an extra working day.
NATIONAL_DAY_ADJACENT: dict[int, date] = {
    2021: date(2021, 9, 3),
    2022: date(2022, 9, 1),
    2023: date(2023, 9, 1),
    2024: date(2024, 9, 3),
    2025: date(2025, 9, 1),
}

FIVE_DAY_TET_FROM = 2014  # first Tết after the 2012 code came into force on 1/5/2013
HUNG_KINGS_FROM = 2007  # made a public holiday by the 2007 amendment of the 1994 code
TWO_DAY_NATIONAL_DAY_FROM = 2021  # the 2019 code


def _is_weekend(d: date) -> bool:
    return d.weekday() >= 5


def statutory_holidays(year: int) -> dict[date, str]:
    """The days off the Labour Code gives in ``year``, with compensatory days, by date.

    Lunar holidays are left out for years outside the lunar table. Government notices
    (swapped days, days moved) are not applied here; see ``Calendar``.

    Args:
        year: Gregorian year.

    Returns:
        Date → Vietnamese name, sorted by date; compensatory days are named "Nghỉ bù".
    """
    days: dict[date, str] = {date(year, 1, 1): NEW_YEAR}
    tet = LUNAR_NEW_YEAR.get(year)
    if tet is not None:
        length = 5 if year >= FIVE_DAY_TET_FROM else 4
        for offset in range(-1, length - 1):
            days[tet + timedelta(days=offset)] = TET
    hung = HUNG_KINGS_DAY.get(year)
    if hung is not None and year >= HUNG_KINGS_FROM:
        days.setdefault(hung, HUNG_KINGS)
    days.setdefault(date(year, 4, 30), VICTORY)
    days.setdefault(date(year, 5, 1), LABOUR)
    days.setdefault(date(year, 9, 2), NATIONAL_DAY)
    if year >= TWO_DAY_NATIONAL_DAY_FROM:
        adjacent = NATIONAL_DAY_ADJACENT.get(year, date(year, 9, 3))
        days.setdefault(adjacent, NATIONAL_DAY)

    compensations: dict[date, str] = {}
    for day in sorted(days):
        if not _is_weekend(day):
            continue
        comp = day + timedelta(days=1)
        while _is_weekend(comp) or comp in days or comp in compensations:
            comp += timedelta(days=1)
        compensations[comp] = COMPENSATION
    days.update(compensations)
    return dict(sorted(days.items()))


class Calendar:
    """Vietnamese working days: Monday–Friday less the public holidays and notices' changes.

    Args:
        extra_days_off: days a Government notice gives off on top of the law, e.g. the
            weekday swapped in around Tết.
        extra_working_days: days a notice makes working days, e.g. the Saturday worked to
            make up for a swapped day, or a customary Tết day the notice moved elsewhere.
            They win over holidays and weekends.

    Raises:
        ValueError: when a day is in both lists.
    """

    def __init__(
        self, extra_days_off: Iterable[date] = (), extra_working_days: Iterable[date] = ()
    ) -> None:
        self.extra_days_off = frozenset(extra_days_off)
        self.extra_working_days = frozenset(extra_working_days)
        both = self.extra_days_off & self.extra_working_days
        if both:
            listed = ", ".join(d.isoformat() for d in sorted(both))
            raise ValueError(f"days both off and working: {listed}")
        self._cache: dict[int, dict[date, str]] = {}

    def __repr__(self) -> str:
        return (
            f"Calendar(extra_days_off={sorted(self.extra_days_off)!r}, "
            f"extra_working_days={sorted(self.extra_working_days)!r})"
        )

    def known(self, year: int) -> bool:
        """Whether ``year`` is fully covered, i.e. its lunar holidays are in the table."""
        return year in LUNAR_NEW_YEAR and year in HUNG_KINGS_DAY

    def holidays(self, year: int) -> dict[date, str]:
        """The weekdays and weekend days off in ``year`` beyond the ordinary weekend.

        The statutory holidays and compensatory days, plus this calendar's extra days off
        (named "Nghỉ theo thông báo"), less its extra working days.

        Args:
            year: Gregorian year.

        Returns:
            Date → Vietnamese name, sorted by date.
        """
        cached = self._cache.get(year)
        if cached is None:
            days = statutory_holidays(year)
            for day in self.extra_days_off:
                if day.year == year:
                    days.setdefault(day, NOTICE)
            for day in self.extra_working_days:
                days.pop(day, None)
            cached = self._cache[year] = dict(sorted(days.items()))
        return dict(cached)

    def is_working_day(self, d: date) -> bool:
        """Whether ``d`` is a working day.

        Args:
            d: the day.

        Returns:
            True for an extra working day, else for Monday–Friday that is no holiday,
            compensatory day or extra day off.
        """
        if d in self.extra_working_days:
            return True
        if _is_weekend(d):
            return False
        return d not in self._holidays_of(d.year)

    def add_working_days(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start`` (``start`` itself is not counted).

        Args:
            start: the day counting starts from, e.g. the delegation's return.
            n: how many working days; 0 gives ``start``, a negative number counts backwards
                (the ``-n``-th working day before ``start``).

        Returns:
            The day reached.
        """
        step = timedelta(days=1 if n >= 0 else -1)
        left = abs(n)
        day = start
        while left:
            day += step
            if self.is_working_day(day):
                left -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days lie in ``(start, end]``; 0 when ``end <= start``.

        Args:
            start: first bound, not counted.
            end: last bound, counted.

        Returns:
            The number of working days.
        """
        count = 0
        day = start + timedelta(days=1)
        while day <= end:
            if self.is_working_day(day):
                count += 1
            day += timedelta(days=1)
        return count

    def _holidays_of(self, year: int) -> dict[date, str]:
        cached = self._cache.get(year)
        if cached is None:
            self.holidays(year)
            cached = self._cache[year]
        return cached


DEFAULT = Calendar()
