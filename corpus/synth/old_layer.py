"""A scan that an earlier program OCR'd: an invisible text layer over the page's image.

Offices ran scans through OCR programs that knew no Vietnamese: the layer they left has no
diacritics ("So giao duc va dao tao"), or reads letters as look-alikes and marks as stray
signs ("So giao dvc va da° tao s6"). A scanner's own OCR may also leave a good Vietnamese
layer. The layer is drawn invisible (render mode 3) word by word where the words are printed.
"""

from __future__ import annotations

import random
import unicodedata
from typing import Literal

import pymupdf

from corpus.synth.fonts import FACES, FONT_DIR
from corpus.synth.render import TruthPage

#: What the old program wrote: correct Vietnamese, the words without their marks, mojibake.
LayerKind = Literal["good", "no_marks", "mojibake"]
LAYER_KINDS: tuple[LayerKind, ...] = ("good", "no_marks", "mojibake")

#: A letter without its marks, as an OCR program that knew no Vietnamese gives it back.
_LOOK_ALIKES = {"u": "v", "o": "°", "e": "c", "n": "rn", "i": "l", "a": "o"}
#: The marked letters such a program read as digits or signs.
_MARKED_AS = {"ố": "6", "ồ": "6", "ộ": "0", "ơ": "o'", "ư": "u'", "đ": "d", "ạ": "a.", "ế": "e'"}


def no_marks(text: str) -> str:
    """The text with every diacritic dropped and đ written d."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def mojibake(text: str, rng: random.Random) -> str:
    """The text as a program without Vietnamese read it: marks to signs, letters confused."""
    out = []
    for word in text.split():
        chars = []
        for c in unicodedata.normalize("NFC", word):
            low = c.lower()
            if low in _MARKED_AS and rng.random() < 0.6:
                chars.append(_MARKED_AS[low])
                continue
            plain = no_marks(c)
            if plain.lower() in _LOOK_ALIKES and rng.random() < 0.15:
                chars.append(_LOOK_ALIKES[plain.lower()])
            else:
                chars.append(plain)
        out.append("".join(chars))
    return " ".join(out)


def layer_text(word: str, kind: LayerKind, rng: random.Random) -> str:
    """What the old program wrote for one printed word."""
    if kind == "good":
        return word
    if kind == "no_marks":
        return no_marks(word)
    return mojibake(word, rng)


def add_layer(data: bytes, truth: list[TruthPage], kind: LayerKind, *, seed: int = 0) -> bytes:
    """The image-only PDF `data` with an invisible text layer of `kind` over each page."""
    rng = random.Random(seed)
    doc = pymupdf.open(stream=data, filetype="pdf")
    for index, true_page in enumerate(truth):
        page = doc[index]
        page.insert_font(fontname="layer", fontfile=str(FONT_DIR / FACES["regular"]))
        for word in true_page.words:
            x0, _, _, y1 = word.bbox
            height = word.bbox[3] - word.bbox[1]
            page.insert_text((x0, y1 - 0.2 * height), layer_text(word.text, kind, rng),
                             fontname="layer", fontsize=max(4.0, 0.8 * height), render_mode=3)
    return doc.tobytes(garbage=3, deflate=True)
