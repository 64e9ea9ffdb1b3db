"""Users, roles and API tokens: tokens stored hashed (SHA-256), passwords with argon2."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from api.db import ROLES, User

#: What each role may do, cumulatively: an admin can do what a reviewer can, and so on.
RANK = {"uploader": 1, "reviewer": 2, "admin": 3}
_HASHER = PasswordHasher()


class UserError(ValueError):
    """A user that cannot be made as asked (a role that does not exist, a name taken)."""


def token_hash(token: str) -> str:
    """How a token is kept: its SHA-256 (a token is 256 random bits, so no salt is needed)."""
    return hashlib.sha256(token.encode()).hexdigest()


def add_user(sessions: sessionmaker[Session], name: str, role: str,
             password: str | None = None) -> str:
    """Make a user and return their new API token (shown once, kept only hashed)."""
    if role not in ROLES:
        raise UserError(f"Vai trò không hợp lệ: {role} (chọn một trong {', '.join(ROLES)})")
    token = secrets.token_urlsafe(32)
    with sessions.begin() as session:
        if session.scalar(select(User).where(User.name == name)) is not None:
            raise UserError(f"Đã có người dùng tên {name}")
        session.add(User(name=name, role=role, token_hash=token_hash(token),
                         password_hash=_HASHER.hash(password) if password else None))
    return token


def user_for_token(sessions: sessionmaker[Session], token: str) -> User | None:
    """The user a token belongs to, unless revoked."""
    with sessions() as session:
        user = session.scalar(select(User).where(User.token_hash == token_hash(token)))
        return user if user is not None and not user.revoked else None


def check_password(sessions: sessionmaker[Session], name: str, password: str) -> User | None:
    """The user when the password is theirs."""
    with sessions() as session:
        user = session.scalar(select(User).where(User.name == name))
    if user is None or user.revoked or not user.password_hash:
        return None
    try:
        _HASHER.verify(user.password_hash, password)
    except VerificationError:
        return None
    return user


def revoke(sessions: sessionmaker[Session], name: str) -> bool:
    """Revoke a user's token; whether the user existed."""
    with sessions.begin() as session:
        user = session.scalar(select(User).where(User.name == name))
        if user is None:
            return False
        user.revoked = True
        return True


def first_admin(sessions: sessionmaker[Session]) -> str | None:
    """On the very first start, an `admin` user; its token (to print once), else None."""
    with sessions() as session:
        if session.scalar(select(func.count()).select_from(User)):
            return None
    return add_user(sessions, "admin", "admin")


def allowed(user: User, role: str) -> bool:
    """Whether the user's role includes `role`."""
    return RANK.get(user.role, 0) >= RANK[role]
