"""The base of every error the trainer raises on purpose: each says, in words fit to show a
candidate or an instructor, what could not be done. Anything else escaping is a defect."""

from __future__ import annotations


class TrainerError(Exception):
    """Something the trainer refused or could not do; `str()` of it is the message to show."""
