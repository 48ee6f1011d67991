"""An attack line's notes: what one report of the attack says that the line does not.

The line of an attack is written from its reports' structured parts (figures, places,
tolls, who said what), so the words of any one report beyond those parts are lost: a
government building on fire, a bus hit while evacuating civilians, an infant among the
dead. Each report's summary that says enough such words (`notes.toml`) becomes a note,
a sub-line citing that report alone, its numbers checked against that report's cited
sentences, its source named when it does not name itself. Greedy: the summary saying the
most the line and the notes before it do not goes first, so two outlets telling the same
detail give one note.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..data import stable_id
from ..extract.numbered import sentences_of
from ..numbers import number_words_value
from .items import UNNAMED_SOURCE, Item, via_label
from .model import Attack, AttackNote
from .tables import table
from .text import attribute, content_words, fold, unsupported_numbers, without_dates

__all__ = ["attack_notes", "notes_told_elsewhere"]


@lru_cache(maxsize=1)
def _rules() -> dict[str, Any]:
    return table("notes")["attack_notes"]


@lru_cache(maxsize=1)
def _filler() -> frozenset[str]:
    """The filler words as `_words` reads a summary's: folded ("attacked" is "atacked",
    "Russia" "rusia"; unfolded, no filler word with a double letter ever matched), then
    stemmed."""
    return frozenset(_stem(w) for word in _rules()["filler"] for w in fold(word).split())


def _stem(word: str) -> str:
    """'defenses' and 'defense', 'buildings' and 'building' alike."""
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word


def _words(text: str) -> set[str]:
    """Content words, stemmed, numbers (in digits or words) and filler left out."""
    out = set()
    for word in content_words(without_dates(text)):
        if word.isdigit() or number_words_value(word) is not None:
            continue
        stem = _stem(word)
        if stem not in _filler():
            out.add(stem)
    return out


def attack_notes(
    attack: Attack, reports: list[Item], shown: Item | None = None
) -> list[AttackNote]:
    """The notes under `attack`'s line from its `reports` (not `shown`, the report whose
    summary is the line itself)."""
    rules = _rules()
    said = _words(attack.text)
    candidates = []
    for report in reports:
        summary = report.summary
        if report is shown or not summary:
            continue
        if unsupported_numbers(summary, [report.evidence]):
            continue  # a note states only what its report's sentences state
        candidates.append((report, summary, _words(summary)))
    notes: list[AttackNote] = []
    while candidates and len(notes) < rules["most"]:
        gain, best = max(
            ((len(words - said), i) for i, (_, _, words) in enumerate(candidates)),
            key=lambda pair: (pair[0], -pair[1]),
        )
        report, summary, words = candidates.pop(best)
        if gain < rules["new_words"] or gain < rules["new_share"] * len(words):
            break
        said |= words
        source = report.source_name
        via = via_label(report.attribution, source)
        text = summary if source == UNNAMED_SOURCE else attribute(summary, source, via)
        notes.append(
            AttackNote(
                key=stable_id("attack note", attack.key, report.ref),
                text=text,
                cites=[report.story_key],  # type: ignore[list-item]
                members=[report.ref],
                evidence=[report.evidence],
            )
        )
    return notes


def notes_told_elsewhere(attacks: list[Attack], lines: list[Any]) -> None:
    """Drops the notes whose sentences are all another line's (a move's): "The UK and
    European Union have summoned their Russian envoys after overnight missile strikes on
    Kyiv killed at least 18 people" is the summons' line, not a note on the strike besides
    (real news dev, 2025-08-28, offline: both, blind review: duplicate)."""
    told = {_plain(s) for line in lines for e in line.evidence for s in sentences_of(e)}
    for attack in attacks:
        attack.notes = [
            n
            for n in attack.notes
            if not (mine := {_plain(s) for e in n.evidence for s in sentences_of(e)})
            or not mine <= told
        ]


def _plain(sentence: str) -> str:
    return " ".join(sentence.split())
