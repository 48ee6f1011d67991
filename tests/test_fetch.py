"""Retries of `Fetcher.fetch` against a scripted server (httpx2.MockTransport): which
failures are retried, how long it waits, and what the final error says."""

from __future__ import annotations

import asyncio
import email.utils
import time

import httpx2
import pytest

from briefer.errors import InputError
from briefer.fetch import Fetcher, retry_after_seconds

URL = "https://news.example/world/story.html"
PAGE = httpx2.Response(200, html="<html><body><p>Ceasefire talks resumed.</p></body></html>")


class Script:
    """A scripted server: each request takes the next step, the last one repeating.
    A step is a response (sent as a fresh copy) or an exception to raise."""

    def __init__(self, *steps: httpx2.Response | Exception) -> None:
        self.steps = list(steps)
        self.urls: list[str] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.urls.append(str(request.url))
        step = self.steps.pop(0) if len(self.steps) > 1 else self.steps[0]
        if isinstance(step, Exception):
            raise step
        return httpx2.Response(step.status_code, headers=step.headers, content=step.content)


class Sleeps(list):
    """An injected `sleep` that only records how long it was asked to wait."""

    async def __call__(self, seconds: float) -> None:
        self.append(seconds)


def fetch(script: Script, url: str = URL, **options) -> tuple[object, Fetcher]:
    """Fetch `url` from `script`: the result (or the InputError) and the fetcher."""
    options.setdefault("sleep", Sleeps())
    fetcher = Fetcher(transport=httpx2.MockTransport(script), **options)
    [result] = asyncio.run(fetcher.fetch_many([url]))
    return result, fetcher


def test_503_is_retried_until_the_page_comes():
    script = Script(httpx2.Response(503), httpx2.Response(503), PAGE)
    result, fetcher = fetch(script)
    assert not isinstance(result, InputError), result
    assert b"Ceasefire talks resumed." in result.body
    assert fetcher.requests == 3 and len(script.urls) == 3


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_transient_statuses_are_retried(status):
    result, _ = fetch(Script(httpx2.Response(status), PAGE))
    assert not isinstance(result, InputError), result


def test_waits_back_off_with_jitter_between_one_and_eight_seconds():
    sleeps = Sleeps()
    result, _ = fetch(Script(httpx2.Response(502)), max_attempts=5, sleep=sleeps)
    assert isinstance(result, InputError)
    assert len(sleeps) == 4
    assert 1 <= sleeps[0] <= 2 and 1 <= sleeps[1] <= 4 and 1 <= sleeps[2] <= 8
    assert all(wait <= 8 for wait in sleeps)


def test_retry_after_in_seconds_is_honoured_on_429():
    sleeps = Sleeps()
    busy = httpx2.Response(429, headers={"Retry-After": "7"})
    result, fetcher = fetch(Script(busy, PAGE), sleep=sleeps)
    assert not isinstance(result, InputError), result
    assert sleeps == [7.0]
    assert fetcher.requests == 2


def test_retry_after_as_an_http_date_is_honoured_on_503():
    sleeps = Sleeps()
    when = email.utils.formatdate(time.time() + 12, usegmt=True)
    busy = httpx2.Response(503, headers={"Retry-After": when})
    result, _ = fetch(Script(busy, PAGE), sleep=sleeps)
    assert not isinstance(result, InputError), result
    assert len(sleeps) == 1 and 9 <= sleeps[0] <= 12


def test_a_retry_after_beyond_the_cap_fails_at_once_and_says_why():
    sleeps = Sleeps()
    busy = httpx2.Response(429, headers={"Retry-After": "3600"})
    result, fetcher = fetch(Script(busy, PAGE), sleep=sleeps, max_retry_after=30)
    assert isinstance(result, InputError)
    assert str(result) == (
        f"{URL}: HTTP 429 Too Many Requests; not retried: "
        "the server asks to wait 3600 s, more than the 30 s allowed"
    )
    assert sleeps == [] and fetcher.requests == 1


@pytest.mark.parametrize(
    ("status", "reason"),
    [(404, "Not Found"), (410, "Gone"), (403, "Forbidden"), (400, "Bad Request")],
)
def test_other_client_errors_fail_at_once(status, reason):
    sleeps = Sleeps()
    result, fetcher = fetch(Script(httpx2.Response(status), PAGE), sleep=sleeps)
    assert isinstance(result, InputError)
    assert str(result) == f"{URL}: HTTP {status} {reason}"
    assert fetcher.requests == 1 and sleeps == []


def test_gives_up_after_the_attempts_and_says_how_many():
    script = Script(httpx2.Response(503))
    result, fetcher = fetch(script, max_attempts=4)
    assert isinstance(result, InputError)
    assert str(result) == f"{URL}: HTTP 503 Service Unavailable (after 4 attempts)"
    assert fetcher.requests == 4


@pytest.mark.parametrize(
    "failure",
    [
        httpx2.ConnectError("[Errno 111] Connection refused"),
        httpx2.ReadError("connection reset by peer"),
        httpx2.ReadTimeout("read timed out"),
        httpx2.RemoteProtocolError("Server disconnected without sending a response."),
    ],
    ids=type,
)
def test_connection_failures_and_timeouts_are_retried(failure):
    result, fetcher = fetch(Script(failure, PAGE))
    assert not isinstance(result, InputError), result
    assert fetcher.requests == 2


def test_a_connection_that_keeps_failing_names_the_reason_and_the_attempts():
    result, _ = fetch(Script(httpx2.ConnectError("[Errno 111] Connection refused")))
    assert isinstance(result, InputError)
    assert str(result) == f"{URL}: cannot fetch: [Errno 111] Connection refused (after 3 attempts)"


def test_a_url_waiting_to_retry_holds_no_slot_of_its_host():
    # One request at a time per host. While the first URL waits to retry, the second
    # must be fetched; if the wait held the host's slot, the wait below would time out.
    other = "https://news.example/world/other.html"
    served = asyncio.Event()
    first = Script(httpx2.Response(503), PAGE)

    def server(request: httpx2.Request) -> httpx2.Response:
        if str(request.url) == other:
            served.set()
            return httpx2.Response(200, html="<p>Other story.</p>")
        return first(request)

    async def sleep(seconds: float) -> None:
        await asyncio.wait_for(served.wait(), timeout=2)

    async def main():
        fetcher = Fetcher(transport=httpx2.MockTransport(server), per_host=1, total=1, sleep=sleep)
        return await fetcher.fetch_many([URL, other])

    results = asyncio.run(main())
    assert not any(isinstance(result, InputError) for result in results), results


def test_retry_after_is_read_as_seconds_or_a_date_never_negative():
    assert retry_after_seconds("3") == 3.0
    assert retry_after_seconds(" 1.5 ") == 1.5
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # a date long past
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None


class _Drip:
    """A loopback server that answers 200 and then sends its body a byte at a time."""

    def __init__(self, every: float = 0.05) -> None:
        self.every = every
        self.connections = 0

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        await reader.readuntil(b"\r\n\r\n")
        writer.write(
            b"HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: 100000\r\n\r\n"
        )
        try:
            while True:
                writer.write(b"x")
                await writer.drain()
                await asyncio.sleep(self.every)
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()


def _drip_fetch(**options):
    drip = _Drip()

    async def go():
        server = await asyncio.start_server(drip.handle, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        try:
            async with Fetcher(backoff=0, **options) as fetcher:
                started = time.monotonic()
                with pytest.raises(InputError) as raised:
                    await fetcher.fetch(f"http://127.0.0.1:{port}/slow")
                return raised.value, time.monotonic() - started
        finally:
            server.close()

    error, elapsed = asyncio.run(go())
    return error, elapsed, drip.connections


def test_a_slow_drip_page_is_bounded_by_the_timeout_per_attempt():
    """The documented timeout bounds an attempt, body included (it was three times it)."""
    error, elapsed, _ = _drip_fetch(timeout=0.4, max_attempts=1)
    assert elapsed < 0.9 and "timed out (0.4 s limit)" in str(error)


def test_a_url_has_one_wall_clock_budget_for_all_its_attempts():
    from briefer.errors import NetworkError

    error, elapsed, connections = _drip_fetch(timeout=0.4, max_attempts=10, budget=1.0)
    assert isinstance(error, NetworkError) and error.exit_code == 1
    assert elapsed < 1.5 and connections <= 3
    assert "gave up after 1 s" in str(error)
