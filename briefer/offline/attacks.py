"""The attacks sub-coder: a sentence reporting a strike, with who attacked whom, where,
what was hit and its figures, or nothing. Its triggers and exceptions are
`lexicon/attacks.toml`."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from ..numbers import NATIONWIDE
from .attribution import side_of_text
from .figures import casualties, quantities, weapon_class, weapon_figures
from .lexicon import Lexicon, Place, normalize, rules
from .places import captured_places, described_capital, find_capture, find_places
from .reading import QUOTE, ChunkState, Reading, enemy, word_set

__all__ = ["code_attack"]


def code_attack(reading: Reading, chunk: ChunkState, lex: Lexicon) -> dict[str, Any] | None:
    """The attack a sentence reports, or None: precision first, so a sentence whose
    attacker and target side cannot be named, whose casualties no attack word governs, or
    that tells of an agreement, exchange, accident or hypothetical attack codes nothing."""
    sentence, s_norm, attribution = reading.sentence, reading.norm, reading.attribution
    trigger = _trigger(s_norm) or find_capture(s_norm)
    found = quantities(s_norm, sentence.text)
    figures, used = (
        weapon_figures(s_norm, found, chunk.last_weapon, lex, chunk.named_weapon)
        if found
        else ([], set())
    )
    named = list(lex.patterns["weapon_noun"].finditer(s_norm))
    if named:  # "Guided aerial bombs hit the city": what "one bomb" after it is
        chunk.named_weapon = weapon_class(named[-1].group(), lex, chunk.named_weapon)
    attack_words = bool(
        trigger
        or lex.patterns["weapon_noun"].search(s_norm)
        or rules.attacker_adj.search(s_norm)
        or rules.toll_cause.search(s_norm)
    )
    # one victim told with no attack word of its own ("an elderly woman died in a
    # shelter") is a story about the attack told before, not its toll
    killed, injured = casualties(s_norm, found, used, sentence.text, singles=attack_words)
    # a toll said with no number ("dozens were wounded") is no count: beside another
    # report's 38 it would bound a range with a number no text said (24-38 injured)
    vague = {shown for _, shown in lex.vague.values()}
    killed, injured = (c if c and c["qualifier"] not in vague else None for c in (killed, injured))
    if rules.superseded_toll.search(s_norm):
        killed = injured = None  # the first count, since overtaken: not the report's toll
    chunk.counted = frozenset(
        name for name, n in (("weapons", figures), ("casualties", killed or injured)) if n
    )
    if not (trigger or figures or killed or injured) or rules.not_an_attack.search(s_norm):
        return None
    goes_on = chunk.last_attack is not None and chunk.last_attack_at == chunk.sentence - 1
    one_attack = len(chunk.directions) == 1  # the chunk so far told of one side's attack
    if (killed or injured) and not (attack_words or goes_on or one_attack):
        # a toll no attack word or weapon governs ("Russian artillery killed three") is
        # no attack's toll: bodies returned, a collapse, an illness
        killed = injured = None
        if not (trigger or figures):
            return None
    places = _not_launch_sites(find_places(s_norm, sentence.text, lex), s_norm)
    captured = captured_places(s_norm, sentence.text)
    if captured:
        places = captured  # a claimed capture is of its settlements, not of their regions
    elif (killed or injured) and not rules.speaker_first.match(s_norm):
        # "In Kharkiv, two people died": with casualties, the leading place is where, unless
        # the speaker comes first ("In Kyiv, Zelenskyy said five were killed in Dnipro")
        places = _not_launch_sites(find_places(s_norm, sentence.text, lex, speaker=False), s_norm)
    source_span = _excluded_source(s_norm, attribution)
    if source_span:  # "the Odesa regional administration said": its name is not where
        places = [
            (surface, place)
            for surface, place in places
            if not source_span[0] <= s_norm.find(normalize(surface)) < source_span[1]
        ]
    if figures and (breakdown := rules.breakdown.search(s_norm)):
        # "56 over Belgorod Oblast, 22 over Bryansk, …": the count is the first place's
        first = breakdown.span("first")
        places = [
            (surface, place)
            for surface, place in places
            if first[0] <= s_norm.find(normalize(surface)) < first[1]
        ]
    if (killed or injured) and not places and rules.unknown_locality.match(s_norm):
        return None  # a toll of a place it cannot name is no toll of the whole attack
    names = [(m.start, m.end) for m in reading.mentions]  # "White House": a speaker, no house
    targets = _targets(s_norm, sentence.text, lex, source_span, names)
    if (
        not places
        and chunk.section_place
        and (killed or injured or targets)
        and not NATIONWIDE.search(s_norm)
    ):
        places = [chunk.section_place]  # "Kharkiv" above: "Four people were killed and …"
    if not (
        figures
        or killed
        or injured
        or (
            trigger
            and (places or (targets and (reading.time_text or rules.carried_out.search(s_norm))))
        )
    ):
        return None
    if trigger and rules.hypothetical.search(s_norm, max(0, trigger.start() - 45), trigger.start()):
        return None
    if not (figures or killed or injured) and (
        not find_capture(s_norm)
        and _only_mentions_an_attack(
            s_norm, targets, quoted_report=bool(places and reading.time_text)
        )
    ):
        return None
    if figures:
        chunk.last_weapon = figures[-1]["weapon"]
    attacker, object_side = _attacker(s_norm, attribution)
    target_country = _target_country(s_norm, places, object_side)
    placeless = not any(p.country for _, p in places)
    if attacker is None and target_country is None and placeless and goes_on:
        # "Of the 152 drones, 124 were shot down": the report right before it goes on
        attacker, target_country = chunk.last_attack
    speaker_side = attribution.get("side")
    if attacker is None and target_country is None and figures and enemy(speaker_side):
        # a side counting drones and missiles with no attacker named counts the enemy's
        # ("Nearly four hundred drones in one night", Zelenskyy said); its own are "our"/"its"
        attacker = enemy(speaker_side)
    if attacker is None and target_country is None and placeless and one_attack:
        # "The missile salvo was made up of …": the chunk's one attack, told on
        attacker, target_country = next(iter(chunk.directions))
    if attacker is None and enemy(target_country):
        hard_places = [p for _, p in places if p.country and not p.occupied]
        if hard_places or object_side or (figures and speaker_side == target_country):
            # "512 drones were fired at Ukraine, the Ukrainian Air Force reported"
            attacker = enemy(target_country)
    held = [p for _, p in places if p.country]
    if attacker is None and held and all(p.occupied for p in held):
        # only occupied places and no attacker named: the side holding them reporting what
        # struck them is Russia counting Ukraine's drones ("Sevastopol governor Mikhail
        # Razvozhayev said two dozen drones were shot down"; real news dev, 2026-02-17, came
        # out as an attack on Ukraine); anyone else's report cannot be told either way
        if speaker_side != "Russia":
            return None
        attacker, target_country = "Ukraine", "Russia"
    if target_country is None and enemy(attacker):
        target_country = enemy(attacker)
    capital = None if captured else described_capital(s_norm, target_country, lex)
    if (
        capital
        and capital[1].country == target_country
        and all(p.name != capital[1].name for _, p in places)
    ):
        places.append(capital)  # "its deadliest attack against the Ukrainian capital"
    if (attacker is None and target_country is None) or attacker == target_country:
        return None  # who attacked whom cannot be told (or reads both ways): leave it out
    source = attribution.get("source")
    if (
        source
        and attribution.get("side") is None
        and target_country
        and rules.local_official.search(source)
    ):
        # a governor or mayor speaks for the place that was hit
        reading = replace(reading, attribution={**attribution, "side": target_country})
    chunk.last_attack, chunk.last_attack_at = (attacker, target_country), chunk.sentence
    chunk.directions.add((attacker, target_country))
    return {
        "attacker": attacker,
        "target_country": target_country,
        "places": [surface for surface, _ in places],
        "targets": targets,
        "figures": figures,
        "killed": killed,
        "injured": injured,
        "cumulative": _adds_up(s_norm),
        **reading.common(),
    }


def _adds_up(s_norm: str) -> bool:
    """The sentence's figures add up a period ("since the start of the year"), unless the
    period only measures a record or the war's age."""
    spans = [r.span() for r in rules.not_cumulative.finditer(s_norm)]
    return any(
        not any(start <= m.start() and m.end() <= end for start, end in spans)
        for m in rules.cumulative.finditer(s_norm)
    )


def _only_mentions_an_attack(s_norm: str, targets: list[str], *, quoted_report: bool) -> bool:
    """A sentence with no figure or casualty whose attack words are all inside a quotation
    ("'They are trying to hit us,' said …") or, with no target either, refer back to an
    attack already reported ("It did not comment on the strike on Dnipro"): a comment, not
    a report. A quotation that tells of a strike in the past tense, with the sentence's
    place and time (`quoted_report`: "'Russia struck Kharkiv last night,' he said"), is a
    report."""
    unquoted = QUOTE.sub(lambda m: " " * len(m.group()), s_norm)
    triggers = list(rules.attack_trigger.finditer(unquoted))
    if not triggers:
        # "its forces had carried out 'a massive strike …' on port facilities", "a power
        # plant had been 'seriously damaged'": the quote names the strike, the sentence
        # says what was struck
        carried_out = (
            rules.carried_out.search(unquoted) or rules.passive_quote.search(s_norm)
        ) and any(normalize(t) in unquoted for t in targets)
        return not (carried_out or (quoted_report and rules.past_attack.search(s_norm)))
    if targets:
        return False
    told = [(m.start(), m.end()) for m in rules.anaphoric_attack.finditer(unquoted)]
    return all(any(a <= t.start() < b for a, b in told) for t in triggers)


def _trigger(s_norm: str) -> re.Match[str] | None:
    """The first attack word not used as something else (`not_a_trigger`)."""
    first = rules.attack_trigger.search(s_norm)
    if first is None:
        return None
    spans = [m.span() for m in rules.not_a_trigger.finditer(s_norm)]
    if not any(a <= first.start() < b for a, b in spans):
        return first
    return next(
        (
            m
            for m in rules.attack_trigger.finditer(s_norm)
            if not any(a <= m.start() < b for a, b in spans)
        ),
        None,
    )


def _not_launch_sites(places: list[tuple[str, Place]], s_norm: str) -> list[tuple[str, Place]]:
    """The places, without those the sentence says drones or missiles came from."""
    spans = [m.span() for m in rules.launch_site.finditer(s_norm)]
    if not spans:
        return places
    kept = []
    for surface, place in places:
        at = s_norm.find(normalize(surface))
        if at < 0:  # "Kursk region" of "the Kursk and Bryansk regions"
            at = s_norm.find(normalize(surface.split()[0]))
        if not any(a <= at < b for a, b in spans):
            kept.append((surface, place))
    return kept


def _excluded_source(s_norm: str, attribution: dict[str, str | None]) -> tuple[int, int] | None:
    """Where the sentence names its source ("the region's emergency headquarters said"):
    no target is read from there."""
    source = attribution.get("source")
    if not source:
        return None
    at = s_norm.rfind(normalize(source))
    return (at, at + len(source)) if at >= 0 else None


def _targets(
    s_norm: str,
    original: str,
    lex: Lexicon,
    excluded: tuple[int, int] | None = None,
    names: list[tuple[int, int]] | None = None,
) -> list[str]:
    found: list[str] = []
    if not lex.may_match("target", word_set(s_norm)):
        return found
    for m in rules.loss.finditer(s_norm):  # what the strike cost, as written ("were" left out)
        loss = " ".join(original[m.start() : m.end()].split())
        found.append(rules.loss_verb.sub(" ", loss))
    # a target word inside a weapon's name ("unmanned aerial vehicles") is the weapon, and
    # one where the wounded are treated ("remain in hospital") no place hit
    weapons = [w.span() for w in lex.patterns["weapon_noun"].finditer(s_norm)]
    weapons += [w.span("t") for w in rules.in_care.finditer(s_norm)]
    # a side's forces as the attacker ("an attack by Russian troops", "Russian troops
    # attacked") are who struck, unless the attack was on them ("strikes on Russian troops")
    weapons += [
        adj.span("force")
        for adj in rules.attacker_adj.finditer(s_norm)
        if adj.group("force")
        and not rules.object_context.search(s_norm, max(0, adj.start() - 30), adj.start())
    ]
    weapons += names or []  # a target word in an actor's name is the actor
    for m in lex.patterns["target"].finditer(s_norm):
        if rules.not_a_target_after.match(s_norm, m.end()) or rules.not_a_target_before.search(
            s_norm, max(0, m.start() - 6), m.start()
        ):
            continue
        if any(a <= m.start() < b for a, b in weapons):
            continue
        if excluded and excluded[0] <= m.start() < excluded[1]:
            continue
        surface = " ".join(original[m.start() : m.end()].split()).lower()
        if surface not in found:
            found.append(surface)
    return found


def _attacker(s_norm: str, attribution: dict[str, str | None]) -> tuple[str | None, str | None]:
    """(the attacking side, a side named as the object of the attack)."""
    object_side = None
    for m in rules.attacker_verb.finditer(s_norm):
        who = m.group("who")
        if who.startswith(("its ", "our ")):
            side = attribution.get("side")
        elif who == "the enemy":
            side = enemy(attribution.get("side"))
        else:
            side = side_of_text(who)
        if side:  # "the enemy" of a source with no side: read on
            return side, None
    agent = rules.attacker_agent.search(s_norm)
    if agent and side_of_text(agent.group("who")):
        return side_of_text(agent.group("who")), None  # "attacks on Ukraine by Russia"
    for adj in rules.attacker_adj.finditer(s_norm):
        context = rules.object_context if adj.group("force") else rules.weapon_object_context
        if context.search(s_norm, max(0, adj.start() - 30), adj.start()):
            object_side = object_side or side_of_text(adj.group("adj"))
            continue
        return side_of_text(adj.group("adj")), object_side
    return None, object_side


def _target_country(
    s_norm: str, places: list[tuple[str, Place]], object_side: str | None
) -> str | None:
    counts: dict[str, int] = {}
    for _, place in places:
        if place.country:
            counts[place.country] = counts.get(place.country, 0) + 1
    if counts:
        most = max(counts.values())
        leading = [c for c, n in counts.items() if n == most]
        if len(leading) == 1:  # places of both sides in equal number say nothing
            return leading[0]
    for m in rules.target_country.finditer(s_norm):
        if not rules.pressure_object.search(s_norm, max(0, m.start("c") - 50), m.start("c")):
            return side_of_text(m.group("c"))  # not "sanctions against Russia"
    return object_side
