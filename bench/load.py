"""A light load generator for the benchmarks: closed-loop clients as separate processes.

Each client is its own process holding one keep-alive connection (`http.client`, C sockets,
bodies encoded before the clock starts), taking the next request from a shared list as soon as
its last one is answered, as a user's browser or script would. Python's asyncio clients spent
more time in their own event loop than the service spent answering (bench/api.py, issue 5).
"""

from __future__ import annotations

import http.client
import multiprocessing
import time
import uuid
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Ask:
    """One request: method, path, headers, body."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None = None


@dataclass(frozen=True)
class Answer:
    """One answer: milliseconds from sending to the last byte, status, Server-Timing, body."""

    ms: float
    status: int
    served_ms: float
    body: bytes


def multipart(field: str, name: str, data: bytes, media_type: str) -> tuple[str, bytes]:
    """(Content-Type, body) of a multipart form holding one file."""
    boundary = uuid.uuid4().hex
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; "
            f"filename=\"{name}\"\r\nContent-Type: {media_type}\r\n\r\n").encode()
    return (f"multipart/form-data; boundary={boundary}",
            head + data + f"\r\n--{boundary}--\r\n".encode())


def _served(value: str | None) -> float:
    try:
        return float((value or "").split("dur=")[1])
    except (IndexError, ValueError):
        return float("nan")


def _client(host: str, port: int, asks: list[Ask], todo: Any, done: Any, start: Any) -> None:
    connection = http.client.HTTPConnection(host, port, timeout=120)
    connection.connect()
    start.wait()
    while True:
        index = todo.get()
        if index is None:
            break
        ask = asks[index]
        began = time.perf_counter()
        connection.request(ask.method, ask.path, body=ask.body, headers=ask.headers)
        response = connection.getresponse()
        body = response.read()
        done.put((index, Answer((time.perf_counter() - began) * 1000, response.status,
                                _served(response.getheader("server-timing")), body)))
    connection.close()


def run(base: str, asks: list[Ask], clients: int) -> tuple[list[Answer], float]:
    """Every request answered once, `clients` at a time; the answers in order and the seconds."""
    host, port = base.removeprefix("http://").split(":")
    ctx = multiprocessing.get_context("fork")
    todo, done, start = ctx.Queue(), ctx.Queue(), ctx.Event()
    for i in range(len(asks)):
        todo.put(i)
    for _ in range(clients):
        todo.put(None)
    procs = [ctx.Process(target=_client, args=(host, int(port), asks, todo, done, start))
             for _ in range(clients)]
    for p in procs:
        p.start()
    time.sleep(0.5)  # every client connected
    began = time.perf_counter()
    start.set()
    got: dict[int, Answer] = {}
    while len(got) < len(asks):
        index, answer = done.get(timeout=300)
        got[index] = answer
    seconds = time.perf_counter() - began
    for p in procs:
        p.join(30)
    return [got[i] for i in range(len(asks))], seconds
