"""Document types, the abbreviations their symbols carry, and the titles letters print.

Facts from Nghị định 30/2020/NĐ-CP (Phụ lục III) for state documents, Hướng dẫn 36-HD/VPTW
for Party documents.
"""

from __future__ import annotations

#: Abbreviation in a symbol → document type.
ABBREVIATIONS: dict[str, str] = {
    "NQ": "Nghị quyết", "QĐ": "Quyết định", "CT": "Chỉ thị", "QC": "Quy chế",
    "QyĐ": "Quy định", "QĐi": "Quy định", "TC": "Thông cáo", "TB": "Thông báo",
    "HD": "Hướng dẫn", "CTr": "Chương trình", "KH": "Kế hoạch", "PA": "Phương án",
    "ĐA": "Đề án", "DA": "Dự án", "BC": "Báo cáo", "BB": "Biên bản", "TTr": "Tờ trình",
    "HĐ": "Hợp đồng", "CĐ": "Công điện", "BGN": "Bản ghi nhớ", "BTT": "Bản thỏa thuận",
    "GUQ": "Giấy ủy quyền", "GM": "Giấy mời", "GGT": "Giấy giới thiệu",
    "GNP": "Giấy nghỉ phép", "PG": "Phiếu gửi", "PC": "Phiếu chuyển", "PB": "Phiếu báo",
    "KL": "Kết luận", "CV": "Công văn", "TT": "Thông tư", "TTLT": "Thông tư liên tịch",
    "NĐ": "Nghị định", "L": "Luật", "PL": "Pháp lệnh", "CTHĐ": "Chương trình hành động",
    "TTg": "Quyết định",  # "…/TTg" alone: a Prime Minister's decision of the old style
}
_BY_LOWER = {k.lower(): k for k in ABBREVIATIONS}

#: Titles printed above a document's subject (capitals) → document type.
TITLES: dict[str, str] = {
    name.upper(): name for name in (
        "Tờ trình", "Quyết định", "Kế hoạch", "Thông báo", "Báo cáo", "Chỉ thị", "Hướng dẫn",
        "Nghị quyết", "Quy chế", "Quy định", "Chương trình", "Đề án", "Phương án", "Kết luận",
        "Giấy mời", "Công điện", "Biên bản", "Thông cáo", "Giấy giới thiệu", "Công văn",
        "Chương trình hành động", "Báo cáo tóm tắt", "Thông tư", "Nghị định",
    )
}

def canonical_abbreviation(token: str) -> str | None:
    """The abbreviation as the table spells it ("TTR" → "TTr"), or None."""
    if token in ABBREVIATIONS:
        return token
    return _BY_LOWER.get(token.lower())


def type_of_abbreviation(token: str) -> str | None:
    """The document type an abbreviation stands for, or None."""
    canonical = canonical_abbreviation(token)
    return ABBREVIATIONS[canonical] if canonical else None


def type_of_title(line: str) -> str | None:
    """The type a title line names ("QUYẾT ĐỊNH" → "Quyết định"), for a line in capitals only."""
    stripped = " ".join(line.replace("*", " ").split()).strip(" .:")
    if not stripped or stripped != stripped.upper():
        return None
    return TITLES.get(stripped)
