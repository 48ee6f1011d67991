"""The Batch API for scheduled runs, against a loopback server with its Files and Batches
endpoints: submit early, collect later, resume after a crash, the same briefing at half
the price, and the estimate that calls nothing."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from _openai_fakes import fake_batch_api, make_cassettes
from typer.testing import CliRunner

from briefer.cli import EXIT_NOT_READY, app
from briefer.ledger import Ledger

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
WINDOW = ["--date", "2026-03-12", "--since", "72h"]
COST = re.compile(r"\$(\d+\.\d+)")
FakeBatchServer = fake_batch_api.FakeBatchServer
FakeOpenAIServer = make_cassettes.FakeOpenAIServer


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def fresh_answers():
    """The hand answers, as a server that has seen no prompt yet (none cached) serves them."""
    return make_cassettes.matching_evidence(make_cassettes.load_answers(make_cassettes.ANSWERS))


@pytest.fixture
def answers():
    return fresh_answers()


def _body(markdown: str) -> list[str]:
    """The briefing without its run line (tokens and cost differ between runs)."""
    return [line for line in markdown.splitlines() if " Kyiv · " not in line]


def _dollars(stderr: str) -> float:
    [summary] = [line for line in stderr.splitlines() if line.startswith("briefer: openai/")]
    return float(COST.findall(summary)[-1])


def _use(monkeypatch, server, home: Path) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-batch")
    monkeypatch.setenv("BRIEFER_CACHE_DIR", str(home / "cache"))
    monkeypatch.setenv("BRIEFER_DATA_DIR", str(home / "data"))


def test_batch_gives_the_live_briefing_at_half_the_price(runner, tmp_path, monkeypatch, answers):
    with FakeOpenAIServer(answers) as live_server:
        _use(monkeypatch, live_server, tmp_path / "live")
        live = runner.invoke(
            app, ["brief", str(EXAMPLES), *WINDOW, "-o", str(tmp_path / "live.md")]
        )
    assert live.exit_code == 0, live.stderr

    with FakeBatchServer(fresh_answers()) as server:
        _use(monkeypatch, server, tmp_path / "batch")
        submitted = runner.invoke(app, ["brief", str(EXAMPLES), *WINDOW, "--batch"])
        assert submitted.exit_code == 0, submitted.stderr
        assert "submitted batch batch_1: requests 1, chunks cached 0" in submitted.stderr
        assert not (tmp_path / "batch.md").exists() and server.chat_requests == []
        [line] = server.files["file-1"]["data"].decode().splitlines()[:1]
        request = json.loads(line)
        assert request["method"] == "POST" and request["url"] == "/v1/chat/completions"
        assert request["body"]["model"] == "gpt-5.4-mini" and request["custom_id"]

        early = runner.invoke(app, ["batch", "collect", "-o", str(tmp_path / "batch.md")])
        assert early.exit_code == EXIT_NOT_READY, early.stderr
        assert "is validating" in early.stderr and not (tmp_path / "batch.md").exists()

        server.finish_batches()
        collected = runner.invoke(app, ["batch", "collect", "-o", str(tmp_path / "batch.md")])
        assert collected.exit_code == 0, collected.stderr
        assert "requests answered by the batch 1, read live 0" in collected.stderr
        assert server.chat_requests == []
        again = runner.invoke(app, ["batch", "collect"])
        assert again.exit_code == 2 and "no batch is waiting" in again.stderr

    assert _body((tmp_path / "batch.md").read_text()) == _body((tmp_path / "live.md").read_text())
    assert _dollars(collected.stderr) == pytest.approx(0.5 * _dollars(live.stderr), rel=0.01)
    [record] = Ledger(tmp_path / "batch" / "data").batches()
    assert (record.batch_id, record.status, record.requests) == ("batch_1", "collected", 1)


def test_a_crash_between_upload_and_create_is_resumed_by_collect(
    runner, tmp_path, monkeypatch, answers
):
    with FakeBatchServer(answers) as server:
        _use(monkeypatch, server, tmp_path)
        server.fail("batches.create")
        crashed = runner.invoke(app, ["brief", str(EXAMPLES), *WINDOW, "--batch"])
        assert crashed.exit_code != 0 and "create the batch" in crashed.stderr
        [record] = Ledger(tmp_path / "data").batches(pending=True)
        assert record.file_id == "file-1" and record.batch_id is None

        resumed = runner.invoke(app, ["batch", "collect"])
        assert resumed.exit_code == EXIT_NOT_READY and "resubmitted" in resumed.stderr
        assert [c for c in server.calls if c == "POST /v1/files"] == ["POST /v1/files"]

        server.finish_batches()
        # a later process, as after a crash between submit and collect: all from the ledger
        out = tmp_path / "briefing.md"
        collected = runner.invoke(app, ["batch", "collect", "-o", str(out)])
        assert collected.exit_code == 0, collected.stderr
        assert out.read_text().startswith("# Morning briefing — 2026-03-12")


@pytest.mark.parametrize(
    ("fault", "from_batch", "live"),
    [
        ((500, {"error": {"message": "server error"}}, {}), 0, 1),  # failed line: read live
        ((200, make_cassettes.chat_completion('{"talks": "none"}'), {}), 1, 1),  # re-ask live
    ],
    ids=["failed", "invalid"],
)
def test_failed_and_invalid_batch_answers_go_live(
    runner, tmp_path, monkeypatch, answers, fault, from_batch, live
):
    batch_phase = {"on": True}

    def respond(body):
        return fault if batch_phase["on"] else answers(body)

    with FakeBatchServer(respond) as server:
        _use(monkeypatch, server, tmp_path)
        assert runner.invoke(app, ["brief", str(EXAMPLES), *WINDOW, "--batch"]).exit_code == 0
        server.finish_batches()
        batch_phase["on"] = False
        collected = runner.invoke(app, ["batch", "collect", "-o", str(tmp_path / "b.md")])
    assert collected.exit_code == 0, collected.stderr
    assert f"answered by the batch {from_batch}, read live {live}" in collected.stderr
    assert "0 failed" in collected.stderr and len(server.chat_requests) == live
    if from_batch:  # the re-ask carries the batch's answer and what was wrong with it
        [reask] = server.chat_requests
        assert reask["messages"][2]["content"] == '{"talks": "none"}'


def test_chunks_already_cached_are_not_submitted(runner, tmp_path, monkeypatch, answers):
    with FakeBatchServer(answers) as server:
        _use(monkeypatch, server, tmp_path)
        assert runner.invoke(app, ["brief", str(EXAMPLES), *WINDOW]).exit_code == 0
        submitted = runner.invoke(app, ["brief", str(EXAMPLES), *WINDOW, "--batch"])
        assert "submitted nothing (every answer is cached): requests 0" in submitted.stderr
        collected = runner.invoke(app, ["batch", "collect", "-o", str(tmp_path / "b.md")])
    assert collected.exit_code == 0, collected.stderr
    assert server.files == {} and len(server.chat_requests) == 1  # the live run's only


def test_estimate_counts_tokens_and_dollars_and_calls_nothing(runner, tmp_path, monkeypatch):
    with FakeBatchServer(lambda body: (500, {}, {})) as server:
        _use(monkeypatch, server, tmp_path)
        result = runner.invoke(app, ["brief", str(EXAMPLES), *WINDOW, "--estimate"])
    assert result.exit_code == 0, result.stderr
    assert server.calls == []
    text = result.stdout
    assert "5 chunks, 0 answered by the cache, model calls 1" in text and "no call made" in text
    live, batch = (float(x) for x in re.findall(r"\$(\d+\.\d+) (?:live|as a batch)", text))
    assert 0 < batch < live


def test_estimate_needs_no_key(runner):
    result = runner.invoke(app, ["brief", str(EXAMPLES), *WINDOW, "--estimate"])
    assert result.exit_code == 0, result.stderr
    assert "estimate for gpt-5.4-mini" in result.stdout


def _completion(content: str) -> dict:
    return make_cassettes.chat_completion(content)


def test_a_crash_after_the_results_are_downloaded_needs_no_second_download(
    runner, tmp_path, monkeypatch, answers
):
    import briefer.scheduled

    with FakeBatchServer(answers) as server:
        _use(monkeypatch, server, tmp_path)
        assert runner.invoke(app, ["brief", str(EXAMPLES), *WINDOW, "--batch"]).exit_code == 0
        server.finish_batches()
        real_extract = briefer.scheduled.extract_chunks

        async def crash(*args, **kwargs):
            raise KeyboardInterrupt  # the machine goes down before the answers are read

        monkeypatch.setattr(briefer.scheduled, "extract_chunks", crash)
        assert runner.invoke(app, ["batch", "collect"]).exit_code == 130
        monkeypatch.setattr(briefer.scheduled, "extract_chunks", real_extract)
        server.files.clear()  # the results are no longer on the server
        out = tmp_path / "b.md"
        collected = runner.invoke(app, ["batch", "collect", "-o", str(out)])
        status = runner.invoke(app, ["batch", "status"])
    assert collected.exit_code == 0, collected.stderr
    assert "answered by the batch 1" in collected.stderr and out.exists()
    assert status.exit_code == 0 and "batch_1 1 requests collected" in status.stdout


# ---- a plain `briefer brief` meets a batch it did not submit --------------------------

BATCHED = [str(EXAMPLES / n) for n in ("harbor-post-talks-day-two.txt", "wire-roundup.jsonl")]


def _live_briefing(runner, tmp_path, monkeypatch) -> str:
    with FakeOpenAIServer(fresh_answers()) as live_server:
        _use(monkeypatch, live_server, tmp_path / "live")
        live = runner.invoke(app, ["brief", str(EXAMPLES), *WINDOW, "-o", str(tmp_path / "l.md")])
    assert live.exit_code == 0, live.stderr
    return (tmp_path / "l.md").read_text()


def test_a_plain_brief_collects_a_finished_batch_first(runner, tmp_path, monkeypatch, answers):
    live = _live_briefing(runner, tmp_path, monkeypatch)
    monkeypatch.setenv("BRIEFER_DATE", "2026-03-12")  # the collect job's "today"
    with FakeBatchServer(answers) as server:
        _use(monkeypatch, server, tmp_path / "batch")
        assert runner.invoke(app, ["brief", str(EXAMPLES), *WINDOW, "--batch"]).exit_code == 0
        server.finish_batches()
        out = tmp_path / "b.md"
        plain = runner.invoke(app, ["brief", str(EXAMPLES), *WINDOW, "-o", str(out)])
        assert plain.exit_code == 0, plain.stderr
        assert "batch batch_1 (2026-03-12) completed, read first" in plain.stderr
        assert "answered by the batch 1, read live 0" in plain.stderr
        assert server.chat_requests == []  # nothing paid twice: no live call at all
        # the collect job that follows has nothing left to do, and says so (exit 0)
        collect = runner.invoke(app, ["batch", "collect"])
    assert collect.exit_code == 0, collect.stderr
    assert "no batch is waiting: batch batch_1 for 2026-03-12 was collected" in collect.stderr
    assert _body(out.read_text()) == _body(live)
    [record] = Ledger(tmp_path / "batch" / "data").batches()
    assert record.status == "collected"


def test_a_plain_brief_leaves_a_running_batch_its_chunks_and_waits_for_it(
    runner, tmp_path, monkeypatch, answers
):
    live = _live_briefing(runner, tmp_path, monkeypatch)
    with FakeBatchServer(answers) as server:
        _use(monkeypatch, server, tmp_path / "batch")
        submitted = runner.invoke(app, ["brief", *BATCHED, *WINDOW, "--batch"])
        assert submitted.exit_code == 0, submitted.stderr
        out = tmp_path / "b.md"
        early = runner.invoke(app, ["brief", str(EXAMPLES), *WINDOW, "-o", str(out)])
        assert early.exit_code == EXIT_NOT_READY, early.stderr
        assert (
            "the briefing waits for batch batch_1 (2026-03-12), still validating, which covers"
            in early.stderr
        )
        assert not out.exists()
        # only the stories the batch does not hold went live, in one packed request
        [alone] = server.chat_requests
        assert "Harbor" not in alone["messages"][1]["content"]

        server.finish_batches()
        done = runner.invoke(app, ["brief", str(EXAMPLES), *WINDOW, "-o", str(out)])
    assert done.exit_code == 0, done.stderr
    assert "read first: requests answered by the batch 1, read live 0" in done.stderr
    assert len(server.chat_requests) == 1  # the batch's stories were never sent live
    assert _body(out.read_text()) == _body(live)


def test_batch_wait_waits_for_a_running_batch(runner, tmp_path, monkeypatch, answers):
    with FakeBatchServer(answers) as server:
        _use(monkeypatch, server, tmp_path)
        assert runner.invoke(app, ["brief", str(EXAMPLES), *WINDOW, "--batch"]).exit_code == 0
        server.finish_on_poll = 3  # ended while the run waits
        out = tmp_path / "b.md"
        waited = runner.invoke(
            app, ["brief", str(EXAMPLES), *WINDOW, "--batch-wait", "5", "-o", str(out)]
        )
    assert waited.exit_code == 0, waited.stderr
    assert "is validating; waiting up to 5s for it" in waited.stderr
    assert "answered by the batch 1, read live 0" in waited.stderr
    assert server.chat_requests == [] and out.exists()


def test_a_batch_over_other_stories_is_left_alone(runner, tmp_path, monkeypatch, answers):
    other = tmp_path / "other.txt"
    other.write_text(
        "Title: Quiet day\nPublished: 2026-03-11\n\nDiplomats met in Vienna on Tuesday to "
        "discuss the exchange of prisoners, officials said.\n",
        encoding="utf-8",
    )
    with FakeBatchServer(answers) as server:
        _use(monkeypatch, server, tmp_path)
        assert runner.invoke(app, ["brief", str(other), *WINDOW, "--batch"]).exit_code == 0
        plain = runner.invoke(app, ["brief", *BATCHED, *WINDOW, "-o", str(tmp_path / "b.md")])
    assert plain.exit_code == 0, plain.stderr
    assert "batch" not in plain.stderr and len(server.chat_requests) == 1
    assert [r.status for r in Ledger(tmp_path / "data").batches()] == ["submitted"]


def test_estimate_counts_the_cached_prefix_live_and_in_a_batch(
    runner, tmp_path, monkeypatch, answers
):
    small = ["--chunk-tokens", "400"]  # several requests, each after the first from cache
    with FakeBatchServer(answers) as server:
        _use(monkeypatch, server, tmp_path)
        estimate = runner.invoke(app, ["brief", str(EXAMPLES), *WINDOW, *small, "--estimate"])
        assert estimate.exit_code == 0, estimate.stderr
        assert server.calls == []
        submitted = runner.invoke(app, ["brief", str(EXAMPLES), *WINDOW, *small, "--batch"])
        assert submitted.exit_code == 0, submitted.stderr
        server.finish_batches()
        collected = runner.invoke(app, ["batch", "collect", "-o", str(tmp_path / "b.md")])
    assert collected.exit_code == 0, collected.stderr
    text = estimate.stdout
    calls = int(re.search(r"model calls (\d+)", text).group(1))
    cached = int(re.search(r"\((\d+) likely cached\)", text).group(1))
    live, batch = (float(x) for x in re.findall(r"\$(\d+\.\d+) (?:live|as a batch)", text))
    assert calls > 1 and cached > 0
    # the batch bills the cached prefix too, at the cached rate times the batch discount
    assert batch == pytest.approx(live / 2, abs=0.0001)
    [summary] = [line for line in collected.stderr.splitlines() if "tokens in (" in line]
    served = int(re.search(r"tokens in \((\d+) cached\)", summary).group(1))
    assert served == pytest.approx(cached, rel=0.1)  # as the server counted them


def test_a_batch_the_api_cannot_find_is_read_live_not_fatal(runner, tmp_path, monkeypatch, answers):
    with FakeBatchServer(answers) as server:
        _use(monkeypatch, server, tmp_path)
        assert runner.invoke(app, ["brief", str(EXAMPLES), *WINDOW, "--batch"]).exit_code == 0
        server.batches.clear()  # the batch is gone (another key, or deleted): 404
        out = tmp_path / "b.md"
        plain = runner.invoke(app, ["brief", str(EXAMPLES), *WINDOW, "-o", str(out)])
    assert plain.exit_code == 0, plain.stderr
    assert "cannot be asked where it stands, so its chunks are read live" in plain.stderr
    assert len(server.chat_requests) == 1 and out.exists()


def test_a_second_submission_leaves_a_running_batch_its_chunks(
    runner, tmp_path, monkeypatch, answers
):
    live = _live_briefing(runner, tmp_path, monkeypatch)
    with FakeBatchServer(answers) as server:
        _use(monkeypatch, server, tmp_path / "batch")
        assert runner.invoke(app, ["brief", *BATCHED, *WINDOW, "--batch"]).exit_code == 0
        again = runner.invoke(app, ["brief", str(EXAMPLES), *WINDOW, "--batch"])
        assert again.exit_code == 0, again.stderr
        assert "submitted batch batch_2: requests 1" in again.stderr
        assert re.search(r"left to an earlier batch [1-9]", again.stderr)
        [second] = server.files["file-2"]["data"].decode().splitlines()
        assert "Harbor" not in second  # the first batch's stories are not asked again

        server.finish_batches()
        server.batches["batch_1"]["status"] = "in_progress"  # the first one is late
        out = tmp_path / "b.md"
        early = runner.invoke(app, ["batch", "collect", "-o", str(out)])
        assert early.exit_code == EXIT_NOT_READY, early.stderr
        assert "batch batch_2 (2026-03-12) is waiting for batch batch_1" in early.stderr
        assert server.chat_requests == [] and not out.exists()

        server.batches["batch_1"]["status"] = "completed"
        done = runner.invoke(app, ["batch", "collect", "-o", str(out)])
    assert done.exit_code == 0, done.stderr
    assert server.chat_requests == []  # every story answered once, by one batch
    assert _body(out.read_text()) == _body(live)


def test_a_batch_and_its_answers_read_live_send_no_rate_limit_probe(
    runner, tmp_path, monkeypatch, answers
):
    small = ["--chunk-tokens", "400"]  # several requests, read live at once when they fail
    batch_phase = {"on": True}

    def respond(body):
        return (
            (500, {"error": {"message": "server error"}}, {})
            if batch_phase["on"]
            else answers(body)
        )

    with FakeBatchServer(respond) as server:
        _use(monkeypatch, server, tmp_path)
        submitted = runner.invoke(app, ["brief", str(EXAMPLES), *WINDOW, *small, "--batch"])
        assert submitted.exit_code == 0, submitted.stderr
        server.finish_batches()
        batch_phase["on"] = False
        collected = runner.invoke(app, ["batch", "collect", "-o", str(tmp_path / "b.md")])
    assert collected.exit_code == 0, collected.stderr
    assert len(server.chat_requests) > 2 and "probe" not in collected.stderr
    assert all(r.get("max_completion_tokens") != 1 for r in server.chat_requests)
