"""The public output for one letter (`congvan/document@1`), built from what the stages read."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from extract.errors import ExtractError

if TYPE_CHECKING:
    from corpus.assess import Assessment
    from extract.model import Extraction, Page
    from nlp.read import Reading

SCHEMA_ID = "congvan/document@1"


def _page_info(page: Page) -> dict[str, Any]:
    out: dict[str, Any] = {"number": page.number, "width": round(page.width, 2),
                           "height": round(page.height, 2), "source": page.source,
                           "encoding": page.encoding, "quality": None}
    if page.quality is not None:
        q = page.quality
        out["quality"] = {"score": q.score, "mean_confidence": q.mean_confidence,
                          "dictionary_share": q.dictionary_share,
                          "invalid_share": q.invalid_share, "recipe": q.recipe,
                          "rotation": q.rotation, "skew": q.skew}
        if q.corners is not None:
            out["quality"]["corners"] = [[round(x, 5), round(y, 5)] for x, y in q.corners]
    return out


def document(extraction: Extraction, reading: Reading, assessment: Assessment
             ) -> dict[str, Any]:
    """The contract object for a letter: what extract/ read, what nlp/ read, what is wrong.

    Only writes down what the steps gave (api/pipeline.py runs them): it reads nothing itself.
    """
    f = extraction.file
    return {
        "schema": SCHEMA_ID,
        "file": {"name": f.name, "sha256": f.sha256, "media_type": f.media_type,
                 "pages": f.pages, "bytes": f.bytes},
        "text_source": extraction.text_source,
        "ocr": {"pages": extraction.ocr_pages, "mean_confidence": extraction.ocr_mean_confidence},
        "fields": reading.fields_dict(),
        "citations": assessment.citations_list(),
        "delegation": assessment.delegation,
        "effects": reading.effects_list(),
        "flags": assessment.flags_list(),
        "rules_stated": reading.rules_stated,  # the trip rules the letter states (issue 23)
        "pages": [_page_info(p) for p in extraction.pages],
        "warnings": [w.to_dict() for w in extraction.warnings],
    }


def failure(*, name: str, error: ExtractError, sha256: str | None = None,
            size: int | None = None) -> dict[str, Any]:
    """The contract object for a file that could not be read."""
    file: dict[str, Any] = {"name": name}
    if sha256 is not None:
        file["sha256"] = sha256
    if size is not None:
        file["bytes"] = size
    return {"schema": SCHEMA_ID, "file": file, "error": error.to_dict()}


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The contract's JSON Schema, kept in the repository beside this module."""
    text = resources.files("api.schema").joinpath("document.schema.json").read_text("utf-8")
    loaded = json.loads(text)
    assert isinstance(loaded, dict)
    return loaded
