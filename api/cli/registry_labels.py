"""What `congvan registry` calls a status, a source, a change and a match, in the CLI's language."""

from __future__ import annotations

from api.cli.lang import LANG

#: Whether this run speaks Vietnamese (else English).
VI = LANG == "vi"
STATUS_LABELS = {"in_force": "còn hiệu lực", "superseded": "đã được thay thế",
                 "repealed": "đã hết hiệu lực", "not_yet_issued": "chưa ban hành",
                 "amended": "còn hiệu lực, đã được sửa đổi hoặc bãi bỏ một phần"} if VI else {
    "in_force": "in force", "superseded": "superseded", "repealed": "repealed",
    "not_yet_issued": "not yet issued", "amended": "in force, amended or partly repealed"}
HOW_LABELS = {"express_clause": "điều khoản của văn bản", "primary_letter": "công văn chính thức",
              "own_text": "chính văn bản hoặc CSDL pháp điển",
              "secondary_source": "nguồn thứ cấp", "implied": "suy ra"} if VI else {
    "express_clause": "a clause of the instrument", "primary_letter": "an official letter",
    "own_text": "the instrument itself or the legal code database",
    "secondary_source": "a secondary source", "implied": "implied"}
CHANGE_LABELS = {"replaced_by": "được thay thế bởi", "amended_by": "được sửa đổi bởi",
                 "repealed": "hết hiệu lực do", "partly_repealed": "bãi bỏ một phần bởi"} if VI \
    else {"replaced_by": "replaced by", "amended_by": "amended by", "repealed": "repealed by",
          "partly_repealed": "partly repealed by"}
MATCH_LABELS = {"exact": "khớp đúng", "short_form": "dạng rút gọn hoặc tên gọi khác",
                "fuzzy": "khớp gần đúng (lỗi OCR)"} if VI else {
    "exact": "exact", "short_form": "short form or alias", "fuzzy": "near match (OCR error)"}
