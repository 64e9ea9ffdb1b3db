"""Error answers, one shape for all: RFC 9457 problem details (`application/problem+json`).

Every error the API answers has `type`, `title`, `status`, `detail` (a sentence, in
Vietnamese), `instance` (the path asked for) and a stable `code`; a 422 adds `errors` (where
and why, never the value sent). A refused file's `code` is the one `congvan extract` gives.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.errors import HTTP_STATUS
from api.http.validation import errors_of, summed_up
from api.store.intake import FULL
from extract.errors import ErrorCode

log = logging.getLogger(__name__)

MEDIA_TYPE = "application/problem+json"
#: A problem's `type`: a URN of its code (stable, not a page to fetch).
TYPE_PREFIX = "urn:congvan:problem:"

#: Each status's title and the code of an error that names none of its own.
STATUSES: dict[int, tuple[str, str]] = {
    400: ("Yêu cầu không hợp lệ", "bad_request"),
    401: ("Chưa đăng nhập", "unauthenticated"),
    403: ("Không được phép", "forbidden"),
    404: ("Không tìm thấy", "not_found"),
    405: ("Phương thức không dùng được", "method_not_allowed"),
    409: ("Xung đột trạng thái", "conflict"),
    413: ("Quá lớn", "too_large"),
    415: ("Kiểu tệp không được nhận", "unsupported_type"),
    422: ("Dữ liệu không hợp lệ", "invalid_request"),
    429: ("Quá nhiều yêu cầu", "too_many_requests"),
    431: ("Phần đầu yêu cầu quá lớn", "headers_too_large"),
    500: ("Lỗi máy chủ", "internal"),
    503: ("Dịch vụ tạm thời không sẵn sàng", "unavailable"),
    507: ("Kho lưu trữ đã đầy", "storage_full"),
}


class Problem(BaseModel):
    """An error answer (RFC 9457): what went wrong, in Vietnamese, and its stable code."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(description="urn:congvan:problem:<code>")
    title: str = Field(description="Loại lỗi, bằng tiếng Việt")
    status: int
    detail: str = Field(description="Chuyện gì xảy ra và cách khắc phục, bằng tiếng Việt")
    instance: str | None = Field(None, description="Đường dẫn đã yêu cầu")
    #: For a refused file: the same error code `congvan extract` gives (too_large…).
    code: str = Field(description="Mã lỗi ổn định (not_found, too_large, invalid_request…)")


class InvalidParam(BaseModel):
    """One invalid part of a request: where (`loc`), why (`msg`, Vietnamese), what kind."""

    loc: list[str | int]
    msg: str
    type: str


class ValidationProblem(Problem):
    """A 422: the problem, and each invalid part of the request in `errors`."""

    errors: list[InvalidParam]


class Failed(HTTPException):
    """An error answer with a code of its own (else the status's code is used)."""

    def __init__(self, status: int, detail: str, code: str,
                 headers: dict[str, str] | None = None, **extra: Any) -> None:
        super().__init__(status, detail, headers=headers)
        self.code, self.extra = code, extra


class Refused(Failed):
    """A file refused at upload, with its error code beside the message."""

    def __init__(self, code: ErrorCode | str, message: str, status: int | None = None) -> None:
        super().__init__(status or HTTP_STATUS[ErrorCode(code)], message, str(code))


def store_full(name: str | None = None) -> Refused:
    """The answer to a write that found the store full (no file half written)."""
    which = f"tệp {name!r}" if name else "tệp"
    return Refused(ErrorCode.STORAGE_FULL, f"Kho lưu trữ đã đầy: {which} chưa được nhận, không "
                   "có gì được ghi dở (các tệp đứng trước trong cùng yêu cầu đã được nhận). "
                   "Báo quản trị viên rồi gửi lại.", status=507)


def body(status: int, detail: str, code: str | None = None, instance: str | None = None,
         **extra: Any) -> dict[str, Any]:
    """A problem's JSON object."""
    title, default = STATUSES.get(status, ("Lỗi", "error"))
    code = code or default
    return {"type": TYPE_PREFIX + code, "title": title, "status": status, "detail": detail,
            "instance": instance, "code": code, **extra}


def answer(request: Request | None, status: int, detail: str, code: str | None = None, *,
           headers: dict[str, str] | None = None, **extra: Any) -> JSONResponse:
    """A problem answered as `application/problem+json`."""
    instance = request.url.path if request is not None else None
    return JSONResponse(body(status, detail, code, instance, **extra), status_code=status,
                        headers=headers, media_type=MEDIA_TYPE)


#: The error answers any route may give, documented in the OpenAPI schema.
PROBLEMS: dict[int | str, dict[str, Any]] = {
    code: {"model": Problem, "description": text}
    for code, text in ((400, "Yêu cầu không đọc được (thân JSON hỏng)"),
                       (401, "Chưa đăng nhập hoặc token không hợp lệ"),
                       (403, "Vai trò không được làm việc này"),
                       (404, "Không có đối tượng này"),
                       (405, "Phương thức không dùng được ở địa chỉ này"),
                       (409, "Văn bản đang được xử lý hoặc chưa đọc xong"),
                       (413, "Tệp vượt quá giới hạn"),
                       (415, "Không phải PDF, PNG, JPEG hay TIFF"),
                       (422, "Yêu cầu không hợp lệ: `errors` nói chỗ nào và vì sao"),
                       (507, "Kho lưu trữ đã đầy"),
                       (429, "Quá nhiều lần thử: chờ rồi thử lại"))
}
PROBLEMS[422]["model"] = ValidationProblem


async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
    """Any HTTPException as a problem; a full disk while a multipart body spools is 507."""
    cause = exc.__cause__
    if exc.status_code == 400 and isinstance(cause, OSError) and cause.errno in FULL:
        log.error("no room to receive an upload: %s", cause)
        exc = store_full()
    extra = dict(getattr(exc, "extra", None) or {})
    detail: Any = exc.detail
    if isinstance(detail, dict):  # {"message": …, more keys}: the message, the rest beside it
        extra.update({k: v for k, v in detail.items() if k != "message"})
        detail = detail.get("message", "")
    if exc.status_code == 404 and detail == "Not Found":  # no route at this path
        detail = "Không có địa chỉ này"
    elif exc.status_code == 405 and detail == "Method Not Allowed":
        detail = "Phương thức này không dùng được ở địa chỉ này"
    return answer(request, exc.status_code, str(detail), getattr(exc, "code", None),
                  headers=getattr(exc, "headers", None), **extra)


async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
    """422 with where and why, in Vietnamese; never the value sent (`input` is left out).

    FastAPI's own answer puts the rejected value in each error: a multipart part it could
    not take came back whole (up to the body's limit) in the answer.
    """
    errors = errors_of(exc.errors())
    extra = dict(getattr(exc, "extra", None) or {})
    detail = getattr(exc, "said", None) or summed_up(errors)
    return answer(request, 422, detail, getattr(exc, "code", None), errors=errors, **extra)


async def server_error(request: Request, exc: Exception) -> JSONResponse:
    """An error nobody foresaw: 500 as a problem, the trace in the log only."""
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return answer(request, 500, "Máy chủ gặp lỗi ngoài dự kiến; đã ghi vào nhật ký. Thử lại "
                  "sau hoặc báo quản trị viên.")


def install(app: FastAPI) -> None:
    """The error answers' handlers, on `app`."""
    app.add_exception_handler(RequestValidationError, invalid_request)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, http_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, server_error)
