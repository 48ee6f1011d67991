"""Feeds (`--feed URL`): RSS and Atom read with feedparser from bytes fetched by
`briefer.fetch`, so timeouts, size caps and the User-Agent are the same as for pages.

Per feed: a conditional request with the ETag / Last-Modified remembered by `validators`
(a 304 means no new entries); entries older than the window are skipped before any fetch;
an entry's full content is used when the feed carries enough of it, otherwise its link is
fetched and read with trafilatura. Metadata the page states (title, date, site name,
canonical URL) wins over the feed entry's. A malformed feed is reported with feedparser's
reason and whatever parsed is used.

An entry whose page cannot be fetched (after the fetcher's retries) is skipped for this
run, and its feed's validators are forgotten rather than stored: the next run reads the
whole feed again instead of getting a 304, and so retries the entry.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol
from urllib.parse import urlsplit

from .data import Document
from .errors import InputError, NetworkError
from .fetch import Fetcher, FetchResult
from .ingest.html import extract_page, fragment_to_text
from .ingest.published import parse_date
from .ingest.records import Meta, canonical_url, new_document, split_text_header
from .ingest.stats import IngestStats
from .redact import redact_url

__all__ = [
    "MIN_CONTENT_CHARS",
    "FeedEntry",
    "PendingValidators",
    "Validators",
    "page_document",
    "read_feeds",
]

MIN_CONTENT_CHARS = 600
"""An entry's own content is used instead of fetching its link when its text is this long."""


class Validators(Protocol):
    """Where conditional-request validators live between runs (the run ledger)."""

    def get_validators(self, url: str) -> tuple[str | None, str | None] | None: ...

    def set_validators(self, url: str, etag: str | None, last_modified: str | None) -> None: ...


class PendingValidators:
    """Validators held back until the run that read the feeds has succeeded.

    Wraps the run ledger (anything with `get_validators` / `set_validators`): values set
    during the run are kept here and read back first; everything else passes through.
    `commit()` writes them to the ledger once the briefing is written. A run that fails
    before that leaves the stored validators as they were, so the next run fetches those
    feeds in full instead of getting a 304 and losing entries it never briefed.
    """

    def __init__(self, store: Validators) -> None:
        self.store = store
        self._pending: dict[str, tuple[str | None, str | None]] = {}

    def get_validators(self, url: str) -> tuple[str | None, str | None] | None:
        """The validators set during this run, else the stored ones."""
        if url in self._pending:
            return self._pending[url]
        return self.store.get_validators(url)

    def set_validators(self, url: str, etag: str | None, last_modified: str | None) -> None:
        """Keep `url`'s validators until `commit()`."""
        self._pending[url] = (etag, last_modified)

    def commit(self) -> None:
        """Write the validators set during this run to the wrapped store."""
        for url, (etag, last_modified) in self._pending.items():
            self.store.set_validators(url, etag, last_modified)
        self._pending.clear()


@dataclass
class FeedEntry:
    """One entry worth reading: its link, its date, and its own text when long enough."""

    feed_url: str
    outlet: str | None
    title: str | None
    link: str | None
    published: datetime | None
    text: str | None  # the entry's full content as text, when used instead of the page


def _entry_time(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    return None


def _entry_text(entry: Any) -> str | None:
    candidates = [item.get("value", "") for item in entry.get("content") or []]
    candidates.append(entry.get("summary") or "")
    best = max(
        (fragment_to_text(html) for html in candidates if html and html.strip()),
        key=len,
        default="",
    )
    return best if len(best) >= MIN_CONTENT_CHARS else None


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.astimezone()


def _parse_feed(
    result: FetchResult, warn: Callable[[str], None]
) -> tuple[str | None, list[Any]] | None:
    import feedparser

    headers = {"content-location": result.final_url}
    if result.content_type:
        headers["content-type"] = result.content_type + (
            f"; charset={result.charset}" if result.charset else ""
        )
    parsed = feedparser.parse(result.body, response_headers=headers)
    entries = list(parsed.entries)
    if parsed.bozo and not isinstance(
        parsed.get("bozo_exception"), feedparser.CharacterEncodingOverride
    ):
        reason = " ".join(str(parsed.get("bozo_exception") or "unknown error").split())
        if not entries:
            warn(f"feed {result.url}: malformed ({reason}); no entries could be read, skipped")
            return None
        warn(
            f"feed {result.url}: malformed ({reason}); using the {len(entries)} entries that parsed"
        )
    elif not entries and not parsed.get("version"):
        warn(f"feed {result.url}: not an RSS or Atom feed; skipped")
        return None
    title = parsed.feed.get("title") or None
    return (" ".join(title.split()) if title else None), entries


async def read_feeds(
    feed_urls: list[str] | tuple[str, ...],
    *,
    fetcher: Fetcher,
    warn: Callable[[str], None],
    window_start: datetime | None = None,
    validators: Validators | None = None,
    stats: IngestStats | None = None,
    window_end: datetime | None = None,
) -> list[Document]:
    """Documents from feeds; problems are warned about per feed or entry and skipped.

    `window_start` (naive means local time) drops entries published before it without
    fetching them, and `window_end` those published at or after it (a briefing for a past
    morning). Links shared by several feeds are fetched once. The validators of every
    feed read are passed to `validators.set_validators` once its entries' pages are
    fetched, and cleared (set to None) for a feed with an entry whose page could not be;
    wrap the ledger in `PendingValidators` to keep them until the run has succeeded.
    """
    stats = stats if stats is not None else IngestStats()
    since = _aware(window_start) if window_start is not None else None
    until = _aware(window_end) if window_end is not None else None
    entries: list[FeedEntry] = []
    fresh: dict[str, tuple[str | None, str | None]] = {}  # validators of the feeds read
    async with fetcher:
        for url in dict.fromkeys(feed_urls):
            read, validated = await _read_feed(
                url, fetcher, warn, (since, until), validators, stats
            )
            entries += read
            if validated is not None:
                fresh[url] = validated
        unique: dict[str, FeedEntry] = {}
        for entry in entries:
            unique.setdefault(canonical_url(entry.link) or f"{entry.feed_url}#{len(unique)}", entry)
        stats.duplicates += len(entries) - len(unique)
        # An entry without enough text of its own always has a link (see _read_feed).
        links = [entry.link for entry in unique.values() if entry.text is None and entry.link]
        pages = dict(zip(links, await fetcher.fetch_many(links, kind="page"), strict=True))

    if validators is not None:
        failed = {
            canonical_url(link) for link, page in pages.items() if isinstance(page, InputError)
        }
        retry = {entry.feed_url for entry in entries if canonical_url(entry.link) in failed}
        for url, (etag, modified) in fresh.items():
            if url in retry:  # a 304 next run would hide the entry that failed: forget them
                validators.set_validators(url, None, None)
            elif etag or modified:
                validators.set_validators(url, etag, modified)

    documents: list[Document] = []
    for entry in unique.values():
        document = _entry_document(entry, pages, warn)
        if document is None:
            stats.skipped += 1
        else:
            documents.append(document)
            stats.feed_entries += 1
    return documents


async def _read_feed(
    url: str,
    fetcher: Fetcher,
    warn: Callable[[str], None],
    window: tuple[datetime | None, datetime | None],
    validators: Validators | None,
    stats: IngestStats,
) -> tuple[list[FeedEntry], tuple[str | None, str | None] | None]:
    """The entries of one feed worth reading (inside the window, with a link or text) and
    the feed's fresh validators; None for those when the feed was not read."""
    known = validators.get_validators(url) if validators is not None else None
    etag, modified = known or (None, None)
    try:
        result = await fetcher.fetch(url, kind="feed", etag=etag, last_modified=modified)
    except InputError as exc:
        warn(f"feed {exc}")
        stats.skipped += 1
        if isinstance(exc, NetworkError):
            stats.network_failures += 1
        return [], None
    if result.not_modified:
        stats.feeds_not_modified += 1
        return [], None
    parsed = _parse_feed(result, warn)
    if parsed is None:
        stats.skipped += 1
        return [], None
    stats.feeds += 1
    outlet, raw_entries = parsed
    entries: list[FeedEntry] = []
    for raw in raw_entries:
        published = _entry_time(raw)
        since, until = window
        if published is not None and (
            (since is not None and published < since) or (until is not None and published >= until)
        ):
            stats.entries_outside_window += 1
            continue
        text = _entry_text(raw)
        link = raw.get("link") or None
        if text is None and not link:
            name = raw.get("title") or raw.get("id") or "?"
            warn(f"feed {url}: entry {name!r} has no link and no content; skipped")
            stats.skipped += 1
            continue
        entries.append(FeedEntry(url, outlet, raw.get("title") or None, link, published, text))
    return entries, (result.etag, result.last_modified)


def _entry_document(
    entry: FeedEntry, pages: dict[str, FetchResult | InputError], warn: Callable[[str], None]
) -> Document | None:
    meta = Meta(
        title=entry.title,
        outlet=entry.outlet,
        url=entry.link,
        published=parse_date(entry.published),
    )
    if entry.text is not None:
        return new_document(entry.link or entry.feed_url, entry.text, meta, date_basis="metadata")
    page = pages[entry.link or ""]
    if isinstance(page, InputError):
        warn(f"{page}; skipped, to be retried on the next run")
        return None
    return page_document(page, warn, fallback=meta)


def page_document(
    result: FetchResult, warn: Callable[[str], None], *, fallback: Meta | None = None
) -> Document | None:
    """A Document from a fetched page (HTML through trafilatura, plain text as is), its own
    metadata first and `fallback` (a feed entry's) where the page says nothing; None, with a
    warning, when the page holds no text."""
    fallback = fallback or Meta()
    final_url = redact_url(result.final_url) or result.final_url  # no password in metadata
    if result.content_type == "text/plain":
        header, text = split_text_header(result.text())
        if not text.strip():
            warn(f"{result.url}: empty page; skipped")
            return None
        meta = header.merged_over(Meta(url=final_url)).merged_over(fallback)
        meta.outlet = meta.outlet or _host(final_url)
        return new_document(result.url, text, meta, date_basis="metadata")
    page = extract_page(result.body, url=final_url)
    if page is None:
        warn(f"{result.url}: no article text found (trafilatura could not read the page); skipped")
        return None
    published = page.published
    if published and fallback.published and fallback.published.startswith(published[:10]):
        published = fallback.published  # same day: keep the feed's more precise time
    meta = page.meta()
    meta.url = meta.url or final_url
    meta.published = published
    meta = meta.merged_over(fallback)
    meta.outlet = meta.outlet or _host(final_url)
    return new_document(result.url, page.text, meta, date_basis="metadata")


def _host(url: str) -> str | None:
    host = urlsplit(url).hostname
    return host.removeprefix("www.") if host else None
