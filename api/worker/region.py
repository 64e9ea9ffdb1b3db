"""The text inside a rectangle a reviewer drew on a page: the text layer, or OCR of that region.

The rectangle is in the page's points, in the frame the page was read in (the frame the
reviewer pages show). A text-layer page gives its words whose middle lies inside, repaired from
legacy encodings; any other page is rendered at 300 dpi in that frame and the region alone OCR'd.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from api.worker import pages
from extract import legacy, ocr, pdf
from extract.limits import Limits

#: Resolution of the region that is OCR'd.
DPI = 300
#: Seconds Tesseract may take on one region.
TIMEOUT = 30.0
#: The longest text a region gives back.
MAX_CHARS = 2000


class BadRegion(ValueError):
    """The rectangle is empty or not on the page."""


def _page_info(document: dict[str, Any] | None, number: int) -> dict[str, Any]:
    for page in (document or {}).get("pages") or []:
        if page.get("number") == number:
            return dict(page)
    raise pages.NoSuchPage(number)


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


def _text_layer(data: bytes, number: int, box: tuple[float, float, float, float]) -> str:
    limits = Limits()
    doc = pdf.open_pdf(data, limits=limits)
    try:
        page = pdf.load_page(doc, number - 1, limits=limits)
        read = pdf.read_page(page, number=number)
    finally:
        doc.close()
    raw = " ".join(w.text for w in read.words)
    encoding = legacy.detect(raw, {f for w in read.words for f in w.fonts})
    x0, y0, x1, y1 = box
    found = []
    for w in read.words:
        mx, my = (w.bbox[0] + w.bbox[2]) / 2, (w.bbox[1] + w.bbox[3]) / 2
        if x0 <= mx <= x1 and y0 <= my <= y1:
            text = "".join(legacy.decode(t, encoding, font=f) for t, f in w.parts)
            if text:
                found.append((round(my, 1), w.bbox[0], text))
    return _lines(found)


def _ocr(data: bytes, media_type: str, number: int, info: dict[str, Any],
         box: tuple[float, float, float, float]) -> str:
    frame = pages.Frame.of({"pages": [info]}, number)
    if media_type == "application/pdf":
        # 300 dpi, lowered for a huge page so the image stays within the pixel budget.
        inches = float(info["width"]) / 72 * float(info["height"]) / 72
        dpi = min(DPI, (Limits().max_pixels / max(inches, 1e-6)) ** 0.5)
        image = pages.page_image(data, media_type, number, dpi=dpi, frame=frame)
    else:
        image = pages.page_image(data, media_type, number, frame=frame, max_side=20000)
    scale_x = image.width / float(info["width"])
    scale_y = image.height / float(info["height"])
    pad = 3.0
    crop = image.crop((max(0, round((box[0] - pad) * scale_x)),
                       max(0, round((box[1] - pad) * scale_y)),
                       min(image.width, round((box[2] + pad) * scale_x)),
                       min(image.height, round((box[3] + pad) * scale_y))))
    if crop.width < 4 or crop.height < 4:
        return ""
    # In the service's own process: Tesseract's program, which a crash or a hang cannot take
    # the service down with (its library is for the readers' children).
    words = ocr.ocr_image(image=crop.convert("L"), dpi=scale_x * 72, psm=6, timeout=TIMEOUT,
                          in_process=False)
    lines: dict[tuple[int, int], list[tuple[int, str]]] = {}
    for w in words:
        lines.setdefault((w.block, w.line), []).append((w.box[0], w.text))
    return "\n".join(" ".join(t for _, t in sorted(line)) for _, line in sorted(lines.items()))


def read_region(data: bytes, media_type: str, document: dict[str, Any] | None, number: int,
                bbox: list[float]) -> dict[str, Any]:
    """The text inside `bbox` on page `number`, and where it came from."""
    info = _page_info(document, number)
    if len(bbox) != 4:
        raise BadRegion("Vùng phải có 4 số: x0, y0, x1, y1 (điểm)")
    x0, y0, x1, y1 = (float(v) for v in bbox)
    x0, x1 = sorted((max(0.0, x0), min(float(info["width"]), x1)))
    y0, y1 = sorted((max(0.0, y0), min(float(info["height"]), y1)))
    if x1 - x0 < 2 or y1 - y0 < 2:
        raise BadRegion("Vùng quá nhỏ hoặc nằm ngoài trang")
    box = (x0, y0, x1, y1)
    if media_type == "application/pdf" and info.get("source") == "text_layer":
        text, source = _text_layer(data, number, box), "text_layer"
    else:
        text, source = _ocr(data, media_type, number, info, box), "ocr"
    text = unicodedata.normalize("NFC", text)[:MAX_CHARS]
    return {"page": number, "bbox": [round(v, 2) for v in box], "text": text, "source": source}
