"""The offline extractor's dictionaries, loaded once from `lexicon/*.toml`.

The TOML files are the part a user reads and extends (places, actors, weapons,
vocabulary); this module only turns them into lookups and precompiled patterns.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from ..dates import MONTH, WEEKDAY  # calendar words: never a place, a name or what a number counts
from ..numbers import NUMBER_WORDS, ORDINAL_WORDS

__all__ = [
    "Actor",
    "first_words",
    "Hit",
    "Lexicon",
    "MONTH",
    "PhraseIndex",
    "Place",
    "WEEKDAY",
    "lexicon",
    "normalize",
    "phrase_pattern",
    "body_named",
    "place_spellings",
    "rules",
]

# the order rule files load in: a {rule:NAME} placeholder names a rule of a file before
RULE_FILES = ("time", "places", "figures", "attribution", "attacks", "talks", "moves", "page")

# Curly quotes and apostrophes become straight ones for matching; every replacement is
# one character for one, so offsets in the normalized text are offsets in the original.
_NORMALIZE = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " "})


# a quotation in single quotes ("had been 'useful'", "'A pause … is not a pause,' he said"),
# as house styles and JSON digests write them: the opening mark starts a word, the closing
# one ends one, and apostrophes inside ("won't", "Ukraine's") are passed over
_SINGLE_QUOTED = re.compile(
    r"(?<![\w'\"])'(?=[\w\d])((?:[^'\"\n]|(?<=\w)'(?=\w)){1,400}?)(?<=[\w.,!?%])'(?![\w])"
)
_DOUBLE_QUOTED = re.compile(r'"[^"\n]*"')


def normalize(text: str) -> str:
    """The text with straight quotes, same length and offsets as the original: curly quotes
    become straight ones, and a quotation in single quotes is marked with double ones
    (unless it sits inside a double-quoted one)."""
    text = text.translate(_NORMALIZE)
    if "'" not in text:
        return text
    inside = [m.span() for m in _DOUBLE_QUOTED.finditer(text)]
    chars = None
    for m in _SINGLE_QUOTED.finditer(text):
        start, end = m.span()
        if any(a <= start < b for a, b in inside):
            continue
        chars = chars or list(text)
        chars[start] = chars[end - 1] = '"'
    return "".join(chars) if chars else text


def phrase_pattern(phrases: list[str] | set[str], *, plural: bool = False) -> str:
    """One alternation matching any phrase as whole words, longest first.

    Spaces match any run of whitespace; `plural` lets each phrase take an "s"/"es".
    """
    words, others = [], []
    for phrase in sorted(set(phrases), key=lambda p: (-len(p), p)):
        body = r"\s+".join(re.escape(word) for word in phrase.split())
        if plural and phrase[-1:].isalpha():
            body += "(?:es|s)?"
        if phrase[-1:].isalnum():
            body += r"(?!\w)"
        (words if phrase[:1].isalnum() else others).append(body)
    alternatives = []
    if words:
        # one shared left boundary: inside a word the whole alternation fails at once
        alternatives.append(r"(?<![\w-])(?=\w)(?:" + "|".join(words) + ")")
    alternatives.extend(others)
    return "(?:" + "|".join(alternatives) + ")" if alternatives else "(?!x)x"


def first_words(phrases: list[str] | set[str]) -> frozenset[str] | None:
    """Lower-cased first words of the phrases; None when one starts with punctuation."""
    firsts = set()
    for phrase in phrases:
        if not phrase[:1].isalnum():
            return None
        firsts.add(phrase.split()[0].lower())
    return frozenset(firsts)


_TOKEN = re.compile(r"[A-Za-zÀ-ÿ0-9][\w'-]*")


@dataclass
class Hit:
    start: int
    end: int
    text: str
    value: Any


class PhraseIndex:
    """Multi-word names found by token lookup (much faster than one huge alternation).

    Matching is case-sensitive and whole-token; a final possessive "'s" is allowed and
    left out of the hit ("Zelenskyy's" finds "Zelenskyy").
    """

    def __init__(self) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], Any]]] = {}

    def add(self, phrase: str, value: Any) -> None:
        words = tuple(_TOKEN.findall(normalize(phrase)))
        if words:
            entries = self._by_first.setdefault(words[0], [])
            if all(w != words for w, _ in entries):
                entries.append((words, value))
                entries.sort(key=lambda e: -len(e[0]))

    def find(self, text: str) -> list[Hit]:
        tokens = _tokens(text)
        hits: list[Hit] = []
        i = 0
        while i < len(tokens):
            word = tokens[i][0]
            entries = self._by_first.get(word)
            if entries is None and word.endswith("'s"):
                entries = self._by_first.get(word[:-2])
            matched = False
            for words, value in entries or ():
                n = len(words)
                if i + n > len(tokens):
                    continue
                last = tokens[i + n - 1][0]
                if all(tokens[i + j][0] == words[j] for j in range(n - 1)) and (
                    last == words[-1] or (last.endswith("'s") and last[:-2] == words[-1])
                ):
                    end = tokens[i + n - 1][2] - (0 if last == words[-1] else 2)
                    start = tokens[i][1]
                    hits.append(Hit(start, end, text[start:end], value))
                    i += n
                    matched = True
                    break
            if not matched:
                i += 1
        return hits


@lru_cache(maxsize=64)  # a sentence is looked up in several indexes, several times
def _tokens(text: str) -> tuple[tuple[str, int, int], ...]:
    return tuple((m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text))


@dataclass(frozen=True)
class Place:
    name: str  # canonical spelling
    country: str | None  # a schema side, or None for venues abroad
    occupied: bool = False
    venue: bool = False


@dataclass(frozen=True)
class Actor:
    name: str  # canonical name
    side: str | None
    kind: str  # person | group | agency
    role: str | None = None
    talks: bool = False
    leader: bool = False


@dataclass
class Lexicon:
    """Lookups keyed by the lower-cased (and apostrophe-normalized) surface form."""

    places: dict[str, list[Place]] = field(default_factory=dict)
    place_index: PhraseIndex = field(default_factory=PhraseIndex)
    actor_index: PhraseIndex = field(default_factory=PhraseIndex)
    move_cues: dict[str, str] = field(default_factory=dict)
    firsts: dict[str, frozenset[str] | None] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    agencies: dict[str, Actor] = field(default_factory=dict)
    countries: dict[str, str] = field(default_factory=dict)  # surface -> name (side "other")
    side_groups: dict[str, str] = field(default_factory=dict)  # side_name group -> side
    # actors.toml [offices]: words of titles, institutions, local offices, name particles
    offices: dict[str, frozenset[str]] = field(default_factory=dict)
    weapons: dict[str, str] = field(default_factory=dict)
    measures: dict[str, str] = field(default_factory=dict)
    casualty_verbs: dict[str, str] = field(default_factory=dict)
    # figures.toml: "at least" -> qualifier, "dozens" -> (lowest value, qualifier shown)
    qualifiers: dict[str, str] = field(default_factory=dict)
    vague: dict[str, tuple[float, str]] = field(default_factory=dict)
    spellings: dict[str, str] = field(default_factory=dict)  # attribution.toml [spellings]
    talks_cues: dict[str, re.Pattern[str]] = field(default_factory=dict)
    tone_words: list[str] = field(default_factory=list)
    seats: set[str] = field(default_factory=set)
    patterns: dict[str, re.Pattern[str]] = field(default_factory=dict)
    # the [rules] and [words] tables of the rule files, by name
    rules: dict[str, re.Pattern[str]] = field(default_factory=dict)
    words: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def may_match(self, name: str, words: frozenset[str]) -> bool:
        """Whether pattern `name` can match a sentence with these lower-cased words."""
        firsts = self.firsts.get(name)
        return firsts is None or not firsts.isdisjoint(words)

    def place(self, surface: str) -> list[Place]:
        return self.places.get(_key(surface), [])

    def actor(self, surface: str) -> Actor | None:
        return self.actors.get(_key(surface)) or self.agencies.get(_key(surface))


def _key(surface: str) -> str:
    return " ".join(normalize(surface).split()).lower()


def _load(name: str) -> dict[str, Any]:
    path = resources.files("briefer.offline") / "lexicon" / f"{name}.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))


@cache
def lexicon() -> Lexicon:
    """The dictionaries, built once per process."""
    lex = Lexicon()
    _build_places(lex, _load("places"))
    _build_actors(lex, _load("actors"))
    _build_weapons(lex, _load("weapons"))
    _build_vocabulary(lex, _load("vocabulary"))
    for name in RULE_FILES:
        data = _load(name)
        _build_rules(lex, data)
        if name == "figures":
            _build_counts(lex, data)
        lex.spellings.update(data.get("spellings", {}))
    return lex


def _build_counts(lex: Lexicon, data: dict[str, Any]) -> None:
    """figures.toml [qualifiers] and [vague]: the words around a count, by surface."""
    for qualifier, phrases in data.get("qualifiers", {}).items():
        for phrase in phrases:
            lex.qualifiers[_key(phrase)] = qualifier
    for phrase, (low, shown) in data.get("vague", {}).items():
        lex.vague[_key(phrase)] = (low, shown)


_PLACEHOLDER = re.compile(
    r"\{(weekday|month|number_words|ordinal_words|rule:\w+|words:\w+|pattern:\w+)\}"
)


def _build_rules(lex: Lexicon, data: dict[str, Any]) -> None:
    """A file's [words] lists and its [rules], placeholders filled and compiled."""
    for name, words in data.get("words", {}).items():
        lex.words[name] = tuple(words)
    calendar = {
        "weekday": WEEKDAY,
        "month": MONTH,
        "number_words": NUMBER_WORDS,
        "ordinal_words": ORDINAL_WORDS,
    }

    def fill(m: re.Match[str]) -> str:
        key = m.group(1)
        if key.startswith("rule:"):
            return lex.rules[key[5:]].pattern
        if key.startswith("words:"):
            return phrase_pattern(list(lex.words[key[6:]]))
        if key.startswith("pattern:"):
            return lex.patterns[key[8:]].pattern
        return calendar[key]

    for name, rule in data.get("rules", {}).items():
        pattern = rule["pattern"]
        if isinstance(pattern, list):
            pattern = "".join(pattern)
        flags = re.IGNORECASE if "i" in rule.get("flags", "") else 0
        lex.rules[name] = re.compile(_PLACEHOLDER.sub(fill, pattern), flags)


class _Rules:
    """The compiled rules as attributes (`rules.attack_trigger`), loaded on first use."""

    def __getattr__(self, name: str) -> re.Pattern[str]:
        try:
            pattern = lexicon().rules[name]
        except KeyError:
            raise AttributeError(f"no rule {name!r} in the offline lexicon") from None
        setattr(self, name, pattern)  # found once; a plain attribute from then on
        return pattern


rules = _Rules()


def _gazetteer(data: dict[str, Any]) -> dict[str, dict[str, list[str]]]:
    """places.toml's tables of places (a country's, venues, occupied), each place's name
    with its other spellings: not its rules, words or seats of government."""
    skip = ("rules", "words", "seats_of_government")
    return {k: v for k, v in data.items() if k not in skip}


@cache
def place_spellings() -> dict[str, list[str]]:
    """Each place the gazetteer lists, by its name: the other spellings news gives it
    ("Kyiv": ["Kiev"]), for the merge's place keys too (one list of them)."""
    spellings: dict[str, list[str]] = {}
    for entries in _gazetteer(_load("places")).values():
        for name, variants in entries.items():
            spellings.setdefault(name, []).extend(variants)
    return spellings


def body_named(phrase: str | None) -> str | None:
    """The government or bloc a phrase names, as `actors.toml` knows it: a person it lists,
    by their side ("Kaja Kallas": European Union); else the first country of [countries]
    or side of [side_names] the phrase names ("the U.K." and "British government": United
    Kingdom; "Belgian Foreign Minister": Belgium; "Moscow's envoy": Russia); else None."""
    if not phrase:
        return None
    lex = lexicon()
    text = normalize(phrase)
    actor = lex.actors.get(_key(text))
    if actor is not None and actor.side not in (None, "other"):
        return actor.side
    named = []
    if m := lex.patterns["country"].search(text):
        named.append((m.start(), lex.countries[m.group()]))
    if (m := lex.patterns["side_name"].search(text)) and m.lastgroup:
        named.append((m.start(), lex.side_groups[m.lastgroup]))
    return min(named)[1] if named else None


def _build_places(lex: Lexicon, data: dict[str, Any]) -> None:
    seats = data.get("seats_of_government", {}).get("names", [])
    data = _gazetteer(data)
    lex.seats = {_key(n) for n in seats}
    lex.words["seats"] = tuple(seats)  # for {words:seats} in a rule
    for table, entries in data.items():
        for name, variants in entries.items():
            if table == "venues":
                place = Place(name, None, venue=True)
            elif table == "occupied":
                place = Place(name, "Ukraine", occupied=True)
            else:
                place = Place(name, table)
            for surface in [name, *variants]:
                lex.places.setdefault(_key(surface), []).append(place)
    for entries in data.values():
        for name, variants in entries.items():
            for surface in [name, *variants]:
                lex.place_index.add(surface, _key(surface))
    _build_districts(lex)
    lex.patterns["place_suffix"] = re.compile(
        r"\s+(?:region|regions|oblast|Oblast|Region|province|Province|district)\b"
    )


def _build_districts(lex: Lexicon) -> None:
    """Cities' districts ("Darnytskyi district", "Svyatoshyno"), places in their city's
    country: from the merge's `districts.toml`, the one list of them, which puts a
    district of one city in that city; a name several cities' districts share is left
    out. Not spellings of the gazetteer's places."""
    from ..merge.tables import table  # at call time: the merge imports this module

    cities = table("districts")
    names = [name for districts in cities.values() for name in districts]
    for city, districts in cities.items():
        country = next((p.country for p in lex.place(city) if not p.venue), None)
        if country is None:
            continue
        for name, variants in districts.items():
            if names.count(name) > 1:
                continue  # "Shevchenkivskyi": of Kyiv, of Kharkiv, of other cities too
            place = Place(name, country)
            for surface in [name, *variants]:
                if _key(surface) not in lex.places:
                    lex.places[_key(surface)] = [place]
                    lex.place_index.add(surface, _key(surface))


def _build_actors(lex: Lexicon, data: dict[str, Any]) -> None:
    for entry in data.get("person", []):
        actor = Actor(
            entry["name"],
            entry.get("side"),
            "person",
            entry.get("role"),
            bool(entry.get("talks")),
            bool(entry.get("leader")),
        )
        for surface in [entry["name"], *entry.get("variants", [])]:
            lex.actors[_key(surface)] = actor
            lex.actor_index.add(surface, actor)
    for entry in data.get("group", []):
        actor = Actor(entry["name"], entry.get("side"), "group")
        for surface in [entry["name"], *entry.get("variants", [])]:
            lex.actors.setdefault(_key(surface), actor)
            lex.actor_index.add(surface, lex.actors[_key(surface)])
    agency_surfaces: set[str] = set()
    for name, entry in data.get("agencies", {}).items():
        actor = Actor(name, entry.get("side"), "agency")
        for surface in [name, *entry.get("variants", [])]:
            lex.agencies[_key(surface)] = actor
            agency_surfaces.add(normalize(surface))
    lex.patterns["agency"] = re.compile(r"(?=[A-Za-z])" + phrase_pattern(agency_surfaces))
    for name, surfaces in data.get("countries", {}).items():
        for surface in surfaces:
            lex.countries[normalize(surface)] = name
    lex.patterns["country"] = re.compile(r"(?=[A-Z])" + phrase_pattern(list(lex.countries)))
    # one group per side, tried in the file's order: the first side a phrase names wins
    lex.side_groups = {f"s{i}": side for i, side in enumerate(data.get("side_names", {}))}
    lex.patterns["side_name"] = re.compile(
        "|".join(
            f"(?P<s{i}>" + "|".join(names) + ")"
            for i, names in enumerate(data.get("side_names", {}).values())
        )
    )
    lex.offices = {
        kind: frozenset(w.lower() for w in words) for kind, words in data.get("offices", {}).items()
    }


def _build_weapons(lex: Lexicon, data: dict[str, Any]) -> None:
    nouns: list[str] = []
    for weapon, names in data["weapons"].items():
        for noun in names:
            key = noun.lower()
            lex.weapons[key] = weapon
            nouns.append(noun)
    for measure, verbs in data["measures"].items():
        for verb in verbs:
            lex.measures.setdefault(_key(verb), measure)
    lex.patterns["weapon_noun"] = re.compile(phrase_pattern(nouns, plural=True), re.IGNORECASE)
    lex.patterns["measure"] = re.compile(phrase_pattern(list(lex.measures)), re.IGNORECASE)
    lex.patterns["weapon_modifier"] = re.compile(
        phrase_pattern(data["modifiers"]["words"]), re.IGNORECASE
    )


def _build_vocabulary(lex: Lexicon, data: dict[str, Any]) -> None:
    casualties = data["casualties"]
    for kind in ("killed", "injured"):
        for verb in casualties[kind]:
            lex.casualty_verbs[_key(verb)] = kind
    lex.patterns["casualty_verb"] = re.compile(
        phrase_pattern(list(lex.casualty_verbs)), re.IGNORECASE
    )
    lex.patterns["people_noun"] = re.compile(phrase_pattern(casualties["people"]), re.IGNORECASE)
    lex.patterns["people_modifier"] = re.compile(
        phrase_pattern(casualties["modifiers"]), re.IGNORECASE
    )
    lex.patterns["target"] = re.compile(phrase_pattern(data["targets"]["phrases"]), re.IGNORECASE)
    lex.patterns["speech"] = re.compile(phrase_pattern(data["speech"]["verbs"]))
    for cue, phrases in data["talks"].items():
        lex.talks_cues[cue] = re.compile(phrase_pattern(phrases), re.IGNORECASE)
    lex.tone_words = list(data["talks"]["tone"])
    moves = dict(data["moves"])
    negation = moves.pop("negation")
    for kind, phrases in moves.items():
        for phrase in phrases:
            lex.move_cues.setdefault(_key(phrase), kind)
    lex.patterns["move_cue"] = re.compile(phrase_pattern(list(lex.move_cues)), re.IGNORECASE)
    lex.firsts["move_cue"] = first_words(list(lex.move_cues))
    lex.firsts["target"] = first_words(data["targets"]["phrases"])
    lex.firsts["speech"] = first_words(data["speech"]["verbs"])
    for cue, phrases in data["talks"].items():
        lex.firsts[f"talks:{cue}"] = first_words(phrases)
    lex.patterns["negation"] = re.compile(
        phrase_pattern(negation) + r"(?:\s+\w+){0,2}\s*$", re.IGNORECASE
    )
