"""A PDF's own digital signatures, read with pyHanko: signer, time, and whether each holds.

Official letters are often signed with a certificate from a government authority. What a
reviewer needs first is whether the file is still what was signed: a signature whose digest no
longer matches (`signature_broken`), or content added after the last signature
(`changed_after_signing`), is reported as a warning. Trust in the certificate is not judged:
there are no trust roots here and no network (revocation is never fetched).

Only files that carry a signature (`/ByteRange`) are parsed a second time, by pyHanko.
"""

from __future__ import annotations

import io
import logging
from datetime import UTC, datetime, timedelta, timezone

from extract.model import DigitalSignature, FileWarning, WarningCode

log = logging.getLogger(__name__)
VIETNAM = timezone(timedelta(hours=7))


_UNREADABLE = FileWarning(WarningCode.SIGNATURE_UNREADABLE,
                          "Tệp có chữ ký số không kiểm tra được ở đây: "
                                                  "hãy kiểm tra bằng phần mềm ký số.")


def is_signed(data: bytes) -> bool:
    """Whether the PDF carries a signature (a `/ByteRange`): only then is pyHanko needed."""
    return b"/ByteRange" in data


def prepare() -> None:
    """Import pyHanko now (about half a second), in a parent whose forked readers then need not."""
    import pyhanko.sign.validation  # noqa: F401
    import pyhanko_certvalidator  # noqa: F401


def read_signatures(data: bytes) -> tuple[list[DigitalSignature], list[FileWarning]]:
    """The signatures of a PDF, and the warnings they call for."""
    if not is_signed(data):
        return [], []
    try:
        return _read(data)
    except Exception as e:  # noqa: BLE001 - a hostile file must not stop the reading
        log.warning("signatures unreadable: %s: %s", type(e).__name__, e)
        return [], [_UNREADABLE]


#: Above this many appended revisions, what they changed is not analysed (pyHanko's analysis
#: grows with their square: 5,000 tiny updates took 50 s); only whether the last signature
#: covers the whole file is looked at.
MAX_DIFFED_REVISIONS = 20


def _read(data: bytes) -> tuple[list[DigitalSignature], list[FileWarning]]:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko_certvalidator import ValidationContext

    quiet = logging.getLogger("pyhanko")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # an untrusted certificate is normal here, not an error
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        skip_diff = data.count(b"%%EOF") > MAX_DIFFED_REVISIONS
        signatures, warnings = [], []
        unchecked = False
        # Document timestamps (/DocTimeStamp) are not anybody's signature: left out.
        for embedded in reader.embedded_regular_signatures:
            try:
                status = validate_pdf_signature(embedded, ValidationContext(
                    trust_roots=[], allow_fetching=False), skip_diff=skip_diff)
            except SignatureValidationError:
                unchecked = True  # a kind of signature that cannot be checked here
                continue
            changed = status.modification_level
            later_ok = (str(status.coverage).endswith("ENTIRE_FILE") if changed is None
                        else changed in (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES,
                                         ModificationLevel.FORM_FILLING))
            subject = embedded.signer_cert.subject.native
            signature = DigitalSignature(
                field=str(embedded.field_name), signer=_text(subject.get("common_name")),
                email=_text(subject.get("email_address")),
                organisation=_text(subject.get("organization_name")),
                time=_vietnam(status.signer_reported_dt), intact=bool(status.intact),
                last=later_ok)
            signatures.append(signature)
            if not signature.intact:
                who = signature.signer or signature.field
                warnings.append(FileWarning(
                    WarningCode.SIGNATURE_BROKEN,
                    f"Chữ ký số của {who} không còn khớp với nội dung: "
                                        "tệp đã bị sửa sau khi ký."))
        if signatures and signatures[-1].intact and not signatures[-1].last:
            warnings.append(FileWarning(
                WarningCode.CHANGED_AFTER_SIGNING,
                "Tệp có phần được thêm vào sau chữ ký số cuối cùng: "
                                         "phần đó không được ký."))
        if unchecked:
            warnings.append(_UNREADABLE)
        return signatures, warnings
    finally:
        quiet.setLevel(level)


def _text(value: object) -> str | None:
    if isinstance(value, list):  # a name part given twice
        value = ", ".join(map(str, value))
    return str(value).strip() or None if value is not None else None


def _vietnam(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(VIETNAM).isoformat(timespec="seconds")
