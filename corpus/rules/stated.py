"""A rule a letter states (`rules_stated`) made a rule, when an administrator accepts it.

The rule runs the check of its kind (restricted_period: letters dated in the period;
report_deadline: late_trip_report), names the letter as its source (`how: own_text`), and
binds the letters of the place the source letter's issuer governs ("Thành ủy Hải Phòng" binds
the issuers and the places written with "Hải Phòng" in them; a body with no place in its name
binds all).
Accepting writes it into the data folder's rules overlay, where `congvan rules import` writes.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

from corpus.rules.model import Rule, RuleSource, write_overlay
from nlp.unmarked import fold

#: The place a body governs, after the word that says what kind of place it is.
_PLACE = re.compile(r"(?:Tỉnh\s+ủy|Thành\s+ủy|Huyện\s+ủy|Quận\s+ủy|Thị\s+ủy|tỉnh|thành\s+phố|"
                    r"huyện|quận|thị\s+xã)\s+(?P<place>[A-ZĐÀ-Ỹ][^\s,;()]*(?:\s+[A-ZĐÀ-Ỹ]"
                    r"[^\s,;()]*)*)")


class StatementError(ValueError):
    """A statement that cannot be made a rule (what is missing is said)."""


def governed_place(issuer: str | None) -> str | None:
    """The place a body governs, from its name ("Văn phòng Thành ủy Hải Phòng": "Hải Phòng")."""
    found = _PLACE.search(unicodedata.normalize("NFC", issuer or ""))
    return found["place"] if found else None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def rule_from_statement(stated: dict[str, Any], *, doc_ref: str, issuer: str,
                        issued: date) -> Rule:
    """The rule a `rules_stated` item of the letter (doc_ref, issuer, issued) sets."""
    kind = stated.get("kind")
    text = " ".join(str(stated.get("text") or "").split())
    if not text:
        raise StatementError("thiếu câu văn của quy định (text)")
    scope = "; ".join(stated.get("scope") or []) or "không nêu"
    place = governed_place(issuer)
    source = RuleSource(doc_ref, issued, issuer, text, "own_text",
                        f"quy định do văn bản tự nêu, gửi: {scope}")
    ident = f"van-ban-{_slug(doc_ref)}-{_slug(str(kind))}"
    issuers = (place,) if place else ()
    if kind == "restricted_period":
        start = date.fromisoformat(stated["start"]) if stated.get("start") else None
        if start is None:
            raise StatementError("thời gian hạn chế không có ngày bắt đầu (start)")
        end = date.fromisoformat(stated["end"]) if stated.get("end") else None
        params: dict[str, Any] = {"by": "letter", "from": start, "until": end}
        if end is None:
            params["reason"] = "văn bản không nêu ngày kết thúc; quản trị viên đặt params.until"
        return Rule(ident, "restricted_period", "warning", source, ("request", "decision"),
                    start, None, issuers, True, params, issuers)
    if kind == "report_deadline":
        days = stated.get("days")
        if not isinstance(days, int) or days < 1:
            raise StatementError("thời hạn báo cáo không có số ngày (days)")
        if stated.get("working_days") is not True:
            raise StatementError("thời hạn tính theo ngày lịch: congvan chỉ đếm ngày làm việc; "
                                 "quản trị viên nhập quy định bằng tay")
        return Rule(ident, "late_trip_report", "warning", source, ("report",), issued, None,
                    issuers, True, {"working_days": days}, issuers)
    raise StatementError(f"loại quy định không biết: {kind!r}")


def accept_statement(stated: dict[str, Any], *, doc_ref: str, issuer: str, issued: date,
                     folder: Path | None = None) -> Rule:
    """Make the statement a rule in the data folder's rules overlay; the rule written."""
    rule = rule_from_statement(stated, doc_ref=doc_ref, issuer=issuer, issued=issued)
    write_overlay([rule], folder)
    return rule


#: The kinds of stated rule that have a check (the others are kept, awaiting one).
KINDS = ("restricted_period", "report_deadline")


def record_rule(stated: dict[str, Any], source: dict[str, Any], *,
                folder: Path | None = None) -> Rule | None:
    """An accepted proposal's rule written into the overlay; None when its kind has no check.

    `source`: the letter's `doc_ref`, `date` (ISO), `issuer` and the `clause` (the statement's
    own text when it has none). StatementError says what is missing.
    """
    if stated.get("kind") not in KINDS:
        return None
    if not source.get("doc_ref") or not source.get("date"):
        raise StatementError("văn bản nguồn không có số, ký hiệu hoặc ngày")
    stated = {**stated, "text": stated.get("text") or source.get("clause")}
    return accept_statement(stated, doc_ref=str(source["doc_ref"]),
                            issuer=str(source.get("issuer") or ""),
                            issued=date.fromisoformat(str(source["date"])), folder=folder)
