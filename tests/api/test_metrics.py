"""`/metrics` in the Prometheus client's conventions, and one log line per processed letter.

A letter citing a superseded instrument is read by the service (SQLite and PostgreSQL); a few
requests are made; the scrape is parsed with prometheus_client's own text parser.
"""

from __future__ import annotations

import logging
from datetime import date

import pytest
from prometheus_client.parser import text_string_to_metric_families

from api.worker.processing import processed_fields, processed_line
from corpus.synth.compose import compose
from corpus.synth.render import render
from tests.api.conftest import bearer
from tests.api.live import finished


@pytest.fixture(scope="module")
def old_letter() -> bytes:
    return render(compose(12, issued=date(2024, 3, 12), cites=["295-QĐ/TW"],
                          replaced_mention=False))[0]


def _samples(text: str) -> dict[str, list]:
    out: dict[str, list] = {}
    for family in text_string_to_metric_families(text):
        out.setdefault(family.name, []).extend(family.samples)
    return out


@pytest.mark.heavy  # a letter read by the service, on SQLite and PostgreSQL
def test_metrics_count_requests_by_route_template_outcomes_and_flags(service, old_letter,
                                                                     caplog) -> None:
    client, tokens = service
    caplog.set_level(logging.INFO, logger="congvan.processed")
    answer = client.post("/api/documents", headers=bearer(tokens),
                         files=[("files", ("cũ.pdf", old_letter, "application/pdf"))])
    ident = answer.json()["documents"][0]["id"]
    body = finished(client, headers=bearer(tokens), ident=ident)
    assert body["status"] == "done"
    codes = {f["code"] for f in body["document"]["flags"]}
    assert "superseded_citation" in codes
    assert client.get("/health").status_code == 200
    assert client.get("/api/documents/khong-co-van-ban-nay",
                      headers=bearer(tokens)).status_code == 404
    assert client.get("/khong-co-trang-nay").status_code == 404

    scraped = client.get("/metrics", headers=bearer(tokens))
    assert scraped.status_code == 200
    families = _samples(scraped.text)

    requests = families["congvan_http_requests"]
    routes = {(s.labels["method"], s.labels["route"], s.labels["status"]): s.value
              for s in requests if s.name == "congvan_http_requests_total"}
    assert routes[("GET", "/health", "200")] >= 1
    assert routes[("POST", "/api/documents", "202")] >= 1
    not_found = [r for (m, r, st) in routes if st == "404" and r.startswith("/api/documents/")]
    assert not_found and all("{" in r for r in not_found), routes  # the template, not the id
    assert ("GET", "unmatched", "404") in routes
    assert not any("khong-co" in r for (_, r, _) in routes)
    latency = families["congvan_http_request_duration_seconds"]
    buckets = [s for s in latency if s.name.endswith("_bucket")
               and s.labels["route"] == "/health"]
    assert buckets and {s.labels["le"] for s in buckets} >= {"0.005", "+Inf"}
    counts = [s for s in latency if s.name.endswith("_count") and s.labels["route"] == "/health"]
    assert counts and counts[0].value == routes[("GET", "/health", "200")]

    processed = {s.labels["outcome"]: s.value for s in families["congvan_documents_processed"]
                 if s.name == "congvan_documents_processed_total"}
    assert processed["done"] >= 1 and "failed" in processed
    flags = {s.labels["code"]: s.value for s in families["congvan_flags"]}
    assert flags.get("superseded_citation", 0) >= 1
    assert "congvan_queue_depth" in families

    lines = [r for r in caplog.records if r.name == "congvan.processed"
             and getattr(r, "document", {}).get("id") == ident]
    assert len(lines) == 1
    logged = lines[0].document  # type: ignore[attr-defined]
    assert logged["outcome"] == "done" and logged["error"] is None
    assert logged["pages"] == body["document"]["file"]["pages"] and logged["seconds"] > 0
    assert logged["flags"] == sorted(codes)
    message = lines[0].getMessage()
    assert f"id={ident}" in message and "outcome=done" in message
    assert "superseded_citation" in message


def test_a_failed_letter_logs_its_error_code() -> None:
    from api.store.documents import Outcome

    fields = processed_fields("abc", Outcome(None, None, "invalid_pdf", "hỏng", 0.5))
    assert fields == {"id": "abc", "pages": None, "seconds": 0.5, "outcome": "failed",
                      "error": "invalid_pdf", "flags": []}
    assert processed_line(fields) == ("document_processed id=abc pages=- seconds=0.5 "
                                      "outcome=failed error=invalid_pdf flags=-")
