"""Sign-in sessions for the reviewer pages."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse

from api.http.deps import SESSION_COOKIE, Uploader, service_of
from api.http.schemas import SignIn
from api.store import auth

log = logging.getLogger(__name__)
router = APIRouter()


@router.post("/api/session", tags=["auth"])
def sign_in(request: Request, body: SignIn) -> JSONResponse:
    """Sign in with a name and password: a session cookie, and the CSRF token to echo.

    After 5 failures in 15 minutes for a name from an address: 429 for that name from there
    until they age out. Failures on a name from elsewhere, or on other names from here, slow
    down only those who failed; a right password with no failures of its own goes through.
    """
    service = service_of(request)
    address = request.client.host if request.client else "?"
    wait = service.sign_ins.wait(body.name, address)
    if wait > 0:
        raise HTTPException(429, f"Đăng nhập sai quá nhiều lần; thử lại sau {wait:.0f} giây",
                            headers={"Retry-After": str(int(wait) + 1)})
    found = auth.sign_in(service.sessions, body.name, body.password)
    if found is None:
        service.sign_ins.failed(body.name, address)
        raise HTTPException(401, "Sai tên đăng nhập hoặc mật khẩu")
    service.sign_ins.succeeded(body.name, address)
    cookie, user = found
    answer = JSONResponse({"name": user.name, "role": user.role, "csrf": user.csrf})
    answer.set_cookie(SESSION_COOKIE, cookie, max_age=auth.SESSION_HOURS * 3600,
                      httponly=True, samesite="strict", path="/",
                      secure=request.url.scheme == "https")
    return answer


@router.get("/api/session", tags=["auth"])
def whoami(user: Uploader) -> dict[str, Any]:
    """Who is signed in (name, role, and for a session its CSRF token)."""
    return {"name": user.name, "role": user.role, "via": user.via, "csrf": user.csrf}


@router.delete("/api/session", tags=["auth"])
def sign_out(request: Request, user: Uploader) -> JSONResponse:
    """Sign out: the session ends here and in the browser."""
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        auth.sign_out(service_of(request).sessions, cookie)
    answer = JSONResponse({"signed_out": True})
    answer.delete_cookie(SESSION_COOKIE, path="/")
    return answer
