"""Extract: read each chunk with a model and keep only validated, evidenced answers.

Per chunk: a cache hit costs nothing. The chunks not cached are packed into requests of
up to `pack_tokens` article tokens (for a backend that reads packs; `Pack`), so the
static prefix is paid once per pack rather than once per story; each pack's answer is
split back into one answer per chunk (by the sentences its items cite) and cached per
chunk, so a chunk already read is never sent again and adding an article sends only it.
Each request is called, its answer checked
against `schemas/extraction.schema.json` (an invalid answer is re-asked with the errors,
a bounded number of times), an answer cut off by the output limit splits the chunk in two
and reads both halves, a refusal marks the chunk refused, and a model failure marks it
failed — reported, never dropped. Items whose evidence quote is not in the chunk are
dropped and counted. Only a configuration error (a rejected key, a missing model) stops
the run.
"""

from __future__ import annotations

import asyncio
import functools
import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jsonschema import Draft202012Validator

from ..chunk import count_tokens, split_text
from ..data import Chunk, Extraction, Usage, stable_id
from ..errors import ConfigError, ModelError
from ..resources import load_schema
from .base import Answer, Backend, ExtractRequest, Pack, parts_of
from .cache import AnswerCache, cache_key
from .cost import cost_of
from .numbered import normalize_quotes, resolve, split_answer

if TYPE_CHECKING:
    from .cassette import CassetteTransport, make_http_client
    from .openai_backend import OpenAIBackend

__all__ = [
    "Answer",
    "AnswerCache",
    "Backend",
    "CassetteTransport",
    "ExtractRequest",
    "OpenAIBackend",
    "Pack",
    "check_evidence",
    "cost_of",
    "evidence_in",
    "extract_all",
    "extract_chunks",
    "make_http_client",
    "openai_backend_from",
    "pack_requests",
    "validation_errors",
]

SECTIONS = ("talks", "attacks", "moves")
_MAX_REPORTED_ERRORS = 10

# Lazily imported: the openai SDK takes half a second to import, and the offline path
# never needs it.
_LAZY = {
    "OpenAIBackend": ".openai_backend",
    "CassetteTransport": ".cassette",
    "make_http_client": ".cassette",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@functools.cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(load_schema("extraction"))


@functools.cache
def _schema_text() -> str:
    return json.dumps(load_schema("extraction"), sort_keys=True)


def validation_errors(data: dict[str, Any] | None) -> list[tuple[str, str]]:
    """(json_path, message) for everything wrong with an answer; empty when it is valid."""
    if data is None:
        return [("$", "the answer is not a single valid JSON object")]
    errors = sorted(_validator().iter_errors(data), key=lambda e: e.json_path)
    return [(e.json_path, _shorten(e.message)) for e in errors]


def _shorten(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def format_errors(errors: list[tuple[str, str]]) -> str:
    lines = [f"- {path}: {message}" for path, message in errors[:_MAX_REPORTED_ERRORS]]
    if len(errors) > _MAX_REPORTED_ERRORS:
        lines.append(f"- … and {len(errors) - _MAX_REPORTED_ERRORS} more")
    return "\n".join(lines)


def evidence_in(evidence: object, text: str, *, normalized: str | None = None) -> bool:
    """Whether `evidence` occurs verbatim in `text` (up to whitespace and quote style);
    `normalized`, `normalize_quotes(text)` when the caller has it already."""
    if not isinstance(evidence, str):
        return False
    quote = normalize_quotes(evidence)
    haystack = normalized if normalized is not None else normalize_quotes(text)
    if quote and quote in haystack:
        return True
    # A model sometimes wraps the quote in quotation marks of its own.
    bare = quote.strip("\"' ")
    return bool(bare) and bare in haystack


def check_evidence(data: dict[str, Any], text: str) -> tuple[dict[str, Any], int]:
    """The answer with items whose evidence is not in `text` removed, and how many were."""
    kept: dict[str, Any] = dict(data)
    dropped = 0
    haystack = normalize_quotes(text)  # once per chunk, not once per item
    for section in SECTIONS:
        items = data.get(section) or []
        good = [
            item for item in items if evidence_in(item.get("evidence"), text, normalized=haystack)
        ]
        dropped += len(items) - len(good)
        kept[section] = good
    return kept, dropped


@dataclass
class _Outcome:
    status: str = "ok"
    data: dict[str, Any] = field(default_factory=lambda: {s: [] for s in SECTIONS})
    error: str | None = None
    evidence_dropped: int = 0
    reasks: int = 0
    splits: int = 0
    usage: Usage = field(default_factory=Usage)
    exchanges: list[str] = field(default_factory=list)  # keys of the raw answers kept


class _Reader:
    """Reads chunks through one backend, sharing the concurrency limit.

    With a `store`, every answer is kept the moment it arrives (keyed by the request, its
    re-ask feedback included), not only when its chunk is done: a run that dies between a
    chunk's first answer and its last (a re-ask, the halves of a split) loses nothing it
    paid for, and the next run replays those answers instead of asking again. Only usable
    answers are kept (an invalid one would replay into the same re-asks), and they are
    forgotten once their chunk is cached whole.
    """

    def __init__(
        self,
        backend: Backend,
        concurrency: int,
        max_reasks: int,
        max_splits: int,
        store: AnswerCache | None = None,
    ):
        if concurrency < 1:
            raise ConfigError(f"--concurrency must be at least 1, not {concurrency}")
        self.backend = backend
        self.max_reasks = max_reasks
        self.max_splits = max_splits
        self.store = store
        self._slots = asyncio.Semaphore(concurrency)

    async def _call(self, request: ExtractRequest | Pack, out: _Outcome) -> tuple[Answer, str]:
        """The backend's answer, or the one an earlier run kept; with the key to keep it
        under ("" when it needs no keeping: no store, or it was kept already)."""
        key = ""
        if self.store is not None:
            key = cache_key(
                "answer",
                *(_key(self.backend, part) for part in parts_of(request)),
                request.feedback or "",
                request.previous or "",
            )
            hit = self.store.get_exchange(key)
            if hit is not None:  # paid for by an earlier run: costs nothing now
                out.exchanges.append(key)
                answer = Answer(
                    data=hit.get("data"),
                    raw=hit.get("raw", ""),
                    finish_reason=hit.get("finish_reason", "stop"),
                )
                return answer, ""
        # The slot is held for the call only, so split halves never wait on their parent.
        async with self._slots:
            return await self.backend.complete(request), key

    def _keep(self, key: str, answer: Answer, out: _Outcome) -> None:
        if key and self.store is not None:
            out.exchanges.append(key)
            self.store.put_exchange(
                key, {"data": answer.data, "raw": answer.raw, "finish_reason": answer.finish_reason}
            )

    async def read(self, request: ExtractRequest, depth: int = 0) -> _Outcome:
        out = _Outcome()
        current = request
        while True:
            try:
                answer, key = await self._call(current, out)
            except ModelError as exc:  # a ConfigError is not one: it stops the run
                out.status, out.error = "failed", str(exc)
                return out
            out.usage = out.usage + answer.usage
            if answer.finish_reason in ("refusal", "content_filter"):
                out.status = "refused"
                out.error = answer.refusal or f"the model declined ({answer.finish_reason})"
                return out
            # the offline reader builds its answers in the merge's own form, evidence text
            # and all: the schema a model must follow does not apply to it
            numbered = getattr(self.backend, "schema_checked", True)  # a model's, by default
            errors = validation_errors(answer.data) if numbered else []
            # usable answers are kept as they arrive; an invalid one is not, so that a
            # later run asks afresh instead of replaying the same re-asks
            if answer.finish_reason == "length" and errors:
                self._keep(key, answer, out)
                return await self._split(request, depth, out)
            if not errors:
                self._keep(key, answer, out)
                # a model cites sentences by number; the offline reader quotes its evidence
                check = resolve if numbered else check_evidence
                out.data, out.evidence_dropped = check(answer.data, request.chunk.text)
                return out
            if out.reasks >= self.max_reasks:
                out.status = "failed"
                out.error = (
                    f"the answer did not match the extraction schema after {out.reasks} "
                    f"re-ask(s): " + "; ".join(f"{p}: {m}" for p, m in errors[:3])
                )
                return out
            out.reasks += 1
            current = replace(request, feedback=format_errors(errors), previous=answer.raw)

    async def read_pack(self, pack: Pack) -> list[_Outcome]:
        """One outcome per part of the pack, in order, from one call when all goes well.

        A refused pack is read again part by part (so one refusal costs only its part); a
        pack whose answer the output limit cut off is read as two smaller packs, down to
        single parts, which split as `read` does.
        """
        if len(pack.parts) == 1:
            return [await self.read(pack.parts[0])]
        kept = _Outcome()  # the keys of the pack's own answers, kept as they arrive
        outs = await self._read_pack(pack, kept)
        for out in outs:
            out.exchanges += kept.exchanges
        return outs

    async def _read_pack(self, pack: Pack, kept: _Outcome) -> list[_Outcome]:
        parts = pack.parts
        usage, reasks, current = Usage(), 0, pack
        while True:
            try:
                answer, key = await self._call(current, kept)
            except ModelError as exc:
                return _spread(usage, parts, [_failed(str(exc), reasks) for _ in parts])
            usage = usage + answer.usage
            if answer.finish_reason in ("refusal", "content_filter"):
                alone = await asyncio.gather(*(self.read(part) for part in parts))
                return _spread(usage, parts, list(alone))
            errors = validation_errors(answer.data)
            if answer.finish_reason == "length" and errors:
                self._keep(key, answer, kept)
                middle = _middle(parts)
                halves = await asyncio.gather(
                    self.read_pack(Pack(parts[:middle])), self.read_pack(Pack(parts[middle:]))
                )
                outs = halves[0] + halves[1]
                for out in outs:
                    out.splits += 1
                return _spread(usage, parts, outs)
            if not errors:
                self._keep(key, answer, kept)
                texts = [part.chunk.text for part in parts]
                per_part, lost = split_answer(answer.data, texts)
                outs = []
                for data, text in zip(per_part, texts, strict=True):
                    resolved, dropped = resolve(data, text)
                    outs.append(_Outcome(data=resolved, evidence_dropped=dropped, reasks=reasks))
                outs[0].evidence_dropped += lost
                return _spread(usage, parts, outs)
            if reasks >= self.max_reasks:
                error = (
                    f"the answer did not match the extraction schema after {reasks} "
                    f"re-ask(s): " + "; ".join(f"{p}: {m}" for p, m in errors[:3])
                )
                return _spread(usage, parts, [_failed(error, reasks) for _ in parts])
            reasks += 1
            current = replace(pack, feedback=format_errors(errors), previous=answer.raw)

    async def _split(self, request: ExtractRequest, depth: int, out: _Outcome) -> _Outcome:
        if depth >= self.max_splits:
            out.status = "failed"
            out.error = f"the answer was cut off by the output limit even after {depth} split(s)"
            return out
        halves = _halves(request.chunk, self.backend.model)
        if len(halves) < 2:
            out.status = "failed"
            out.error = "the answer was cut off by the output limit and the chunk cannot be split"
            return out
        parts = await asyncio.gather(
            *(
                self.read(replace(request, chunk=half, feedback=None, previous=None), depth + 1)
                for half in halves
            )
        )
        out.splits += 1
        problems = []
        for number, part in enumerate(parts, 1):
            for section in SECTIONS:
                out.data[section].extend(part.data.get(section, []))
            out.evidence_dropped += part.evidence_dropped
            out.reasks += part.reasks
            out.splits += part.splits
            out.usage = out.usage + part.usage
            out.exchanges += part.exchanges
            if part.status != "ok":
                problems.append((part.status, f"part {number}/{len(parts)}: {part.error}"))
        if problems:
            statuses = {status for status, _ in problems}
            out.status = "failed" if "failed" in statuses else "refused"
            out.error = "; ".join(message for _, message in problems)
        return out


def _failed(error: str, reasks: int) -> _Outcome:
    return _Outcome(status="failed", error=error, reasks=reasks)


def _middle(parts: list[ExtractRequest]) -> int:
    """Where to cut a pack in two of about equal article tokens (at least one part each)."""
    total, running = sum(p.chunk.tokens for p in parts), 0
    for index, part in enumerate(parts[:-1], start=1):
        running += part.chunk.tokens
        if running * 2 >= total:
            return index
    return len(parts) - 1


def _spread(usage: Usage, parts: list[ExtractRequest], outs: list[_Outcome]) -> list[_Outcome]:
    """The pack's own usage shared among its parts' outcomes by their article tokens (its
    calls counted on the first), so that the parts' usages add up to what was paid."""
    weights = [max(p.chunk.tokens, 1) for p in parts]
    total = sum(weights)
    shares = []
    for f in fields(Usage):
        value = getattr(usage, f.name)
        if f.name == "calls":
            shares.append([value] + [0] * (len(parts) - 1))
        elif isinstance(value, int):
            cut = [value * w // total for w in weights]
            cut[0] += value - sum(cut)
            shares.append(cut)
        else:
            shares.append([value * w / total for w in weights])
    for index, out in enumerate(outs):
        own = Usage(
            **{f.name: share[index] for f, share in zip(fields(Usage), shares, strict=True)}
        )
        out.usage = own + out.usage
    return outs


def pack_requests(requests: list[ExtractRequest], budget: int) -> list[list[int]]:
    """Indexes of `requests` grouped into packs of at most `budget` article tokens, first
    fit in input order (so a day's stories fill few requests, and the same inputs always
    make the same packs); a part larger than the budget, or any part when `budget` is 0,
    is a pack of its own."""
    groups: list[list[int]] = []
    room: list[int] = []
    for index, request in enumerate(requests):
        tokens = request.chunk.tokens
        for group, free in enumerate(room):
            if budget > 0 and tokens <= free:
                groups[group].append(index)
                room[group] -= tokens
                break
        else:
            groups.append([index])
            room.append(budget - tokens)
    return groups


def _halves(chunk: Chunk, model: str) -> list[Chunk]:
    """The chunk split in about two at paragraph or sentence ends."""
    tokens = chunk.tokens if chunk.tokens > 0 else count_tokens(chunk.text, model)
    budget = max(16, math.ceil(tokens / 2) + 8)
    pieces = split_text(chunk.text, budget, model=model, overlap_sentences=0)
    return [
        Chunk(
            id=stable_id(piece),
            story_id=chunk.story_id,
            document_id=chunk.document_id,
            index=chunk.index,
            text=piece,
            tokens=count_tokens(piece, model),
        )
        for piece in pieces
    ]


def _key(backend: Backend, request: ExtractRequest) -> str:
    return cache_key(
        backend.name,
        backend.model,
        getattr(backend, "fingerprint", ""),
        _schema_text(),
        request.chunk.text,
        request.title or "",
        request.outlet or "",
        request.published or "",
    )


async def extract_chunks(
    requests: list[ExtractRequest],
    backend: Backend,
    *,
    cache: AnswerCache | None = None,
    concurrency: int = 8,
    max_reasks: int = 2,
    max_splits: int = 2,
    pack_tokens: int = 0,
    packs: list[list[int]] | None = None,
    on_progress: Callable[[Extraction], None] | None = None,
) -> list[Extraction]:
    """One `Extraction` per request, in input order; raises only `ConfigError`.

    With `pack_tokens` > 0 and a backend that reads packs, the requests not cached are
    sent in packs of up to that many article tokens (`pack_requests`). `packs` (indexes
    into `requests`) fixes some packs beforehand, as a batch was submitted, so that each
    is sent exactly as then; one with a part already cached is not, its other parts
    are packed with the rest."""
    store = cache if backend.cacheable else None
    reader = _Reader(backend, concurrency, max_reasks, max_splits, store)
    results: list[Extraction | None] = [None] * len(requests)

    def base(request: ExtractRequest) -> dict[str, Any]:
        chunk = request.chunk
        return {
            "chunk_id": chunk.id,
            "story_id": chunk.story_id,
            "document_id": chunk.document_id,
            "backend": backend.name,
            "model": backend.model,
        }

    def done(index: int, result: Extraction) -> None:
        results[index] = result
        if on_progress is not None:
            on_progress(result)

    misses: list[tuple[int, str]] = []  # (index in requests, cache key)
    for index, request in enumerate(requests):
        key = _key(backend, request) if store is not None else ""
        hit = store.get(key) if store is not None else None
        if hit is None:
            misses.append((index, key))
            continue
        evidence_dropped = int(hit.meta.get("evidence_dropped", 0))
        done(
            index,
            Extraction(
                **base(request), data=hit.data, cached=True, evidence_dropped=evidence_dropped
            ),
        )

    budget = pack_tokens if getattr(backend, "packs", False) else 0
    groups = _fixed_packs(packs or [], [index for index, _ in misses])
    taken = {n for group in groups for n in group}
    rest = [n for n in range(len(misses)) if n not in taken]
    packed = pack_requests([requests[misses[n][0]] for n in rest], budget)
    groups += [[rest[i] for i in group] for group in packed]

    async def read(group: list[tuple[int, str]]) -> None:
        outs = await reader.read_pack(Pack([requests[index] for index, _ in group]))
        for (index, key), out in zip(group, outs, strict=True):
            result = Extraction(
                **base(requests[index]),
                status=out.status,
                data=out.data,
                error=out.error,
                evidence_dropped=out.evidence_dropped,
                reasks=out.reasks,
                splits=out.splits,
                usage=out.usage,
            )
            if store is not None and result.ok:  # kept as each pack finishes
                store.put(
                    key,
                    backend=backend.name,
                    model=backend.model,
                    data=out.data,
                    usage=out.usage,
                    meta={
                        "evidence_dropped": out.evidence_dropped,
                        "reasks": out.reasks,
                        "splits": out.splits,
                    },
                )
            if store is not None and result.ok and out.exchanges:
                store.forget_exchanges(out.exchanges)  # the part is cached whole now
            done(index, result)

    learn_limits = getattr(backend, "learn_limits", None)
    # before several requests go at once to limits not yet known: a probe may go first
    probe = await learn_limits(min(concurrency, len(groups))) if learn_limits else None
    tasks = [asyncio.ensure_future(read([misses[i] for i in group])) for group in groups]
    if probe is not None:
        tasks.append(asyncio.ensure_future(probe))
    try:
        await asyncio.gather(*tasks)
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise
    return [result for result in results if result is not None]


def _fixed_packs(packs: list[list[int]], missing: list[int]) -> list[list[int]]:
    """The `packs` whose parts are all missing from the cache, as positions in `missing`
    (each part in one pack at most)."""
    position = {index: n for n, index in enumerate(missing)}
    taken: set[int] = set()
    groups = []
    for pack in packs:
        if pack and all(i in position and position[i] not in taken for i in pack):
            group = [position[i] for i in pack]
            if len(set(group)) == len(group):
                groups.append(group)
                taken.update(group)
    return groups


def extract_all(
    requests: list[ExtractRequest], backend: Backend, **options: Any
) -> list[Extraction]:
    """`extract_chunks` for synchronous callers; closes the backend when done."""

    async def run() -> list[Extraction]:
        try:
            return await extract_chunks(requests, backend, **options)
        finally:
            await backend.aclose()

    return asyncio.run(run())


def openai_backend_from(
    model: str,
    api_key: str | None = None,
    base_url: str | None = None,
    structured_mode: str = "json_schema",
    record_dir: Path | str | None = None,
    replay_dir: Path | str | None = None,
    **options: Any,
) -> OpenAIBackend:
    """The openai backend, recording or replaying when asked.

    Replaying needs no key (cassettes hold none); a server named by `base_url` may not need
    one either (local servers ignore it). Recording bypasses the answer cache, so every
    chunk really reaches the server and gets its cassette.
    """
    from .cassette import make_http_client
    from .openai_backend import OpenAIBackend

    if not api_key:
        if replay_dir:
            api_key = "sk-replay-no-key"
        elif base_url:
            api_key = "sk-local-no-key"
        else:
            raise ConfigError(
                "no API key: set OPENAI_API_KEY, point OPENAI_BASE_URL at a compatible "
                "server, or use --replay DIR"
            )
    http_client = make_http_client(record_dir=record_dir, replay_dir=replay_dir)
    options.setdefault("cacheable", not record_dir)
    return OpenAIBackend(
        model,
        api_key=api_key,
        base_url=base_url,
        structured_mode=structured_mode,  # type: ignore[arg-type]
        http_client=http_client,
        **options,
    )
