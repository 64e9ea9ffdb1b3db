"""What a Vietnamese syllable may look like: the checks behind legacy-font and OCR scoring."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

_TONE_MARKS = {
    "\u0300": "huyền", "\u0301": "sắc", "\u0303": "ngã", "\u0309": "hỏi", "\u0323": "nặng",
}
_ONSET = "ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnprstvx]"
_VOWELS = "[aăâeêioôơuưy]{1,3}"
_CODA = "ch|ng|nh|[cmnpt]"
_SYLLABLE = re.compile(rf"^(?:{_ONSET})?{_VOWELS}(?:{_CODA})?$")
_STOP_CODA = ("c", "ch", "p", "t")
#: Letters that Vietnamese words are written with (lower case, NFC, tone marks removed).
_LETTERS = set("abcdđeghiklmnopqrstuvxyăâêôơư")
#: The letters that carry a mark of their own, before any tone mark.
_MARKED_LETTERS = set("đăâêôơư")
_WORD_EDGES = re.compile(r"^[^\w]+|[^\w]+$")


def strip_tone(syllable: str) -> tuple[str, str | None, int]:
    """The syllable without its tone mark, the tone, and how many tone marks it carried."""
    decomposed = unicodedata.normalize("NFD", syllable)
    tones = [c for c in decomposed if c in _TONE_MARKS]
    base = "".join(c for c in decomposed if c not in _TONE_MARKS)
    tone = _TONE_MARKS[tones[0]] if tones else None
    return unicodedata.normalize("NFC", base), tone, len(tones)


def is_abbreviation(token: str) -> bool:
    """True for capitals-only shorthand such as UBND, HĐND, TW (not judged as syllables)."""
    return (2 <= len(token) <= 8 and token.isupper() and token.isalpha()
            and not is_valid_syllable(token))


def is_valid_syllable(token: str) -> bool:
    """True when the token could be one Vietnamese syllable (phonotactics and tone rules)."""
    base, tone, count = strip_tone(token.lower())
    if count > 1 or not base or not set(base) <= _LETTERS:
        return False
    if not _SYLLABLE.match(base):
        return False
    return not (base.endswith(_STOP_CODA) and tone not in (None, "sắc", "nặng"))


@lru_cache(maxsize=1)
def dictionary_syllables() -> frozenset[str]:
    """Every syllable of the Vietnamese word list that ships inside underthesea."""
    data = resources.files("underthesea.corpus").joinpath("data/Viet74K.txt")
    text = unicodedata.normalize("NFC", data.read_text(encoding="utf-8"))
    return frozenset(s for s in text.lower().split() if s.isalpha())


def judged_tokens(text: str) -> list[str]:
    """The tokens of a text that are words to judge: letters only, not abbreviations."""
    out = []
    for raw in text.split():
        token = _WORD_EDGES.sub("", raw)
        if token and not any(c.isdigit() for c in token) and not is_abbreviation(token):
            out.append(token)
    return out


def syllable_shares(text: str) -> tuple[float, float, int]:
    """Share of judged tokens in the dictionary, share that are impossible, and their count."""
    tokens = judged_tokens(text)
    if not tokens:
        return 0.0, 0.0, 0
    words = dictionary_syllables()
    known = sum(1 for t in tokens if t.lower() in words)
    invalid = sum(1 for t in tokens if not is_valid_syllable(t))
    return known / len(tokens), invalid / len(tokens), len(tokens)


def carries_marks(token: str) -> bool:
    """True when the word is written with a tone mark or a marked letter (ă â ê ô ơ ư đ)."""
    base, _, count = strip_tone(token.lower())
    return count > 0 or any(c in _MARKED_LETTERS for c in base)


def marked_share(text: str) -> tuple[float, int]:
    """Share of judged tokens that carry their marks, and how many tokens were judged.

    Printed Vietnamese carries a mark on about nine syllables in ten; a text layer an old
    program wrote without diacritics ("So giao duc va dao tao") carries almost none.
    """
    tokens = judged_tokens(text)
    if not tokens:
        return 0.0, 0
    return sum(1 for t in tokens if carries_marks(t)) / len(tokens), len(tokens)
