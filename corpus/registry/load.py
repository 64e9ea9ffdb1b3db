"""Reading and writing the registry's data files (YAML or CSV), validated with line numbers."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from corpus.registry.model import CHANGE_TYPES, HOW, Change, Instrument, Source
from nlp.numbering import compact, parse_ref


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in a data file, with its line (1-based)."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"dòng {self.line}: {self.message}"


class RegistryDataError(ValueError):
    """A data file that does not hold a valid registry; `problems` says where and why."""

    def __init__(self, name: str, problems: Sequence[Problem]):
        self.name = name
        self.problems = list(problems)
        lines = "\n".join(f"{name}: {p}" for p in self.problems)
        super().__init__(f"{len(self.problems)} lỗi trong {name}:\n{lines}")


def _nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    return value


def _date(value: Any) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value.strip())
    raise ValueError(f"không phải ngày: {value!r}")


def _optional_date(value: Any) -> date | None:
    return None if value in (None, "") else _date(value)


class _Builder:
    """Turns raw entries into instruments, collecting every problem with its line."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def instrument(self, raw: Any, line: int, lines: dict[str, int]) -> Instrument | None:
        def fail(key: str | None, message: str) -> None:
            self.problems.append(Problem(lines.get(key or "", line), message))

        if not isinstance(raw, dict):
            fail(None, "mỗi văn bản phải là một bảng khóa: giá trị")
            return None
        unknown = set(raw) - {"ref", "id", "kind", "issuer", "signed", "in_force", "title",
                              "aliases", "sources", "changes", "out_of_force"}
        for key in sorted(unknown):
            fail(key, f"khóa không được hỗ trợ: {key}")
        ref_text = _nfc(raw.get("ref"))
        parsed = parse_ref(ref_text) if isinstance(ref_text, str) else None
        if parsed is None:
            fail("ref", f"số, ký hiệu không hợp lệ: {ref_text!r}")
            return None
        kind = _nfc(raw.get("kind"))
        if not isinstance(kind, str) or not kind:
            fail("kind", "thiếu loại văn bản (kind)")
        try:
            signed = _date(raw.get("signed"))
        except (TypeError, ValueError):
            fail("signed", f"ngày ký không hợp lệ: {raw.get('signed')!r}")
            return None
        try:
            in_force = _optional_date(raw.get("in_force"))
        except (TypeError, ValueError):
            fail("in_force", f"ngày có hiệu lực không hợp lệ: {raw.get('in_force')!r}")
            in_force = None
        if in_force and in_force < signed:
            fail("in_force", "ngày có hiệu lực trước ngày ký")
        try:
            out_of_force = _optional_date(raw.get("out_of_force"))
        except (TypeError, ValueError):
            fail("out_of_force", f"ngày hết hiệu lực không hợp lệ: {raw.get('out_of_force')!r}")
            out_of_force = None
        if out_of_force and out_of_force < (in_force or signed):
            fail("out_of_force", "ngày hết hiệu lực trước ngày có hiệu lực")
        sources = self._sources(raw.get("sources"), lines, fail)
        changes = self._changes(raw.get("changes"), lines, fail)
        aliases = raw.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            fail("aliases", "aliases phải là danh sách chuỗi")
            aliases = []
        issuer, title = _nfc(raw.get("issuer")), _nfc(raw.get("title"))
        return Instrument(
            id=_nfc(raw.get("id")) or parsed.ref, ref=parsed.ref, kind=kind or "",
            number=parsed.number, year=parsed.year, symbol=parsed.symbol,
            issuer=issuer or None, signed=signed, in_force=in_force, title=title or None,
            aliases=tuple(_nfc(a) for a in aliases), sources=sources, changes=changes,
            out_of_force=out_of_force,
        )

    def _sources(self, raw: Any, lines: dict[str, int], fail: Any) -> tuple[Source, ...]:
        if not isinstance(raw, list) or not raw:
            fail("sources", "mỗi văn bản cần ít nhất một nguồn (sources)")
            return ()
        out = []
        for item in raw:
            if not isinstance(item, dict) or item.get("how") not in HOW or not item.get("note"):
                fail("sources", f"nguồn cần how (một trong {', '.join(HOW)}) và note: {item!r}")
                continue
            out.append(Source(item["how"], _nfc(str(item["note"]))))
        return tuple(out)

    def _changes(self, raw: Any, lines: dict[str, int], fail: Any) -> tuple[Change, ...]:
        if raw in (None, []):
            return ()
        if not isinstance(raw, list):
            fail("changes", "changes phải là danh sách")
            return ()
        out = []
        for item in raw:
            if not isinstance(item, dict) or item.get("type") not in CHANGE_TYPES:
                fail("changes", f"thay đổi cần type (một trong {', '.join(CHANGE_TYPES)}): "
                                f"{item!r}")
                continue
            if item.get("how") not in HOW or not item.get("note"):
                fail("changes", f"thay đổi cần how và note: {item!r}")
                continue
            try:
                since = _date(item.get("since"))
            except (TypeError, ValueError):
                fail("changes", f"ngày của thay đổi không hợp lệ: {item.get('since')!r}")
                continue
            by = _nfc(item.get("by")) or None
            by_ref = _nfc(item.get("by_ref")) or None
            if item["type"] not in ("repealed", "partly_repealed") and not (by or by_ref):
                fail("changes", f"thay đổi {item['type']} cần by (văn bản thay thế, sửa đổi) "
                                "hoặc by_ref (số, ký hiệu của văn bản chưa có trong danh mục)")
                continue
            out.append(Change(item["type"], by, since,
                              Source(item["how"], _nfc(str(item["note"]))), by_ref))
        return tuple(out)


def check_links(instruments: Sequence[Instrument], lines: dict[str, int] | None = None,
                name: str = "registry") -> None:
    """Ids unique and every `by` naming an instrument present; raise RegistryDataError if not."""
    lines = lines or {}
    problems: list[Problem] = []
    seen: set[str] = set()
    for inst in instruments:
        if inst.id in seen:
            problems.append(Problem(lines.get(inst.id, 0), f"id trùng: {inst.id}"))
        seen.add(inst.id)
    for inst in instruments:
        for change in inst.changes:
            if change.by is not None and change.by not in seen:
                problems.append(Problem(lines.get(inst.id, 0),
                                        f"{inst.id}: {change.type} {change.by} — không có "
                                        "văn bản này trong danh mục"))
    if problems:
        raise RegistryDataError(name, problems)


class _Loader(yaml.SafeLoader):
    """YAML without implicit dates: they stay strings and are checked here, with their line."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _yaml_entries(text: str, name: str) -> list[tuple[Any, int, dict[str, int]]]:
    """The raw entries of a YAML file with the line of each entry and of each of its keys."""
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise RegistryDataError(name, [Problem(line, f"YAML không đọc được: {e}")]) from None
    # The instruments under `instruments:`, or (as the registry page's example) a bare list.
    if isinstance(data, list) and isinstance(node, yaml.SequenceNode):
        entries, seq = data, node
    elif isinstance(data, dict) and isinstance(data.get("instruments"), list):
        assert isinstance(node, yaml.MappingNode)
        entries = data["instruments"]
        seq = next(v for k, v in node.value if k.value == "instruments")
    else:
        raise RegistryDataError(name, [Problem(1, "tệp cần khóa 'instruments' là danh sách "
                                                  "(hoặc chỉ một danh sách văn bản)")])
    out = []
    for raw, item in zip(entries, seq.value, strict=True):
        keys: dict[str, int] = {}
        if isinstance(item, yaml.MappingNode):
            keys = {k.value: k.start_mark.line + 1 for k, _ in item.value}
        out.append((raw, item.start_mark.line + 1, keys))
    return out


#: The CSV columns; rows with the same id after the first add changes only.
CSV_COLUMNS = ("ref", "id", "kind", "issuer", "signed", "in_force", "title", "aliases", "how",
               "note", "change_type", "change_by", "change_since", "change_how", "change_note",
               "change_by_ref", "out_of_force")


def _csv_entries(text: str, name: str) -> list[tuple[Any, int, dict[str, int]]]:
    reader = csv.DictReader(io.StringIO(text))
    missing = {"ref", "kind", "signed", "how", "note"} - set(reader.fieldnames or ())
    if missing:
        raise RegistryDataError(name, [Problem(1, "thiếu cột: " + ", ".join(sorted(missing)))])
    entries: dict[str, tuple[dict[str, Any], int, dict[str, int]]] = {}
    for row in reader:
        line = reader.line_num
        ident = (row.get("id") or "").strip() or compact(row.get("ref") or "")
        change = None
        if (row.get("change_type") or "").strip():
            change = {"type": row["change_type"].strip(), "by": (row.get("change_by") or None),
                      "by_ref": row.get("change_by_ref", "out_of_force") or None,
                      "since": row.get("change_since"), "how": row.get("change_how"),
                      "note": row.get("change_note")}
        if ident in entries:
            if change:
                entries[ident][0].setdefault("changes", []).append(change)
            if (row.get("how") or "").strip():
                entries[ident][0]["sources"].append({"how": row["how"].strip(),
                                                     "note": row.get("note")})
            continue
        raw: dict[str, Any] = {
            "ref": row.get("ref"), "kind": row.get("kind"), "issuer": row.get("issuer") or None,
            "signed": row.get("signed"), "in_force": row.get("in_force") or None,
            "out_of_force": row.get("out_of_force") or None,
            "title": row.get("title") or None,
            "aliases": [a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()],
            "sources": [{"how": row.get("how"), "note": row.get("note")}],
        }
        if (row.get("id") or "").strip():
            raw["id"] = row["id"].strip()
        if change:
            raw["changes"] = [change]
        entries[ident] = (raw, line, {})
    return list(entries.values())


def parse(text: str, *, name: str = "registry", fmt: str | None = None,
          known: Iterable[Instrument] = ()) -> list[Instrument]:
    """The instruments a data file holds (`fmt` "yaml" or "csv", else from the name).

    Every `by` must name an instrument of the file or of `known` (the registry it joins).
    """
    fmt = fmt or ("csv" if name.lower().endswith(".csv") else "yaml")
    entries = _csv_entries(text, name) if fmt == "csv" else _yaml_entries(text, name)
    builder = _Builder()
    instruments = []
    lines: dict[str, int] = {}
    for raw, line, keys in entries:
        inst = builder.instrument(raw, line, keys)
        if inst is not None:
            if inst.id in lines:
                builder.problems.append(Problem(line, f"id trùng: {inst.id} (đã có ở dòng "
                                                      f"{lines[inst.id]})"))
                continue
            instruments.append(inst)
            lines[inst.id] = line
    problems = list(builder.problems)
    ids = {i.id for i in instruments}
    try:
        check_links([*instruments, *(k for k in known if k.id not in ids)], lines, name)
    except RegistryDataError as e:
        problems += e.problems
    if problems:
        raise RegistryDataError(name, sorted(problems, key=lambda p: p.line))
    return instruments


def read(path: Path, known: Iterable[Instrument] = ()) -> list[Instrument]:
    """The instruments of a data file on disk."""
    return parse(path.read_text("utf-8"), name=str(path), known=known)


def dump_yaml(instruments: Iterable[Instrument], *, header: str = "") -> str:
    """Instruments as a data file in YAML."""
    body = yaml.safe_dump({"instruments": [i.to_dict() for i in instruments]},
                          allow_unicode=True, sort_keys=False, width=100)
    return header + body


def dump_csv(instruments: Iterable[Instrument]) -> str:
    """Instruments as CSV: one row per instrument, one more per further change."""
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for inst in instruments:
        ident = inst.id if inst.id != inst.ref else ""
        for i in range(max(len(inst.sources), len(inst.changes), 1)):
            row: dict[str, str] = {"ref": inst.ref, "id": ident}
            if i == 0:
                row.update(kind=inst.kind, issuer=inst.issuer or "",
                           signed=inst.signed.isoformat(),
                           in_force=inst.in_force.isoformat() if inst.in_force else "",
                           out_of_force=inst.out_of_force.isoformat()
                           if inst.out_of_force else "",
                           title=inst.title or "", aliases="|".join(inst.aliases))
            if i < len(inst.sources):
                row.update(how=inst.sources[i].how, note=inst.sources[i].note)
            if i < len(inst.changes):
                change = inst.changes[i]
                row.update(change_type=change.type, change_by=change.by or "",
                           change_by_ref=change.by_ref or "",
                           change_since=change.since.isoformat(),
                           change_how=change.source.how, change_note=change.source.note)
            writer.writerow(row)
    return out.getvalue()
