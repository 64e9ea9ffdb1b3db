"""Saved views: the signed-in user's named inbox filters, and the two built in."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from api.http.deps import Uploader, service_of
from api.store import saved_views

router = APIRouter()


class ViewBody(BaseModel):
    """A view to keep: its name and the inbox's query string ("status=done&reviewed=false")."""

    name: str = Field(min_length=1, max_length=saved_views.MAX_NAME * 2)
    query: str = Field("", max_length=2000)


@router.get("/api/views", tags=["views"])
def list_views(request: Request, user: Uploader) -> dict[str, Any]:
    """The built-in views, then the user's own, by name."""
    return {"views": [v.as_json() for v in
                      saved_views.views_of(service_of(request).sessions, user.name)]}


@router.post("/api/views", status_code=201, tags=["views"])
def save_view(request: Request, body: ViewBody, user: Uploader) -> JSONResponse:
    """Keep the filters under a name (the user's view of that name is replaced)."""
    try:
        view = saved_views.save(service_of(request).sessions, user.name, body.name, body.query)
    except saved_views.ViewRefused as e:  # the one shape of a 422: where, and why
        raise RequestValidationError([{"loc": ["body", e.field], "msg": str(e),
                                       "type": "value_error"}]) from None
    return JSONResponse(view.as_json(), status_code=201,
                        headers={"Location": f"/api/views/{view.id}"})


@router.delete("/api/views/{ident}", status_code=204, tags=["views"])
def delete_view(request: Request, ident: str, user: Uploader) -> Response:
    """Delete one of the user's views (the built-in ones stay)."""
    if ident.startswith("builtin-"):
        raise HTTPException(403, "Bộ lọc có sẵn không xoá được")
    if not saved_views.forget(service_of(request).sessions, user.name, ident):
        raise HTTPException(404, "Không có bộ lọc đã lưu này")
    return Response(status_code=204)
