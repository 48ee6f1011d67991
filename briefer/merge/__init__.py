"""Merge: per-chunk extractions become one deterministic, explainable Briefing.

`merge()` lives in `assemble`; the Briefing dataclasses in `model`; how attacks, talks and
moves are merged in `attacks`, `talks` and `moves`; the number check in `text`.
"""

from __future__ import annotations

from .assemble import LENGTH_RATIO, MIN_LENGTH, length_budget, merge
from .model import (
    Attack,
    BackgroundItem,
    Briefing,
    Casualties,
    Figure,
    KeyPoint,
    Move,
    Report,
    Source,
    TalksEntry,
    TalksTrack,
)
from .text import numbers_in_evidence, unsupported_numbers

__all__ = [
    "LENGTH_RATIO",
    "MIN_LENGTH",
    "Attack",
    "BackgroundItem",
    "Briefing",
    "Casualties",
    "Figure",
    "KeyPoint",
    "Move",
    "Report",
    "Source",
    "TalksEntry",
    "TalksTrack",
    "length_budget",
    "merge",
    "numbers_in_evidence",
    "unsupported_numbers",
]
