"""Attacks: reports of the same real-world event become one event with reconciled figures.

Two reports are one event when they have the same attacker (and target country) and
either cover the same night or day with overlapping places, or describe the same wave: a
shared weapon and measure whose counts lie within 15% of each other (and no shared one
that disagrees by more), on the same night or day. A report with no time wording of its
own may speak of the night before its story's date, no more: the same claim ("more than
150 drones") on two nights is two events. Running totals only merge with running totals.

Per event, each original source keeps only its latest figure for each weapon and measure;
the event shows the range across sources and who said what. Launched, intercepted and
hits are kept apart, never summed. Killed and injured lead with the conservative minimum.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from dataclasses import replace
from datetime import date, datetime, timedelta
from functools import cache, lru_cache
from typing import Any, NamedTuple

from ..data import stable_id
from ..dates import KYIV
from ..numbers import NATIONWIDE
from ..offline.lexicon import place_spellings
from .checks import sets_apart, tells_a_part, tells_ongoing
from .items import UNNAMED_SOURCE, Item, day_label, source_label, via_label
from .model import Attack, Casualties, Figure, LinePart, Report
from .notes import attack_notes
from .parts import BRIEF, clause, compose
from .people import holder, person_key
from .regions import apart, in_region
from .tables import table
from .text import (
    VAGUE,
    attribute,
    clean,
    content_words,
    countries,
    distinct_sources,
    fold,
    format_range,
    names_in,
    numbers_in_evidence,
    source_key,
    spelling_key,
    surname,
)

__all__ = ["build_attacks", "is_context", "same_event"]

WAVE_TOLERANCE = 0.15
_MEASURE_ORDER = [
    "launched",
    "hit",
    "intercepted",
    "claimed intercepted",
    "lost to electronic warfare",
    "lost",  # the same, its cause unsaid (measures.toml)
]
_ADJECTIVE = {
    "Russia": "Russian",
    "Ukraine": "Ukrainian",
    "Belarus": "Belarusian",
    "United States": "US",
    "China": "Chinese",
    "European Union": "EU",
}
_GENERIC_PLACES = {"ukraine", "russia", "belarus", "country", "front", "front line", "frontline"}
_PLACE_NOISE = {
    "region", "regions", "oblast", "oblasts", "city", "town", "village", "province", "provinces",
    "district", "of", "near",
}  # fmt: skip


def is_context(item: Item) -> bool:
    """A running total that counts nothing ("Kyiv and Kharkiv have been pounded in recent
    days", "attacks in recent weeks have included hundreds of drones"), or a side's word
    that strikes go on with no place, figure, toll or time of its own ("Russian forces
    were continuing to strike military infrastructure"): context for the day's attacks,
    told under Background, never an attack line dated to its story's day."""
    data = item.data
    counts = [f.get("count") or {} for f in data.get("figures") or []]
    counts += [data.get(field) or {} for field in _TOLL]
    counted = any(c.get("min") is not None or c.get("max") is not None for c in counts)
    if not data.get("cumulative"):
        placed = any(_useful_place(p) for p in data.get("places") or [])
        return not (counted or placed or data.get("time_text")) and tells_ongoing(item.evidence)
    if counted:
        return False
    # "six new attacks on energy facilities over the past 24 hours" counts what it tells
    return not _counts_in_words(item)


def _counts_in_words(item: Item) -> frozenset[float]:
    """The numbers a report's summary states, years aside."""
    return frozenset(n for n in numbers_in_evidence(item.summary) if not 1900 <= n <= 2100)


def build_attacks(items: list[Item]) -> list[Attack]:
    """One Attack per cluster of same-event reports, in order of first report.

    Reports are taken in order; each meets the events already formed in the blocks it
    shares with them (see `_blocks`), through at most `_PER_EVENT` of each event's reports
    per block: the first reports of an event are enough to tell whether another joins it,
    so a day told by a thousand outlets costs a thousand comparisons, not a million. A
    pair `_Joinable.may_join` rules out is not compared, and an event none of whose
    reports in those blocks may join is passed by in one look (`_Seen`): the more places
    and days outlets give one night, the more events a block holds, and most are of
    another day that neither contains nor lies within the report's."""
    parent = list(range(len(items)))
    reasons: dict[int, list[str]] = {}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    joinable = [_Joinable.of(item) for item in items]
    pinned = {i: _pinned_days(item) for i, item in enumerate(items)}  # per cluster root
    sides = {i: _sides(item) for i, item in enumerate(items)}  # per cluster root
    # block key -> event root -> flag -> the event's first reports in the block
    blocks: dict[tuple, dict[int, dict[bool, _Seen]]] = {}
    for i, memberships in enumerate(_blocks(items)):
        me = joinable[i]
        seen: dict[int, list[_Seen]] = {}
        for key, rule, flag in memberships:
            events = _current(blocks.setdefault(key, {}), root, joinable)
            for r, by_flag in events.items():
                for other_flag, reports in by_flag.items():
                    if rule == "all" or flag or other_flag:
                        seen.setdefault(r, []).append(reports)
        # an event none of whose reports met here may join this one is passed by unread
        candidates = {
            r: sorted(set().union(*(s.members for s in met)))[:_PER_EVENT]
            for r, met in seen.items()
            if any(s.may_join(me) for s in met)
        }
        for r in sorted(candidates, key=lambda r: candidates[r][0]):
            ri, rj = root(i), root(r)
            if ri == rj:
                continue
            # no joining clusters that reports pin to different nights or days, or to
            # different attackers: a report with no day or attacker of its own must not
            # chain Monday's night to Tuesday's, or Russia's strikes to Ukraine's
            if pinned[ri] and pinned[rj] and pinned[ri] != pinned[rj]:
                continue
            if _sides_differ(sides[ri], sides[rj]):
                continue
            for j in candidates[r]:
                if not joinable[j].may_join(me):
                    continue  # a pair `same_event` refuses whatever else it says
                reason = same_event(items[j], items[i])
                if reason:
                    a, b = sorted((ri, rj))
                    parent[b] = a
                    pinned[a] = pinned[a] | pinned.pop(b)
                    sides[a] = sides[a] | sides.pop(b)
                    reasons.setdefault(a, []).extend(reasons.pop(b, []))
                    reasons[a].append(reason)
                    break
        for key, _, flag in memberships:
            blocks[key].setdefault(root(i), {}).setdefault(flag, _Seen()).add(i, me)
    clusters: dict[int, list[int]] = {}
    for i in range(len(items)):
        clusters.setdefault(root(i), []).append(i)
    _join_bare(items, clusters, reasons)
    return [
        _event([items[i] for i in sorted(members)], reasons.get(r, []))
        for r, members in clusters.items()
    ]


def _join_bare(
    items: list[Item], clusters: dict[int, list[int]], reasons: dict[int, list[str]]
) -> None:
    """Fold into the day's one wave each event whose reports tell nothing of their own
    (`_nothing_own`), in place: its attacker's only wave on its country (at least
    `least_weapons` counted) whose night or day its days hold."""
    least = table("tolls")["bare_report"]["least_weapons"]
    waves: dict[tuple, list[int]] = {}
    for r, members in clusters.items():
        reports = [items[i] for i in members]
        if any(m.data.get("cumulative") for m in reports) or not all(m.span for m in reports):
            continue
        if max((_weapons_counted(m) for m in reports), default=0) >= least:
            for key in _attack_keys(reports):
                waves.setdefault(key, []).append(r)
    in_waves = {r for rs in waves.values() for r in rs}
    for r in [r for r in clusters if r not in in_waves]:
        reports = [items[i] for i in clusters[r]]
        if not all(_nothing_own(m) for m in reports):
            continue
        keys = _attack_keys(reports)
        if len(keys) != 1:
            continue
        start = min(m.span[0] for m in reports)
        end = max(m.span[1] for m in reports)
        # a wave is of the days its night ends on, or else of those all its reports end on
        fits = [
            w
            for w in waves.get(next(iter(keys)), [])
            if any(start <= items[i].span[1] <= end for i in clusters[w] if items[i].night)
            or all(start <= items[i].span[1] <= end for i in clusters[w])
        ]
        if len(fits) != 1 or _placed_elsewhere(reports, r, clusters, items, fits[0]):
            continue
        wave = fits[0]
        reason = "a report with nothing of its own, on the day of the one wave"
        if (own := _storys_own_event(reports, r, clusters, items, wave)) is not None:
            # "The Russian defence ministry said it had hit a temporary deployment point in
            # the city", in the story of the Kryvyi Rih strike that tells nothing of the
            # night's wave on Dnipro: that strike's claim (invented dev2, blind answers)
            wave, reason = own, "a report with nothing of its own, beside its story's attack"
        clusters[wave].extend(clusters.pop(r))
        reasons.setdefault(wave, []).extend(reasons.pop(r, []))
        reasons[wave].append(reason)


def _storys_own_event(
    reports: list[Item], r: int, clusters: dict[int, list[int]], items: list[Item], wave: int
) -> int | None:
    """The one other event of these reports' story, by the same attacker on the same
    country, when the story tells nothing of the wave: what these reports add is that
    event's."""
    stories = {m.story_key for m in reports}
    if any(items[i].story_key in stories for i in clusters[wave]):
        return None
    keys = _attack_keys(reports)
    own = [
        other
        for other, members in clusters.items()
        if other not in (r, wave)
        and any(items[i].story_key in stories for i in members)
        and _attack_keys([items[i] for i in members]) == keys
    ]
    return own[0] if len(own) == 1 else None


def _placed_elsewhere(
    reports: list[Item], r: int, clusters: dict[int, list[int]], items: list[Item], wave: int
) -> bool:
    """Whether an event other than the wave, by the same attacker on the same country (or
    naming neither), names a place of these reports: a blast told apart in the same
    district, then, is as likely theirs as the wave's."""
    places = [p for m in reports for p in m.data.get("places") or []]
    if not any(_useful_place(p) for p in places):
        return False
    keys = _attack_keys(reports)
    for other, members in clusters.items():
        if other in (r, wave):
            continue
        theirs = [items[i] for i in members]
        their_keys = _attack_keys(theirs)
        if their_keys and their_keys.isdisjoint(keys):
            continue  # Russia's strikes on Ukraine are no event of Ukraine's on Russia
        if any(_shared_place(places, m.data.get("places") or []) for m in theirs):
            return True
    return False


def _attack_keys(reports: list[Item]) -> set[tuple[str, str]]:
    """(attacker, target country) of an event's reports that name both."""
    return {
        (m.data["attacker"], m.data["target_country"])
        for m in reports
        if m.data.get("attacker") and m.data.get("target_country")
    }


def _weapons_counted(item: Item) -> float:
    """The largest count of weapons a report gives (0 for none)."""
    values = [_value(f["count"]) for f in item.data.get("figures") or []]
    return max((v for v in values if v is not None), default=0)


def _nothing_own(item: Item) -> bool:
    """A report with no count of weapons, no toll but a toll of none, no running total, no
    number in its summary (a toll its parts lost, or one the number check refused), no
    word setting it apart from the day's others (`checks.toml` [separate]) and no time of
    its own but the night's; the attacker's own word on what it struck, only with what it
    names as hit and no place."""
    data = item.data
    if data.get("cumulative") or _counts_weapons(data) or item.span is None:
        return False
    if _set_apart(item):  # "other Russian attacks killed three in the Zaporizhia region"
        return False
    if _counts_in_words(item):
        return False  # "a strike on Kherson killed six people": a count its parts lost
    for field_ in ("killed", "injured"):
        toll = data.get(field_)
        if toll and (toll.get("max") or toll.get("min")):
            return False
    if item.attribution.get("side") == data.get("attacker"):
        placed = any(_useful_place(p) for p in data.get("places") or [])
        # the attacker's word on a place it struck joins only at that site, and one the
        # wave's line would not say ("its drones hit the Liski fuel depot", no target
        # given) is no repeat of the wave
        return not placed and bool(data.get("targets"))
    return item.night or not item.anchored  # "on Thursday afternoon": a strike of its own


class _Joinable(NamedTuple):
    """What `same_event` asks of a report before anything else can make two one event."""

    story: str
    span: tuple[date, date] | None
    counted: frozenset[tuple[str, str]]  # the weapon and measure of each figure with a count

    @classmethod
    def of(cls, item: Item) -> _Joinable:
        figures = item.data.get("figures") or []
        counted = {(f["weapon"], f["measure"]) for f in figures if _value(f["count"]) is not None}
        return cls(item.story_key, item.span, frozenset(counted))

    def may_join(self, other: _Joinable) -> bool:
        """False only for a pair `same_event` refuses: of two stories, it joins only a
        pair with a figure of the same weapon and measure counted by both (the same wave,
        a place's share) or with days one within the other's (each of its other reasons
        asks for that, or for the same last day, which is one within the other)."""
        if self.story == other.story or self.counted & other.counted:
            return True
        return _one_within(self.span, other.span)  # undated: joins only as the same wave


class _Seen:
    """An event's first reports in one block (at most `_PER_EVENT`), with what
    `_Joinable.may_join` asks of them gathered: whether any of them may join a report is
    one look, not one per report."""

    __slots__ = ("members", "stories", "counted", "spans")

    def __init__(self) -> None:
        self.members: list[int] = []
        self.stories: set[str] = set()
        self.counted: set[tuple[str, str]] = set()
        self.spans: set[tuple[date, date] | None] = set()

    def add(self, i: int, report: _Joinable) -> None:
        if len(self.members) < _PER_EVENT:
            self.members.append(i)
            self.stories.add(report.story)
            self.counted |= report.counted
            self.spans.add(report.span)

    def may_join(self, other: _Joinable) -> bool:
        """Whether `may_join` holds of any of the reports and `other`."""
        if other.story in self.stories or not self.counted.isdisjoint(other.counted):
            return True
        return any(_one_within(span, other.span) for span in self.spans)


def _one_within(a: tuple[date, date] | None, b: tuple[date, date] | None) -> bool:
    """Both spans are dated and one lies within the other (as `same_event` reads it)."""
    if a is None or b is None:
        return False
    return (a[0] <= b[0] and b[1] <= a[1]) or (b[0] <= a[0] and a[1] <= b[1])


_BIN = -math.log(1 - WAVE_TOLERANCE)  # figures within the tolerance lie in one or two bins
_PER_EVENT = 24  # an event's reports, per block and kind, that a new report is compared with


def _current(
    events: dict[int, dict[bool, _Seen]], root, joinable: list[_Joinable]
) -> dict[int, dict[bool, _Seen]]:
    """`events` keyed by each event's current root, those since joined merged (in place)."""
    for r in [r for r in events if root(r) != r]:
        into = events.setdefault(root(r), {})
        for flag, reports in events.pop(r).items():
            kept = into.setdefault(flag, _Seen())
            for j in reports.members:
                kept.add(j, joinable[j])
    return events


def _blocks(items: list[Item]) -> list[list[tuple[tuple, str, bool]]]:
    """For each report, the blocks whose reports `same_event` may join it with, as (key,
    rule, flag): rule "all" meets every report of the block, "placed" only a pair of which
    one names a place, "undated" only a pair of which one has no day (flag says which).

    Reports of different stories join only on overlapping days (their spans), by the same
    attacker (or one or both naming none), as both running totals or neither, and through a shared
    place word or a figure of the same weapon and measure within the wave tolerance (the
    figure's bin or the next), or as a place's share of a figure twice its size or more; a
    report with no day meets every report sharing a figure bin; a story's own reports all
    meet; running totals meet only through their figures. So the merge compares reports of
    one night, attacker and place or wave, not every pair."""
    out: list[list[tuple[tuple, str, bool]]] = []
    for item in items:
        data = item.data
        cumulative = bool(data.get("cumulative"))
        # a running total joins only as one wave or a place's share of one: by its figures
        blocks = [] if cumulative else [(("story", item.story_key), "all", False)]
        base = (cumulative, data.get("attacker"))
        # a report naming no attacker meets the named ones of its place and wave too
        bases = [base, (cumulative, None)] if base[1] else [base]
        bins = [
            (f["weapon"], f["measure"], b)
            for f in data.get("figures") or []
            if (v := _value(f["count"])) is not None
            for b in _bins(v)
        ]
        span = item.span
        blocks += [(("any day", base, key), "undated", span is None) for key in bins]
        out.append(blocks)
        if span is None or (item.window[1] - item.window[0]).days > 2:
            continue  # undated, or too vague to pin an event on: its story and undated only
        features = [("figure", *key) for key in bins]
        features += [
            ("place", word)
            for p in data.get("places") or []
            if _useful_place(p) and not cumulative
            for word in place_key(p).split()
        ]
        if data.get("killed") and not data.get("figures"):  # one strike's toll, by its target
            features += [("target", word) for word in sorted(_target_words(item))]
        least = _same_toll_rule()["least_hit"]  # "41 bombers", by its size: what can meet
        features += [
            ("counted", noun, b)
            for noun, value in sorted(_counted_hits(item).items())
            if value >= least
            for b in _bins(value)
        ]
        if _bare_claim(item):  # the attacker's word on what it struck, by its day
            features.append(("claim",))
        placed = any(_useful_place(p) for p in data.get("places") or [])
        nights = (
            [("night", f["weapon"], f["measure"]) for f in data.get("figures") or []]
            if item.night
            else []
        )
        toll = item.night and (_toll_only(item) or _bare(item))
        for day in _days(span):
            blocks += [((b, day, feature), "all", False) for b in bases for feature in features]
            blocks += [((base, day, night), "placed", placed) for night in nights]
            if item.night:
                blocks += [((b, day, ("night toll",)), "toll", toll) for b in bases]
            elif _uncounted(item):  # "Russia launched hundreds of drones", by day
                blocks += [((b, day, ("night toll",)), "toll", True) for b in bases]
    return [list(dict.fromkeys(blocks)) for blocks in out]


def _bins(value: float) -> tuple[int, int]:
    b = math.floor(math.log(value) / _BIN) if value > 0 else -1
    return b, b + 1


def _days(span: tuple[date, date]) -> list[date]:
    return [span[0] + timedelta(days=n) for n in range((span[1] - span[0]).days + 1)]


def same_event(a: Item, b: Item) -> str | None:
    """Why two attack reports describe one event, or None when they do not."""
    da, db = a.data, b.data
    if bool(da.get("cumulative")) != bool(db.get("cumulative")):
        return None
    attacker = da.get("attacker") or db.get("attacker")
    unnamed = False  # one of two stories' reports names no attacker
    if da.get("attacker") != db.get("attacker"):
        if da.get("attacker") and db.get("attacker"):
            return None
        # one story's report that names no attacker goes on with its others; another
        # story's joins only the same wave or the same site on the same day
        unnamed = a.story_key != b.story_key
    ta, tb = da.get("target_country"), db.get("target_country")
    if ta and tb and ta != tb:
        return None
    wave = _same_wave(da.get("figures") or [], db.get("figures") or [])
    share = _share_of(a, b) or _share_of(b, a)
    if wave is False and not share:
        return None
    if a.span is None or b.span is None:
        return "same wave (undated)" if wave and not unnamed else None
    ea, eb = a.span[1], b.span[1]
    if max((a.window[1] - a.window[0]).days, (b.window[1] - b.window[0]).days) > 2:
        return None  # "this week" is too vague to pin an event on
    if wave and ea == eb and not (unnamed and not (ta and ta == tb)):
        return f"same wave: {wave}"  # a night's reports end on the morning it ends
    if ea == eb and a.night and b.night and (_bare(a) or _bare(b)) and ta and ta == tb:
        # "an air raid alert was declared throughout Ukraine ... overnight": the night's
        # attack on that country, told with nothing of its own
        return "a bare report of the same night's attack"
    if (
        ea == eb
        and not unnamed
        and ta
        and ta == tb
        and not _other_side(a, b)
        and ((_uncounted(a) and _night_wave(b)) or (_uncounted(b) and _night_wave(a)))
    ):
        # "Sybiga accused Russia of launching hundreds of drones and dozens of missiles",
        # told on the morning the night's wave ends: that wave, told with nothing countable
        # (real news dev, 2026-02-17: two such lines beside the wave)
        return "a bare report of the wave of the night before"
    if unnamed:
        return _same_site(a, b, attacker)
    if _set_apart(a) or _set_apart(b):
        # "other Russian attacks killed ...": not its own story's others, and another
        # story's only at the same site on the same day
        return None if a.story_key == b.story_key else _same_site(a, b, attacker)
    if share and ea == eb and (a.night and b.night or _own_storys_share(a, b)):
        # both told as that night's: a daytime strike or a 24-hour count is not a share
        return "a place's share of the same night's wave"
    if ea == eb and a.night and b.night and (_toll_only(a) or _toll_only(b)):
        # "the attack killed four people and injured 44": no place, no weapon, that night
        return "the toll of the same night's attack"
    if wave and wave.count("~") >= 2 and (_told_next_day(a, b) or _told_next_day(b, a)):
        return f"same wave, told the day after: {wave}"
    if da.get("cumulative"):
        return None
    contained = _one_within(a.span, b.span)
    places = _shared_place(da.get("places") or [], db.get("places") or [])
    other_side = _other_side(a, b)
    # what the attacker claims it hit joins another report only at the same site (its
    # General Staff confirming the refinery it hit), not anywhere in the same region (the
    # "military staging area" it claims, 50 km from the bus it hit)
    if contained and places and not (other_side and _REGIONAL & set(fold(places).split())):
        return f"same day and place: {places}"
    if contained and not places and _same_toll_and_target(a, b):
        return "same day, toll and target"
    if contained and a.story_key != b.story_key and (hit := _same_count_hit(a, b)):
        return f"same day and count hit: {hit}"
    same_story = a.story_key == b.story_key
    if other_side and contained and same_story and (_claim_of_wave(a, b) or _claim_of_wave(b, a)):
        return "the attacker's claim of the wave its story reports"
    if contained and not same_story and _bare_claim(a) and _bare_claim(b) and ta == tb:
        # "the Russian armed forces have attacked Ukrainian military airfields" and "Russia
        # hit energy facilities supporting the military-industrial complex", its defence
        # ministry said, told by two outlets on one day: one claim (real news dev,
        # 2024-11-17: Sputnik's stood as an attack of its own beside the wave)
        return "the attacker's claim told by two outlets"
    if other_side:
        return None  # what the attacker claims it hit is not a detail of another report
    if a.story_key == b.story_key and b.order == a.order + 1 and _detail(db):
        return "detail of the report before it in the same story"
    if _continues(a, b):
        return "goes on with the report before it in the same story"
    if contained and a.story_key == b.story_key and (_local_report(a, b) or _local_report(b, a)):
        return "a place hit by the wave its story reports"
    if contained and a.story_key == b.story_key and (_toll(a, b) or _toll(b, a)):
        return "the toll of the wave its story reports"
    return None


def _set_apart(item: Item) -> bool:
    """Whether the sentences that give a report's own figures set it apart from the day's
    others ("Another drone attack on Rylsk wounded two"; `checks.toml` [separate]), or, for
    a report with no figure a sentence states, any of its sentences. A quote of the night
    beside its count ("'Another massive terrorist strike by Russia' ... the air defense
    neutralized 718 of 741": real news dev, 2025-07-09, kept apart from the wave it counts)
    does not."""
    values = _own_values(item)
    sentences = [s for s in item.evidence.split("\n") if s.strip()]
    counting = [s for s in sentences if numbers_in_evidence(s) & values]
    return any(sets_apart(s) for s in (counting or sentences))


def _own_values(item: Item) -> frozenset[float]:
    counts = [f.get("count") or {} for f in item.data.get("figures") or []]
    counts += [item.data.get(k) or {} for k in ("killed", "injured")]
    return frozenset(
        float(v) for c in counts for v in (c.get("min"), c.get("max")) if v is not None
    )


def _same_site(a: Item, b: Item, attacker: str) -> str | None:
    """Two stories' reports of one place (not a region) on the same day, neither the
    attacker's own claim: "an elderly woman died in a shelter in the Darnytskyi district",
    naming no attacker, is the Russian wave's Darnytskyi, not another attack."""
    contained = _one_within(a.span, b.span)
    sites = [
        pa
        for pa in _local_places(a)
        for pb in _local_places(b)
        if not _REGIONAL & set(fold(f"{pa} {pb}").split()) and _shared_place([pa], [pb])
    ]
    if not (contained and sites):
        return None
    places = sites[0]
    if any(m.attribution.get("side") == attacker for m in (a, b)) or a.data.get("cumulative"):
        return None
    return f"same day and site: {places}"


def _tally(item: Item) -> bool:
    """A count over a day or more, not one wave (`tolls.toml` [tally])."""
    return bool(_tally_words().search(item.data.get("time_text") or ""))


@functools.cache
def _tally_words() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in table("tolls")["tally"]["time_words"]), re.I)


def _same_toll_and_target(a: Item, b: Item) -> bool:
    """Two stories' reports of one strike that name no place apart (a town and its region
    are not apart) and count no weapons: the same dead (`least_killed` at least; the
    wounded may differ, as counts are revised) and a word of what was hit in common
    (`tolls.toml` [same_toll])."""
    if a.story_key == b.story_key or a.data.get("figures") or b.data.get("figures"):
        return False
    rule = _same_toll_rule()
    told = 0
    for what in ("killed", "injured"):
        ca, cb = a.data.get(what), b.data.get(what)
        va, vb = (_value(ca) if ca else None), (_value(cb) if cb else None)
        if va is None or vb is None:
            continue
        if abs(va - vb) > WAVE_TOLERANCE * max(va, vb):
            if what == "injured":
                # the dead say which strike it is; outlets' wounded differ as counts
                # are revised ("nine killed and seven injured", then "nine killed, four
                # injured": real news dev, 2025-05-16, one bus, two lines)
                continue
            return False
        told += 1
    killed = a.data.get("killed")
    if not told or not killed or (_value(killed) or 0) < rule["least_killed"]:
        return False
    if not _target_words(a) & _target_words(b):
        return False
    pa = [p for p in a.data.get("places") or [] if _useful_place(p)]
    pb = [p for p in b.data.get("places") or [] if _useful_place(p)]
    # both name places, none the same (the caller's rule looked), nor one a town of the
    # other's region ("a regular bus near Bilopillia" and "a bus ... in Ukraine's
    # northeastern Sumy region", nine dead: real news dev, 2025-05-16, offline, two lines;
    # blind review: duplicate); the cheap tests first, the merge compares many pairs
    return not (pa and pb) or any(in_region(x, y) or in_region(y, x) for x in pa for y in pb)


def _same_count_hit(a: Item, b: Item) -> str | None:
    """The thing both reports count as hit, in numbers within the wave tolerance and of at
    least `least_hit` (`tolls.toml` [same_toll]): "over 40 Russian bombers" and "41
    bombers" hit on one day by one attacker are one strike, wherever each outlet places it
    ("air bases as far as eastern Siberia", "the Belaya air base in the Irkutsk region")."""
    least = _same_toll_rule()["least_hit"]
    mine = _counted_hits(a)
    for noun, value in _counted_hits(b).items():
        other = mine.get(noun)
        if other is None or min(value, other) < least:
            continue
        if abs(value - other) <= WAVE_TOLERANCE * max(value, other):
            return noun
    return None


_COUNTED = re.compile(r"(?<![\d,.])(\d{1,3}(?:,\d{3})*|\d+)\s+((?:[\w'’-]+\s+){0,2}[\w'’-]+)")


@functools.lru_cache(maxsize=1 << 12)
def _hits_of(targets: tuple[str, ...]) -> dict[str, float]:
    common = _same_toll_rule()["common"]
    found: dict[str, float] = {}
    for target in targets:
        for number, words in _COUNTED.findall(target):
            nouns = [w for w in words.split() if not w[:1].isupper()]  # "Russian" is no noun
            for noun in (fold(w) for w in nouns):
                if len(noun) > 3 and noun not in common:
                    found.setdefault(noun, float(number.replace(",", "")))
    return found


def _counted_hits(item: Item) -> dict[str, float]:
    """Each noun a target counts ("41 bombers": bombers 41), the common ones aside, or
    that the report's sentences count of a thing it lists as hit: a reader's targets
    "bombers, airfields" beside "over 40 Russian bombers ... were hit" count 40 bombers."""
    found = _hits_of(tuple(item.data.get("targets") or ()))
    counted = _hits_of((item.evidence,))
    if not counted:
        return found
    listed = _target_words(item)
    return {**{n: v for n, v in counted.items() if n in listed}, **found}


def _target_words(item: Item) -> frozenset[str]:
    return _words_of_targets(tuple(item.data.get("targets") or ()))


@functools.lru_cache(maxsize=1 << 12)
def _words_of_targets(targets: tuple[str, ...]) -> frozenset[str]:
    words = content_words(" ".join(targets))  # "bus" too, not "the"
    return frozenset(w for w in words if len(w) > 2) - _same_toll_rule()["common"]


@functools.cache
def _same_toll_rule() -> dict[str, Any]:
    rule = table("tolls")["same_toll"]
    return {
        "least_killed": rule["least_killed"],
        "least_hit": rule["least_hit"],
        "common": frozenset(rule["common_targets"]),
    }


def _bare(item: Item) -> bool:
    """A report of an attack with nothing of its own: no figure, toll, place below its
    country or running total ("an air raid alert was declared throughout Ukraine")."""
    return not item.data.get("figures") and _uncounted(item)


def _uncounted(item: Item) -> bool:
    """A report with nothing countable of its own: no figure with a count ("hundreds of
    drones and dozens of missiles"), toll, place below its country or running total."""
    data = item.data
    return not (
        _counts_weapons(data)
        or data.get("killed")
        or data.get("injured")
        or data.get("cumulative")
        or any(_useful_place(p) for p in data.get("places") or [])
    )


def _night_wave(item: Item) -> bool:
    """A report of a night's attack that counts its weapons ("Russia launched 396 drones and
    29 missiles overnight")."""
    return item.night and _counts_weapons(item.data)


def _counts_weapons(data: dict[str, Any]) -> bool:
    """Whether a report gives a count of weapons ("hundreds of drones" gives none)."""
    return any(_value(f["count"]) is not None for f in data.get("figures") or [])


def _toll_only(item: Item) -> bool:
    """A report of killed or injured that names no place, count of weapons ("hundreds of
    drones" counts none) or running total."""
    data = item.data
    return bool(
        (data.get("killed") or data.get("injured"))
        and not _counts_weapons(data)
        and not data.get("cumulative")
        and not any(_useful_place(p) for p in data.get("places") or [])
    )


def _share_of(part: Item, whole: Item) -> bool:
    """`part` names its places and every figure it shares with `whole` counts under half of
    it: "17 drones towards Kyiv" is Kyiv's share of "112 drones launched", not a rival; so
    is one place's "56 intercepted over Belgorod Oblast" of a wave of 139 launched."""
    if not any(_useful_place(p) for p in part.data.get("places") or []):
        return False
    shared = 0
    for fa in part.data.get("figures") or []:
        what = (fa["weapon"], fa["measure"])
        one_place = _one_place(what, part)
        for fb in whole.data.get("figures") or []:
            if not _bounded_by(what, (fb["weapon"], fb["measure"]), one_place):
                continue
            va, vb = _value(fa["count"]), _value(fb["count"])
            if va is None or vb is None or va >= PART_OF_WAVE * vb:
                return False
            shared += 1
    return shared > 0


def _own_storys_share(a: Item, b: Item) -> bool:
    """One of two reports of one story is told as the night's and the other has no time
    wording of its own: the ministry's "56 over Belgorod Oblast, 22 over Bryansk, ..."
    after the story's overnight wave of 139 drones is that night's breakdown."""
    if a.story_key != b.story_key:
        return False
    return (a.night and not b.data.get("time_text")) or (b.night and not a.data.get("time_text"))


def _bounded_by(part: tuple[str, str], whole: tuple[str, str], one_place: bool) -> bool:
    """Whether a count of `whole` (weapon, measure) bounds one of `part`: the same weapon
    and measure, or, for a count of `one_place`, the wave's launches, which bound every
    other count of its weapon (what was downed, jammed or hit was launched first)."""
    if part[0] != whole[0]:
        return False
    return part[1] == whole[1] or (one_place and whole[1] == "launched")


def _told_next_day(event: Item, summary: Item) -> bool:
    """`summary` is dated only by its story, published the day after `event` ended: a
    key-events list or a morning round-up retelling yesterday's wave. With two or more
    figures the same, it is that wave, not a new one."""
    return (
        not summary.anchored
        and not summary.night
        and summary.story_date is not None
        and event.window is not None
        and (summary.story_date - event.window[1]).days == 1
    )


def _claim_of_wave(wave: Item, claim: Item) -> bool:
    """`claim` is the attacker's bare claim (`_bare_claim`); `wave` is the same story's
    report of the attack, with its figures: the claim is that wave's, not another attack.
    A claim naming a place ("a staging area in the Sumy region") may be another strike."""
    return bool(wave.data.get("figures")) and _bare_claim(claim)


def _bare_claim(item: Item) -> bool:
    """The attacker's own word on what it struck, naming no place ("The Russian military
    claimed it targeted drone assembly sites and airfields", "an airfield in a region
    bordering Poland") and counting nothing."""
    data = item.data
    named = [p for p in data.get("places") or [] if _useful_place(p) and p[:1].isupper()]
    return (
        bool(data.get("attacker"))
        and item.attribution.get("side") == data.get("attacker")
        and not (named or data.get("figures") or data.get("killed") or data.get("injured"))
    )


def _other_side(a: Item, b: Item) -> bool:
    """One report is the attacker's own claim ("its forces carried out a massive strike on
    port facilities", Moscow's defence ministry said), the other is not. Two reports of
    one named speaker are one claimant's, whichever of them says whose side he is on
    ("Ukraine's drone forces commander Robert Brovdi" and "the commander of its drone
    forces, Robert Brovdi": real news dev, 2025-09-07, one strike on the Druzhba pipeline
    told twice)."""
    attacker = a.data.get("attacker")
    if not attacker:
        return False
    if (a.attribution.get("side") == attacker) == (b.attribution.get("side") == attacker):
        return False
    name = spelling_key(surname(a.attribution.get("source")))
    return not (name and name == spelling_key(surname(b.attribution.get("source"))))


def _sides(item: Item) -> frozenset:
    """Who attacked whom, when the report says."""
    data = item.data
    return (
        frozenset([(data["attacker"], data.get("target_country"))])
        if data.get("attacker")
        else frozenset()
    )


def _sides_differ(a: frozenset, b: frozenset) -> bool:
    """Two clusters' reports name different attackers, or the same attacker striking
    different countries; a report that names no target country differs from none
    (Moscow's count of "four drones over occupied Crimea" in its night's breakdown)."""
    return any(p[0] != q[0] or (p[1] and q[1] and p[1] != q[1]) for p in a for q in b)


def _pinned_days(item: Item) -> frozenset:
    """The day a report's own wording pins its event to (the morning a night ends), if any."""
    if item.window and (item.anchored or item.night):
        return frozenset([item.window[1]])
    return frozenset()


def _continues(a: Item, b: Item) -> bool:
    """`b` goes on with the report right before it in its story: no place and no time of its
    own ("It said 19 drones had hit targets")."""
    return (
        a.story_key == b.story_key
        and b.order == a.order + 1
        and not b.data.get("places")
        and not b.data.get("time_text")
        and not b.anchored
    )


def _local_report(wave: Item, local: Item) -> bool:
    """`wave` gives a whole wave's figures ("Russia attacked Ukraine with 58 drones
    overnight"); `local` names a place and no time of its own ("In the town of Shostka, a
    drone hit a substation"): in one story, the place is one the wave hit. When the wave
    names places of its own, only damage told with no toll or figure of its own ("falling
    debris damaged a shop in Bila Tserkva district") is the wave's at another place: a toll
    elsewhere may be another attack's, unless the story's headline names that place beside
    one of the wave's ("Russia pounds Dnipro, Zaporizhzhia and Kryvyi Rih in overnight
    attack": Zaporizhzhia's two dead stood as an attack of their own; invented dev5, blind
    answers). So is a toll at a town inside a region the wave counts ("112 drones over
    Russian regions, including 31 over the Samara region", then "an attack on an industrial
    enterprise in Syzran was repelled, two employees injured": invented dev7, the Syzran
    strike stood apart from the night it was part of)."""
    data = local.data
    return (
        bool(wave.data.get("attacker"))
        and bool(wave.data.get("figures"))
        and not _tally(wave)
        and bool(data.get("places"))
        and not data.get("time_text")
        and not local.anchored
        and (
            not wave.data.get("places")
            or not (data.get("figures") or data.get("killed") or data.get("injured"))
            or _headline_lists(wave, local)
            or _in_waves_region(wave, local)
        )
    )


def _in_waves_region(wave: Item, local: Item) -> bool:
    """Whether a town `local` names lies in a region `wave` names."""
    regions = [p for p in wave.data.get("places") or [] if _useful_place(p)]
    towns = [p for p in local.data.get("places") or [] if _useful_place(p)]
    return any(in_region(town, region) for town in towns for region in regions)


def _headline_lists(wave: Item, local: Item) -> bool:
    """Whether the story's headline names one of `local`'s places and one of `wave`'s."""
    title = set(fold(local.story.title if local.story else "").split())

    def named(item: Item) -> bool:
        keys = (place_key(p) for p in item.data.get("places") or [] if _useful_place(p))
        return any(key and set(key.split()) <= title for key in keys)

    return bool(title) and named(local) and named(wave)


def _toll(wave: Item, toll: Item) -> bool:
    """`toll` gives only casualties, with no place or figure ("That brings the overall toll
    from the overnight attack to at least nine killed"); `wave` is the same story's report of
    an attack with figures: on one day, the toll is that attack's."""
    data = toll.data
    if _tally(wave):
        return False
    if wave.night and data.get("time_text") and not toll.night:
        # "a Russian missile struck a training ground on Sunday, killing 12", told after
        # the night's record drone wave: a time of its own, not the night's, is another strike
        return False
    if data.get("targets") and not _target_words(toll) & _target_words(wave):
        # the same strike told with no time of the night: what it hit is its own, a
        # training ground the wave's report does not name (real news, 2025-06-01: "a Russian
        # missile struck a Ukrainian military training ground on Sunday, killing 12", after
        # a wave report of the same Sunday, came out as the record drone wave's toll)
        return False
    return (
        bool(wave.data.get("figures"))
        and bool(data.get("killed") or data.get("injured"))
        and not data.get("places")
        and not data.get("figures")
    )


def _detail(data: dict[str, Any]) -> bool:
    """A report with no place, figure or casualty of its own ("two buildings were damaged")."""
    return not (
        data.get("places") or data.get("figures") or data.get("killed") or data.get("injured")
    )


def _same_wave(left: list[dict[str, Any]], right: list[dict[str, Any]]) -> str | bool | None:
    """A description of the matching figures, False if a shared figure disagrees, None if
    nothing is shared. A report's several counts of one weapon and measure are a total and
    its shares: the largest speaks for the report ("151 drones, of which 79 over the Black
    Sea" is the wave of 150, not another; real news dev, 2026-02-17)."""
    largest = _largest_counts(right)
    matched = []
    for (weapon, measure), va in _largest_counts(left).items():
        if (vb := largest.get((weapon, measure))) is None:
            continue
        if abs(va - vb) <= WAVE_TOLERANCE * max(va, vb):
            matched.append(f"{weapon} {measure} {va:g}~{vb:g}")
        elif va == _part_sums(right).get((weapon, measure)) or vb == _part_sums(left).get(
            (weapon, measure)
        ):
            matched.append(f"{weapon} {measure} {va:g}~{vb:g} as a total of parts")
        else:
            return False
    return ", ".join(matched) if matched else None


def _part_sums(figures: list[dict[str, Any]]) -> dict[tuple[str, str], float]:
    """(weapon, measure) -> the sum of one report's exact parts of a total another outlet
    may retell under the first part's measure: "shot down 296 drones, while 415 more were
    lost to electronic warfare" is 711 "intercepted" (`measures.toml` [[totals]])."""
    exact: dict[tuple[str, str], float] = {}
    for figure in figures:
        low, high = figure["count"].get("min"), figure["count"].get("max")
        if low is not None and low == high:
            key = (figure["weapon"], figure["measure"])
            exact[key] = max(low, exact.get(key, low))
    sums: dict[tuple[str, str], float] = {}
    for rule in table("measures").get("totals", []):
        for (weapon, measure), first in exact.items():
            if measure != rule["measure"]:
                continue
            if rest := [exact[(weapon, m)] for m in rule["with"] if (weapon, m) in exact]:
                sums[(weapon, measure)] = first + sum(rest)
    return sums


def _said_as_total(measure: str) -> str:
    return next(r["said"] for r in table("measures")["totals"] if r["measure"] == measure)


def _largest_counts(figures: list[dict[str, Any]]) -> dict[tuple[str, str], float]:
    found: dict[tuple[str, str], float] = {}
    for figure in figures:
        if (value := _value(figure["count"])) is not None:
            key = (figure["weapon"], figure["measure"])
            found[key] = max(value, found.get(key, value))
    return found


def _value(count: dict[str, Any]) -> float | None:
    low, high = count.get("min"), count.get("max")
    if low is not None and high is not None:
        return (low + high) / 2
    return low if low is not None else high


@lru_cache(maxsize=1 << 14)
def place_key(place: str) -> str:
    """A place's key: its words folded, "region", "city" and the like left out, and a
    spelling the gazetteer knows ("Kiev", "Kharkov") read as its name ("Kyiv")."""
    key = " ".join(w for w in fold(place).split() if w not in _PLACE_NOISE)
    return _spellings().get(key) or _capitals_called().get(key, key)


@cache
def _capitals_called() -> dict[str, str]:
    """A capital as a reader may give it ("Ukraine's capital"), folded, to its name's key
    (`capitals.toml` [called])."""
    called = table("capitals")["called"]
    return {
        " ".join(w for w in fold(said).split() if w not in _PLACE_NOISE): fold(name)
        for said, name in called.items()
    }


def _spelled(place: str) -> str:
    """A place folded, each word the gazetteer spells otherwise read as its name's."""
    return " ".join(_spellings().get(word, word) for word in fold(place).split())


@cache
def _spellings() -> dict[str, str]:
    """The gazetteer's spellings of a place (`briefer/offline/lexicon/places.toml`, the
    one list of them), each folded to its name's key; not a site it lists under a place
    ("Zaporizhzhia Nuclear Power Plant" is no spelling of the city)."""
    spellings = {}
    for place, variants in place_spellings().items():
        canonical = " ".join(w for w in fold(place).split() if w not in _PLACE_NOISE)
        for variant in variants:
            key = " ".join(w for w in fold(variant).split() if w not in _PLACE_NOISE)
            if len(key.split()) == len(canonical.split()):  # a spelling, not a site in it
                spellings.setdefault(key, canonical)
    for districts in table("districts").values():
        for district, variants in districts.items():
            for variant in variants:
                spellings.setdefault(fold(variant), fold(district))
    return spellings


@cache
def _within() -> dict[str, str]:
    """A district's key -> its city's, for a district of one city only (`districts.toml`:
    Kyiv and Kharkiv each have a Shevchenkivskyi district)."""
    cities: dict[str, set[str]] = {}
    for city, districts in table("districts").items():
        for district in districts:
            cities.setdefault(fold(district), set()).add(place_key(city))
    return {d: next(iter(c)) for d, c in cities.items() if len(c) == 1}


@lru_cache(maxsize=1 << 14)
def _useful_place(place: str) -> bool:
    key = place_key(place)
    if not key or any(ch.isdigit() for ch in key):
        return False
    words = set(key.split())
    return not words <= (
        _GENERIC_PLACES | {"southern", "northern", "eastern", "western", "central"}
    )


def _shared_place(left: list[str], right: list[str]) -> str | None:
    """The first place of `left` that `right` names too: the same place, one named within
    the other ("Kyiv", "Kyiv region"), or a district of one city and the city."""
    within = _within()
    for pa in filter(_useful_place, left):
        for pb in filter(_useful_place, right):
            ka, kb = place_key(pa), place_key(pb)
            # one name in two transliterations: "Khmelnytsky region" and "Khmelnytskyi"
            wa, wb = {spelling_key(w) for w in ka.split()}, {spelling_key(w) for w in kb.split()}
            if wa <= wb or wb <= wa or within.get(ka) == kb or within.get(kb) == ka:
                return pa
    return None


def _event(members: list[Item], why: list[str]) -> Attack:
    first = members[0].data
    spread = len({place_key(p) for m in members for p in _local_places(m)}) > 1
    split = [(m, _tolls_placed(m, spread)) for m in members]
    reports, members = members, [part for _, parts in split for part in parts]
    # a toll split off to other places than its report's leaves each place its own clause
    moved = any(
        part.data["places"] != [p for p in report.data.get("places") or [] if _useful_place(p)]
        for report, parts in split
        for part in parts[1:]
    )
    attacker = next((m.data.get("attacker") for m in members if m.data.get("attacker")), None)
    target = next(
        (m.data.get("target_country") for m in members if m.data.get("target_country")), None
    )
    # the attacker's own word on what it struck, naming no place: its own clause, never a
    # place's (the Russian military's "drone assembly sites" are not Kyiv's damage)
    claims = [m for m in members if _bare_claim(m)]
    claims = claims if len(claims) < len(members) else []
    everyone, members = members, [m for m in members if m not in claims]
    window, night = _event_window(members)
    shares = _place_shares(members)
    told = {id(member) for what, member, count in shares if _told_apart(what, member, count)}
    # a member whose share has its own clause ("Kyiv: 17 drones launched") speaks of its
    # place there: it is not where the wave's figures were counted
    places = _union(
        (
            p
            for m in members
            if id(m) not in told or m.data.get("killed") or m.data.get("injured")
            for p in m.data.get("places") or []
        ),
        key=_spelled,  # "Kyiv" and "Kiev" are one place; Moscow and Moscow region two
    )
    targets = _union(t for m in members for t in m.data.get("targets") or [])
    figures = _reconcile_figures(members, shares)
    # a toll split off as the wave's leaves its place's own figures a clause of their own,
    # and so does a count of weapons no report places: "87 drones claimed intercepted" over
    # seven regions with a Liski fuel depot's two injured is no attack on Liski (invented
    # dev5, blind answers: "Ukrainian attack (Liski district, Liski): 87 drones")
    counted = [m for m in members if _counts_weapons(m.data)]
    unplaced_count = bool(counted) and not any(_local_places(m) for m in counted)
    # as does a toll at a place the count's reports do not name (Brisk's two dead, in the
    # story of the wave on Valmont and Ostrov its headline lists Brisk with)
    counted_at = {place_key(p) for m in counted for p in _local_places(m)}
    toll_elsewhere = (
        bool(counted)
        and any(
            place_key(p) not in counted_at
            for m in members
            if any(_value(c) != 0 for f in _TOLL if (c := m.data.get(f)))  # not "no casualties"
            for p in _local_places(m)[:1]
        )
    )
    details, detailed, unplaced = _place_details(
        members, alone=moved or unplaced_count or toll_elsewhere
    )
    placed = {id(m) for m in detailed}
    rest = [m for m in members if id(m) not in placed]
    killed = _reconcile_casualties(members, "killed")
    injured = _reconcile_casualties(members, "injured")
    shown_killed = _reconcile_casualties(rest, "killed") if details else killed
    shown_injured = _reconcile_casualties(rest, "injured") if details else injured
    cites = _union_keys(m.story_key for m in everyone)
    origins = distinct_sources(m.source_name for m in everyone)
    when = day_label(window, night)
    if window and not any(m.anchored or m.data.get("time_text") for m in members):
        # no report says when it happened: the day is its stories', so the line says so
        # (a roundup's "Ukraine's military said it had struck a chemical plant" is of some
        # day before the one it was published on)
        when = f"reported {when}"
    head = _headline(attacker, target, places)
    subset = any(tells_a_part(m.evidence) for m in members)  # "including", "of them"
    parts = _figure_parts(figures, subset=subset)
    toll = [(label, c) for label, c in (("killed", shown_killed), ("injured", shown_injured)) if c]
    toll_phrase = " and ".join(_casualty_phrase(c, label) for label, c in toll)
    if toll:
        single = {_labels(c) for _, c in toll}
        if len(single) == 1 and len(next(iter(single))) == 1:
            # one source for all casualty figures: name it once
            (source,) = next(iter(single))
            brief = _sources_label(
                [(r.source, r.via) for _, c in toll for r in c.reports], "; ", True
            )
            parts.append(LinePart("toll", toll_phrase, said=source, brief_said=brief))
        else:
            parts.extend(_casualty_part(c, label) for label, c in toll)
    apart = _named_over_other([share for share in shares if _told_apart(*share)])
    for share in (_share_part(*share) for share in apart):
        label, _, words = share.words.partition(": ")
        key = place_key(label.split(", ")[0])
        home = next((d for d in details if place_key(d.words.split(", ")[0]) == key), None)
        if home:  # the place has a clause of its own: its share is its first figure
            home.bits.insert(0, replace(share, kind="figures", words=words))
        else:
            parts.append(share)
    if details and unplaced:
        # what a report hit at none of the places it names ("ports in the Odesa region and
        # power plants in eastern Ukraine"): the wave's, before the places' clauses
        shown, said = _hit_by(unplaced)
        parts.append(_bit("targets", f"hit: {', '.join(shown)}", said))
    parts.extend(details)
    if not details and targets and (parts or len(reports) > 1):
        # what was hit is a claim too: "hit: Druzhba oil pipeline (Robert Brovdi)"
        shown, said = _hit_by(members)
        parts.append(_bit("targets", f"hit: {', '.join(shown)}", said))
    if claims:
        claimed, said = _hit_by(claims)
        where = _union(p for m in claims for p in m.data.get("places") or [])[:1]
        if claimed:
            hit = f"claimed hit: {', '.join(claimed)}" + "".join(f" in {p}" for p in where)
            parts.append(_bit("targets", hit, said))
    shown = None
    head = brief_head = ""
    total = "Running total — " if first.get("cumulative") else ""
    if parts:
        # nor does the headline place a count no report places at the one place that has
        # a clause (a wave over several places names them all, its clauses after)
        head_places = places
        if unplaced_count and len(details) == 1:
            head_places = _places_once(places, parts, True)
        head = f"{total}{when}: {_headline(attacker, target, head_places)}"
        # "Russian attack (Kyiv)": its side says on whom; "Attack on Russia" keeps it
        brief_target = None if attacker else target
        headline = _headline(attacker, brief_target, _places_once(head_places, parts))
        brief_head = f"{total}{when}: {headline}"
        text = compose(head, parts)
        # a Key point: what was launched (or the first measure) and the toll, no breakdowns
        brief = [phrase for phrase in (_lead_figures(figures, subset), toll_phrase) if phrase]
        short = (
            f"{when}: {_headline(attacker, target, head_places, most=2, cut=True)}: "
            + "; ".join(brief or [_counted(parts[0])])
        )
    else:
        best = max(members, key=lambda m: (len(m.summary), -m.order))
        shown = best
        text = f"{when}: {best.summary}"
        for member in _by_source(members):
            if member.source_name != UNNAMED_SOURCE:  # "(the report)" would say nothing
                via = via_label(member.attribution, member.source_name)
                text = attribute(text, member.source_name, via)
        short = f"{when}: {best.summary}"
        text = total + text
    short = total + short
    key = stable_id(
        "attacks",
        attacker or "",
        target or "",
        window[1].isoformat() if window else "",
        "cumulative" if first.get("cumulative") else "",
        min((place_key(p) for p in places if _useful_place(p)), default=""),
    )
    attack = Attack(
        key=key,
        text=text,
        short=short,
        cites=cites,  # story keys until the merge numbers its sources
        start=window[0].isoformat() if window else None,
        end=window[1].isoformat() if window else None,
        night=night,
        attacker=attacker,
        target_country=target,
        places=places,
        targets=targets,
        figures=figures,
        killed=killed,
        injured=injured,
        cumulative=bool(first.get("cumulative")),
        origins=origins,
        why=why,
        members=[m.ref for m in reports],
        evidence=[m.evidence for m in reports],
        head=head,
        brief_head=brief_head,
        parts=parts,
    )
    attack.notes = attack_notes(attack, reports, shown)
    return attack


_REGIONAL = {"region", "regions", "oblast", "oblasts", "province", "provinces"}
_DISTRICT = {"district", "districts", "raion", "microdistrict"}  # a part of a town the report names


def _is_district(place: str) -> bool:
    """ "Shevchenkivskyi district": a part of a town, no town of its own."""
    return bool(_DISTRICT & set(fold(place).split()))


_TOLL = ("killed", "injured")


def _local_places(member: Item) -> list[str]:
    places = [p for p in member.data.get("places") or [] if _useful_place(p)]
    return [p for p in places if not _REGIONAL & set(fold(p).split())] or places


def _tolls_placed(member: Item, spread: bool) -> list[Item]:
    """A report's killed and injured belong to the places a sentence stating the figure
    names, and to the speaker it names. One that names none of the report's places is the
    attack's whole toll when the event hit several places or the sentence speaks of the
    whole country: "Russia's largest attack on Ukraine killed four and wounded 44", with
    Kyiv named in the next sentence for the government building, is the wave's toll, not
    Kyiv's. One that names some of them is theirs: "one civilian was killed in the
    Khmelnytskyi region" is not Kyiv's, though the report names Kyiv first. A local report
    (one place and no figures of the wave) is its place's: the governor's "seven others were
    wounded" after "three died at the city beach" in Kursk is Kursk's. And "Mayor
    Vitalii Klitschko said 20 others were injured" is Klitschko's figure, whoever the report
    credits its launch figures to. Such a toll is split off as a report of its own (beside
    the rest of the report); a figure no sentence states is left as it is."""
    data = member.data
    country = set(fold(data.get("target_country")).split())
    places = tuple(p for p in data.get("places") or [] if _useful_place(p))
    sentences = member.sentences
    moved: dict[tuple, list[str]] = {}  # (its places, its speaker) -> the toll's fields
    for field in _TOLL:
        count = data.get(field)
        values = (
            {v for v in (count.get("min"), count.get("max")) if v is not None} if count else set()
        )
        # the sentences holding the count as written, where some do ("At least two people"),
        # not every sentence with a "two" in it ("two residential buildings"); a count of
        # no number ("injuring dozens") only so (invented dev5, blind answers: "dozens
        # injured" of "Ukrainian officials said" stood credited to the air force)
        written = fold(count.get("text")) if count else ""
        if values:
            stating = [s for s in sentences if values <= numbers_in_evidence(s)]
            stating = [s for s in stating if written and written in fold(s)] or stating
        else:
            stating = [s for s in sentences if written and written in fold(s)]
        if not stating:
            continue
        said = set().union(*(set(fold(s).split()) for s in stating))
        said |= _capital_named(said, data.get("target_country"))
        where = tuple(p for p in places if set(place_key(p).split()) & said)
        if len(_targets_placed(" ".join(stating), tuple(data.get("targets") or ()), where)) > 1:
            where = ()  # "apartment blocks in Dnipro, a dormitory in Kryvyi Rih, killing nine"
        if NATIONWIDE.search(written):
            # the count as written is the country's: "With two dead in Lviv, at least eight
            # people were killed nationwide" is no toll of Lviv's (invented dev7, blind
            # answers: "Lviv: at least 2–8 killed")
            where = ()
        # "18 injuries ... across the city": the city's, even in a report of the wave's
        # figures, which would else speak for the wave
        city = () if where else _the_city(said, places)
        where = where or city
        whole = bool(country and country <= said) or any(NATIONWIDE.search(s) for s in stating)
        # a local report (one place, or a city and its districts; no figures of the wave)
        # counts its own place's toll: the interior ministry's "More than 20 people were
        # injured", after Kyiv's and Sviatoshynskyi's damage, is Kyiv's (real news dev,
        # 2025-09-07: it stood among the wave's nationwide tolls)
        local = _one_city(places) and not data.get("figures")
        elsewhere = (
            (not where and places and ((spread and not local) or whole))
            or 0 < len(where) < len(places)
            or bool(city and data.get("figures") and not whole)
        )
        speaker = (
            _one_of_them(stating, member)
            or _own_speaker(stating, member)
            or _outlet_voice(stating, sentences, member)
        )
        if elsewhere or speaker:
            moved.setdefault((where if elsewhere else places, speaker), []).append(field)
    if not moved:
        return [member]
    fields = [field for group in moved.values() for field in group]
    parts = [replace(member, data={**data, **{field: None for field in fields}})]
    for (where, speaker), group in moved.items():
        toll = {**data, "places": list(where), "targets": [], "figures": []}
        toll.update({field: None for field in _TOLL if field not in group})
        if speaker == _OUTLET:  # the outlet tells it in its own voice
            toll["attribution"] = {**member.attribution, "source": None, "side": None}
        elif speaker:
            toll["attribution"] = {**member.attribution, "source": speaker, "side": None}
        parts.append(replace(member, data=toll))
    return parts


def _one_city(places: tuple[str, ...]) -> bool:
    """One place, or one city and districts of it ("Kyiv", "Sviatoshynskyi district")."""
    within = _within()
    return len({within.get(key, key) for key in map(place_key, places)}) == 1


def _the_city(said: set[str], places: tuple[str, ...]) -> tuple[str, ...]:
    """The report's one city when a toll's sentence says where only as "the city"
    (`tolls.toml` [the_city])."""
    rule = table("tolls")["the_city"]
    if not said & set(rule["words"]):
        return ()
    cities = [p for p in places if not set(fold(p).split()) & set(rule["parts"])]
    return tuple(cities) if len(cities) == 1 else ()


def _capital_named(said: set[str], country: str | None) -> set[str]:
    """The words of the target country's capital when a toll's sentence names it as "the
    capital" (`capitals.toml`)."""
    capitals = table("capitals")
    if fold(capitals["word"]) not in said or not country:
        return set()
    return {w for name in capitals["names"].get(country, []) for w in place_key(name).split()}


@lru_cache(maxsize=1)
def _speakers() -> dict[str, frozenset[str]]:
    """Word sets of speech.toml: `roles` (the last word of a speaker named by role alone),
    `nobody` (words that name no speaker) and `role_words` (words two names may share)."""
    words = table("speech")
    return {k: frozenset(fold(w) for w in words[k]) for k in ("roles", "nobody", "role_words")}


@lru_cache(maxsize=1)
def _speech() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(a speaker before a speech verb, a speaker after "according to"), from speech.toml."""
    words = table("speech")
    verbs = "|".join(map(re.escape, words["verbs"]))
    most = int(words["most_words"])
    before = re.compile(
        rf"(?:^|[,;][\"”’]?\s+|^[-–•]\s*)(?:(?:which|who|that|and|but)\s+)?"
        rf"(?P<who>(?:[\w.'’-]+\s+){{0,{most - 1}}}?[\w.'’-]+)\s+(?:{verbs})\b"
    )
    after = re.compile(
        rf"\b(?:{'|'.join(map(re.escape, words['according_to']))})\s+(?P<who>[^,.;:()]{{3,80}})"
    )
    return before, after


def _figure_source(member: Item, count: dict[str, Any]) -> str:
    """Who gives a figure: the one of a report's several sources its sentence names
    (`_one_of_them`); the outlet itself when the sentence stating it credits no one and
    the report's source is named only after it, or when it is the outlet's own earlier
    reporting ("As reported, ..."); else the report's source."""
    values = {v for v in (count.get("min"), count.get("max")) if v is not None}
    sentences = member.sentences
    stating = [s for s in sentences if values and values <= numbers_in_evidence(s)]
    if not stating:
        return member.source_name
    own = _one_of_them(stating, member)
    if own:
        return own
    if all(fold(s).startswith(_own_reporting()) for s in stating) or _outlet_voice(
        stating, sentences, member
    ):
        return source_label({"source": None}, member.document)
    return member.source_name


@lru_cache(maxsize=1)
def _own_reporting() -> tuple[str, ...]:
    return tuple(fold(w) for w in table("speech")["own_reporting"])


def _one_of_them(stating: list[str], member: Item) -> str | None:
    """Of the sources a report credits together ("Volodymyr Zelenskyy; Ukraine's air
    force"), the one every sentence stating a figure names: "Ukraine's Air Force said Russia
    launched 810 drones" is the air force's figure, "Zelenskyy said the attack killed four"
    Zelenskyy's, not both of theirs."""
    credited = [p.strip() for p in clean(member.attribution.get("source")).split(";")]
    credited = [p for p in credited if p]
    if len(credited) < 2 or not stating:
        return None
    sides = {member.data.get("attacker"), member.data.get("target_country")} - {None}
    sides |= {_ADJECTIVE.get(side, side) for side in sides}
    plain = {w for side in sides for w in fold(side).split()} | _speakers()["role_words"]

    def names(source: str, sentence: str) -> bool:
        words = set(fold(sentence).split())
        own = set(fold(source.split(",")[0]).split()) - plain
        return bool(own) and (own <= words or names_in(surname(source), words))

    named = [p for p in credited if all(names(p, s) for s in stating)]
    return named[0] if len(named) == 1 else None


def _own_speaker(sentences: list[str], member: Item) -> str | None:
    """The speaker every one of `sentences` names, when it is not the one the report
    already credits: "Mayor Vitalii Klitschko said 20 others were injured"; "one person
    was killed in the Khmelnytskyi region, regional officials said" of a report crediting
    the air force. A role the credited source shares ("the governor said", of the
    governor's report) is the report's own speaker, and is left to it."""
    before, after = _speech()
    credited = set(fold(member.attribution.get("source")).split()) | set(
        fold(member.attribution.get("via")).split()
    )
    named = set()
    for sentence in sentences:
        match = after.search(sentence) or before.search(sentence)
        if not match:
            return None
        who = clean(match["who"]).strip(" -–•")
        words = set(fold(who).split())
        capitalised = [
            w for w in who.split()[(0 if match.start("who") else 1) :] if w[:1].isupper()
        ]
        if words <= _speakers()["nobody"] or words & credited - _speakers()["role_words"]:
            return None
        if not capitalised and (
            words & credited or fold(who).split()[-1] not in _speakers()["roles"]
        ):
            return None  # "the governor said", of a report crediting the governor: its own
        own = surname(member.attribution.get("source"))
        if not capitalised and own and own in fold(sentence).split():
            return None  # "according to the regional governor, Mykola Dovhan": the report's
        named.add(holder(who, member.story) or who)
    return next(iter(named)) if len(named) == 1 else None


_OUTLET = "\0outlet"  # a toll's speaker: the outlet itself


def _outlet_voice(stating: list[str], sentences: list[str], member: Item) -> str | None:
    """`_OUTLET` when the sentences stating a toll credit no one while the report's source is
    named only in its later sentences: "At least two people were killed. The air force said
    Russia launched 810 drones." gives the air force the drones, not the dead. A toll after
    the source is named goes on with its words ("Klymenko reported on the aftermath. ...
    Two people died at this location.")."""
    sides = {member.data.get("attacker"), member.data.get("target_country")} - {None}
    sides |= {_ADJECTIVE.get(side, side) for side in sides}
    # "Ukraine's air force" is named by "air force", not by any "Ukraine"
    source = set(fold(member.attribution.get("source")).split()) - _speakers()["role_words"]
    source -= {word for side in sides for word in fold(side).split()}
    if not source or len(sentences) < 2:
        return None
    before, after = _speech()
    if any(after.search(s) or before.search(s) for s in stating):
        return None
    if any(source & set(fold(s).split()) for s in stating):
        return None
    first = min(sentences.index(s) for s in stating)
    if any(source & set(fold(s).split()) for s in sentences[:first]):
        return None
    later = sentences[first + 1 :]
    return _OUTLET if any(source & set(fold(s).split()) for s in later) else None


def _place_details(
    members: list[Item], alone: bool = False
) -> tuple[list[LinePart], list[Item], list[Item]]:
    """For an event that hit several places: what each place's reports say ("Rylsk: 2
    injured (Pavel Sorokin)", "Liski: private houses (regional governor)"), the reports
    used, and those whose targets stand at none of the places (`_at_one_place`): the wave's.
    Empty when the casualties and damage are all in one place, where the event's own
    figures say it, unless `alone` and the place has a toll of its own beside the wave's."""
    groups: dict[str, tuple[str, list[Item]]] = {}
    at_one = {id(m): _at_one_place(m) for m in members}  # asked of each report once
    unplaced = [m for m in members if m.data.get("targets") and not at_one[id(m)]]
    # story -> its last placed report's group and order, when that report counted casualties
    last_key: dict[str, tuple[str, int]] = {}
    spread_toll = False  # a toll told over towns of several regions: the wave's
    for member in sorted(members, key=lambda m: m.order):
        data = member.data
        if not (data.get("killed") or data.get("injured") or data.get("targets")):
            continue
        local = _local_places(member)
        if not local:
            key, order = last_key.get(member.story_key, ("", -2))
            if order == member.order - 1 and not NATIONWIDE.search(member.evidence):
                # "Two more people were injured there", right after the place's toll; not
                # "Across the country, six were …", nor a toll told further on, nor one
                # after a report only of what was hit ("Missiles and drones targeted cities
                # including the capital Kyiv", then "Ukrainian authorities reported that at
                # least five people were killed": real news dev, 2024-11-17, shown as Kyiv's)
                groups[key][1].append(member)
            continue
        placed = at_one[id(member)]
        if not placed and any(data.get(f) for f in _TOLL):
            # a report naming towns of several regions tells its toll and damage over all
            # of them, at none of its places: the wave's ("killing two people, wounding 20
            # ... from Kharkiv and Sumy to Lviv, Lutsk and Chernivtsi", real news dev,
            # 2025-07-12, came out as "Kharkiv, Sumy: 2 killed, 20 injured")
            last_key.pop(member.story_key, None)
            spread_toll = True
            continue
        key = place_key(local[0])
        # nor does it name a place's clause: "Valmont, Brisk: 5 killed" for Valmont's toll
        label = groups.get(key, (", ".join(local[:2] if placed else local[:1]), []))[0]
        groups.setdefault(key, (label, []))[1].append(member)
        if data.get("killed") or data.get("injured"):
            last_key[member.story_key] = (key, member.order)
        else:
            last_key.pop(member.story_key, None)
    for key, (label, group) in list(groups.items()):
        # a report naming only a region joins the report of a place in that region
        # ("Bilopillia, Sumy region"): not one of many places a report lists ("Lutsk, ...,
        # Khmelnytskyi"), which says nothing of where in it
        if _REGIONAL & set(fold(label).split()):
            home = next(
                (
                    other
                    for other, (town, reports) in groups.items()
                    if other != key
                    # not a district: a region's toll is wider than a city's part ("Four
                    # were killed" in the Odesa region stood as "Kyivskyi district: 4
                    # killed", where three died: invented dev4, blind answers)
                    and not _is_district(town)
                    and (
                        any(place_key(p) == key for r in reports for p in _few_places(r))
                        # or a town GeoNames puts in it, with the same dead: "nine killed"
                        # on the bus near Bilopillia and in the Sumy region are one toll,
                        # not a region's toll over its towns
                        or (
                            in_region(town.split(", ")[0], label)
                            and bool(_dead(reports))
                            and _dead(reports) == _dead(group)
                        )
                    )
                ),
                None,
            )
            if home:
                groups[home][1].extend(group)
                del groups[key]
    tolls = any(m.data.get(f) for _, group in groups.values() for m in group for f in _TOLL)
    if len(groups) < 2 and not ((alone or spread_toll) and tolls):
        return [], [], []
    details, used = [], []
    for label, group in groups.values():
        if _districts_apart(group):
            # "Kyiv, Sviatoshynskyi district: … car park", the car park in Darnytskyi: the
            # city's clause names no one district when its reports' targets stand in two
            label = label.split(", ")[0]
        # each figure with who gave it: "Kyiv: 2 killed (Ihor Klymenko), 17 injured (News.Az)"
        bits: list[LinePart] = []
        for name in _TOLL:
            if casualties := _reconcile_casualties(group, name):
                # who gave which figure, every source: the first three of them named alone
                # left the range's ends to sources the line did not name (real news,
                # 2025-08-28: "Kyiv: at least 10–18 killed" named three giving 10 to 16)
                bits.append(_casualty_part(casualties, name))
        # what was hit at the place, by the reports that do not name towns of two regions
        # (`regions.py`): "Kyiv, Lutsk: enterprise" from a report listing both says nothing
        # of which was hit (real news dev, 2025-07-09: Censor.NET put the enterprise in
        # Lutsk); "Lviv, Stryi: substation" does, Stryi lying in the Lviv region
        hitting = [m for m in group if at_one[id(m)]]
        targets, said = _hit_by(hitting)
        if targets:
            # briefly, the list alone: the verb is the first word a short briefing spares
            listed = ", ".join(targets)
            bit = _bit("targets", f"{listed} {_what_befell(hitting)}", said)
            bits.append(replace(bit, terse=listed))
        if bits:  # a place whose reports' damage stands at no one place says nothing
            details.append(LinePart("place", label, bits=bits))
        used.extend(group)
    # and what a report naming no place hit is the wave's, before the places' clauses
    # ("energy facilities throughout Ukraine were attacked")
    seen = {id(m) for m in [*used, *unplaced]}
    unplaced += [
        m for m in members if m.data.get("targets") and not _local_places(m) and id(m) not in seen
    ]
    return details, used, unplaced


def _districts_apart(group: list[Item]) -> bool:
    """A place's reports tell what was hit in two of its districts: one report ties targets
    to two of them, or two reports name different ones."""
    named = set()
    for report in group:
        local = _local_places(report)
        targets = report.data.get("targets") or []
        told = _targets_placed(report.evidence, tuple(targets), tuple(local), districts=True)
        if len([p for p in told if _is_district(p)]) > 1:
            return True
        named |= {place_key(p) for p in local[1:] if _is_district(p)}
    return len(named) > 1


def _dead(reports: list[Item]) -> frozenset[float]:
    """The killed figures reports give, as values."""
    counts = [r.data.get("killed") for r in reports if r.data.get("killed")]
    return frozenset(v for c in counts if (v := _value(c)) is not None)


def _at_one_place(report: Item) -> bool:
    """Whether a report's toll and what it says was hit can stand at one of its places: it
    names one place, or a city and its districts, or towns of one region (`_hit_there`),
    and its words do not give two of its places (regions too) targets of their own
    (`_targets_placed`). "Striking apartment blocks in Dnipro, a dormitory in Kryvyi Rih
    and energy facilities in the west of the country, killing at least nine people" says
    of no one town what was hit or who died there (invented dev5, blind answers: all three
    targets and the toll stood under Dnipro)."""
    places = tuple(p for p in report.data.get("places") or () if p)  # "eastern Ukraine" too
    if len(_targets_placed(report.evidence, tuple(report.data.get("targets") or ()), places)) > 1:
        return False
    return _one_city(tuple(_local_places(report))) or _hit_there(report)


@lru_cache(maxsize=1 << 14)
def _targets_placed(
    text: str, targets: tuple[str, ...], places: tuple[str, ...], districts: bool = False
) -> tuple[str, ...]:
    """The places `text` names each with a target of its own ("apartment blocks in Dnipro,
    a dormitory in Kryvyi Rih and energy facilities in the west of the country"): a target
    of `targets`, then at most `within` words, then a word of `at` and the place
    (`tolls.toml` [targets_placed]); a district is no place apart from the town around it,
    unless `districts`."""
    rule = table("tolls")["targets_placed"]
    at = "|".join(map(re.escape, rule["at"]))
    folded = fold(text)
    told = []
    for place in places:
        if not districts and _is_district(place):
            continue  # "a bus stop in the Shevchenkivskyi district": within a town it names
        where = re.escape(fold(place))
        for target in targets:
            what = re.escape(fold(target))
            if (
                what
                and where
                and re.search(
                    rf"\b{what}\b(?: \w+){{0,{rule['within']}}}? (?:{at}) {where}\b", folded
                )
            ):
                told.append(place)
                break
    return tuple(told)


def _hit_there(report: Item) -> bool:
    """Whether what a report says was hit may stand at its place: the towns it names lie in
    one region, as far as GeoNames knows them (a district or a site it does not know is no
    town of another region, nor is a district a town GeoNames spells alike: the
    "Shevchenkivskyi district" of Zaporizhzhia)."""
    local = [p for p in _local_places(report) if not _is_district(p)]
    return not any(apart(local[0], p) for p in local[1:])


def _few_places(report: Item) -> list[str]:
    """A report's places when it names one or two (a place and its region), else none."""
    places = [p for p in report.data.get("places") or [] if _useful_place(p)]
    return places if len(places) <= 2 else []


def _what_befell(reports: list[Item]) -> str:
    """What a place's reports say happened to the things it lists: "damaged" or "hit"
    (`measures.toml` [targets])."""
    rule = table("measures")["targets"]
    damaged = any(_damage_words().search(r.evidence) for r in reports if r.data.get("targets"))
    return "damaged" if damaged else rule["otherwise"]


@cache
def _damage_words() -> re.Pattern[str]:
    return _any_of(table("measures")["targets"]["damaged"], whole=False)


def _counted(part: LinePart) -> str:
    """A Key point's words for an attack whose figures are all one place's: that place's
    figures and toll ("Bilopillia: 9 killed, 4-7 injured"), as the wave's own are given
    there, with no sources (its line says who gave which) and nothing of what was hit;
    the clause briefly when it counts nothing."""
    counted = [bit.words for bit in part.bits if bit.kind in ("figures", "toll")]
    return f"{part.words}: {', '.join(counted)}" if counted else clause(part, BRIEF)


def _bit(kind: str, words: str, said: list[tuple[str, str | None]]) -> LinePart:
    """One figure or what was hit in a place's clause, with the sources given (`_hit_by`
    gives one for each thing it shows, three in all unless more things need one)."""
    said = list(dict.fromkeys(said))
    return LinePart(kind, words, _sources_label(said, "; "), _sources_label(said, "; ", True))


def _hit_by(members: list[Item], most: int = 3) -> tuple[list[str], list[tuple[str, None]]]:
    """The first `most` things `members` say were hit (`_targets_shown`), each with the
    count a member's sentences give it as written ("over 40 Russian bombers" for
    "bombers"; `measures.toml`), and who said so: each shown thing's first source before
    any other, so every thing listed has a source named beside the list (real news,
    2025-08-28: TASS's "railroad depot" came out third in Kyiv's list, beside the three
    sources of the first two)."""
    raw = _targets_shown(t for m in members for t in m.data.get("targets") or [])[:most]
    named = [m for m in members if m.source_name != UNNAMED_SOURCE]
    givers = [
        [(m, t) for m in _by_source([m for m in named if t in (m.data.get("targets") or [])])]
        for t in raw
    ]
    first = [(_target_source(*g[0]), None) for g in givers if g]
    rest = [(_target_source(*pair), None) for g in givers for pair in g[1:]]
    said = list(dict.fromkeys(first + rest))[: max(most, len(dict.fromkeys(first)))]
    return [_as_counted(t, members) for t in raw], said


def _target_source(member: Item, target: str) -> str:
    """Who says `target` was hit: of a report's several sources, the one the sentences
    naming it name (real news dev, 2025-10-23: "hit: Ryazan Oil Refinery, industrial
    site" stood credited to Russia's Defense Ministry too, which told only of the drones it
    downed, beside Governor Malkov, who told of the industrial site; blind review:
    wrong)."""
    words = content_words(target)
    stating = [s for s in member.sentences if words and words <= content_words(s)]
    # or a speaker of their own: "The Dnipro city council said 14 buses and trolleybuses
    # had been destroyed", in the governor's report (invented dev2, blind answers: the
    # buses stood credited to the governor; labelled wrong)
    return (
        _one_of_them(stating, member)
        or (_own_speaker(stating, member) if stating else None)
        or member.source_name
    )


def _targets_shown(targets) -> list[str]:
    """Targets without repeats: "gas facilities" goes when "gas production facilities" is
    there, "port" when "port infrastructure" is."""
    kept = _union(targets)
    words = {t: set(fold(t).split()) for t in kept}
    return [t for t in kept if not any(o != t and words[t] < words[o] for o in kept)]


def _as_counted(target: str, members) -> str:
    """`target` as a member listing it counts it in its sentences, else as listed."""
    if any(ch.isdigit() for ch in target):
        return target
    pattern = _count_of(target)
    for member in members:
        if target in (member.data.get("targets") or []) and (m := pattern.search(member.evidence)):
            return m.group(0)
    return target


@functools.lru_cache(maxsize=1 << 12)
def _count_of(target: str) -> re.Pattern[str]:
    rule = table("measures")["targets"]
    lead = "|".join(map(re.escape, sorted(rule["count_words"], key=len, reverse=True)))
    return re.compile(
        rf"(?:\b(?:{lead})\s+)?(?<![\d,.])(?:\d{{1,3}}(?:,\d{{3}})+|\d+)\s+"
        rf"(?:[\w'’-]+\s+){{0,{rule['between']}}}?"
        rf"{re.escape(target)}\b",
        re.IGNORECASE,
    )


def _event_window(members: list[Item]) -> tuple[Any, bool]:
    """Reports that name their day win over ones dated only by their story; among them the
    night if any report speaks of one (the most reported night), else the narrowest day."""
    dated = [m for m in members if m.window]
    if not dated:
        return None, False
    pool = [m for m in dated if m.anchored] or dated
    nights = [m.window for m in pool if m.night]
    if nights:
        counts = Counter(nights)
        night = max(counts, key=lambda w: (counts[w], w[1]))
        if _struck_that_day(pool, night[1]):
            return (night[1], night[1]), False
        return night, True
    counts = Counter(m.window for m in pool)
    return min(counts, key=lambda w: ((w[1] - w[0]).days, -counts[w], w[0])), False


def _struck_that_day(pool: list[Item], day: date) -> bool:
    """A report its own words date to the day the night ends, not to the night, at a place
    no report of the night names: "a Russian drone attack on Kharkiv's Kholodnohirskyi
    district on Oct. 22" (that morning) beside the night's strikes on Kyiv. The event is
    that day's, not only its night's."""
    at_night = {
        w for m in pool if m.night for p in m.data.get("places") or [] for w in place_key(p).split()
    }
    for member in pool:
        if member.night or member.window != (day, day) or not member.own_day:
            continue
        places = [p for p in member.data.get("places") or [] if _useful_place(p)]
        if places and not any(set(place_key(p).split()) & at_night for p in places):
            return True
    return False


def _headline(
    attacker: str | None, target: str | None, places: list[str], most: int = 4, cut: bool = False
) -> str:
    """'Russian attack on Ukraine (Kyiv, Odesa)': its first `most` places; with `cut`, a
    list cut short says so ("Ryazan and elsewhere"), as a Key point's figure of 139 drones
    over ten regions is not Ryazan's."""
    who = _ADJECTIVE.get(attacker or "", attacker or "")
    head = f"{who} attack" if who else "Attack"
    if target:
        head += f" on {target}"
    named = [p for p in places if place_key(p) and not set(place_key(p).split()) <= _GENERIC_PLACES]
    shown = named[:most]
    if cut and len({place_key(p) for p in named}) > most:
        shown = [f"{named[0]} and elsewhere"]  # in the words two places would take
    if shown:
        head += f" ({', '.join(shown)})"
    return head.strip()


def _latest_reports(members: list[Item], pick) -> list[tuple[tuple, Item, dict[str, Any]]]:
    """(what, member, count) for the latest report of each source and `what`: latest story
    date, then publication time, then input order. When the same day's reports cannot be
    ordered (a page gives no time), each stays, so an update shows as a range."""
    reports: dict[tuple, list[tuple[Item, dict[str, Any]]]] = {}
    for member in members:
        for what, count in pick(member):
            reports.setdefault((*what, member.source_id), []).append((member, count))
    out = []
    for key, found in reports.items():
        parts = _totalless(found)
        found = [(m, c) for m, c in found if id(m) not in parts]
        if not found:
            continue
        # a story's several figures for one source and measure are a breakdown: its total
        # (the largest) speaks for the story
        top, count = max(
            found, key=lambda pair: (_rank(pair[0])[:2], _value(pair[1]) or 0.0, pair[0].order)
        )
        out.append((key[:-1], top, count))
        for member, other in found:
            if (
                member.story_key != top.story_key
                and member.story_date == top.story_date
                and not (_published_at(member) and _published_at(top))
                and (other.get("min"), other.get("max")) != (count.get("min"), count.get("max"))
            ):
                out.append((key[:-1], member, other))
    return out


def _totalless(found: list[tuple[Item, dict[str, Any]]]) -> set[int]:
    """The reports whose several counts of one measure are a breakdown with no total: the
    ministry's "56 drones over Belgorod Oblast, 22 over Bryansk, 21 over Voronezh …" in one
    report, where the largest is one region's share, not the night's (real news,
    2025-10-23: "56 drones claimed intercepted" stood as the wave's). A total is at least
    the rest together ("139 drones, 56 of them over Belgorod")."""
    counts: dict[int, list[float]] = {}
    told: dict[int, tuple[Item, list[dict[str, Any]]]] = {}
    for member, count in found:
        if (value := _value(count)) is not None:
            counts.setdefault(id(member), []).append(value)
            told.setdefault(id(member), (member, []))[1].append(count)
    return {
        member
        for member, values in counts.items()
        if (len(values) > 2 and max(values) < sum(values) - max(values))
        or _each_at_its_place(*told[member])
    }


_CLAUSE = re.compile(r"[,;:]|\s(?:and|including|while)\s", re.I)


def _each_at_its_place(member: Item, counts: list[dict[str, Any]]) -> bool:
    """Several counts each told in a clause of its own with one of the report's places
    ("regions including Bryansk (one drone), Kursk (15 drones), Lipetsk (one) and Oryol
    (one)"), none in a clause naming no place ("139 drones, including 56 over Belgorod"):
    the places' shares, the largest no total (real news dev, 2024-11-17: Kursk's 15 stood
    as the attack's figure on four regions)."""
    places = [fold(p) for p in member.data.get("places") or [] if p]
    if len(counts) < 2 or len(places) < len(counts):
        return False
    with_count = 0
    for part in (fold(c) for c in _CLAUSE.split(member.evidence)):
        if not any(_number_in(c, part) for c in counts):
            continue
        if not any(place in part for place in places):
            return False
        with_count += 1
    return with_count >= len(counts)


def _number_in(count: dict[str, Any], clause: str) -> bool:
    """Whether the count's number (its text's first word, else its value) is a word of
    `clause`."""
    written = (clean(count.get("text")) or "").split()
    value = _value(count)
    token = fold(written[0]) if written else (f"{value:g}" if value is not None else "")
    return bool(token) and bool(re.search(rf"(?<![\w.,]){re.escape(token)}(?![\w])", clause))


def _rank(member: Item) -> tuple:
    """Later story first by date, then by the time it was published (a toll updated in the
    afternoon beats the morning's), then by input order."""
    latest = member.story_date or (member.window[1] if member.window else date.min)
    return (latest, _published_at(member), member.order)


def _published_at(member: Item) -> float:
    stamp = (member.story.published if member.story else None) or (
        member.document.published if member.document else None
    )
    if not stamp or len(stamp) <= 10:
        return 0.0
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return 0.0
    return (moment if moment.tzinfo else moment.replace(tzinfo=KYIV)).timestamp()


def _report(member: Item, count: dict[str, Any]) -> Report:
    source = _figure_source(member, count)
    return Report(
        source=source,
        via=via_label(member.attribution, source),
        min=count.get("min"),
        max=count.get("max"),
        qualifier=count.get("qualifier") or "exact",
        text=clean(count.get("text")),
        cites=[member.story_key],  # type: ignore[list-item]
    )


def _combine(reports: list[Report]) -> tuple[float | None, float | None, str]:
    lows = [r.min if r.min is not None else r.max for r in reports]
    highs = [r.max if r.max is not None else r.min for r in reports]
    lows = [v for v in lows if v is not None]
    highs = [v for v in highs if v is not None]
    qualifiers = {r.qualifier for r in reports}
    if len(qualifiers) == 1:
        qualifier = qualifiers.pop()
    elif qualifiers <= {"at least", "more than"}:
        qualifier = "at least"
    else:
        qualifier = ""
    if qualifier == "exact":
        qualifier = ""
    return (min(lows) if lows else None, max(highs) if highs else None, qualifier)


def _reconcile_figures(members: list[Item], shares: list[tuple]) -> list[Figure]:
    grouped: dict[tuple[str, str], list[Report]] = {}
    models: dict[tuple[str, str], list[str]] = {}
    told: dict[tuple[str, str], list[Item]] = {}
    left_out = {(what, id(member)) for what, member, _ in shares}
    sums = [_part_sums(m.data.get("figures") or []) for m in members]
    latest = list(_latest_reports(members, _figures_of))
    # what the defender shot down, told as its claim by some outlets and as a plain count by
    # others, is one figure: "589 drones intercepted (Ukraine's air force); 589–590 drones
    # claimed intercepted" stood side by side (invented dev7, blind answers)
    claimed = {weapon for (weapon, measure), _, _ in latest if measure == "claimed intercepted"}
    for (weapon, measure), member, count in latest:
        if ((weapon, measure), id(member)) in left_out:
            continue
        if measure == "intercepted" and weapon in claimed and _defenders(member):
            measure = "claimed intercepted"
        exact = count.get("min") if count.get("min") == count.get("max") else None
        if exact is not None and any(
            s.get((weapon, measure)) == exact
            for m, s in zip(members, sums, strict=True)
            if m is not member
        ):  # another report's parts add up to it: their total, not a rival of the first part
            measure = _said_as_total(measure)
        grouped.setdefault((weapon, measure), []).append(_report(member, count))
        model = weapon_model(member.evidence, clean(count.get("text")))
        models.setdefault((weapon, measure), []).append(model or "")
        told.setdefault((weapon, measure), []).append(member)
    figures = []
    for (weapon, measure), reports in grouped.items():
        counted = [r for r in reports if r.qualifier not in VAGUE]
        reports = counted or reports  # "dozens of drones" over one region: part of the 152
        low, high, qualifier = _combine(reports)
        # a model names the figure only when every report of it does: "728 Shahed drones"
        # from one source is not the model of every source's 700-728
        said = models[(weapon, measure)]
        named = _union(said)[:2] if all(said) else []
        measure = measure_said(measure, told[(weapon, measure)])
        figures.append(Figure(weapon, measure, low, high, qualifier, reports, named))
    figures = _kinds_told_as_class(figures)
    # "hundreds of missiles and drones" (a count of no one weapon, said only roughly) beside
    # "120 missiles and 90 drones" is the same barrage, not hundreds of other weapons
    counted_measures = {f.measure for f in figures if f.weapon != "other" and _numbered(f)}
    # and "two explosions" beside "two missiles hit" is the missiles' count told without its
    # weapon, not "2 in all and 2 missiles hit" (real news dev, 2025-08-28)
    weapons_counts = {(f.measure, f.min, f.max) for f in figures if f.weapon != "other"}
    return [
        f
        for f in figures
        if not (f.weapon == "other" and not _numbered(f) and f.measure in counted_measures)
        and not (f.weapon == "other" and (f.measure, f.min, f.max) in weapons_counts)
    ]


def _defenders(member: Item) -> bool:
    """Whether a report is credited to the side it says was attacked."""
    side = member.attribution.get("side")
    return bool(side) and side == member.data.get("target_country")


def _kinds_told_as_class(figures: list[Figure]) -> list[Figure]:
    """A count of a weapon class ("26 missiles") within the range of the one kind of it
    counted for the same measure ("26 cruise missiles") joins that kind's figure as one
    more report of it (`measures.toml` [weapon_kinds])."""
    out = list(figures)
    for weapon, kinds in table("measures")["weapon_kinds"].items():
        for figure in [f for f in out if f.weapon == weapon and _numbered(f)]:
            rivals = [f for f in out if f.weapon in kinds and f.measure == figure.measure]
            if len(rivals) != 1 or not _numbered(rivals[0]):
                continue
            (kind,) = rivals
            if kind.min is None or figure.min is None:
                continue
            low, high = figure.min, figure.max if figure.max is not None else figure.min
            if kind.min <= low and high <= (kind.max if kind.max is not None else kind.min):
                out[out.index(kind)] = replace(kind, reports=[*kind.reports, *figure.reports])
                out.remove(figure)
    return out


def _numbered(figure: Figure) -> bool:
    return any(r.qualifier not in VAGUE for r in figure.reports)


def measure_said(measure: str, members: list[Item]) -> str:
    """The measure as the line says it: one whose words name a cause ("lost to electronic
    warfare") is said plainly ("lost") unless every member's sentences give that cause
    (`measures.toml`)."""
    rule = table("measures").get(measure)
    if not rule:
        return measure
    cause = _cause_words(measure)
    return measure if all(cause.search(m.evidence) for m in members) else rule["plain"]


@cache
def _cause_words(measure: str) -> re.Pattern[str]:
    return _any_of(table("measures")[measure]["cause"], whole=True)


def _any_of(words: list[str], whole: bool) -> re.Pattern[str]:
    """Any of `words`, any case, from a word's start (`whole`: to its end too)."""
    alternatives = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    return re.compile(rf"\b(?:{alternatives})" + (r"\b" if whole else ""), re.IGNORECASE)


PART_OF_WAVE = 0.5  # a placed figure under half the wave's largest is one place's share


def _place_shares(members: list[Item]) -> list[tuple[tuple, Item, dict[str, Any]]]:
    """(what, member, count) of the reports that give one place's share of the event's
    figures: a report naming its places and counting under half of what another source
    counts for the same weapon and measure ("17 drones over Kyiv" beside the air force's
    112 launched) is not a rival figure for the wave. A report of one place is measured
    against what was launched too, which bounds every other count: the ministry's "56
    intercepted over Belgorod Oblast" beside a wave of 139 drones is Belgorod's share even
    when no other report counts the interceptions. Unplaced figures that disagree are a
    real conflict and stay a range."""
    reports = _latest_reports(members, _figures_of)
    largest: dict[tuple, float] = {}
    for what, _member, count in reports:
        value = _value(count)
        if value is not None:
            largest[what] = max(largest.get(what, 0.0), value)

    def scale(what: tuple, member: Item) -> float:
        launched = (what[0], "launched")
        if _bounded_by(what, launched, _one_place(what, member)):
            return max(largest[what], largest.get(launched, 0.0))
        return largest[what]

    small = {
        id(member)
        for what, member, count in reports
        if (value := _value(count)) is not None and value < PART_OF_WAVE * scale(what, member)
    }
    # a report with any figure of the wave's size speaks for the wave, not for a place: the
    # air force's 728 launched and 296 shot down (415 more jammed) is not Lutsk's share
    whole = {
        id(member)
        for what, member, count in reports
        if (value := _value(count)) is not None and value >= PART_OF_WAVE * scale(what, member)
    }
    return [
        (what, member, count)
        for what, member, count in reports
        if id(member) in small
        and id(member) not in whole
        and (value := _value(count)) is not None
        and value < PART_OF_WAVE * scale(what, member)
        and any(_useful_place(p) for p in member.data.get("places") or [])
    ]


def _figures_of(member: Item):
    for figure in member.data.get("figures") or []:
        yield (figure["weapon"], figure["measure"]), figure["count"]


def _named_over_other(shares: list[tuple[tuple, Item, dict[str, Any]]]) -> list[tuple]:
    """A place's shares without a count of no named weapon that another report gives, for
    the same place and measure, as a weapon's: "two explosions" near the building are the
    "two missiles" that hit near it (real news dev, 2025-08-28: "Kyiv: 2 other hit, 2
    missiles hit")."""

    def key(what: tuple, member: Item, count: dict[str, Any]) -> tuple:
        local = _local_places(member)
        return (place_key(local[0]) if local else "", what[1], _value(count))

    named = {key(*share) for share in shares if share[0][0] != "other"}
    return [share for share in shares if share[0][0] != "other" or key(*share) not in named]


def _share_part(what: tuple, member: Item, count: dict[str, Any]) -> LinePart:
    """'Kyiv region: 17 drones launched (Timur Tkachenko)'; a count of no named weapon,
    'Kyiv: 2 aerial weapons hit'."""
    weapon, measure = what
    weapon = _weapon_noun(
        "aerial weapons" if weapon == "other" else weapon,
        count.get("min"),
        count.get("max"),
        count.get("qualifier") or "",
    )
    measure = measure_said(measure, [member])
    place = ", ".join(_local_places(member)[:2])
    amount = _of(format_range(count.get("min"), count.get("max"), count.get("qualifier") or ""))
    who = _figure_source(member, count)  # of a report's several sources, its sentence's
    who = who if who != UNNAMED_SOURCE else ""
    brief = _untitled(who)
    return LinePart("share", f"{place}: {amount} {weapon} {measure}", who, brief)


def _told_apart(what: tuple, member: Item, count: dict[str, Any]) -> bool:
    """A place's share of the wave gets a clause of its own when it is one place's and
    counted: "dozens of drones" over a region beside the wave's 152 tells nothing more."""
    return _one_place(what, member) and (count.get("qualifier") or "") not in VAGUE


def _one_place(what: tuple, member: Item) -> bool:
    """The share can be told as one place's: one place named, or a place and one within it
    ("Kyiv, Svyatoshyno district"), and one figure of its kind (two would leave which
    place counted which unsaid)."""
    places = [p for p in member.data.get("places") or [] if _useful_place(p)]
    return 1 <= len(places) <= 2 and sum(1 for w, _ in _figures_of(member) if w == what) == 1


_MODEL = re.compile(r"(?:[A-Z][A-Za-z]*(?:-[A-Za-z0-9]+)*|[A-Z]+-\d+\w*)")
_NOT_MODELS = {
    "russian", "ukrainian", "iranian", "iranian-made", "iranian-designed", "russian-made",
    "north", "korean", "soviet", "soviet-era", "western", "american", "more", "other", "the",
}  # fmt: skip


def weapon_model(evidence: str, count_text: str) -> str | None:
    """The model a figure's sentence names right after the figure as written: "nine
    Iskander-M ballistic missiles" -> "Iskander-M", "18 Kh-101 cruise missiles" -> "Kh-101",
    "126 Shahed-type attack drones" -> "Shahed-type". None when the figure is not found or
    is followed by an ordinary word."""
    if not count_text:
        return None
    for match in re.finditer(rf"\b{re.escape(count_text)}\s+", evidence, flags=re.IGNORECASE):
        if found := _model_words(evidence[match.end() :].split()):
            return found
    # the figure as written with its noun ("eight Iskander-M ballistic missiles", as a
    # model reader gives it): the words after its number (invented dev5, blind answers:
    # "8 ballistic missiles" lost the Iskander-M)
    words = count_text.split()
    at = next((i for i, w in enumerate(words) if numbers_in_evidence(w)), None)
    if at is not None and at + 1 < len(words) and (found := _model_words(words[at + 1 :])):
        return found
    return None


def _model_words(words: list[str]) -> str | None:
    """The model the first of `words` name ("Iskander-M", "Shahed-type"), up to two."""
    found = []
    for word in words[:2]:
        if not _MODEL.fullmatch(word) or word.lower() in _NOT_MODELS:
            break
        found.append(word)
    return " ".join(found) or None


def _reconcile_casualties(members: list[Item], field: str) -> Casualties | None:
    def pick(member: Item):
        if member.data.get(field):
            yield (field,), member.data[field]

    latest = _latest_reports(members, pick)
    # a count told as an addition ("another person") is no rival to a total (tolls.toml)
    latest = [r for r in latest if not _increment(r[2])] or latest
    reports = [_report(m, c) for _field, m, c in latest]
    if not reports:
        return None
    low, high, qualifier = _combine(reports)
    if low is not None and high is not None and low != high and qualifier == "":
        # different sources, different figures: lead with the conservative minimum
        qualifier = (
            "at least" if any(r.qualifier in ("at least", "more than") for r in reports) else ""
        )
    groups = {_group_counted(m, c) for _field, m, c in latest}
    group = groups.pop() if len(groups) == 1 else ""
    return Casualties(low, high, qualifier, reports, group)


@lru_cache(maxsize=1)
def _increments() -> re.Pattern[str]:
    return re.compile("|".join(table("tolls")["increments"]["patterns"]), re.IGNORECASE)


def _increment(count: dict[str, Any]) -> bool:
    """Whether a toll is told as an addition to one told before ("another person", "two
    more people"): `tolls.toml` [increments]."""
    return bool(_increments().search(" ".join(str(count.get("text") or "").split())))


@lru_cache(maxsize=1)
def _group_words() -> re.Pattern[str]:
    rules = table("tolls")["groups"]
    words = "|".join(sorted(map(re.escape, rules["words"]), key=len, reverse=True))
    return re.compile(rf"^(?:[\w'’-]+\s+){{0,{int(rules['between'])}}}?({words})\b", re.I)


def _group_counted(member: Item, count: dict[str, Any]) -> str:
    """The group a sentence of `member` counts right after the toll's number ("352 children
    killed", "five Ukrainian soldiers"), else ""; one group for every sentence stating it."""
    values = [v for v in (count.get("min"), count.get("max")) if v is not None]
    if not values:
        return ""
    found = set()
    for sentence in member.sentences:
        for match in re.finditer(r"\b[\d,]+\b", sentence):
            digits = match.group(0).replace(",", "")
            if not digits.isdigit() or float(digits) not in values:
                continue
            group = _group_words().match(sentence[match.end() :].lstrip())
            found.add(fold(group.group(1)) if group else "")
    return found.pop() if len(found) == 1 else ""


def _figure_parts(figures: list[Figure], subset: bool = True) -> list[LinePart]:
    """'29–30 missiles and 396–400 drones launched', each measure with who gave which
    figure ("Ukraine's air force: 29 and 396; ...")."""
    parts = []
    for measure, group in _by_measure(figures).items():
        words = f"{_amounts(group, subset=subset)} {measure}"
        terse = f"{_amounts(group, subset=subset, models_only=True)} {measure}"
        said, brief = _who_said(group), _who_said(group, brief=True)
        parts.append(LinePart("figures", words, said, brief, terse if terse != words else ""))
    return parts


def _places_once(places: list[str], parts: list[LinePart], unplaced: bool = False) -> list[str]:
    """An attack line with per-place clauses names its places there only: the headline
    keeps the places no clause names. Not when the headline's places are where the wave's
    own figures were counted: "7 drones intercepted (the ministry)" over four regions stays
    over four, whichever of them also has a clause of its own; `unplaced` when no report
    of the figures names a place."""
    local = [i for i, p in enumerate(parts) if p.kind in ("share", "place")]
    if not local:
        return places
    if not unplaced and any(any(c.isdigit() for c in p.words) for p in parts[: local[0]]):
        return places
    named = {_spelled(n) for i in local for n in parts[i].words.split(": ")[0].split(", ")}
    if unplaced:  # and the town a clause's district is named after: "Liski", "Liski district"
        named |= {_spelled(n.split()[0]) for n in named if _is_district(n)}
    return [p for p in places if _spelled(p) not in named]


def _lead_figures(figures: list[Figure], subset: bool = True) -> str:
    """The first measure shown, as a total with no missile types ('146 drones and 12
    missiles launched'), for a Key point; '' when there are no figures. Missile types the
    reports do not say are part of the total stay beside it ('28 cruise missiles and 43
    missiles', "another 43"), as in the line."""
    for measure, group in _by_measure(figures).items():
        return f"{_amounts(group, breakdown=False, subset=subset)} {measure}"
    return ""


def _by_measure(figures: list[Figure]) -> dict[str, list[Figure]]:
    """The figures grouped by measure (launched, intercepted, hit, ...), in the order shown."""
    groups: dict[str, list[Figure]] = {}
    for figure in figures:
        groups.setdefault(figure.measure, []).append(figure)
    order = {m: _MEASURE_ORDER.index(m) if m in _MEASURE_ORDER else 99 for m in groups}
    return {m: groups[m] for m in sorted(groups, key=order.__getitem__)}


def _amounts(
    group: list[Figure], breakdown: bool = True, subset: bool = True, models_only: bool = False
) -> str:
    """'152 drones and 12 missiles including 4 Iskander-M ballistic missiles': ballistic and
    cruise missiles the missile total can hold are shown as part of it, never as more, when
    the reports say they are part of it (`subset`: their sentences say "including", "of
    them"); without `breakdown`, only the total ('152 drones and 12 missiles');
    `models_only`: a missile class its model names goes ('4 Iskander-M')."""

    def amount(figure: Figure) -> str:
        if figure.weapon == "other":
            noun = _other_noun(figure, group)
        else:
            noun = _noun(figure, models_only)
        counted = _of(format_range(figure.min, figure.max, figure.qualifier))
        if noun == "in all" and counted.endswith(" of"):
            noun = "weapons in all"  # "hundreds of weapons in all", not "hundreds of in all"
        return f"{counted} {noun}"

    total = next((f for f in group if f.weapon == "missiles"), None)
    kinds = [f for f in group if f.weapon != "missiles" and f.weapon.endswith("missiles")]
    counted = [f.min if f.min is not None else f.max for f in kinds]
    ceiling = total and (total.max if total.max is not None else total.min)
    fits = total and kinds and ceiling and None not in counted and sum(counted) <= ceiling
    if not (fits and subset):  # "28 cruise missiles and another 43": not 43 including 28
        return _and([amount(f) for f in group])
    rest = [amount(f) for f in group if f is not total and f not in kinds]
    if not breakdown:
        return _and([*rest, amount(total)])
    return _and([*rest, f"{amount(total)} including {_and([amount(f) for f in kinds])}"])


def _other_noun(figure: Figure, group: list[Figure]) -> str:
    """A figure of no named weapon: the count of everything ('741 means of air attack')
    when it is about as large as every other figure beside it or more, else other
    weapons beside them ('210 drones and 3 other weapons')."""
    rest = [f.max if f.max is not None else f.min for f in group if f is not figure]
    value = figure.max if figure.max is not None else figure.min
    if not rest:
        return "aerial weapons"
    if value is not None and all(v is not None and value >= (1 - WAVE_TOLERANCE) * v for v in rest):
        return "in all"  # "more than 800" beside 810 drones: everything, said roughly
    return "other weapons"


def _noun(figure: Figure, models_only: bool = False) -> str:
    """'1 ballistic missile', '140 drones', '9 Iskander-M ballistic missiles', 'artillery';
    `models_only`: '9 Iskander-M', the model saying what class of missile it is."""
    if models_only and figure.models and figure.weapon.endswith(" missiles"):
        return "/".join(figure.models)
    noun = _weapon_noun(figure.weapon, figure.min, figure.max, figure.qualifier)
    return " ".join(["/".join(figure.models), noun]).strip()


def _weapon_noun(weapon: str, low: Any, high: Any, qualifier: str) -> str:
    """The weapon's noun for its count: one of them ('1 drone hit', '1 ballistic missile')
    or more ('2 drones'); 'artillery' either way."""
    one = low == 1 and high in (1, None) and qualifier in ("", "exact")
    return weapon[:-1] if one and weapon.endswith("s") else weapon


def _who_said(group: list[Figure], brief: bool = False) -> str:
    """Who gave the figures of `group`: sources giving the same values share one label
    ("Ukraine's air force via AP/AFP and Volodymyr Zelenskyy: 728 drones and 13
    missiles; Denys Shmyhal: 741 weapons"); only names when all gave the same. `brief`:
    each figure as a number, each source without its title ("Denys Shmyhal: 741"). One
    speaker two outlets quote apart is named once with both ("140 / more than 140")."""
    sources: dict[tuple[str, str | None], dict[str, Report]] = {}
    for figure in group:
        for report in figure.reports:
            sources.setdefault((report.source, report.via), {})[figure.weapon] = report
    if len(sources) == 1:
        return _sources_label(list(sources), brief=brief)
    written = _as_number if brief else _as_written
    values: dict[tuple, str] = {}
    told = []
    for who, reports in sources.items():
        value = tuple((w, r.min, r.max, r.qualifier) for w, r in sorted(reports.items()))
        told.append((who, value))
        if value not in values:
            if len(reports) == len(group):
                values[value] = _and([written(reports[f.weapon]) for f in group])
            else:
                values[value] = ", ".join(_with_noun(written(r), w) for w, r in reports.items())
    said = _by_speaker(told, values, parts=True)
    full = [value for _, value in told if len(value) == len(group)]
    if len(said) == 1 and len(set(full)) == 1 and " / " not in said[0][0]:
        return _sources_label(list(sources), "; ", brief)  # all gave the line's figures
    return "; ".join(f"{_sources_label(who, brief=brief)}: {words}" for words, who in said)


def _within_another(value: tuple, values: list[tuple]) -> bool:
    return any(set(value) < set(other) for other in values)


def _by_speaker(
    told: list[tuple[tuple[str, str | None], tuple]],
    words_of: dict[tuple, str],
    parts: bool = False,
) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """(words, sources) for each set of values some sources gave, from (source, value)
    pairs: a source (by its key: "Volodymyr Zelensky" and "Volodymyr Zelenskyy" are one
    man; "air force" is "Ukraine's air force" named short) that outlets quote with two
    values gives both, in the order first told. `parts`: each value is a tuple of figures,
    and one within another of the speaker's is not a second value."""
    speakers: dict[str, tuple[list[tuple[str, str | None]], list[tuple]]] = {}
    keys = list(dict.fromkeys(source_key(who[0]) for who, _ in told))
    for who, value in told:  # "air force" beside "Ukraine's air force": that source, short
        entry = speakers.setdefault(_speaker_key(who[0], keys), ([], []))
        if who not in entry[0]:
            entry[0].append(who)
        if value not in entry[1]:
            entry[1].append(value)
    said: dict[tuple, tuple[str, list[tuple[str, str | None]]]] = {}
    for whos, told_values in speakers.values():
        # a retelling of some of the speaker's figures, as the speaker gave them, is no
        # second value ("296 drones and 7 missiles" beside "7 missiles")
        values = [v for v in told_values if not (parts and _within_another(v, told_values))]
        entry = said.setdefault(tuple(values), (" / ".join(words_of[v] for v in values), []))
        entry[1].extend(whos)
    return list(said.values())


def _sources_label(
    who: list[tuple[str, str | None]], between: str = " and ", brief: bool = False
) -> str:
    """'Ukraine's air force via AP/AFP and Denys Shmyhal': one source's outlets named once;
    sources apart by `between` (a list of names only, "; "). `brief`: a person named
    without the title after the name ("Ihor Klymenko", not "Ihor Klymenko, Minister of
    Internal Affairs of Ukraine"), and no outlet that relayed it (the line cites them)."""
    vias: dict[str, tuple[str, list[str]]] = {}
    keys = [source_key(s) for s, _ in who]
    for source, via in who:
        source = _untitled(source) if brief else source
        key = _speaker_key(source, keys)
        entry = vias.setdefault(key, (source, []))
        if person_key(source) and person_key(entry[0]):
            if len(source) < len(entry[0]):  # one person's titles: the shortest shown
                entry = vias[key] = (source, entry[1])
        elif len(source_key(source)) > len(source_key(entry[0])):  # the fuller name shown
            entry = vias[key] = (source, entry[1])
        if via and via not in entry[1] and not brief:
            entry[1].append(via)
    labels = [source + (f" via {'/'.join(via)}" if via else "") for source, via in vias.values()]
    if brief:  # "Ukraine's Air Force" beside "Volodymyr Zelenskyy and Ukraine's Air Force"
        named: dict[str, str] = {}
        for label in labels:
            named.update(
                (source_key(n), n) for n in _names_joined(label) if source_key(n) not in named
            )
        labels = [" and ".join(named.values())] if between == " and " else list(named.values())
    return _and(labels) if between == " and " else between.join(labels)


def _names_joined(label: str) -> list[str]:
    """The names a label joins by " and ", not inside its brackets: "Ukrainian officials
    (Gov. Oleh Hryhorov and Ukraine's national police)" is one source (real news dev,
    2025-05-16: cut in two, it read "Ukrainian officials (Gov. Oleh Hryhorov; Ukraine's
    national police)")."""
    names, depth, start = [], 0, 0
    for match in re.finditer(r"[()]| and ", label):
        token = match.group(0)
        if token == "(":
            depth += 1
        elif token == ")":
            depth = max(depth - 1, 0)
        elif depth == 0:
            names.append(label[start : match.start()])
            start = match.end()
    return [*names, label[start:]]


def _speaker_key(source: str, keys: list[str]) -> str:
    """One key for each speaker of a line: a titled person by name, whatever titles the
    outlets give ("regional governor Mykola Koval", "Head of the Dnipropetrovsk Regional
    Military Administration Mykola Koval"), else the fullest source named alike."""
    return person_key(source) or _named_within(source_key(source), keys)


def _named_within(key: str, keys: list[str]) -> str:
    """The fullest of the source `keys` that `key`'s words all stand in: "air force" beside
    "Ukraine's air force" is that source named short, not a source of its own."""
    if key in countries():
        return key  # "Ukraine" is no short name of "Ukraine's air force"
    words = set(key.split())
    fuller = [
        k
        for k in keys
        if words < set(k.split()) and "and" not in k.split()  # not "A and B", two sources
    ]
    return max(fuller, key=len) if fuller else key


def _untitled(source: str) -> str:
    """'Ihor Klymenko' of 'Ihor Klymenko, Minister of Internal Affairs of Ukraine': a name
    of two to four capitalised words, then the title it is given."""
    name, comma, _ = source.partition(", ")
    words = name.split()
    if comma and 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words):
        return name
    return source


def _with_noun(amount: str, weapon: str) -> str:
    """'728 drones' for a report that gave only its drones, whether its own words already
    name them ('728 drones', 'some hypersonic missiles') or not ('728'); a count of
    weapons of no one kind by its own words after its number ('629 missiles and drones')."""
    if weapon == "other":  # "629 missiles and drones" names what it counts
        return amount if re.search(r"\d\s+[A-Za-z]", amount) else f"{amount} weapons"
    return amount if fold(weapon) in fold(amount) else f"{amount} {weapon}"


def _casualty_phrase(casualties: Casualties, label: str) -> str:
    """'at least 2–4 killed'; '352 children killed' for a toll of one group."""
    group = f"{casualties.group} " if casualties.group else ""
    return f"{format_range(casualties.min, casualties.max, casualties.qualifier)} {group}{label}"


def _casualty_part(casualties: Casualties, label: str) -> LinePart:
    """'at least 2–4 killed' with who gave which toll ("AP: at least two people; Ukrinform:
    four people"; briefly "AP: at least 2; Ukrinform: 4"); one speaker two outlets quote
    apart named once with both ("Volodymyr Zelenskyy: two / at least two")."""
    told = [((r.source, r.via), (r.min, r.max, r.qualifier)) for r in casualties.reports]
    first: dict[tuple, Report] = {}
    for report, (_, value) in zip(casualties.reports, told, strict=True):
        first.setdefault(value, report)
    phrase = _casualty_phrase(casualties, label)
    if len(first) == 1:
        who = list(dict.fromkeys(w for w, _ in told))
        return LinePart("toll", phrase, _sources_label(who, "; "), _sources_label(who, "; ", True))
    written = _by_speaker(told, {v: _as_written(r) for v, r in first.items()})
    numbers = _by_speaker(told, {v: _as_number(r) for v, r in first.items()})
    return LinePart(
        "toll",
        phrase,
        said="; ".join(f"{_sources_label(w)}: {words}" for words, w in written),
        brief_said="; ".join(f"{_sources_label(w, brief=True)}: {words}" for words, w in numbers),
    )


def _labels(casualties: Casualties) -> tuple[str, ...]:
    return tuple(
        dict.fromkeys(r.source + (f" via {r.via}" if r.via else "") for r in casualties.reports)
    )


def _of(amount: str) -> str:
    """'hundreds of' before a noun: 'hundreds drones' is no English ('several' takes none)."""
    return f"{amount} of" if amount in VAGUE - {"several"} else amount


def _as_number(report: Report) -> str:
    return format_range(report.min, report.max, report.qualifier)


def _as_written(report: Report) -> str:
    """A figure in its outlet's words when they are few ("at least two"), lower-cased
    where it opened a sentence ("At least two people were killed"): it stands after a
    colon in the line."""
    text = report.text
    if text and len(text.split()) <= 4:
        return text[:1].lower() + text[1:] if text[1:2].islower() else text
    return format_range(report.min, report.max, report.qualifier)


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _union(values, key=fold) -> list[str]:
    seen, out = set(), []
    for value in values:
        text = clean(value)
        folded = key(text)
        if text and folded not in seen:
            seen.add(folded)
            out.append(text)
    return out


def _union_keys(values) -> list[str]:
    return list(dict.fromkeys(values))


def _by_source(members: list[Item]) -> list[Item]:
    seen, out = set(), []
    for member in members:
        if member.source_id not in seen:
            seen.add(member.source_id)
            out.append(member)
    return out
