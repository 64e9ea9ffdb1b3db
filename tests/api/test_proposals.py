"""Proposed registry changes read from a letter: made, listed, decided, and what accepting does.

On SQLite and PostgreSQL (tests/api/conftest.py), through the HTTP API and the real pool of
readers. The source letter's `effects` are set by hand (another part of the work reads them).
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from api.store import auth, documents
from api.store.db import AuditEntry, Document, Proposal, Status
from corpus.registry.store import import_file, registry_for
from tests.api.conftest import bearer
from tests.api.live import finished
from tests.handmade import CLAUSE, NOT_YET_REPLACED, decree_replacing, request_citing

pytestmark = pytest.mark.heavy
PASSWORD = "mật khẩu của quản trị viên"

EFFECTS = [
    {"kind": "replaces", "ref": "50/2011/NĐ-CP", "part": None, "date": "2022-05-01",
     "page": 1, "bbox": [60.0, 170.0, 520.0, 203.0], "text": CLAUSE},
    {"kind": "repeals", "ref": "09/2010/NĐ-CP", "part": "Điều 3", "date": "2022-05-01",
     "page": 1, "bbox": [60.0, 170.0, 520.0, 183.0], "text": "bãi bỏ Điều 3 Nghị định số "
     "09/2010/NĐ-CP"},
]
CITING = "Nghị định số 50/2011/NĐ-CP ngày 04 tháng 7 năm 2011 của Chính phủ"


def _upload(client: Any, tokens: dict[str, str], name: str, pdf: bytes) -> dict[str, Any]:
    answer = client.post("/api/documents", files=[("files", (name, pdf, "application/pdf"))],
                         headers=bearer(tokens))
    assert answer.status_code == 202, answer.text
    body = finished(client, answer.json()["documents"][0]["id"], headers=bearer(tokens))
    assert body["status"] == "done", body
    return body


def _read_again_with(state: Any, ident: str, extra: dict[str, Any]) -> None:
    """Finish the letter again with its result plus `extra` (what the readers would add)."""
    with state.sessions.begin() as session:
        doc = session.get(Document, ident)
        result, text = dict(doc.result), doc.text
        doc.status = Status.PROCESSING
    assert documents.finish(state.sessions, ident, documents.Outcome(
        {**result, **extra}, text, None, None, 0.1))


def _flags(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["code"]: f for f in body["document"]["flags"]}


def test_a_replacement_a_decree_states_is_proposed_accepted_and_flags_the_letters_after_it(
        service, tmp_path):
    client, tokens = service
    state = client.app.state.service
    folder = state.settings.data_dir
    (tmp_path / "before.yaml").write_text(NOT_YET_REPLACED, "utf-8")
    import_file(tmp_path / "before.yaml", folder)
    assert registry_for(folder).get("50/2011/NĐ-CP").changes == ()

    citing = _upload(client, tokens, "sở.pdf", request_citing(215, "10 tháng 6 năm 2023",
                                                              [CITING]))
    assert "superseded_citation" not in _flags(citing)  # the registry does not know yet
    decree = _upload(client, tokens, "nđ18.pdf", decree_replacing())
    _read_again_with(state, decree["id"], {"effects": EFFECTS})

    listed = client.get("/api/proposals", params={"status": "proposed", "kind": "registry"},
                        headers=bearer(tokens, "reviewer"))
    assert listed.status_code == 200 and listed.json()["total"] == 2
    assert listed.headers["X-Total-Count"] == "2"
    made = {p["payload"]["effect"]: p for p in listed.json()["proposals"]}
    replaces = made["replaces"]
    assert replaces["payload"]["instrument"] == "18/2022/NĐ-CP"
    assert replaces["payload"]["ref"] == "50/2011/NĐ-CP"
    assert replaces["payload"]["date"] == "2022-05-01"
    assert replaces["payload"]["source"]["how_known"] == "own_text"
    assert replaces["document_id"] == decree["id"]
    assert replaces["text"] == CLAUSE and replaces["page"] == 1 and replaces["bbox"]

    url = f"/api/proposals/{replaces['id']}/accept"
    assert client.post(url, headers=bearer(tokens, "reviewer")).status_code == 403
    accepted = client.post(url, headers=bearer(tokens, "admin"))
    assert accepted.status_code == 200, accepted.text
    reread = accepted.json()["reread"]
    assert reread["ref"] == "50/2011/NĐ-CP" and citing["id"] in reread["documents"]
    assert reread["count"] == len(reread["documents"])
    assert client.post(url, headers=bearer(tokens, "admin")).status_code == 409  # decided

    change = registry_for(folder).get("50/2011/NĐ-CP").changes[-1]
    assert (change.type, change.by_ref, change.since.isoformat(), change.source.how) == (
        "replaced_by", "18/2022/NĐ-CP", "2022-05-01", "own_text")
    with state.sessions() as session:
        audit = session.scalars(select(AuditEntry).where(
            AuditEntry.action == "proposal_accept")).all()
    assert [(a.user, a.target) for a in audit] == [("admin-user", f"proposals.{replaces['id']}")]

    other = made["repeals"]["id"]  # the other is rejected: nothing is written
    assert client.post(f"/api/proposals/{other}/reject",
                       headers=bearer(tokens, "admin")).status_code == 200
    with state.sessions() as session:
        assert session.scalar(select(AuditEntry.user).where(
            AuditEntry.action == "proposal_reject",
            AuditEntry.target == f"proposals.{other}")) == "admin-user"

    # The decree cites 50/2011/NĐ-CP too: both are read again.
    queued = client.post(reread["reprocess"], headers=bearer(tokens, "admin"))
    assert queued.status_code == 202 and queued.json()["queued"] >= 1
    again = finished(client, citing["id"], headers=bearer(tokens))
    flag = _flags(again)["superseded_citation"]
    assert flag["ref"] == "50/2011/NĐ-CP" and flag["evidence"]["how"] == "own_text"
    assert "18/2022/NĐ-CP" in flag["evidence"]["source"]
    assert flag["evidence"]["replaced_by"] == ["18/2022/NĐ-CP"]

    # New readings keep both decisions and propose neither again.
    assert finished(client, decree["id"], headers=bearer(tokens))["status"] == "done"
    _read_again_with(state, decree["id"], {"effects": EFFECTS})
    with state.sessions() as session:
        kept = session.scalars(select(Proposal).where(
            Proposal.document_id == decree["id"]).order_by(Proposal.id)).all()
    assert [p.status for p in kept] == ["accepted", "rejected"]
    assert registry_for(folder).get("09/2010/NĐ-CP").changes[-1].source.how != "own_text"


def test_a_signed_in_administrator_must_echo_the_csrf_token(service):
    client, _ = service
    state = client.app.state.service
    auth.add_user(state.sessions, "quản-trị-web", "admin", password=PASSWORD)
    try:
        signed = client.post("/api/session", json={"name": "quản-trị-web",
                                                   "password": PASSWORD})
        assert signed.status_code == 200
        assert client.post("/api/proposals/1/reject").status_code == 403
        assert client.post("/api/proposals/999999/reject",
                           headers={"X-CSRF-Token": signed.json()["csrf"]}).status_code == 404
    finally:
        client.cookies.clear()


def test_a_new_reading_replaces_only_the_undecided_proposals(service):
    client, tokens = service
    state = client.app.state.service
    letter = _upload(client, tokens, "khác.pdf", request_citing(216, "11 tháng 6 năm 2023",
                                                                [CITING]))
    stated = {"kind": "unheard_of_kind", "scope": ["Sở Ngoại vụ"], "start": None, "end": None,
              "days": None, "working_days": None, "page": 1, "bbox": [60, 60, 200, 80],
              "text": "hạn chế"}
    _read_again_with(state, letter["id"], {"rules_stated": [stated]})
    _read_again_with(state, letter["id"], {"rules_stated": [stated]})
    mine = client.get("/api/proposals", params={"kind": "rule"},
                      headers=bearer(tokens, "reviewer")).json()["proposals"]
    mine = [p for p in mine if p["document_id"] == letter["id"]]
    assert len(mine) == 1 and mine[0]["status"] == "proposed"
    answer = client.post(f"/api/proposals/{mine[0]['id']}/accept",
                         headers=bearer(tokens, "admin"))
    assert answer.status_code == 200
    assert answer.json()["awaits_check"] is True and answer.json()["rule"] is None
    _read_again_with(state, letter["id"], {"rules_stated": []})
    with state.sessions() as session:
        assert session.get(Proposal, mine[0]["id"]).status == "accepted"


def test_a_generated_decision_read_by_the_readers_proposes_what_it_replaces_and_repeals(service):
    """No effects set by hand: the letter's own closing articles, read, make the proposals."""
    from corpus.synth.compose import compose
    from corpus.synth.render import render

    client, tokens = service
    letter = compose(7002, effects="state")  # a variant that replaces one and repeals another
    gold = [e for e in letter.gold["effects"] if e["kind"] in ("replaces", "repeals")]
    assert {e["kind"] for e in gold} == {"replaces", "repeals"}
    pdf, _ = render(letter)
    decision = _upload(client, tokens, "quyết-định.pdf", pdf)
    listed = client.get("/api/proposals", params={"kind": "registry", "status": "proposed"},
                        headers=bearer(tokens, "reviewer")).json()["proposals"]
    mine = [p for p in listed if p["document_id"] == decision["id"]]
    changes = {(p["payload"]["effect"], p["payload"]["ref"]): p for p in mine
               if p["payload"]["effect"] in ("replaces", "repeals")}
    assert set(changes) == {(e["kind"], e["ref"]) for e in gold}
    for proposal in changes.values():
        assert proposal["page"] >= 1 and len(proposal["bbox"]) == 4 and proposal["text"]
        assert proposal["payload"]["instrument"] == letter.gold["doc_ref"]
