"""Key points: three to five top lines chosen by rule (talks status, largest attack,
deadliest attack, most significant move), each citing the line it summarises."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..data import stable_id
from .model import Attack, Briefing, KeyPoint, Move, TalksTrack
from .moves import SIGNIFICANCE
from .talks import called_off, met
from .text import gist, led_by

__all__ = [
    "attack_deaths",
    "attack_size",
    "key_points",
    "move_text",
    "status_entry",
    "talks_cites",
    "talks_status",
]


_MAX_KEY_POINTS = 5


def attack_size(attack: Attack) -> float:
    launched = [f.max or f.min or 0 for f in attack.figures if f.measure == "launched"]
    return max(launched, default=0)


def attack_deaths(attack: Attack) -> float:
    return (attack.killed.min or attack.killed.max or 0) if attack.killed else 0


def _most_deaths(attack: Attack) -> float:
    return (attack.killed.max or attack.killed.min or 0) if attack.killed else 0


def _most_launched(attack: Attack) -> float:
    launched = [f.max or f.min or 0 for f in attack.figures if f.measure == "launched"]
    return max(launched, default=0)


def _least_launched(attack: Attack) -> float:
    launched = [f.min or f.max or 0 for f in attack.figures if f.measure == "launched"]
    return max(launched, default=0)


def key_points(briefing: Briefing) -> list[KeyPoint]:
    """Talks status, largest attack, most significant move, deadliest attack; then more of
    the same until there are three, at most five."""
    points: list[KeyPoint] = []

    def add(rule: str, text: str, cites: list, ref: str) -> None:
        if len(points) < _MAX_KEY_POINTS and all(p.ref != ref for p in points):
            points.append(
                KeyPoint(
                    key=stable_id("key_points", rule, ref),
                    rule=rule,
                    text=text,
                    cites=list(cites),
                    ref=ref,
                )
            )

    # a track its reports only weigh in on is no talks news of the day; of the others, one
    # whose sessions are dated or whose status a line tells (the next round, an outcome)
    # comes before one of views and an offer, however many (real news, 2025-08-28: the Key
    # point named "Russia–Ukraine peace talks (US-mediated)", eight views and a proposal,
    # and said nothing of them, over the envoys' meeting set in New York)
    tracks = sorted(
        (t for t in briefing.talks if met(t)),
        key=lambda t: (not t.start, status_entry(t) is None, -len(t.entries)),
    )
    for track in tracks[:1]:
        add("talks", talks_status(track, len(tracks) > 1), talks_cites(track), track.key)
    news = [a for a in briefing.attacks if not a.cumulative]
    by_size = sorted(news, key=lambda a: (-attack_size(a), -attack_deaths(a), a.key))
    by_deaths = sorted(news, key=lambda a: (-attack_deaths(a), -attack_size(a), a.key))
    by_weight = sorted(briefing.moves, key=_move_weight)

    def add_top_attack(
        rule: str,
        ranked: list[Attack],
        least: Callable[[Attack], float],
        most: Callable[[Attack], float],
    ) -> None:
        """The top attack under its superlative only when every source allows it: its
        lowest figure at least any other attack's highest ("deadliest, 3 killed" beside a
        wave that killed 2-4 is not): a superlative the sources leave open is not given."""
        if not (ranked and least(ranked[0])):
            return
        top = ranked[0]
        if all(least(top) >= most(other) for other in ranked[1:]):
            add(rule, f"{rule.capitalize()} — {gist(top.short, 30)}", top.cites, top.key)

    add_top_attack("largest attack", by_size, _least_launched, _most_launched)
    if by_weight:
        add("move", move_text(by_weight[0]), by_weight[0].cites, by_weight[0].key)
    add_top_attack("deadliest attack", by_deaths, attack_deaths, _most_deaths)
    extras = (
        [(t, "talks") for t in tracks[1:]]
        + [(a, "attack") for a in by_size]
        + [(m, "move") for m in by_weight[1:]]
    )
    for item, rule in extras:
        if len(points) >= 3:
            break
        if rule == "talks":
            add("talks", talks_status(item), talks_cites(item), item.key)
        elif rule == "attack":
            add("attack", item.short, item.cites, item.key)
        else:
            add("move", move_text(item), item.cites, item.key)
    return points


def move_text(move: Move) -> str:
    text, named = led_by(move.actor, gist(move.text))
    return text if named or not move.actor else f"{move.actor}: {text}"


# a line that opens by referring back ("The package also imposes …", "Their return
# brings …") goes on with another one and cannot stand alone as a key point
_GOES_ON = re.compile(
    r"(?:(?:The|This|These|That|Those)\s+[a-z]|(?:It|Its|Their|They|He|She|His|Her|Also)\s)"
)


def _move_weight(move: Move) -> tuple:
    rank = SIGNIFICANCE.index(move.kind) if move.kind in SIGNIFICANCE else len(SIGNIFICANCE)
    text = move.text.split(" — ", 1)[-1] if move.text.startswith("**") else move.text
    return (
        bool(_GOES_ON.match(text)),
        rank,
        -len(move.cites),
        -len(move.origins),
        move.end or "",
        move.key,
    )


def talks_status(track: TalksTrack, named: bool = True, status: bool = True) -> str:
    """'Talks — <track>, 4th round, Istanbul, 2026-03-10 to 2026-03-11; Next round: <…>';
    the track's name only when `named` (several tracks) or when no round says which talks
    (a venue alone does not say who meets); the status ("Next round: …") only when
    `status`, else a next round's venue is said as such and a meeting called off so."""
    entry = status_entry(track)
    if not (track.start or track.rounds or track.venues) and entry and entry.kind == "next round":
        status = True  # a meeting only planned: the track's name alone would read as held
    facts = [track.track] if named or not track.rounds else []
    if track.rounds:
        facts.append(next(p for p in track.text.split("; ") if p.endswith(" round")))
    if (
        not status
        and track.venues
        and not (track.start or track.rounds)
        and entry is not None
        and entry.kind == "next round"
        and track.venues[0] in entry.text
    ):  # no session held, no status said after it: the venue is the next round's
        facts.append(f"next round in {track.venues[0]}")
    else:
        facts.extend(track.venues[:1])
    if not status and entry is not None and calls_off(track, entry):
        facts.append("called off")  # the status said in two words where it is not said after
    if track.start and track.end:
        facts.append(track.start if track.start == track.end else f"{track.start} to {track.end}")
    parts = [", ".join(facts)]
    if entry and status:
        parts.append(gist(entry.text))
    return "Talks — " + "; ".join(parts)


def calls_off(track: TalksTrack, entry: Any) -> bool:
    """Whether `entry` tells the track's meeting as called off: an outcome in those words
    (`called_off`), unless the track's session was held and the entry is of no later day.
    "Like in 2022, when the negotiations between the two sides collapsed, the Russian
    delegation is led by Medinsky", told on the day the Istanbul talks were held, does not
    call them off (real news dev, 2025-05-16, offline: the Key point said "called off")."""
    if entry.kind != "outcome" or not called_off(entry.text):
        return False
    return not track.end or (entry.end or entry.start or "") > track.end


def status_entry(track: TalksTrack) -> Any:
    """The line that says where the talks stand: a meeting called off ("the summit would
    not go ahead"), else the tersest word on the next round ("No date was set for a
    twelfth round", not a third party's long offer to host it), else the latest outcome."""
    off = [e for e in track.entries if calls_off(track, e)]
    if off:
        return min(off, key=lambda e: len(e.text.split()))
    nexts = [e for e in track.entries if e.kind == "next round"]
    if nexts:
        return min(nexts, key=lambda e: len(e.text.split()))
    outcomes = [e for e in track.entries if e.kind == "outcome"]
    return outcomes[-1] if outcomes else None


def talks_cites(track: TalksTrack) -> list:
    status = status_entry(track)
    return list(dict.fromkeys([*track.cites, *(status.cites if status else [])]))
