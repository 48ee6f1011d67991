"""Merge: per-chunk extractions become one deterministic, explainable Briefing.

`merge()` lives in `assemble`; the Briefing dataclasses in `model`; how attacks, talks and
moves are merged in `attacks`, `talks` and `moves`; the number check in `text`.
"""

from __future__ import annotations

from . import model
from .assemble import LENGTH_RATIO, MAX_LENGTH, MIN_LENGTH, length_budget, merge
from .model import *  # noqa: F403 -- the Briefing dataclasses, named in model.__all__
from .text import numbers_in_evidence, unsupported_numbers

__all__ = [
    *model.__all__,
    "LENGTH_RATIO",
    "MAX_LENGTH",
    "MIN_LENGTH",
    "length_budget",
    "merge",
    "numbers_in_evidence",
    "unsupported_numbers",
]
