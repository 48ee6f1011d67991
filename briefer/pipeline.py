"""The one place that strings the stages together: ingest → segment → chunk → extract → merge.

The CLI parses flags into `Settings` and calls `run_brief` or `run_merge`; everything a
run produced (documents, stories, chunks, extractions, the briefing, its rendering and
counts) comes back in a `RunResult`, so a caller can inspect, save or deliver it.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .chunk import chunk_story
from .config import Settings
from .data import Chunk, Document, Extraction, Story, Usage, story_title
from .dates import KYIV, after_window, briefing_window, parse_since
from .errors import BatchPending, ConfigError, InputError
from .extract.base import Backend, ExtractRequest
from .extract.stale import split_stale, with_background
from .feeds import PendingValidators
from .ingest import read_inputs
from .merge import Briefing, merge
from .progress import Progress
from .render import render_json, render_markdown
from .segment import segment_all

__all__ = [
    "RunResult",
    "choose_backend",
    "load_saved_run",
    "openai_backend_for",
    "output_path",
    "publish",
    "run_brief",
    "run_merge",
    "save_run",
    "send_briefing",
    "today_in_kyiv",
]

SAVED_RUN_VERSION = 1

Notify = Callable[[str], None]


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


def today_in_kyiv() -> date:
    """The briefing date when none is given: today on the Kyiv calendar."""
    return datetime.now(KYIV).date()


@dataclass
class RunResult:
    """Everything one run produced, plus the counts behind its closing summary."""

    briefing: Briefing
    text: str
    documents: list[Document]
    stories: list[Story]
    chunks: list[Chunk]
    extractions: list[Extraction]
    backend: str
    model: str
    warnings: list[str] = field(default_factory=list)
    validators: Any = None  # feed validators held back until the briefing is written
    # chunks of stories wholly older than the window: Background from their metadata,
    # never sent to the reader, so neither read nor failed
    background: set[str] = field(default_factory=set)

    @property
    def usage(self) -> Usage:
        total = Usage()
        for extraction in self.extractions:
            total = total + extraction.usage
        return total

    @property
    def failed(self) -> list[Extraction]:
        return [e for e in self.extractions if not e.ok]

    @property
    def sent_to_read(self) -> int:
        """The chunks given to the reader: all but those of stories too old to send."""
        return len(self.extractions) - len(self.background)

    @property
    def exit_code(self) -> int:
        """0 all read, 1 some chunks failed (briefing still written), 3 nothing read."""
        if self.failed and len(self.failed) == self.sent_to_read:
            return 3
        return 1 if self.failed else 0

    def withhold_reason(self, max_failed_share: float) -> str | None:
        """Why this briefing must not be e-mailed nor recorded as the day's, or None: every
        chunk failed, or more than `max_failed_share` of them did. Its text says what is
        missing; sending it would tell the reader of a quiet day that was not one."""
        if not self.extractions or not self.failed:
            return None
        failed, total = len(self.failed), self.sent_to_read
        if failed == total:
            return f"every chunk failed ({failed} of {total})"
        if failed / total > max_failed_share:
            return (
                f"{failed} of {total} chunks failed, over the {max_failed_share:.0%} "
                "allowed (max_failed_share)"
            )
        return None

    def unread_sources(self) -> list[str]:
        """The inputs (by name) at least one of whose chunks could not be read."""
        failed = {e.document_id for e in self.failed}
        return [d.source for d in self.documents if d.id in failed]

    def chunk_report(self) -> list[str]:
        """One line per chunk (for --verbose): where it came from and what reading it cost."""
        sources = {d.id: d.source for d in self.documents}
        lines = []
        for e in self.extractions:
            state = "cached" if e.cached else e.status
            extra = (
                f", {e.evidence_dropped} unverified quotes dropped" if e.evidence_dropped else ""
            )
            extra += f", {e.reasks} re-asks" if e.reasks else ""
            extra += f", split {e.splits}x" if e.splits else ""
            lines.append(
                f"  chunk {e.chunk_id} of {sources.get(e.document_id, e.document_id)}: {state}, "
                f"{e.usage.input_tokens} in / {e.usage.output_tokens} out{extra}"
            )
        return lines

    def summary(self) -> str:
        """The closing one-line summary a user (or cron) reads."""
        usage = self.usage
        cached = sum(1 for e in self.extractions if e.cached)
        parts = [
            f"{len(self.documents)} articles",
            f"{len(self.stories)} stories",
            f"{len(self.chunks)} chunks",
            f"{cached} cached",
            f"{usage.input_tokens} tokens in ({usage.cached_input_tokens} cached)",
            f"{usage.output_tokens} out",
            f"${usage.cost_usd:.4f}",
            f"{len(self.failed)} failed",
        ]
        dropped = self.briefing.stats.get("bullets_dropped", 0)
        if dropped:
            parts.append(f"{dropped} unsupported lines dropped")
        refused = self.briefing.stats.get("parts_refused") or {}
        if refused:  # each listed with its reason in --format json (stats.refused)
            parts.append(
                "refused: " + ", ".join(f"{n} {reason}" for reason, n in sorted(refused.items()))
            )
        accounted = dict(self.briefing.stats.get("items_accounted") or {})
        if accounted:  # every item read: in a line, or left out with its reason
            shown = accounted.pop("in a line", 0)
            left = ", ".join(f"{n} {reason}" for reason, n in accounted.items())
            parts.append(f"{shown} items in lines" + (f" ({left} left out)" if left else ""))
        words, budget = (self.briefing.stats.get(k) for k in ("briefing_words", "length_budget"))
        if words and budget and words > budget:  # attacks and the talks' status never go
            parts.append(f"{words} words, over the {budget}-word length")
        return f"briefer: {self.backend}/{self.model}: " + ", ".join(parts)


def choose_backend(settings: Settings, notify: Notify = _stderr) -> Backend:
    """Build the extraction backend the settings ask for; `auto` says which it picked."""
    name = settings.backend
    if name == "auto":
        reasons = [
            label
            for label, value in (
                ("--replay", settings.replay),
                ("--record", settings.record),
                ("OPENAI_API_KEY", settings.api_key),
                ("OPENAI_BASE_URL", settings.base_url),
            )
            if value
        ]
        name = "openai" if reasons else "offline"
        why = f"{reasons[0]} is set" if reasons else "no OPENAI_API_KEY or OPENAI_BASE_URL set"
        notify(f"briefer: using the {name} backend ({why})")
    if name == "offline":
        from .offline import OfflineBackend

        return OfflineBackend()
    if name == "openai":
        if not (settings.api_key or settings.base_url or settings.replay):
            raise ConfigError(
                "the openai backend needs OPENAI_API_KEY (or OPENAI_BASE_URL for a "
                "compatible server, or --replay DIR for recorded answers)"
            )
        return openai_backend_for(settings, notify=notify, probe=True)
    raise ConfigError(f"unknown backend {name!r}: use auto, openai or offline")


def openai_backend_for(
    settings: Settings,
    *,
    api_key: str | None = None,
    recorded: bool = True,
    notify: Notify | None = None,
    probe: bool = False,
):
    """The openai backend the settings describe: `api_key` in place of theirs, and with
    their --record/--replay folders unless not `recorded` (the Batch API's own calls);
    `notify` hears what the user should know once (a Retry-After longer than waited).
    With `probe` (a live run's reader) it may learn unknown rate limits from a probe
    first; never while recording or replaying, whose cassettes hold chunks only."""
    from .extract import openai_backend_from

    return openai_backend_from(
        model=settings.model,
        api_key=api_key or settings.api_key,
        base_url=settings.base_url,
        structured_mode=settings.structured_mode,
        record_dir=settings.record if recorded else None,
        replay_dir=settings.replay if recorded else None,
        timeout=settings.timeout,
        retry_budget=settings.model_retry_budget,
        notify=notify,
        prices=settings.prices,
        reasoning_effort=settings.reasoning_effort,
        limits_file=Path(settings.cache_dir) / "ratelimits.json",
        probe_limits=probe and not (settings.record or settings.replay),
    )


def _read_day(
    settings: Settings,
    briefing_date: date,
    window: tuple,
    validators,
    warn: Notify,
    notify: Notify,
    progress: Progress | None = None,
) -> tuple[list[Document], list[Story], list[Chunk]]:
    """Ingest, segment and chunk the inputs: the part of a run before any model call."""
    window_start, window_end = window
    documents = read_inputs(
        list(settings.inputs),
        published=list(settings.published),
        feeds=list(settings.feeds),
        window_start=window_start,
        window_end=window_end,
        validators=validators,
        warn=warn,
        max_bytes=int(settings.max_input_mb * 1_000_000),
        progress=progress,
    )
    if not documents:
        raise InputError("none of the inputs held an article to read")
    _refuse_overwriting_inputs(settings, briefing_date, documents)
    stories, late = _within_window(segment_all(documents), documents, window_end)
    if late:
        kept = {s.document_id for s in stories}
        documents = [d for d in documents if d.id in kept]
        notify(
            f"briefer: {len(late)} stories published after the briefing's end "
            f"({window_end.strftime('%Y-%m-%d %H:%M')} Kyiv) left out"
        )
    chunks = [
        c for s in stories for c in chunk_story(s, settings.chunk_tokens, model=settings.model)
    ]
    return documents, stories, chunks


def _requests(
    chunks: list[Chunk], stories: list[Story], documents: list[Document]
) -> list[ExtractRequest]:
    story_by_id = {s.id: s for s in stories}
    doc_by_id = {d.id: d for d in documents}
    requests = []
    for chunk in chunks:
        story = story_by_id[chunk.story_id]
        document = doc_by_id[chunk.document_id]
        requests.append(
            ExtractRequest(
                chunk=chunk,
                title=story_title(story, document),
                outlet=document.outlet,
                published=story.published or document.published,
            )
        )
    return requests


def _within_window(
    stories: list[Story], documents: list[Document], end: datetime
) -> tuple[list[Story], set[str]]:
    """The stories published before the window's end, and the ids of those after it: a
    briefing for a past morning cannot report what happened later, as news or at all."""
    published = {d.id: d.published for d in documents}
    late = {s.id for s in stories if after_window(s.published or published.get(s.document_id), end)}
    return [s for s in stories if s.id not in late], late


def _refuse_overwriting_inputs(settings: Settings, briefing_date: date, documents) -> None:
    """`-o` (or output_dir's file) naming one of the inputs would destroy it: refuse."""
    target = output_path(settings, briefing_date)
    if target is None or str(target) == "-":
        return
    try:
        resolved = target.expanduser().resolve()
    except OSError:
        return
    for document in documents:
        source = document.source.split("#", 1)[0]
        if "://" in source or source.startswith("<"):
            continue
        try:
            same = Path(source).resolve() == resolved
        except OSError:
            continue
        if same:
            raise ConfigError(
                f"the output {target} is one of the inputs; refusing to overwrite it "
                "(choose another -o or output_dir)"
            )


def run_brief(
    settings: Settings,
    *,
    backend: Backend | None = None,
    notify: Notify = _stderr,
    ledger=None,
    progress: Progress | None = None,
) -> RunResult:
    """Read the inputs, extract every chunk, merge and render the briefing."""
    briefing_date = settings.date or today_in_kyiv()
    window_start, window_end = briefing_window(briefing_date, parse_since(settings.since))
    if not settings.inputs and not settings.feeds:
        raise InputError("no inputs: give files, folders, globs, URLs, '-' or --feed URL")

    warnings: list[str] = []

    def warn(message: str) -> None:
        warnings.append(message)
        notify(f"warning: {message}")

    # A feed's ETag is only remembered once the briefing is written: a run that fails
    # after reading it must not make the next run skip those entries as "not modified".
    validators = PendingValidators(ledger) if ledger is not None else None
    documents, stories, chunks = _read_day(
        settings, briefing_date, (window_start, window_end), validators, warn, notify, progress
    )

    backend = backend or choose_backend(settings, notify)
    cache = None
    if backend.cacheable:
        from .extract.cache import AnswerCache

        cache = AnswerCache(Path(settings.cache_dir))
    # a story wholly older than the window can only be Background: no model reads it
    to_read, old = split_stale(chunks, stories, documents, window_start.date(), briefing_date)
    read = _extract(
        settings,
        _requests(to_read, stories, documents),
        backend,
        cache,
        ledger=ledger if _reads_batches(settings, backend, cache) else None,
        briefing_date=briefing_date,
        notify=notify,
        progress=progress,
    )
    extractions = with_background(
        chunks, read, old, stories, documents, backend=backend.name, model=backend.model
    )
    sources = {d.id: d.source for d in documents}
    for failed in (e for e in extractions if not e.ok):
        warn(
            f"chunk {failed.chunk_id} of {sources[failed.document_id]} {failed.status}: {failed.error}"
        )

    if settings.save_extractions:
        save_run(
            Path(settings.save_extractions),
            documents=documents,
            stories=stories,
            chunks=chunks,
            extractions=extractions,
            briefing_date=briefing_date,
            since=settings.since,
        )
    result = _finish(
        settings,
        documents=documents,
        stories=stories,
        chunks=chunks,
        extractions=extractions,
        briefing_date=briefing_date,
        backend=backend.name,
        model=backend.model,
        warnings=warnings,
        ledger=ledger,
    )
    result.validators = validators
    result.background = {c.id for c in chunks if c.story_id in old}
    return result


def _reads_batches(settings: Settings, backend: Backend, cache) -> bool:
    """Whether batches in the ledger can answer this run: an openai backend talking to
    its server (not recording or replaying), with the answer cache they fill."""
    return (
        cache is not None
        and backend.name == "openai"
        and hasattr(backend, "client")
        and not (settings.replay or settings.record)
    )


def _extract(
    settings: Settings,
    requests: list[ExtractRequest],
    backend: Backend,
    cache,
    *,
    ledger,
    briefing_date: date,
    notify: Notify,
    progress: Progress | None,
) -> list[Extraction]:
    """Every request read (through the batches the ledger holds first, when `ledger`);
    raises BatchPending when a batch still running covers some of them."""
    from .extract import _key, extract_chunks

    async def run() -> tuple[list[Extraction], Any]:
        try:
            absorbed = None
            todo = requests
            if ledger is not None:
                from .scheduled import absorb_batches

                absorbed = await absorb_batches(
                    settings, ledger, backend, requests, cache, briefing_date, notify
                )
                todo = [r for r in requests if _key(backend, r) not in absorbed.waiting]
            read = await extract_chunks(
                todo,
                backend,
                cache=cache,
                concurrency=settings.concurrency,
                pack_tokens=settings.chunk_tokens,
                on_progress=_extract_progress(progress, len(todo)),
            )
            return read, absorbed
        finally:
            await backend.aclose()

    read, absorbed = asyncio.run(run())
    if absorbed is not None and absorbed.waiting:
        raise BatchPending(
            f"the briefing waits for {'; '.join(absorbed.running)}: the other "
            f"{len(read)} were read and cached, those are left to it (never paid twice); "
            "`briefer batch collect` or this command again builds it once the batch has "
            "ended (--batch-wait SECONDS waits for it)"
        )
    return read


def _extract_progress(progress: Progress | None, total: int) -> Callable[[Extraction], None] | None:
    if progress is None:
        return None
    stage = progress.stage("extracting", total, unit="chunks")

    def step(_: Extraction) -> None:
        stage.advance()
        if stage.done >= total:
            stage.finish()

    return step


def run_merge(settings: Settings, directory: Path, *, ledger=None) -> RunResult:
    """Rebuild a briefing from a `--save-extractions` folder, with no model call."""
    saved = load_saved_run(directory)
    briefing_date = settings.date or date.fromisoformat(saved["date"])
    if saved["since"] and settings.sources.get("since", "default") == "default":
        settings = dataclasses.replace(settings, since=saved["since"])
    extractions = saved["extractions"]
    first = extractions[0] if extractions else None
    return _finish(
        settings,
        documents=saved["documents"],
        stories=saved["stories"],
        chunks=saved["chunks"],
        extractions=extractions,
        briefing_date=briefing_date,
        backend=first.backend if first else "saved",
        model=first.model if first else "-",
        warnings=[],
        ledger=ledger,
    )


def _finish(
    settings: Settings,
    *,
    documents: list[Document],
    stories: list[Story],
    chunks: list[Chunk],
    extractions: list[Extraction],
    briefing_date: date,
    backend: str,
    model: str,
    warnings: list[str],
    ledger,
) -> RunResult:
    # a saved run may hold stories published after this briefing's end: not shown
    _, window_end = briefing_window(briefing_date, parse_since(settings.since))
    stories, late = _within_window(stories, documents, window_end)
    if late:
        extractions = [e for e in extractions if e.story_id not in late]
        chunks = [c for c in chunks if c.story_id not in late]
        kept = {s.document_id for s in stories}
        documents = [d for d in documents if d.id in kept]
    # Lines get "new" / "(continuing)" marks only when an earlier briefing exists; the
    # merge keeps room for them in the length budget then.
    previous = ledger.previous_item_keys(briefing_date) if ledger is not None else set()
    briefing = merge(
        extractions,
        stories,
        documents,
        date=briefing_date,
        since=parse_since(settings.since),
        marked=bool(previous),
        max_words=settings.max_words or None,
    )
    result = RunResult(
        briefing=briefing,
        text="",
        documents=documents,
        stories=stories,
        chunks=chunks,
        extractions=extractions,
        backend=backend,
        model=model,
        warnings=warnings,
    )
    usage = result.usage
    # merge counted articles, chunks, failures and tokens; only the run knows the rest
    briefing.stats.update(
        evidence_dropped=sum(e.evidence_dropped for e in extractions),
        cached_input_tokens=usage.cached_input_tokens,
        backend=backend,
        model=model,
    )
    if result.failed:  # named in the briefing's warning
        briefing.stats["unread"] = result.unread_sources()
    if previous:
        ledger.mark_status(briefing.news_items(), previous)
        status = {item.key: item.status for item in briefing.news_items()}
        for point in briefing.key_points:
            point.status = status.get(point.ref)
    result.text = render_json(briefing) if settings.format == "json" else render_markdown(briefing)
    return result


def save_run(
    directory: Path,
    *,
    documents: list[Document],
    stories: list[Story],
    chunks: list[Chunk],
    extractions: list[Extraction],
    briefing_date: date,
    since: str,
) -> Path:
    """Write a run's inputs and per-chunk answers so `briefer merge` can rebuild it."""
    directory.mkdir(parents=True, exist_ok=True)
    payload = {
        "version": SAVED_RUN_VERSION,
        "date": briefing_date.isoformat(),
        "since": since,
        "documents": [d.to_dict() for d in documents],
        "stories": [s.to_dict() for s in stories],
        "chunks": [c.to_dict() for c in chunks],
        "extractions": [e.to_dict() for e in extractions],
    }
    path = directory / "run.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)
    return path


def load_saved_run(directory: Path) -> dict:
    """Read what `save_run` wrote; a clear InputError when it is not there or not ours."""
    path = directory / "run.json" if directory.is_dir() else directory
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(
            f"{path} not found: write it with `briefer brief --save-extractions DIR`"
        ) from None
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read saved extractions {path}: {exc}") from None
    if not isinstance(payload, dict) or payload.get("version") != SAVED_RUN_VERSION:
        raise InputError(f"{path} is not a briefer extractions file (version {SAVED_RUN_VERSION})")
    try:
        saved = {
            "date": date.fromisoformat(payload["date"]).isoformat(),
            "since": payload.get("since"),
            "documents": [Document.from_dict(d) for d in payload["documents"]],
            "stories": [Story.from_dict(s) for s in payload["stories"]],
            "chunks": [Chunk.from_dict(c) for c in payload["chunks"]],
            "extractions": [Extraction.from_dict(e) for e in payload["extractions"]],
        }
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        what = f"missing {exc}" if isinstance(exc, KeyError) else str(exc)[:200]
        raise InputError(
            f"{path} is not a well-formed briefer extractions file ({what}); "
            "write it again with `briefer brief --save-extractions DIR`"
        ) from None
    if saved["since"] is not None:
        parse_since(saved["since"])
    return saved


def output_path(settings: Settings, briefing_date: date) -> Path | None:
    """Where the briefing goes: `--output`, else `output_dir/briefing-DATE.md|json`, else
    None for stdout."""
    if settings.output:
        return Path(settings.output)
    if settings.output_dir:
        suffix = "json" if settings.format == "json" else "md"
        return Path(settings.output_dir) / f"briefing-{briefing_date.isoformat()}.{suffix}"
    return None


def publish(result: RunResult, settings: Settings, ledger, notify: Notify = _stderr) -> Path | None:
    """Write the briefing, record it in the ledger, and e-mail it when recipients are set.

    Each step is recorded as soon as it is done, so a crash later in the run loses nothing
    already written or sent. Returns the file written, or None for stdout.
    """
    from .deliver import write_output

    briefing_date = date.fromisoformat(result.briefing.date)
    path = output_path(settings, briefing_date)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    write_output(result.text, path)
    ledger.record_articles(result.documents)
    withheld = result.withhold_reason(settings.max_failed_share)
    if withheld is not None:
        # not the day's briefing: not e-mailed, not recorded, feeds' validators not kept,
        # so the next run reads everything again and sends what it finds
        where = f"written to {path}" if path else "written to stdout"
        notify(
            f"briefer: briefing {where} with its warning, but not e-mailed and not recorded "
            f"as the day's briefing: {withheld}; the next run that reads them sends it"
        )
        return path
    ledger.record_briefing(
        briefing_date,
        str(path) if path else None,
        result.usage.cost_usd,
        [item.key for item in result.briefing.news_items()],
    )
    if result.validators is not None:
        result.validators.commit()
    if settings.email_to:
        markdown = result.text if settings.format != "json" else render_markdown(result.briefing)
        notify(f"briefer: {send_briefing(markdown, settings, ledger, briefing_date)}")
    return path


def send_briefing(markdown: str, settings: Settings, ledger, briefing_date: date):
    """E-mail a markdown briefing to `settings.email_to` unless the ledger says it was sent
    (or write the .eml on --dry-run); returns the DeliveryResult."""
    from .deliver import deliver
    from .mail import top_key_point

    return deliver(
        markdown,
        settings,
        date=briefing_date,
        subject_point=top_key_point(markdown),
        ledger=ledger,
        recipients=list(settings.email_to),
        force=settings.force,
        dry_run=settings.dry_run,
    )
