"""Tesseract's own library, loaded once a process, for extract/ocr.py (its only user).

Running the `tesseract` program for every reading costs a process start and a load of the
language model each time (about 0.16 s, as much as a strip or a digit slot takes to read).
The same engine, held in memory through Tesseract's C API (`libtesseract.so.5`, which the
Debian `tesseract-ocr` package installs), reads each image for the cost of reading it. A forked
reader (extract/sandbox.py) inherits an engine loaded in its parent.

The words are asked for as Tesseract's TSV, the very text the program writes, so both ways give
the same words. Where the library cannot be loaded, `open_engine` answers None and extract/ocr.py
runs the program instead.
"""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import logging
import os
import threading
import time
from dataclasses import dataclass, field

from PIL import Image

log = logging.getLogger(__name__)

#: The library's names, newest first (Tesseract 5's soname; then whatever the system calls it).
LIBRARIES = ("libtesseract.so.5", "libtesseract.so")


class EngineError(Exception):
    """The engine could not read an image (`timed_out`: it ran past its deadline)."""

    def __init__(self, message: str, *, timed_out: bool = False):
        super().__init__(message)
        self.timed_out = timed_out


def _library() -> ctypes.CDLL | None:
    names = [*LIBRARIES, ctypes.util.find_library("tesseract")]
    for name in filter(None, names):
        try:
            lib = ctypes.CDLL(name)
            _declare(lib)
        except (OSError, AttributeError):  # not there, or without a call used here
            continue
        return lib
    return None


def _declare(lib: ctypes.CDLL) -> None:
    """The C API's signatures (tesseract/capi.h) for the calls used here."""
    handle, text = ctypes.c_void_p, ctypes.c_char_p
    lib.TessBaseAPICreate.restype = handle
    lib.TessBaseAPIInit3.argtypes = [handle, text, text]
    lib.TessBaseAPIInit3.restype = ctypes.c_int
    lib.TessBaseAPISetVariable.argtypes = [handle, text, text]
    lib.TessBaseAPISetVariable.restype = ctypes.c_int
    lib.TessBaseAPISetPageSegMode.argtypes = [handle, ctypes.c_int]
    lib.TessBaseAPISetImage.argtypes = [handle, ctypes.c_char_p, ctypes.c_int, ctypes.c_int,
                                        ctypes.c_int, ctypes.c_int]
    lib.TessBaseAPISetSourceResolution.argtypes = [handle, ctypes.c_int]
    lib.TessMonitorCreate.restype = handle
    lib.TessMonitorSetDeadlineMSecs.argtypes = [handle, ctypes.c_int]
    lib.TessMonitorDelete.argtypes = [handle]
    lib.TessBaseAPIRecognize.argtypes = [handle, handle]
    lib.TessBaseAPIRecognize.restype = ctypes.c_int
    lib.TessBaseAPIGetTsvText.argtypes = [handle, ctypes.c_int]
    lib.TessBaseAPIGetTsvText.restype = ctypes.POINTER(ctypes.c_char)
    lib.TessDeleteText.argtypes = [ctypes.POINTER(ctypes.c_char)]
    lib.TessBaseAPIClear.argtypes = [handle]
    lib.TessBaseAPIEnd.argtypes = [handle]
    lib.TessBaseAPIDelete.argtypes = [handle]


@dataclass
class Engine:
    """One language model held in memory; one reading at a time (a lock guards it)."""

    lib: ctypes.CDLL
    handle: int
    lang: str
    lock: threading.Lock = field(default_factory=threading.Lock)

    def tsv(self, image: Image.Image, *, dpi: float, psm: int, timeout: float,
            whitelist: str = "") -> str:
        """Tesseract's TSV of a grey image (as `tesseract IMAGE - --psm P --dpi D tsv`)."""
        grey = image if image.mode == "L" else image.convert("L")
        pixels = grey.tobytes()
        lib, handle = self.lib, self.handle
        with self.lock:
            lib.TessBaseAPISetVariable(handle, b"tessedit_char_whitelist", whitelist.encode())
            lib.TessBaseAPISetPageSegMode(handle, psm)
            lib.TessBaseAPISetImage(handle, pixels, grey.width, grey.height, 1, grey.width)
            lib.TessBaseAPISetSourceResolution(handle, max(1, round(dpi)))
            monitor = lib.TessMonitorCreate()
            began = time.monotonic()
            try:
                lib.TessMonitorSetDeadlineMSecs(monitor, max(1, int(timeout * 1000)))
                if lib.TessBaseAPIRecognize(handle, monitor) != 0:
                    late = time.monotonic() - began >= timeout
                    raise EngineError("Tesseract stopped before the end of the image" if late
                                      else "Tesseract could not read the image", timed_out=late)
                raw = lib.TessBaseAPIGetTsvText(handle, 0)
                if not raw:
                    raise EngineError("Tesseract gave no text for the image")
                try:
                    return ctypes.string_at(raw).decode("utf-8", errors="replace")
                finally:
                    lib.TessDeleteText(raw)
            finally:
                lib.TessMonitorDelete(monitor)
                lib.TessBaseAPIClear(handle)


_lock = threading.Lock()
_engines: dict[str, Engine | None] = {}
_lib: list[ctypes.CDLL | None] = []
def open_engine(lang: str) -> Engine | None:
    """The process's engine for `lang`, loaded on first use; None where it cannot be had.

    CONGVAN_OCR_ENGINE=program asks for the `tesseract` program instead (for comparison).
    """
    if os.environ.get("CONGVAN_OCR_ENGINE", "library") == "program":
        return None
    with _lock:
        if lang in _engines:
            return _engines[lang]
        if not _lib:
            _lib.append(_library())
        lib = _lib[0]
        engine = None
        if lib is not None:
            handle = lib.TessBaseAPICreate()
            if handle and lib.TessBaseAPIInit3(handle, None, lang.encode()) == 0:
                # Tesseract's debug prints (about an empty image, say) go nowhere, as the
                # program's go to a stderr nobody reads.
                lib.TessBaseAPISetVariable(handle, b"debug_file", os.devnull.encode())
                engine = Engine(lib, handle, lang)
            else:
                log.warning("Tesseract's library could not load '%s': using the program", lang)
                if handle:
                    lib.TessBaseAPIDelete(handle)
        _engines[lang] = engine
        return engine


@atexit.register
def _close() -> None:
    """Every engine ended before the interpreter goes (else Tesseract warns of leaks)."""
    with _lock:
        for engine in _engines.values():
            # A reading still running in another thread keeps its engine: the process ends.
            if engine is not None and engine.lock.acquire(timeout=1.0):
                engine.lib.TessBaseAPIEnd(engine.handle)
                engine.lib.TessBaseAPIDelete(engine.handle)
        _engines.clear()


def _after_fork() -> None:
    """A forked child starts with its locks free (a parent's thread may have held one)."""
    global _lock
    _lock = threading.Lock()
    for engine in _engines.values():
        if engine is not None:
            engine.lock = threading.Lock()


os.register_at_fork(after_in_child=_after_fork)
