"""One client-side budget of requests and tokens, shared by every worker of a run.

The provider says where its limits stand on every answer (`x-ratelimit-limit-*`,
`x-ratelimit-remaining-*`, `x-ratelimit-reset-*`, for requests and for tokens). The budget
keeps a bucket per resource that refills at the rate those headers imply, takes each
request's cost out before the request is sent (its prompt tokens plus the
`max_completion_tokens` it reserves, which is how OpenAI counts), and makes a worker wait
while a bucket is short, so requests are paced before a 429 rather than after. Waiters go
through one gate in arrival order, so a burst of workers cannot all wake at once and
overdraw it. Until the first headers arrive nothing is paced: the limits are not known.

Before any limit is known only one request goes out (the server's limits may be far
below the concurrency: a first burst of 32 could be half refused); its answer, with or
without headers, opens the gate. Or a probe goes first (a word in, one token out, sent
by the backend before a run's first parallel requests), whose headers come back in a
fraction of a full answer's time, and one request beside it, sent `_REORDER` after it so
that the probe's word already counts it (as it counts every request sent after it). A
probe that failed without telling the limits does not open the gate (`opens=False`): the
request beside it is then the lone first one. The limits seen are remembered in a small
JSON file (the answer cache's folder), so the next morning's run starts from them with
full buckets, as the server's are after a night's rest, and sends no lone first request
nor probe. A 429 that slips through (another client on the same key) pauses every worker
until the server's Retry-After has passed.

The client counts a request when it sends it, the server when it arrives, which is a few
milliseconds later and not always equally late (a new connection takes longer than a
kept one): a bucket's account is kept `_REORDER` seconds of refill short of what it
would allow, so that skew never turns a request sent with nothing to spare into a 429.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import time
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["RateBudget", "parse_reset"]

_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ms|h|m|s)")
_UNIT = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}
_WINDOW = 60.0  # the limits are per minute; the fallback refill rate is limit / minute
_HISTORY = 120.0  # seconds of reservations kept to reconcile late answers
_REORDER = 0.05  # seconds within which requests may reach the server out of order


def parse_reset(text: str | None) -> float | None:
    """Seconds in a reset header: '1s', '6m0s', '20ms', '0.5s', or a bare number."""
    if not text:
        return None
    text = text.strip()
    try:
        return max(float(text), 0.0)
    except ValueError:
        pass
    parts = _DURATION.findall(text)
    if not parts or "".join(n + u for n, u in parts) != text:
        return None
    return sum(float(number) * _UNIT[unit] for number, unit in parts)


def _number(headers: Mapping[str, str], name: str) -> float | None:
    value = headers.get(name)
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


@dataclass
class _Bucket:
    """One resource (requests or tokens): what is left now, and how fast it refills."""

    limit: float | None = None  # unknown until the server says
    level: float = 0.0
    rate: float = 0.0  # units per second
    updated: float = 0.0
    spent: deque = field(default_factory=deque)  # (ticket, time, amount) reserved lately

    def refill(self, now: float) -> None:
        if self.limit is not None:
            self.level = min(self.limit, self.level + self.rate * (now - self.updated))
        self.updated = now

    def wait_for(self, amount: float) -> float:
        """Seconds until `amount` is available with `_REORDER` seconds of refill to spare
        (a request over the whole limit waits for a full bucket, then goes)."""
        if self.limit is None or self.rate <= 0:
            return 0.0
        need = min(amount + self.rate * _REORDER, self.limit) - self.level
        return max(need / self.rate, 0.0)

    def take(self, amount: float, ticket: int, now: float) -> None:
        self.spent.append((ticket, now, amount))
        while self.spent and self.spent[0][1] < now - _HISTORY:
            self.spent.popleft()
        if self.limit is not None:
            self.level -= amount

    def observe(
        self,
        limit: float | None,
        remaining: float | None,
        reset: float | None,
        ticket: tuple[int, float],
        now: float,
    ) -> None:
        """Align with the server: it had `remaining` when it counted the request of
        `ticket`; since then it has refilled, and the requests sent after it have drawn.
        `reset` is the time until the bucket is full again, which gives the refill rate."""
        if limit is None or remaining is None or limit <= 0:
            return
        number, sent = ticket
        first = self.limit is None
        self.refill(now)
        self.limit = limit
        used = limit - remaining
        self.rate = used / reset if reset and used > 0 else limit / _WINDOW
        # requests sent within a moment after this one may have reached the server first,
        # and so be counted in `remaining` already: only the later ones are drawn again
        later = sum(
            amount for seq, at, amount in self.spent if seq > number and at > sent + _REORDER
        )
        told = min(limit, remaining + self.rate * (now - sent) - later)
        # Answers arrive out of order and the server counted each a little after it was
        # sent, so what they imply is noisy; the lower of it and our own account is kept
        # (our account already draws every request we sent; a lower word from the server
        # means another client shares the key, or our counts run short).
        self.level = told if first else min(self.level, told)
        self.updated = now


def _read_limits(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


class RateBudget:
    """The shared pacing gate; `clock` and `sleep` are injectable for tests."""

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        remembered: Path | None = None,
        key: str = "",
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        self.requests = _Bucket()
        self.tokens = _Bucket()
        self._paused_until = 0.0
        self._tickets = 0
        self._gate: asyncio.Lock | None = None
        self._gate_loop: asyncio.AbstractEventLoop | None = None
        self._blind: dict[int, bool] = {}  # tickets out before any limit is known: probe?
        self._changed: asyncio.Event | None = None  # set when one of them is answered
        self._companion = False  # whether a request has gone out beside the probe
        self._probe_sent = 0.0
        self._open = False
        self.waited = 0.0  # seconds spent pacing, summed over requests
        self._remembered, self._key = remembered, key
        known = _read_limits(remembered).get(key) if remembered else None
        if isinstance(known, dict):
            self._recall(known)

    def _recall(self, known: dict) -> None:
        now = self._clock()
        for bucket, kind in ((self.requests, "requests"), (self.tokens, "tokens")):
            limit = known.get(kind)
            if isinstance(limit, int | float) and limit > 0:
                bucket.limit, bucket.level = float(limit), float(limit)
                bucket.rate, bucket.updated = limit / _WINDOW, now
                self._open = True

    @property
    def known(self) -> bool:
        """Whether requests go out paced by known limits (or a server that sends none)
        rather than one alone while they are learnt."""
        return self._open

    def remember(self) -> None:
        """Write the limits seen to the file named at creation (if any) for the next run."""
        if not self._remembered or self.requests.limit is None and self.tokens.limit is None:
            return
        table = _read_limits(self._remembered)
        table[self._key] = {"requests": self.requests.limit, "tokens": self.tokens.limit}
        try:
            self._remembered.parent.mkdir(parents=True, exist_ok=True)
            scratch = self._remembered.with_suffix(".tmp")
            scratch.write_text(json.dumps(table, indent=1, sort_keys=True), encoding="utf-8")
            os.replace(scratch, self._remembered)
        except OSError:
            pass  # a convenience for the next run, never a reason to fail this one

    def _lock(self) -> asyncio.Lock:
        loop = asyncio.get_running_loop()
        if self._gate is None or self._gate_loop is not loop:
            self._gate, self._gate_loop = asyncio.Lock(), loop
            self._blind, self._changed = {}, None
        return self._gate

    async def acquire(self, tokens: int, *, probe: bool = False) -> tuple[int, float]:
        """Wait until one request of `tokens` fits the budget, take it out, and return
        its ticket (order and send time) to pass back to `observe` with the answer.
        Before any limit is known one request goes alone, or a `probe` and one request
        beside it; the rest wait for the first word."""
        async with self._lock():
            while not self._open and self._blind and not self._beside_probe():
                if self._changed is None or self._changed.is_set():
                    self._changed = asyncio.Event()
                await self._changed.wait()
            blind = not self._open
            if blind and self._blind:  # beside the probe, a moment after it: the server
                self._companion = True  # counts them in order, and the probe's word counts it
                delay = self._probe_sent + _REORDER * 1.1 - self._clock()
                if delay > 0:
                    await self._sleep(delay)
                blind = not self._open  # the probe may have told the limits meanwhile
            now = self._clock()
            self.requests.refill(now)
            self.tokens.refill(now)
            wait = max(
                self._paused_until - now,
                self.requests.wait_for(1),
                self.tokens.wait_for(tokens),
            )
            if wait > 0:
                self.waited += wait
                await self._sleep(wait)
                now = self._clock()
                self.requests.refill(now)
                self.tokens.refill(now)
            self._tickets += 1
            self.requests.take(1, self._tickets, now)
            self.tokens.take(tokens, self._tickets, now)
            if blind:
                self._blind[self._tickets] = probe
                if probe:
                    self._probe_sent = now
            return self._tickets, now

    def _beside_probe(self) -> bool:
        """Whether the only request out is a probe, with none beside it yet."""
        return not self._companion and list(self._blind.values()) == [True]

    def observe(
        self, headers: Mapping[str, str], ticket: tuple[int, float], *, opens: bool = True
    ) -> None:
        """Feed an answer's `x-ratelimit-*` headers (any status; none when the request
        failed without an answer) into the budget. Every request sent must be observed.
        The first answer opens the gate; with `opens=False` (a probe that failed) only
        if its headers told the limits."""
        told = any(_number(headers, f"x-ratelimit-limit-{k}") for k in ("requests", "tokens"))
        if self._blind.pop(ticket[0], None) is not None:
            if opens or told:
                self._open = True
            if self._changed is not None:
                self._changed.set()
        now = self._clock()
        for bucket, kind in ((self.requests, "requests"), (self.tokens, "tokens")):
            bucket.observe(
                _number(headers, f"x-ratelimit-limit-{kind}"),
                _number(headers, f"x-ratelimit-remaining-{kind}"),
                parse_reset(headers.get(f"x-ratelimit-reset-{kind}")),
                ticket,
                now,
            )

    def pause(self, seconds: float) -> None:
        """Hold every worker back for `seconds` (after a 429's Retry-After)."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)
