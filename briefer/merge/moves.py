"""Diplomatic moves: deduplicated across outlets, grouped by actor, each attributed.

Two reports are one move when the actor (or, for sanctions, bans and exchanges, the
actor's side) and the kind match, the targets share a name, the days are at most one apart,
and, for statement-like kinds, the wording overlaps.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace
from datetime import date

from ..data import stable_id
from ..offline.lexicon import body_named
from .items import Item, adding_facts, further_statements, retold
from .model import Attack, AttackNote, Move, TalksTrack
from .tables import table
from .text import (
    clean,
    distinct_sources,
    fold,
    names_in,
    similar,
    spelling_key,
    surname,
    without_name,
    without_speaker,
)

__all__ = ["COMMAND", "SIGNIFICANCE", "aftermath", "build_moves", "habitual", "run_up"]

# Most significant first; the Key points pick the top move by this order.
SIGNIFICANCE = [
    "sanctions", "ban", "prisoner exchange", "proposal", "aid", "vote", "pressure",
    "condemnation", "meeting", "statement", "other",
]  # fmt: skip
_CONCRETE = {"sanctions", "ban", "prisoner exchange", "aid", "vote"}
# an actor's plain statements are one line; a call for pressure or a condemnation is a move
# of its own (joined with statements, the length fit cut it away: "wanted a deal, and fast")
_SAID = {"statement"}
# a call for pressure told by two outlets may be aimed at "Russia" in one and at "Ukraine's
# partners" in the other (a call on partners to sanction Russia): one move when its words
# overlap
_AIMED_ANYWHERE = {"pressure"}
# a condemnation or a call for pressure leads the line of its actor's remarks of its days
_LEADS_SAID = {"condemnation", "pressure"}
_SIDE_ORDER = ["Ukraine", "Russia", "United States", "European Union", "Belarus", "China", "other"]


def build_moves(items: list[Item]) -> list[Move]:
    groups: list[list[Item]] = []
    for item in map(_as_command, items):
        for group in groups:
            if _same_move(group[0], item):
                group.append(item)
                break
        else:
            groups.append([item])
    groups, told_with = _told_with(groups)
    built = [_move(group, told_with.get(id(group), [])) for group in groups]
    # reports that cite their sentences (the numbered contract), whose summaries are a
    # reader's: the offline coder's are the sentences as they stand, which cut and joined
    # read as fragments ("Tuesday that he's not happy with Putin")
    numbered = {
        id(move)
        for move, group in zip(built, groups, strict=True)
        if all(m.data.get("sentences") for m in group)
    }
    moves = _statements_by_actor(built, numbered)
    for move in moves:
        if move.kind == COMMAND:  # war news, not diplomacy: the line says so
            move.text = f"{_command()['label']}: {move.text}"
    moves.sort(key=_actor_order)
    return moves


COMMAND = "command"  # the kind of a warring side's own military-command move


def _as_command(item: Item) -> Item:
    """The item as a move of kind "command" when it tells of a warring side's own military
    command (`moves.toml` [command]: "Zelensky replaced the commander-in-chief", "the new
    army chief said the goals remain unchanged"); as pressure when it only promises a
    restrictive move (`moves.toml` [promised]); else the item as it is."""
    data = item.data
    promised = _promised()
    if (
        data.get("kind") in promised["kinds"]
        and promised["promise"].search(item.summary)
        and not promised["done"].search(item.summary)
    ):
        return replace(item, data={**data, "kind": "pressure"})  # promised, not done
    rules = _command()
    if data.get("kind") not in rules["kinds"] or data.get("actor_side") not in rules["sides"]:
        return item
    if not rules["command"].search(item.summary) or rules["foreign"].search(item.summary):
        return item
    return replace(item, data={**data, "kind": COMMAND})


def _any_of(patterns: list[str]) -> re.Pattern[str]:
    """One case-insensitive pattern matching any of a table's `patterns`."""
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.I)


@functools.cache
def _promised() -> dict[str, object]:
    data = table("moves")["promised"]
    return {
        "kinds": frozenset(data["kinds"]),
        "promise": _any_of(data["promise"]),
        "done": _any_of(data["done"]),
    }


@functools.cache
def _command() -> dict[str, object]:
    data = table("moves")["command"]
    return {
        "label": data["label"],
        "kinds": frozenset(data["kinds"]),
        "sides": frozenset(data["sides"]),
        "command": _any_of(data["command"]),
        "foreign": _any_of(data["foreign"]),
    }


def _statements_by_actor(moves: list[Move], numbered: set[int]) -> list[Move]:
    """One line for all of an actor's remarks ("Volodymyr Zelenskyy: the strike showed “what
    Moscow really thinks of diplomacy”; Russia had “answered the Vatican with Iskanders”"),
    each said without its "X said in a statement that": the actor's name leads the line
    once. Plain statements (`_SAID`) join whatever their days; a call for pressure or a
    condemnation (`_LEADS_SAID`) joins them, or another such remark of the actor, on days
    at most one apart when the remarks come from two stories or more (one outlet's two
    remarks stay two lines), and leads the line, the most significant first, so the length fit's
    cut to a line's gist keeps it ("Trump criticised Putin in unusually harsh terms" and
    "accused Putin of spouting 'bullshit'", one cabinet meeting told by two outlets; von der
    Leyen's call on Russia to stop its attacks and her word that the Kremlin will stop at
    nothing, one day's reaction). Concrete moves (sanctions, aid) stay lines of their own,
    and so do the remarks of reports that cite no sentences (`numbered`: the moves built
    only from such reports)."""

    def speaker(move: Move) -> str:  # "Zelenskiy" and "Zelensky" are one speaker
        return (fold(move.actor).split() or [""])[-1][:6]

    by_actor: dict[str, list[Move]] = {}
    for move in moves:
        if move.kind in _SAID and speaker(move):
            by_actor.setdefault(speaker(move), []).append(move)
    for move in moves:
        if move.kind in _LEADS_SAID and speaker(move) and id(move) in numbered:
            said = by_actor.setdefault(speaker(move), [])
            # of two outlets or more: one story's two remarks are two things it tells, each
            # a line the length fit may drop alone
            stories = {c for m in [*said, move] for c in m.cites}
            if not said or (len(stories) > 1 and any(_near(move, other) for other in said)):
                said.append(move)
    out = []
    for move in moves:
        said = by_actor.get(speaker(move), [])
        if len(said) < 2 or not any(m is move for m in said):
            out.append(move)
        elif move is said[0]:
            out.append(_joined(sorted(said, key=lambda m: SIGNIFICANCE.index(m.kind))))
    return out


def _near(a: Move, b: Move) -> bool:
    """Two moves' days at most one apart, or either undated."""
    if a.end and b.end:
        return abs((date.fromisoformat(a.end) - date.fromisoformat(b.end)).days) <= 1
    return True


def _joined(said: list[Move]) -> Move:
    """One line of an actor's remarks, each once: a remark another outlet's retells in
    other words is cited, not said again (`items.retold`)."""
    first = said[0]
    parts: list[str] = []
    # each clause without the actor's name, which leads the line once ("Ursula von der
    # Leyen: promised ...; vowed to uphold ...", not "...; Ursula von der Leyen vowed")
    clauses = (without_speaker(c, m.actor) for m in said for c in m.text.split("; "))
    for part in dict.fromkeys(clauses):
        if not parts or not retold(part, parts, first.actor):
            parts.append(part)
    return replace(
        first,
        text=f"{first.actor}: " + "; ".join(parts),
        cites=list(dict.fromkeys(c for m in said for c in m.cites)),
        start=min((m.start for m in said if m.start), default=None),
        end=max((m.end for m in said if m.end), default=None),
        origins=list(dict.fromkeys(o for m in said for o in m.origins)),
        members=[r for m in said for r in m.members],
        evidence=[e for m in said for e in m.evidence],
    )


def _actor_key(item: Item) -> str:
    words = fold(item.data.get("actor")).split()
    return words[-1] if words else ""


def _speaker_key(item: Item) -> str:
    """The surname of the person a report's words are attributed to ("Karoline Leavitt"),
    '' for none or a body ("Russia's Defence Ministry", "the White House")."""
    source = clean(item.attribution.get("source"))
    return spelling_key(surname(source)) if _PERSON.fullmatch(source) else ""


_PERSON = re.compile(r"[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,3}")


def _target_words(item: Item) -> set[str]:
    return {w for w in fold(item.data.get("target")).split() if len(w) > 3}


def _same_move(a: Item, b: Item) -> bool:
    action = _action(a)
    if action is not None and action == _action(b):
        return _same_action(a, b)
    if _same_quote(a, b):
        return True
    kind = a.data.get("kind")
    if kind != b.data.get("kind"):
        return False
    # one speaker's statements for two actors ("White House" and "Karoline Leavitt", both her
    # words): one actor; not so for what a government did, whoever told of it
    same_actor = _actor_key(a) == _actor_key(b) or (
        kind in _SAID and _speaker_key(a) == _speaker_key(b) != ""
    )
    if kind == "meeting" or kind in _AIMED_ANYWHERE:  # "Zelensky" and "Zelenskiy": one actor
        # (an actor's plain statements are joined into one line later, every one kept)
        same_actor = same_actor or _actor_key(a)[:6] == _actor_key(b)[:6]
    side = a.data.get("actor_side")
    same_side = side not in (None, "", "other") and side == b.data.get("actor_side")
    if not (same_actor or (kind in _CONCRETE and same_side)):
        return False
    if not same_actor and a.story_key == b.story_key:
        return (
            False  # one story telling of two actors ("Hungary lifted its objections") is two moves
        )
    ta, tb = _target_words(a), _target_words(b)
    # one actor's move aimed at one party its reports name two ways ("Moscow", "Russia");
    # not two actors' of one side, whose moves the words of their targets tell apart
    aimed = body_named(a.data.get("target")) if same_actor else None
    alike = aimed is not None and aimed == body_named(b.data.get("target"))
    if (ta or tb) and not (ta & tb) and kind not in _AIMED_ANYWHERE and not alike:
        return False  # whom an actor's words are aimed at, readers name differently
    if a.window and b.window and abs((a.window[1] - b.window[1]).days) > 1:
        return False
    if kind == "meeting" and same_actor and ta & tb:
        return True  # one meeting, whatever the tense ("met", "is scheduled to meet")
    return kind in _CONCRETE or similar(a.summary, b.summary)


def _told_with(groups: list[list[Item]]) -> tuple[list[list[Item]], dict[int, list[Item]]]:
    """A government's restrictive move and what it said or did besides in the same breath
    (`moves.toml` [told_with]): a report of another kind by the same government whose every
    report stands, in its story, within a few sentences of one of the move's own reports, on
    days at most one apart ("The US announced sanctions on Rosneft and Lukoil ... Bessent
    said the Treasury was prepared to take further action"; "EU states approved the 19th
    package ... the LNG import ban will be phased in"). Those reports tell the move, not a
    move of their own: they join its line as further facts, never as its lead. Returns the
    groups left and, by a move's group, the reports it took."""
    rules = table("moves")["told_with"]
    moves, joining, by_source = set(rules["moves"]), set(rules["joining"]), set(rules["by_source"])
    near = int(rules["near"])
    hosts = [g for g in groups if g[0].data.get("kind") in moves]
    host_of: dict[int, list[Item]] = {}
    for group in groups:
        kind = group[0].data.get("kind")
        if kind in joining or kind in by_source:
            host = next(
                (
                    h
                    for h in hosts
                    if h is not group and _told_beside(group, h, near, kind in by_source)
                ),
                None,
            )
            if host is not None:
                host_of[id(group)] = host
    taken: dict[int, list[Item]] = {}
    for group in groups:
        host, seen = host_of.get(id(group)), {id(group)}
        while host is not None and id(host) in host_of and id(host) not in seen:
            seen.add(id(host))  # a ban told beside a package, and a remark beside the ban
            host = host_of[id(host)]
        if host is not None and id(host) not in seen:
            taken.setdefault(id(host), []).extend(group)
        else:
            host_of.pop(id(group), None)
    return [g for g in groups if id(g) not in host_of], taken


def _told_beside(group: list[Item], host: list[Item], near: int, by_source: bool = False) -> bool:
    """Every report of `group` stands within `near` sentences of a report of `host` in the
    same request of the same story, for the same government (`by_source`: told by the same
    source), days at most one apart."""

    def beside(item: Item, other: Item) -> bool:
        if item.story_key != other.story_key or _chunk(item) != _chunk(other):
            return False
        if by_source:
            source = fold(item.attribution.get("source"))
            if not source or source != fold(other.attribution.get("source")):
                return False
        elif (body := _body(item)) is None or body != _body(other):
            return False
        if item.window and other.window and abs((item.window[1] - other.window[1]).days) > 1:
            return False
        mine, theirs = item.data.get("sentences") or (), other.data.get("sentences") or ()
        return any(abs(a - b) <= near for a in mine for b in theirs)

    return all(any(beside(item, other) for other in host) for item in group)


def _chunk(item: Item) -> str:
    return item.ref.rsplit(":", 2)[0]  # chunk_id:section:index


def _same_quote(a: Item, b: Item) -> bool:
    """One actor's one statement quoted by two outlets (`moves.toml` [same_words]): the same
    actor, two stories, days at most one apart, and a run of words both evidences hold (one
    story's two reports of a sentence are two things it says)."""
    if a.story_key == b.story_key or _actor_key(a)[:6] != _actor_key(b)[:6] or not _actor_key(a):
        return False
    if a.window and b.window and abs((a.window[1] - b.window[1]).days) > 1:
        return False
    return bool(_runs(a.evidence) & _runs(b.evidence))


@functools.lru_cache(maxsize=1 << 12)
def _runs(evidence: str) -> frozenset[tuple[str, ...]]:
    words = fold(evidence).split()
    n = int(table("moves")["same_words"]["run"])
    return frozenset(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


def _action(item: Item) -> str | None:
    """What the move did, by the words outlets use for it (`moves.toml` [actions]:
    "summon", "expel"), or None."""
    return next((name for name, words in _actions().items() if words.search(item.summary)), None)


@functools.cache
def _actions() -> dict[str, re.Pattern[str]]:
    return {name: _any_of(patterns) for name, patterns in table("moves")["actions"].items()}


def _body(item: Item) -> str | None:
    """The government a move's actor acts for: the person or body its actor names
    (`body_named`), else its side when that is a side of the war or a bloc."""
    side = item.data.get("actor_side")
    return body_named(item.data.get("actor")) or (side if side not in (None, "", "other") else None)


def _same_action(a: Item, b: Item) -> bool:
    """Two reports of one action (`_action`) are one move when one government did it (the
    same actor, or actors acting for one body: "the U.K." and "the British government"),
    on days at most one apart, aimed at the same party or at one the other does not name
    ("Moscow's envoy" and "Russian envoys"; "a Russian representative" and no target)."""
    body = _body(a)
    if _actor_key(a) != _actor_key(b) and (body is None or body != _body(b)):
        return False
    if a.window and b.window and abs((a.window[1] - b.window[1]).days) > 1:
        return False
    aimed = {body_named(a.data.get("target")), body_named(b.data.get("target"))} - {None}
    return len(aimed) <= 1


def _move(group: list[Item], told_with: list[Item]) -> Move:
    best = max(group, key=lambda m: (len(m.summary), -m.order))
    actor = clean(best.data.get("actor")) or best.source_name
    sources = []
    for member in group:
        source = clean(member.attribution.get("source"))
        via = clean(member.attribution.get("via"))
        label = (source + (f" via {via}" if via else "")) if source else ""
        if not label or label in sources:
            continue
        named = surname(source)
        if names_in(named, set(fold(member.summary).split()) | set(fold(actor).split())):
            continue  # the line already says who
        sources.append(label)
    # what the best report's own story says besides, in other sentences: the other side's
    # figure of an exchange, the speaker's next remark
    further = further_statements(best, group)
    adding = adding_facts([best, *further], group)
    told = [
        best.news,
        *(without_speaker(m.summary, actor) for m in further),
        # what other outlets' reports of the move tell besides, each in its own words (the
        # actor's name, leading the line, not again before a deed: "...; vowed to uphold")
        *(without_name(m.news, actor) for m in adding),
        # what its government said or did besides in the same breath (`_told_with`)
        *(
            m.news
            for m in adding_facts(
                [best, *further, *adding], told_with, int(table("moves")["told_with"]["most"])
            )
        ),
    ]
    group = [*group, *told_with]
    text = "; ".join(told) + (f" ({'; '.join(sources)})" if sources else "")
    window = best.window
    return Move(
        key=stable_id(
            "moves",
            best.data.get("actor_side") or _actor_key(best),
            best.data.get("kind") or "",
            " ".join(sorted(_target_words(best))),
            window[1].isoformat() if window else "",
        ),
        actor=actor,
        kind=best.data.get("kind") or "other",
        text=text,
        cites=list(dict.fromkeys(m.story_key for m in group)),
        actor_side=best.data.get("actor_side"),
        target=clean(best.data.get("target")) or None,
        start=window[0].isoformat() if window else None,
        end=window[1].isoformat() if window else None,
        origins=distinct_sources(m.source_name for m in group),
        members=[m.ref for m in group],
        evidence=[m.evidence for m in group],
    )


def _actor_order(move: Move) -> tuple:
    side = move.actor_side or "other"
    rank = _SIDE_ORDER.index(side) if side in _SIDE_ORDER else len(_SIDE_ORDER)
    return (
        move.kind == COMMAND,  # after the diplomatic moves
        rank,
        fold(move.actor),
        SIGNIFICANCE.index(move.kind) if move.kind in SIGNIFICANCE else 99,
    )


def habitual(item: Item) -> bool:
    """A standing practice told as the day's context, no move of the window (`moves.toml`
    [habitual]: "Ukrainian officials have routinely urged partners to ..."): its summary and
    every sentence it rests on say so, and it gives no time of its own."""
    if clean(item.data.get("time_text")):
        return False
    habit = _habitual()
    return bool(habit.search(item.summary)) and all(habit.search(s) for s in item.sentences)


@functools.cache
def _habitual() -> re.Pattern[str]:
    rules = table("moves")["habitual"]
    return re.compile(f"{rules['habit']}|{rules['always']}", re.IGNORECASE)


def run_up(items: list[Item], tracks: list[TalksTrack]) -> dict[str, date]:
    """The moves that arranged talks the briefing reports held (`talks.toml` [run_up]):
    "After Moscow proposed to hold peace talks in Turkey this week, Zelensky agreed", told
    on the day of the talks. Each is what led up to them, Background dated before their
    first session: ref -> that session's day."""
    rules = _run_up()
    held = sorted(date.fromisoformat(t.start) for t in tracks if t.start)
    out: dict[str, date] = {}
    if not held:
        return out
    for item in items:
        if item.data.get("kind") not in rules["kinds"] or item.window is None:
            continue
        text = item.summary
        if not rules["arranging"].search(text) or rules["onward"].search(text):
            continue
        # the first session that may follow it: one the move's own days may precede
        session = next((d for d in held if item.window[0] < d and item.window[1] <= d), None)
        if session is not None:
            out[item.ref] = session
    return out


@functools.cache
def _run_up() -> dict[str, object]:
    data = table("talks")["run_up"]
    return {
        "kinds": frozenset(data["kinds"]),
        "arranging": _any_of(data["arranging"]),
        "onward": _any_of(data["onward"]),
    }


def aftermath(moves: list[Move], attacks: list[Attack]) -> list[Move]:
    """The moves left once each warring side's response to an attack on it (`moves.toml`
    [aftermath]: "declared Aug. 29 a day of mourning for the victims") has become a note
    under that attack's line: the attack on the mover's country that ended on the move's
    day or the day before, at a place the move names (the first, the largest, of several)."""
    actions = set(table("moves")["aftermath"]["actions"])
    left = []
    for move in moves:
        home = None
        if any(_actions()[a].search(move.text) for a in actions if a in _actions()):
            home = next((a for a in attacks if _aftermath_of(move, a)), None)
        if home is None:
            left.append(move)
            continue
        home.notes.append(
            AttackNote(
                key=stable_id("attacks", "aftermath", move.key),
                text=move.text,
                cites=list(move.cites),
                members=list(move.members),
                evidence=list(move.evidence),
            )
        )
        home.cites = list(dict.fromkeys([*home.cites, *move.cites]))
    return left


def _aftermath_of(move: Move, attack: Attack) -> bool:
    if not (attack.end and move.end) or attack.target_country != move.actor_side:
        return False
    gap = (date.fromisoformat(move.end[:10]) - date.fromisoformat(attack.end[:10])).days
    if not 0 <= gap <= 1:
        return False
    words = set(fold(move.text).split())
    return any(set(fold(p).split()) <= words for p in attack.places if fold(p))
