"""The model-server fault matrix: every way an OpenAI-compatible server has been seen to
fail, served by a real HTTP server on loopback to the real openai backend.

Two articles go in; only the one holding FAULT meets the fault. Each case asserts what
the run does (the chunk fails cleanly, or the run stops on a configuration error), the
message a user reads, the exit code, and that nothing already done was lost: a second
run against a healthy server asks again only for what failed.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import httpx2
import pytest
from _openai_fakes import EMPTY_ANSWER, MODEL, Sleeps, make_cassettes

from briefer.config import load_settings
from briefer.errors import BrieferError
from briefer.extract.openai_backend import OpenAIBackend
from briefer.ledger import Ledger
from briefer.pipeline import publish, run_brief

KEY = "sk-fault-SECRET-0123456789"
# each about 35 tokens, so that with a 50-token request budget each is a request of its own
HEALTHY = (
    "Title: Quiet day\nPublished: 2026-03-11\n\nDiplomats from both sides met in Vienna on "
    "Tuesday to discuss the exchange of prisoners and the return of children, officials said.\n"
)
FAULTY = (
    "Title: Hard day\nPublished: 2026-03-11\n\nFAULT drones hit the port of Odesa overnight, "
    "damaging grain silos and a power substation, the regional governor said on Wednesday.\n"
)


EMPTY = json.dumps(EMPTY_ANSWER)


def completion(content: Any = EMPTY, **options: Any) -> dict[str, Any]:
    return make_cassettes.chat_completion(content, **options)


@dataclass
class Reply:
    """What the server sends: status, body bytes, headers; `drop` closes the connection
    without a word, `declared` claims a longer body than is sent, `delay` waits first."""

    status: int = 200
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = (("content-type", "application/json"),)
    drop: bool = False
    declared: int | None = None
    delay: float = 0.0


def _json(status: int, payload: Any, *headers: tuple[str, str]) -> Reply:
    return Reply(
        status, json.dumps(payload).encode(), (("content-type", "application/json"), *headers)
    )


def _error(status: int, message: str, *headers: tuple[str, str]) -> Reply:
    return _json(status, {"error": {"message": message, "type": "x"}}, *headers)


PROXY_PAGE = b"<html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>"
GOOD_BODY = json.dumps(completion()).encode()


@dataclass
class Fault:
    name: str
    reply: Reply
    outcome: str  # "failed" / "refused": the chunk; "config": the run stops; "recovers"
    message: str  # searched in the chunk's error or the raised error
    once: bool = False  # the fault happens on the first attempt only
    waits: float | None = None  # a wait the retry must have honoured
    backend: dict[str, Any] = field(default_factory=dict)  # options over `_backend`'s
    notice: str | None = None  # a line the run must print exactly once
    within: float | None = None  # seconds the whole run must take less than


FAULTS = [
    Fault(
        "HTTP 500",
        _error(500, "internal"),
        "failed",
        r"failed after 3 attempts; last error: HTTP 500",
    ),
    Fault(
        "HTTP 502 with a proxy page",
        Reply(502, PROXY_PAGE, (("content-type", "text/html"),)),
        "failed",
        r"after 3 attempts; last error: HTTP 502",
    ),
    Fault(
        "HTTP 503 with Retry-After",
        _error(503, "busy", ("retry-after", "2")),
        "failed",
        r"HTTP 503",
        waits=2.0,
    ),
    Fault(
        "HTTP 429 with retry-after-ms",
        _error(429, "slow down", ("retry-after-ms", "1500")),
        "failed",
        r"HTTP 429",
        waits=1.5,
    ),
    Fault("HTTP 408", _error(408, "timeout"), "failed", r"HTTP 408"),
    Fault("HTTP 409", _error(409, "conflict"), "failed", r"HTTP 409"),
    Fault(
        "200 with an HTML page",
        Reply(200, PROXY_PAGE, (("content-type", "text/html"),)),
        "failed",
        r"after 3 attempts; last error: the server's answer was not JSON",
    ),
    Fault("200 with an empty body", Reply(200, b""), "failed", r"the server's answer was not JSON"),
    Fault(
        "200 with truncated JSON",
        Reply(200, GOOD_BODY[: len(GOOD_BODY) // 2]),
        "failed",
        r"the server's answer was not JSON",
    ),
    Fault(
        "200 cut off before its declared length",
        Reply(200, GOOD_BODY[:40], declared=len(GOOD_BODY)),
        "failed",
        r"after 3 attempts; last error: connection error",
    ),
    Fault(
        "200 with a text/plain content type",
        Reply(200, b"upstream said: ok", (("content-type", "text/plain"),)),
        "failed",
        r"the server's answer (was not|held no)",
    ),
    Fault(
        "200 with no choices",
        _json(200, {**completion(), "choices": []}),
        "failed",
        r"the server's answer held no choices",
    ),
    Fault(
        "200 with null choices",
        _json(200, {**completion(), "choices": None}),
        "failed",
        r"held no choices",
    ),
    Fault("200 with a JSON list", _json(200, [completion()]), "failed", r"not a chat completion"),
    Fault(
        "200 with a choice without a message",
        _json(200, {**completion(), "choices": [{"index": 0, "finish_reason": "stop"}]}),
        "failed",
        r"(without a message|not a chat completion)",
    ),
    Fault(
        "200 whose content is not JSON",
        _json(200, completion("Sorry, I cannot do JSON today.")),
        "failed",
        r"did not match the extraction schema after 2 re-ask",
    ),
    Fault(
        "200 with null content",
        _json(200, completion(None)),
        "failed",
        r"did not match the extraction schema",
    ),
    Fault(
        "a refusal",
        _json(200, completion(None, refusal="I will not read this.")),
        "refused",
        r"I will not read this",
    ),
    Fault(
        "the content filter",
        _json(200, completion("", finish_reason="content_filter")),
        "refused",
        r"content filter",
    ),
    Fault(
        "a dropped connection",
        Reply(drop=True),
        "failed",
        r"after 3 attempts; last error: connection error",
    ),
    Fault(
        "a server slower than the timeout",
        Reply(200, GOOD_BODY, delay=0.6),
        "failed",
        r"after 3 attempts; last error: timed out",
    ),
    Fault(
        # five attempts of 0.4 s each took 2 s; the request's one time budget ends it at 1 s
        "a hung server, its timeouts within the retry time budget",
        Reply(200, GOOD_BODY, delay=1.5),
        "failed",
        r"failed after \d attempts in [\d.]+ s \(its model_retry_budget of 1 s\); "
        r"last error: timed out",
        backend={"timeout": 0.4, "retry_budget": 1.0, "max_attempts": 5},
        within=1.7,
    ),
    Fault(
        "HTTP 429 asking for longer than briefer waits",
        _error(429, "slow down", ("retry-after", "600")),
        "failed",
        r"its model_retry_budget of 30 s\); last error: HTTP 429",
        waits=1.0,
        backend={"max_retry_after": 1.0},
        notice=r"asked to wait 600 s before trying again \(Retry-After\); briefer waits 1 s",
    ),
    Fault(
        "HTTP 401", _error(401, "bad key " + KEY), "config", r"rejected the API key \(HTTP 401\)"
    ),
    Fault("HTTP 403", _error(403, "no access"), "config", r"may not use model .* \(HTTP 403\)"),
    Fault("HTTP 404", _error(404, "no such model"), "config", r"not found .*\(HTTP 404\)"),
    Fault(
        "HTTP 400 on response_format",
        _error(400, "response_format json_schema is not supported"),
        "config",
        r"try --structured-mode json_object",
    ),
    Fault(
        "HTTP 400 on anything else",
        _error(400, "messages too long"),
        "failed",
        r"the server rejected the request \(HTTP 400\)",
    ),
    Fault("one HTTP 500, then an answer", _error(500, "internal"), "recovers", r"", once=True),
    Fault(
        "one HTML page, then an answer",
        Reply(200, PROXY_PAGE, (("content-type", "text/html"),)),
        "recovers",
        r"",
        once=True,
    ),
]


class FaultServer(make_cassettes.LoopbackServer):
    """An OpenAI-compatible endpoint on 127.0.0.1 whose answer to a request holding FAULT
    is `fault` (once, or always); every other request gets a valid empty extraction."""

    def __init__(self, fault: Reply | None = None, once: bool = False) -> None:
        self.fault = fault
        self.once = once
        self.requests = 0
        self.faulted = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                server.requests += 1
                reply = Reply(200, GOOD_BODY)
                if server.fault is not None and b"FAULT" in body:
                    if not (server.once and server.faulted):
                        reply = server.fault
                    server.faulted += 1
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.drop:
                    self.close_connection = True
                    return
                self.send_response(reply.status)
                for name, value in reply.headers:
                    self.send_header(name, value)
                self.send_header("content-length", str(reply.declared or len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)
                if reply.declared:
                    self.close_connection = True

            def log_message(self, *args: object) -> None:
                pass

        self._serve(Handler, poll=0.02)


def _backend(server: FaultServer, sleeps: Sleeps, notify, **options: Any) -> OpenAIBackend:
    settings: dict[str, Any] = {
        "timeout": 0.3,
        "max_attempts": 3,
        "retry_budget": 30.0,  # a 429 is retried for this long, not a number of times
        "backoff": 0.0,
        **options,
    }
    return OpenAIBackend(
        MODEL,
        api_key=KEY,
        base_url=server.base_url,
        sleep=sleeps,
        http_client=httpx2.AsyncClient(),
        notify=notify,
        **settings,
    )


def _run(tmp_path: Path, server: FaultServer, sleeps: Sleeps, **options: Any):
    settings = load_settings(
        {
            "inputs": [str(tmp_path / "a-healthy.txt"), str(tmp_path / "b-faulty.txt")],
            "date": "2026-03-11",
            "since": "48h",
            "concurrency": 1,  # the healthy article is read first, then the faulty one
            "chunk_tokens": 50,  # one article a request: the fault meets only its own
            "output": str(tmp_path / "briefing.md"),
        }
    )
    ledger = Ledger(Path(settings.data_dir))
    warnings: list[str] = []
    backend = _backend(server, sleeps, warnings.append, **options)
    result = run_brief(settings, backend=backend, notify=warnings.append, ledger=ledger)
    publish(result, settings, ledger, notify=warnings.append)
    return result, warnings


def test_the_matrix_covers_every_fault_of_the_issue():
    assert len(FAULTS) >= 20
    assert len({f.name for f in FAULTS}) == len(FAULTS)


@pytest.mark.parametrize("fault", FAULTS, ids=[f.name for f in FAULTS])
def test_model_server_fault(fault, tmp_path):
    (tmp_path / "a-healthy.txt").write_text(HEALTHY, encoding="utf-8")
    (tmp_path / "b-faulty.txt").write_text(FAULTY, encoding="utf-8")
    sleeps = Sleeps()
    with FaultServer(fault.reply, once=fault.once) as server:
        if fault.outcome == "config":
            with pytest.raises(BrieferError) as raised:
                _run(tmp_path, server, sleeps, **fault.backend)
            assert raised.value.exit_code == 2
            assert re.search(fault.message, str(raised.value)), str(raised.value)
            assert KEY not in str(raised.value)
        else:
            started = time.monotonic()
            result, warnings = _run(tmp_path, server, sleeps, **fault.backend)
            if fault.within is not None:
                assert time.monotonic() - started < fault.within
            if fault.notice is not None:
                assert len([w for w in warnings if re.search(fault.notice, w)]) == 1, warnings
            [healthy, faulty] = result.extractions
            assert healthy.status == "ok"
            if fault.outcome == "recovers":
                assert faulty.status == "ok" and result.exit_code == 0
            else:
                assert faulty.status == fault.outcome
                assert re.search(fault.message, faulty.error or ""), faulty.error
                assert result.exit_code == 1  # one of two failed: written, and says so
                text = (tmp_path / "briefing.md").read_text(encoding="utf-8")
                assert "1 of 2 chunks could not be read" in text and "b-faulty.txt" in text
                assert any("b-faulty.txt" in w for w in warnings)
            assert all(KEY not in w for w in warnings)
        if fault.waits is not None:  # as asked, plus a 429's jitter (at most a quarter)
            assert any(fault.waits <= s <= fault.waits * 1.25 + 0.05 for s in sleeps), sleeps
    with FaultServer() as healthy_server:
        again, _ = _run(tmp_path, healthy_server, Sleeps())
        # nothing paid for was lost: only what did not arrive is asked for again
        assert healthy_server.requests == (0 if fault.outcome == "recovers" else 1)
        assert again.exit_code == 0 and all(e.ok for e in again.extractions)
