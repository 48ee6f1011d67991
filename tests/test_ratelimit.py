"""The shared rate budget: paced from the server's x-ratelimit headers, before a 429."""

from __future__ import annotations

import asyncio

import pytest
from _openai_fakes import Sleeps

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


def test_no_requests_left_paces_the_next_ones_at_the_refill_rate():
    rate, sleeps = budget()

    async def go():
        sent = await rate.acquire(100)
        rate.observe(HEADERS, sent)  # none left; one request back each second
        for _ in range(3):
            await rate.acquire(100)

    run(go())
    assert sleeps == pytest.approx([1.0, 1.0, 1.0])


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
    assert sleeps == pytest.approx([2.0])


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
    assert len(sleeps) == 1 and sleeps[0] == pytest.approx(0.5)


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
    assert sleeps == pytest.approx([1.0, 1.0, 1.0])


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
    assert order == ["60 went"] and sleeps == pytest.approx([1.0])
    assert tomorrow.requests.limit == 60 and other.requests.limit is None
