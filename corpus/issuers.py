"""Whether two ways of naming an issuing body name the same body.

"Bộ Chính trị khóa XI" is "Bộ Chính trị"; "UBND tỉnh" is "Ủy ban nhân dân tỉnh Lạng Sơn"; "Ban
Thường vụ Tỉnh ủy" is "Tỉnh ủy"; "Bộ Tài chính" is not "Bộ Chính trị".
"""

from __future__ import annotations

import re

from corpus.registry.registry import fold_words

_EXPANSIONS = (("ubnd", "uy ban nhan dan"), ("hdnd", "hoi dong nhan dan"),
               ("tw", "trung uong"), ("bch", "ban chap hanh"), ("ttg", "thu tuong"),
               ("cp", "chinh phu"))
_FILLER = re.compile(r"\b(?:khoa [ivxlc]+|trung uong dang|dang cong san viet nam)\b")
_LEADS = re.compile(r"^(?:ban thuong vu|ban chap hanh|thuong truc|thuong vu|bo truong|"
                    r"chu tich)\s+")


def _issuer_key(text: str) -> str:
    words = fold_words(text.replace("ủy", "uỷ")).replace(".", " ").split()
    expanded = " ".join(next((full for short, full in _EXPANSIONS if w == short), w)
                        for w in words)
    expanded = _FILLER.sub(" ", expanded)
    return " ".join(_LEADS.sub("", " ".join(expanded.split())).split())


def issuers_agree(cited: str, known: str) -> bool:
    """Whether the issuer a letter names is the registry's (one contained in the other)."""
    a, b = _issuer_key(cited), _issuer_key(known)
    if not a or not b:
        return True
    short, long = sorted((a, b), key=len)
    return f" {short} " in f" {long} "
