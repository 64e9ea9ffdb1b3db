"""Normalising read words: NFC, one tone-placement convention, and Tesseract's Vietnamese slips.

Every step works word by word and never merges or splits words, so the map from a normalised
word back to the word as read (and its box) is its index: nothing is rewritten out of place.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache

from underthesea.pipeline.text_normalize import token_normalize

from nlp.doctypes import ABBREVIATIONS

_CORE = re.compile(r"^(\W*)(.*?)(\W*)$", re.DOTALL)
_NUMERICISH = re.compile(r"^[0-9OoIl|]+(?:[/.\-][0-9OoIl|]+)+[.,;:)]*$|^[0-9]+[Oo][0-9]*$")
#: Letters OCR reads for digits, and the digit each stands for.
OCR_DIGITS = {"O": "0", "o": "0", "I": "1", "l": "1", "|": "1", "Z": "2", "S": "5", "B": "8"}
_DIGIT_SLIPS = str.maketrans({k: OCR_DIGITS[k] for k in "OoIl|"})  # the ones dates suffer
#: A number and symbol whose type slot Tesseract read without the bar of Đ ("272-QD/TW").
_REF_TYPE_SLOT = re.compile(r"^(\d*[-/](?:\d{4}/)?)(QDi|QyD|QD|CD)(?=[-/])")
#: Only slots with no reading of their own: "HD" (Hướng dẫn) and "DA" (Dự án) are types.
_D_SLOTS = {"QD": "QĐ", "CD": "CĐ", "QyD": "QyĐ", "QDi": "QĐi"}


#: Letters OCR gives for Vietnamese ones: the Icelandic eth (Ð, ð) for Đ, đ.
_LOOKALIKES = str.maketrans({"Ð": "Đ", "ð": "đ"})


def nfc(text: str) -> str:
    """Unicode NFC, the one form every string in the project is kept in."""
    return unicodedata.normalize("NFC", text)


def lookalikes(word: str) -> str:
    """Look-alike letters Tesseract outputs replaced by the Vietnamese ones ("QÐ" → "QĐ")."""
    return word.translate(_LOOKALIKES)


@lru_cache(maxsize=65536)
def tone_placement(word: str) -> str:
    """One tone-placement convention ("hoà" → "hòa", "Uỷ" → "Ủy"), underthesea's."""
    match = _CORE.match(word)
    if match is None:  # pragma: no cover - the pattern matches every string
        return word
    lead, core, trail = match.groups()
    if not core or not core.isalpha():
        return word
    return f"{lead}{token_normalize(core)}{trail}"


def digit_slips(word: str) -> str:
    """Letters read for digits inside a date or number ("2O15", "l0/9/2019")."""
    if any(c.isdigit() for c in word) and _NUMERICISH.match(word):
        return word.translate(_DIGIT_SLIPS)
    return word


_STRAY_MARKS = re.compile(r"(?<=[A-Za-zĐđ])['’‘`´](?=[A-Za-zĐđ])")


def ref_slips(word: str) -> str:
    """The type slot of a number and symbol with Đ read as D ("272-QD/TW" → "272-QĐ/TW").

    Also drops a stray quote OCR puts between a symbol's letters ("30/CT-T'Tg").
    """
    if re.match(r"^\d+[-/]", word):
        word = _STRAY_MARKS.sub("", word)
    match = _REF_TYPE_SLOT.match(word)
    if match is not None:
        word = f"{match.group(1)}{_D_SLOTS[match.group(2)]}{word[match.end():]}"
    return _type_slot_noise(word)


_SLOT = re.compile(r"^(\d*[-/](?:\d{4}/)?)([A-Za-zĐđ|1]{2,6})(?=[-/])")
_NOISE = frozenset("Il|1")


def _type_slot_noise(word: str) -> str:
    """A doubled letter or a stray I/l in a symbol's type slot ("QĐĐ-UBND", "TTIr-SCT")."""
    match = _SLOT.match(word)
    if match is None or match.group(2) in ABBREVIATIONS:
        return word
    slot = match.group(2)
    fixes = {slot[:i] + slot[i + 1:] for i, c in enumerate(slot)
             if (c in _NOISE or (i and slot[i - 1] == c))
             and slot[:i] + slot[i + 1:] in ABBREVIATIONS}
    if len(fixes) != 1:
        return word
    return f"{match.group(1)}{fixes.pop()}{word[match.end():]}"


#: Abbreviations of letters whose case OCR gets wrong, by their lower-case form.
_ABBREVIATIONS = {"b/c": "b/c", "t/h": "t/h", "k/t": "K/T", "t/m": "T/M", "t/l": "T/L"}


def abbreviation_case(word: str) -> str:
    """The one spelling of "b/c" (báo cáo), "K/T" … whatever case OCR read them in."""
    match = _CORE.match(word)
    if match is None:  # pragma: no cover
        return word
    lead, core, trail = match.groups()
    fixed = _ABBREVIATIONS.get(core.lower())
    return f"{lead}{fixed}{trail}" if fixed else word


#: Two-word slips: (first as read, second as read) → first corrected. The second word decides.
_PAIR_SLIPS: dict[tuple[str, str], tuple[str, str]] = {
    ("chi", "thị"): ("chỉ", "thị"),
    ("chi", "thi"): ("chỉ", "thị"),
    ("quyết", "đinh"): ("quyết", "định"),
    ("quyêt", "định"): ("quyết", "định"),
    ("nghi", "định"): ("nghị", "định"),
    ("nghi", "quyết"): ("nghị", "quyết"),
    ("thông", "tu"): ("thông", "tư"),
    ("kê", "hoạch"): ("kế", "hoạch"),
    ("hướng", "dân"): ("hướng", "dẫn"),
    ("kính", "gưi"): ("kính", "gửi"),
    ("nơi", "nhân"): ("nơi", "nhận"),
    ("lưu:", "vtf"): ("lưu:", "vt"),  # "Lưu: VT." with its full stop read as F
    ("lưu:", "vf"): ("lưu:", "vt"),
    ("cống", "thông"): ("cổng", "thông"),  # "Cổng thông tin điện tử"
    # Words of bodies' names and titles whose hook or circumflex Tesseract drops or swaps.
    ("nhân", "dần"): ("nhân", "dân"),
    ("nồng", "thồn"): ("nông", "thôn"),
    ("nông", "thồn"): ("nông", "thôn"),
    ("nồng", "thôn"): ("nông", "thôn"),
    ("tố", "chức"): ("tổ", "chức"),
    ("tống", "hợp"): ("tổng", "hợp"),
    ("trao", "đối"): ("trao", "đổi"),
}


def _match_case(model: str, word: str) -> str:
    if model.isupper():
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def pair_slips(words: list[str]) -> list[str]:
    """Word pairs Tesseract misreads in Vietnamese ("Chi thị" → "Chỉ thị"), case kept."""
    out = list(words)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        b_core = b.rstrip(",.;:")
        fix = _PAIR_SLIPS.get((a.lower(), b_core.lower()))
        if fix is not None and a.endswith(":"):
            fix = (a.lower(), fix[1])
        if fix is not None:
            out[i] = _match_case(a, fix[0])
            out[i + 1] = _match_case(b_core, fix[1]) + b[len(b_core):]
    return out


#: The word steps, in order; each is testable alone.
WORD_STEPS: tuple[Callable[[str], str], ...] = (nfc, lookalikes, tone_placement, digit_slips,
                                                ref_slips, abbreviation_case)


def normalise_words(words: Sequence[str]) -> list[str]:
    """Every step applied to a line's words; the result has exactly as many words."""
    out = list(words)
    for step in WORD_STEPS:
        out = [step(w) for w in out]
    return pair_slips(out)


