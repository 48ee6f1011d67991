"""Articles sent with their sentences numbered, and answers that cite them by number.

The model cites the sentences an item rests on (`"sentences": [3, 4]`) instead of copying
them: evidence is then verbatim by construction, an attack whose launch and interception
figures stand in two sentences is one item citing both, and the answer spends no output
tokens on text the code already has. `resolve` turns the numbers back into the evidence
text the merge reads; an item citing no sentence of the chunk is dropped and counted, and
a talks quote not found in its cited sentences is cleared (the item stays).

Several story parts travel in one request (a pack), each in its own `<article id="N">`
block, their sentences numbered once across the request (`#1` ... `#N`), so a number names
one sentence of one part. `split_answer` gives each part the items citing its sentences,
renumbered from 1 as if it had been sent alone: what is resolved and cached per part.

The same `sentences_of` numbers the request and resolves the answer, so the two always
agree; an article cannot close or open a block (`</article>` or `<article` inside its
text or title is neutralised).
"""

from __future__ import annotations

import copy
import functools
import re
from typing import Any

from ..offline.sentences import split_sentences
from ..resources import load_schema, render_prompt

__all__ = [
    "articles_in_request",
    "cite_sentences",
    "normalize_quotes",
    "numbered_text",
    "render_articles",
    "resolve",
    "resolved_schema",
    "sentences_in_request",
    "sentences_of",
    "split_answer",
]

SECTIONS = ("talks", "attacks", "moves")
_BLOCK_TAG = re.compile(r"<(/?)\s*(article)", re.IGNORECASE)
_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
    }
)


@functools.lru_cache(maxsize=256)
def sentences_of(text: str) -> tuple[str, ...]:
    """The chunk's sentences in order (number n is [n-1]), each its words as written, its
    line breaks and runs of spaces made one space."""
    return tuple(" ".join(s.text.split()) for s in split_sentences(text) if s.text.strip())


def _inert(text: str) -> str:
    """Text that cannot open or close an article block: '</article>' becomes '</ article>'."""
    return _BLOCK_TAG.sub(lambda m: f"<{m.group(1)} {m.group(2)}", text)


def numbered_text(text: str, start: int = 1) -> str:
    """'#1 First sentence.\\n#2 Second one.': the article as the model sees it, its
    sentences numbered from `start`. ('#n' costs a token less per sentence than '[n]'.)"""
    return "\n".join(
        f"#{n} {_inert(sentence)}" for n, sentence in enumerate(sentences_of(text), start=start)
    )


def render_articles(parts: list[Any]) -> str:
    """The user message of a request: each part (an `ExtractRequest`) in its own article
    block, in order, sentences numbered on across the blocks."""
    blocks, start = [], 1
    for number, part in enumerate(parts, start=1):
        blocks.append(
            render_prompt(
                "extract_article",
                id=number,
                title=_header(part.title, "(none)"),
                outlet=_header(part.outlet, "(unknown)"),
                published=_header(part.published, "(unknown)"),
                text=numbered_text(part.chunk.text, start),
            ).strip()
        )
        start += len(sentences_of(part.chunk.text))
    return render_prompt("extract_user", articles="\n".join(blocks)).strip() + "\n"


def _header(value: str | None, missing: str) -> str:
    return _inert(" ".join(value.split())) if value and value.strip() else missing


def split_answer(data: dict[str, Any], parts_text: list[str]) -> tuple[list[dict[str, Any]], int]:
    """A pack's answer as one answer per part (its items citing that part's sentences,
    renumbered from 1), and how many items cited no sentence of any part.

    An item citing sentences of two parts goes to the part holding most of them (the
    first on a tie) with only those: one item reports one article (rule 3 of the prompt).
    """
    bounds, start = [], 1
    for text in parts_text:
        count = len(sentences_of(text))
        bounds.append((start, start + count))
        start += count
    out: list[dict[str, Any]] = [{s: [] for s in SECTIONS} for _ in parts_text]
    dropped = 0
    for section in SECTIONS:
        for item in data.get(section) or []:
            numbers = [n for n in item.get("sentences") or [] if isinstance(n, int)]
            hits = [[n - lo + 1 for n in numbers if lo <= n < hi] for lo, hi in bounds]
            best = max(range(len(hits)), key=lambda i: (len(hits[i]), -i), default=0)
            if not hits or not hits[best]:
                dropped += 1
                continue
            out[best][section].append({**item, "sentences": hits[best]})
    return out, dropped


def normalize_quotes(text: str) -> str:
    """Only whitespace and curly-versus-straight quotes are forgiven."""
    return " ".join(text.translate(_QUOTES).split())


def _normal(text: str) -> str:
    return normalize_quotes(text).lower()


def resolve(data: dict[str, Any], text: str) -> tuple[dict[str, Any], int]:
    """The answer with each item's cited sentences as its `evidence` (and its numbers kept
    as `sentences`), items citing none of the chunk's sentences removed, and how many were."""
    sentences = sentences_of(text)
    out: dict[str, Any] = {}
    dropped = 0
    for section in SECTIONS:
        kept = []
        for item in data.get(section) or []:
            numbers = sorted({n for n in item.get("sentences") or [] if 1 <= n <= len(sentences)})
            if not numbers:
                dropped += 1
                continue
            # one cited sentence a line: the merge reads which sentence states what
            evidence = "\n".join(sentences[n - 1] for n in numbers)
            item = {**item, "sentences": numbers, "evidence": evidence}
            quote = item.get("quote")
            if quote and _normal(quote.strip("\"'“”‘’ ")) not in _normal(evidence):
                item["quote"] = None  # a quote its sentences do not hold is not shown
            kept.append(item)
        out[section] = kept
    return out, dropped


def cite_sentences(
    answer: dict[str, Any], sentences: tuple[str, ...] | list[str]
) -> dict[str, Any]:
    """An answer written with evidence quotes (`"evidence": "..."`) as a model answers
    under the schema: each item citing the numbers of the sentences its quote overlaps.
    For fixtures written by hand and fake servers in tests; an item whose quote overlaps
    no sentence cites none (and is dropped by `resolve`, as a model's would be)."""
    normal = [_normal(s) for s in sentences]
    out = dict(answer)
    for section in SECTIONS:
        if not isinstance(answer.get(section), list):
            continue  # a malformed answer stays malformed
        items = []
        for item in answer[section]:
            if not isinstance(item, dict) or "evidence" not in item:
                items.append(item)
                continue
            quote = _normal(str(item.get("evidence") or ""))
            cited = [
                n for n, s in enumerate(normal, start=1) if quote and (s in quote or quote in s)
            ]
            rest = {k: v for k, v in item.items() if k != "evidence"}
            items.append({**rest, "sentences": cited})
        out[section] = items
    return out


_NUMBERED_LINE = re.compile(r"^#(\d+) (.*)$")
_BLOCK = re.compile(r"^<article id=\"\d+\">\n(.*?)^</article>$", re.S | re.M)


def articles_in_request(user_message: str) -> list[list[str]]:
    """Each article block's numbered sentences, block by block (for fakes and benchmarks)."""
    return [
        [m.group(2) for line in block.splitlines() if (m := _NUMBERED_LINE.match(line))]
        for block in _BLOCK.findall(user_message)
    ]


def sentences_in_request(user_message: str) -> list[str]:
    """All numbered sentences of a request, in order: sentence n is [n-1] (for fakes)."""
    return [s for block in articles_in_request(user_message) for s in block]


@functools.cache
def resolved_schema() -> dict[str, Any]:
    """The schema of an answer after `resolve` (and of the offline reader's answers): the
    extraction schema with each item's `evidence` text required and its `sentences`
    optional. What the merge reads; a model is never asked for it."""
    schema = copy.deepcopy(load_schema("extraction"))
    for definition in schema["$defs"].values():
        properties = definition.get("properties") or {}
        if "sentences" not in properties:
            continue
        properties["evidence"] = {
            "type": "string",
            "description": "The cited sentences' text, or the offline reader's quote.",
        }
        definition["required"] = [
            "evidence" if name == "sentences" else name for name in definition["required"]
        ]
    return schema
