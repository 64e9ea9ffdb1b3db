"""How real offices write: ways of setting a letter that the plain generator does not, by name.

Each style is a rule of how Vietnamese letters are written (Nghị định 30/2020 Appendix I for
state bodies, Hướng dẫn 36-HD/VPTW for Party bodies) that real letters follow and the plain
generator did not: a signer's authority line over the title, an issuer's name over three
lines, a citation broken after its hyphen… A style takes a composed letter and a random source
and gives the letter rewritten that way, with its gold rewritten to match. `corpus_letters`
adds letters in every style; tests ask for one by name (`styled(seed, name)`). The styles'
own words are the generator's (vocab), never a real letter's.

The modules beside this one each hold the styles of one part of a letter; the imports at the
end of this one register them.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace

from corpus.synth.compose import Letter, compose

Style = Callable[[Letter, random.Random], Letter]
#: Every style by name, in the order they were registered.
STYLES: dict[str, Style] = {}


def style(name: str) -> Callable[[Style], Style]:
    """Register a style under `name`."""
    def register(fn: Style) -> Style:
        if name in STYLES:
            raise ValueError(f"style {name!r} registered twice")
        STYLES[name] = fn
        return fn
    return register


def styled(seed: int, name: str, **compose_options: object) -> Letter:
    """The letter of `seed` written in style `name` (the same seed gives the same letter)."""
    letter = compose(seed, **compose_options)  # type: ignore[arg-type]
    out = STYLES[name](letter, random.Random(f"{name}:{seed}"))
    return replace(out, key=f"style-{name.replace('_', '-')}-{seed:04d}")


def styled_letters(per_style: int = 2, *, first_seed: int = 9101) -> list[Letter]:
    """`per_style` letters in every style, from seeds apart from the plain corpus's."""
    return [styled(first_seed + 10 * i + k, name)
            for i, name in enumerate(STYLES) for k in range(per_style)]


# The styles of each part of a letter register themselves on import (one line a module).
from corpus.synth.styles import citations as _citations  # noqa: E402,F401
from corpus.synth.styles import header as _header  # noqa: E402,F401
from corpus.synth.styles import numbering as _numbering  # noqa: E402,F401
from corpus.synth.styles import signer as _signer  # noqa: E402,F401
