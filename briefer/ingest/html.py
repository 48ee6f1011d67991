"""HTML to text: trafilatura for whole pages, a small lxml walk for feed content.

trafilatura runs with precision-oriented settings (no comments, no tables, no links), so
navigation, related-story lists, cookie banners and newsletter appeals stay out of the
text; the segment stage removes what little furniture survives inside the article body.
"""

from __future__ import annotations

import html as htmllib
import json
import re
import sys
import types
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..errors import InputError
from .published import parse_date
from .records import Meta

__all__ = [
    "MIN_SENTENCE_WORDS",
    "PageText",
    "extract_page",
    "fragment_to_text",
    "stated_published",
]

_BLOCK_TAGS = {
    "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
    "section", "article", "tr", "dd", "dt", "figcaption", "header", "footer", "ul", "ol",
}  # fmt: skip
_DROP_TAGS = ("script", "style", "noscript", "iframe", "svg", "form", "button", "nav", "aside")


MIN_SENTENCE_WORDS = 8
"""A page whose text has no line this long holds no article (menus, link lists)."""


def _strip_furniture(text: str) -> str:
    from ..segment import strip_boilerplate

    return "\n".join(strip_boilerplate(text.splitlines())).strip()


@dataclass
class PageText:
    """The main text of a page and the metadata trafilatura found on it."""

    text: str
    title: str | None = None
    published: str | None = None
    sitename: str | None = None
    url: str | None = None

    def meta(self) -> Meta:
        """The page's metadata as ingest merges it (the site name is the outlet)."""
        return Meta(title=self.title, outlet=self.sitename, url=self.url, published=self.published)


@cache
def _trafilatura() -> types.ModuleType:
    """Import trafilatura, working around a split lxml package.

    lxml 5.2 moved `lxml.html.clean` into the separate `lxml_html_clean` package. jusText
    (a trafilatura dependency) imports its `Cleaner` at import time, though trafilatura never
    calls it; when the package is missing, a stand-in module lets the import succeed.
    """
    try:
        import lxml.html.clean  # noqa: F401
    except ImportError:
        stand_in = types.ModuleType("lxml.html.clean")

        class Cleaner:  # pragma: no cover - never called by trafilatura
            def __init__(self, **options: Any) -> None:
                raise ImportError("lxml.html.clean is not installed (pip install lxml_html_clean)")

        stand_in.Cleaner = Cleaner  # type: ignore[attr-defined]
        sys.modules["lxml.html.clean"] = stand_in
    try:
        import trafilatura
    except ImportError as exc:  # pragma: no cover - a broken installation
        raise InputError(f"cannot read HTML: trafilatura is not usable ({exc})") from exc
    return trafilatura


def extract_page(html: str | bytes, url: str | None = None) -> PageText | None:
    """Main text and metadata of an HTML page, or None when trafilatura finds no article."""
    trafilatura = _trafilatura()
    try:
        result = trafilatura.bare_extraction(
            html,
            url=url,
            favor_precision=True,
            include_comments=False,
            include_tables=False,
            include_links=False,
            include_images=False,
            with_metadata=True,
            # Only dates the page states (meta tags, time elements), not guesses from footers.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # trafilatura raises assorted parser errors on broken markup
        return None
    if result is None:
        return None
    data = result if isinstance(result, dict) else result.as_dict()
    text = _strip_furniture(data.get("text") or "")
    if not any(len(line.split()) >= MIN_SENTENCE_WORDS for line in text.splitlines()):
        return None  # menus and link lists only: no article on this page
    page_url = data.get("url")
    if not (isinstance(page_url, str) and page_url.startswith(("http://", "https://"))):
        page_url = None
    return PageText(
        text=text,
        title=data.get("title") or None,
        published=stated_published(html) or parse_date(data.get("date")),
        sitename=_site_name(html, data.get("sitename"), data.get("title")),
        url=page_url,
    )


# how a page's <title> sets its outlet's name after the headline ("Headline | Outlet")
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " · ", " :: ")
_OUTLET_WORDS = 6  # an outlet's name is short; a longer tail is part of the headline


def _site_name(html: str | bytes, found: str | None, title: str | None) -> str | None:
    """The outlet: the page's own site name, else the part of its <title> after the
    headline ("… Land Remains the Wall - The Chesapeake Tribune"). Where a page names no
    site, trafilatura gives the headline itself or the host name, and the headline stood
    as the outlet in Sources and as the speaker of the page's own voice (invented dev7:
    "2 killed (… and In Doha)")."""
    host = bool(found) and " " not in found and "." in found  # "northernstandard.example.com"
    if found and found != title and not host:
        return found
    return _title_outlet(html, title) or (found if found and found != title else None)


def _title_outlet(html: str | bytes, headline: str | None) -> str | None:
    if isinstance(html, bytes):
        html = html.decode("utf-8", "replace")
    match = re.search(r"<title[^>]*>(.*?)</title\s*>", html, re.IGNORECASE | re.DOTALL)
    if not match:
        return None
    raw = " ".join(htmllib.unescape(match.group(1)).split())
    cut = max(((raw.rfind(sep), sep) for sep in _TITLE_SEPARATORS), default=(-1, ""))
    if cut[0] <= 0:
        return None
    tail = raw[cut[0] + len(cut[1]) :].strip()
    if tail in (headline or ""):  # "Talks in Doha - what we know" is all headline
        return None
    return tail if 0 < len(tail.split()) <= _OUTLET_WORDS else None


# where a page states when it was published, most trusted first
_PUBLISHED_META = (
    "article:published_time", "datepublished", "pubdate", "publishdate", "publish-date",
    "dc.date.issued", "dcterms.issued", "dc.date", "parsely-pub-date", "sailthru.date",
)  # fmt: skip


def stated_published(html: str | bytes) -> str | None:
    """The publication time a page states in its markup, to the minute and with its offset:
    a meta tag (`article:published_time`, `datePublished`, Dublin Core), JSON-LD
    `datePublished`, or the article's `<time datetime>`.

    trafilatura's date search keeps only the day and refuses a date after the machine's
    own clock, so a page published at 00:30 Kyiv time, still the day before in UTC, would
    have no date; this reads the markup the page gives and nothing else.
    """
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.fromstring(html)
    except (etree.ParserError, ValueError):
        return None
    stated: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in _PUBLISHED_META and meta.get("content"):
            stated.setdefault(key, meta.get("content"))
    for key in _PUBLISHED_META:
        found = parse_date(stated.get(key))
        if found:
            return found
    for script in root.xpath('//script[@type="application/ld+json"]'):
        found = parse_date(_json_ld_published(script.text or ""))
        if found:
            return found
    times = root.xpath(
        "//article//time[@datetime] | //time[@itemprop='datePublished'][@datetime]"
        " | //time[@pubdate][@datetime]"
    )
    return parse_date(times[0].get("datetime")) if times else None


def _json_ld_published(text: str) -> str | None:
    try:
        data = json.loads(text)
    except ValueError:
        return None
    nodes = data if isinstance(data, list) else [data]
    if isinstance(data, dict) and isinstance(data.get("@graph"), list):
        nodes = [data, *data["@graph"]]
    for node in nodes:
        if isinstance(node, dict) and isinstance(node.get("datePublished"), str):
            return node["datePublished"]
    return None


def fragment_to_text(html: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content): one line per block."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return html
    for bad in root.xpath("|".join(f"//{tag}" for tag in _DROP_TAGS)):
        bad.drop_tree()
    parts: list[str] = []

    def walk(element: Any) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _BLOCK_TAGS:
            parts.append("\n")
        if element.text and tag:
            parts.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if tag in _BLOCK_TAGS:
            parts.append("\n")

    walk(root)
    lines = (" ".join(line.split()) for line in "".join(parts).splitlines())
    return _strip_furniture("\n".join(line for line in lines if line))
