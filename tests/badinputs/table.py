"""The bad-input table: every hostile kind the generator makes, and what each must give.

A row either names the error code the file is refused with, or the pages that still come out
and the warnings that say what was wrong. The same table drives `congvan extract`, the
in-process readers and the HTTP API (tests/badinputs/test_*.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from corpus.synth import hostile
from extract.errors import ErrorCode
from extract.limits import Limits

#: Refused by the upload itself, before the file is stored (413, 415, 422 with the code).
AT_UPLOAD = frozenset({ErrorCode.EMPTY_FILE, ErrorCode.UNSUPPORTED_TYPE,
                       ErrorCode.TOO_LARGE})
#: Seconds one bad file may take through any path (the issue allows five minutes).
LIMIT_S = 60.0


@dataclass(frozen=True)
class BadInput:
    """One hostile file and what it must give."""

    name: str
    make: Callable[[], bytes]
    #: The error code it is refused with; None when it is read.
    code: ErrorCode | None = None
    #: When read: the page numbers that come out, of how many.
    pages: tuple[int, ...] = ()
    of: int = 0
    warnings: frozenset[str] = field(default_factory=frozenset)
    #: When set: the file is this many bytes over the byte limit the reader is given.
    over_limit: int | None = None


def _read(name: str, make: Callable[[], bytes], of: int, *warnings: str,
          missing: tuple[int, ...] = ()) -> BadInput:
    """A file that is read: pages 1..of come out but the `missing` ones."""
    return BadInput(name, make, pages=tuple(n for n in range(1, of + 1) if n not in missing),
                    of=of, warnings=frozenset(warnings))


TABLE: tuple[BadInput, ...] = (
    BadInput("empty.pdf", lambda: b"", ErrorCode.EMPTY_FILE),
    BadInput("five-bytes.pdf", lambda: b"%PDF\n", ErrorCode.UNSUPPORTED_TYPE),
    BadInput("text.pdf", hostile.not_a_letter, ErrorCode.UNSUPPORTED_TYPE),
    BadInput("html.pdf", hostile.html_named_pdf, ErrorCode.UNSUPPORTED_TYPE),
    BadInput("zip.pdf", hostile.zip_named_pdf, ErrorCode.UNSUPPORTED_TYPE),
    BadInput("gif-header-bomb.gif", hostile.gif_header_bomb, ErrorCode.UNSUPPORTED_TYPE),
    BadInput("one-byte-over.pdf", hostile.letter_pdf, ErrorCode.TOO_LARGE, over_limit=1),
    BadInput("truncated.pdf", hostile.truncated_pdf, ErrorCode.INVALID_PDF),
    BadInput("encrypted-user-password.pdf", hostile.encrypted_pdf, ErrorCode.ENCRYPTED_PDF),
    BadInput("no-pages.pdf", hostile.no_pages_pdf, ErrorCode.NO_PAGES),
    BadInput("unreachable-pages.pdf", hostile.unreachable_pages_pdf, ErrorCode.NO_PAGES),
    BadInput("2000-blank-pages.pdf", lambda: hostile.many_pages_pdf(2000),
             ErrorCode.TOO_MANY_PAGES),
    BadInput("page-20000pt.pdf", hostile.huge_page_pdf, ErrorCode.PAGE_TOO_LARGE),
    BadInput("scan-17000px-in-a-page.pdf", lambda: hostile.big_image_pdf(17_000),
             ErrorCode.IMAGE_TOO_LARGE),
    BadInput("png-40000px-bomb.png", hostile.png_bomb, ErrorCode.IMAGE_TOO_LARGE),
    BadInput("png-header-bomb.png", hostile.png_header_bomb, ErrorCode.IMAGE_TOO_LARGE),
    BadInput("png-text-chunk-bomb.png", hostile.png_text_bomb, ErrorCode.CORRUPT_IMAGE),
    BadInput("png-broken-header.png", hostile.broken_png_header,
             ErrorCode.UNRECOGNISED_IMAGE),
    BadInput("truncated.png", hostile.truncated_png, ErrorCode.CORRUPT_IMAGE),
    BadInput("truncated.jpg", hostile.truncated_jpeg, ErrorCode.CORRUPT_IMAGE),
    BadInput("garbage.tif", hostile.garbage_tiff, ErrorCode.UNRECOGNISED_IMAGE),
    _read("tiff-broken-page-2.tif", hostile.tiff_with_a_broken_page, 3, "page_failed",
          missing=(2,)),
    _read("tiff-g4-three-pages.tif", hostile.tiff_g4_pages, 3),
    _read("tiff-orientation-6.tif", lambda: hostile.tiff_g4_pages(1, orientation=6), 1),
    _read("tiff-500-blank-sheets.tif", hostile.blank_tiff, 500),
    _read("owner-password-only.pdf", hostile.owner_only_pdf, 2),
    _read("broken-xref.pdf", hostile.broken_xref_pdf, 2, "repaired"),
    _read("xref-keyword-missing.pdf", hostile.xref_keyword_missing_pdf, 2, "repaired"),
    _read("trailer-prev-loop.pdf", hostile.trailer_loop_pdf, 2, "repaired"),
    _read("leading-garbage.pdf",
          lambda: b"garbage from a mail gateway\r\n" * 3 + hostile.letter_pdf(), 2),
    _read("content-stream-errors.pdf", hostile.content_errors_pdf, 2),
    _read("script-launch-attachment.pdf", hostile.scripted_pdf, 2, "has_javascript",
          "has_launch_action", "embedded_files"),
    _read("signature-broken.pdf", hostile.tampered_signature_pdf, 2, "signature_broken"),
    _read("changed-after-signing.pdf", hostile.changed_after_signing_pdf, 2,
          "changed_after_signing"),
    _read("cyclic-page-tree.pdf", hostile.cyclic_page_tree_pdf, 2, "page_failed",
          missing=(2,)),
    _read("cyclic-outline.pdf", hostile.cyclic_outline_pdf, 2),
    _read("deep-page-tree-5000.pdf", hostile.deep_page_tree_pdf, 1),
    _read("deep-nested-arrays.pdf", hostile.deep_nested_pdf, 2),
)


def padded(case: BadInput, limits: Limits) -> tuple[bytes, Limits]:
    """The file's bytes and the limits to read it under.

    A row `over_limit` bytes over the limit is padded after its end-of-file mark (still a good
    PDF) to exactly that many bytes over `limits.max_bytes`.
    """
    data = case.make()
    if case.over_limit is not None:
        data += b"\n%" + b"-" * (limits.max_bytes + case.over_limit - len(data) - 2)
        assert len(data) == limits.max_bytes + case.over_limit
    return data, limits
