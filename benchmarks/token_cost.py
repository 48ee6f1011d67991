"""Tokens and dollars sent per article token: briefer against a naive map-reduce summarizer.

Both run against the same fake OpenAI-compatible server on loopback, which counts prompt
tokens (and prompt-cache hits on a repeated static prefix of 1,024+ tokens, in steps of
128) the way OpenAI does. The naive summarizer asks for a summary of each 1,500-token
chunk, then one briefing from all the summaries: no schema, no cache, so a re-run costs
the same again. briefer's answers are the hand-written ones of `tests/fixtures/answers/`
(each article block answered with the items whose evidence it holds), so its output
tokens are those of real-sized answers.

Two corpora: the examples (or the INPUTS given), and a day of 40 invented articles of
about 800 words drawn sentence by sentence from the examples (so the hand answers speak
to them). For each it prints what briefer sends split into prefix (system prompt and
schema), article blocks and answer tokens, and the ratios the cost targets are set in
(issue 19): first-run prompt tokens <= 1.3x the article tokens, the uncached part of them
<= 1.1x, dollars <= 0.8x the naive summarizer's, and 0 calls on a re-run. `--budgets`
adds a sweep of the request budget (`--chunk-tokens`), which is how its default was chosen.

The hand answers run long (3.1 answer tokens per article-block token on the examples).
Beside briefer's dollars the benchmark prints an estimate with the answers scaled to the
size of the blind real-news answers (`benchmarks/realnews/answers/`, git-ignored: the
ratio is measured from them when the folder is there, else the recorded ratio is used).

    TIKTOKEN_CACHE_DIR=../shared/tiktoken python benchmarks/token_cost.py [INPUTS...]
        [--budgets 1500,3000,6000,8000,12000] [--articles 40]

Not a test.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))

from make_cassettes import (  # noqa: E402
    ANSWERS,
    FakeOpenAIServer,
    chat_completion,
    load_answers,
    matching_evidence,
    prompt_usage,
)

from briefer.chunk import chunk_story, count_tokens  # noqa: E402
from briefer.config import Settings, load_settings  # noqa: E402
from briefer.data import Usage  # noqa: E402
from briefer.extract.cost import cost_of  # noqa: E402
from briefer.extract.numbered import sentences_of  # noqa: E402
from briefer.ingest import read_inputs  # noqa: E402
from briefer.pipeline import run_brief  # noqa: E402
from briefer.scheduled import EXPECTED_ANSWER_PER_BLOCK_TOKEN  # noqa: E402
from briefer.segment import segment_all  # noqa: E402

MODEL = Settings().model  # briefer's default model, for both sides
# Answer tokens per article-block token (the user message) of the blind real-news answers,
# when they are not on this machine: the figure `--estimate` sizes answers by, recorded
# with its cohorts in briefer/scheduled.py (the latest, 50 requests, ran 1.65).
REAL_ANSWER_RATIO = EXPECTED_ANSWER_PER_BLOCK_TOKEN
REAL_ANSWERS = ROOT / "benchmarks" / "realnews" / "answers"
SUMMARY_TOKENS = 150  # what the naive summarizer's model answers per chunk
NAIVE_CHUNK = 1500


def naive_responder():
    seen: set[str] = set()
    lock = threading.Lock()

    def respond(body):
        with lock:
            prompt, cached = prompt_usage(body, seen)
        summary = "summary " * SUMMARY_TOKENS
        return (
            200,
            chat_completion(
                summary,
                prompt_tokens=prompt,
                cached_tokens=cached,
                completion_tokens=SUMMARY_TOKENS,
            ),
            {},
        )

    return respond


def naive_map_reduce(chunks: list[str], base_url: str) -> Usage:
    """Summarize each chunk, then write the briefing from the summaries."""
    import openai

    client = openai.OpenAI(api_key="benchmark", base_url=base_url, max_retries=0)
    usage = Usage()

    def call(system: str, user: str) -> str:
        nonlocal usage
        reply = client.chat.completions.create(
            model=MODEL,
            messages=[{"role": "system", "content": system}, {"role": "user", "content": user}],
        )
        u = reply.usage
        usage = usage + Usage(
            calls=1,
            input_tokens=u.prompt_tokens,
            cached_input_tokens=u.prompt_tokens_details.cached_tokens,
            output_tokens=u.completion_tokens,
        )
        return reply.choices[0].message.content

    summaries = [
        call("Summarize this news article about the war and the peace talks for an analyst.", c)
        for c in chunks
    ]
    call(
        "Write a morning briefing with sections Talks, Attacks, Diplomatic moves from these summaries.",
        "\n\n".join(summaries),
    )
    usage.cost_usd = cost_of(MODEL, usage)
    return usage


def real_answer_ratio(folder: Path = REAL_ANSWERS) -> tuple[float, str]:
    """(answer tokens per article-block token of the blind real-news answers, its basis):
    measured from `folder` when it holds them, else the recorded figure."""
    index = folder / "requests" / "index.json"
    try:
        keys = list(json.loads(index.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        keys = []
    answer = article = requests = 0
    for key in keys:
        try:
            given = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
            asked = json.loads((folder / "requests" / f"{key}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        users = [m.get("content") or "" for m in asked.get("messages", []) if m["role"] == "user"]
        answer += count_tokens(json.dumps(given, ensure_ascii=False))
        article += count_tokens(users[0] if users else "")
        requests += 1
    if not article:
        return (
            REAL_ANSWER_RATIO,
            "three cohorts of blind real-news answers, as recorded on 2026-12-02",
        )
    return answer / article, f"the {requests} blind real-news answers, measured now"


def write_day(folder: Path, articles: int = 40, words: int = 800, seed: int = 19) -> None:
    """`articles` invented articles of about `words` words, sentence by sentence from the
    examples' stories, five sentences a paragraph, each with its own title and outlet."""
    documents = read_inputs([str(ROOT / "examples")], warn=lambda _m: None)
    stories = [s for s in segment_all(documents) if (s.published or "") >= "2026"]
    sentences = [s for story in stories for s in sentences_of(story.text) if len(s.split()) > 4]
    rng = random.Random(seed)
    for number in range(articles):
        body: list[str] = []
        while sum(len(s.split()) for s in body) < words:
            body.append(rng.choice(sentences))
        paragraphs = [" ".join(body[i : i + 5]) for i in range(0, len(body), 5)]
        text = (
            f"Title: Day report {number}\nSource: Outlet {number % 9}\n"
            f"Published: 2026-03-11\n\n" + "\n\n".join(paragraphs) + "\n"
        )
        (folder / f"report-{number:02d}.txt").write_text(text, encoding="utf-8")


@dataclass
class Sent:
    """What briefer's requests held, counted as the fake server counts prompt tokens."""

    requests: int = 0
    prefix: int = 0  # system prompt + schema, per request
    articles: int = 0  # the user message: article blocks with their headers and numbers
    answers: int = 0


def sent(bodies: list[dict]) -> Sent:
    out = Sent()
    for body in bodies:
        fmt = body.get("response_format") or {}
        schema = json.dumps(fmt.get("json_schema", {}).get("schema", {})) if fmt else ""
        messages = body.get("messages", [])
        system = "".join(m.get("content") or "" for m in messages if m.get("role") == "system")
        out.requests += 1
        out.prefix += count_tokens(system) + count_tokens(schema) + 4
        out.articles += sum(
            count_tokens(m.get("content") or "") + 4 for m in messages if m.get("role") != "system"
        )
    return out


def run_briefer(inputs: list[str], budget: int | None) -> tuple[Usage, Usage, Sent]:
    """(first run, re-run, what the first run's requests held) at this request budget."""
    with (
        tempfile.TemporaryDirectory() as tmp,
        FakeOpenAIServer(matching_evidence(load_answers(ANSWERS))) as server,
    ):
        flags = {
            "inputs": inputs,
            "backend": "openai",
            "base_url": server.base_url,
            "model": MODEL,
            "date": "2026-03-12",
            "since": "72h",
        }
        if budget:
            flags["chunk_tokens"] = budget
        settings = load_settings(
            flags,
            environ={"BRIEFER_CACHE_DIR": tmp, "BRIEFER_DATA_DIR": tmp, "BRIEFER_CONFIG_DIR": tmp},
        )
        first = run_brief(settings, notify=lambda _m: None)
        bodies = list(server.requests)
        rerun = run_brief(settings, notify=lambda _m: None).usage
    held = sent(bodies)
    held.answers = first.usage.output_tokens
    return first.usage, rerun, held


def corpus(inputs: list[str]) -> tuple[int, list[str], int]:
    """(article tokens, the naive summarizer's chunks, articles)."""
    documents = read_inputs(inputs, warn=lambda _m: None)
    article_tokens = sum(count_tokens(d.text) for d in documents)
    chunks = [
        c.text for s in segment_all(documents) for c in chunk_story(s, NAIVE_CHUNK, model=MODEL)
    ]
    return article_tokens, chunks, len(documents)


def report(name: str, inputs: list[str], budgets: list[int]) -> None:
    article_tokens, chunks, articles = corpus(inputs)
    first, rerun, held = run_briefer(inputs, None)
    with FakeOpenAIServer(naive_responder()) as server:
        naive = naive_map_reduce(chunks, server.base_url)

    print(
        f"\n== {name}: {articles} articles, {article_tokens} article tokens; model {MODEL}, "
        f"request budget {Settings().chunk_tokens} article tokens (the default)"
    )
    print(
        f"briefer's {held.requests} requests held: prefix {held.prefix} tokens "
        f"({held.prefix // max(held.requests, 1)} each), article blocks {held.articles} "
        f"({held.articles / article_tokens:.2f}x the article tokens), answers {held.answers}"
    )
    print(f"{'':34} {'calls':>5} {'in/article':>10} {'cached':>7} {'out':>6} {'USD':>9}")
    for label, u in (
        ("briefer, first run", first),
        ("briefer, re-run (answer cache)", rerun),
        ("naive map-reduce, each run", naive),
    ):
        share = u.cached_input_tokens / u.input_tokens if u.input_tokens else 0
        print(
            f"{label:34} {u.calls:5d} {u.input_tokens / article_tokens:10.2f} {share:7.0%} "
            f"{u.output_tokens:6d} {u.cost_usd:9.5f}"
        )
    ratio, basis = real_answer_ratio()
    scaled = Usage(
        calls=first.calls,
        input_tokens=first.input_tokens,
        cached_input_tokens=first.cached_input_tokens,
        output_tokens=round(ratio * held.articles),
    )
    scaled_usd = cost_of(MODEL, scaled)
    print(
        f"{'estimate, real-sized answers':34} {scaled.calls:5d} "
        f"{scaled.input_tokens / article_tokens:10.2f} "
        f"{scaled.cached_input_tokens / max(scaled.input_tokens, 1):7.0%} "
        f"{scaled.output_tokens:6d} {scaled_usd:9.5f}"
    )
    print(
        f"  (an estimate: the same requests, answers of {ratio:.2f} tokens per article-block "
        f"token as in {basis}, against the hand answers' "
        f"{held.answers / max(held.articles, 1):.2f}; {scaled_usd / naive.cost_usd:.2f}x naive)"
    )
    uncached = first.input_tokens - first.cached_input_tokens
    dollars = first.cost_usd / naive.cost_usd if naive.cost_usd else float("nan")
    print(
        f"targets: first-run prompt tokens {first.input_tokens / article_tokens:.2f}x article "
        f"tokens (<= 1.3), uncached {uncached / article_tokens:.2f}x (<= 1.1), dollars "
        f"{dollars:.2f}x naive (<= 0.8), re-run {rerun.calls} calls (0)"
    )
    if budgets:
        print(
            f"{'budget':>7} {'requests':>8} {'in/article':>10} {'uncached':>8} "
            f"{'prefix':>7} {'out':>6} {'USD/naive':>9}"
        )
        for budget in budgets:
            u, _, h = run_briefer(inputs, budget)
            print(
                f"{budget:7d} {h.requests:8d} {u.input_tokens / article_tokens:10.2f} "
                f"{(u.input_tokens - u.cached_input_tokens) / article_tokens:8.2f} "
                f"{h.prefix:7d} {u.output_tokens:6d} {u.cost_usd / naive.cost_usd:9.2f}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("inputs", nargs="*")
    parser.add_argument("--budgets", default="", help="request budgets to sweep, e.g. 3000,6000")
    parser.add_argument("--articles", type=int, default=40)
    args = parser.parse_args()
    budgets = [int(b) for b in args.budgets.split(",") if b]
    report(
        "examples" if not args.inputs else "inputs",
        args.inputs or [str(ROOT / "examples")],
        budgets,
    )
    with tempfile.TemporaryDirectory() as day:
        write_day(Path(day), args.articles)
        report(f"a {args.articles}-article day", [day], budgets)


if __name__ == "__main__":
    main()
