"""The inbox's store on SQLite and PostgreSQL: search without marks, snippets, counts, facets,
sorting, an `ids` selection, saved views, and migration 0007 rebuilding the search index."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import text

from api.store import documents, saved_views
from api.store.db import Document, make_engine, sessions
from api.store.facets import facets
from api.store.migrate import upgrade
from api.store.search import MAX_IDS, Filters, count, documents_query, filter_problem, snippet
from nlp.read import FIELD_NAMES
from tests.pg import fresh_database


def _result(ref: str | None, issuer: str | None, day: str | None, kind: str | None,
            flags: list[str]) -> dict[str, Any]:
    values = {"doc_ref": ref, "issuer": issuer, "issued_date": day, "doc_type": kind}
    return {"fields": {n: {"value": values.get(n)} for n in FIELD_NAMES},
            "file": {"media_type": "application/pdf", "pages": 1}, "citations": [],
            "flags": [{"code": c, "severity": "error"} for c in flags], "warnings": []}


def _read(made: Any, name: str, content: str, *, ref: str | None = None,
          issuer: str | None = None, day: str | None = None, kind: str | None = None,
          flags: tuple[str, ...] = ()) -> str:
    """A letter uploaded, claimed and read as the worker does it (documents.finish)."""
    digest = hashlib.sha256(name.encode()).hexdigest()
    ident = documents.enqueue(made, digest, 10, "application/pdf", name, "thu")["id"]
    claimed = documents.claim(made)
    assert claimed is not None and claimed.id == ident
    assert documents.finish(made, ident, documents.Outcome(
        _result(ref, issuer, day, kind, list(flags)), content, None, None, 0.1))
    return ident


@pytest.fixture(scope="module")
def store(database_url) -> Iterator[tuple[Any, bool, dict[str, str]]]:
    engine = make_engine(database_url)
    upgrade(engine)
    made = sessions(engine)
    sqlite = database_url.startswith("sqlite")
    ids = {
        "usa": _read(made, "a.pdf", "Cử đoàn công tác đi Hoa Kỳ và Đà Nẵng từ ngày 12/3/2024.",
                     ref="12/TTr-BNG", issuer="Bộ Ngoại giao", day="2024-03-12",
                     kind="Tờ trình", flags=("superseded_citation",)),
        "japan": _read(made, "b.pdf", "Đoàn đi Nhật Bản học tập kinh nghiệm quản lý.",
                       ref="7/CV-UBND", issuer="Ủy ban nhân dân tỉnh Bắc Ninh",
                       day="2023-05-02", kind="Công văn",
                       flags=("superseded_citation", "missing_work_program")),
        "empty": _read(made, "c.pdf", "", flags=()),
    }
    yield made, sqlite, ids
    engine.dispose()


def _ids(made: Any, f: Filters, sqlite: bool) -> list[str]:
    with made() as session:
        return list(session.scalars(documents_query(f, sqlite=sqlite)
                                    .with_only_columns(Document.id)))


def test_search_finds_words_written_with_or_without_their_marks(store):
    made, sqlite, ids = store
    for q in ("hoa ky", "Hoa Kỳ", "HOA KY", "da nang", "Đà Nẵng"):
        assert _ids(made, Filters(q=q), sqlite) == [ids["usa"]], q
    assert _ids(made, Filters(q="nhat ban"), sqlite) == [ids["japan"]]
    assert _ids(made, Filters(q="hoa nhat"), sqlite) == []
    with made() as session:
        assert count(session, Filters(q="doan"), sqlite=sqlite) == 2
        assert count(session, Filters(), sqlite=sqlite) == 3


def test_a_snippet_marks_the_hit_in_the_letters_own_words():
    content = "Cử đoàn công tác đi\nHoa  Kỳ và Đà Nẵng từ ngày 12/3/2024."
    assert snippet(content, None, "hoa ky") == ("Cử đoàn công tác đi ", "Hoa Kỳ",
                                                " và Đà Nẵng từ ngày 12/3/2024.")
    before, hit, after = snippet(content, None, "ngay", width=8) or ("", "", "")
    assert (before, hit, after) == ("…Nẵng từ ", "ngày", " 12/3/20…")
    assert snippet(content, None, "nhat ban") is None
    assert snippet(content, None, "  ") is None


def test_sorting_on_each_column_both_ways_with_unread_values_last(store):
    made, sqlite, ids = store
    assert _ids(made, Filters(sort="issuer"), sqlite) == [ids["usa"], ids["japan"], ids["empty"]]
    assert _ids(made, Filters(sort="-issuer"), sqlite) == [ids["japan"], ids["usa"], ids["empty"]]
    assert _ids(made, Filters(sort="issued_date"), sqlite)[:2] == [ids["japan"], ids["usa"]]
    assert _ids(made, Filters(sort="-doc_ref"), sqlite) == [ids["japan"], ids["usa"], ids["empty"]]
    assert _ids(made, Filters(sort="doc_type"), sqlite) == [ids["japan"], ids["usa"], ids["empty"]]
    assert _ids(made, Filters(sort="-created_at"), sqlite) == [ids["empty"], ids["japan"],
                                                              ids["usa"]]


def test_facets_count_each_option_under_the_other_filters(store):
    made, sqlite, ids = store
    with made() as session:
        every = facets(session, Filters(), sqlite=sqlite)
        assert every["status"] == {"done": 3}
        assert every["flag"] == {"superseded_citation": 2, "missing_work_program": 1}
        assert every["doc_type"] == {"Tờ trình": 1, "Công văn": 1}
        assert every["reviewed"] == {"false": 3}
        assert every["no_field"] == {"true": 1, "false": 2}
        # A flag chosen: the flag facet still offers every code, the others count that flag's.
        chosen = facets(session, Filters(flag="missing_work_program"), sqlite=sqlite)
        assert chosen["flag"] == every["flag"]
        assert chosen["doc_type"] == {"Công văn": 1}
        assert chosen["status"] == {"done": 1}
        searched = facets(session, Filters(q="hoa ky"), sqlite=sqlite)
        assert searched["flag"] == {"superseded_citation": 1}


def test_letters_read_with_no_field_can_be_listed_apart(store):
    made, sqlite, ids = store
    assert _ids(made, Filters(no_field=True), sqlite) == [ids["empty"]]
    assert set(_ids(made, Filters(no_field=False), sqlite)) == {ids["usa"], ids["japan"]}


def test_an_ids_selection_is_capped_and_checked(store):
    made, sqlite, ids = store
    picked = f"{ids['usa']},{ids['empty']}"
    assert set(_ids(made, Filters(ids=picked), sqlite)) == {ids["usa"], ids["empty"]}
    assert filter_problem("ids", ",".join(f"{i:032x}" for i in range(MAX_IDS + 1)))
    assert filter_problem("ids", "abc,'; drop table")
    assert filter_problem("ids", ",".join(f"{i:032x}" for i in range(MAX_IDS))) is None


def test_saved_views_are_kept_per_user_and_deleted(store):
    made, _, _ = store
    built_in = [v.name for v in saved_views.views_of(made, "lan")]
    assert built_in == ["Đoàn chờ duyệt", "Trích dẫn văn bản bị thay thế"]
    kept = saved_views.save(made, "lan", "  Đoàn  Nhật ", "?flag=missing_work_program&page=3"
                            "&q=&bogus=1&sort=-issuer")
    assert (kept.name, kept.query) == ("Đoàn Nhật", "flag=missing_work_program&sort=-issuer")
    again = saved_views.save(made, "lan", "Đoàn Nhật", "reviewed=false")
    assert again.id == kept.id and again.query == "reviewed=false"
    assert [v.name for v in saved_views.views_of(made, "lan")][2:] == ["Đoàn Nhật"]
    assert len(saved_views.views_of(made, "minh")) == 2
    assert not saved_views.forget(made, "minh", kept.id)
    with pytest.raises(saved_views.ViewRefused):
        saved_views.save(made, "lan", "x", "issued_from=2024-02-30")
    with pytest.raises(saved_views.ViewRefused):
        saved_views.save(made, "lan", "Đoàn chờ duyệt", "status=done")
    with pytest.raises(saved_views.ViewRefused):
        saved_views.save(made, "lan", "  ", "status=done")
    assert saved_views.forget(made, "lan", kept.id)
    assert len(saved_views.views_of(made, "lan")) == 2


@contextmanager
def _another(database_url: str, tmp_path: Any) -> Iterator[str]:
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    with fresh_database() as url:
        yield url


def test_migration_0007_makes_letters_read_before_it_found_without_marks(database_url, tmp_path):
    with _another(database_url, tmp_path) as url:
        engine = make_engine(url)
        upgrade(engine, "0006")
        sqlite = url.startswith("sqlite")
        with engine.begin() as c:
            c.execute(text("INSERT INTO documents (id, sha256, name, size, status, attempts, "
                           "reviewed, created_at, updated_at, text, folded_text) VALUES "
                           "('a1', 'x', 'a.pdf', 1, 'done', 1, false, CURRENT_TIMESTAMP, "
                           "CURRENT_TIMESTAMP, 'Đi Hoa Kỳ', 'di hoa ky')"))
            if sqlite:  # as 0006's reader left it: the text as written
                c.execute(text("INSERT INTO documents_fts (document_id, text) "
                               "VALUES ('a1', 'Đi Hoa Kỳ')"))
        made = sessions(engine)
        if sqlite:  # PostgreSQL computes the tsvector either way; 0007 gives it an index
            assert _ids(made, Filters(q="hoa ky"), sqlite) == []
        upgrade(engine)
        assert _ids(made, Filters(q="hoa ky"), sqlite) == ["a1"]
        if not sqlite:
            with engine.connect() as c:
                names = set(c.scalars(text("SELECT indexname FROM pg_indexes "
                                           "WHERE tablename = 'documents'")))
            assert "documents_folded_fts" in names and "documents_text_fts" not in names
        engine.dispose()
