"""A listing's paging headers: `X-Total-Count` and RFC 8288 `Link` (first, prev, next, last).

A listing pages by `page` and `per_page` (the documents, the proposals) or by `offset` and
`limit` (the registry); each link is the request with only that parameter changed.
"""

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
    return _headers(request, "page", wanted, total)


def window_headers(request: Request, offset: int, limit: int, total: int) -> dict[str, str]:
    """`X-Total-Count` and `Link` for the `limit` items from `offset` of `total`.

    Like `headers`, with `offset` changed: the previous window ends where this one starts
    (from 0 at least; from a window past the end, it is the last), the last starts at the
    last whole multiple of `limit`.
    """
    last = (last_page(limit, total) - 1) * limit
    before = last if offset >= total else max(offset - limit, 0)
    wanted = {"first": 0, "prev": before if offset > 0 else None,
              "next": offset + limit if offset + limit < total else None, "last": last}
    return _headers(request, "offset", wanted, total)


def _headers(request: Request, name: str, wanted: dict[str, int | None],
             total: int) -> dict[str, str]:
    links = [f'<{_at(request, name, n)}>; rel="{rel}"' for rel, n in wanted.items()
             if n is not None]
    return {"X-Total-Count": str(total), "Link": ", ".join(links)}


def _at(request: Request, name: str, value: int) -> str:
    url = request.url.include_query_params(**{name: value})
    return f"{url.path}?{url.query}"
