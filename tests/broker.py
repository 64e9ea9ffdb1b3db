"""A Redis server for the tests that need a broker.

The one `CONGVAN_TEST_REDIS_URL` names (or the usual local one, on its database 13, which the
tests empty; a parallel run's worker n takes the database n further on, so that workers never
empty each other's), else one the tests start from the installed `redis-server` on a free port.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import redis

DEFAULT_URL = "redis://127.0.0.1:6379/13"


def _own_database(url: str) -> str:
    """The URL with its database number moved on by this pytest-xdist worker's number."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")  # "gw0", "gw1", … under -n
    index = int(worker[2:]) if worker[2:].isdigit() else 0
    base, _, number = url.rpartition("/")
    return f"{base}/{int(number) + index}" if index and number.isdigit() else url


def _answers(url: str) -> bool:
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=2)
        client.ping()
        client.flushdb()
        client.close()
        return True
    except redis.exceptions.RedisError:
        return False


@contextmanager
def redis_url() -> Iterator[str]:
    """A URL to an empty Redis database of a server that answers."""
    url = _own_database(os.environ.get("CONGVAN_TEST_REDIS_URL") or DEFAULT_URL)
    if _answers(url):
        yield url
        return
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server is not installed: run 'make setup'")
    folder = Path(tempfile.mkdtemp(prefix="congvan-redis-"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "",
                             "--appendonly", "no", "--dir", str(folder)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + 20
        while not _answers(url):
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(10)
        shutil.rmtree(folder, ignore_errors=True)
