"""Who says so: the speech verb of a sentence, its subject, and the outlet it came through.

"Ukraine said …", "… according to the State Emergency Service", "X told reporters",
"Axios quoted X as saying", "…, he said" (the last person named before), and
"Russia's Ministry of Defence said …, according to TASS" (source the ministry, via TASS).

A claim is credited to the person who made it, not to the office named beside them
("Serhii Vakulenko, head of the Odesa regional military administration, wrote" is
Vakulenko's), and the office tells the person's side. A later "the ministry said",
"the governor said", "it said" or a bare surname is the source named before in the chunk.
The words these readings rest on (pronouns, adverbs, collective sources, openers) are
`lexicon/attribution.toml`; speech verbs and offices are vocabulary.toml and actors.toml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import NamedTuple

from .lexicon import MONTH, WEEKDAY, Actor, Lexicon, lexicon, rules

__all__ = ["Context", "Mention", "actor_mentions", "attribute", "is_role", "side_of_text"]

_CAPITALISED = re.compile(r"([A-Z][\w'.-]*)\s+$")
_QUOTED = re.compile(r'"[^"]*"')
# the name after a speech verb, over a lower-case office between capitalised words
# ("said Ukrainian negotiator Oleksander Chaly"): not the adjective alone
_AFTER_VERB = re.compile(r"\s+((?:[A-Z][\w'.-]*\s+|[a-z][\w-]*\s+(?=[A-Z])){0,6}[A-Z][\w'.-]*)")
_MAX_SUBJECT_WORDS = 9


@dataclass
class Mention:
    start: int
    end: int
    surface: str  # as written, titles included ("Ukrainian President Volodymyr Zelenskyy")
    actor: Actor


@dataclass
class Context:
    """What earlier sentences of the chunk established: who "he" is, the last source."""

    last_speaker: tuple[str, str | None] | None = None  # the person "he" or "she" is
    last_group: Mention | None = None
    last_attribution: dict[str, str | None] | None = None
    paragraph: int = -1
    # kept by `attribute` itself: the people and bodies it has credited so far, so that a
    # bare surname, "it said" or "the ministry said" is the one named before
    people: dict[str, Actor] = field(default_factory=dict)  # surname -> person as introduced
    # (body, the words it was named by), latest last
    bodies: list[tuple[Actor, frozenset[str]]] = field(default_factory=list)
    place_side: str | None = None  # the country of the places the chunk last named


def side_of_text(text: str) -> str | None:
    """The side a phrase names first ("Russia's state RIA news agency" -> Russia), or
    whose people or epithet it is ("the occupiers" -> Russia: places.toml `*_people`)."""
    m = lexicon().patterns["side_name"].search(text)
    if m:
        return m.lastgroup and lexicon().side_groups[m.lastgroup]
    return _people_sides().get(re.sub(r"^the\s+", "", " ".join(text.lower().split())))


@cache
def _people_sides() -> dict[str, str]:
    words = lexicon().words
    return {
        word.lower(): side
        for side, people in (("Russia", "russia_people"), ("Ukraine", "ukraine_people"))
        for word in words.get(people, ())
    }


def actor_mentions(norm: str, original: str, lex: Lexicon | None = None) -> list[Mention]:
    """Known actors in a sentence, people extended leftwards over their titles."""
    lex = lex or lexicon()
    mentions = []
    for m in lex.actor_index.find(norm):
        actor = m.value
        start = m.start
        if actor.kind == "person":
            while True:
                prev = _CAPITALISED.search(norm, 0, start)
                if (
                    not prev
                    or prev.group(1) in lexicon().words["not_a_name"]
                    or prev.group(1).endswith(".")
                ):
                    break
                if start == m.start and _other_person(actor, prev.group(1), norm[m.start : m.end]):
                    # "Vadym Lysak" is not the lexicon's "Serhiy Lysak": the name as written
                    actor = Actor(f"{prev.group(1)} {norm[m.start : m.end]}", actor.side, "person")
                start = prev.start(1)
        mentions.append(Mention(start, m.end, original[start : m.end], actor))
    return mentions


def _other_person(actor: Actor, given: str, surname: str) -> bool:
    """Whether `given` `surname` names someone else than `actor`, found by `surname` alone:
    a given name, not the actor's, right before it."""
    names = actor.name.split()
    return (
        len(surname.split()) == 1
        and len(names) > 1
        and names[-1] == surname
        and given != names[0]
        and given[:1].isupper()
        and given[1:].islower()
        and not given.endswith("'s")
    )


def _outside_quotes(norm: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _QUOTED.finditer(norm)]


def _in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


class _Who(NamedTuple):
    """A source found in a phrase: its name, side and actor (a known person, group or
    agency, or a person named in the text), and the phrase as written."""

    source: str | None
    side: str | None
    actor: Actor | None = None
    written: str = ""


_NOBODY = _Who(None, None)


@dataclass(frozen=True)
class _Offices:
    titles: frozenset[str]
    not_name: frozenset[str]
    local: frozenset[str]
    particles: frozenset[str]


@cache
def _offices() -> _Offices:
    """The lexicon's [offices] words, grouped as the attribution rules use them."""
    words = lexicon().offices
    empty: frozenset[str] = frozenset()
    titles = words.get("titles", empty)
    return _Offices(
        titles,
        titles | words.get("modifiers", empty) | words.get("institutions", empty),
        words.get("local", empty),
        words.get("particles", empty),
    )


_CALENDAR_WORD = re.compile(rf"(?:{MONTH}|{WEEKDAY})(?:'s)?")
_NAME_SHAPE = re.compile(r"[A-Z][\w'-]*")
_BOUNDARY = re.compile(r'[,;:"—–]|\s-\s')


def _words(text: str) -> frozenset[str]:
    """Lower-cased words, possessives and spelling variants folded ("Defense" is
    "defence": attribution.toml [spellings])."""
    found = set()
    for word in re.findall(r"[\w'-]+", text.lower()):
        word = word.removesuffix("'s")
        word = lexicon().spellings.get(word, word)
        found.add(word)
    return frozenset(found)


def is_role(text: str) -> bool:
    """Whether a phrase names an office ("head of the Odesa regional military
    administration", "Kovel's mayor", "Russia's UN ambassador"), not a clause."""
    words = [w.strip(".") for w in text.lower().split()]
    return (
        0 < len(words) <= 12
        and not rules.clause_words.search(text)
        and any(w.removesuffix("'s") in _offices().titles for w in words)
    )


def _is_local(text: str) -> bool:
    """Whether an office or body speaks for a place ("the regional governor", "local
    officials", "the Dnipro city council")."""
    return any(w in _offices().local for w in text.lower().split())


def _name_word(word: str, lex: Lexicon) -> bool:
    """A word that can be part of a person's name: capitalised and not all capitals
    ("UN"), and no title, institution, place, country, side or calendar word."""
    return bool(
        _NAME_SHAPE.fullmatch(word)
        and any(c.islower() for c in word)
        and not word.endswith("'s")
        and word.lower() not in _offices().not_name
        and word not in lexicon().words["not_a_name"]
        and not _CALENDAR_WORD.fullmatch(word)
        and not lexicon().patterns["side_name"].match(word)
        and word not in lex.countries
        and not lex.place(word)
    )


def _name_at_end(text: str, lex: Lexicon) -> tuple[int, int, str] | None:
    """(start, end, role) of a person's name that ends `text`: two to five name words
    ("regional governor Serhii Hnatiuk", "Russia's UN ambassador Vassily Nebenzia"). The
    words before it, if any, must read as a role or an owner ("Harbor Post's")."""
    words = list(re.finditer(r"\S+", text))
    particles = _offices().particles
    i = len(words)
    while i > 0 and (
        _name_word(words[i - 1].group(), lex)
        or (words[i - 1].group() in particles and i < len(words))
    ):
        i -= 1
    while i < len(words) and words[i].group() in particles:
        i += 1
    run = words[i:]
    if len(run) > 5 or sum(1 for w in run if w.group() not in particles) < 2:
        return None
    start, end = run[0].start(), run[-1].end()
    name = text[start:end]
    if lex.place(name) or lex.actor(name) or lex.agencies.get(name.lower()):
        return None
    role = text[:start].strip(" ,")
    if role and not (is_role(role) or role.endswith("'s")):
        return None
    return start, end, role


@lru_cache(maxsize=64)
def _place_side(norm: str) -> str | None:
    """The one country of the places a sentence names (seats of government left out:
    "Moscow said" names a speaker, not a place), or None."""
    lex = lexicon()
    countries = {
        p.country
        for hit in lex.place_index.find(norm)
        if hit.value not in lex.seats
        for p in lex.place(hit.text)
        if not p.venue and not p.occupied and p.country
    }
    return countries.pop() if len(countries) == 1 else None


def _names_a_place(norm: str, lex: Lexicon) -> bool:
    return any(
        not p.venue
        for hit in lex.place_index.find(norm)
        if hit.value not in lex.seats
        for p in lex.place(hit.text)
    )


def _names_a_side(text: str, lex: Lexicon) -> bool:
    """Whether a phrase names a side, a country or a place ("Ukraine's", "Swiss")."""
    return bool(
        side_of_text(text) or lex.patterns["country"].search(text) or lex.place_index.find(text)
    )


def _office_side(role: str, norm: str, ctx: Context, lex: Lexicon) -> str | None:
    """The side an office is on: the side it names ("Russia's UN ambassador"), the body
    it belongs to ("head of the Odesa regional military administration"), a country that
    is no side ("Swiss President": other), the place it governs ("Belgorod governor") or,
    for a local office naming none ("the regional governor"), the place the report names."""
    if not role:
        return None
    side = side_of_text(role)
    if side:
        return side
    for hit in lex.actor_index.find(role):
        if hit.value.kind == "group" and hit.value.side:
            return hit.value.side
    if lex.patterns["country"].search(role):
        return "other"
    places = [p for hit in lex.place_index.find(role) for p in lex.place(hit.text)]
    places = [p for p in places if not p.venue]
    if places:
        # the Russian-installed and the Ukrainian official of an occupied town both exist
        return None if any(p.occupied for p in places) else places[0].country
    if _is_local(role):
        return _place_side(norm) or ctx.place_side
    return None


def _person(name: str, side: str | None, role: str, ctx: Context) -> _Who:
    """A person named in the text; a surname alone, or the name again, is the person the
    chunk introduced ("Vakulenko wrote" after "Serhii Vakulenko, head of …")."""
    known = ctx.people.get(name.split()[-1])
    if known and (" " not in name or known.name == name):
        name, side, role = known.name, side or known.side, role or (known.role or "")
    return _Who(name, side, Actor(name, side, "person", role or None), role)


def _antecedent(text: str, norm: str, ctx: Context, lex: Lexicon) -> Actor | None:
    """The source named before that "the ministry", "the defence ministry" or "the
    governor" refers to: the latest one whose name or office, as written, has all its
    words. A local office is not looked for when the sentence names a place of its own
    ("In the Voronezh region, …, the regional governor said" is that region's)."""
    m = rules.description.fullmatch(text)
    if not m:
        return None
    wanted = _words(m.group(1))
    if _is_local(m.group(1)) and _names_a_place(norm, lex):
        return None
    if any(w in _offices().titles for w in wanted):
        pool = [(p, _words(f"{p.role or ''}")) for p in ctx.people.values()]
    else:
        pool = ctx.bodies
    for actor, words in reversed(pool):
        if wanted <= words:
            return actor
    return None


def _opening_subject(pos: int, norm: str, mentions: list[Mention], lex: Lexicon) -> _Who:
    """The group or country a sentence's opening subordinate clause has as subject,
    before `pos` ("While China has not …, it has said"): what "it" or "they" in the main
    clause refers to. Without that clause "Russia launched 90 drones, it said" is the
    source before's word, not Russia's."""
    opening = rules.subordinator.match(norm)
    if not opening or not opening.group(1) or opening.end() >= pos:
        return _NOBODY
    start = opening.end()
    for m in mentions:
        if m.start == start and m.actor.kind == "group":
            return _Who(m.actor.name, m.actor.side, m.actor, m.surface)
    word = re.match(r"[A-Z][\w'-]*", norm[start:])
    if not word or word.group().endswith("'s") or rules.nationality.fullmatch(word.group()):
        return _NOBODY
    side = side_of_text(word.group())
    if side:
        return _Who(word.group(), side)
    if lex.countries.get(word.group()) == word.group():
        return _Who(word.group(), "other")
    return _NOBODY


def _who(
    phrase_start: int,
    phrase_end: int,
    norm: str,
    original: str,
    mentions: list[Mention],
    ctx: Context,
    lex: Lexicon,
) -> _Who:
    """The source named in norm[phrase_start:phrase_end]: a known actor, a person named
    with or without an office, a pronoun, a body named before ("the ministry"), or the
    phrase."""
    inside = [m for m in mentions if m.start >= phrase_start and m.end <= phrase_end]
    people = [m for m in inside if m.actor.kind == "person"]
    if people:
        m = people[-1]
        return _Who(m.actor.name, m.actor.side, m.actor, m.surface)
    groups = [m for m in inside if m.actor.kind == "group"]
    text = norm[phrase_start:phrase_end].strip(" ,")
    text = re.sub(r"(?<=[a-z])\.$", "", text)  # the sentence's full stop, not "U.S."
    text = rules.leading.sub("", rules.trailing.sub("", text)).strip(" ,")
    if rules.pronoun.fullmatch(text):
        if rules.person_pronoun.fullmatch(text):
            if ctx.last_speaker:
                name, side = ctx.last_speaker
                return _Who(name, side, Actor(name, side, "person"))
            return _NOBODY
        # "it said": what the sentence opened with, else the body last credited
        subject = _opening_subject(phrase_start, norm, mentions, lex)
        if subject.source:
            return subject
        if ctx.bodies:
            actor = ctx.bodies[-1][0]
            return _Who(actor.name, actor.side, actor)
        if ctx.last_group:
            g = ctx.last_group
            return _Who(g.actor.name, g.actor.side, g.actor, g.surface)
        return _NOBODY
    if rules.document.match(text) and ctx.last_attribution and ctx.last_attribution.get("source"):
        return _Who(ctx.last_attribution["source"], ctx.last_attribution.get("side"))
    offset = norm.find(text, phrase_start) if text else -1
    named = _named(text, lex) if text and len(text.split()) <= 14 else None
    if named and offset >= 0:
        (start, end), role = named
        if role and not is_role(role) and not _names_a_side(role, lex):
            # "Harbor Post's Lena Marchetti": an outlet's own reporter stays the outlet's
            start = 0
        name = original[offset + start : offset + end]
        return _person(name, _office_side(role, norm, ctx, lex), role, ctx)
    if groups:
        m = groups[-1]
        if _is_local(m.actor.name) and offset >= 0:
            # "the Odesa regional military administration": which region's, as written
            written = original[offset : offset + len(text)].removeprefix("the ")
            if written != m.surface and written.endswith(m.surface) and written[:1].isupper():
                return _Who(written, m.actor.side, m.actor, text)
        return _Who(m.actor.name, m.actor.side, m.actor, text)
    if rules.generic_sources.match(text):
        return _Who(text, _office_side(text, norm, ctx, lex), None, text)
    if (
        not text
        or len(text.split()) > _MAX_SUBJECT_WORDS
        or not (text[0].isupper() or rules.described.match(text) or rules.anonymous.match(text))
        or rules.clause_words.search(text)
    ):
        return _NOBODY
    antecedent = _antecedent(text, norm, ctx, lex)
    if antecedent:
        return _Who(antecedent.name, antecedent.side, antecedent, text)
    surface = original[offset : offset + len(text)] if offset >= 0 else text
    if surface.startswith("the "):
        surface = surface[4:]
    agency = lex.agencies.get(" ".join(text.lower().split()))
    if agency:
        return _Who(agency.name, agency.side, agency, text)
    if " " not in surface and surface in ctx.people:
        return _person(surface, None, "", ctx)
    return _Who(surface, _office_side(text, norm, ctx, lex), None, text)


def _named(text: str, lex: Lexicon) -> tuple[tuple[int, int], str] | None:
    """((start, end) of the name, role) for "ROLE NAME", "ROLE, NAME" or "NAME, ROLE"."""
    if "," not in text:
        found = _name_at_end(text, lex)
        return ((found[0], found[1]), found[2]) if found else None
    first, _, second = text.partition(",")
    if "," in second:
        return None
    shift = len(first) + 1
    lead = len(second) - len(second.lstrip())
    found = _name_at_end(second.strip(), lex)
    if found and not found[2] and is_role(first):
        return (shift + lead + found[0], shift + lead + found[1]), first.strip()
    found = _name_at_end(first.strip(), lex)
    if found and not found[2] and is_role(second):
        lead = len(first) - len(first.lstrip())
        return (lead + found[0], lead + found[1]), second.strip()
    return None


def _agency_in(text: str, lex: Lexicon) -> Actor | None:
    m = lex.patterns["agency"].search(text)
    return lex.agencies.get(" ".join(m.group().lower().split())) if m else None


def attribute(
    norm: str,
    original: str,
    ctx: Context,
    mentions: list[Mention] | None = None,
    lex: Lexicon | None = None,
) -> dict[str, str | None] | None:
    """{source, side, via} for a sentence, or None when it attributes nothing itself.

    Call it on the sentences of a chunk in order with one `ctx`: it remembers the people
    and bodies it credits and the places named, for the sentences after."""
    lex = lex or lexicon()
    mentions = mentions if mentions is not None else actor_mentions(norm, original, lex)
    quotes = _outside_quotes(norm)
    ctx.place_side = _place_side(norm) or ctx.place_side
    chosen = _NOBODY
    via = None

    quoted = rules.quoted_as.search(norm)
    if quoted and not _in_spans(quoted.start(), quotes):
        src_group = "src" if quoted.group("src") else "src2"
        via_group = "via" if quoted.group("src") else "via2"
        chosen = _who(
            quoted.start(src_group), quoted.end(src_group), norm, original, mentions, ctx, lex
        )
        if quoted.group(via_group):
            agency = _agency_in(quoted.group(via_group), lex)
            via = agency.name if agency else quoted.group(via_group).strip()
            if via.startswith("the "):
                via = via[4:]

    according = rules.according.search(norm)
    according_source = _NOBODY
    if according and not _in_spans(according.start(), quotes):
        agency = _agency_in(according.group("x"), lex)
        if agency:
            via = via or agency.name
            according_source = _Who(agency.name, agency.side, agency)
        else:
            who = _who(according.start("x"), according.end("x"), norm, original, mentions, ctx, lex)
            if who.source:
                according_source = who

    if chosen.source is None:
        for verb in lex.patterns["speech"].finditer(norm):
            if _in_spans(verb.start(), quotes) or rules.speech_noun.search(
                norm, max(0, verb.start() - 14), verb.start()
            ):
                continue  # "according to the latest reports": a noun, no speech verb
            speaker = _NOBODY
            if norm[: verb.start()].rstrip().endswith((",", '"')):
                # "…, said Ihor Savchenko, head of …": the name after the verb
                speaker = _speaker_after(verb.end(), norm, original, mentions, ctx, lex)
            if speaker.source is None:
                speaker = _speaker_before(verb.start(), norm, original, mentions, ctx, lex)
            if speaker.source is None:
                after = _AFTER_VERB.match(norm, verb.end())
                if after and norm[: verb.start()].rstrip().endswith((",", '"')):
                    speaker = _who(after.start(1), after.end(1), norm, original, mentions, ctx, lex)
            if speaker.source:
                chosen = speaker
                if speaker.actor is not None and speaker.actor.kind == "agency":
                    via = via or speaker.actor.name
                break

    if chosen.source is None and according_source.source:
        chosen = according_source
    source, side = chosen.source, chosen.side
    opening = next((m for m in mentions if m.start <= 4 and m.actor.kind == "group"), None)
    speaker = chosen.actor is not None and chosen.actor.kind == "person"
    if opening and opening.actor.name != source and not speaker:
        # "Ukraine's air force recorded 80 drones. It said …": a body as the subject is
        # named before too, though no speech verb credited it (in "State Department
        # spokesman Ned Price said" it only names the speaker's office)
        _note(_Who(opening.actor.name, opening.actor.side, opening.actor, opening.surface), ctx)
    if source is None and via is None:
        return None
    if side is None and source and via and rules.generic_sources.match(source):
        agency = lex.agencies.get(via.lower())
        side = agency.side if agency else side_of_text(via)
    if via is None:
        for m in lex.patterns["agency"].finditer(norm):
            agency = lex.agencies.get(" ".join(m.group().lower().split()))
            if agency and not _in_spans(m.start(), quotes) and agency.name != source:
                via = agency.name
                break
    if source:
        _note(chosen._replace(side=side), ctx)
    return {"source": source, "side": side, "via": via}


def _note(who: _Who, ctx: Context) -> None:
    """Remember a credited source for the sentences after: a person by surname, anything
    else as a body with the words it was named by."""
    actor = who.actor
    assert who.source is not None
    if actor is not None and actor.kind == "person":
        surname = who.source.split()[-1]
        ctx.people.pop(surname, None)
        ctx.people[surname] = Actor(who.source, who.side, "person", actor.role or who.written)
        return
    body = actor if actor is not None else Actor(who.source, who.side, "group")
    ctx.bodies.append((body, _words(f"{who.source} {who.written}")))
    del ctx.bodies[:-12]


def _speaker_after(
    pos: int, norm: str, original: str, mentions: list[Mention], ctx: Context, lex: Lexicon
) -> _Who:
    """The person named right after a speech verb that follows a comma or a quote
    ("…, said Andrii Bilous, head of the district military administration."), with the
    side their office tells; nobody when the words after the verb go on as a clause."""
    after = _AFTER_VERB.match(norm, pos)
    if not after or not re.match(r"\s*(?:[,.;]|$)", norm[after.end(1) :]):
        return _NOBODY
    who = _who(after.start(1), after.end(1), norm, original, mentions, ctx, lex)
    if who.actor is None or who.actor.kind != "person":
        return _NOBODY
    if who.side is None:
        role = re.match(r"\s*,\s*([^,;.\"]{3,90})", norm[after.end(1) :])
        if role and is_role(role.group(1)):
            who = _person(
                who.source or "", _office_side(role.group(1), norm, ctx, lex), role.group(1), ctx
            )
    return who


def _last_boundary(head: str, end: int) -> re.Match[str] | None:
    last = None
    for m in _BOUNDARY.finditer(head, 0, end):
        last = m
    return last


def _speaker_before(
    pos: int, norm: str, original: str, mentions: list[Mention], ctx: Context, lex: Lexicon
) -> _Who:
    """The subject of a speech verb at `pos`: the phrase since the last clause boundary."""
    head = norm[:pos]
    cut = _last_boundary(head, pos)
    segment_start = cut.end() if cut else 0
    raw = head[segment_start:].strip()
    text = rules.leading.sub("", rules.trailing.sub("", " " + raw)).strip()
    if rules.coordinated.fullmatch(raw) or rules.coordinated_end.search(raw):
        # "Foreign Minister Andrii Sybiha condemned the strike as "…" and said", "He
        # urged partners to … and said": the subject the two verbs share
        return _sentence_subject(pos, norm, original, mentions, ctx, lex)
    if not text and cut and cut.group() == ",":
        return _appositive_speaker(cut.start(), norm, original, mentions, ctx, lex)
    if not text:
        return _NOBODY
    for lead in rules.relative.finditer(head, segment_start):
        segment_start = lead.end()  # "a report that the ministry said": after the last
    return _who(segment_start, pos, norm, original, mentions, ctx, lex)


def _appositive_speaker(
    cut: int, norm: str, original: str, mentions: list[Mention], ctx: Context, lex: Lexicon
) -> _Who:
    """The speaker of "…, X, said": a person named just before, with the office beside
    them telling their side ("Serhii Vakulenko, head of the Odesa regional military
    administration, wrote"; "the regional governor, Mykhailo Voloshyn, wrote"), else the
    phrase before adverbs and appositives ("Russia, meanwhile, said")."""
    head = norm[:cut]
    earlier = [m for m in mentions if m.end <= cut and m.actor.kind == "person"]
    if earlier and cut - earlier[-1].end < 80:
        m = earlier[-1]
        return _Who(m.actor.name, m.actor.side, m.actor, m.surface)
    segments: list[tuple[int, int]] = []
    end = cut
    for _ in range(3):  # walk back over adverbs and appositives
        prev = _last_boundary(head, end)
        segments.append((prev.end() if prev else 0, end))
        if not prev or prev.group() != ",":
            break
        end = prev.start()
    for i, (a, b) in enumerate(segments):
        before = segments[i + 1] if i + 1 < len(segments) else None
        text = norm[a:b].strip()
        if before and is_role(text) and not _name_at_end(text, lex):
            # "NAME, ROLE, said": the person, on the side of the office
            named = _who(*before, norm, original, mentions, ctx, lex)
            if named.actor is not None and named.actor.kind == "person":
                side = named.side or _office_side(text, norm, ctx, lex)
                return _person(named.source or "", side, text, ctx)
        who = _who(a, b, norm, original, mentions, ctx, lex)
        if who.actor is not None and who.actor.kind == "person" and who.side is None and before:
            # "ROLE, NAME, said"
            role = norm[before[0] : before[1]].strip()
            if is_role(role):
                return _person(who.source or "", _office_side(role, norm, ctx, lex), role, ctx)
        if who.source or i + 1 == len(segments):
            return who
    return _NOBODY


def _sentence_subject(
    pos: int, norm: str, original: str, mentions: list[Mention], ctx: Context, lex: Lexicon
) -> _Who:
    """The noun phrase a sentence opens with (after an opening adverbial: "In Kyiv, …"),
    up to its first verb: the subject of every verb coordinated with the first."""
    start = 0
    first_comma = norm.find(",", 0, pos)
    if rules.opener.match(norm) and first_comma >= 0:
        start = first_comma + 1
    end = start
    allowed = _offices().not_name | _offices().particles | set(lexicon().words["subject_links"])
    for word in re.finditer(r"[^\s,;:\"]+", norm[start:pos]):
        w = word.group()
        if not (w[:1].isupper() or w.lower() in allowed or w.endswith("'s")):
            break
        end = start + word.end()
        if norm[end : end + 1] in (",", ";", ":", '"'):
            break
    if end == start:
        return _NOBODY
    return _who(start, end, norm, original, mentions, ctx, lex)
