"""Publishing a run: what is written, e-mailed and recorded when chunks failed.

A real SMTP server on loopback receives what is sent. A run whose chunks all failed, or
whose failed share is over `max_failed_share`, is written with its warning but neither
e-mailed nor recorded as the day's briefing, so the next successful run sends.
"""

from __future__ import annotations

import email
import email.policy
import socket
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from briefer.config import load_settings
from briefer.errors import ModelError
from briefer.extract.base import Answer, ExtractRequest
from briefer.ledger import Ledger
from briefer.offline import OfflineBackend
from briefer.pipeline import publish, run_brief

ARTICLE = "Title: {title}\nPublished: 2026-03-11\n\nRussia launched {n} drones at Kharkiv overnight, Ukraine's air force said.\n"


class Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's naming)
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 2.0.0 queued"


@pytest.fixture
def inbox():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    box = Inbox()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    box.port = port
    yield box
    controller.stop()


class Failing:
    """A reader that fails every chunk holding one of `words` (as a model that is down
    for some requests), and reads the rest with the offline rules."""

    name = "offline"
    model = "offline-rules-1"
    cacheable = False
    schema_checked = False

    def __init__(self, *words: str) -> None:
        self.words = words
        self.offline = OfflineBackend()

    async def complete(self, request: ExtractRequest) -> Answer:
        if any(word in request.chunk.text for word in self.words):
            raise ModelError("model call to https://api.openai.com/v1 failed after 5 attempts")
        return await self.offline.complete(request)

    async def aclose(self) -> None:
        return None


def _articles(folder: Path, count: int) -> list[str]:
    paths = []
    for n in range(count):
        path = folder / f"article-{n}.txt"
        path.write_text(ARTICLE.format(title=f"Wave {n}", n=10 + n), encoding="utf-8")
        paths.append(str(path))
    return paths


def _settings(tmp_path: Path, inbox: Inbox, inputs: list[str], **extra):
    return load_settings(
        {
            "inputs": inputs,
            "date": "2026-03-11",
            "since": "48h",
            "output": str(tmp_path / "briefing.md"),
            "email_to": ["desk@example.org"],
            "mail_from": "briefer@example.org",
            "smtp_host": "127.0.0.1",
            "smtp_port": inbox.port,
            "smtp_security": "none",
            **extra,
        }
    )


def _publish(settings, backend):
    ledger = Ledger(Path(settings.data_dir))
    said: list[str] = []
    result = run_brief(settings, backend=backend, notify=said.append, ledger=ledger)
    publish(result, settings, ledger, notify=said.append)
    return result, ledger, said


def test_a_run_whose_chunks_all_failed_is_not_sent_and_the_next_run_sends(tmp_path, inbox):
    settings = _settings(tmp_path, inbox, _articles(tmp_path, 2))
    result, ledger, said = _publish(settings, Failing("Kharkiv"))
    assert result.exit_code == 3
    written = (tmp_path / "briefing.md").read_text(encoding="utf-8")
    assert "**Warning:** 2 of 2 chunks could not be read" in written
    assert "article-0.txt" in written and "article-1.txt" in written  # named, not just counted
    assert inbox.messages == []
    assert ledger.already_sent("2026-03-11", ["desk@example.org"]) is None
    assert any("not e-mailed" in line and "every chunk failed" in line for line in said)

    # the model is back: the next run sends, and is not told "already sent"
    result, ledger, said = _publish(settings, OfflineBackend())
    assert result.exit_code == 0
    [message] = inbox.messages
    assert "2026-03-11" in message["Subject"]
    assert ledger.already_sent("2026-03-11", ["desk@example.org"]) is not None


def test_a_run_over_the_failed_share_is_written_but_not_sent(tmp_path, inbox):
    inputs = _articles(tmp_path, 3)
    settings = _settings(tmp_path, inbox, inputs)
    result, ledger, said = _publish(settings, Failing("10 drones", "11 drones"))
    assert result.exit_code == 1 and len(result.failed) == 2
    assert inbox.messages == []
    assert any("2 of 3 chunks failed, over the 50% allowed" in line for line in said)
    assert ledger.previous_item_keys("2026-03-12") == set()  # not the day's briefing


def test_a_failed_share_within_the_threshold_is_sent_with_its_warning(tmp_path, inbox):
    inputs = _articles(tmp_path, 3)
    settings = _settings(tmp_path, inbox, inputs, max_failed_share=0.7)
    result, ledger, _ = _publish(settings, Failing("10 drones", "11 drones"))
    assert result.exit_code == 1
    [message] = inbox.messages
    body = message.get_body(("plain",)).get_content()
    assert "2 of 3 chunks could not be read" in body and "article-0.txt" in body


def test_an_old_story_not_sent_to_the_reader_does_not_hide_that_every_read_failed(tmp_path, inbox):
    """A story older than the window is Background from its metadata and never read: the
    run whose every read chunk failed is still 'every chunk failed', exit 3, not sent."""
    inputs = _articles(tmp_path, 1)
    old = tmp_path / "old.txt"
    old.write_text(
        "Title: Summit planned\nPublished: 2024-03-13\n\nSwitzerland will host a summit.\n",
        encoding="utf-8",
    )
    settings = _settings(tmp_path, inbox, [*inputs, str(old)])
    result, ledger, said = _publish(settings, Failing("Kharkiv"))
    assert result.exit_code == 3
    assert any("every chunk failed (1 of 1)" in line for line in said)
    assert inbox.messages == []
