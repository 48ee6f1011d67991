"""The moves sub-coder: a diplomatic move (sanctions, aid, pressure, condemnation …), its
actor and target. Its cues are `lexicon/vocabulary.toml` [moves] and its patterns
`lexicon/moves.toml`."""

from __future__ import annotations

import re
from typing import Any

from .attribution import Mention, side_of_text
from .lexicon import Lexicon, lexicon, rules
from .reading import QUOTE, Reading, word_set
from .sentences import TERMINAL
from .talks import subject_side

__all__ = ["code_moves"]


def code_moves(
    reading: Reading,
    is_attack: bool,
    talks: list[dict[str, Any]],
    lex: Lexicon,
    previous: dict[str, str | None] | None,
    last_moves: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    sentence, s_norm, mentions = reading.sentence, reading.norm, reading.mentions
    attribution = reading.attribution
    quotes = [(m.start(), m.end()) for m in QUOTE.finditer(s_norm)]
    negation = lex.patterns["negation"]
    source = attribution.get("source") or ""
    speaker = next(
        (m for m in mentions if m.actor.kind == "person" and m.actor.name == source), None
    )
    speaker_is_leader = bool(speaker and speaker.actor.leader)
    moves: list[dict[str, Any]] = []
    cues_by_kind: dict[str, list[re.Match[str]]] = {}
    found_cues = (
        lex.patterns["move_cue"].finditer(s_norm)
        if lex.may_match("move_cue", word_set(s_norm))
        else ()
    )
    for cue in found_cues:
        kind = lex.move_cues.get(" ".join(cue.group().lower().split()))
        if kind and not (  # not "slammed into", "pushed back", "a pledge that …"
            rules.into.match(s_norm, cue.end()) or rules.pledge_that.match(s_norm, cue.start())
        ):
            cues_by_kind.setdefault(kind, []).append(cue)
    for kind in lex.words["move_priority"]:
        if kind == "meeting" and talks:
            continue
        if kind in ("prisoner exchange", "proposal") and any(
            t["kind"] == "assessment" for t in talks
        ):
            continue  # a verdict on the talks that mentions "the agreed prisoner exchange"
        if kind == "prisoner exchange" and any(t["kind"] == "outcome" for t in talks):
            continue  # an exchange the talks settled is told as their outcome, not twice
        if (
            kind in ("pressure", "proposal")
            and any(t["kind"] in ("position", "proposal") for t in talks)
            and (
                subject_side(s_norm, mentions) in lex.words["parties"]
                or attribution.get("side") in lex.words["parties"]
            )
        ):
            continue  # a party's demand or offer in the talks is told there, not twice
        if kind == "prisoner exchange" and not rules.exchange_act.search(s_norm):
            continue  # prisoners named, no exchange or return told
        for cue in cues_by_kind.get(kind, ()):
            in_quote = any(a <= cue.start() < b for a, b in quotes)
            if in_quote and not (kind in ("pressure", "condemnation") and speaker_is_leader):
                continue
            if negation.search(s_norm, max(0, cue.start() - 25), cue.start()):
                continue
            if kind != "vote" and rules.vote_on.search(
                s_norm, max(0, cue.start() - 50), cue.start()
            ):
                continue  # "lifted its veto on the new sanctions package": a vote, not sanctions
            if rules.relative_subject.search(s_norm, max(0, cue.start() - 60), cue.start()):
                continue  # "tariffs that Washington has threatened": not this sentence's move
            if rules.circumstance.search(s_norm, max(0, cue.start() - 60), cue.start()):
                continue  # "… amid a U.S. military aid decision": context, not the move
            if rules.topic_of.search(s_norm, max(0, cue.start() - 90), cue.start()):
                continue  # "a document which focused on … the exchange of prisoners": a topic
            asked = rules.asked.match(s_norm)
            if asked and cue.start() < asked.end():
                continue  # "Asked about Britain's new sanctions, he said …": not his move

            actor = _move_actor(s_norm, sentence.text, cue.start(), mentions, quotes)
            if source and (
                rules.second_verb.search(s_norm, max(0, cue.start() - 12), cue.start())
                or rules.speaker_clause.search(s_norm, max(0, cue.start() - 50), cue.start())
            ):
                # "Zelenskiy thanked Switzerland but warned …", "… as he joined allies in
                # condemning …": the subject of the first verb, the speaker
                actor = (source, attribution.get("side"))
            if actor is None and previous and previous.get("source"):
                he = rules.pronoun_subject.match(s_norm)
                if he and he.end() >= cue.start():  # "He urged …": the last sentence's speaker
                    actor = (previous["source"], previous.get("side"))
            if in_quote and speaker is not None:
                actor = (speaker.surface, speaker.actor.side)
            source_of_pressure = rules.from_actor.match(s_norm, cue.end())
            if kind == "pressure" and source_of_pressure:
                np = source_of_pressure.group("np")
                actor = (sentence.text[source_of_pressure.start("np") : source_of_pressure.end("np")],
                         side_of_text(np) or "other")  # fmt: skip
            if actor is None and attribution.get("source"):
                actor = (attribution["source"], attribution.get("side"))
            same = next((m for m in reversed(last_moves) if m["kind"] == kind), None)
            if actor is None and same and rules.measure_subject.match(s_norm):
                actor = (same["actor"], same["actor_side"])  # the sentence before's measure
            if actor and last_moves and rules.body_named_before.fullmatch(actor[0]):
                # "The ministry called the incursion …": the one the sentence before named
                actor = (last_moves[-1]["actor"], last_moves[-1]["actor_side"])
            if actor is None:
                continue
            if (
                is_attack
                and kind in lex.words["not_in_attack_reports"]
                and actor[1] in lex.words["belligerents"]
            ):
                continue  # "its air defence systems intercepted 711 drones": the report's
            if kind == "pressure" and rules.alert.search(s_norm, cue.start()):
                continue  # "warned about a large number of attack drones": an alert
            moves.append(
                _move(kind, actor, _move_target(s_norm, sentence.text, cue.end()), reading)
            )
            break
        if len(moves) == 2:
            break
    if not moves and not is_attack:
        pressed = rules.leader_pressure.search(s_norm)
        leader = _leader_speaking(mentions, attribution)
        if pressed and leader and not any(a <= pressed.start() < b for a, b in quotes):
            who = pressed.group("who")
            target = (
                sentence.text[pressed.start("who") : pressed.end("who")]
                if who and who not in ("they", "he")
                else None
            )
            moves.append(_move("pressure", (leader.surface, leader.actor.side), target, reading))
    if not moves and not talks and not is_attack:
        leader = _leader_speaking(mentions, attribution)
        if (
            leader
            and rules.war_context.search(s_norm)
            and not rules.military_affairs.search(s_norm)
            and not rules.damage_report.search(s_norm)
            and lex.patterns["speech"].search(s_norm)
        ):
            moves.append(_move("statement", (leader.surface, leader.actor.side), None, reading))
    if (
        moves
        and not sentence.text.rstrip().endswith(TERMINAL)
        and not (rules.russia_named.search(s_norm) or rules.ukraine_named.search(s_norm))
        and not any(m["actor_side"] in lex.words["belligerents"] for m in moves)
    ):
        # "Iran cautions against UN sanctions as nuclear talks with US remain unscheduled":
        # a line with no full stop and no side of this war, another story's headline
        return []
    return moves


def _leader_speaking(mentions: list[Mention], attribution: dict[str, str | None]) -> Mention | None:
    """The leader a sentence quotes or reports (the attribution's source), if any."""
    source = attribution.get("source")
    return next(
        (m for m in mentions if m.actor.leader and source and m.actor.name.split()[-1] in source),
        None,
    )


def _move(
    kind: str, actor: tuple[str, str | None], target: str | None, reading: Reading
) -> dict[str, Any]:
    return {
        "kind": kind,
        "actor": actor[0],
        "actor_side": actor[1],
        "target": target,
        **reading.common(),
    }


def _move_actor(
    s_norm: str, original: str, pos: int, mentions: list[Mention], quotes: list[tuple[int, int]]
) -> tuple[str, str | None] | None:
    """The actor nearest before the move's verb, outside quotations; a person, like a
    country, is not the actor when named as an object ("He reposted a video from Prime
    Minister X, noting that he had visited …")."""
    best: tuple[int, str, str | None] | None = None
    for m in mentions:
        if (
            m.end <= pos
            and not any(a <= m.start < b for a, b in quotes)
            and m.actor.kind != "agency"
            and not rules.not_the_actor.search(s_norm, max(0, m.start - 30), m.start)
        ):
            best = (m.start, m.surface, m.actor.side)
    for m in rules.side_np.finditer(s_norm, 0, pos):
        if any(a <= m.start() < b for a, b in quotes):
            continue
        if rules.not_the_actor.search(s_norm, max(0, m.start() - 30), m.start()):
            continue
        if best is None or m.start() > best[0]:
            surface = original[m.start() : m.end()]
            best = (m.start(), surface, side_of_text(m.group()) or "other")
    lex = lexicon()
    for m in lex.patterns["country"].finditer(s_norm, 0, pos):
        # "Romania's foreign ministry condemned", "the Dutch defence ministry said"
        if any(a <= m.start() < b for a, b in quotes):
            continue
        if rules.not_the_actor.search(s_norm, max(0, m.start() - 30), m.start()):
            continue
        if best is None or m.start() > best[0]:
            best = (m.start(), lex.countries[m.group()], "other")
    return (best[1], best[2]) if best else None


def _move_target(s_norm: str, original: str, pos: int) -> str | None:
    m = rules.target_opening.match(s_norm[pos:])
    start = pos + (m.end() if m else 0)
    rest = s_norm[start : start + 120]
    if not rest:
        return None
    if rest[:1].isupper():
        cap = rules.target_name.match(rest)
        text = cap.group() if cap else ""
        first = text.split()[0] if text else ""
        if rules.calendar.fullmatch(first) or first in lexicon().words["not_a_target"]:
            return None
    else:
        if not rules.target_phrase.match(rest):
            return None
        stop = rules.target_stop.search(" " + rest)
        text = rest[: max(0, stop.start() - 1)] if stop else rest
        words = text.split()
        if len(words) > 6 or not words:
            return None
    text = re.sub(r"(?<=[a-z]{2})\.$", "", text.strip())  # the full stop, not "U.S."
    if not text or text.lower() in ("the", "of", "and"):
        return None
    return original[start : start + len(text)]
