"""What the pages say for the codes the contract and the store use, in Vietnamese and English.

One place for every code → label table (flags, file warnings, citation roles, registry states,
how a fact is known, where the text came from, audit actions) and for the one date format the
pages show (dd/mm/yyyy). A code with no label here is shown as it is, never dropped.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from api.web import i18n

#: key: (Vietnamese, English)
FLAGS = {
    "superseded_citation": ("Dẫn văn bản đã bị thay thế", "Cites a replaced instrument"),
    "repealed_citation": ("Dẫn văn bản đã hết hiệu lực", "Cites a repealed instrument"),
    "citation_date_mismatch": ("Ngày của văn bản được dẫn không khớp",
                               "Cited date does not match"),
    "citation_issuer_mismatch": ("Cơ quan ban hành văn bản được dẫn không khớp",
                                 "Cited issuer does not match"),
    "citation_kind_mismatch": ("Loại văn bản được dẫn không khớp", "Cited kind does not match"),
    "future_citation": ("Dẫn văn bản ban hành sau ngày của công văn",
                        "Cites an instrument issued later"),
    "unknown_citation": ("Văn bản được dẫn không có trong danh mục",
                         "Cited instrument not in the registry"),
    "two_key_leaders": ("Hai lãnh đạo chủ chốt cùng đi", "Two key leaders in one delegation"),
    "enterprise_funded": ("Doanh nghiệp tổ chức, đài thọ hoặc mời",
                          "Organised, paid or invited by an enterprise"),
    "missing_work_program": ("Chưa có chương trình làm việc cụ thể",
                             "No concrete work programme"),
    "relatives_in_delegation": ("Thân nhân đi cùng đoàn", "Relatives in the delegation"),
    "late_trip_report": ("Báo cáo chuyến đi quá hạn", "Trip report sent late"),
    "restricted_period": ("Đi trong thời gian hạn chế", "Trip in a restricted period"),
}

WARNINGS = {
    "signature_broken": ("Chữ ký số không hợp lệ", "Digital signature broken"),
    "changed_after_signing": ("Tệp bị sửa sau khi ký", "Changed after signing"),
    "signature_unreadable": ("Không đọc được chữ ký số", "Signature unreadable"),
    "page_failed": ("Có trang không đọc được", "A page could not be read"),
    "repaired": ("Tệp PDF hỏng đã được sửa để đọc", "Broken PDF repaired to be read"),
    "has_javascript": ("Tệp có mã JavaScript (không chạy)", "Holds JavaScript (not run)"),
    "has_launch_action": ("Tệp có lệnh mở chương trình (không chạy)",
                          "Holds a launch action (not run)"),
    "embedded_files": ("Tệp có tệp đính kèm bên trong (không mở)",
                       "Holds embedded files (not opened)"),
}

ROLES = {
    "basis": ("Căn cứ", "Basis"),
    "reference": ("Dẫn chiếu", "Reference"),
    "replaced": ("Văn bản được thay thế", "Replaced"),
}

STATES = {
    "in_force": ("Còn hiệu lực", "In force"),
    "superseded": ("Đã bị thay thế", "Replaced"),
    "repealed": ("Đã hết hiệu lực", "Repealed"),
    "not_yet_issued": ("Chưa ban hành vào ngày đó", "Not yet issued then"),
    "amended": ("Còn hiệu lực, đã được sửa đổi hoặc bãi bỏ một phần",
                "In force, amended or partly repealed"),
}

ENDINGS = {
    "replaced_by": ("Bị thay thế bởi", "Replaced by"),
    "amended_by": ("Được sửa đổi bởi", "Amended by"),
    "repealed": ("Bãi bỏ", "Repealed"),
    "partly_repealed": ("Bãi bỏ một phần", "Partly repealed"),
}

HOW = {
    "express_clause": ("Điều khoản của văn bản mới", "A clause of the new instrument"),
    "primary_letter": ("Công văn chính thức", "An official letter"),
    "own_text": ("Văn bản gốc hoặc Cơ sở dữ liệu pháp điển",
                 "Its own text or the national code database"),
    "secondary_source": ("Nguồn thứ cấp", "A secondary source"),
    "implied": ("Suy ra", "Inferred"),
}

TEXT_SOURCES = {
    "text_layer": ("Chữ có sẵn trong PDF", "The PDF's own text"),
    "ocr": ("Nhận dạng chữ từ ảnh (OCR)", "Read from the image (OCR)"),
    "mixed": ("Chữ có sẵn và OCR", "The PDF's text and OCR"),
}

ACTIONS = {
    "correct": ("Sửa", "Corrected"),
    "withdraw": ("Rút lại bản sửa", "Withdrew the correction of"),
    "review": ("Xác nhận đã duyệt", "Confirmed as reviewed"),
    "reprocess": ("Cho đọc lại", "Sent to be read again"),
    "delete": ("Xoá văn bản", "Deleted the letter"),
    "note": ("Ghi chú", "Note"),
    "assign": ("Giao cho người duyệt", "Assigned"),
    "registry_import": ("Cập nhật danh mục", "Updated the registry"),
}

#: What an audit entry's target is: a field, a citation.
TARGETS = {"fields": ("trường", "field"), "citations": ("căn cứ", "citation")}

ISO = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
SHOWN = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


def label(table: dict[str, tuple[str, str]], code: Any, lang: str) -> str:
    """The label of `code` in `table`, or the code itself when there is none."""
    return i18n.pick(table, str(code), lang) if code is not None else ""


def day(value: Any) -> str:
    """An ISO day ("2024-03-12") as the pages show it ("12/03/2024"); a month as "03/2024".

    Anything else is given back as it is.
    """
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if not isinstance(value, str):
        return "" if value is None else str(value)
    m = ISO.match(value)
    if m is None:
        return value
    return f"{m[3]}/{m[2]}/{m[1]}" if m[3] else f"{m[2]}/{m[1]}"


def number(value: int, lang: str) -> str:
    """A count as the language writes it: 103.066 in Vietnamese, 103,066 in English."""
    return f"{value:,}".replace(",", "." if lang == "vi" else ",")


def iso_day(value: str) -> str:
    """A day typed as dd/mm/yyyy ("5/3/2024") in ISO ("2024-03-05"); anything else as it is."""
    m = SHOWN.match(value)
    if m is None:
        return value
    try:
        return date(int(m[3]), int(m[2]), int(m[1])).isoformat()
    except ValueError:
        return value


def action(action_code: str, target: str | None, lang: str) -> str:
    """An audit entry's action as a sentence: "Sửa trường Số, ký hiệu"."""
    said = label(ACTIONS, action_code, lang)
    if not target:
        return said
    kind, _, key = target.partition(".")
    if kind == "fields":
        what = f"{label(TARGETS, kind, lang)} {label(i18n.FIELD_LABELS, key, lang)}"
    elif kind == "citations":
        what = f"{label(TARGETS, kind, lang)} {key}"
    else:
        what = target
    return f"{said} {what}"
