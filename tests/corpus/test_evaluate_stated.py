"""`congvan eval` scores what letters state of themselves: effects and trip rules."""

from __future__ import annotations

from pathlib import Path

from corpus.evaluate import FileResult, Report, evaluate, labelled_files
from corpus.synth import vocab
from corpus.synth.build import write_corpus
from corpus.synth.compose import compose


def test_effects_and_rules_stated_are_counted_per_kind_and_pooled() -> None:
    right = ("replaces", "70/2015/QĐ-BNG", None, "2023-09-09")
    wrong_day = ("repeals", "130/2019/QĐ-BNG", None, "2023-09-10")
    gold_repeal = ("repeals", "130/2019/QĐ-BNG", None, "2023-09-09")
    report = Report([
        FileResult("a.pdf", effects=({right, wrong_day}, {right, gold_repeal})),
        FileResult("b.pdf", effects=(set(), set()),
                   rules_stated=({("report_deadline", None, None, 15, False)}, set())),
        FileResult("c.pdf"),  # no gold for either: left out
    ])
    pooled = report.effect_counts()
    assert (pooled.tp, pooled.found, pooled.gold) == (1, 2, 2)
    repeals = report.effect_counts("repeals")
    assert (repeals.tp, repeals.found, repeals.gold) == (0, 1, 1)
    stated = report.rule_statement_counts()
    assert (stated.tp, stated.found, stated.gold) == (0, 1, 0) and stated.precision == 0.0
    figures = report.to_dict()
    assert figures["effects"]["all"]["tp"] == 1 and "amends" not in figures["effects"]
    assert figures["rules_stated"]["found"] == 1


def test_a_body_sentence_stating_a_report_deadline_is_labelled_as_one() -> None:
    with_rule = [s for s in range(1, 20) if vocab.REPORT_SENTENCE in
                 " ".join(b for blk in compose(s).blocks for b in blk.lines)]
    assert with_rule
    for seed in with_rule:
        labelled = compose(seed).gold["rules_stated"]
        assert isinstance(labelled, list)
        [stated] = labelled
        assert (stated["kind"], stated["days"], stated["working_days"]) == \
            ("report_deadline", 15, False)
        assert stated["text"] == vocab.REPORT_SENTENCE
    without = [s for s in range(1, 20) if s not in with_rule]
    assert all(compose(s).gold["rules_stated"] == [] for s in without)


def test_generated_instruments_and_circulars_score_their_effects_and_rules(
        tmp_path: Path) -> None:
    write_corpus(tmp_path, count=2, first_seed=3, traps=False, styles=False, effects=4,
                 circulars=2)
    report = evaluate(labelled_files(tmp_path), workers=2)
    effects, stated = report.effect_counts(), report.rule_statement_counts()
    assert effects.gold >= 8 and stated.gold >= 5  # two per circular, one per seed 3 and 4
    assert effects.f1 >= 0.95 and stated.f1 >= 0.95
    for kind in ("takes_effect", "replaces", "repeals"):
        assert report.effect_counts(kind).gold > 0
