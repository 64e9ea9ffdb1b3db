"""An appendix page set landscape: a ruled table of a delegation's members (Phụ lục).

Trip requests and plans often carry their list of members, their programme or their budget as
a table on a landscape page after the letter. The table's cells stand in rows of five or six
columns across the whole width: nothing on the page is a two-column letter header.
"""

from __future__ import annotations

import random

import pymupdf

from corpus.synth.fonts import font
from corpus.synth.trip import DEPARTMENTS
from corpus.synth.vocab import COUNTRIES, FAMILY, GIVEN, MIDDLE

#: Landscape A4 in points.
WIDTH, HEIGHT = 842.0, 595.0
COLUMNS = ("STT", "Họ và tên", "Chức vụ", "Đơn vị", "Quốc gia", "Thời gian")
TITLES = ("Trưởng phòng", "Phó Trưởng phòng", "Chuyên viên", "Chuyên viên chính", "Giám đốc")
#: The columns' shares of the table's width.
SHARES = (0.06, 0.2, 0.2, 0.22, 0.14, 0.18)


def appendix(seed: int, *, rows: int = 8) -> tuple[bytes, list[list[str]]]:
    """A one-page landscape PDF of a members' table, and its rows of cells (header first)."""
    rng = random.Random(seed)
    table = [list(COLUMNS)]
    for i in range(1, rows + 1):
        start = rng.randrange(1, 20)
        month = rng.randrange(1, 13)
        table.append([
            str(i), f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
            rng.choice(TITLES), f"Phòng {rng.choice(DEPARTMENTS)}", rng.choice(COUNTRIES)[0],
            f"{start:02d}/{month:02d} - {start + rng.randrange(3, 9):02d}/{month:02d}",
        ])
    doc = pymupdf.open()
    page = doc.new_page(width=WIDTH, height=HEIGHT)
    regular, bold = font("regular"), font("bold")
    page.insert_font(fontname="regular", fontbuffer=regular.buffer)
    page.insert_font(fontname="bold", fontbuffer=bold.buffer)
    title = "PHỤ LỤC"
    page.insert_text(((WIDTH - bold.text_length(title, fontsize=13)) / 2, 60), title,
                     fontname="bold", fontsize=13)
    caption = "Danh sách thành viên đoàn công tác"
    page.insert_text(((WIDTH - regular.text_length(caption, fontsize=12)) / 2, 80), caption,
                     fontname="regular", fontsize=12)
    left, right, top, pitch = 50.0, WIDTH - 50.0, 100.0, 30.0
    edges = [left]
    for share in SHARES:
        edges.append(edges[-1] + share * (right - left))
    for r, cells in enumerate(table):
        y = top + r * pitch
        face = "bold" if r == 0 else "regular"
        for c, text in enumerate(cells):
            size = 11.0
            while font(face).text_length(text, fontsize=size) > edges[c + 1] - edges[c] - 8:
                size -= 0.5
            width = font(face).text_length(text, fontsize=size)
            x = (edges[c] + edges[c + 1] - width) / 2 if c in (0, 4, 5) else edges[c] + 4
            page.insert_text((x, y + 19), text, fontname=face, fontsize=size)
        page.draw_line((left, y), (right, y), width=0.6)
    bottom = top + len(table) * pitch
    page.draw_line((left, bottom), (right, bottom), width=0.6)
    for x in edges:
        page.draw_line((x, top), (x, bottom), width=0.6)
    data = doc.tobytes(garbage=3, deflate=True)
    return data, table
