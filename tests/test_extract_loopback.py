"""Faults over real sockets: a fake OpenAI server on loopback, the SDK's own transport."""

from __future__ import annotations

import json
import socket
import time

from _openai_fakes import Sleeps, make_cassettes, make_request

from briefer.extract import extract_all, openai_backend_from
from briefer.extract.ratelimit import RateBudget

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


def request():
    return make_request(TEXT, published="2026-03-08")


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
    waits = Sleeps()

    answers = iter(
        [
            (429, {"error": {"message": "Rate limit reached"}}, {"Retry-After": "2"}),
            (200, make_cassettes.chat_completion(json.dumps(ANSWER)), {}),
        ]
    )
    with make_cassettes.FakeOpenAIServer(lambda body: next(answers)) as server:
        backend = openai_backend_from(
            "gpt-4.1-mini",
            api_key="sk-loop",
            base_url=server.base_url,
            sleep=waits,
            rate_budget=RateBudget(clock=waits.clock, sleep=waits),
        )
        [result] = extract_all([request()], backend)
    [waited] = waits
    assert result.ok and 2.0 <= waited <= 2.5


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
