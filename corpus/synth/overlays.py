"""What lands on a letter's header after it is printed: the ĐẾN stamp and the e-signature box.

The receiving office stamps an incoming letter "ĐẾN" (arrived): a framed box, in blue or red
ink, in the top-left margin or over the first lines, often at an angle; a clerk writes the
number and the day into it by hand ("Số: 277", "Ngày: 04/4/18") or stamps them with a
numbering stamp. A letter signed in an e-office system and printed carries the system's
e-signature box at the top right: a small frame with a round logo and "Ký bởi / Cơ quan /
Thời gian ký" in small blue type.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

from corpus.synth.fonts import FACES, FONT_DIR

_MONO = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"
_SANS = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
_SANS_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
INKS = {"blue": (35, 55, 165), "red": (200, 35, 45)}
PEN = (20, 30, 120)
#: Offices that stamp letters they receive (the top band of a two-part stamp).
RECEIVERS = ("VĂN PHÒNG UBND TỈNH", "SỞ NỘI VỤ", "TRUNG TÂM CÔNG BÁO", "VĂN THƯ CƠ QUAN")


@dataclass(frozen=True)
class IncomingStamp:
    """How one ĐẾN stamp looks: its number and date as written, ink, hand, angle, layout."""

    number: str
    when: str  # as written: "04/4/18", "4/4/2018"
    ink: str = "blue"
    handwritten: bool = True
    angle: float = 0.0  # degrees, counter-clockwise
    banded: bool = False  # a top band with the receiving office, "CV ĐẾN" in a left cell
    receiver: str = RECEIVERS[0]


def written_date(day: int, month: int, year: int, rng: random.Random) -> str:
    """A date as a clerk writes it on a stamp: "04/4/18", "4/4/2018", "04/04/2018"."""
    form = rng.randrange(3)
    if form == 0:
        return f"{day:02d}/{month}/{year % 100:02d}"
    if form == 1:
        return f"{day}/{month}/{year}"
    return f"{day:02d}/{month:02d}/{year}"


def random_stamp(number: str, when: str, rng: random.Random) -> IncomingStamp:
    """A stamp as offices make them: any ink, hand or numbering stamp, up to 8 degrees off."""
    return IncomingStamp(number=number, when=when, ink=rng.choice(tuple(INKS)),
                         handwritten=rng.random() < 0.6, angle=round(rng.uniform(-8, 8), 1),
                         banded=rng.random() < 0.5, receiver=rng.choice(RECEIVERS))


def _font(path: str, size: float) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, max(6, int(size)))


def _hand(draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, size: float,
          rng: random.Random) -> None:
    """Text written by hand: an italic pen, each figure a little off its line and size."""
    x, y = xy
    for ch in text:
        font = _font(str(FONT_DIR / FACES["italic"]), size * rng.uniform(1.0, 1.2))
        dy = rng.uniform(-0.12, 0.12) * size
        draw.text((x, y + dy), ch, fill=PEN, font=font)
        x += draw.textlength(ch, font=font) * rng.uniform(0.95, 1.15)


def stamp_image(stamp: IncomingStamp, px: float, rng: random.Random) -> Image.Image:
    """The stamp drawn on a clear RGBA tile, `px` pixels per inch, turned by its angle."""
    w, h = int(1.5 * px), int((0.78 if stamp.banded else 0.68) * px)
    tile = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(tile)
    ink = INKS[stamp.ink] + (235,)
    line = max(2, int(px / 60))
    draw.rectangle((line, line, w - line, h - line), outline=ink, width=line)
    small = _font(_SANS_BOLD, 0.1 * px)
    label = _font(_SANS, 0.11 * px)
    top = line * 2
    if stamp.banded:
        band = int(0.18 * px)
        draw.text((0.06 * px, top + 0.02 * px), stamp.receiver, fill=ink, font=small)
        draw.line((0, band, w, band), fill=ink, width=line)
        cell = int(0.42 * px)
        draw.line((cell, band, cell, h), fill=ink, width=line)
        draw.text((0.08 * px, band + 0.06 * px), "CV", fill=ink, font=_font(_SANS_BOLD, 0.15 * px))
        draw.text((0.04 * px, band + 0.3 * px), "ĐẾN", fill=ink,
                  font=_font(_SANS_BOLD, 0.13 * px))
        x0, y0, step = cell + 0.05 * px, band + 0.04 * px, 0.19 * px
    else:
        draw.text((0.08 * px, top + 0.02 * px), "ĐẾN", fill=ink, font=_font(_SANS_BOLD, 0.16 * px))
        x0, y0, step = 0.08 * px, top + 0.22 * px, 0.15 * px
    for i, (name, value) in enumerate((("Số:", stamp.number), ("Ngày:", stamp.when),
                                       ("Chuyển:", None))):
        y = y0 + i * step
        draw.text((x0, y), name, fill=ink, font=label)
        at = x0 + draw.textlength(name, font=label) + 0.06 * px
        if value is None:
            continue
        room = w - at - 0.08 * px  # the clerk writes small enough to stay in the box
        size = min(0.13 * px, room / max(1, len(value)) / 0.62)
        if stamp.handwritten:
            _hand(draw, (at, y - 0.03 * px), value, size, rng)
        else:
            draw.text((at, y), value, fill=ink, font=_font(_MONO, min(0.12 * px, size)))
    return tile.rotate(stamp.angle, resample=Image.Resampling.BICUBIC, expand=True)


@dataclass(frozen=True)
class ESignBox:
    """The e-office system's box: who signed, their office, and when (shown as printed)."""

    signer: str
    organisation: str
    time: str  # "05.02.2025 15:35:18 +07:00"


def esign_image(box: ESignBox, px: float) -> Image.Image:
    """The e-signature box on a clear RGBA tile: a round logo left, three lines of small type."""
    w, h = int(2.7 * px), int(0.55 * px)
    tile = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(tile)
    blue = INKS["blue"] + (255,)
    red = INKS["red"] + (235,)
    draw.rectangle((1, 1, w - 2, h - 2), outline=blue, width=max(1, int(px / 100)))
    r = 0.2 * px
    cx, cy = 0.27 * px, h / 2
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=red, width=max(2, int(px / 50)))
    draw.ellipse((cx - r / 2, cy - r / 2, cx + r / 2, cy + r / 2), fill=red)
    font = _font(_SANS, 0.085 * px)
    x = 0.55 * px
    for i, text in enumerate((f"Ký bởi: {box.signer}", f"Cơ quan: {box.organisation}",
                              f"Thời gian ký: {box.time}")):
        draw.text((x, 0.05 * px + i * 0.15 * px), text, fill=blue, font=font)
    return tile


def paste(image: Image.Image, tile: Image.Image, at: tuple[float, float]) -> Image.Image:
    """The page image with the tile laid over it, its top-left corner at `at` (pixels)."""
    page = image.convert("RGBA")
    page.alpha_composite(tile, (max(0, int(at[0])), max(0, int(at[1]))))
    return page.convert("RGB")
