"""Accepted rules a letter states, and accepted effects, written into the data folder's overlays."""

from __future__ import annotations

from datetime import date

import pytest

from corpus.registry.store import EffectRefused, LetterSource, record_effect, registry_for
from corpus.rules.model import load_rules
from corpus.rules.stated import StatementError, record_rule

SOURCE = {"doc_ref": "12/TB-UBND", "date": "2026-01-05", "issuer": "Ủy ban nhân dân thành phố "
          "Hải Phòng", "clause": "hạn chế việc cử các đoàn đi công tác nước ngoài"}


def test_a_restricted_period_and_a_report_deadline_enter_the_rules_with_their_source(tmp_path):
    period = record_rule({"kind": "restricted_period", "scope": ["Hải Phòng"],
                          "start": "2026-01-05", "end": "2026-03-31"}, SOURCE, folder=tmp_path)
    deadline = record_rule({"kind": "report_deadline", "scope": [], "days": 15,
                            "working_days": True}, SOURCE, folder=tmp_path)
    rules = {r.id: r for r in load_rules(tmp_path)}
    assert period is not None and deadline is not None
    kept = rules[period.id]
    assert kept.check == "restricted_period" and kept.issuers == ("Hải Phòng",)
    assert (kept.params["from"], kept.params["until"]) == (date(2026, 1, 5), date(2026, 3, 31))
    assert (kept.source.ref, kept.source.how) == ("12/TB-UBND", "own_text")
    assert rules[deadline.id].params["working_days"] == 15


def test_a_kind_without_a_check_is_not_written_and_a_bad_one_is_refused(tmp_path):
    assert record_rule({"kind": "dress_code"}, SOURCE, folder=tmp_path) is None
    assert not (tmp_path / "rules").exists()
    with pytest.raises(StatementError):  # a period must say when it starts
        record_rule({"kind": "restricted_period", "start": None, "end": "2026-03-31"},
                    SOURCE, folder=tmp_path)
    with pytest.raises(StatementError):  # calendar days: the check counts working days only
        record_rule({"kind": "report_deadline", "days": 15, "working_days": False},
                    SOURCE, folder=tmp_path)
    open_ended = record_rule({"kind": "restricted_period", "start": "2026-01-05", "end": None},
                             SOURCE, folder=tmp_path)  # its end an administrator's setting
    assert open_ended is not None and open_ended.params["until"] is None


LETTER = LetterSource("18/2022/NĐ-CP", "Nghị định", "Chính phủ", date(2022, 3, 8), "thay thế …")


def test_an_effect_without_a_date_or_on_an_unknown_instrument_is_refused(tmp_path):
    with pytest.raises(EffectRefused):
        record_effect("replaces", "50/2011/NĐ-CP", None, LETTER, folder=tmp_path)
    with pytest.raises(EffectRefused):
        record_effect("repeals", "999/2031/NĐ-CP", date(2022, 5, 1), LETTER, folder=tmp_path)
    assert not (tmp_path / "registry").exists()


def test_a_letter_taking_effect_enters_the_registry_from_what_it_shows(tmp_path):
    added = record_effect("takes_effect", "18/2022/NĐ-CP", date(2022, 5, 1), LETTER,
                          folder=tmp_path)
    inst = registry_for(tmp_path).get(added.id)
    assert inst is not None and inst.in_force == date(2022, 5, 1)
    assert inst.signed == date(2022, 3, 8) and inst.title is None  # no title read: none written
    assert [s.how for s in inst.sources] == ["own_text"]
    # Now that it is in the registry, a replacement it states names it by id.
    record_effect("amends", "12/2012/NĐ-CP", date(2022, 5, 1), LETTER, part="Điều 7",
                  folder=tmp_path)
    amended = registry_for(tmp_path).get("12/2012/NĐ-CP")
    assert amended.changes[-1].by == inst.id and "Điều 7" in amended.changes[-1].source.note
