"""The words of the reviewer pages, in Vietnamese (first) and English."""

from __future__ import annotations

LANGUAGES = ("vi", "en")
DEFAULT = "vi"
COOKIE = "congvan_lang"

#: key: (Vietnamese, English)
WORDS: dict[str, tuple[str, str]] = {
    "app": ("congvan — đọc công văn đoàn ra, đoàn vào",
            "congvan — reading letters on trips abroad"),
    "inbox": ("Văn bản", "Letters"),
    "registry": ("Danh mục văn bản", "Registry"),
    "sign_in": ("Đăng nhập", "Sign in"),
    "sign_out": ("Đăng xuất", "Sign out"),
    "name": ("Tên đăng nhập", "User name"),
    "full_name": ("Họ và tên", "Full name"),
    "password": ("Mật khẩu", "Password"),
    "bad_login": ("Sai tên đăng nhập hoặc mật khẩu", "Wrong name or password"),
    "upload": ("Tải lên", "Upload"),
    "upload_hint": ("PDF, PNG, JPEG hoặc TIFF; có thể chọn nhiều tệp",
                    "PDF, PNG, JPEG or TIFF; several files at once"),
    "filters": ("Lọc", "Filter"),
    "clear": ("Bỏ lọc", "Clear"),
    "search": ("Tìm trong nội dung", "Search the text"),
    "status": ("Trạng thái", "Status"),
    "flag": ("Cảnh báo", "Flag"),
    "severity": ("Mức độ", "Severity"),
    "doc_type": ("Loại văn bản", "Type"),
    "issuer": ("Cơ quan ban hành", "Issuer"),
    "issued_from": ("Ban hành từ ngày", "Issued from"),
    "issued_to": ("đến ngày", "to"),
    "cites": ("Có viện dẫn", "Cites"),
    "reviewed": ("Đã duyệt", "Reviewed"),
    "not_reviewed": ("Chưa duyệt", "Not reviewed"),
    "any": ("Tất cả", "Any"),
    "yes": ("Có", "Yes"),
    "no": ("Không", "No"),
    "doc_ref": ("Số, ký hiệu", "Number and symbol"),
    "date": ("Ngày", "Date"),
    "subject": ("Trích yếu", "Subject"),
    "file": ("Tệp", "File"),
    "flags": ("Cảnh báo", "Flags"),
    "none": ("Không có văn bản nào", "No letters"),
    "newer": ("« Trang trước", "« Newer"),
    "older": ("Trang sau »", "Older »"),
    "page": ("Trang", "Page"),
    "fields": ("Các trường", "Fields"),
    "citations": ("Văn bản được viện dẫn", "Citations"),
    "delegation": ("Đoàn công tác", "Delegation"),
    "no_delegation": ("Văn bản không nêu chuyến đi nào", "The letter names no trip"),
    "no_flags": ("Không phát hiện sai sót", "Nothing found wrong"),
    "audit": ("Nhật ký thay đổi", "Audit trail"),
    "file_warnings": ("Lưu ý về tệp", "About the file"),
    "no_audit": ("Chưa có thay đổi", "No changes yet"),
    "edit": ("Sửa", "Edit"),
    "save": ("Lưu", "Save"),
    "cancel": ("Hủy", "Cancel"),
    "read_region": ("Đọc vùng", "Read a region"),
    "region_hint": ("Kéo chuột trên trang để khoanh vùng cần đọc",
                    "Drag on the page around the text to read"),
    "confirm": ("Xác nhận", "Confirm"),
    "confirmed": ("Đã xác nhận", "Confirmed"),
    "reprocess": ("Đọc lại", "Read again"),
    "delete": ("Xoá văn bản", "Delete letter"),
    "delete_ask": ("Xoá hẳn văn bản này cùng tệp gốc? Nhật ký vẫn ghi lại việc xoá.",
                   "Delete this letter and its original for good? The audit log keeps a record."),
    "machine": ("Máy đọc", "Machine read"),
    "corrected": ("Đã sửa", "Corrected"),
    "confidence": ("Độ tin cậy", "Confidence"),
    "missing": ("Không có", "Not found"),
    "original": ("Tệp gốc", "Original"),
    "head": ("Trưởng đoàn", "Head"),
    "members": ("Thành viên", "Members"),
    "size": ("Số người", "Size"),
    "countries": ("Nước đến", "Countries"),
    "places": ("Địa điểm", "Places"),
    "when": ("Thời gian", "When"),
    "days": ("ngày", "days"),
    "purpose": ("Mục đích", "Purpose"),
    "inviter": ("Đơn vị mời", "Inviter"),
    "funding": ("Kinh phí", "Funding"),
    "role": ("Vai trò", "Role"),
    "registry_status": ("Hiệu lực vào ngày văn bản", "Status on the letter's date"),
    "not_in_registry": ("Không có trong danh mục", "Not in the registry"),
    "unmatched": ("Không còn đọc thấy", "No longer read"),
    "unmatched_hint": ("Lần đọc lại không còn thấy văn bản này trong thư; bản sửa vẫn được giữ",
                       "Reading the letter again no longer finds it; the correction is kept"),
    "who": ("Người", "Who"),
    "at": ("Lúc", "When"),
    "action": ("Việc", "Action"),
    "before": ("Trước", "Before"),
    "after": ("Sau", "After"),
    "keys": ("Phím tắt: j/k văn bản sau/trước, e sửa trường đang chọn, Enter lưu, "
             "c xác nhận, / tìm kiếm",
             "Keys: j/k next/previous letter, e edit the focused field, Enter save, "
             "c confirm, / search"),
    "error": ("Lỗi", "Error"),
    "processing": ("Đang xử lý…", "Processing…"),
    "instruments": ("Văn bản trong danh mục", "Instruments"),
    "kind": ("Loại", "Kind"),
    "ref": ("Số hiệu", "Reference"),
    "title": ("Tên", "Title"),
    "signed": ("Ngày ký", "Signed"),
    "effective": ("Hiệu lực từ", "In force from"),
    "chain": ("Quá trình thay thế", "Replacement chain"),
    "replaces": ("Thay thế", "Replaces"),
    "replaced_by": ("Bị thay thế bởi", "Replaced by"),
    "citing": ("Các văn bản viện dẫn", "Letters citing it"),
    "no_citing": ("Chưa có văn bản nào viện dẫn", "No letter cites it yet"),
    "import": ("Thêm hoặc sửa văn bản (YAML)", "Add or change instruments (YAML)"),
    "import_done": ("Đã cập nhật danh mục", "Registry updated"),
    "admins_only": ("Chỉ quản trị viên được sửa danh mục", "Only administrators edit the registry"),
    "source": ("Nguồn", "Source"),
    "since": ("Từ ngày", "Since"),
    "rule": ("Quy định", "Rule"),
    "language": ("English", "Tiếng Việt"),
    "back": ("← Danh sách", "← List"),
    "not_found": ("Không tìm thấy", "Not found"),
    "no_letter": ("Không có văn bản này: có thể đã bị xoá hoặc đường dẫn không đúng.",
                  "There is no such letter: it may have been deleted, or the link is wrong."),
    "no_instrument": ("Không có văn bản {ref} trong danh mục.",
                      "There is no {ref} in the registry."),
    "back_to": ("← Về", "← Back to"),
    "pages_label": ("trang", "pages"),
    "interactive": ("Sẵn sàng", "Ready"),
}

STATUS = {
    "queued": ("Chờ xử lý", "Queued"),
    "processing": ("Đang xử lý", "Processing"),
    "done": ("Đã đọc", "Done"),
    "failed": ("Không đọc được", "Failed"),
}

SEVERITY = {
    "error": ("Lỗi", "Error"),
    "warning": ("Cảnh báo", "Warning"),
    "info": ("Lưu ý", "Note"),
}

FIELD_LABELS = {
    "doc_ref": ("Số, ký hiệu", "Number and symbol"),
    "doc_number": ("Số", "Number"),
    "doc_symbol": ("Ký hiệu", "Symbol"),
    "doc_type": ("Loại văn bản", "Type"),
    "issuer": ("Cơ quan ban hành", "Issuer"),
    "place": ("Địa danh", "Place"),
    "issued_date": ("Ngày ban hành", "Date"),
    "subject": ("Trích yếu", "Subject"),
    "recipients": ("Kính gửi", "Recipients"),
    "distribution": ("Nơi nhận", "Distribution"),
    "signer": ("Người ký", "Signer"),
    "confidentiality": ("Độ mật", "Confidentiality"),
    "urgency": ("Độ khẩn", "Urgency"),
    "deadlines": ("Thời hạn", "Deadlines"),
    "incoming": ("Số đến", "Incoming stamp"),
    "e_signature": ("Chữ ký số", "Digital signature"),
    "signers": ("Những người ký", "Signers"),
    "issuers": ("Các cơ quan ban hành", "Issuers"),
}

SUBKEYS = {
    "name": ("Họ tên", "Name"), "title": ("Chức vụ", "Title"),
    "authority": ("Thẩm quyền ký", "Signing authority"), "rank": ("Cấp bậc, học hàm", "Rank"),
    "number": ("Số", "Number"),
    "date": ("Ngày", "Date"), "signer": ("Người ký", "Signer"), "email": ("Thư điện tử", "Email"),
    "organisation": ("Tổ chức", "Organisation"), "time": ("Thời điểm", "Time"),
}

EVIDENCE = {
    "replaced_by": ("Bị thay thế bởi", "Replaced by"),
    "repealed_by": ("Bãi bỏ bởi", "Repealed by"),
    "since": ("Từ ngày", "Since"),
    "source": ("Nguồn", "Source"),
    "how": ("Căn cứ xác định", "How known"),
    "cited_date": ("Ngày ghi trong văn bản", "Date cited"),
    "registry_date": ("Ngày trong danh mục", "Date in the registry"),
    "cited_issuer": ("Cơ quan ghi trong văn bản", "Issuer cited"),
    "registry_issuer": ("Cơ quan trong danh mục", "Issuer in the registry"),
}

FUNDING = {
    "state_budget": ("Ngân sách nhà nước", "State budget"),
    "foreign_partner": ("Phía nước ngoài", "Foreign partner"),
    "enterprise": ("Doanh nghiệp", "Enterprise"),
    "self": ("Tự túc", "Self-funded"),
    "mixed": ("Nhiều nguồn", "Mixed"),
    "unknown": ("Không rõ", "Unknown"),
}


def pick(table: dict[str, tuple[str, str]], key: str, lang: str) -> str:
    """The word for `key` in `lang`, or the key itself when the table has none."""
    pair = table.get(key)
    if pair is None:
        return key
    return pair[1] if lang == "en" else pair[0]


def language(value: str | None) -> str:
    """A known language code, Vietnamese unless English is asked for."""
    return value if value in LANGUAGES else DEFAULT


# The inbox (issue 22): counts, sorting, saved views, bulk actions, thumbnails.
WORDS.update({
    "n_letters": ("{n} văn bản", "{n} letters"),
    "no_field_read": ("Không đọc được trường nào", "No field read"),
    "no_field_read_hint": ("Tệp đã mở được nhưng không đọc ra trường nào (tệp bị cắt, trang "
                           "trắng?): hãy mở tệp gốc và kiểm tra",
                           "The file opened but no field was read from it (cut short, blank "
                           "pages?): open the original and check"),
    "fields_read": ("Trường đọc được", "Fields read"),
    "some_field_read": ("Đọc được ít nhất một trường", "At least one field read"),
    "thumbnail": ("Trang đầu", "First page"),
    "received": ("Ngày nhận", "Received"),
    "ascending": ("tăng dần", "ascending"),
    "descending": ("giảm dần", "descending"),
    "views": ("Bộ lọc đã lưu", "Saved views"),
    "view_name": ("Tên bộ lọc", "View name"),
    "save_view": ("Lưu bộ lọc hiện tại", "Save these filters"),
    "view_saved": ("Đã lưu bộ lọc", "View saved"),
    "delete_view": ("Xoá bộ lọc", "Delete view"),
    "view_deleted": ("Đã xoá bộ lọc", "View deleted"),
    "built_in": ("có sẵn", "built in"),
    "select_all": ("Chọn cả trang", "Select the whole page"),
    "select_row": ("Chọn văn bản", "Select letter"),
    "selected": ("Đã chọn", "Selected"),
    "bulk_confirm": ("Xác nhận đã duyệt", "Mark reviewed"),
    "bulk_reprocess": ("Đọc lại", "Read again"),
    "bulk_export": ("Xuất CSV", "Export CSV"),
    "bulk_done": ("Xong: {ok} văn bản; không làm được: {bad}",
                  "Done: {ok} letters; could not: {bad}"),
    "bulk_ask": ("Làm việc này cho {n} văn bản đã chọn?", "Do this for the {n} selected letters?"),
    "keys_select": ("x chọn hoặc bỏ chọn văn bản đang đứng", "x selects or unselects the letter"),
})
#: The flags' names in the inbox's filter (the codes stay in the address).
FLAG_NAMES: dict[str, tuple[str, str]] = {
    "superseded_citation": ("Viện dẫn văn bản đã bị thay thế", "Cites a superseded instrument"),
    "repealed_citation": ("Viện dẫn văn bản đã bị bãi bỏ", "Cites a repealed instrument"),
    "citation_date_mismatch": ("Ngày của văn bản viện dẫn không khớp",
                               "Cited date does not match"),
    "citation_issuer_mismatch": ("Cơ quan ban hành văn bản viện dẫn không khớp",
                                 "Cited issuer does not match"),
    "citation_kind_mismatch": ("Loại văn bản viện dẫn không khớp", "Cited kind does not match"),
    "future_citation": ("Viện dẫn văn bản ban hành sau thư", "Cites an instrument issued later"),
    "unknown_citation": ("Viện dẫn văn bản không có trong danh mục",
                         "Cites an instrument not in the registry"),
    "two_key_leaders": ("Hai lãnh đạo chủ chốt cùng đi", "Two key leaders travel together"),
    "enterprise_funded": ("Doanh nghiệp chi trả", "Paid for by an enterprise"),
    "missing_work_program": ("Thiếu chương trình làm việc", "No work programme"),
    "relatives_in_delegation": ("Người thân trong đoàn", "Relatives in the delegation"),
    "late_trip_report": ("Báo cáo chuyến đi muộn", "Trip report late"),
    "restricted_period": ("Đi trong thời gian hạn chế", "Travel in a restricted period"),
}
#: The file warnings' names in the inbox's filter (the codes stay in the address).
WARNING_NAMES: dict[str, tuple[str, str]] = {
    "signature_broken": ("Chữ ký số không còn khớp", "Digital signature broken"),
    "changed_after_signing": ("Tệp bị sửa sau khi ký", "Changed after signing"),
    "signature_unreadable": ("Không đọc được chữ ký số", "Digital signature unreadable"),
    "page_failed": ("Có trang không đọc được", "A page could not be read"),
    "repaired": ("Tệp hỏng đã được sửa để đọc", "Damaged file repaired to be read"),
    "has_javascript": ("Tệp chứa JavaScript", "Contains JavaScript"),
    "has_launch_action": ("Tệp có lệnh mở chương trình", "Has a launch action"),
    "embedded_files": ("Tệp có tệp đính kèm bên trong", "Has embedded files"),
}
