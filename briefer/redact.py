"""Credentials kept out of everything briefer prints: URLs with `user:password@`, API keys
and the secrets the settings hold.

The CLI passes every line it writes to stderr through `redact`, so a credential that
reaches an error message, a warning or a progress line from anywhere (an SDK's exception
text, a fetched URL, `OPENAI_BASE_URL`) is masked at the one place output leaves.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

__all__ = ["MASK", "forget_secrets", "redact", "redact_url", "remember_secret"]

MASK = "***"
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.\-]*://)[^/\s@?#]+@")
_KEYS = re.compile(r"\b(?:sk|org|proj)-[A-Za-z0-9_\-*]{4,}")
_MIN_SECRET = 8  # shorter values ("none", "EMPTY", "ollama": dummy keys) would mask ordinary words
_known: set[str] = set()


def remember_secret(value: str | None) -> None:
    """Mask `value` wherever `redact` sees it from now on (the settings' secrets)."""
    if value and len(value) >= _MIN_SECRET:
        _known.add(value)


def forget_secrets() -> None:
    """Drop the remembered secrets (for tests that load settings several times)."""
    _known.clear()


def redact(text: str) -> str:
    """`text` with every URL's userinfo, every API-key-shaped token and every remembered
    secret replaced by the mask."""
    for secret in sorted(_known, key=len, reverse=True):
        text = text.replace(secret, MASK)
    text = _USERINFO.sub(rf"\g<1>{MASK}@", text)
    return _KEYS.sub(MASK, text)


def redact_url(url: str | None) -> str | None:
    """A URL without its userinfo (`http://user:pass@host/v1` -> `http://***@host/v1`)."""
    if not url:
        return url
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"{MASK}@{host}"))
