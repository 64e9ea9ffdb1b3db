"""Where the registry lives: the shipped data file, the state's metadata, and the overlay.

All sit in the data folder (`CONGVAN_DATA_DIR`, default `./data`) under `registry/`: the
administrators' overlay (`instruments.yaml`, what YAML and CSV imports write), and the JSON
Lines files of state metadata imported (`imports/0001-name.jsonl`, each kept as imported, read
in order). The registry is the shipped instruments, then each JSON Lines file, then the overlay
(an administrator's entry wins).

With JSON Lines files imported, what is built from them is kept in `registry/cache/`
(corpus/registry/cache.py; the files stay the record): 100,000 instruments load from it in a few
seconds, where reading and merging the files again takes several times that.
"""

from __future__ import annotations

import dataclasses
import fcntl
import functools
import hashlib
import inspect
import os
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import ParamSpec, TypeVar

from corpus.registry import cache
from corpus.registry.jsonl import read_jsonl
from corpus.registry.load import dump_yaml, parse, read
from corpus.registry.model import Change, Instrument, Source
from corpus.registry.registry import Registry
from corpus.registry.relations import SAME_INSTRUMENT_DAYS, merge_records
from nlp.numbering import parse_ref

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


def imports_dir(folder: Path | None = None) -> Path:
    """The folder of the JSON Lines files imported, in the data folder."""
    return (folder or data_dir()) / "registry" / "imports"


def imported_files(folder: Path | None = None) -> list[Path]:
    """The JSON Lines files imported, in the order they were imported."""
    where = imports_dir(folder)
    return sorted(where.glob("*.jsonl")) if where.is_dir() else []


def imported_name(path: Path) -> str:
    """The name a file was imported under ("0003-vbpl.jsonl" → "vbpl.jsonl")."""
    head, _, rest = path.name.partition("-")
    return rest if head.isdigit() and rest else path.name


def cache_path(folder: Path | None = None) -> Path:
    """What is built from the imported files, and the registry with the overlay on top."""
    return cache.cache_dir(folder or data_dir()) / "registry.pickle"


def _files_key(folder: Path | None) -> tuple[object, ...]:
    """The key of what the shipped registry and the imported files make (not the overlay)."""
    return cache.stamp(tuple(imported_files(folder)),
                       hashlib.sha256(builtin_text().encode()).hexdigest())


def _overlay_key(folder: Path | None) -> tuple[object, ...]:
    return cache.stamp((overlay_path(folder),), "")


def builtin() -> list[Instrument]:
    """The shipped instruments."""
    return parse(builtin_text(), name="corpus/registry/instruments.yaml")


def load_registry(folder: Path | None = None) -> Registry:
    """The shipped registry, the JSON Lines files imported, and the overlay on top.

    With files imported, one cache (corpus/registry/cache.py) holds what the files make (the
    layer) and the registry with the overlay on top, sharing their instruments: a changed
    overlay goes on the kept layer without reading the files again.
    """
    if not imported_files(folder):
        return _with_overlay(folder, {i.id: i for i in builtin()})
    files, overlay = _files_key(folder), _overlay_key(folder)
    with cache.no_cycle_collection():
        kept = cache.load(cache_path(folder), files, tuple)
        if kept is not None and kept[0] == overlay:
            registry: Registry = kept[2]
            return registry
        layer: dict[str, Instrument] = kept[1] if kept is not None else _layer(folder)
        registry = _with_overlay(folder, dict(layer))
        cache.keep(cache_path(folder), files, (overlay, layer, registry))
    return registry


def _kept_layer(folder: Path | None) -> dict[str, Instrument]:
    """The shipped instruments and the imported files' (kept, else read from the files)."""
    if not imported_files(folder):
        return {i.id: i for i in builtin()}
    with cache.no_cycle_collection():
        kept = cache.load(cache_path(folder), _files_key(folder), tuple)
        return dict(kept[1]) if kept is not None else _layer(folder)


def _layer(folder: Path | None) -> dict[str, Instrument]:
    """The shipped instruments and the imported files', read from the files."""
    instruments = {i.id: i for i in builtin()}
    for path in imported_files(folder):
        merge_records(instruments, read_jsonl(path, name=imported_name(path)),
                      imported_name(path))
    return instruments


def _with_overlay(folder: Path | None, instruments: dict[str, Instrument]) -> Registry:
    overlay = overlay_path(folder)
    if overlay.exists():
        for inst in read(overlay, known=instruments.values()):
            instruments[inst.id] = inst
    return Registry(instruments.values())


@lru_cache(maxsize=4)
def _cached(folder: str, stamp: tuple[tuple[str, int, int, int], ...]) -> Registry:
    return load_registry(Path(folder))


def default_registry() -> Registry:
    """The registry for the current data folder, reloaded when its overlay changes."""
    return registry_for(data_dir())


def registry_for(folder: Path) -> Registry:
    """The registry of a data folder (shipped + its overlay), reloaded when the overlay changes."""
    stamp = tuple((p.name, (st := p.stat()).st_mtime_ns, st.st_size, st.st_ino)
                  for p in (*imported_files(folder), overlay_path(folder)) if p.exists())
    return _cached(str(folder.resolve()), stamp)



@contextmanager
def changing(folder: Path | None = None) -> Iterator[None]:
    """The data folder's registry held for one change at a time, across threads and processes.

    An import numbers its file after the last one and merges against what is there; an
    overlay change reads, changes and writes the overlay: two at once would lose one. The
    lock is an advisory lock (flock: released when the holder ends) on a file in the system's
    temporary folder named after the data folder's path.
    """
    where = ((folder or data_dir()) / "registry").resolve()
    holding = _HELD.__dict__.setdefault("folders", set())
    if where in holding:  # this thread holds it already (a change made inside another)
        yield
        return
    # The lock file is outside the data folder: a change refused writes nothing there.
    name = hashlib.sha256(str(where).encode()).hexdigest()[:20]
    with (Path(tempfile.gettempdir()) / f"congvan-registry-{name}.lock").open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        holding.add(where)
        try:
            yield
        finally:
            holding.discard(where)
            fcntl.flock(held, fcntl.LOCK_UN)


#: The registries each thread holds (`changing`).
_HELD = threading.local()


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _one_change_at_a_time(change: Callable[_P, _R]) -> Callable[_P, _R]:
    """`change` run holding its data folder's registry (`changing`)."""
    signature = inspect.signature(change)

    @functools.wraps(change)
    def held(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with changing(signature.bind(*args, **kwargs).arguments.get("folder")):
            return change(*args, **kwargs)

    return held


def _identity(inst: Instrument, known: list[Instrument]) -> str:
    """The id an imported entry without one takes: the entry it corrects, or a new one."""
    near = [k for k in known if abs((k.signed - inst.signed).days) <= SAME_INSTRUMENT_DAYS]
    if near:
        return min(near, key=lambda k: abs((k.signed - inst.signed).days)).id
    return f"{inst.ref}@{inst.signed.isoformat()}" if known else inst.ref


@_one_change_at_a_time
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
    _write_overlay(overlay, kept.values())
    return added


def _write_overlay(overlay: Path, instruments: Iterable[Instrument]) -> None:
    """Write the overlay atomically (a reader sees the old file or the new, never half)."""
    overlay.parent.mkdir(parents=True, exist_ok=True)
    text = dump_yaml(instruments, header=OVERLAY_HEADER)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=overlay.parent,
                                     delete=False, suffix=".tmp") as tmp:
        tmp.write(text)
        tmp.flush()
        os.fsync(tmp.fileno())
    Path(tmp.name).replace(overlay)


@_one_change_at_a_time
def import_jsonl(path: Path, folder: Path | None = None) -> list[Instrument]:
    """Validate a JSON Lines file of state metadata and keep it in the data folder.

    The file is checked whole (every line, and its relations against the registry) before it
    is copied, as it is, beside the overlay; the registry reads it from there.

    Returns:
        The file's instruments as the registry now holds them.

    Raises:
        RegistryDataError: naming every problem with its line and key.
    """
    with cache.no_cycle_collection():  # merged into what the files before it made, as a load
        instruments = _kept_layer(folder)  # would: the overlay goes on top afterwards
        ids = merge_records(instruments, read_jsonl(path), path.name)
    where = imports_dir(folder)
    where.mkdir(parents=True, exist_ok=True)
    number = max((int(p.name.split("-")[0]) for p in imported_files(folder)
                  if p.name.split("-")[0].isdigit()), default=0) + 1
    target = where / f"{number:04d}-{path.name}"
    with tempfile.NamedTemporaryFile("wb", dir=where, delete=False, suffix=".tmp") as tmp:
        tmp.write(path.read_bytes())
        tmp.flush()
        os.fsync(tmp.fileno())
    Path(tmp.name).replace(target)
    with cache.no_cycle_collection():  # what was merged is the layer: the overlay on top
        registry = _with_overlay(folder, dict(instruments))
        cache.keep(cache_path(folder), _files_key(folder),
                   (_overlay_key(folder), instruments, registry))
    return [registry.get(i) or instruments[i] for i in ids]


# --- Effects a letter states of itself (issue 23: proposals accepted by an administrator) ---

#: The change an effect makes to the instrument it names.
EFFECT_CHANGES = {"replaces": "replaced_by", "repeals": "repealed", "amends": "amended_by"}


class EffectRefused(ValueError):
    """An effect that cannot enter the registry as it stands; the message says why."""


@dataclass(frozen=True)
class LetterSource:
    """The letter that states an effect: its number, kind, issuer, date and the clause."""

    ref: str
    kind: str | None
    issuer: str | None
    signed: date | None
    clause: str | None

    def note(self, part: str | None = None) -> str:
        """The source note the registry keeps (how: own_text)."""
        name = f"{self.kind or 'Văn bản'} {self.ref}"
        when = f" ngày {self.signed.strftime('%d/%m/%Y')}" if self.signed else ""
        by = f" của {self.issuer}" if self.issuer else ""
        said = f" ({part})" if part else ""
        clause = f": “{' '.join(self.clause.split())}”" if self.clause else ""
        return f"Văn bản tự nêu{said} — {name}{when}{by}{clause}"


@_one_change_at_a_time
def record_effect(effect: str, ref: str, day: date | None, letter: LetterSource, *,
                  part: str | None = None, folder: Path | None = None) -> Instrument:
    """Write an effect the letter states into the overlay; the instrument it changed.

    `replaces`, `repeals`, `amends`: the instrument `ref` gains the change from `day`, by the
    letter (by id when the registry holds it, else by its number). `takes_effect`: the letter's
    own instrument takes effect on `day` (added from the letter when the registry lacks it).
    EffectRefused when the registry cannot take it (no date, an instrument it does not hold).
    """
    if day is None:
        raise EffectRefused("văn bản không nêu ngày có hiệu lực của thay đổi này")
    current = load_registry(folder)
    source = Source("own_text", letter.note(part))
    own = current.resolve(letter.ref, cited=letter.signed)
    if effect == "takes_effect":
        if own and own.match == "exact":
            changed = dataclasses.replace(own.instrument, in_force=day,
                                          sources=(*own.instrument.sources, source))
        else:
            changed = dataclasses.replace(_from_letter(letter, source), in_force=day)
        if day < changed.signed:
            raise EffectRefused("ngày có hiệu lực trước ngày ký văn bản")
    elif effect in EFFECT_CHANGES:
        found = current.resolve(ref, on=day)
        if found is None or found.match != "exact":
            raise EffectRefused(f"danh mục chưa có văn bản {ref}: thêm văn bản đó trước")
        target = found.instrument
        by = own.instrument.id if own and own.match == "exact" else None
        change = Change(EFFECT_CHANGES[effect], by, day, source,
                        None if by else letter.ref)
        if any((c.type, c.by, c.by_ref, c.since) == (change.type, by, change.by_ref, day)
               for c in target.changes):
            return target
        changed = dataclasses.replace(target, changes=(*target.changes, change))
    else:
        raise EffectRefused(f"loại hiệu lực không rõ: {effect}")
    overlay = overlay_path(folder)
    kept = {i.id: i for i in read(overlay, known=current)} if overlay.exists() else {}
    kept[changed.id] = changed
    _write_overlay(overlay, kept.values())
    return changed


def _from_letter(letter: LetterSource, source: Source) -> Instrument:
    """The letter as a registry entry: what it shows of itself, nothing guessed."""
    parsed = parse_ref(letter.ref)
    if parsed is None or letter.signed is None or not letter.kind:
        raise EffectRefused("văn bản thiếu số, ký hiệu, loại hoặc ngày ký để vào danh mục")
    return Instrument(id=parsed.ref, ref=parsed.ref, kind=letter.kind, number=parsed.number,
                      year=parsed.year, symbol=parsed.symbol, issuer=letter.issuer,
                      signed=letter.signed, in_force=None, title=None, sources=(source,))
