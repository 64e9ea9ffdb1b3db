"""Where the registry lives: the shipped data file, and the administrators' overlay.

The overlay sits in the data folder (`CONGVAN_DATA_DIR`, default `./data`); imports write to it.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from functools import lru_cache
from importlib import resources
from pathlib import Path

from corpus.registry.load import dump_yaml, parse, read
from corpus.registry.model import Instrument
from corpus.registry.registry import Registry

OVERLAY_HEADER = (
    "# Instruments added or changed by administrators (congvan registry import).\n"
    "# They take precedence over the registry shipped with congvan, entry by entry (by id).\n"
)


def builtin_text() -> str:
    """The registry data file shipped with the project."""
    return resources.files("corpus.registry").joinpath("instruments.yaml").read_text("utf-8")


def data_dir() -> Path:
    """The data folder: `CONGVAN_DATA_DIR`, else ./data."""
    return Path(os.environ.get("CONGVAN_DATA_DIR") or "data")


def overlay_path(folder: Path | None = None) -> Path:
    """The administrators' overlay file in the data folder."""
    return (folder or data_dir()) / "registry" / "instruments.yaml"


def builtin() -> list[Instrument]:
    """The shipped instruments."""
    return parse(builtin_text(), name="corpus/registry/instruments.yaml")


def load_registry(folder: Path | None = None) -> Registry:
    """The shipped registry with the data folder's overlay on top."""
    instruments = {i.id: i for i in builtin()}
    overlay = overlay_path(folder)
    if overlay.exists():
        for inst in read(overlay, known=instruments.values()):
            instruments[inst.id] = inst
    return Registry(instruments.values())


@lru_cache(maxsize=4)
def _cached(folder: str, stamp: tuple[int, int, int]) -> Registry:
    return load_registry(Path(folder))


def default_registry() -> Registry:
    """The registry for the current data folder, reloaded when its overlay changes."""
    return registry_for(data_dir())


def registry_for(folder: Path) -> Registry:
    """The registry of a data folder (shipped + its overlay), reloaded when the overlay changes."""
    overlay = overlay_path(folder)
    stamp = (overlay.stat().st_mtime_ns, overlay.stat().st_size, overlay.stat().st_ino) \
        if overlay.exists() else (0, 0, 0)
    return _cached(str(folder.resolve()), stamp)


#: Two instruments of one number signed further apart than this are different instruments
#: (Party numbers restart every term); closer, the newer entry corrects the older.
SAME_INSTRUMENT_DAYS = 366


def _identity(inst: Instrument, known: list[Instrument]) -> str:
    """The id an imported entry without one takes: the entry it corrects, or a new one."""
    near = [k for k in known if abs((k.signed - inst.signed).days) <= SAME_INSTRUMENT_DAYS]
    if near:
        return min(near, key=lambda k: abs((k.signed - inst.signed).days)).id
    return f"{inst.ref}@{inst.signed.isoformat()}" if known else inst.ref


def import_file(path: Path, folder: Path | None = None) -> list[Instrument]:
    """Validate a YAML or CSV file and merge its instruments into the overlay (atomically)."""
    current = load_registry(folder)
    incoming = read(path, known=current)
    overlay = overlay_path(folder)
    kept: dict[str, Instrument] = {}
    if overlay.exists():
        kept = {i.id: i for i in read(overlay, known=current)}
    added = []
    for inst in incoming:
        if inst.id == inst.ref:  # no explicit id: match the registry's entries of that number
            inst = dataclasses.replace(inst, id=_identity(inst, current.with_ref(inst.ref)))
        kept[inst.id] = inst
        added.append(inst)
    overlay.parent.mkdir(parents=True, exist_ok=True)
    text = dump_yaml(kept.values(), header=OVERLAY_HEADER)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=overlay.parent,
                                     delete=False, suffix=".tmp") as tmp:
        tmp.write(text)
        tmp.flush()
        os.fsync(tmp.fileno())
    Path(tmp.name).replace(overlay)
    return added
