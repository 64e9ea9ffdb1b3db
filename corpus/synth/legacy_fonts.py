"""Legacy-font letters for the corpus: TCVN3 (.VnTime/.VnTimeH) and VNI (VNI-Times) text layers."""

from __future__ import annotations

import io
import unicodedata
from functools import lru_cache

from corpus.synth.fonts import FACES, FONT_DIR
from extract.legacy import TCVN3_TO_UNICODE, VNI_TO_UNICODE

_TCVN3_FROM = {letter: code for code, letter in TCVN3_TO_UNICODE.items()}
_VNI_FROM = {letter: seq for seq, letter in VNI_TO_UNICODE.items() if len(letter) == 1}


@lru_cache(maxsize=4)
def renamed_font(name: str) -> bytes:
    """Liberation Serif under another name, as an old office font would be embedded."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(FONT_DIR / FACES["regular"]))
    for record in font["name"].names:
        if record.nameID in (1, 3, 4, 6):
            record.string = name
    buf = io.BytesIO()
    font.save(buf)
    return buf.getvalue()


def tcvn3_fonts() -> dict[str, bytes]:
    """The two TCVN3 fonts: mixed case and capitals."""
    return {"VnTime": renamed_font("VnTime"), "VnTimeH": renamed_font("VnTimeH")}


def vni_fonts() -> dict[str, bytes]:
    """The VNI font."""
    return {"VNI-Times": renamed_font("VNI-Times")}


def encode_tcvn3(text: str) -> list[tuple[str, str]]:
    """Runs of (font, TCVN3 codes): capitals without a TCVN3 code go to the capitals font."""
    runs: list[tuple[str, str]] = []
    capitals_line = text.upper() == text and any(c.isalpha() for c in text)
    for c in unicodedata.normalize("NFC", text):
        if capitals_line:
            font, code = "VnTimeH", _TCVN3_FROM.get(c.lower(), c.lower())
        elif c in _TCVN3_FROM or c.isascii():
            font, code = "VnTime", _TCVN3_FROM.get(c, c)
        else:
            font, code = "VnTimeH", _TCVN3_FROM.get(c.lower(), c)
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + code)
        else:
            runs.append((font, code))
    return runs


def encode_vni(text: str) -> list[tuple[str, str]]:
    """One run in VNI-Times: each letter as its VNI base-and-mark sequence."""
    return [("VNI-Times", "".join(_VNI_FROM.get(c, c)
                                  for c in unicodedata.normalize("NFC", text)))]
