"""Fetch web pages and feeds politely: httpx2 with a timeout, a size cap, bounded
redirects, a content-type check, a descriptive User-Agent and a small per-host concurrency.

Transient failures (HTTP 429, 500, 502, 503, 504, connection and read errors, timeouts)
are retried by tenacity a bounded number of times, backing off exponentially with jitter
or waiting as long as a 429 / 503 `Retry-After` asks, up to a cap. Other 4xx answers fail
at once. A URL waiting to retry holds no concurrency slot.

Failures are per URL: `fetch_many` returns an InputError in place of a result, so one bad
link never stops a run; a failure that may pass (retries exhausted, the budget spent) is a
NetworkError. Each attempt is bounded by `timeout` (a slow-drip body too), and each URL by
`budget`, its retries and their waits included.

    async with Fetcher() as fetcher:
        results = await fetcher.fetch_many(urls)
"""

from __future__ import annotations

import asyncio
import email.utils
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

import httpx2
import tenacity

from .errors import ConfigError, InputError, NetworkError

if TYPE_CHECKING:
    from .progress import Progress

__all__ = [
    "DEFAULT_ATTEMPTS",
    "DEFAULT_BUDGET",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_REDIRECTS",
    "DEFAULT_PER_HOST",
    "DEFAULT_TIMEOUT",
    "FEED_TYPES",
    "FetchResult",
    "Fetcher",
    "PAGE_TYPES",
    "RETRY_STATUS",
    "retry_after_seconds",
    "user_agent",
]

DEFAULT_TIMEOUT = 20.0  # one attempt, redirects and body included
DEFAULT_BUDGET = 60.0  # one URL, all its attempts and the waits between them
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_REDIRECTS = 5
DEFAULT_PER_HOST = 2
DEFAULT_TOTAL = 8
DEFAULT_ATTEMPTS = 3
DEFAULT_BACKOFF = 2.0  # waits of 1-2 s, then 1-4 s, ... (jittered), at most DEFAULT_MAX_BACKOFF
DEFAULT_MAX_BACKOFF = 8.0
DEFAULT_MAX_RETRY_AFTER = 30.0

RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
"""Statuses worth another attempt; any other status of 400 or more fails at once."""
_RETRY_AFTER_STATUS = frozenset({429, 503})

PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/x-rss+xml",
        "application/xml",
        "text/xml",
        "application/feed+json",
        "application/json",
        "text/plain",
    }
)

Kind = Literal["page", "feed"]


def user_agent() -> str:
    """`briefer/<version> (+<project URL>)`, from the installed package's metadata."""
    from importlib import metadata

    try:
        version = metadata.version("briefer")
        urls = metadata.metadata("briefer").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        version, urls = "0", []
    home = next((entry.split(",", 1)[1].strip() for entry in urls if "," in entry), None)
    return f"briefer/{version} (+{home})" if home else f"briefer/{version} (news briefing reader)"


@dataclass
class FetchResult:
    """One fetched URL: the body (capped), where it ended up, and its cache validators."""

    url: str  # as requested
    final_url: str  # after redirects
    status: int
    content_type: str | None
    body: bytes
    etag: str | None = None
    last_modified: str | None = None
    charset: str | None = None

    @property
    def not_modified(self) -> bool:
        """True for a 304 answer to a conditional request."""
        return self.status == 304

    def text(self) -> str:
        """The body decoded with the declared charset, else UTF-8 (bad bytes replaced)."""
        for encoding in (self.charset, "utf-8"):
            if not encoding:
                continue
            try:
                return self.body.decode(encoding)
            except (LookupError, UnicodeDecodeError):
                continue
        return self.body.decode("utf-8", errors="replace")


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"


class _Transient(InputError):
    """One attempt's failure that the next attempt may not repeat; `retry_after` is the
    wait the server asked for, if any."""

    def __init__(self, message: str, *, url: str, retry_after: float | None = None) -> None:
        super().__init__(message, url=url)
        self.retry_after = retry_after


def retry_after_seconds(value: str | None) -> float | None:
    """Seconds a `Retry-After` header asks for (delay-seconds or an HTTP date), never
    negative; None when absent or unreadable. The caller decides what wait is too long."""
    if not value:
        return None
    try:
        return max(float(value.strip()), 0.0)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(when.timestamp() - time.time(), 0.0)


def _reason(exc: Exception) -> str:
    return str(exc) or type(exc).__name__


class Fetcher:
    """An HTTP fetcher shared by URL inputs and feeds. Use it as an async context manager
    (re-entrant); `fetch` and `fetch_many` open one themselves when needed.

    Each URL gets up to `max_attempts` attempts. Between them it waits as long as a
    429 / 503 `Retry-After` asks (a longer ask than `max_retry_after` fails the URL
    instead), else a random time between `backoff / 2` and `backoff * 2 ** (attempt - 1)`
    seconds, at most `max_backoff`; with `backoff=0` only a `Retry-After` makes it wait.
    """

    def __init__(
        self,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        max_bytes: int = DEFAULT_MAX_BYTES,
        max_redirects: int = DEFAULT_MAX_REDIRECTS,
        per_host: int = DEFAULT_PER_HOST,
        total: int = DEFAULT_TOTAL,
        agent: str | None = None,
        transport: httpx2.AsyncBaseTransport | None = None,
        max_attempts: int = DEFAULT_ATTEMPTS,
        backoff: float = DEFAULT_BACKOFF,
        max_backoff: float = DEFAULT_MAX_BACKOFF,
        max_retry_after: float = DEFAULT_MAX_RETRY_AFTER,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        budget: float = DEFAULT_BUDGET,
        progress: Progress | None = None,
    ) -> None:
        if max_attempts < 1:
            raise ConfigError("max_attempts must be at least 1")
        self.timeout = timeout
        self.budget = budget
        self.progress = progress
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.per_host = per_host
        self.total = total
        self.agent = agent or user_agent()
        self.transport = transport
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.max_retry_after = max_retry_after
        self._sleep = sleep
        self.requests = 0  # requests sent, redirects and retries included (for stats and tests)
        self._depth = 0
        self._client: httpx2.AsyncClient | None = None
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._all: asyncio.Semaphore | None = None

    async def __aenter__(self) -> Fetcher:
        if self._depth == 0:
            self._client = httpx2.AsyncClient(
                timeout=httpx2.Timeout(self.timeout, connect=min(self.timeout, 10.0)),
                follow_redirects=False,  # followed by hand: bounded, loops named
                headers={"User-Agent": self.agent, "Accept-Encoding": "gzip, deflate"},
                transport=self.transport,
            )
            self._hosts = defaultdict(lambda: asyncio.Semaphore(self.per_host))
            self._all = asyncio.Semaphore(self.total)
        self._depth += 1
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self._depth -= 1
        if self._depth == 0 and self._client is not None:
            await self._client.aclose()
            self._client = None

    async def fetch_many(
        self, urls: list[str], *, kind: Kind = "page"
    ) -> list[FetchResult | InputError]:
        """Fetch URLs concurrently (per-host limit); each slot holds a result or its error."""
        stage = self.progress.stage(f"fetching {kind}s", len(urls)) if self.progress else None
        async with self:

            async def one(url: str) -> FetchResult | InputError:
                try:
                    return await self.fetch(url, kind=kind)
                except InputError as exc:
                    return exc
                finally:
                    if stage is not None:
                        stage.advance()

            try:
                return list(await asyncio.gather(*(one(url) for url in urls)))
            finally:
                if stage is not None:
                    stage.finish()

    async def fetch(
        self,
        url: str,
        *,
        kind: Kind = "page",
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> FetchResult:
        """Fetch one URL, retrying transient failures; raises InputError with a one-line
        reason naming the URL and, for a failure worth retrying, the attempts made."""
        async with self:
            headers = {"Accept": _ACCEPT[kind]}
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
            retrying = tenacity.AsyncRetrying(
                retry=tenacity.retry_if_exception_type(_Transient),
                stop=tenacity.stop_after_attempt(self.max_attempts),
                wait=self._wait,
                sleep=self._sleep,
                reraise=True,
            )
            attempts = 0

            async def attempt() -> FetchResult:
                nonlocal attempts
                attempts += 1
                return await self._attempt(url, kind, headers)

            try:
                # the budget bounds the URL's whole time, retries and their waits included
                async with asyncio.timeout(self.budget):
                    return await retrying(attempt)
            except TimeoutError:
                plural = "s" if attempts != 1 else ""
                raise NetworkError(
                    f"{url}: gave up after {self.budget:g} s ({attempts} attempt{plural}); "
                    "the server is slow or not answering",
                    url=url,
                    attempts=attempts,
                ) from None
            except InputError as exc:
                if attempts == 1 and not isinstance(exc, _Transient):
                    raise
                plural = "s" if attempts != 1 else ""
                kind_of = NetworkError if isinstance(exc, _Transient) else InputError
                raise kind_of(
                    f"{exc.message} (after {attempts} attempt{plural})", url=url, attempts=attempts
                ) from exc

    def _wait(self, state: tenacity.RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, _Transient) and exc.retry_after is not None:
            return exc.retry_after
        jitter = tenacity.wait_random_exponential(
            multiplier=self.backoff, min=self.backoff / 2, max=self.max_backoff
        )
        return jitter(state)

    async def _attempt(self, url: str, kind: Kind, headers: dict[str, str]) -> FetchResult:
        """One attempt, redirects included; a failure worth retrying raises _Transient."""
        try:
            # the timeout bounds the whole attempt, redirects and a slow-drip body included
            async with asyncio.timeout(self.timeout):
                return await self._follow(url, kind, headers)
        except (TimeoutError, httpx2.TimeoutException) as exc:
            raise _Transient(f"{url}: timed out ({self.timeout:g} s limit)", url=url) from exc
        except httpx2.InvalidURL as exc:
            raise InputError(f"{url}: not a valid URL ({exc})", url=url) from exc
        except (httpx2.NetworkError, httpx2.RemoteProtocolError) as exc:
            # refused, reset or dropped connections: often a server restarting
            raise _Transient(f"{url}: cannot fetch: {_reason(exc)}", url=url) from exc
        except httpx2.HTTPError as exc:
            raise InputError(f"{url}: cannot fetch: {_reason(exc)}", url=url) from exc

    async def _follow(self, url: str, kind: Kind, headers: dict[str, str]) -> FetchResult:
        assert self._client is not None and self._all is not None
        seen = [url]
        current = url
        while True:
            parts = urlsplit(current)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise InputError(
                    f"{url}: only http(s) URLs can be fetched, not {current!r}", url=url
                )
            async with self._hosts[parts.hostname.lower()], self._all:
                self.requests += 1
                request = self._client.build_request("GET", current, headers=headers)
                response = await self._client.send(request, stream=True)
                try:
                    if response.is_redirect and "location" in response.headers:
                        target = str(response.url.join(response.headers["location"]))
                    else:
                        return await self._read(url, response, kind)
                finally:
                    await response.aclose()
            if target in seen:
                chain = " -> ".join([*seen[seen.index(target) :], target])
                raise InputError(f"{url}: redirect loop ({chain})", url=url)
            if len(seen) > self.max_redirects:
                raise InputError(f"{url}: more than {self.max_redirects} redirects", url=url)
            seen.append(target)
            current = target

    async def _read(self, url: str, response: httpx2.Response, kind: Kind) -> FetchResult:
        final = str(response.url)
        etag = response.headers.get("etag")
        modified = response.headers.get("last-modified")
        if response.status_code == 304:
            return FetchResult(url, final, 304, None, b"", etag, modified)
        if response.status_code >= 400:
            status = f"{url}: HTTP {response.status_code} {response.reason_phrase}".rstrip()
            if response.status_code not in RETRY_STATUS:
                raise InputError(status, url=url)
            asked = None
            if response.status_code in _RETRY_AFTER_STATUS:
                asked = retry_after_seconds(response.headers.get("retry-after"))
            if asked is not None and asked > self.max_retry_after:
                raise InputError(
                    f"{status}; not retried: the server asks to wait {asked:.0f} s, "
                    f"more than the {self.max_retry_after:g} s allowed",
                    url=url,
                )
            raise _Transient(status, url=url, retry_after=asked)
        raw_type = response.headers.get("content-type", "")
        media_type = raw_type.split(";", 1)[0].strip().lower() or None
        allowed = PAGE_TYPES if kind == "page" else FEED_TYPES
        if (
            media_type is not None
            and media_type not in allowed
            and not (kind == "feed" and media_type.endswith(("+xml", "/xml")))
        ):
            expected = "an HTML page or text" if kind == "page" else "an RSS or Atom feed"
            raise InputError(
                f"{url}: unsupported content type {media_type!r} (expected {expected})", url=url
            )
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise InputError(
                f"{url}: body of {_megabytes(int(declared))} exceeds the {_megabytes(self.max_bytes)} cap",
                url=url,
            )
        body = bytearray()
        async for piece in response.aiter_bytes():
            body += piece
            if len(body) > self.max_bytes:
                raise InputError(
                    f"{url}: body exceeds the {_megabytes(self.max_bytes)} cap; not read further",
                    url=url,
                )
        return FetchResult(
            url,
            final,
            response.status_code,
            media_type,
            bytes(body),
            etag,
            modified,
            response.charset_encoding,
        )


_ACCEPT = {
    "page": "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.5",
    "feed": "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.1",
}
