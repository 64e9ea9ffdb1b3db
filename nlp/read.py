"""Reading a letter: every entry of the contract's `fields`, each with where it was read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc

from extract.model import DigitalSignature, Extraction
from nlp import header, issuer, marks, pipeline, placedate, recipients, signblock, signer, subject
from nlp.citations import Citation, find_citations
from nlp.delegation import delegation_on
from nlp.effects import Effect, read_effects
from nlp.field import Field
from nlp.rule_statements import read_rules_stated
from nlp.sheet import MOTTOS, Sheet

#: The contract's fields, in its order.
FIELD_NAMES = (
    "doc_ref", "doc_number", "doc_symbol", "doc_type", "issuer", "place", "issued_date",
    "subject", "recipients", "distribution", "signer", "confidentiality", "urgency",
    "deadlines", "incoming", "e_signature", "signers", "issuers",
)


@dataclass(frozen=True)
class Reading:
    """What nlp/ read from one letter: its sheet, the spaCy Doc of its text, its fields."""

    sheet: Sheet
    doc: Doc
    fields: dict[str, Field]
    citations: list[Citation]
    #: The delegation a trip letter sends or receives, each part with its page, box and text
    #: (`where`); None when the letter names none (nlp/delegation.py).
    delegation: dict[str, Any] | None = None
    #: The trip rules the letter states itself (nlp/rule_statements.py), for `rules_stated`.
    rules_stated: list[dict[str, Any]] = field(default_factory=list)
    #: The effects the letter states of itself, as an instrument (nlp/effects.py).
    effects: tuple[Effect, ...] = ()

    def fields_dict(self) -> dict[str, dict[str, object]]:
        """The contract's `fields` object."""
        return {name: self.fields[name].to_dict() for name in FIELD_NAMES}

    def effects_list(self) -> list[dict[str, object]]:
        """The contract's `effects` list ([] when the letter states none)."""
        return [e.to_dict() for e in self.effects]


def read_fields(sheet: Sheet, doc: Doc,
                signatures: Sequence[DigitalSignature] = ()) -> dict[str, Field]:
    """Every field of the letter on `sheet` (absent ones with a null value).

    `signatures`: the file's own digital signatures, for `e_signature` when no signature block
    is printed on the page.
    """
    fields: dict[str, Field] = {}
    hit = header.number_line(sheet)
    fields.update(header.read_ref(hit))
    fields.update(subject.read_type_subject(sheet, hit))
    fields.update(issuer.read_issuers(sheet, numbered=hit is not None))
    fields.update(placedate.read_place_date(sheet))
    fields["recipients"] = recipients.read_recipients(sheet)
    own = signblock.original(sheet)  # a copy's block after the letter is not the letter's
    fields["distribution"] = recipients.read_distribution(own)
    fields["signer"], fields["signers"] = signer.read_signers(own)
    fields["confidentiality"] = marks.read_confidentiality(sheet)
    fields["urgency"] = marks.read_urgency(sheet)
    fields["deadlines"] = marks.read_deadlines(sheet, doc)
    fields["incoming"] = marks.read_incoming(sheet)
    fields["e_signature"] = marks.read_e_signature(sheet, signatures)
    if not _is_letter(fields, sheet):
        fields = {name: Field(None) for name in FIELD_NAMES}
    return {name: fields[name] for name in FIELD_NAMES}


def _has_motto(sheet: Sheet) -> bool:
    return any(m in line.text.upper() for line in sheet.top_lines(0.3) for m in MOTTOS)


def _is_letter(fields: dict[str, Field], sheet: Sheet) -> bool:
    """Whether the page is a letter; otherwise nothing is guessed.

    Two header parts (number, date, issuer, signer) say so; one part does too when the page
    also shows what only letters print: a type's title or a "V/v" subject, or the motto.
    """
    anchors = ("doc_ref", "issued_date", "issuer", "signer")
    count = sum(fields[a].value is not None for a in anchors)
    if count >= 2:
        return True
    if count == 0:
        return False
    return fields["doc_type"].value is not None or _has_motto(sheet)


def read_letter(extraction: Extraction) -> Reading:
    """The fields of the letter extract/ read."""
    sheet = Sheet.from_extraction(extraction)
    doc = pipeline.nlp()(sheet.text)
    fields = read_fields(sheet, doc, extraction.signatures)
    citations = find_citations(sheet, own_ref=fields["doc_ref"].value)
    effects = read_effects(sheet, citations, doc_type=fields["doc_type"].value,
                           doc_ref=fields["doc_ref"].value,
                           issued=fields["issued_date"].value) if fields["doc_ref"].value \
        or fields["issued_date"].value else []
    return Reading(sheet, doc, fields, citations, delegation_on(sheet),
                   rules_stated=read_rules_stated(sheet, fields), effects=tuple(effects))


def warm() -> None:
    """Load the models reading a letter uses (underthesea's word segmenter, spaCy's pipeline).

    They load on first use otherwise, in the first letter's time (about 1.5 s).
    """
    pipeline.nlp()("Căn cứ Quy định số 272-QĐ/TW ngày 21/01/2015 của Bộ Chính trị.")
