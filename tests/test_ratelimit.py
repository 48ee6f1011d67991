"""The shared rate budget: paced from the server's x-ratelimit headers, before a 429."""

from __future__ import annotations

import asyncio
import json

import pytest
from _openai_fakes import Sleeps

from briefer.extract.ratelimit import _REORDER as SPARE
from briefer.extract.ratelimit import RateBudget, parse_reset

HEADERS = {
    "x-ratelimit-limit-requests": "60",
    "x-ratelimit-remaining-requests": "0",
    "x-ratelimit-reset-requests": "60s",  # full again in a minute: one back each second
    "x-ratelimit-limit-tokens": "600000",
    "x-ratelimit-remaining-tokens": "600000",
    "x-ratelimit-reset-tokens": "0s",
}


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("1s", 1.0), ("6m0s", 360.0), ("20ms", 0.02), ("1m30.5s", 90.5), ("2", 2.0), ("soon", None)],
)
def test_reset_headers_are_read_as_seconds(text, seconds):
    assert parse_reset(text) == seconds


def run(coroutine) -> None:
    asyncio.run(asyncio.wait_for(coroutine, timeout=5))


def run_for(coroutine):
    return asyncio.run(asyncio.wait_for(coroutine, timeout=5))


def budget() -> tuple[RateBudget, Sleeps]:
    sleeps = Sleeps()
    return RateBudget(clock=sleeps.clock, sleep=sleeps), sleeps


def test_one_request_goes_first_and_a_server_without_limits_is_never_paced():
    rate, sleeps = budget()
    order = []

    async def worker(number: int) -> None:
        ticket = await rate.acquire(10_000)
        order.append(number)
        await asyncio.sleep(0)
        rate.observe({}, ticket)  # an answer with no x-ratelimit headers

    async def go():
        first = await rate.acquire(10_000)
        others = asyncio.gather(*(worker(n) for n in range(50)))
        await asyncio.sleep(0.01)
        assert order == []  # held back until the first request is answered
        rate.observe({}, first)
        await others

    run(go())
    assert sorted(order) == list(range(50)) and sleeps == []


def test_a_probe_and_one_request_beside_it_go_first_and_the_probe_counts_that_one():
    rate, sleeps = budget()
    order = []
    told = HEADERS | {
        "x-ratelimit-remaining-requests": "59",  # the server had counted the probe only
        "x-ratelimit-reset-requests": "1s",
        "x-ratelimit-remaining-tokens": "599990",
        "x-ratelimit-reset-tokens": "100s",  # a trickle: the level is what was counted
    }

    async def worker(number: int) -> None:
        await rate.acquire(5000)
        order.append(number)

    async def go():
        probe = await rate.acquire(10, probe=True)
        beside = await rate.acquire(5000)
        others = asyncio.gather(*(worker(n) for n in range(3)))
        await asyncio.sleep(0.01)
        assert order == []  # the rest wait for the probe's word
        rate.observe(told, probe)
        await others
        return beside

    beside = run_for(go())
    assert sleeps == pytest.approx([SPARE * 1.1]) and sorted(order) == [0, 1, 2]
    # the one beside it was sent after the probe reached the server: counted once, here
    assert beside[1] - 1000.0 == pytest.approx(SPARE * 1.1)
    assert rate.tokens.level == pytest.approx(600000 - 10 - 4 * 5000, abs=1)


def test_no_requests_left_paces_the_next_ones_at_the_refill_rate():
    rate, sleeps = budget()

    async def go():
        sent = await rate.acquire(100)
        rate.observe(HEADERS, sent)  # none left; one request back each second
        for _ in range(3):
            await rate.acquire(100)

    run(go())
    # the first also waits for the refill kept to spare (the send-arrival skew), once
    assert sleeps == pytest.approx([1.0 + SPARE, 1.0, 1.0])


def test_tokens_pace_a_request_that_does_not_fit_until_enough_have_come_back():
    rate, sleeps = budget()
    headers = dict(
        HEADERS,
        **{
            "x-ratelimit-remaining-requests": "59",
            "x-ratelimit-reset-requests": "1s",
            "x-ratelimit-remaining-tokens": "1000",
            "x-ratelimit-reset-tokens": "59.9s",  # 599,000 used, 10,000 back a second
        },
    )

    async def go():
        sent = await rate.acquire(500)
        rate.observe(headers, sent)
        await rate.acquire(21_000)

    run(go())
    assert sleeps == pytest.approx([2.0 + SPARE])


def test_a_late_answer_counts_the_requests_sent_after_it():
    rate, sleeps = budget()
    fresh = {"x-ratelimit-remaining-requests": "59", "x-ratelimit-reset-requests": "1s"}
    late = {"x-ratelimit-remaining-requests": "5", "x-ratelimit-reset-requests": "55s"}

    async def go():
        opening = await rate.acquire(100)
        rate.observe(dict(HEADERS, **fresh), opening)
        first = await rate.acquire(100)
        for _ in range(5):
            sleeps.now += 0.1
            await rate.acquire(100)  # sent before the first answer is back
        rate.observe(dict(HEADERS, **late), first)
        await rate.acquire(100)  # 5 left when the first arrived, 5 sent since: none now

    run(go())
    # none left, but half a second has passed since the first was sent: half a request back
    assert len(sleeps) == 1 and sleeps[0] == pytest.approx(0.5 + SPARE)


def test_a_pause_holds_every_worker_and_they_leave_the_gate_one_by_one():
    rate, sleeps = budget()

    async def go():
        rate.observe(HEADERS | {"x-ratelimit-remaining-requests": "60"}, await rate.acquire(1))
        rate.pause(5.0)  # a 429's Retry-After
        await asyncio.gather(*(rate.acquire(1) for _ in range(4)))

    run(go())
    assert sleeps == [5.0]  # the first waits out the pause; the rest find it over


def test_the_backend_paces_its_workers_by_the_headers_of_its_answers():
    from _openai_fakes import FakeAPI, make_request, ok, openai_over, run

    headers = HEADERS | {"x-ratelimit-remaining-requests": "0"}
    api = FakeAPI(ok({"talks": [], "attacks": [], "moves": []}, headers=headers))
    sleeps = Sleeps()
    requests = [make_request(f"Story number {n} happened.") for n in range(4)]
    results = run(requests, openai_over(api, sleeps=sleeps), concurrency=4)
    assert all(r.ok for r in results) and api.calls == 4
    # the first answer says none are left, one back a second: the other three are paced
    assert sleeps == pytest.approx([1.0 + SPARE, 1.0, 1.0])


def test_the_limits_seen_are_remembered_for_the_next_run(tmp_path):
    path = tmp_path / "ratelimits.json"
    sleeps = Sleeps()
    today = RateBudget(clock=sleeps.clock, sleep=sleeps, remembered=path, key="server model")

    async def learn():
        today.observe(HEADERS | {"x-ratelimit-remaining-requests": "59"}, await today.acquire(1))

    run(learn())
    today.remember()
    tomorrow = RateBudget(clock=sleeps.clock, sleep=sleeps, remembered=path, key="server model")
    other = RateBudget(clock=sleeps.clock, sleep=sleeps, remembered=path, key="other model")
    order = []

    async def morning():
        # no lone first request: the limits are known, the buckets full after the night
        await asyncio.gather(*(tomorrow.acquire(1) for _ in range(60)))
        order.append("60 went")
        await tomorrow.acquire(1)  # the 61st waits for the refill

    run(morning())
    # the 60th waits only for the refill kept to spare; the 61st for a whole request
    assert order == ["60 went"] and sleeps == pytest.approx([SPARE, 1.0])
    assert tomorrow.requests.limit == 60 and other.requests.limit is None


# ---- a cold start: the limits learnt from a probe, over a loopback server ----------------

LIMITS = {
    "x-ratelimit-limit-requests": "60",
    "x-ratelimit-remaining-requests": "0",
    "x-ratelimit-reset-requests": "60s",  # none left, one back a second
    "x-ratelimit-limit-tokens": "600000",
    "x-ratelimit-remaining-tokens": "599000",
    "x-ratelimit-reset-tokens": "0.1s",
}
EMPTY = {"talks": [], "attacks": [], "moves": []}
BESIDE = SPARE * 1.1  # how long after the probe the request beside it goes


def is_probe(body: dict) -> bool:
    return body.get("max_completion_tokens") == 1 and "response_format" not in body


class ColdServer:
    """A loopback OpenAI server whose probe answer is chosen by the test; every answer
    takes `latency` seconds (the probe's `probe_latency`, if given), the chunks' carry
    `headers`, and `log` keeps (kind, arrived, answered) per request."""

    def __init__(self, probe_answer, latency=0.12, probe_latency=None, headers=LIMITS):
        import threading
        import time

        self.probe_answer, self.latency, self.headers = probe_answer, latency, headers
        self.probe_latency = latency if probe_latency is None else probe_latency
        self.log: list[tuple[str, float, float]] = []
        self._lock, self._time = threading.Lock(), time

    def __call__(self, body: dict):
        from _openai_fakes import make_cassettes

        arrived = self._time.monotonic()
        self._time.sleep(self.probe_latency if is_probe(body) else self.latency)
        if is_probe(body):
            kind, answer = "probe", self.probe_answer()
        else:
            completion = make_cassettes.chat_completion(
                json.dumps(EMPTY), prompt_tokens=1000, completion_tokens=50
            )
            kind, answer = "chunk", (200, completion, dict(self.headers))
        with self._lock:
            self.log.append((kind, arrived, self._time.monotonic()))
        return answer


def cold_run(respond, tmp_path, *, count=4, concurrency=4, remembered=None, probe=True):
    """`count` one-story requests read at `concurrency` by a backend that has not seen the
    limits (unless `remembered`), pacing with a fake clock; (results, notices, budget)."""
    from _openai_fakes import make_cassettes, make_request

    from briefer.extract import extract_all, openai_backend_from

    sleeps, notices = Sleeps(), []
    path = tmp_path / "ratelimits.json"
    if remembered:
        path.write_text(json.dumps(remembered), encoding="utf-8")
    with make_cassettes.FakeOpenAIServer(respond) as server:
        budget = RateBudget(clock=sleeps.clock, sleep=sleeps, remembered=path, key="k")
        backend = openai_backend_from(
            "gpt-5.4-mini",
            api_key="sk-loop",
            base_url=server.base_url,
            sleep=sleeps,
            rate_budget=budget,
            probe_limits=probe,
            notify=notices.append,
        )
        requests = [make_request(f"Story number {n} happened on Monday.") for n in range(count)]
        results = extract_all(requests, backend, concurrency=concurrency)
    return results, notices, sleeps


def test_a_cold_run_learns_the_limits_from_a_probe_and_pays_for_it(tmp_path):
    from _openai_fakes import make_cassettes

    probe = make_cassettes.chat_completion("OK", prompt_tokens=10, completion_tokens=1)
    server = ColdServer(lambda: (200, probe, dict(LIMITS)))
    results, notices, sleeps = cold_run(server, tmp_path)
    assert all(r.ok for r in results) and notices == []
    assert sorted(kind for kind, _, _ in server.log) == ["chunk"] * 4 + ["probe"]
    [probe_answered] = [d for kind, _, d in server.log if kind == "probe"]
    # one request goes beside the probe (a moment after it, on the budget's clock); the
    # probe's headers (none left, one back a second) pace the other three
    assert min(a for kind, a, _ in server.log if kind == "chunk") < probe_answered
    assert sleeps[0] == pytest.approx(BESIDE)
    assert len(sleeps) == 4 and min(sleeps[1:]) >= 1.0 - 1e-6
    usage = sum((r.usage for r in results), type(results[0].usage)())
    assert (usage.calls, usage.input_tokens, usage.output_tokens) == (5, 4010, 201)
    assert json.loads((tmp_path / "ratelimits.json").read_text())["k"] == {
        "requests": 60.0,
        "tokens": 600000.0,
    }


def test_after_a_probe_the_requests_go_at_once_not_behind_a_first_answer(tmp_path):
    from _openai_fakes import make_cassettes

    roomy = LIMITS | {"x-ratelimit-remaining-requests": "59", "x-ratelimit-reset-requests": "1s"}
    probe = make_cassettes.chat_completion("OK", prompt_tokens=10, completion_tokens=1)
    server = ColdServer(lambda: (200, probe, roomy), headers=roomy)
    results, _, sleeps = cold_run(server, tmp_path)
    [probe_answered] = [d for kind, _, d in server.log if kind == "probe"]
    beside, *after = sorted((a, d) for kind, a, d in server.log if kind == "chunk")
    assert all(r.ok for r in results) and sleeps == pytest.approx([BESIDE])
    assert beside[0] < probe_answered  # the first went beside the probe
    assert max(a for a, _ in after) < min(d for _, d in after)  # the other three together


@pytest.mark.parametrize(
    ("probe_answer", "said"),
    [
        ((500, {"error": {"message": "server error"}}, {}), "failed (HTTP 500)"),
        ((400, {"error": {"message": "max_completion_tokens too small"}}, {}), "HTTP 400"),
    ],
    ids=["server-error", "refused"],
)
def test_a_failed_probe_falls_back_to_one_request_alone_with_one_notice(
    tmp_path, probe_answer, said
):
    server = ColdServer(lambda: probe_answer, probe_latency=0.0)  # its word comes first
    results, notices, _ = cold_run(server, tmp_path)
    assert all(r.ok for r in results)
    [notice] = notices
    assert said in notice and "the first request goes alone" in notice
    assert "\n" not in notice and "Traceback" not in notice
    chunks = sorted((a, d) for kind, a, d in server.log if kind == "chunk")
    # as without a probe: the first request (the one beside it) alone, the rest once its
    # answer told the limits
    assert chunks[0][1] <= min(a for a, _ in chunks[1:])


def test_a_probe_refused_for_rate_still_tells_the_limits(tmp_path):
    refused = (
        429,
        {"error": {"message": "Rate limit reached"}},
        LIMITS | {"retry-after-ms": "500"},
    )
    server = ColdServer(lambda: refused)
    results, notices, sleeps = cold_run(server, tmp_path)
    assert all(r.ok for r in results) and notices == []
    # the limits its refusal told pace the requests after the one beside it; none is lost
    assert sleeps[0] == pytest.approx(BESIDE)
    assert len(sleeps) == 4 and min(sleeps[1:]) >= 1.0 - 1e-6


@pytest.mark.parametrize(
    ("options", "why"),
    [
        ({"remembered": {"k": {"requests": 60, "tokens": 600000}}}, "limits known"),
        ({"concurrency": 1}, "one at a time"),
        ({"count": 1}, "one request"),
        ({"probe": False}, "not a live run's reader"),
    ],
    ids=["remembered", "concurrency-1", "one-request", "off"],
)
def test_no_probe_when_nothing_waits_for_the_limits(tmp_path, options, why):
    from _openai_fakes import make_cassettes

    probe = make_cassettes.chat_completion("OK", prompt_tokens=10, completion_tokens=1)
    server = ColdServer(lambda: (200, probe, dict(LIMITS)), latency=0.0)
    results, notices, _ = cold_run(server, tmp_path, **options)
    assert all(r.ok for r in results) and notices == []
    assert "probe" not in [kind for kind, _, _ in server.log], why


def test_a_live_run_probes_once_then_the_next_run_starts_from_the_limits_it_learnt(
    tmp_path, monkeypatch
):
    from pathlib import Path

    from _openai_fakes import make_cassettes
    from typer.testing import CliRunner

    from briefer.cli import app

    examples = Path(__file__).resolve().parent.parent / "examples"
    roomy = LIMITS | {"x-ratelimit-remaining-requests": "59", "x-ratelimit-reset-requests": "1s"}
    answers = make_cassettes.matching_evidence(make_cassettes.load_answers(make_cassettes.ANSWERS))
    probe = make_cassettes.chat_completion("OK", prompt_tokens=10, completion_tokens=1)

    def respond(body):
        if is_probe(body):
            return 200, probe, roomy
        status, payload, headers = answers(body)
        return status, payload, headers | roomy

    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-probe")
    monkeypatch.setenv("BRIEFER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("BRIEFER_DATA_DIR", str(tmp_path / "data"))
    runs = []
    with make_cassettes.FakeOpenAIServer(respond) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        for tokens in ("400", "300"):  # the second run's chunks differ: none cached
            before = len(server.requests)
            result = CliRunner().invoke(
                app,
                ["brief", str(examples), "--date", "2026-03-12", "--since", "72h"]
                + ["--chunk-tokens", tokens, "-o", str(tmp_path / f"b{tokens}.md")],
            )
            assert result.exit_code == 0, result.stderr
            runs.append([is_probe(body) for body in server.requests[before:]])
    first, second = runs
    assert first.count(True) == 1 and len(first) > 2
    assert second.count(True) == 0 and len(second) > 2
