"""The interface every extraction backend implements (openai, offline, test fakes)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from ..data import Chunk, Usage

__all__ = ["Answer", "Backend", "ExtractRequest", "Pack", "parts_of"]


@dataclass
class ExtractRequest:
    """One chunk to read, with the context a reader needs to resolve dates and names."""

    chunk: Chunk
    title: str | None = None
    outlet: str | None = None
    published: str | None = None  # the story's ISO date
    feedback: str | None = None  # validation errors of the previous answer, on a re-ask
    previous: str | None = None  # the previous raw answer, on a re-ask


@dataclass
class Pack:
    """Several story parts read in one model call (their sentences numbered on across
    them); a backend that reads packs says so with `packs = True`."""

    parts: list[ExtractRequest]
    feedback: str | None = None  # as on ExtractRequest, for the whole pack
    previous: str | None = None


def parts_of(request: ExtractRequest | Pack) -> list[ExtractRequest]:
    """The story parts a request reads: its own chunk, or each part of a pack."""
    return request.parts if isinstance(request, Pack) else [request]


@dataclass
class Answer:
    """A backend's raw answer; the extract stage validates and checks it."""

    data: dict[str, Any] | None  # the parsed JSON, or None when it did not parse
    raw: str
    finish_reason: str = "stop"  # stop | length | refusal | content_filter
    refusal: str | None = None
    usage: Usage = field(default_factory=Usage)


class Backend(Protocol):
    """Reads one chunk and answers with JSON that should follow the extraction schema."""

    name: str  # "openai", "offline", ...
    model: str  # the model name, or the rule set's version for offline
    cacheable: bool  # whether answers are worth keeping in the answer cache
    # whether answers follow schemas/extraction.schema.json (citing sentences by number)
    # and are validated against it; False for a reader that answers in the merge's form
    schema_checked: bool

    async def complete(self, request: ExtractRequest) -> Answer: ...

    # A backend with `packs = True` also takes a `Pack` in `complete`, answering for all
    # its parts at once (citing sentences by their numbers across the pack).
    # A backend with `async def learn_limits(parallel: int)` is told, before the first of
    # a run's requests, how many will go at once; it may return an awaitable (a probe of
    # the server's limits, already first in line) to await beside the requests.

    async def aclose(self) -> None: ...
