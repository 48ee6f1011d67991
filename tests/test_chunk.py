from __future__ import annotations

import pytest

from briefer.chunk import chunk_story, count_tokens, encoding_for, split_text
from briefer.data import Story
from briefer.errors import ConfigError

PARAGRAPHS = [
    "Delegations met for a second day in the lakeside city. "
    "Both sides called the talks difficult. The mediator said work would go on.",
    "Overnight, the air force said 40 drones were launched and 31 shot down. "
    "A regional governor said two people were injured in the port city.",
    "The foreign ministry condemned the strike. It called for more air defence.",
]


def _story(text: str) -> Story:
    return Story(id="s1", document_id="d1", index=0, text=text, published="2026-03-11")


def test_short_story_is_one_chunk_with_the_text_intact():
    text = "\n".join(PARAGRAPHS)
    [chunk] = chunk_story(_story(text), 1000)
    assert chunk.text == text
    assert chunk.tokens == count_tokens(text)


def test_every_piece_fits_the_budget_and_no_sentence_is_lost():
    text = "\n".join(PARAGRAPHS * 6)
    pieces = split_text(text, 60)
    assert len(pieces) > 3
    assert all(count_tokens(p) <= 60 for p in pieces)
    joined = " ".join(pieces)
    for paragraph in PARAGRAPHS:
        for sentence in paragraph.split(". "):
            assert sentence.rstrip(".") in joined


def test_consecutive_chunks_overlap_by_a_sentence():
    text = "\n".join(PARAGRAPHS * 4)
    pieces = split_text(text, 60)
    last_sentence = pieces[0].rsplit(". ", 1)[-1]
    assert pieces[1].startswith(last_sentence.split(". ")[-1][:20])


def test_a_sentence_longer_than_the_budget_is_cut_at_token_boundaries():
    long_sentence = "drone " * 300
    pieces = split_text(long_sentence, 50)
    assert all(count_tokens(p) <= 50 for p in pieces)
    assert sum(p.count("drone") for p in pieces) >= 300


def test_ids_are_stable_and_depend_on_text_only():
    a = chunk_story(_story("\n".join(PARAGRAPHS)), 40)
    b = chunk_story(_story("\n".join(PARAGRAPHS)), 40)
    assert [c.id for c in a] == [c.id for c in b]
    assert len({c.id for c in a}) == len(a)


def test_tiny_budget_is_a_config_error():
    with pytest.raises(ConfigError, match="chunk-tokens"):
        split_text("text", 3)


def test_missing_encoding_names_tiktoken_cache_dir(tmp_path, monkeypatch):
    import tiktoken.load

    encoding_for.cache_clear()
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))

    def offline(*args, **kwargs):
        raise ConnectionError("no route to host")

    monkeypatch.setattr(tiktoken.load, "read_file", offline)
    import tiktoken.registry

    monkeypatch.setattr(tiktoken.registry, "ENCODINGS", {})
    try:
        with pytest.raises(ConfigError, match="TIKTOKEN_CACHE_DIR"):
            encoding_for("gpt-4o")
    finally:
        encoding_for.cache_clear()
