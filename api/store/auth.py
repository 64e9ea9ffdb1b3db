"""Users, roles, API tokens and sign-in sessions.

Tokens and session cookies are kept only as their SHA-256, passwords with argon2. A token's
user is remembered for a few seconds (`TokenCache`), so a request costs no user lookup; a
revocation takes effect within that time.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from api.store.db import ROLES, LoginSession, SignInFailure, User, now

#: What each role may do, cumulatively: an admin can do what a reviewer can, and so on.
RANK = {"uploader": 1, "reviewer": 2, "admin": 3}
_HASHER = PasswordHasher()
#: How long a sign-in lasts: a working day.
SESSION_HOURS = 12


@dataclass(frozen=True)
class Principal:
    """Who a request is from: a user's name and role, and how they proved it."""

    name: str
    role: str
    via: str = "token"  # "token" or "session"
    csrf: str | None = None  # a session's CSRF token, which unsafe requests must echo


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


def set_password(sessions: sessionmaker[Session], name: str, password: str) -> bool:
    """Give a user a (new) password for the reviewer pages; False when there is no such user.

    Their sign-in sessions end: whoever knew the old password is signed out.
    """
    if len(password) < 8:
        raise UserError("Mật khẩu phải có ít nhất 8 ký tự")
    with sessions.begin() as session:
        user = session.scalar(select(User).where(User.name == name))
        if user is None:
            return False
        user.password_hash = _HASHER.hash(password)
        session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
    return True


def user_for_token(sessions: sessionmaker[Session], token: str) -> User | None:
    """The user a token belongs to, unless revoked."""
    with sessions() as session:
        user = session.scalar(select(User).where(User.token_hash == token_hash(token)))
        return user if user is not None and not user.revoked else None


class SignInLimiter:
    """Failed sign-ins, counted per (name, address), per name and per address apart.

    - `limit` failures for one name from one address: that pair waits out the `window`
      (a right password too: that is the guessing being stopped).
    - `per_name` failures for a name from any addresses, or `per_address` failures from an
      address for any names: the addresses (names) that took part in them wait, but a name
      with no failures from an address is still let in with its right password. So nobody can
      lock `admin` out from elsewhere, and failures on one name never block another name.

    Counted in the database, so every process of the service (`--processes N`) and every
    machine sharing the database see the same count; a success clears the name's count and
    the pair's.
    """

    def __init__(self, sessions: sessionmaker[Session], limit: int = 5, window: float = 900.0,
                 *, per_name: int | None = None, per_address: int | None = None):
        self.sessions, self.limit, self.window = sessions, limit, window
        self.per_name = per_name if per_name is not None else 2 * limit
        self.per_address = per_address if per_address is not None else 4 * limit

    @staticmethod
    def _keys(name: str, address: str) -> tuple[str, str, str]:
        """The pair's key, the name's and the address's."""
        folded = name.casefold()
        return (f"pair:{address}|{folded}"[:300], f"name:{folded}"[:300],
                f"addr:{address}"[:300])

    def wait(self, name: str, address: str) -> float:
        """Seconds to wait before another try (0: go ahead)."""
        moment = now()
        since = moment - timedelta(seconds=self.window)
        pair_key, name_key, address_key = self._keys(name, address)
        with self.sessions() as session:
            def recent(key: str, most: int) -> list[datetime]:
                return [_aware(at) for at in session.scalars(
                    select(SignInFailure.at).where(SignInFailure.key == key,
                                                   SignInFailure.at > since)
                    .order_by(SignInFailure.at.desc()).limit(most)).all()]

            def left(ats: list[datetime]) -> float:
                return self.window - (moment - ats[-1]).total_seconds()

            pair = recent(pair_key, self.limit)
            if len(pair) >= self.limit:
                return left(pair)
            if not pair:  # no failure for this name from here: a right password goes through
                return 0.0
            crowded = [left(ats) for key, most in ((name_key, self.per_name),
                                                   (address_key, self.per_address))
                       if len(ats := recent(key, most)) >= most]
        if not crowded:
            return 0.0
        # Free again when this pair's own failures age out, or when the crowd thins out.
        return min(left(pair[:1]), max(crowded))

    def failed(self, name: str, address: str) -> None:
        """Count a failed try (and forget the tries older than the window)."""
        moment = now()
        with self.sessions.begin() as session:
            session.execute(delete(SignInFailure).where(
                SignInFailure.at < moment - timedelta(seconds=self.window)))
            session.add_all([SignInFailure(key=key, at=moment)
                             for key in self._keys(name, address)])

    def succeeded(self, name: str, address: str) -> None:
        """Clear the name's failures and the pair's.

        Not the address's: signing in to one's own account must not wipe what the address
        tried on other names.
        """
        pair_key, name_key, _ = self._keys(name, address)
        with self.sessions.begin() as session:
            session.execute(delete(SignInFailure).where(
                SignInFailure.key.in_((pair_key, name_key))))


def _aware(moment: datetime) -> datetime:
    """A time read back from the database, in UTC (SQLite gives it without its zone)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class TokenCache:
    """Token → user for `ttl` seconds (successful lookups only, at most `size` of them)."""

    def __init__(self, ttl: float = 5.0, size: int = 4096):
        self.ttl, self.size = ttl, size
        self._seen: dict[str, tuple[float, Principal]] = {}
        self._lock = threading.Lock()

    def user(self, sessions: sessionmaker[Session], token: str) -> Principal | None:
        """The token's user, from memory when it was looked up less than `ttl` seconds ago."""
        key = token_hash(token)
        with self._lock:
            hit = self._seen.get(key)
        if hit is not None and hit[0] > time.monotonic():
            return hit[1]
        found = user_for_token(sessions, token)
        if found is None:
            with self._lock:
                self._seen.pop(key, None)
            return None
        principal = Principal(found.name, found.role)
        with self._lock:
            if len(self._seen) >= self.size:
                self._seen.clear()
            self._seen[key] = (time.monotonic() + self.ttl, principal)
        return principal


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
    """Revoke a user: their token, password and sign-in sessions; whether the user existed."""
    with sessions.begin() as session:
        user = session.scalar(select(User).where(User.name == name))
        if user is None:
            return False
        user.revoked = True
        session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
        return True


def sign_in(sessions: sessionmaker[Session], name: str, password: str
            ) -> tuple[str, Principal] | None:
    """A new sign-in session for a right password: the cookie's value and who it is."""
    user = check_password(sessions, name, password)
    if user is None:
        return None
    cookie, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
    with sessions.begin() as session:
        session.execute(delete(LoginSession).where(LoginSession.expires_at < now()))
        session.add(LoginSession(id_hash=token_hash(cookie), user_id=user.id, csrf=csrf,
                                 expires_at=now() + timedelta(hours=SESSION_HOURS)))
    return cookie, Principal(user.name, user.role, "session", csrf)


def session_user(sessions: sessionmaker[Session], cookie: str) -> Principal | None:
    """The user of a live sign-in session."""
    with sessions() as session:
        row = session.execute(
            select(User.name, User.role, User.revoked, LoginSession.csrf)
            .join(LoginSession, LoginSession.user_id == User.id)
            .where(LoginSession.id_hash == token_hash(cookie), LoginSession.expires_at > now())
        ).first()
    if row is None or row.revoked:
        return None
    return Principal(row.name, row.role, "session", row.csrf)


def sign_out(sessions: sessionmaker[Session], cookie: str) -> None:
    """End a sign-in session."""
    with sessions.begin() as session:
        session.execute(delete(LoginSession).where(LoginSession.id_hash == token_hash(cookie)))


def first_admin(sessions: sessionmaker[Session]) -> str | None:
    """On the very first start, an `admin` user; its token (to print once), else None."""
    with sessions() as session:
        if session.scalar(select(func.count()).select_from(User)):
            return None
    return add_user(sessions, "admin", "admin")


def allowed(user: User | Principal, role: str) -> bool:
    """Whether the user's role includes `role`."""
    return RANK.get(user.role, 0) >= RANK[role]
