"""The generator: deterministic, varied, and its truth matches what it draws."""

from __future__ import annotations

from collections import Counter

from corpus.synth.build import write_corpus
from corpus.synth.compose import compose
from corpus.synth.render import render


def test_same_seed_same_letter():
    assert compose(11).gold == compose(11).gold
    assert render(compose(11))[0][:200] == render(compose(11))[0][:200]


def test_corpus_covers_both_forms_many_bodies_and_types():
    letters = [compose(seed) for seed in range(1, 121)]
    assert Counter(ltr.form for ltr in letters).keys() == {"state", "party"}
    assert len({ltr.gold["body_kind"] for ltr in letters}) >= 10
    assert len({ltr.gold["doc_type"] for ltr in letters}) == 8
    pages = Counter(len(render(ltr)[1]) for ltr in letters[:40])
    assert pages[1] and pages[2]


def test_write_corpus_writes_files_with_truth_and_gold(tmp_path):
    written = write_corpus(tmp_path, count=2, first_seed=4, traps=False, styles=False)
    assert len(written) == 2
    for path in written:
        assert path.read_bytes().startswith(b"%PDF")
        assert path.with_name(path.name + ".truth.json").exists()
        assert path.with_name(path.name + ".gold.json").exists()
