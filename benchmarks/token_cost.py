"""Tokens and dollars sent per article token: briefer against a naive map-reduce summarizer.

Both run against the same fake OpenAI-compatible server on loopback, which counts prompt
tokens (and prompt-cache hits on a repeated static prefix of 1,024+ tokens) the way OpenAI
does. The naive summarizer asks for a summary of each chunk, then one briefing from all
the summaries: no schema, no cache, so a re-run costs the same again.

    TIKTOKEN_CACHE_DIR=../shared/tiktoken python benchmarks/token_cost.py [INPUTS...]

Prints one table of ratios measured in this run. Not a test.
"""

from __future__ import annotations

import sys
import tempfile
import threading
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
from briefer.config import load_settings  # noqa: E402
from briefer.data import Usage  # noqa: E402
from briefer.extract.cost import cost_of  # noqa: E402
from briefer.ingest import read_inputs  # noqa: E402
from briefer.pipeline import run_brief  # noqa: E402
from briefer.segment import segment_all  # noqa: E402

MODEL = "gpt-4.1-mini"
SUMMARY_TOKENS = 150  # what the naive summarizer's model answers per chunk


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


def main(inputs: list[str]) -> None:
    inputs = inputs or [str(ROOT / "examples")]
    documents = read_inputs(inputs, warn=lambda _m: None)
    article_tokens = sum(count_tokens(d.text) for d in documents)
    chunks = [c.text for s in segment_all(documents) for c in chunk_story(s, 1500, model=MODEL)]

    with (
        tempfile.TemporaryDirectory() as tmp,
        FakeOpenAIServer(matching_evidence(load_answers(ANSWERS))) as server,
    ):
        settings = load_settings(
            {
                "inputs": inputs,
                "backend": "openai",
                "base_url": server.base_url,
                "model": MODEL,
                "date": "2026-03-12",
                "since": "72h",
            },
            environ={"BRIEFER_CACHE_DIR": tmp, "BRIEFER_DATA_DIR": tmp, "BRIEFER_CONFIG_DIR": tmp},
        )
        first = run_brief(settings, notify=lambda _m: None).usage
        rerun = run_brief(settings, notify=lambda _m: None).usage

    with FakeOpenAIServer(naive_responder()) as server:
        naive = naive_map_reduce(chunks, server.base_url)

    rows = [
        ("briefer, first run", first),
        ("briefer, re-run (answer cache)", rerun),
        ("naive map-reduce, each run", naive),
    ]
    print(
        f"corpus: {len(documents)} articles, {len(chunks)} chunks, {article_tokens} article tokens"
    )
    print(f"{'':34} {'calls':>5} {'in/article':>10} {'cached':>7} {'out':>6} {'USD':>9}")
    for name, u in rows:
        share = u.cached_input_tokens / u.input_tokens if u.input_tokens else 0
        print(
            f"{name:34} {u.calls:5d} {u.input_tokens / article_tokens:10.2f} {share:7.0%} "
            f"{u.output_tokens:6d} {u.cost_usd:9.5f}"
        )
    print(
        f"ratio briefer/naive, first run: tokens in {first.input_tokens / naive.input_tokens:.2f}, "
        f"dollars {first.cost_usd / naive.cost_usd:.2f}; over a re-run: dollars "
        f"{(first.cost_usd + rerun.cost_usd) / (2 * naive.cost_usd):.2f}"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
