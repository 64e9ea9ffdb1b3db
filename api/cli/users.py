"""`congvan users add|list|password|revoke`: the service's users."""

from __future__ import annotations

import logging
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

import typer

from api.cli.lang import LANG, count_en, t
from api.errors import EXIT_USAGE

log = logging.getLogger("congvan.cli.users")

users_app = typer.Typer(no_args_is_help=True, help=t(
    "Người dùng của dịch vụ: thêm, liệt kê, đặt mật khẩu, thu hồi.",
    "The service's users: add, list, set a password, revoke."))
UserName = Annotated[str, typer.Argument(metavar=t("TÊN", "NAME"), help=t(
    "Tên người dùng.", "The user's name."))]


class RoleName(StrEnum):
    """The roles a user can have."""

    uploader = "uploader"
    reviewer = "reviewer"
    admin = "admin"


def _ask_password() -> str:
    """A password asked twice, in the CLI's language, until both entries agree (not echoed)."""
    while True:
        first: str = typer.prompt(t("Mật khẩu", "Password"), hide_input=True)
        again: str = typer.prompt(t("Nhập lại mật khẩu", "Repeat the password"),
                                  hide_input=True)
        if first == again:
            return first
        typer.echo(t("Hai lần nhập không khớp. Vui lòng nhập lại.",
                     "The two entries differ. Please enter them again."), err=True)


def _said(error: Exception, name: str) -> str:
    """What the store refused, in the CLI's language (the store speaks Vietnamese)."""
    text = str(error)
    if LANG == "vi":
        return text
    if text.startswith("Đã có người dùng"):
        return f"A user named {name} already exists"
    if text.startswith("Mật khẩu phải có ít nhất"):
        return "The password must have at least " + "".join(c for c in text if c.isdigit()) \
            + " characters"
    if text.startswith("Vai trò không hợp lệ"):
        return "Not a role (choose uploader, reviewer or admin)"
    return text


def _service_sessions() -> Any:
    from api.cli.verbose import log_service
    from api.service import open_service
    from api.settings import load_settings

    settings = load_settings()
    log_service(settings)
    return open_service(settings).sessions


@users_app.command("add", help=t(
    "Thêm người dùng; token API mới là dòng cuối được in (chỉ hiện một lần).",
    "Add a user; the new API token is the last line printed (it is shown only once)."))
def users_add(
    name: UserName,
    role: Annotated[RoleName, typer.Option(help=t(
        "uploader (gửi văn bản), reviewer (rà soát) hoặc admin (quản trị).",
        "uploader, reviewer or admin."))],
    password: Annotated[bool, typer.Option("--password", help=t(
        "Đặt luôn mật khẩu (được hỏi, không hiện ra).",
        "Also set a password (asked for, not echoed)."))] = False,
) -> None:
    """Add a user; the new API token is the last line printed (it is shown only once)."""
    from api.store.auth import UserError, add_user

    secret = _ask_password() if password else None
    try:
        token = add_user(_service_sessions(), name, role.value, secret)
    except UserError as e:
        typer.echo(_said(e, name), err=True)
        raise typer.Exit(EXIT_USAGE) from None
    typer.echo(t(f"Đã thêm {name} ({role.value}). Token API (chỉ hiện một lần):",
                 f"Added {name} ({role.value}). API token (shown only once):"))
    typer.echo(token)


@users_app.command("list", help=t(
    "Mọi người dùng: tên, vai trò, đã có mật khẩu chưa, đã thu hồi chưa, ngày tạo (không có "
    "bí mật nào).", "Every user: name, role, whether a password is set, whether revoked, "
    "created (no secret)."))
def users_list(as_json: Annotated[bool, typer.Option("--json", help=t(
        "In các dòng JSON.", "JSON lines."))] = False) -> None:
    """Every user: name, role, whether a password is set, whether revoked, created (no secret)."""
    import json

    from rich.console import Console
    from rich.table import Table
    from sqlalchemy import select

    from api.store.db import User

    with _service_sessions()() as session:
        rows = [{"name": u.name, "role": u.role, "password": bool(u.password_hash),
                 "revoked": bool(u.revoked), "created": u.created_at.isoformat()}
                for u in session.scalars(select(User).order_by(User.name))]
    if as_json:
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
        return
    table = Table(title=t(f"{len(rows)} người dùng",
                          count_en(len(rows), "user")))
    for column in (t("tên", "name"), t("vai trò", "role"), t("có mật khẩu", "password set"),
                   t("đã thu hồi", "revoked"), t("tạo lúc", "created")):
        table.add_column(column)
    yes, no = t("có", "yes"), t("không", "no")
    for row in rows:
        created = datetime.fromisoformat(row["created"])
        table.add_row(row["name"], row["role"], yes if row["password"] else no,
                      yes if row["revoked"] else no,
                      f"{created:%d/%m/%Y %H:%M}" if LANG == "vi" else f"{created:%Y-%m-%d %H:%M}")
    Console().print(table, markup=False)


@users_app.command("password", help=t(
    "Đặt mật khẩu đăng nhập trang rà soát cho người dùng (được hỏi, không hiện ra).",
    "Set a user's password for the reviewer pages (asked for, not echoed)."))
def users_password(name: UserName) -> None:
    """Set a user's password for the reviewer pages (asked for, not echoed)."""
    from api.store.auth import UserError, set_password

    secret = _ask_password()
    try:
        found = set_password(_service_sessions(), name, secret)
    except UserError as e:
        typer.echo(_said(e, name), err=True)
        raise typer.Exit(EXIT_USAGE) from None
    if not found:
        typer.echo(t(f"Không có người dùng {name}", f"No user {name}"), err=True)
        raise typer.Exit(1)
    typer.echo(t(f"Đã đặt mật khẩu cho {name}; các phiên đăng nhập cũ đã kết thúc.",
                 f"Password set for {name}; the old sign-in sessions have ended."))


@users_app.command("revoke", help=t("Thu hồi token API của người dùng.",
                                     "Revoke a user's API token."))
def users_revoke(name: UserName) -> None:
    """Revoke a user's API token."""
    from api.store.auth import revoke

    if not revoke(_service_sessions(), name):
        typer.echo(t(f"Không có người dùng {name}", f"No user {name}"), err=True)
        raise typer.Exit(1)
    typer.echo(t(f"Đã thu hồi token của {name}.", f"{name}'s token revoked."))
