"""The registry page over a registry of 2,000 generated instruments: one page, and the way on.

Without a browser (TestClient); the data folder holds the generated state metadata imported
as `congvan registry import FILE.jsonl` would.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from api.settings import load_settings
from api.store import auth
from corpus.registry import lookup
from corpus.registry.store import import_jsonl, registry_for
from corpus.synth.statedata import write_state_metadata

ROW = re.compile(r'<tr data-ref="([^"]*)">\s*<td><a href="/registry/([^"]*)">')
PAGER = re.compile(r'<a href="(/registry\?[^"]*)" rel="(prev|next)"')
COUNT = re.compile(r'<p class="count" id="count"[^>]*>([^<]*)</p>')


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    state = tmp_path_factory.mktemp("state") / "state.jsonl"
    write_state_metadata(state, 2_000, seed=23)
    import_jsonl(state, data)
    settings = replace(load_settings({"CONGVAN_DATA_DIR": str(data)}),
                       database_url=f"sqlite:///{data / 'congvan.db'}")
    app = create_app(settings, workers=False)
    with TestClient(app) as client:
        auth.add_user(app.state.service.sessions, "rev", "reviewer", password="mật khẩu đủ dài")
        assert client.post("/api/session", json={"name": "rev", "password": "mật khẩu đủ dài"}
                           ).status_code == 200
        yield client, registry_for(data)


def _page(client: TestClient, url: str) -> dict[str, Any]:
    answer = client.get(url)
    assert answer.status_code == 200, answer.text
    text = answer.text
    count = COUNT.search(text)
    return {"ids": [html.unescape(m[2]) for m in ROW.finditer(text)],
            "links": {rel: html.unescape(href) for href, rel in PAGER.findall(text)},
            "count": count[1] if count else None}


def test_the_registry_page_lists_one_page_newest_first_with_its_count(site):
    client, registry = site
    newest = [i.id for i in lookup.select(registry, newest_first=True)]
    total = len(registry)
    assert total > 2_000
    shown = _page(client, "/registry")
    assert shown["ids"] == newest[:50]
    assert shown["count"] == f"1–50 / {total:,} văn bản".replace(",", ".")
    assert shown["links"] == {"next": "/registry?page=2"}
    second = _page(client, shown["links"]["next"])
    assert second["ids"] == newest[50:100]
    assert second["count"] == f"51–100 / {total:,} văn bản".replace(",", ".")
    assert second["links"] == {"prev": "/registry?page=1", "next": "/registry?page=3"}
    assert _page(client, second["links"]["prev"])["ids"] == newest[:50]


def test_the_last_page_has_no_next_and_a_page_past_it_is_the_last(site):
    client, registry = site
    total = len(registry)
    last = -(-total // 50)
    end = _page(client, f"/registry?page={last}")
    assert len(end["ids"]) == total - (last - 1) * 50 and "next" not in end["links"]
    assert end["count"] == f"{(last - 1) * 50 + 1:,}–{total:,} / {total:,} văn bản".replace(
        ",", ".")
    assert _page(client, f"/registry?page={last + 40}")["ids"] == end["ids"]
    assert _page(client, "/registry?page=nope")["ids"] == _page(client, "/registry")["ids"]


def test_a_search_pages_and_its_links_keep_it(site):
    client, registry = site
    wanted = [i.id for i in lookup.select(registry, search="hộ chiếu", newest_first=True)]
    assert len(wanted) > 100
    shown = _page(client, "/registry?q=hộ+chiếu")
    assert shown["ids"] == wanted[:50]
    assert shown["count"] == f"1–50 / {len(wanted):,} văn bản".replace(",", ".")
    following = _page(client, shown["links"]["next"])
    assert "q=h%E1%BB%99+chi%E1%BA%BFu" in shown["links"]["next"]
    assert following["ids"] == wanted[50:100]
    nothing = _page(client, "/registry?q=không+có+văn+bản+nào+như+thế")
    assert nothing["ids"] == [] and nothing["links"] == {}
    assert nothing["count"] == "0 văn bản"


def test_the_page_in_english_counts_the_english_way(site):
    client, registry = site
    shown = _page(client, "/registry?lang=en&page=2")
    assert shown["count"] == f"51–100 of {len(registry):,} instruments"
    client.get("/registry?lang=vi")  # back to the default for the other tests
