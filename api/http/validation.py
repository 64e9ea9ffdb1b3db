"""Why a request was invalid, in Vietnamese: pydantic's errors and congvan's own checks."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi.exceptions import RequestValidationError

#: Pydantic's error types, said in Vietnamese ({…} from the error's context).
VALIDATION_MESSAGES = {
    "missing": "Thiếu giá trị bắt buộc",
    "string_too_long": "Quá dài: tối đa {max_length} ký tự",
    "string_too_short": "Quá ngắn: ít nhất {min_length} ký tự",
    "string_pattern_mismatch": "Không đúng dạng ({pattern})",
    "string_type": "Phải là một chuỗi ký tự",
    "int_parsing": "Phải là một số nguyên",
    "int_type": "Phải là một số nguyên",
    "int_from_float": "Phải là một số nguyên",
    "float_parsing": "Phải là một số",
    "float_type": "Phải là một số",
    "finite_number": "Phải là một số hữu hạn (không nhận NaN hay Infinity)",
    "bool_parsing": "Phải là true hoặc false",
    "bool_type": "Phải là true hoặc false",
    "date_from_datetime_parsing": "Ngày không hợp lệ: viết YYYY-MM-DD, là một ngày có thật",
    "date_parsing": "Ngày không hợp lệ: viết YYYY-MM-DD, là một ngày có thật",
    "date_type": "Ngày không hợp lệ: viết YYYY-MM-DD, là một ngày có thật",
    "list_type": "Phải là một danh sách",
    "dict_type": "Phải là một đối tượng JSON",
    "model_attributes_type": "Phải là một đối tượng JSON",
    "too_short": "Quá ít phần tử: cần {min_length}",
    "too_long": "Quá nhiều phần tử: tối đa {max_length}",
    "less_than_equal": "Phải nhỏ hơn hoặc bằng {le}",
    "greater_than_equal": "Phải lớn hơn hoặc bằng {ge}",
    "json_invalid": "Thân JSON hỏng",
    "literal_error": "Chỉ nhận: {expected}",
    "enum": "Chỉ nhận: {expected}",
}


class BadCorrection(RequestValidationError):
    """A reviewer's value the field cannot hold: 422 naming the field (`field`, `code`)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__([{"loc": ("body", "value"), "msg": message, "type": "value_error"}])
        self.code = "invalid_correction"
        self.extra = {"field": field}
        #: The problem's `detail`: the message alone (it names the field), as a page shows it.
        self.said = message


def said(error: dict[str, Any]) -> str:
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


def errors_of(raw: Sequence[Any]) -> list[dict[str, Any]]:
    """Each error as `loc`, `msg` (Vietnamese), `type`: never the value sent (`input`)."""
    return [{"loc": [str(p) if not isinstance(p, int) else p for p in e.get("loc", ())],
             "msg": said(e), "type": str(e.get("type", "value_error"))} for e in raw]


def summed_up(errors: Sequence[dict[str, Any]]) -> str:
    """The errors in one sentence: "body.value: Phải là một danh sách; query.page: …"."""
    parts = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" if e["loc"] else e["msg"]
             for e in errors]
    return "; ".join(parts) or "Yêu cầu không hợp lệ"
