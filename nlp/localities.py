"""The provinces and centrally-run cities whose names head a letter's place-date line.

A place in the date line is where the issuing body sits: most often the province or city
itself ("Quảng Ngãi, ngày …", "Hà Nội, ngày …"). OCR loses a mark on such a name ("Bắn Tre",
"Quảng Ngõi"); a name one or two marks away from exactly one province is that province, read
with doubt. A place that is a name of its own (a district, a town) is left as read.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz

#: The 63 provinces and centrally-run cities (before the 2025 mergers, whose names are among
#: them), and Huế, a centrally-run city since 2025.
PROVINCES = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh", "Bến Tre",
    "Bình Định", "Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau", "Cần Thơ", "Cao Bằng",
    "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai",
    "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng", "Hậu Giang",
    "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lâm Đồng",
    "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận",
    "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị",
    "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa",
    "Thừa Thiên Huế", "Tiền Giang", "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc",
    "Yên Bái", "Thành phố Hồ Chí Minh", "Huế",
)
#: How close (rapidfuzz ratio, 0-100) a read name must be to a province's to be taken for it,
#: and by how much it must be closer to it than to any other.
NEAR, APART = 84.0, 6.0


def _key(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split())).casefold()


@lru_cache(maxsize=1)
def _keys() -> dict[str, str]:
    return {_key(p): p for p in PROVINCES}


def nearest_province(place: str) -> str | None:
    """The province `place` is a misread of, or None (an exact name, or no one name near).

    Only a name of as many syllables as the province's is compared: a district or a town is
    not a province misread.
    """
    key = _key(place)
    if key in _keys():
        return None
    syllables = len(key.split())
    scored = sorted(((fuzz.ratio(key, k), name) for k, name in _keys().items()
                     if len(k.split()) == syllables), reverse=True)
    if not scored or scored[0][0] < NEAR:
        return None
    if len(scored) > 1 and scored[0][0] - scored[1][0] < APART:
        return None
    return scored[0][1]
