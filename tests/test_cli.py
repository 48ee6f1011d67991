"""The `briefer` command as a user runs it: exit codes, the briefing, errors on stderr."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _openai_fakes import make_cassettes
from typer.testing import CliRunner

from briefer import __version__
from briefer.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CASSETTES = ROOT / "tests" / "fixtures" / "cassettes"
GOLD = ROOT / "tests" / "fixtures" / "gold" / "examples.json"
WINDOW = ["--date", "2026-03-12", "--since", "72h"]


def _body(markdown: str) -> list[str]:
    """The briefing without its run line (tokens and cost differ between runs)."""
    return [line for line in markdown.splitlines() if " Kyiv · " not in line]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_version(runner):
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"briefer {__version__}"


def test_replayed_model_answers_give_a_cited_briefing(runner, tmp_path):
    out = tmp_path / "briefing.md"
    args = ["brief", str(EXAMPLES), *WINDOW, "--replay", str(CASSETTES), "-o", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    text = out.read_text()
    assert text.startswith("# Morning briefing — 2026-03-12")
    for heading in ("## Key points", "## Talks", "## Attacks", "## Diplomatic moves", "## Sources"):
        assert heading in text
    # The one wave both outlets reported is one line, with both figures and both sources.
    [wave] = [
        line for line in text.splitlines() if "412" in line and line.startswith("- overnight")
    ]
    assert "410" in wave and wave.endswith("[2][3]")
    assert "Recommended Stories" not in text and "Read more" not in text
    # The two-year-old story is background, never news.
    news = text.split("## Background")[0]
    assert "Switzerland" not in news and "Switzerland" in text
    assert "0 failed" in result.stderr and "using the openai backend" in result.stderr


def test_second_run_is_served_from_the_cache(runner, tmp_path):
    args = ["brief", str(EXAMPLES), *WINDOW, "--replay", str(CASSETTES)]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.stderr
    empty = tmp_path / "no-cassettes"
    empty.mkdir()
    # With no cassettes at all, only the answer cache can produce the same briefing.
    second = runner.invoke(app, ["brief", str(EXAMPLES), *WINDOW, "--replay", str(empty)])
    assert second.exit_code == 0, second.stderr
    # the two-year-old story is never read (no call, nothing to cache): 5 of the 6 chunks
    assert "5 cached" in second.stderr and "0 tokens in" in second.stderr
    assert _body(second.stdout) == _body(first.stdout)


def test_replay_miss_is_a_failed_chunk_and_exit_code_3_when_nothing_was_read(runner, tmp_path):
    empty = tmp_path / "cassettes"
    empty.mkdir()
    result = runner.invoke(
        app, ["brief", str(EXAMPLES / "analysis.md"), *WINDOW, "--replay", str(empty)]
    )
    assert result.exit_code == 3
    assert "no recorded answer" in result.stderr and "--record" in result.stderr


def test_some_chunks_failing_gives_exit_code_1_and_still_a_briefing(runner, tmp_path):
    # small requests, so the examples take several: one of them goes missing
    partial = tmp_path / "cassettes"
    make_cassettes.record_examples([[str(EXAMPLES)]], partial, chunk_tokens=400)
    requests = sorted(partial.glob("*.json"))
    assert len(requests) > 2
    requests[0].unlink()
    args = ["brief", str(EXAMPLES), *WINDOW, "--chunk-tokens", "400", "--replay", str(partial)]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert "# Morning briefing" in result.stdout
    assert "could not be read" in result.stdout
    assert "0 failed" not in result.stderr  # the missing request's stories, not the others


def test_json_format_validates_and_carries_ranges(runner):
    args = ["brief", str(EXAMPLES), *WINDOW, "--replay", str(CASSETTES), "--format", "json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    briefing = json.loads(result.stdout)
    assert briefing["date"] == "2026-03-12"
    assert briefing["sources"] and briefing["attacks"]


def test_saved_extractions_rebuild_the_same_briefing_without_a_model(runner, tmp_path):
    saved = tmp_path / "run"
    args = [
        "brief",
        str(EXAMPLES),
        *WINDOW,
        "--replay",
        str(CASSETTES),
        "--save-extractions",
        str(saved),
    ]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.stderr
    rebuilt = runner.invoke(app, ["merge", str(saved)])
    assert rebuilt.exit_code == 0, rebuilt.stderr
    assert _body(rebuilt.stdout) == _body(first.stdout)


def test_eval_scores_a_briefing_against_gold(runner, tmp_path):
    out = tmp_path / "b.md"
    runner.invoke(
        app, ["brief", str(EXAMPLES), *WINDOW, "--replay", str(CASSETTES), "-o", str(out)]
    )
    result = runner.invoke(app, ["eval", str(out), str(GOLD), "--json"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["coverage"] >= 0.85
    assert report["stale_leaks"] == [] and report["boilerplate_leaks"] == []
    assert report["cited_share"] == 1.0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["brief", "no-such-file.txt"], "no-such-file.txt"),
        (["brief", str(EXAMPLES), "--since", "soon"], "since"),
        (["brief", str(EXAMPLES), "--backend", "magic"], "backend"),
        (["brief", str(EXAMPLES), "--backend", "openai"], "OPENAI_API_KEY"),
        (["brief"], "no inputs"),
        (["merge", "no-such-dir"], "save-extractions"),
    ],
)
def test_bad_input_and_configuration_exit_2_with_one_error_line(runner, args, message):
    result = runner.invoke(app, args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and message in errors[0]
    assert "Traceback" not in result.stderr


def test_undated_input_is_warned_about_by_name(runner, tmp_path):
    article = tmp_path / "undated.txt"
    article.write_text((EXAMPLES / "harbor-post-talks-day-two.txt").read_text().split("\n\n", 1)[1])
    result = runner.invoke(app, ["brief", str(article), *WINDOW, "--backend", "offline"])
    assert result.exit_code == 0, result.stderr
    assert "# Morning briefing" in result.stdout
    assert "undated.txt" in result.stderr and "warning" in result.stderr.lower()


def test_config_show_masks_the_api_key(runner, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "test-key-not-a-secret-123456")
    result = runner.invoke(app, ["config", "show"])
    assert result.exit_code == 0, result.stderr
    assert "test-key-not-a-secret-123456" not in result.stdout
    assert "api_key" in result.stdout


def test_output_dir_gets_a_dated_file_and_stdout_stays_empty(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFER_OUTPUT_DIR", str(tmp_path / "briefings"))
    result = runner.invoke(app, ["brief", str(EXAMPLES), *WINDOW, "--replay", str(CASSETTES)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    written = tmp_path / "briefings" / "briefing-2026-03-12.md"
    assert written.read_text().startswith("# Morning briefing — 2026-03-12")


def test_verbose_lists_every_chunk_with_its_cost(runner):
    args = ["brief", str(EXAMPLES), *WINDOW, "--replay", str(CASSETTES), "--verbose"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    chunk_lines = [line for line in result.stderr.splitlines() if line.startswith("  chunk ")]
    assert len(chunk_lines) == 6
    assert all(" in / " in line for line in chunk_lines)


def test_next_mornings_briefing_marks_what_continues_and_what_is_new(runner, tmp_path):
    first = runner.invoke(app, ["brief", str(EXAMPLES / "harbor-post-talks-day-two.txt"), *WINDOW,
                                "--replay", str(CASSETTES)])  # fmt: skip
    assert first.exit_code == 0, first.stderr
    assert "(continuing)" not in first.stdout and "**new**" not in first.stdout
    args = [
        "brief",
        str(EXAMPLES),
        "--date",
        "2026-03-13",
        "--since",
        "96h",
        "--replay",
        str(CASSETTES),
    ]
    second = runner.invoke(app, args)
    assert second.exit_code == 0, second.stderr
    news = second.stdout.split("## Background")[0]
    assert "(continuing)" in news and "**new**" in news


def test_email_dry_run_writes_the_briefing_as_an_eml(runner, tmp_path, monkeypatch):
    import email
    import email.policy

    monkeypatch.setenv("BRIEFER_OUTPUT_DIR", str(tmp_path))
    monkeypatch.setenv("BRIEFER_MAIL_FROM", "briefer@example.org")
    args = ["brief", str(EXAMPLES), *WINDOW, "--replay", str(CASSETTES)]
    result = runner.invoke(app, [*args, "--email-to", "analyst@example.org", "--dry-run"])
    assert result.exit_code == 0, result.stderr
    raw = (tmp_path / "briefing-2026-03-12.eml").read_bytes()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert "2026-03-12" in message["Subject"] and message["To"] == "analyst@example.org"
    plain = message.get_body(("plain",)).get_content()
    assert plain == (tmp_path / "briefing-2026-03-12.md").read_text()


def test_send_mails_an_existing_briefing_dry_run(runner, tmp_path, monkeypatch):
    import email

    monkeypatch.setenv("BRIEFER_MAIL_FROM", "briefer@example.org")
    monkeypatch.setenv("BRIEFER_OUTPUT_DIR", str(tmp_path))
    briefing = tmp_path / "b.md"
    briefing.write_text("# Morning briefing — 2026-03-12\n\n## Key points\n- Talks resumed [1]\n")
    result = runner.invoke(app, ["send", str(briefing), "--to", "a@example.org", "--dry-run"])
    assert result.exit_code == 0, result.stderr
    message = email.message_from_bytes((tmp_path / "briefing-2026-03-12.eml").read_bytes())
    assert "Talks resumed" in message["Subject"]


def test_max_words_caps_the_briefing_and_the_summary_says_when_it_cannot(runner, tmp_path):
    saved = tmp_path / "run"
    args = ["brief", str(EXAMPLES), *WINDOW, "--backend", "offline", "--save-extractions",
            str(saved), "--format", "json"]  # fmt: skip
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.stderr
    stats = json.loads(first.stdout)["stats"]
    assert stats["briefing_words"] <= stats["length_budget"] == stats["input_words"] // 3

    capped = runner.invoke(app, ["merge", str(saved), "--max-words", "300", "--format", "json"])
    assert capped.exit_code == 0, capped.stderr
    stats = json.loads(capped.stdout)["stats"]
    assert stats["length_budget"] == 300 and stats["briefing_words"] <= 300
    assert "over the" not in capped.stderr

    # the attack lines never go: a cap below them is reported, not silently broken
    tiny = runner.invoke(app, ["merge", str(saved), "--max-words", "40"])
    assert tiny.exit_code == 0, tiny.stderr
    assert "words, over the 40-word length" in tiny.stderr

    bad = runner.invoke(app, ["merge", str(saved), "--max-words", "-1"])
    assert bad.exit_code == 2 and "expected an integer >= 0" in bad.stderr


def test_a_refused_part_is_counted_in_the_summary_and_listed_in_json(runner, tmp_path):
    # the hand answer gives the talks' round (4) on an item whose cited sentence does not
    # state it: the round is refused, the item kept, and the run says so
    args = ["brief", str(EXAMPLES), *WINDOW, "--replay", str(CASSETTES), "--format", "json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert "refused: 1 unsupported" in result.stderr
    refused = json.loads(result.stdout)["stats"]["refused"]
    assert [(r["reason"], r["what"]) for r in refused] == [("unsupported", "round: 4")]
