"""The talks sub-coder: a session, verdict, position, proposal, sticking point, outcome
or next round of the peace talks. Its cues are `lexicon/vocabulary.toml` [talks] and its
patterns `lexicon/talks.toml`."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from ..numbers import number_words_value
from .attribution import Mention, side_of_text
from .lexicon import Lexicon, lexicon, rules
from .places import find_venue
from .reading import (
    QUOTE,
    ChunkState,
    Reading,
    blank_long_quotes,
    content_count,
    mask_time,
    word_set,
)

__all__ = [
    "QUOTE_CONTENT_WORDS",
    "code_talks",
    "cue",
    "find_participants",
    "is_settled",
    "negotiator_speaking",
    "next_round",
    "offers",
    "says_nothing",
    "subject_side",
]


# a quotation says something standing alone with this many words of content (two, for a
# verdict opening on a word of tone: "Hard, but honest")
QUOTE_CONTENT_WORDS = 3


@cache
def _tone_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    lex = lexicon()
    words = "|".join(re.escape(w) for w in sorted(lex.tone_words, key=len, reverse=True))
    strong = "|".join(re.escape(w) for w in sorted(lex.words["strong_tone"], key=len, reverse=True))
    anywhere = re.compile(rf"\b(?:{words})\b", re.IGNORECASE)
    unquoted = re.compile(
        rf"\b(?:talks|negotiations|discussions|meetings?|round|session|day)\s+(?:\w+\s+){{0,3}}?"
        rf"(?:were|was|had\s+been|have\s+been|has\s+been|as|remained|proved)\s+(?:\w+\s+)?(?:{strong})\b"
        rf"|\b(?:{strong})\s+(?:\w+\s+)?(?:talks|negotiations|discussions|round|meetings?)\b",
        re.IGNORECASE,
    )
    return anywhere, unquoted


def negotiator_speaking(reading: Reading, chunk: ChunkState) -> bool:
    """The sentence's source is a negotiator: named in the talks so far, or one the actors
    lexicon marks as taking part in talks."""
    source = reading.attribution.get("source")
    return bool(source) and (
        source in chunk.negotiators
        or any(m.actor.talks and m.actor.name == source for m in reading.mentions)
    )


def is_settled(s_norm: str, lex: Lexicon) -> bool:
    """The parties agreed or committed to something: "They also agreed to set up a
    sub-group", "The two sides will exchange 500 prisoners each", "Russia will also hand
    over the bodies of 1,000 soldiers"."""
    if next_round(lex, s_norm):  # "will meet again": the next round
        return False
    sides = rules.sides_subject.match(s_norm)
    if sides:
        return bool(cue(lex, "outcome", s_norm) or rules.commits.match(s_norm, sides.end()))
    # the two countries named: only what they commit to, not "ended a day of talks
    # describing them as 'hard'" (a verdict)
    pair = rules.pair_subject.match(s_norm)
    if pair and (rules.commits.match(s_norm, pair.end()) or rules.agreed.match(s_norm, pair.end())):
        return True
    return bool(rules.party_hands_over.match(s_norm))  # in talks news, one party's part of a deal


def offers(lex: Lexicon, s_norm: str) -> bool:
    """A proposal cue that makes an offer, not one that refers to an offer made before."""
    if not lex.may_match("talks:proposal", word_set(s_norm)):
        return False
    cues = lex.talks_cues["proposal"].finditer(s_norm)
    return any(not rules.referred.search(s_norm, 0, m.start()) for m in cues)


def cue(lex: Lexicon, name: str, s_norm: str) -> re.Match[str] | None:
    """`talks_cues[name]` searched in the sentence, skipped when its words are absent."""
    if not lex.may_match(f"talks:{name}", word_set(s_norm)):
        return None
    return lex.talks_cues[name].search(s_norm)


def next_round(lex: Lexicon, s_norm: str, *, count_negated: bool = True) -> bool:
    """The sentence tells of talks to come: a cue of the next round ("will meet again", "no
    date was set for"), or one of the talks going on ("will continue", "to resume") with the
    talks a few words before or after it, not said of a round that was due when another
    thing happened. Without `count_negated`, a cue a negation comes right before does not
    count ("did not resume")."""
    negation = lex.patterns["negation"]
    words = word_set(s_norm)
    found: list[re.Match[str]] = []
    if lex.may_match("talks:next_round", words):
        found = list(lex.talks_cues["next_round"].finditer(s_norm))
    if lex.may_match("talks:goes_on", words):
        of = lex.talks_cues["next_of"]
        found += [
            m
            for m in lex.talks_cues["goes_on"].finditer(s_norm)
            if not rules.was_due.search(s_norm, 0, m.start())
            and (
                of.search(" ".join(s_norm[: m.start()].split()[-6:]))
                or of.search(" ".join(s_norm[m.end() :].split()[:6]))
            )
        ]
    return any(
        count_negated or not negation.search(s_norm, max(0, m.start() - 25), m.start())
        for m in found
    )


def code_talks(
    reading: Reading, chunk: ChunkState, lex: Lexicon, kind: str | None = None
) -> list[dict[str, Any]]:
    sentence, s_norm = reading.sentence, reading.norm
    cues = lex.talks_cues
    quotes = [
        (m.start("q"), m.end("q"))
        for m in QUOTE.finditer(s_norm)
        if not rules.title_quote.fullmatch(m.group("q"))  # a programme's name: no one's words
    ]
    anywhere, unquoted = _tone_patterns()
    quote = None
    if kind is None and next_round(lex, blank_long_quotes(s_norm, quotes), count_negated=False):
        kind = "next round"
    elif kind is None:
        for a, b in quotes:
            if anywhere.search(s_norm, a, b):
                kind, quote = "assessment", _whole(sentence.text[a:b])
                break
        if kind is None and unquoted.search(s_norm):
            kind = "assessment"
        elif kind is None:
            for name in ("sticking_point", "outcome", "position", "proposal"):
                found = cue(lex, name, s_norm)
                if found and name == "outcome" and not _jointly(s_norm, found, reading):
                    continue
                if found:
                    kind = name.replace("_", " ")
                    break
    if kind == "outcome" and rules.earlier_talks.search(s_norm):
        return []  # "the initial talks … have not yielded much": background, no outcome
    venue_here = find_venue(s_norm, lex)
    participants = find_participants(s_norm, reading.mentions)
    round_number = _round(s_norm)
    session = bool(cue(lex, "session", mask_time(s_norm)))
    if (
        kind is None
        and quotes
        and quotes[0][1] - quotes[0][0] <= 240
        and _verdict(s_norm, *quotes[0], lex)
    ):
        kind, quote = "assessment", _whole(sentence.text[quotes[0][0] : quotes[0][1]])
    kinds = []
    if kind:
        kinds.append(kind)
    if kind not in ("session", "next round") and (  # the next round is not a session held
        (session and venue_here)
        or (kind is None and (session or venue_here or participants or round_number))
    ):
        # talks to come or that might be ("will meet in Riyadh on Tuesday") are not held
        future = rules.future.search(QUOTE.sub(lambda q: " " * len(q.group()), s_norm))
        kinds.append("next round" if future else "session")
    if (
        kinds == ["session"]
        and not (venue_here or round_number)
        and any(
            lex.move_cues.get(" ".join(c.group().lower().split())) == "prisoner exchange"
            for c in lex.patterns["move_cue"].finditer(s_norm)
        )
    ):
        # "children … held in occupied territory were returned … under mediation": a
        # return that mentions mediation, not a session of the talks
        return []
    if not kinds:
        return []
    span = next(((a, b) for a, b in quotes if sentence.text[a:b] == quote), None)
    if span and says_nothing(s_norm, *span, QUOTE_CONTENT_WORDS - 1):
        quote = None  # '"Good," Medinsky said': a word of tone alone, no verdict on anything
    if quote is None:
        for a, b in quotes:
            if b - a <= 160 and cues["nouns"].search(s_norm, a, b) and _whole(sentence.text[a:b]):
                quote = sentence.text[a:b]
                break
    own_track = _sentence_track(reading, participants, chunk, lex)
    if own_track and chunk.track in (None, lex.words["track"][-1]):
        # a chunk that named no parties at the table follows the first sentence that does
        # ("Witkoff is set to meet … senior members of the Ukrainian government"; then
        # "The talks come as Kyiv seeks …" are those talks)
        chunk.track = own_track
    track = own_track or chunk.track
    items = []
    for k in kinds:
        items.append(
            {
                "kind": k,
                "track": track,
                "venue": venue_here or chunk.venue,
                "round": round_number,
                "format": _format(s_norm),
                "participants": participants,
                "quote": quote if k != "session" else None,
                **reading.common(),
            }
        )
    return items


def _sentence_track(
    reading: Reading, participants: list[dict[str, Any]], chunk: ChunkState, lex: Lexicon
) -> str | None:
    """The track of the two parties a sentence names as meeting ("Ukrainian and Russian
    officials to meet", "the United States and Russia held talks", a Russian envoy's
    "meetings with members of Trump's administration"), else None (the chunk's track).
    Its own two sides at war are the chunk's Russia–Ukraine track, US-mediated or not."""
    s_norm, parties = reading.norm, lex.words["parties"]
    sides: set[str | None] = set()
    pair = rules.pair_meeting.search(s_norm)
    if pair:
        sides = {side_of_text(pair.group("a")), side_of_text(pair.group("b"))}
    else:
        with_ = rules.meeting_with.search(s_norm)
        own = {p["side"] for p in participants}
        if with_ and len(own) == 1:
            group = "b" if with_.group("b") else "o"  # "meet with X", "meet X"
            a, b = with_.span(group)
            named = [m.actor.side for m in reading.mentions if a <= m.start < b]
            sides = own | {named[0] if named else side_of_text(with_.group(group))}
    if len(sides) != 2 or not sides <= set(parties):
        return None
    if sides == set(lex.words["belligerents"]):
        tracks = lex.words["track"]
        return tracks[1] if chunk.us_mediated else tracks[0]
    return "–".join(p for p in parties if p in sides) + " talks"


def says_nothing(s_norm: str, start: int, end: int, least: int) -> bool:
    """Whether the quotation s_norm[start:end] is an utterance of its own (it opens the
    sentence or a clause: '"Good," Medinsky said') with fewer than `least` words of
    content: standing alone it says nothing. A quote the sentence's own words lead into
    ('said the talks had been "useful"') has them for its object."""
    return bool(rules.utterance_before.search(s_norm, 0, max(0, start - 1))) and (
        content_count(s_norm[start:end]) < least
    )


def _whole(quote: str) -> str | None:
    """The quote if it can stand as what was said: a whole utterance, a verdict that
    opens on a word of tone ("difficult, but not empty"), or a clause about the talks ("a
    truce is tested at night, not at the table"); not a scrap cut from a sentence ("pretty
    substantial insights", "some of the suggestions that were proffered to us", "and
    other non-starters …")."""
    anywhere, _ = _tone_patterns()
    lex = lexicon()
    if rules.whole_quote.match(quote) or anywhere.match(quote.lstrip(" '\"“‘")):
        return quote
    if (
        rules.whole_quote.match(quote[:1].upper() + quote[1:])
        and not rules.clause_scrap.match(quote)
        and lex.talks_cues["nouns"].search(quote)
    ):
        return quote
    return None


def _verdict(s_norm: str, start: int, end: int, lex: Lexicon) -> bool:
    """Whether a quote with no word of tone is still a verdict on the talks: the talks
    named in it or beside it ("Friday's session focused on “practical steps”"), or a side
    of them named in it ("some realism from the Ukrainian side"); not
    a quote that only says when ('to take place "in the coming weeks"'), nor a reaction
    to an attack that names peace efforts ('"This is a telling attack - … so many
    efforts … to achieve peace"'), nor the tail of a clause ('Russia's economy "will be in
    total collapse" - and it will make Putin sit down at the negotiating table')."""
    quote = s_norm[start:end]
    return bool(
        (
            lex.talks_cues["nouns"].search(s_norm, max(0, start - 60), end + 60)
            or side_of_text(quote)  # "some realism from the Ukrainian side": of the other side
        )
        and not rules.clause_scrap.match(quote)
        and not rules.when.fullmatch(quote.strip(" ,.;"))
        and not rules.attack_trigger.search(quote)
    )


def _jointly(s_norm: str, found: re.Match[str], reading: Reading) -> bool:
    """An outcome cue the parties share: "agreed" said of one person or side before it
    ("Zelensky agreed and invited Putin") is that party's answer, not a settlement."""
    if not rules.joint_agreed.fullmatch(found.group()):
        return True
    if rules.joint_subject.search(s_norm, 0, found.start()):
        return True
    named = [m for m in reading.mentions if m.end <= found.start()]
    return not named and not rules.side_np.search(s_norm, 0, found.start())


def subject_side(s_norm: str, mentions: list[Mention]) -> str | None:
    """The side of the first actor a sentence names (its subject, usually)."""
    first_np = rules.side_np.search(s_norm)
    first_mention = next((m for m in mentions if m.actor.kind != "agency"), None)
    if first_mention and (not first_np or first_mention.start <= first_np.start()):
        return first_mention.actor.side
    return side_of_text(first_np.group()) if first_np else None


def _round(s_norm: str) -> int | None:
    m = rules.round.search(s_norm)
    if not m:
        return None
    word = m.group("o")
    return int(word[:-2]) if word[0].isdigit() else number_words_value(word)


def _format(s_norm: str) -> str | None:
    low = s_norm.lower()
    tri, bi = "trilateral" in low, "bilateral" in low.replace("trilateral", "")
    if tri and bi:
        return "mixed"
    if tri:
        return "trilateral"
    if bi:
        return "bilateral"
    if rules.mediated.search(low):
        return "mediated"
    return None


def find_participants(s_norm: str, mentions: list[Mention]) -> list[dict[str, Any]]:
    people: list[dict[str, Any]] = []
    names: set[str] = set()
    for m in mentions:
        if m.actor.kind == "person" and m.actor.talks and m.actor.name not in names:
            names.add(m.actor.name)
            people.append({"name": m.actor.name, "role": m.actor.role, "side": m.actor.side})
    for m in rules.appositive_role.finditer(s_norm):
        name = m.group("name")
        if any(name in n or n.split()[-1] in name for n in names):
            continue
        if name.split()[0] in lexicon().words["not_a_name"] or rules.calendar.search(name):
            continue
        names.add(name)
        role = " ".join(m.group("role").split())
        people.append({"name": name, "role": role, "side": side_of_text(role)})
    return people
