"""What every sub-coder reads a sentence through: the sentence as written and normalized,
its actors, attribution and time phrases (`Reading`), and what the chunk established so far
(`ChunkState`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .attribution import Mention
from .lexicon import Lexicon, Place, lexicon, rules
from .sentences import Sentence

__all__ = [
    "ChunkState",
    "NOBODY",
    "QUOTE",
    "Reading",
    "blank_long_quotes",
    "content_count",
    "enemy",
    "mask_time",
    "summary",
    "talks_view",
    "time_text",
    "unquoted",
    "word_set",
]


QUOTE = re.compile(r'"(?P<q>[^"]{2,400})"')


_SUMMARY_LIMIT = 320


class ChunkState:
    """Facts established earlier in the chunk: the talks' venue, track, the last weapon."""

    def __init__(self, norm: str, lex: Lexicon) -> None:
        self.venue: str | None = None
        self.last_weapon: str | None = None
        self.named_weapon: str | None = None  # the class of the last weapon named
        self.last_attack: tuple[str | None, str | None] | None = None  # attacker, target
        self.sentence = 0  # the sentence being coded, counted from 0
        self.last_attack_at = -2  # the sentence that coded the last attack
        self.directions: set[tuple[str | None, str | None]] = set()  # attacks coded so far
        both = rules.russia_named.search(norm) and rules.ukraine_named.search(norm)
        self.track: str | None = None
        self.negotiators: set[str] = set()  # delegation heads and mediators named so far
        self.last_moves: list[dict[str, Any]] = []  # the moves the sentence before made
        # what the sentence being coded counts ("weapons", "casualties"), and what the
        # last sentence that named its source counted
        self.counted: frozenset[str] = frozenset()
        self.report_measures: frozenset[str] = frozenset()
        # a subhead that is one place ("Kharkiv", "LVIV REGION"): where its paragraphs are
        self.section_place: tuple[str, Place] | None = None
        self.us_mediated = bool(rules.us_mediation.search(norm))
        if both and rules.talks_context.search(norm):
            if not rules.sides_at_table.search(norm):
                self.track = lex.words["track"][2]  # whoever is at the table, unsaid
            elif self.us_mediated:
                self.track = lex.words["track"][1]
            else:
                self.track = lex.words["track"][0]


NOBODY: dict[str, str | None] = {"source": None, "side": None, "via": None}


@dataclass(frozen=True)
class Reading:
    """A sentence as the coders see it: as written and normalized (same offsets), the
    actors it names, who it is attributed to and the time phrases it uses."""

    sentence: Sentence
    norm: str
    mentions: list[Mention]
    attribution: dict[str, str | None]
    time_text: str | None

    def common(self) -> dict[str, Any]:
        """The fields every coded item ends with."""
        return {
            "summary": summary(self.sentence.text),
            "attribution": self.attribution,
            "time_text": self.time_text,
            "evidence": self.sentence.text,
        }


def mask_time(s_norm: str) -> str:
    """The sentence with its time phrases blanked ("hours before the talks began on Tuesday")."""
    return rules.time.sub(lambda m: " " * len(m.group()), s_norm)


def talks_view(s_norm: str) -> str:
    """The sentence as the talks coder reads it (same offsets): an earlier event it only
    measures by ("the deadliest since the Alaska summit") and a talks word that is a move's
    object ("summoned the Russian envoy") blanked."""
    for m in rules.past_reference.finditer(s_norm):
        a, b = m.span("ref") if m.group("ref") else m.span()  # "the first talks | since 2022"
        s_norm = s_norm[:a] + " " * (b - a) + s_norm[b:]
    return rules.not_talks_phrase.sub(lambda m: " " * len(m.group()), s_norm)


def time_text(s_norm: str, original: str) -> str | None:
    found: list[str] = []
    matches = list(rules.time.finditer(s_norm))
    yardsticks = [c.span() for c in rules.comparison_since.finditer(s_norm)]
    for i, m in enumerate(matches):
        if rules.since_clause.search(s_norm, max(0, m.start() - 40), m.start()):
            continue  # "the eighth round since talks resumed in January": not the round's date
        if any(a <= m.start() and m.end() <= b for a, b in yardsticks):
            continue  # "its deadliest attack since July": the comparison's time, not the event's
        after = matches[i + 1] if i + 1 < len(matches) else None
        if (
            after
            and rules.span_start.search(s_norm, max(0, m.start() - 50), m.start())
            and rules.span_end.fullmatch(s_norm, m.end(), after.start())
        ):
            continue  # "between 11 p.m. on September 7 and 3 a.m. on September 8": its end
        phrase = original[m.start() : m.end()].strip()
        if phrase and phrase.lower() not in (f.lower() for f in found):
            found.append(phrase)
    return ", ".join(found[:3]) or None


def summary(original: str) -> str:
    text = " ".join(original.split())
    if len(text) <= _SUMMARY_LIMIT:
        return text
    cut = max(text.rfind(", ", 0, _SUMMARY_LIMIT), text.rfind("; ", 0, _SUMMARY_LIMIT))
    return (text[:cut] if cut > 80 else text[:_SUMMARY_LIMIT].rsplit(" ", 1)[0]) + " …"


def enemy(side: str | None) -> str | None:
    """The other side of the war, for one of the two sides at war; None for any other."""
    pair = lexicon().words["belligerents"]
    return pair[1 - pair.index(side)] if side in pair else None


_WORDS = re.compile(r"[\w']+(?:-[\w']+)*")


@lru_cache(maxsize=16)
def word_set(s_norm: str) -> frozenset[str]:
    """Lower-cased words of a sentence, hyphenated ones also split, for cheap pre-checks."""
    found = set()
    for m in _WORDS.finditer(s_norm.lower()):
        word = m.group()
        found.add(word)
        if "-" in word:
            found.update(word.split("-"))
    return frozenset(found)


def content_count(text: str) -> int:
    """How many words of `text` carry content: not in attribution.toml's
    `function_words` ("As soon as we can set it up" has two: soon, set)."""
    function_words = _function_words()
    return sum(1 for w in re.findall(r"[a-z]+", text.lower()) if w not in function_words)


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    return frozenset(lexicon().words["function_words"])


def unquoted(s_norm: str) -> str:
    """The sentence with its quotations blanked out (same length)."""
    return QUOTE.sub(lambda m: " " * len(m.group()), s_norm)


def blank_long_quotes(s_norm: str, quotes: list[tuple[int, int]]) -> str:
    """The sentence with long quotations blanked: a commentator's paragraph-long quote is
    commentary, and what it reports second-hand is not a schedule."""
    for a, b in quotes:
        if b - a > 160:
            s_norm = s_norm[:a] + " " * (b - a) + s_norm[b:]
    return s_norm
