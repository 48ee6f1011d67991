"""The offline backend: a briefing with no model and no key.

A dictionary-based event coder (see `coder.py`) fills the same extraction schema a model
fills, so everything after the extract stage is shared. Its dictionaries are the TOML
files in `briefer/offline/lexicon/`, meant to be read and extended.
"""

from __future__ import annotations

import json

from ..data import Usage
from ..extract.base import Answer, ExtractRequest
from ..injection import blank_addressed
from .coder import extract_text

__all__ = ["RULES_VERSION", "OfflineBackend", "extract_text"]

RULES_VERSION = "offline-rules-1"


class OfflineBackend:
    """A `Backend` that reads chunks with rules; fast, deterministic, never cached."""

    name = "offline"
    model = RULES_VERSION
    cacheable = False
    schema_checked = False  # its answers carry their evidence text, not sentence numbers

    async def complete(self, request: ExtractRequest) -> Answer:
        # words addressed to the reader or a system are not coded (briefer/injection.py)
        text = blank_addressed(request.chunk.text)
        data = extract_text(text, published=request.published)
        return Answer(data=data, raw=json.dumps(data, ensure_ascii=False), usage=Usage())

    async def aclose(self) -> None:
        return None
