"""Article text made inert before it reaches the markdown and JSON outputs.

An article is third-party text: it may carry raw HTML (`<script>`, `<img onerror=…>`), a
Markdown link or image whose target is `javascript:` or `data:`, or an autolink to one.
A viewer that renders the briefing would run or follow them. `neutralise` removes HTML
tags and comments and turns every link whose target is not http(s) into its label; an
http(s) link stays. `safe_link` keeps a URL only when it is http(s). The HTML e-mail
escapes everything on its own (`briefer.mail`).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

__all__ = ["neutralise", "neutralise_data", "safe_link"]

_SAFE_SCHEMES = ("http", "https")
# [label](target "title") and ![alt](target): the target is the first token in the parens
_MD_LINK = re.compile(
    r"(!?)\[([^\[\]\n]*)\]\(\s*<?([^()\s<>]*(?:\([^()\s]*\))?[^()\s<>]*)>?[^)\n]*\)"
)
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^<>\s]*)>")


def safe_link(url: str | None) -> str | None:
    """`url` when it is an http(s) URL with a host; None otherwise."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url if parts.scheme.lower() in _SAFE_SCHEMES and parts.netloc else None


def _link(match: re.Match[str]) -> str:
    bang, label, target = match.groups()
    if safe_link(target) and not bang:
        return match.group(0)
    return label  # an image or an unsafe link is its words alone


def _autolink(match: re.Match[str]) -> str:
    target = match.group(1)
    return match.group(0) if safe_link(target) else target


def neutralise(text: str) -> str:
    """`text` with HTML tags and comments removed and links that are not http(s) turned
    into plain words; nothing else changes."""
    if "<" not in text and "](" not in text:
        return text
    text = _HTML_COMMENT.sub("", text)
    text = _MD_LINK.sub(_link, text)
    text = _AUTOLINK.sub(_autolink, text)
    return _HTML_TAG.sub("", text)


def neutralise_data(value: Any, key: str | None = None) -> Any:
    """`neutralise` over every string of a JSON-like value; a `url` that is not http(s)
    becomes None."""
    if isinstance(value, str):
        if key == "url":
            return safe_link(value)
        return neutralise(value)
    if isinstance(value, dict):
        return {k: neutralise_data(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [neutralise_data(v) for v in value]
    return value
