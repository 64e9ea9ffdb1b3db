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
