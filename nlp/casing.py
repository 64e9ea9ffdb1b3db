"""Writing header capitals in normal case: bodies ("Sở Ngoại vụ tỉnh Khánh Hòa"), titles.

Vietnamese capitalises the first syllable of a body's kind and of its own name, every syllable
of a place's name, and a few fixed names ("Công Thương", "Trung ương"); the rest is lower case.
"""

from __future__ import annotations

#: Fixed phrases with their one spelling.
FIXED: dict[str, str] = {
    "ỦY BAN NHÂN DÂN": "Ủy ban nhân dân", "UBND": "Ủy ban nhân dân",
    "HỘI ĐỒNG NHÂN DÂN": "Hội đồng nhân dân", "HĐND": "Hội đồng nhân dân",
    "CHÍNH PHỦ": "Chính phủ", "TRUNG ƯƠNG": "Trung ương", "QUỐC HỘI": "Quốc hội",
    "BAN CHẤP HÀNH TRUNG ƯƠNG": "Ban Chấp hành Trung ương", "BAN CHẤP HÀNH": "Ban Chấp hành",
    "BAN THƯỜNG VỤ": "Ban Thường vụ", "THƯỜNG TRỰC": "Thường trực",
    "CÔNG THƯƠNG": "Công Thương", "QUỐC DÂN": "Quốc dân", "VIỆT NAM": "Việt Nam",
    "ĐẢNG CỘNG SẢN VIỆT NAM": "Đảng Cộng sản Việt Nam", "BỘ CHÍNH TRỊ": "Bộ Chính trị",
    "BAN BÍ THƯ": "Ban Bí thư", "MẶT TRẬN TỔ QUỐC": "Mặt trận Tổ quốc",
    "TRƯỜNG ĐẠI HỌC": "Trường Đại học", "ĐẠI HỌC": "Đại học", "HỌC VIỆN": "Học viện",
    "VĂN PHÒNG": "Văn phòng", "TỔNG CỤC": "Tổng cục", "CÔNG AN": "Công an",
    "TRUNG TÂM": "Trung tâm",
    # positions
    "PHÓ": "Phó", "CHỦ TỊCH": "Chủ tịch", "GIÁM ĐỐC": "Giám đốc", "BỘ TRƯỞNG": "Bộ trưởng",
    "THỨ TRƯỞNG": "Thứ trưởng", "CHỦ NHIỆM": "Chủ nhiệm", "CHÁNH VĂN PHÒNG": "Chánh Văn phòng",
    "TRƯỞNG BAN": "Trưởng ban", "HIỆU TRƯỞNG": "Hiệu trưởng", "BÍ THƯ": "Bí thư",
    "VIỆN TRƯỞNG": "Viện trưởng", "CỤC TRƯỞNG": "Cục trưởng", "VỤ TRƯỞNG": "Vụ trưởng",
    "TRƯỞNG PHÒNG": "Trưởng phòng", "CHÁNH THANH TRA": "Chánh Thanh tra",
    "TỔNG GIÁM ĐỐC": "Tổng Giám đốc", "GIÁM ĐỐC SỞ": "Giám đốc Sở",
    "TỔNG CỤC TRƯỞNG": "Tổng cục trưởng", "THỦ TƯỚNG": "Thủ tướng",
}
#: Kinds of body whose own name follows (its first syllable capitalised).
BODY_KINDS: dict[str, str] = {
    "BỘ": "Bộ", "SỞ": "Sở", "BAN": "Ban", "CỤC": "Cục", "VỤ": "Vụ", "PHÒNG": "Phòng",
    "VIỆN": "Viện", "TRƯỜNG": "Trường", "HỘI": "Hội", "ỦY BAN": "Ủy ban", "ĐẢNG BỘ": "Đảng bộ",
    "ĐOÀN": "Đoàn", "THANH TRA": "Thanh tra", "KHO BẠC": "Kho bạc",
}
#: Kinds of place whose name follows (every syllable capitalised).
PLACES: dict[str, str] = {
    "TỈNH": "tỉnh", "THÀNH PHỐ": "thành phố", "HUYỆN": "huyện", "QUẬN": "quận",
    "THỊ XÃ": "thị xã", "XÃ": "xã", "PHƯỜNG": "phường", "THỊ TRẤN": "thị trấn",
    "TỈNH ỦY": "Tỉnh ủy", "THÀNH ỦY": "Thành ủy", "HUYỆN ỦY": "Huyện ủy", "QUẬN ỦY": "Quận ủy",
    "THỊ ỦY": "Thị ủy", "ĐẢNG ỦY": "Đảng ủy", "TP.": "thành phố", "TP": "thành phố",
}
_LONGEST = max(len(k.split()) for k in (*FIXED, *BODY_KINDS, *PLACES))


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:].lower()


#: Fixed phrases after which a body's own name follows.
_NAME_FOLLOWS = frozenset({"Trường Đại học", "Đại học", "Học viện", "Văn phòng", "Tổng cục",
                           "Trung tâm", "Phó"})


def _match(words: list[str], i: int, table: dict[str, str]) -> tuple[int, str] | None:
    for n in range(min(_LONGEST, len(words) - i), 0, -1):
        phrase = words[i:i + n]
        # Punctuation may end only the phrase's last word ("BỘ TRƯỞNG, CHỦ NHIỆM").
        if any(not w.rstrip(",;.").isalnum() and "." not in w for w in phrase[:-1]):
            continue
        last = phrase[-1]
        core = last.rstrip(",;")
        key = " ".join([*phrase[:-1], core]).upper()
        if key in table:
            return n, table[key] + last[len(core):]
    return None


def normal_case(text: str) -> str:
    """A header line in capitals written in normal case ("SỞ NGOẠI VỤ" → "Sở Ngoại vụ")."""
    words = text.split()
    out: list[str] = []
    mode = "name"  # name: next word capitalised; lower; place: every word capitalised
    i = 0
    while i < len(words):
        if out and out[-1] in ("và", "-", "–") and [w.upper() for w in words[i:i + 2]] == [
                "XÃ", "HỘI"]:  # "… và Xã hội", "Kinh tế - Xã hội": a field, not a commune
            out.append("Xã hội")
            i += 2
            mode = "lower"
            continue
        fixed = _match(words, i, FIXED)
        place = _match(words, i, PLACES)
        kind = _match(words, i, BODY_KINDS) if i == 0 else None
        if fixed and (not place or fixed[0] >= place[0]):
            out.append(fixed[1])
            i += fixed[0]
            mode = "name" if fixed[1].rstrip(",;") in _NAME_FOLLOWS else "lower"
            continue
        if place:
            spelled = place[1]
            out.append(spelled[:1].upper() + spelled[1:] if not out else spelled)
            i += place[0]
            mode = "place"
            continue
        if kind:
            out.append(kind[1])
            i += kind[0]
            mode = "name"
            continue
        word = words[i]
        if word.upper() == "VÀ":
            out.append("và")
            mode = "name"
        elif word in ("-", "–"):  # "Lao động - Thương binh và Xã hội": each part a name
            out.append(word)
            mode = "name"
        elif word.endswith(",") and mode != "place" and any(c.isalpha() for c in word):
            out.append(_cap(word) if mode == "name" or not out else word.lower())
            mode = "name"  # "Văn hóa, Thể thao và Du lịch": a list of fields, each a name
        elif not any(c.isalpha() for c in word) or (len(word) > 1 and word.isupper()
                                                     and word in ("TW", "VN")):
            out.append(word)
        elif mode in ("name", "place") or not out:
            out.append(_cap(word))
            mode = "place" if mode == "place" else "lower"
        else:
            out.append(word.lower())
        i += 1
    return " ".join(out)


def is_capitals(text: str, *, share: float = 0.8) -> bool:
    """Whether the letters of `text` are (nearly all) capitals."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    return sum(c.isupper() for c in letters) / len(letters) >= share
