"""The name a file was sent under, made safe to keep and show (never used as a path)."""

from __future__ import annotations

import unicodedata

#: Longest name kept (the column's size).
MAX_NAME = 255


def upload_name(raw: str | None) -> str:
    """The last part of the name the client sent, in NFC, without control or direction marks.

    "../../etc/x.pdf" and a Windows path ending in x.pdf both keep "x.pdf": a name is shown to
    reviewers and exported, and must not pretend to a folder or hide its real ending.
    """
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in unicodedata.normalize("NFC", name)
                   if unicodedata.category(ch) not in ("Cc", "Cf")).strip()
    if name in ("", ".", ".."):
        return "upload"
    if len(name) > MAX_NAME:  # keep the ending (.pdf) and cut the middle
        stem, dot, ext = name.rpartition(".")
        tail = dot + ext if dot and len(ext) <= 10 else ""
        name = name[:MAX_NAME - len(tail)] + tail
    return name
