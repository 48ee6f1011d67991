"""How the merge grows with the day: its time for 1,000 and for 5,000 articles, one run.

The articles are the bundled examples read once by the offline extractor, then copied with
their outlets, places and days varied (over the briefing's 72-hour window) and their
figures within 5% (outlets relay one official figure, give or take an update), so the
merge meets many outlets telling the same nights' attacks, talks and moves, as a big day
does. Only `merge()` is timed: reading is measured by `offline_speed.py`. Prints each
time and the ratio against the target (5,000 articles in at most 5.5x the time of 1,000).

    TIKTOKEN_CACHE_DIR=../shared/tiktoken python benchmarks/merge_scale.py [--sizes 1000,5000]
        [--repeat 3]

Each size is merged `--repeat` times, the sizes taking turns, and the fastest counts, so a
busy machine does not tilt the ratio; the CPU time (this process's) is shown beside the
wall time, as the shared machine moves it less.

Not a test.
"""

from __future__ import annotations

import argparse
import copy
import random
import re
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from briefer.config import Settings
from briefer.data import stable_id
from briefer.merge import merge
from briefer.pipeline import run_brief

ROOT = Path(__file__).resolve().parent.parent
DAY = date(2026, 3, 12)
SINCE = timedelta(hours=72)
TARGET_RATIO = 5.5
_PLACES = [
    "Kharkiv", "Odesa", "Dnipro", "Sumy", "Kherson", "Mykolaiv", "Poltava", "Zaporizhzhia",
    "Lviv", "Chernihiv", "Kryvyi Rih", "Kremenchuk", "Bila Tserkva", "Uman", "Izmail",
]  # fmt: skip


def base_run():
    with tempfile.TemporaryDirectory() as scratch:
        settings = Settings(
            inputs=[str(ROOT / "examples")],
            date=DAY,
            since="72h",
            backend="offline",
            cache_dir=Path(scratch) / "cache",
            data_dir=Path(scratch) / "data",
        )
        return run_brief(settings, notify=lambda message: None)


def _vary(value, rng: random.Random):
    """The same extraction told by another outlet of another place, with other figures."""
    if isinstance(value, dict):
        out = {k: _vary(v, rng) for k, v in value.items()}
        if "min" in out and isinstance(out.get("min"), (int, float)):
            # outlets relay one official figure, give or take an update: within 5%
            factor = 1 + rng.uniform(-0.05, 0.05)
            out["min"] = round(out["min"] * factor)
            if isinstance(out.get("max"), (int, float)):
                out["max"] = max(out["min"], round(out["max"] * factor))
        return out
    if isinstance(value, list):
        return [_vary(v, rng) for v in value]
    if isinstance(value, str):
        return re.sub(r"\bKherson\b|\bKharkiv\b", lambda m: rng.choice(_PLACES), value)
    return value


def copies(result, articles: int, seed: int = 5):
    """`articles` documents (with their stories and extractions) made from the run's."""
    rng = random.Random(seed)
    documents, stories, extractions = [], [], []
    by_document = {d.id: d for d in result.documents}
    n = 0
    while len(documents) < articles:
        for document in result.documents:
            if len(documents) >= articles:
                break
            n += 1
            shift = timedelta(days=rng.randint(0, 2))
            doc_id = stable_id("copy", str(n), document.id)
            published = document.published
            if published:
                published = (date.fromisoformat(published[:10]) - shift).isoformat()
            documents.append(
                replace(document, id=doc_id, outlet=f"Outlet {n % 80}", published=published)
            )
            story_ids = {}
            for story in (s for s in result.stories if s.document_id == document.id):
                story_ids[story.id] = stable_id("copy", str(n), story.id)
                stories.append(
                    replace(story, id=story_ids[story.id], document_id=doc_id,
                            published=published if story.published else None)
                )  # fmt: skip
            for extraction in (e for e in result.extractions if e.document_id == document.id):
                extractions.append(
                    replace(
                        extraction,
                        chunk_id=stable_id("copy", str(n), extraction.chunk_id),
                        story_id=story_ids.get(extraction.story_id, extraction.story_id),
                        document_id=doc_id,
                        data=_vary(copy.deepcopy(extraction.data), rng),
                    )
                )
    assert set(by_document)  # the base run read something
    return documents, stories, extractions


def timed_merge(day) -> tuple[float, float, int]:
    """One merge of `day` (documents, stories, extractions): its wall and CPU seconds and
    its items."""
    documents, stories, extractions = day
    wall, cpu = time.perf_counter(), time.process_time()
    briefing = merge(extractions, stories, documents, date=DAY, since=SINCE)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return wall, cpu, briefing.stats.get("items", 0)


def timed_merges(result, sizes: list[int], repeat: int) -> dict[int, tuple[float, float, int]]:
    """The fastest of `repeat` merges of each size (wall and CPU seconds apart), the sizes
    taking turns: the machine's other load only ever adds time, and a busy spell then
    falls on every size alike, not on the one merged while it lasted."""
    days = {size: copies(result, size) for size in sizes}
    best = {size: (float("inf"), float("inf"), 0) for size in sizes}
    for _ in range(repeat):
        for size in sizes:
            wall, cpu, items = timed_merge(days[size])
            best[size] = (min(best[size][0], wall), min(best[size][1], cpu), items)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000")
    parser.add_argument("--repeat", type=int, default=3, help="merges per size; the fastest counts")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    best = timed_merges(base_run(), sizes, args.repeat)
    for size, (wall, cpu, items) in best.items():
        print(f"merge of {size:>6,} articles ({items:,} items): {wall:7.2f} s ({cpu:.2f} s CPU)")
    if len(sizes) >= 2:
        small, big = sizes[0], sizes[-1]
        ratio = best[big][0] / best[small][0]
        verdict = "within" if ratio <= TARGET_RATIO else "over"
        print(
            f"{big:,} / {small:,} articles: {ratio:.2f}x the time "
            f"({verdict} the {TARGET_RATIO}x target for {big / small:.0f}x the articles); "
            f"{best[big][1] / best[small][1]:.2f}x the CPU time"
        )


if __name__ == "__main__":
    main()
