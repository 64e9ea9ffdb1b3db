"""What the OpenAPI schema declares is what the routes send (issue 21, 6): media types of the
binary and text answers, the region route's two 422 shapes, the registry's body, and
OPTIONS / 405 naming every method of a path."""

from __future__ import annotations

from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from api.settings import load_settings
from api.store import auth


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    settings = replace(load_settings({"CONGVAN_DATA_DIR": str(data)}),
                       database_url=f"sqlite:///{data / 'congvan.db'}")
    app = create_app(settings, workers=False)
    with TestClient(app) as client:
        token = auth.add_user(app.state.service.sessions, "đọc", "uploader")
        client.headers["Authorization"] = f"Bearer {token}"
        yield client, client.get("/openapi.json").json()


def _ok_types(spec: dict, path: str, method: str = "get") -> set[str]:
    return set(spec["paths"][path][method]["responses"]["200"]["content"])


@pytest.mark.parametrize(("path", "types"), [
    ("/api/documents/{ident}/original", {"application/pdf", "image/png", "image/jpeg",
                                          "image/tiff", "application/octet-stream"}),
    ("/api/documents/{ident}/pages/{number}.png", {"image/png"}),
    ("/api/export", {"application/x-ndjson", "text/csv"}),
    ("/metrics", {"text/plain"}),
])
def test_non_json_answers_declare_their_real_media_types(site, path, types):
    _, spec = site
    assert _ok_types(spec, path) == types


def test_metrics_sends_what_it_declares(site):
    client, spec = site
    answer = client.get("/metrics")
    assert answer.status_code == 200
    assert answer.headers["content-type"].split(";")[0] in _ok_types(spec, "/metrics")


def test_the_registry_import_declares_its_yaml_csv_and_json_lines_body(site):
    _, spec = site
    body = spec["paths"]["/api/registry"]["post"]["requestBody"]
    assert body["required"] and set(body["content"]) == {
        "text/yaml", "text/csv", "application/x-ndjson", "application/jsonl",
        "application/json-lines"}


def test_every_error_answer_is_declared_as_a_problem(site):
    _, spec = site
    region = spec["paths"]["/api/documents/{ident}/pages/{number}/region"]["post"]["responses"]
    assert region["422"]["content"] == {"application/problem+json": {
        "schema": {"$ref": "#/components/schemas/ValidationProblem"}}}
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            for status, answer in operation["responses"].items():
                if status[0] in "45":
                    assert set(answer.get("content", {})) <= {"application/problem+json"}, (
                        path, method, status)
    schemas = spec["components"]["schemas"]
    assert "HTTPValidationError" not in schemas
    assert schemas["Problem"]["properties"]["detail"]["type"] == "string"
    assert {"type", "title", "status", "detail", "code"} <= set(schemas["Problem"]["required"])


@pytest.mark.parametrize(("path", "allowed"), [
    ("/api/documents", {"GET", "POST", "OPTIONS"}),
    ("/api/documents/abc", {"GET", "DELETE", "OPTIONS"}),
    ("/api/registry", {"GET", "POST", "OPTIONS"}),
])
def test_options_and_405_name_every_method_of_the_path(site, path, allowed):
    client, _ = site
    options = client.options(path)
    assert options.status_code == 204
    assert set(options.headers["allow"].split(", ")) >= allowed
    put = client.put(path)
    assert put.status_code == 405 and put.headers["allow"] == options.headers["allow"]
    assert "PUT" not in put.headers["allow"] and put.json()["detail"]
