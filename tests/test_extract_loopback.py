"""Faults over real sockets: a fake OpenAI server on loopback, the SDK's own transport."""

from __future__ import annotations

import importlib.util
import json
import socket
import time
from pathlib import Path

from briefer.data import Chunk, stable_id
from briefer.extract import ExtractRequest, extract_all, openai_backend_from

FIXTURES = Path(__file__).parent / "fixtures"
_spec = importlib.util.spec_from_file_location("make_cassettes", FIXTURES / "make_cassettes.py")
make_cassettes = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_cassettes)

TEXT = "Russia and Ukraine exchanged 150 prisoners each on Saturday, both sides said."
ANSWER = {
    "talks": [],
    "attacks": [],
    "moves": [
        {
            "kind": "prisoner exchange",
            "actor": "Russia and Ukraine",
            "actor_side": None,
            "target": None,
            "summary": "Russia and Ukraine exchanged 150 prisoners each, both sides said.",
            "attribution": {"source": "both sides", "side": None, "via": None},
            "time_text": "on Saturday",
            "evidence": "Russia and Ukraine exchanged 150 prisoners each on Saturday",
        }
    ],
}


def request() -> ExtractRequest:
    chunk = Chunk(id=stable_id(TEXT), story_id="s", document_id="d", index=0, text=TEXT, tokens=16)
    return ExtractRequest(chunk=chunk, title=None, outlet=None, published="2026-03-08")


async def no_sleep(_: float) -> None:
    pass


def test_a_slow_answer_times_out_and_the_retry_succeeds():
    calls = []

    def respond(body):
        calls.append(time.monotonic())
        if len(calls) == 1:
            time.sleep(1.0)  # longer than the client timeout
        content = json.dumps(ANSWER)
        return 200, make_cassettes.chat_completion(content), {}

    with make_cassettes.FakeOpenAIServer(respond) as server:
        backend = openai_backend_from(
            "gpt-4.1-mini", api_key="sk-loop", base_url=server.base_url, timeout=0.3, sleep=no_sleep
        )
        [result] = extract_all([request()], backend)
    assert result.ok and len(calls) == 2
    assert result.data["moves"][0]["kind"] == "prisoner exchange"
    assert server.headers[0]["authorization"] == "Bearer sk-loop"


def test_429_with_retry_after_over_http():
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    answers = iter(
        [
            (429, {"error": {"message": "Rate limit reached"}}, {"Retry-After": "2"}),
            (200, make_cassettes.chat_completion(json.dumps(ANSWER)), {}),
        ]
    )
    with make_cassettes.FakeOpenAIServer(lambda body: next(answers)) as server:
        backend = openai_backend_from(
            "gpt-4.1-mini", api_key="sk-loop", base_url=server.base_url, sleep=sleep
        )
        [result] = extract_all([request()], backend)
    assert result.ok and waits == [2.0]


def test_nothing_listening_fails_the_chunk_after_bounded_attempts():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    backend = openai_backend_from(
        "gpt-4.1-mini",
        api_key="sk-loop",
        base_url=f"http://127.0.0.1:{port}/v1",
        sleep=no_sleep,
        max_attempts=3,
    )
    [result] = extract_all([request()], backend)
    assert result.status == "failed"
    assert "after 3 attempts" in result.error and "connection error" in result.error
    assert "sk-loop" not in result.error
