"""Countries and foreign places named in Vietnamese letters, recognised and normalised.

Two tables written here: :data:`COUNTRY_TABLE` (countries and territories Vietnamese
delegations commonly visit, each with one canonical Vietnamese short name, its ISO 3166-1
alpha-2 code and every form letters use: full official names, abbreviations such as
"CHDCND Lào", short names, hyphenated transliterations, English spellings) and
:data:`PLACE_TABLE` (foreign cities and regions, each with the code of its country).
Viet Nam itself is not in the table: every letter names it, and it is never a trip's
destination.

Matching. Names are compared on a key: Unicode NFC, lower case, hyphens and spaces
equivalent (and optional: "Ô-xtrây-li-a", "Ô xtrây li a" and "Ôxtrâylia" are one name), the
old tone placement folded to the new one at the end of a syllable ("hoà" → "hòa", "Thuỵ" →
"Thụy") and a syllable-final "y" after a consonant read as "i" ("Hoa Kì" = "Hoa Kỳ",
"Thụy Sỹ" = "Thụy Sĩ"). :func:`country` looks a single name up on that key.
:func:`find_countries` and :func:`find_places` scan free text word by word, take the longest
name starting at each word ("Cộng hòa Dân chủ Nhân dân Lào" is one match, not "Lào") and
never match inside a word. A match is kept only when:

* its first letter is a capital (names are capitalised in Vietnamese; "lao động",
  "ý kiến", "Bộ Tư pháp" name nothing);
* it is not glued by a bare hyphen to a word outside it ("Ca-ta" is not read inside
  "Ca-ta-lô-ni-a"), unless that word is "Việt"/"Nam" or another name ("Việt-Lào",
  "Lào-Thái Lan");
* it is not the start of a Vietnamese place named in :data:`NOT_FOREIGN` ("Lào Cai",
  "Mỹ Tho", "Nga Sơn");
* it does not follow a person's title or name part: "ông", "bà", "đồng chí" right before
  it, or a capitalised common surname, "Thị" or "Văn" right before it (so "Nguyễn Thị
  Hà Lan" and "Lê Nam Ninh" are people, not the Netherlands or Nanning).

The cue-word rule. Some short names are also everyday words or common given names: "Anh",
"Anh Quốc", "Áo", "Bỉ", "Séc", "Mỹ", "Đức", "Nga", "Pháp", "Nhật", "Ý" (and the city
"Viên"). In free text these count only

* right after a cue word: "nước", "tại", "sang", "đến", "tới", "thăm", "đi", "ở",
  "công tác", "Vương quốc", "Cộng hòa", "Liên bang", "Đại sứ quán", "Lãnh sự quán",
  "phía", "thủ đô", "thành phố", or "Việt Nam -" / "Việt -" ("hợp tác Việt - Đức"); or
* in a list right after a name already accepted, joined by ",", ";", "/", "-", "–", "và"
  or "hoặc": "tại Pháp, Đức và Bỉ" gives France, Germany and Belgium.

"," and "và" alone are not cues: "các đồng chí Hùng, Đức và Nga" names three people, and
"Ông Trần Minh Đức, Phó Giám đốc" names no country. :func:`country` applies no cue rule:
a name given alone is taken at its word.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate
from typing import Generic, TypeVar


@dataclass(frozen=True)
class Country:
    """A country or territory: its canonical Vietnamese short name (NFC), ISO 3166-1 alpha-2."""

    name: str
    code: str

#: One row of a table: canonical Vietnamese short name, ISO 3166-1 alpha-2 code of the country,
#: the other forms letters use (the canonical name is always accepted too).
Row = tuple[str, str, tuple[str, ...]]

#: Countries and territories, canonical Vietnamese short name first.
COUNTRY_TABLE: tuple[Row, ...] = (
    # East Asia
    ("Nhật Bản", "JP", ("Nhật", "Nhật Bổn", "Japan")),
    ("Hàn Quốc", "KR", ("Đại Hàn Dân Quốc", "Đại Hàn", "Cộng hòa Hàn Quốc", "Nam Hàn",
                        "Korea", "South Korea", "Republic of Korea")),
    ("Triều Tiên", "KP", ("Cộng hòa Dân chủ Nhân dân Triều Tiên", "CHDCND Triều Tiên",
                          "Bắc Triều Tiên", "North Korea", "DPRK")),
    ("Trung Quốc", "CN", ("Cộng hòa Nhân dân Trung Hoa", "CHND Trung Hoa", "Trung Hoa",
                          "China")),
    ("Đài Loan", "TW", ("Taiwan",)),
    ("Hồng Kông", "HK", ("Hồng Công", "Hương Cảng", "Đặc khu hành chính Hồng Kông",
                         "Hong Kong", "Hongkong")),
    ("Ma Cao", "MO", ("Ma-cao", "Áo Môn", "Đặc khu hành chính Ma Cao", "Macao", "Macau")),
    ("Mông Cổ", "MN", ("Mongolia",)),
    # Southeast Asia
    ("Lào", "LA", ("Cộng hòa Dân chủ Nhân dân Lào", "CHDCND Lào", "Laos", "Lao PDR")),
    ("Campuchia", "KH", ("Cam-pu-chia", "Căm-pu-chia", "Vương quốc Campuchia", "Cambodia",
                         "Kampuchea")),
    ("Thái Lan", "TH", ("Vương quốc Thái Lan", "Thailand")),
    ("Xinh-ga-po", "SG", ("Xin-ga-po", "Sing-ga-po", "Singapo", "Cộng hòa Xinh-ga-po",
                          "Singapore")),
    ("Ma-lai-xi-a", "MY", ("Mã Lai", "Malaysia")),
    ("In-đô-nê-xi-a", "ID", ("Cộng hòa In-đô-nê-xi-a", "Indonesia")),
    ("Phi-líp-pin", "PH", ("Phi-lip-pin", "Cộng hòa Phi-líp-pin", "Philippines", "Philippine")),
    ("Mi-an-ma", "MM", ("Cộng hòa Liên bang Mi-an-ma", "Miến Điện", "Myanmar", "Burma")),
    ("Bru-nây", "BN", ("Bru-nây Đa-rút-xa-lam", "Brunei", "Brunei Darussalam")),
    ("Đông Ti-mo", "TL", ("Ti-mo Lét-xtê", "Timor-Leste", "East Timor")),
    # South and Central Asia
    ("Ấn Độ", "IN", ("Cộng hòa Ấn Độ", "India")),
    ("Xri Lan-ca", "LK", ("Sri Lanka",)),
    ("Băng-la-đét", "BD", ("Bangladesh",)),
    ("Pa-ki-xtan", "PK", ("Pakistan",)),
    ("Nê-pan", "NP", ("Nepal",)),
    ("Ca-dắc-xtan", "KZ", ("Cộng hòa Ca-dắc-xtan", "Kazakhstan")),
    ("U-dơ-bê-ki-xtan", "UZ", ("Uzbekistan",)),
    # Middle East
    ("Thổ Nhĩ Kỳ", "TR", ("Türkiye", "Turkiye", "Turkey")),
    ("Ix-ra-en", "IL", ("I-xra-en", "Israel")),
    ("Các Tiểu vương quốc Ả-rập Thống nhất", "AE", ("Tiểu vương quốc Ả-rập Thống nhất",
                                                     "Các Tiểu vương quốc A-rập Thống nhất",
                                                     "UAE", "United Arab Emirates")),
    ("Ả-rập Xê-út", "SA", ("A-rập Xê-út", "Vương quốc Ả-rập Xê-út", "Saudi Arabia")),
    ("Ca-ta", "QA", ("Nhà nước Ca-ta", "Qatar")),
    ("Cô-oét", "KW", ("Nhà nước Cô-oét", "Kuwait")),
    ("I-ran", "IR", ("Cộng hòa Hồi giáo I-ran", "Iran")),
    # Europe
    ("Pháp", "FR", ("Cộng hòa Pháp", "Pháp Quốc", "France")),
    ("Đức", "DE", ("Cộng hòa Liên bang Đức", "CHLB Đức", "Germany")),
    ("Anh", "GB", ("Vương quốc Anh", "Anh Quốc", "Vương quốc Anh và Bắc Ai-len",
                   "Vương quốc Liên hiệp Anh và Bắc Ai-len",
                   "Liên hiệp Vương quốc Anh và Bắc Ai-len", "United Kingdom", "UK",
                   "Great Britain", "Britain", "England")),
    ("Nga", "RU", ("Liên bang Nga", "LB Nga", "Russia", "Russian Federation")),
    ("I-ta-li-a", "IT", ("Italia", "Ý", "Cộng hòa I-ta-li-a", "Italy")),
    ("Tây Ban Nha", "ES", ("Vương quốc Tây Ban Nha", "Spain")),
    ("Bồ Đào Nha", "PT", ("Cộng hòa Bồ Đào Nha", "Portugal")),
    ("Hà Lan", "NL", ("Vương quốc Hà Lan", "Netherlands", "Holland")),
    ("Bỉ", "BE", ("Vương quốc Bỉ", "Belgium")),
    ("Lúc-xăm-bua", "LU", ("Đại Công quốc Lúc-xăm-bua", "Luxembourg")),
    ("Thụy Sĩ", "CH", ("Thụy Sỹ", "Liên bang Thụy Sĩ", "Switzerland")),
    ("Thụy Điển", "SE", ("Vương quốc Thụy Điển", "Sweden")),
    ("Na Uy", "NO", ("Vương quốc Na Uy", "Norway")),
    ("Phần Lan", "FI", ("Cộng hòa Phần Lan", "Finland")),
    ("Đan Mạch", "DK", ("Vương quốc Đan Mạch", "Denmark")),
    ("Áo", "AT", ("Cộng hòa Áo", "Austria")),
    ("Séc", "CZ", ("Cộng hòa Séc", "Czech", "Czech Republic", "Czechia")),
    ("Xlô-va-ki-a", "SK", ("Cộng hòa Xlô-va-ki-a", "Slovakia")),
    ("Ba Lan", "PL", ("Cộng hòa Ba Lan", "Poland")),
    ("Hung-ga-ri", "HU", ("Hungari", "Hungary")),
    ("Bun-ga-ri", "BG", ("Cộng hòa Bun-ga-ri", "Bulgaria")),
    ("Ru-ma-ni", "RO", ("Ru-ma-ni-a", "Romania")),
    ("U-crai-na", "UA", ("Ukraine", "Ukraina")),
    ("Bê-la-rút", "BY", ("Cộng hòa Bê-la-rút", "Belarus")),
    ("Hy Lạp", "GR", ("Cộng hòa Hy Lạp", "Greece")),
    ("Ai-len", "IE", ("Ireland",)),
    ("Xéc-bi-a", "RS", ("Cộng hòa Xéc-bi-a", "Serbia")),
    # Americas
    ("Hoa Kỳ", "US", ("Mỹ", "Hợp chúng quốc Hoa Kỳ", "Hợp chúng quốc Mỹ", "United States",
                      "United States of America", "USA")),
    ("Ca-na-đa", "CA", ("Ca-na-da", "Canada")),
    ("Mê-hi-cô", "MX", ("Mê-xi-cô", "Mexico")),
    ("Cu-ba", "CU", ("Cộng hòa Cu-ba", "Cuba")),
    ("Bra-xin", "BR", ("Cộng hòa Liên bang Bra-xin", "Brazil", "Brasil")),
    ("Ác-hen-ti-na", "AR", ("Argentina",)),
    ("Chi-lê", "CL", ("Chile",)),
    ("Pê-ru", "PE", ("Peru",)),
    ("Vê-nê-xu-ê-la", "VE", ("Venezuela",)),
    ("Cô-lôm-bi-a", "CO", ("Colombia",)),
    # Oceania
    ("Ô-xtrây-li-a", "AU", ("Ốt-xtrây-li-a", "Úc", "Australia")),
    ("Niu Di-lân", "NZ", ("Tân Tây Lan", "New Zealand")),
    # Africa
    ("Ai Cập", "EG", ("Cộng hòa Ả-rập Ai Cập", "Egypt")),
    ("Nam Phi", "ZA", ("Cộng hòa Nam Phi", "South Africa")),
    ("Ni-giê-ri-a", "NG", ("Nigeria",)),
    ("Ma-rốc", "MA", ("Vương quốc Ma-rốc", "Morocco", "Maroc")),
    ("An-giê-ri", "DZ", ("Algeria",)),
    ("Mô-dăm-bích", "MZ", ("Mozambique",)),
    ("Ăng-gô-la", "AO", ("Angola",)),
    ("Tan-da-ni-a", "TZ", ("Tanzania",)),
    ("Kê-ni-a", "KE", ("Kenya",)),
)

#: Foreign cities and regions: the letters' main Vietnamese form, country code, other forms.
PLACE_TABLE: tuple[Row, ...] = (
    # Japan
    ("Tokyo", "JP", ("Tô-ky-ô", "Tô-ki-ô")),
    ("Osaka", "JP", ("Ô-xa-ca",)),
    ("Kyoto", "JP", ("Ky-ô-tô",)),
    ("Fukuoka", "JP", ("Phu-cu-ô-ca",)),
    ("Hokkaido", "JP", ("Hốc-cai-đô",)),
    ("Nagoya", "JP", ("Na-gô-y-a",)),
    ("Yokohama", "JP", ("Y-ô-cô-ha-ma",)),
    ("Hiroshima", "JP", ("Hi-rô-si-ma",)),
    # Korea
    ("Seoul", "KR", ("Xơ-un",)),
    ("Busan", "KR", ("Bu-san", "Pusan")),
    ("Incheon", "KR", ("In-chơn",)),
    ("Jeju", "KR", ("Chê-ju", "Jeju-do")),
    ("Gyeonggi", "KR", ("Kyonggi", "Gyeonggi-do")),
    # China and Taiwan
    ("Bắc Kinh", "CN", ("Beijing", "Peking")),
    ("Thượng Hải", "CN", ("Shanghai",)),
    ("Quảng Châu", "CN", ("Guangzhou",)),
    ("Thâm Quyến", "CN", ("Shenzhen",)),
    ("Côn Minh", "CN", ("Kunming",)),
    ("Nam Ninh", "CN", ("Nanning",)),
    ("Quảng Tây", "CN", ("Guangxi",)),
    ("Vân Nam", "CN", ("Yunnan",)),
    ("Quảng Đông", "CN", ("Guangdong",)),
    ("Hàng Châu", "CN", ("Hangzhou",)),
    ("Thiên Tân", "CN", ("Tianjin",)),
    ("Trùng Khánh", "CN", ("Chongqing",)),
    ("Thành Đô", "CN", ("Chengdu",)),
    ("Hạ Môn", "CN", ("Xiamen",)),
    ("Vũ Hán", "CN", ("Wuhan",)),
    ("Bằng Tường", "CN", ("Pingxiang",)),
    ("Đài Bắc", "TW", ("Taipei",)),
    # Laos
    ("Viêng Chăn", "LA", ("Vientiane", "Vieng Chan")),
    ("Luông Pha-bang", "LA", ("Luông Prabang", "Luang Prabang")),
    ("Chăm-pa-xắc", "LA", ("Champasak", "Champassak")),
    ("Xa-van-na-khẹt", "LA", ("Savannakhet",)),
    ("Hủa Phăn", "LA", ("Houaphanh", "Huaphan")),
    ("Xiêng Khoảng", "LA", ("Xieng Khouang",)),
    # Cambodia
    ("Phnôm Pênh", "KH", ("Nông Pênh", "Phnom Penh")),
    ("Xiêm Riệp", "KH", ("Siem Reap",)),
    ("Xi-ha-núc-vin", "KH", ("Sihanoukville",)),
    ("Bát-tam-bang", "KH", ("Battambang",)),
    # Thailand, Singapore, Malaysia, Indonesia, Philippines, Myanmar, India
    ("Băng Cốc", "TH", ("Bangkok",)),
    ("Chiềng Mai", "TH", ("Chiang Mai",)),
    ("Phu-kết", "TH", ("Phuket",)),
    ("Xinh-ga-po", "SG", ("Xin-ga-po", "Singapore")),
    ("Kuala Lumpur", "MY", ("Cu-a-la Lăm-pơ",)),
    ("Pê-năng", "MY", ("Penang",)),
    ("Gia-các-ta", "ID", ("Jakarta",)),
    ("Ba-li", "ID", ("Bali",)),
    ("Ma-ni-la", "PH", ("Manila",)),
    ("Yangon", "MM", ("Y-an-gun", "Rangoon")),
    ("Nây Pi Tô", "MM", ("Nay Pyi Taw", "Naypyidaw")),
    ("Niu Đê-li", "IN", ("New Delhi",)),
    ("Mum-bai", "IN", ("Mumbai",)),
    # Europe
    ("Paris", "FR", ("Pa-ri",)),
    ("Lyon", "FR", ("Li-ông",)),
    ("Mác-xây", "FR", ("Marseille",)),
    ("Béc-lin", "DE", ("Berlin",)),
    ("Phran-phuốc", "DE", ("Frankfurt",)),
    ("Muy-ních", "DE", ("Munich", "München")),
    ("Hăm-buốc", "DE", ("Hamburg",)),
    ("Mát-xcơ-va", "RU", ("Moscow", "Moskva", "Mạc Tư Khoa")),
    ("Xanh Pê-téc-bua", "RU", ("Saint Petersburg", "Sankt-Peterburg")),
    ("Vla-đi-vô-xtốc", "RU", ("Vladivostok",)),
    ("Luân Đôn", "GB", ("London",)),
    ("Brúc-xen", "BE", ("Brussels", "Bruxelles")),
    ("Am-xtéc-đam", "NL", ("Amsterdam",)),
    ("La Hay", "NL", ("The Hague",)),
    ("Rô-ma", "IT", ("Rome", "Roma")),
    ("Mi-lan", "IT", ("Milan", "Milano")),
    ("Ma-đrít", "ES", ("Madrid",)),
    ("Bác-xê-lô-na", "ES", ("Barcelona",)),
    ("Giơ-ne-vơ", "CH", ("Geneva", "Genève")),
    ("Béc-nơ", "CH", ("Bern", "Berne")),
    ("Viên", "AT", ("Vienna", "Wien")),
    ("Pra-ha", "CZ", ("Prague", "Praha")),
    ("Bu-đa-pét", "HU", ("Budapest",)),
    ("Vác-sa-va", "PL", ("Warsaw", "Warszawa")),
    # Americas
    ("Oa-sinh-tơn", "US", ("Washington",)),
    ("Niu Oóc", "US", ("New York",)),
    ("Ca-li-phoóc-ni-a", "US", ("California",)),
    ("Xan Phran-xi-xcô", "US", ("San Francisco",)),
    ("Lốt An-giơ-lét", "US", ("Los Angeles",)),
    ("Bô-xtơn", "US", ("Boston",)),
    ("Chi-ca-gô", "US", ("Chicago",)),
    ("Ha-oai", "US", ("Hawaii",)),
    ("Ốt-ta-oa", "CA", ("Ottawa",)),
    ("Tô-rôn-tô", "CA", ("Toronto",)),
    ("Van-cu-vơ", "CA", ("Vancouver",)),
    ("Môn-trê-an", "CA", ("Montreal", "Montréal")),
    ("La Ha-ba-na", "CU", ("Havana", "La Habana")),
    # Oceania
    ("Xít-ni", "AU", ("Sydney",)),
    ("Men-bơn", "AU", ("Melbourne",)),
    ("Can-bê-ra", "AU", ("Canberra",)),
    ("Bri-xbên", "AU", ("Brisbane",)),
    ("Ốc-len", "NZ", ("Auckland",)),
    ("Oen-linh-tơn", "NZ", ("Wellington",)),
    # Middle East, Africa, Central Asia
    ("Đu-bai", "AE", ("Dubai",)),
    ("A-bu Đa-bi", "AE", ("Abu Dhabi",)),
    ("Đô-ha", "QA", ("Doha",)),
    ("An-ca-ra", "TR", ("Ankara",)),
    ("I-xtan-bun", "TR", ("Istanbul",)),
    ("Cai-rô", "EG", ("Cairo",)),
    ("U-lan Ba-to", "MN", ("Ulaanbaatar", "Ulan Bator")),
    ("A-xta-na", "KZ", ("Astana",)),
)

#: Country forms that are also everyday words or given names: in free text, only after a cue.
CUE_ONLY_COUNTRIES: frozenset[str] = frozenset(
    {"Anh", "Anh Quốc", "Áo", "Bỉ", "Séc", "Mỹ", "Đức", "Nga", "Pháp", "Nhật", "Ý"})
#: Place forms that are also everyday words ("viên chức"): in free text, only after a cue.
CUE_ONLY_PLACES: frozenset[str] = frozenset({"Viên"})

#: Vietnamese places whose names begin with a country's or city's: never foreign ("Lào Cai",
#: "Mỹ Tho", "Nga Sơn"), whatever comes before them.
NOT_FOREIGN: tuple[str, ...] = (
    "Lào Cai", "Mỹ Tho", "Mỹ Đình", "Mỹ Hào", "Mỹ Đức", "Mỹ Lộc", "Mỹ Tú", "Mỹ Xuyên", "Mỹ Khê",
    "Mỹ Sơn", "Đức Phổ", "Đức Trọng", "Đức Hòa", "Đức Huệ", "Đức Linh", "Đức Cơ", "Đức Thọ",
    "Đức Giang", "Nga Sơn", "Anh Sơn", "Ý Yên", "Nhật Tân", "Nhật Lệ", "Pháp Vân",
)

#: Words right before a cue-only name that make it a country (see the module docstring).
CUE_WORDS: tuple[str, ...] = (
    "nước", "tại", "sang", "đến", "tới", "thăm", "đi", "ở", "công tác", "vương quốc",
    "cộng hòa", "liên bang", "đại sứ quán", "lãnh sự quán", "phía", "thủ đô", "thành phố",
)
#: Common surnames and middle-name markers: a capitalised one right before a name makes it a
#: person's name ("Nguyễn Thị Hà Lan").
_NAME_PARTS = frozenset({"nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "phan", "vũ", "võ",
                         "đặng", "bùi", "đỗ", "hồ", "ngô", "dương", "lý", "đinh", "trịnh", "thị",
                         "văn"})
#: Titles of a person ("ông", "bà", "đồng chí"): right before a name, they make it a person's.
_TITLES = frozenset({"ông", "bà"})


def _retone_table() -> dict[str, str]:
    """Old-style syllable endings ("oà", "uỷ") mapped to the new style ("òa", "ủy")."""
    table: dict[str, str] = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for mark in ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323"):
            old = first + unicodedata.normalize("NFC", second + mark)
            table[old] = unicodedata.normalize("NFC", first + mark) + second
    return table


_RETONE = _retone_table()
_OLD_TONE = re.compile("[ou][" + "".join(sorted({k[1] for k in _RETONE})) + r"](?!\w)")
_Y_TO_I = {unicodedata.normalize("NFC", "y" + m): unicodedata.normalize("NFC", "i" + m)
           for m in ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")}
_FINAL_Y = re.compile(r"(?<=[bcdđghklmnpqrstvx])[" + "".join(_Y_TO_I) + r"](?!\w)")
#: Hyphen look-alikes: hyphen, non-breaking hyphen, soft hyphen.
_DASHES = ("\u2010", "\u2011", "\u00ad")
_SPLIT = re.compile(r"(\w+)")
#: What may stand between two words of one name: spaces, or a hyphen (maybe at a line end).
_JOIN = re.compile(r"\s+|-\s*")
_SPACES = re.compile(r"[\s\-]+")
_GLUE_OK = frozenset({"việt", "nam"})


def _key(text: str) -> str:
    """The comparison form of NFC text, as long as the text (so spans carry over).

    Lower case, hyphen look-alikes made "-", old tone placement folded to the new one, a
    syllable-final "y" after a consonant made "i".
    """
    low = text.lower()
    if len(low) != len(text):  # a letter whose lower case is two characters ("İ")
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    for dash in _DASHES:
        if dash in low:
            low = low.replace(dash, "-")
    low = _OLD_TONE.sub(lambda m: _RETONE.get(m.group(), m.group()), low)
    return _FINAL_Y.sub(lambda m: _Y_TO_I[m.group()], low)


def _compact(name: str) -> str:
    """The lookup key of one name: its key without spaces and hyphens."""
    return _SPACES.sub("", _key(unicodedata.normalize("NFC", name)))


def _nfc(text: str) -> tuple[str, list[int] | None]:
    """Text in NFC and, when that changed it, the index in ``text`` of each NFC character.

    The offset list has one more entry than the NFC text: ``len(text)``, for span ends.
    """
    if unicodedata.is_normalized("NFC", text):
        return text, None
    out: list[str] = []
    offsets: list[int] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i < len(text) and unicodedata.combining(text[i]):
            continue
        composed = unicodedata.normalize("NFC", text[start:i])
        out.append(composed)
        offsets.extend([start] * len(composed))
        start = i
    offsets.append(len(text))
    return "".join(out), offsets


def _words_regex(words: Iterable[str]) -> str:
    keys = sorted({_key(unicodedata.normalize("NFC", w)) for w in words}, key=len, reverse=True)
    return "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in keys)


_CUE = re.compile(rf"(?<!\w)(?:(?:{_words_regex(CUE_WORDS)})\s+|việt(?:\s+nam)?\s*[-–—]\s*)$")
_LIST = re.compile(r"\s*(?:[,;/&–—-]\s*(?:(?:và|hoặc)\s+)?|(?:và|hoặc)\s+)")
#: How far back the cue check looks.
_LOOKBACK = 24

T = TypeVar("T")


class _Words:
    """The words of a key text, split once; their offsets computed only when a name is found."""

    __slots__ = ("_offsets", "parts", "words")

    def __init__(self, key: str) -> None:
        #: Text between words and words, alternately: parts[2 * i + 1] is word i.
        self.parts = _SPLIT.split(key)
        self.words = self.parts[1::2]
        self._offsets: list[int] | None = None

    def before(self, i: int) -> str:
        """The text between word i - 1 (or the start) and word i."""
        return self.parts[2 * i]

    def after(self, i: int) -> str:
        """The text between word i and word i + 1 (or the end)."""
        return self.parts[2 * i + 2]

    def start(self, i: int) -> int:
        """Where word i starts."""
        return self._offset(2 * i + 1)

    def end(self, i: int) -> int:
        """Where word i ends."""
        return self._offset(2 * i + 2)

    def _offset(self, part: int) -> int:
        if self._offsets is None:
            self._offsets = list(accumulate(map(len, self.parts), initial=0))
        return self._offsets[part]


def _after_person_word(nfc_text: str, words: _Words, first: int) -> bool:
    """Whether the word before word ``first`` makes it part of a person's name.

    A title ("ông", "bà", "đồng chí") or a capitalised surname, "Thị" or "Văn", separated from
    it by spaces only.
    """
    if first == 0 or not words.before(first).isspace():
        return False
    word = words.words[first - 1]
    if word in _TITLES or (word == "chí" and first >= 2 and words.words[first - 2] == "đồng"):
        return True
    return word in _NAME_PARTS and nfc_text[words.start(first - 1)].isupper()


@dataclass(frozen=True, slots=True)
class _Hit(Generic[T]):
    """A name found in the key text: its value, first and last word index, span, cue flag."""

    value: T
    first: int
    last: int
    start: int
    end: int
    cue_only: bool


class _Lexicon(Generic[T]):
    """Names (compact keys) with their values, scanned word by word over text."""

    def __init__(self, entries: Iterable[tuple[str, T]], cue_only: Iterable[str],
                 blocked: Iterable[str] = NOT_FOREIGN) -> None:
        self.values: dict[str, T] = {}
        for name, value in entries:
            key = _compact(name)
            if not key:
                raise ValueError(f"empty name for {value!r}")
            if self.values.get(key, value) != value:
                raise ValueError(f"{name!r} names both {self.values[key]!r} and {value!r}")
            self.values[key] = value
        #: Names that are never a match, though they begin with one ("Lào Cai").
        self.blocked = frozenset(_compact(name) for name in blocked) - self.values.keys()
        self.prefixes = frozenset(k[:n] for k in (*self.values, *self.blocked)
                                  for n in range(1, len(k) + 1))
        self.cue_only = frozenset(_compact(name) for name in cue_only)
        missing = self.cue_only - self.values.keys()
        if missing:
            raise ValueError(f"cue-only names not in the table: {sorted(missing)}")

    def lookup(self, name: str) -> T | None:
        """The value one name denotes, or None."""
        return self.values.get(_compact(name.strip()))

    def _candidates(self, words: _Words) -> list[_Hit[T]]:
        """Leftmost-longest names over the words, before any filtering."""
        hits: list[_Hit[T]] = []
        prefixes, values, blocked, seq = self.prefixes, self.values, self.blocked, words.words
        i, n = 0, len(seq)
        while i < n:
            acc = seq[i]
            if acc not in prefixes:
                i += 1
                continue
            best, best_key, j = -1, "", i
            while True:
                if acc in values or acc in blocked:
                    best, best_key = j, acc
                if j + 1 >= n or not _JOIN.fullmatch(words.after(j)):
                    break
                longer = acc + seq[j + 1]
                if longer not in prefixes:
                    break
                acc, j = longer, j + 1
            if best < 0:
                i += 1
                continue
            if best_key in blocked:
                i = best + 1
                continue
            hits.append(_Hit(values[best_key], i, best, words.start(i), words.end(best),
                             best_key in self.cue_only))
            i = best + 1
        return hits

    def scan(self, text: str) -> list[tuple[T, int, int]]:
        """Every name in free text kept by the module's rules, with its span in ``text``."""
        nfc_text, offsets = _nfc(text)
        key = _key(nfc_text)
        words = _Words(key)
        hits = self._candidates(words)
        kept: list[tuple[T, int, int]] = []
        last_end = -1  # end of the last kept name, for lists ("Pháp, Đức và Bỉ")
        for h, hit in enumerate(hits):
            if not nfc_text[hit.start].isupper():
                continue
            if not self._unglued(words, hits, h):
                continue
            if _after_person_word(nfc_text, words, hit.first):
                continue
            if hit.cue_only and not (
                    _CUE.search(key, max(0, hit.start - _LOOKBACK), hit.start)
                    or (last_end >= 0 and _LIST.fullmatch(key, last_end, hit.start))):
                continue
            kept.append((hit.value, hit.start, hit.end))
            last_end = hit.end
        if offsets is not None:
            kept = [(v, offsets[s], offsets[e]) for v, s, e in kept]
        return kept

    @staticmethod
    def _unglued(words: _Words, hits: list[_Hit[T]], h: int) -> bool:
        """False when a bare hyphen glues the name to a word that is neither a name nor Việt."""
        hit = hits[h]
        glued_before = (hit.first > 0 and words.before(hit.first) == "-"
                        and words.words[hit.first - 1] not in _GLUE_OK)
        if glued_before and not (h > 0 and hits[h - 1].last == hit.first - 1):
            return False
        glued_after = (hit.last + 1 < len(words.words) and words.after(hit.last) == "-"
                       and words.words[hit.last + 1] not in _GLUE_OK)
        return not glued_after or (h + 1 < len(hits) and hits[h + 1].first == hit.last + 1)


def _entries(table: tuple[Row, ...]) -> Iterable[tuple[str, str, str]]:
    for name, code, forms in table:
        for form in (name, *forms):
            yield form, unicodedata.normalize("NFC", name), code


#: Every country of the table, by ISO code.
COUNTRIES: dict[str, Country] = {
    code: Country(unicodedata.normalize("NFC", name), code) for name, code, _ in COUNTRY_TABLE}
_COUNTRIES = _Lexicon(((form, COUNTRIES[code]) for form, _, code in _entries(COUNTRY_TABLE)),
                      CUE_ONLY_COUNTRIES)
_PLACES = _Lexicon(((form, (name, code)) for form, name, code in _entries(PLACE_TABLE)),
                   CUE_ONLY_PLACES)


def country(text: str) -> Country | None:
    """The country one name denotes ("CHDCND Lào", "Cộng hoà Pháp", "Ôxtrâylia"), else None.

    Exact after normalising: NFC, case, spaces and hyphens, old or new tone placement.
    """
    return _COUNTRIES.lookup(text)


def find_countries(text: str) -> list[tuple[Country, int, int]]:
    """Every country named in free text, with its span, in order of appearance.

    The longest name wins ("Liên bang Nga" is one match); names that are also everyday words
    or given names ("Đức", "Mỹ", "Anh") count only after a cue word or in a list of countries
    (see the module docstring).
    """
    return _COUNTRIES.scan(text)


def find_places(text: str) -> list[tuple[str, str, int, int]]:
    """Foreign cities and regions named in free text: (canonical name, country code, start, end).

    The canonical name is the letters' main form ("Mát-xcơ-va" for "Moscow"); the same rules
    as :func:`find_countries` apply.
    """
    return [(name, code, start, end) for (name, code), start, end in _PLACES.scan(text)]
