"""The signature block as real offices set it: authority marks, title, rank, name, signers."""

import pytest

from corpus.synth.render import render
from corpus.synth.styles import STYLES, styled
from extract.model import Extraction, FileInfo, Page, Region
from extract.pipeline import extract_bytes
from nlp.read import read_letter
from nlp.recipients import read_distribution
from nlp.sheet import Sheet
from nlp.signblock import original
from nlp.signer import is_junk, known_title, read_signers
from tests.nlp.fakes import HEIGHT, WIDTH, fake_extraction, fake_line

BODY = [("Văn bản này gửi các cơ quan, đơn vị để biết và phối hợp thực hiện theo quy định.",
         85, 200)]
DISTRIBUTION = [("Nơi nhận:", 85, 300), ("- Như trên;", 85, 316), ("- Lưu: VT.", 85, 332)]


def _block(*lines: tuple[str, float], x: float = 350) -> list[tuple[str, float, float]]:
    return [(text, x, y) for text, y in lines]


def _signers(signature, *, footer=DISTRIBUTION, **extra):
    regions = {"body": BODY, "footer-left": footer, "signature": signature, **extra}
    signer, signers = read_signers(Sheet.from_extraction(fake_extraction(regions)))
    return signer.value, signers.value


def test_the_authority_is_not_part_of_the_title():
    signer, signers = _signers(_block(("KT. CHÁNH VĂN PHÒNG", 300), ("PHÓ CHÁNH VĂN PHÒNG", 316),
                                      ("Lê Văn An", 380)))
    assert signer == {"name": "Lê Văn An", "title": "Phó Chánh Văn phòng",
                      "authority": "KT. Chánh Văn phòng", "rank": None}
    assert signers == [signer]


@pytest.mark.parametrize(("line", "authority"), [
    ("KT. GIÁM ĐỐC", "KT. Giám đốc"), ("KT.GIÁM ĐỐC", "KT. Giám đốc"),
    ("K/T GIÁM ĐỐC", "K/T Giám đốc"), ("TM. ỦY BAN NHÂN DÂN", "TM. Ủy ban nhân dân"),
    ("T/M BAN THƯỜNG VỤ", "T/M Ban Thường vụ"), ("TL. BỘ TRƯỞNG", "TL. Bộ trưởng"),
    ("T/L BỘ TRƯỞNG", "T/L Bộ trưởng"), ("TUQ. CHỦ TỊCH", "TUQ. Chủ tịch"),
    ("T/UQ CHỦ TỊCH", "T/UQ Chủ tịch"), ("TM.ỦY BAN NHÂN DÂN", "TM. Ủy ban nhân dân"),
])
def test_every_authority_mark_is_read_apart_from_the_title(line, authority):
    signer, _ = _signers(_block((line, 300), ("CHÁNH VĂN PHÒNG", 316), ("Lê Văn An", 380)))
    assert (signer["authority"], signer["title"]) == (authority, "Chánh Văn phòng")


def test_an_authority_chain_gives_the_last_line_as_title():
    signer, _ = _signers(_block(("TL. CHỦ TỊCH", 300), ("KT. CHÁNH VĂN PHÒNG", 316),
                                ("PHÓ CHÁNH VĂN PHÒNG", 332), ("Lê Văn An", 400)))
    assert signer["title"] == "Phó Chánh Văn phòng"
    assert signer["authority"] == "TL. Chủ tịch / KT. Chánh Văn phòng"


def test_an_acting_head_keeps_the_q_mark_in_the_title():
    signer, _ = _signers(_block(("Q. GIÁM ĐỐC", 300), ("Lê Văn An", 380)))
    assert (signer["title"], signer["authority"]) == ("Q. Giám đốc", "Q. Giám đốc")


@pytest.mark.parametrize(("lines", "rank"), [
    ((("Đại tá Lê Văn An", 380),), "Đại tá"),
    ((("Thiếu tướng Lê Văn An", 380),), "Thiếu tướng"),
    ((("PGS.TS. Lê Văn An", 380),), "PGS.TS."),
    ((("TS.", 366), ("Lê Văn An", 382)), "TS."),
])
def test_a_rank_before_the_name_is_kept_apart(lines, rank):
    signer, _ = _signers(_block(("GIÁM ĐỐC", 300), *lines))
    assert (signer["name"], signer["rank"]) == ("Lê Văn An", rank)


@pytest.mark.parametrize("stray", ["SIGNED", "XXX(4", "PHÓ GIÁ"])
def test_overlay_text_under_the_title_is_not_title(stray):
    signer, _ = _signers(_block(("KT. GIÁM ĐỐC", 300), ("PHÓ GIÁM ĐỐC", 316), (stray, 332),
                                ("Lê Văn An", 400)))
    assert signer["title"] == "Phó Giám đốc"


def test_junk_is_told_from_titles():
    assert is_junk("SIGNED", []) and is_junk("Q(7", []) and is_junk("PHÓ CHỦ", ["PHÓ CHỦ TỊCH"])
    assert not is_junk("PHÓ CHỦ TỊCH UBND TỈNH", [])
    assert not is_junk("THƯỜNG TRỰC", ["PHÓ CHỦ TỊCH"])


@pytest.mark.parametrize("y", [332, 366])  # right under the title, or over the name
def test_a_second_function_of_the_signer_is_not_the_title(y):
    signer, _ = _signers(_block(("KT. TRƯỞNG BAN", 300), ("PHÓ TRƯỞNG BAN", 316),
                                ("GIÁM ĐỐC TRUNG TÂM THÔNG TIN", y), ("Lê Văn An", 382)))
    assert (signer["title"], signer["name"]) == ("Phó Trưởng ban", "Lê Văn An")


def test_a_title_over_two_lines_is_one_title():
    signer, _ = _signers(_block(("KT. CHỦ TỊCH", 300), ("PHÓ CHỦ TỊCH", 316),
                                ("THƯỜNG TRỰC", 332), ("Lê Văn An", 400)))
    assert signer["title"] == "Phó Chủ tịch Thường trực"


def test_a_collective_authority_with_no_title_gives_a_null_title():
    signer, _ = _signers(_block(("T/M BAN THƯỜNG VỤ", 300), ("Lê Văn An", 380)))
    assert signer == {"name": "Lê Văn An", "title": None, "authority": "T/M Ban Thường vụ",
                      "rank": None}


def test_a_title_that_lost_its_marks_is_matched_on_its_letters():
    assert known_title("Pho chu tich")[0] == "Phó Chủ tịch"
    signer, _ = _signers(_block(("KT. CHỦ TỊCH", 300), ("PHO CHU TICH", 316), ("Lê Văn An", 380)))
    assert signer["title"] == "Phó Chủ tịch"


def _two_pages(first: list[tuple[str, float, float]], second: list[tuple[str, float, float]]
               ) -> Extraction:
    def page(number, lines):
        return Page(number, WIDTH, HEIGHT, "text_layer",
                    (Region("body", tuple(fake_line(t, x, y) for t, x, y in lines)),))
    return Extraction(FileInfo("fake.pdf", "0" * 64, "application/pdf", 2, 1),
                      (page(1, first), page(2, second)))


def test_a_block_split_over_two_pages_still_gives_the_name():
    first = [*[(BODY[0][0], 85, 200 + 14 * i) for i in range(30)],
             ("T/M BAN BÍ THƯ", 350, 700), ("Nơi nhận:", 85, 714)]
    second = [("- Các cơ quan, đơn vị;", 85, 72), ("- Lưu Văn phòng.", 85, 86),
              ("Lê Văn An", 365, 100)]
    signer, _ = read_signers(Sheet.from_extraction(_two_pages(first, second)))
    assert signer.value == {"name": "Lê Văn An", "title": None, "authority": "T/M Ban Bí thư",
                            "rank": None}


def test_minutes_keep_both_signers_the_chair_first():
    footer = [("THƯ KÝ", 120, 300), ("Trần Thị Bình", 110, 380),
              ("Nơi nhận:", 85, 430), ("- Lưu: VT.", 85, 446)]
    signer, signers = _signers(_block(("CHỦ TRÌ", 300), ("PHÓ GIÁM ĐỐC", 366),
                                      ("Lê Văn An", 382)), footer=footer)
    assert signer == {"name": "Lê Văn An", "title": "Phó Giám đốc", "authority": "Chủ trì",
                      "rank": None}
    assert signers == [signer, {"name": "Trần Thị Bình", "title": "Thư ký", "authority": None,
                                "rank": None}]


def test_the_distribution_list_beside_the_block_is_no_second_signer():
    _, signers = _signers(_block(("GIÁM ĐỐC", 300), ("Lê Văn An", 380)))
    assert len(signers) == 1


@pytest.mark.parametrize("name", [n for n in STYLES if n.startswith("signer_")])
def test_the_generator_writes_each_signer_style_and_the_reader_reads_it(name):
    letter = styled(9203, name)
    pdf, _ = render(letter)
    fields = read_letter(extract_bytes(pdf, name=f"{letter.key}.pdf")).fields
    assert fields["signer"].value == letter.gold["signer"]
    assert fields["signers"].value == letter.gold["signers"]


def test_an_authority_wrapped_over_two_lines_is_one_authority():
    signer, _ = _signers(_block(("TM. BAN THƯỜNG VỤ", 300), ("HUYỆN ỦY", 316), ("BÍ THƯ", 332),
                                ("Lê Văn An", 400)))
    assert (signer["authority"], signer["title"]) == ("TM. Ban Thường vụ Huyện ủy", "Bí thư")


def _copied(mark_y: float) -> Sheet:
    first = [("KT. GIÁM ĐỐC", 350, 300), ("PHÓ GIÁM ĐỐC", 350, 316), ("Lê Văn An", 380, 380)]
    copy = [("TL. GIÁM ĐỐC", 350, 500), ("CHÁNH VĂN PHÒNG", 350, 516),
            ("Trần Thị Bình", 380, 580)]
    regions = {
        "body": [*BODY, ("SAO Y BẢN CHÍNH", 250, mark_y)],
        "footer-left": [*DISTRIBUTION, ("Nơi nhận:", 85, 500), ("- Các cơ quan;", 85, 516)],
        "signature": first + copy,
    }
    return Sheet.from_extraction(fake_extraction(regions))


def test_a_copys_block_after_the_letter_is_not_its_signer_nor_its_list():
    own = original(_copied(470))
    signer, signers = read_signers(own)
    assert signer.value["name"] == "Lê Văn An"
    assert [s["name"] for s in signers.value] == ["Lê Văn An"]
    assert read_distribution(own).value == ["Như trên", "Lưu: VT"]


def test_a_copy_mark_stamped_atop_the_page_cuts_nothing():
    sheet = _copied(20)
    assert original(sheet) is sheet


def test_three_signers_two_side_by_side_and_one_in_the_middle_are_all_kept():
    footer = [("CHỦ TỊCH", 120, 300), ("Trần Thị Bình", 110, 380),
              ("Nơi nhận:", 85, 560), ("- Lưu: VT.", 85, 576)]
    centre = [("BÍ THƯ", 280, 420), ("Phạm Văn Cường", 255, 500)]
    signer, signers = _signers(_block(("GIÁM ĐỐC", 300), ("Lê Văn An", 380)), footer=footer,
                               **{"footnote": centre})
    assert [s["name"] for s in signers] == ["Lê Văn An", "Trần Thị Bình", "Phạm Văn Cường"]
    assert [s["title"] for s in signers] == ["Giám đốc", "Chủ tịch", "Bí thư"]


def test_a_letter_whose_header_shows_only_its_issuer_still_gets_its_signer():
    regions = {"header-left": [("ỦY BAN NHÂN DÂN", 70, 60), ("TỈNH LẠNG SƠN", 80, 76)],
               "header-right": [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 300, 60)],
               "body": BODY, "footer-left": DISTRIBUTION,
               "signature": _block(("TM. ỦY BAN NHÂN DÂN", 300), ("KT. CHỦ TỊCH", 316),
                                   ("PHÓ CHỦ TỊCH", 332), ("Lê Văn An", 400))}
    fields = read_letter(fake_extraction(regions)).fields
    assert fields["doc_ref"].value is None and fields["issued_date"].value is None
    assert fields["signer"].value == {"name": "Lê Văn An", "title": "Phó Chủ tịch",
                                      "authority": "TM. Ủy ban nhân dân / KT. Chủ tịch",
                                      "rank": None}


def test_a_speck_a_scan_read_inside_the_name_is_dropped():
    signer, _ = _signers(_block(("GIÁM ĐỐC", 300), ("Lê 'Văn An", 380)))
    assert signer["name"] == "Lê Văn An"


def test_a_name_crossed_by_the_signature_is_read_without_its_stray_glyphs():
    """The pen's strokes over the name line read as a one-letter word and a non-syllable."""
    signer, _ = _signers(_block(("KT. CHỦ TỊCH", 300), ("PHÓ CHỦ TỊCH", 316),
                                ("Lê Ả Văn An Xme", 380)))
    assert signer["name"] == "Lê Văn An"


def test_a_line_of_signature_specks_is_no_name():
    signer, _ = _signers(_block(("KT. CHỦ TỊCH", 300), ("PHÓ CHỦ TỊCH", 316),
                                ("Ty THiệnh", 350), ("Lê Văn An", 380)))
    assert signer["name"] == "Lê Văn An"


@pytest.mark.parametrize(("read", "name"), [("Nguyên Văn An", "Nguyễn Văn An"),
                                            ("Dặng Thị Bình", "Đặng Thị Bình"),
                                            ("Tran Văn Cường", "Trần Văn Cường"),
                                            ("Dương Văn An", "Dương Văn An")])
def test_a_family_name_that_lost_a_mark_in_the_scan_is_read_back(read, name):
    signer, _ = _signers(_block(("KT. CHỦ TỊCH", 300), ("PHÓ CHỦ TỊCH", 316), (read, 380)))
    assert signer["name"] == name


def test_a_signature_read_as_a_capitals_word_above_the_title_is_not_the_title():
    signer, _ = _signers(_block(("Chủ trì cuộc họp", 300), ("TEEN.", 330),
                                ("PHÓ CHỦ TỊCH", 360), ("Lê Văn An", 376)))
    assert signer["title"] == "Phó Chủ tịch"
    assert signer["name"] == "Lê Văn An"


def test_specks_before_the_authority_and_the_title_are_left_out():
    signer, _ = _signers(_block(("-TM. ỦY BAN NHÂN DÂN", 300), ("⁄ PHÓ CHỦ TỊCH", 316),
                                ("Lê Văn An", 380)))
    assert (signer["authority"], signer["title"]) == ("TM. Ủy ban nhân dân", "Phó Chủ tịch")


def test_a_title_line_the_layout_cut_in_two_on_its_row_is_one_title():
    signer, _ = _signers([("TM. ỦY BAN NHÂN DÂN", 345, 300), ("CHỦ", 388, 330),
                          ("TỊCH", 420, 330), ("Lê Văn An", 380, 380)])
    assert signer["title"] == "Chủ tịch"
