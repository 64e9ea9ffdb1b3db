"""Vietnamese text without its marks, for matching that forgives them ("hoa ky" ~ "Hoa Kỳ").

A leaf module (standard library only): the store and its migrations use it without loading the
readers.
"""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower case without tone or vowel marks, đ as d: "Hoa Kỳ, Đà Nẵng" → "hoa ky, da nang"."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed
                                                if not unicodedata.combining(c)))
