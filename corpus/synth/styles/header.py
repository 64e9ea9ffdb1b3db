"""Styles of the header: subjects, long and joint issuers, place-date lines, marks, blank days.

Each is how offices write under Nghị định 30/2020 (Phụ lục I, mục II.2, II.4, II.5, III.2) or
Hướng dẫn 36-HD/VPTW, in the generator's own words (vocab and the names below).
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

from corpus.synth.compose import Block, Letter, compose
from corpus.synth.styles import style
from nlp.casing import normal_case
from nlp.doctypes import TITLES

#: Titles of instruments whose subject sits under them with no "Về việc".
PLAIN_TITLES = ("QUY ĐỊNH", "HƯỚNG DẪN", "KẾ HOẠCH", "CHỈ THỊ", "THÔNG BÁO", "BÁO CÁO",
                "NGHỊ ĐỊNH", "THÔNG TƯ", "QUYẾT ĐỊNH")
#: Departments whose names run over two or three header lines (each line as printed).
LONG_NAMES = (
    (("SỞ NÔNG NGHIỆP VÀ", "PHÁT TRIỂN NÔNG THÔN"), "Sở Nông nghiệp và Phát triển nông thôn"),
    (("SỞ LAO ĐỘNG -", "THƯƠNG BINH VÀ XÃ HỘI"), "Sở Lao động - Thương binh và Xã hội"),
    (("SỞ VĂN HÓA,", "THỂ THAO VÀ", "DU LỊCH"), "Sở Văn hóa, Thể thao và Du lịch"),
    (("BAN QUẢN LÝ", "CÁC KHU CÔNG NGHIỆP"), "Ban Quản lý các khu công nghiệp"),
    (("SỞ TÀI NGUYÊN", "VÀ MÔI TRƯỜNG"), "Sở Tài nguyên và Môi trường"),
)
#: Provinces a department's parent line names ("UBND TỈNH …").
PROVINCES = ("Khánh Hòa", "Đồng Tháp", "Nghệ An", "Thái Bình", "Phú Thọ", "Quảng Ninh")
#: Ministries that issue joint circulars, as the header prints them.
MINISTRIES = ("BỘ TÀI CHÍNH", "BỘ NỘI VỤ", "BỘ NGOẠI GIAO", "BỘ CÔNG THƯƠNG", "BỘ Y TẾ",
              "BỘ GIÁO DỤC VÀ ĐÀO TẠO")
#: The dashed ground a Party instrument opens with (no numbered instrument in it).
GROUNDS = "- Căn cứ chức năng, nhiệm vụ và quyền hạn được giao;"
#: Marks printed together on one line, framed or not, with their values.
MARK_LINES = (
    ("KHẨN  MẬT", "Khẩn", "Mật"),
    ("HỎA TỐC - TỐI MẬT", "Hỏa tốc", "Tối mật"),
    ("[THƯỢNG KHẨN]  [MẬT]", "Thượng khẩn", "Mật"),
    ("MẬT   KHẨN", "Khẩn", "Mật"),
)


def _find(letter: Letter, region: str, test: object) -> int | None:
    for i, block in enumerate(letter.blocks):
        if block.region == region and block.lines and test(block.lines[0]):  # type: ignore[operator]
            return i
    return None


def _place_date(letter: Letter) -> int:
    i = _find(letter, "header-right", lambda t: ", ngày" in t)
    assert i is not None, "a composed letter prints its place-date line"
    return i


def _number_line(letter: Letter) -> int:
    i = _find(letter, "header-left", lambda t: t.startswith("Số"))
    assert i is not None, "a composed letter prints its number line"
    return i


def _recompose(letter: Letter, rng: random.Random, wanted: object) -> Letter:
    """The letter itself when `wanted(letter)`, else another composed letter that is."""
    while not wanted(letter):  # type: ignore[operator]
        letter = compose(rng.randrange(100_000, 999_999))
    return letter


def _set_place_date(letter: Letter, place: str) -> None:
    i = _place_date(letter)
    block = letter.blocks[i]
    _, _, when = block.lines[0].partition(", ")
    letter.blocks[i] = replace(block, lines=(f"{place}, {when}",))
    letter.gold["place"] = place


def _with_title(letter: Letter, title: str, printed: tuple[str, ...], *, rule: bool) -> Letter:
    """The letter as an instrument titled `title`, its subject printed as `printed` under it."""
    blocks = list(letter.blocks)
    vv = _find(letter, "header-left", lambda t: t.startswith("V/v "))
    if vv is not None:
        del blocks[vv]
    at = next(i for i, b in enumerate(blocks) if b.region == "body")
    if blocks[at].lines[0] in TITLES:  # the letter's own title and subject give way
        del blocks[at:at + 2]
    new = [Block("body", (title,), "bold", 14, space_before=22),
           Block("body", printed, "bold", 13, wrap=len(printed) == 1)]
    if rule:
        new.append(Block("body", ("-----",), "regular", 12, space_before=2))
    blocks[at:at] = new
    gold = dict(letter.gold, doc_type=TITLES[title])
    return replace(letter, blocks=blocks, gold=gold)


@style("instrument_subject_plain")
def instrument_subject_plain(letter: Letter, rng: random.Random) -> Letter:
    """An instrument's title and, right under it, its subject with no "Về việc"."""
    subject = str(letter.gold["subject"])
    printed = subject[:1].upper() + subject[1:]
    return _with_title(letter, rng.choice(PLAIN_TITLES), (printed,), rule=False)


@style("subject_closed_by_rule")
def subject_closed_by_rule(letter: Letter, rng: random.Random) -> Letter:
    """A Party Hướng dẫn: its subject under the title (in quotes or in capitals), a rule after."""
    letter = _recompose(letter, rng, lambda lt: lt.form == "party")
    subject = str(letter.gold["subject"])
    how = rng.choice(("plain", "quoted", "capitals"))
    if how == "capitals":
        printed, gold = subject.upper(), subject.upper()
    elif how == "quoted":
        printed, gold = f"“{subject[:1].upper()}{subject[1:]}”", subject
    else:
        printed, gold = subject[:1].upper() + subject[1:], subject
    out = _with_title(letter, "HƯỚNG DẪN", (printed,), rule=True)
    out.gold["subject"] = gold
    # The body opens with its grounds as dashed items right under the rule.
    rule = next(i for i, b in enumerate(out.blocks) if b.lines == ("-----",))
    out.blocks.insert(rule + 1, Block("body", (GROUNDS,), "regular", 14, align="justify",
                                      wrap=True, indent=28, space_before=8))
    return out


@style("issuer_over_lines")
def issuer_over_lines(letter: Letter, rng: random.Random) -> Letter:
    """A department under its province, its own name set over two or three lines."""
    letter = _recompose(letter, rng, lambda lt: lt.form == "state")
    province = rng.choice(PROVINCES)
    name, spelled = rng.choice(LONG_NAMES)
    number = _number_line(letter)
    blocks = [b for i, b in enumerate(letter.blocks) if b.region != "header-left" or i >= number]
    blocks[0:0] = [Block("header-left", (f"UBND TỈNH {province.upper()}",), "regular", 12.5),
                   Block("header-left", name, "bold", 12.5)]
    out = replace(letter, blocks=blocks, gold=dict(letter.gold))
    _set_place_date(out, province)
    issuer = f"{spelled} tỉnh {province}"
    out.gold.update(issuer=issuer, issuers=[issuer])
    return out


@style("joint_issuers")
def joint_issuers(letter: Letter, rng: random.Random) -> Letter:
    """A joint instrument of two ministries: both named, on one line or one under the other."""
    letter = _recompose(letter, rng, lambda lt: lt.form == "state")
    first, second = rng.sample(MINISTRIES, 2)
    number = _number_line(letter)
    blocks = [b for i, b in enumerate(letter.blocks) if b.region != "header-left" or i >= number]
    if rng.random() < 0.5 or len(first) + len(second) > 30:
        named = [Block("header-left", (first,), "bold", 12.5),
                 Block("header-left", (second,), "bold", 12.5)]
    else:
        named = [Block("header-left", (f"{first} - {second}",), "bold", 12.5)]
    blocks[0:0] = named
    out = replace(letter, blocks=blocks, gold=dict(letter.gold))
    _set_place_date(out, "Hà Nội")
    issuers = [normal_case(first), normal_case(second)]
    out.gold.update(issuer=issuers[0], issuers=issuers)
    return out


@style("place_date_under_party_motto")
def place_date_under_party_motto(letter: Letter, rng: random.Random) -> Letter:
    """A Party letter's place-date line right under "ĐẢNG CỘNG SẢN VIỆT NAM" and its rule."""
    letter = _recompose(letter, rng, lambda lt: lt.form == "party")
    blocks = list(letter.blocks)
    at = _place_date(letter)
    moved = replace(blocks.pop(at), same_row_as_previous_right=False, space_before=4)
    motto = next(i for i, b in enumerate(blocks) if b.lines[0] == "ĐẢNG CỘNG SẢN VIỆT NAM")
    blocks[motto + 1:motto + 1] = [Block("header-right", ("---------------",), "regular", 12),
                                   moved]
    return replace(letter, blocks=blocks)


@style("marks_on_one_line")
def marks_on_one_line(letter: Letter, rng: random.Random) -> Letter:
    """The urgency and secrecy marks printed together on one line, framed or not."""
    text, urgency, secrecy = rng.choice(MARK_LINES)
    blocks = [b for b in letter.blocks if not (
        b.region == "header-left" and b.lines[0] in ("MẬT", "TỐI MẬT", "KHẨN", "THƯỢNG KHẨN",
                                                      "HỎA TỐC"))]
    last_left = max(i for i, b in enumerate(blocks) if b.region == "header-left")
    blocks.insert(last_left + 1, Block("header-left", (text,), "bold", 13, space_before=6))
    return replace(letter, blocks=blocks,
                   gold=dict(letter.gold, urgency=urgency, confidentiality=secrecy))


def _cited_before_month(letter: Letter) -> bool:
    """Whether every dated citation is before the letter's month, and no flag hangs on it."""
    issued = date.fromisoformat(str(letter.gold["issued_date"])[:7] + "-01")
    cited = letter.gold.get("citations") or []
    return not letter.gold.get("flags") and all(
        c.get("date") is None or date.fromisoformat(c["date"]) < issued
        for c in cited)  # type: ignore[attr-defined]


@style("blank_day")
def blank_day(letter: Letter, rng: random.Random) -> Letter:
    """A place-date line whose day is left blank to be written in by hand: the month is known."""
    letter = _recompose(letter, rng, lambda lt: len(str(lt.gold["issued_date"])) == 10
                        and _cited_before_month(lt) and lt.gold.get("trip_kind") is None)
    issued = date.fromisoformat(str(letter.gold["issued_date"]))
    i = _place_date(letter)
    block = letter.blocks[i]
    place, _, _ = block.lines[0].partition(", ")
    month = f"{issued.month:02d}" if issued.month < 3 else str(issued.month)
    blocks = list(letter.blocks)
    blocks[i] = replace(block, lines=(f"{place}, ngày       tháng {month} năm {issued.year}",))
    return replace(letter, blocks=blocks,
                   gold=dict(letter.gold, issued_date=f"{issued.year:04d}-{issued.month:02d}"))
