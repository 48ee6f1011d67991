"""Both paths over the real-news sets: recall, stale leaks, cross-outlet merges, drops.

The sets are described in `benchmarks/realnews/sets/*.json` (manifest and gold, written
for this project); their texts are third-party and live, git-ignored, in
`benchmarks/realnews/texts/` (`benchmarks/realnews/README.md` says how to rebuild them).
The model path is the real `openai` SDK code path against a loopback server that serves
blind answers from `benchmarks/realnews/answers/` (git-ignored: they quote the texts),
one file per request, named by the hash of the article text it answers.

    TIKTOKEN_CACHE_DIR=../shared/tiktoken python benchmarks/real_news.py            # measure
    python benchmarks/real_news.py requests     # write the requests a blind reader answers
    python benchmarks/real_news.py review-pack  # briefings of both paths, for a blind review
    python benchmarks/real_news.py tally FILE…  # count the labels of blind reviews

`--corpus invented` runs the same over the invented sets of `tests/fixtures` (the examples,
dev2-dev7, the two held-back sets as unread), with their blind answers in `benchmarks/invented/`.

Options: `--split dev|unread|all` (default all, reported apart), `--paths offline,model`,
`--out DIR` (briefings written there, default `benchmarks/realnews/out/`), `--chunk-tokens
N` (the model path's request budget), `--one-story` (the model path with one story part a
request, as before packing; its briefings are `SET.model-one-story.md`). Not a test.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
import tempfile
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))

from make_cassettes import (  # noqa: E402
    EMPTY_ANSWER,
    FakeOpenAIServer,
    article_text,
    chat_completion,
    prompt_usage,
)

from briefer.chunk import count_tokens  # noqa: E402
from briefer.config import Settings  # noqa: E402
from briefer.evaluate import evaluate, has_keywords, parse_sections  # noqa: E402
from briefer.pipeline import choose_backend, run_brief  # noqa: E402

REAL = ROOT / "benchmarks" / "realnews"
SETS = REAL / "sets"
ANSWERS = REAL / "answers"
REQUESTS = ANSWERS / "requests"
OUT = REAL / "out"
NEWS = ("key_points", "talks", "attacks", "moves")
PATHS = ("offline", "model")
_MARKER = re.compile(r"\[(\d+)\]")
_SOURCE = re.compile(r"^\s*(\d+)\.\s+(.*)$")


def text_key(text: str) -> str:
    """The name a blind answer is filed under: the hash of the article text it answers."""
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:20]


@dataclass
class RealSet:
    name: str
    kind: str  # day | single
    split: str  # dev | unread
    date: date
    since: str
    articles: list[dict[str, Any]]
    facts: list[dict[str, Any]]
    stale: list[dict[str, Any]]
    events: list[dict[str, Any]]
    boilerplate: list[str]
    missing: list[str] = field(default_factory=list)  # texts not on this machine

    @property
    def inputs(self) -> list[str]:
        return [str(REAL / a["file"]) for a in self.articles]

    def gold(self) -> dict[str, Any]:
        facts = [{k: f[k] for k in ("fact", "keywords", "section") if k in f} for f in self.facts]
        facts += [{"fact": f["fact"], "keywords": f["keywords"], "stale": True} for f in self.stale]
        return {"facts": facts, "boilerplate": self.boilerplate}


# The invented sets (tests/fixtures: the examples, dev2-dev7, the two held-back sets), read by
# the model path the same way with `--corpus invented`: their gold is the fixtures' own,
# their blind answers are committed (benchmarks/invented/answers/: they quote only texts
# written for this project), so the model path after extraction is measured on a machine
# where the real texts cannot be rebuilt.
INVENTED = ROOT / "benchmarks" / "invented"
INVENTED_GOLD = {
    "inv-examples": ("dev", ROOT / "tests" / "fixtures" / "gold" / "examples.json"),
    **{
        f"inv-dev{n}": ("dev", ROOT / "tests" / "fixtures" / f"dev{n}" / "gold" / "all.json")
        for n in range(2, 8)
    },
    "inv-heldout": ("unread", ROOT / "tests" / "fixtures" / "heldout" / "gold" / "all.json"),
    "inv-heldout2": ("unread", ROOT / "tests" / "fixtures" / "heldout2" / "gold" / "all.json"),
}
CORPUS = "real"


def use_corpus(corpus: str) -> None:
    """Point the benchmark's folders at the real sets (the default) or the invented ones."""
    global CORPUS, ANSWERS, REQUESTS, OUT
    CORPUS = corpus
    base = REAL if corpus == "real" else INVENTED
    ANSWERS, REQUESTS, OUT = base / "answers", base / "answers" / "requests", base / "out"


def _invented_sets() -> list[RealSet]:
    sets = []
    for name, (split, path) in INVENTED_GOLD.items():
        if not path.is_file():
            print(f"{name}: no gold at {path.relative_to(ROOT)}; skipped", file=sys.stderr)
            continue
        gold = json.loads(path.read_text(encoding="utf-8"))
        files = [ROOT / f for f in gold["inputs"]]
        sets.append(
            RealSet(
                name=name,
                kind="day",
                split=split,
                date=date.fromisoformat(gold["date"]),
                since=gold["since"],
                articles=[_invented_article(f) for f in files],
                facts=[f for f in gold["facts"] if not f.get("stale")],
                stale=[f for f in gold["facts"] if f.get("stale")],
                events=gold.get("events", []),
                boilerplate=gold.get("boilerplate", []),
            )
        )
    return sets


def _invented_article(path: Path) -> dict[str, Any]:
    """An invented set's input as `_cited_articles` finds it in Sources: by the addresses
    of its documents (a digest holds several), else by its path."""
    from briefer.ingest import read_file

    urls = sorted({d.url for d in read_file(path, warn=lambda m: None) if d.url})
    return {"file": str(path), "id": path.stem, "title": path.stem, "urls": urls}


def load_sets(split: str = "all") -> list[RealSet]:
    if CORPUS == "invented":
        return [r for r in _invented_sets() if split in ("all", r.split)]
    sets = []
    for path in sorted(SETS.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        real = RealSet(
            name=data["name"],
            kind=data["kind"],
            split=data.get("split", "dev"),
            date=date.fromisoformat(data["date"]),
            since=data["since"],
            articles=data["articles"],
            facts=data.get("facts", []),
            stale=data.get("stale", []),
            events=data.get("events", []),
            boilerplate=data.get("boilerplate", []),
        )
        real.missing = [a["file"] for a in real.articles if not (REAL / a["file"]).is_file()]
        if split in ("all", real.split):
            sets.append(real)
    return sets


def _settings(real: RealSet, scratch: Path, **extra: Any) -> Settings:
    return Settings(
        inputs=real.inputs,
        date=real.date,
        since=real.since,
        cache_dir=scratch / "cache",
        data_dir=scratch / "data",
        **extra,
    )


# ---- the model path: blind answers served to the real openai code path ----------------


def answer_server(record_requests: bool = False) -> tuple[FakeOpenAIServer, Counter]:
    """A loopback chat-completions server answering each request with its blind answer.

    With `record_requests`, every request is written to `answers/requests/` and answered
    empty (to learn what a blind reader must answer)."""
    seen: set[str] = set()
    lock = threading.Lock()
    counts: Counter = Counter()

    def respond(body: dict[str, Any]) -> tuple[int, Any, dict[str, str]]:
        if not body.get("response_format"):  # the rate-limit probe of a first run
            return 200, chat_completion("OK", model=body.get("model", "?")), {}
        key = text_key(article_text(body))
        if record_requests:
            REQUESTS.mkdir(parents=True, exist_ok=True)
            request = {
                "messages": body.get("messages", []),
                "response_format": body.get("response_format"),
            }
            (REQUESTS / f"{key}.json").write_text(
                json.dumps(request, ensure_ascii=False, indent=1), encoding="utf-8"
            )
            answer: dict[str, Any] | None = dict(EMPTY_ANSWER)
        else:
            path = ANSWERS / f"{key}.json"
            answer = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None
        with lock:
            counts["requests"] += 1
            counts[f"key:{key}"] += 1
            if answer is None:  # counted and shown: the scores then understate the path
                counts["missing"] += 1
                answer = dict(EMPTY_ANSWER)
            prompt, cached = prompt_usage(body, seen)
        content = json.dumps(answer, ensure_ascii=False)
        return (
            200,
            chat_completion(
                content,
                model=body.get("model", "?"),
                prompt_tokens=prompt,
                cached_tokens=cached,
                completion_tokens=count_tokens(content),
            ),
            {},
        )

    return FakeOpenAIServer(respond), counts


def run_path(
    real: RealSet,
    path: str,
    *,
    record_requests: bool = False,
    chunk_tokens: int | None = None,
    one_story: bool = False,
):
    """One set through one path. `one_story`: the model path with every story part in a
    request of its own, as before packing (to compare the two on the same prompt)."""
    with tempfile.TemporaryDirectory() as scratch:
        if path == "offline":
            settings = _settings(real, Path(scratch), backend="offline")
            return run_brief(settings, notify=lambda m: None), Counter()
        server, counts = answer_server(record_requests)
        with server:
            settings = _settings(
                real,
                Path(scratch),
                backend="openai",
                api_key="sk-real-news-benchmark",
                base_url=server.base_url,
                concurrency=4,
                **({"chunk_tokens": chunk_tokens} if chunk_tokens else {}),
            )
            backend = choose_backend(settings, notify=lambda m: None)
            backend.packs = not one_story
            return run_brief(settings, backend=backend, notify=lambda m: None), counts


# ---- scoring ---------------------------------------------------------------------------


def _sources(markdown: str) -> dict[int, str]:
    sources, inside = {}, False
    for line in markdown.splitlines():
        if line.startswith("## "):
            inside = line[3:].strip().lower() == "sources"
            continue
        match = _SOURCE.match(line) if inside else None
        if match:
            sources[int(match.group(1))] = match.group(2)
    return sources


def _cited_articles(line: str, sources: dict[int, str], real: RealSet) -> set[str]:
    """The set's articles a line cites, matched by URL (or title) in its Sources entries."""
    cited = set()
    for number in _MARKER.findall(line):
        entry = sources.get(int(number), "")
        for article in real.articles:
            urls = article.get("urls") or [article.get("url")]
            if any(u and u in entry for u in urls) or article["title"][:40] in entry:
                cited.add(article["id"])
    return cited


def merged_events(markdown: str, real: RealSet) -> tuple[int, int, list[str]]:
    """(events told in one line citing every article that tells them, events, misses)."""
    sources = _sources(markdown)
    lines = [text for section, text in parse_sections(markdown) if section in NEWS]
    merged, misses = 0, []
    for event in real.events:
        want = set(event["articles"])
        best = 0.0
        for line in lines:
            if has_keywords(line, event["keywords"]):
                best = max(best, len(_cited_articles(line, sources, real) & want) / len(want))
        if best >= 1.0:
            merged += 1
        else:
            misses.append(f"{event['event'][:60]} ({best:.0%} of its outlets in one line)")
    return merged, len(real.events), misses


@dataclass
class Score:
    facts: int = 0
    covered: int = 0
    stale: int = 0
    stale_leaks: int = 0
    boilerplate_leaks: int = 0
    events: int = 0
    merged: int = 0
    lines: int = 0
    words: int = 0
    budget: int = 0
    over_length: int = 0
    drops: Counter = field(default_factory=Counter)
    failed_chunks: int = 0
    missing_answers: int = 0
    lost: int = 0  # gold facts an extracted item carries that the briefing does not

    def add(self, other: Score) -> None:
        for name, value in vars(other).items():
            if isinstance(value, Counter):
                self.drops.update(value)
            else:
                setattr(self, name, getattr(self, name) + value)


def _flat(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [t for v in value.values() for t in _flat(v)]
    if isinstance(value, list):
        return [t for v in value for t in _flat(v)]
    return [] if value is None else [str(value)]


def extracted_texts(result) -> list[str]:
    """Each extracted item's words, to tell a fact the reader gave and the code lost from
    one never extracted."""
    return [
        " ".join(_flat(item))
        for e in result.extractions
        if e.ok
        for section in ("talks", "attacks", "moves")
        for item in e.data.get(section, [])
    ]


def score(real: RealSet, result, counts: Counter) -> tuple[Score, list[str]]:
    report = evaluate(result.text, real.gold())
    items = extracted_texts(result)
    lost = {m["fact"] for m in report.missing if any(has_keywords(t, m["keywords"]) for t in items)}
    merged, events, misses = merged_events(result.text, real)
    stats = result.briefing.stats
    drops = Counter(
        {
            "evidence not verbatim": sum(e.evidence_dropped for e in result.extractions),
            "unsupported line": stats.get("bullets_dropped", 0),
            "unsupported part": (stats.get("parts_refused") or {}).get("unsupported", 0),
            "impossible": (stats.get("parts_refused") or {}).get("impossible", 0),
            "outside the window": stats.get("items_stale", 0),
            "length": stats.get("lines_trimmed", 0),
        }
    )
    words, budget = stats.get("briefing_words", 0), stats.get("length_budget", 0)
    s = Score(
        facts=report.facts,
        covered=report.covered,
        stale=report.stale_facts,
        stale_leaks=len(report.stale_leaks),
        boilerplate_leaks=len(report.boilerplate_leaks),
        events=events,
        merged=merged,
        lines=report.bullets,
        words=words,
        budget=budget,
        over_length=int(bool(budget and words > budget)),
        drops=drops,
        failed_chunks=len(result.failed),
        missing_answers=counts.get("missing", 0),
        lost=len(lost),
    )
    notes = (
        [f"{'lost' if m['fact'] in lost else 'missing'}: {m['fact']}" for m in report.missing]
        + [f"stale leak: {leak['fact']}" for leak in report.stale_leaks]
        + [f"not merged: {m}" for m in misses]
    )
    return s, notes


def _row(label: str, s: Score) -> str:
    recall = s.covered / s.facts if s.facts else 0.0
    merged = f"{s.merged}/{s.events}" if s.events else "—"
    drops = ", ".join(f"{k} {v}" for k, v in sorted(s.drops.items()) if v) or "none"
    extra = ""
    if s.failed_chunks or s.missing_answers:
        extra = f"  [{s.failed_chunks} chunks failed, {s.missing_answers} answers missing]"
    return (
        f"{label:<34} recall {recall:5.2f} ({s.covered}/{s.facts})  stale {s.stale_leaks}/{s.stale}"
        f"  merged {merged:>5}  lines {s.lines:>3}  over-length {s.over_length}"
        f"  boilerplate {s.boilerplate_leaks}  lost {s.lost}  dropped: {drops}{extra}"
    )


def measure(args: argparse.Namespace) -> None:
    sets = load_sets(args.split)
    if not sets:
        sys.exit(f"no sets in {SETS}")
    absent = [r.name for r in sets if r.missing]
    if absent:
        print(
            f"{len(absent)} sets lack their texts ({', '.join(absent[:4])}…): rebuild them as "
            f"{REAL / 'README.md'} says; they are skipped."
        )
        sets = [r for r in sets if not r.missing]
    totals: dict[tuple[str, str, str], Score] = defaultdict(Score)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for real in sets:
        for path in args.paths:
            result, counts = run_path(
                real, path, chunk_tokens=args.chunk_tokens, one_story=args.one_story
            )
            label = f"{path}-one-story" if args.one_story and path == "model" else path
            (out / f"{real.name}.{label}.md").write_text(result.text, encoding="utf-8")
            s, notes = score(real, result, counts)
            totals[(real.kind, real.split, path)].add(s)
            if args.verbose:
                print(_row(f"{real.name} [{path}]", s))
                if real.split == "dev":  # the unread part's misses are never looked at
                    for note in notes:
                        print(f"    {note}")
    kind = "real-news" if CORPUS == "real" else "invented"
    print(f"\n{kind} sets ({len(sets)}), both paths; the unread part reported apart")
    for (kind, split, path), s in sorted(totals.items()):
        print(_row(f"{kind}s {split} [{path}]", s))


def write_requests(args: argparse.Namespace) -> None:
    """Record every request the model path sends for the sets, and say how many there are
    against the story parts they carry (one request each before packing)."""
    sets = [r for r in load_sets("all") if not r.missing]
    before = set(REQUESTS.glob("*.json")) if REQUESTS.is_dir() else set()
    index = {}
    sent = parts = stale = 0
    for real in sets:
        result, counts = run_path(
            real,
            "model",
            record_requests=True,
            chunk_tokens=args.chunk_tokens,
            one_story=args.one_story,
        )
        index.update({k[4:]: real.name for k in counts if k.startswith("key:")})
        sent += counts["requests"]
        parts += len(result.chunks)
        stale += sum(1 for e in result.extractions if not (e.usage.input_tokens or e.cached))
        if args.verbose:
            print(f"  {real.name}: {counts['requests']} requests for {len(result.chunks)} parts")
    (REQUESTS / "index.json").write_text(json.dumps(index, indent=1), encoding="utf-8")
    after = set(REQUESTS.glob("*.json")) - {REQUESTS / "index.json"}
    answered = {p.name for p in ANSWERS.glob("*.json")}
    todo = sorted(p.name for p in after if p.name in {f"{k}.json" for k in index} - answered)
    packing = "one story part a request" if args.one_story else "packed"
    print(
        f"{len(sets)} sets: {sent} requests sent for {parts} story parts, {packing} "
        f"(--chunk-tokens {args.chunk_tokens or Settings().chunk_tokens}; {stale} parts of "
        "stories older than the window are not sent)"
    )
    print(
        f"{len(after)} requests in {REQUESTS} ({len(after - before)} new; clear the folder "
        f"after a prompt, schema or packing change), {len(todo)} of this run's unanswered"
    )
    for name in todo:
        print(f"  {name}")


# an input's path as a briefing's Sources give it, up to the checkout's own folders: two
# versions briefed from two checkouts must not tell the reviewer which is which
_CHECKOUT_PATH = re.compile(r"(?<!\S)/\S*?/((?:tests/fixtures|examples|benchmarks/realnews)/\S+)")


def review_pack(args: argparse.Namespace) -> None:
    """For each set: its source texts and two briefings, shuffled as A and B."""
    out = Path(args.out)
    pack = out / f"review-{'-'.join(args.versions)}"
    pack.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    key = {}
    for real in load_sets(args.split):
        versions = [(v, out / f"{real.name}.{v}.md") for v in args.versions]
        versions = [(v, p) for v, p in versions if p.is_file()]
        if len(versions) < 2:
            continue
        rng.shuffle(versions)
        key[real.name] = {label: v for label, (v, _) in zip("AB", versions, strict=False)}
        folder = pack / real.name
        folder.mkdir(exist_ok=True)
        for label, (_, p) in zip("AB", versions, strict=False):
            text = _CHECKOUT_PATH.sub(r"\1", p.read_text(encoding="utf-8"))
            (folder / f"briefing-{label}.md").write_text(text)
        (folder / "sources.txt").write_text(
            "\n\n".join(
                f"===== SOURCE {a['id']} =====\n" + (REAL / a["file"]).read_text(encoding="utf-8")
                for a in real.articles
            ),
            encoding="utf-8",
        )
        (folder / "events.json").write_text(
            json.dumps([e["event"] for e in real.events], indent=1), encoding="utf-8"
        )
    (pack / "key.json").write_text(json.dumps(key, indent=1), encoding="utf-8")
    print(f"review pack for {len(key)} sets in {pack}; the A/B key is {pack / 'key.json'}")


LABELS = ("correct", "wrong", "unsupported", "garbled", "misfiled", "duplicate")


def tally(args: argparse.Namespace) -> None:
    """Counts per version and split from review files (see benchmarks/realnews/README.md)."""
    split = {r.name: (r.kind, r.split) for r in load_sets("all")}
    counts: dict[tuple[str, str, str], Counter] = defaultdict(Counter)
    files = [
        review
        for given in map(Path, args.files)
        for review in (sorted(given.glob("*/review.json")) if given.is_dir() else [given])
    ]  # a review pack's folder stands for all its review files
    for file in files:
        key = json.loads((Path(file).parent.parent / "key.json").read_text(encoding="utf-8"))
        review = json.loads(Path(file).read_text(encoding="utf-8"))
        name = review["set"]
        for label, version in key[name].items():
            group = counts[(*split[name], version)]
            for line in review.get(label, {}).get("lines", []):
                group[line["label"]] += 1
            for event in review.get(label, {}).get("events", []):
                group["events merged" if event.get("merged") else "events not merged"] += 1
    for (kind, sp, version), c in sorted(counts.items()):
        total = sum(c[label] for label in LABELS)
        shown = "  ".join(f"{label} {c[label]}" for label in LABELS)
        share = c["correct"] / total if total else 0.0
        merged = (
            f"  events merged {c['events merged']}/{c['events merged'] + c['events not merged']}"
        )
        print(f"{kind}s {sp} [{version}]: {total} lines, {share:.0%} correct  {shown}{merged}")


def check(args: argparse.Namespace) -> None:
    """Compare each text with the SHA-256 its set file records (`--fill` records missing ones)."""
    bad = 0
    for path in sorted(SETS.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        changed = False
        for article in data["articles"]:
            text = REAL / article["file"]
            if not text.is_file():
                print(f"{data['name']}: {article['file']} missing")
                bad += 1
                continue
            digest = hashlib.sha256(text.read_bytes()).hexdigest()
            if article.get("sha256") in (None, "") and args.fill:
                article["sha256"], changed = digest, True
            elif article.get("sha256") != digest:
                print(f"{data['name']}: {article['file']} differs from the recorded text")
                bad += 1
        if changed:
            path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{bad} texts missing or different")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "command",
        nargs="?",
        default="measure",
        choices=["measure", "requests", "review-pack", "tally", "check"],
    )
    parser.add_argument("files", nargs="*")
    parser.add_argument("--split", default="all", choices=["all", "dev", "unread"])
    parser.add_argument("--paths", default="offline,model")
    parser.add_argument("--out", default=str(OUT))
    parser.add_argument(
        "--versions",
        default="offline,model",
        help="review-pack: the two briefings of a set to compare (their suffix)",
    )
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument(
        "--chunk-tokens", type=int, default=None, help="the model path's request budget"
    )
    parser.add_argument(
        "--one-story",
        action="store_true",
        help="the model path with one story part a request (no packing), for comparison",
    )
    parser.add_argument(
        "--corpus",
        default="real",
        choices=["real", "invented"],
        help="the real-news sets (default) or the invented ones of tests/fixtures",
    )
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--fill", action="store_true", help="check: record missing SHA-256s")
    args = parser.parse_args()
    use_corpus(args.corpus)
    if args.out == str(REAL / "out"):
        args.out = str(OUT)
    args.paths = [p for p in args.paths.split(",") if p]
    args.versions = [v for v in args.versions.split(",") if v]
    {
        "measure": measure,
        "requests": write_requests,
        "review-pack": review_pack,
        "tally": tally,
        "check": check,
    }[args.command](args)


if __name__ == "__main__":
    main()
