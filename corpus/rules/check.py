"""Applying the trip rules to a letter's delegation: each rule that binds it may raise a flag.

A flag names its rule and the circular it comes from in `evidence.rule`. The checks:
- missing_work_program: no concrete programme, time, place or funding;
- two_key_leaders: the head and a deputy of one body, or two members of a standing committee;
- enterprise_funded: paid or organised by an enterprise, or at an enterprise's personal invitation;
- relatives_in_delegation: a spouse or relative listed, without a stated permission;
- late_trip_report: a report sent more than N working days after the return;
- restricted_period: a trip inside a period a circular restricts; with `params.by: letter`, a
  letter dated inside it (a circular restricting the sending of delegations from its date). A
  period whose end the circular does not give (`until` null, an administrator's setting) flags
  as certain up to `at_least_until` (a day known to fall inside it), as information after.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from corpus.checks.flag import Flag
from corpus.registry.registry import fold_words
from corpus.rules.calendar import DEFAULT as CALENDAR
from corpus.rules.model import Rule
from nlp.dates import format_date

#: Titles of a body's head, and the deputy's (the same with "Phó " before it).
HEAD_ROLES = ("Chủ tịch", "Giám đốc", "Tổng Giám đốc", "Trưởng ban", "Chánh Văn phòng",
              "Bí thư", "Hiệu trưởng", "Viện trưởng", "Cục trưởng", "Vụ trưởng", "Bộ trưởng",
              "Trưởng phòng", "Chủ nhiệm", "Tổng Biên tập")
_STANDING = re.compile(r"^(?:Ủy viên Ban Thường vụ|Ủy viên Thường vụ|Phó Bí thư|Bí thư)\s+"
                       r"(?P<body>(?:Tỉnh|Thành|Huyện|Quận|Thị|Đảng)\s*ủy.*)$", re.I)
_RELATIVE = re.compile(r"\b(?:phu nhân|phu quân|vợ|chồng|con trai|con gái|thân nhân|"
                       r"người nhà)\b", re.I)
_PERMITTED = re.compile(r"(?:phu nhân|phu quân|thân nhân|người nhà)[^.]*?(?:đã được|được)"
                        r"[^.]*?(?:cho phép|đồng ý)", re.I)
_PROGRAM = re.compile(r"chương trình (?:làm việc|công tác)|lịch trình|lịch làm việc", re.I)
_NO_PROGRAM = re.compile(r"chưa có chương trình", re.I)
_MONTH = re.compile(r"trong tháng\s+\d{1,2}", re.I)
_ENTERPRISE = re.compile(r"\b(?:Công ty|Tập đoàn|Tổng công ty|doanh nghiệp)\b", re.I)
_ENTERPRISE_ORGANISED = re.compile(
    r"do\s+(?:Công ty|Tập đoàn|Tổng công ty|doanh nghiệp)[^.;]*?(?:tổ chức|đài thọ|chi trả)",
    re.I)
_BY_NAME = re.compile(r"mời\s+đích\s+danh", re.I)


@dataclass(frozen=True)
class Letter:
    """What the rules look at: the letter's kind, date, issuer, text and delegation."""

    kind: str  # request, decision, report
    issued: date | None
    issuer: str | None
    text: str
    delegation: dict[str, Any]
    place: str | None = None  # the place the letter is written at ("Hải Phòng, ngày …")


def trip_kind(doc_type: str | None, subject: str | None) -> str:
    """Whether a trip letter asks for a trip, sends one, or reports on one."""
    words = (subject or "").casefold()
    if doc_type == "Báo cáo" or "báo cáo kết quả" in words:
        return "report"
    if doc_type == "Quyết định":
        return "decision"
    return "request"


def _fold(text: str) -> str:
    """A body's name compared without case or marks (a scan's "nhân dần" is "nhân dân")."""
    words = unicodedata.normalize("NFC", text).casefold()
    words = words.replace("ubnd", "ủy ban nhân dân").replace("hđnd", "hội đồng nhân dân")
    return fold_words(words)


def _posts(title: str) -> Iterable[tuple[str, str, bool]]:
    """(role, body, deputy) for each post a title names ("Ủy viên BTV Tỉnh ủy, Giám đốc Sở X")."""
    for part in (p.strip() for p in title.split(",")):
        standing = _STANDING.match(part)
        if standing is not None:
            yield "standing", _fold(standing["body"]), False
            if part.startswith("Ủy viên"):
                continue
        deputy = part.startswith("Phó ")
        bare = part[4:] if deputy else part
        for role in sorted(HEAD_ROLES, key=len, reverse=True):
            if bare.startswith(role + " ") and len(bare) > len(role) + 1:
                yield role, _fold(bare[len(role) + 1:]), deputy
                break


def _key_leaders(delegation: dict[str, Any]) -> dict[str, Any] | None:
    people = ([delegation["head"]] if delegation.get("head") else []) + list(
        delegation.get("members") or [])
    standing: dict[str, list[str]] = {}
    bodies: dict[str, list[tuple[str, bool]]] = {}
    for person in people:
        who = person.get("name") or person.get("title") or ""  # a head named by office only
        for role, body, deputy in _posts(person.get("title") or ""):
            if role == "standing":
                standing.setdefault(body, []).append(who)
            else:
                bodies.setdefault(body, []).append((who, deputy))
    for body, names in standing.items():
        if len(set(names)) >= 2:
            return {"body": f"Ban Thường vụ {body}", "people": sorted(set(names))}
    for body, held in bodies.items():
        heads = {n for n, deputy in held if not deputy}
        deputies = {n for n, deputy in held if deputy}
        if heads and deputies - heads:
            return {"body": body, "people": sorted(heads | deputies)}
    return None


def _missing(letter: Letter) -> list[str]:
    d = letter.delegation
    missing = []
    if not _PROGRAM.search(letter.text) or _NO_PROGRAM.search(letter.text):
        missing.append("chương trình làm việc")
    if not d.get("start") and not _MONTH.search(letter.text):
        missing.append("thời gian")
    if not d.get("countries") and not d.get("places"):
        missing.append("địa điểm")
    if (d.get("funding") or {}).get("kind", "unknown") == "unknown":
        missing.append("kinh phí")
    return missing


def _enterprise(letter: Letter) -> str | None:
    d = letter.delegation
    funding = d.get("funding") or {}
    if funding.get("kind") == "enterprise" or (
            funding.get("kind") == "mixed" and _ENTERPRISE.search(funding.get("text") or "")):
        return f"kinh phí do {funding.get('text')} đài thọ"
    organised = _ENTERPRISE_ORGANISED.search(letter.text)
    if organised is not None:
        return " ".join(organised.group(0).split())
    inviter = d.get("inviter") or ""
    if _ENTERPRISE.search(inviter) and _BY_NAME.search(letter.text):
        return f"theo lời mời đích danh của {inviter}"
    return None


def _relatives(letter: Letter) -> list[str]:
    if _PERMITTED.search(letter.text):
        return []
    return [m["name"] for m in letter.delegation.get("members") or []
            if _RELATIVE.search(m.get("title") or "")]


def _trip_span(d: dict[str, Any]) -> tuple[date, date] | None:
    if not d.get("start"):
        return None
    start = date.fromisoformat(d["start"])
    return start, date.fromisoformat(d["end"]) if d.get("end") else start


def _vn(d: date) -> str:
    return format_date(d.isoformat())


def _flag(rule: Rule, message: str, facts: dict[str, Any]) -> Flag:
    evidence = {**facts, "rule": {"id": rule.id, **rule.source.to_dict()}}
    when = rule.source.dated or f"ngày {_vn(rule.source.date)}"
    source = f"{rule.source.ref} {when} của {rule.source.issuer}"
    return Flag(rule.check, rule.severity, rule.source.ref, f"{message} (theo {source})",
                evidence)


def _check_missing(rule: Rule, letter: Letter) -> Flag | None:
    missing = _missing(letter)
    if not missing:
        return None
    # The flag is about the work programme: what is missing is said as what the programme
    # lacks (the Hà Nội letter counts time, place and funding in a concrete programme).
    if missing == ["chương trình làm việc"]:
        message = "Đề nghị đi công tác chưa có chương trình làm việc cụ thể"
    else:
        message = ("Đề nghị đi công tác chưa có chương trình làm việc cụ thể: chưa nêu rõ "
                   + ", ".join(missing))
    return _flag(rule, message, {"missing": missing})


def _check_key_leaders(rule: Rule, letter: Letter) -> Flag | None:
    found = _key_leaders(letter.delegation)
    if found is None:
        return None
    return _flag(rule, f"Đoàn có hai lãnh đạo chủ chốt của {found['body']}: "
                       + " và ".join(found["people"]), found)


def _check_enterprise(rule: Rule, letter: Letter) -> Flag | None:
    why = _enterprise(letter)
    if why is None:
        return None
    return _flag(rule, f"Chuyến đi do doanh nghiệp tổ chức, đài thọ hoặc mời: {why}",
                 {"why": why})


def _check_relatives(rule: Rule, letter: Letter) -> Flag | None:
    names = _relatives(letter)
    if not names:
        return None
    return _flag(rule, "Đoàn có thân nhân đi cùng mà không nêu sự cho phép của cấp có thẩm "
                       "quyền: " + ", ".join(names), {"people": names})


def _check_late_report(rule: Rule, letter: Letter) -> Flag | None:
    span = _trip_span(letter.delegation)
    if span is None or letter.issued is None:
        return None
    limit = int(rule.params["working_days"])
    taken = CALENDAR.working_days_between(span[1], letter.issued)
    if taken <= limit:
        return None
    return _flag(rule, f"Báo cáo gửi sau {taken} ngày làm việc kể từ ngày về "
                       f"{_vn(span[1])}, quá hạn {limit} ngày làm việc",
                 {"returned": span[1].isoformat(), "working_days": taken, "limit": limit})


def _check_restricted(rule: Rule, letter: Letter) -> Flag | None:
    since, until = rule.params["from"], rule.params.get("until")
    if rule.params.get("by") == "letter":
        if letter.issued is None:
            return None
        span = (letter.issued, letter.issued)
        what = f"Văn bản ngày {_vn(letter.issued)} đề nghị cử đoàn trong"
    else:
        found = _trip_span(letter.delegation)
        if found is None:
            return None
        span, what = found, "Chuyến đi rơi vào"
    if span[1] < since or (until is not None and span[0] > until):
        return None
    reason = rule.params.get("reason") or ""
    facts: dict[str, Any] = {"from": since.isoformat(),
                             "until": until.isoformat() if until else None}
    tail = (f" ({reason})" if reason else "") + (
        f"; ngoại lệ: {rule.params['except']}" if rule.params.get("except") else "")
    if until is not None:
        return _flag(rule, f"{what} thời gian hạn chế từ {_vn(since)} đến {_vn(until)}" + tail,
                     facts)
    surely = rule.params.get("at_least_until")
    flag = _flag(rule, f"{what} thời gian hạn chế từ {_vn(since)}; văn bản không nêu ngày kết "
                       "thúc và quản trị viên chưa đặt ngày kết thúc" + tail, facts)
    if surely is not None and span[0] <= surely:
        return flag
    return replace(flag, severity="info")


CHECKERS: dict[str, Callable[[Rule, Letter], Flag | None]] = {
    "missing_work_program": _check_missing,
    "two_key_leaders": _check_key_leaders,
    "enterprise_funded": _check_enterprise,
    "relatives_in_delegation": _check_relatives,
    "late_trip_report": _check_late_report,
    "restricted_period": _check_restricted,
}


def check_rules(letter: Letter, rules: Iterable[Rule]) -> list[Flag]:
    """The flags the rules that bind this letter raise (one per code)."""
    flags: dict[str, Flag] = {}
    for rule in rules:
        if rule.check in flags or not rule.applies(letter.kind, letter.issued, letter.issuer,
                                                   letter.place):
            continue
        flag = CHECKERS[rule.check](rule, letter)
        if flag is not None:
            flags[rule.check] = flag
    return list(flags.values())
