"""The places sub-coder: where an attack landed, where the talks are, what a capture
claim took; speakers' and reporters' places, launch sites and seats of government named as
actors are left out. Its patterns are `lexicon/places.toml`."""

from __future__ import annotations

import re
from functools import lru_cache

from .attribution import side_of_text
from .figures import parse_number
from .lexicon import Lexicon, Place, lexicon, rules
from .reading import word_set

__all__ = [
    "captured_places",
    "described_capital",
    "find_capture",
    "find_places",
    "find_venue",
    "heading_place",
]


def _excluded_spans(
    s_norm: str, *, reporter: bool = True, speaker: bool = True
) -> list[tuple[int, int]]:
    """Spans naming where the speaker (if `speaker`) and the reporter (if `reporter`) is."""
    patterns = [
        p for p, on in ((rules.speaker_place, speaker), (rules.reporter_place, reporter)) if on
    ]
    return [(m.start(), m.end()) for p in patterns for m in p.finditer(s_norm)]


def find_places(
    s_norm: str, original: str, lex: Lexicon, *, speaker: bool = True
) -> list[tuple[str, Place]]:
    """Attack places as written, with their gazetteer entry (venues abroad left out).
    A leading "In Brussels," is where the speaker is, unless `speaker` is False."""
    excluded = _excluded_spans(s_norm, speaker=speaker)
    found: list[tuple[str, Place]] = []
    for start, end, name in _place_hits(s_norm):
        if any(a <= start < b for a, b in excluded):
            continue
        entries = [p for p in lex.place(name) if not p.venue]
        if not entries:
            continue
        if " ".join(name.lower().split()) in lex.seats and (
            rules.metonym_after.match(s_norm, end)
            or rules.metonym_before.search(s_norm, max(0, start - 12), start)
            or rules.pressure_object.search(s_norm, max(0, start - 50), start)
        ):
            continue
        if rules.reference_point.search(s_norm, max(0, start - 30), start):
            continue  # "southeast of Moscow": where another place is, not a place hit
        if rules.river.match(s_norm, end):
            continue  # "the left bank of the Dnipro river": not the city
        if rules.time_zone.match(s_norm, end):
            continue  # "11:05 p.m. Moscow time": a clock, not a place
        suffix = lex.patterns["place_suffix"].match(s_norm, end)
        surface = original[start : suffix.end() if suffix else end]
        if surface not in (f for f, _ in found):
            found.append((surface, entries[0]))
    for m in rules.named_site.finditer(s_norm):
        surface = original[m.start("site") : m.end("site")]
        if surface.split()[0] in ("The", "A", "An", "In", "On", "At"):
            continue
        country = next((p for f, p in found if f in surface), Place(surface, None))
        found = [(f, p) for f, p in found if f not in surface]
        if not any(surface in f for f, _ in found):
            found.append((surface, country))
    if not word_set(s_norm).isdisjoint(lex.words["place_words"]):
        for m in rules.unknown_place.finditer(s_norm):
            group = next(g for g in ("p", "a", "b", "n", "r") if m.group(g))
            start, end = m.start(group), m.end(group)
            if any(a <= start < b for a, b in excluded):
                continue
            words = original[start : m.end() if group == "r" else end].split()
            while words and words[0] in lex.words["not_a_place"]:
                words = words[1:]
            if len(words) < (2 if group == "r" else 1) or rules.calendar.fullmatch(words[0]):
                continue
            name = " ".join(words)
            if any(name in f or f in name for f, _ in found):
                continue
            if group in ("b", "n") and (lex.actor(name) or side_of_text(name)):
                continue  # "near Russia", "in Moscow, Kremlin region"
            found.append((name, Place(name, None)))
    for m in rules.region_list.finditer(s_norm):
        # "the Belgorod, Kursk and Voronezh regions": each one a region
        names = rules.list_separator.split(m.group("names"))
        kind = m.group("kind").lower().rstrip("s")
        listed = {f"{name} {kind}" for name in names}
        found = [
            (f"{surface.split()[0]} {kind}", place)
            if surface in names or surface.endswith(m.group("kind"))
            else (surface, place)
            for surface, place in found
            if surface not in listed
        ]
        for name in names:
            if f"{name} {kind}" not in (f for f, _ in found):
                found.append((f"{name} {kind}", Place(f"{name} {kind}", None)))
    for m in rules.region_count.finditer(s_norm):
        n = parse_number(m.group("n"))
        if n:
            found.append((f"{int(n)} regions", Place(f"{int(n)} regions", None)))
    return found


def described_capital(s_norm: str, target: str | None, lex: Lexicon) -> tuple[str, Place] | None:
    """The capital a sentence names by description ("the Ukrainian capital"; "the capital"
    alone, of the side attacked, `target`), as its gazetteer name; not where the speaker is."""
    excluded = _excluded_spans(s_norm)
    sides, capitals = lex.words["belligerents"], lex.words["capitals"]
    for m in rules.described_capital.finditer(s_norm):
        if any(a <= m.start() < b for a, b in excluded):
            continue
        side = side_of_text(m.group("adj")) if m.group("adj") else target
        if side in sides:
            capital = capitals[sides.index(side)]
            entries = [p for p in lex.place(capital) if not p.venue]
            if entries:
                return capital, entries[0]
    return None


def heading_place(s_norm: str, original: str, lex: Lexicon) -> tuple[str, Place] | None:
    """The place a subhead is, when it is nothing but one place ("Kharkiv", "LVIV REGION",
    "Poltava region"); None for any other subhead ("Odesa and Sumy", "Russian claims")."""
    shouted = s_norm.isupper()  # "LVIV REGION"
    title = s_norm.title() if shouted else s_norm
    places = find_places(title, title if shouted else original, lex)
    if len(places) != 1:
        return None
    surface, place = places[0]
    rest = title.replace(surface, "", 1) if surface in title else title
    if shouted:
        surface = rules.region_word.sub(lambda m: m.group().lower(), surface)
    return (surface, place) if not rules.heading_leftover.sub("", rest) else None


def find_capture(s_norm: str) -> re.Match[str] | None:
    """A claimed capture of a named place, not a negated or hypothetical one."""
    if not {"captured", "seized", "liberated", "control"} & word_set(s_norm):
        return None
    negation = lexicon().patterns["negation"]
    for m in rules.capture.finditer(s_norm):
        if not negation.search(s_norm, max(0, m.start() - 25), m.start()):
            return m
    return None


def captured_places(s_norm: str, original: str) -> list[tuple[str, Place]]:
    """The settlements a sentence claims were captured, as written; empty when it claims
    no capture."""
    capture = find_capture(s_norm)
    if capture is None:
        return []
    stop = rules.capture_stop.search(s_norm[capture.end() :])
    end = capture.end() + (stop.start() if stop else len(s_norm) - capture.end())
    found = []
    for m in rules.settlement.finditer(s_norm, capture.end(), end):
        if s_norm[max(0, m.start() - 4) : m.start()].lower() == "the ":
            continue  # "the Zaporizhzhia region", "the Kremlin"
        name = original[m.start() : m.end()]
        if name not in (f for f, _ in found):
            found.append((name, Place(name, None)))
    return found


@lru_cache(maxsize=16)
def _place_hits(s_norm: str) -> list[tuple[int, int, str]]:
    return [(h.start, h.end, h.text) for h in lexicon().place_index.find(s_norm)]


def find_venue(s_norm: str, lex: Lexicon, *, require_context: bool = False) -> str | None:
    excluded = _excluded_spans(s_norm, reporter=False)
    for start, end, name in _place_hits(s_norm):
        if any(a <= start < b for a, b in excluded):
            continue
        entries = [p for p in lex.place(name) if p.venue]
        if not entries:
            continue
        before = s_norm[max(0, start - 60) : start]
        if rules.past_venue.search(before) or rules.others_meeting.search(before):
            continue  # earlier rounds' venue, or where others met ("a NATO summit in …")
        if rules.dated_after.match(s_norm, end):
            continue  # "who led Moscow's team at the Istanbul talks in 2025": not these talks
        talks_before = rules.venue_before.search(before)
        if " ".join(name.lower().split()) in lex.seats:
            if talks_before:
                return entries[0].name
            continue
        if talks_before or rules.venue_after.match(s_norm, end):
            return entries[0].name
        if not require_context and rules.venue_prep.search(before):
            return entries[0].name
    return _unknown_venue(s_norm, lex, excluded)


def _unknown_venue(s_norm: str, lex: Lexicon, excluded: list[tuple[int, int]]) -> str | None:
    """A venue the gazetteer lacks: the capitalised name after "talks in", "met in" …"""
    if not {"talks", "round", "met", "negotiations", "meeting", "meetings"} & word_set(s_norm):
        return None
    for m in rules.venue_name.finditer(s_norm):
        name = m.group("v")
        if any(a <= m.start() < b for a, b in excluded):
            continue
        before = s_norm[max(0, m.start() - 60) : m.start("v")]
        if rules.past_venue.search(before) or rules.others_meeting.search(before):
            continue
        first = name.split()[0]
        if first in lex.words["not_a_name"] or rules.calendar.fullmatch(first):
            continue
        if lex.place(name) or side_of_text(name) or lex.actor(name):
            continue  # a known place that is not a venue, or a country
        return name
    return None
