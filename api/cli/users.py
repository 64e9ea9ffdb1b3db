"""`congvan users add|list|password|revoke`: the service's users."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from api.errors import EXIT_USAGE

if TYPE_CHECKING:
    pass


users_app = typer.Typer(no_args_is_help=True,
                        help="Người dùng của dịch vụ: thêm, liệt kê, đặt mật khẩu, thu hồi.")


class RoleName(StrEnum):
    """The roles a user can have."""

    uploader = "uploader"
    reviewer = "reviewer"
    admin = "admin"


def _ask_password() -> str:
    """A password asked twice, in Vietnamese, until both entries agree (not echoed)."""
    while True:
        first: str = typer.prompt("Mật khẩu", hide_input=True)
        again: str = typer.prompt("Nhập lại mật khẩu", hide_input=True)
        if first == again:
            return first
        typer.echo("Hai lần nhập không khớp. Vui lòng nhập lại.", err=True)


def _service_sessions() -> Any:
    from api.service import open_service

    return open_service().sessions


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="The user's name.")],
    role: Annotated[RoleName, typer.Option(help="uploader, reviewer or admin.")],
    password: Annotated[bool, typer.Option("--password", help="Also set a password "
                                           "(asked for, not echoed).")] = False,
) -> None:
    """Add a user; the new API token is the last line printed (it is shown only once)."""
    from api.store.auth import UserError, add_user

    secret = _ask_password() if password else None
    try:
        token = add_user(_service_sessions(), name, role.value, secret)
    except UserError as e:
        typer.echo(str(e), err=True)
        raise typer.Exit(EXIT_USAGE) from None
    typer.echo(f"Đã thêm {name} ({role.value}). Token API (chỉ hiện một lần):")
    typer.echo(token)


@users_app.command("list")
def users_list(as_json: Annotated[bool, typer.Option("--json", help="JSON lines.")] = False
               ) -> None:
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
    table = Table(title=f"{len(rows)} người dùng")
    for column in ("tên", "vai trò", "có mật khẩu", "đã thu hồi", "tạo lúc"):
        table.add_column(column)
    for row in rows:
        created = datetime.fromisoformat(row["created"])
        table.add_row(row["name"], row["role"], "có" if row["password"] else "không",
                      "có" if row["revoked"] else "không", f"{created:%d/%m/%Y %H:%M}")
    Console().print(table, markup=False)


@users_app.command("password")
def users_password(name: Annotated[str, typer.Argument(help="The user's name.")]) -> None:
    """Set a user's password for the reviewer pages (asked for, not echoed)."""
    from api.store.auth import UserError, set_password

    secret = _ask_password()
    try:
        found = set_password(_service_sessions(), name, secret)
    except UserError as e:
        typer.echo(str(e), err=True)
        raise typer.Exit(EXIT_USAGE) from None
    if not found:
        typer.echo(f"Không có người dùng {name}", err=True)
        raise typer.Exit(1)
    typer.echo(f"Đã đặt mật khẩu cho {name}; các phiên đăng nhập cũ đã kết thúc.")


@users_app.command("revoke")
def users_revoke(name: Annotated[str, typer.Argument(help="The user's name.")]) -> None:
    """Revoke a user's API token."""
    from api.store.auth import revoke

    if not revoke(_service_sessions(), name):
        typer.echo(f"Không có người dùng {name}", err=True)
        raise typer.Exit(1)
    typer.echo(f"Đã thu hồi token của {name}.")
