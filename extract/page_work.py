"""A page rendered or a region read for the service, in a forked child with the reading's limits.

The service shows a stored page (page_image.page_png) and reads a rectangle of it
(region.read_region) when a reviewer asks: the file may be hostile, and MuPDF can render one
broken page for ever. Each such job runs in a child forked for it, with a wall-clock limit
(`Limits.render_timeout_s` unless told), a cap on the memory it may map, SIGALRM around its
rendering (pdf.RENDER_ALARM_S), and death when its parent dies. A fork of a process that has
already imported PyMuPDF and Pillow costs milliseconds, so no server of children is kept.

`run` awaits the child's answer on the event loop (`loop.add_reader`), holding no thread
while it waits; `run_sync` is the same for the CLI and the tests. The job is called as
`job(*args, limits=limits)`. Its result must be plain data (bytes, str, numbers, lists, dicts):
the answer is unpickled with no class but the exceptions in PASSED, which come back as
themselves (NoSuchPage, BadRegion: the route answers 404 or 422). Any other failure is an
ExtractError with a code: TIMEOUT for the wall clock or the render alarm, OUT_OF_MEMORY,
INVALID_PDF for a structure nested too deep, INTERNAL for a crash (SIGSEGV) or a bug.
"""

from __future__ import annotations

import asyncio
import contextlib
import faulthandler
import gc
import io
import math
import os
import pickle
import resource
import select
import signal
import stat
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from extract import pdf
from extract.errors import ErrorCode, ExtractError
from extract.limits import Limits
from extract.page_image import NoSuchPage
from extract.region import BadRegion
from extract.sandbox import DEFAULT_MEMORY, die_with_parent, failure

T = TypeVar("T")

#: Exceptions a job raises that come back to the caller as themselves.
PASSED: tuple[type[Exception], ...] = (NoSuchPage, BadRegion)
#: Address space a child may map beyond what it inherits, when its parent already maps more
#: than `memory` (a service's process may): the child is then not refused its first page.
HEADROOM = 2 * 1024**3
#: What a child's answer is read in at a time.
CHUNK = 1 << 16

#: Held while a child is forked and its pipe's writing end is still open here, so that no
#: other job's child inherits that end (its parent would not see the pipe close).
_FORK = threading.Lock()


def _mapped() -> int:
    """Bytes this process maps now (its virtual size)."""
    try:
        return int(Path("/proc/self/statm").read_bytes().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _close_sockets(keep: int) -> None:
    """Close the child's copies of its parent's sockets (clients, listeners, the database).

    A connection the service closes must end now, not when this child does; and nothing in
    the child can then write to the parent's database session. Files and pipes are kept
    (a log file's handler still writes).
    """
    try:
        fds = [int(entry.name) for entry in Path("/proc/self/fd").iterdir()]
    except OSError:
        return
    for fd in fds:
        if fd <= 2 or fd == keep:
            continue
        with contextlib.suppress(OSError):
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                os.close(fd)


def _confine(out: int, parent: int, limits: Limits, memory: int) -> None:
    """Make this freshly forked process a sandbox child: limits, signals, no orphan."""
    die_with_parent()
    if os.getppid() != parent:  # the parent died before the child asked to die with it
        os._exit(1)
    signal.set_wakeup_fd(-1)  # a signal here must not wake the parent's event loop
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGALRM, signal.SIGCHLD):
        signal.signal(sig, signal.SIG_DFL)
    _close_sockets(keep=out)
    if faulthandler.is_enabled():  # its file may have been a socket closed just now
        faulthandler.enable(2)
    cap = max(memory, _mapped() + HEADROOM)
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    pdf.RENDER_ALARM_S = max(1, math.ceil(limits.render_timeout_s))


def _answer(job: Callable[..., Any], args: tuple[Any, ...], limits: Limits) -> bytes:
    """The job's outcome, pickled: its result, an exception passed on, or an error's code."""
    try:
        answer: tuple[Any, ...] = ("ok", job(*args, limits=limits))
    except PASSED as e:
        answer = ("raise", e)
    except Exception as e:  # noqa: BLE001 - a child must always answer
        answer = failure(e, doing="xử lý trang")
    try:
        return pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as e:  # noqa: BLE001 - a result that is not plain data
        return pickle.dumps(("error", str(ErrorCode.INTERNAL),
                             f"Kết quả không gửi về được ({type(e).__name__}).", None))


def _child(out: int, parent: int, job: Callable[..., Any], args: tuple[Any, ...],
           limits: Limits, memory: int) -> None:
    """The forked child's whole life: it never returns into its parent's code."""
    status = 70
    try:
        _confine(out, parent, limits, memory)
        payload = memoryview(_answer(job, args, limits))
        while payload:
            payload = payload[os.write(out, payload):]
        os.close(out)  # the parent has its answer now, not once this process is torn down
        status = 0
    except BaseException:  # noqa: BLE001 - ends below with a status the parent reads
        status = 71
    finally:
        os._exit(status)


def _start(job: Callable[..., Any], args: tuple[Any, ...], limits: Limits,
           memory: int) -> tuple[int, int]:
    """Fork the job's child: its pid and the reading end of the pipe it answers on."""
    parent = os.getpid()
    with _FORK:
        read, write = os.pipe()
        # The child's garbage collections skip what this process holds: walking it would copy
        # its memory page by page, and a finalizer of the parent's objects must not run there.
        gc.freeze()
        try:
            pid = os.fork()
            if pid == 0:
                try:
                    os.close(read)
                    _child(write, parent, job, args, limits, memory)
                finally:
                    os._exit(70)
        except BaseException:
            os.close(read)
            raise
        finally:
            if os.getpid() == parent:
                gc.unfreeze()
                os.close(write)
    return pid, read


def _timed_out(seconds: float) -> ExtractError:
    return ExtractError(ErrorCode.TIMEOUT, f"Xử lý trang quá {seconds:.0f} giây (trang có thể "
                                           "bị hỏng), đã dừng.")


class _Answer(pickle.Unpickler):
    """The child's answer, built with no class but the exceptions passed on."""

    def find_class(self, module: str, name: str) -> Any:
        for cls in PASSED:
            if cls.__module__ == module and cls.__qualname__ == name:
                return cls
        raise pickle.UnpicklingError(f"{module}.{name} không được nhận từ tiến trình con")


def _parsed(answer: bytes) -> tuple[Any, ...] | None:
    """The child's whole answer, or None when it has none (it ended before answering)."""
    if not answer:
        return None
    try:
        message = _Answer(io.BytesIO(answer)).load()
    except Exception:  # noqa: BLE001 - a cut or foreign answer is the child's failure
        return None
    if isinstance(message, tuple) and (
            (len(message) == 2 and message[0] == "ok")
            or (len(message) == 2 and message[0] == "raise" and isinstance(message[1], PASSED))
            or (len(message) == 4 and message[0] == "error")):
        return message
    return None


def _result(message: tuple[Any, ...]) -> Any:
    """The job's result, or the exception it raised, from the child's answer."""
    if message[0] == "ok":
        return message[1]
    if message[0] == "raise":
        raise message[1]
    _, code, text, page = message
    raise ExtractError(ErrorCode(code), text, page=page)


def _ended(status: int | None, limits: Limits, *, answered: bool) -> ExtractError:
    """The error a child that gave no answer to be read is reported as, from its wait status."""
    if status is not None and os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig == signal.SIGALRM:
            return _timed_out(math.ceil(limits.render_timeout_s))  # the render alarm
        if sig == signal.SIGKILL:  # not ours (we kill only after its time): the OOM killer
            return ExtractError(ErrorCode.OUT_OF_MEMORY, "Tiến trình xử lý trang bị dừng "
                                                         "vì dùng quá nhiều bộ nhớ.")
        name = signal.Signals(sig).name if sig in signal.valid_signals() else str(sig)
        return ExtractError(ErrorCode.INTERNAL, "Tiến trình xử lý trang dừng bất thường "
                                                f"(tín hiệu {name}).")
    if answered:  # an answer holding what is not plain data
        return ExtractError(ErrorCode.INTERNAL, "Câu trả lời của tiến trình xử lý trang "
                                                "không đọc được.")
    code = os.WEXITSTATUS(status) if status is not None else "?"
    return ExtractError(ErrorCode.INTERNAL, f"Tiến trình xử lý trang dừng bất thường (mã "
                                            f"{code}).")


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def _wait(pid: int) -> int | None:
    """The child's wait status, waited for (None: another reaped it)."""
    try:
        return os.waitpid(pid, 0)[1]
    except ChildProcessError:
        return None


def run_sync(job: Callable[..., T], *args: Any, limits: Limits, timeout: float | None = None,
             memory: int = DEFAULT_MEMORY) -> T:
    """`job(*args, limits=limits)` in a forked child; this thread waits for it (CLI, tests).

    The child is killed when `timeout` (default `limits.render_timeout_s`) passes.
    """
    timeout = limits.render_timeout_s if timeout is None else timeout
    deadline = time.monotonic() + timeout
    pid, fd = _start(job, args, limits, memory)
    answer = bytearray()
    ended = False
    try:
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        while (left := deadline - time.monotonic()) > 0:
            if not poller.poll(max(1, math.ceil(left * 1000))):
                continue
            chunk = os.read(fd, CHUNK)
            if not chunk:
                ended = True
                break
            answer += chunk
    finally:
        os.close(fd)
        if not ended:
            _kill(pid)
        status = _wait(pid)
    if not ended:
        raise _timed_out(timeout)
    message = _parsed(bytes(answer))
    if message is None:
        raise _ended(status, limits, answered=bool(answer))
    return _result(message)


async def run(job: Callable[..., T], *args: Any, limits: Limits, timeout: float | None = None,
              memory: int = DEFAULT_MEMORY) -> T:
    """`job(*args, limits=limits)` in a forked child, awaited on the loop, holding no thread.

    The child is killed when `timeout` (default `limits.render_timeout_s`) passes, or when the
    awaiting task is cancelled. A child that has answered is reaped in the background (its
    teardown is not waited for); one that timed out or broke is reaped before the error.
    `memory`: the address space the child may map (RLIMIT_AS), or what it inherits and
    HEADROOM when its parent already maps more.
    """
    timeout = limits.render_timeout_s if timeout is None else timeout
    loop = asyncio.get_running_loop()
    pid, fd = _start(job, args, limits, memory)
    try:
        pidfd: int | None = os.pidfd_open(pid)
    except (AttributeError, OSError):  # an old kernel: the child's end is polled for
        pidfd = None
    try:
        try:
            answer = await asyncio.wait_for(_read_all(loop, fd), timeout)
        finally:
            os.close(fd)
    except TimeoutError:
        _kill(pid)
        await _reaped(loop, pid, pidfd)
        raise _timed_out(timeout) from None
    except BaseException:  # the awaiting task cancelled: the child is not wanted any more
        _kill(pid)
        _reap_later(loop, pid, pidfd)
        raise
    message = _parsed(answer)
    if message is None:
        raise _ended(await _reaped(loop, pid, pidfd), limits, answered=bool(answer))
    _reap_later(loop, pid, pidfd)
    return _result(message)


async def _read_all(loop: asyncio.AbstractEventLoop, fd: int) -> bytes:
    """All the pipe `fd` gives until its end, read as it comes on the loop."""
    answer = bytearray()
    ended: asyncio.Future[None] = loop.create_future()

    def readable() -> None:
        try:
            while chunk := os.read(fd, CHUNK):
                answer.extend(chunk)
        except BlockingIOError:
            return
        except OSError:
            pass
        loop.remove_reader(fd)
        if not ended.done():
            ended.set_result(None)

    os.set_blocking(fd, False)
    loop.add_reader(fd, readable)
    try:
        await ended
    finally:
        loop.remove_reader(fd)
    return bytes(answer)


async def _reaped(loop: asyncio.AbstractEventLoop, pid: int, pidfd: int | None) -> int | None:
    """The child's wait status once it has ended, awaited (None: another reaped it).

    A cancellation while waiting leaves the reaping to the loop.
    """
    try:
        while True:
            try:
                done, status = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                return None
            if done:
                return status
            if pidfd is None:
                await asyncio.sleep(0.005)
            else:
                await _readable(loop, pidfd)
    except BaseException:
        _reap_later(loop, pid, pidfd)
        pidfd = None
        raise
    finally:
        if pidfd is not None:
            os.close(pidfd)


async def _readable(loop: asyncio.AbstractEventLoop, fd: int) -> None:
    """Until `fd` can be read (a pidfd: its process has ended)."""
    ready: asyncio.Future[None] = loop.create_future()

    def done() -> None:
        if not ready.done():
            ready.set_result(None)

    loop.add_reader(fd, done)
    try:
        await ready
    finally:
        loop.remove_reader(fd)


def _reap_later(loop: asyncio.AbstractEventLoop, pid: int, pidfd: int | None) -> None:
    """Reap the child from the loop once it has ended (no zombie is left behind)."""
    def reap() -> None:
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            done = pid
        if not done:
            if pidfd is None:
                loop.call_later(0.02, reap)
            return
        if pidfd is not None:
            loop.remove_reader(pidfd)
            os.close(pidfd)

    if pidfd is not None:
        loop.add_reader(pidfd, reap)
    reap()
