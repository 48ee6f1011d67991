"""Scheduled runs through the Batch API: the pipeline split at the model call.

`submit_batch` reads the day as `run_brief` does, saves what it read (documents, stories,
chunks) in the data dir, and submits every request the answer cache cannot answer as one
batch, recorded in the ledger at each step. `collect_batches` takes each batch the ledger
still holds, resumes a submission a crash cut short, and once a batch has ended reads the
saved day through `BatchAnswers`: batch answers are validated, evidence-checked and
cached like live ones, and whatever the batch did not answer well goes live. Then the
briefing is merged from the saved day exactly as a live run would merge it.

`absorb_batches` is how a plain `briefer brief` meets a batch it did not submit itself:
a batch that has ended and covers some of the run's chunks is collected first (into the
answer cache, validated like live answers, failures re-asked live); one still running
is waited for up to `batch_wait` seconds, and after that its chunks are left to it (the
run reads live only the rest and its briefing waits: exit 75), so nothing is paid twice.

`estimate_run` counts what a run would send and cost, live and as a batch, calling nothing.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .config import Settings
from .dates import briefing_window, parse_since
from .errors import ConfigError, InputError, ModelError
from .extract import extract_chunks, pack_requests
from .extract.base import ExtractRequest, Pack
from .extract.cache import AnswerCache
from .extract.stale import split_stale, with_background
from .feeds import PendingValidators
from .ledger import BatchRecord, Ledger
from .pipeline import (
    RunResult,
    _finish,
    _read_day,
    _requests,
    load_saved_run,
    save_run,
    today_in_kyiv,
)

__all__ = [
    "Absorbed",
    "Collected",
    "Submitted",
    "absorb_batches",
    "collect_batches",
    "estimate_run",
    "submit_batch",
]

Notify = Callable[[str], None]
REQUESTS_FILE = "requests.jsonl"
RESULTS_FILE = "results.jsonl"
PACKS_FILE = "packs.json"  # each request of the batch: its custom id and its chunks' keys
POLL = 60.0  # seconds between asks while a run waits for a batch


def _model_backend(settings: Settings, *, estimating: bool = False, notify: Notify | None = None):
    """The openai backend the settings describe (the Batch API is OpenAI's)."""
    from .pipeline import openai_backend_for

    if settings.backend == "offline":
        raise ConfigError(
            "--batch and --estimate are for the openai backend, not --backend offline"
        )
    api_key = settings.api_key
    if not (api_key or settings.base_url):
        if not estimating:
            raise ConfigError(
                "the Batch API needs OPENAI_API_KEY (or OPENAI_BASE_URL for a compatible server)"
            )
        api_key = "sk-estimate-calls-nothing"
    return openai_backend_for(settings, api_key=api_key, recorded=False, notify=notify)


def _read(settings: Settings, ledger: Ledger | None, notify: Notify):
    briefing_date = settings.date or today_in_kyiv()
    window = briefing_window(briefing_date, parse_since(settings.since))
    if not settings.inputs and not settings.feeds:
        raise InputError("no inputs: give files, folders, globs, URLs, '-' or --feed URL")
    validators = PendingValidators(ledger) if ledger is not None else None

    def warn(message: str) -> None:
        notify(f"warning: {message}")

    documents, stories, chunks = _read_day(
        settings, briefing_date, window, validators, warn, notify
    )
    return briefing_date, documents, stories, chunks, validators


def _to_read(chunks, stories, documents, briefing_date: date, since: str):
    """The chunks a model reads (as `run_brief` picks them: no story wholly before the
    window), and the ids of the stories that go to Background unread."""
    window_start, _ = briefing_window(briefing_date, parse_since(since))
    return split_stale(chunks, stories, documents, window_start.date(), briefing_date)


def _packs(backend, requests: list[ExtractRequest], pack_tokens: int) -> list:
    """The requests as the extract stage sends them: packed, a lone part as itself."""
    budget = pack_tokens if getattr(backend, "packs", False) else 0
    groups = pack_requests(requests, budget)
    return [
        requests[group[0]] if len(group) == 1 else Pack([requests[i] for i in group])
        for group in groups
    ]


def _pack_keys(backend, packs: list) -> list[dict]:
    """Each request as sent: its custom id and the answer-cache keys of its parts, so a
    later run can send it again exactly (and find the batch's answer to it)."""
    from .extract import _key
    from .extract.base import parts_of
    from .extract.batch import custom_id

    return [
        {
            "custom_id": custom_id(backend.request_body(pack)),
            "keys": [_key(backend, part) for part in parts_of(pack)],
        }
        for pack in packs
    ]


def _uncached(requests: list[ExtractRequest], backend, cache: AnswerCache) -> list[ExtractRequest]:
    from .extract import _key  # the answer cache's own key, so a cached chunk is never sent

    return [r for r in requests if cache.get(_key(backend, r)) is None]


@dataclass
class Submitted:
    """What `briefer brief --batch` did."""

    record_id: int
    batch_id: str | None
    requests: int  # lines in the batch
    cached: int  # chunks the answer cache already held
    estimate: Estimate
    left: int = 0  # chunks left to an earlier batch, still running, that covers them


def submit_batch(settings: Settings, ledger: Ledger, notify: Notify) -> Submitted:
    """Read the day, save it, and submit what the cache cannot answer as one batch."""
    from .extract.batch import batch_lines

    briefing_date, documents, stories, chunks, validators = _read(settings, ledger, notify)
    backend = _model_backend(settings, notify=notify)
    to_read, _ = _to_read(chunks, stories, documents, briefing_date, settings.since)
    requests = _requests(to_read, stories, documents)
    cache = AnswerCache(Path(settings.cache_dir))

    async def submit() -> Submitted:
        from .extract import _key

        try:
            # an earlier batch that has ended is read into the cache first; chunks one
            # still running will answer are not asked again (collecting waits for it)
            earlier = await absorb_batches(
                dataclasses.replace(settings, batch_wait=0.0),
                ledger,
                backend,
                requests,
                cache,
                briefing_date,
                notify,
            )
            todo = [
                r
                for r in _uncached(requests, backend, cache)
                if _key(backend, r) not in earlier.waiting
            ]
            packs = _packs(backend, todo, settings.chunk_tokens)
            lines = batch_lines(backend, packs)
            estimate = estimate_requests(backend, requests, todo, packs)
            record_id = _save_submission(
                settings, ledger, briefing_date, documents, stories, chunks, lines, packs, backend
            )
            if validators is not None:
                validators.commit()  # the day is saved: collecting it needs no feed again
            batch_id = None
            if lines:
                batch_id = await _submit(backend, ledger, record_id, lines, briefing_date)
            else:
                ledger.set_batch_status(record_id, "submitted")
            left = len(earlier.waiting)
            cached = len(requests) - len(todo) - left
            return Submitted(record_id, batch_id, len(lines), cached, estimate, left)
        finally:
            await backend.aclose()

    return asyncio.run(submit())


def _save_submission(
    settings, ledger, briefing_date, documents, stories, chunks, lines, packs, backend
) -> int:
    """The day and its requests saved in the data dir, and the batch in the ledger."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    run_dir = Path(settings.data_dir) / "batches" / f"{briefing_date.isoformat()}-{stamp}"
    save_run(
        run_dir,
        documents=documents,
        stories=stories,
        chunks=chunks,
        extractions=[],
        briefing_date=briefing_date,
        since=settings.since,
    )
    text = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    (run_dir / REQUESTS_FILE).write_text(text, encoding="utf-8")
    listed = _pack_keys(backend, packs)
    (run_dir / PACKS_FILE).write_text(json.dumps(listed, indent=1), encoding="utf-8")
    return ledger.record_batch(briefing_date, run_dir, len(lines))


async def _submit(backend, ledger: Ledger, record_id: int, lines, briefing_date: date) -> str:
    from .extract.batch import create, upload

    file_id = await upload(backend, lines)
    ledger.set_batch_file(record_id, file_id)
    batch_id = await create(backend, file_id, {"briefer_date": briefing_date.isoformat()})
    ledger.set_batch_submitted(record_id, batch_id)
    return batch_id


async def _resume(backend, ledger: Ledger, record: BatchRecord) -> str:
    """Finish a submission a crash cut short: upload if need be, then create the batch."""
    from .extract.batch import create, upload

    file_id = record.file_id
    if not file_id:
        text = (Path(record.run_dir) / REQUESTS_FILE).read_text(encoding="utf-8")
        lines = [json.loads(line) for line in text.splitlines() if line.strip()]
        file_id = await upload(backend, lines)
        ledger.set_batch_file(record.id, file_id)
    batch_id = await create(backend, file_id, {"briefer_date": record.date})
    ledger.set_batch_submitted(record.id, batch_id)
    return batch_id


@dataclass
class Collected:
    """One batch `briefer batch collect` looked at: still running, or its briefing."""

    record: BatchRecord
    status: str  # the Batch API's status (or "resubmitted" after a resumed submission)
    result: RunResult | None = None
    from_batch: int = 0
    went_live: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def collect_batches(
    settings: Settings,
    ledger: Ledger,
    notify: Notify,
    *,
    wait: float = 0.0,
    poll: float = 60.0,
    sleep: Callable[[float], None] | None = None,
) -> list[Collected]:
    """Every batch the ledger holds uncollected: its briefing when it has ended (waiting
    up to `wait` seconds for it, asking every `poll`), else where it stands."""
    pending = ledger.batches(pending=True)
    if not pending:
        day = (settings.date or today_in_kyiv()).isoformat()
        done = [r for r in ledger.batches() if r.date == day and r.status == "collected"]
        if done:  # a plain `briefer brief` read it first: this collect has nothing to do
            notify(
                f"briefer: no batch is waiting: batch {done[-1].batch_id or done[-1].id} "
                f"for {day} was collected {done[-1].collected}"
            )
            return []
        raise InputError(
            "no batch is waiting to be collected: submit one with `briefer brief --batch`"
        )
    sleep = sleep or time.sleep
    deadline = time.monotonic() + wait
    out = []
    for record in pending:
        while True:
            collected = asyncio.run(_collect(settings, ledger, record, notify))
            if collected.result is not None or time.monotonic() + poll > deadline:
                break
            notify(
                f"briefer: batch {record.batch_id or record.id} is {collected.status}; asking again in {poll:g}s"
            )
            sleep(poll)
            record = next(r for r in ledger.batches() if r.id == record.id)
        out.append(collected)
    return out


@dataclass
class _Plan:
    """A batch's saved day, read back: the requests it answers and how they were packed."""

    settings: Settings
    saved: dict
    to_read: list
    old: set
    requests: list[ExtractRequest]
    packs: list[list[int]] | None  # as submitted (indexes into requests); None: not saved
    keys: set[str]  # the answer-cache keys of the chunks the batch was asked about


def _plan(settings: Settings, backend, record: BatchRecord) -> _Plan:
    from .extract import _key

    run_dir = Path(record.run_dir)
    saved = load_saved_run(run_dir)
    run_settings = settings
    if settings.sources.get("since", "default") == "default" and saved["since"]:
        run_settings = dataclasses.replace(settings, since=saved["since"])
    day = date.fromisoformat(saved["date"])
    to_read, old = _to_read(
        saved["chunks"], saved["stories"], saved["documents"], day, run_settings.since
    )
    requests = _requests(to_read, saved["stories"], saved["documents"])
    keys = [_key(backend, r) for r in requests]
    position: dict[str, int] = {}
    for number, key in enumerate(keys):
        position.setdefault(key, number)
    packs, asked = None, set(keys)
    try:
        listed = json.loads((run_dir / PACKS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        listed = None  # a batch submitted before the packs were saved: repacked as then
    if isinstance(listed, list):
        entries = [e.get("keys") or [] for e in listed if isinstance(e, dict)]
        packs = [[position[k] for k in e] for e in entries if all(k in position for k in e)]
        asked = {k for e in entries for k in e}
    return _Plan(run_settings, saved, to_read, old, requests, packs, asked)


async def _batch_results(backend, record: BatchRecord):
    """(results by custom id, or None while the batch runs; its status; its counts). The
    results are kept beside the saved day the moment they arrive, never fetched twice."""
    from .extract.batch import fetch, parse_results

    results_path = Path(record.run_dir) / RESULTS_FILE
    if results_path.exists():  # downloaded before (a crash, or a run that read it)
        return parse_results(results_path.read_text(encoding="utf-8")), "completed", {}
    if not record.batch_id:
        return {}, "completed", {}  # nothing was sent: every answer is in the cache
    state = await fetch(backend, record.batch_id)
    if not state.ended:
        return None, state.status, state.counts
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in state.results.values())
    results_path.write_text(text, encoding="utf-8")
    return state.results, state.status, state.counts


async def _read_batch(settings: Settings, backend, plan: _Plan, results, cache: AnswerCache):
    """The batch's day read through its answers (the rest live); the reader's tallies."""
    from .extract.batch import BatchAnswers

    answers = BatchAnswers(backend, results)
    read = await extract_chunks(
        plan.requests,
        answers,
        cache=cache,
        concurrency=settings.concurrency,
        pack_tokens=settings.chunk_tokens,
        packs=plan.packs,
    )
    return read, answers


async def _collect(
    settings: Settings, ledger: Ledger, record: BatchRecord, notify: Notify | None = None
) -> Collected:
    backend = _model_backend(settings, notify=notify)
    try:
        if record.requests and record.batch_id is None:
            await _resume(backend, ledger, record)
            return Collected(record, "resubmitted")
        results, status, counts = await _batch_results(backend, record)
        if results is None:
            return Collected(record, status, counts=counts)
        plan = _plan(settings, backend, record)
        saved, run_settings = plan.saved, plan.settings
        cache = AnswerCache(Path(settings.cache_dir))
        day = date.fromisoformat(saved["date"])
        # chunks this batch left to an earlier one: read from it first, or waited for
        earlier = await absorb_batches(
            dataclasses.replace(settings, batch_wait=0.0),
            ledger,
            backend,
            plan.requests,
            cache,
            day,
            notify or (lambda _m: None),
            skip={record.id},
        )
        if earlier.waiting:
            return Collected(record, "waiting for " + "; ".join(earlier.running), counts=counts)
        read, answers = await _read_batch(settings, backend, plan, results, cache)
        extractions = with_background(
            saved["chunks"],
            read,
            plan.old,
            saved["stories"],
            saved["documents"],
            backend=backend.name,
            model=backend.model,
        )
    finally:
        await backend.aclose()
    sources = {d.id: d.source for d in saved["documents"]}
    warnings = [
        f"chunk {e.chunk_id} of {sources[e.document_id]} {e.status}: {e.error}"
        for e in extractions
        if not e.ok
    ]
    result = _finish(
        run_settings,
        documents=saved["documents"],
        stories=saved["stories"],
        chunks=saved["chunks"],
        extractions=extractions,
        briefing_date=date.fromisoformat(saved["date"]),
        backend=backend.name,
        model=backend.model,
        warnings=warnings,
        ledger=ledger,
    )
    return Collected(record, status, result, answers.from_batch, answers.went_live, counts)


@dataclass
class Absorbed:
    """What the batches in the ledger did for a plain run."""

    collected: list[str] = field(default_factory=list)  # batches read into the cache first
    waiting: set[str] = field(default_factory=set)  # cache keys a running batch will answer
    running: list[str] = field(default_factory=list)  # those batches, said for a user


async def absorb_batches(
    settings: Settings,
    ledger: Ledger,
    backend,
    requests: list[ExtractRequest],
    cache: AnswerCache,
    briefing_date: date,
    notify: Notify,
    *,
    sleep: Callable[[float], Any] = asyncio.sleep,
    clock: Callable[[], float] = time.monotonic,
    skip: set[int] | frozenset[int] = frozenset(),
) -> Absorbed:
    """Before a plain run reads `requests` live: every pending batch that covers some of
    them and has ended is read into the answer cache first (its answers validated and
    cached as live ones, what it failed re-asked live; marked collected when it was for
    this briefing date); one still running is waited for up to `settings.batch_wait`
    seconds (asking every tenth of it, at most a minute), then its chunks are left to it (`Absorbed.waiting`)."""
    from .extract import _key

    out = Absorbed()
    pending = [r for r in ledger.batches(pending=True) if r.id not in skip]
    needed = {k for k in (_key(backend, r) for r in requests) if cache.get(k) is None}
    if not pending or not needed:
        return out
    deadline = clock() + settings.batch_wait
    for record in pending:
        name = f"batch {record.batch_id or '#' + str(record.id)} ({record.date})"
        try:
            plan = _plan(settings, backend, record)
        except InputError as exc:
            notify(f"warning: {name} cannot be read back, so it is left alone: {exc}")
            continue
        covered = needed & plan.keys
        if not covered:
            continue
        if record.requests and record.batch_id is None:
            if record.date == briefing_date.isoformat():  # never created, nothing paid
                ledger.set_batch_status(record.id, "abandoned")
                notify(
                    f"briefer: {name} was never created (its submission was cut short); "
                    f"this run reads its {len(covered)} chunks live and abandons it"
                )
            continue
        try:
            results, status, _ = await _batch_results(backend, record)
        except ModelError as exc:  # the morning's briefing matters more than the discount
            notify(
                f"warning: {name} cannot be asked where it stands, so its chunks are read live: {exc}"
            )
            continue
        if results is None and clock() < deadline:
            notify(
                f"briefer: {name}, which covers {len(covered)} of the {len(needed)} chunks "
                f"to read, is {status}; waiting up to {deadline - clock():.0f}s for it"
            )
            poll = min(POLL, max(settings.batch_wait / 10, 0.2))
            while results is None and clock() < deadline:
                await sleep(min(poll, max(deadline - clock(), 0.0)))
                try:
                    results, status, _ = await _batch_results(backend, record)
                except ModelError:  # a passing failure while waiting: ask again
                    continue
        if results is None:
            out.waiting |= covered
            out.running.append(f"{name}, still {status}, which covers {len(covered)} of its chunks")
            continue
        _, answers = await _read_batch(settings, backend, plan, results, cache)
        if record.date == briefing_date.isoformat():
            ledger.set_batch_status(record.id, "collected")
        out.collected.append(name)
        notify(
            f"briefer: {name} {status}, read first: requests answered by the batch "
            f"{answers.from_batch}, read live {answers.went_live}"
        )
        needed = {k for k in needed if cache.get(k) is None}
        if not needed:
            break
    return out


# ---- estimate -------------------------------------------------------------------------

# Answer tokens per article-block token (the request's tokens past its static prefix): three
# cohorts of blind real-news answers, written by capable readers to the packed requests, run
# 1.60 (38 requests: 64,439 for 40,273), 1.74 (46 requests, rebuilt 2026-12-02: 106,651
# for 61,391) and 1.65 (50 requests, rebuilt again with two fresh days: 118,419 for
# 71,795), 1.67 together; `benchmarks/token_cost.py` measures the present ones again.
# The hand answers of the tests' fixtures run 3.12 on the examples and 1.12 on the invented
# day, so neither is a real answer.
EXPECTED_ANSWER_PER_BLOCK_TOKEN = 1.67
CACHE_MIN_TOKENS, CACHE_STEP = 1024, 128  # OpenAI caches a prefix of 1,024+ in 128s


@dataclass
class Estimate:
    """What a run would send and cost, counted with tiktoken and priced from the table."""

    model: str
    chunks: int
    cached_answers: int  # chunks the answer cache holds: nothing is sent for them
    requests: int  # model calls: the chunks not cached, packed
    prompt_tokens: int
    cached_prompt_tokens: int  # the static prefix, from the second request on
    output_tokens: int  # the likely answers, reasoning included
    reserved_output_tokens: int  # what the requests reserve (max_completion_tokens)
    live_usd: float
    batch_usd: float

    def describe(self) -> str:
        return (
            f"briefer: estimate for {self.model}: {self.chunks} chunks, {self.cached_answers} "
            f"answered by the cache, model calls {self.requests}: {self.prompt_tokens} tokens in "
            f"({self.cached_prompt_tokens} likely cached), about {self.output_tokens} out "
            f"({self.reserved_output_tokens} reserved); about ${self.live_usd:.4f} live, "
            f"${self.batch_usd:.4f} as a batch (no call made)"
        )


def estimate_requests(
    backend, requests: list[ExtractRequest], todo: list[ExtractRequest], packs: list
) -> Estimate:
    """Tokens and dollars for sending `todo` (of `requests`) through `backend`, packed as
    `packs` (what the extract stage would send).

    The static prefix (instructions and schema, the same in every request, sent with one
    `prompt_cache_key`) is counted as cached from a run's second request on, when it is
    long enough to cache (1,024 tokens, in steps of 128), live and in a batch alike: a
    batch's answers report cached tokens too (`usage.input_tokens_details.cached_tokens`
    of the Batch object), billed at the cached rate times the batch discount."""
    from .data import Usage
    from .extract.cost import cost_of

    live, batch = Usage(), Usage()
    prompt = cached = output = reserved = 0
    prefix_seen = False
    for request in packs:
        body = backend.request_body(request)
        tokens = backend.prompt_tokens(body)
        system = next((m["content"] for m in body["messages"] if m["role"] == "system"), "")
        prefix = backend.prompt_tokens({"messages": [{"role": "system", "content": system}]})
        hit = prefix // CACHE_STEP * CACHE_STEP if prefix_seen and prefix >= CACHE_MIN_TOKENS else 0
        prefix_seen = True
        answer = int(EXPECTED_ANSWER_PER_BLOCK_TOKEN * max(tokens - prefix, 0))
        answer += backend.reasoning_allowance() // 2
        answer = min(answer, body.get("max_completion_tokens") or answer)
        prompt, cached, output = prompt + tokens, cached + hit, output + answer
        reserved += body.get("max_completion_tokens") or 0
        usage = Usage(calls=1, input_tokens=tokens, cached_input_tokens=hit, output_tokens=answer)
        live, batch = live + usage, batch + usage
    return Estimate(
        model=backend.model,
        chunks=len(requests),
        cached_answers=len(requests) - len(todo),
        requests=len(packs),
        prompt_tokens=prompt,
        cached_prompt_tokens=cached,
        output_tokens=output,
        reserved_output_tokens=reserved,
        live_usd=cost_of(backend.model, live, backend.prices),
        batch_usd=cost_of(backend.model, batch, backend.prices, batch=True),
    )


def estimate_run(settings: Settings, notify: Notify) -> Estimate:
    """What `briefer brief` would send and cost with these settings; calls no model."""
    briefing_date, documents, stories, chunks, _ = _read(settings, None, notify)
    backend = _model_backend(settings, estimating=True)
    to_read, _ = _to_read(chunks, stories, documents, briefing_date, settings.since)
    requests = _requests(to_read, stories, documents)
    todo = _uncached(requests, backend, AnswerCache(Path(settings.cache_dir)))
    return estimate_requests(backend, requests, todo, _packs(backend, todo, settings.chunk_tokens))
