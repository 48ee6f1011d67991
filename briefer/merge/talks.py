"""Talks: one timeline per negotiation track.

Items go to a track by the track's name (folded, filler words dropped, so "Russia–Ukraine
peace talks (US-mediated)" and "Russia-Ukraine talks" are one) or, when unnamed, by venue,
else to the largest track. The track's header line gathers round, venue, dates, format,
mediators and delegation heads. Its entries are the developments, one line each, repeats
across outlets merged: sessions, next round and outcome by day; assessments and positions
by speaker and day; sticking points and proposals by wording. A proposal is always shown
as a proposal, never as an agreement, and an "outcome" that only reports an offer is shown
as a proposal too.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from datetime import date
from typing import Any

from ..data import stable_id
from .items import Item, adding_facts, day_label, further_statements, said_by
from .model import TalksEntry, TalksTrack
from .tables import table
from .text import (
    attribute,
    clean,
    content_words,
    demonym,
    fold,
    same_words,
    similar,
    spelling_key,
    stems,
    surname,
    without_speaker,
)

__all__ = ["OUTCOME_LABEL", "about_attacks", "build_talks", "called_off", "met"]

OUTCOME_LABEL = "Outcome"  # an outcome entry's text opens "Outcome: "

KIND_ORDER = [
    "session",
    "assessment",
    "position",
    "sticking point",
    "proposal",
    "outcome",
    "next round",
]
_TRACK_FILLER = {
    "peace", "talks", "talk", "negotiations", "negotiation", "process", "round", "us", "mediated",
    "brokered", "trilateral", "bilateral", "direct", "and", "of", "between", "in", "with", "led",
    "the", "a", "on",
}  # fmt: skip
_BUT = re.compile(r",?\s+but\s+|;\s+")
_SIMILAR = 0.3
_MAX_PRESENT = 5
_QUOTES = "“”\"'‘’ "
_OF_THE_DAY = ("session", "next round", "outcome")  # entries grouped by their day


def build_talks(items: list[Item]) -> list[TalksTrack]:
    """Tracks in order of their first item, each with its deduplicated timeline."""
    named: dict[str, list[Item]] = {}
    unnamed: list[Item] = []
    sides: dict[str, frozenset[str]] = {}  # track key -> the sides its first name names
    for item in items:
        if _past_reference(item) or _earlier_rounds(item):
            continue  # an earlier meeting the text measures from: not news (accounted)
        key = _track_key(item.data.get("track"))
        if key:
            held, mediating = _named(clean(item.data.get("track")))
            own = frozenset(held | mediating)
            target = next((k for k in named if _one_track(k, key, sides[k], own)), key)
            sides.setdefault(target, own)
            named.setdefault(target, []).append(item)
        else:
            unnamed.append(item)
    venues: dict[str, dict[str, None]] = {}  # venue -> the tracks whose reports name it, in order
    for key, members in named.items():
        for member in members:
            venues.setdefault(fold(member.data.get("venue")), {})[key] = None
    for item in unnamed:
        venue = fold(item.data.get("venue"))
        homes = venues.get(venue, {}) if venue else {}
        order = {k: i for i, k in enumerate(named)}
        home = min(homes, key=order.__getitem__) if homes else None
        if home is None and named:
            home = max(named, key=lambda k: len(named[k]))
        named.setdefault(home or "", []).append(item)
        venues.setdefault(venue, {})[home or ""] = None
    tracks = {
        key: _track(key, sorted(members, key=lambda m: m.order)) for key, members in named.items()
    }
    # names that differ for one negotiation ("Trump–Putin summit", "ceasefire negotiations
    # (US)") may come out as one name of who sat at the table ("US–Russia talks"): one track
    # ("US–Russia talks" and "Russia–US summit": the same sides, whatever the order or
    # the word for the meeting, are one negotiation, as `_one_track` has it)
    by_name: dict[Any, list[str]] = {}
    for key, track in tracks.items():
        held, mediating = _named(track.track)
        sides = (frozenset(held), frozenset(mediating))
        by_name.setdefault(sides if len(held | mediating) >= 2 else fold(track.track), []).append(
            key
        )
    for keys in by_name.values():
        if len(keys) > 1:
            members = sorted((m for k in keys for m in named[k]), key=lambda m: m.order)
            tracks[keys[0]] = _track(keys[0], members)
            for key in keys[1:]:
                del tracks[key]
    return list(tracks.values())


def _track_key(track: str | None) -> str:
    """The words naming a track, filler aside; none for a name that names only the pursuit
    of peace and at most one side ("peace efforts", "negotiating an end to the war")."""
    written = {demonym(w) for w in fold(track).split()}
    words = written - _TRACK_FILLER
    held, mediating = _named(clean(track))
    generic, sides = _generic_words()
    if len(held | mediating) <= 1 and words - sides <= generic:
        return ""
    if not (held | mediating) and not written & _meeting_words():
        return ""  # the subject of a proposal ("freeze of the front line"), no negotiation
    return " ".join(sorted(words))


@functools.cache
def _meeting_words() -> frozenset[str]:
    return frozenset(fold(w) for w in table("talks")["generic_track"]["meeting"])


@functools.cache
def _generic_words() -> tuple[frozenset[str], frozenset[str]]:
    """talks.toml's words of a name for the pursuit of peace, and the parties' words."""
    generic = frozenset(fold(w) for w in table("talks")["generic_track"]["words"])
    sides = {w for pair in _vocabulary()["parties"] for name in pair for w in fold(name).split()}
    sides |= set(_vocabulary()["capitals"])
    return generic, frozenset(sides)


def _past_reference(item: Item) -> bool:
    """A report with no time of its own whose sentences name its venue only after "since"
    ("the deadliest since the Alaska summit"): an earlier meeting, not the day's talks."""
    venue = clean(item.data.get("venue"))
    if not venue or item.data.get("time_text"):
        return False
    named = re.compile(rf"\b{re.escape(venue)}\b", re.IGNORECASE)
    since = re.compile(table("talks")["past_reference"]["since"] + re.escape(venue), re.I)
    evidence = item.evidence
    return bool(named.search(evidence)) and len(named.findall(evidence)) == len(
        since.findall(evidence)
    )


def _earlier_rounds(item: Item) -> bool:
    """An outcome or session report whose subject is earlier rounds (`talks.toml`
    [earlier_rounds]: "Two previous rounds held in Abu Dhabi produced no breakthrough")."""
    rule = table("talks")["earlier_rounds"]
    if item.data.get("kind") not in rule["kinds"]:
        return False
    subject = _words("earlier_rounds", "subject")
    return bool(subject.search(clean(item.summary)) or subject.search(item.evidence))


@functools.cache
def _words(rule: str, key: str) -> re.Pattern[str]:
    """A pattern of `talks.toml`'s [rule], compiled once."""
    return re.compile(table("talks")[rule][key], re.I)


def _one_track(a: str, b: str, sides_a: frozenset[str], sides_b: frozenset[str]) -> bool:
    """Two track names for one negotiation: when both name two sides or more, the same
    sides ("US efforts to broker peace between Russia and Ukraine" and "Russia–Ukraine–
    United States talks"; not "US–Russia talks"), else one name's words within the other's."""
    if len(sides_a) >= 2 and len(sides_b) >= 2:
        return sides_a == sides_b
    return _same_track(a, b)


def _same_track(a: str, b: str) -> bool:
    """One name's words within the other's, the words for a meeting aside when names are
    left ("Putin–Trump meeting" and "Trump–Putin summit (US–Russia)")."""
    left, right = set(a.split()), set(b.split())
    meeting = _meeting_words()
    if left - meeting and right - meeting:
        left, right = left - meeting, right - meeting
    return left <= right or right <= left


def _track(key: str, members: list[Item]) -> TalksTrack:
    names = Counter(clean(m.data.get("track")) for m in members if m.data.get("track"))
    # a name for the pursuit of peace ("peace efforts") names the track only when no
    # report names the negotiation
    names = Counter({n: c for n, c in names.items() if _track_key(n)}) or names
    name = max(names, key=lambda n: (names[n], -len(n))) if names else "Peace talks"
    named, mediating = _named(name)
    held_by = parties(members, mediating)
    if len(held_by) >= 2 and named != set(held_by) and not _seated(named, members, held_by):
        name = "–".join(held_by) + " talks"  # who the text says sat at the table
        mediating = frozenset()
    rounds = sorted(  # the round under way, not the one announced or offered next
        {
            int(m.data["round"])
            for m in members
            if m.data.get("round") and _kind(m) not in ("next round", "proposal")
        }
    )
    held = [m for m in members if _kind(m) == "session"]
    sessions = held or members
    venues = _distinct(m.data.get("venue") for m in sessions if m.data.get("venue"))
    if not venues:
        venues = _distinct(m.data.get("venue") for m in members if m.data.get("venue"))
    venues = _widest(venues)
    # the header's days are those of sessions held: views and plans on a day are no session;
    # and those a report's own time words name, where any does: "A Russian drone on Saturday
    # hit a bus ..., hours after Moscow and Kyiv had held their first direct peace talks"
    # names the bus strike's day, not the talks' held on Friday
    dated = [m for m in held if m.window and not _header_only(m) and not _travel_only(m)]
    windows = [m.window for m in ([m for m in dated if m.own_day] or dated)]
    start = min(w[0] for w in windows) if windows else None
    end = max(w[1] for w in windows) if windows else None
    formats = _distinct(m.data.get("format") for m in members if m.data.get("format"))
    mediators, heads, present = _people(members, mediating)
    header = [name]
    if rounds:
        header.append(f"{_ordinal(rounds[-1])} round")
    if venues:
        header.append(", ".join(venues))
    if start and end:
        header.append(day_label((start, end)) if start != end else start.isoformat())
    if len(formats) == 1 and formats[0] != "mixed" and not (mediators and formats[0] == "mediated"):
        header.append(formats[0])  # "mixed formats" says nothing, nor "mediated" before mediators
    if mediators:
        header.append("mediators: " + ", ".join(mediators))
    if heads:
        header.append("delegations led by " + ", ".join(heads))
    if present:  # members the text names without saying they lead or mediate
        header.append("with " + ", ".join(present))
    header_members = [
        m
        for m in members
        if m.data.get("kind") == "session" or m.data.get("participants") or m.data.get("round")
    ] or members
    track = TalksTrack(
        key=stable_id("talks", key or fold(name)),
        track=name,
        text="; ".join(header),
        cites=list(dict.fromkeys(m.story_key for m in header_members)),
        rounds=rounds,
        venues=venues,
        start=start.isoformat() if start else None,
        end=end.isoformat() if end else None,
        formats=formats,
        mediators=mediators,
        delegation_heads=heads,
        members=[m.ref for m in header_members],
        evidence=[m.evidence for m in header_members],
    )
    groups, context = _group_entries(members)
    track.entries = [_entry(track.key, group, context.get(id(group), [])) for group in groups]
    track.entries.sort(key=lambda e: (KIND_ORDER.index(e.kind), e.start or "", e.end or "", e.key))
    # an outcome the sides reached says they met ("delegations agreed to exchange 314
    # prisoners"); one calling the meeting off does not
    agreed = any(_kind(m) == "outcome" and not called_off(m.summary) for m in members)
    planned = any(e.kind == "next round" for e in track.entries)
    off = any(e.kind == "outcome" and called_off(e.text) for e in track.entries)
    words = _vocabulary()["no_meeting"]
    if not met(track):
        track.text += f"; {words['header']}"
    elif not (held or agreed) and (planned or off):
        # no session reported, only a meeting planned or called off: a header of who meets
        # must not read as if they met ("US–Russia talks; bilateral" for Trump's "I will
        # speak to Putin very soon"). A track whose reports tell of a meeting in other
        # kinds (a sticking point, a view of "the most productive meeting so far") says
        # nothing of the kind: the offline coder rarely reads a session as one.
        track.text += f"; {words['planned' if planned and not off else 'header']}"
    return track


def met(track: TalksTrack) -> bool:
    """Whether the track's reports tell a development of the talks (a session, its venue or
    day, an offer, an outcome, a next round), not only views of them."""
    views = set(_vocabulary()["no_meeting"]["views"])
    return bool(
        track.start
        or track.venues
        or track.rounds
        or any(e.kind not in views for e in track.entries)
    )


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _kind(item: Item) -> str:
    kind = _kind_of(item.data.get("kind") or "session", item.evidence, _ahead(item))
    if kind in ("session", "next round") and called_off(item.summary):
        return "outcome"  # what became of the meeting, not a meeting to come
    return kind


@functools.lru_cache(maxsize=1 << 14)
def called_off(text: str) -> bool:
    """Whether a report tells a meeting as called off ("the summit had been shelved",
    "would not go ahead"; `talks.toml` [kinds] called_off), not in a clause of another
    time ("Like in 2022, when the negotiations collapsed, ..."; [kinds] another_time)."""
    kinds = _vocabulary()["kinds"]
    return bool(kinds["called_off"].search(kinds["another_time"].sub(" ", text)))


@functools.lru_cache(maxsize=1 << 14)
def _kind_of(kind: str, evidence: str, ahead: bool) -> str:
    if kind == "session" and ahead:
        return "next round"  # a meeting its story looks ahead to is still to come
    # the main clause: "… will each release 500 prisoners, but a U.S. plan … foundered"
    # is an outcome, whatever its "but" clause says of a plan
    main = _BUT.split(evidence, maxsplit=1)[0]
    words = _vocabulary()["kinds"]
    if kind == "outcome" and not words["agreed"].search(main) and words["offer"].search(main):
        return "proposal"  # an offer reported as an outcome is still only an offer
    return kind


def _speaker(item: Item) -> str:
    """One speaker however outlets spell the name ("Zelensky", "Zelenskiy")."""
    side = item.attribution.get("side") or ""
    return f"{side}:{spelling_key(surname(item.attribution.get('source')))}"


def _header_only(item: Item) -> bool:
    """A session item without a day of its own ("the fourth round of trilateral talks")
    only feeds the track's header line."""
    if _kind(item) != "session":
        return False
    window = item.window
    return not item.anchored or window is None or window[0] != window[1]


def _travel_only(item: Item) -> bool:
    """A session report of a delegation's journey and not of the meeting (`talks.toml`
    [travel]: "the delegation arrived in Geneva on Monday"): its day is the journey's."""
    summary = clean(item.summary)
    return bool(_words("travel", "travel").search(summary)) and not _words(
        "travel", "meeting"
    ).search(summary)


def _ahead(item: Item) -> bool:
    """A meeting its own story looks ahead to ("Putin would receive the envoy on Thursday"):
    planned, not held: news of what comes next, not of the talks' days or venue."""
    return bool(item.window and item.story_date and item.window[0] > item.story_date)


def _overtaken(
    item: Item, last_session: date | None, last_story: date | None, venues: frozenset[str]
) -> bool:
    """A dated next round the track's reports have caught up with: a session reported on or
    after its day, or a later story written on or after it ("talks resume on Wednesday",
    and Wednesday's reports are in). `last_session` and `last_story` are the track's
    latest dated session and latest story date. A next round with no day of its own told
    by a story from before the last session ("the drone assault came on the eve of crucial
    talks in Istanbul") looked forward to that session: it has been held since; so did one
    told on that session's day, at its venue (`venues`) or none, in the words of a meeting
    still to be held and of no other after it (`talks.toml` [preview]). A dated one whose
    span holds the last session, told before it, at its venue or none, looked forward to
    it too ("this week", written the day before the week's last session)."""
    if not item.anchored:
        if not (last_session and item.story_date):
            return False
        return item.story_date < last_session or (
            item.story_date == last_session
            and _at_venue(item.data.get("venue"), venues)
            and bool(_words("preview", "preview").search(item.summary))
            and not _words("preview", "further").search(item.summary)
        )
    if not item.window:
        return False
    day = item.window[1]
    return bool(
        (last_session and last_session >= day)
        or (last_story and item.story_date and day <= last_story > item.story_date)
        # "are to sit down in Istanbul this week", told before the session held in that
        # week at that venue: its preview (invented examples, blind answers: it stood as
        # "Next round" after the round had been held)
        or (
            last_session
            and item.story_date
            and item.story_date < last_session
            and item.window[0] <= last_session
            and _at_venue(item.data.get("venue"), venues)
        )
    )


def _at_venue(venue: str | None, venues: frozenset[str]) -> bool:
    """No venue, or one whose words are all among one of the folded `venues`' words, or
    theirs among its: "Switzerland" is at "geneva, switzerland"."""
    words = set(re.findall(r"\w+", fold(venue)))
    return not words or any(
        words <= held or held <= words or words <= held | _countries(v)
        for v in venues
        for held in (set(re.findall(r"\w+", v)),)
    )


@functools.cache
def _countries(venue: str) -> frozenset[str]:
    """The folded words of the countries of the cities a folded venue names
    (`venues.toml`: "intercontinental hotel geneva" is in Switzerland)."""
    padded = " " + " ".join(re.findall(r"\w+", venue)) + " "
    return frozenset(
        word
        for city, names in _venue_countries().items()
        if f" {city} " in padded
        for name in names
        for word in re.findall(r"\w+", fold(name))
    )


@functools.cache
def _venue_countries() -> dict[str, list[str]]:
    return {" ".join(re.findall(r"\w+", fold(c))): n for c, n in table("venues")["country"].items()}


def _group_entries(members: list[Item]) -> tuple[list[list[Item]], dict[int, list[Item]]]:
    """The track's entries as groups of reports of one development, in order of first
    report; and by `id` of the group of the last session held, the reports of the meeting
    with no day of their own ("Putin declined to attend ...; the delegation excluded ...
    Lavrov"), which may add to its line what its reports do not.

    A report joins the first group one of whose reports it matches (`_same_entry`); only the
    groups that can match are looked at (`_entry_keys`): those of its kind with its day, its
    side or its speaker, so a track told by a thousand outlets is not compared pairwise."""
    groups: list[list[Item]] = []
    index: dict[tuple, list[int]] = {}
    # the last day a session was held, by the days sessions' own words name where any do
    # (not the bus strike's day of "hours after the talks")
    held = [
        m
        for m in members
        if _kind(m) == "session"
        and m.anchored
        and m.window
        and not _header_only(m)
        and not _travel_only(m)
    ]
    last_session = max(
        (m.window[1] for m in ([m for m in held if m.own_day] or held)), default=None
    )
    last_story = max((m.story_date for m in members if m.story_date), default=None)
    venues = frozenset(
        fold(m.data.get("venue"))
        for m in held
        if m.window and m.window[1] == last_session and m.data.get("venue")
    )
    context = [m for m in members if _header_only(m)]
    # a session dated only by a day its evidence names, the day after the last session
    # held ("held their first direct talks in years, hours before the drone strike on the
    # bus" dates the bus): that session, told again, not one of the next day
    retold = [m for m in members if _retold_session(m, last_session)]
    for item in members:
        if _header_only(item) or any(item is m for m in retold):
            continue
        kind = _kind(item)
        if kind == "next round" and _overtaken(item, last_session, last_story, venues):
            continue
        keys = _entry_keys(kind, item)
        candidates = sorted({n for key in keys for n in index.get(key, ())})
        match = next(
            (n for n in candidates if any(_same_entry(kind, m, item) for m in groups[n])), None
        )
        if match is not None:
            groups[match].append(item)
            continue
        groups.append([item])
        for key in _entry_keys(kind, item, first=True):
            index.setdefault(key, []).append(len(groups) - 1)
    held_group = next(
        (
            g
            for g in groups
            if _kind(g[0]) == "session" and g[0].window == (last_session, last_session)
        ),
        None,
    )
    for item in retold:
        if held_group is not None:
            held_group.append(item)
        else:
            groups.append([item])
    groups = _outcomes_of_sessions(groups, last_session)
    if context and not any(_kind(group[0]) == "session" for group in groups):
        # no session of a day of its own: the reports of the meeting without one ("a
        # two-day conference ... attended by about 100 delegations, without Russia") are
        # the only account of it, more than its header's name and venue
        groups.insert(0, sorted(context, key=lambda m: (-len(m.summary), m.order)))
        return groups, {}
    if held_group is None:
        return groups, {}
    return groups, {id(held_group): [m for m in context if _of_session(m, last_session)]}


def _of_session(item: Item, last_session: date | None) -> bool:
    """Whether a session report with no day of its own may be of the session held on
    `last_session`: undated, or dated by a span that holds that day."""
    window = item.window
    return last_session is not None and (window is None or window[0] <= last_session <= window[1])


def _retold_session(item: Item, last_session: date | None) -> bool:
    """A session report whose day only its evidence names, the day after the last session
    held: the evidence's day is another event's."""
    if _kind(item) != "session" or item.own_day or not item.window or last_session is None:
        return False
    return (item.window[1] - last_session).days == 1


def _outcomes_of_sessions(groups: list[list[Item]], last_session: date | None) -> list[list[Item]]:
    """A session's outcomes told the next day with no day of their own ("Peskov said the
    two sides agreed at the Istanbul talks to exchange lists of conditions") are that
    session's, not a new day's: they join its outcomes with no day named, in the place of
    the first of them."""

    def day(item: Item) -> tuple:
        end = item.window[1] if item.window else None
        # a day only its evidence names, in its own words silent, may be another event's:
        # "A drone on Saturday hit a bus ... hours after the talks that failed to yield a
        # ceasefire" dates the bus, not the talks' outcome
        if not item.own_day and end and last_session and 0 <= (end - last_session).days <= 1:
            end = last_session  # "agreed at the Istanbul talks", told the morning after
        return end, item.anchored

    def dated(group: list[Item]) -> bool:  # an outcome of a day (not a meeting called off)
        return _kind(group[0]) == "outcome" and not called_off(group[0].summary)

    pools: dict[tuple, list[Item]] = {}
    first_of: dict[int, tuple] = {}  # group index -> its pool, for its first group
    for n, group in enumerate(groups):
        if not dated(group):
            continue
        for item in group:
            key = day(item)
            if key not in pools:
                first_of[n] = key
            pools.setdefault(key, []).append(item)
    out: list[list[Item]] = []
    for n, group in enumerate(groups):
        if not dated(group):
            out.append(group)
        elif n in first_of:
            out.append(sorted(pools[first_of[n]], key=lambda m: m.order))
    return out


def _entry_keys(kind: str, item: Item, first: bool = False) -> list[tuple]:
    """The index keys under which a group led by `item` is found (`first`), or under which
    `item` looks for the groups it may join."""
    side = item.attribution.get("side")
    if kind == "outcome" and called_off(item.summary):
        return [(kind, "called off")]  # one meeting called off, whichever day told it
    if kind == "next round" and (venue := fold(item.data.get("venue"))):
        return [(kind, item.window, item.anchored), (kind, "venue", venue)]
    if kind in ("session", "next round", "outcome"):
        return [(kind, item.window, item.anchored)]
    if kind == "position" and (side or not first):
        keys = [(kind, "side", side)] if side else []
        return keys if first else keys + [(kind, "speaker", _speaker(item))]
    if kind in ("assessment", "position"):
        return [(kind, "speaker", _speaker(item))]
    return [(kind,)]


def _same_entry(kind: str, other: Item, item: Item) -> bool:
    """`item` tells the development `other` (one of its group's reports) tells."""
    if kind == "outcome" and called_off(other.summary):
        return called_off(item.summary)
    if kind == "next round" and _one_meeting_ahead(other, item):
        return True
    if kind in ("session", "next round", "outcome"):
        # "soon, no date" is not the same news as "on Wednesday"
        return other.window == item.window and other.anchored == item.anchored
    if kind == "position" and other.attribution.get("side"):
        # a side's stated position, whoever voiced it
        return other.attribution.get("side") == item.attribution.get("side") and similar(
            _said(other), _said(item), _SIMILAR
        )
    if kind in ("assessment", "position"):
        return _speaker(other) == _speaker(item) and (
            (other.window == item.window and _day_named(kind, other, item))
            or similar(_said(other), _said(item), _SIMILAR)
            # what is said, without who says it: one word of it in common ("satisfied
            # with the outcome", "satisfaction with the progress")
            or (kind == "assessment" and same_words(_said(other), _said(item), least=1))
        )
    return similar(other.summary, item.summary, _SIMILAR)


def _said(item: Item) -> str:
    """What a view says without who says it: two views of one speaker share the words of
    the speaker's name and title, which say nothing of the view (invented fixtures, dev7:
    "Kremlin spokesman Dmitry Peskov said Moscow did not expect quick results" and "Dmitry
    Peskov said Kyiv had shown readiness to discuss territorial questions" shared "Dmitry
    Peskov" and stood as one view, the second lost inside the first's line)."""
    source = clean(item.attribution.get("source"))
    said = without_speaker(item.summary, source)
    named = set(fold(source).split())
    return " ".join(w for w in fold(said).split() if w not in named)


def _one_meeting_ahead(a: Item, b: Item) -> bool:
    """Two next rounds at one venue, one's days within the other's ("this week" and "on
    Friday", both in New York): one meeting told by two outlets, one more precisely (real
    news dev, 2025-08-28: Witkoff's New York meeting stood twice, Fox News' "this week"
    and Newsmax's "on Friday"). Not an undated "soon", which may be another round."""
    venue = fold(a.data.get("venue"))
    if not (venue and venue == fold(b.data.get("venue")) and a.anchored and b.anchored):
        return False
    if not (a.window and b.window):
        return False
    (a0, a1), (b0, b1) = a.window, b.window
    return (a0 <= b0 and b1 <= a1) or (b0 <= a0 and a1 <= b1)


def _narrowest(group: list[Item]) -> tuple | None:
    """The fewest days a report of one meeting ahead gives it ("on Friday" over "this
    week"), when every report's days hold them."""
    windows = [m.window for m in group if m.window and m.anchored]
    if not windows:
        return None
    best = min(windows, key=lambda w: (w[1] - w[0], w))
    return best if all(w[0] <= best[0] and best[1] <= w[1] for w in windows) else None


def _day_named(kind: str, a: Item, b: Item) -> bool:
    """Two views of one speaker on one day are one view when a report's own words name the
    day: an assessment dated by its story alone, on the day another outlet's words give
    the speaker's, is that day's (real news dev, 2025-08-28: Zelensky's "Moscow's answer
    to diplomatic efforts" and "Russia chooses ballistics instead of the negotiating
    table" stood as two views; blind review: duplicate). A position needs both: a side's
    stated terms may be yesterday's, retold."""
    return (a.anchored or b.anchored) if kind == "assessment" else (a.anchored and b.anchored)


def _entry(track_key: str, group: list[Item], context: list[Item]) -> TalksEntry:
    """The entry of one development's reports; `context`: reports of the same meeting with
    no day of their own, in its line (and cited) only where they add to it."""
    kind = _kind(group[0])
    # a session is told by a report its own words date, not one dated by another event
    # ("hours before the drone strike on the bus"), when it has one
    pool = [m for m in group if m.own_day] if kind == "session" else []
    best = max(pool or group, key=lambda m: (bool(m.data.get("quote")), len(m.summary), -m.order))
    if kind == "assessment":  # how the speaker described the talks: the crispest quote
        quoted = [m for m in group if len(clean(m.data.get("quote")).split()) > 1]
        best = min(quoted, key=lambda m: (len(m.data["quote"]), m.order), default=None)
        best = best or _most_told(group)
    window = best.window
    if kind == "outcome":  # the day a report's own words name, not another event's
        window = next((m.window for m in group if m.own_day), window)
    if kind == "next round":
        window = _narrowest(group) or window
    when = day_label(window, best.night) if window else None
    speaker = clean(best.attribution.get("source")) or None
    via = clean(best.attribution.get("via"))
    quote = clean(best.data.get("quote")) or None
    who = (speaker or best.source_name) + (f" (via {via})" if via else "")
    # what a speaker says besides, in other sentences of the same story; not for a day's
    # session, outcome or next round, which one story tells over several sentences
    # ("Peskov said they would fly to Riyadh ...", "Bruce confirmed the meeting ...")
    others = further_statements(best, group) if kind not in _OF_THE_DAY else []
    further = [without_speaker(m.summary, speaker or "") for m in others]
    if kind == "assessment" and quote and speaker and _quote_says_all(best, quote):
        body = "; ".join([f"{who}: “{quote.strip(_QUOTES)}”", *further])
    else:  # no speaker: the sentence says who said it
        body = attribute("; ".join([best.news, *further]), speaker, via)
    # what the other outlets' reports tell besides, each with its own speaker (a view is
    # one speaker's: the others retell it)
    besides = adding_facts([best, *others], [*group, *context]) if kind != "assessment" else []
    group = [*group, *(m for m in besides if any(m is c for c in context))]
    body = "; ".join([body, *(_retold(m, speaker) for m in besides)])
    label = {
        "sticking point": "Sticking point",
        "proposal": "Proposal (not an agreement)",
        "outcome": OUTCOME_LABEL,
        "next round": "Next round",
    }.get(kind)
    text = f"{label}: {body}" if label else body
    if when and kind in ("session", "assessment", "position") and best.anchored:
        # only a day the text names: a remark dated by its story alone may be yesterday's
        # (a morning round-up retelling what was said after the talks)
        text = f"{when}: {text}"
    return TalksEntry(
        key=stable_id(
            "talks",
            track_key,
            kind,
            window[1].isoformat()
            if window and kind in ("session", "next round", "outcome")
            else "",
            _speaker(best) if kind in ("assessment", "position", "proposal") else "",
            ""
            if kind in ("session", "next round", "outcome")
            else " ".join(sorted(_core_words(best.summary))),
        ),
        kind=kind,
        text=text,
        cites=list(dict.fromkeys(m.story_key for m in group)),
        start=window[0].isoformat() if window else None,
        end=window[1].isoformat() if window else None,
        speaker=speaker,
        side=best.attribution.get("side"),
        quote=quote,
        members=[m.ref for m in group],
        evidence=[m.evidence for m in group],
    )


def _retold(item: Item, speaker: str | None) -> str:
    """Another report's words as a clause of a line led by `speaker`'s: without its
    speaker when it is the same one, else with its own named after it."""
    source = clean(item.attribution.get("source")) or None
    if speaker and source and surname(source) == surname(speaker):
        return without_speaker(item.summary, speaker)
    return attribute(item.news, source, clean(item.attribution.get("via")) or None)


def _most_told(group: list[Item]) -> Item:
    """The report whose words the group's other reports share most, as written, then by
    their stems: what most outlets say the speaker said (three say Medinsky was
    "satisfied", one that "the mood was good")."""

    words = {id(m): stems(m.summary) for m in group}
    told = Counter(w for m in group for w in words[id(m)])  # how many reports say each word
    # the same words as written first, the speaker's own name and role aside: three
    # outlets' "satisfied" over one's "Head of the Russian delegation Vladimir Medinsky
    # expressed satisfaction" (real news, 2025-05-16: the line took the one)
    exact = {id(m): content_words(m.summary) - content_words(" ".join(said_by(m))) for m in group}
    written = Counter(w for m in group for w in exact[id(m)])

    def shared(item: Item) -> tuple:
        # the words it shares with each other report, summed: each of its words, as often
        # as the others say it
        return (
            sum(written[w] - 1 for w in exact[id(item)]),
            sum(told[w] - 1 for w in words[id(item)]),
            len(item.summary),
            -item.order,
        )

    return max(group, key=shared)


def _quote_says_all(item: Item, quote: str) -> bool:
    """Whether the quote alone tells what the summary says: the summary adds at most a
    few words to the quote, its speaker (name, role, side) and the words that introduce a
    view ("Umerov called the two days 'difficult, but not empty'", "Trump said on the eve
    of the talks that he wanted 'a deal, and fast'"), or the summary retells a quoted
    sentence of the speaker's, so nothing is lost by showing the quote alone. A summary telling the
    view in its own words is the reader's account of all of it, which the quote only
    samples ("Yermak said the conversation would not be easy ... and that Ukraine's task
    is to unite the world" says more than his quote)."""
    quoted, summary = fold(quote.strip(_QUOTES)), fold(item.summary)
    if quoted in summary:
        # the quoted words in the summary: never the view alone when the summary denies
        # them ("was not being 'honest and forthright'": the quote alone says the opposite)
        before = summary[: summary.index(quoted)].split()[-_vocabulary()["denied_within"] :]
        if set(before) & _vocabulary()["denials"]:
            return False
        # a quoted sentence of its own is the point of a summary that retells it, whatever
        # says where it was said, and so are the words it calls the talks ("the round had
        # been 'difficult but useful'", "called the meeting 'businesslike'"); a piece of
        # another sentence only as any quote is, when the summary adds little to it ("the
        # killings came when real diplomacy could have already begun long ago, calling
        # them a deliberate crime": real news dev, 2025-09-07, the line kept the clause
        # and lost the crime; "has 'pretty substantial insights' into what is important")
        if quote.strip(_QUOTES)[:1].isupper() or _called(summary, quoted, item.summary, quote):
            return True
    said_by = [item.attribution.get("source"), item.attribution.get("via")]
    for person in item.data.get("participants") or []:  # "the head of Kyiv's delegation"
        said_by += [person.get("name"), person.get("role"), person.get("side")]
    known = content_words(quote) | _vocabulary()["introducing"]
    known |= {w for who in said_by for w in content_words(who)}
    told = _APPOSITIVE.sub(r"\1", item.summary)  # who the speaker is, between commas
    return len(content_words(told) - known) <= _vocabulary()["adds_at_most"]


def _called(summary: str, quoted: str, written: str = "", quote: str = "") -> bool:
    """Whether the folded summary gives the quoted words as what something was or was
    called: a word of `talks.toml` [assessment] `calling` at most `called_within` words
    before them, and the clause ending with them: at a word of `clause_ends`, or at a
    comma or semicolon after them in the summary as `written` (folding drops the
    punctuation, so it is read there)."""
    at = summary.index(quoted)
    before = summary[:at].split()[-_vocabulary()["called_within"] :]
    after = summary[at + len(quoted) :].lstrip(_QUOTES + " ")
    ends = not after or after.split()[0] in _vocabulary()["clause_ends"]
    if not ends and written and (words := re.findall(r"\w+", quote)):
        found = re.search(r"\W+".join(map(re.escape, words)), written, re.IGNORECASE)
        ends = bool(found) and written[found.end() :].lstrip(_QUOTES + " ")[:1] in ",;."
    return ends and bool(set(before) & _vocabulary()["calling"])


# a speaker's appositive: the comma-set description after a capitalised name ("Umerov,
# the secretary of Ukraine's National Security and Defence Council and head of Kyiv's
# delegation, called ..."), which says who spoke, not what
_APPOSITIVE = re.compile(r"\b([A-Z][\w'’-]+),\s+(?:the|a|an|who)\s[^,;]{0,160},")


def _core_words(summary: str) -> set[str]:
    return set(sorted(content_words(summary))[:6])


@functools.cache
def _vocabulary() -> dict[str, Any]:
    data = table("talks")

    def compiled(table: dict[str, list[str]]) -> dict[str, re.Pattern[str]]:
        return {
            name: re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
            for name, patterns in table.items()
        }

    return {
        "roles": compiled(data["roles"]),
        "kinds": compiled(data["kinds"]),
        "parties": [tuple(pair) for pair in data["parties"]["names"]],
        "capitals": {fold(k): v for k, v in data["parties"]["capitals"].items()},
        "introducing": frozenset(data["assessment"]["introducing"]),
        "adds_at_most": data["assessment"]["adds_at_most"],
        "denied_within": data["assessment"]["denied_within"],
        "called_within": data["assessment"]["called_within"],
        "calling": frozenset(fold(w) for w in data["assessment"]["calling"]),
        "clause_ends": frozenset(fold(w) for w in data["assessment"]["clause_ends"]),
        "denials": frozenset(w for d in data["assessment"]["denials"] for w in fold(d).split()),
        "no_meeting": data["no_meeting"],
        "about_attacks": {
            **data["about_attacks"],
            "clause": re.compile("|".join(map(re.escape, data["about_attacks"]["clause"]))),
            "attack": compiled({"a": data["about_attacks"]["attack"]})["a"],
            "own": compiled({"o": data["about_attacks"]["own"]})["o"],
            "standing": compiled({"s": data["about_attacks"]["standing"]})["s"],
            "diplomacy": compiled({"d": data["about_attacks"]["diplomacy"]})["d"],
        },
    }


def about_attacks(item: Item) -> bool:
    """A talks view, or a warring side's plain statement of its own attacks, whose main
    clause tells of attacks and names no talks or diplomacy (`talks.toml`
    [about_attacks]): "the assault was the second mass strike on Kyiv in two weeks, as
    hopes for peace talks fade", "Kyiv says its strikes on refineries aim to weaken the
    enemy"."""
    rules = _vocabulary()["about_attacks"]
    if item.section == "moves" and not (
        item.data.get("kind") in rules["move_kinds"]
        and item.data.get("actor_side") in rules["warring"]
    ):
        return False
    if item.section == "talks" and item.data.get("kind") not in rules["talk_kinds"]:
        return False
    if item.section not in ("talks", "moves"):
        return False
    main = rules["clause"].split(item.summary, maxsplit=1)[0]
    if item.section == "moves" and not (
        rules["own"].search(main) and rules["standing"].search(main)
    ):
        return False  # a side's words on the enemy's strikes, or a remark of the day
    return bool(rules["attack"].search(main)) and not rules["diplomacy"].search(main)


def role_of(role: str | None) -> str | None:
    """'head', 'mediator', 'absent' (speaks of the talks, not at them) or None (a
    participant the text gives no such role)."""
    roles = _vocabulary()["roles"]
    text = role or ""
    if roles["mediator"].search(text):
        return "mediator"
    if roles["head"].search(text) and not roles["not_head"].search(text):
        return "head"
    if roles["absent"].search(text):
        return "absent"
    return None


def _people(
    members: list[Item], mediating: frozenset[str] = frozenset()
) -> tuple[list[str], list[str], list[str]]:
    """Mediators, delegation heads and the others its sessions name, as the text gives
    their roles: a side's envoy or minister is neither mediator nor head unless the text
    says they mediate (or their side does: the `mediating` sides of a 'US-mediated' track)
    or lead a delegation."""
    mediators: dict[str, str] = {}
    heads: dict[str, str] = {}
    others: dict[str, str] = {}
    for member in members:
        for person in member.data.get("participants") or []:
            name = clean(person.get("name"))
            if not name:
                continue
            key = spelling_key(surname(name))  # "Umjerov" is "Umerov"
            side = person.get("side")
            role = role_of(person.get("role")) or _role_in_sentence(surname(name), member.summary)
            if role == "absent":
                continue
            if role == "head":
                heads.setdefault(key, f"{name} ({side})" if side else name)
            elif role == "mediator" or _short(side) in mediating:
                mediators.setdefault(key, name)
            elif _kind(member) in ("session", "outcome"):
                others.setdefault(key, name)
    present = [n for k, n in others.items() if k not in heads and k not in mediators]
    return list(mediators.values()), list(heads.values()), present[:_MAX_PRESENT]


def _role_in_sentence(surname_: str, summary: str) -> str | None:
    """'mediator' when the report's own words say the person chaired, hosted or mediated
    the talks ("chaired by Turkish Foreign Minister Hakan Fidan") though the role it gives
    them does not ("Turkish Foreign Minister")."""
    for match in _vocabulary()["roles"]["mediated_by"].finditer(summary):
        if surname_ and surname_ in fold(match.group("who")).split():
            return "mediator"
    return None


def _short(side: str | None) -> str | None:
    return next((short for name, short in _vocabulary()["parties"] if name == side), None)


def parties(members: list[Item], mediating: frozenset[str] = frozenset()) -> list[str]:
    """The sides holding the talks, in header order: those whose people the track's
    sessions, outcomes and next rounds name, mediators apart ("US", "Ukraine")."""
    held = [m for m in members if _kind(m) in ("session", "outcome", "next round")] or members
    sides = {
        _short(person.get("side"))
        for m in held
        for person in m.data.get("participants") or []
        if role_of(person.get("role")) not in ("mediator", "absent")
    }
    return [short for _, short in _vocabulary()["parties"] if short in sides - mediating]


def _seated(named: frozenset[str], members: list[Item], held_by: list[str]) -> bool:
    """Every side the track's own name gives sat at the table: a side its sessions name, or
    one whose delegation head any report names. "Russia–Ukraine peace talks" whose session
    names the US envoy and the papal mediator, its outcome Ukraine's delegation head and a
    view Russia's, stay so named (invented dev2, blind answers: they came out as "US–Ukraine
    talks"); a US–Russia summit named "Russia–Ukraine peace talks", where no Ukrainian sits,
    does not."""
    heads = {
        _short(person.get("side"))
        for m in members
        for person in m.data.get("participants") or []
        if role_of(person.get("role")) == "head"
    }
    return len(named) >= 2 and named <= set(held_by) | heads


_MEDIATED_BY = re.compile(r"\b(\w+)[- ](?:mediated|brokered|hosted)\b|\bmediated by (?:the )?(\w+)")


@functools.lru_cache(maxsize=1 << 12)
def _named(name: str) -> tuple[frozenset[str], frozenset[str]]:
    """The sides a track's own name says hold it and those it says mediate:
    'Russia–Ukraine peace talks (US-mediated)' is held by Russia and Ukraine, mediated by
    the US."""

    def sides(text: str) -> set[str]:
        spaced = " ".join(fold(text).replace("–", " ").split())
        words = {demonym(w) for w in spaced.split()}
        capitals = _vocabulary()["capitals"]
        return {
            short
            for full, short in _vocabulary()["parties"]
            if fold(short) in words or f" {fold(full)} " in f" {spaced} "  # "United States"
        } | {capitals[w] for w in spaced.split() if w in capitals}

    mediating = set()
    for match in _MEDIATED_BY.finditer(name):
        mediating |= sides(match.group(1) or match.group(2))
    held = _MEDIATED_BY.sub(" ", name)
    if (about := _words("track_subject", "about").search(held)) and len(
        sides(held[: about.start()]) - mediating
    ) >= 2:
        held = held[: about.start()]  # "US–Russia talks on Ukraine": what they are about
    return frozenset(sides(held) - mediating), frozenset(mediating)


def _widest(places: list[str]) -> list[str]:
    """The places none of the others already names in full: "Dolmabahce Palace, Istanbul,
    Turkiye", not that and "Istanbul" and "Dolmabahce Palace, Istanbul" again."""

    def words(place: str) -> set[str]:
        return set(fold(place).replace(",", " ").split())

    widest = [
        p
        for i, p in enumerate(places)
        if not any(
            words(p) < words(q) or (words(p) == words(q) and j < i)
            for j, q in enumerate(places)
            if j != i
        )
    ]
    return _chained(widest)


def _chained(places: list[str]) -> list[str]:
    """Venues one of which ends where another begins told as one: "Intercontinental Hotel,
    Geneva" and "Geneva, Switzerland" are "Intercontinental Hotel, Geneva, Switzerland"."""
    places = list(places)
    joined = True
    while joined:
        joined = False
        for i, p in enumerate(places):
            last = fold(p.split(",")[-1]).strip()
            j = next(
                (
                    j
                    for j, q in enumerate(places)
                    if j != i and "," in q and fold(q.split(",")[0]).strip() == last
                ),
                None,
            )
            if j is not None and "," in p:
                places[i] = p + "," + places[j].split(",", 1)[1]
                del places[j]
                joined = True
                break
    return places


def _distinct(values: Any) -> list[str]:
    seen, out = set(), []
    for value in values:
        text = clean(value)
        if text and fold(text) not in seen:
            seen.add(fold(text))
            out.append(text)
    return out
