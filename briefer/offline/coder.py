"""The event coder: reads a chunk sentence by sentence and fills the extraction schema.

In the tradition of dictionary-based event coders (TABARI, PETRARCH): each sentence is
matched against actor, place, weapon and verb dictionaries (`lexicon/*.toml`), and a
sentence that reports an attack, a step in the talks or a diplomatic move becomes one
item whose evidence is the sentence itself, copied verbatim.

This module is the sentence loop: it reads who each sentence names and credits
(`attribution`), then hands the sentence to the sub-coders (`attacks`, `talks`, `moves`;
they read places through `places` and numbers through `figures`), each testable alone.
Every trigger, pattern and exception they apply is a lexicon entry, checked against the
extraction schema by `validate`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from .attacks import code_attack
from .attribution import Context, Mention, actor_mentions, attribute, is_role, side_of_text
from .lexicon import Lexicon, lexicon, normalize, rules
from .moves import code_moves
from .places import find_venue, heading_place
from .reading import (
    NOBODY,
    QUOTE,
    ChunkState,
    Reading,
    mask_time,
    talks_view,
    time_text,
    unquoted,
)
from .sentences import LIST_MARK, TERMINAL, Sentence, split_sentences
from .talks import (
    QUOTE_CONTENT_WORDS,
    code_talks,
    cue,
    is_settled,
    negotiator_speaking,
    offers,
    says_nothing,
    subject_side,
)

__all__ = ["extract_text"]


def extract_text(text: str, *, published: str | None = None) -> dict[str, Any]:
    """What a chunk says about talks, attacks and moves, as a dict valid against the schema.

    `published` is accepted for symmetry with the model backends; dates stay as written
    (`time_text`) and are resolved by the merge stage.
    """
    lex = lexicon()
    norm = normalize(text)
    result: dict[str, Any] = {"talks": [], "attacks": [], "moves": []}
    chunk = ChunkState(norm, lex)
    ctx = Context()
    sentences = _two_reports(split_sentences(text, glued=True), norm)
    headlines = [s.text for s in sentences if s.heading and len(s.text.split()) >= 4]
    for number, whole in enumerate(sentences):
        chunk.sentence = number
        if _headline_again(whole, headlines):
            continue
        sentence = _without_furniture(whole, norm[whole.start : whole.end])
        if sentence is not None and number == len(sentences) - 1:
            sentence = _without_cut_tail(sentence)
        if sentence is None:
            continue
        s_norm = norm[sentence.start : sentence.end]
        mentions = actor_mentions(s_norm, sentence.text, lex)
        own = attribute(s_norm, sentence.text, ctx, mentions, lex)
        # a report runs on into the next sentence of its paragraph ("Of these, 40 were
        # shot down"); talks and moves keep only what their own sentence attributes
        previous = ctx.last_attribution if ctx.paragraph == sentence.paragraph else None
        if sentence.heading:
            chunk.section_place = heading_place(s_norm, sentence.text, lex)
        else:
            _code_sentence(sentence, s_norm, mentions, own, previous, chunk, result, lex)
        # a sentence that names no source of its own goes on with the one before it
        ctx.last_attribution, ctx.paragraph = own or previous, sentence.paragraph
        _remember(mentions, own, ctx, s_norm, chunk, lex)
    return result


def _two_reports(sentences: list[Sentence], norm: str) -> list[Sentence]:
    """The sentences, one that joins two attack reports with "while" as two."""
    out = []
    for sentence in sentences:
        s_norm = norm[sentence.start : sentence.end]
        m = None if sentence.heading else rules.two_reports.search(s_norm)
        if m and all(
            rules.attack_trigger.search(part) for part in (s_norm[: m.start()], s_norm[m.end() :])
        ):
            head = replace(
                sentence, end=sentence.start + m.start(), text=sentence.text[: m.start()]
            )
            tail_text = sentence.text[m.end() :]
            out += [head, replace(sentence, start=sentence.start + m.end(), text=tail_text)]
        else:
            out.append(sentence)
    return out


def _headline_again(sentence: Sentence, headlines: list[str]) -> bool:
    """A line with no final stop that holds a headline of the chunk with more around it
    ("Outlet - <headline>", "<headline> / Photo: …"): the page repeating its title."""
    text = sentence.text.rstrip()
    return (
        not sentence.heading
        and not text.endswith(TERMINAL)
        and any(h in text and h != text for h in headlines)
    )


def _without_furniture(sentence: Sentence, s_norm: str) -> Sentence | None:
    """The sentence up to a link or embed glued onto it, from after a list's bullet, a date
    stamp or a dateline the page put before it; None for a caption, a link or a post
    copied whole."""
    if rules.caption.search(s_norm) or rules.posted_whole.search(s_norm):
        return None
    if bullet := LIST_MARK.match(sentence.text):  # "• Ukraine returns 45 POWs ..."
        cut = bullet.end()
        sentence = replace(sentence, start=sentence.start + cut, text=sentence.text[cut:])
        s_norm = s_norm[cut:]
    lead = rules.furniture_lead.match(s_norm)
    if lead and lead.group("stamp") and not sentence.text.rstrip().endswith(TERMINAL):
        return None  # "date 2025-08-28 <the headline>": the page's title over the body
    if lead and len(s_norm[lead.end() :].split()) >= 3:
        cut = lead.end()
        sentence = replace(sentence, start=sentence.start + cut, text=sentence.text[cut:])
        s_norm = s_norm[cut:]
    glued = rules.furniture_glued.search(s_norm)
    if glued is None:
        return sentence
    kept = sentence.text[: glued.start()].rstrip()
    if len(kept.split()) < 3:
        return None
    return replace(sentence, end=sentence.start + len(kept), text=kept)


_CUT_TAIL_WORDS = 6


def _without_cut_tail(sentence: Sentence) -> Sentence | None:
    """The last sentence of a text cut off mid-sentence ("… on the central district
    hospital, an ambulance service bu"), up to its last whole clause when a few words go;
    None when what is left is no clause of its own (an open subordinate clause or
    quotation)."""
    if sentence.heading or sentence.text.endswith(TERMINAL):
        return sentence
    cut = max(sentence.text.rfind(", "), sentence.text.rfind("; "))
    if cut < 0 or len(sentence.text[cut + 2 :].split()) > _CUT_TAIL_WORDS:
        return sentence  # too much would go: what it says is kept, cut as it is
    kept = sentence.text[:cut]
    if (
        len(kept.split()) < 6
        or rules.subordinator.match(kept)
        or kept.count('"') % 2
        or kept.count("“") != kept.count("”")
    ):
        return None
    return replace(sentence, end=sentence.start + len(kept), text=kept)


def _remember(
    mentions: list[Mention],
    own: dict[str, str | None] | None,
    ctx: Context,
    s_norm: str,
    chunk: ChunkState,
    lex: Lexicon,
) -> None:
    """Carry who spoke and where the talks are to the next sentences."""
    source = own.get("source") if own else None
    speaker = None
    if source:
        person = next(
            (m for m in mentions if m.actor.kind == "person" and m.surface == source), None
        )
        known = lex.actor(source)
        if person:
            speaker = (person.actor.name, person.actor.side)
        elif known is not None and known.kind == "person":  # "He confirmed …": still Peskov
            speaker = (known.name, known.side)
        elif _looks_like_a_name(source, lex) or is_role(source):
            # "The head of the Ukrainian state recalled that …": "he" is the head of state
            speaker = (source, own.get("side") if own else None)
    if speaker is None and not source:
        # with no source, the person the sentence opens with is who "he" is next; one
        # named further on is who it tells of ("… recalled that Donald Trump asked …")
        people = [m for m in mentions if m.actor.kind == "person" and _opens(s_norm, m.start)]
        if people:
            speaker = (people[0].actor.name, people[0].actor.side)
    if speaker:
        ctx.last_speaker = speaker
    for m in mentions:
        if m.actor.kind == "group":
            ctx.last_group = m
    venue = find_venue(talks_view(s_norm), lex, require_context=True)
    if venue:
        chunk.venue = venue


_OPENING = re.compile(r"[-•*\s\"]*(?:[^,;:\"]{0,40},\s*)?")


def _opens(s_norm: str, start: int) -> bool:
    """Whether a mention at `start` opens the sentence, after an adverbial ("On Monday, ")."""
    return bool(_OPENING.fullmatch(s_norm, 0, start))


def _looks_like_a_name(source: str, lex: Lexicon) -> bool:
    words = source.replace("'s", "").replace("’s", "").split()
    return (
        len(words) >= 2
        and all(w[:1].isupper() for w in words[-2:])
        and lex.actor(source) is None
        and side_of_text(source) is None
    )


def _nameless_speaker(s_norm: str, own: dict[str, str | None] | None) -> bool:
    """The sentence opens on its speaker as a pronoun or a bare title ("The Prime
    Minister said …") that no one named before in the chunk resolved; a title naming its
    side ("The Russian leader") says whose word it is."""
    source = (own or {}).get("source")
    if not source:
        return bool(rules.speaker_opening.match(s_norm))
    bare_title = (
        rules.description.fullmatch(source) and is_role(source) and not side_of_text(source)
    )
    return bool(bare_title) and _opens(s_norm, s_norm.find(source))


_STANCES = ("position", "assessment", "proposal", "sticking point", "next round")


def _at_the_table(item: dict[str, Any], reading: Reading, chunk: ChunkState, lex: Lexicon) -> bool:
    """A stance or a next round belongs to the talks only when the talks are established:
    a chunk that says who sits at the table (its track), a venue, a participant or a
    negotiator named so far, delegations named in the sentence, or a warring side stating
    it ("Moscow insists any pause must …", "Ukrainian negotiators said they had proposed
    …"). Otherwise ("The US and Europe must force Russia to accept a ceasefire", in a
    story of sanctions; "We expect to continue our dialogue with Washington") it is a
    statement, left to the moves coder."""
    if item["kind"] not in _STANCES or item["track"] != lex.words["track"][-1]:
        return True
    if item["venue"] or item["participants"] or chunk.negotiators:
        return True
    if rules.at_table.search(reading.norm):
        return True
    if item["kind"] in ("assessment", "next round"):
        return False  # a verdict on talks, or their next round, needs the talks
    source = reading.attribution.get("source") or ""
    sides = [subject_side(reading.norm, reading.mentions)]
    if lex.talks_cues["nouns"].search(source):  # its negotiators or delegation said it
        sides.append(reading.attribution.get("side"))
    return not QUOTE.match(reading.norm) and any(s in lex.words["belligerents"] for s in sides)


def _negotiator_aside(move: dict[str, Any], reading: Reading, chunk: ChunkState) -> bool:
    """A negotiator's word on the prisoners, in a story that names them in the talks
    ("Medinsky also said
    that a prisoner exchange would take place", "Umerov told reporters that the first
    priority in the talks was to secure the release of prisoners of war") is the talks'
    news, told there as what they settled: not a second time as an exchange."""
    return move["kind"] == "prisoner exchange" and any(
        m.surface == move["actor"] and m.actor.name in chunk.negotiators for m in reading.mentions
    )


def _code_sentence(
    sentence: Sentence,
    s_norm: str,
    mentions: list[Mention],
    own: dict[str, str | None] | None,
    previous: dict[str, str | None] | None,
    chunk: ChunkState,
    result: dict[str, Any],
    lex: Lexicon,
) -> None:
    if (
        rules.anaphoric_past.search(unquoted(s_norm))
        or _nameless_speaker(s_norm, own)
        or rules.no_referent.search(s_norm)
    ):
        # "Zelensky also said at the time that …": of an earlier moment the sentence does
        # not name: not the day's news, and no day to give it. "According to him, …" or
        # "The Prime Minister said …" with no one named before who that is: whose word
        # it is stays unsaid, so it is no line of its own; nor is a sentence that points
        # back for its subject, a list item without its head, or a question
        chunk.last_moves = []
        return
    reading = Reading(
        sentence, s_norm, mentions, own or dict(NOBODY), time_text(s_norm, sentence.text)
    )
    attack = code_attack(replace(reading, attribution=own or previous or dict(NOBODY)), chunk, lex)
    counts, known = chunk.counted, chunk.report_measures
    if attack and not own and previous and counts and known and known.isdisjoint(counts):
        # a report runs on into a sentence that counts what it counted ("Of these, 40 were
        # shot down"), not into one that counts something else: the emergency service's
        # injured are not its count of drones, nor the air force's drones its toll
        attack = code_attack(reading, chunk, lex)
    if attack:
        result["attacks"].append(attack)
    if own:
        chunk.report_measures = counts
    talks = []
    # the talks read the sentence without an earlier event it measures by and without an
    # envoy summoned: "the deadliest since the Alaska summit" is no session in Alaska
    t_norm = talks_view(s_norm)
    told = replace(reading, norm=t_norm)
    masked = mask_time(t_norm)
    if (
        cue(lex, "nouns", masked)
        or cue(lex, "sticking_point", masked)
        or (not attack and '"' in t_norm and cue(lex, "nouns", t_norm))
    ):
        settled = chunk.track and is_settled(t_norm, lex)
        talks = code_talks(told, chunk, lex, kind="outcome" if settled else None)
    elif (
        not attack
        and chunk.track
        and (cue(lex, "position", t_norm) or offers(lex, unquoted(t_norm)))
        and subject_side(t_norm, mentions) in lex.words["parties"]
    ):
        # a party's stated demand or offer without the word "talks": "Moscow has demanded
        # control", "Ukraine proposed a freeze along the current front line"
        kind = "position" if cue(lex, "position", t_norm) else "proposal"
        talks = code_talks(told, chunk, lex, kind=kind)
    elif not attack and chunk.track and is_settled(t_norm, lex):
        # "They also agreed to set up a humanitarian sub-group": the parties, in talks news
        talks = code_talks(told, chunk, lex, kind="outcome")
    elif not attack and chunk.track and rules.territory_demand.search(t_norm):
        # "its central demand is the part of the Donetsk region …": the territorial dispute
        talks = code_talks(told, chunk, lex, kind="sticking point")
    elif not attack and chunk.track and '"' in t_norm and negotiator_speaking(told, chunk):
        # '"Tough, but businesslike," Budanov told reporters': a negotiator's quoted verdict;
        # a remark is no meeting held, and the day it was made ("said in an interview
        # broadcast on Friday") is not the day of a session
        talks = [t for t in code_talks(told, chunk, lex) if t["kind"] != "session"]
    if rules.since_ago.search(s_norm):
        # "Since Trump met Putin in Alaska two weeks ago, little progress has been made":
        # what came of a period since an earlier event is background, no outcome
        talks = [t for t in talks if t["kind"] != "outcome"]
    if attack:
        # an attack told "hours after" the talks, or a reaction to it naming peace efforts,
        # is the attack: not an outcome of the talks, not a verdict on them
        talks = [t for t in talks if t["kind"] not in ("outcome", "assessment")]
    talks = [t for t in talks if _at_the_table(t, reading, chunk, lex)]
    speaker = (own or {}).get("source") or (previous or {}).get("source")
    if not speaker and rules.pronoun_opening.match(s_norm):
        # "He lamented the missed opportunity …" with no one "he" can be: whose words
        # these are is not established, so neither the talks note nor a move is coded
        chunk.last_moves = []
        return
    result["talks"].extend(talks)
    for item in talks:
        chunk.negotiators.update(p["name"] for p in item["participants"])
    moves = code_moves(reading, bool(attack), talks, lex, previous, chunk.last_moves)
    moves = [m for m in moves if not _negotiator_aside(m, reading, chunk)]
    quotes = [(m.start("q"), m.end("q")) for m in QUOTE.finditer(s_norm)]
    if quotes and says_nothing(s_norm, *quotes[0], QUOTE_CONTENT_WORDS):
        # '"As soon as we can set it up," he said …': a quote that says nothing alone
        moves = []
    result["moves"].extend(moves)
    chunk.last_moves = moves
