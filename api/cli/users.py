"""`congvan users add|password|revoke`: the service's users."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from api.errors import EXIT_USAGE

if TYPE_CHECKING:
    pass


users_app = typer.Typer(no_args_is_help=True, help="Người dùng của dịch vụ: thêm, thu hồi.")


class RoleName(StrEnum):
    """The roles a user can have."""

    uploader = "uploader"
    reviewer = "reviewer"
    admin = "admin"


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

    secret = typer.prompt("Mật khẩu", hide_input=True, confirmation_prompt=True) \
        if password else None
    try:
        token = add_user(_service_sessions(), name, role.value, secret)
    except UserError as e:
        typer.echo(str(e), err=True)
        raise typer.Exit(EXIT_USAGE) from None
    typer.echo(f"Đã thêm {name} ({role.value}). Token API (chỉ hiện một lần):")
    typer.echo(token)


@users_app.command("password")
def users_password(name: Annotated[str, typer.Argument(help="The user's name.")]) -> None:
    """Set a user's password for the reviewer pages (asked for, not echoed)."""
    from api.store.auth import UserError, set_password

    secret = typer.prompt("Mật khẩu", hide_input=True, confirmation_prompt=True)
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
