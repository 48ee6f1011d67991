"""What briefer.redact masks in a printed line, and what it leaves alone."""

from __future__ import annotations

import pytest

from briefer.redact import forget_secrets, redact, redact_url, remember_secret

CASES = [
    (
        "model call to http://user:pw@llm.internal/v1 failed",
        "model call to http://***@llm.internal/v1 failed",
    ),
    ("fetching https://tok@example.org/a?x=1", "fetching https://***@example.org/a?x=1"),
    ("key sk-proj-abcdef0123 rejected", "key *** rejected"),
    ("mail to desk@example.org sent", "mail to desk@example.org sent"),
    ("smtp_security none", "smtp_security none"),
]


@pytest.mark.parametrize(("line", "shown"), CASES)
def test_redact(line, shown):
    assert redact(line) == shown


def test_remembered_secrets_are_masked_but_short_dummy_keys_are_not():
    try:
        remember_secret("hunter2-very-secret")
        remember_secret("none")  # a local server's dummy key: masking it would garble words
        assert (
            redact("login with hunter2-very-secret failed: none") == "login with *** failed: none"
        )
    finally:
        forget_secrets()


def test_redact_url():
    assert redact_url("http://u:p@127.0.0.1:8080/v1") == "http://***@127.0.0.1:8080/v1"
    assert redact_url("https://example.org/feed") == "https://example.org/feed"
    assert redact_url(None) is None
