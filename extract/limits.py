"""Limits against hostile files: bytes, pages, pixels and time."""

from __future__ import annotations

from dataclasses import dataclass

from extract.errors import ErrorCode, ExtractError


@dataclass(frozen=True, kw_only=True)
class Limits:
    """How much one file may cost; every reader checks these before doing the work."""

    max_bytes: int = 50 * 1024 * 1024
    max_pages: int = 500
    max_pixels: int = 60_000_000
    #: An image inside a PDF page may be larger: the page is rendered within `max_pixels`
    #: (its dpi lowered), but MuPDF decodes the image whole, so bombs are still refused.
    max_embedded_pixels: int = 250_000_000
    #: Largest page side in PDF points (a letter is ~842 pt; 200 inches is absurd).
    max_page_side_pt: float = 200 * 72
    ocr_timeout_s: float = 60.0
    ocr_dpi: int = 300
    #: Wall-clock limit for opening and reading one PDF page's text layer.
    page_timeout_s: float = 30.0
    #: Wall-clock limit for rendering one page to be shown or a region of it to be read, in a
    #: child process of its own (extract/page_work.py): MuPDF can loop forever on a broken page.
    render_timeout_s: float = 20.0
    #: Wall-clock budget for reading one whole file, all its pages: a page not begun within it
    #: is left out (a `page_failed` warning, code `time_budget`); the pages read are kept.
    file_budget_s: float = 30 * 60.0


def check_pixels(width: int, height: int, *, number: int, limits: Limits,
                 most: int | None = None) -> None:
    """Refuse an image over the pixel limit, from its declared size, before it is decoded."""
    most = limits.max_pixels if most is None else most
    if width * height > most:
        raise ExtractError(
            ErrorCode.IMAGE_TOO_LARGE,
            f"Trang {number}: ảnh {width}x{height} điểm ảnh vượt giới hạn "
            f"{most // 1_000_000} MP (nghi bom giải nén).",
            page=number,
        )


def check_budget(started: float, now: float, *, number: int, limits: Limits) -> None:
    """Refuse to begin page `number` once the file's time budget, counted from `started`, is spent.

    `started` and `now` are wall-clock seconds (time.time()): a file's pages may be read by
    several processes, and the budget is the file's, not each reader's.
    """
    if now - started > limits.file_budget_s:
        raise ExtractError(
            ErrorCode.TIME_BUDGET,
            f"Trang {number}: chưa được đọc vì tệp đã dùng hết {limits.file_budget_s:.0f} giây "
            "cho phép.",
            page=number,
        )


def check_bytes(size: int, *, limits: Limits) -> None:
    """Refuse a file over the byte limit before it is read."""
    if size > limits.max_bytes:
        raise ExtractError(
            ErrorCode.TOO_LARGE, f"Tệp {size} byte vượt giới hạn {limits.max_bytes} byte."
        )


#: A file with at least this many scanned pages is read page by page (each page in its own
#: child process, or its own job): a page that hangs or breaks is left out, not the file.
SPLIT_AT = 2
