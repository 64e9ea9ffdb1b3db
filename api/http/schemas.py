"""The request bodies the routes take."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, Field


class SignIn(BaseModel):
    """A name and password."""

    name: str = Field(min_length=1, max_length=120)
    password: str = Field(min_length=1, max_length=1024)


class CorrectionBody(BaseModel):
    """A reviewer's value for a field."""

    value: Any = None


class Region(BaseModel):
    """A rectangle on a page, in points: x0, y0, x1, y1."""

    bbox: list[Annotated[float, Field(allow_inf_nan=False)]] = Field(min_length=4, max_length=4)


class CitationCorrection(BaseModel):
    """A reviewer's values for a citation's keys (ref, kind, date, issuer, role…)."""

    value: dict[str, Any]
