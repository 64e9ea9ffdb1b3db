"""Error answers: a refused file with its error code, a full store, the documented problems."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exception_handlers import http_exception_handler
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


def install(app: FastAPI) -> None:
    """The error answers' handlers, on `app`."""
    app.add_exception_handler(Refused, refused)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, http_error)  # type: ignore[arg-type]
