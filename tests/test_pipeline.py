"""The run as a whole: the window's two ends."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from briefer.cli import app

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _dates(text: str) -> set[str]:
    return set(re.findall(r"\b20\d\d-\d\d-\d\d\b", text))


def test_a_briefing_for_a_past_morning_shows_nothing_that_came_later(tmp_path):
    """Before, --date 2026-03-05 on the examples showed the 03-10 attacks as news."""
    result = CliRunner().invoke(
        app, ["brief", str(EXAMPLES), "--date", "2026-03-05", "--since", "72h"]
    )
    assert result.exit_code == 0, result.stderr
    assert all(day <= "2026-03-06" for day in _dates(result.stdout)), result.stdout
    assert "published after the briefing's end (2026-03-06 00:00 Kyiv) left out" in result.stderr
    assert "Istanbul" not in result.stdout and "drones" not in result.stdout


def test_merge_of_a_saved_run_for_an_earlier_morning_leaves_later_stories_out(tmp_path):
    saved = tmp_path / "saved"
    base = ["--since", "72h"]
    first = CliRunner().invoke(
        app,
        ["brief", str(EXAMPLES), "--date", "2026-03-12", *base, "--save-extractions", str(saved)],
    )
    assert first.exit_code == 0 and "drones" in first.stdout
    again = CliRunner().invoke(app, ["merge", str(saved), "--date", "2026-03-05", *base])
    assert again.exit_code == 0, again.stderr
    assert all(day <= "2026-03-06" for day in _dates(again.stdout)), again.stdout
    assert "drones" not in again.stdout
