"""Plain dataclasses passed between the pipeline stages; each round-trips through JSON."""

from __future__ import annotations

import dataclasses
import hashlib
import types
from dataclasses import dataclass, field
from typing import Any, Self, Union, get_args, get_origin, get_type_hints

__all__ = [
    "Chunk",
    "Document",
    "Extraction",
    "Record",
    "Story",
    "Usage",
    "stable_id",
    "story_title",
]


def stable_id(*parts: str, length: int = 16) -> str:
    """A short, stable hex id from text parts (sha256)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


class Record:
    """Mixin: `to_dict()` and `from_dict()` for dataclasses, rebuilding nested records
    (also inside lists and optionals) from the field type hints."""

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)  # type: ignore[call-overload]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        hints = get_type_hints(cls)
        kwargs = {
            f.name: _decode(hints[f.name], data[f.name])
            for f in dataclasses.fields(cls)  # type: ignore[arg-type]
            if f.name in data
        }
        return cls(**kwargs)


def _decode(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(hint) if a is not type(None)]
        return _decode(options[0], value) if len(options) == 1 else value
    if origin is list:
        (inner,) = get_args(hint)
        return [_decode(inner, v) for v in value]
    if isinstance(hint, type) and issubclass(hint, Record) and isinstance(value, dict):
        return hint.from_dict(value)
    return value


@dataclass
class Document(Record):
    """One input as read: a file, a JSON record, a fetched page or a feed entry."""

    id: str
    source: str  # the path, URL or "<stdin>" it came from
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None  # ISO 8601 date or datetime; None when unknown
    date_basis: str = "unknown"  # header | metadata | sidecar | flag | unknown


@dataclass
class Story(Record):
    """One story of a document: the whole article, or one item of a listing page."""

    id: str
    document_id: str
    index: int
    text: str
    title: str | None = None
    published: str | None = None  # ISO 8601 date of this story
    date_basis: str = "document"  # document | age-marker | dateline | unknown
    age_marker: str | None = None  # "3 days ago" as written


def story_title(story: Story | None, document: Document | None) -> str | None:
    """A story's title: its own, else its page's when it is the page's first story. A
    later item of a listing without a headline of its own is not told by the page's
    title (real news dev, 2025-07-12: a Bing listing's "At Least 2 Killed In Ukraine"
    stood over its card of the record barrage three days before)."""
    if story is not None and story.title:
        return story.title
    if document is None or (story is not None and story.index > 0):
        return None
    return document.title


@dataclass
class Chunk(Record):
    """A token-bounded piece of a story; the unit sent to a model."""

    id: str  # stable_id of the text
    story_id: str
    document_id: str
    index: int
    text: str
    tokens: int


@dataclass
class Usage(Record):
    """Tokens and money spent; adds up across calls."""

    calls: int = 0
    input_tokens: int = 0
    cached_input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float = 0.0
    reasoning_tokens: int = 0  # of output_tokens, those a reasoning model spent thinking

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            calls=self.calls + other.calls,
            input_tokens=self.input_tokens + other.input_tokens,
            cached_input_tokens=self.cached_input_tokens + other.cached_input_tokens,
            output_tokens=self.output_tokens + other.output_tokens,
            cost_usd=round(self.cost_usd + other.cost_usd, 8),
            reasoning_tokens=self.reasoning_tokens + other.reasoning_tokens,
        )


@dataclass
class Extraction(Record):
    """What one chunk yielded: `data` follows schemas/extraction.schema.json."""

    chunk_id: str
    story_id: str
    document_id: str
    backend: str
    model: str
    status: str = "ok"  # ok | failed | refused
    data: dict[str, Any] = field(default_factory=lambda: {"talks": [], "attacks": [], "moves": []})
    error: str | None = None
    cached: bool = False
    evidence_dropped: int = 0
    reasks: int = 0
    splits: int = 0
    usage: Usage = field(default_factory=Usage)

    @property
    def ok(self) -> bool:
        return self.status == "ok"
