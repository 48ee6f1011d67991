"""Segment: Documents into Stories, page furniture removed.

Two jobs, both line-based and deliberately general:

* **Boilerplate** - a "Recommended Stories" / "Related" header and the list that follows it
  ("list of 4 items", "list 1 of 4 ..."), stray "list K of N" items, "Read more: ..." lines,
  "With inputs from ..." credits, cookie, newsletter and sign-up appeals, share buttons and
  similar one-line page chrome.
* **Listing pages** - a topic page that strings several stories together, in one of two
  layouts. Either each story is ended by an age marker line ("3 days ago", "2 years ago",
  "yesterday"): it is dated from its marker and the page's own date (calendar arithmetic for
  months and years), and a page heading before the first story (a topic label) is dropped
  rather than glued to story one. Or each story is led by its headline and a date line
  under it ("13 October 2026 · 18:20"): it is dated by that line, and what stands before the
  first headline (page title, topic label, navigation) or between a story's last paragraph
  and the next headline (a section label, a newsletter heading, the footer) is dropped.
  Whichever kind of marker is on more lines wins.

A document without either is one story carrying the document's date; a date line under its
title dates it only when the document has no date of its own.
"""

from __future__ import annotations

import calendar
import functools
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from importlib import resources

from .data import Document, Story, stable_id
from .ingest.published import parse_date

__all__ = [
    "age_marker",
    "date_from_marker",
    "date_line",
    "first_headline",
    "is_boilerplate",
    "looks_like_headline",
    "plain",
    "segment",
    "segment_all",
    "strip_boilerplate",
]

_AGE_MARKER = re.compile(
    r"^(?:(?:updated|published|posted)\s*:?\s+)?"
    r"(?:(?P<count>\d+|an?|one)\s+(?P<unit>sec(?:ond)?|min(?:ute)?|h(?:ou)?r|day|week|month|year)s?\s+ago"
    r"|(?P<word>yesterday|today|just now))\.?$",
    re.IGNORECASE,
)
# A search listing's card header: its age, short, and the provider it came through ("3don
# MSN", "5h on Reuters"). It heads the card it dates, unlike "3 days ago" under a teaser:
# real news dev, 2025-07-12 (a Bing News listing), the text after "3don MSN" told the
# record barrage of three days before, which came out as the night's own news ("597–700
# drones"; blind review: wrong, three lines).
_CARD_AGE = re.compile(r"^(?P<count>\d{1,3})\s?(?P<unit>mo|[smhdwy])\s?on\s+[A-Z][\w.&'’ -]{0,40}$")
_CARD_UNITS = {"s": "second", "m": "minute", "h": "hour", "d": "day", "w": "week",
               "mo": "month", "y": "year"}  # fmt: skip
# "18:20", "6:20 pm", "6pm", each maybe with a zone ("GMT", "EEST", "UTC+3").
_TIME = (
    r"(?:\d{1,2}(?:[:.]\d{2})?\s*[ap]\.?m\.?|\d{1,2}:\d{2})"
    r"(?:\s+(?-i:[A-Z]{2,5})(?:[+-]\d{1,2}(?::?\d{2})?)?)?"
)
# A line that is only a date (read by `parse_date`), maybe led by "Published" and followed
# by a time: "13 October 2026 · 18:20", "Updated: Oct. 13, 2026".
_DATE_LINE = re.compile(
    r"^(?:(?:first\s+|last\s+)?(?:published|updated|posted)(?:\s+on)?(?:\s*:\s*|\s+))?"
    r"(?P<date>[^·|:]+?)"  # no time inside: "13 October 2026 18:20 today" is no date line
    rf"(?:(?:\s*[·|,•–—-]\s*|\s+at\s+|\s+){_TIME})?\.?$",
    re.IGNORECASE,
)
_LIST_ITEM = re.compile(r"^[\s\-–—•*·]*(?:list of \d+ items?\W*)?list \d+ of \d+", re.IGNORECASE)
_LIST_COUNT = re.compile(r"list of (\d+) items?", re.IGNORECASE)
_BYLINE = re.compile(r"^(?i:by)\s+[A-Z][^!?;:]{0,60}$")


@dataclass(frozen=True)
class _Furniture:
    """`furniture.toml`, compiled: what page furniture looks like."""

    related: re.Pattern[str]  # a header over a list of other stories
    lead_in: re.Pattern[str]  # "Read more: ...", "Watch | ..."
    lines: tuple[tuple[re.Pattern[str], bool, int | None], ...]  # (pattern, search, longest)
    share_words: frozenset[str]
    share_cues: frozenset[str]
    share_longest: int
    chrome: frozenset[str]


@functools.cache
def _furniture() -> _Furniture:
    data = tomllib.loads((resources.files("briefer") / "furniture.toml").read_text("utf-8"))
    related, lead_in, share = data["related"], data["lead_in"], data["share"]
    heads, nouns = "|".join(related["heads"]), "|".join(related["nouns"])
    return _Furniture(
        related=re.compile(rf"^(?:{heads})(?:\s+(?:{nouns}))?\s*:?$", re.IGNORECASE),
        lead_in=re.compile(rf"^(?:{'|'.join(lead_in['words'])})\s*[:|>»\-–—]+\s*\S", re.IGNORECASE),
        lines=tuple(
            (
                re.compile(line["pattern"], re.IGNORECASE),
                line.get("search", False),
                line.get("longest"),
            )
            for line in data["line"]
        ),
        share_words=frozenset(share["words"]),
        share_cues=frozenset(share["cues"]),
        share_longest=int(share["longest"]),
        chrome=frozenset(line.casefold() for line in data["chrome"]["lines"]),
    )


_WORD = re.compile(r"[\w'-]+")


# Markdown's marks around a whole line: "## Headline", "*9 December 2026, 08:45*"
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
_MARKDOWN_EMPHASIS = re.compile(r"^(\*{1,3}|_{1,3})(?P<inner>\S(?:.*\S)?)\1$")


def plain(line: str) -> str:
    """A line without the Markdown marks around it (heading hashes, whole-line emphasis),
    so a Markdown page's headlines and date lines read like any other page's."""
    text = _MARKDOWN_HEADING.sub("", line.strip())
    emphasis = _MARKDOWN_EMPHASIS.match(text)
    return emphasis.group("inner").strip() if emphasis else text


def age_marker(line: str) -> re.Match[str] | None:
    """The match when a whole line is an age marker ("3 days ago", "yesterday")."""
    return _AGE_MARKER.match(line.strip())


def card_age(line: str) -> str | None:
    """The age marker a search listing's card header gives ("3 days ago" for "3don MSN"),
    else None."""
    match = _CARD_AGE.match(line.strip())
    if match is None:
        return None
    count, unit = int(match.group("count")), _CARD_UNITS[match.group("unit")]
    return f"{count} {unit}{'s' if count != 1 else ''} ago"


def date_line(line: str) -> str | None:
    """The ISO date when a whole line is a printed date ("13 October 2026 · 18:20",
    "Published: Oct. 13, 2026", "2026-10-13"), else None.

    Only the whole line counts, so a sentence or a headline that mentions a date is not one;
    nor is a date the calendar does not have ("31 June 2026", or "10.13.2026" read day first).
    """
    match = _DATE_LINE.match(plain(line))
    if match is None or not any(ch.isdigit() for ch in match.group("date")):
        return None
    found = parse_date(match.group("date").strip())
    return found[:10] if found and len(found) >= 10 else None


def is_boilerplate(line: str) -> bool:
    """True for a single line of page furniture (not counting multi-line blocks)."""
    text = line.strip()
    if not text:
        return False
    furniture = _furniture()
    folded = text.casefold().rstrip(":.")
    if folded in furniture.chrome or text.casefold() in furniture.chrome:
        return True
    if _LIST_ITEM.match(text) or furniture.lead_in.match(text):
        return True
    for pattern, search, longest in furniture.lines:
        if (longest is None or len(text) <= longest) and (
            pattern.search(text) if search else pattern.match(text)
        ):
            return True
    if len(text) <= furniture.share_longest:
        words = {word.casefold() for word in _WORD.findall(text)}
        if words and words <= furniture.share_words and words & furniture.share_cues:
            return True
    return False


def looks_like_headline(line: str) -> bool:
    """A short line shaped like a title: capitalised, a few words, no closing full stop."""
    text = plain(line)
    if not 3 <= len(text) <= 160:
        return False
    words = text.split()
    if not 2 <= len(words) <= 24:
        return False
    if text[-1] in ".,;:" or text.endswith("..."):
        return False
    first = text[0]
    if not (first.isupper() or first.isdigit() or first in "‘'\"“«"):
        return False
    return not (
        age_marker(text)
        or date_line(text)
        or is_boilerplate(text)
        or _furniture().related.match(text)
    )


def first_headline(lines: Iterable[str]) -> str | None:
    """The first non-blank line, a Markdown `#` mark removed, when it reads as a title."""
    first = next((line.strip() for line in lines if line.strip()), "").lstrip("# ").strip()
    return first if looks_like_headline(first) else None


def _is_body(line: str) -> bool:
    text = line.strip()
    return (
        bool(text)
        and not looks_like_headline(text)
        and not date_line(text)
        and (len(text) >= 60 or text[-1] in '.!?"”’)')
    )


def strip_boilerplate(lines: Iterable[str]) -> list[str]:
    """The lines without page furniture; related-story blocks are removed whole."""
    lines = list(lines)
    kept: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index].strip()
        if _furniture().related.match(line) and not age_marker(line):
            index = _skip_related_block(lines, index + 1)
            continue
        if not is_boilerplate(line):
            kept.append(line)
        index += 1
    return kept


def _skip_related_block(lines: list[str], index: int) -> int:
    """Index of the first line after a related-stories list starting at `index`."""
    listed = False
    limit = 8
    dropped = 0
    while index < len(lines):
        line = lines[index].strip()
        if not line:
            if dropped:
                break
            index += 1
            continue
        if _LIST_ITEM.match(line):
            listed = True
            count = _LIST_COUNT.search(line)
            if count:
                limit = int(count.group(1))
            dropped += 1
            index += 1
            continue
        if dropped and not listed and date_line(line):
            index += 1  # the date printed under the listed headline before it
            continue
        if listed or dropped >= limit or not looks_like_headline(line):
            break
        # A headline directly followed by prose (maybe under its date line) is the article's
        # own subheading or the next story; one followed by a blank line closes the list and
        # is its last item.
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if date_line(following):
            following = lines[index + 2].strip() if index + 2 < len(lines) else ""
        if following and _is_body(following):
            break
        dropped += 1
        index += 1
    return index


@dataclass
class _Segment:
    lines: list[str]
    marker: str | None

    @property
    def has_body(self) -> bool:
        return any(_is_body(line) for line in self.lines)

    def leading_headlines(self) -> int:
        count = 0
        for line in self.lines:
            if not line:
                continue
            if not looks_like_headline(line):
                break
            count += 1
        return count


def _split_by_markers(lines: list[str]) -> list[_Segment]:
    segments: list[_Segment] = []
    current: list[str] = []
    for line in lines:
        if age_marker(line):
            segments.append(_Segment(current, line.strip()))
            current = []
        else:
            current.append(line)
    segments.append(_Segment(current, None))
    merged: list[_Segment] = []
    carry: list[str] = []
    carried_marker: str | None = None
    for seg in segments:
        seg = _Segment(carry + seg.lines, seg.marker or carried_marker)
        carry, carried_marker = [], None
        if seg.has_body:
            merged.append(seg)
        elif seg.marker is not None:
            # Only a title (or nothing) before the marker: a dateline for what follows.
            carry, carried_marker = seg.lines, seg.marker
    return merged


def _drop_page_heading(segments: list[_Segment]) -> None:
    """Drop a topic label before the first story of a listing page.

    The label shows as one more leading headline-like line in story one than the other
    stories have (they start straight with their own title).
    """
    if len(segments) < 2:
        return
    first = segments[0].leading_headlines()
    others = max(seg.leading_headlines() for seg in segments[1:])
    extra = first - max(others, 1)
    if extra > 0:
        seen = 0
        for position, line in enumerate(segments[0].lines):
            if line:
                seen += 1
            if seen == extra:
                segments[0].lines = segments[0].lines[position + 1 :]
                break


def _previous_text(lines: list[str], index: int) -> int | None:
    """Index of the last non-blank line before `index`, if any."""
    return next((i for i in range(index - 1, -1, -1) if lines[i].strip()), None)


def _headline_above(lines: list[str], index: int) -> int | None:
    """Index of the headline a date line at `index` sits under (a byline between them
    passed over), or None when the line above is no headline."""
    previous = _previous_text(lines, index)
    if previous is not None and _BYLINE.match(lines[previous]):
        previous = _previous_text(lines, previous)
    return previous if previous is not None and looks_like_headline(lines[previous]) else None


def _story_heads(lines: list[str]) -> list[tuple[int, int]]:
    """(headline, date line) index pairs of a page whose stories each open with a headline
    and a date line under it; empty unless there are two or more and they are most of the
    page's date lines (a page that prints dates elsewhere is laid out some other way).

    A date line right under another ("Published ..." then "Updated ...") is part of the
    same date block: it neither leads a story nor counts against the layout.
    """
    heads: list[tuple[int, int]] = []
    blocks = 0
    for index, line in enumerate(lines):
        if not date_line(line):
            continue
        previous = _previous_text(lines, index)
        if previous is not None and date_line(lines[previous]):
            continue
        blocks += 1
        headline = _headline_above(lines, index)
        if headline is not None:
            heads.append((headline, index))
    return heads if len(heads) >= 2 and 2 * len(heads) > blocks else []


def _without_dates(lines: list[str], start: int, dated: int) -> tuple[list[str], int]:
    """The lines from `start` to the end of the date block at `dated` with its date lines
    taken out (they are the story's date, not its text), and where the block ends."""
    end = dated + 1
    while end < len(lines) and (not lines[end].strip() or date_line(lines[end])):
        end += 1
    return [line for line in lines[start:end] if not date_line(line)], end


def _drop_orphan_headings(lines: list[str]) -> list[str]:
    """The lines without the headline-like ones after the last paragraph.

    Between a story's prose and the next story's headline, a heading with no prose under it
    heads nothing of this story: a section label ("From the archive"), a newsletter's name,
    a "Load more stories" button, the footer's links.
    """
    end = len(lines)
    while end and (not lines[end - 1].strip() or looks_like_headline(lines[end - 1])):
        end -= 1
    return lines[:end]


def _opening_date(lines: list[str]) -> int | None:
    """Index of a date line before any prose (an article's date under its title), if any."""
    for index, line in enumerate(lines):
        if date_line(line):
            return index
        if _is_body(line):
            return None
    return None


def _parse_iso(value: str | None) -> date | datetime | None:
    if not value:
        return None
    try:
        if len(value) == 10:
            return date.fromisoformat(value)
        return datetime.fromisoformat(value.replace("z", "Z"))
    except ValueError:
        return None


def _shift_months(day: date, months: int) -> date:
    total = day.year * 12 + (day.month - 1) - months
    year, month = divmod(total, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def date_from_marker(marker: str, published: str | None) -> str | None:
    """The ISO date an age marker points to, counted back from `published`."""
    match = age_marker(marker)
    anchor = _parse_iso(published)
    if match is None or anchor is None:
        return None
    moment = anchor if isinstance(anchor, datetime) else None
    day = anchor.date() if isinstance(anchor, datetime) else anchor
    word = (match.group("word") or "").lower()
    if word == "yesterday":
        return (day - timedelta(days=1)).isoformat()
    if word:
        return day.isoformat()
    raw = match.group("count").lower()
    count = 1 if raw in ("a", "an", "one") else int(raw)
    unit = match.group("unit").lower()
    if unit.startswith(("sec", "min", "h")):
        seconds = count * {"s": 1, "m": 60, "h": 3600}[unit[0]]
        if moment is not None:
            return (moment - timedelta(seconds=seconds)).date().isoformat()
        return (day - timedelta(days=seconds // 86400)).isoformat()
    if unit == "day":
        return (day - timedelta(days=count)).isoformat()
    if unit == "week":
        return (day - timedelta(weeks=count)).isoformat()
    if unit == "month":
        return _shift_months(day, count).isoformat()
    return _shift_months(day, 12 * count).isoformat()


def _join(lines: list[str]) -> str:
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _story(
    document: Document,
    index: int,
    text: str,
    title: str | None,
    published: str | None,
    basis: str,
    marker: str | None = None,
) -> Story:
    return Story(
        id=stable_id(document.id, str(index), text),
        document_id=document.id,
        index=index,
        text=text,
        title=title,
        published=published,
        date_basis=basis if published else "unknown",
        age_marker=marker,
    )


def _single_story(document: Document, lines: list[str]) -> list[Story]:
    """The document as one story. A date line under its title is taken out of the text and
    dates the story only when the document has no date: for a single article the
    document's own date (header, metadata) is the authority."""
    published, basis = document.published, "document"
    opening = _opening_date(lines)
    if opening is not None:
        if not published:
            published, basis = date_line(lines[opening]), "dateline"
        head, after = _without_dates(lines, 0, opening)
        lines = head + lines[after:]
    text = _join(lines)
    if not text:
        return []
    return [_story(document, 0, text, document.title or first_headline(lines), published, basis)]


def _dated_stories(
    document: Document, lines: list[str], heads: list[tuple[int, int]]
) -> list[Story]:
    """One story per (headline, date line): from the headline to the next story's headline,
    without its date lines or trailing orphan headings, dated by its own date line. What
    stands before the first headline (page title, topic label, navigation) is dropped."""
    stories: list[Story] = []
    ends = [head for head, _ in heads[1:]] + [len(lines)]
    for (head, dated), end in zip(heads, ends, strict=True):
        top, after = _without_dates(lines, head, dated)
        text = _join(top + _drop_orphan_headings(lines[after:end]))
        title = plain(lines[head])
        stories.append(
            _story(document, len(stories), text, title, date_line(lines[dated]), "dateline")
        )
    return stories


def segment(document: Document) -> list[Story]:
    """The stories of a document, furniture removed, each with its own date."""
    lines = strip_boilerplate(document.text.splitlines())
    markers = [line for line in lines if age_marker(line)]
    heads = _story_heads(lines)
    if len(heads) > len(markers):
        return _dated_stories(document, lines, heads)
    if not markers and any(card_age(line) for line in lines):
        return _carded_stories(document, lines)
    if not markers:
        return _single_story(document, lines)
    segments = _split_by_markers(lines)
    _drop_page_heading(segments)
    stories: list[Story] = []
    for seg in segments:
        text = _join(seg.lines)
        if not text:
            continue
        first = next((line for line in seg.lines if line), "")
        if seg.marker is not None:
            published = date_from_marker(seg.marker, document.published)
            basis = "age-marker"
        else:
            published = document.published
            basis = "document"
        title = first if looks_like_headline(first) else None
        stories.append(_story(document, len(stories), text, title, published, basis, seg.marker))
    return stories


def _carded_stories(document: Document, lines: list[str]) -> list[Story]:
    """A search listing's cards, each headed by its age and provider ("3don MSN"): what
    stands before the first header is the listing's newest, of the document's date; what
    follows a header is dated by it, up to the next."""
    parts: list[tuple[str | None, list[str]]] = [(None, [])]
    for line in lines:
        if (age := card_age(line)) is not None:
            parts.append((age, []))
        else:
            parts[-1][1].append(line)
    stories: list[Story] = []
    for age, body in parts:
        text = _join(body)
        if not text:
            continue
        first = next((line for line in body if line), "")
        title = first if looks_like_headline(first) else None
        if age is None:
            published, basis = document.published, "document"
        else:
            published, basis = date_from_marker(age, document.published), "age-marker"
        stories.append(_story(document, len(stories), text, title, published, basis, age))
    return stories


def segment_all(documents: Iterable[Document]) -> list[Story]:
    """The stories of all documents, in order."""
    return [story for document in documents for story in segment(document)]
