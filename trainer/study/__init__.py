"""Study: the engine bound to the history. Every step of a session is saved as it happens.

The engine is pure and the store only keeps rows; this package joins them, so the app, the CLI
and scripted candidates all run sessions the same way. One module per concept:

- `study`: `Study`, one profile's history and the sessions it starts or resumes.
- `sessions`: `StudySession`, a session under way, with `Outcome` and `Tick`.
- `interviews`: `InterviewSession`, an interview run under way.
- `answers`: the version hash of the question an answer answered.
- `calibration`: item parameters fitted from every profile's first attempts, stored and read back.
"""

from __future__ import annotations

from trainer.content.models import CONFIDENCE, MISS_REASONS
from trainer.study.answers import item_hash
from trainer.study.interviews import InterviewSession
from trainer.study.sessions import CHECKPOINT_SECONDS, Outcome, StudySession, Tick
from trainer.study.study import Study

__all__ = [
    "CHECKPOINT_SECONDS",
    "CONFIDENCE",
    "MISS_REASONS",
    "InterviewSession",
    "Outcome",
    "Study",
    "StudySession",
    "Tick",
    "item_hash",
]
