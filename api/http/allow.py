"""`OPTIONS` and 405 answers that name every method a path takes, not only one route's.

Starlette answers a method a path does not take with the methods of the first route that
matched the path alone: `/api/documents` said `Allow: POST` though it is listed with GET too.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import Response
from starlette.routing import Match

from api.http import problems

#: The methods asked about (each route says whether it takes one at a path).
ASKED = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def methods(app: FastAPI, request: Request) -> list[str]:
    """Every method some route of `app` answers at the request's path (with OPTIONS)."""
    found = {"OPTIONS"}
    for method in ASKED:
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] is Match.FULL for route in app.router.routes):
            found.add(method)
    return sorted(found)


def install(app: FastAPI) -> None:
    """Answer OPTIONS (204) and a method not allowed (405) with the path's whole `Allow`."""

    async def not_allowed(request: Request, exc: Exception) -> Response:
        allow = {"Allow": ", ".join(methods(app, request))}
        if request.method == "OPTIONS":
            return Response(status_code=204, headers=allow)
        return problems.answer(request, 405, "Phương thức này không dùng được ở địa chỉ này "
                               f"(chỉ nhận {allow['Allow']})", headers=allow)

    app.add_exception_handler(405, not_allowed)
