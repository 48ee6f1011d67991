"""briefer eval: coverage, stale leaks, boilerplate leaks and cited share on small briefings."""

from __future__ import annotations

import json

import pytest

from briefer.errors import InputError, SchemaError
from briefer.evaluate import evaluate, format_report, load_gold

MARKDOWN = """# Morning briefing — 2026-03-12
2026-03-09 00:00 to 2026-03-13 00:00 Kyiv

## Key points
- Talks — 4th round in Istanbul [1]

## Talks
- **Peace talks; 4th round; Istanbul** [1][2]
  - Next round: soon, no date set [2]
  - Zelensky: China's 12-point plan is a first step

## Attacks
- overnight to 2026-03-10: 30–31 missiles and 410–412 drones launched [1][9]
- Read more: something [3]

## Diplomatic moves
Nothing reported.

## Background
- 2023-02-24: China's 12-point proposal [2]

## Sources
1. Day two — Harbor Post, 2026-03-11. https://example.org/a
2. Day one — Meridian, 2026-03-10. https://example.org/b
"""

GOLD = {
    "inputs": ["examples/a.txt"],
    "date": "2026-03-12",
    "since": "72h",
    "facts": [
        {
            "fact": "fourth round in Istanbul",
            "keywords": ["Istanbul", "fourth|4th"],
            "section": "talks",
        },
        {"fact": "next round soon", "keywords": ["soon", "date"], "section": "talks"},
        {"fact": "wave figures", "keywords": ["31", "412|410"], "section": "attacks"},
        {"fact": "wrong section", "keywords": ["412"], "section": "moves"},
        {"fact": "digits stand alone", "keywords": ["41"], "section": None},
        {"fact": "keywords in one line", "keywords": ["Istanbul", "soon"], "section": None},
        {"fact": "sources do not count", "keywords": ["Harbor Post"], "section": None},
        {
            "fact": "old plan in background is fine",
            "keywords": ["12-point"],
            "section": "background",
        },
        {"fact": "old plan leaked into news", "keywords": ["12-point"], "stale": True},
        {"fact": "old story only in background", "keywords": ["2023-02-24"], "stale": True},
    ],
    "boilerplate": ["Read more:", "Recommended Stories"],
}


def test_evaluate_counts_coverage_stale_and_boilerplate():
    report = evaluate(MARKDOWN, GOLD)
    assert (report.covered, report.facts) == (4, 8)
    assert report.coverage == 0.5
    assert [m["fact"] for m in report.missing] == [
        "wrong section",
        "digits stand alone",
        "keywords in one line",
        "sources do not count",
    ]
    assert report.stale_facts == 2
    assert [leak["fact"] for leak in report.stale_leaks] == ["old plan leaked into news"]
    assert "12-point plan" in report.stale_leaks[0]["line"]
    assert report.boilerplate_leaks == ["Read more:"]


def test_cited_share_counts_news_bullets_with_a_marker_naming_a_source():
    report = evaluate(MARKDOWN, GOLD)
    # news bullets: key point, track, two entries, two attacks (Background is not news)
    assert report.bullets == 6
    # uncited entry, and "[3]" names no source; "[1][9]" has one valid marker
    assert report.cited_bullets == 4
    assert report.cited_share == pytest.approx(4 / 6)


def test_no_news_bullets_gives_no_cited_share():
    report = evaluate(
        "# Morning briefing — 2026-03-12\n\n## Talks\nNothing reported.\n", {"facts": []}
    )
    assert report.cited_share is None and report.coverage == 1.0


def test_format_report():
    text = format_report(evaluate(MARKDOWN, GOLD))
    assert text.splitlines()[:4] == [
        "coverage: 4/8 facts (50%)",
        "stale leaks: 1 of 2 stale facts",
        "boilerplate leaks: 1",
        "cited bullets: 4/6 (67%)",
    ]
    assert "  - wrong section  (keywords: 412)" in text


def test_load_gold_validates(tmp_path):
    good = tmp_path / "good.json"
    good.write_text(json.dumps(GOLD), encoding="utf-8")
    assert load_gold(good)["facts"][0]["section"] == "talks"

    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps({"facts": [{"fact": "x", "keywords": [], "section": "sport"}]}), encoding="utf-8"
    )
    with pytest.raises(SchemaError) as caught:
        load_gold(bad)
    paths = {path for path, _ in caught.value.errors}
    assert paths == {"$.facts[0].keywords", "$.facts[0].section"}

    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(InputError, match="not JSON"):
        load_gold(broken)
    with pytest.raises(InputError, match="cannot read"):
        load_gold(tmp_path / "missing.json")


def test_the_project_gold_files_are_valid(fixtures):
    for path in sorted((fixtures / "gold").glob("*.json")):
        assert load_gold(path)["facts"], path
