"""Countries as a reviewer reads them: the Vietnamese short name, or the English one.

Trip letters name countries in Vietnamese; nlp.countries gives each its canonical name and ISO
code, and the English pages show the English short name of that code.
"""

from __future__ import annotations

from nlp.countries import country

#: English short names, by ISO 3166-1 alpha-2 code, of the countries nlp.countries knows.
ENGLISH = {
    "JP": "Japan", "KR": "South Korea", "KP": "North Korea", "CN": "China", "TW": "Taiwan",
    "HK": "Hong Kong", "MO": "Macao", "MN": "Mongolia", "LA": "Laos", "KH": "Cambodia",
    "TH": "Thailand", "SG": "Singapore", "MY": "Malaysia", "ID": "Indonesia",
    "PH": "Philippines", "MM": "Myanmar", "BN": "Brunei", "TL": "Timor-Leste", "IN": "India",
    "LK": "Sri Lanka", "BD": "Bangladesh", "PK": "Pakistan", "NP": "Nepal",
    "KZ": "Kazakhstan", "UZ": "Uzbekistan", "TR": "Türkiye", "IL": "Israel",
    "AE": "United Arab Emirates", "SA": "Saudi Arabia", "QA": "Qatar", "KW": "Kuwait",
    "IR": "Iran", "FR": "France", "DE": "Germany", "GB": "United Kingdom", "RU": "Russia",
    "IT": "Italy", "ES": "Spain", "PT": "Portugal", "NL": "Netherlands", "BE": "Belgium",
    "LU": "Luxembourg", "CH": "Switzerland", "SE": "Sweden", "NO": "Norway", "FI": "Finland",
    "DK": "Denmark", "AT": "Austria", "CZ": "Czechia", "SK": "Slovakia", "PL": "Poland",
    "HU": "Hungary", "BG": "Bulgaria", "RO": "Romania", "UA": "Ukraine", "BY": "Belarus",
    "GR": "Greece", "IE": "Ireland", "RS": "Serbia", "US": "United States", "CA": "Canada",
    "MX": "Mexico", "CU": "Cuba", "BR": "Brazil", "AR": "Argentina", "CL": "Chile",
    "PE": "Peru", "VE": "Venezuela", "CO": "Colombia", "AU": "Australia",
    "NZ": "New Zealand", "EG": "Egypt", "ZA": "South Africa", "NG": "Nigeria",
    "MA": "Morocco", "DZ": "Algeria", "MZ": "Mozambique", "AO": "Angola", "TZ": "Tanzania",
    "KE": "Kenya",
}


def country_label(name: str, lang: str) -> str:
    """A country named in a letter, in the page's language (as written when not known)."""
    if lang != "en":
        return name
    found = country(name)
    return ENGLISH.get(found.code, name) if found else name
