"""Chunk: split stories into token-bounded pieces for the model.

Paragraphs are kept whole when they fit; a paragraph too long for the budget is split at
sentence ends, and a sentence too long for it at token boundaries. Consecutive chunks of a
story share a small overlap (the last sentence of the previous chunk) so that a claim split
across a boundary is still read whole once. Ids are hashes of the text, so they are stable
across runs and machines.
"""

from __future__ import annotations

import os
import re
from functools import cache
from typing import TYPE_CHECKING

from .data import Chunk, Story, stable_id
from .errors import ConfigError

if TYPE_CHECKING:
    import tiktoken

__all__ = [
    "DEFAULT_CHUNK_TOKENS",
    "chunk_stories",
    "chunk_story",
    "count_tokens",
    "encoding_for",
    "split_text",
]

DEFAULT_CHUNK_TOKENS = 1500
DEFAULT_OVERLAP_SENTENCES = 1

# A sentence ends at . ! ? or … (with any closing quotes or brackets) before a capital.
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")


@cache
def encoding_for(model: str | None = None) -> tiktoken.Encoding:
    """The tiktoken encoding for a model name (o200k_base when unknown or not given).

    Loading needs the encoding file: from tiktoken's cache (`TIKTOKEN_CACHE_DIR`) or a
    download; without either, the error says how to provide it.
    """
    import tiktoken

    name = "o200k_base"
    if model:
        try:
            name = tiktoken.encoding_name_for_model(model)
        except KeyError:
            name = "o200k_base"
    try:
        return tiktoken.get_encoding(name)
    except Exception as exc:  # network errors, hash mismatches, missing cache
        cache_dir = os.environ.get("TIKTOKEN_CACHE_DIR")
        where = (
            f"TIKTOKEN_CACHE_DIR={cache_dir} does not hold it"
            if cache_dir
            else "TIKTOKEN_CACHE_DIR is not set"
        )
        raise ConfigError(
            f"cannot load the tiktoken encoding {name!r} ({where}; download failed: "
            f"{type(exc).__name__}). On a machine without network, copy the encoding files "
            "into a folder and point TIKTOKEN_CACHE_DIR at it (see README)."
        ) from exc


def count_tokens(text: str, model: str | None = None) -> int:
    """Number of tokens of `text` under the model's encoding."""
    return len(encoding_for(model).encode(text, disallowed_special=()))


def _sentences(paragraph: str) -> list[str]:
    out, start = [], 0
    for match in _SENTENCE_END.finditer(paragraph):
        out.append(paragraph[start : match.end()].strip())
        start = match.end()
    out.append(paragraph[start:].strip())
    return [s for s in out if s]


def _paragraphs(text: str) -> list[str]:
    blocks = re.split(r"\n\s*\n|\n", text)
    return [b.strip() for b in blocks if b.strip()]


def split_text(
    text: str,
    max_tokens: int = DEFAULT_CHUNK_TOKENS,
    *,
    model: str | None = None,
    overlap_sentences: int = DEFAULT_OVERLAP_SENTENCES,
) -> list[str]:
    """Split text into pieces of at most `max_tokens`, paragraph- then sentence-aware."""
    if max_tokens < 16:
        raise ConfigError(f"--chunk-tokens must be at least 16, not {max_tokens}")
    enc = encoding_for(model)

    def size(s: str) -> int:
        return len(enc.encode(s, disallowed_special=()))

    # Units: whole paragraphs when they fit, else their sentences, else token slices.
    units: list[tuple[str, int, bool]] = []  # (text, tokens, starts_paragraph)
    for para in _paragraphs(text):
        n = size(para)
        if n <= max_tokens:
            units.append((para, n, True))
            continue
        first = True
        for sentence in _sentences(para):
            m = size(sentence)
            if m <= max_tokens:
                units.append((sentence, m, first))
            else:
                ids = enc.encode(sentence, disallowed_special=())
                for start in range(0, len(ids), max_tokens):
                    piece = enc.decode(ids[start : start + max_tokens])
                    units.append((piece, size(piece), first))
                    first = False
            first = False

    pieces: list[str] = []
    current: list[tuple[str, int, bool]] = []
    used = 0
    for unit in units:
        if current and used + unit[1] + 1 > max_tokens:
            pieces.append(_join(current))
            carry = _overlap(current, overlap_sentences, max_tokens - unit[1] - 1, size)
            current, used = carry, sum(u[1] + 1 for u in carry)
        current.append(unit)
        used += unit[1] + 1
    if current:
        pieces.append(_join(current))
    return pieces


def _overlap(units, overlap_sentences, room, size):
    """The last sentence(s) of a finished piece, carried into the next when they fit."""
    if overlap_sentences <= 0 or room <= 0:
        return []
    tail = _sentences(units[-1][0])[-overlap_sentences:]
    text = " ".join(tail)
    n = size(text)
    return [(text, n, True)] if n <= room and text != units[-1][0] or n <= room // 4 else []


def _join(units: list[tuple[str, int, bool]]) -> str:
    out = ""
    for text, _, starts_paragraph in units:
        if not out:
            out = text
        else:
            out += ("\n" if starts_paragraph else " ") + text
    return out


def chunk_story(
    story: Story, max_tokens: int = DEFAULT_CHUNK_TOKENS, *, model: str | None = None
) -> list[Chunk]:
    """The chunks of one story, with stable ids."""
    chunks = []
    for index, piece in enumerate(split_text(story.text, max_tokens, model=model)):
        chunks.append(
            Chunk(
                id=stable_id(piece),
                story_id=story.id,
                document_id=story.document_id,
                index=index,
                text=piece,
                tokens=count_tokens(piece, model),
            )
        )
    return chunks


def chunk_stories(
    stories: list[Story], max_tokens: int = DEFAULT_CHUNK_TOKENS, *, model: str | None = None
) -> list[Chunk]:
    """All chunks of all stories, in order."""
    return [c for s in stories for c in chunk_story(s, max_tokens, model=model)]
