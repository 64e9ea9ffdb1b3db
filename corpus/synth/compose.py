"""Composing one letter from a seed: its content, its true fields, its layout blocks."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from corpus.synth import circular as circulars
from corpus.synth import cite, vocab
from corpus.synth import effects as closings
from corpus.synth import trip as trips


@dataclass(frozen=True)
class Block:
    """Lines to set in one region: how they are aligned and in which face and size."""

    region: str  # header-left, header-right, body, footer-left, signature, footnote
    lines: tuple[str, ...]
    face: str = "regular"  # regular, bold, italic, bolditalic
    size: float = 13.0
    align: str = "center"  # center (of the region's column), left, justify
    wrap: bool = False  # a paragraph to wrap to the column width
    indent: float = 0.0
    space_before: float = 0.0
    same_row_as_previous_right: bool = False
    sync: bool = False  # start below whichever column is lower
    fill_to: float | None = None  # repeat the lines until the column reaches this height


@dataclass(frozen=True)
class Stamp:
    """What the e-office system writes into a blank of a line after signing.

    The Word text keeps a blank ("Số:       /UBND-VP", "ngày     tháng 6"); a block's line
    marks it by the word `slot`. `how` the number or day is stamped there: "stream" (loose text
    drawn after the whole body, at the blank's place), "widget" (only in a signature widget's
    appearance, as text), "widget-image" (a picture of the digits in a widget) or "hand" (left
    blank in print and written by hand on the paper: only a scan shows it).
    `rise` lifts the stamp above the line's baseline and `size` is its print: the stamp is
    set by the system, not by the typist.
    """

    slot: str
    text: str
    how: str
    size: float = 13.0
    rise: float = 0.0


@dataclass
class Letter:
    """A composed letter: its blocks in drawing order and its gold fields."""

    key: str
    form: str
    blocks: list[Block]
    gold: dict[str, object] = field(default_factory=dict)
    pages_hint: int = 1
    #: The visible e-signature stamp (born-digital letters signed by the office), or None.
    esign: dict[str, str] | None = None
    #: Numbers and days the e-office system stamps into blanks after signing.
    stamps: tuple[Stamp, ...] = ()


def _person(rng: random.Random) -> str:
    return f"{rng.choice(vocab.FAMILY)} {rng.choice(vocab.MIDDLE)} {rng.choice(vocab.GIVEN)}"


def _date_words(d: date, *, blank_day: bool) -> str:
    day = "     " if blank_day else f"{d.day:02d}" if d.day < 10 else str(d.day)
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"ngày {day} tháng {month} năm {d.year}"


def _upper_authority(authority: str) -> str:
    word, _, rest = authority.partition(" ")
    return f"{word} {rest.upper()}"


#: The bodies that send delegations in generated trip letters (their place is a province).
TRIP_BODY_KINDS = ("province", "department", "party_committee", "party_board")
TRAPS = ("long_recipients", "split_signer", "title_like_subject", "two_line_subject")


def _deadline_sentence(rng: random.Random, issued: date, issuer: str) -> tuple[str, str]:
    due = issued + timedelta(days=rng.randrange(10, 40))
    lead = rng.choice(("trước", "chậm nhất"))
    written = rng.choice((due.strftime("%d/%m/%Y"), due.strftime("%d-%m-%Y"),
                          f"{due.day:02d} tháng {due.month:02d} năm {due.year}"))
    return (f"Đề nghị các cơ quan, đơn vị gửi báo cáo bằng văn bản về {issuer} {lead} ngày "
            f"{written} để tổng hợp.", due.isoformat())


def _communes(rng: random.Random, count: int) -> list[str]:
    names = sorted({f"{rng.choice(vocab.PLACE_SYLLABLES)} {rng.choice(vocab.PLACE_SYLLABLES)}"
                    for _ in range(count * 3)})
    rng.shuffle(names)
    return [f"Ủy ban nhân dân xã {n}" for n in names[:count]]


def compose(seed: int, *, paragraphs: int | None = None, trap: str | None = None,
            issued: date | None = None, cites: list[str] | None = None,
            short_only: str | None = None, wrong_date: str | None = None,
            replaced_mention: bool | None = None, trip: str | None = None,
            trip_trap: str | None = None, city: str | None = None,
            circular: bool = False, effects: str | None = None) -> Letter:
    """A letter drawn from the seed; the same seed always gives the same letter.

    `trap` writes a letter made to break naive rules (see TRAPS): a recipient list running over
    the page, a signer block split across pages, a subject that looks like a title, a V/v
    subject wrapped over two lines. `issued` fixes the letter's date; `cites` the refs it
    stands on (cite.BY_REF), `short_only` a ref it cites only by its short form, `wrong_date` a
    ref printed with a wrong date, `replaced_mention` whether "(thay thế …)" is written.
    `trip` writes a trip letter of that kind (trip.KINDS), `trip_trap` one of trip.TRIP_TRAPS;
    `city="Hải Phòng"` has a Hải Phòng body (vocab.HAI_PHONG_BODIES) send it. `circular` writes
    a Party body's Công văn or Thông báo stating trip rules (synth/circular.py).
    `effects` writes an instrument whose closing articles state its effects: "state" a
    ministry's or province's Quyết định, "party" a Party committee's Quy định (effects.py).
    """
    rng = random.Random(seed)
    body = rng.choice(vocab.BODIES)
    doc_type, title, abbr = rng.choice(vocab.DOC_TYPES)
    plan: trips.TripPlan | None = None
    if trip is not None:
        body = rng.choice([b for b in vocab.BODIES if b.kind in TRIP_BODY_KINDS])
        if city == "Hải Phòng":
            body = rng.choice(vocab.HAI_PHONG_BODIES)
        doc_type, title, abbr = {"request": rng.choice((vocab.DOC_TYPES[0], vocab.DOC_TYPES[1],
                                                        vocab.DOC_TYPES[1])),
                                 "decision": vocab.DOC_TYPES[2],
                                 "report": vocab.DOC_TYPES[5]}[trip]
    stating: circulars.CircularPlan | None = None
    if circular:
        body = rng.choice([b for b in vocab.BODIES if b.kind.startswith("party_")
                           and b.kind != "party_central_board"])
        doc_type, title, abbr = rng.choice((vocab.DOC_TYPES[0], vocab.DOC_TYPES[4]))
    if effects is not None:
        kinds = ("ministry", "province") if effects == "state" else ("party_committee",)
        body = rng.choice([b for b in vocab.BODIES if b.kind in kinds])
        doc_type, title, abbr = vocab.DOC_TYPES[2] if effects == "state" else \
            ("Quy định", "QUY ĐỊNH", "QĐi")
    if trap in ("long_recipients", "two_line_subject"):
        doc_type, title, abbr = vocab.DOC_TYPES[0]
    elif trap == "title_like_subject":
        doc_type, title, abbr = vocab.DOC_TYPES[4]  # Thông báo
    if trap == "long_recipients":
        body = vocab.BODIES[4]  # a district writes to all its communes
    drawn = date(2016, 1, 1) + timedelta(days=rng.randrange(0, 365 * 8))
    issued = issued or drawn
    if trip is not None:
        trng = random.Random(seed * 104729 + 3)  # the trip drawn apart from the rest
        plan = trips.plan_trip(trng, trip, issuer=body.issuer, province=body.place,
                               issued=issued, names=(vocab.FAMILY, vocab.MIDDLE, vocab.GIVEN),
                               trap=trip_trap)
        issued = plan.notes["issued"]
    if circular:
        stating = circulars.plan_circular(random.Random(seed * 7 + 1), issuer=body.issuer,
                                          issued=issued)
    blank_day = rng.random() < 0.08 and not (cites or short_only) and trip is None \
        and effects is None
    blank_number = rng.random() < 0.08
    number = None if blank_number else str(rng.randrange(12, 4800))
    year_style = body.form == "state" and abbr == "QĐ" and rng.random() < 0.4
    if body.form == "party":
        symbol = f"{abbr}/{body.suffix}"
        ref = f"-{symbol}" if number is None else f"{number}-{symbol}"
        number_line = f"Số {ref}" if number else f"Số      -{symbol}"
    else:
        if abbr == "CV":  # a Công văn's symbol is the body's, with the drafting unit
            symbol = body.suffix if "-" in body.suffix else f"{body.suffix}-VP"
        else:
            symbol = f"{abbr}-{body.suffix.split('-')[0]}"
        middle = f"{issued.year}/" if year_style else ""
        ref = f"/{middle}{symbol}" if number is None else f"{number}/{middle}{symbol}"
        number_line = f"Số: {ref}" if number else f"Số:       /{middle}{symbol}"
    country, city = rng.choice(vocab.COUNTRIES)
    year = issued.year
    subject = rng.choice(vocab.SUBJECTS).format(country=country, year=year + 1)
    if plan is not None:
        subject = plan.subject
    if stating is not None:
        subject = stating.subject
    if trap == "title_like_subject":
        subject = f"kế hoạch đoàn ra, đoàn vào năm {year + 1} của {body.issuer}"
    elif trap == "two_line_subject":
        subject = (f"góp ý dự thảo Kế hoạch tổ chức các đoàn đi công tác nước ngoài năm "
                   f"{year + 1} và việc báo cáo kết quả sau chuyến công tác")
    head, head_title = _person(rng), rng.choice(("Giám đốc Sở Công Thương", "Phó Giám đốc Sở "
                                                 "Ngoại vụ", "Phó Chủ tịch Ủy ban nhân dân tỉnh"))
    start = issued + timedelta(days=rng.randrange(20, 60))
    end = start + timedelta(days=rng.randrange(3, 9))
    slots = dict(
        issuer=body.issuer, country=country, city=city, year=year, head=head,
        head_title=head_title, size=f"{rng.randrange(3, 8):02d}",
        start=start.strftime("%d/%m/%Y"), end=end.strftime("%d/%m/%Y"),
    )
    confidentiality = rng.choice(("Mật", "Mật", "Tối mật")) if rng.random() < 0.1 else None
    urgency = rng.choice(("Khẩn", "Khẩn", "Thượng khẩn", "Hỏa tốc")) if rng.random() < 0.12 \
        else None
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
    marks = tuple(m.upper() for m in (urgency, confidentiality) if m)
    if marks:
        blocks.append(Block("header-left", marks, "bold", 13, space_before=6))
    if title is not None:
        blocks.append(Block("body", (title,), "bold", 14, space_before=22))
        lead = "Về việc " if doc_type in ("Quyết định", "Tờ trình") else ""
        printed = f"{lead}{subject}" if lead else subject[:1].upper() + subject[1:]
        blocks.append(Block("body", (printed,), "bold", 13, wrap=True))
    # Recipients.
    recipients = rng.sample(vocab.RECIPIENT_POOL, rng.choice((1, 1, 2, 3)))
    if trap == "long_recipients":
        recipients = _communes(rng, 44)
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
    if trap == "split_signer":
        count = 0
    on = issued.replace(day=1) if blank_day else issued  # the date a reader can know
    crng = random.Random(seed * 7919 + 17)  # citations drawn apart: other fields stay as they were
    if short_only:
        cited = cite.short_plan(crng, on, short_only)
    else:
        cited = cite.plan_citations(crng, on, doc_type, body.issuer, force=cites,
                                    wrong_date=wrong_date, replaced_mention=replaced_mention)
    sentences = list(cited.lead)
    pool = list(vocab.SENTENCES)
    rng.shuffle(pool)
    if plan is not None:
        sentences += plan.paragraphs
    if stating is not None:
        sentences += stating.paragraphs
        plan_free = False
    else:
        plan_free = plan is None
    pool_rules: list[dict[str, object]] = []  # the rules the pool's sentences state
    while plan_free and len(sentences) < count + len(cited.lead) - 1:
        pooled = pool[len(sentences) % len(pool)]
        sentences.append(pooled.format(**slots))
        if pooled in vocab.SENTENCE_RULES:
            pool_rules.append({**vocab.SENTENCE_RULES[pooled], "text": sentences[-1]})
    sentences += cited.later
    stated: list[dict[str, object]] = []
    if effects is not None:
        erng = random.Random(seed * 6113 + 29)  # the closing drawn apart from the rest
        ending = closings.closing(erng, own_kind=doc_type, own_abbr=abbr, issuer=body.issuer,
                                  suffix=body.suffix, issued=issued, party=effects == "party",
                                  variant=closings.VARIANTS[seed % len(closings.VARIANTS)])
        sentences += ending.articles
        stated = ending.effects
    deadlines: list[str] = []
    if rng.random() < 0.3 and plan_free:
        sentence, due = _deadline_sentence(rng, issued, body.issuer)
        sentences.insert(min(len(sentences), 2), sentence)
        deadlines.append(due)
    first = True
    for sentence in sentences:
        blocks.append(Block("body", (sentence,), "regular", 14, align="justify", wrap=True,
                            indent=28, space_before=18 if first else 6))
        first = False
    if trap == "split_signer":  # fill page one so that the signer's name falls on page two
        filler = [s.format(**slots) for s in vocab.SENTENCES]
        blocks.append(Block("body", tuple(filler[:5]), "regular", 14, align="justify",
                            wrap=True, indent=28, space_before=6, fill_to=690))
    # Footer: distribution (left) and signature (right) side by side.
    distribution = ["Như trên"] if recipients else []
    distribution += rng.sample(vocab.DISTRIBUTION_POOL[1:], rng.randrange(2, 4))
    distribution.append("Lưu: VT")
    dist_lines = ["Nơi nhận:"] + [f"- {d};" for d in distribution[:-1]] + [f"- {distribution[-1]}."]
    signer_name = _person(rng)
    if plan is not None and plan.signer is not None:
        signer_name = plan.signer[0]  # the delegation's head signs the request
    deputy = rng.random() < 0.6
    slash = body.form == "party" and rng.random() < 0.5  # "T/M", "K/T" of Party letters
    authority: str | None
    if body.kind in ("province", "district", "party_committee"):
        authority = ("T/M " if slash else "TM. ") + (
            "Ủy ban nhân dân" if body.form == "state" else "Ban Thường vụ")
    elif deputy:
        authority = ("K/T " if slash else "KT. ") + body.head_title
    elif body.kind in ("ministry", "government_office") and rng.random() < 0.3:
        authority = f"TL. {body.head_title}"
    else:
        authority = None
    signer_title = body.deputy_title if deputy else body.head_title
    if authority and authority.startswith("TL."):
        signer_title = "Chánh Văn phòng"
    title_line = signer_title.upper()
    sig_lines = ([_upper_authority(authority)] if authority else []) + [title_line]
    if trap == "split_signer":
        blocks.append(Block("signature", tuple(sig_lines), "bold", 13, space_before=20))
        blocks.append(Block("signature", (signer_name,), "bold", 13, space_before=62))
        blocks.append(Block("footer-left", tuple(dist_lines), "regular", 11, align="left",
                            space_before=24))
    else:
        blocks.append(Block("footer-left", tuple(dist_lines), "regular", 11, align="left",
                            space_before=24))
        blocks.append(Block("signature", tuple(sig_lines), "bold", 13,
                            same_row_as_previous_right=True))
        blocks.append(Block("signature", (signer_name,), "bold", 13, space_before=62))
    if cited.footnote:
        blocks.append(Block("footnote", (cited.footnote,), "italic", 10, align="left", wrap=True,
                            space_before=30))
    esign = None
    if rng.random() < 0.25:
        signed = datetime.combine(issued + timedelta(days=rng.randrange(0, 2)),
                                  time(rng.randrange(7, 18), rng.randrange(60),
                                       rng.randrange(60)))
        esign = {"signer": signer_name, "email": f"vanthu.{body.suffix.lower()}@gov.vn",
                 "organisation": body.issuer,
                 "time": signed.isoformat() + "+07:00"}
    signed_by = {"name": signer_name, "title": signer_title, "authority": authority,
                 "rank": None}
    gold: dict[str, object] = {
        "doc_ref": ref,
        "doc_number": number,
        "doc_symbol": symbol,
        "doc_type": doc_type,
        "issuer": body.issuer,
        "place": body.place,
        "issued_date": issued.strftime("%Y-%m") if blank_day else issued.isoformat(),
        "subject": subject,
        "recipients": recipients or None,
        "distribution": distribution,
        "signer": signed_by,
        "confidentiality": confidentiality,
        "urgency": urgency,
        "deadlines": deadlines or None,
        "incoming": None,
        "e_signature": esign,
        "signers": [dict(signed_by)],
        "issuers": [body.issuer],
        "citations": cited.gold,
        "flags": cited.flags,
        "delegation": plan.delegation if plan is not None else None,
        "rule_flags": plan.flags if plan is not None else [],
        "trip_kind": plan.kind if plan is not None else None,
        "rules_stated": [{**r, "scope": circulars.scope(recipients, distribution)}
                         for r in (pool_rules if stating is None else stating.rules_stated)],
        "form": body.form,
        "body_kind": body.kind,
        "trap": trap,
        "effects": [dict(e, ref=e["ref"] or ref) for e in stated],
    }
    key = f"letter-{seed:04d}" if trap is None else f"trap-{trap.replace('_', '-')}-{seed:04d}"
    if plan is not None:
        key = f"trip-{trip}-{seed:04d}" if trip_trap is None else \
            f"trip-{trip_trap.replace('_', '-')}-{seed:04d}"
    if effects is not None:
        key = f"effects-{effects}-{seed:04d}"
    return Letter(key=key, form=body.form, blocks=blocks, gold=gold, esign=esign)
