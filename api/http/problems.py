"""Error answers: a refused file with its error code, a full store, the documented problems."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.errors import HTTP_STATUS
from api.store.intake import FULL
from extract.errors import ErrorCode

log = logging.getLogger(__name__)


class Problem(BaseModel):
    """An error answer: what went wrong, in Vietnamese (or the list of problems)."""

    detail: str | dict[str, Any]
    #: For a refused file: the same error code `congvan extract` gives (too_large…).
    code: str | None = None


class Refused(HTTPException):
    """A file refused at upload, with its error code beside the message."""

    def __init__(self, code: ErrorCode | str, message: str, status: int | None = None) -> None:
        super().__init__(status or HTTP_STATUS[ErrorCode(code)], message)
        self.code = str(code)


def store_full(name: str | None = None) -> Refused:
    """The answer to a write that found the store full (no file half written)."""
    which = f"tệp {name!r}" if name else "tệp"
    return Refused(ErrorCode.STORAGE_FULL, f"Kho lưu trữ đã đầy: {which} chưa được nhận, không "
                   "có gì được ghi dở (các tệp đứng trước trong cùng yêu cầu đã được nhận). "
                   "Báo quản trị viên rồi gửi lại.", status=507)


#: The error answers any route may give, documented in the OpenAPI schema.
PROBLEMS: dict[int | str, dict[str, Any]] = {
    code: {"model": Problem, "description": text}
    for code, text in ((400, "Yêu cầu không đọc được (thân JSON hỏng)"),
                       (401, "Chưa đăng nhập hoặc token không hợp lệ"),
                       (403, "Vai trò không được làm việc này"),
                       (404, "Không có đối tượng này"),
                       (409, "Văn bản đang được xử lý hoặc chưa đọc xong"),
                       (413, "Tệp vượt quá giới hạn"),
                       (415, "Không phải PDF, PNG, JPEG hay TIFF"),
                       (507, "Kho lưu trữ đã đầy"),
                       (429, "Quá nhiều lần thử: chờ rồi thử lại"))
}


async def refused(request: Request, exc: Refused) -> JSONResponse:
    """A refused file: its message and its error code."""
    return JSONResponse({"detail": exc.detail, "code": exc.code}, status_code=exc.status_code)


async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
    """FastAPI's own answer, but a full disk while a multipart body spools is said so (507)."""
    cause = exc.__cause__
    if exc.status_code == 400 and isinstance(cause, OSError) and cause.errno in FULL:
        log.error("no room to receive an upload: %s", cause)
        return await refused(request, store_full())
    return await http_exception_handler(request, exc)


#: Pydantic's error types, said in Vietnamese ({…} from the error's context).
VALIDATION_MESSAGES = {
    "missing": "Thiếu giá trị bắt buộc",
    "string_too_long": "Quá dài: tối đa {max_length} ký tự",
    "string_too_short": "Quá ngắn: ít nhất {min_length} ký tự",
    "string_pattern_mismatch": "Không đúng dạng ({pattern})",
    "string_type": "Phải là một chuỗi ký tự",
    "int_parsing": "Phải là một số nguyên",
    "int_type": "Phải là một số nguyên",
    "float_parsing": "Phải là một số",
    "float_type": "Phải là một số",
    "finite_number": "Phải là một số hữu hạn (không nhận NaN hay Infinity)",
    "bool_parsing": "Phải là true hoặc false",
    "date_from_datetime_parsing": "Ngày không hợp lệ: viết YYYY-MM-DD, là một ngày có thật",
    "date_parsing": "Ngày không hợp lệ: viết YYYY-MM-DD, là một ngày có thật",
    "list_type": "Phải là một danh sách",
    "dict_type": "Phải là một đối tượng JSON",
    "model_attributes_type": "Phải là một đối tượng JSON",
    "too_short": "Quá ít phần tử: cần {min_length}",
    "too_long": "Quá nhiều phần tử: tối đa {max_length}",
    "less_than_equal": "Phải nhỏ hơn hoặc bằng {le}",
    "greater_than_equal": "Phải lớn hơn hoặc bằng {ge}",
    "json_invalid": "Thân JSON hỏng",
}


def _said(error: dict[str, Any]) -> str:
    """An error's message in Vietnamese: our own as it is, pydantic's by its type."""
    kind = str(error.get("type", ""))
    message = str(error.get("msg", "")).removeprefix("Value error, ")
    if message.startswith("Expected UploadFile"):
        return ("Phải là một tệp: phần multipart cần filename=\"…\" (filename*= theo RFC 5987 "
                "chưa được nhận)")
    if kind == "value_error" and not message.isascii():  # congvan's own checks: Vietnamese
        return message
    template = VALIDATION_MESSAGES.get(kind)
    if template is None:
        return f"Giá trị không hợp lệ ({message})"
    try:
        return template.format(**(error.get("ctx") or {}))
    except (KeyError, IndexError, ValueError):
        return template


async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
    """422 with where and why, in Vietnamese; never the value sent (`input` is left out).

    FastAPI's own answer puts the rejected value in each error: a multipart part it could
    not take came back whole (up to the body's limit) in the answer.
    """
    errors = [{"loc": [str(p) if not isinstance(p, int) else p for p in e.get("loc", ())],
               "msg": _said(e), "type": str(e.get("type", "value_error"))}
              for e in exc.errors()]
    return JSONResponse({"detail": errors}, status_code=422)


def install(app: FastAPI) -> None:
    """The error answers' handlers, on `app`."""
    app.add_exception_handler(Refused, refused)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, invalid_request)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, http_error)  # type: ignore[arg-type]
