"""briefer: a day's news about a war and its peace talks, as a cited morning briefing.

The library API is re-exported here; heavy modules load on first use, so
`import briefer` stays fast for the CLI.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "BrieferError": "errors",
    "ConfigError": "errors",
    "DeliveryError": "errors",
    "InputError": "errors",
    "ModelError": "errors",
    "NetworkError": "errors",
    "SchemaError": "errors",
    "Chunk": "data",
    "Document": "data",
    "Extraction": "data",
    "Story": "data",
    "Usage": "data",
    "Settings": "config",
    "load_settings": "config",
    "read_inputs": "ingest",
    "segment": "segment",
    "segment_all": "segment",
    "chunk_story": "chunk",
    "count_tokens": "chunk",
    "extract_all": "extract",
    "extract_chunks": "extract",
    "OfflineBackend": "offline",
    "Briefing": "merge",
    "merge": "merge",
    "render_json": "render",
    "render_markdown": "render",
    "evaluate": "evaluate",
    "RunResult": "pipeline",
    "run_brief": "pipeline",
    "run_merge": "pipeline",
}

__all__ = ["__version__", *sorted(_EXPORTS)]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'briefer' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
