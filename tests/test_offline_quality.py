"""The offline extractor end to end on every dev set, scored against its gold facts: a
floor a few points under what the set scores today, so a rule that costs facts fails
here, not in a closing note. The held-back set is deliberately not here (its misses are
not read while rules are developed; see tests/fixtures/README.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefer.cli import app
from briefer.ingest import read_inputs
from briefer.merge import LENGTH_RATIO

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"

# gold file -> least coverage accepted, a few points under what this round's code scores
# (92%, 80%, 86%, 81%, 76%, 60%). dev6 was 64%: it lost a one-word quote to the length
# bound when an attack's headline kept all the places its figures were counted over, and
# a fact told only by a sentence that names no side when the offline coder put precision
# first.
SETS = {
    FIXTURES / "gold" / "examples.json": 0.88,
    FIXTURES / "dev2" / "gold" / "all.json": 0.76,
    FIXTURES / "dev3" / "gold" / "all.json": 0.82,
    FIXTURES / "dev4" / "gold" / "all.json": 0.79,
    FIXTURES / "dev5" / "gold" / "all.json": 0.72,
    FIXTURES / "dev6" / "gold" / "all.json": 0.58,
}


@pytest.mark.parametrize("gold_path", list(SETS), ids=lambda p: p.parent.parent.name)
def test_the_offline_briefing_of_a_dev_set_covers_its_gold(gold_path, tmp_path):
    gold = json.loads(gold_path.read_text("utf-8"))
    inputs = [str(ROOT / p) for p in gold["inputs"]]
    out = tmp_path / "briefing.md"
    runner = CliRunner()
    window = ["--date", gold["date"], "--since", gold["since"]]
    result = runner.invoke(app, ["brief", *inputs, *window, "--backend", "offline", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    scored = runner.invoke(app, ["eval", str(out), str(gold_path), "--json"])
    report = json.loads(scored.stdout)
    assert report["stale_leaks"] == [] and report["boilerplate_leaks"] == []
    assert report["cited_share"] == 1.0
    assert report["coverage"] >= SETS[gold_path], [m["fact"] for m in report["missing"]]
    words = sum(len(d.text.split()) for d in read_inputs(inputs, warn=lambda _m: None))
    body = out.read_text("utf-8").split("\n## Sources")[0]
    assert len(body.split()) <= words * LENGTH_RATIO
