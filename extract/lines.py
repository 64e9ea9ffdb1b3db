"""The one module that talks to the second recogniser: AsterOCR's line model, through ONNX Runtime.

Tesseract reads the page; this model reads one line image at a time (a CTC recogniser whose
weights ship inside the `asterocr` wheel, MIT licence). It is asked only where a line matters
and Tesseract is weak: the handwritten number and day written into a printed header's slots.

The model is loaded from the wheel's own file, never fetched: no network at run time. What it
returns is positioned: every character keeps the span of the image it was read from, and
the probability the model gave it, so a caller can take the characters of one slot and know
how sure the model was of each.
"""

from __future__ import annotations

import json
import logging
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

log = logging.getLogger(__name__)

#: The model reads images this many pixels high.
HEIGHT = 32


@dataclass(frozen=True, slots=True)
class Glyph:
    """One character the model read: its text, its x span in the line image, its probability."""

    text: str
    x0: float
    x1: float
    probability: float


@dataclass(frozen=True, slots=True)
class LineReading:
    """What the model read on one line image, character by character, and its frames' scores.

    `scores` keeps the per-frame class probabilities (frames × classes) so that a slot of the
    line can be decoded again under a narrower alphabet (digits only).
    """

    glyphs: tuple[Glyph, ...]
    scores: Any  # numpy array, frames × classes
    width: float  # the line image's width in its own pixels

    @property
    def text(self) -> str:
        """The characters read, as one string."""
        return "".join(g.text for g in self.glyphs)

    def frame_of(self, x: float) -> int:
        """The frame that covers the image's column `x`."""
        frames = self.scores.shape[0]
        return max(0, min(frames, round(x * frames / self.width)))

    def digits_between(self, x0: float, x1: float) -> tuple[Glyph, ...]:
        """The digits the model sees between columns `x0` and `x1`, read with digits only.

        In a slot that holds only digits, a stroke the model takes for a letter is the digit
        it looks like (a handwritten "1" reads as "/", "0" as "O"): each digit's score is its
        own probability plus that of its look-alikes.
        """
        vocabulary = _vocabulary()
        merged = self.scores[:, list(vocabulary.digits)].copy()
        for column, digit in enumerate(vocabulary.digits):
            alike = [vocabulary.chars.index(c) for c in LOOK_ALIKE.get(vocabulary.chars[digit], "")
                     if c in vocabulary.chars]
            if alike:
                merged[:, column] += self.scores[:, alike].sum(axis=1)
        scores = np.concatenate([self.scores[:, :1], merged], axis=1)
        glyphs = _decode(scores, self.width, None, start=self.frame_of(x0), end=self.frame_of(x1),
                         chars=("", *(vocabulary.chars[d] for d in vocabulary.digits)))
        return glyphs


@dataclass(frozen=True)
class _Vocabulary:
    chars: tuple[str, ...]
    digits: tuple[int, ...]  # class indices of 0-9


def _assets() -> Path:
    return Path(str(resources.files("asterocr") / "assets"))


@lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    chars = tuple(json.loads((_assets() / "vocab.json").read_text(encoding="utf-8"))["chars"])
    return _Vocabulary(chars, tuple(i for i, c in enumerate(chars) if c.isdigit()))


@lru_cache(maxsize=1)
def _session() -> Any:
    import onnxruntime as ort

    options = ort.SessionOptions()
    # Pages run in parallel in the workers: one thread per process, as for Tesseract.
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    model = _assets() / "asternet.onnx"
    log.debug("loading the line model from %s", model)
    return ort.InferenceSession(str(model), sess_options=options,
                                providers=["CPUExecutionProvider"])


def available() -> bool:
    """Whether the line model can be used here (its package and runtime are installed)."""
    try:
        return (_assets() / "asternet.onnx").is_file() and _session() is not None
    except (ImportError, ModuleNotFoundError, OSError):
        return False


def _tensor(image: Image.Image) -> np.ndarray:
    rgb = image.convert("RGB")
    width = max(HEIGHT, round(rgb.width * HEIGHT / max(1, rgb.height)))
    width = (width + 3) // 4 * 4
    arr = np.asarray(rgb.resize((width, HEIGHT), Image.Resampling.BILINEAR), dtype=np.float32)
    arr = (arr / 255.0 - 0.5) / 0.5
    return np.transpose(arr, (2, 0, 1))[np.newaxis, ...]


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=-1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=-1, keepdims=True)


#: The letters and marks a written digit is taken for, when a slot can hold only digits.
LOOK_ALIKE = {"0": "Oo", "1": "/|lI!", "2": "Zz", "5": "Ss", "8": "B", "9": "gq"}


def _decode(scores: np.ndarray, width: float, allowed: tuple[int, ...] | None, *,
            start: int = 0, end: int | None = None,
            chars: tuple[str, ...] | None = None) -> tuple[Glyph, ...]:
    """Greedy CTC decoding of frames [start, end), over `allowed` classes (and the blank) only.

    Class 0 is the blank; `chars` names the classes of `scores` (the model's own by default).
    """
    chars = _vocabulary().chars if chars is None else chars
    frames = scores.shape[0]
    end = frames if end is None else min(end, frames)
    step = width / max(1, frames)
    if allowed is None:
        window = scores[start:end]
        classes = np.arange(scores.shape[1])
    else:
        classes = np.array((0, *allowed))
        window = scores[start:end][:, classes]
    best = window.argmax(axis=1)
    glyphs: list[Glyph] = []
    run: list[int] = []  # frames of the character being read
    previous = 0

    def close() -> None:
        if run:
            index = int(classes[best[run[0] - start]])
            probability = float(max(scores[f, index] for f in run))
            glyphs.append(Glyph(chars[index], run[0] * step, (run[-1] + 1) * step,
                                round(probability, 3)))
            run.clear()

    for offset, choice in enumerate(best):
        frame = start + offset
        if choice == 0:
            close()
        elif choice != previous:
            close()
            run.append(frame)
        else:
            run.append(frame)
        previous = int(choice)
    close()
    return tuple(Glyph(unicodedata.normalize("NFC", g.text), g.x0, g.x1, g.probability)
                 for g in glyphs)


def read_line(image: Image.Image) -> LineReading:
    """The characters the model reads on one line image (any height; it is scaled to 32 px)."""
    tensor = _tensor(image)
    session = _session()
    log_probs = session.run(None, {session.get_inputs()[0].name: tensor})[0]
    scores = _softmax(np.asarray(log_probs, dtype=np.float32)[:, 0, :])
    width = float(image.width)  # the frames span the whole image, scaled
    return LineReading(_decode(scores, width, None), scores, width)
