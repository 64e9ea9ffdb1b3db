"""Turning a born-digital letter into a scan: resolution, colour, seal, stamp, skew, noise."""

from __future__ import annotations

import io
import random
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pymupdf
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

from corpus.synth import handwriting, overlays
from corpus.synth.fonts import FACES, FONT_DIR


@dataclass(frozen=True)
class ScanStyle:
    """How a page is degraded; the default is the clean 200 dpi grey scan the OCR target uses."""

    dpi: int = 200
    colour: bool = False
    skew: float = 0.0
    noise: float = 0.0  # standard deviation of grey noise, 0-255
    blur: float = 0.0
    jpeg_quality: int | None = None
    seal: bool = False
    #: How much of the paper the seal's red ink hides, 0-255: 150 is a light stamp (grey ~155
    #: once scanned in grey), 240 a well-inked one (grey ~95, as dark as faded text).
    seal_ink: int = 150
    incoming_stamp: tuple[str, str] | None = None  # (number, date d/m/yyyy)
    #: The stamp as offices make them (overlays.py): any ink, at an angle, number and date by
    #: hand or numbering stamp, in the margin or over the first lines; else a neat blue box.
    real_stamp: bool = False
    stamp_by_hand: bool = True  # a real stamp's number and day written by hand, else stamped
    esign: overlays.ESignBox | None = None  # the e-office's box at the top right
    rotate: int = 0  # quarter turns clockwise (a page fed sideways)
    #: Whether the image file says its resolution (a DPI tag); False: a bare PNG or a JPEG
    #: tagged with a screen's 72 dpi, as screenshots and some phone apps write them.
    tagged: bool = True
    #: The share of the sheet's width cut away, half at each side (a crop, no longer A4).
    trim: float = 0.0


def random_style(rng: random.Random) -> ScanStyle:
    """A plausible office scan or phone photo: 150-300 dpi, some skew, noise, blur, JPEG."""
    return ScanStyle(
        dpi=rng.choice((150, 200, 200, 300)),
        colour=rng.random() < 0.4,
        skew=round(rng.uniform(-2.5, 2.5), 2),
        noise=rng.choice((0.0, 4.0, 8.0)),
        blur=rng.choice((0.0, 0.0, 0.6)),
        jpeg_quality=rng.choice((None, 85, 70)),
        seal=rng.random() < 0.5,
        incoming_stamp=(
            str(rng.randrange(10, 999)),
            f"{rng.randrange(1, 28)}/{rng.randrange(1, 12)}/{rng.randrange(2016, 2024)}",
        ) if rng.random() < 0.3 else None,
        seal_ink=rng.choice((150, 200, 240)),
    )


def _font(size: int, face: str = "bold") -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_DIR / FACES[face]), size)


def _seal(image: Image.Image, centre: tuple[float, float], px: float,
          ink: int = 150) -> Image.Image:
    """The page with a round red seal stamped on it.

    Outer and inner rings, capitals between them, a star; the ink multiplies the page, so
    black text under the seal stays black.
    """
    ink_layer = Image.new("RGB", image.size, (255, 255, 255))
    draw = ImageDraw.Draw(ink_layer)
    r = 1.5 * px
    cx, cy = centre
    a = ink / 255
    red = tuple(round(255 - a * (255 - c)) for c in (205, 30, 35))
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=red, width=max(2, int(px / 10)))
    draw.ellipse((cx - r * 0.7, cy - r * 0.7, cx + r * 0.7, cy + r * 0.7), outline=red,
                 width=max(1, int(px / 20)))
    # Capitals round the ring, as a seal names its office.
    font = _font(max(8, int(r * 0.17)))
    for i, letter in enumerate("ỦY BAN NHÂN DÂN TỈNH"):
        angle = np.pi * (0.85 + 1.3 * i / 19)  # from lower left, over the top, to lower right
        lx, ly = cx + r * 0.85 * np.cos(angle), cy + r * 0.85 * np.sin(angle)
        draw.text((lx, ly), letter, fill=red, font=font, anchor="mm")
    star = [(cx + r * 0.35 * np.cos(t), cy + r * 0.35 * np.sin(t))
            for t in np.linspace(-np.pi / 2, 3.5 * np.pi, 11)[:10]]
    draw.polygon([p if i % 2 == 0 else (cx + (p[0] - cx) * 0.45, cy + (p[1] - cy) * 0.45)
                  for i, p in enumerate(star)], fill=red)
    return ImageChops.multiply(image.convert("RGB"), ink_layer)


def _stamp(image: Image.Image, number: str, when: str, px: float) -> Image.Image:
    draw = ImageDraw.Draw(image)
    # In the top margin, left, where a clerk stamps an incoming letter.
    x, y = 0.12 * px, 0.04 * px
    blue = (40, 60, 170)
    draw.rectangle((x, y, x + 1.6 * px, y + 0.7 * px), outline=blue, width=max(2, int(px / 40)))
    font = _font(int(0.14 * px))
    draw.text((x + 0.08 * px, y + 0.04 * px), "ĐẾN", fill=blue, font=font)
    draw.text((x + 0.08 * px, y + 0.24 * px), f"Số: {number}", fill=blue, font=font)
    draw.text((x + 0.08 * px, y + 0.45 * px), f"Ngày: {when}", fill=blue, font=font)
    return image


def _real_stamp(image: Image.Image, number: str, when: str, px: float, *, by_hand: bool,
                at: tuple[float, float] | None, rng: random.Random) -> Image.Image:
    """The ĐẾN stamp as offices make it, its top-left at `at` (points; else the top margin)."""
    d, m, y = (int(x) for x in when.split("/"))
    stamp = replace(overlays.random_stamp(number, overlays.written_date(d, m, y, rng), rng),
                    handwritten=by_hand)
    tile = overlays.stamp_image(stamp, px, rng)
    x, y0 = (0.04 * 72, 0.02 * 72) if at is None else at
    return overlays.paste(image, tile, (x * px / 72, y0 * px / 72))


def _esign(image: Image.Image, box: overlays.ESignBox, px: float) -> Image.Image:
    """The e-signature box at the top right, over the top margin and the motto's first line."""
    tile = overlays.esign_image(box, px)
    return overlays.paste(image, tile, (image.width - tile.width - 0.35 * px, 0.12 * px))


def scan_page(page: pymupdf.Page, style: ScanStyle, *,
              seal_at: tuple[float, float] | None = None, seed: int = 0,
              hand: Sequence[tuple[str, tuple[float, float, float, float]]] = (),
              stamp_at: tuple[float, float] | None = None) -> Image.Image:
    """The page as a scanner would give it back, at `style.dpi`.

    `hand` is what a clerk wrote on the paper by hand: digits and their boxes in points.
    `stamp_at`: where a real stamp's top-left corner goes, in points (else the top margin).
    """
    pix = page.get_pixmap(dpi=style.dpi, alpha=False)
    image = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
    px = style.dpi  # pixels per inch
    pen = random.Random(seed)
    for text, (x0, y0, x1, y1) in hand:
        s = px / 72
        handwriting.write_digits(image, text, (x0 * s, y0 * s, x1 * s, y1 * s), pen)
    if style.seal and seal_at is not None:
        image = _seal(image, (seal_at[0] * px / 72, seal_at[1] * px / 72), px * 0.6,
                      style.seal_ink)
    if style.esign is not None:
        image = _esign(image, style.esign, px)
    if style.incoming_stamp is not None and style.real_stamp:
        image = _real_stamp(image, *style.incoming_stamp, px, by_hand=style.stamp_by_hand,
                            at=stamp_at,
                            rng=random.Random(seed * 7 + 1))
    elif style.incoming_stamp is not None:
        image = _stamp(image, *style.incoming_stamp, px)
    if not style.colour:
        image = image.convert("L")
    if style.skew:
        image = image.rotate(style.skew, resample=Image.Resampling.BICUBIC,
                             fillcolor=255 if image.mode == "L" else (255, 255, 255))
    if style.blur:
        image = image.filter(ImageFilter.GaussianBlur(style.blur))
    if style.noise:
        rng = np.random.default_rng(seed)
        arr = np.asarray(image, dtype=np.float32)
        arr = np.clip(arr + rng.normal(0, style.noise, arr.shape), 0, 255).astype(np.uint8)
        image = Image.fromarray(arr)
    if style.rotate:
        image = image.rotate(-style.rotate, expand=True)
    if style.trim:
        cut = round(image.width * style.trim / 2)
        image = image.crop((cut, 0, image.width - cut, image.height))
    if style.jpeg_quality:
        buf = io.BytesIO()
        image.save(buf, format="JPEG", quality=style.jpeg_quality)
        image = Image.open(io.BytesIO(buf.getvalue()))
        image.load()
    image.info["dpi"] = (style.dpi, style.dpi)
    return image


#: Low-resolution scans without a DPI tag: a bare 150 dpi PNG, a 100 dpi JPEG saying 72 dpi,
#: and an 80 dpi JPEG cut at the sides (not A4's shape: only its text tells its scale).
LOW_RES_STYLES = (
    ScanStyle(dpi=150, tagged=False),
    ScanStyle(dpi=100, tagged=False, jpeg_quality=80),
    ScanStyle(dpi=80, tagged=False, jpeg_quality=85, trim=0.2),
)


def image_file(image: Image.Image, style: ScanStyle) -> bytes:
    """One scanned page as an image file: JPEG when the style compresses, else PNG.

    An untagged style's PNG has no resolution at all, and its JPEG says 72 dpi.
    """
    buf = io.BytesIO()
    if style.jpeg_quality:
        dpi = (style.dpi, style.dpi) if style.tagged else (72, 72)
        image.save(buf, format="JPEG", quality=style.jpeg_quality, dpi=dpi)
    elif style.tagged:
        image.save(buf, format="PNG", dpi=(style.dpi, style.dpi))
    else:
        image.save(buf, format="PNG")
    return buf.getvalue()


def image_pdf(images: list[Image.Image], *, dpi: int) -> bytes:
    """A PDF of page-sized images, as a scanner writes one (no text layer)."""
    doc = pymupdf.open()
    for image in images:
        buf = io.BytesIO()
        if image.mode == "L" or image.mode == "RGB":
            image.save(buf, format="JPEG", quality=90) if image.mode == "RGB" else image.save(
                buf, format="PNG")
        page = doc.new_page(width=image.width * 72 / dpi, height=image.height * 72 / dpi)
        page.insert_image(page.rect, stream=buf.getvalue())
    out = io.BytesIO()
    doc.save(out, garbage=3, deflate=True)
    return out.getvalue()
