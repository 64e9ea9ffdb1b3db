"""Caps on requests: the body, enforced while it arrives, and the headers.

Starlette spools multipart files to disk as it parses them, so without this a 10 GB upload
would be written out before the per-file limit (413) could refuse it. A body announced as too
big is refused at once; a body that grows too big while streaming is cut off there. Headers
over `MAX_HEADER_BYTES` in all are refused with 431 (the HTTP parser itself sets no limit).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.http import problems


class _TooBig(Exception):
    """The body passed the cap."""


#: The most header bytes (names and values) one request may carry.
MAX_HEADER_BYTES = 64 * 1024


class BodyLimit:
    """ASGI middleware: 413 for a body over `limit` bytes, 431 for headers over the cap.

    A path in `paths` has its own limit instead (the registry's import takes a file of the
    state's metadata, larger than a letter).
    """

    def __init__(self, app: ASGIApp, limit: int, paths: Mapping[str, int] | None = None):
        self.app, self.limit, self.paths = app, limit, dict(paths or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, counting its body; answer 413 once it is over the cap."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = scope.get("headers") or []
        if sum(len(k) + len(v) for k, v in headers) > MAX_HEADER_BYTES:
            await _answer(send, scope, 431,
                          f"Phần đầu yêu cầu vượt quá {MAX_HEADER_BYTES // 1024} KB",
                          "headers_too_large")
            return
        limit = self.paths.get(scope.get("path", ""), self.limit)
        declared = dict(headers).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _refuse(send, scope, limit)
            return
        state: dict[str, Any] = {"received": 0, "over": False, "started": False}

        async def counted() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                state["received"] += len(message.get("body", b""))
                if state["received"] > limit:
                    state["over"] = True
                    raise _TooBig
            return message

        async def guarded(message: Message) -> None:
            # Once the body was cut off, whatever the app answers (a parse error) is replaced.
            if state["over"]:
                if message["type"] == "http.response.start" and not state["started"]:
                    state["started"] = True
                    await _refuse(send, scope, limit)
                return
            state["started"] = state["started"] or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, guarded)
        except _TooBig:
            if not state["started"]:
                state["started"] = True
                await _refuse(send, scope, limit)


async def _refuse(send: Send, scope: Scope, limit: int) -> None:
    await _answer(send, scope, 413, f"Yêu cầu vượt quá giới hạn {limit // (1024 * 1024)} MB",
                  "too_large")


async def _answer(send: Send, scope: Scope, status: int, detail: str, code: str) -> None:
    """An error answer (a problem), and the connection closed after it."""
    body = json.dumps(problems.body(status, detail, code, scope.get("path")),
                      ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", problems.MEDIA_TYPE.encode()),
        (b"content-length", str(len(body)).encode()), (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
