"""Who invites a delegation and who pays for its trip, as a trip letter says it.

Inviters follow "Theo thư mời của", "Thực hiện thư mời (số …, ngày …) của", "Theo lời mời
(đích danh) của", "Nhận lời mời của". Funding is read from the "Kinh phí" line or the sentence
that says who pays ("… đài thọ", "… chi trả", "… tài trợ", "tự túc") and sorted into the
contract's kinds: the state budget ("ngân sách tỉnh", "dự toán", "kinh phí thường xuyên", a
state body paying: "do Sở Ngoại vụ chi trả"), a foreign partner (the host side: "phía bạn",
"tổ chức mời", or a payer named by its organisation — JICA, KOICA, a university, an embassy, a
body of a foreign country, the inviter itself), an enterprise, the travellers themselves, or a
mix of the budget and a partner.
"""

from __future__ import annotations

import re
from typing import Any

from nlp import countries as world
from nlp.unmarked import fold

_INVITER = re.compile(
    r"(?:[Tt]heo|[Tt]hực\s+hiện|[Nn]hận|[Cc]ăn\s+cứ)\s+(?:[Tt]hư\s+mời|[Ll]ời\s+mời"
    r"(?:\s+đích\s+danh)?)(?:\s+(?:số\s+\S+|ngày\s+\d{1,2}(?:\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|"
    r"\s+tháng\s+\d{1,2}\s+năm\s+\d{4})))*\s+của\s+"
    r"(?P<who>[^,.;]+?(?:\([^)]*\))?)"
    r"(?=\s*[,.;]|\s+(?:về\s+việc|tham\s+dự|tham\s+gia|sang|đi|đến\s+thăm|mời|tổ\s+chức)\s)")
_FUNDING = re.compile(r"(?:(?:[Nn]guồn\s+)?[Kk]inh\s+phí[^:.;]{0,40}:|"
                      r"Kinh\s+phí\s+(?:chuyến|của\s+đoàn|đoàn))"
                      r"(?P<text>[^.]+)|"
                      r"(?P<sentence>[^.:]*(?:đài\s+thọ|tự\s+túc|chi\s+trả|tài\s+trợ)[^.]*)")
_BUDGET = re.compile(r"ngân\s+sách\s+(?:nhà\s+nước|tỉnh|huyện|thành\s+phố|trung\s+ương|"
                     r"địa\s+phương|xã)|dự\s+toán|kinh\s+phí\s+(?:hoạt\s+động\s+)?(?:chi\s+)?"
                     r"thường\s+xuyên")
_FOREIGN = re.compile(r"phía\s+bạn|tổ\s+chức\s+mời|nước\s+bạn|tổ\s+chức\s+quốc\s+tế|"
                      r"dự\s+án\s+tài\s+trợ|đối\s+tác\s+nước\s+ngoài|phía\s+mời|đơn\s+vị\s+mời|"
                      r"cơ\s+quan\s+mời|phía\s+nước\s+ngoài|phía\s+đối\s+tác|nhà\s+tài\s+trợ")
_BUDGET_FOLDED = re.compile(r"ngan sach (?:nha nuoc|tinh|huyen|thanh pho|trung uong|dia phuong|"
                            r"xa)|du toan|kinh phi (?:hoat dong )?(?:chi )?thuong xuyen")
_FOREIGN_FOLDED = re.compile(r"phia ban|to chuc moi|nuoc ban|to chuc quoc te|du an tai tro|"
                             r"doi tac nuoc ngoai|phia moi|don vi moi|co quan moi|"
                             r"phia nuoc ngoai|phia doi tac|nha tai tro")
_ENTERPRISE = re.compile(r"(?:Công\s+ty|Tập\s+đoàn|Tổng\s+công\s+ty|[Dd]oanh\s+nghiệp)"
                         r"[^,.;]*?(?=\s+(?:đài\s+thọ|chi\s+trả|tài\s+trợ|tổ\s+chức)|[,.;]|$)")
_SELF = re.compile(r"tự\s+túc")
#: Who pays, when the letter names the payer: "do X đài thọ", "X chi trả toàn bộ …".
_PAYER = re.compile(r"(?:\b[Dd]o\s+|^\s*|[,;]\s*)(?P<who>[^,;]+?)\s+"  # a scan's "chỉ trả" too
                    r"(?:đ[àáảạãa]i\s+th[ọóòỏõo]|ch[iìíỉĩị]\s+tr[ảáàạãa]|t[àáảạãa]i\s+tr[ợớờởỡơ]|"
                    r"bảo\s+đảm|đảm\s+bảo|hỗ\s+trợ)")
#: Organisations that are a foreign partner by what they are: development agencies known by
#: their initials, universities, embassies and consulates, a foreign government or ministry.
_AGENCY = re.compile(r"\b(?:JICA|KOICA|JETRO|KOTRA|USAID|GIZ|KfW|KFW|AFD|UNDP|UNICEF|UNESCO|"
                     r"UNFPA|FAO|WHO|ADB|IFAD|EU|ASEAN|APEC|JBIC|AusAID|DFAT|SIDA|ILO|IOM)\b|"
                     r"(?:Trường\s+)?Đại\s+học|[Uu]niversity|Học\s+viện\s+[A-Z][a-z]|"
                     r"Đại\s+sứ\s+quán|Lãnh\s+sự\s+quán|Tổng\s+Lãnh\s+sự|"
                     r"Quỹ\s+[A-Z]|Cơ\s+quan\s+Hợp\s+tác\s+Quốc\s+tế|Ngân\s+hàng\s+Thế\s+giới")


#: A Vietnamese state body paying from its own budget: "do Sở Ngoại vụ chi trả".
_STATE_BODY = re.compile(r"(?:Sở|Ủy\s+ban\s+nhân\s+dân|UBND|Ban|Văn\s+phòng|Bộ|Tỉnh\s+ủy|"
                         r"Huyện\s+ủy|Thành\s+ủy|Hội\s+đồng\s+nhân\s+dân|HĐND|"
                         r"[Cc]ơ\s+quan\s+(?:cử|chủ\s+quản)|[Đđ]ơn\s+vị\s+(?:cử|chủ\s+quản))\s")


def inviter(flat: str) -> tuple[str | None, tuple[int, int] | None]:
    """The body that invited the delegation, and where it is named in `flat`."""
    found = _INVITER.search(flat)
    if found is None:
        return None, None
    return " ".join(found["who"].split()), found.span("who")


def _cue(pattern: re.Pattern[str], unmarked: re.Pattern[str], phrase: str, folded: str
         ) -> str | None:
    """A cue's words in the phrase; the whole phrase when only its unmarked form is found."""
    exact = pattern.search(phrase)
    if exact is not None:
        return exact.group(0)
    return phrase if unmarked.search(folded) else None


def _payers(phrase: str, invited_by: str | None) -> tuple[str | None, str | None]:
    """The foreign partner and the Vietnamese state body named as payers in `phrase`.

    A partner by what it is (an agency, a university, an embassy, a body of a named foreign
    country or place) or as the inviter; a state body by its kind ("Sở …", "UBND …").
    """
    partner = state = None
    for payer in _PAYER.finditer(phrase):
        who = " ".join(payer["who"].split())
        who = re.split(r"\b[Dd]o\s+", who)[-1]  # "toàn bộ chi phí do X": X pays
        if _ENTERPRISE.search(who) or _BUDGET.search(who):
            continue
        if _AGENCY.search(who) or world.find_countries(who) or world.find_places(who) or (
                invited_by and (who in invited_by or invited_by in who)):
            partner = partner or who
        elif _STATE_BODY.match(who):
            state = state or who
    return partner, state


def funding(flat: str, invited_by: str | None = None
            ) -> tuple[dict[str, Any], tuple[int, int] | None]:
    """Who pays (the contract's `funding`), and where the letter says it in `flat`."""
    found = _FUNDING.search(flat)
    if found is None:
        return {"kind": "unknown", "text": None}, None
    group = "text" if found["text"] else "sentence"
    span = found.span(group)
    phrase = " ".join((found[group] or "").split()).strip(" :")
    # Cues are looked for without marks too: a scan's "ngân sảch" still says who pays.
    folded = " ".join(fold(phrase).split())
    partner, state = _payers(phrase, invited_by)
    budget = _cue(_BUDGET, _BUDGET_FOLDED, phrase, folded) or state
    foreign = _cue(_FOREIGN, _FOREIGN_FOLDED, phrase, folded) or partner
    enterprise = _ENTERPRISE.search(phrase)
    if _SELF.search(phrase) or "tu tuc" in folded:
        return {"kind": "self", "text": "tự túc"}, span
    if enterprise is not None and foreign is None:
        return {"kind": "enterprise" if budget is None else "mixed",
                "text": enterprise.group(0)}, span
    if budget is not None and foreign is not None:
        return {"kind": "mixed", "text": phrase}, span
    if foreign is not None:
        return {"kind": "foreign_partner", "text": foreign}, span
    if budget is not None:
        return {"kind": "state_budget", "text": budget}, span
    return {"kind": "unknown", "text": phrase or None}, span
