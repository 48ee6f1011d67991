"""Batch against live: the same briefing, and what each costs, in one run.

A live `run_brief` against a loopback OpenAI-compatible server, then the scheduled pair
(`submit_batch`, the server ending the batch, `collect_batches`) against a loopback
server with the Files and Batches endpoints, both serving the same hand answers and
counting tokens (and prompt-cache hits) the same way. Prints the dollars of each, their
ratio (target <= 0.5) and whether the briefings are identical after merge (target: yes).
`--estimate` figures (tiktoken counts and the price table, before any call) are printed
beside them. On the examples (or the INPUTS given), and on the 40-article day of
`token_cost.py` (17 requests, so the static prefix is cached from the second on, in the
batch as live).

    TIKTOKEN_CACHE_DIR=../shared/tiktoken python benchmarks/batch_cost.py [INPUTS...]

Not a test.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from fake_batch_api import FakeBatchServer  # noqa: E402
from make_cassettes import ANSWERS, FakeOpenAIServer, load_answers, matching_evidence  # noqa: E402
from token_cost import write_day  # noqa: E402

from briefer.config import load_settings  # noqa: E402
from briefer.ledger import Ledger  # noqa: E402
from briefer.pipeline import run_brief  # noqa: E402
from briefer.scheduled import collect_batches, estimate_run, submit_batch  # noqa: E402

MODEL = "gpt-5.4-mini"


def _settings(inputs: list[str], base_url: str, home: str):
    return load_settings(
        {
            "inputs": inputs,
            "backend": "openai",
            "base_url": base_url,
            "model": MODEL,
            "date": "2026-03-12",
            "since": "72h",
        },
        environ={"BRIEFER_CACHE_DIR": home, "BRIEFER_DATA_DIR": home, "BRIEFER_CONFIG_DIR": home},
    )


def _body(text: str) -> list[str]:
    return [line for line in text.splitlines() if " Kyiv · " not in line]


def main(inputs: list[str]) -> None:
    compare(inputs or [str(ROOT / "examples")])
    with tempfile.TemporaryDirectory() as day:
        write_day(Path(day), 40)
        print()
        compare([day])


def compare(inputs: list[str]) -> None:
    answers = load_answers(ANSWERS)
    quiet = lambda _m: None  # noqa: E731
    with (
        tempfile.TemporaryDirectory() as home,
        FakeOpenAIServer(matching_evidence(answers)) as server,
    ):
        settings = _settings(inputs, server.base_url, home)
        estimate = estimate_run(settings, quiet)
        live = run_brief(settings, notify=quiet)
    with (
        tempfile.TemporaryDirectory() as home,
        FakeBatchServer(matching_evidence(answers)) as server,
    ):
        settings = _settings(inputs, server.base_url, home)
        ledger = Ledger(Path(home))
        submitted = submit_batch(settings, ledger, quiet)
        server.finish_batches()
        [collected] = collect_batches(settings, ledger, quiet)
    batch = collected.result
    same = _body(batch.text) == _body(live.text)
    print(f"corpus: {len(live.documents)} articles, {len(live.chunks)} chunks; model {MODEL}")
    print(f"{'':26} {'calls':>5} {'in':>7} {'cached':>7} {'out':>6} {'USD':>9}")
    for name, usage in (("live run", live.usage), ("batch (submit + collect)", batch.usage)):
        print(
            f"{name:26} {usage.calls:5d} {usage.input_tokens:7d} {usage.cached_input_tokens:7d} "
            f"{usage.output_tokens:6d} {usage.cost_usd:9.5f}"
        )
    print(
        f"estimate before any call: {estimate.requests} requests, {estimate.prompt_tokens} in "
        f"({estimate.cached_prompt_tokens} cached), ~{estimate.output_tokens} out; "
        f"${estimate.live_usd:.5f} live, ${estimate.batch_usd:.5f} batch"
    )
    print(
        f"batch/live dollars: {batch.usage.cost_usd / live.usage.cost_usd:.3f} (target <= 0.5); "
        f"{collected.from_batch} answers from the batch, {collected.went_live} live; "
        f"{submitted.requests} submitted; briefing identical after merge: {'yes' if same else 'NO'}"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
