"""Vietnamese dates in every written form, with the OCR noise Tesseract leaves in them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# Letters Tesseract drops or swaps in the date words are allowed here on purpose.
_NGAY = r"ng[àaáạả]y"
_THANG = r"th[áaàạả]ng"
_NAM = r"n[ăaâ][mn]"
_BLANK = r"[\s.…_]*"
WORDS = re.compile(
    rf"(?:{_NGAY}\s*(?P<d>\d{{1,2}})?{_BLANK}\s*)?{_THANG}\s*(?P<m>\d{{1,2}})\s*(?:,\s*)?"
    rf"{_NAM}\s*(?P<y>\d{{4}})(?!\d)",
    re.IGNORECASE,
)
NUMERIC = re.compile(
    r"(?<![\d/.\-])(?P<d>\d{1,2})\s?(?P<sep>[/.\-])\s?(?P<m>\d{1,2})\s?(?P=sep)\s?(?P<y>\d{4})"
    r"(?![\d])"
)
_HAS_NGAY = re.compile(_NGAY, re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class FoundDate:
    """A date found in a text: ISO value ("2015-01-21", or "2023-10" with no day), its span."""

    value: str
    start: int
    end: int
    day_blank: bool = False


def _valid(y: int, m: int, d: int | None) -> bool:
    if not 1900 <= y <= 2100 or not 1 <= m <= 12:
        return False
    if d is None:
        return True
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


def iso(y: int, m: int, d: int | None) -> str:
    """ISO 8601 for a day, or year and month when the day is left blank."""
    return f"{y:04d}-{m:02d}" if d is None else f"{y:04d}-{m:02d}-{d:02d}"


def find_dates(text: str, *, month_only: bool = False) -> list[FoundDate]:
    """Every date in `text`, in order; "tháng 6 năm 2017" only when `month_only`."""
    found: list[FoundDate] = []
    for m in WORDS.finditer(text):
        has_day_word = bool(_HAS_NGAY.match(m.group(0)))
        d = int(m.group("d")) if m.group("d") else None
        y, mo = int(m.group("y")), int(m.group("m"))
        if not _valid(y, mo, d):
            continue
        if d is None and not has_day_word and not month_only:
            continue
        found.append(FoundDate(iso(y, mo, d), m.start(), m.end(), day_blank=d is None))
    for m in NUMERIC.finditer(text):
        if any(f.start <= m.start() < f.end for f in found):
            continue
        d, mo, y = int(m.group("d")), int(m.group("m")), int(m.group("y"))
        if _valid(y, mo, d):
            found.append(FoundDate(iso(y, mo, d), m.start(), m.end()))
    return sorted(found, key=lambda f: f.start)


def parse_date(text: str) -> str | None:
    """The first date in `text` as ISO 8601, or None. Never raises."""
    dates = find_dates(text)
    return dates[0].value if dates else None


def format_date(value: str, *, style: str = "numeric") -> str:
    """An ISO date written the Vietnamese way: "21/01/2015" or "ngày 21 tháng 01 năm 2015"."""
    parts = [int(p) for p in value.split("-")]
    y, m = parts[0], parts[1]
    d = parts[2] if len(parts) == 3 else None
    if style == "words":
        day = "" if d is None else f"{d:02d} "
        return f"ngày {day}tháng {m:02d} năm {y}"
    if d is None:
        return f"tháng {m:02d} năm {y}"
    return f"{d:02d}/{m:02d}/{y}"


#: "ngày 0` tháng 02 năm 2025", "ngày {tháng 02 …": a day handwritten or stamped, read as specks.
BLURRED_DAY = re.compile(
    rf"{_NGAY}(?P<junk>[^\n]{{0,5}}?)\s*{_THANG}\s*(?P<m>[\dOIl|]{{1,2}})\s*(?:,\s*)?{_NAM}\s*"
    rf"(?P<y>\d{{4}})(?!\d)", re.IGNORECASE)
#: Letters OCR reads for the digits of a month.
_DIGIT_LOOKALIKES = str.maketrans("OIl|", "0111")


def blurred_day_date(text: str) -> FoundDate | None:
    """The month of a date whose day cannot be read ("2025-02"), or None.

    Only for a letter's own place-date line, where the day is often written by hand after
    printing; the value stands for the whole month, with `day_blank` set.
    """
    m = BLURRED_DAY.search(text)
    if m is None:
        return None
    y, mo = int(m.group("y")), int(m.group("m").translate(_DIGIT_LOOKALIKES))
    if not _valid(y, mo, None):
        return None
    return FoundDate(iso(y, mo, None), m.start(), m.end(), day_blank=True)
