"""The typed errors of extract/: one code per way a file can fail, each with a remedy."""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    """Why a file could not be read; stable strings that the CLI and the API expose."""

    EMPTY_FILE = "empty_file"
    TOO_LARGE = "too_large"
    UNSUPPORTED_TYPE = "unsupported_type"
    ENCRYPTED_PDF = "encrypted_pdf"
    INVALID_PDF = "invalid_pdf"
    CORRUPT_IMAGE = "corrupt_image"
    UNRECOGNISED_IMAGE = "unrecognised_image"
    NO_PAGES = "no_pages"
    TOO_MANY_PAGES = "too_many_pages"
    IMAGE_TOO_LARGE = "image_too_large"
    PAGE_TOO_LARGE = "page_too_large"
    OCR_TIMEOUT = "ocr_timeout"
    OCR_FAILED = "ocr_failed"
    OCR_UNAVAILABLE = "ocr_unavailable"
    TIMEOUT = "timeout"
    TIME_BUDGET = "time_budget"
    OUT_OF_MEMORY = "out_of_memory"
    #: The service: a reading cut off MAX_ATTEMPTS times; no room left to keep a file.
    INTERRUPTED = "interrupted"
    STORAGE_FULL = "storage_full"
    INTERNAL = "internal_error"


#: What a user can do about each error; shown after the message.
REMEDY: dict[ErrorCode, str] = {
    ErrorCode.EMPTY_FILE: "Tệp rỗng: hãy tải lên lại bản gốc.",
    ErrorCode.TOO_LARGE: "Tệp quá lớn: tách tệp hoặc tăng CONGVAN_MAX_UPLOAD_MB.",
    ErrorCode.UNSUPPORTED_TYPE: "Chỉ nhận PDF, PNG, JPEG hoặc TIFF.",
    ErrorCode.ENCRYPTED_PDF: "PDF có mật khẩu: gỡ mật khẩu rồi tải lên lại.",
    ErrorCode.INVALID_PDF: "PDF hỏng: xuất lại hoặc quét lại văn bản.",
    ErrorCode.CORRUPT_IMAGE: "Ảnh hỏng hoặc bị cắt cụt: chụp hoặc quét lại.",
    ErrorCode.UNRECOGNISED_IMAGE: "Không nhận ra định dạng ảnh: lưu lại dưới dạng PNG hoặc PDF.",
    ErrorCode.NO_PAGES: "Tệp không có trang nào đọc được.",
    ErrorCode.TOO_MANY_PAGES: "Quá nhiều trang: tách tệp hoặc tăng CONGVAN_MAX_PAGES.",
    ErrorCode.IMAGE_TOO_LARGE: "Ảnh quá lớn (nghi bom giải nén): quét lại ở độ phân giải thấp hơn.",
    ErrorCode.PAGE_TOO_LARGE: "Khổ trang quá lớn cho một văn bản: kiểm tra lại tệp.",
    ErrorCode.OCR_TIMEOUT: "Nhận dạng chữ quá thời gian: quét lại rõ hơn hoặc tăng giới hạn.",
    ErrorCode.OCR_FAILED: "Tesseract không đọc được trang: quét lại.",
    ErrorCode.OCR_UNAVAILABLE: "Chưa cài Tesseract với tiếng Việt: chạy 'make setup'.",
    ErrorCode.TIMEOUT: "Xử lý quá thời gian cho phép: tệp có thể bị hỏng.",
    ErrorCode.TIME_BUDGET: "Tệp quá dài để đọc hết trong thời gian cho phép: tách tệp thành "
                           "nhiều phần rồi tải lên lại.",
    ErrorCode.OUT_OF_MEMORY: "Tệp cần quá nhiều bộ nhớ: tệp có thể bị hỏng hoặc độc hại.",
    ErrorCode.INTERRUPTED: "Việc đọc tệp bị ngắt nhiều lần: tệp có thể làm treo trình đọc; "
                           "kiểm tra tệp rồi cho đọc lại.",
    ErrorCode.STORAGE_FULL: "Kho lưu trữ đã đầy: báo quản trị viên giải phóng chỗ rồi gửi lại.",
    ErrorCode.INTERNAL: "Lỗi nội bộ khi đọc tệp: hãy báo cho quản trị viên.",
}


class ExtractError(Exception):
    """A file that extract/ refuses, with a code, a message and the page when one is at fault."""

    def __init__(self, code: ErrorCode, message: str, *, page: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.page = page

    @property
    def remedy(self) -> str:
        """What the user can do about it."""
        return REMEDY[self.code]

    def to_dict(self) -> dict[str, object]:
        """The contract's error object."""
        out: dict[str, object] = {
            "code": str(self.code),
            "message": f"{self.message} {self.remedy}",
        }
        if self.page is not None:
            out["page"] = self.page
        return out

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"
