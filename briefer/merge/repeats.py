"""One line per development: a talks entry or move another line already says is folded
into it, whatever the length."""

from __future__ import annotations

import functools
import re
from typing import Any

from ..extract.numbered import sentences_of
from .model import Briefing, Move, TalksEntry
from .moves import SIGNIFICANCE
from .tables import table
from .talks import OUTCOME_LABEL, called_off, met
from .text import content_words, fold, surname, without_dates

__all__ = ["CONCRETE_MOVES", "fold_repeats", "line_words", "names", "narrated"]


CONCRETE_MOVES = set(SIGNIFICANCE[: SIGNIFICANCE.index("pressure")])  # sanctions … vote


# talks entries that tell what happened: a quote in them is colour ('after what one
# participant called "the hardest round so far"'), not what the line reports being said
_NARRATED = frozenset({"outcome", "sticking point", "proposal", "session"})


def narrated(line: Any) -> bool:
    return isinstance(line, TalksEntry) and line.kind in _NARRATED


_REPEAT = 0.8  # share of a line's words another line holds for it to be a repeat


def line_words(text: str) -> set[str]:
    """Content words of a line without its date label, names of sides and filler."""
    return content_words(without_dates(text)) - _COMMON


_FIGURE = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,])|(?<![\d.,])\d{3,}(?![\d,])")


_YEAR = re.compile(r"^(?:19|20)\d\d$")


_FIGURE_SHARE = 0.5  # share of a line's words another line stating its figure must hold


def _same_figure(line: str, other: str, shared_words: set[str], words: set[str]) -> bool:
    """Two lines that state the same figure of 100 or more (not a year) and share two more
    words, half of `line`'s words at least, tell one development: "Kyiv and Moscow agreed
    to exchange 1,000 prisoners of war each" (a move) is the talks' outcome "a
    1,000-for-1,000 exchange of prisoners". A line that says more than the figure's
    development is no repeat of it: real news, 2022-09-22 (Meduza), Zelensky calling the
    swap "a victory for the state, society and 215 families" went into the swap's line
    ("215 Ukrainian POWs") and what he said was lost; 2025-05-16, Medinsky's outcome
    (each side to set out its ceasefire terms, and the 1,000-for-1,000 swap) went into
    Umerov's line on the swap alone."""
    figures = {f.replace(",", "") for f in _FIGURE.findall(without_dates(line))}
    figures = {f for f in figures if not _YEAR.match(f)}
    theirs = {f.replace(",", "") for f in _FIGURE.findall(without_dates(other))}
    return bool(figures & theirs) and len(shared_words) >= max(2, _FIGURE_SHARE * len(words))


_OPENING = 8  # words two lines of one story open with alike when they tell one development


def _same_opening(line: Any, other: Any) -> bool:
    """Two lines citing one story that open with the same words tell one development:
    "AFP reported that Saudi Arabia hosted talks on the Ukraine war in Jeddah" as a talks
    session and again as a move, each summing up the same sentence."""
    if not set(line.cites) & set(other.cites):
        return False
    a, b = (fold(without_dates(x.text)).split() for x in (line, other))
    return len(a) >= _OPENING and a[:_OPENING] == b[:_OPENING]


def _sentences(evidence: list[str]) -> frozenset[str]:
    # each line is compared with every other, so each text is split once
    return frozenset().union(*(_sentences_of(e) for e in evidence))


@functools.lru_cache(maxsize=1 << 14)
def _sentences_of(evidence: str) -> frozenset[str]:
    return frozenset(" ".join(s.split()) for s in sentences_of(evidence))


def _one_event(line: Any, other: Any, own: set[str]) -> bool:
    """A move and a talks outcome of one story telling one event (`talks.toml`
    [one_event]): the move rests mostly on its sentences (`own`: the outcome's own, not
    those of lines folded into it), or the move's kind is an event the outcome names ("carried
    out a prisoner exchange" and "agreed to exchange 314 prisoners")."""
    if not (isinstance(line, Move) and isinstance(other, TalksEntry) and other.kind == "outcome"):
        return False
    if called_off(other.text):  # what became of a meeting is no event a move tells
        return False  # (the sanctions announced in the sentence telling the summit shelved)
    if not set(line.cites) & set(other.cites):
        return False
    # most of what the move rests on: an actor's remarks joined into one line, one of them
    # on the outcome's sentence, are not that event (real news dev, 2025-05-16: Trump's
    # "failed to agree on a ceasefire" took his meeting with Putin and his "world much
    # safer within two or three weeks" into the talks' outcome)
    mine = _sentences(line.evidence)
    if mine and len(mine & own) >= _ONE_EVENT_SHARE * len(mine):
        return True
    names = _one_event_rules()["kinds"].get(line.kind)
    return bool(names) and all(p.search(other.text) and p.search(line.text) for p in names)


_ONE_EVENT_SHARE = 0.5  # share of a move's sentences an outcome's own for the two to be one


def _adds(line: Any, other: Any) -> bool:
    """Whether `line` tells enough that `other` does not to keep its words when folded."""
    rules = _one_event_rules()
    words = line_words(line.text)
    new = words - line_words(other.text)
    return len(new) >= rules["adds_words"] and len(new) >= rules["adds_share"] * len(words)


@functools.cache
def _one_event_rules() -> dict[str, Any]:
    data = table("talks")["one_event"]
    return {
        **data,
        "done": re.compile("|".join(data["done"]), re.IGNORECASE),
        "agreed": re.compile("|".join(data["agreed"]), re.IGNORECASE),
        "kinds": {
            kind: [re.compile(p, re.IGNORECASE) for p in patterns]
            for kind, patterns in data["kinds"].items()
        },
    }


def names(text: str) -> set[str]:
    """The words of `text` written with a capital, as `line_words` spells them."""
    return content_words(" ".join(_CAPITALISED.findall(without_dates(text))))


_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]*")


_COMMON = {"russia", "ukraine", "russian", "ukrainian", "moscow", "kyiv", "attack", "talks"}


def fold_repeats(briefing: Briefing) -> int:
    """A talks entry or move whose words another such line already holds goes, its
    citations added to that line (the Kallas quote reported as a talks view and as a move).
    Of two lines that say the same, a development of the talks stays (an offer to host the
    next round), then a concrete move (a condemnation, not the same sentence as a talks
    view), then a view or position on the talks, then any other move."""
    folded = 0
    referenced = {p.ref for p in briefing.key_points}

    def pool() -> list[tuple[Any, Any]]:
        concrete = CONCRETE_MOVES | {"condemnation"}
        views = ("assessment", "position")
        entries = [(t.entries, e) for t in briefing.talks for e in t.entries]
        return [
            *((home, e) for home, e in entries if e.kind not in views),
            *((briefing.moves, m) for m in briefing.moves if m.kind in concrete),
            *((home, e) for home, e in entries if e.kind in views),
            *((briefing.moves, m) for m in briefing.moves if m.kind not in concrete),
        ]

    own = {  # each outcome's own sentences, before any line is folded into it
        id(e): _sentences(e.evidence) for t in briefing.talks for e in t.entries
    }
    changed = True
    while changed:
        changed = False
        lines = pool()
        for home, line in reversed(lines):
            if line.key in referenced:
                continue
            words = line_words(line.text)
            if len(words) < 2:
                continue
            for _, other in lines:
                if other is line:
                    continue
                shared = words & line_words(other.text)
                # a move of an event of its own kind (a swap carried out) takes the outcome
                # in instead, below
                event = not _done(line) and _one_event(line, other, own.get(id(other), set()))
                outcome = _same_outcome(line, other, home)
                said = _one_remark(line, other)
                if (
                    len(shared) >= _REPEAT * len(words)
                    or _same_figure(line.text, other.text, shared, words)
                    or _same_opening(line, other)
                    or event
                    or outcome
                    or said
                ):
                    if (event or said) and _adds(line, other):  # its mediator, its numbers
                        other.text = f"{other.text}; {line.text}"
                    elif outcome and _adds(line, other):  # what else the sides agreed
                        other.text = f"{other.text}; {_unlabelled(line.text)}"
                    other.cites = list(dict.fromkeys([*other.cites, *line.cites]))
                    other.evidence = [*other.evidence, *line.evidence]
                    other.members = [*other.members, *line.members]  # its items are in it
                    home.remove(line)
                    folded += 1
                    changed = True
                    break
            if changed:
                break
    folded += _outcomes_into_events(briefing, own)
    # a track only weighed in on, its every view now in another line, says nothing itself
    # ("US-brokered energy infrastructure truce; mediated; no meeting reported")
    briefing.talks = [t for t in briefing.talks if t.entries or met(t)]
    return folded


def _one_remark(line: Any, other: Any) -> bool:
    """A view of the talks and a move of one speaker resting on the same sentences of one
    story: one remark, read as two ("Zelensky claimed Russia is 'mocking' peace efforts"
    and "Zelensky blamed Moscow for violating the energy truce", both of one sentence:
    real news dev, 2025-04-04, RT, blind review: duplicate)."""
    if isinstance(line, TalksEntry) and isinstance(other, Move):
        entry, move = line, other
    elif isinstance(line, Move) and isinstance(other, TalksEntry):
        entry, move = other, line
    else:
        return False
    # the cheap tests first: the merge compares every pair of lines
    if entry.kind not in ("assessment", "position") or not entry.speaker:
        return False
    if not set(line.cites) & set(other.cites) or surname(entry.speaker) != surname(move.actor):
        return False
    mine, theirs = _sentences(line.evidence), _sentences(other.evidence)
    return bool(mine) and mine == theirs


def _same_outcome(line: Any, other: Any, home: list[Any]) -> bool:
    """Two outcome entries of one track (`home`, its entries) and one day stating one figure
    of 100 or more (not a year): one agreement told twice, "agreed in Istanbul on a
    1,000-for-1,000 exchange of prisoners" in one outlet's words and "agreed before
    adjourning to exchange 1,000 prisoners of war each" in another's (real news dev,
    2025-05-16: two outcome lines, blind review: duplicate, every reviewer)."""
    if not (isinstance(line, TalksEntry) and isinstance(other, TalksEntry)):
        return False
    if line.kind != "outcome" or other.kind != "outcome" or not any(e is other for e in home):
        return False
    if (line.start, line.end) != (other.start, other.end):
        return False
    return bool(_figures(line.text) & _figures(other.text))


def _figures(text: str) -> set[str]:
    found = {f.replace(",", "") for f in _FIGURE.findall(without_dates(text))}
    return {f for f in found if not _YEAR.match(f)}


def _unlabelled(text: str) -> str:
    label = f"{OUTCOME_LABEL}: "
    return text[len(label) :] if text.startswith(label) else text


def _done(move: Any) -> bool:
    """A move telling an event of its own kind as done ("Russia and Ukraine carried out a
    prisoner exchange"), not as agreed (`talks.toml` [one_event] done, agreed)."""
    rules = _one_event_rules()
    return (
        move.kind in rules["kinds"]
        and bool(rules["done"].search(move.text))
        and not rules["agreed"].search(move.text)
    )


def _outcomes_into_events(briefing: Briefing, own: dict[int, set[str]]) -> int:
    """A talks outcome telling the event a move of its story reports done (the swap the
    talks agreed, carried out the same day) is told once, in the move's line: an event of
    its own kind is a move ("Russia and Ukraine carried out a prisoner exchange mediated
    in Abu Dhabi"), the outcome's words after it when they add ("delegations agreed to
    exchange 314 prisoners, the first such exchange in five months")."""
    folded = 0
    label = f"{OUTCOME_LABEL}: "
    for track in briefing.talks:
        for entry in list(track.entries):
            if entry.kind != "outcome":
                continue
            event = next(
                (
                    m
                    for m in briefing.moves
                    if _done(m) and _one_event(m, entry, own.get(id(entry), set()))
                ),
                None,
            )
            if event is None:
                continue
            told = entry.text.removeprefix(label)
            if _adds(entry, event):
                event.text = f"{event.text}; {told}"
            event.cites = list(dict.fromkeys([*event.cites, *entry.cites]))
            event.evidence = [*event.evidence, *entry.evidence]
            event.members = [*event.members, *entry.members]
            track.entries.remove(entry)
            folded += 1
    return folded
