"""Security checks against a live service: names that try to be paths, oversized multipart
headers and part counts, giant request headers, and no token or password in the logs."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import httpx
import pytest

from corpus.synth.compose import compose
from corpus.synth.render import render
from tests.api.live import HealthWatch, free_port, start


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("security")
    port = free_port()
    proc, token = start(tmp / "data", port, tmp / "serve.log", workers=1)
    assert token
    try:
        yield proc, f"http://127.0.0.1:{port}", token, tmp
    finally:
        proc.terminate()
        proc.wait(30)


def _files(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


def test_a_name_that_tries_to_be_a_path_is_only_a_name(server):
    proc, base, token, tmp = server
    outside = _files(tmp.parent)
    letters = [render(compose(60 + i))[0] for i in range(6)]
    names = ["../../../../tmp/congvan-di-ra.pdf", "..\\..\\Windows\\congvan.pdf",
             "/etc/passwd", "thư mục/../../công văn.pdf", "\u202efdp.exe", "a" * 600 + ".pdf"]
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}) as c:
        for name, data in zip(names, letters, strict=True):
            assert c.post("/api/documents", files={"files": (name, data)}).status_code == 202
        listed = {d["name"] for d in c.get("/api/documents", params={"limit": 50}
                                          ).json()["documents"]}
    assert listed == {"congvan-di-ra.pdf", "congvan.pdf", "passwd", "công văn.pdf", "fdp.exe",
                      "a" * 251 + ".pdf"}
    assert not Path("/tmp/congvan-di-ra.pdf").exists()
    created = _files(tmp.parent) - outside
    assert all(tmp / "data" in p.parents for p in created), created  # nothing outside
    stored = [p for p in created if "originals" in p.parts]
    assert len(stored) == 6 and all(len(p.name) == 64 for p in stored)


def test_too_many_parts_and_oversized_part_headers_are_refused_quickly(server):
    proc, base, token, _ = server
    headers = {"Authorization": f"Bearer {token}"}
    with HealthWatch(base) as watch, httpx.Client(base_url=base, headers=headers,
                                                  timeout=30) as c:
        started = time.monotonic()
        many = c.post("/api/documents", files=[("files", (f"{i}.pdf", b"%PDF-1.7"))
                                              for i in range(1500)])
        fields = c.post("/api/documents", data={f"f{i}": "x" for i in range(1500)},
                        files={"files": ("a.pdf", b"%PDF-1.7")})
        boundary = "ranh-gioi"
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; "
                f"filename=\"a.pdf\"\r\nX-Padding: {'x' * 200_000}\r\n\r\n%PDF-1.7\r\n"
                f"--{boundary}--\r\n").encode()
        fat = c.post("/api/documents", content=body,
                     headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
        elapsed = time.monotonic() - started
        health = c.get("/health")
    assert many.status_code == 400 and fields.status_code == 400, (many.text, fields.text)
    assert 400 <= fat.status_code < 500, fat.text
    assert elapsed < 20 and health.status_code == 200
    assert proc.poll() is None and watch.steady(asks=1), watch.summary()


def test_a_giant_request_header_does_not_take_the_service_down(server):
    proc, base, token, _ = server
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"y" * 2_000_000
                  + b"\r\n\r\n")
        try:
            answer = s.recv(200)
        except (ConnectionResetError, TimeoutError, BrokenPipeError):
            answer = b""
    assert answer.startswith(b"HTTP/1.1 431"), answer
    assert httpx.get(f"{base}/health").status_code == 200 and proc.poll() is None


def test_no_token_or_password_in_the_logs(server):
    proc, base, token, tmp = server
    wrong = "sai-token-" + "k" * 30
    with httpx.Client(base_url=base) as c:
        c.get("/api/documents", headers={"Authorization": f"Bearer {token}"})
        c.get("/api/documents", headers={"Authorization": f"Bearer {wrong}"})
        c.get("/api/documents", params={"access_token": wrong})
        c.post("/api/session", json={"name": "admin", "password": wrong})
    time.sleep(0.5)
    log = (tmp / "serve.log").read_text("utf-8")
    assert log.count(token) == 1  # the one-time line of the first start, and nowhere else
    assert wrong not in log


def test_an_upload_name_keeps_only_its_last_part_without_hidden_marks():
    from api.store.names import upload_name

    assert upload_name("../../etc/x.pdf") == upload_name("C:\\tài liệu\\x.pdf") == "x.pdf"
    assert upload_name("cong\x00van\r\n.pdf") == "congvan.pdf"
    assert upload_name("\u202efdp.exe") == "fdp.exe"  # no right-to-left trick
    assert upload_name("Công văn.pdf") == "Công văn.pdf"
    assert upload_name("Co\u0302ng.pdf") == "Công.pdf"  # NFC
    assert upload_name("..") == upload_name("") == upload_name(None) == "upload"
    long = upload_name("a" * 600 + ".pdf")
    assert len(long) == 255 and long.endswith(".pdf")
