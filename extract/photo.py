"""Phone photos of a letter: the page found in the picture, put flat, and evenly lit.

A photo shows the sheet on a darker desk, seen at an angle (a trapezoid, not a rectangle),
lit unevenly. Tesseract wants a flat, evenly white page. This module finds the sheet's four
corners (the extreme points of the bright region, which must fill the shape they make: a
white object elsewhere on the desk means no sheet is taken), maps them back to a rectangle of the
sheet's own proportions (a perspective transform), and divides out the lighting (the page's
background estimated by a wide blur). A scan, whose page fills the picture, is left alone.

Corners are kept as fractions of the stored image's size, so the reviewer pages can show the
page in the same frame the words were read in (api/worker/pages.py).
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageFilter

from extract import cleanup

Corners = tuple[tuple[float, float], tuple[float, float], tuple[float, float],
                tuple[float, float]]
#: The working size of the search for the page (its longest side, in pixels).
SEARCH_SIDE = 600
#: A bright region covering more of the picture than this is a scan's page, not a photo's.
MOST_OF_PICTURE = 0.93
#: …and less than this is not a page.
LEAST_OF_PICTURE = 0.25
#: A photo's edges may show this much paper at most (the sheet reaching out of the frame).
MOST_EDGE = 0.5
#: A4's height over its width.
A4 = 297 / 210


def find_page(image: Image.Image) -> Corners | None:
    """The sheet's corners as fractions of the image's width and height.

    Top-left, top-right, bottom-right, bottom-left; None when the page fills the picture (a
    scan) or no sheet is found.
    """
    grey = image.convert("L")
    if _paper_at_edges(grey):
        return None
    scale = SEARCH_SIDE / max(grey.size)
    small = grey.resize((max(1, round(grey.width * scale)), max(1, round(grey.height * scale))),
                        Image.Resampling.BILINEAR) if scale < 1 else grey
    arr = np.asarray(small.filter(ImageFilter.MedianFilter(5)), dtype=np.uint8)
    bright = arr > cleanup._otsu(arr)
    if not bright.any() or bright.all():
        return None
    # The sheet and the desk must differ: a picture of one tone has no sheet on a desk.
    if float(arr[bright].mean()) - float(arr[~bright].mean()) < 40:
        return None
    share = bright.mean()
    if not LEAST_OF_PICTURE <= share <= MOST_OF_PICTURE:
        return None
    # A photo's edges are mostly desk; a scan's are paper (a page dense with ink or a big
    # seal can bring its bright share under the bar, not its edges).
    edges = np.concatenate([bright[0], bright[-1], bright[:, 0], bright[:, -1]])
    if edges.mean() > MOST_EDGE:
        return None
    # The sheet is the bright region around the picture's centre; anything bright elsewhere on
    # the desk (a card, a cup) is left out, and white specks are eroded away.
    solid = ~cleanup._grow(~(bright & _around_centre(bright)), 3)
    ys, xs = np.nonzero(solid)
    if len(xs) < 100:
        return None
    h, w = arr.shape
    total, diff = xs + ys, xs - ys
    tl, tr, br, bl = ((float(xs[i]) / (w - 1), float(ys[i]) / (h - 1)) for i in (
        np.argmin(total), np.argmax(diff), np.argmax(total), np.argmin(diff)))
    corners: Corners = (tl, tr, br, bl)
    if not _plausible(corners, w / h):
        return None
    # Every bright pixel counts in the extremes: a white object on the desk would pull a
    # corner to it. Then the four-sided shape holds much more than the bright area: no sheet.
    quad = np.array([(x * (w - 1), y * (h - 1)) for x, y in corners])
    area = 0.5 * abs(float(np.dot(quad[:, 0], np.roll(quad[:, 1], -1))
                           - np.dot(quad[:, 1], np.roll(quad[:, 0], -1))))
    return corners if area <= 1.12 * float(solid.sum()) else None


def _around_centre(bright: np.ndarray, step: int = 3) -> np.ndarray:
    """The part of `bright` connected to the picture's centre (where a photo puts the sheet).

    Grown from the centre inside the mask, on a coarser grid (its text closed up first), then
    brought back to the mask's size and widened a little to keep the sheet's edges.
    """
    coarse = bright[::step, ::step]
    filled = ~cleanup._grow(~cleanup._grow(coarse, 2), 2)  # close the dark holes text leaves
    h, w = filled.shape
    region = np.zeros_like(filled)
    region[h // 2 - 2:h // 2 + 3, w // 2 - 2:w // 2 + 3] = \
        filled[h // 2 - 2:h // 2 + 3, w // 2 - 2:w // 2 + 3]
    if not region.any():
        return np.ones_like(bright)
    for _ in range(h + w):
        grown = cleanup._grow(region, 1) & filled
        if (grown == region).all():
            break
        region = grown
    full = np.repeat(np.repeat(region, step, axis=0), step, axis=1)[:bright.shape[0],
                                                                   :bright.shape[1]]
    return cleanup._grow(full, step)


def _plausible(corners: Corners, aspect: float) -> bool:
    """A convex four-sided sheet, each side a fair share of the picture."""
    pts = np.array([(x * aspect, y) for x, y in corners])
    edges = np.roll(pts, -1, axis=0) - pts
    cross = edges[:, 0] * np.roll(edges, -1, axis=0)[:, 1] - \
        edges[:, 1] * np.roll(edges, -1, axis=0)[:, 0]
    lengths = np.hypot(edges[:, 0], edges[:, 1])
    return bool((cross > 0).all() and lengths.min() > 0.25 * lengths.max())


def _coefficients(source: np.ndarray, target: np.ndarray) -> list[float]:
    """PIL's perspective coefficients: for each target pixel, where to look in the source."""
    rows = []
    for (x, y), (u, v) in zip(target, source, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    return [float(c) for c in np.linalg.solve(np.array(rows, dtype=float),
                                              source.reshape(8).astype(float))]


def unwarp(image: Image.Image, corners: Corners) -> Image.Image:
    """The sheet cut out of the picture and made rectangular.

    Its width is the sheet's own; its height gives it A4's shape, portrait or landscape as its
    sides say.
    """
    pts = np.array([(x * (image.width - 1), y * (image.height - 1)) for x, y in corners])
    top, bottom = np.hypot(*(pts[1] - pts[0])), np.hypot(*(pts[2] - pts[3]))
    left, right = np.hypot(*(pts[3] - pts[0])), np.hypot(*(pts[2] - pts[1]))
    width = (top + bottom) / 2
    height = width * (A4 if (left + right) / 2 >= width else 1 / A4)
    size = (max(1, round(width)), max(1, round(height)))
    target = np.array([(0, 0), (size[0] - 1, 0), (size[0] - 1, size[1] - 1), (0, size[1] - 1)],
                      dtype=float)
    return image.transform(size, Image.Transform.PERSPECTIVE, _coefficients(pts, target),
                           Image.Resampling.BICUBIC)


def even_light(image: Image.Image) -> Image.Image:
    """The page with its lighting divided out: paper evenly white, ink as dark as it was."""
    grey = image.convert("L")
    small = grey.resize((max(1, grey.width // 8), max(1, grey.height // 8)),
                        Image.Resampling.BILINEAR)
    # The paper's brightness: ink removed by a max filter, then smoothed.
    paper = small.filter(ImageFilter.MaxFilter(7)).filter(ImageFilter.GaussianBlur(6))
    paper = paper.resize(grey.size, Image.Resampling.BILINEAR)
    arr = np.asarray(grey, dtype=np.float32) / np.maximum(np.asarray(paper, np.float32), 1.0)
    return Image.fromarray(np.clip(arr * 255.0, 0, 255).astype(np.uint8))


#: A picture whose edges are this much paper is a scan, whatever else is in it.
SCAN_EDGE = 0.8


def _paper_at_edges(grey: Image.Image) -> bool:
    """Whether the picture's edges are nearly all paper (a scan): a look at a reduced copy.

    A photo's edges are mostly desk (MOST_EDGE); a scan's are nearly all paper, and the
    median-filtered search below would only say the same, at ten times the cost.
    """
    factor = max(1, max(grey.size) // (SEARCH_SIDE // 2))
    arr = np.asarray(grey.reduce(factor) if factor > 1 else grey, dtype=np.uint8)
    if arr.size == 0:
        return False
    bright = arr > cleanup._otsu(arr)
    edges = np.concatenate([bright[0], bright[-1], bright[:, 0], bright[:, -1]])
    return float(edges.mean()) > SCAN_EDGE


def unphoto(image: Image.Image) -> tuple[Image.Image, Corners | None]:
    """The page of a photo, flat and evenly lit, and its corners; a scan comes back as is."""
    corners = find_page(image)
    if corners is None:
        return image, None
    return even_light(unwarp(image, corners)), corners


def dpi_of(page: Image.Image) -> float:
    """The resolution of an unwarped sheet, taking it for A4 (a photo says none)."""
    return min(page.size) / (210 / 25.4)
