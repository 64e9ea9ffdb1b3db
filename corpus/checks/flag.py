"""A flag: something wrong with a letter, said plainly to the reviewer, with its evidence."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Flag:
    """One finding: its code, severity, the citation it is about, a Vietnamese message."""

    code: str
    severity: str
    ref: str | None
    message: str
    evidence: dict[str, Any] = field(default_factory=dict)
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The contract's flag object."""
        return {"code": self.code, "severity": self.severity, "ref": self.ref,
                "message": self.message, "evidence": self.evidence, "page": self.page,
                "bbox": None if self.bbox is None else [round(v, 1) for v in self.bbox]}
