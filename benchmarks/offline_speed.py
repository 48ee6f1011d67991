"""How fast the offline extractor reads: 1,000 articles of about 800 words, one process.

Articles are built from the bundled examples (cycled, with numbers and places varied so
no two texts are identical) and padded to about 800 words. Prints articles per second
and the time for 1,000 against the 30-second target. Not a test: run it by hand,

    python benchmarks/offline_speed.py [--articles 1000] [--words 800]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from pathlib import Path

from briefer.offline import extract_text

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 30.0
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--words", type=int, default=800)
    args = parser.parse_args()
    articles = make_articles(args.articles, args.words)
    total_words = sum(len(a.split()) for a in articles)

    started = time.perf_counter()
    extract_text(articles[0])  # dictionaries load once per process
    warmup = time.perf_counter() - started

    started = time.perf_counter()
    items = 0
    for article in articles:
        data = extract_text(article)
        items += len(data["talks"]) + len(data["attacks"]) + len(data["moves"])
    elapsed = time.perf_counter() - started

    per_second = len(articles) / elapsed
    per_thousand = 1000 / per_second
    print(
        f"articles: {len(articles)}, mean words: {total_words / len(articles):.0f}, items: {items}"
    )
    print(f"lexicon load + first article: {warmup:.2f} s")
    print(f"time: {elapsed:.2f} s, {per_second:.1f} articles/s")
    print(
        f"1,000 articles: {per_thousand:.1f} s = {per_thousand / TARGET_SECONDS:.2f} x the "
        f"{TARGET_SECONDS:.0f} s target (below 1 is within it)"
    )


if __name__ == "__main__":
    main()
