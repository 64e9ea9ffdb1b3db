"""Letters signed the way government PDFs are, with a detached CMS signature (pyHanko).

The certificate names the signer, their organisation and email.

The certificate is made here, on the spot (a test authority of the project's own): what the
readers are tested on is reading who signed and whether the file still is what was signed,
not trust in a real authority.
"""

from __future__ import annotations

import io
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pymupdf


def sign_pdf(data: bytes, *, signer: str, organisation: str, email: str,
             field: str = "ChuKySo") -> bytes:
    """`data` signed by a fresh certificate for `signer` of `organisation`."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, signer),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
                      x509.NameAttribute(NameOID.EMAIL_ADDRESS, email),
                      x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")])
    start = datetime.now(UTC) - timedelta(days=1)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(start + timedelta(days=3650))
            .sign(key, hashes.SHA256()))
    der_cert = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    der_key = asn1_keys.PrivateKeyInfo.load(key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    simple = signers.SimpleSigner(signing_cert=der_cert, signing_key=der_key,
                                  cert_registry=SimpleCertificateStore.from_certs([der_cert]))
    out = signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(data)),
                           signers.PdfSignatureMetadata(field_name=field), signer=simple)
    return bytes(out.getvalue())


def tampered(signed: bytes) -> bytes:
    """A signed file with one character of its signed part changed (its producer's name)."""
    at = signed.find(b"/Producer")
    assert at > 0, "no producer to change"
    at = signed.index(b"(", at) + 1
    changed = bytearray(signed)
    changed[at] = ord("X") if changed[at] != ord("X") else ord("Y")
    return bytes(changed)


def changed_after_signing(signed: bytes) -> bytes:
    """A signed file with a note added to its first page afterwards (an appended update)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ky.pdf"
        path.write_bytes(signed)
        doc = pymupdf.open(path)
        doc[0].add_text_annot((60, 60), "Đã sửa sau khi ký")
        doc.saveIncr()
        doc.close()
        return path.read_bytes()
