"""Hostile and broken files made by the project itself, one per way a file can go wrong."""

from __future__ import annotations

import io
import struct
import zlib

import pymupdf
from PIL import Image

from corpus.synth.compose import compose
from corpus.synth.render import render


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(
        ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_header_bomb(width: int = 100_000, height: int = 100_000) -> bytes:
    """A tiny PNG whose header claims ten gigapixels."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", idat)
            + _png_chunk(b"IEND", b""))


def truncated_png() -> bytes:
    """A PNG cut off in the middle of its pixel data."""
    buf = io.BytesIO()
    Image.effect_noise((400, 300), 60).save(buf, format="PNG")
    data = buf.getvalue()
    return data[: len(data) // 2]


def truncated_jpeg() -> bytes:
    """A JPEG missing its tail."""
    buf = io.BytesIO()
    Image.effect_noise((400, 300), 60).convert("RGB").save(buf, format="JPEG")
    data = buf.getvalue()
    return data[: len(data) // 2]


def garbage_tiff() -> bytes:
    """TIFF magic followed by nonsense."""
    return b"II*\x00" + bytes(range(256)) * 2


def letter_pdf(seed: int = 3) -> bytes:
    """A good born-digital letter, to be broken by the functions below."""
    return render(compose(seed))[0]


def truncated_pdf() -> bytes:
    """A PDF cut to its first kilobyte."""
    return letter_pdf()[:1000]


def encrypted_pdf(password: str = "matkhau") -> bytes:
    """A letter locked with a user password."""
    doc = pymupdf.open(stream=letter_pdf(), filetype="pdf")
    return doc.tobytes(encryption=pymupdf.mupdf.PDF_ENCRYPT_AES_256, user_pw=password,
                       owner_pw=password + "-owner")


def owner_only_pdf() -> bytes:
    """A letter with an owner password only: readable by anyone."""
    doc = pymupdf.open(stream=letter_pdf(), filetype="pdf")
    return doc.tobytes(encryption=pymupdf.mupdf.PDF_ENCRYPT_AES_256, owner_pw="chu-so-huu",
                       user_pw="")


def no_pages_pdf() -> bytes:
    """A syntactically fine PDF whose page tree is empty."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    out = b"%PDF-1.7\n"
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return out


def many_pages_pdf(pages: int) -> bytes:
    """A PDF with many blank pages."""
    doc = pymupdf.open()
    for _ in range(pages):
        doc.new_page()
    return doc.tobytes()


def huge_page_pdf() -> bytes:
    """A page 300 inches wide."""
    doc = pymupdf.open()
    doc.new_page(width=300 * 72, height=300 * 72)
    return doc.tobytes()


def big_image_pdf(side: int = 9000) -> bytes:
    """A letter-sized page holding one scanned image of side x side pixels (bilevel, tiny)."""
    image = Image.new("1", (side, side), 1)
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=True)
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_image(page.rect, stream=buf.getvalue())
    return doc.tobytes(deflate=True)


def not_a_letter() -> bytes:
    """Plain text with a .pdf name: not a file type congvan reads."""
    return b"Day khong phai la cong van.\n"


def cyclic_page_tree_pdf() -> bytes:
    """A two-page letter whose second page is a page-tree node pointing back at the root.

    The first page reads; loading the second raises MuPDF's "cycle in page tree".
    """
    doc = pymupdf.open(stream=render(compose(11))[0], filetype="pdf")
    assert doc.page_count == 2
    root = doc.pdf_catalog()
    pages = int(doc.xref_get_key(root, "Pages")[1].split()[0])
    doc.update_object(doc[1].xref,
                      f"<</Type/Pages/Kids[{pages} 0 R]/Count 1/Parent {pages} 0 R>>")
    return doc.tobytes()


def scripted_pdf() -> bytes:
    """A letter that opens with JavaScript, links to a program, and carries an attachment."""
    doc = pymupdf.open(stream=letter_pdf(), filetype="pdf")
    doc.xref_set_key(doc.pdf_catalog(), "OpenAction",
                     "<</Type/Action/S/JavaScript/JS(app.alert\\('congvan'\\);)>>")
    page = doc[0]
    page.insert_link({"kind": pymupdf.LINK_LAUNCH, "from": pymupdf.Rect(50, 50, 150, 70),
                      "file": "../../bin/chay-chuong-trinh.exe"})
    doc.embfile_add("dinh-kem.txt", b"tep dinh kem", filename="dinh-kem.txt")
    return doc.tobytes()


def broken_xref_pdf() -> bytes:
    """A letter whose cross-reference offsets all point to the wrong place: MuPDF repairs it."""
    data = letter_pdf()
    at = data.rfind(b"startxref")
    return data[:at] + b"startxref\n17\n%%EOF\n"


def tiff_with_a_broken_page() -> bytes:
    """A three-page TIFF whose second page's pixel data lies past the end of the file."""
    pages = [Image.new("L", (400, 560), 255) for _ in range(3)]
    for i, page in enumerate(pages):
        page.paste(0, (40, 40 + 60 * i, 360, 60 + 60 * i))
    buf = io.BytesIO()
    pages[0].save(buf, format="TIFF", save_all=True, append_images=pages[1:],
                  dpi=(200, 200))
    data = bytearray(buf.getvalue())
    order = "<" if data[:2] == b"II" else ">"
    ifd = struct.unpack(order + "I", data[4:8])[0]
    ifd = struct.unpack(order + "I", data[ifd + 2 + 12 * struct.unpack(
        order + "H", data[ifd:ifd + 2])[0]:][:4])[0]  # the second page's directory
    for n in range(struct.unpack(order + "H", data[ifd:ifd + 2])[0]):
        entry = ifd + 2 + 12 * n
        if struct.unpack(order + "H", data[entry:entry + 2])[0] == 273:  # StripOffsets
            data[entry + 8:entry + 12] = struct.pack(order + "I", len(data) + 10_000)
    return bytes(data)
