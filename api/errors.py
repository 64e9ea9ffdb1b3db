"""The one place where an ErrorCode becomes an HTTP status or a CLI exit status."""

from __future__ import annotations

from extract.errors import ErrorCode

HTTP_STATUS: dict[ErrorCode, int] = {
    ErrorCode.EMPTY_FILE: 422,
    ErrorCode.TOO_LARGE: 413,
    ErrorCode.UNSUPPORTED_TYPE: 415,
    ErrorCode.ENCRYPTED_PDF: 422,
    ErrorCode.INVALID_PDF: 422,
    ErrorCode.CORRUPT_IMAGE: 422,
    ErrorCode.UNRECOGNISED_IMAGE: 415,
    ErrorCode.NO_PAGES: 422,
    ErrorCode.TOO_MANY_PAGES: 413,
    ErrorCode.IMAGE_TOO_LARGE: 413,
    ErrorCode.PAGE_TOO_LARGE: 422,
    ErrorCode.OCR_TIMEOUT: 422,
    ErrorCode.OCR_FAILED: 422,
    ErrorCode.OCR_UNAVAILABLE: 503,
    ErrorCode.TIMEOUT: 422,
    ErrorCode.TIME_BUDGET: 422,
    ErrorCode.OUT_OF_MEMORY: 422,
    ErrorCode.INTERRUPTED: 422,
    ErrorCode.STORAGE_FULL: 507,
    ErrorCode.INTERNAL: 500,
}

#: `congvan extract` exits 1 when any file could not be read (the contract), 2 on bad usage.
EXIT_UNREADABLE = 1
EXIT_USAGE = 2
