"""Sign-in failures are counted per (name, address), per name and per address apart: guessing
is stopped, but nobody locks another name, or `admin` from elsewhere, out (issue 21, 4)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from api.settings import load_settings
from api.store import auth
from tests.pg import fresh_database

RIGHT = "mật khẩu thật dài và đúng"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def site(request, tmp_path_factory) -> Iterator[tuple[TestClient, TestClient, object]]:
    """Two clients of one service, from two addresses, and the service's state."""
    data = tmp_path_factory.mktemp("data")

    def serve(url: str) -> Iterator[tuple[TestClient, TestClient, object]]:
        settings = replace(load_settings({"CONGVAN_DATA_DIR": str(data)}), database_url=url)
        app = create_app(settings, workers=False)
        with TestClient(app, client=("10.9.0.1", 50000)) as here:
            there = TestClient(app, client=("10.9.0.2", 50000))
            yield here, there, app.state.service

    if request.param == "sqlite":
        yield from serve(f"sqlite:///{data / 'congvan.db'}")
        return
    with fresh_database() as url:
        yield from serve(url)


def _user(state: object) -> str:
    name = f"u-{uuid.uuid4().hex[:8]}"
    auth.add_user(state.sessions, name, "reviewer", password=RIGHT)  # type: ignore[attr-defined]
    return name


def _try(client: TestClient, name: str, password: str) -> int:
    return client.post("/api/session", json={"name": name, "password": password}).status_code


def test_failures_on_one_name_block_neither_other_names_nor_other_addresses(site):
    here, there, state = site
    victim, other = _user(state), _user(state)
    assert [_try(here, victim, "đoán") for _ in range(5)] == [401] * 5
    assert _try(here, victim, RIGHT) == 429  # the guessing pair waits, right password or not
    assert _try(here, victim, "đoán") == 429
    assert _try(here, other, RIGHT) == 200  # another name from the same address
    assert _try(there, victim, RIGHT) == 200  # the same name from elsewhere: not locked out


def test_nobody_locks_admin_out_from_elsewhere(site):
    here, there, state = site
    admin = _user(state)
    for _ in range(3):  # the attacker fails from here until blocked, again and again
        assert _try(here, admin, "admin") in (401, 429)
    for _ in range(8):
        assert _try(here, admin, "admin") in (401, 429)
    assert _try(there, admin, RIGHT) == 200


def test_an_address_spraying_names_is_slowed_on_the_names_it_tried(site):
    _, _, state = site
    limiter = auth.SignInLimiter(state.sessions, limit=5, window=60, per_address=4)
    address = f"10.8.{uuid.uuid4().int % 200}.1"
    names = [f"phun-{uuid.uuid4().hex[:6]}" for _ in range(4)]
    for name in names:
        assert limiter.wait(name, address) == 0
        limiter.failed(name, address)
    # Four failures from the address, one per name: each of those names now waits there…
    assert all(55 < limiter.wait(name, address) <= 60 for name in names)
    # …but a name that did not fail from it is still let try, and the names elsewhere too.
    assert limiter.wait("người-khác", address) == 0
    assert limiter.wait(names[0], "10.7.0.1") == 0


def test_a_name_failing_from_many_addresses_slows_them_but_not_a_clean_one(site):
    _, _, state = site
    limiter = auth.SignInLimiter(state.sessions, limit=5, window=60, per_name=3)
    name = f"tên-{uuid.uuid4().hex[:6]}"
    for i in range(3):
        limiter.failed(name, f"10.6.0.{i}")
    assert all(55 < limiter.wait(name, f"10.6.0.{i}") <= 60 for i in range(3))
    assert limiter.wait(name, "10.6.1.1") == 0  # an address with no failures on it
    limiter.succeeded(name, "10.6.1.1")  # the right password: the name's count is cleared
    assert limiter.wait(name, "10.6.0.0") == 0


def test_the_pair_limit_waits_out_its_window_and_a_success_clears_the_pair(site):
    _, _, state = site
    limiter = auth.SignInLimiter(state.sessions, limit=2, window=60)
    name = f"cặp-{uuid.uuid4().hex[:6]}"
    limiter.failed(name, "10.5.0.1")
    assert limiter.wait(name.upper(), "10.5.0.1") == 0
    limiter.failed(name.upper(), "10.5.0.1")
    assert 55 < limiter.wait(name, "10.5.0.1") <= 60
    assert limiter.wait(name, "10.5.0.2") == 0
    limiter.succeeded(name, "10.5.0.1")
    assert limiter.wait(name, "10.5.0.1") == 0
