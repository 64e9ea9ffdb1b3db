"""A listing's paging headers: `X-Total-Count` and RFC 8288 `Link` (first, prev, next, last)."""

from __future__ import annotations

from typing import Any

from fastapi import Request

#: The headers as the OpenAPI schema documents them.
DOCUMENTED: dict[str, Any] = {
    "X-Total-Count": {"description": "Số văn bản mà bộ lọc chọn (mọi trang)",
                      "schema": {"type": "integer"}},
    "Link": {"description": "Các trang đầu, trước, sau, cuối (RFC 8288)",
             "schema": {"type": "string"}},
}


def last_page(per_page: int, total: int) -> int:
    """The last page's number (1 when nothing is selected)."""
    return max(1, -(-total // per_page))


def headers(request: Request, page: int, per_page: int, total: int) -> dict[str, str]:
    """`X-Total-Count` and `Link` for page `page` of `total` items, `per_page` a page.

    Each link is the request's own path and query with only `page` changed (filters kept),
    relative to the request (so it holds behind a proxy that renames the host).
    """
    last = last_page(per_page, total)
    wanted = {"first": 1, "prev": min(page - 1, last) if page > 1 else None,
              "next": page + 1 if page < last else None, "last": last}
    links = [f'<{_at(request, n)}>; rel="{rel}"' for rel, n in wanted.items() if n is not None]
    return {"X-Total-Count": str(total), "Link": ", ".join(links)}


def _at(request: Request, page: int) -> str:
    url = request.url.include_query_params(page=page)
    return f"{url.path}?{url.query}"
