"""How fast a whole offline briefing is: `briefer brief --backend offline` end to end
(ingest, segment, chunk, the rules, the evidence check, merge, render) on 1,000 and
5,000 articles of about 800 words, each run a fresh process as a user runs it.

Articles are built from the bundled examples (cycled, with numbers and places varied so
no two texts are identical), padded to about 800 words and written as one JSON Lines
file dated inside the briefing's window. Besides each run's wall time it prints the
time the rules alone take for the first 1,000 (in this process), so the rest of the
pipeline's share shows. Not a test: run it by hand,

    python benchmarks/offline_speed.py [--articles 1000,5000] [--words 800]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from briefer.offline import extract_text

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 30.0  # per 1,000 articles
DATE, SINCE, PUBLISHED = "2026-03-12", "72h", "2026-03-11"
_PLACES = ["Kharkiv", "Odesa", "Dnipro", "Sumy", "Kherson", "Mykolaiv", "Poltava", "Zaporizhzhia"]


def example_texts() -> list[str]:
    texts = []
    for path in sorted((ROOT / "examples").glob("*")):
        if path.suffix == ".jsonl":
            texts += [json.loads(line)["text"] for line in path.read_text().splitlines() if line]
        elif path.suffix in (".txt", ".md"):
            texts.append(path.read_text(encoding="utf-8"))
    if not texts:
        raise SystemExit("no example articles in examples/")
    return texts


def make_articles(count: int, words: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    paragraphs = [p for text in example_texts() for p in text.split("\n") if len(p.split()) > 8]
    articles = []
    for _ in range(count):
        body: list[str] = []
        while sum(len(p.split()) for p in body) < words:
            paragraph = rng.choice(paragraphs)
            paragraph = re.sub(r"\d+", lambda m: str(int(m.group()) + rng.randint(0, 9)), paragraph)
            paragraph = paragraph.replace("Kherson", rng.choice(_PLACES))
            body.append(paragraph)
        articles.append("\n".join(body))
    return articles


def write_jsonl(articles: list[str], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for n, text in enumerate(articles):
            record = {
                "title": f"Benchmark article {n}",
                "text": text,
                "published": PUBLISHED,
                "url": f"https://example.org/benchmark/{n}",
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def run_brief(inputs: Path, workdir: Path) -> tuple[float, int]:
    """Wall time of one `briefer brief` process, and the briefing's length in words."""
    out = workdir / "briefing.md"
    env = {**os.environ, "HOME": str(workdir), "XDG_CONFIG_HOME": str(workdir / "config")}
    env.update({"XDG_DATA_HOME": str(workdir / "data"), "XDG_CACHE_HOME": str(workdir / "cache")})
    env.pop("OPENAI_API_KEY", None)
    # the day is one JSONL file: 5,000 articles are ~26 MB, over the default per-input cap
    env["BRIEFER_MAX_INPUT_MB"] = "200"
    command = [sys.executable, "-m", "briefer", "brief", str(inputs), "--date", DATE]
    command += ["--since", SINCE, "--backend", "offline", "--quiet", "-o", str(out)]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"briefer brief failed ({done.returncode}): {done.stderr.strip()}")
    return elapsed, len(out.read_text(encoding="utf-8").split())


def rules_only(articles: list[str]) -> float:
    extract_text(articles[0])  # dictionaries load once per process
    started = time.perf_counter()
    for article in articles:
        extract_text(article)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", default="1000,5000", help="comma-separated counts")
    parser.add_argument("--words", type=int, default=800)
    args = parser.parse_args()
    counts = [int(c) for c in args.articles.split(",")]
    articles = make_articles(max(counts), args.words)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        for count in counts:
            inputs = workdir / f"articles-{count}.jsonl"
            write_jsonl(articles[:count], inputs)
            elapsed, words = run_brief(inputs, workdir)
            per_thousand = elapsed * 1000 / count
            print(
                f"{count:>6,} articles: briefer brief {elapsed:6.1f} s "
                f"({per_thousand:.1f} s per 1,000 = {per_thousand / TARGET_SECONDS:.2f} x the "
                f"{TARGET_SECONDS:.0f} s target), briefing {words} words"
            )
    first = articles[: min(counts)]
    rules = rules_only(first)
    print(
        f"the rules alone on the first {len(first):,}: {rules:.1f} s "
        f"({rules * 1000 / len(first):.1f} s per 1,000)"
    )


if __name__ == "__main__":
    main()
