"""Composing one letter from a seed: its content, its true fields, its layout blocks."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from corpus.synth import vocab


@dataclass(frozen=True)
class Block:
    """Lines to set in one region: how they are aligned and in which face and size."""

    region: str  # header-left, header-right, body, footer-left, signature
    lines: tuple[str, ...]
    face: str = "regular"  # regular, bold, italic, bolditalic
    size: float = 13.0
    align: str = "center"  # center (of the region's column), left, justify
    wrap: bool = False  # a paragraph to wrap to the column width
    indent: float = 0.0
    space_before: float = 0.0
    same_row_as_previous_right: bool = False
    sync: bool = False  # start below whichever column is lower


@dataclass
class Letter:
    """A composed letter: its blocks in drawing order and its gold fields."""

    key: str
    form: str
    blocks: list[Block]
    gold: dict[str, object] = field(default_factory=dict)
    pages_hint: int = 1


def _person(rng: random.Random) -> str:
    return f"{rng.choice(vocab.FAMILY)} {rng.choice(vocab.MIDDLE)} {rng.choice(vocab.GIVEN)}"


def _date_words(d: date, *, blank_day: bool) -> str:
    day = "     " if blank_day else f"{d.day:02d}" if d.day < 10 else str(d.day)
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"ngày {day} tháng {month} năm {d.year}"


def _upper_authority(authority: str) -> str:
    word, _, rest = authority.partition(" ")
    return f"{word} {rest.upper()}"


def compose(seed: int, *, paragraphs: int | None = None) -> Letter:
    """A letter drawn from the seed; the same seed always gives the same letter."""
    rng = random.Random(seed)
    body = rng.choice(vocab.BODIES)
    doc_type, title, abbr = rng.choice(vocab.DOC_TYPES)
    issued = date(2016, 1, 1) + timedelta(days=rng.randrange(0, 365 * 8))
    blank_day = rng.random() < 0.08
    blank_number = rng.random() < 0.08
    number = None if blank_number else str(rng.randrange(12, 4800))
    if body.form == "party":
        symbol = f"{abbr}/{body.suffix}"
        ref = f"-{symbol}" if number is None else f"{number}-{symbol}"
        number_line = f"Số {ref}" if number else f"Số      -{symbol}"
    else:
        if abbr == "CV":  # a Công văn's symbol is the body's, with the drafting unit
            symbol = body.suffix if "-" in body.suffix else f"{body.suffix}-VP"
        else:
            symbol = f"{abbr}-{body.suffix.split('-')[0]}"
        ref = f"/{symbol}" if number is None else f"{number}/{symbol}"
        number_line = f"Số: {ref}" if number else f"Số:       /{symbol}"
    country, city = rng.choice(vocab.COUNTRIES)
    year = issued.year
    subject = rng.choice(vocab.SUBJECTS).format(country=country, year=year + 1)
    head, head_title = _person(rng), rng.choice(("Giám đốc Sở Công Thương", "Phó Giám đốc Sở "
                                                 "Ngoại vụ", "Phó Chủ tịch Ủy ban nhân dân tỉnh"))
    start = issued + timedelta(days=rng.randrange(20, 60))
    end = start + timedelta(days=rng.randrange(3, 9))
    slots = dict(
        issuer=body.issuer, country=country, city=city, year=year, head=head,
        head_title=head_title, size=f"{rng.randrange(3, 8):02d}",
        start=start.strftime("%d/%m/%Y"), end=end.strftime("%d/%m/%Y"),
    )
    blocks: list[Block] = []
    # Header, left: parent, body name, number, and the V/v subject of a Công văn.
    if body.parent:
        blocks.append(Block("header-left", (body.parent,), "regular", 12.5))
    blocks.append(Block("header-left", tuple(body.name.split("\n")), "bold", 12.5))
    if body.form == "party":
        blocks.append(Block("header-left", ("*",), "regular", 12.5))
    # Header, right.
    if body.form == "party":
        blocks.append(Block("header-right", ("ĐẢNG CỘNG SẢN VIỆT NAM",), "bold", 14))
    else:
        blocks.append(Block("header-right", ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",), "bold", 12))
        blocks.append(Block("header-right", ("Độc lập - Tự do - Hạnh phúc",), "bold", 13))
    place_date = f"{body.place}, {_date_words(issued, blank_day=blank_day)}"
    blocks.append(Block("header-left", (number_line,), "regular", 13, space_before=8,
                        sync=True))
    blocks.append(Block("header-right", (place_date,), "italic", 13, space_before=10,
                        same_row_as_previous_right=True))
    if title is None:
        blocks.append(Block("header-left", (f"V/v {subject}",), "regular", 12, wrap=True))
    else:
        blocks.append(Block("body", (title,), "bold", 14, space_before=22))
        lead = "Về việc " if doc_type in ("Quyết định", "Tờ trình") else ""
        blocks.append(Block("body", (f"{lead}{subject}",), "bold", 13, wrap=True))
    # Recipients.
    recipients = rng.sample(vocab.RECIPIENT_POOL, rng.choice((1, 1, 2, 3)))
    if doc_type in ("Công văn", "Tờ trình"):
        if len(recipients) == 1:
            blocks.append(Block("body", (f"Kính gửi: {recipients[0]}.",), "regular", 14,
                                space_before=18))
        else:
            items = [f"- {r};" for r in recipients[:-1]] + [f"- {recipients[-1]}."]
            blocks.append(Block("body", ("Kính gửi:",), "regular", 14, space_before=18))
            blocks.append(Block("body", tuple(items), "regular", 14, align="left", indent=110,
                                wrap=True))
    else:
        recipients = []
    # Body paragraphs.
    count = paragraphs if paragraphs is not None else rng.choice((3, 4, 5, 6, 9, 12))
    citation = rng.choice(vocab.CITATIONS)
    sentences = [vocab.SENTENCES[1 if doc_type == "Công văn" else 0].format(citation=citation,
                                                                             **slots)]
    pool = list(vocab.SENTENCES[2:])
    rng.shuffle(pool)
    while len(sentences) < count:
        sentences.append(pool[len(sentences) % len(pool)].format(**slots))
    first = True
    for sentence in sentences:
        blocks.append(Block("body", (sentence,), "regular", 14, align="justify", wrap=True,
                            indent=28, space_before=18 if first else 6))
        first = False
    # Footer: distribution (left) and signature (right) side by side.
    distribution = ["Như trên"] if recipients else []
    distribution += rng.sample(vocab.DISTRIBUTION_POOL[1:], rng.randrange(2, 4))
    distribution.append("Lưu: VT")
    dist_lines = ["Nơi nhận:"] + [f"- {d};" for d in distribution[:-1]] + [f"- {distribution[-1]}."]
    signer_name = _person(rng)
    deputy = rng.random() < 0.6
    head_word = "TM." if body.kind in ("province", "district", "party_committee") else "KT."
    authority: str | None
    if head_word == "TM.":
        authority = "TM. " + ("Ủy ban nhân dân" if body.form == "state" else "Ban Thường vụ")
    else:
        authority = f"KT. {body.head_title}" if deputy else None
    signer_title = body.deputy_title if deputy else body.head_title
    title_line = signer_title.upper()
    blocks.append(Block("footer-left", tuple(dist_lines), "regular", 11, align="left",
                        space_before=24))
    sig_lines = ([_upper_authority(authority)] if authority else []) + [title_line]
    blocks.append(Block("signature", tuple(sig_lines), "bold", 13,
                        same_row_as_previous_right=True))
    blocks.append(Block("signature", (signer_name,), "bold", 13, space_before=62))
    gold: dict[str, object] = {
        "doc_ref": ref,
        "doc_number": number,
        "doc_symbol": symbol,
        "doc_type": doc_type,
        "issuer": body.issuer,
        "place": body.place,
        "issued_date": issued.strftime("%Y-%m") if blank_day else issued.isoformat(),
        "subject": subject,
        "recipients": recipients,
        "distribution": distribution,
        "signer": {"name": signer_name, "title": signer_title, "authority": authority},
        "confidentiality": None,
        "urgency": None,
        "form": body.form,
        "body_kind": body.kind,
    }
    return Letter(key=f"letter-{seed:04d}", form=body.form, blocks=blocks, gold=gold)
