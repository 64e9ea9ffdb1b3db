"""Letters set by hand for the registry-growth tests: a short page of given lines, as a PDF."""

from __future__ import annotations

import pymupdf

from corpus.synth.fonts import FACES, FONT_DIR

#: The registry before it knows 50/2011/NĐ-CP was replaced (an administrator's overlay).
NOT_YET_REPLACED = """\
- ref: 50/2011/NĐ-CP
  kind: Nghị định
  issuer: Chính phủ
  signed: 2011-07-04
  title: quy định về nghi thức đón, tiếp khách nước ngoài
  sources:
    - how: express_clause
      note: Điều khoản hiệu lực của nghị định thay thế (đặt cho phép thử)
"""
CLAUSE = ("Nghị định này có hiệu lực thi hành từ ngày 01 tháng 5 năm 2022 và thay thế "
          "Nghị định số 50/2011/NĐ-CP ngày 04 tháng 7 năm 2011 của Chính phủ.")


def letter_pdf(lines: list[str]) -> bytes:
    """One A4 page with the lines, in Liberation Serif (Vietnamese marks shown)."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for i, line in enumerate(lines):
        page.insert_text((60, 60 + 20 * i), line, fontsize=12, fontname="lib",
                         fontfile=str(FONT_DIR / FACES["regular"]))
    return doc.tobytes()


def request_citing(number: int, day: str, cites: list[str], issuer: str = "Nam Định") -> bytes:
    """A department's letter of `day` ("10 tháng 6 năm 2023") standing on `cites` (full phrases)."""
    return letter_pdf([
        f"ỦY BAN NHÂN DÂN TỈNH {issuer.upper()}          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "SỞ NGOẠI VỤ                                   Độc lập - Tự do - Hạnh phúc",
        f"Số: {number}/SNgV-VP                     {issuer}, ngày {day}",
        "V/v đón tiếp đoàn khách nước ngoài",
        f"Kính gửi: Ủy ban nhân dân tỉnh {issuer}",
        *[f"Căn cứ {c};" for c in cites],
        "Sở Ngoại vụ kính trình Ủy ban nhân dân tỉnh xem xét, cho ý kiến.",
        "GIÁM ĐỐC", "Nguyễn Văn An"])


def decree_replacing() -> bytes:
    """Decree 18/2022/NĐ-CP, whose last article replaces Decree 50/2011/NĐ-CP from 01/5/2022."""
    return letter_pdf([
        "CHÍNH PHỦ                          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "                                        Độc lập - Tự do - Hạnh phúc",
        "Số: 18/2022/NĐ-CP                     Hà Nội, ngày 08 tháng 3 năm 2022",
        "NGHỊ ĐỊNH",
        "Quy định về nghi thức đối ngoại",
        "Điều 30. Hiệu lực thi hành",
        "Nghị định này có hiệu lực thi hành từ ngày 01 tháng 5 năm 2022 và thay thế",
        "Nghị định số 50/2011/NĐ-CP ngày 04 tháng 7 năm 2011 của Chính phủ.",
        "TM. CHÍNH PHỦ", "THỦ TƯỚNG"])
