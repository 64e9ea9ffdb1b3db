"""Words the generator writes letters with: issuing bodies, people, places, body sentences."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Body:
    """An issuing body: how its header prints, its symbol suffix, where it sits, who signs."""

    kind: str
    form: str  # "state" (Nghị định 30/2020) or "party" (Hướng dẫn 36-HD/VPTW)
    parent: str | None  # the upper header line, capitals, or None
    name: str  # the body's own header line, capitals
    issuer: str  # the body's name in normal case, as the contract's `issuer`
    suffix: str  # symbol after the type: "UBND-NV", "VPTU", ...
    place: str
    head_title: str  # the head's title (signer)
    deputy_title: str


BODIES: tuple[Body, ...] = (
    Body("ministry", "state", None, "BỘ NGOẠI GIAO", "Bộ Ngoại giao", "BNG-LS", "Hà Nội",
         "Bộ trưởng", "Thứ trưởng"),
    Body("government_office", "state", None, "VĂN PHÒNG CHÍNH PHỦ", "Văn phòng Chính phủ",
         "VPCP-QHQT", "Hà Nội", "Bộ trưởng, Chủ nhiệm", "Phó Chủ nhiệm"),
    Body("province", "state", None, "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NINH",
         "Ủy ban nhân dân tỉnh Quảng Ninh", "UBND", "Quảng Ninh", "Chủ tịch", "Phó Chủ tịch"),
    Body("province", "state", None, "ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN", "Ủy ban nhân dân tỉnh Nghệ An",
         "UBND", "Nghệ An", "Chủ tịch", "Phó Chủ tịch"),
    Body("district", "state", "UBND TỈNH BẮC GIANG", "ỦY BAN NHÂN DÂN\nHUYỆN LỤC NGẠN",
         "Ủy ban nhân dân huyện Lục Ngạn", "UBND", "Lục Ngạn", "Chủ tịch", "Phó Chủ tịch"),
    Body("department", "state", "UBND TỈNH KHÁNH HÒA", "SỞ NGOẠI VỤ", "Sở Ngoại vụ tỉnh Khánh Hòa",
         "SNgV", "Khánh Hòa", "Giám đốc", "Phó Giám đốc"),
    Body("department", "state", "UBND TỈNH ĐỒNG THÁP", "SỞ CÔNG THƯƠNG",
         "Sở Công Thương tỉnh Đồng Tháp", "SCT", "Đồng Tháp", "Giám đốc", "Phó Giám đốc"),
    Body("university", "state", "BỘ GIÁO DỤC VÀ ĐÀO TẠO", "TRƯỜNG ĐẠI HỌC KINH TẾ\nQUỐC DÂN",
         "Trường Đại học Kinh tế Quốc dân", "ĐHKTQD", "Hà Nội", "Hiệu trưởng", "Phó Hiệu trưởng"),
    Body("party_committee", "party", None, "TỈNH ỦY THÁI BÌNH", "Tỉnh ủy Thái Bình", "TU",
         "Thái Bình", "Bí thư", "Phó Bí thư"),
    Body("party_office", "party", "THÀNH ỦY HẢI PHÒNG", "VĂN PHÒNG", "Văn phòng Thành ủy Hải Phòng",
         "VPTU", "Hải Phòng", "Chánh Văn phòng", "Phó Chánh Văn phòng"),
    Body("party_board", "party", "TỈNH ỦY PHÚ THỌ", "BAN TỔ CHỨC", "Ban Tổ chức Tỉnh ủy Phú Thọ",
         "BTCTU", "Phú Thọ", "Trưởng ban", "Phó Trưởng ban"),
    Body("party_central_board", "party", "BAN CHẤP HÀNH TRUNG ƯƠNG", "BAN ĐỐI NGOẠI",
         "Ban Đối ngoại Trung ương", "BĐNTW", "Hà Nội", "Trưởng ban", "Phó Trưởng ban"),
)

#: Bodies of Hải Phòng that send delegations, apart from BODIES (the corpus keeps its draw): a
#: trip letter from one is bound by the city's own 2026 rules (corpus/rules/rules.yaml).
HAI_PHONG_BODIES: tuple[Body, ...] = (
    Body("province", "state", None, "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HẢI PHÒNG",
         "Ủy ban nhân dân thành phố Hải Phòng", "UBND", "Hải Phòng", "Chủ tịch", "Phó Chủ tịch"),
    Body("department", "state", "UBND THÀNH PHỐ HẢI PHÒNG", "SỞ NGOẠI VỤ",
         "Sở Ngoại vụ thành phố Hải Phòng", "SNgV", "Hải Phòng", "Giám đốc", "Phó Giám đốc"),
)

#: Document types: title printed (None for a Công văn), the symbol's abbreviation.
DOC_TYPES: tuple[tuple[str, str | None, str], ...] = (
    ("Công văn", None, "CV"),
    ("Tờ trình", "TỜ TRÌNH", "TTr"),
    ("Quyết định", "QUYẾT ĐỊNH", "QĐ"),
    ("Kế hoạch", "KẾ HOẠCH", "KH"),
    ("Thông báo", "THÔNG BÁO", "TB"),
    ("Báo cáo", "BÁO CÁO", "BC"),
    ("Chỉ thị", "CHỈ THỊ", "CT"),
    ("Hướng dẫn", "HƯỚNG DẪN", "HD"),
)

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương")
MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Hữu", "Thanh", "Quốc", "Ngọc", "Xuân", "Thu")
GIVEN = ("Hùng", "Lan", "Dũng", "Hương", "Tuấn", "Mai", "Sơn", "Hà", "Long", "Phương", "Khoa",
         "Trang", "Bình", "Thảo", "Cường", "Yến")

COUNTRIES = (("Nhật Bản", "Tokyo"), ("Hàn Quốc", "Seoul"), ("Cộng hòa Pháp", "Paris"),
             ("Ô-xtrây-li-a", "Xít-ni"), ("Liên bang Nga", "Mát-xcơ-va"),
             ("Cộng hòa Dân chủ Nhân dân Lào", "Viêng Chăn"), ("Singapore", "Singapore"))

SUBJECTS = (
    "tăng cường quản lý các đoàn đi công tác nước ngoài",
    "cử đoàn cán bộ đi công tác tại {country}",
    "báo cáo kết quả chuyến công tác tại {country}",
    "thực hiện Quy chế quản lý thống nhất các hoạt động đối ngoại",
    "xây dựng kế hoạch đoàn ra, đoàn vào năm {year}",
    "chấn chỉnh việc ra nước ngoài của cán bộ, công chức",
)

RECIPIENT_POOL = (
    "Các sở, ban, ngành tỉnh", "Sở Ngoại vụ", "Ban Tổ chức Tỉnh ủy", "Công an tỉnh",
    "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh", "Bộ Ngoại giao",
    "Ủy ban nhân dân các huyện, thành phố", "Sở Tài chính", "Sở Nội vụ",
    "Các cơ quan, đơn vị trực thuộc",
)

DISTRIBUTION_POOL = (
    "Như trên", "Thường trực Tỉnh ủy (để b/c)", "Chủ tịch, các Phó Chủ tịch", "Ban Đối ngoại TW",
    "Bộ Ngoại giao (Cục Lễ tân)", "Lãnh đạo Văn phòng", "Cổng thông tin điện tử",
)

#: A body sentence that states a trip rule (a report deadline; see SENTENCE_RULES).
REPORT_SENTENCE = ("Chậm nhất 15 ngày sau khi kết thúc chuyến công tác, đơn vị chủ trì phải có báo "
                   "cáo kết quả bằng văn bản gửi cơ quan có thẩm quyền và Sở Ngoại vụ để tổng hợp.")
#: Body sentences in the project's own words; {slots} are filled by the composer.
SENTENCES = (
    "Các đoàn đi công tác nước ngoài phải có chương trình làm việc cụ thể, nêu rõ thời gian, "
    "địa điểm, thành phần và nguồn kinh phí trước khi trình cấp có thẩm quyền phê duyệt.",
    "Không bố trí hai đồng chí lãnh đạo chủ chốt của cùng một cơ quan, đơn vị tham gia một đoàn "
    "công tác; không tham gia các đoàn do doanh nghiệp tổ chức và chi trả kinh phí.",
    "Các đoàn công tác dự kiến đi {country} cần gửi dự kiến chương trình làm việc về {issuer} "
    "trước khi trình cấp có thẩm quyền phê duyệt.",
    "Mục đích chuyến công tác là trao đổi kinh nghiệm quản lý, tìm hiểu cơ hội hợp tác về "
    "thương mại, du lịch và đào tạo nguồn nhân lực với các đối tác của {country}.",
    "Kinh phí chuyến công tác do ngân sách tỉnh bảo đảm theo dự toán đã được giao cho đơn vị "
    "trong năm {year}.",
    REPORT_SENTENCE,
    "Đề nghị các cơ quan, đơn vị rà soát kế hoạch hoạt động đối ngoại năm {year}, chỉ đề xuất "
    "các đoàn thực sự cần thiết, bảo đảm tiết kiệm, hiệu quả và đúng quy định.",
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các đơn vị phản ánh kịp thời về "
    "{issuer} để được hướng dẫn, giải quyết.",
    "Cán bộ, công chức đi nước ngoài không mang theo tài liệu mật và phải chấp hành nghiêm pháp "
    "luật của nước sở tại cũng như các quy định về bảo vệ chính trị nội bộ.",
    "Giao Sở Ngoại vụ chủ trì, phối hợp với các cơ quan liên quan theo dõi, đôn đốc và định kỳ "
    "hằng quý tổng hợp tình hình các đoàn ra, đoàn vào báo cáo cấp trên.",
)

#: The body sentences that state a trip rule, with the gold statement a reader finds in each
#: (the contract's `rules_stated`, less its text, scope, page and box).
SENTENCE_RULES = {
    REPORT_SENTENCE: {"kind": "report_deadline", "start": None, "end": None, "days": 15,
                   "working_days": False},
}

#: Syllables the generator builds commune names from.
PLACE_SYLLABLES = ("Tân", "Hòa", "Bình", "Phú", "Xuân", "Thạch", "Hợp", "Quang", "Đồng", "Kim",
                   "Sơn", "Lộc", "Thanh", "Yên", "Mỹ", "Hưng", "Phong", "Long", "Vĩnh", "An")
