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
             "c xác nhận, +/− phóng to/thu nhỏ trang, / tìm kiếm",
             "Keys: j/k next/previous letter, e edit the focused field, Enter save, "
             "c confirm, +/− zoom the page, / search"),
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
    "import": ("Thêm hoặc sửa văn bản", "Add or change instruments"),
    "import_hint": ("Gõ YAML vào ô dưới, hoặc chọn một tệp YAML, CSV hay JSON Lines (dữ liệu "
                    "văn bản của Nhà nước, mỗi dòng một văn bản)",
                    "Type YAML below, or choose a YAML, CSV or JSON Lines file (the state's "
                    "legal metadata, one instrument a line)"),
    "import_file": ("Tệp", "File"),
    "n_instruments": ("{n} văn bản", "{n} instruments"),
    "registry_window": ("{first}–{last} / {n} văn bản", "{first}–{last} of {n} instruments"),
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
    # The letter page's strip, notes, assignee, withdrawal, and what it says of a failed or
    # blank reading (issue 22).
    "pages_strip": ("Các trang", "Pages"),
    "zoom_in": ("Phóng to (+)", "Zoom in (+)"),
    "zoom_out": ("Thu nhỏ (−)", "Zoom out (−)"),
    "zoom_fit": ("Vừa khung (0)", "Fit (0)"),
    "notes": ("Ghi chú", "Notes"),
    "add_note": ("Thêm ghi chú", "Add a note"),
    "note_hint": ("Viết ghi chú cho người duyệt khác…", "A note for the other reviewers…"),
    "no_notes": ("Chưa có ghi chú", "No notes yet"),
    "note_saved": ("Đã thêm ghi chú", "Note added"),
    "assignee": ("Người được giao", "Assigned to"),
    "unassigned": ("Chưa giao cho ai", "Not assigned"),
    "assign": ("Giao", "Assign"),
    "assigned": ("Đã giao", "Assigned"),
    "withdraw": ("Rút lại", "Withdraw"),
    "withdraw_ask": ("Rút lại bản sửa này? Giá trị máy đọc sẽ hiện lại; nhật ký vẫn ghi lại.",
                     "Withdraw this correction? The machine's value shows again; the audit "
                     "log keeps it."),
    "derived": ("Theo số hoặc ký hiệu đã sửa", "Follows the corrected number or symbol"),
    "nothing_read": ("Không đọc được trường nào — tệp có thể bị cắt cụt, hỏng hoặc chỉ có "
                     "trang trắng, nên không thể kiểm tra văn bản.",
                     "No field could be read — the file may be truncated, broken or blank, "
                     "so the letter could not be checked."),
    "nothing_read_remedy": ("Mở tệp gốc để xem; tải lên bản đầy đủ (quét lại nếu cần) "
                            "hoặc bấm “Đọc lại”.",
                            "Open the original to see it; upload a complete copy (scan it "
                            "again if need be) or press “Read again”."),
    "failed_title": ("Không đọc được văn bản", "The letter could not be read"),
    "remedy": ("Cách xử lý", "What to do"),
    "no_page": ("Không có trang này: đường dẫn không đúng hoặc trang đã được chuyển.",
                "There is no such page: the link is wrong, or the page has moved."),
    "day_placeholder": ("dd/mm/yyyy", "dd/mm/yyyy"),
    "day_refused": ("không phải một ngày có thật; hãy ghi ngày/tháng/năm, ví dụ 12/03/2024",
                    "not a real day; write day/month/year, e.g. 12/03/2024"),
    "assigned_to_me": ("Giao cho tôi", "Assigned to me"),
    "dated": ("ngày", "of"),
    "of": ("của", "by"),
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


# --- The statistics page (/stats) ---
STATS_WORDS: dict[str, tuple[str, str]] = {
    "stats": ("Thống kê", "Statistics"),
    "stats_title": ("Thống kê văn bản", "The letters in figures"),
    "stats_period": ("Văn bản ban hành từ tháng", "Letters issued from month"),
    "stats_to": ("đến tháng", "to month"),
    "stats_show": ("Xem", "Show"),
    "stats_month_hint": ("tháng/năm, ví dụ 03/2025", "month/year, e.g. 03/2025"),
    "stats_bad_month": ("Tháng không hợp lệ: hãy ghi tháng/năm, ví dụ 03/2025",
                        "Not a month: write month/year, e.g. 03/2025"),
    "stats_letters": ("{n} văn bản đã đọc ban hành trong khoảng này; {undated} văn bản không "
                      "đọc được ngày ban hành nên không được tính.",
                      "{n} letters read were issued in this period; {undated} letters with no "
                      "date read are not counted."),
    "trips_by_country": ("Chuyến đi theo nước đến", "Trips by country"),
    "trips_by_month": ("Chuyến đi theo tháng khởi hành", "Trips by month of departure"),
    "trips_total": ("{n} văn bản có đoàn công tác; {undated} chuyến không ghi ngày đi.",
                    "{n} letters with a delegation; {undated} trips with no start date."),
    "by_issuer": ("Văn bản theo cơ quan ban hành", "Letters by issuing body"),
    "by_funding": ("Chuyến đi theo nguồn kinh phí", "Trips by funding"),
    "flags_by_month": ("Cảnh báo theo tháng ban hành (số văn bản)",
                       "Flags by month of issue (letters)"),
    "processed_by_day": ("Văn bản xử lý xong mỗi ngày (30 ngày gần nhất)",
                         "Letters processed per day (last 30 days)"),
    "queue": ("Hàng đợi", "Queue"),
    "queue_now": ("Đang chờ: {queued} · Đang xử lý: {processing}",
                  "Waiting: {queued} · Being read: {processing}"),
    "accuracy": ("Độ chính xác theo người duyệt", "Accuracy as reviewers measure it"),
    "accuracy_hint": ("Với mỗi trường: trong các văn bản đã xác nhận, tỷ lệ văn bản mà người "
                      "duyệt giữ nguyên giá trị máy đọc (không sửa trường đó).",
                      "For each field: among confirmed letters, the share whose machine value "
                      "the reviewer kept (no correction on that field)."),
    "accuracy_as_of": ("Tỷ lệ tính lúc {time}; tính lại sau mỗi {minutes} phút (phải đọc giá "
                       "trị máy đọc của từng văn bản đã sửa).",
                       "Shares counted at {time}; counted again every {minutes} minutes (each "
                       "corrected letter's machine values must be read)."),
    "field": ("Trường", "Field"),
    "kept": ("Giữ nguyên", "Kept"),
    "share": ("Tỷ lệ", "Share"),
    "based_on": ("Số văn bản đã xác nhận", "Confirmed letters"),
    "no_data": ("Chưa có số liệu", "No figures yet"),
    "no_confirmed": ("Chưa có văn bản nào được xác nhận trong khoảng này",
                     "No letter of this period has been confirmed yet"),
    "stats_reviewers": ("Chỉ người duyệt được xem trang thống kê",
                        "Only reviewers may see the statistics"),
}
WORDS.update(STATS_WORDS)

#: A trip whose letter names no funding at all (api/store/stats.py NOT_STATED).
FUNDING_NOT_STATED = ("Không nêu", "Not stated")

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
#: The file warnings' names in the inbox's filter (the codes stay in the address).

# The registry grows from the archive (issue 23): proposed changes, instruments cited but unknown.
WORDS.update({
    "proposals": ("Đề xuất thay đổi", "Proposed changes"),
    "proposals_none": ("Không có đề xuất nào đang chờ", "No proposal waits"),
    "proposal_registry": ("Danh mục", "Registry"),
    "proposal_rule": ("Quy tắc", "Rule"),
    "effect_replaces": ("thay thế", "replaces"),
    "effect_repeals": ("bãi bỏ", "repeals"),
    "effect_amends": ("sửa đổi, bổ sung", "amends"),
    "effect_takes_effect": ("có hiệu lực", "takes effect"),
    "effect_restricted_period": ("hạn chế cử đoàn đi nước ngoài", "restricted period for trips"),
    "effect_report_deadline": ("hạn báo cáo sau chuyến đi", "report deadline after a trip"),
    "from_day": ("từ ngày", "from"),
    "source_letter": ("Văn bản nguồn", "Source letter"),
    "accept": ("Chấp nhận", "Accept"),
    "reject": ("Từ chối", "Reject"),
    "accepted": ("Đã chấp nhận", "Accepted"),
    "rejected": ("Đã từ chối", "Rejected"),
    "awaits_check": ("Đã ghi nhận; quy tắc này chờ có phép kiểm tra",
                     "Recorded; this rule awaits its check"),
    "reread_offer": ("{n} văn bản trong kho dẫn {ref}", "{n} letters in the archive cite {ref}"),
    "reread_all": ("Đọc lại các văn bản này", "Read these letters again"),
    "reread_done": ("Đã xếp hàng đọc lại", "Queued to be read again"),
    "unknown_cited": ("Văn bản được dẫn mà danh mục chưa có", "Cited but not in the registry"),
    "unknown_hint": ("Xếp theo số văn bản dẫn; loại, ngày, cơ quan là giá trị các trích dẫn nêu "
                     "nhiều nhất", "Most cited first; kind, date and issuer are those the "
                     "citations give most often"),
    "citing_letters": ("Số văn bản dẫn", "Letters citing"),
    "cited_date": ("Ngày (theo trích dẫn)", "Date (as cited)"),
    "add_to_registry": ("Thêm vào danh mục", "Add to the registry"),
    "added": ("Đã thêm", "Added"),
})
