"""The length bound: outside Sources a briefing is at most a third of its input's words
(but not cut below two minutes' reading, nor longer than four), trimming the least
significant lines first and bringing back the ones that fit again."""

from __future__ import annotations

import bisect
import heapq
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from .keypoints import status_entry, talks_status
from .model import Attack, AttackNote, Briefing, KeyPoint
from .parts import BRIEF, NAMES, compose
from .repeats import CONCRETE_MOVES, fold_repeats, line_words, names, narrated
from .text import fold, gist, shorten, spelling_key, surname

__all__ = [
    "LENGTH_RATIO",
    "MAX_LENGTH",
    "MIN_LENGTH",
    "READING_SPEED",
    "STATS_ALLOWANCE",
    "Length",
    "fit_length",
    "last_resort",
    "length_budget",
    "lines",
    "trimmable",
]


# "a briefing reads in a few minutes": two to four, at a reader's 250 words a minute
READING_SPEED = 250


LENGTH_RATIO = 1 / 3  # briefing words outside Sources per input word, at most...


MIN_LENGTH = 2 * READING_SPEED  # ...but a small day is not cut below two minutes' reading


MAX_LENGTH = 4 * READING_SPEED  # and a big day's runs no longer than four (the default cap)


_GIST_WORDS = 30  # a talks entry or move cut to its gist when the briefing is too long


_TERSE_WORDS = 24  # and cut again when only the lines that may not go are left


STATS_ALLOWANCE = 6  # words the pipeline's own figures may add to the coverage line


def length_budget(input_words: int, max_words: int | None = None) -> int:
    """Words the briefing may use outside Sources: a third of the input, at least
    MIN_LENGTH (below two minutes' reading, trimming saves the reader seconds and costs
    facts), at most `max_words` (which a user may set below MIN_LENGTH)."""
    budget = max(int(input_words * LENGTH_RATIO), MIN_LENGTH)
    return min(budget, max_words) if max_words else budget


def lines(briefing: Briefing) -> Iterator[Any]:
    """Every bullet-bearing item, in the order render shows them."""
    yield from briefing.key_points
    for track in briefing.talks:
        yield track
        yield from track.entries
    for attack in briefing.attacks:
        yield attack
        yield from attack.notes
    yield from briefing.moves
    yield from briefing.background


class Length:
    """The briefing's words outside Sources as `render_markdown` shows them, plus room for
    the run's own stats and, when `marked`, for the marker ("**new**", "(continuing)") the
    run ledger puts on every news line and key point after the merge; counted line by
    line, so that a dropped line costs a subtraction, not a re-render."""

    def __init__(self, briefing: Briefing, marked: bool) -> None:
        from ..render import NOTHING, bullet_lines, render_markdown

        self.rendered = len(render_markdown(briefing).split("\n## Sources", 1)[0].split())
        self.total = self.rendered + STATS_ALLOWANCE
        self._nothing = len(NOTHING.split())
        self._lines: dict[int, tuple[str, int]] = {}  # id(item) -> (section, words)
        self._left: Counter[str] = Counter()  # bullets left per section
        for name, bullets in bullet_lines(briefing):
            for item, line in bullets:
                marker = int(marked and name != "background" and not isinstance(item, AttackNote))
                self._lines[id(item)] = (name, len(line.split()) + marker)
                self._left[name] += 1
                self.total += marker

    def __contains__(self, item: Any) -> bool:
        return id(item) in self._lines

    def drop(self, item: Any) -> tuple[str, int]:
        """Account for `item`'s line having gone; returns its section and words, which
        `restore` takes back."""
        name, words = self._lines.pop(id(item))
        self.total -= words
        self._left[name] -= 1
        if not self._left[name]:
            self.total += self._nothing  # the section now says "Nothing reported."
        return name, words

    def retext(self, item: Any, before: str) -> None:
        """Account for `item`'s line text having changed from `before` (the bullet's
        citations and marker stay as they were)."""
        name, words = self._lines[id(item)]
        change = len(item.text.split()) - len(before.split())
        self._lines[id(item)] = (name, words + change)
        self.total += change

    def cost(self, name: str, words: int) -> int:
        """Words a line of `words` words brings back into section `name`."""
        return words - (0 if self._left[name] else self._nothing)

    def restore(self, item: Any, name: str, words: int) -> None:
        """Account for `item`'s line, dropped from section `name`, being back."""
        self.total += self.cost(name, words)
        self._left[name] += 1
        self._lines[id(item)] = (name, words)


def fit_length(briefing: Briefing, budget: int, marked: bool) -> int:
    """Fit the briefing into `budget` words (as `Length` counts them): first say every
    line in fewer words (an attack composed briefly from its parts, any other line
    `shorten`ed), then fold lines another line already says into it
    (citing both), then cut statements to their gist, then drop the lines that tell least
    (old facts of new stories, the day's context, views nobody in the talks gave, key
    points past the two headlines), then the attacks' notes, the least telling first, then
    leave out who gave which of an attack's figures (its sources stay named), and only
    then drop lines, least important first in the order `trimmable` gives, and among
    equals the one whose words other lines already carry; the latest line of a kind goes
    first. A key point goes with the line it sums up. A long
    line dropped last may leave room: the dropped lines that fit in it come back, the
    last dropped (the most important) first, each in its old place. Returns how many lines
    were folded or dropped (notes aside: their reports stay in their attack's line)."""
    if Length(briefing, marked).total <= budget:
        return 0
    for line in lines(briefing):
        if isinstance(line, Attack) and line.parts:  # said by its parts: briefly
            line.text = compose(line.brief_head, line.parts, BRIEF)
        else:
            line.text = shorten(line.text)
    trimmed = fold_repeats(briefing)
    length = Length(briefing, marked)
    if length.total > budget:
        # still too long: a statement, view or move keeps its gist, before any line goes
        for line in [e for t in briefing.talks for e in t.entries] + list(briefing.moves):
            line.text = gist(line.text, _GIST_WORDS, keep_quote=not narrated(line))
        length = Length(briefing, marked)
    if length.total > budget:
        # the talks' status is a line of its own just below, one that stays: the key point
        # names the round
        tracks = {t.key: t for t in briefing.talks}
        may_go = {id(line) for *_, line in trimmable(briefing)}
        for point in briefing.key_points:
            track = tracks.get(point.ref) if point.rule == "talks" else None
            if track and id(status_entry(track)) not in may_go:
                point.text = talks_status(track, len(tracks) > 1, status=False)
                point.cites = list(track.cites)
        length = Length(briefing, marked)
    words = {id(line): line_words(line.text) for line in lines(briefing)}
    carried = Counter(  # how many lines (key points aside) carry each word
        w for line in lines(briefing) if not isinstance(line, KeyPoint) for w in words[id(line)]
    )

    holders: dict[str, list[int]] = {}  # each word's lines, to know whose overlap a drop moves
    for line in lines(briefing):
        for word in words[id(line)]:
            holders.setdefault(word, []).append(id(line))
    known: dict[int, tuple[str, float]] = {}  # each line's overlap, for the text it had

    def overlap(line: Any) -> float:
        """Share of `line`'s words that the other lines (key points aside) already carry;
        names aside, when it has other words: the header naming a delegation head does not
        say what he said (but an attack's places and officials are its news). Counted once
        per line and again only when its text changes or a drop leaves one of its words
        carried by one line or none: every line is a candidate at every drop."""
        if (seen := known.get(id(line))) is not None and seen[0] == line.text:
            return seen[1]
        own = words[id(line)]
        if not isinstance(line, Attack):  # an attack's places are what it says
            own = (own - names(line.text)) or own
        mine = 0 if isinstance(line, KeyPoint) else 1
        share = sum(carried[w] > mine for w in own) / len(own) if own else 1.0
        known[id(line)] = (line.text, share)
        return share

    homes = {id(x): (home, list(home)) for home in _homes(briefing) for x in home}
    gone: list[tuple[Any, tuple[str, int]]] = []  # dropped lines with what they took

    def forget(line: Any) -> None:
        """`line`'s words are carried by one line fewer: the overlaps they weigh in move."""
        carried.subtract(words[id(line)])
        for word in words[id(line)]:
            if carried[word] <= 1:  # now carried by one line or none: overlaps move
                for holder in holders[word]:
                    known.pop(holder, None)

    def drop(line: Any, remove: Callable[[], None], queue: _DropQueue) -> None:
        remove()
        gone.append((line, length.drop(line)))
        if not isinstance(line, KeyPoint):
            forget(line)
            for point in [p for p in briefing.key_points if p.ref == line.key]:
                queue.gone(point)
                _remove(briefing.key_points, point)
                length.drop(point)

    # the lines that tell least (old facts of new stories, commentators' views) go before
    # any detail of the day's news: before an outlet's note on an attack and before who
    # gave which figure (real news dev days: Background lines of old facts stayed while
    # the per-outlet tolls of the day's strike went, and a range without who said what is
    # the less trustworthy line)
    least = _DropQueue(briefing, overlap, only=_tells_least)
    while length.total > budget and (picked := least.pop()) is not None:
        if not _tells_least(picked[0], least.key(picked[0])[1]):
            break
        drop(*picked, least)
        trimmed += 1

    # a note tells one outlet's detail of an attack a line already gives: notes go before
    # any other line is dropped, the last note of the last attack first (each line's notes
    # come in the order they add most)
    notes = sorted(
        ((i, pos, a, n) for pos, a in enumerate(briefing.attacks) for i, n in enumerate(a.notes)),
        key=lambda entry: entry[:2],
    )
    while length.total > budget and notes:
        *_, attack, note = notes.pop()
        attack.notes.remove(note)
        length.drop(note)
        forget(note)
    # who gave which figure: the sources stay named, their separate figures go (the range
    # says what they gave between them) before any line of news does; the last attack's
    # first, and only as many as the bound needs, so the main attack keeps who said what
    for attack in reversed(briefing.attacks):
        if length.total <= budget:
            break
        if attack.parts and attack in length:
            before, attack.text = attack.text, compose(attack.brief_head, attack.parts, NAMES)
            length.retext(attack, before)
            forget(attack)
            words[id(attack)] = line_words(attack.text)
            carried.update(words[id(attack)])
    queue = _DropQueue(briefing, overlap)
    terse = False
    while length.total > budget:
        if (picked := queue.pop()) is not None:
            drop(*picked, queue)
            trimmed += 1
            continue
        if not terse:
            # what may not go still says too much: say it tersely before any of it goes
            terse = True
            for line in [e for t in briefing.talks for e in t.entries] + list(briefing.moves):
                line.text = gist(line.text, _TERSE_WORDS, keep_quote=not narrated(line))
            length = Length(briefing, marked)
            continue
        # and then its less binding lines, last of all (a drop adds no line to `trimmable`)
        candidates = list(last_resort(briefing))
        if not candidates:
            break
        _, line, remove = min(
            (
                (_drop_order(priority, position, overlap(line)), line, remove)
                for priority, position, remove, line in candidates
            ),
            key=lambda triple: triple[0],
        )
        drop(line, remove, queue)
        trimmed += 1
    for line, (name, words) in reversed(gone):
        if length.total + length.cost(name, words) > budget:
            continue
        if isinstance(line, KeyPoint) and not any(x.key == line.ref for x in lines(briefing)):
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
    for attack in briefing.attacks:
        yield attack.notes
    yield briefing.moves
    yield briefing.background


_REDUNDANT = 0.75  # a line whose words other lines mostly carry goes before any unique fact


def _drop_order(priority: int, position: int, overlap: float) -> tuple:
    """Lines other lines mostly repeat first; then by priority; then the more repeated."""
    return (overlap < _REDUNDANT, priority, -round(overlap, 2), position)


# Which lines go first when a briefing is over its length: the lowest number first, and
# among equals the last in its section. `trimmable` names every line that may go by one of
# these; `last_resort` the ones that go only when nothing else is left.
DROP_ORDER = {
    "old fact of a new story": 0,
    "running total with no figure": 1,
    "context of the day": 1,
    "view nobody in the talks gave": 1,
    "session the track's header sums up": 2,
    "plain statement or an actor's second line": 2,
    "side's position": 3,
    "key point past the two headlines": 5,
    "long-running outcome": 6,
    "side's assessment": 7,
    "one source's attack with no figure or toll": 8,
    "old story held back": 9,
    "one source's pressure or proposal": 10,
    "side's shortest view of the talks": 11,
    "sticking point": 11,
    "proposal": 12,
    "outcome but the first": 13,
    "next round but the status's": 14,
    "one source's concrete move": 14,
}


# the lines of DROP_ORDER that go before any detail of an attack
_TELLS_LEAST = {
    DROP_ORDER[name]
    for name in (
        "old fact of a new story",
        "context of the day",
        "view nobody in the talks gave",
        "key point past the two headlines",  # a line below says it, word for word
    )
}


def _tells_least(line: Any, priority: int | None) -> bool:
    """One of the lines that tell least; never an attack line (a running total, whose
    words may hold a figure, "took out 20% of Russia's oil refinery capacity", shares the
    priority of the day's context)."""
    return priority in _TELLS_LEAST and not isinstance(line, Attack)


def last_resort(briefing: Briefing) -> Iterator[tuple[int, int, Any, Any]]:
    """Lines `trimmable` keeps, for a briefing still over its length without the others:
    one source's pressure and proposals among the moves first, then how each warring side
    described the talks and the talks' sticking points, proposals, outcomes but the first,
    and word of a next round other than the one the talks' status gives (a third party's
    offer to host), then one source's concrete moves; never the talks' status, the track's
    header or an attack."""
    order = {
        "sticking point": DROP_ORDER["sticking point"],
        "proposal": DROP_ORDER["proposal"],
        "outcome": DROP_ORDER["outcome but the first"],
        "next round": DROP_ORDER["next round but the status's"],
    }
    for track in briefing.talks:
        outcomes = [e for e in track.entries if e.kind == "outcome"]
        kept = [status_entry(track), *outcomes[:1]]  # where the talks stand, and the first outcome
        described = {id(e) for e in _described(track).values()}
        for pos, entry in enumerate(track.entries):
            if id(entry) in described:
                # how each warring side described the talks: the talks' status as much as
                # their sticking points (invented dev2, blind answers: both delegation
                # heads' one-line views went while "Kyiv has repeatedly proposed" stayed)
                priority = DROP_ORDER["side's shortest view of the talks"]
                yield priority, -pos, lambda t=track, e=entry: _remove(t.entries, e), entry
            elif entry.kind in order and not any(entry is k for k in kept):
                yield order[entry.kind], -pos, lambda t=track, e=entry: _remove(t.entries, e), entry
    for pos, move in enumerate(briefing.moves):
        if len(move.cites) == 1:
            priority = DROP_ORDER[
                "one source's concrete move"
                if move.kind in CONCRETE_MOVES | {"condemnation"}
                else "one source's pressure or proposal"
            ]
            yield priority, -pos, lambda m=move: _remove(briefing.moves, m), move


def trimmable(briefing: Briefing) -> Iterator[tuple[int | None, int, Any, Any]]:
    """(priority, -position, remover, line) for every line that may go; lower priority goes first:
    old facts of new stories, running totals with no figure ("has been hit repeatedly
    since 2022"), commentators' views, session narratives the track header already sums up, plain statements and an actor's second line from one story (short
    of a concrete move), sides' positions, key points past the two headlines and a move
    as the second (each repeats a line below it), long-running outcomes, sides'
    assessments, single-source attacks with no figure or casualty, and last the one line
    that says an old story was held back (how each warring side described the talks is a
    `last_resort`). Each line's priority is `_priority`'s, which `_DropQueue` asks again
    for the lines whose priority a drop may change."""
    start = briefing.window_start[:10]
    for pos, item in enumerate(briefing.background):
        priority = _background_priority(item, start)
        yield priority, -pos, lambda i=item: _remove(briefing.background, i), item
    for track in briefing.talks:
        described = _described(track)
        for pos, entry in enumerate(track.entries):
            if (priority := _entry_priority(entry, described)) is not None:
                yield priority, -pos, lambda t=track, e=entry: _remove(t.entries, e), entry
    seen: set[tuple[str, tuple]] = set()  # (actor, cites) of the moves before
    for pos, move in enumerate(briefing.moves):
        told = _told(move)
        if (priority := _move_priority(move, told in seen)) is not None:
            yield priority, -pos, lambda m=move: _remove(briefing.moves, m), move
        seen.add(told)
    for pos, point in enumerate(briefing.key_points):
        if (priority := _point_priority(point, pos)) is not None:
            yield priority, -pos, lambda p=point: _remove(briefing.key_points, p), point
    for pos, attack in enumerate(briefing.attacks):
        if (priority := _attack_priority(attack)) is not None:
            yield priority, -pos, lambda a=attack: _remove(briefing.attacks, a), attack


def _remove(home: list[Any], line: Any) -> None:
    """Take `line` itself out of `home` (`list.remove` would compare every line before it
    field by field, and could take an equal twin)."""
    del home[next(i for i, x in enumerate(home) if x is line)]


def _background_priority(item: Any, start: str) -> int:
    return DROP_ORDER[
        "old story held back"
        if item.section == "story"
        # the day's own context (a side's word that strikes go on) outlasts old facts
        else "context of the day"
        if item.end and item.end >= start
        else "old fact of a new story"
    ]


def _described(track: Any) -> dict[str, Any]:
    """How each warring side described the talks, the view that stays longest: its
    delegation head's where the track names one who gave a view (a spokesman speaking from
    home says less of the round than the head who sat at the table), else its shortest,
    by its quote or else the sentences it rests on: not by its line's words, which the fit
    itself shortens, so a view described when the fit begins stays so (one that stopped
    being described would go neither among the trimmable lines nor as a last resort)."""
    heads = {spelling_key(surname(head.rsplit(" (", 1)[0])) for head in track.delegation_heads}
    described = {}
    for side in ("Ukraine", "Russia"):
        views = [e for e in track.entries if e.kind == "assessment" and e.side == side]
        led = [e for e in views if e.speaker and spelling_key(surname(e.speaker)) in heads]
        if views:
            described[side] = min(led or views, key=_view_length)
    return described


def _view_length(entry: Any) -> int:
    return len(entry.quote or " ".join(entry.evidence) or entry.text)


def _entry_priority(entry: Any, described: dict[str, Any]) -> int | None:
    if entry.kind == "assessment" and described.get(entry.side) is entry:
        return None  # how a warring side described the talks: a last resort (`last_resort`)
    if entry.kind in ("position", "assessment"):
        return DROP_ORDER[
            "view nobody in the talks gave"
            if not entry.side
            else ("side's position" if entry.kind == "position" else "side's assessment")
        ]
    if entry.kind == "session":  # the track's header already gives venue and days
        return DROP_ORDER["session the track's header sums up"]
    if entry.kind == "outcome" and entry.start != entry.end:
        return DROP_ORDER["long-running outcome"]
    return None


def _told(move: Any) -> tuple[str, tuple]:
    return fold(move.actor), tuple(move.cites)


def _move_priority(move: Any, told_before: bool) -> int | None:
    """A plain statement, or more words of an actor the same story already gave a line
    (`told_before`), short of a concrete move."""
    if (move.kind in ("statement", "other", "meeting") and len(move.cites) == 1) or (
        move.kind not in CONCRETE_MOVES and told_before
    ):
        return DROP_ORDER["plain statement or an actor's second line"]
    return None


def _point_priority(point: Any, pos: int) -> int | None:
    # the two headlines stay, unless the second is a move, which repeats its line word
    # for word (the talks' status and the largest attack sum several)
    if pos >= 2 or (pos and point.rule == "move"):
        return DROP_ORDER["key point past the two headlines"]
    return None


def _attack_priority(attack: Any) -> int | None:
    if attack.cumulative and not (attack.figures or attack.killed or attack.injured):
        # "has been hit repeatedly since 2022": what it counts is no figure of an attack
        return DROP_ORDER["running total with no figure"]
    if not (attack.figures or attack.killed or attack.injured) and len(attack.cites) == 1:
        return DROP_ORDER["one source's attack with no figure or toll"]
    return None


class _DropQueue:
    """The lines `trimmable` names, in the order `fit_length` drops them, kept as lines go
    without asking `trimmable` again for every drop (at 5,000 articles that made the fit
    quadratic). It is a heap of each line's key as last computed. A drop only ever raises
    the others' keys or takes lines off the list (fewer lines carry a word, a line moves up
    its section, an actor's first line or a side's shortest view goes), never adds one. So
    a key on the heap is a lower bound: the line on top is asked again, and it is the next
    to go when its key still holds, exactly the `min` over `trimmable` with its ties in
    `trimmable`'s order."""

    def __init__(
        self,
        briefing: Briefing,
        overlap: Callable[[Any], float],
        only: Callable[[Any, int | None], bool] | None = None,
    ) -> None:
        """`only`: the lines (by line and priority) the queue holds, when not all."""
        self._overlap, self._briefing = overlap, briefing
        self._start = briefing.window_start[:10]
        self._heap: list[tuple[tuple, int, int]] = []
        self._lines: dict[
            int, tuple[Any, list[Any], int, Any]
        ] = {}  # id -> line, home, index, owner
        self._gone: dict[int, list[int]] = {}  # id(home) -> sorted first indices of lines gone
        self._told: dict[tuple[str, tuple], list[int]] = {}  # (actor, cites) -> moves' indices
        homes: list[tuple[list[Any], Any]] = [(briefing.background, None)]
        homes += [(track.entries, track) for track in briefing.talks]
        homes += [(briefing.moves, None), (briefing.key_points, None), (briefing.attacks, None)]
        for home, owner in homes:
            for index, line in enumerate(home):
                self._lines[id(line)] = (line, home, index, owner)
                if home is briefing.moves:
                    self._told.setdefault(_told(line), []).append(index)
        for seq, (priority, _, _, line) in enumerate(trimmable(briefing)):
            if only is None or only(line, priority):
                self._push(line, seq)

    def _position(self, line_id: int) -> int:
        _, home, index, _ = self._lines[line_id]
        return index - bisect.bisect_left(self._gone.get(id(home), []), index)

    def _priority(self, line_id: int) -> int | None:
        line, home, index, owner = self._lines[line_id]
        briefing = self._briefing
        if home is briefing.background:
            return _background_priority(line, self._start)
        if home is briefing.moves:
            return _move_priority(line, self._told[_told(line)][0] < index)
        if home is briefing.key_points:
            return _point_priority(line, self._position(line_id))
        if home is briefing.attacks:
            return _attack_priority(line)
        return _entry_priority(line, _described(owner))

    def _key(self, line_id: int) -> tuple | None:
        priority = self._priority(line_id)
        if priority is None:
            return None
        line = self._lines[line_id][0]
        return _drop_order(priority, -self._position(line_id), self._overlap(line))

    def key(self, line: Any) -> tuple:
        """`line`'s drop key as it stands: (not redundant, priority, ...)."""
        return self._key(id(line))  # type: ignore[return-value]

    def _push(self, line: Any, seq: int) -> None:
        if (key := self._key(id(line))) is not None:
            heapq.heappush(self._heap, (key, seq, id(line)))

    def pop(self) -> tuple[Any, Callable[[], None]] | None:
        """The next line to go and its remover, or None when `trimmable` names none."""
        while self._heap:
            key, seq, line_id = self._heap[0]
            if line_id not in self._lines:  # gone already (a key point with its line)
                heapq.heappop(self._heap)
                continue
            now = self._key(line_id)
            if now == key:
                line, home = self._lines[line_id][:2]
                return line, self._remover(line, home)
            if now is None:
                heapq.heappop(self._heap)
            else:
                heapq.heapreplace(self._heap, (now, seq, line_id))
        return None

    def _remover(self, line: Any, home: list[Any]) -> Callable[[], None]:
        def remove() -> None:
            self.gone(line)
            _remove(home, line)

        return remove

    def gone(self, line: Any) -> None:
        """Account for `line` having left its list (by `pop`'s remover or with its line)."""
        if (entry := self._lines.pop(id(line), None)) is None:
            return
        _, home, index, _ = entry
        bisect.insort(self._gone.setdefault(id(home), []), index)
        if home is self._briefing.moves:
            self._told[_told(line)].remove(index)
