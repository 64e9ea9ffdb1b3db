"""Trip letters: requests to send a delegation, decisions sending one, reports after one.

Each plan carries the paragraphs to print, the gold `delegation` (../shared/CONTRACT.md) and the
gold rule flags, worked out here from what was written, not by the code under test. The traps
the issue names are here: a head who also signs the letter; "phía bạn đài thọ ăn ở, ngân sách
tỉnh chi vé máy bay" (mixed); a company named only as the host of a visit; a Chủ tịch and a
Phó Chủ tịch of different bodies in one delegation.

The ways real trip letters are written are drawn here too, each with its gold: a head named by
office only ("do đồng chí Phó Chủ tịch … làm Trưởng đoàn, gồm 05 đồng chí", the name null), the
head marked inside the member list (", Trưởng đoàn", "(Trưởng đoàn)", "Trưởng đoàn: …", not
always first, led by Ông/Bà, Đồng chí or Đ/c), a decision sending one person (the head of a
delegation of one), the inviter after "Thực hiện thư mời (ngày …) của", "Theo lời mời của",
"Nhận lời mời của", a foreign partner paying by its name (an aid agency, the inviting
university), a trip told only as "sang làm việc tại/với …" or "đi làm việc tại …", and the
short date spans ("từ ngày 10 đến ngày 14/6/2024", "từ ngày 10/6 đến …").
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from corpus.rules.calendar import DEFAULT as CALENDAR
from corpus.synth import trip_words as words

KINDS = ("request", "decision", "report")
#: The restricted period of the example rule `vi-du-thoi-gian-han-che` (corpus/rules/rules.yaml,
#: off by default), which the corpus's own rules file switches on; it binds letters from
#: RESTRICTED_FROM. Gold `restricted_period` flags are labelled under that rules file.
RESTRICTED_WINDOW = (date(2026, 1, 15), date(2026, 3, 15))
RESTRICTED_FROM = date(2025, 12, 1)
#: The Hải Phòng 2026 restriction (rule `hai-phong-2026-han-che-doan-ra`): a request or decision
#: of a Hải Phòng body dated from this day is flagged while no end day is set (the shipped rule).
HAI_PHONG_FROM = date(2026, 1, 1)
TRIP_TRAPS = ("head_signs", "mixed_funding", "company_host", "different_bodies",
              "late_report_over_tet", "relatives_allowed")

#: How a letter may name each country (the short name first), with cities there.
COUNTRIES: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = (
    (("Nhật Bản",), "JP", ("Tokyo", "Osaka", "Fukuoka")),
    (("Hàn Quốc", "Đại Hàn Dân Quốc"), "KR", ("Seoul", "Busan")),
    (("Trung Quốc", "Cộng hòa Nhân dân Trung Hoa"), "CN", ("Bắc Kinh", "Quảng Châu", "Côn Minh")),
    (("Lào", "Cộng hòa Dân chủ Nhân dân Lào", "CHDCND Lào"), "LA", ("Viêng Chăn",
                                                                    "Luông Pha-bang")),
    (("Pháp", "Cộng hòa Pháp"), "FR", ("Paris", "Lyon")),
    (("Hoa Kỳ", "Hợp chúng quốc Hoa Kỳ"), "US", ("Oa-sinh-tơn", "Niu Oóc")),
    (("Ô-xtrây-li-a",), "AU", ("Xít-ni", "Men-bơn")),
    (("Nga", "Liên bang Nga"), "RU", ("Mát-xcơ-va",)),
    (("Đức", "Cộng hòa Liên bang Đức"), "DE", ("Béc-lin",)),
    (("Thái Lan", "Vương quốc Thái Lan"), "TH", ("Băng Cốc",)),
)

EVENTS = ("Hội chợ Thương mại quốc tế", "Diễn đàn hợp tác địa phương",
          "Hội nghị xúc tiến đầu tư", "Lễ kỷ niệm quan hệ hữu nghị")
PURPOSES = (
    "xúc tiến thương mại, giới thiệu sản phẩm nông sản của tỉnh",
    "trao đổi kinh nghiệm quản lý đô thị và phát triển du lịch",
    "ký kết biên bản ghi nhớ hợp tác giữa hai địa phương",
    "khảo sát thị trường và kêu gọi đầu tư vào các khu công nghiệp",
    "tham dự hội nghị và làm việc với các cơ quan đối tác",
)
FOREIGN_INVITERS = ("Tổ chức Xúc tiến Thương mại Nhật Bản (JETRO)", "Chính quyền tỉnh Gyeonggi",
                    "Hội hữu nghị hai nước", "Đại học Quốc gia Seoul",
                    "Ủy ban nhân dân tỉnh Hủa Phăn")
#: Foreign partners that pay for a trip, named by their organisation.
AGENCIES = ("Cơ quan Hợp tác Quốc tế Nhật Bản (JICA)", "Cơ quan Hợp tác Quốc tế Hàn Quốc (KOICA)",
            "Tổ chức Hợp tác Phát triển Đức (GIZ)", "Chương trình Phát triển Liên hợp quốc (UNDP)")
#: How a letter says the delegation was invited (before "của" and the inviter).
INVITATIONS = ("Theo thư mời của", "Thực hiện thư mời của", "Theo lời mời của",
               "Nhận lời mời của")
#: How the head is marked in a member list: after the title, or as a label before the person.
HEAD_MARKS = (" - Trưởng đoàn", ", Trưởng đoàn", " (Trưởng đoàn)", "label")
COMPANIES = ("Công ty Cổ phần Đầu tư Hoàng Long", "Tập đoàn Phú Thành",
             "Công ty TNHH Thương mại Minh An")


@dataclass(frozen=True)
class Unit:
    """A body whose head and deputies may travel: its name and their titles."""

    name: str
    head: str
    deputy: str


def _units(province: str) -> tuple[Unit, ...]:
    area = f"thành phố {province}" if province == "Hải Phòng" else f"tỉnh {province}"
    return (
        Unit(f"Ủy ban nhân dân {area}", "Chủ tịch", "Phó Chủ tịch"),
        Unit(f"Hội đồng nhân dân {area}", "Chủ tịch", "Phó Chủ tịch"),
        Unit("Sở Công Thương", "Giám đốc", "Phó Giám đốc"),
        Unit("Sở Ngoại vụ", "Giám đốc", "Phó Giám đốc"),
        Unit("Sở Kế hoạch và Đầu tư", "Giám đốc", "Phó Giám đốc"),
        Unit("Sở Nông nghiệp và Phát triển nông thôn", "Giám đốc", "Phó Giám đốc"),
        Unit("Ban Tổ chức Tỉnh ủy", "Trưởng ban", "Phó Trưởng ban"),
        Unit(f"Văn phòng Ủy ban nhân dân {area}", "Chánh Văn phòng",
             "Phó Chánh Văn phòng"),
    )


DEPARTMENTS = ("Quản lý thương mại", "Hợp tác quốc tế", "Kế hoạch tài chính", "Tổng hợp",
               "Xúc tiến đầu tư")


@dataclass
class TripPlan:
    """What a trip letter says and what is true of it."""

    kind: str
    paragraphs: list[str]
    delegation: dict[str, Any]
    flags: list[str]
    subject: str
    signer: tuple[str, str] | None = None  # (name, title) when the head signs the letter
    notes: dict[str, Any] = field(default_factory=dict)


def _person(rng: random.Random, family: tuple[str, ...], middle: tuple[str, ...],
            given: tuple[str, ...], taken: set[str]) -> tuple[str, str]:
    while True:
        sex = rng.choice(("Ông", "Bà"))
        mid = "Thị" if sex == "Bà" else rng.choice([m for m in middle if m != "Thị"])
        name = f"{rng.choice(family)} {mid} {rng.choice(given)}"
        if name not in taken:
            taken.add(name)
            return sex, name


def _vn(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def _countries_phrase(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} và {names[-1]}"


def plan_trip(rng: random.Random, kind: str, *, issuer: str, province: str, issued: date,
              names: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]],
              trap: str | None = None) -> TripPlan:
    """A trip letter of `kind` drawn from rng, with its gold delegation and rule flags."""
    units = _units(province)
    vrng = random.Random(rng.getrandbits(32))  # how it is written, drawn apart from the facts
    taken: set[str] = set()
    flags: list[str] = []
    # Countries and places.
    picks = rng.sample(COUNTRIES, 2 if rng.random() < 0.2 else 1)
    written = [rng.choice(forms) for forms, _, _ in picks]
    countries = [forms[0] for forms, _, _ in picks]
    places: list[str] = []
    if rng.random() < 0.7:
        for _, _, cities in picks:
            places += rng.sample(cities, 1 if len(cities) == 1 or rng.random() < 0.6 else 2)
    # Dates: a request or decision looks ahead, a report looks back.
    if kind == "report":
        end = issued - timedelta(days=rng.randrange(3, 50))
        if trap == "late_report_over_tet":
            end = date(2024, 2, 2)
            issued = CALENDAR.add_working_days(end, 14)
        length = rng.randrange(4, 9)
        start = end - timedelta(days=length - 1)
    else:
        start = issued + timedelta(days=rng.randrange(15, 60))
        length = rng.randrange(4, 9)
        end = start + timedelta(days=length - 1)
    month_only = kind == "request" and rng.random() < 0.1
    no_time = kind == "request" and not month_only and rng.random() < 0.06
    # The delegation: a head, members, maybe a stated size.
    lead_unit = rng.choice(units)
    head_sex, head = _person(rng, *names, taken)
    head_title = f"{rng.choice((lead_unit.head, lead_unit.deputy))} {lead_unit.name}"
    solo = kind == "decision" and trap is None and rng.random() < 0.15  # "Cử bà … đi công tác"
    # "do đồng chí Phó Chủ tịch … làm Trưởng đoàn, gồm 05 đồng chí": no one named.
    by_office = not solo and trap is None and vrng.random() < 0.14
    key_pair = not (solo or by_office) and trap != "different_bodies" and rng.random() < 0.15
    committee_pair = not (key_pair or solo or by_office) and trap != "different_bodies" and \
        rng.random() < 0.06
    members: list[tuple[str, str, str]] = []
    used_units = {lead_unit.name}
    if key_pair:  # the head's deputy (or head) of the same body travels too
        other = lead_unit.deputy if head_title.startswith(lead_unit.head) else lead_unit.head
        sex, name = _person(rng, *names, taken)
        members.append((sex, name, f"{other} {lead_unit.name}"))
        flags.append("two_key_leaders")
    if committee_pair:
        head_title = f"Ủy viên Ban Thường vụ Tỉnh ủy, {head_title}"
        free = [u for u in units if u.name not in used_units]
        unit = rng.choice(free)
        used_units.add(unit.name)
        sex, name = _person(rng, *names, taken)
        members.append((sex, name, f"Ủy viên Ban Thường vụ Tỉnh ủy, {unit.head} {unit.name}"))
        flags.append("two_key_leaders")
    if trap == "different_bodies":
        a, b = units[0], units[1]  # the People's Committee and the People's Council
        head_title = f"{a.deputy} {a.name}"
        used_units |= {a.name, b.name}
        sex, name = _person(rng, *names, taken)
        members.append((sex, name, f"{b.head} {b.name}"))
    for _ in range(0 if solo or by_office else rng.randrange(1, 5)):
        sex, name = _person(rng, *names, taken)
        free = [u for u in units if u.name not in used_units]
        if free and rng.random() < 0.4:
            unit = rng.choice(free)
            used_units.add(unit.name)
            title = f"{rng.choice((unit.head, unit.deputy))} {unit.name}"
        elif rng.random() < 0.5:
            title = f"Trưởng phòng {DEPARTMENTS[len(members) % len(DEPARTMENTS)]} " \
                    f"{rng.choice(units[2:6]).name}"
        else:
            title = f"Chuyên viên {rng.choice(units[2:6]).name}"
        members.append((sex, name, title))
    relatives = kind != "report" and not (solo or by_office) and trap != "different_bodies" and (
        trap == "relatives_allowed" or rng.random() < 0.15)
    allowed = trap == "relatives_allowed"
    if relatives:
        sex, name = "Bà", _person(rng, *names, taken)[1]
        if head_sex == "Bà":
            sex = "Ông"
        members.append((sex, name, "phu nhân của Trưởng đoàn" if sex == "Bà"
                        else "phu quân của Trưởng đoàn"))
        if not allowed:
            flags.append("relatives_in_delegation")
    listed = 1 + len(members)
    stated = listed + rng.randrange(0, 3) if rng.random() < 0.5 and not solo else None
    if by_office:
        stated = vrng.randrange(2, 9)
    size = stated or listed
    # Funding.
    kinds = ["state_budget"] * 5 + ["foreign_partner"] * 2 + ["enterprise", "self", "mixed"]
    funding_kind = rng.choice(kinds)
    if trap == "mixed_funding":
        funding_kind = "mixed"
    if trap in ("company_host", "head_signs"):
        funding_kind = "state_budget"
    if kind == "request" and rng.random() < 0.12:
        funding_kind = "unknown"
    budget = rng.choice(("ngân sách tỉnh", "ngân sách nhà nước", "ngân sách huyện"))
    company = rng.choice(COMPANIES)
    funding_text: str | None
    funding_sentence: str | None
    if funding_kind == "state_budget":
        funding_text = budget
        funding_sentence = rng.choice((
            f"{vrng.choice(('Kinh phí', 'Nguồn kinh phí'))}: do {budget} bảo đảm theo quy định "
            "hiện hành.",
            f"Kinh phí chuyến đi được chi từ {budget}, trong dự toán năm {start.year} của "
            "đơn vị.",
        ))
        if vrng.random() < 0.2:  # the sending body pays from what it was given
            funding_text = issuer
            funding_sentence = f"Kinh phí: do {issuer} chi trả từ nguồn kinh phí được giao."
    elif funding_kind == "foreign_partner":
        funding_text = rng.choice(("phía bạn", "tổ chức mời"))
        funding_sentence = f"Kinh phí: {funding_text} đài thọ toàn bộ chi phí ăn, ở, đi lại."
        paid_how = vrng.random()
        if paid_how < 0.25:
            funding_text = "phía bạn"
            funding_sentence = "Kinh phí: kinh phí của đoàn do phía bạn chi trả."
        elif paid_how < 0.6:  # a partner named by its organisation
            funding_text = vrng.choice(AGENCIES)
            funding_sentence = (f"Kinh phí: toàn bộ chi phí vé máy bay, ăn, ở do {funding_text} "
                                "đài thọ.")
    elif funding_kind == "enterprise":
        funding_text = company
        funding_sentence = f"Kinh phí: {company} đài thọ toàn bộ chi phí chuyến đi."
        flags.append("enterprise_funded")
    elif funding_kind == "self":
        funding_text = "tự túc"
        funding_sentence = "Kinh phí: các thành viên trong đoàn tự túc."
    elif funding_kind == "mixed":
        funding_text = f"phía bạn đài thọ ăn ở, {budget} chi vé máy bay"
        funding_sentence = f"Kinh phí: {funding_text}."
    else:
        funding_text, funding_sentence = None, None
    # Inviter, purpose, programme.
    invited = rng.random() < 0.7
    inviter = rng.choice(FOREIGN_INVITERS) if invited else None
    invite_words = vrng.choice(INVITATIONS)
    if vrng.random() < 0.2:  # the letter of invitation dated
        sent = issued - timedelta(days=vrng.randrange(5, 40))
        invite_words = f"Thực hiện thư mời ngày {_vn(sent)} của"
    if invited and funding_kind == "foreign_partner" and vrng.random() < 0.3:
        funding_text = inviter  # the host that invites pays: "do {inviter} đài thọ"
        funding_sentence = ("Kinh phí: chi phí ăn, ở và đi lại trong thời gian công tác do "
                            f"{inviter} đài thọ.")
    enterprise_invite = kind != "report" and not invited and rng.random() < 0.08
    if enterprise_invite:
        inviter = company
        if "enterprise_funded" not in flags:
            flags.append("enterprise_funded")
    purpose = rng.choice(PURPOSES)
    program = kind == "report" or rng.random() < 0.85
    host = f" và thăm {company}" if trap == "company_host" else ""
    # The words of the letter.
    where = _countries_phrase(written)
    days_stated = rng.random() < 0.5
    if month_only:
        when = f"trong tháng {start.month} năm {start.year}"
    elif no_time:
        when = ""
    else:
        when = words.span_words(vrng, start, end)
        if days_stated:
            when += f" ({length:02d} ngày, kể cả thời gian đi đường)"
    paragraphs: list[str] = []
    invitation = (f"{invite_words} {inviter}" if invited else
                  f"Theo lời mời đích danh của {company}" if enterprise_invite else
                  "Thực hiện kế hoạch hoạt động đối ngoại năm " + str(issued.year))
    people = [(head_sex, head, head_title)] + members
    form = words.address(vrng)
    verb = words.trip_verb(vrng)
    size_phrase = words.size_words(vrng, stated) if stated else ""
    leads = words.led_words(vrng)
    if by_office:  # "do đồng chí Phó Chủ tịch … làm Trưởng đoàn, gồm 05 đồng chí"
        led = f"do đồng chí {head_title} {leads}, {size_phrase},"
    else:
        listing = "; ".join(f"{words.honorific(form, sex)} {name}, {title}"
                            for sex, name, title in people[1:])
        led = (f"{size_phrase + ' ' if size_phrase else ''}do "
               f"{words.honorific(form, head_sex, inside=True)} {head}, {head_title} {leads}"
               + (f", cùng các thành viên: {listing}," if listing else ""))
    subject = f"cử đoàn cán bộ đi công tác tại {countries[0]}"
    if kind == "request":
        trip_words = f"{led} {verb} {where}" if by_office else \
            f"đi {where}" if verb == words.TRIP_VERBS[0] else f"{verb} {where}"
        time_line = when.startswith("từ") and not by_office and vrng.random() < 0.25
        paragraphs.append(
            f"{invitation}, {issuer} đề nghị cấp có thẩm quyền xem xét, cho phép cử đoàn công "
            f"tác {trip_words}{host}" + (f" {when}" if when and not time_line else "")
            + ", cụ thể như sau:")
        if not by_office:
            counted = vrng.random() < 0.3 and stated
            paragraphs.append(f"1. Thành phần đoàn: {stated:02d} người" if counted else
                              f"1. Thành phần đoàn{' ' + size_phrase if size_phrase else ''}:")
            lines, listed_members = words.member_list(vrng, people, form)
            paragraphs += lines
            members = listed_members
        if time_line:  # "Thời gian: Từ ngày … đến ngày …" as an item of its own
            paragraphs.append(f"- Thời gian: T{when[1:]}.")
        if places:
            paragraphs.append(f"2. Địa điểm làm việc: {', '.join(places)}.")
        paragraphs.append(f"3. Mục đích: {purpose}.")
        if funding_sentence:
            paragraphs.append(f"4. {funding_sentence}")
        if program:
            paragraphs.append("5. Chương trình làm việc cụ thể của đoàn gửi kèm theo "
                              "Tờ trình này.")
    elif kind == "decision":
        subject = f"cử cán bộ đi công tác tại {countries[0]}"
        if solo:  # "Cử bà X, chức vụ(,) đi công tác tại …"
            comma = "," if vrng.random() < 0.4 else ""
            paragraphs.append(f"Điều 1. Cử {words.honorific(form, head_sex, inside=True)} {head}, "
                              f"{head_title}{comma} {verb} {where}{host}"
                              + (f" {when}" if when else "") + ".")
        else:
            paragraphs.append(f"Điều 1. Cử đoàn công tác {led} {verb} {where}{host}"
                              + (f" {when}" if when else "") + ".")
        if places:
            paragraphs.append(f"Địa điểm làm việc: {', '.join(places)}.")
        paragraphs.append(f"Mục đích chuyến công tác: {purpose}.")
        if inviter:
            asked = "lời mời đích danh" if enterprise_invite else \
                vrng.choice(("thư mời", "lời mời"))
            paragraphs.append(f"Chuyến công tác được thực hiện theo {asked} của {inviter}.")
        if funding_sentence:
            paragraphs.append(f"Điều 2. {funding_sentence}")
        if program and solo:
            paragraphs.append("Điều 3. Cán bộ được cử thực hiện theo chương trình làm việc đã "
                              "được phê duyệt và báo cáo kết quả sau khi về nước.")
        elif program:
            paragraphs.append("Điều 3. Đoàn thực hiện theo chương trình làm việc đã được phê "
                              "duyệt; sau khi về nước, Trưởng đoàn báo cáo kết quả chuyến "
                              "công tác theo quy định.")
    else:
        subject = f"báo cáo kết quả chuyến công tác tại {countries[0]}"
        paragraphs.append(f"{invitation}, đoàn công tác {led} đã {verb} {where}{host} {when}.")
        if places:
            paragraphs.append(f"Địa điểm làm việc: {', '.join(places)}.")
        paragraphs.append(f"Mục đích chuyến công tác: {purpose}.")
        if funding_sentence:
            paragraphs.append(funding_sentence)
        paragraphs.append("Đoàn đã hoàn thành chương trình làm việc, các cuộc làm việc đạt kết "
                          "quả tốt; đoàn xin báo cáo kết quả như trên.")
        if CALENDAR.working_days_between(end, issued) > 15:
            flags.append("late_trip_report")
    if relatives and allowed:
        paragraphs.append("Việc phu nhân (phu quân) đi cùng đoàn đã được cấp có thẩm quyền "
                          "cho phép.")
    if kind != "report" and (no_time or funding_kind == "unknown" or not program):
        flags.append("missing_work_program")
    dated = not (month_only or no_time)
    if kind != "report" and dated and issued >= RESTRICTED_FROM and \
            start <= RESTRICTED_WINDOW[1] and end >= RESTRICTED_WINDOW[0]:
        flags.append("restricted_period")
    if kind != "report" and province == "Hải Phòng" and issued >= HAI_PHONG_FROM:
        flags.append("restricted_period")
    delegation = {  # one person sent is the head of a delegation of one
        "head": {"name": None if by_office else head, "title": head_title},
        "members": [{"name": n, "title": t} for _, n, t in members],
        "size": size,
        "countries": countries,
        "country_codes": [code for _, code, _ in picks],
        "places": places,
        "start": start.isoformat() if dated else None,
        "end": end.isoformat() if dated else None,
        "days": length if dated else None,
        "purpose": purpose,
        "inviter": inviter,
        "funding": {"kind": funding_kind, "text": funding_text},
    }
    signer = (head, head_title) if trap == "head_signs" else None
    return TripPlan(kind, paragraphs, delegation, sorted(set(flags)), subject, signer,
                    {"issued": issued})
