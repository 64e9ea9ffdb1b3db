"""Repair of text layers typed in the legacy Vietnamese encodings TCVN3 (ABC) and VNI."""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from extract.vietnamese import syllable_shares

Encoding = Literal["unicode", "tcvn3", "vni"]

# TCVN 5712:1993 (VN3): the byte a .VnTime font draws each letter at, read back by a PDF's
# WinAnsi encoding as the Latin-1 character of the same code.
_TCVN3_ROWS = {
    "Ă Â Ê Ô Ơ Ư Đ": "¡¢£¤¥¦§",
    "ă â ê ô ơ ư đ": "¨©ª«¬\u00ad®",
    "à ả ã á ạ": "µ¶·¸¹",
    "ằ ẳ ẵ ắ ặ": "»¼½¾Æ",
    "ầ ẩ ẫ ấ ậ": "ÇÈÉÊË",
    "è ẻ ẽ é ẹ": "ÌÎÏÐÑ",
    "ề ể ễ ế ệ": "ÒÓÔÕÖ",
    "ì ỉ ĩ í ị": "×ØÜÝÞ",
    "ò ỏ õ ó ọ": "ßáâãä",
    "ồ ổ ỗ ố ộ": "åæçèé",
    "ờ ở ỡ ớ ợ": "êëìíî",
    "ù ủ ũ ú ụ": "ïñòóô",
    "ừ ử ữ ứ ự": "õö÷øù",
    "ỳ ỷ ỹ ý ỵ": "úûüýþ",
}
TCVN3_TO_UNICODE: dict[str, str] = {
    code: letter
    for letters, codes in _TCVN3_ROWS.items()
    for letter, code in zip(letters.split(), codes, strict=True)
}

# VNI Windows: a base letter followed by a mark character; a few letters are one character.
_VNI_MARKS_LOWER = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_HAT_LOWER = {"â": "\u0302", "á": "\u0302\u0301", "à": "\u0302\u0300", "å": "\u0302\u0309",
                  "ã": "\u0302\u0303", "ä": "\u0302\u0323"}
_VNI_BREVE_LOWER = {"ê": "\u0306", "é": "\u0306\u0301", "è": "\u0306\u0300", "ú": "\u0306\u0309",
                    "ü": "\u0306\u0303", "ë": "\u0306\u0323"}
_VNI_SINGLE = {"ô": "ơ", "ö": "ư", "Ô": "Ơ", "Ö": "Ư", "ñ": "đ", "Ñ": "Đ",
               "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ",
               "Í": "Í", "Ì": "Ì", "Æ": "Ỉ", "Ó": "Ĩ", "Ò": "Ị", "Î": "Ỵ"}


def _vni_pairs() -> dict[str, str]:
    pairs: dict[str, str] = {}
    for lower in (True, False):
        def case(s: str, lower: bool = lower) -> str:
            return s if lower else s.upper()

        for base in "aeouy":
            for mark, combining in _VNI_MARKS_LOWER.items():
                pairs[case(base + mark)] = case(base) + combining
        for base in "aeo":
            for mark, combining in _VNI_HAT_LOWER.items():
                pairs[case(base + mark)] = case(base) + combining
        for mark, combining in _VNI_BREVE_LOWER.items():
            pairs[case("a" + mark)] = case("a") + combining
        for base, horned in (("ô", "ơ"), ("ö", "ư")):
            for mark, combining in _VNI_MARKS_LOWER.items():
                pairs[case(base + mark)] = case(horned) + combining
    return {k: unicodedata.normalize("NFC", v) for k, v in pairs.items()}


VNI_TO_UNICODE: dict[str, str] = {**_vni_pairs(), **_VNI_SINGLE}
_VNI_PATTERN = re.compile("|".join(sorted(map(re.escape, VNI_TO_UNICODE), key=len, reverse=True)))

# Characters that a legacy layer produces but Vietnamese Unicode text rarely holds.
_VIETNAMESE_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_SUSPECT = (set(TCVN3_TO_UNICODE) | {c for k in VNI_TO_UNICODE for c in k if ord(c) > 127}) - (
    _VIETNAMESE_LATIN1
)


def decode_tcvn3(text: str, *, upper: bool = False) -> str:
    """TCVN3 text to NFC Unicode; `upper` for the capitals-only fonts (.VnTimeH)."""
    out = "".join(TCVN3_TO_UNICODE.get(c, c) for c in text)
    return unicodedata.normalize("NFC", out.upper() if upper else out)


def decode_vni(text: str) -> str:
    """VNI text to NFC Unicode."""
    return unicodedata.normalize("NFC", _VNI_PATTERN.sub(lambda m: VNI_TO_UNICODE[m.group()], text))


def font_hint(font: str) -> Encoding:
    """The encoding a font's name announces: `.VnTime`, `.VnArialH` → TCVN3; `VNI-Times` → VNI."""
    name = font.split("+", 1)[-1].lower().lstrip(".")
    if name.startswith("vni-") or name.startswith("vni"):
        return "vni"
    if name.startswith("vn") and not name.startswith("vni"):
        return "tcvn3"
    return "unicode"


def is_capitals_font(font: str) -> bool:
    """TCVN3's capitals fonts end in H (`.VnTimeH`, `.VnArialH`): lower codes draw capitals."""
    name = font.split("+", 1)[-1].split(",")[0].split("-")[0]
    return font_hint(font) == "tcvn3" and name.endswith("H")


def looks_legacy(text: str) -> bool:
    """Cheap test: does the text hold characters that only a legacy layer would produce?"""
    suspect = sum(1 for c in text if c in _SUSPECT)
    return suspect >= 2 and suspect >= 0.01 * len(text)


def detect(text: str, fonts: set[str] | None = None) -> Encoding:
    """Which encoding the page's text layer is in, by font names and character statistics."""
    hinted = {font_hint(f) for f in fonts or ()} - {"unicode"}
    if not hinted and not looks_legacy(text):
        return "unicode"
    candidates: dict[Encoding, str] = {
        "unicode": text,
        "tcvn3": decode_tcvn3(text),
        "vni": decode_vni(text),
    }
    scores = {}
    for name, decoded in candidates.items():
        known, invalid, _ = syllable_shares(decoded)
        scores[name] = known - invalid + (0.05 if name in hinted else 0.0)
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] > scores["unicode"] + 0.02 else "unicode"


_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060\ufeff]")


def decode(text: str, encoding: Encoding, *, font: str = "") -> str:
    """Text in the given encoding to NFC Unicode, without invisible characters."""
    if encoding == "tcvn3":
        text = decode_tcvn3(text, upper=is_capitals_font(font))
    elif encoding == "vni":
        text = decode_vni(text)
    return _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
