"""The registry over HTTP at scale: the listing in windows, and JSON Lines sent to be imported.

One SQLite service whose data folder holds 2,000 generated instruments of the state's metadata
(imported as `congvan registry import` would), with no readers: nothing here reads letters.
"""

from __future__ import annotations

import json
import re
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.http.app import create_app
from api.http.routes import registry as registry_routes
from api.settings import load_settings
from api.store import auth
from api.store.db import AuditEntry
from corpus.registry import lookup
from corpus.registry.store import import_jsonl, imported_files, registry_for
from corpus.synth.statedata import state_metadata, write_state_metadata
from tests.api.conftest import bearer

GENERATED = 2_000
JSONL = {"Content-Type": "application/x-ndjson"}
LINK = re.compile(r'<([^>]+)>; rel="(\w+)"')


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    state = tmp_path_factory.mktemp("state") / "state.jsonl"
    write_state_metadata(state, GENERATED, seed=23)
    import_jsonl(state, data)
    settings = replace(load_settings({"CONGVAN_DATA_DIR": str(data)}),
                       database_url=f"sqlite:///{data / 'congvan.db'}", max_upload_mb=1,
                       max_registry_mb=2)
    app = create_app(settings, workers=False)
    with TestClient(app) as client:
        tokens = {r: auth.add_user(app.state.service.sessions, f"{r}-user", r)
                  for r in ("uploader", "reviewer", "admin")}
        yield client, tokens


def _links(answer: Any) -> dict[str, str]:
    return {rel: url for url, rel in LINK.findall(answer.headers["link"])}


def _registry(client: Any) -> list[str]:
    """Every instrument's id, in the registry's order (what the listing pages through)."""
    return [i.id for i in registry_for(client.app.state.service.settings.data_dir)]


# --- the listing, a window at a time ---------------------------------------------------------

def test_the_listing_is_a_window_with_its_total_count_and_links(service):
    client, tokens = service
    everything = _registry(client)
    assert len(everything) > GENERATED  # the shipped instruments and the generated ones
    answer = client.get("/api/registry", params={"limit": 50, "offset": 100},
                        headers=bearer(tokens))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert [i["id"] for i in body["instruments"]] == everything[100:150]
    assert (body["total"], body["offset"], body["limit"], body["more"]) == (
        len(everything), 100, 50, True)
    assert answer.headers["x-total-count"] == str(len(everything))
    links = _links(answer)
    last = (len(everything) - 1) // 50 * 50
    assert links == {"first": "/api/registry?limit=50&offset=0",
                     "prev": "/api/registry?limit=50&offset=50",
                     "next": "/api/registry?limit=50&offset=150",
                     "last": f"/api/registry?limit=50&offset={last}"}
    tail = client.get(links["last"], headers=bearer(tokens))
    assert [i["id"] for i in tail.json()["instruments"]] == everything[last:]
    assert tail.json()["more"] is False and "next" not in _links(tail)
    first = client.get("/api/registry", headers=bearer(tokens))
    assert len(first.json()["instruments"]) == 100 and "prev" not in _links(first)


def test_following_next_walks_the_whole_registry_once(service):
    client, tokens = service
    seen: list[str] = []
    url: str | None = "/api/registry?limit=500"
    while url:
        answer = client.get(url, headers=bearer(tokens))
        assert answer.status_code == 200
        seen += [i["id"] for i in answer.json()["instruments"]]
        url = _links(answer).get("next")
    assert seen == _registry(client)


def test_filters_page_too_and_their_links_keep_them(service):
    client, tokens = service
    registry = registry_for(client.app.state.service.settings.data_dir)
    wanted = [i.id for i in lookup.select(registry, kind="Quyết định", search="hộ chiếu")]
    assert len(wanted) > 20
    params = {"kind": "quyet dinh", "search": "ho chieu", "limit": 10, "offset": 10}
    answer = client.get("/api/registry", params=params, headers=bearer(tokens))
    body = answer.json()
    assert body["total"] == len(wanted) == int(answer.headers["x-total-count"])
    assert [i["id"] for i in body["instruments"]] == wanted[10:20]
    assert all(i["kind"] == "Quyết định" for i in body["instruments"])
    following = client.get(_links(answer)["next"], headers=bearer(tokens)).json()
    assert [i["id"] for i in following["instruments"]] == wanted[20:30]
    nothing = client.get("/api/registry", params={"search": "không có văn bản nào như thế"},
                         headers=bearer(tokens))
    assert nothing.json()["total"] == 0 and nothing.json()["instruments"] == []
    assert _links(nothing) == {"first": "/api/registry?search=kh%C3%B4ng+c%C3%B3+v%C4%83n+b"
                                        "%E1%BA%A3n+n%C3%A0o+nh%C6%B0+th%E1%BA%BF&offset=0",
                               "last": "/api/registry?search=kh%C3%B4ng+c%C3%B3+v%C4%83n+b"
                                       "%E1%BA%A3n+n%C3%A0o+nh%C6%B0+th%E1%BA%BF&offset=0"}


@pytest.mark.parametrize("params", [{"limit": 501}, {"limit": 0}, {"offset": -1},
                                    {"limit": "many"}])
def test_a_window_it_cannot_give_is_refused(service, params):
    client, tokens = service
    answer = client.get("/api/registry", params=params, headers=bearer(tokens))
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"


def test_a_window_past_the_end_is_empty_with_the_way_back(service):
    client, tokens = service
    total = len(_registry(client))
    answer = client.get("/api/registry", params={"offset": total + 7, "limit": 10},
                        headers=bearer(tokens))
    assert answer.json()["instruments"] == [] and answer.json()["total"] == total
    assert _links(answer)["prev"] == f"/api/registry?limit=10&offset={(total - 1) // 10 * 10}"


# --- JSON Lines sent to be imported -----------------------------------------------------------

def _replaced_pair(lines: list[dict[str, Any]], unknown: Callable[[str], bool]
                   ) -> tuple[dict[str, Any], str]:
    """A line of the file that replaces another, and the ref it replaces (ended only by it).

    One the registry does not hold yet (`unknown`): generated files number alike.
    """
    endings: Counter[tuple[str, str]] = Counter()
    for line in lines:
        own = (line["so_ky_hieu"], line["ngay_ban_hanh"])
        for rel in line["relations"]:
            other = (rel["so_ky_hieu"], rel["ngay_ban_hanh"])
            if rel["relationship"] in ("Văn bản thay thế", "Văn bản bãi bỏ"):
                endings[other] += 1
            elif rel["relationship"] in ("Văn bản bị thay thế", "Văn bản bị bãi bỏ"):
                endings[own] += 1
    for line in lines:
        for rel in line["relations"]:
            other = (rel["so_ky_hieu"], rel["ngay_ban_hanh"])
            if rel["relationship"] == "Văn bản thay thế" and endings[other] == 1 \
                    and re.search(r"/\d{4}/", other[0]) and unknown(other[0]):  # with its year
                return line, other[0]
    raise AssertionError("the generated file replaces nothing")


def test_a_json_lines_file_is_imported_and_the_check_shows_the_replacement(service, tmp_path):
    client, tokens = service
    lines = list(state_metadata(300, seed=5))

    def unknown(ref: str) -> bool:
        return client.get("/api/registry/check", params={"ref": ref},
                          headers=bearer(tokens)).status_code == 404

    newer, replaced = _replaced_pair(lines, unknown)
    body = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    answer = client.post("/api/registry", params={"name": "../vbpl thu\u031b\u0309.jsonl"},
                         content=body.encode(), headers={**bearer(tokens, "admin"), **JSONL})
    assert answer.status_code == 200, answer.text
    assert answer.json()["file"].endswith("-vbpl-thử.jsonl")  # its name (NFC), kept there
    data = client.app.state.service.settings.data_dir
    assert imported_files(data)[-1].name == answer.json()["file"]
    assert len(answer.json()["imported"]) >= len(lines)
    check = client.get("/api/registry/check", params={"ref": replaced},
                       headers=bearer(tokens)).json()
    assert check["status"] == "superseded"
    assert check["replaced_by"][0].startswith(newer["so_ky_hieu"])
    assert "vbpl-thử.jsonl, dòng" in check["source"]["note"]  # the file is the source
    with client.app.state.service.sessions() as session:
        entry = session.scalars(select(AuditEntry).where(
            AuditEntry.action == "registry_import").order_by(AuditEntry.id.desc())).first()
    assert entry is not None and entry.user == "admin-user"
    assert entry.target == answer.json()["file"]
    assert entry.after == {"file": answer.json()["file"], "count": answer.json()["count"]}
    assert answer.json()["count"] == len(answer.json()["imported"]) >= len(lines)


@pytest.mark.parametrize("media", registry_routes.JSONL_TYPES)
def test_each_json_lines_type_is_read_as_json_lines(service, media):
    client, tokens = service
    line = {"so_ky_hieu": "88/2031/TT-BNG", "loai_van_ban": "Thông tư",
            "co_quan_ban_hanh": "Bộ Ngoại giao", "ngay_ban_hanh": "01/02/2031"}
    answer = client.post("/api/registry", content=json.dumps(line, ensure_ascii=False),
                         headers={**bearer(tokens, "admin"), "Content-Type": f"{media}; "
                                  "charset=utf-8"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["imported"] == ["88/2031/TT-BNG"]


def test_every_bad_line_is_named_with_its_line_and_key_and_nothing_is_kept(service):
    client, tokens = service
    data = client.app.state.service.settings.data_dir
    before = imported_files(data)
    good = {"so_ky_hieu": "12/2030/NĐ-CP", "loai_van_ban": "Nghị định",
            "ngay_ban_hanh": "02/03/2030"}
    bad = {**good, "so_ky_hieu": "13/2030/NĐ-CP", "ngay_ban_hanh": "31/02/2030"}
    body = "\n".join([json.dumps(good), json.dumps(bad), "{not json", ""])
    answer = client.post("/api/registry", content=body.encode(),
                         headers={**bearer(tokens, "admin"), **JSONL})
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"
    problems = answer.json()["problems"]
    assert [(p["line"], p["message"].split(":")[0]) for p in problems] == [
        (2, "ngay_ban_hanh"), (3, "(dòng)")]
    assert "dòng 2: ngay_ban_hanh" in answer.json()["detail"]
    assert imported_files(data) == before
    assert client.get("/api/registry/check", params={"ref": "12/2030/NĐ-CP"},
                      headers=bearer(tokens)).status_code == 404


@pytest.mark.parametrize(("body", "words"), [
    ('{"so_ky_hieu": "5/2030/ND-CP", "trich_yeu": "Ðà"}\n'.encode("latin-1"), "UTF-8"),
    (b"\n  \n", "không có văn bản nào"),
])
def test_a_body_that_is_not_utf8_or_holds_nothing_is_refused(service, body, words):
    client, tokens = service
    answer = client.post("/api/registry", content=body,
                         headers={**bearer(tokens, "admin"), **JSONL})
    assert answer.status_code == 422 and words in answer.json()["detail"]


def test_only_administrators_import(service):
    client, tokens = service
    line = json.dumps({"so_ky_hieu": "7/2030/NĐ-CP", "loai_van_ban": "Nghị định",
                       "ngay_ban_hanh": "02/03/2030"}).encode()
    for role in ("uploader", "reviewer"):
        answer = client.post("/api/registry", content=line,
                             headers={**bearer(tokens, role), **JSONL})
        assert answer.status_code == 403
    assert client.post("/api/registry", content=line, headers=JSONL).status_code == 401


def test_a_file_over_the_registry_limit_is_refused_in_vietnamese(service):
    client, tokens = service
    limit = client.app.state.service.settings.max_registry_bytes  # 2 MB here
    line = b'{"so_ky_hieu": "9/2030/ND-CP", "loai_van_ban": "Ngh\\u1ecb \\u0111\\u1ecbnh"}\n'

    def stream():  # no Content-Length: cut off as it arrives
        for _ in range(limit // len(line) + 2):
            yield line

    for body in (line * (limit // len(line) + 1), stream()):
        answer = client.post("/api/registry", content=body,
                             headers={**bearer(tokens, "admin"), **JSONL})
        assert answer.status_code == 413
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.json()["detail"] == "Yêu cầu vượt quá giới hạn 2 MB"


def test_the_service_answers_while_an_import_is_read(service, monkeypatch):
    client, tokens = service
    reading, done = threading.Event(), threading.Event()
    real = registry_routes.import_jsonl

    def slow(path: Path, folder: Path | None = None):
        reading.set()
        assert done.wait(60), "the service did not answer while the import was read"
        return real(path, folder)

    monkeypatch.setattr(registry_routes, "import_jsonl", slow)
    line = b'{"so_ky_hieu": "3/2031/TT-BNG", "loai_van_ban": "Th\\u00f4ng t\\u01b0", ' \
           b'"ngay_ban_hanh": "05/06/2031"}\n'
    answers: list[Any] = []
    sending = threading.Thread(target=lambda: answers.append(client.post(
        "/api/registry", content=line, headers={**bearer(tokens, "admin"), **JSONL})))
    sending.start()
    try:
        assert reading.wait(60)
        # The import is being read (and waits): the service still answers.
        assert client.get("/api/registry", params={"limit": 1},
                          headers=bearer(tokens)).status_code == 200
    finally:
        done.set()
        sending.join(60)
    assert answers and answers[0].status_code == 200, answers
