"""A cap on request bodies, enforced while they arrive (before any multipart parsing).

Starlette spools multipart files to disk as it parses them, so without this a 10 GB upload
would be written out before the per-file limit (413) could refuse it. A body announced as too
big is refused at once; a body that grows too big while streaming is cut off there.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class _TooBig(Exception):
    """The body passed the cap."""


class BodyLimit:
    """ASGI middleware: 413 for any request whose body is over `limit` bytes."""

    def __init__(self, app: ASGIApp, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, counting its body; answer 413 once it is over the cap."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(send)
            return
        state: dict[str, Any] = {"received": 0, "over": False, "started": False}

        async def counted() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                state["received"] += len(message.get("body", b""))
                if state["received"] > self.limit:
                    state["over"] = True
                    raise _TooBig
            return message

        async def guarded(message: Message) -> None:
            # Once the body was cut off, whatever the app answers (a parse error) is replaced.
            if state["over"]:
                if message["type"] == "http.response.start" and not state["started"]:
                    state["started"] = True
                    await self._refuse(send)
                return
            state["started"] = state["started"] or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, guarded)
        except _TooBig:
            if not state["started"]:
                state["started"] = True
                await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        mb = self.limit // (1024 * 1024)
        body = json.dumps({"detail": f"Yêu cầu vượt quá giới hạn {mb} MB", "code": "too_large"},
                          ensure_ascii=False).encode()
        await send({"type": "http.response.start", "status": 413, "headers": [
            (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
            (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})
