"""An article sent with its sentences numbered, and answers that cite them by number.

The model cites the sentences an item rests on (`"sentences": [3, 4]`) instead of copying
them: evidence is then verbatim by construction, an attack whose launch and interception
figures stand in two sentences is one item citing both, and the answer spends no output
tokens on text the code already has. `resolve` turns the numbers back into the evidence
text the merge reads; an item citing no sentence of the chunk is dropped and counted, and
a talks quote not found in its cited sentences is cleared (the item stays).

The same `sentences_of` numbers the request and resolves the answer, so the two always
agree; the article cannot close its own block (`</article>` inside it is neutralised).
"""

from __future__ import annotations

import copy
import functools
import re
from typing import Any

from ..offline.sentences import split_sentences
from ..resources import load_schema

__all__ = [
    "cite_sentences",
    "normalize_quotes",
    "numbered_text",
    "resolve",
    "resolved_schema",
    "sentences_in_request",
    "sentences_of",
]

SECTIONS = ("talks", "attacks", "moves")
_CLOSING_TAG = re.compile(r"</\s*article\s*>", re.IGNORECASE)
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


def numbered_text(text: str) -> str:
    """'[1] First sentence.\\n[2] Second one.': the article as the model sees it."""
    return "\n".join(
        f"[{n}] {_CLOSING_TAG.sub('</ article>', sentence)}"
        for n, sentence in enumerate(sentences_of(text), start=1)
    )


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


_NUMBERED_LINE = re.compile(r"^\[(\d+)\] (.*)$")


def sentences_in_request(user_message: str) -> list[str]:
    """The numbered sentences of a request's article block, in order (for fakes)."""
    block = user_message.split("<article>", 1)[-1].rsplit("</article>", 1)[0]
    return [m.group(2) for line in block.splitlines() if (m := _NUMBERED_LINE.match(line))]


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
