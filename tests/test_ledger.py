"""The run ledger: articles, briefings, e-mails, HTTP validators and the run lock."""

from __future__ import annotations

import datetime as dt
import logging
import socket
import sqlite3
import subprocess
import sys
import textwrap
from dataclasses import dataclass

import pytest

from briefer.data import Document
from briefer.errors import BrieferError
from briefer.ledger import DB_NAME, Ledger


def doc(doc_id: str) -> Document:
    return Document(
        id=doc_id,
        source=f"{doc_id}.txt",
        text="...",
        title=f"Title {doc_id}",
        url=f"https://example.org/{doc_id}",
    )


@dataclass
class Item:
    key: str
    status: str | None = None


def test_database_lives_in_the_data_dir_in_wal_mode(tmp_path):
    ledger = Ledger(tmp_path / "data")
    assert ledger.path == tmp_path / "data" / DB_NAME and ledger.path.exists()
    with sqlite3.connect(ledger.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_articles_first_seen_only_once(tmp_path):
    ledger = Ledger(tmp_path)
    day1 = dt.datetime(2026, 3, 11, 6, 0, tzinfo=dt.UTC)
    assert ledger.record_articles([doc("a"), doc("b")], now=day1) == {"a", "b"}
    assert ledger.record_articles([doc("b"), doc("c")]) == {"c"}
    # a fresh Ledger on the same dir sees what the first one committed
    assert Ledger(tmp_path).record_articles([doc("a"), doc("c"), doc("d")]) == {"d"}
    with sqlite3.connect(ledger.path) as db:
        stamp = db.execute("SELECT first_seen FROM articles WHERE id = 'b'").fetchone()[0]
    assert stamp == day1.isoformat()  # seeing it again did not move it


def test_previous_briefing_marks_items_new_or_continuing(tmp_path):
    ledger = Ledger(tmp_path)
    ledger.record_briefing(dt.date(2026, 3, 10), tmp_path / "b10.md", 0.01, ["old"])
    ledger.record_briefing(
        dt.date(2026, 3, 11), tmp_path / "b11.md", 0.02, ["talks-istanbul", "strike-odesa"]
    )
    ledger.record_briefing(
        "2026-03-11", None, 0.0, ["talks-istanbul", "strike-odesa", "rerun"]
    )  # re-run wins
    ledger.record_briefing(dt.date(2026, 3, 12), tmp_path / "b12.md", 0.03, ["today-only"])

    previous = ledger.previous_item_keys(dt.date(2026, 3, 12))
    assert previous == {"talks-istanbul", "strike-odesa", "rerun"}
    assert ledger.previous_item_keys("2026-03-10") == set()

    items = [Item("talks-istanbul"), Item("drone-kharkiv"), Item("strike-odesa")]
    ledger.mark_status(items, previous)
    assert [i.status for i in items] == ["continuing", "new", "continuing"]


def send(ledger: Ledger, day, recipients: list[str], message_id: str) -> None:
    ledger.record_sending(day, recipients, message_id)
    ledger.record_sent(message_id)


def test_emails_sent_are_remembered_per_date_and_recipient_set(tmp_path):
    ledger = Ledger(tmp_path)
    day = dt.date(2026, 3, 12)
    assert ledger.already_sent(day, ["desk@example.org"]) is None
    send(ledger, day, ["Desk@Example.org", "ana@example.org"], "<1@example.org>")
    assert ledger.already_sent(day, ["ana@example.org", "desk@example.org"]) == "<1@example.org>"
    assert ledger.already_sent(day, ["desk@example.org"]) is None  # a different recipient set
    assert ledger.already_sent("2026-03-13", ["ana@example.org", "desk@example.org"]) is None
    send(ledger, day, ["ana@example.org", "desk@example.org"], "<2@example.org>")
    assert (
        Ledger(tmp_path).already_sent(day, ["desk@example.org", "ana@example.org"])
        == "<2@example.org>"
    )


def test_an_unconfirmed_send_is_not_a_send_and_is_remembered(tmp_path):
    ledger = Ledger(tmp_path)
    day, to = dt.date(2026, 3, 12), ["desk@example.org"]
    started = dt.datetime(2026, 3, 12, 6, 30, tzinfo=dt.UTC)
    ledger.record_sending(day, to, "<1@example.org>", now=started)
    assert ledger.already_sent(day, to) is None
    last = Ledger(tmp_path).last_email(day, to)
    assert (last.message_id, last.started, last.sent_at) == (
        "<1@example.org>",
        started.isoformat(),
        None,
    )

    ledger.record_sent("<1@example.org>")
    ledger.forget_sending("<1@example.org>")  # only unconfirmed sends are forgotten
    assert ledger.already_sent(day, to) == "<1@example.org>"

    ledger.record_sending(day, to, "<2@example.org>")
    ledger.forget_sending("<2@example.org>")
    assert ledger.last_email(day, to).message_id == "<1@example.org>"


def test_http_validators_round_trip(tmp_path):
    ledger = Ledger(tmp_path)
    url = "https://news.example.org/feed.xml"
    assert ledger.get_validators(url) is None
    ledger.set_validators(url, '"abc"', "Wed, 11 Mar 2026 06:00:00 GMT")
    assert ledger.get_validators(url) == ('"abc"', "Wed, 11 Mar 2026 06:00:00 GMT")
    ledger.set_validators(url, None, "Thu, 12 Mar 2026 06:00:00 GMT")
    assert Ledger(tmp_path).get_validators(url) == (None, "Thu, 12 Mar 2026 06:00:00 GMT")


def test_lock_is_released_after_the_block(tmp_path):
    ledger = Ledger(tmp_path)
    with ledger.lock() as mine:
        holder = ledger.lock_holder()
        assert holder is not None and holder.pid == mine.pid
    assert ledger.lock_holder() is None
    with ledger.lock():
        pass


def test_lock_is_released_when_the_run_fails(tmp_path):
    ledger = Ledger(tmp_path)
    with pytest.raises(RuntimeError), ledger.lock():
        raise RuntimeError("boom")
    assert ledger.lock_holder() is None


def _holder_script(data_dir, action: str) -> str:
    return textwrap.dedent(
        f"""
        import os, sys
        from pathlib import Path
        from briefer.ledger import Ledger
        ledger = Ledger(Path({str(data_dir)!r}))
        cm = ledger.lock()
        cm.__enter__()
        print("locked", flush=True)
        if {action!r} == "crash":
            os._exit(0)  # dies holding the lock, as a killed run would
        sys.stdin.read()
        cm.__exit__(None, None, None)
        """
    )


def test_second_concurrent_run_fails_naming_the_holder(tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c", _holder_script(tmp_path, "hold")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(BrieferError) as info, Ledger(tmp_path).lock():
            pass
        message = str(info.value)
        assert f"pid {holder.pid}" in message
        assert socket.gethostname() in message
        assert "since" in message
        assert info.value.exit_code == 1
    finally:
        holder.communicate("", timeout=30)
    with Ledger(tmp_path).lock():  # released by the holder
        pass


def test_lock_left_by_a_crashed_run_is_taken_over(tmp_path, caplog):
    crashed = subprocess.run(
        [sys.executable, "-c", _holder_script(tmp_path, "crash")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert crashed.stdout.strip() == "locked"
    ledger = Ledger(tmp_path)
    stale = ledger.lock_holder()
    assert stale is not None and stale.hostname == socket.gethostname()
    with caplog.at_level(logging.WARNING, logger="briefer.ledger"), ledger.lock() as mine:
        assert ledger.lock_holder().pid == mine.pid
    assert "stale run lock" in caplog.text and "process is gone" in caplog.text


def _plant_lock(ledger: Ledger, pid: int, hostname: str, started: dt.datetime) -> None:
    with sqlite3.connect(ledger.path) as db:
        db.execute(
            "INSERT OR REPLACE INTO run_lock (name, pid, hostname, started) VALUES ('run', ?, ?, ?)",
            (pid, hostname, started.isoformat()),
        )


def test_lock_from_another_host_is_respected_until_it_is_old(tmp_path, caplog):
    ledger = Ledger(tmp_path, stale_after=dt.timedelta(hours=6))
    now = dt.datetime.now(dt.UTC)
    _plant_lock(ledger, 4242, "other-host", now - dt.timedelta(minutes=5))
    with pytest.raises(BrieferError, match="pid 4242 on other-host"), ledger.lock():
        pass

    _plant_lock(ledger, 4242, "other-host", now - dt.timedelta(hours=7))
    with caplog.at_level(logging.WARNING, logger="briefer.ledger"), ledger.lock():
        pass
    assert "older than" in caplog.text
