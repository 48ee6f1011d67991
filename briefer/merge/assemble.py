"""merge(): from per-chunk extractions to one Briefing, deterministically.

Steps, each explainable from the Briefing it leaves behind:
1. date every item from its wording and its story's date (Kyiv); anything before the
   window, and every item of a story older than the window, goes to Background;
2. cluster attacks into events, build one timeline per talks track, deduplicate moves,
   and fold a talks entry or move another one already says into it;
3. check numbers: a bullet stating a number no cited evidence states is dropped
   (`stats["bullets_dropped"]`, the lines in `stats["dropped"]`);
4. choose 3–5 Key points by rule: talks status, largest attack, most significant move,
   deadliest attack;
5. keep the briefing short: outside Sources at most a third of the input's words (but a
   small day's is not cut below two minutes' reading, MIN_LENGTH words, and none runs
   longer than `max_words`), trimming the least significant lines first;
6. number the Sources in order of first citation.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

from ..data import Document, Extraction, Story
from ..dates import briefing_window
from .account import Accounting
from .attacks import build_attacks, is_context
from .background import build_background
from .checks import Refusal, check_items
from .items import Item, SourceRegister, collect_items
from .keypoints import attack_deaths, attack_size, key_points
from .length import LENGTH_RATIO, MAX_LENGTH, MIN_LENGTH, Length, fit_length, length_budget
from .model import Briefing, TalksTrack
from .moves import aftermath, build_moves, habitual, run_up
from .notes import notes_told_elsewhere
from .people import name_once
from .repeats import fold_repeats
from .sources import number_sources
from .talks import about_attacks, build_talks
from .text import fold, unsupported_numbers

__all__ = ["LENGTH_RATIO", "MAX_LENGTH", "MIN_LENGTH", "length_budget", "merge"]


def merge(
    extractions: list[Extraction],
    stories: list[Story],
    documents: list[Document],
    *,
    date: date,
    since: timedelta,
    marked: bool = True,
    max_words: int | None = MAX_LENGTH,
) -> Briefing:
    """The briefing for the morning of `date`, covering the `since` window before its end.

    `marked`: whether the run ledger will mark the news lines and key points "**new**" or
    "(continuing)" after the merge (it does when an earlier briefing exists); the length
    bound then leaves room for those markers. `max_words`: the most words the briefing
    may use outside Sources, whatever the input (None: a third of the input)."""
    start, end = briefing_window(date, since)
    cutoff = start.date()
    collected = collect_items(extractions, stories, documents, cutoff, latest=date)
    items, refused = check_items(collected)
    account = Accounting(items)
    account.refuse({i.ref for i in collected} - {i.ref for i in items})
    fresh = [i for i in items if not i.stale]
    dropped: list[dict[str, Any]] = []

    # the war's context told as talks or as a side's words: Background, as running totals
    war = {i.ref for i in fresh if i.section in ("talks", "moves") and about_attacks(i)}
    war |= {i.ref for i in fresh if i.section == "moves" and habitual(i)}  # a standing practice
    talks = build_talks([i for i in fresh if i.section == "talks" and i.ref not in war])
    context = [i for i in fresh if (i.section == "attacks" and is_context(i)) or i.ref in war]
    attacks = build_attacks([i for i in fresh if i.section == "attacks" and not is_context(i)])
    said = [i for i in fresh if i.section == "moves" and i.ref not in war]
    led_up = run_up(said, talks)  # the talks' run-up
    moves = build_moves([i for i in said if i.ref not in led_up])
    background = build_background(
        [i for i in items if i.stale] + context + [i for i in fresh if i.ref in led_up], led_up
    )

    talks = _checked_talks(talks, dropped)
    attacks = [a for a in attacks if _passes(a, "attacks", dropped)]
    moves = [m for m in moves if _passes(m, "moves", dropped)]
    background = [b for b in background if _passes(b, "background", dropped)]
    attacks.sort(key=lambda a: (a.end or "", attack_size(a), attack_deaths(a)), reverse=True)
    moves = aftermath(moves, attacks)  # a day of mourning is a note under its attack
    notes_told_elsewhere(attacks, moves)  # a move's sentence is its line, not a note
    account.drop_unsupported(ref for line in dropped for ref in line["members"])

    briefing = Briefing(
        date=date.isoformat(),
        since=_since_label(since),
        window_start=start.isoformat(),
        window_end=end.isoformat(),
        talks=talks,
        attacks=attacks,
        moves=moves,
        background=background,
    )
    account.snapshot("built", briefing)
    fold_repeats(briefing)  # one line per development, whatever the length
    name_once(briefing, fresh)  # a person introduced once is named by surname after
    briefing.key_points = key_points(briefing)
    input_words = sum(len(d.text.split()) for d in documents) or sum(
        len(s.text.split()) for s in stories
    )
    briefing.stats = _stats(
        briefing, extractions, stories, documents, items, dropped, refused
    )  # measured too
    budget = length_budget(input_words, max_words)
    trimmed = fit_length(briefing, budget, marked)
    number_sources(
        briefing, SourceRegister({s.id: s for s in stories}, {d.id: d for d in documents}), items
    )
    briefing.stats = _stats(briefing, extractions, stories, documents, items, dropped, refused)
    briefing.stats.update(
        input_words=input_words,
        length_budget=budget,
        briefing_words=Length(briefing, marked).rendered,
        lines_trimmed=trimmed,
        items_accounted=account.summary(briefing),
    )
    return briefing


def _since_label(since: timedelta) -> str:
    seconds = int(since.total_seconds())
    return f"{seconds // 3600}h" if seconds % 3600 == 0 else f"{seconds // 60}m"


def _passes(item: Any, section: str, dropped: list[dict[str, Any]]) -> bool:
    missing = unsupported_numbers(item.text, item.evidence)
    if missing:
        dropped.append(
            {
                "section": section,
                "text": item.text,
                "unsupported": missing,
                "members": list(item.members),
            }
        )
        return False
    return True


def _checked_talks(tracks: list[TalksTrack], dropped: list[dict[str, Any]]) -> list[TalksTrack]:
    for track in tracks:
        if unsupported_numbers(track.text, track.evidence) and track.rounds:
            # the round number is the header's only number of its own: keep the line without it
            track.text = "; ".join(p for p in track.text.split("; ") if not p.endswith(" round"))
            track.rounds = []
        if not _passes(track, "talks", dropped):
            track.text = track.track
            track.evidence = []
            track.members = []
        track.entries = [e for e in track.entries if _passes(e, "talks", dropped)]
    return tracks


def _stats(
    briefing: Briefing,
    extractions: list[Extraction],
    stories: list[Story],
    documents: list[Document],
    items: list[Item],
    dropped: list[dict[str, Any]],
    refused: list[Refusal],
) -> dict[str, Any]:
    usage = [e.usage for e in extractions]
    fresh = [i for i in items if not i.stale]
    origins = {i.source_id for i in fresh if i.attribution.get("source")}
    outlets = {fold(s.outlet) for s in briefing.sources if s.outlet}
    return {
        "articles": len(documents),
        "stories": len(stories),
        "chunks": len(extractions),
        "failed_chunks": sum(1 for e in extractions if not e.ok),
        "cached_chunks": sum(1 for e in extractions if e.cached),
        "input_tokens": sum(u.input_tokens for u in usage),
        "output_tokens": sum(u.output_tokens for u in usage),
        "cost_usd": round(sum(u.cost_usd for u in usage), 6),
        "items": len(items),
        "items_stale": len(items) - len(fresh),
        "attack_events": len(briefing.attacks),
        "talks_tracks": len(briefing.talks),
        "moves": len(briefing.moves),
        "original_sources": len(origins),
        "outlets": len(outlets),
        "bullets_dropped": len(dropped),
        "dropped": dropped,
        "parts_refused": dict(Counter(r.reason for r in refused)),
        "refused": [r.to_dict() for r in refused],
    }
