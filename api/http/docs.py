"""The API's description: its OpenAPI schema (errors as problems) and the pages that show it.

FastAPI's own /docs and /redoc load Swagger UI and ReDoc from a CDN: blank without the
network, and outside the service's Content-Security-Policy. Here their files come from the
`fastapi-offline` package (Swagger UI: Apache-2.0, ReDoc: MIT) and are served by the service
itself; the pages start them from a script file of ours (no inline script).
"""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException
from fastapi.openapi.utils import get_openapi
from fastapi.responses import FileResponse, HTMLResponse

from api.http.problems import MEDIA_TYPE

#: What the docs pages may load: their own host only, no inline script, as the reviewer pages.
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'; "
       "form-action 'self'; base-uri 'none'")
#: ReDoc writes its styles into <style> elements from script (styled-components): those
#: are let through on /redoc alone ('unsafe-inline' for styles; never for scripts). Its
#: search runs in a worker made from a blob.
REDOC_CSP = CSP.replace("style-src 'self';", "style-src 'self' 'unsafe-inline'; "
                        "worker-src 'self' blob:;")
VENDORED = Path(str(files("fastapi_offline") / "static"))
#: The files the pages load, by the name they are asked for.
ASSETS = {
    "swagger-ui-bundle.js": VENDORED / "swagger-ui-bundle.js",
    "swagger-ui.css": VENDORED / "swagger-ui.css",
    "redoc.standalone.js": VENDORED / "redoc.standalone.js",
    "favicon.png": VENDORED / "favicon.png",
    "docs.js": Path(__file__).with_name("docs.js"),
}
PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" href="/docs/assets/favicon.png">{head}
</head><body>
<div id="{element}" data-openapi="/openapi.json"></div>
<script src="/docs/assets/{script}"></script>
<script src="/docs/assets/docs.js"></script>
</body></html>
"""


def _page(title: str, element: str, script: str, head: str = "", csp: str = CSP
          ) -> HTMLResponse:
    html = PAGE.format(title=title, element=element, script=script, head=head)
    return HTMLResponse(html, headers={"Content-Security-Policy": csp,
                                       "X-Content-Type-Options": "nosniff",
                                       "Referrer-Policy": "same-origin"})


def problem_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI schema with every error answer as `application/problem+json`.

    FastAPI's own 422 (`HTTPValidationError`, never answered) is a `ValidationProblem`.
    """
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            for status, response in (operation.get("responses") or {}).items():
                content = response.get("content") or {}
                if not (status[:1] in "45" and "application/json" in content):
                    continue
                body = content.pop("application/json")
                if "/HTTPValidationError" in json.dumps(body):
                    body = {"schema": {"$ref": "#/components/schemas/ValidationProblem"}}
                content[MEDIA_TYPE] = body
    components = schema.get("components", {}).get("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        if f'/{unused}"' not in json.dumps(schema):
            components.pop(unused, None)
    return schema


def install(app: FastAPI) -> None:
    """/docs (Swagger UI), /redoc (ReDoc), their assets, and the problem-shaped schema."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = problem_schema(get_openapi(
                title=app.title, version=app.version, description=app.description,
                routes=app.routes))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    @app.get("/docs", include_in_schema=False)
    def swagger() -> HTMLResponse:
        return _page("congvan — API (Swagger UI)", "swagger-ui", "swagger-ui-bundle.js",
                     '\n<link rel="stylesheet" href="/docs/assets/swagger-ui.css">')

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return _page("congvan — API (ReDoc)", "redoc", "redoc.standalone.js", csp=REDOC_CSP)

    @app.get("/docs/assets/{name}", include_in_schema=False)
    def asset(name: str) -> FileResponse:
        path = ASSETS.get(name)
        if path is None:
            raise HTTPException(404, "Không có tệp này")
        return FileResponse(path, headers={"Cache-Control": "public, max-age=86400",
                                           "X-Content-Type-Options": "nosniff"})
