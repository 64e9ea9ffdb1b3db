"""Pages rendered and regions read in a child process of their own (extract/page_work.py).

Real letters from the generator, the real hostile file that hangs MuPDF, and fake jobs (named
`fake_*`) that hang, crash or run out of memory on purpose.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import time
from pathlib import Path

import pymupdf
import pytest

from corpus.synth.build import legacy_pdf, scanned
from corpus.synth.compose import compose
from corpus.synth.render import TruthPage, render
from corpus.synth.scan import ScanStyle
from extract import page_work, pdf
from extract.errors import ErrorCode, ExtractError
from extract.limits import Limits
from extract.page_image import Frame, NoSuchPage, page_png
from extract.region import BadRegion, page_of, read_region, time_limit
from tests.conftest import fold
from tests.shared_files import badinputs

PDF = "application/pdf"
#: A short wall clock for the fakes that hang; the margin a loaded machine may add to it.
SHORT = Limits(render_timeout_s=2.0)
MARGIN_S = 10.0
#: The hostile file that keeps MuPDF rendering its first page for minutes (PyMuPDF #2548).
HANG = badinputs() / "pdf_cycle_struct_tree_render_hang__pymupdf-test_2548.pdf"


@pytest.fixture(scope="module")
def letter() -> tuple[bytes, list[TruthPage]]:
    return render(compose(3))


@pytest.fixture(scope="module")
def scan() -> tuple[bytes, list[TruthPage]]:
    return scanned(compose(5), ScanStyle(dpi=200), seed=5)


def _info(data: bytes, number: int, source: str) -> dict:
    """The page's record as the contract JSON gives it (upright: no quality)."""
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        rect = doc[number - 1].rect
    return {"number": number, "width": rect.width, "height": rect.height, "source": source,
            "quality": None}


def _line(truth: TruthPage, region: str) -> tuple[str, list[float]]:
    """The first line the generator drew in `region`: its text and its words' box, in points."""
    first = min(w.line for w in truth.words if w.region == region)
    words = sorted((w for w in truth.words if w.region == region and w.line == first),
                   key=lambda w: w.bbox[0])
    box = [min(w.bbox[0] for w in words), min(w.bbox[1] for w in words),
           max(w.bbox[2] for w in words), max(w.bbox[3] for w in words)]
    return " ".join(w.text for w in words), box


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


# Fake jobs: each is called in the child as job(*args, limits=limits).

def fake_hang(pid_file: str, *, limits: Limits) -> None:
    """Says who it is, then loops for ever in Python."""
    Path(pid_file).write_text(str(os.getpid()))
    while True:
        pass


def fake_hang_rendering(*, limits: Limits) -> None:
    """Sleeps inside the render alarm, as a render stuck in MuPDF does."""
    with pdf.render_alarm():
        time.sleep(60)


def fake_exit(*, limits: Limits) -> None:
    os._exit(3)


def fake_segfault(*, limits: Limits) -> None:
    os.kill(os.getpid(), signal.SIGSEGV)


def fake_hog(*, limits: Limits) -> bytes:
    return bytes(16 * 1024**3)


def fake_object(*, limits: Limits) -> Frame:
    """A result that is not plain data: the parent builds no class from a child's answer."""
    return Frame(90)


def fake_limits(*, limits: Limits) -> float:
    return limits.render_timeout_s


def fake_open(fds: list[int], *, limits: Limits) -> list[bool]:
    """Which of the parent's descriptors the child still has open."""
    out = []
    for fd in fds:
        try:
            os.fstat(fd)
        except OSError:
            out.append(False)
        else:
            out.append(True)
    return out


def test_a_page_rendered_in_a_child_is_the_page_rendered_here(letter):
    data, _ = letter
    limits = Limits()
    for frame in (None, Frame(rotation=90, skew=1.5)):
        here = page_png(data, PDF, 1, frame, limits=limits)
        assert here.startswith(b"\x89PNG")
        assert page_work.run_sync(page_png, data, PDF, 1, frame, limits=limits) == here
        assert asyncio.run(page_work.run(page_png, data, PDF, 1, frame, limits=limits)) == here


def test_the_job_is_given_the_limits():
    assert page_work.run_sync(fake_limits, limits=Limits(render_timeout_s=7.5)) == 7.5


def test_a_missing_page_and_a_bad_region_come_back_as_themselves(letter):
    data, _ = letter
    with pytest.raises(NoSuchPage):
        page_work.run_sync(page_png, data, PDF, 99, limits=Limits())
    with pytest.raises(NoSuchPage):
        asyncio.run(page_work.run(page_png, data, PDF, 0, limits=Limits()))
    with pytest.raises(BadRegion, match="quá nhỏ"):
        page_work.run_sync(read_region, data, PDF, _info(data, 1, "text_layer"), 1,
                           [10, 10, 10.5, 300], limits=Limits())
    with pytest.raises(NoSuchPage):
        page_of({"pages": [{"number": 1}]}, 2)


def test_a_files_own_error_comes_back_with_its_code():
    with pytest.raises(ExtractError) as e:
        page_work.run_sync(page_png, b"%PDF-1.7\n garbage", PDF, 1, limits=Limits())
    assert e.value.code in (ErrorCode.INVALID_PDF, ErrorCode.NO_PAGES)


@pytest.mark.parametrize("wait", ["sync", "async"])
def test_a_job_that_hangs_is_stopped_at_its_time_and_its_child_is_gone(tmp_path, wait):
    pid_file = tmp_path / "pid"
    began = time.monotonic()
    with pytest.raises(ExtractError) as e:
        if wait == "sync":
            page_work.run_sync(fake_hang, str(pid_file), limits=SHORT)
        else:
            asyncio.run(page_work.run(fake_hang, str(pid_file), limits=SHORT))
    took = time.monotonic() - began
    assert e.value.code == ErrorCode.TIMEOUT
    assert "quá 2 giây" in e.value.message
    assert SHORT.render_timeout_s <= took < SHORT.render_timeout_s + MARGIN_S
    assert _gone(int(pid_file.read_text()))


def test_a_render_that_hangs_is_ended_by_its_alarm_before_the_wall_clock():
    began = time.monotonic()
    with pytest.raises(ExtractError) as e:
        page_work.run_sync(fake_hang_rendering, limits=Limits(render_timeout_s=1), timeout=30)
    assert e.value.code == ErrorCode.TIMEOUT
    assert time.monotonic() - began < 1 + MARGIN_S


@pytest.mark.parametrize("job, code, says", [
    (fake_exit, ErrorCode.INTERNAL, "mã 3"),
    (fake_segfault, ErrorCode.INTERNAL, "SIGSEGV"),
    (fake_hog, ErrorCode.OUT_OF_MEMORY, "bộ nhớ"),
    (fake_object, ErrorCode.INTERNAL, "không đọc được"),
])
def test_a_child_that_breaks_gives_a_clean_error(job, code, says):
    for run in (lambda: page_work.run_sync(job, limits=SHORT),
                lambda: asyncio.run(page_work.run(job, limits=SHORT))):
        with pytest.raises(ExtractError) as e:
            run()
        assert e.value.code == code
        assert says in e.value.message


def test_a_cancelled_wait_kills_and_reaps_its_child(tmp_path):
    pid_file = tmp_path / "pid"

    async def cancelled() -> None:
        task = asyncio.create_task(page_work.run(fake_hang, str(pid_file), limits=Limits()))
        while not pid_file.exists() or not pid_file.read_text():
            await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        for _ in range(100):  # the loop reaps it once it has ended
            if _gone(int(pid_file.read_text())):
                return
            await asyncio.sleep(0.05)

    asyncio.run(cancelled())
    assert _gone(int(pid_file.read_text()))


def test_the_child_keeps_no_copy_of_its_parents_sockets(tmp_path):
    """A client's connection the service closes ends then, not when a child rendering ends."""
    ours, theirs = socket.socketpair()
    with ours, theirs, (tmp_path / "f").open("w") as f:
        assert page_work.run_sync(fake_open, [ours.fileno(), f.fileno()],
                                  limits=Limits()) == [False, True]


def test_the_event_loop_serves_others_while_a_child_hangs(letter, tmp_path):
    """A page is rendered and answered while another job's child is still hanging."""
    data, _ = letter
    done: dict[str, float] = {}

    async def timed(name: str, job, *args) -> None:
        with contextlib.suppress(ExtractError):
            await page_work.run(job, *args, limits=SHORT)
        done[name] = time.monotonic()

    async def both() -> None:
        await asyncio.gather(timed("hang", fake_hang, str(tmp_path / "pid")),
                             timed("page", page_png, data, PDF, 1))

    asyncio.run(both())
    assert done["page"] < done["hang"] - 0.5


@pytest.mark.skipif(not HANG.parent.is_dir(), reason="the shared bad inputs are not here")
def test_the_hostile_file_that_hangs_mupdf_gives_an_error_not_a_hang():
    data = HANG.read_bytes()
    limits = Limits(render_timeout_s=3)
    began = time.monotonic()
    with pytest.raises(ExtractError) as e:
        page_work.run_sync(page_png, data, PDF, 1, limits=limits)
    assert e.value.code == ErrorCode.TIMEOUT
    with pytest.raises(ExtractError) as e:
        asyncio.run(page_work.run(page_png, data, PDF, 2, limits=limits))
    assert e.value.code == ErrorCode.TIMEOUT
    assert time.monotonic() - began < 2 * (limits.render_timeout_s + MARGIN_S)
    # Its other pages still render.
    assert page_work.run_sync(page_png, data, PDF, 6, limits=limits).startswith(b"\x89PNG")


def test_a_region_of_a_text_layer_page_gives_its_words(letter):
    data, truth = letter
    info = _info(data, 1, "text_layer")
    text, box = _line(truth[0], "header-right")
    read = page_work.run_sync(read_region, data, PDF, info, 1, box, limits=Limits())
    assert read["source"] == "text_layer"
    assert fold(read["text"]) == fold(text)
    assert read == read_region(data, PDF, info, 1, box, limits=Limits())


def test_a_region_of_a_legacy_encoded_page_is_decoded_as_the_reading_decodes_it():
    data, truth = legacy_pdf(compose(8), "tcvn3")
    text, box = _line(truth[0], "header-right")
    read = page_work.run_sync(read_region, data, PDF, _info(data, 1, "text_layer"), 1, box,
                              limits=Limits())
    assert fold(read["text"]) == fold(text)
    assert "CỘNG HÒA" in read["text"].upper()


@pytest.mark.slow
def test_a_region_of_a_scanned_page_is_read_by_ocr(scan):
    data, truth = scan
    info = _info(data, 1, "ocr")
    text, box = _line(truth[0], "header-right")
    limits = Limits()
    read = asyncio.run(page_work.run(read_region, data, PDF, info, 1, box, limits=limits,
                                     timeout=time_limit(limits)))
    assert read["source"] == "ocr"
    expected = fold(text).split()
    got = fold(read["text"]).split()
    assert sum(word in got for word in expected) >= 0.8 * len(expected), (got, expected)
    assert read == read_region(data, PDF, info, 1, box, limits=limits)


def test_a_frame_is_read_from_a_contract_page_record():
    page = {"number": 2, "quality": {"rotation": 90, "skew": -1.2,
                                     "corners": [[0.1, 0.1], [0.9, 0.1], [0.9, 0.9], [0.1, 0.9]]}}
    frame = Frame.of_page(page)
    assert frame.rotation == 90 and frame.skew == -1.2
    assert frame.corners == ((0.1, 0.1), (0.9, 0.1), (0.9, 0.9), (0.1, 0.9))
    assert Frame.of({"pages": [page]}, 2) == frame
    assert Frame.of_page({"number": 1, "quality": None}) == Frame()
    assert Frame.of({"pages": [page]}, 1) == Frame()
