"""Render: the markdown shape others rely on, and JSON validated against its schema."""

from __future__ import annotations

import json

import pytest

from briefer.errors import SchemaError
from briefer.merge import (
    Attack,
    BackgroundItem,
    Briefing,
    KeyPoint,
    Move,
    Source,
    TalksEntry,
    TalksTrack,
)
from briefer.render import render_json, render_markdown

SECTIONS = ["Key points", "Talks", "Attacks", "Diplomatic moves", "Background", "Sources"]


def empty(**stats) -> Briefing:
    return Briefing(
        date="2026-03-12",
        since="72h",
        window_start="2026-03-09T00:00:00+02:00",
        window_end="2026-03-13T00:00:00+02:00",
        stats=stats,
    )


def full() -> Briefing:
    briefing = empty(articles=4, stories=5, chunks=6, failed_chunks=0, input_tokens=1234,
                     output_tokens=56, cost_usd=0.0123, original_sources=9, outlets=3)  # fmt: skip
    briefing.sources = [
        Source(
            1,
            "Istanbul talks end day two",
            "Harbor Post",
            "2026-03-11T08:00:00+00:00",
            "https://example.org/a",
        ),
        Source(2, "Topic page", None, "2026-03-10", None, location="examples/topic.txt"),
    ]
    briefing.key_points = [KeyPoint("k1", "largest attack", "Largest attack — 412 drones", [1, 2])]
    entry = TalksEntry(
        "e1", "next round", "Next round: soon, no date set", [1], status="continuing"
    )
    briefing.talks = [
        TalksTrack("t1", "Peace talks", "Peace talks; 4th round; Istanbul", [1, 2], entries=[entry])
    ]
    briefing.attacks = [
        Attack("a1", "## Injected heading\nand a second line", "short", [2], status="new")
    ]
    briefing.moves = [
        Move("m1", "Ukraine", "sanctions", "Imposed sanctions on Belarusian officials", [1]),
        Move("m2", "Donald Trump", "pressure", "Trump said both sides must get realistic", [1]),
    ]
    briefing.background = [BackgroundItem("b1", "2024-03-13: An old story", [2], section="story")]
    return briefing


def test_markdown_shape():
    markdown = render_markdown(full())
    lines = markdown.splitlines()
    assert lines[0] == "# Morning briefing — 2026-03-12"
    assert lines[1] == (
        "2026-03-09 00:00 to 2026-03-13 00:00 Kyiv · 4 articles, 5 stories, 6 chunks (0 failed) · "
        "9 named sources via 3 outlets · 1,234+56 tokens, $0.0123"
    )
    headings = [line[3:] for line in lines if line.startswith("## ")]
    assert headings == SECTIONS
    assert "- Largest attack — 412 drones [1][2]" in lines
    assert "- **Peace talks; 4th round; Istanbul** [1][2]" in lines
    assert "  - Next round: soon, no date set (continuing) [1]" in lines
    assert "- **Ukraine** — Imposed sanctions on Belarusian officials [1]" in lines
    assert "- Trump said both sides must get realistic [1]" in lines  # names its actor already
    assert "1. Istanbul talks end day two — Harbor Post, 2026-03-11. https://example.org/a" in lines
    assert "2. Topic page — 2026-03-10. examples/topic.txt" in lines


def test_article_text_cannot_inject_headings_or_lines():
    markdown = render_markdown(full())
    assert "- **new** Injected heading and a second line [2]" in markdown.splitlines()
    assert [line for line in markdown.splitlines() if line.startswith("#")][1:] == [
        f"## {s}" for s in SECTIONS
    ]


def test_empty_sections_say_nothing_reported_and_no_stats_no_coverage_line():
    markdown = render_markdown(empty())
    assert markdown.count("Nothing reported.") == 6
    assert markdown.splitlines()[1] == ""


def test_failed_chunks_warning():
    markdown = render_markdown(empty(chunks=6, failed_chunks=2))
    assert "> **Warning:** 2 of 6 chunks could not be read" in markdown
    assert "Warning" not in render_markdown(empty(chunks=6, failed_chunks=0))


def test_json_validates_and_round_trips():
    briefing = full()
    data = json.loads(render_json(briefing))
    assert data["attacks"][0]["status"] == "new"
    assert Briefing.from_dict(data) == briefing


def test_json_schema_errors_name_the_place():
    briefing = full()
    briefing.attacks[0].status = "stale"
    briefing.key_points[0].cites = [0]
    with pytest.raises(SchemaError) as caught:
        render_json(briefing)
    paths = [path for path, _ in caught.value.errors]
    assert "$.attacks[0].status" in paths and "$.key_points[0].cites[0]" in paths


def test_run_line_names_no_outlets_when_the_inputs_name_none():
    briefing = full()
    briefing.stats.update(original_sources=4, outlets=0)
    line = render_markdown(briefing).splitlines()[1]
    assert "4 named sources" in line and "via" not in line


def test_run_line_says_no_source_is_named_rather_than_zero_sources():
    briefing = full()
    briefing.stats.update(original_sources=0, outlets=4)
    line = render_markdown(briefing).splitlines()[1]
    assert "4 outlets, no named source" in line and "0 " not in line.split("·")[2]


def test_the_run_line_counts_one_of_a_kind_in_the_singular():
    from briefer.render import coverage_line

    briefing = full()
    briefing.stats.update(articles=1, stories=1, chunks=1, original_sources=1, outlets=1)
    assert coverage_line(briefing).startswith(
        "2026-03-09 00:00 to 2026-03-13 00:00 Kyiv · 1 article, 1 story, 1 chunk (0 failed) · "
        "1 named source via 1 outlet · "
    )
