"""Turn file contents into Documents: text with a header block or front matter, and
JSON / JSON Lines records such as any scraper writes."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from ..data import Document, stable_id
from ..errors import InputError
from ..redact import redact_url
from .published import parse_date

__all__ = [
    "Meta",
    "canonical_url",
    "document_id",
    "new_document",
    "normalize_text",
    "parse_json_records",
    "parse_meta_lines",
    "record_to_meta",
    "split_text_header",
]

# Header keys as written in a text file's header block or front matter, mapped to Meta fields.
_HEADER_KEYS = {
    "title": "title",
    "headline": "title",
    "source": "outlet",
    "outlet": "outlet",
    "publisher": "outlet",
    "site": "outlet",
    "url": "url",
    "link": "url",
    "published": "published",
    "date": "published",
}
_HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z_ -]{0,20}):[ \t]*(.*?)\s*$")
_FENCE = re.compile(r"^-{3,}\s*$")

# JSON record fields and their common aliases (news-please, newspaper3k, NewsAPI, feeds).
_RECORD_ALIASES = {
    "text": (
        "text",
        "content",
        "body",
        "maintext",
        "article",
        "full_text",
        "fulltext",
        "article_text",
        "description",
    ),
    "html": ("html", "raw_html", "content_html"),
    "title": ("title", "headline", "name"),
    "url": ("url", "link", "canonical_url", "href", "permalink", "source_url"),
    "outlet": (
        "source",
        "outlet",
        "site",
        "sitename",
        "site_name",
        "publisher",
        "source_domain",
        "domain",
        "feed",
    ),
    "published": (
        "published",
        "published_at",
        "publishedAt",
        "date",
        "date_publish",
        "datePublished",
        "pubDate",
        "pub_date",
        "published_date",
        "time",
        "timestamp",
        "created_at",
        "updated",
    ),
}


@dataclass
class Meta:
    """Metadata found for one input, before flags are applied."""

    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None  # ISO, or None
    published_raw: str | None = None  # as written, when it did not parse

    def merged_over(self, base: Meta) -> Meta:
        """This metadata where given, `base` elsewhere."""
        return Meta(
            title=self.title or base.title,
            outlet=self.outlet or base.outlet,
            url=self.url or base.url,
            published=self.published or base.published,
            published_raw=self.published_raw if not self.published else None,
        )


def normalize_text(text: str) -> str:
    """Text as compared for duplicates: NFKC, case-folded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def document_id(text: str) -> str:
    """The stable id of a document: a hash of its normalized text."""
    return stable_id(normalize_text(text))


def new_document(source: str, text: str, meta: Meta, *, date_basis: str) -> Document:
    """A Document with its id computed from the text; a URL's userinfo (`user:pass@`) is
    never kept, as the source and URL are printed in the briefing and its warnings."""
    text = text.strip()
    return Document(
        id=document_id(text),
        source=redact_url(source) if "://" in source else source,
        text=text,
        title=_clean(meta.title),
        outlet=_clean(meta.outlet),
        url=redact_url(_clean(meta.url)),
        published=meta.published,
        date_basis=date_basis if meta.published else "unknown",
    )


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(str(value).split())
    return value or None


def _assign(meta: Meta, key: str, value: str) -> bool:
    field_name = _HEADER_KEYS.get(key.strip().lower().replace(" ", "_").replace("-", "_"))
    if field_name is None:
        return False
    value = value.strip().strip("\"'").strip()
    if field_name == "published":
        meta.published = parse_date(value)
        meta.published_raw = None if meta.published else value
    elif value:
        setattr(meta, field_name, value)
    return True


def parse_meta_lines(text: str) -> Meta:
    """Metadata from `Key: value` lines (a `.meta` sidecar file); unknown keys are ignored."""
    meta = Meta()
    for line in text.splitlines():
        match = _HEADER_LINE.match(line.strip())
        if match:
            _assign(meta, match.group(1), match.group(2))
    return meta


def split_text_header(text: str) -> tuple[Meta, str]:
    """Split a text file into its metadata and body.

    Two forms are read: YAML-style front matter between `---` lines, and a header block of
    `Title:`, `Source:`, `URL:`, `Published:` lines at the very top, ended by a blank line
    or a `---` line. A file with neither is all body.
    """
    lines = text.lstrip("\ufeff").splitlines()
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start < len(lines) and _FENCE.match(lines[start]):
        for end in range(start + 1, len(lines)):
            if _FENCE.match(lines[end]):
                meta = Meta()
                known = False
                for line in lines[start + 1 : end]:
                    match = _HEADER_LINE.match(line.strip())
                    if match:
                        known |= _assign(meta, match.group(1), match.group(2))
                if known:
                    return meta, "\n".join(lines[end + 1 :])
                break
        return Meta(), text
    meta = Meta()
    index = start
    while index < len(lines):
        match = _HEADER_LINE.match(lines[index].strip())
        if not match or match.group(1).strip().lower().replace(" ", "_") not in _HEADER_KEYS:
            break
        _assign(meta, match.group(1), match.group(2))
        index += 1
    if index == start:
        return Meta(), text
    if index < len(lines) and (not lines[index].strip() or _FENCE.match(lines[index])):
        index += 1
    return meta, "\n".join(lines[index:])


def _pick(record: dict[str, Any], field_name: str) -> Any:
    for key in _RECORD_ALIASES[field_name]:
        value = record.get(key)
        if value not in (None, "", [], {}):
            return value
    return None


def record_to_meta(record: dict[str, Any]) -> tuple[Meta, str | None, str | None]:
    """(metadata, text, html) from one JSON record, reading common field aliases."""
    outlet = _pick(record, "outlet")
    if isinstance(outlet, dict):  # NewsAPI: {"id": ..., "name": ...}
        outlet = outlet.get("name") or outlet.get("title") or outlet.get("id")
    raw_date = _pick(record, "published")
    published = parse_date(raw_date)
    text = record.get("text") or record.get("content") or record.get("body")
    if not isinstance(text, str) or not text.strip():
        picked = _pick(record, "text")
        text = picked if isinstance(picked, str) else None
    html = _pick(record, "html")
    url = _pick(record, "url")
    title = _pick(record, "title")
    meta = Meta(
        title=title if isinstance(title, str) else None,
        outlet=outlet if isinstance(outlet, str) else None,
        url=url if isinstance(url, str) else None,
        published=published,
        published_raw=None if published or raw_date is None else str(raw_date),
    )
    return meta, text, html if isinstance(html, str) else None


def parse_json_records(
    content: str, source: str, *, lines: bool | None
) -> list[tuple[str, dict[str, Any] | InputError]]:
    """The records of a JSON file (one object, a list of objects or a NewsAPI-style
    `articles` envelope) or a JSON Lines file, each parsed once.

    `lines=True` reads JSON Lines; `lines=False` one JSON document, or JSON Lines when every
    line parses on its own (JSON Lines saved as `.json`); `lines=None` one JSON document if
    the whole parses, else JSON Lines (standard input, where no file name tells).

    Returns (location, record) pairs, location being `source#N` (1-based line or item).
    A JSON file that does not parse raises InputError; a bad JSON Lines line is returned
    as a location with an InputError in place of the record, so the caller can warn and
    go on.
    """
    if lines:
        return _json_lines(content, source)
    try:
        data = json.loads(content)
    except json.JSONDecodeError as exc:
        found = _json_lines(content, source)
        if lines is None or not any(isinstance(record, InputError) for _, record in found):
            return found
        raise InputError(
            f"{source}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})",
            path=source,
        ) from exc
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]  # NewsAPI and similar envelopes
    if isinstance(data, dict):
        return [(source, data)]
    if isinstance(data, list):
        return [(f"{source}#{number}", item) for number, item in enumerate(data, start=1)]
    raise InputError(f"{source}: expected a JSON object or a list of objects", path=source)


def _json_lines(content: str, source: str) -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            record = InputError(f"{source}, line {number}: not valid JSON ({exc.msg})")
        found.append((f"{source}#{number}", record))
    return found


_TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|mc_cid|mc_eid|ocid|cmpid|ito|at_\w+|_ga|igshid|ref|ref_src|smid|taid)$",
    re.IGNORECASE,
)


def canonical_url(url: str | None) -> str | None:
    """A comparison key for URLs: scheme, `www.`, default ports, fragments, tracking
    parameters and trailing slashes do not make two links different articles."""
    from urllib.parse import parse_qsl, urlencode, urlsplit

    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return url.strip()
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return url.strip()
    host = parts.hostname.lower().removeprefix("www.")
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    path = parts.path.rstrip("/") or "/"
    query = urlencode(
        sorted(
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _TRACKING_PARAMS.match(k)
        )
    )
    return f"{host}{path}" + (f"?{query}" if query else "")
