"""A finding: one fault found in a document or a traveler's set, named by a stable tag."""

from __future__ import annotations

from enum import StrEnum

from msgspec import Struct


class Severity(StrEnum):
    """Errors make an MRZ invalid; warnings are validity doubts that a reader may overrule."""

    ERROR = "error"
    WARNING = "warning"


class Finding(Struct, frozen=True, gc=False):
    """A fault: its tag (e.g. `mrz.check.document_number`), what is wrong, and where."""

    tag: str
    message: str
    severity: Severity = Severity.ERROR
    field: str | None = None
    document: str | None = None

    def __str__(self) -> str:
        where = f"{self.document}: " if self.document else ""
        return f"{where}{self.tag}: {self.message}"
