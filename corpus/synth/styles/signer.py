"""Styles of the signature block: how real offices set authority, title, rank and name.

Each rewrites the signature column of a composed letter (Nghị định 30/2020, Appendix I, ô 7)
and its gold `signer` / `signers`: an authority chain over the title, a rank before the
name, another function of the signer over the name, the block cut by a page break with no
title line, two signers side by side (minutes), "KT." with no space after it, and stray
text an e-signature overlay leaves in the signature's space.
"""

from __future__ import annotations

import random
from dataclasses import replace
from typing import Any

from corpus.synth import vocab
from corpus.synth.compose import Block, Letter
from corpus.synth.styles import style

#: Other functions a signer may hold, printed over the name (ô 7b), in the generator's words.
OTHER_FUNCTIONS = ("Giám đốc Trung tâm Thông tin", "Trưởng phòng Tổng hợp",
                   "Chánh Thanh tra", "Viện trưởng Viện Nghiên cứu Phát triển",
                   "Trưởng ban Ban Quản lý dự án")
#: Ranks and degrees printed before a name.
RANKS = ("Đại tá", "Thượng tá", "Thiếu tướng", "Trung tá", "PGS.TS.", "TS.", "ThS.")
#: Text an e-signature tool leaves under its picture: a foreign word, a run of glyphs.
OVERLAY_WORDS = ("SIGNED", "SIGNATURE", "DIGITAL")
#: Sentences that fill a page so the signature block falls across its end.
FILLER = ("Các cơ quan, đơn vị căn cứ chức năng, nhiệm vụ được giao chủ động phối hợp triển "
          "khai thực hiện, bảo đảm đúng quy định và hiệu quả.",
          "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị kịp "
          "thời phản ánh để được hướng dẫn, giải quyết.")


def _signer(name: str, title: str | None, authority: str | None,
            rank: str | None = None) -> dict[str, Any]:
    return {"name": name, "title": title, "authority": authority, "rank": rank}


def _footer(letter: Letter) -> tuple[int, int, int]:
    """Indices of the distribution list, the authority-and-title lines and the name."""
    signature = [i for i, b in enumerate(letter.blocks) if b.region == "signature"]
    dist = next(i for i, b in enumerate(letter.blocks)
                if b.region == "footer-left" and b.lines[:1] == ("Nơi nhận:",))
    return dist, signature[0], signature[1]


def _with(letter: Letter, blocks: list[Block], *signers: dict[str, Any]) -> Letter:
    gold = {**letter.gold, "signer": signers[0], "signers": list(signers)}
    return replace(letter, blocks=blocks, gold=gold)


def _body(letter: Letter) -> vocab.Body:
    return next(b for b in vocab.BODIES if b.issuer == letter.gold["issuer"])


def _upper(authority: str) -> str:
    word, _, rest = authority.partition(" ")
    return f"{word} {rest.upper()}"


def _name(letter: Letter) -> str:
    return str(letter.gold["signer"]["name"])  # type: ignore[index]


@style("signer_authority_chain")
def authority_chain(letter: Letter, rng: random.Random) -> Letter:
    """Two authority marks over the title: "TL. CHỦ TỊCH" / "KT. CHÁNH VĂN PHÒNG" / title."""
    body = _body(letter)
    slash = body.form == "party" and rng.random() < 0.5
    collective = {"province": "Ủy ban nhân dân", "district": "Ủy ban nhân dân",
                  "party_committee": "Ban Thường vụ"}.get(body.kind)
    if collective and rng.random() < 0.5:
        chain = [("T/M " if slash else "TM. ") + collective,
                 ("K/T " if slash else "KT. ") + body.head_title]
        title = body.deputy_title
    else:
        chain = [("T/L " if slash else "TL. ") + body.head_title,
                 ("K/T " if slash else "KT. ") + "Chánh Văn phòng"]
        title = "Phó Chánh Văn phòng"
    blocks = list(letter.blocks)
    _, sig, _ = _footer(letter)
    blocks[sig] = replace(blocks[sig], lines=(*(_upper(a) for a in chain), title.upper()))
    return _with(letter, blocks, _signer(_name(letter), title, " / ".join(chain)))


@style("signer_rank")
def rank_before_name(letter: Letter, rng: random.Random) -> Letter:
    """A rank or degree before the name, on its line or on the line above it."""
    rank = rng.choice(RANKS)
    blocks = list(letter.blocks)
    _, _, name = _footer(letter)
    lines = (f"{rank} {_name(letter)}",) if rng.random() < 0.6 else (rank, _name(letter))
    blocks[name] = replace(blocks[name], lines=lines)
    gold = dict(letter.gold["signer"])  # type: ignore[call-overload]
    return _with(letter, blocks, {**gold, "rank": rank})


@style("signer_other_function")
def other_function(letter: Letter, rng: random.Random) -> Letter:
    """Another function of the signer, over the name or right under the title."""
    other = rng.choice(OTHER_FUNCTIONS).upper()
    blocks = list(letter.blocks)
    _, sig, name = _footer(letter)
    if rng.random() < 0.5:
        blocks[name] = replace(blocks[name], lines=(other, *blocks[name].lines))
    else:
        blocks[sig] = replace(blocks[sig], lines=(*blocks[sig].lines, other))
    return _with(letter, blocks, dict(letter.gold["signer"]))  # type: ignore[call-overload]


@style("signer_split_no_title")
def split_no_title(letter: Letter, rng: random.Random) -> Letter:
    """A collective's authority alone at the foot of a page, the name atop the next one."""
    body = _body(letter)
    if body.form == "party":
        authority = ("T/M " if rng.random() < 0.5 else "TM. ") + "Ban Thường vụ"
    else:
        authority = "TM. Ủy ban nhân dân"
    dist, sig, name = _footer(letter)
    blocks = [b for i, b in enumerate(letter.blocks) if i not in (dist, sig, name)]
    at = max(i for i, b in enumerate(blocks) if b.region == "body") + 1
    blocks[at:at] = [
        Block("body", FILLER, "regular", 14, align="justify", wrap=True, indent=28,
              space_before=6, fill_to=700),
        Block("signature", (_upper(authority),), "bold", 13, space_before=20),
        replace(letter.blocks[name], space_before=62),
        replace(letter.blocks[dist], space_before=24),
    ]
    return _with(letter, blocks, _signer(_name(letter), None, authority))


@style("signer_minutes")
def minutes(letter: Letter, rng: random.Random) -> Letter:
    """Minutes: the secretary at the left, the chair at the right, "Nơi nhận:" under both."""
    chair_role = rng.choice(("CHỦ TRÌ", "Chủ trì cuộc họp", "CHỦ TỌA"))
    clerk_role = rng.choice(("THƯ KÝ", "Thư ký", "NGƯỜI GHI BIÊN BẢN"))
    clerk = f"{rng.choice(vocab.FAMILY)} {rng.choice(vocab.MIDDLE)} {rng.choice(vocab.GIVEN)}"
    chair = dict(letter.gold["signer"])  # type: ignore[call-overload]
    dist, sig, name = _footer(letter)
    blocks = [b for i, b in enumerate(letter.blocks) if i not in (dist, sig, name)]
    at = max(i for i, b in enumerate(blocks) if b.region == "body") + 1
    blocks[at:at] = [
        Block("footer-left", (clerk_role,), "bold", 13, space_before=24),
        Block("signature", (chair_role,), "bold", 13, same_row_as_previous_right=True),
        Block("footer-left", (clerk,), "bold", 13, space_before=76),
        Block("signature", (str(chair["title"]).upper(), chair["name"]), "bold", 13,
              same_row_as_previous_right=True),
        replace(letter.blocks[dist], space_before=30),
    ]
    role = chair_role[:1] + chair_role[1:].lower()
    clerk_title = clerk_role[:1] + clerk_role[1:].lower()
    return _with(letter, blocks, _signer(chair["name"], chair["title"], role),
                 _signer(clerk, clerk_title, None))


@style("signer_authority_no_space")
def authority_no_space(letter: Letter, rng: random.Random) -> Letter:
    """The authority mark set tight against the title it stands before: "KT.GIÁM ĐỐC"."""
    body = _body(letter)
    mark = rng.choice(("KT.", "TL.")) if body.kind in ("ministry", "government_office") \
        else "KT."
    title = "Chánh Văn phòng" if mark == "TL." else body.deputy_title
    authority = f"{mark} {body.head_title}"
    blocks = list(letter.blocks)
    _, sig, _ = _footer(letter)
    blocks[sig] = replace(blocks[sig], lines=(f"{mark}{body.head_title.upper()}",
                                              title.upper()))
    return _with(letter, blocks, _signer(_name(letter), title, authority))


@style("signer_overlay_text")
def overlay_text(letter: Letter, rng: random.Random) -> Letter:
    """Text an e-signature overlay leaves under the title: a word, glyphs, a clipped title."""
    blocks = list(letter.blocks)
    _, sig, name = _footer(letter)
    title_line = blocks[sig].lines[-1]
    kind = rng.randrange(3)
    if kind == 0:
        stray = rng.choice(OVERLAY_WORDS)
    elif kind == 1:
        letters = rng.choice("ABCDEFGHKLMNPQRSTVX") * rng.randrange(2, 4)
        stray = f"{letters}({rng.randrange(10)}"
    else:
        stray = title_line[:max(3, len(title_line) - rng.randrange(3, 6))].rstrip()
    blocks[name:name] = [Block("signature", (stray,), "regular", 11, space_before=3)]
    blocks[name + 1] = replace(blocks[name + 1], space_before=46)
    return _with(letter, blocks, dict(letter.gold["signer"]))  # type: ignore[call-overload]


@style("signer_joint")
def joint(letter: Letter, rng: random.Random) -> Letter:
    """A joint instrument: the other body's signer at the left, level with the letter's own."""
    own = dict(letter.gold["signer"])  # type: ignore[call-overload]
    partner = rng.choice([b for b in vocab.BODIES if b.issuer != letter.gold["issuer"]])
    deputy = rng.random() < 0.6
    authority = f"KT. {partner.head_title}" if deputy else None
    title = partner.deputy_title if deputy else partner.head_title
    name = f"{rng.choice(vocab.FAMILY)} {rng.choice(vocab.MIDDLE)} {rng.choice(vocab.GIVEN)}"
    dist, sig, own_name = _footer(letter)
    blocks = [b for i, b in enumerate(letter.blocks) if i not in (dist, sig, own_name)]
    at = max(i for i, b in enumerate(blocks) if b.region == "body") + 1
    lines = ((_upper(authority),) if authority else ()) + (title.upper(),)
    blocks[at:at] = [
        Block("footer-left", lines, "bold", 13, space_before=24),
        replace(letter.blocks[sig], same_row_as_previous_right=True),
        Block("footer-left", (name,), "bold", 13, space_before=62),
        replace(letter.blocks[own_name], space_before=0, same_row_as_previous_right=True),
        replace(letter.blocks[dist], space_before=30),
    ]
    return _with(letter, blocks, own, _signer(name, title, authority))


@style("signer_certified_copy")
def certified_copy(letter: Letter, rng: random.Random) -> Letter:
    """A copy's own block after the letter: "SAO Y BẢN CHÍNH", its list and its signer."""
    body = _body(letter)
    copier = f"{rng.choice(vocab.FAMILY)} {rng.choice(vocab.MIDDLE)} {rng.choice(vocab.GIVEN)}"
    mark = rng.choice(("SAO Y BẢN CHÍNH", "SAO Y", "SAO LỤC"))
    dist, _, _ = _footer(letter)
    at = max(i for i, b in enumerate(letter.blocks) if b.region in ("signature", "footer-left"))
    copy_block = [
        Block("body", (mark,), "bold", 13, space_before=30),
        Block("footer-left", ("Nơi nhận:", "- Các cơ quan, đơn vị liên quan;", "- Lưu: VT."),
              "regular", 11, align="left", space_before=12),
        Block("signature", (_upper(f"TL. {body.head_title}"), "CHÁNH VĂN PHÒNG"), "bold", 13,
              same_row_as_previous_right=True),
        Block("signature", (copier,), "bold", 13, space_before=62),
    ]
    blocks = [*letter.blocks[:at + 1], *copy_block, *letter.blocks[at + 1:]]
    assert letter.blocks[dist].region == "footer-left"
    return _with(letter, blocks, *letter.gold["signers"])  # type: ignore[misc]


@style("signer_authority_two_lines")
def authority_two_lines(letter: Letter, rng: random.Random) -> Letter:
    """A collective's authority too long for one line: "TM. ỦY BAN NHÂN DÂN" / "TỈNH …"."""
    body = _body(letter)
    if body.kind in ("province", "district"):
        mark, collective, head = "TM.", body.issuer, body.head_title
        cut = len("Ủy ban nhân dân")
    elif body.kind == "party_committee":
        mark, collective, head = "T/M", f"Ban Thường vụ {body.issuer}", body.head_title
        cut = len("Ban Thường vụ")
    else:
        mark, collective, head = "TM.", "Ban Chỉ đạo công tác đối ngoại", "Trưởng ban"
        cut = len("Ban Chỉ đạo")
    authority = f"{mark} {collective}"
    lines = [f"{mark} {collective[:cut].upper()}", collective[cut:].strip().upper()]
    chain, title = [authority], head
    if rng.random() < 0.5:  # the deputy signs for the head, for the collective
        deputy = f"Phó {head}"
        lines.append(f"{'K/T' if mark == 'T/M' else 'KT.'} {head.upper()}")
        chain.append(f"{'K/T' if mark == 'T/M' else 'KT.'} {head}")
        title = deputy
    blocks = list(letter.blocks)
    _, sig, _ = _footer(letter)
    blocks[sig] = replace(blocks[sig], lines=(*lines, title.upper()))
    return _with(letter, blocks, _signer(_name(letter), title, " / ".join(chain)))


@style("signer_three")
def three_signers(letter: Letter, rng: random.Random) -> Letter:
    """Three bodies' signers: two side by side, the third in the middle under them."""
    joined = joint(letter, rng)
    third = rng.choice([b for b in vocab.BODIES if b.issuer != letter.gold["issuer"]])
    name = f"{rng.choice(vocab.FAMILY)} {rng.choice(vocab.MIDDLE)} {rng.choice(vocab.GIVEN)}"
    blocks = list(joined.blocks)
    dist = next(i for i, b in enumerate(blocks)
                if b.region == "footer-left" and b.lines[:1] == ("Nơi nhận:",))
    blocks[dist:dist] = [
        Block("body", (third.head_title.upper(),), "bold", 13, space_before=24),
        Block("body", (name,), "bold", 13, space_before=62),
    ]
    signers = [*joined.gold["signers"], _signer(name, third.head_title, None)]  # type: ignore[misc]
    return _with(joined, blocks, *signers)
