"""What the reviewer pages show of a letter: the contract JSON and its review, made ready to draw.

Values are read here, once, into plain dictionaries; the templates only lay them out (and
Jinja2 escapes everything they print).
"""

from __future__ import annotations

from typing import Any

from api.store import listing, review, trips
from api.store.db import AuditEntry, Document
from api.web import i18n, labels
from extract.errors import REMEDY, ErrorCode
from nlp.read import FIELD_NAMES

#: Below this confidence a field's box is drawn dashed and its value marked uncertain.
LOW_CONFIDENCE = 0.8
#: The keys a reviewer fills in for a field whose value is an object.
OBJECT_KEYS = {
    "signer": ("name", "title", "authority"),
    "incoming": ("number", "date"),
    "e_signature": ("signer", "email", "organisation", "time"),
}
LIST_FIELDS = frozenset({"recipients", "distribution", "deadlines", "issuers"})
#: The fields, and the keys of object fields, that hold days (edited as dd/mm/yyyy).
DAY_FIELDS = frozenset({"issued_date", "deadlines"})
DAY_KEYS = frozenset({"date"})


def show(value: Any, lang: str = "vi") -> str:
    """A value as one line of text for a reviewer."""
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, list):
        return "; ".join(show(v, lang) for v in value)
    if isinstance(value, dict):
        return " — ".join(show(v, lang) for v in value.values() if v not in (None, "", []))
    if isinstance(value, bool):
        return i18n.pick(i18n.WORDS, "yes" if value else "no", lang)
    return labels.day(value)  # an ISO day as dd/mm/yyyy; any other value as it is


def _box(target: str, kind: str, where: dict[str, Any], sizes: dict[int, tuple[float, float]],
         *, label: str, low: bool = False, pad: float = 1.5) -> dict[str, Any] | None:
    page, bbox = where.get("page"), where.get("bbox")
    if not page or not bbox or page not in sizes:
        return None
    width, height = sizes[page]
    x0, y0, x1, y1 = (float(v) for v in bbox)
    return {"target": target, "kind": kind, "page": page, "label": label, "low": low,
            "left": round(max(x0 - pad, 0) / width * 100, 3),
            "top": round(max(y0 - pad, 0) / height * 100, 3),
            "width": round((x1 - x0 + 2 * pad) / width * 100, 3),
            "height": round((y1 - y0 + 2 * pad) / height * 100, 3)}


def _editor(name: str, value: Any) -> dict[str, Any]:
    if name in OBJECT_KEYS or isinstance(value, dict):
        keys = OBJECT_KEYS.get(name) or tuple(value)
        current = value if isinstance(value, dict) else {}
        return {"type": "object", "keys": [
            {"key": k, "day": k in DAY_KEYS,
             "value": "" if current.get(k) is None else
             labels.day(current.get(k)) if k in DAY_KEYS else str(current.get(k))}
            for k in keys]}
    days = name in DAY_FIELDS
    if name in LIST_FIELDS or isinstance(value, list):
        return {"type": "list", "day": days,
                "value": "\n".join(show(v) if isinstance(v, dict) else
                                   labels.day(v) if days else str(v) for v in value or [])}
    return {"type": "text", "day": days,
            "value": "" if value is None else labels.day(value) if days else str(value)}


def letter(doc: dict[str, Any], corrections: dict[str, dict[str, Any]],
           lang: str) -> dict[str, Any]:
    """The letter page's fields, citations, flags, delegation and boxes."""
    sizes = {int(p["number"]): (float(p["width"]), float(p["height"]))
             for p in doc.get("pages") or [] if p.get("width") and p.get("height")}
    boxes: list[dict[str, Any]] = []
    fields = []
    values = {t: c["value"] for t, c in corrections.items()}
    for name in FIELD_NAMES:
        machine = (doc.get("fields") or {}).get(name) or {"value": None}
        target = f"fields.{name}"
        corrected = corrections.get(target)
        value = listing.shown_value(doc, values, name)
        # The number and symbol follow a corrected number or symbol (api/store/listing.py).
        derived = corrected is None and value != machine.get("value")
        confidence = machine.get("confidence")
        low = confidence is not None and confidence < LOW_CONFIDENCE
        label = i18n.pick(i18n.FIELD_LABELS, name, lang)
        box = _box(target, "field", machine, sizes, label=label, low=low) \
            if machine.get("value") is not None else None
        if box:
            boxes.append(box)
            # A list continued overleaf is boxed on every page it was read from.
            for more in (machine.get("boxes") or [])[1:]:
                if (extra := _box(target, "field", more, sizes, label=label, low=low)):
                    boxes.append(extra)
        fields.append({"name": name, "target": target, "label": label,
                       "value": show(value, lang), "machine": show(machine.get("value"), lang),
                       "corrected": corrected, "confidence": confidence, "low": low,
                       "page": machine.get("page"), "boxed": box is not None,
                       "derived": derived, "editor": _editor(name, value)})
    read = doc.get("citations") or []
    # A citation's corrections are found by its ref (older ones by position), the latest last.
    placed: dict[int, list[dict[str, Any]]] = {}
    unmatched: list[tuple[str, dict[str, Any]]] = []
    for target, corrected in corrections.items():
        if target.startswith("citations."):
            index = review.citation_index(read, target)
            if index is None:
                unmatched.append((target, corrected))
            else:
                placed.setdefault(index, []).append(corrected)
    citations = []
    for i, c in enumerate(read):
        target = review.citation_target(read, i)
        shown = dict(c)
        for corrected in placed.get(i, []):
            shown.update(corrected["value"] or {})
        box = _box(target, "citation", c, sizes, label=c.get("ref") or "")
        if box:
            boxes.append(box)
        registry = c.get("registry") or None
        citations.append({"index": i, "target": target, "ref": shown.get("ref"),
                          "kind": shown.get("kind"), "date": labels.day(shown.get("date")),
                          "issuer": shown.get("issuer"),
                          "role": shown.get("role"),
                          "role_label": labels.label(labels.ROLES, shown.get("role"), lang),
                          "text": c.get("text"), "registry": registry,
                          "state": labels.label(labels.STATES, (registry or {}).get(
                              "status_on_date"), lang),
                          "corrected": placed[i][-1] if i in placed else None,
                          "unmatched": False, "boxed": box is not None})
    # Corrected citations this reading no longer finds: kept, listed after the others.
    for target, corrected in unmatched:
        shown = {"ref": review.citation_ref(target) or None, **(corrected["value"] or {})}
        citations.append({"index": None, "target": target, "ref": shown.get("ref"),
                          "kind": shown.get("kind"), "date": labels.day(shown.get("date")),
                          "issuer": shown.get("issuer"),
                          "role": shown.get("role"),
                          "role_label": labels.label(labels.ROLES, shown.get("role"), lang),
                          "text": None, "registry": None, "state": "", "corrected": corrected,
                          "unmatched": True, "boxed": False})
    flags = []
    for i, f in enumerate(doc.get("flags") or []):
        target = f"flags.{i}"
        # A flag's box rings the citation or field it is about, a little outside it.
        said = labels.label(labels.FLAGS, f.get("code"), lang)
        box = _box(target, "flag", f, sizes, label=said, pad=4.5)
        if box:
            boxes.append(box)
        flags.append({**f, "target": target, "boxed": box is not None, "label": said,
                      "facts": _facts(f.get("evidence") or {}, lang),
                      "severity_label": i18n.pick(i18n.SEVERITY, f.get("severity", ""), lang)})
    pages = [{"number": n, "width": w, "height": h,
              "boxes": [b for b in boxes if b["page"] == n]} for n, (w, h) in sorted(sizes.items())]
    machine_values = [(f.get("value") if isinstance(f, dict) else None)
                      for f in (doc.get("fields") or {}).values()]
    return {"fields": fields, "citations": citations, "flags": flags, "pages": pages,
            "delegation": _delegation(trips.reviewed(doc.get("delegation"), values), lang),
            # Nothing read at all (a truncated PDF "read" blank): not a clean letter.
            "nothing_read": all(v in (None, "", []) for v in machine_values),
            "warnings": [{**w, "label": labels.label(labels.WARNINGS, w.get("code"), lang)}
                         for w in doc.get("warnings") or []]}


def _facts(evidence: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    facts = []
    for key, label in i18n.EVIDENCE.items():
        value = evidence.get(key)
        if key == "how" and isinstance(value, str):
            value = labels.label(labels.HOW, value, lang)
        if value not in (None, "", []):
            facts.append((label[1] if lang == "en" else label[0], show(value, lang)))
    rule = evidence.get("rule")
    if isinstance(rule, dict):
        # The circular a rule comes from, by its number, date and issuer (not the rule's id).
        source = " ".join(str(rule[k]) for k in ("ref",) if rule.get(k))
        if rule.get("date"):
            source += f" {i18n.pick(i18n.WORDS, 'dated', lang)} {labels.day(rule['date'])}"
        if rule.get("issuer"):
            source += f" {i18n.pick(i18n.WORDS, 'of', lang)} {rule['issuer']}"
        clause = rule.get("clause")
        text = source + (f": “{clause}”" if clause else "")
        facts.append((i18n.pick(i18n.WORDS, "rule", lang), text))
    return facts


def _delegation(delegation: dict[str, Any] | None, lang: str) -> dict[str, Any] | None:
    if not delegation:
        return None
    people = []
    if delegation.get("head"):
        people.append({"role": i18n.pick(i18n.WORDS, "head", lang), **delegation["head"]})
    for member in delegation.get("members") or []:
        people.append({"role": i18n.pick(i18n.WORDS, "members", lang), **member})
    funding = delegation.get("funding") or {}
    when = " – ".join(labels.day(d) for d in (delegation.get("start"), delegation.get("end"))
                      if d)
    if delegation.get("days"):
        when += f" ({delegation['days']} {i18n.pick(i18n.WORDS, 'days', lang)})"
    return {"people": people, "size": delegation.get("size"),
            "countries": show(delegation.get("countries")),
            "places": show(delegation.get("places")),
            "when": when, "purpose": delegation.get("purpose"),
            "inviter": delegation.get("inviter"),
            "funding": (i18n.pick(i18n.FUNDING, funding.get("kind") or "unknown", lang)
                        + (f" ({funding['text']})" if funding.get("text") else ""))}


def audit_row(entry: AuditEntry, lang: str, at: str) -> dict[str, Any]:
    """An audit entry as the letter page lists it: the action said in words, dates dd/mm/yyyy."""
    before, after = entry.before, entry.after
    if entry.action == "reprocess":  # statuses, by their names
        before, after = (i18n.pick(i18n.STATUS, str(v), lang) if v else v for v in (before, after))
    return {"user": entry.user, "action": labels.action(entry.action, entry.target, lang),
            "code": entry.action, "target": entry.target, "before": show(before, lang),
            "after": show(after, lang), "at": at}


def failure(doc: Document) -> dict[str, str] | None:
    """Why a letter failed and what to do about it (its error code's remedy), or None."""
    if doc.status != "failed":
        return None
    message = doc.error_message or ""
    try:
        remedy = REMEDY[ErrorCode(doc.error_code or "")]
    except ValueError:
        remedy = ""
    if remedy and remedy in message:  # said apart, under its own heading
        message = message.replace(remedy, "").strip()
    return {"message": message, "remedy": remedy}
