"""The name a file was sent under, made safe to keep and show (never used as a path)."""

from __future__ import annotations

import unicodedata
from urllib.parse import quote

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


#: The ending a downloaded original gets when its name has none for its type.
ENDINGS = {"application/pdf": (".pdf",), "image/png": (".png",),
           "image/jpeg": (".jpg", ".jpeg"), "image/tiff": (".tif", ".tiff")}


def attachment(name: str, media_type: str | None) -> str:
    """`Content-Disposition` for a file downloaded under the name it was sent with.

    An ASCII `filename=` (marks taken off, "đ" as "d", anything else as "_") for old clients
    and the name itself as RFC 5987 `filename*=UTF-8''…`; the type's ending added when missing.
    """
    name = upload_name(name)
    endings = ENDINGS.get(media_type or "", ())
    if endings and not name.lower().endswith(endings):
        name += endings[0]
    plain = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    plain = "".join(ch if ch.isascii() and (ch.isalnum() or ch in " .-_()") else "_"
                    for ch in plain).strip() or "upload"
    return (f'attachment; filename="{plain}"; '
            f"filename*=UTF-8''{quote(name, safe='')}")
