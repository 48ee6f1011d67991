"""Recorded fixtures: record through the SDK, replay with no network, never store a key."""

from __future__ import annotations

import asyncio
import json
import re

import httpx2
import pytest
from _openai_fakes import (
    EMPTY_ANSWER,
    FIXTURES,
    MODEL,
    FakeAPI,
    make_cassettes,
    make_request,
    ok,
    openai_over,
    run,
)

from briefer.data import stable_id
from briefer.errors import ConfigError, ModelError
from briefer.extract import openai_backend_from
from briefer.extract.cassette import (
    CassetteMiss,
    CassetteTransport,
    key_of,
    make_http_client,
    request_key,
)
from briefer.extract.numbered import cite_sentences, sentences_of
from briefer.extract.openai_backend import OpenAIBackend

KEY = "sk-test-SECRET-cassette-42"
TEXT = (
    "Ukraine imposed sanctions on Belarusian President Alexander Lukashenko on Friday, "
    "the presidential office said."
)
ANSWER = {
    "talks": [],
    "attacks": [],
    "moves": [
        {
            "kind": "sanctions",
            "actor": "Ukraine",
            "actor_side": "Ukraine",
            "target": "Belarusian President Alexander Lukashenko",
            "summary": "Ukraine imposed sanctions on Alexander Lukashenko, the presidential office said.",
            "attribution": {"source": "the presidential office", "side": "Ukraine", "via": None},
            "time_text": "on Friday",
            "evidence": "Ukraine imposed sanctions on Belarusian President Alexander Lukashenko on Friday",
        }
    ],
}


def request_for(text: str = TEXT):
    return make_request(text, title="Sanctions", outlet="Harbor Post", published="2026-03-10")


def completion(**headers: str) -> httpx2.Response:
    return ok(ANSWER, headers, prompt_tokens=900, completion_tokens=80)


def backend(transport: httpx2.AsyncBaseTransport, key: str = KEY) -> OpenAIBackend:
    return openai_over(transport, key=key)


def test_record_then_replay_gives_the_same_extraction_offline(tmp_path):
    upstream = FakeAPI(completion())
    recorder = CassetteTransport(tmp_path, "record", inner=httpx2.MockTransport(upstream))
    [recorded] = run([request_for()], backend(recorder))
    assert recorded.ok and upstream.calls == 1
    files = list(tmp_path.glob("*.json"))
    assert len(files) == 1

    replayer = CassetteTransport(tmp_path, "replay")
    [replayed] = run([request_for()], backend(replayer, key="sk-some-other-key"))
    assert upstream.calls == 1, "replay must not reach the upstream"
    assert replayer.hits == 1
    assert replayed.to_dict() == recorded.to_dict()


def test_cassette_format_and_no_secrets(tmp_path):
    upstream = FakeAPI(
        completion(
            **{
                "openai-organization": "org-SECRETORG",
                "set-cookie": "session=abc",
                "x-request-id": "req_1",
                "openai-project": "proj_SECRET",
            }
        )
    )
    recorder = CassetteTransport(tmp_path, "record", inner=httpx2.MockTransport(upstream))
    run([request_for()], backend(recorder))
    [path] = tmp_path.glob("*.json")
    text = path.read_text()
    for secret in ("Authorization", "authorization", "Bearer", KEY, "SECRET", "cookie", "org-"):
        assert secret not in text
    stored = json.loads(text)
    assert path.stem == stored["key"] and len(stored["key"]) == 32
    assert stored["request"]["method"] == "POST"
    assert stored["request"]["path"] == "/chat/completions"
    assert stored["request"]["body"]["model"] == MODEL
    assert stored["response"]["status"] == 200
    assert stored["response"]["headers"] == {"content-type": "application/json"}
    # what the model answered: the hand answer citing its sentences by number
    answered = json.loads(stored["response"]["json"]["choices"][0]["message"]["content"])
    assert answered == cite_sentences(ANSWER, sentences_of(TEXT))
    assert all(item["sentences"] for items in answered.values() for item in items)


def test_transient_failures_are_not_recorded(tmp_path):
    upstream = FakeAPI(httpx2.Response(503, json={"error": {"message": "busy"}}), completion())
    recorder = CassetteTransport(tmp_path, "record", inner=httpx2.MockTransport(upstream))
    [result] = run([request_for()], backend(recorder))
    assert result.ok and upstream.calls == 2
    [path] = tmp_path.glob("*.json")
    assert json.loads(path.read_text())["response"]["status"] == 200


def test_replay_miss_is_a_clear_model_error(tmp_path):
    the_backend = backend(CassetteTransport(tmp_path, "replay"))

    async def go():
        try:
            return await the_backend.complete(request_for())
        finally:
            await the_backend.aclose()

    with pytest.raises(CassetteMiss) as info:
        asyncio.run(go())
    assert isinstance(info.value, ModelError)
    message = str(info.value)
    assert f"chunk {stable_id(TEXT)}" in message
    assert f"model {MODEL}" in message
    assert '"Ukraine imposed sanctions on Belarusian President' in message
    assert "--record" in message and str(tmp_path) in message
    assert info.value.context["cassette"] in message


def test_replay_miss_fails_the_chunk_not_the_run(tmp_path):
    [result] = run([request_for()], backend(CassetteTransport(tmp_path, "replay")))
    assert result.status == "failed" and "no recorded answer" in result.error


def test_key_ignores_headers_base_path_and_key_order():
    body_a = json.dumps({"model": "m", "messages": [{"role": "user", "content": "x"}]})
    body_b = json.dumps({"messages": [{"content": "x", "role": "user"}], "model": "m"})
    a = httpx2.Request(
        "POST",
        "https://api.openai.com/v1/chat/completions",
        content=body_a,
        headers={"Authorization": "Bearer one"},
    )
    b = httpx2.Request(
        "POST",
        "http://127.0.0.1:8000/v1/chat/completions",
        content=body_b,
        headers={"Authorization": "Bearer two"},
    )
    c = httpx2.Request("POST", "http://127.0.0.1:8000/chat/completions", content=body_b)
    d = httpx2.Request(
        "POST", "http://127.0.0.1:8000/chat/completions", content=body_b.replace('"x"', '"y"')
    )
    assert request_key(a) == request_key(b) == request_key(c) != request_key(d)


def test_http_client_factory(tmp_path):
    assert make_http_client() is None
    with pytest.raises(ConfigError, match="either"):
        make_http_client(record_dir=tmp_path, replay_dir=tmp_path)
    with pytest.raises(ConfigError, match="no cassette folder"):
        make_http_client(replay_dir=tmp_path / "missing")
    assert isinstance(make_http_client(replay_dir=tmp_path), httpx2.AsyncClient)


def test_make_cassettes_records_over_loopback_and_replays_without_a_key(tmp_path):
    """The fixture generator: real SDK, real sockets to a loopback fake server."""
    requests = [request_for(), request_for("Nothing about the war happened in this paragraph.")]
    pairs = [(requests[0], ANSWER), (requests[1], EMPTY_ANSWER)]
    recorded = make_cassettes.record_cassettes(pairs, tmp_path, model=MODEL)
    assert [r.ok for r in recorded] == [True, True]
    assert len(list(tmp_path.glob("*.json"))) == 2
    assert recorded[0].usage.input_tokens > 0
    for path in tmp_path.glob("*.json"):
        text = path.read_text()
        assert "sk-fixture-recording" not in text and "Bearer" not in text

    replaying = openai_backend_from(MODEL, api_key=None, replay_dir=tmp_path)
    replayed = run(requests, replaying)
    assert [r.to_dict() for r in replayed] == [r.to_dict() for r in recorded]


def test_make_cassettes_rejects_hand_answers_that_fail_the_schema(tmp_path):
    broken = {"talks": [], "attacks": []}
    with pytest.raises(ValueError, match="moves"):
        make_cassettes.record_cassettes([(request_for(), broken)], tmp_path, model=MODEL)


def test_answer_for_chunk_keeps_items_evidenced_in_that_chunk():
    story = {"talks": [], "attacks": [], "moves": ANSWER["moves"] * 2}
    assert len(make_cassettes.answer_for_chunk(story, TEXT)["moves"]) == 2
    assert make_cassettes.answer_for_chunk(story, "Other text.")["moves"] == []


def test_committed_cassettes_hold_no_secrets_and_match_their_names():
    """Every cassette shipped in tests/fixtures/cassettes is clean and still addressable."""
    secret = re.compile(
        r'"authorization"\s*:|bearer\s+\S{8,}|\bsk-[A-Za-z0-9_-]{8,}|"(set-)?cookie"\s*:'
        r'|"openai-(organization|project)"',
        re.I,
    )
    for path in sorted((FIXTURES / "cassettes").glob("**/*.json")):
        text = path.read_text(encoding="utf-8")
        assert not secret.search(text), f"{path.name} holds a secret-looking string"
        stored = json.loads(text)
        assert key_of(stored["request"]) == stored["key"] == path.stem, f"{path.name} key mismatch"
