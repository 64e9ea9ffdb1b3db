"""The words the letter page says for codes and dates, and the values it lists (no browser)."""

from __future__ import annotations

from datetime import date

from api.store import listing
from api.web import i18n, labels, views
from corpus.codes import FlagCode
from corpus.registry.model import CHANGE_TYPES, HOW, STATUSES
from corpus.rules.check import Letter, check_rules
from corpus.rules.model import builtin_rules
from extract.model import WarningCode


def test_every_code_the_pages_show_has_words_in_both_languages():
    for table, codes in ((labels.FLAGS, [c.value for c in FlagCode]),
                         (labels.WARNINGS, [c.value for c in WarningCode]),
                         (labels.STATES, STATUSES), (labels.HOW, HOW),
                         (labels.ENDINGS, CHANGE_TYPES),
                         (labels.ROLES, ("basis", "reference", "replaced")),
                         (labels.TEXT_SOURCES, ("text_layer", "ocr", "mixed"))):
        for code in codes:
            vi, en = labels.label(table, code, "vi"), labels.label(table, code, "en")
            assert vi != code and en != code and vi != en, code
    assert labels.label(labels.FLAGS, "not_a_code", "vi") == "not_a_code"  # never dropped


def test_audit_actions_are_said_in_words():
    assert labels.action("correct", "fields.doc_number", "vi") == "Sửa trường Số"
    assert labels.action("correct", "fields.doc_ref", "vi") == "Sửa trường Số, ký hiệu"
    assert labels.action("withdraw", "citations.295-QĐ/TW", "vi") == \
        "Rút lại bản sửa căn cứ 295-QĐ/TW"
    assert labels.action("review", None, "en") == "Confirmed as reviewed"


def test_days_are_shown_dd_mm_yyyy_and_typed_back_to_iso():
    assert labels.day("2024-03-12") == "12/03/2024"
    assert labels.day("2022-10") == "10/2022"
    assert labels.day(date(2015, 1, 21)) == "21/01/2015"
    assert labels.day(None) == "" and labels.day("Hà Nội") == "Hà Nội"
    assert labels.iso_day("5/3/2024") == "2024-03-05"
    assert labels.iso_day("31/02/2024") == "31/02/2024"  # no such day: left for the check
    assert views.show({"number": "12", "date": "2024-03-12"}) == "12 — 12/03/2024"
    assert views.show(["2024-03-12", "2024-04-01"]) == "12/03/2024; 01/04/2024"


def test_a_corrected_number_or_symbol_carries_into_the_number_and_symbol():
    def fields(ref: str, number: str, symbol: str) -> dict:
        return {"fields": {"doc_ref": {"value": ref}, "doc_number": {"value": number},
                           "doc_symbol": {"value": symbol}}}

    state = fields("12/2024/NĐ-CP", "12", "NĐ-CP")
    assert listing.derived_ref(state, {"fields.doc_number": "21"}) == "21/2024/NĐ-CP"
    party = fields("295-QĐ/TW", "295", "QĐ/TW")
    assert listing.derived_ref(party, {"fields.doc_symbol": "HD/TW"}) == "295-HD/TW"
    # The number and symbol corrected itself wins; nothing read is nothing carried.
    assert listing.derived_ref(party, {"fields.doc_ref": "1-QĐ/TW",
                                       "fields.doc_number": "2"}) is None
    assert listing.shown_value(party, {"fields.doc_ref": "1-QĐ/TW"}, "doc_ref") == "1-QĐ/TW"
    assert listing.derived_ref(fields(None, None, None),  # type: ignore[arg-type]
                               {"fields.doc_number": "2"}) is None
    assert listing.derived_ref(party, {"fields.doc_number": None}) is None


def test_a_letter_with_nothing_read_is_not_a_clean_letter():
    blank = {"fields": {"doc_ref": {"value": None}, "subject": {"value": None}}, "flags": [],
             "citations": [], "pages": []}
    assert views.letter(blank, {}, "vi")["nothing_read"] is True
    read = {**blank, "fields": {"doc_ref": {"value": "12/UBND"}}}
    assert views.letter(read, {}, "vi")["nothing_read"] is False
    assert i18n.pick(i18n.WORDS, "nothing_read", "vi").startswith("Không đọc được trường nào —")


def test_missing_work_program_says_the_programme_is_missing_not_only_funding():
    text = ("Đề nghị cử đoàn đi Nhật Bản theo chương trình làm việc kèm theo, thời gian từ "
            "ngày 02/5/2024 đến ngày 06/5/2024.")
    letter = Letter("request", date(2024, 3, 12), "Ủy ban nhân dân thành phố Hà Nội", text,
                    {"start": "2024-05-02", "end": "2024-05-06", "countries": ["Nhật Bản"],
                     "funding": {"kind": "unknown"}})
    flags = [f for f in check_rules(letter, builtin_rules())
             if f.code == FlagCode.MISSING_WORK_PROGRAM]
    assert len(flags) == 1
    assert flags[0].message.startswith("Đề nghị đi công tác chưa có chương trình làm việc cụ "
                                       "thể: chưa nêu rõ kinh phí")
    assert "registry-facts" not in flags[0].message


def test_the_shipped_registry_names_its_sources_for_people():
    from corpus.registry.store import load_registry

    notes = [s.note for inst in load_registry(None).instruments.values()
             for s in (*inst.sources, *(c.source for c in inst.changes))]
    assert notes and not [n for n in notes if "registry-facts" in n]
