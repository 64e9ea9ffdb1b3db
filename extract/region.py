"""The text inside a rectangle a reviewer drew on a page: the text layer, or OCR of that region.

The rectangle is in the page's points, in the frame the page was read in (the frame the
reviewer pages show). A text-layer page gives its words whose middle lies inside, repaired from
legacy encodings as the reading repaired them (pipeline.decoded_words); any other page is
rendered at 300 dpi in that frame and the region alone OCR'd. Run it in a child process of its
own (extract/page_work.py): it renders a stored, possibly hostile, page and runs Tesseract.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from extract import ocr, pdf
from extract.limits import Limits
from extract.page_image import Frame, NoSuchPage, page_image
from extract.pipeline import decoded_words

#: Resolution of the region that is OCR'd.
DPI = 300
#: Seconds Tesseract may take on one region.
TIMEOUT = 30.0
#: The longest text a region gives back.
MAX_CHARS = 2000
#: Points added around the rectangle before it is OCR'd (a stroke cut by the edge is lost).
PAD = 3.0


class BadRegion(ValueError):
    """The rectangle is empty or not on the page."""


def page_of(document: Mapping[str, Any] | None, number: int) -> dict[str, Any]:
    """Page `number`'s record in the contract JSON `document`; NoSuchPage when it has none."""
    for page in (document or {}).get("pages") or []:
        if page.get("number") == number:
            return dict(page)
    raise NoSuchPage(number)


def time_limit(limits: Limits) -> float:
    """Seconds a whole region reading may take in its child: a page's rendering and its OCR."""
    return limits.render_timeout_s + min(TIMEOUT, limits.ocr_timeout_s)


def _lines(words: list[tuple[float, float, str]]) -> str:
    """Words (top, left, text) joined in reading order, a line break between lines."""
    words.sort()
    out: list[list[tuple[float, float, str]]] = []
    for word in words:
        if out and abs(out[-1][0][0] - word[0]) < 4:
            out[-1].append(word)
        else:
            out.append([word])
    return "\n".join(" ".join(w[2] for w in sorted(line, key=lambda w: w[1])) for line in out)


def _text_layer(data: bytes, number: int, box: tuple[float, float, float, float], *,
                limits: Limits) -> str:
    doc = pdf.open_pdf(data, limits=limits)
    try:
        if not 1 <= number <= doc.page_count:
            raise NoSuchPage(number)
        read = pdf.read_page(pdf.load_page(doc, number - 1, limits=limits), number=number)
    finally:
        doc.close()
    _, words = decoded_words(read)
    x0, y0, x1, y1 = box
    found = []
    for w in words:
        mx, my = (w.bbox[0] + w.bbox[2]) / 2, (w.bbox[1] + w.bbox[3]) / 2
        if x0 <= mx <= x1 and y0 <= my <= y1:
            found.append((round(my, 1), w.bbox[0], w.text))
    return _lines(found)


def _ocr(data: bytes, media_type: str, number: int, info: Mapping[str, Any],
         box: tuple[float, float, float, float], *, limits: Limits) -> str:
    frame = Frame.of_page(info)
    if media_type == "application/pdf":
        # At 300 dpi; page_image lowers it for a huge page to stay within the pixel limit.
        image = page_image(data, media_type, number, dpi=DPI, frame=frame, limits=limits)
    else:
        image = page_image(data, media_type, number, frame=frame, max_side=20000,
                           limits=limits)
    scale_x = image.width / float(info["width"])
    scale_y = image.height / float(info["height"])
    crop = image.crop((max(0, round((box[0] - PAD) * scale_x)),
                       max(0, round((box[1] - PAD) * scale_y)),
                       min(image.width, round((box[2] + PAD) * scale_x)),
                       min(image.height, round((box[3] + PAD) * scale_y))))
    if crop.width < 4 or crop.height < 4:
        return ""
    # Tesseract's library, in this (child) process: a crash or a hang ends the child only.
    words = ocr.ocr_image(image=crop.convert("L"), dpi=scale_x * 72, psm=6,
                          timeout=min(TIMEOUT, limits.ocr_timeout_s))
    lines: dict[tuple[int, int], list[tuple[int, str]]] = {}
    for w in words:
        lines.setdefault((w.block, w.line), []).append((w.box[0], w.text))
    return "\n".join(" ".join(t for _, t in sorted(line)) for _, line in sorted(lines.items()))


def read_region(data: bytes, media_type: str, page_info: Mapping[str, Any], number: int,
                bbox: Sequence[float], *, limits: Limits | None = None) -> dict[str, Any]:
    """The text inside `bbox` (points, x0 y0 x1 y1) on page `number`, and where it came from.

    `page_info`: the page's record in the contract JSON (`page_of(document, number)`): its
    size, its source and the frame it was read in. BadRegion for a rectangle that is not
    four numbers or holds nothing of the page.
    """
    limits = limits or Limits()
    if len(bbox) != 4:
        raise BadRegion("Vùng phải có 4 số: x0, y0, x1, y1 (điểm)")
    x0, y0, x1, y1 = (float(v) for v in bbox)
    x0, x1 = sorted((max(0.0, x0), min(float(page_info["width"]), x1)))
    y0, y1 = sorted((max(0.0, y0), min(float(page_info["height"]), y1)))
    if x1 - x0 < 2 or y1 - y0 < 2:
        raise BadRegion("Vùng quá nhỏ hoặc nằm ngoài trang")
    box = (x0, y0, x1, y1)
    if media_type == "application/pdf" and page_info.get("source") == "text_layer":
        text, source = _text_layer(data, number, box, limits=limits), "text_layer"
    else:
        text, source = _ocr(data, media_type, number, page_info, box, limits=limits), "ocr"
    text = unicodedata.normalize("NFC", text)[:MAX_CHARS]
    return {"page": number, "bbox": [round(v, 2) for v in box], "text": text, "source": source}
