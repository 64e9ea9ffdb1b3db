"""Hostile and broken files made by the project itself, one per way a file can go wrong."""

from __future__ import annotations

import io
import re
import struct
import zipfile
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


def png_bomb(side: int = 40_000) -> bytes:
    """A real bilevel PNG of side x side pixels, every pixel white, its data deflated whole.

    40,000 x 40,000 is 1.6 gigapixels (200 MB of rows) in about 200 kB: deflate cannot squeeze
    more than about 1,000 to 1, so "a few kB" is only reachable by a header that lies
    (`png_header_bomb`).
    """
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    row = b"\x00" + b"\xff" * ((side + 7) // 8)
    pack = zlib.compressobj(9)
    idat = b"".join(pack.compress(row * 1000) for _ in range(side // 1000))
    idat += pack.compress(row * (side % 1000)) + pack.flush()
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", idat)
            + _png_chunk(b"IEND", b""))


def gif_header_bomb() -> bytes:
    """A 30-byte GIF whose logical screen claims 65,535 x 65,535 pixels (4.3 gigapixels)."""
    return (b"GIF89a" + struct.pack("<HH", 65535, 65535) + b"\x00\x00\x00"
            + b"\x2c" + struct.pack("<HHHH", 0, 0, 65535, 65535) + b"\x00\x02\x02\x4c\x01\x00;")


def png_text_bomb(megabytes: int = 200) -> bytes:
    """A small white PNG carrying a compressed text chunk that inflates to `megabytes` MB."""
    buf = io.BytesIO()
    Image.new("L", (200, 100), 255).save(buf, format="PNG")
    data = buf.getvalue()
    pack = zlib.compressobj(9)
    text = b"".join(pack.compress(b"\x00" * 1_048_576) for _ in range(megabytes)) + pack.flush()
    chunk = _png_chunk(b"zTXt", b"Comment\x00\x00" + text)
    at = data.index(b"IDAT") - 4
    return data[:at] + chunk + data[at:]


def broken_png_header() -> bytes:
    """A PNG whose header chunk is cut short and fails its checksum."""
    buf = io.BytesIO()
    Image.new("L", (200, 100), 255).save(buf, format="PNG")
    data = bytearray(buf.getvalue())
    data[16:24] = b"\xff" * 8  # width and height overwritten, CRC now wrong
    return bytes(data[:40])


def tiff_g4_pages(pages: int = 3, *, orientation: int | None = None) -> bytes:
    """A multi-page bilevel TIFF compressed with CCITT Group 4, as office scanners write.

    With `orientation` set, every page carries that TIFF Orientation tag (6: turned 90°).
    """
    frames = []
    for i in range(pages):
        page = Image.new("1", (800, 1100), 1)
        page.paste(0, (80, 80 + 120 * i, 720, 120 + 120 * i))
        frames.append(page)
    buf = io.BytesIO()
    extra: dict[str, object] = {}
    if orientation is not None:
        extra["tiffinfo"] = {274: orientation}
    frames[0].save(buf, format="TIFF", compression="group4", save_all=True,
                   append_images=frames[1:], dpi=(200, 200), **extra)
    return buf.getvalue()


def blank_tiff(pages: int = 500, *, dust: bool = True) -> bytes:
    """A batch scan of blank A4 sheets at 300 dpi (bilevel, CCITT Group 4): tiny, many pages.

    With `dust`, every sheet carries a few specks, as a real scanner's glass leaves them.
    """
    sheet = Image.new("1", (2480, 3508), 1)
    if dust:
        for x, y in ((400, 700), (1900, 2600), (1200, 3100)):
            sheet.paste(0, (x, y, x + 3, y + 3))
    buf = io.BytesIO()
    sheet.save(buf, format="TIFF", compression="group4", save_all=True,
               append_images=[sheet] * (pages - 1), dpi=(300, 300))
    return buf.getvalue()


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


def _pdf(objects: list[bytes]) -> bytes:
    """A classic PDF file of these objects (1 is the catalog), with a correct xref table."""
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


def no_pages_pdf() -> bytes:
    """A syntactically fine PDF whose page tree is empty."""
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])


def deep_page_tree_pdf(depth: int = 5000) -> bytes:
    """One blank page at the bottom of a page tree `depth` nodes deep, each with one kid."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for i in range(depth):
        node = 2 + i
        parent = b"/Parent %d 0 R " % (node - 1) if i else b""
        objects.append(b"<< /Type /Pages %s/Kids [%d 0 R] /Count 1 >>" % (parent, node + 1))
    objects.append(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] >>" % (depth + 1))
    return _pdf(objects)


def _updated(data: bytes, xref: int, body: bytes) -> bytes:
    """`data` with object `xref` replaced by `body` in an appended (incremental) update."""
    doc = pymupdf.open(stream=data, filetype="pdf")
    size, root = doc.xref_length(), doc.pdf_catalog()
    prev = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    out = data if data.endswith(b"\n") else data + b"\n"
    at = len(out)
    out += b"%d 0 obj\n" % xref + body + b"\nendobj\n"
    table = len(out)
    out += (b"xref\n%d 1\n%010d 00000 n \ntrailer\n<< /Size %d /Root %d 0 R /Prev %d >>\n"
            b"startxref\n%d\n%%%%EOF\n" % (xref, at, size, root, prev, table))
    return out


def deep_nested_pdf(depth: int = 200_000) -> bytes:
    """A letter whose first page's dictionary holds arrays nested `depth` deep.

    PyMuPDF itself refuses to write such an object (stack overflow), so it is appended by hand.
    """
    data = letter_pdf()
    doc = pymupdf.open(stream=data, filetype="pdf")
    xref = doc[0].xref
    page = doc.xref_object(xref, compressed=True).encode()
    assert page.endswith(b">>")
    return _updated(data, xref, page[:-2] + b"/Junk " + b"[" * depth + b"]" * depth + b">>")


def cyclic_outline_pdf() -> bytes:
    """A letter whose bookmark list loops: the only bookmark is its own next one."""
    data = letter_pdf()
    doc = pymupdf.open(stream=data, filetype="pdf")
    outlines, item = doc.get_new_xref(), doc.get_new_xref()
    doc.update_object(outlines, f"<</Type/Outlines/First {item} 0 R/Last {item} 0 R/Count 1>>")
    doc.update_object(item, f"<</Title(Muc 1)/Parent {outlines} 0 R/Next {item} 0 R"
                            f"/Prev {item} 0 R/Dest[{doc[0].xref} 0 R/Fit]>>")
    doc.xref_set_key(doc.pdf_catalog(), "Outlines", f"{outlines} 0 R")
    return doc.tobytes()


def trailer_loop_pdf() -> bytes:
    """A letter with an appended update whose trailer's /Prev points back at itself."""
    data = letter_pdf()
    doc = pymupdf.open(stream=data, filetype="pdf")
    xref = doc[0].xref
    out = _updated(data, xref, doc.xref_object(xref, compressed=True).encode())
    table = int(re.findall(rb"startxref\s+(\d+)", out)[-1])
    prev = int(re.findall(rb"/Prev (\d+)", out)[-1])
    return out.replace(b"/Prev %d >>" % prev, b"/Prev %d >>" % table)


def content_errors_pdf() -> bytes:
    """A letter whose first page's drawing commands have garbage and unclosed groups added."""
    data = letter_pdf()
    doc = pymupdf.open(stream=data, filetype="pdf")
    page = doc[0]
    stream = doc.get_new_xref()
    doc.update_object(stream, "<<>>")
    doc.update_stream(stream, b"q q 1 0 0 ] BT /NoSuchFont 12 Tf (x) Tj ET 0 0 m 10 10 l S {{{ "
                              b"BI /W 1 /H 1 ID \xff EI )) ((")
    contents = page.get_contents()
    doc.xref_set_key(page.xref, "Contents",
                     "[" + " ".join(f"{c} 0 R" for c in [stream, *contents]) + "]")
    return doc.tobytes()


def xref_keyword_missing_pdf() -> bytes:
    """A letter whose cross-reference table has lost its `xref` keyword: MuPDF repairs it."""
    data = letter_pdf()
    at = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    assert data[at:at + 4] == b"xref"
    return data[:at] + b"xfer" + data[at + 4:]


def unreachable_pages_pdf() -> bytes:
    """A catalog whose /Pages points at a font, not a page tree: no page can be reached."""
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                 b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"])


def many_pages_pdf(pages: int) -> bytes:
    """A PDF with many blank pages."""
    doc = pymupdf.open()
    for _ in range(pages):
        doc.new_page()
    return doc.tobytes()


def huge_page_pdf(side_pt: float = 20_000) -> bytes:
    """One page of side_pt x side_pt points (20,000 pt is 7 metres)."""
    doc = pymupdf.open()
    doc.new_page(width=side_pt, height=side_pt)
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


def html_named_pdf() -> bytes:
    """An HTML page saved under a .pdf name (PyMuPDF would open it as HTML if asked)."""
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>Công văn</title></head>"
            "<body><h1>CÔNG VĂN</h1><script>alert(1)</script></body></html>").encode()


def zip_named_pdf() -> bytes:
    """A zip archive holding a good letter, saved under a .pdf name."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("cong-van.pdf", letter_pdf())
    return buf.getvalue()


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


def _signed_letter() -> bytes:
    from corpus.synth.sign import sign_pdf

    return sign_pdf(letter_pdf(), signer="Lê Văn Cường", organisation="Sở Ngoại vụ",
                    email="songoaivu@example.gov.vn")


def tampered_signature_pdf() -> bytes:
    """A digitally signed letter with one character of its signed part changed afterwards."""
    from corpus.synth.sign import tampered

    return tampered(_signed_letter())


def changed_after_signing_pdf() -> bytes:
    """A digitally signed letter with a note appended after the signature."""
    from corpus.synth.sign import changed_after_signing

    return changed_after_signing(_signed_letter())
