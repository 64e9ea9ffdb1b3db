"""Deciding a file's type by its content, never by its name."""

from __future__ import annotations

from extract.errors import ErrorCode, ExtractError
from extract.limits import Limits, check_bytes

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
TIFF = "image/tiff"
SUPPORTED = (PDF, PNG, JPEG, TIFF)

_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"II*\x00", TIFF),
    (b"MM\x00*", TIFF),
)
#: Readers accept a PDF header anywhere in the first kilobyte (leading garbage is common).
PDF_HEADER_WINDOW = 1024


def sniff(head: bytes) -> str | None:
    """The media type of a file from its first bytes, or None when it is none we read."""
    for magic, media_type in _MAGIC:
        if head.startswith(magic):
            return media_type
    if b"%PDF-" in head[:PDF_HEADER_WINDOW]:
        return PDF
    return None


def require_supported(head: bytes, *, size: int, limits: Limits) -> str:
    """The media type, or a typed error for an empty, oversized or unsupported file."""
    if size == 0:
        raise ExtractError(ErrorCode.EMPTY_FILE, "Tệp rỗng (0 byte).")
    check_bytes(size, limits=limits)
    media_type = sniff(head)
    if media_type is None:
        raise ExtractError(
            ErrorCode.UNSUPPORTED_TYPE, "Nội dung tệp không phải PDF, PNG, JPEG hay TIFF."
        )
    return media_type
