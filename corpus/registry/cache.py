"""What is built from imported JSON Lines, kept in the data folder for a fast load.

One file, `registry/cache/registry.pickle`: under the key of the shipped registry and the
imported files (remade when one of them changes), the overlay's key, the instruments the files
make (the layer) and the registry with the administrators' overlay on top. The two share their
instruments, so the file holds each once; a changed overlay goes on the kept layer without
reading the files again. A cache that does not match, or cannot be read, is made again.
"""

from __future__ import annotations

import gc
import pickle
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

#: Bump when the pickled classes (Instrument, Registry, …) change shape.
CACHE_VERSION = 3


def cache_dir(folder: Path) -> Path:
    """Where the caches are, in the data folder."""
    return folder / "registry" / "cache"


def stamp(files: Iterator[Path] | tuple[Path, ...], shipped: str) -> tuple[object, ...]:
    """A cache's key: the version, the shipped registry's digest, each file's name and stat."""
    return (CACHE_VERSION, shipped, tuple(
        (p.name, (st := p.stat()).st_mtime_ns, st.st_size) for p in files if p.exists()))


def load(path: Path, key: tuple[object, ...], kind: type) -> Any:
    """What the cache at `path` holds when its key is `key` and it is a `kind`; else None."""
    try:
        with path.open("rb") as f:
            saved_key, value = pickle.load(f)  # noqa: S301 - written by `keep` only
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError,
            TypeError, ValueError):
        return None
    return value if saved_key == key and isinstance(value, kind) else None


def keep(path: Path, key: tuple[object, ...], value: object) -> None:
    """Write a cache (best effort: a folder that cannot be written is read every time)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False,
                                         suffix=".tmp") as tmp:
            pickle.dump((key, value), tmp, protocol=pickle.HIGHEST_PROTOCOL)
        Path(tmp.name).replace(path)
    except OSError:
        return


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while 100,000 instruments are made.

    They hold no cycles, but each collection walks every object made so far: with it running,
    building the registry takes time that grows faster than its size.
    """
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()
