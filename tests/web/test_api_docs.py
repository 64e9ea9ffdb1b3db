"""/docs (Swagger UI) and /redoc (ReDoc) in a real browser with the network cut.

Every request to another host is aborted (and recorded); the pages must still list every
operation of the API, under the service's Content-Security-Policy, with no script error.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, expect

from tests.api import live


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("docs")
    port = live.free_port()
    proc, _ = live.start(folder / "data", port, folder / "serve.log", workers=1)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _operations(base: str) -> list[str]:
    spec = httpx.get(f"{base}/openapi.json", timeout=30).json()
    return [op["operationId"] for ops in spec["paths"].values() for op in ops.values()]


def _offline(browser: Browser, base: str, path: str):
    """The page at `path`, any request off the service's host aborted; what else happened."""
    here = urlsplit(base).netloc
    outside: list[str] = []
    troubles: list[str] = []
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()

    def gate(route, request) -> None:
        if urlsplit(request.url).netloc == here or request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            outside.append(request.url)
            route.abort()

    page.route("**/*", gate)
    page.on("pageerror", lambda e: troubles.append(f"error: {e}"))
    page.on("console", lambda m: troubles.append(m.text) if m.type == "error" else None)
    answer = page.goto(f"{base}{path}")
    assert answer is not None and answer.ok
    csp = answer.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "unsafe-eval" not in csp
    assert "default-src 'self';" in csp and ("unsafe-inline" not in csp) == (path == "/docs")
    return context, page, outside, troubles


def test_swagger_ui_lists_every_operation_with_the_network_cut(browser: Browser, base: str):
    context, page, outside, troubles = _offline(browser, base, "/docs")
    operations = _operations(base)
    blocks = page.locator(".opblock")
    expect(blocks.first).to_be_visible(timeout=30_000)
    expect(blocks).to_have_count(len(operations))
    expect(page.locator(".opblock-summary-path", has_text="/api/documents").first).to_be_visible()
    expect(page.get_by_text("List Documents").first).to_be_visible()
    assert outside == [] and troubles == [], (outside, troubles)
    context.close()


def test_redoc_lists_every_operation_with_the_network_cut(browser: Browser, base: str):
    context, page, outside, troubles = _offline(browser, base, "/redoc")
    operations = _operations(base)
    listed = page.locator("li[data-item-id*='/operation/']")
    expect(listed.first).to_be_attached(timeout=30_000)
    expect(listed).to_have_count(len(operations))
    expect(page.locator("h2", has_text="List Documents").first).to_be_visible()
    # ReDoc's attribution logo is always an image on its CDN: the CSP stops it in the browser
    # (no request leaves, as `outside` shows) and ReDoc then drops the image.
    logo = "https://cdn.redoc.ly/redoc/logo-mini.svg"
    others = [t for t in troubles if not (logo in t and "Content Security Policy" in t)]
    expect(page.locator(f"img[src='{logo}']")).to_have_count(0)
    assert outside == [] and others == [], (outside, troubles)
    context.close()


def test_the_pages_assets_come_from_the_service(base: str):
    for name in ("swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js", "docs.js"):
        answer = httpx.get(f"{base}/docs/assets/{name}", timeout=30)
        assert answer.status_code == 200 and len(answer.content) > 100, name
    assert httpx.get(f"{base}/docs/assets/..%2Fapp.py", timeout=30).status_code == 404
