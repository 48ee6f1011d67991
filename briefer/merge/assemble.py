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

import re
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

from ..data import Document, Extraction, Story, stable_id
from ..dates import briefing_window
from .account import Accounting
from .attacks import build_attacks
from .checks import Refusal, check_items
from .items import Item, SourceRegister, collect_items, day_label
from .model import Attack, BackgroundItem, Briefing, KeyPoint, Move, TalksEntry, TalksTrack
from .moves import SIGNIFICANCE, build_moves
from .talks import build_talks
from .text import (
    clean,
    content_words,
    fold,
    gist,
    led_by,
    shorten,
    similar,
    unsupported_numbers,
    without_dates,
)

__all__ = ["LENGTH_RATIO", "MAX_LENGTH", "MIN_LENGTH", "length_budget", "merge"]

# "a briefing reads in a few minutes": two to four, at a reader's 250 words a minute
READING_SPEED = 250
LENGTH_RATIO = 1 / 3  # briefing words outside Sources per input word, at most...
MIN_LENGTH = 2 * READING_SPEED  # ...but a small day is not cut below two minutes' reading
MAX_LENGTH = 4 * READING_SPEED  # and a big day's runs no longer than four (the default cap)
_MAX_KEY_POINTS = 5
_GIST_WORDS = 30  # a talks entry or move cut to its gist when the briefing is too long
_TERSE_WORDS = 24  # and cut again when only the lines that may not go are left
# talks entries that tell what happened: a quote in them is colour ('after what one
# participant called "the hardest round so far"'), not what the line reports being said
_NARRATED = frozenset({"outcome", "sticking point", "proposal", "session"})
_STATS_ALLOWANCE = 6  # words the pipeline's own figures may add to the coverage line


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

    talks = build_talks([i for i in fresh if i.section == "talks"])
    attacks = build_attacks([i for i in fresh if i.section == "attacks"])
    moves = build_moves([i for i in fresh if i.section == "moves"])
    background = _background([i for i in items if i.stale])

    talks = _checked_talks(talks, dropped)
    attacks = [a for a in attacks if _passes(a, "attacks", dropped)]
    moves = [m for m in moves if _passes(m, "moves", dropped)]
    background = [b for b in background if _passes(b, "background", dropped)]
    attacks.sort(key=lambda a: (a.end or "", _size(a), _deaths(a)), reverse=True)
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
    _fold_repeats(briefing)  # one line per development, whatever the length
    account.snapshot("folded", briefing)
    briefing.key_points = _key_points(briefing)
    input_words = sum(len(d.text.split()) for d in documents) or sum(
        len(s.text.split()) for s in stories
    )
    briefing.stats = _stats(
        briefing, extractions, stories, documents, items, dropped, refused
    )  # measured too
    budget = length_budget(input_words, max_words)
    trimmed = _fit_length(briefing, budget, marked)
    _number_sources(
        briefing, SourceRegister({s.id: s for s in stories}, {d.id: d for d in documents}), items
    )
    briefing.stats = _stats(briefing, extractions, stories, documents, items, dropped, refused)
    briefing.stats.update(
        input_words=input_words,
        length_budget=budget,
        briefing_words=_Length(briefing, marked).rendered,
        lines_trimmed=trimmed,
        items_accounted=account.summary(briefing),
    )
    return briefing


def length_budget(input_words: int, max_words: int | None = None) -> int:
    """Words the briefing may use outside Sources: a third of the input, at least
    MIN_LENGTH (below two minutes' reading, trimming saves the reader seconds and costs
    facts), at most `max_words` (which a user may set below MIN_LENGTH)."""
    budget = max(int(input_words * LENGTH_RATIO), MIN_LENGTH)
    return min(budget, max_words) if max_words else budget


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


def _background(items: list[Item]) -> list[BackgroundItem]:
    """Old stories as one line each (date, title, what it was about); old facts of new
    stories as one line each with their own date, repeats merged."""
    out: list[BackgroundItem] = []
    by_story: dict[str, list[Item]] = {}
    for item in items:
        if item.stale_story:
            by_story.setdefault(item.story_key, []).append(item)
    for story_key, members in by_story.items():
        first = members[0]
        title = clean(
            (first.story.title if first.story else None)
            or (first.document.title if first.document else None)
        )
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
            if similar(group[0].summary, item.summary, 0.5):
                group.append(item)
                break
        else:
            singles.append([item])
    for group in singles:
        best = max(group, key=lambda m: (len(m.summary), -m.order))
        window = best.window
        out.append(
            BackgroundItem(
                key=stable_id(
                    "background", best.section, " ".join(sorted(fold(best.summary).split()))
                ),
                text=f"{day_label(window)}: {best.summary}",
                cites=list(dict.fromkeys(m.story_key for m in group)),
                section=best.section,
                start=window[0].isoformat() if window else None,
                end=window[1].isoformat() if window else None,
                members=[m.ref for m in group],
                evidence=[m.evidence for m in group],
            )
        )
    out.sort(key=lambda b: b.end or "", reverse=True)
    return out


def _size(attack: Attack) -> float:
    launched = [f.max or f.min or 0 for f in attack.figures if f.measure == "launched"]
    return max(launched, default=0)


def _deaths(attack: Attack) -> float:
    return (attack.killed.min or attack.killed.max or 0) if attack.killed else 0


def _key_points(briefing: Briefing) -> list[KeyPoint]:
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

    tracks = sorted(briefing.talks, key=lambda t: -len(t.entries))
    for track in tracks[:1]:
        add("talks", _talks_status(track, len(tracks) > 1), _talks_cites(track), track.key)
    news = [a for a in briefing.attacks if not a.cumulative]
    by_size = sorted(news, key=lambda a: (-_size(a), -_deaths(a), a.key))
    by_deaths = sorted(news, key=lambda a: (-_deaths(a), -_size(a), a.key))
    by_weight = sorted(briefing.moves, key=_move_weight)

    def add_top_attack(rule: str, ranked: list[Attack], measure: Callable[[Attack], float]) -> None:
        if ranked and measure(ranked[0]):
            top = ranked[0]
            add(rule, f"{rule.capitalize()} — {gist(top.short, 30)}", top.cites, top.key)

    add_top_attack("largest attack", by_size, _size)
    if by_weight:
        add("move", _move_text(by_weight[0]), by_weight[0].cites, by_weight[0].key)
    add_top_attack("deadliest attack", by_deaths, _deaths)
    extras = (
        [(t, "talks") for t in tracks[1:]]
        + [(a, "attack") for a in by_size]
        + [(m, "move") for m in by_weight[1:]]
    )
    for item, rule in extras:
        if len(points) >= 3:
            break
        if rule == "talks":
            add("talks", _talks_status(item), _talks_cites(item), item.key)
        elif rule == "attack":
            add("attack", item.short, item.cites, item.key)
        else:
            add("move", _move_text(item), item.cites, item.key)
    return points


def _move_text(move: Move) -> str:
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


def _talks_status(track: TalksTrack, named: bool = True, status: bool = True) -> str:
    """'Talks — <track>, 4th round, Istanbul, 2026-03-10 to 2026-03-11; Next round: <…>';
    the track's name only when `named` (several tracks) or when no round or venue says it;
    the status ("Next round: …") only when `status`."""
    facts = [track.track] if named or not (track.rounds or track.venues) else []
    if track.rounds:
        facts.append(next(p for p in track.text.split("; ") if p.endswith(" round")))
    facts.extend(track.venues[:1])
    if track.start and track.end:
        facts.append(track.start if track.start == track.end else f"{track.start} to {track.end}")
    parts = [", ".join(facts)]
    entry = _status_entry(track) if status else None
    if entry:
        parts.append(gist(entry.text))
    return "Talks — " + "; ".join(parts)


def _status_entry(track: TalksTrack) -> Any:
    """The line that says where the talks stand: the tersest word on the next round
    ("No date was set for a twelfth round", not a third party's long offer to host it),
    else the latest outcome."""
    nexts = [e for e in track.entries if e.kind == "next round"]
    if nexts:
        return min(nexts, key=lambda e: len(e.text.split()))
    outcomes = [e for e in track.entries if e.kind == "outcome"]
    return outcomes[-1] if outcomes else None


def _talks_cites(track: TalksTrack) -> list:
    status = _status_entry(track)
    return list(dict.fromkeys([*track.cites, *(status.cites if status else [])]))


def _lines(briefing: Briefing) -> Iterator[Any]:
    """Every bullet-bearing item, in the order render shows them."""
    yield from briefing.key_points
    for track in briefing.talks:
        yield track
        yield from track.entries
    yield from briefing.attacks
    yield from briefing.moves
    yield from briefing.background


class _Length:
    """The briefing's words outside Sources as `render_markdown` shows them, plus room for
    the run's own stats and, when `marked`, for the marker ("**new**", "(continuing)") the
    run ledger puts on every news line and key point after the merge; counted line by
    line, so that a dropped line costs a subtraction, not a re-render."""

    def __init__(self, briefing: Briefing, marked: bool) -> None:
        from ..render import NOTHING, bullet_lines, render_markdown

        self.rendered = len(render_markdown(briefing).split("\n## Sources", 1)[0].split())
        self.total = self.rendered + _STATS_ALLOWANCE
        self._nothing = len(NOTHING.split())
        self._lines: dict[int, tuple[str, int]] = {}  # id(item) -> (section, words)
        self._left: Counter[str] = Counter()  # bullets left per section
        for name, bullets in bullet_lines(briefing):
            for item, line in bullets:
                marker = int(marked and name != "background")
                self._lines[id(item)] = (name, len(line.split()) + marker)
                self._left[name] += 1
                self.total += marker

    def drop(self, item: Any) -> tuple[str, int]:
        """Account for `item`'s line having gone; returns its section and words, which
        `restore` takes back."""
        name, words = self._lines.pop(id(item))
        self.total -= words
        self._left[name] -= 1
        if not self._left[name]:
            self.total += self._nothing  # the section now says "Nothing reported."
        return name, words

    def cost(self, name: str, words: int) -> int:
        """Words a line of `words` words brings back into section `name`."""
        return words - (0 if self._left[name] else self._nothing)

    def restore(self, item: Any, name: str, words: int) -> None:
        """Account for `item`'s line, dropped from section `name`, being back."""
        self.total += self.cost(name, words)
        self._left[name] += 1
        self._lines[id(item)] = (name, words)


def _fit_length(briefing: Briefing, budget: int, marked: bool) -> int:
    """Fit the briefing into `budget` words (as `_Length` counts them): first say every
    line in fewer words (`shorten`), then fold lines another line already says into it
    (citing both), and only then drop lines, least important first in the order
    `_trimmable` gives, and among equals the one whose words other lines already carry; the
    latest line of a kind goes first. A key point goes with the line it sums up. A long
    line dropped last may leave room: the dropped lines that fit in it come back, the
    last dropped (the most important) first, each in its old place. Returns how many lines
    were folded or dropped."""
    if _Length(briefing, marked).total <= budget:
        return 0
    for line in _lines(briefing):
        line.text = shorten(line.text)
    trimmed = _fold_repeats(briefing)
    length = _Length(briefing, marked)
    if length.total > budget:
        # still too long: a statement, view or move keeps its gist, before any line goes
        for line in [e for t in briefing.talks for e in t.entries] + list(briefing.moves):
            line.text = gist(line.text, _GIST_WORDS, keep_quote=not _narrated(line))
        length = _Length(briefing, marked)
    if length.total > budget:
        # the talks' status is a line of its own just below, one that stays: the key point
        # names the round
        tracks = {t.key: t for t in briefing.talks}
        may_go = {id(line) for *_, line in _trimmable(briefing)}
        for point in briefing.key_points:
            track = tracks.get(point.ref) if point.rule == "talks" else None
            if track and id(_status_entry(track)) not in may_go:
                point.text = _talks_status(track, len(tracks) > 1, status=False)
                point.cites = list(track.cites)
        length = _Length(briefing, marked)
    words = {id(line): _line_words(line.text) for line in _lines(briefing)}
    carried = Counter(  # how many lines (key points aside) carry each word
        w for line in _lines(briefing) if not isinstance(line, KeyPoint) for w in words[id(line)]
    )

    def overlap(line: Any) -> float:
        """Share of `line`'s words that the other lines (key points aside) already carry;
        names aside, when it has other words: the header naming a delegation head does not
        say what he said (but an attack's places and officials are its news)."""
        own = words[id(line)]
        if not isinstance(line, Attack):  # an attack's places are what it says
            own = (own - _names(line.text)) or own
        if not own:
            return 1.0
        mine = 0 if isinstance(line, KeyPoint) else 1
        return sum(carried[w] > mine for w in own) / len(own)

    homes = {id(x): (home, list(home)) for home in _homes(briefing) for x in home}
    gone: list[tuple[Any, tuple[str, int]]] = []  # dropped lines with what they took

    def drop(line: Any, remove: Callable[[], None]) -> None:
        remove()
        gone.append((line, length.drop(line)))
        if not isinstance(line, KeyPoint):
            carried.subtract(words[id(line)])
            for point in [p for p in briefing.key_points if p.ref == line.key]:
                briefing.key_points.remove(point)
                length.drop(point)

    terse = False
    while length.total > budget:
        candidates = [c for c in _trimmable(briefing) if c[0] is not None]
        if not candidates and not terse:
            # what may not go still says too much: say it tersely before any of it goes
            terse = True
            for line in [e for t in briefing.talks for e in t.entries] + list(briefing.moves):
                line.text = gist(line.text, _TERSE_WORDS, keep_quote=not _narrated(line))
            length = _Length(briefing, marked)
            continue
        if not candidates:  # and then its less binding lines, last of all
            candidates = list(_last_resort(briefing))
        if not candidates:
            break
        _, line, remove = min(
            (
                (_drop_order(priority, position, overlap(line)), line, remove)
                for priority, position, remove, line in candidates
            ),
            key=lambda triple: triple[0],
        )
        drop(line, remove)
        trimmed += 1
    for line, (name, words) in reversed(gone):
        if length.total + length.cost(name, words) > budget:
            continue
        if isinstance(line, KeyPoint) and not any(x.key == line.ref for x in _lines(briefing)):
            continue  # a key point comes back only with the line it sums up
        home, before = homes[id(line)]
        place = next(i for i, x in enumerate(before) if x is line)
        present = {id(x) for x in home}
        home.insert(sum(id(x) in present for x in before[:place]), line)
        length.restore(line, name, words)
        trimmed -= 1
    return trimmed


def _homes(briefing: Briefing) -> Iterator[list[Any]]:
    """Every list a line lives in and may be dropped from."""
    yield briefing.key_points
    for track in briefing.talks:
        yield track.entries
    yield briefing.attacks
    yield briefing.moves
    yield briefing.background


def _narrated(line: Any) -> bool:
    return isinstance(line, TalksEntry) and line.kind in _NARRATED


_REPEAT = 0.8  # share of a line's words another line holds for it to be a repeat


def _line_words(text: str) -> set[str]:
    """Content words of a line without its date label, names of sides and filler."""
    return content_words(without_dates(text)) - _COMMON


_FIGURE = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,])|(?<![\d.,])\d{3,}(?![\d,])")
_YEAR = re.compile(r"^(?:19|20)\d\d$")


def _same_figure(line: str, other: str, shared_words: set[str]) -> bool:
    """Two lines that state the same figure of 100 or more (not a year) and share two more
    words tell one development: "Kyiv and Moscow agreed to exchange 1,000 prisoners of war
    each" (a move) is the talks' outcome "a 1,000-for-1,000 exchange of prisoners"."""
    figures = {f.replace(",", "") for f in _FIGURE.findall(without_dates(line))}
    figures = {f for f in figures if not _YEAR.match(f)}
    theirs = {f.replace(",", "") for f in _FIGURE.findall(without_dates(other))}
    return bool(figures & theirs) and len(shared_words) >= 2


def _names(text: str) -> set[str]:
    """The words of `text` written with a capital, as `_line_words` spells them."""
    return content_words(" ".join(_CAPITALISED.findall(without_dates(text))))


_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]*")
_COMMON = {"russia", "ukraine", "russian", "ukrainian", "moscow", "kyiv", "attack", "talks"}


def _fold_repeats(briefing: Briefing) -> int:
    """A talks entry or move whose words another such line already holds goes, its
    citations added to that line (the Kallas quote reported as a talks view and as a move).
    Of two lines that say the same, a development of the talks stays (an offer to host the
    next round), then a concrete move (a condemnation, not the same sentence as a talks
    view), then a view or position on the talks, then any other move."""
    folded = 0
    referenced = {p.ref for p in briefing.key_points}

    def pool() -> list[tuple[Any, Any]]:
        concrete = _CONCRETE_MOVES | {"condemnation"}
        views = ("assessment", "position")
        entries = [(t.entries, e) for t in briefing.talks for e in t.entries]
        return [
            *((home, e) for home, e in entries if e.kind not in views),
            *((briefing.moves, m) for m in briefing.moves if m.kind in concrete),
            *((home, e) for home, e in entries if e.kind in views),
            *((briefing.moves, m) for m in briefing.moves if m.kind not in concrete),
        ]

    changed = True
    while changed:
        changed = False
        lines = pool()
        for home, line in reversed(lines):
            if line.key in referenced:
                continue
            words = _line_words(line.text)
            if len(words) < 2:
                continue
            for _, other in lines:
                if other is line:
                    continue
                shared = words & _line_words(other.text)
                if len(shared) >= _REPEAT * len(words) or _same_figure(
                    line.text, other.text, shared
                ):
                    other.cites = list(dict.fromkeys([*other.cites, *line.cites]))
                    other.evidence = [*other.evidence, *line.evidence]
                    home.remove(line)
                    folded += 1
                    changed = True
                    break
            if changed:
                break
    return folded


_CONCRETE_MOVES = set(SIGNIFICANCE[: SIGNIFICANCE.index("pressure")])  # sanctions … vote
_REDUNDANT = 0.75  # a line whose words other lines mostly carry goes before any unique fact


def _drop_order(priority: int, position: int, overlap: float) -> tuple:
    """Lines other lines mostly repeat first; then by priority; then the more repeated."""
    return (overlap < _REDUNDANT, priority, -round(overlap, 2), position)


def _last_resort(briefing: Briefing) -> Iterator[tuple[int, int, Any, Any]]:
    """Lines `_trimmable` keeps, for a briefing still over its length without the others:
    one source's pressure and proposals among the moves first, then the talks' sticking
    points, proposals, outcomes but the first, and word of a next round other than the one
    the talks' status gives (a third party's offer to host), then one source's concrete
    moves; never the talks' status, the track's header or an attack."""
    order = {"sticking point": 11, "proposal": 12, "outcome": 13, "next round": 14}
    for track in briefing.talks:
        outcomes = [e for e in track.entries if e.kind == "outcome"]
        kept = [_status_entry(track), *outcomes[:1]]  # where the talks stand, and the first outcome
        for pos, entry in enumerate(track.entries):
            if entry.kind in order and not any(entry is k for k in kept):
                yield order[entry.kind], -pos, lambda t=track, e=entry: t.entries.remove(e), entry
    for pos, move in enumerate(briefing.moves):
        if len(move.cites) == 1:
            priority = 14 if move.kind in _CONCRETE_MOVES | {"condemnation"} else 10
            yield priority, -pos, lambda m=move: briefing.moves.remove(m), move


def _trimmable(briefing: Briefing) -> Iterator[tuple[int | None, int, Any, Any]]:
    """(priority, -position, remover, line) for every line that may go; lower priority goes first:
    old facts of new stories, commentators' views, running totals with no figure
    ("attacked dozens of times this year"), session narratives the track header
    already sums up, plain statements and an actor's second line from one story (short
    of a concrete move), sides' positions, key points past the two headlines and a move
    as the second (each repeats a line below it), long-running outcomes, sides'
    assessments, single-source attacks with no figure or casualty, and last the one line
    that says an old story was held back and how each warring side described the talks
    (its shortest view)."""
    for pos, item in enumerate(briefing.background):
        yield (
            (0 if item.section != "story" else 9),
            -pos,
            lambda i=item: briefing.background.remove(i),
            item,
        )
    for track in briefing.talks:
        described = {  # how each warring side described the talks: its shortest view stays
            side: min(views, key=lambda e: len(e.text))
            for side in ("Ukraine", "Russia")
            if (views := [e for e in track.entries if e.kind == "assessment" and e.side == side])
        }
        for pos, entry in enumerate(track.entries):
            if entry.kind == "assessment" and described.get(entry.side) is entry:
                yield 9, -pos, lambda t=track, e=entry: t.entries.remove(e), entry
            elif entry.kind in ("position", "assessment"):
                priority = 1 if not entry.side else (3 if entry.kind == "position" else 7)
                yield priority, -pos, lambda t=track, e=entry: t.entries.remove(e), entry
            elif entry.kind == "session":  # the track's header already gives venue and days
                yield 2, -pos, lambda t=track, e=entry: t.entries.remove(e), entry
            elif entry.kind == "outcome" and entry.start != entry.end:
                yield 6, -pos, lambda t=track, e=entry: t.entries.remove(e), entry
    seen: set[tuple[str, tuple]] = set()  # (actor, cites) of the moves before
    for pos, move in enumerate(briefing.moves):
        told = (fold(move.actor), tuple(move.cites))
        if (move.kind in ("statement", "other", "meeting") and len(move.cites) == 1) or (
            move.kind not in _CONCRETE_MOVES and told in seen
        ):  # a plain statement, or more words of an actor the same story already gave a line
            yield 2, -pos, lambda m=move: briefing.moves.remove(m), move
        seen.add(told)
    for pos, point in enumerate(briefing.key_points):
        # the two headlines stay, unless the second is a move, which repeats its line word
        # for word (the talks' status and the largest attack sum several)
        if pos >= 2 or (pos and point.rule == "move"):
            yield 5, -pos, lambda p=point: briefing.key_points.remove(p), point
    for pos, attack in enumerate(briefing.attacks):
        if attack.cumulative and not (attack.figures or attack.killed or attack.injured):
            # context ("the port has been attacked dozens of times this year"), not news
            yield 1, -pos, lambda a=attack: briefing.attacks.remove(a), attack
        elif not (attack.figures or attack.killed or attack.injured) and len(attack.cites) == 1:
            yield 8, -pos, lambda a=attack: briefing.attacks.remove(a), attack


def _number_sources(briefing: Briefing, register: SourceRegister, items: list[Item]) -> None:
    by_key = {i.story_key: i for i in items}
    numbers: dict[str, int] = {}

    def renumber(cites: list) -> list[int]:
        out = []
        for key in cites:
            if key not in numbers:
                numbers[key] = len(numbers) + 1
                source = register.source_for(by_key[key])
                source.n = numbers[key]
                briefing.sources.append(source)
            out.append(numbers[key])
        return out

    for line in _lines(briefing):
        line.cites = renumber(line.cites)
    for attack in briefing.attacks:
        for figure in attack.figures:
            for report in figure.reports:
                report.cites = renumber(report.cites)
        for casualties in (attack.killed, attack.injured):
            for report in casualties.reports if casualties else []:
                report.cites = renumber(report.cites)


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
