"""Loading letter images (PNG, JPEG, TIFF) safely: pixel limits first, EXIF orientation, frames."""

from __future__ import annotations

import io
import warnings
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from extract import scale, seal
from extract.errors import ErrorCode, ExtractError
from extract.limits import Limits, check_pixels

#: The resolution assumed for an image that says nothing of its paper, when neither its shape
#: nor its text tells either (extract/scale.py).
DEFAULT_IMAGE_DPI = 300.0
# Pillow's own bomb guard is ours to set; truncated files must fail, not half-load.
ImageFile.LOAD_TRUNCATED_IMAGES = False


@dataclass(frozen=True, slots=True)
class Frame:
    """One page of an image file, grey, upright, with the resolution it was scanned at.

    The resolution is the file's tag, or, when it has none (or a screen's), what the page's
    shape or its text says (extract/scale.py): boxes divided by it are the paper's points.
    """

    number: int
    image: Image.Image
    dpi: float


def _tagged_dpi(image: Image.Image) -> float | None:
    """The resolution the file's own tag gives, or None when it has none worth the name."""
    dpi = image.info.get("dpi")
    try:
        value = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        value = 0.0
    return value if 50 <= value <= 2400 else None


def open_image(data: bytes, *, limits: Limits) -> Image.Image:
    """Open an image lazily (header only), refusing what cannot be identified or is too big."""
    Image.MAX_IMAGE_PIXELS = limits.max_pixels
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise ExtractError(ErrorCode.IMAGE_TOO_LARGE,
                           f"Ảnh vượt giới hạn {limits.max_pixels // 1_000_000} MP "
                           "(nghi bom giải nén).") from e
    except UnidentifiedImageError as e:
        raise ExtractError(ErrorCode.UNRECOGNISED_IMAGE, "Không nhận ra định dạng ảnh.") from e
    except (OSError, ValueError, SyntaxError) as e:
        raise ExtractError(ErrorCode.CORRUPT_IMAGE, f"Ảnh hỏng ({e}).") from e
    check_pixels(*image.size, number=1, limits=limits)
    return image


def frame_count(image: Image.Image) -> int:
    """How many pages (frames) the image holds."""
    return int(getattr(image, "n_frames", 1))


def frames(image: Image.Image, *, limits: Limits,
           only: Collection[int] | None = None) -> Iterator[Frame]:
    """Every page of the image (or those in `only`), fully decoded, grey and upright.

    A truncated file fails here.
    """
    count = frame_count(image)
    if count > limits.max_pages:
        raise ExtractError(
            ErrorCode.TOO_MANY_PAGES,
            f"Ảnh có {count} trang, vượt giới hạn {limits.max_pages} trang.",
        )
    for index in range(count):
        number = index + 1
        if only is not None and number not in only:
            continue
        try:
            image.seek(index)
            check_pixels(*image.size, number=number, limits=limits)
            tagged = _tagged_dpi(image)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                upright = ImageOps.exif_transpose(image)
                grey = seal.grey_page(upright)
                grey.load()
        except ExtractError:
            raise
        except (OSError, ValueError, SyntaxError, EOFError) as e:
            raise ExtractError(
                ErrorCode.CORRUPT_IMAGE, f"Trang {number} của ảnh bị hỏng ({e}).", page=number
            ) from e
        yield Frame(number=number, image=grey,
                    dpi=scale.paper_dpi(grey, tagged) or DEFAULT_IMAGE_DPI)
