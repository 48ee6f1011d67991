"""Progress on stderr: periodic lines with rate and time left off a terminal, a rich
display on one, nothing when quiet; and the `briefer` command shows it per stage."""

from __future__ import annotations

import io
from pathlib import Path

from typer.testing import CliRunner

from briefer.cli import app
from briefer.progress import Progress, format_duration

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_lines_off_a_terminal_carry_rate_and_time_left():
    stream, clock = io.StringIO(), Clock()
    progress = Progress(stream=stream, interval=10, clock=clock, live=False)
    stage = progress.stage("extracting", 100, unit="chunks")
    for second in range(1, 31):
        clock.now = float(second)
        stage.advance()  # one chunk a second
    stage.finish()
    lines = stream.getvalue().splitlines()
    assert lines[0] == "briefer: extracting 10/100 chunks (1.0/s, about 1m30s left)"
    assert lines[1] == "briefer: extracting 20/100 chunks (1.0/s, about 1m20s left)"
    assert len(lines) == 4 and lines[-1].startswith("briefer: extracting 30/100 chunks")


def test_slow_work_reads_per_minute_and_short_work_prints_nothing():
    stream, clock = io.StringIO(), Clock()
    progress = Progress(stream=stream, interval=10, clock=clock, live=False)
    quick = progress.stage("reading", 3, unit="inputs")
    for _ in range(3):
        quick.advance()
    quick.finish()
    assert stream.getvalue() == ""  # done within the interval: no line at all
    slow = progress.stage("fetching pages", 10)
    clock.now = 30.0
    slow.advance()
    assert "(2.0/min, about 4m30s left)" in stream.getvalue()


def test_quiet_prints_nothing():
    stream, clock = io.StringIO(), Clock()
    progress = Progress(stream=stream, interval=0, clock=clock, quiet=True, live=True)
    stage = progress.stage("extracting", 5, unit="chunks")
    clock.now = 5
    stage.advance(5)
    stage.finish()
    progress.close()
    assert stream.getvalue() == ""


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_the_live_display():
    stream = Terminal()
    with Progress(stream=stream) as progress:
        stage = progress.stage("extracting", 4, unit="chunks")
        stage.advance(2)
        progress._display.refresh()
        assert "briefer: extracting chunks" in stream.getvalue()
        assert "2/4" in stream.getvalue()
        stage.finish()


def test_durations_read_as_people_write_them():
    assert [format_duration(s) for s in (5, 65, 3725)] == ["5s", "1m05s", "1h02m"]


def test_the_command_shows_progress_per_stage_unless_quiet(monkeypatch):
    monkeypatch.setenv("BRIEFER_PROGRESS_INTERVAL", "0.000001")
    args = ["brief", str(EXAMPLES), "--date", "2026-03-12", "--since", "72h"]
    shown = CliRunner().invoke(app, args)
    assert shown.exit_code == 0, shown.stderr
    assert "briefer: reading " in shown.stderr and " inputs (" in shown.stderr
    assert f"briefer: reading {EXAMPLES} " in shown.stderr and " files (" in shown.stderr
    assert "briefer: extracting " in shown.stderr and " chunks (" in shown.stderr
    quiet = CliRunner().invoke(app, [*args, "--quiet"])
    assert quiet.exit_code == 0 and quiet.stderr == ""
