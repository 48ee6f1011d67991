"""Background: old stories as one line each, old facts of new stories with their own
date, repeats merged."""

from __future__ import annotations

from datetime import date, timedelta

from ..data import stable_id, story_title
from .items import Item, day_label
from .model import BackgroundItem
from .text import clean, fold, jaccard, similar

__all__ = ["build_background"]

_RETOLD = 0.5  # word overlap (Jaccard) of two old facts that are one retold


def _retold(first: Item, item: Item) -> bool:
    """Two old facts that are one retold: most of the same words, or two words shared
    (`similar`) by reports of one day or period, one within the other's ("the previous
    largest assault, on the night of July 4" and "the previous record, last week")."""
    if jaccard(first.summary, item.summary) >= _RETOLD:
        return True
    a, b = first.window, item.window
    within = bool(a and b) and ((a[0] <= b[0] and b[1] <= a[1]) or (b[0] <= a[0] and a[1] <= b[1]))
    return within and similar(first.summary, item.summary, _RETOLD)


def build_background(
    items: list[Item], before: dict[str, date] | None = None
) -> list[BackgroundItem]:
    """Old stories as one line each (date, title, what it was about); old facts of new
    stories as one line each with their own date, repeats merged. `before`: items known
    only to precede a day (a move that led up to talks held that day: ref -> the day),
    dated "before" it."""
    before = before or {}
    out: list[BackgroundItem] = []
    by_story: dict[str, list[Item]] = {}
    for item in items:
        if item.stale_story:
            by_story.setdefault(item.story_key, []).append(item)
    for story_key, members in by_story.items():
        first = members[0]
        title = clean(story_title(first.story, first.document))
        when = first.story_date.isoformat() if first.story_date else "undated"
        text = f"{when}: {title or first.summary}"  # what it was: its title says
        out.append(
            BackgroundItem(
                key=stable_id("background", "story", fold(title or first.summary)),
                text=text,
                cites=[story_key],  # type: ignore[list-item]
                section="story",
                start=when if first.story_date else None,
                end=when if first.story_date else None,
                members=[m.ref for m in members],
                evidence=[m.evidence for m in members] + ([title] if title else []),
            )
        )
    singles: list[list[Item]] = []
    for item in items:
        if item.stale_story:
            continue
        for group in singles:
            # a retelling in most of the same words, not two old facts that share a name
            # or two ("Putin proposed on May 11 to resume talks" and "Putin finalized the
            # Russian team, led by Medinsky and including Galuzin": the team was lost)
            if _retold(group[0], item):
                group.append(item)
                break
        else:
            singles.append([item])
    for group in singles:
        best = max(group, key=lambda m: (len(m.summary), -m.order))
        window = best.window
        label = day_label(window)
        start = window[0].isoformat() if window else None
        end = window[1].isoformat() if window else None
        if best.ref in before:  # its own day unknown: only that it came before that day's
            ahead = before[best.ref]
            label = f"before {ahead.isoformat()}"
            start, end = None, (ahead - timedelta(days=1)).isoformat()
        out.append(
            BackgroundItem(
                key=stable_id(
                    "background", best.section, " ".join(sorted(fold(best.summary).split()))
                ),
                text=f"{label}: {best.summary}",
                cites=list(dict.fromkeys(m.story_key for m in group)),
                section=best.section,
                start=start,
                end=end,
                members=[m.ref for m in group],
                evidence=[m.evidence for m in group],
            )
        )
    out.sort(key=lambda b: b.end or "", reverse=True)
    return out
