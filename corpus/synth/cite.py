"""The instruments generated letters cite, written in the forms real letters use, with gold.

The facts here (numbers, dates, issuers, what replaced what and from when) are the public facts
of ../shared/registry-facts.md, kept apart from the registry on purpose: the gold flags are
worked out from them, not from the code under test.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Cited:
    """An instrument as letters cite it, and (for an ended one) how and since when it ended."""

    kind: str
    ref: str
    signed: date
    issuer: str
    title: str | None = None
    short: str | None = None  # "Quy chế 272", "Chỉ thị 38"
    name: str | None = None  # a law's name, printed before its number
    ends: tuple[str, date] | None = None  # ("superseded_citation", since)
    replaces: str | None = None  # the ref of an instrument it replaced, for "(thay thế …)"


CURRENT: tuple[Cited, ...] = (
    Cited("Quyết định", "272-QĐ/TW", date(2015, 1, 21), "Bộ Chính trị",
          "ban hành Quy chế quản lý thống nhất các hoạt động đối ngoại", short="Quy chế 272",
          replaces="295-QĐ/TW"),
    Cited("Kết luận", "33-KL/TW", date(2018, 7, 25), "Bộ Chính trị",
          "tiếp tục thực hiện Quy chế quản lý thống nhất các hoạt động đối ngoại",
          short="Kết luận 33"),
    Cited("Chỉ thị", "38-CT/TW", date(2014, 7, 21), "Bộ Chính trị",
          "tăng cường quản lý các đoàn đi công tác nước ngoài", short="Chỉ thị 38"),
    Cited("Quyết định", "67/2011/QĐ-TTg", date(2011, 12, 12), "Thủ tướng Chính phủ",
          "ban hành Quy chế quản lý thống nhất các hoạt động đối ngoại của Ủy ban nhân dân các "
          "tỉnh, thành phố trực thuộc Trung ương", replaces="28/2005/QĐ-TTg"),
    Cited("Thông tư", "102/2012/TT-BTC", date(2012, 6, 21), "Bộ Tài chính",
          "quy định chế độ công tác phí cho cán bộ, công chức nhà nước đi công tác ngắn hạn ở "
          "nước ngoài", replaces="91/2005/TT-BTC"),
    Cited("Hướng dẫn", "05-HD/BĐNTW", date(2019, 3, 26), "Ban Đối ngoại Trung ương",
          "thực hiện Quy chế quản lý thống nhất các hoạt động đối ngoại"),
    Cited("Quy định", "86-QĐ/TW", date(2022, 10, 28), "Ban Bí thư",
          "nhiệm vụ của đảng viên và quản lý đảng viên", short="Quy định 86"),
    Cited("Nghị định", "30/2020/NĐ-CP", date(2020, 3, 5), "Chính phủ", "công tác văn thư",
          replaces="110/2004/NĐ-CP"),
    Cited("Chỉ thị", "21-CT/TW", date(2012, 12, 21), "Ban Bí thư",
          "đẩy mạnh thực hành tiết kiệm, chống lãng phí"),
    Cited("Chỉ thị", "30/CT-TTg", date(2012, 11, 26), "Thủ tướng Chính phủ",
          "tăng cường thực hành tiết kiệm, chống lãng phí"),
    Cited("Luật", "49/2019/QH14", date(2019, 11, 22), "Quốc hội",
          name="Xuất cảnh, nhập cảnh của công dân Việt Nam"),
    Cited("Nghị định", "58/2022/NĐ-CP", date(2022, 8, 31), "Chính phủ",
          "đăng ký và quản lý hoạt động của các tổ chức phi chính phủ nước ngoài tại Việt Nam",
          replaces="12/2012/NĐ-CP"),
)

ENDED: tuple[Cited, ...] = (
    Cited("Quyết định", "295-QĐ/TW", date(2010, 3, 23), "Bộ Chính trị",
          "ban hành Quy chế quản lý thống nhất các hoạt động đối ngoại", short="QĐ 295",
          ends=("superseded_citation", date(2015, 1, 21))),
    Cited("Quyết định", "28/2005/QĐ-TTg", date(2005, 2, 1), "Thủ tướng Chính phủ",
          "ban hành Quy chế quản lý thống nhất các hoạt động đối ngoại của Ủy ban nhân dân các "
          "tỉnh, thành phố trực thuộc Trung ương", ends=("superseded_citation", date(2012, 2, 1))),
    Cited("Thông tư", "91/2005/TT-BTC", date(2005, 10, 18), "Bộ Tài chính",
          "quy định chế độ công tác phí cho cán bộ, công chức nhà nước đi công tác ngắn hạn ở "
          "nước ngoài", ends=("superseded_citation", date(2012, 8, 10))),
    Cited("Nghị định", "110/2004/NĐ-CP", date(2004, 4, 8), "Chính phủ", "công tác văn thư",
          ends=("superseded_citation", date(2020, 3, 5))),
    Cited("Nghị định", "09/2010/NĐ-CP", date(2010, 2, 8), "Chính phủ",
          "sửa đổi, bổ sung một số điều của Nghị định số 110/2004/NĐ-CP về công tác văn thư",
          ends=("repealed_citation", date(2020, 3, 5))),
    Cited("Nghị định", "12/2012/NĐ-CP", date(2012, 3, 1), "Chính phủ",
          "đăng ký và quản lý hoạt động của các tổ chức phi chính phủ nước ngoài",
          ends=("superseded_citation", date(2022, 11, 1))),
)
BY_REF = {c.ref: c for c in CURRENT + ENDED}
#: Instruments named inside another's title: (kind, ref).
TITLE_MENTIONS = {"09/2010/NĐ-CP": (("Nghị định", "110/2004/NĐ-CP"),)}

#: Local letters a request refers to: (kind, symbol of the sender, sender).
LOCAL = (("Văn bản", "SNgV-VP", "Sở Ngoại vụ"), ("Tờ trình", "TTr-SCT", "Sở Công Thương"),
         ("Công văn", "UBND-NC", "Ủy ban nhân dân tỉnh"), ("Báo cáo", "BC-SNV", "Sở Nội vụ"))


def _written(day: date, rng: random.Random) -> str:
    style = rng.random()
    if style < 0.45:
        return f"ngày {day.day:02d}/{day.month:02d}/{day.year}" if rng.random() < 0.5 \
            else f"ngày {day.day}/{day.month}/{day.year}"
    if style < 0.85:
        return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"
    return f"ngày {day.day:02d}-{day.month:02d}-{day.year}"


def written(cited: Cited, rng: random.Random, *, wrong_date: bool = False,
            with_replaced: bool = False) -> tuple[str, date, str | None]:
    """How a letter prints a citation (one of several real styles), its date and issuer."""
    day = cited.signed
    if wrong_date:
        day = day.replace(year=day.year + 1) if day.month != 2 or day.day != 29 else day
    when = _written(day, rng)
    number = "số " if rng.random() < 0.92 else ""
    if cited.name:
        head = f"{cited.kind} {cited.name} {number or 'số '}{cited.ref} {when}"
        return head, day, None
    head = f"{cited.kind} {number}{cited.ref}{',' if rng.random() < 0.1 else ''} {when}"
    title = cited.title if cited.title and rng.random() < 0.75 else None
    order = rng.random()
    if title and order < 0.4:
        text = f"{head} của {cited.issuer} về {title}"
    elif title and order < 0.7:
        lead = "" if title.startswith(("ban hành", "quy định", "hướng dẫn")) else "về việc "
        text = f"{head} {lead}{title} của {cited.issuer}"
    else:
        text = f"{head} của {cited.issuer}"
    if with_replaced and cited.replaces in BY_REF:
        old = BY_REF[cited.replaces]
        text += f" (thay thế {old.kind} số {old.ref} {_written(old.signed, rng)})"
    return text, day, cited.issuer


@dataclass
class CitationPlan:
    """The sentences a letter's citations are written in, and the gold they make."""

    lead: list[str]  # sentences before the body ("Căn cứ …;" or "Thực hiện …, …")
    later: list[str]  # sentences for later in the body (short forms)
    footnote: str | None
    gold: list[dict[str, object]]
    flags: list[dict[str, str]]


def plan_citations(rng: random.Random, issued: date, doc_type: str, issuer: str,
                   *, force: list[str] | None = None, wrong_date: str | None = None,
                   replaced_mention: bool | None = None) -> CitationPlan:
    """Choose what a letter issued on `issued` cites and write it.

    `force` names the refs to cite (as basis) instead of a random choice; `wrong_date` the ref
    printed with a wrong date; `replaced_mention` whether to add "(thay thế …)".
    """
    if force is not None:
        chosen = [BY_REF[r] for r in force]
    else:
        usable = [c for c in CURRENT if c.signed < issued]
        chosen = rng.sample(usable, min(len(usable), rng.choice((1, 1, 2, 2, 3))))
        if rng.random() < 0.3:
            ended = [c for c in ENDED if c.signed < issued]
            chosen.insert(rng.randrange(len(chosen) + 1), rng.choice(ended))
    if replaced_mention is None:
        replaced_mention = rng.random() < 0.25
    if wrong_date is None and force is None and rng.random() < 0.06:
        wrong_date = chosen[0].ref
    gold: list[dict[str, object]] = []
    flags: list[dict[str, str]] = []
    texts: list[str] = []
    for cited in chosen:
        with_replaced = replaced_mention and cited.replaces in BY_REF \
            and BY_REF[cited.replaces].signed < issued
        text, day, printed_issuer = written(cited, rng, wrong_date=cited.ref == wrong_date,
                            with_replaced=with_replaced)
        texts.append(text)
        gold.append({"ref": cited.ref, "kind": cited.kind, "date": day.isoformat(),
                     "issuer": printed_issuer, "role": "basis"})
        for named in TITLE_MENTIONS.get(cited.ref, ()):
            if f"số {named[1]}" in text:  # the title was printed: it mentions another one
                gold.append({"ref": named[1], "kind": named[0], "date": None, "issuer": None,
                             "role": "reference"})
        if with_replaced:
            old = BY_REF[cited.replaces or ""]
            gold.append({"ref": old.ref, "kind": old.kind, "date": old.signed.isoformat(),
                         "issuer": None, "role": "replaced"})
        if cited.ends and issued >= cited.ends[1]:
            flags.append({"code": cited.ends[0], "ref": cited.ref})
        if cited.ref == wrong_date:
            flags.append({"code": "citation_date_mismatch", "ref": cited.ref})
    if doc_type == "Công văn":
        lead = [f"Thực hiện {texts[0]}, {issuer} đề nghị các cơ quan, đơn vị quán triệt và "
                "thực hiện nghiêm các nội dung sau."]
        if len(texts) > 1:
            lead.append("Tiếp tục quán triệt và thực hiện nghiêm " + "; ".join(texts[1:]) + ".")
    else:
        lead = [f"Căn cứ {t};" for t in texts]
    later: list[str] = []
    with_short = [c for c in chosen if c.short]
    if with_short and rng.random() < 0.5:
        cited = rng.choice(with_short)
        later.append(f"Các nội dung khác thực hiện theo đúng {cited.short} và các quy định "
                     "hiện hành.")
    footnote = None
    if rng.random() < 0.35:  # a reference to a local letter, in the body or in a footnote
        kind, symbol, sender = rng.choice(LOCAL)
        number = rng.randrange(20, 2400)
        day = issued - timedelta(days=rng.randrange(5, 60))
        ref = f"{number}/{symbol}"
        text = (f"{kind} số {ref} {_written(day, rng)} của {sender} về việc đề xuất cử đoàn "
                "công tác")
        if rng.random() < 0.5:
            footnote = f"(1) {text}."
            later.append("Tình hình cụ thể đã được báo cáo tại văn bản gửi kèm (1).")
        else:
            lead.insert(0, f"Xét đề nghị của {sender} tại {text};" if doc_type != "Công văn"
                        else f"Xét đề nghị của {sender} tại {text}.")
        gold.append({"ref": ref, "kind": kind, "date": day.isoformat(), "issuer": sender,
                     "role": "reference"})
    return CitationPlan(lead, later, footnote, gold, flags)


def short_plan(rng: random.Random, issued: date, ref: str) -> CitationPlan:
    """A letter that cites one instrument only by its short form ("QĐ 295", "Quy chế 272")."""
    cited = BY_REF[ref]
    assert cited.short
    sentence = f"Thực hiện {cited.short}, các cơ quan, đơn vị rà soát kế hoạch đoàn ra năm " \
               f"{issued.year}."
    flags = [{"code": cited.ends[0], "ref": ref}] if cited.ends and issued >= cited.ends[1] \
        else []
    gold: list[dict[str, object]] = [{"ref": ref, "kind": cited.kind, "date": None,
                                      "issuer": None, "role": "basis"}]
    return CitationPlan([sentence], [], None, gold, flags)
