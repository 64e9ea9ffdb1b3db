"""The e-office system's stamps: a number or a day written into a signed letter's blanks.

After a letter is signed, the system fills "Số:       /UBND-VP" and "ngày    tháng 6" in one
of three ways, all seen on real letters: as loose text drawn at the end of the page's content
(after the whole body), as the text of a signature widget's appearance, or as a picture of
the digits in a signature widget. Each is drawn here where the blank is.
"""

from __future__ import annotations

import pymupdf
from PIL import Image, ImageDraw, ImageFont

from corpus.synth.compose import Stamp
from corpus.synth.fonts import FACES, FONT_DIR, font

#: How finely a stamp drawn as a picture is set.
PICTURE_DPI = 300


def box(at: tuple[float, float], mark: Stamp) -> tuple[float, float, float, float]:
    """Where `mark`'s text stands when its baseline starts at `at` (PDF points)."""
    face = font("regular")
    x, baseline = at
    width = face.text_length(mark.text, fontsize=mark.size)
    return (x, baseline - face.ascender * mark.size, x + width,
            baseline - face.descender * mark.size)


def stamp(doc: pymupdf.Document, index: int, at: tuple[float, float], mark: Stamp) -> None:
    """Write `mark` on page `index` with its text's baseline starting at `at` (PDF points)."""
    page = doc[index]
    if mark.how == "stream":
        page.insert_text(at, mark.text, fontname="regular", fontsize=mark.size)
        return
    face = font("regular")
    x, baseline = at
    width = face.text_length(mark.text, fontsize=mark.size)
    top, bottom = baseline - face.ascender * mark.size, baseline - face.descender * mark.size
    rect = pymupdf.Rect(x - 1, top - 1, x + width + 1, bottom + 1)
    if mark.how == "widget":
        resource = doc.get_new_xref()
        doc.update_object(resource, "<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman "
                                    "/Encoding /WinAnsiEncoding >>")
        content = (f"BT /F1 {mark.size:.2f} Tf 0 g 1 0 0 1 1 {rect.y1 - baseline:.2f} Tm "
                   f"({mark.text}) Tj ET").encode()
        _widget(doc, page, rect, content, f"/Font << /F1 {resource} 0 R >>")
        return
    if mark.how != "widget-image":
        raise ValueError(f"unknown stamp {mark.how!r}")
    scale = PICTURE_DPI / 72
    picture = Image.new("L", (round(rect.width * scale), round(rect.height * scale)), 255)
    type_face = ImageFont.truetype(str(FONT_DIR / FACES["regular"]), round(mark.size * scale))
    ImageDraw.Draw(picture).text((1 * scale, (baseline - rect.y0) * scale), mark.text,
                                 font=type_face, fill=0, anchor="ls")
    image = doc.get_new_xref()
    doc.update_object(image, f"<< /Type /XObject /Subtype /Image /Width {picture.width} "
                             f"/Height {picture.height} /ColorSpace /DeviceGray "
                             "/BitsPerComponent 8 >>")
    doc.update_stream(image, picture.tobytes())
    content = f"q {rect.width:.2f} 0 0 {rect.height:.2f} 0 0 cm /Im1 Do Q".encode()
    _widget(doc, page, rect, content, f"/XObject << /Im1 {image} 0 R >>")


def _widget(doc: pymupdf.Document, page: pymupdf.Page, rect: pymupdf.Rect, content: bytes,
            resources: str) -> None:
    """A signature field on `page` at `rect` (top-down points) drawing `content`."""
    height = page.rect.height
    appearance = doc.get_new_xref()
    doc.update_object(appearance, f"<< /Type /XObject /Subtype /Form /BBox [0 0 "
                                  f"{rect.width:.2f} {rect.height:.2f}] /Resources << "
                                  f"{resources} >> >>")
    doc.update_stream(appearance, content)
    kind, annots = doc.xref_get_key(page.xref, "Annots")
    listed = annots.strip("[] ") if kind == "array" else ""
    # The field is a signature already made (the clerk's, when the number was given): MuPDF
    # draws an unsigned one as its own "SIGN" placeholder. Its contents are not modelled here.
    value = doc.get_new_xref()
    doc.update_object(value, "<< /Type /Sig /Filter /Adobe.PPKLite >>")
    field = doc.get_new_xref()
    name = f"SoHieu{page.number + 1}.{len(listed.split()) // 3 + 1}"
    doc.update_object(field, f"<< /Type /Annot /Subtype /Widget /FT /Sig "
                             f"/T ({name}) /F 132 /Rect [{rect.x0:.2f} "
                             f"{height - rect.y1:.2f} {rect.x1:.2f} {height - rect.y0:.2f}] "
                             f"/P {page.xref} 0 R /V {value} 0 R /AP << /N {appearance} 0 R >> >>")
    doc.xref_set_key(page.xref, "Annots", f"[{listed} {field} 0 R]")
    catalog = doc.pdf_catalog()
    kind, fields = doc.xref_get_key(catalog, "AcroForm/Fields")
    listed = fields.strip("[] ") if kind == "array" else ""
    if doc.xref_get_key(catalog, "AcroForm")[0] == "null":
        doc.xref_set_key(catalog, "AcroForm", f"<< /Fields [{field} 0 R] >>")
    else:
        doc.xref_set_key(catalog, "AcroForm/Fields", f"[{listed} {field} 0 R]")
