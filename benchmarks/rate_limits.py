"""Rate limits as a bound: a day's chunks under a server that enforces RPM and TPM.

A loopback OpenAI-compatible server keeps one bucket of requests and one of tokens, as
OpenAI does: each holds a minute's limit, refills continuously, and a request draws one
request and its prompt tokens plus the `max_completion_tokens` it reserves when it
arrives; a request that does not fit is answered 429 with `retry-after-ms`. Every answer
carries `x-ratelimit-limit/remaining/reset-requests|tokens`. Answers take a realistic
time (a base plus the answer's tokens at a generation speed). Time is compressed by
`--time-scale` (0.1: a minute of limits and of latency lasts 6 s), which changes no ratio.

The day is `--articles` invented articles (500 to 2,200 words, sentences drawn from the
bundled examples), read by the real `run_brief` at each `--concurrency`. Per run it
prints the chunks lost (failed), the wall time of the model stage (from the server's
first request to its last answer: reading, merging and rendering are not the limits'
business) over the bound, and the share of requests answered 429. The bound is the time
a client that wastes nothing would take: the same answers, each sent as soon as a worker
is free and both buckets (full at the start) hold its cost, each taking as long as the
server really took (so a busy machine's slower answers are not counted against the
client). By default the client learnt the limits on the day before (a one-article run,
then the server rests), as a scheduled run has; `--first-run` measures a client that has
never seen them, which learns them from a one-token probe first (the probe is one of the
answers served, in the bound as in the wall time).
Targets: 0 lost, <= 1.2x the bound, <= 2% 429s.

    TIKTOKEN_CACHE_DIR=../shared/tiktoken python benchmarks/rate_limits.py \
        [--concurrency 1,2,4,8,16,32] [--limits 60:600000,20:150000] [--articles 40]

Not a test.
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import multiprocessing
import random
import sys
import tempfile
import threading
import time
from http.server import ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))

from make_cassettes import EMPTY_ANSWER, FakeOpenAIServer, chat_completion  # noqa: E402

from briefer.chunk import count_tokens  # noqa: E402
from briefer.config import load_settings  # noqa: E402
from briefer.ingest import read_inputs  # noqa: E402
from briefer.pipeline import run_brief  # noqa: E402
from briefer.segment import segment_all  # noqa: E402

MODEL = "gpt-5.4-mini"
WINDOW = 60.0  # the limits are per minute
BASE_LATENCY = 0.8  # seconds before the first token
TOKENS_PER_SECOND = 150.0  # generation speed
ANSWER_BASE, ANSWER_PER_ARTICLE_TOKEN = 300, 0.6  # the answer's length the server reports


class LimitedServer:
    """The server's side of the limits: two buckets, a latency model and a tally."""

    def __init__(self, rpm: int, tpm: int, scale: float, seed: int = 7):
        self.rpm, self.tpm, self.scale = rpm, tpm, scale
        self.level_requests, self.level_tokens = float(rpm), float(tpm)
        self.updated = time.monotonic()
        self.lock = threading.Lock()
        self.rng = random.Random(seed)
        self.answered = self.refused = 0
        self.tokens_drawn = 0
        self.latency_total = 0.0
        self.served: list[tuple[int, float]] = []  # (tokens drawn, seconds taken) per answer
        self.first = self.last = None  # the model stage's span: first request, last answer

    def _refill(self, now: float) -> None:
        window = WINDOW * self.scale
        elapsed = now - self.updated
        self.level_requests = min(self.rpm, self.level_requests + self.rpm / window * elapsed)
        self.level_tokens = min(self.tpm, self.level_tokens + self.tpm / window * elapsed)
        self.updated = now

    def _headers(self) -> dict[str, str]:
        window = WINDOW * self.scale

        def reset(limit: float, level: float) -> str:
            return f"{max(limit - level, 0) / limit * window:.3f}s"

        return {
            "x-ratelimit-limit-requests": str(self.rpm),
            "x-ratelimit-remaining-requests": str(max(int(self.level_requests), 0)),
            "x-ratelimit-reset-requests": reset(self.rpm, self.level_requests),
            "x-ratelimit-limit-tokens": str(self.tpm),
            "x-ratelimit-remaining-tokens": str(max(int(self.level_tokens), 0)),
            "x-ratelimit-reset-tokens": reset(self.tpm, self.level_tokens),
        }

    def respond(self, body: dict) -> tuple[int, dict, dict[str, str]]:
        messages = body.get("messages", [])
        prompt = sum(_tokens(m.get("content") or "") + 4 for m in messages)
        prompt += _tokens(json.dumps(body.get("response_format") or {}))
        reserve = body.get("max_completion_tokens") or 4096
        cost = prompt + reserve
        window = WINDOW * self.scale
        arrived = time.monotonic()
        with self.lock:
            now = arrived
            self.first = self.first or now
            self._refill(now)
            if self.level_requests < 1 or self.level_tokens < cost:
                self.refused += 1
                wait = max(
                    (1 - self.level_requests) / (self.rpm / window),
                    (cost - self.level_tokens) / (self.tpm / window),
                )
                headers = self._headers() | {"retry-after-ms": str(math.ceil(wait * 1000))}
                error = {"message": "Rate limit reached", "code": "rate_limit_exceeded"}
                return 429, {"error": error}, headers
            self.level_requests -= 1
            self.level_tokens -= cost
            self.answered += 1
            self.tokens_drawn += cost
            headers = self._headers()
            article = _tokens(messages[-1].get("content") or "") if messages else 0
            answer_tokens = int(ANSWER_BASE + ANSWER_PER_ARTICLE_TOKEN * article)
            latency = (BASE_LATENCY + answer_tokens / TOKENS_PER_SECOND) * self.scale
            latency *= self.rng.uniform(0.8, 1.2)
        time.sleep(latency)
        with self.lock:  # as long as it really took, on a machine that may be busy
            self.last = max(self.last or 0.0, time.monotonic())
            self.latency_total += self.last - arrived
            self.served.append((cost, self.last - arrived))
        completion = chat_completion(
            json.dumps(EMPTY_ANSWER),
            model=body.get("model", MODEL),
            prompt_tokens=prompt,
            completion_tokens=answer_tokens,
        )
        return 200, completion, headers

    def stats(self) -> dict:
        return {
            "answered": self.answered,
            "refused": self.refused,
            "tokens_drawn": self.tokens_drawn,
            "latency_total": self.latency_total,
            "served": self.served,
            "wall": (self.last or 0.0) - (self.first or 0.0),
        }

    def bound(self, concurrency: int) -> float:
        """The time a client that wastes nothing would take: the same answers, in the order
        served, each sent as soon as one of `concurrency` workers is free and both buckets
        (full at the start) hold its cost, each taking as long as it took."""
        window = WINDOW * self.scale
        rate_requests, rate_tokens = self.rpm / window, self.tpm / window
        free = [0.0] * concurrency  # when each worker is next free
        level_requests, level_tokens, at = float(self.rpm), float(self.tpm), 0.0
        for cost, took in self.served:
            start = max(min(free), at)
            level_requests = min(self.rpm, level_requests + rate_requests * (start - at))
            level_tokens = min(self.tpm, level_tokens + rate_tokens * (start - at))
            short = max(
                (1 - level_requests) / rate_requests,
                (min(cost, self.tpm) - level_tokens) / rate_tokens,
                0.0,
            )
            start += short
            level_requests += rate_requests * short - 1
            level_tokens += rate_tokens * short - cost
            at = start
            free[free.index(min(free))] = start + took
        return max(free)


@functools.lru_cache(maxsize=64)
def _tokens(text: str) -> int:
    return count_tokens(text)


def _serve(rpm: int, tpm: int, scale: float, pipe) -> None:
    """The server in its own process, as a real one is: it must not share a GIL with the
    client it measures. "reset" gives it full buckets and a clean tally (a night's rest);
    "stop" returns the tally."""
    # socketserver listens with a backlog of 5: 32 workers connecting at once would see
    # SYNs dropped and resent a second later, a delay no real API server adds
    ThreadingHTTPServer.request_queue_size = 256
    limited = LimitedServer(rpm, tpm, scale)

    def respond(body):
        return limited.respond(body)

    with FakeOpenAIServer(respond) as server:
        pipe.send(server.base_url)
        while pipe.recv() == "reset":
            limited = LimitedServer(rpm, tpm, scale)
            pipe.send("ok")
        pipe.send(limited.stats())


def write_day(folder: Path, articles: int, seed: int = 11) -> None:
    """`articles` invented articles of 500 to 2,200 words from the examples' sentences."""
    documents = read_inputs([str(ROOT / "examples")], warn=lambda _m: None)
    sentences = [
        line.strip()
        for story in segment_all(documents)
        for line in story.text.replace("\n", " ").split(". ")
        if len(line.split()) > 5
    ]
    rng = random.Random(seed)
    for number in range(articles):
        words, body = rng.randint(500, 2200), []
        while sum(len(s.split()) for s in body) < words:
            body.append(rng.choice(sentences).rstrip(".") + ".")
        paragraphs = [" ".join(body[i : i + 5]) for i in range(0, len(body), 5)]
        text = (
            f"---\ntitle: Day report {number}\nsource: Outlet {number % 9}\n"
            f"published: 2026-03-11\n---\n\n" + "\n\n".join(paragraphs) + "\n"
        )
        (folder / f"report-{number:02d}.md").write_text(text, encoding="utf-8")


def one_run(
    day: Path, rpm: int, tpm: int, concurrency: int, scale: float, yesterday: Path | None = None
) -> dict:
    """One measured run; with `yesterday`, a run over that day first teaches the client
    the limits (as the morning before did), then the server rests and the day is read."""
    ours, theirs = multiprocessing.Pipe()
    process = multiprocessing.Process(target=_serve, args=(rpm, tpm, scale, theirs))
    process.start()
    base_url = ours.recv()
    with tempfile.TemporaryDirectory() as tmp:
        if yesterday is not None:
            run_brief(_settings(yesterday, base_url, tmp, concurrency), notify=lambda _m: None)
            ours.send("reset")
            ours.recv()
        result = run_brief(_settings(day, base_url, tmp, concurrency), notify=lambda _m: None)
    ours.send("stop")
    stats = ours.recv()
    process.join()
    limited = LimitedServer(rpm, tpm, scale)
    for name in ("answered", "refused", "tokens_drawn", "latency_total", "served"):
        setattr(limited, name, stats[name])
    total = limited.answered + limited.refused
    return {
        "chunks": len(result.chunks),
        "requests": limited.answered,
        "lost": len(result.failed),
        "wall": stats["wall"],
        "bound": limited.bound(concurrency),
        "refused": limited.refused / total if total else 0.0,
    }


def _settings(day: Path, base_url: str, home: str, concurrency: int):
    return load_settings(
        {
            "inputs": [str(day)],
            "backend": "openai",
            "base_url": base_url,
            "model": MODEL,
            "date": "2026-03-12",
            "since": "72h",
            "concurrency": concurrency,
        },
        environ={"BRIEFER_CACHE_DIR": home, "BRIEFER_DATA_DIR": home, "BRIEFER_CONFIG_DIR": home},
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--concurrency", default="1,2,4,8,16,32")
    parser.add_argument("--limits", default="60:600000,20:150000", help="RPM:TPM pairs")
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--time-scale", type=float, default=0.1)
    parser.add_argument(
        "--first-run",
        action="store_true",
        help="the client has never seen the limits (default: it learnt them the day before)",
    )
    args = parser.parse_args()
    levels = [int(c) for c in args.concurrency.split(",")]
    limits = [tuple(int(n) for n in pair.split(":")) for pair in args.limits.split(",")]
    worst = {"lost": 0, "ratio": 0.0, "refused": 0.0}
    with tempfile.TemporaryDirectory() as folder, tempfile.TemporaryDirectory() as small:
        day = Path(folder)
        write_day(day, args.articles)
        write_day(Path(small), 1, seed=99)
        # the SDK's first answer builds its types (about a second here): a cost of the
        # process starting, paid once, not of the limits; paid before anything is timed
        one_run(Path(small), 10_000, 100_000_000, 1, 0.001)
        print(
            f"{args.articles} articles; model {MODEL}; a minute lasts "
            f"{WINDOW * args.time_scale:g} s (time scale {args.time_scale:g}); limits "
            + ("never seen before" if args.first_run else "remembered from the day before")
        )
        print(f"{'RPM':>5} {'TPM':>8} {'conc':>4} {'chunks':>6} {'calls':>5} {'lost':>4} "
              f"{'wall s':>7} {'bound s':>7} {'ratio':>5} {'429s':>6}")  # fmt: skip
        for rpm, tpm in limits:
            for concurrency in levels:
                yesterday = None if args.first_run else Path(small)
                row = one_run(day, rpm, tpm, concurrency, args.time_scale, yesterday)
                ratio = row["wall"] / row["bound"]
                worst["lost"] = max(worst["lost"], row["lost"])
                worst["ratio"] = max(worst["ratio"], ratio)
                worst["refused"] = max(worst["refused"], row["refused"])
                print(
                    f"{rpm:5d} {tpm:8d} {concurrency:4d} {row['chunks']:6d} {row['requests']:5d} "
                    f"{row['lost']:4d} "
                    f"{row['wall']:7.2f} {row['bound']:7.2f} {ratio:5.2f} {row['refused']:6.1%}"
                )
    print(
        f"worst: {worst['lost']} chunks lost (target 0), {worst['ratio']:.2f}x the bound "
        f"(target <= 1.2), {worst['refused']:.1%} of requests 429 (target <= 2%)"
    )


if __name__ == "__main__":
    main()
