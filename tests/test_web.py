"""URLs and feeds against a real HTTP server on loopback serving tests/fixtures/web."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from briefer.feeds import PendingValidators
from briefer.fetch import Fetcher, user_agent
from briefer.ingest import IngestStats, read_inputs
from briefer.segment import segment_all

WEB = Path(__file__).parent / "fixtures" / "web"
FURNITURE = [
    "cookie",
    "Cookie",
    "newsletter",
    "Sign up",
    "inbox",
    "Share on",
    "Copy link",
    "Related stories",
    "More on this story",
    "Ten things to know",
    "Rail network braces",
    "World desk",
    "Sport results",
    "Subscribe today",
    "Copyright",
]
TYPES = {".html": "text/html; charset=utf-8", ".txt": "text/plain; charset=utf-8"}
FEED_TYPES = {
    "rss.xml": "application/rss+xml",
    "atom.xml": "application/atom+xml",
    "broken.xml": "application/rss+xml",
}
ATOM_ETAG = '"atom-v1"'
PLAIN_ARTICLE = (
    "Title: Grain corridor reopens after two-week pause\n"
    "Published: 2026-03-11\n\n"
    "Cargo ships left the southern ports again on Wednesday after a two-week pause, the port authority said.\n"
)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def _send(
        self, status: int, body: bytes = b"", content_type: str | None = None, **headers: str
    ) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        path = self.path.split("?", 1)[0]
        self.server.requests.append((self.path, dict(self.headers)))
        base = f"http://127.0.0.1:{self.server.server_port}"
        if self.server.busy.get(path):
            self.server.busy[path] -= 1
            return self._send(503, b"try again later", "text/plain")
        if path == "/loop-a":
            return self._send(302, Location="/loop-b")
        if path == "/loop-b":
            return self._send(302, Location=f"{base}/loop-a")
        if path.startswith("/hop/"):
            left = int(path.rsplit("/", 1)[1])
            return self._send(302, Location=f"/hop/{left - 1}" if left else "/talks-resume.html")
        if path == "/huge.html":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()  # no Content-Length: the client must stop reading by itself
            try:
                for _ in range(64):
                    self.wfile.write(b"<p>" + b"filler " * 2000 + b"</p>\n")
            except (BrokenPipeError, ConnectionResetError):
                pass
            return None
        if path == "/declared-huge.html":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(50 * 1024 * 1024))
            self.end_headers()
            return None
        if path == "/report.pdf":
            return self._send(200, b"%PDF-1.7 not really", "application/pdf")
        if path == "/plain.txt":
            return self._send(200, PLAIN_ARTICLE.encode(), TYPES[".txt"])
        if path == "/atom.xml" and self.headers.get("If-None-Match") == ATOM_ETAG:
            return self._send(304, ETag=ATOM_ETAG)
        file = WEB / path.lstrip("/")
        if path == "/" or not file.is_file():
            return self._send(404, b"not found", "text/plain")
        body = file.read_bytes().replace(b"$BASE", base.encode())
        content_type = FEED_TYPES.get(file.name) or TYPES.get(file.suffix) or "application/xml"
        extra = (
            {"ETag": ATOM_ETAG, "Last_Modified": "Wed, 11 Mar 2026 10:00:00 GMT"}
            if file.name == "atom.xml"
            else {}
        )
        return self._send(200, body, content_type, **extra)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    requests: list[tuple[str, dict[str, str]]]
    busy: dict[str, int]  # path -> how many more requests get a 503


@pytest.fixture(scope="module")
def server():
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.requests = []
    httpd.busy = {}
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def base(server) -> str:
    server.requests.clear()
    server.busy.clear()
    return f"http://127.0.0.1:{server.server_port}"


class FakeValidators:
    """The ledger's validator interface, in memory."""

    def __init__(self) -> None:
        self.saved: dict[str, tuple[str | None, str | None]] = {}

    def get_validators(self, url: str) -> tuple[str | None, str | None] | None:
        return self.saved.get(url)

    def set_validators(self, url: str, etag: str | None, last_modified: str | None) -> None:
        self.saved[url] = (etag, last_modified)


def _read(inputs=(), feeds=(), **kwargs):
    warnings: list[str] = []
    stats = IngestStats()
    kwargs.setdefault("fetcher", Fetcher(timeout=5, max_bytes=256 * 1024, backoff=0))
    documents = read_inputs(
        list(inputs), feeds=list(feeds), warn=warnings.append, stats=stats, **kwargs
    )
    return documents, warnings, stats


def _assert_no_furniture(documents) -> None:
    texts = [document.text for document in documents] + [
        story.text for story in segment_all(documents)
    ]
    for text in texts:
        for phrase in FURNITURE:
            assert phrase not in text, (phrase, text[:200])


def test_url_input_reads_the_page_and_its_metadata(base):
    documents, warnings, stats = _read([f"{base}/talks-resume.html"])
    assert warnings == []
    [document] = documents
    assert document.title == "Envoys resume ceasefire talks in Vienna"
    assert document.outlet == "Northern Ledger"
    assert document.published == "2026-03-11T07:30Z"  # the page's published_time
    assert document.date_basis == "metadata"
    assert document.url == "https://ledger.example/world/envoys-resume-talks"  # the canonical link
    assert document.source == f"{base}/talks-resume.html"
    assert "third day of ceasefire talks" in document.text
    assert "foreign observers" in document.text
    _assert_no_furniture(documents)
    assert stats.urls == 1


def test_requests_carry_a_descriptive_user_agent(server, base):
    _read([f"{base}/talks-resume.html"])
    agent = server.requests[-1][1]["User-Agent"]
    assert agent == user_agent()
    assert agent.startswith("briefer/")


def test_a_url_named_twice_is_fetched_and_read_once(server, base):
    documents, warnings, stats = _read([f"{base}/talks-resume.html", f"{base}/talks-resume.html"])
    assert [d.title for d in documents] == ["Envoys resume ceasefire talks in Vienna"]
    assert [path for path, _ in server.requests] == ["/talks-resume.html"]
    assert warnings == [] and (stats.urls, stats.skipped) == (1, 0)


def test_plain_text_url_and_redirects_within_bounds(base):
    documents, warnings, _ = _read([f"{base}/plain.txt", f"{base}/hop/3"])
    assert warnings == []
    assert [d.url for d in documents] == [
        f"{base}/plain.txt",
        "https://ledger.example/world/envoys-resume-talks",
    ]
    assert documents[0].outlet == "127.0.0.1"
    assert "Cargo ships left" in documents[0].text


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/loop-a", "redirect loop"),
        ("/hop/9", "more than 5 redirects"),
        ("/huge.html", "exceeds the 0.25 MB cap"),
        ("/declared-huge.html", "exceeds the 0.25 MB cap"),
        ("/report.pdf", "unsupported content type 'application/pdf'"),
        ("/missing.html", "HTTP 404"),
        ("/no-article.html", "no article text found"),
    ],
)
def test_a_bad_url_is_warned_about_and_the_run_goes_on(base, path, reason):
    documents, warnings, stats = _read([f"{base}{path}", f"{base}/prisoner-exchange.html"])
    assert [d.title for d in documents] == ["Sides swap 120 prisoners each after mediation"]
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith(f"{base}{path}")
    assert reason in warnings[0]
    assert stats.urls == 1


def test_unreachable_host_is_a_warning(base):
    # Port 9 on loopback: nothing listens there, so the connection is refused.
    documents, warnings, _ = _read(["http://127.0.0.1:9/x.html", f"{base}/prisoner-exchange.html"])
    assert len(documents) == 1
    assert warnings and warnings[0].startswith("http://127.0.0.1:9/x.html: cannot fetch")
    assert warnings[0].endswith("(after 3 attempts)")


def test_a_page_that_is_busy_once_is_read_on_the_retry(server, base):
    server.busy["/talks-resume.html"] = 1
    documents, warnings, _ = _read([f"{base}/talks-resume.html"])
    assert [d.title for d in documents] == ["Envoys resume ceasefire talks in Vienna"]
    assert warnings == []
    assert [path for path, _ in server.requests] == ["/talks-resume.html"] * 2


def test_feeds_build_documents_with_page_metadata(server, base):
    since = datetime(2026, 3, 9, tzinfo=UTC)
    documents, warnings, stats = _read(feeds=[f"{base}/rss.xml"], window_start=since)
    by_title = {d.title: d for d in documents}
    assert set(by_title) == {
        "Envoys resume ceasefire talks in Vienna",  # the page's own title, not the feed's
        "Drone strike hits rail depot in river city",
        "Mayor reports night of shelling in border town",
    }
    talks = by_title["Envoys resume ceasefire talks in Vienna"]
    assert talks.outlet == "Northern Ledger"
    assert talks.published == "2026-03-11T07:30Z"  # the page's day, the feed's time
    assert talks.url == "https://ledger.example/world/envoys-resume-talks"
    strike = by_title["Drone strike hits rail depot in river city"]
    assert strike.outlet == "Southern Courier"  # the page's site name wins over the feed title
    assert strike.url == f"{base}/strike-report.html"
    border = by_title["Mayor reports night of shelling in border town"]
    assert border.outlet == "Northern Ledger - World"  # full content in the feed: feed metadata
    assert border.published == "2026-03-11T09:45Z"
    assert "46 times" in border.text
    requested = [path for path, _ in server.requests]
    # Outside the window: never fetched. Full content in the feed: no fetch either.
    assert not any(p.startswith("/old-story") for p in requested)
    assert not any(p.startswith("/border-town") for p in requested)
    assert stats.entries_outside_window == 1
    assert stats.feeds == 1 and stats.feed_entries == 3
    assert warnings == []
    _assert_no_furniture(documents)


def test_feed_entries_after_the_windows_end_are_not_fetched(server, base):
    """A briefing for a past morning: entries published after it are not news, so their
    pages are never fetched."""
    documents, warnings, stats = _read(
        feeds=[f"{base}/rss.xml"],
        window_start=datetime(2026, 3, 9, tzinfo=UTC),
        window_end=datetime(2026, 3, 11, 6, 0, tzinfo=UTC),
    )
    assert [d.title for d in documents] == ["Drone strike hits rail depot in river city"]
    requested = [path for path, _ in server.requests]
    assert not any(p.startswith("/talks-resume") for p in requested)
    assert stats.entries_outside_window == 3 and warnings == []


def test_the_same_article_in_two_feeds_is_read_once(server, base):
    documents, warnings, stats = _read(
        feeds=[f"{base}/rss.xml", f"{base}/atom.xml"], window_start=datetime(2026, 3, 1, tzinfo=UTC)
    )
    titles = [d.title for d in documents]
    assert titles.count("Envoys resume ceasefire talks in Vienna") == 1
    assert "Sides swap 120 prisoners each after mediation" in titles
    fetched = [path for path, _ in server.requests if path.startswith("/talks-resume")]
    assert len(fetched) == 1
    assert stats.duplicates == 1
    assert any("no-article.html" in w and "no article text found" in w for w in warnings)
    assert len(documents) == len({d.url for d in documents})


def test_a_feed_and_a_url_for_the_same_article_dedupe(base):
    documents, _, stats = _read([f"{base}/prisoner-exchange.html"], feeds=[f"{base}/atom.xml"])
    assert [d.title for d in documents].count("Sides swap 120 prisoners each after mediation") == 1
    assert stats.duplicates == 1


def test_conditional_requests_use_remembered_validators(server, base):
    validators = FakeValidators()
    first, _, _ = _read(feeds=[f"{base}/atom.xml"], validators=validators)
    assert first
    assert validators.saved[f"{base}/atom.xml"] == (ATOM_ETAG, "Wed, 11 Mar 2026 10:00:00 GMT")
    server.requests.clear()
    second, warnings, stats = _read(feeds=[f"{base}/atom.xml"], validators=validators)
    assert second == [] and warnings == []
    assert stats.feeds_not_modified == 1
    assert server.requests[0][1]["If-None-Match"] == ATOM_ETAG
    assert server.requests[0][1]["If-Modified-Since"] == "Wed, 11 Mar 2026 10:00:00 GMT"
    assert len(server.requests) == 1  # no entry fetched


def test_validators_of_a_run_that_fails_are_not_kept(server, base):
    ledger = FakeValidators()
    url = f"{base}/atom.xml"
    failed_run = PendingValidators(ledger)
    first, _, _ = _read(feeds=[url], validators=failed_run)
    assert first
    assert failed_run.get_validators(url) == (ATOM_ETAG, "Wed, 11 Mar 2026 10:00:00 GMT")
    assert ledger.saved == {}  # the run failed before commit()

    server.requests.clear()
    retry = PendingValidators(ledger)
    second, _, stats = _read(feeds=[url], validators=retry)
    assert [d.title for d in second] == [d.title for d in first]  # read in full again
    assert stats.feeds_not_modified == 0
    assert "If-None-Match" not in server.requests[0][1]

    retry.commit()
    assert ledger.saved == {url: (ATOM_ETAG, "Wed, 11 Mar 2026 10:00:00 GMT")}
    third, _, stats = _read(feeds=[url], validators=PendingValidators(ledger))
    assert third == [] and stats.feeds_not_modified == 1


def test_an_entry_whose_page_failed_is_read_on_the_next_run(server, base):
    url = f"{base}/atom.xml"
    swap = "Sides swap 120 prisoners each after mediation"
    ledger = FakeValidators()
    server.busy["/prisoner-exchange.html"] = 3  # every attempt of the first run
    run = PendingValidators(ledger)
    first, warnings, stats = _read(feeds=[url], validators=run)
    run.commit()  # the run succeeded
    assert swap not in [d.title for d in first]
    assert (
        f"{base}/prisoner-exchange.html: HTTP 503 Service Unavailable (after 3 attempts); "
        "skipped, to be retried on the next run"
    ) in warnings
    assert stats.skipped == 2  # the busy page and the page with no article

    server.requests.clear()
    run = PendingValidators(ledger)
    second, _, stats = _read(feeds=[url], validators=run)
    run.commit()
    assert "If-None-Match" not in server.requests[0][1]  # not a 304: the feed is read again
    assert swap in [d.title for d in second]
    assert stats.feeds_not_modified == 0

    third, _, stats = _read(feeds=[url], validators=PendingValidators(ledger))
    assert third == [] and stats.feeds_not_modified == 1  # all read: validators kept now


def test_a_failed_link_shared_by_two_feeds_has_both_read_again(server, base):
    # The article is in both feeds and fetched once, as the RSS feed's entry: the Atom
    # feed, which carries validators, must not answer 304 next time either.
    atom = f"{base}/atom.xml"
    ledger = FakeValidators()
    server.busy["/talks-resume.html"] = 3
    since = datetime(2026, 3, 1, tzinfo=UTC)
    first, _, _ = _read(feeds=[f"{base}/rss.xml", atom], validators=ledger, window_start=since)
    assert "Envoys resume ceasefire talks in Vienna" not in [d.title for d in first]
    second, _, stats = _read(feeds=[f"{base}/rss.xml", atom], validators=ledger, window_start=since)
    assert "Envoys resume ceasefire talks in Vienna" in [d.title for d in second]
    assert stats.feeds_not_modified == 0


def test_pending_validators_read_their_own_writes_and_pass_the_rest_through():
    ledger = FakeValidators()
    ledger.set_validators("https://a.example/feed", '"old"', None)
    pending = PendingValidators(ledger)
    assert pending.get_validators("https://a.example/feed") == ('"old"', None)
    assert pending.get_validators("https://b.example/feed") is None
    pending.set_validators("https://a.example/feed", '"new"', "Thu, 12 Mar 2026 06:00:00 GMT")
    assert pending.get_validators("https://a.example/feed") == (
        '"new"',
        "Thu, 12 Mar 2026 06:00:00 GMT",
    )
    assert ledger.saved == {"https://a.example/feed": ('"old"', None)}
    pending.commit()
    assert ledger.saved == {"https://a.example/feed": ('"new"', "Thu, 12 Mar 2026 06:00:00 GMT")}


def test_malformed_feed_is_reported_and_what_parsed_is_used(base):
    documents, warnings, _ = _read(
        feeds=[f"{base}/broken.xml", f"{base}/rss.xml"],
        window_start=datetime(2026, 3, 9, tzinfo=UTC),
    )
    assert any(w.startswith(f"feed {base}/broken.xml: malformed (") for w in warnings), warnings
    assert "Envoys resume ceasefire talks in Vienna" in {d.title for d in documents}


def test_not_a_feed_and_missing_feed_are_skipped_with_a_reason(base):
    documents, warnings, stats = _read(
        feeds=[
            f"{base}/not-a-feed.xml",
            f"{base}/sitemap.xml",
            f"{base}/nowhere.xml",
            f"{base}/atom.xml",
        ]
    )
    assert {d.title for d in documents} == {
        "Envoys resume ceasefire talks in Vienna",
        "Sides swap 120 prisoners each after mediation",
    }
    assert warnings[0].startswith(f"feed {base}/not-a-feed.xml: malformed (")
    assert warnings[0].endswith("no entries could be read, skipped")
    assert warnings[1] == f"feed {base}/sitemap.xml: not an RSS or Atom feed; skipped"
    assert warnings[2] == f"feed {base}/nowhere.xml: HTTP 404 Not Found"
    assert warnings[3].startswith(f"{base}/no-article.html: no article text found")
    assert len(warnings) == 4
    assert (stats.feeds, stats.skipped, stats.feed_entries) == (1, 4, 2)


def test_per_host_concurrency_is_bounded(base):
    import asyncio

    fetcher = Fetcher(per_host=2)
    active = 0
    peak = 0
    original = fetcher._read

    async def slow_read(url, response, kind):
        nonlocal active, peak
        active += 1
        peak = max(peak, active)
        await asyncio.sleep(0.05)
        active -= 1
        return await original(url, response, kind)

    fetcher._read = slow_read
    results = asyncio.run(fetcher.fetch_many([f"{base}/talks-resume.html?n={n}" for n in range(6)]))
    assert all(not isinstance(result, Exception) for result in results)
    assert peak == 2
