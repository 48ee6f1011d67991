"""The event coder: reads a chunk sentence by sentence and fills the extraction schema.

In the tradition of dictionary-based event coders (TABARI, PETRARCH): each sentence is
matched against actor, place, weapon and verb dictionaries (`lexicon/*.toml`), and a
sentence that reports an attack, a step in the talks or a diplomatic move becomes one
item whose evidence is the sentence itself, copied verbatim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import Any

from ..numbers import NATIONWIDE, NUMBER_WORDS, ORDINAL_WORDS, number_words_value
from .attribution import Context, Mention, actor_mentions, attribute, side_of_text
from .figures import casualties, parse_number, quantities, weapon_figures
from .lexicon import MONTH, WEEKDAY, Lexicon, Place, lexicon, normalize
from .sentences import Sentence, split_sentences

__all__ = ["extract_text"]

_TIME = re.compile(
    rf"(?:(?:[Hh]ours|[Mm]inutes|[Dd]ays|[Ss]hortly|[Jj]ust|[Aa]\s+day|[Tt]he\s+day)\s+"
    rf"(?:before|after)\s+(?:the\s+)?[\w\s']{{1,40}}?\s+(?:on\s+)?{WEEKDAY}"
    rf"|(?:[Ii]n\s+advance\s+of|[Aa]head\s+of)\s+{WEEKDAY}'s\s+\w+"
    rf"|[Oo]vernight(?:\s+(?:into|on|to)\s+{WEEKDAY})?"
    rf"|(?:(?:early|late|on|last|this|next|by|until|from)\s+)?{WEEKDAY}(?:'s)?"
    rf"(?:\s+(?:morning|afternoon|evening|night|meetings?|talks|negotiations|discussions|sessions?|"
    rf"attacks?|strikes?))?"
    rf"|\b(?:yesterday|today|tonight|last\s+night|this\s+morning|this\s+evening|earlier\s+this\s+week|"
    rf"later\s+this\s+week|this\s+week|last\s+week|next\s+week|earlier\s+today|last\s+month|"
    rf"this\s+month|next\s+month|last\s+year|this\s+year|this\s+weekend|last\s+weekend)\b"
    rf"|(?:on\s+)?(?:\d{{1,2}}\s+{MONTH}|{MONTH}\s+\d{{1,2}}\b)(?:,?\s+\d{{4}})?"
    rf"|(?:(?:in|since|early|late|mid-|until)\s*){MONTH}(?:\s+\d{{4}})?"
    rf"|since\s+the\s+(?:start|beginning)\s+of\s+(?:the\s+)?(?:year|war|full-scale\s+invasion|invasion|month))"
)
_WHEN = re.compile(
    rf"(?:{_TIME.pattern})"
    r"|(?:in|within|over|during|for)\s+(?:the\s+)?(?:coming|next|next\s+few|few|two|three|"
    r"several)\s+(?:days|weeks|months)|(?:very\s+)?soon|as\s+soon\s+as\s+possible",
    re.IGNORECASE,
)
_CUMULATIVE = re.compile(
    r"since\s+the\s+(?:start|beginning|outbreak)\s+of|so\s+far\s+this\s+(?:year|month|week)|"
    r"since\s+(?:19|20)\d\d|since\s+the\s+full-scale|over\s+the\s+(?:past|last)\s+"
    r"(?:week|month|year|\d+|few|several|two|three)|(?:\bin|during|throughout)\s+"
    + MONTH
    + r"(?!\s+\d)|\bthis\s+year\b|\b(?:months|weeks|years)\s+of\b|\bin\s+total\b|\bper\s+(?:day|night)\b",
    re.IGNORECASE,
)
_ATTACK_TRIGGER = re.compile(
    r"\b(?:attack(?:s|ed|ing)?|strikes?|struck|striking|shell(?:ing|ed|s)?|bombard\w*|"
    r"bomb(?:s|ed|ing)|launch(?:ed|es|ing)?|fired|hit|hitting|barrage|assault|explosions?|blasts?|"
    r"damag(?:e|ed|ing)|destr(?:oyed|uction)|shot\s+down|intercept(?:ed|ing|s|ions?)?|"
    r"air\s+raid|went\s+after|fire\s+(?:at|broke)|set\s+(?:fire|on\s+fire)|sets\s+fire|"
    r"ablaze|targeted|pounded|raid)\b",
    re.IGNORECASE,
)
# a claimed capture of a named settlement: "took control of the village of X"
_CAPTURE = re.compile(
    r"\b(?:captured|seized|liberated|took\s+(?:full\s+)?control\s+of|taken\s+(?:full\s+)?control\s+of|"
    r"gained\s+control\s+of)\s+(?:the\s+)?(?:(?:village|town|city|settlement|hamlet)s?\s+of\s+)?"
    r"(?=[A-Z])"
)
# places the gazetteer does not know, introduced by what they are
_UNKNOWN_PLACE = re.compile(
    r"\b(?:village|town|city|settlement|hamlet|port\s+city|port|district|suburb|junction|hub)s?"
    r"\s+of\s+"
    r"(?P<p>[A-Z][\w'-]+(?:[- ][A-Z][\w'-]+)?)"
    r"|(?P<r>(?:[A-Z][\w'-]+\s+)?[A-Z][\w'-]+)\s+(?:region|oblast|Oblast|Region|province|Province)\b"
    # "in Vovchansk, a town in the Kharkiv region"; "near Vovchansk, a small town"
    r"|\b(?:in|near|at|outside)\s+(?P<a>[A-Z][\w'-]+(?:[- ][A-Z][\w'-]+)?),\s+an?\s+"
    r"(?:[\w-]+\s+){0,2}?(?:village|town|city|settlement|hamlet|suburb)\b"
    # "in Pryluky, Chernihiv region"; "near Pryluky in the Chernihiv region"
    r"|\b(?:in|near|outside)\s+(?P<b>[A-Z][\w'-]+(?:[- ][A-Z][\w'-]+)?),?\s+(?:in\s+)?(?:the\s+)?"
    r"(?:[A-Z][\w'-]+\s+)?[A-Z][\w'-]+\s+(?:region|oblast|province)\b"
    r"|\bnear\s+(?:the\s+)?(?P<n>[A-Z][\w'-]+(?:-[A-Z][\w'-]+)?)\b(?!\s+(?:region|oblast|province))"
)
_RIVER = re.compile(r"\s+(?:[Rr]iver|estuary|delta|basin)\b")
_NOT_A_PLACE = {
    "The", "This", "That", "Its", "A", "An", "In", "On", "At", "Whole", "Entire", "Each", "Every",
    "Russian", "Ukrainian", "Russia's", "Ukraine's", "Border", "Frontline", "Front", "Occupied",
}  # fmt: skip
_PLACE_WORDS = {
    "village", "villages", "town", "towns", "city", "cities", "settlement", "settlements",
    "hamlet", "port", "district", "suburb", "region", "oblast", "province", "junction", "hub",
}  # fmt: skip
_REGION_LIST = re.compile(
    r"\b(?P<names>[A-Z][\w'-]+(?:,\s+[A-Z][\w'-]+)*,?\s+and\s+[A-Z][\w'-]+)\s+"
    r"(?P<kind>regions|oblasts|provinces)\b"
)
# "hitting 11 regions": the breadth of a wave
_REGION_COUNT = re.compile(
    r"\b(?:hitting|hit|struck|striking|targeting|targeted|affecting|affected|in|across|over)\s+"
    rf"(?:at\s+least\s+)?(?P<n>\d{{1,2}}|{NUMBER_WORDS})\s+(?:Ukrainian\s+|Russian\s+)?"
    r"(?:regions|oblasts|provinces)\b",
    re.IGNORECASE,
)
_ATTACKER_VERB = re.compile(
    r"\b(?P<who>Russia|Russian\s+(?:forces|troops|army|military)|Moscow|Ukraine|Kyiv|"
    r"Ukrainian\s+(?:forces|troops|army|military)|its\s+(?:forces|troops|army|military)|"
    r"our\s+(?:forces|troops)|the\s+enemy|Belarus)\s+(?:\w+ly\s+|also\s+|has\s+|had\s+|have\s+)?"
    r"(?:launched|fired|attacked|struck|hit|shelled|targeted|carried\s+out|unleashed|deployed|"
    r"bombed|pounded|sent|used|launches|fires|attacks|strikes|hits|targets|captured|seized|"
    r"liberated|took\s+control|taken\s+control)\b"
)
_ATTACKER_ADJ = re.compile(
    r"(?P<adj>\bRussian|\bUkrainian|\bRussia's|\bUkraine's|\bBelarusian)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:drones?|missiles?|strikes?|attacks?|shelling|forces|troops|army|military|aircraft|"
    r"jets|bombers|artillery|air\s*strikes?|glide\s+bombs?|bombs?|rockets?|UAVs?|offensive|"
    r"bombardment|barrage|assault)\b"
)
_OBJECT_CONTEXT = re.compile(
    r"\b(?:on|against|at|housing|targeting|targeted|hit|struck|of|toward|towards|killed|"
    r"killing|wounded|repelled|intercepted|downed|destroyed)\s+(?:the\s+|\w+\s+)?$"
)
# where a country named before a move's verb is not the one making the move
_NOT_THE_ACTOR = re.compile(
    r"\b(?:on|against|at|of|to|toward|towards|between|and|with|from|by|for|provide|supply|"
    r"give|send|deliver|not|urged|than|in|into|over|help|helping|aid|aided)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_TARGET_COUNTRY = re.compile(
    r"\b(?:on|into|across|against|in|inside|over|throughout|at)\s+(?:\w+\s+)?"
    r"(?P<c>Ukraine|Russia|Russian\s+territory|Ukrainian\s+territory|Belarus|Ukrainian\s+cities|"
    r"Russian\s+regions|Russian\s+cities|Ukrainian\s+regions)\b"
)
_NAMED_SITE = re.compile(
    r"\b(?:the\s+)?(?P<site>(?:[A-Z][\w'-]+\s+){1,2}(?:oil\s+refinery|refinery|power\s+plant|"
    r"thermal\s+power\s+plant|nuclear\s+power\s+plant|airfield|air\s+base|airbase|oil\s+depot|"
    r"port|seaport|oil\s+terminal|terminal|substation|dam|bridge))\b"
)
# where the speaker is ("In Kyiv, Zelensky said"): neither a place hit nor the talks' venue
_SPEAKER_PLACE = re.compile(
    r"^(?:In|From)\s+[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?(?:\s+on\s+\w+)?,"
    r"|[Ss]peaking\s+(?:in|from|at)\s+[A-Z][\w'-]+"
)
# where the reporter is: not a place hit, but often the talks' venue ("reporting from Geneva")
_REPORTER_PLACE = re.compile(
    r"(?:[Rr]eporting|\bsaid)\s+from\s+(?:the\s+)?[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?"
)
# a seat of government named as an actor: "Kyiv has refused", "Moscow's attacks", "for Moscow to"
_METONYM_AFTER = re.compile(
    r"(?:'s\b|\s+(?:has|have|had|is|was|will|would|said|says|also|refused|refuses|rejected|"
    r"rejects|urged|urges|wants|demanded|demands|accused|accuses|claimed|claims|insists|"
    r"insisted|denied|denies|to|of)\b)"
)
_METONYM_BEFORE = re.compile(
    r"\b(?:for|by|and|between|with|from|to|accusing|accused|urged|urging|told|warned|blamed|"
    r"blaming|than|if|unless|until)\s+$"
)
# "ready to stop strikes on …": an offer about attacks, not a report of one
_HYPOTHETICAL = re.compile(
    r"\b(?:stop(?:s|ping)?|halt(?:s|ing)?|refrain(?:ing)?\s+from|end(?:s|ing)?|cease|"
    r"pause|moratorium\s+on|ban\s+on|prevent(?:ing)?|avoid(?:ing)?|deter|threatened|"
    r"threatens|could|would|might|must|should|cover(?:s|ing)?)\b[\w\s'’-]{0,30}$",
    re.IGNORECASE,
)
# a "since …" clause running up to a time phrase ("since negotiations resumed in")
_SINCE_CLAUSE = re.compile(r"\bsince\s+(?:[\w'-]+\s+){1,4}$")
_CALENDAR = re.compile(rf"{WEEKDAY}|{MONTH}")
_LOCAL_OFFICIAL = re.compile(
    r"\b(?:governor|mayor|regional|military\s+administration|head\s+of\s+the\s+region|"
    r"local\s+authorities|emergency)",
    re.IGNORECASE,
)
_NOT_A_TARGET_AFTER = re.compile(r"\s+(?:city|town|village|region|of\b)")
_ROUND = re.compile(
    rf"\b(?P<o>{ORDINAL_WORDS}|\d{{1,2}}(?:st|nd|rd|th))"
    r"\s+(?:[\w-]+\s+){0,2}?(?:round|trilateral|bilateral)\b",
    re.IGNORECASE,
)
_QUOTE = re.compile(r'"(?P<q>[^"]{2,400})"')
_VENUE_BEFORE = re.compile(
    r"(?:talks|negotiations|meeting|meetings|met|summit|round|session|discussions|gathered|held)"
    r"\s+(?:\w+\s+){0,5}?(?:in|at)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_DATED_AFTER = re.compile(r"(?:\s+[\w-]+){0,2}?\s+in\s+(?:19|20)\d\d\b")
_PAST_VENUE = re.compile(
    r"\b(?:earlier|previous|prior|past|last|first|former|last\s+\w+'s)\s+(?:\w+\s+){0,3}?"
    r"(?:rounds?|talks|meetings?|sessions?|negotiations),?\s+(?:\w+\s+){0,3}?(?:in|at)\s+(?:the\s+)?"
    r"(?:[A-Z][\w-]*\s+(?:and|or)\s+)?$|\b(?:and|or)\s+$",
    re.IGNORECASE,
)
_VENUE_PREP = re.compile(r"\b(?:in|at|to|from)\s+(?:the\s+)?$")
_VENUE_NAME = re.compile(
    r"\b(?:talks|round|met|negotiations|meeting|meetings)\s+in\s+"
    r"(?P<v>[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+)?)\b(?!\s+(?:region|oblast|province))"
)
_VENUE_AFTER = re.compile(
    r"(?:'s)?\s+(?:talks|round|meeting|summit|negotiations|format|process|meetings)", re.IGNORECASE
)
_US_MEDIATION = re.compile(
    r"\b(?:US|U\.S\.|United\s+States|American|Washington)[- ](?:brokered|mediated|led|backed)|"
    r"mediated\s+by\s+(?:the\s+)?(?:US|U\.S\.|United\s+States)|Witkoff|Kushner|"
    r"brokered\s+by\s+(?:the\s+)?(?:US|U\.S\.|United\s+States)",
)
_TERRITORY_DEMAND = re.compile(
    r"\b(?:demands?|demanded|demanding|insists?\s+on|wants|withdraw\w*|cede|ceding|give\s+up|"
    r"hand(?:ing)?\s+over|surrender)\b[^.;]{0,80}?\b(?:region|territory|territories|land|"
    r"cities|Donbas|Donbass|Donetsk|Luhansk|Zaporizhzhia|Kherson|Crimea)\b",
    re.IGNORECASE,
)
_TALKS_CONTEXT = re.compile(
    r"\b(?:talks|negotiat\w+|peace\s+(?:plan|deal|process)|ceasefire)\b", re.I
)
_WAR_CONTEXT = re.compile(
    r"\b(?:war|peace|talks|negotiat\w*|ceasefire|cease-fire|truce|sanction\w*|agreement|"
    r"security|territor\w*|invasion|attack\w*|strikes?|Russia\w*|Ukrain\w*|Moscow|Kyiv)\b",
    re.IGNORECASE,
)
_SIDE_NP = re.compile(
    r"\b(?:Ukraine|Russia|Kyiv|Moscow|the\s+United\s+States|the\s+US|the\s+U\.S\.|Washington|"
    r"China|Beijing|Belarus|Minsk|the\s+EU|the\s+European\s+Union|Brussels|NATO|the\s+UN|"
    r"the\s+U\.N\.|Britain|the\s+UK|France|Germany|Japan|Turkey|Poland)\b"
)
_TARGET_STOP = re.compile(
    r"[,.;:\"()]|\s(?:to|for|in|on|from|saying|that|which|who|as|after|amid|while|over|with|"
    r"because|since|during)\s"
)
_STRONG_TONE = {
    "difficult", "businesslike", "business-like", "constructive", "tense", "productive",
    "substantive", "intensive", "useful", "positive", "frank", "fruitful", "meaningful",
    "unproductive", "stalled", "deadlocked", "disappointing", "pragmatic", "respectful",
}  # fmt: skip
_FROM_ACTOR = re.compile(
    r"\s+(?:from|by)\s+(?P<np>(?:the\s+)?(?:[A-Z][\w'.-]*)(?:\s+[A-Z][\w'.-]*){0,3})"
)
# a leader telling a party what it must do: "both sides must get realistic"
_LEADER_PRESSURE = re.compile(
    r"\b(?P<who>both\s+sides|the\s+two\s+sides|each\s+side|Ukraine|Russia|Kyiv|Moscow|Zelensk\w+|"
    r"Putin|Europe|the\s+Europeans|they|he)\b(?:,?\s+(?:especially|in\s+particular|too|also))?\s+"
    r"(?:must|should|has\s+to|have\s+to|needs?\s+to|had\s+better|ought\s+to)\s+(?!not\b)"
    r"|\bwants?\s+(?:a|the)\s+deal\b",
)
# a relative clause naming another subject: "tariffs that Washington has threatened"
_RELATIVE_SUBJECT = re.compile(
    r"\b(?:that|which)\s+(?:the\s+)?(?:[A-Z][\w'.-]*\s+){1,3}(?:(?:has|have|had)\s+)?"
    r"(?:\w+ly\s+)?$"
)
_SECOND_VERB = re.compile(r"\b(?:and|but)\s+(?:also\s+|then\s+)?$")
_PRONOUN_SUBJECT = re.compile(r"(?:He|She)\s+(?:also\s+|again\s+|then\s+)?")
_ASKED = re.compile(r"(?:When\s+)?[Aa]sked\s+(?:about|whether|if|why|how)\b[^,]{0,120},")
# "The package also imposes asset freezes …": the measure the sentence before announced
_MEASURE_SUBJECT = re.compile(
    r"(?:The|This|That|It|Its)\s+(?:(?:new|latest|\w+st|\w+nd|\w+rd|\w+th)\s+)?"
    r"(?:package|measures|sanctions|list|decision|also)\b"
)
_MOVE_PRIORITY = (
    "prisoner exchange", "sanctions", "ban", "condemnation", "vote", "aid", "proposal",
    "pressure", "meeting",
)  # fmt: skip
_SUMMARY_LIMIT = 320


@cache
def _tone_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    lex = lexicon()
    words = "|".join(re.escape(w) for w in sorted(lex.tone_words, key=len, reverse=True))
    strong = "|".join(re.escape(w) for w in sorted(_STRONG_TONE, key=len, reverse=True))
    anywhere = re.compile(rf"\b(?:{words})\b", re.IGNORECASE)
    unquoted = re.compile(
        rf"\b(?:talks|negotiations|discussions|meetings?|round|session|day)\s+(?:\w+\s+){{0,3}}?"
        rf"(?:were|was|had\s+been|have\s+been|has\s+been|as|remained|proved)\s+(?:\w+\s+)?(?:{strong})\b"
        rf"|\b(?:{strong})\s+(?:\w+\s+)?(?:talks|negotiations|discussions|round|meetings?)\b",
        re.IGNORECASE,
    )
    return anywhere, unquoted


def extract_text(text: str, *, published: str | None = None) -> dict[str, Any]:
    """What a chunk says about talks, attacks and moves, as a dict valid against the schema.

    `published` is accepted for symmetry with the model backends; dates stay as written
    (`time_text`) and are resolved by the merge stage.
    """
    lex = lexicon()
    norm = normalize(text)
    result: dict[str, Any] = {"talks": [], "attacks": [], "moves": []}
    chunk = _ChunkState(norm, lex)
    ctx = Context()
    for number, sentence in enumerate(split_sentences(text)):
        chunk.sentence = number
        s_norm = norm[sentence.start : sentence.end]
        mentions = actor_mentions(s_norm, sentence.text, lex)
        own = attribute(s_norm, sentence.text, ctx, mentions, lex)
        # a report runs on into the next sentence of its paragraph ("Of these, 40 were
        # shot down"); talks and moves keep only what their own sentence attributes
        previous = ctx.last_attribution if ctx.paragraph == sentence.paragraph else None
        if sentence.heading:
            chunk.section_place = _heading_place(s_norm, sentence.text, lex)
        else:
            _code_sentence(sentence, s_norm, mentions, own, previous, chunk, result, lex)
        # a sentence that names no source of its own goes on with the one before it
        ctx.last_attribution, ctx.paragraph = own or previous, sentence.paragraph
        _remember(mentions, own, ctx, s_norm, chunk, lex)
    return result


class _ChunkState:
    """Facts established earlier in the chunk: the talks' venue, track, the last weapon."""

    def __init__(self, norm: str, lex: Lexicon) -> None:
        self.venue: str | None = None
        self.last_weapon: str | None = None
        self.last_attack: tuple[str | None, str | None] | None = None  # attacker, target
        self.sentence = 0  # the sentence being coded, counted from 0
        self.last_attack_at = -2  # the sentence that coded the last attack
        both = re.search(r"\bRussia|\bMoscow|\bKremlin", norm) and re.search(
            r"\bUkrain|\bKyiv", norm
        )
        self.track: str | None = None
        self.negotiators: set[str] = set()  # delegation heads and mediators named so far
        self.last_moves: list[dict[str, Any]] = []  # the moves the sentence before made
        # a subhead that is one place ("Kharkiv", "LVIV REGION"): where its paragraphs are
        self.section_place: tuple[str, Place] | None = None
        if both and _TALKS_CONTEXT.search(norm):
            self.track = "Russia–Ukraine peace talks"
            if _US_MEDIATION.search(norm):
                self.track += " (US-mediated)"


def _remember(
    mentions: list[Mention],
    own: dict[str, str | None] | None,
    ctx: Context,
    s_norm: str,
    chunk: _ChunkState,
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
        elif _looks_like_a_name(source, lex):
            speaker = (source, own.get("side") if own else None)
    if speaker is None:
        people = [m for m in mentions if m.actor.kind == "person"]
        if people:
            speaker = (people[-1].actor.name, people[-1].actor.side)
    if speaker:
        ctx.last_speaker = speaker
    for m in mentions:
        if m.actor.kind == "group":
            ctx.last_group = m
    venue = _venue(s_norm, lex, require_context=True)
    if venue:
        chunk.venue = venue


def _looks_like_a_name(source: str, lex: Lexicon) -> bool:
    words = source.replace("'s", "").replace("’s", "").split()
    return (
        len(words) >= 2
        and all(w[:1].isupper() for w in words[-2:])
        and lex.actor(source) is None
        and side_of_text(source) is None
    )


_NOBODY: dict[str, str | None] = {"source": None, "side": None, "via": None}


@dataclass(frozen=True)
class _Reading:
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
            "summary": _summary(self.sentence.text),
            "attribution": self.attribution,
            "time_text": self.time_text,
            "evidence": self.sentence.text,
        }


def _code_sentence(
    sentence: Sentence,
    s_norm: str,
    mentions: list[Mention],
    own: dict[str, str | None] | None,
    previous: dict[str, str | None] | None,
    chunk: _ChunkState,
    result: dict[str, Any],
    lex: Lexicon,
) -> None:
    reading = _Reading(
        sentence, s_norm, mentions, own or dict(_NOBODY), _time_text(s_norm, sentence.text)
    )
    attack = _code_attack(
        replace(reading, attribution=own or previous or dict(_NOBODY)), chunk, lex
    )
    if attack:
        result["attacks"].append(attack)
    talks = []
    masked = _mask_time(s_norm)
    if (
        _cue(lex, "nouns", masked)
        or _cue(lex, "sticking_point", masked)
        or (not attack and '"' in s_norm and _cue(lex, "nouns", s_norm))
    ):
        settled = chunk.track and _settled(s_norm, lex)
        talks = _code_talks(reading, chunk, lex, kind="outcome" if settled else None)
    elif (
        not attack
        and chunk.track
        and (_cue(lex, "position", s_norm) or _offers(lex, _unquoted(s_norm)))
        and _subject_side(s_norm, mentions) in _PARTIES
    ):
        # a party's stated demand or offer without the word "talks": "Moscow has demanded
        # control", "Ukraine proposed a freeze along the current front line"
        kind = "position" if _cue(lex, "position", s_norm) else "proposal"
        talks = _code_talks(reading, chunk, lex, kind=kind)
    elif not attack and chunk.track and _settled(s_norm, lex):
        # "They also agreed to set up a humanitarian sub-group": the parties, in talks news
        talks = _code_talks(reading, chunk, lex, kind="outcome")
    elif not attack and chunk.track and _TERRITORY_DEMAND.search(s_norm):
        # "its central demand is the part of the Donetsk region …": the territorial dispute
        talks = _code_talks(reading, chunk, lex, kind="sticking point")
    elif not attack and chunk.track and '"' in s_norm and _negotiator_speaking(reading, chunk):
        # '"Tough, but businesslike," Budanov told reporters': a negotiator's quoted verdict
        talks = _code_talks(reading, chunk, lex)
    result["talks"].extend(talks)
    for item in talks:
        chunk.negotiators.update(p["name"] for p in item["participants"])
    moves = _code_moves(reading, bool(attack), talks, lex, previous, chunk.last_moves)
    result["moves"].extend(moves)
    chunk.last_moves = moves


def _negotiator_speaking(reading: _Reading, chunk: _ChunkState) -> bool:
    """The sentence's source is a negotiator: named in the talks so far, or one the actors
    lexicon marks as taking part in talks."""
    source = reading.attribution.get("source")
    return bool(source) and (
        source in chunk.negotiators
        or any(m.actor.talks and m.actor.name == source for m in reading.mentions)
    )


def _mask_time(s_norm: str) -> str:
    """The sentence with its time phrases blanked ("hours before the talks began on Tuesday")."""
    return _TIME.sub(lambda m: " " * len(m.group()), s_norm)


def _time_text(s_norm: str, original: str) -> str | None:
    found: list[str] = []
    for m in _TIME.finditer(s_norm):
        if _SINCE_CLAUSE.search(s_norm, max(0, m.start() - 40), m.start()):
            continue  # "the eighth round since talks resumed in January": not the round's date
        phrase = original[m.start() : m.end()].strip()
        if phrase and phrase.lower() not in (f.lower() for f in found):
            found.append(phrase)
    return ", ".join(found[:3]) or None


def _summary(original: str) -> str:
    text = " ".join(original.split())
    if len(text) <= _SUMMARY_LIMIT:
        return text
    cut = max(text.rfind(", ", 0, _SUMMARY_LIMIT), text.rfind("; ", 0, _SUMMARY_LIMIT))
    return (text[:cut] if cut > 80 else text[:_SUMMARY_LIMIT].rsplit(" ", 1)[0]) + " …"


def _excluded_spans(
    s_norm: str, *, reporter: bool = True, speaker: bool = True
) -> list[tuple[int, int]]:
    """Spans naming where the speaker (if `speaker`) and the reporter (if `reporter`) is."""
    patterns = [p for p, on in ((_SPEAKER_PLACE, speaker), (_REPORTER_PLACE, reporter)) if on]
    return [(m.start(), m.end()) for p in patterns for m in p.finditer(s_norm)]


def _places(
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
            _METONYM_AFTER.match(s_norm, end)
            or _METONYM_BEFORE.search(s_norm, max(0, start - 12), start)
        ):
            continue
        if _RIVER.match(s_norm, end):
            continue  # "the left bank of the Dnipro river": not the city
        suffix = lex.patterns["place_suffix"].match(s_norm, end)
        surface = original[start : suffix.end() if suffix else end]
        if surface not in (f for f, _ in found):
            found.append((surface, entries[0]))
    for m in _NAMED_SITE.finditer(s_norm):
        surface = original[m.start("site") : m.end("site")]
        if surface.split()[0] in ("The", "A", "An", "In", "On", "At"):
            continue
        country = next((p for f, p in found if f in surface), Place(surface, None))
        found = [(f, p) for f, p in found if f not in surface]
        if not any(surface in f for f, _ in found):
            found.append((surface, country))
    if (_PLACE_WORDS | {"near"}) & _words(s_norm):
        for m in _UNKNOWN_PLACE.finditer(s_norm):
            group = next(g for g in ("p", "a", "b", "n", "r") if m.group(g))
            start, end = m.start(group), m.end(group)
            if any(a <= start < b for a, b in excluded):
                continue
            words = original[start : m.end() if group == "r" else end].split()
            while words and words[0] in _NOT_A_PLACE:
                words = words[1:]
            if len(words) < (2 if group == "r" else 1) or _CALENDAR.fullmatch(words[0]):
                continue
            name = " ".join(words)
            if any(name in f or f in name for f, _ in found):
                continue
            if group in ("b", "n") and (lex.actor(name) or side_of_text(name)):
                continue  # "near Russia", "in Moscow, Kremlin region"
            found.append((name, Place(name, None)))
    for m in _REGION_LIST.finditer(s_norm):
        # "the Belgorod, Kursk and Voronezh regions": each one a region
        names = re.split(r",\s*(?:and\s+)?|\s+and\s+", m.group("names"))
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
    for m in _REGION_COUNT.finditer(s_norm):
        n = parse_number(m.group("n"))
        if n:
            found.append((f"{int(n)} regions", Place(f"{int(n)} regions", None)))
    return found


def _heading_place(s_norm: str, original: str, lex: Lexicon) -> tuple[str, Place] | None:
    """The place a subhead is, when it is nothing but one place ("Kharkiv", "LVIV REGION",
    "Poltava region"); None for any other subhead ("Odesa and Sumy", "Russian claims")."""
    shouted = s_norm.isupper()  # "LVIV REGION"
    title = s_norm.title() if shouted else s_norm
    places = _places(title, title if shouted else original, lex)
    if len(places) != 1:
        return None
    surface, place = places[0]
    rest = title.replace(surface, "", 1) if surface in title else title
    if shouted:
        surface = re.sub(r"\b(?:Region|Oblast)\b", lambda m: m.group().lower(), surface)
    return (
        (surface, place)
        if not re.sub(r"[\W_]+|\b(?:region|oblast)\b", "", rest, flags=re.I)
        else None
    )


def _code_attack(reading: _Reading, chunk: _ChunkState, lex: Lexicon) -> dict[str, Any] | None:
    sentence, s_norm, attribution = reading.sentence, reading.norm, reading.attribution
    trigger = _ATTACK_TRIGGER.search(s_norm) or _capture(s_norm)
    found = quantities(s_norm, sentence.text)
    figures, used = weapon_figures(s_norm, found, chunk.last_weapon, lex) if found else ([], set())
    killed, injured = casualties(s_norm, found, used, sentence.text)
    if not (trigger or figures or killed or injured):
        return None
    places = _places(s_norm, sentence.text, lex)
    captured = _captured_places(s_norm, sentence.text)
    if captured:
        places = captured  # a claimed capture is of its settlements, not of their regions
    elif (killed or injured) and not _SPEAKER_FIRST.match(s_norm):
        # "In Kharkiv, two people died": with casualties, the leading place is where, unless
        # the speaker comes first ("In Kyiv, Zelenskyy said five were killed in Dnipro")
        places = _places(s_norm, sentence.text, lex, speaker=False)
    targets = _targets(s_norm, sentence.text, lex, _excluded_source(s_norm, attribution))
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
            trigger and (places or (targets and (reading.time_text or _CARRIED_OUT.search(s_norm))))
        )
    ):
        return None
    if not (figures or killed or injured) and (
        _HYPOTHETICAL.search(
            s_norm,
            max(0, trigger.start() - 45) if trigger else 0,
            trigger.start() if trigger else 0,
        )
        or (
            not _capture(s_norm)
            and _only_mentions_an_attack(
                s_norm, targets, quoted_report=bool(places and reading.time_text)
            )
        )
    ):
        return None
    if figures:
        chunk.last_weapon = figures[-1]["weapon"]
    attacker, object_side = _attacker(s_norm, attribution)
    target_country = _target_country(s_norm, places, object_side)
    if (
        attacker is None
        and target_country is None
        and not places
        and chunk.last_attack
        and chunk.last_attack_at == chunk.sentence - 1
    ):
        # "Of the 152 drones, 124 were shot down": the report right before it goes on
        attacker, target_country = chunk.last_attack
    speaker_side = attribution.get("side")
    if attacker is None and target_country is None and figures and speaker_side in _ENEMY:
        # a side counting drones and missiles with no attacker named counts the enemy's
        # ("Nearly four hundred drones in one night", Zelenskyy said); its own are "our"/"its"
        attacker = _ENEMY[speaker_side]
    if attacker is None and target_country in ("Russia", "Ukraine"):
        hard_places = [p for _, p in places if p.country and not p.occupied]
        if hard_places or object_side or (figures and speaker_side == target_country):
            # "512 drones were fired at Ukraine, the Ukrainian Air Force reported"
            attacker = "Ukraine" if target_country == "Russia" else "Russia"
    if target_country is None and attacker in ("Russia", "Ukraine"):
        target_country = "Ukraine" if attacker == "Russia" else "Russia"
    source = attribution.get("source")
    if (
        source
        and attribution.get("side") is None
        and target_country
        and _LOCAL_OFFICIAL.search(source)
    ):
        # a governor or mayor speaks for the place that was hit
        reading = replace(reading, attribution={**attribution, "side": target_country})
    chunk.last_attack, chunk.last_attack_at = (attacker, target_country), chunk.sentence
    return {
        "attacker": attacker,
        "target_country": target_country,
        "places": [surface for surface, _ in places],
        "targets": targets,
        "figures": figures,
        "killed": killed,
        "injured": injured,
        "cumulative": bool(_CUMULATIVE.search(s_norm)),
        **reading.common(),
    }


# "the overnight strike", "Tuesday's attack", "this week's strikes": an attack already told
_ANAPHORIC_ATTACK = re.compile(
    r"\b(?:the|this|that|these|those|such|[A-Z]\w+day's|last\s+night's|(?:the\s+)?latest)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:attacks?|strikes?|shelling|bombardment|barrage|raid)\b"
)


_PAST_ATTACK = re.compile(
    r"\b(?:struck|attacked|shelled|bombed|pounded|launched|fired|destroyed|damaged|hit\s+(?:the|a|an)\b)"
)


_ENEMY = {"Ukraine": "Russia", "Russia": "Ukraine"}
_PARTIES = ("Russia", "Ukraine", "United States")
_INTO = re.compile(r"\s+(?:into|back)\b")  # "slammed into a house", "pushed back twice"
# "a pledge that Ukraine will never join NATO": a promise demanded, not aid pledged
_PLEDGE_THAT = re.compile(r"(?i:pledges?)(?=\s+(?:that|not|never)\b)")
_SPEAKER_FIRST = re.compile(
    r"(?:In|From)\s+[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?,\s+(?:[\w'-]+\s+){0,5}?"
    r"(?:said|says|told|wrote|announced|stated)\b"
)
_COMMITS = re.compile(r"\s+(?:also\s+)?(?:will|are to|are due to|would)\s+(?!not\b)\w+")
_SIDES_SUBJECT = re.compile(
    r"(?:They|The two sides|Both sides|The sides|The parties|Both parties|The delegations|"
    r"Both delegations|The two delegations|Negotiators|The negotiators)\b"
)
# "Ukraine and Russia will each release 500 prisoners", "Kyiv and Moscow agreed to …"
_PAIR_SUBJECT = re.compile(
    r"(?:(?:Ukraine|Kyiv)\s+and\s+(?:Russia|Moscow)|(?:Russia|Moscow)\s+and\s+(?:Ukraine|Kyiv)|"
    r"(?:Ukrainian\s+and\s+Russian|Russian\s+and\s+Ukrainian)\s+(?:negotiators|delegations))\b"
)
_AGREED = re.compile(r"\s+(?:have\s+|had\s+|also\s+)?agreed\b")
# "Russia will also hand over the bodies of 1,000 soldiers": one party's part of a deal
_PARTY_HANDS_OVER = re.compile(
    r"(?:Russia|Moscow|Ukraine|Kyiv)\s+(?:also\s+)?(?:will|would|is to|is due to)\s+"
    r"(?:also\s+)?(?:hand over|hand back|return|release|exchange|swap|repatriate)\b"
)
_PASSIVE_QUOTE = re.compile(
    r"\b(?:had|has|have)\s+been\s+\""
)  # a plant had been "seriously damaged"
_CARRIED_OUT = re.compile(r"\b(?:carried out|conducted|delivered|launched|made)\b")


def _settled(s_norm: str, lex: Lexicon) -> bool:
    """The parties agreed or committed to something: "They also agreed to set up a
    sub-group", "The two sides will exchange 500 prisoners each", "Russia will also hand
    over the bodies of 1,000 soldiers"."""
    if _next_round(lex, s_norm):  # "will meet again": the next round
        return False
    sides = _SIDES_SUBJECT.match(s_norm)
    if sides:
        return bool(_cue(lex, "outcome", s_norm) or _COMMITS.match(s_norm, sides.end()))
    # the two countries named: only what they commit to, not "ended a day of talks
    # describing them as 'hard'" (a verdict)
    pair = _PAIR_SUBJECT.match(s_norm)
    if pair and (_COMMITS.match(s_norm, pair.end()) or _AGREED.match(s_norm, pair.end())):
        return True
    return bool(_PARTY_HANDS_OVER.match(s_norm))  # in talks news, one party's part of a deal


def _only_mentions_an_attack(s_norm: str, targets: list[str], *, quoted_report: bool) -> bool:
    """A sentence with no figure or casualty whose attack words are all inside a quotation
    ("'They are trying to hit us,' said …") or, with no target either, refer back to an
    attack already reported ("It did not comment on the strike on Dnipro"): a comment, not
    a report. A quotation that tells of a strike in the past tense, with the sentence's
    place and time (`quoted_report`: "'Russia struck Kharkiv last night,' he said"), is a
    report."""
    unquoted = _QUOTE.sub(lambda m: " " * len(m.group()), s_norm)
    triggers = list(_ATTACK_TRIGGER.finditer(unquoted))
    if not triggers:
        # "its forces had carried out 'a massive strike …' on port facilities", "a power
        # plant had been 'seriously damaged'": the quote names the strike, the sentence
        # says what was struck
        carried_out = (_CARRIED_OUT.search(unquoted) or _PASSIVE_QUOTE.search(s_norm)) and any(
            normalize(t) in unquoted for t in targets
        )
        return not (carried_out or (quoted_report and _PAST_ATTACK.search(s_norm)))
    if targets:
        return False
    told = [(m.start(), m.end()) for m in _ANAPHORIC_ATTACK.finditer(unquoted)]
    return all(any(a <= t.start() < b for a, b in told) for t in triggers)


def _excluded_source(s_norm: str, attribution: dict[str, str | None]) -> tuple[int, int] | None:
    """Where the sentence names its source ("the region's emergency headquarters said"):
    no target is read from there."""
    source = attribution.get("source")
    if not source:
        return None
    at = s_norm.rfind(normalize(source))
    return (at, at + len(source)) if at >= 0 else None


def _capture(s_norm: str) -> re.Match[str] | None:
    """A claimed capture of a named place, not a negated or hypothetical one."""
    if not {"captured", "seized", "liberated", "control"} & _words(s_norm):
        return None
    negation = lexicon().patterns["negation"]
    for m in _CAPTURE.finditer(s_norm):
        if not negation.search(s_norm, max(0, m.start() - 25), m.start()):
            return m
    return None


# the settlements a capture claim names: "captured Zelenyi Hai in the Zaporizhzhia region
# and Petrivske in the Kharkiv region", not the regions they lie in
_SETTLEMENT = re.compile(
    r"(?<![\w-])[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?(?!\s+(?:region|oblast)\b)(?![\w'-])"
)


def _captured_places(s_norm: str, original: str) -> list[tuple[str, Place]]:
    """The settlements a sentence claims were captured, as written; empty when it claims
    no capture."""
    capture = _capture(s_norm)
    if capture is None:
        return []
    stop = re.search(r"[.;]|\b(?:said|says|claimed|according)\b", s_norm[capture.end() :])
    end = capture.end() + (stop.start() if stop else len(s_norm) - capture.end())
    found = []
    for m in _SETTLEMENT.finditer(s_norm, capture.end(), end):
        if s_norm[max(0, m.start() - 4) : m.start()].lower() == "the ":
            continue  # "the Zaporizhzhia region", "the Kremlin"
        name = original[m.start() : m.end()]
        if name not in (f for f, _ in found):
            found.append((name, Place(name, None)))
    return found


# "about 60,000 households without electricity", "2,000 tonnes of wheat"
_LOSS = re.compile(
    r"(?:(?:about|around|some|nearly|almost|more\s+than|over|at\s+least)\s+)?\d[\d,.]*\s+"
    r"(?:(?:thousand|million)\s+)?(?:households|homes|consumers|customers|subscribers|"
    r"people|residents)\s+(?:were\s+|are\s+|have\s+been\s+)?(?:left\s+)?without\s+"
    r"(?:power|electricity|heating|heat|water|gas)"
    r"|(?:cutting|cut|knocking\s+out|knocked\s+out)\s+(?:off\s+)?(?:power|electricity|heating|"
    r"water|gas)(?:\s+supplies)?\s+(?:to|for)\s+(?:(?:about|around|some|nearly|almost|"
    r"more\s+than|over|at\s+least)\s+)?\d[\d,.]*\s+(?:(?:thousand|million)\s+)?"
    r"(?:households|homes|consumers|customers|subscribers|people|residents)"
    r"|(?:(?:about|around|some|nearly|almost|more\s+than|over|at\s+least)\s+)?\d[\d,.]*\s+"
    r"tonnes\s+of\s+[a-z]+",
    re.IGNORECASE,
)


def _targets(
    s_norm: str, original: str, lex: Lexicon, excluded: tuple[int, int] | None = None
) -> list[str]:
    found: list[str] = []
    if not lex.may_match("target", _words(s_norm)):
        return found
    for m in _LOSS.finditer(s_norm):  # what the strike cost, as written ("were" left out)
        loss = " ".join(original[m.start() : m.end()].split())
        found.append(re.sub(r" (?:were|are|have been) (?=(?:left )?without )", " ", loss))
    for m in lex.patterns["target"].finditer(s_norm):
        if _NOT_A_TARGET_AFTER.match(s_norm, m.end()):
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
    m = _ATTACKER_VERB.search(s_norm)
    if m:
        who = m.group("who")
        if who.startswith(("its ", "our ")):
            return attribution.get("side"), None
        if who == "the enemy":
            side = attribution.get("side")
            return ({"Ukraine": "Russia", "Russia": "Ukraine"}.get(side or ""), None)
        return side_of_text(who), None
    for adj in _ATTACKER_ADJ.finditer(s_norm):
        if _OBJECT_CONTEXT.search(s_norm, max(0, adj.start() - 30), adj.start()):
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
        return max(counts, key=lambda c: counts[c])
    m = _TARGET_COUNTRY.search(s_norm)
    if m:
        return side_of_text(m.group("c"))
    return object_side


_WORDS = re.compile(r"[\w']+(?:-[\w']+)*")


@lru_cache(maxsize=16)
def _words(s_norm: str) -> frozenset[str]:
    """Lower-cased words of a sentence, hyphenated ones also split, for cheap pre-checks."""
    found = set()
    for m in _WORDS.finditer(s_norm.lower()):
        word = m.group()
        found.add(word)
        if "-" in word:
            found.update(word.split("-"))
    return frozenset(found)


# "to brief Putin on the U.S. proposals": a proposal already made, referred to
_REFERRED = re.compile(r"\b(?:on|about|over|of|to|with)\s+the(?:\s+[\w.'’-]+){0,2}\s*$")


def _offers(lex: Lexicon, s_norm: str) -> bool:
    """A proposal cue that makes an offer, not one that refers to an offer made before."""
    if not lex.may_match("talks:proposal", _words(s_norm)):
        return False
    cues = lex.talks_cues["proposal"].finditer(s_norm)
    return any(not _REFERRED.search(s_norm, 0, m.start()) for m in cues)


def _cue(lex: Lexicon, name: str, s_norm: str) -> re.Match[str] | None:
    """`talks_cues[name]` searched in the sentence, skipped when its words are absent."""
    if not lex.may_match(f"talks:{name}", _words(s_norm)):
        return None
    return lex.talks_cues[name].search(s_norm)


# "were due to resume talks" (hours before the round since held), "was set to take place"
_WAS_DUE = re.compile(r"\b(?:was|were|had\s+been)\s+(?:due|set|scheduled|expected)\s+$")


def _next_round(lex: Lexicon, s_norm: str, *, count_negated: bool = True) -> bool:
    """The sentence tells of talks to come: a cue of the next round ("will meet again", "no
    date was set for"), or one of the talks going on ("will continue", "to resume") with the
    talks a few words before or after it, not said of a round that was due when another
    thing happened. Without `count_negated`, a cue a negation comes right before does not
    count ("did not resume")."""
    negation = lex.patterns["negation"]
    words = _words(s_norm)
    found: list[re.Match[str]] = []
    if lex.may_match("talks:next_round", words):
        found = list(lex.talks_cues["next_round"].finditer(s_norm))
    if lex.may_match("talks:goes_on", words):
        of = lex.talks_cues["next_of"]
        found += [
            m
            for m in lex.talks_cues["goes_on"].finditer(s_norm)
            if not _WAS_DUE.search(s_norm, 0, m.start())
            and (
                of.search(" ".join(s_norm[: m.start()].split()[-6:]))
                or of.search(" ".join(s_norm[m.end() :].split()[:6]))
            )
        ]
    return any(
        count_negated or not negation.search(s_norm, max(0, m.start() - 25), m.start())
        for m in found
    )


@lru_cache(maxsize=16)
def _place_hits(s_norm: str) -> list[tuple[int, int, str]]:
    return [(h.start, h.end, h.text) for h in lexicon().place_index.find(s_norm)]


def _venue(s_norm: str, lex: Lexicon, *, require_context: bool = False) -> str | None:
    excluded = _excluded_spans(s_norm, reporter=False)
    for start, end, name in _place_hits(s_norm):
        if any(a <= start < b for a, b in excluded):
            continue
        entries = [p for p in lex.place(name) if p.venue]
        if not entries:
            continue
        before = s_norm[max(0, start - 60) : start]
        if _PAST_VENUE.search(before):
            continue
        if _DATED_AFTER.match(s_norm, end):
            continue  # "who led Moscow's team at the Istanbul talks in 2025": not these talks
        talks_before = _VENUE_BEFORE.search(before)
        if " ".join(name.lower().split()) in lex.seats:
            if talks_before:
                return entries[0].name
            continue
        if talks_before or _VENUE_AFTER.match(s_norm, end):
            return entries[0].name
        if not require_context and _VENUE_PREP.search(before):
            return entries[0].name
    return _unknown_venue(s_norm, lex, excluded)


def _unknown_venue(s_norm: str, lex: Lexicon, excluded: list[tuple[int, int]]) -> str | None:
    """A venue the gazetteer lacks: the capitalised name after "talks in", "met in" …"""
    if not {"talks", "round", "met", "negotiations", "meeting", "meetings"} & _words(s_norm):
        return None
    for m in _VENUE_NAME.finditer(s_norm):
        name = m.group("v")
        if any(a <= m.start() < b for a, b in excluded):
            continue
        if _PAST_VENUE.search(s_norm[max(0, m.start() - 60) : m.start("v")]):
            continue
        first = name.split()[0]
        if first in _NOT_A_NAME or _CALENDAR.fullmatch(first):
            continue
        if lex.place(name) or side_of_text(name) or lex.actor(name):
            continue  # a known place that is not a venue, or a country
        return name
    return None


def _code_talks(
    reading: _Reading, chunk: _ChunkState, lex: Lexicon, kind: str | None = None
) -> list[dict[str, Any]]:
    sentence, s_norm = reading.sentence, reading.norm
    cues = lex.talks_cues
    quotes = [(m.start("q"), m.end("q")) for m in _QUOTE.finditer(s_norm)]
    anywhere, unquoted = _tone_patterns()
    quote = None
    if kind is None and _next_round(lex, _blank_long_quotes(s_norm, quotes), count_negated=False):
        kind = "next round"
    elif kind is None:
        for a, b in quotes:
            if anywhere.search(s_norm, a, b):
                kind, quote = "assessment", sentence.text[a:b]
                break
        if kind is None and unquoted.search(s_norm):
            kind = "assessment"
        elif kind is None:
            for name in ("sticking_point", "outcome", "position", "proposal"):
                if _cue(lex, name, s_norm):
                    kind = name.replace("_", " ")
                    break
    venue_here = _venue(s_norm, lex)
    participants = _participants(s_norm, reading.mentions)
    round_number = _round(s_norm)
    session = bool(_cue(lex, "session", _mask_time(s_norm)))
    if (
        kind is None
        and quotes
        and quotes[0][1] - quotes[0][0] <= 240
        and not _WHEN.fullmatch(s_norm[quotes[0][0] : quotes[0][1]].strip(" ,.;"))
    ):  # a quote is a verdict, unless it only says when ('to take place "in the coming weeks"')
        kind, quote = "assessment", sentence.text[quotes[0][0] : quotes[0][1]]
    kinds = []
    if kind:
        kinds.append(kind)
    if kind not in ("session", "next round") and (  # the next round is not a session held
        (session and venue_here)
        or (kind is None and (session or venue_here or participants or round_number))
    ):
        kinds.append("session")
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
    if quote is None:
        for a, b in quotes:
            if b - a <= 160 and cues["nouns"].search(s_norm, a, b):
                quote = sentence.text[a:b]
                break
    items = []
    for k in kinds:
        items.append(
            {
                "kind": k,
                "track": chunk.track,
                "venue": venue_here or chunk.venue,
                "round": round_number,
                "format": _format(s_norm),
                "participants": participants,
                "quote": quote if k != "session" else None,
                **reading.common(),
            }
        )
    return items


def _unquoted(s_norm: str) -> str:
    """The sentence with its quotations blanked out (same length)."""
    return _QUOTE.sub(lambda m: " " * len(m.group()), s_norm)


def _blank_long_quotes(s_norm: str, quotes: list[tuple[int, int]]) -> str:
    """The sentence with long quotations blanked: a commentator's paragraph-long quote is
    commentary, and what it reports second-hand is not a schedule."""
    for a, b in quotes:
        if b - a > 160:
            s_norm = s_norm[:a] + " " * (b - a) + s_norm[b:]
    return s_norm


def _subject_side(s_norm: str, mentions: list[Mention]) -> str | None:
    """The side of the first actor a sentence names (its subject, usually)."""
    first_np = _SIDE_NP.search(s_norm)
    first_mention = next((m for m in mentions if m.actor.kind != "agency"), None)
    if first_mention and (not first_np or first_mention.start <= first_np.start()):
        return first_mention.actor.side
    return side_of_text(first_np.group()) if first_np else None


def _round(s_norm: str) -> int | None:
    m = _ROUND.search(s_norm)
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
    if re.search(r"\b(?:mediat\w+|brokered)\b", low):
        return "mediated"
    return None


_NOT_A_NAME = {
    "Since", "In", "On", "At", "After", "Before", "When", "While", "But", "And", "As", "The",
    "This", "That", "Last", "Next", "Earlier", "Later", "During", "For", "From", "With",
}  # fmt: skip
_APPOSITIVE_ROLE = re.compile(
    r"(?P<name>[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+){1,2}),\s+(?P<role>(?:the\s+|[A-Z][\w']*\s+)?"
    r"(?:head|chief|leader)\s+of\s+[^,.;]{3,60}?(?:delegation|negotiating\s+team|team)|"
    r"[^,.;]{0,30}(?:top|chief|lead)\s+negotiator|[^,.;]{0,30}\benvoy|[^,.;]{0,30}\bmediator)"
)


def _participants(s_norm: str, mentions: list[Mention]) -> list[dict[str, Any]]:
    people: list[dict[str, Any]] = []
    names: set[str] = set()
    for m in mentions:
        if m.actor.kind == "person" and m.actor.talks and m.actor.name not in names:
            names.add(m.actor.name)
            people.append({"name": m.actor.name, "role": m.actor.role, "side": m.actor.side})
    for m in _APPOSITIVE_ROLE.finditer(s_norm):
        name = m.group("name")
        if any(name in n or n.split()[-1] in name for n in names):
            continue
        if name.split()[0] in _NOT_A_NAME or _CALENDAR.search(name):
            continue
        names.add(name)
        role = " ".join(m.group("role").split())
        people.append({"name": name, "role": role, "side": side_of_text(role)})
    return people


def _code_moves(
    reading: _Reading,
    is_attack: bool,
    talks: list[dict[str, Any]],
    lex: Lexicon,
    previous: dict[str, str | None] | None,
    last_moves: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    sentence, s_norm, mentions = reading.sentence, reading.norm, reading.mentions
    attribution = reading.attribution
    quotes = [(m.start(), m.end()) for m in _QUOTE.finditer(s_norm)]
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
        if lex.may_match("move_cue", _words(s_norm))
        else ()
    )
    for cue in found_cues:
        kind = lex.move_cues.get(" ".join(cue.group().lower().split()))
        if kind and not (  # not "slammed into", "pushed back", "a pledge that …"
            _INTO.match(s_norm, cue.end()) or _PLEDGE_THAT.match(s_norm, cue.start())
        ):
            cues_by_kind.setdefault(kind, []).append(cue)
    for kind in _MOVE_PRIORITY:
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
            and _subject_side(s_norm, mentions) in _PARTIES
        ):
            continue  # a party's demand or offer in the talks is told there, not twice
        for cue in cues_by_kind.get(kind, ()):
            in_quote = any(a <= cue.start() < b for a, b in quotes)
            if in_quote and not (kind in ("pressure", "condemnation") and speaker_is_leader):
                continue
            if negation.search(s_norm, max(0, cue.start() - 25), cue.start()):
                continue
            if _RELATIVE_SUBJECT.search(s_norm, max(0, cue.start() - 60), cue.start()):
                continue  # "tariffs that Washington has threatened": not this sentence's move
            asked = _ASKED.match(s_norm)
            if asked and cue.start() < asked.end():
                continue  # "Asked about Britain's new sanctions, he said …": not his move

            actor = _move_actor(s_norm, sentence.text, cue.start(), mentions, quotes)
            if source and _SECOND_VERB.search(s_norm, max(0, cue.start() - 12), cue.start()):
                # "Zelenskiy thanked Switzerland but warned …": the subject of the first verb
                actor = (source, attribution.get("side"))
            if actor is None and previous and previous.get("source"):
                he = _PRONOUN_SUBJECT.match(s_norm)
                if he and he.end() >= cue.start():  # "He urged …": the last sentence's speaker
                    actor = (previous["source"], previous.get("side"))
            if in_quote and speaker is not None:
                actor = (speaker.surface, speaker.actor.side)
            source_of_pressure = _FROM_ACTOR.match(s_norm, cue.end())
            if kind == "pressure" and source_of_pressure:
                np = source_of_pressure.group("np")
                actor = (sentence.text[source_of_pressure.start("np") : source_of_pressure.end("np")],
                         side_of_text(np) or "other")  # fmt: skip
            if actor is None and attribution.get("source"):
                actor = (attribution["source"], attribution.get("side"))
            same = next((m for m in reversed(last_moves) if m["kind"] == kind), None)
            if actor is None and same and _MEASURE_SUBJECT.match(s_norm):
                actor = (same["actor"], same["actor_side"])  # the sentence before's measure
            if actor and last_moves and re.fullmatch(r"The\s+[a-z][\w\s-]*", actor[0]):
                # "The ministry called the incursion …": the one the sentence before named
                actor = (last_moves[-1]["actor"], last_moves[-1]["actor_side"])
            if actor is None:
                continue
            moves.append(
                _move(kind, actor, _move_target(s_norm, sentence.text, cue.end()), reading)
            )
            break
        if len(moves) == 2:
            break
    if not moves and not is_attack:
        pressed = _LEADER_PRESSURE.search(s_norm)
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
        if leader and _WAR_CONTEXT.search(s_norm) and lex.patterns["speech"].search(s_norm):
            moves.append(_move("statement", (leader.surface, leader.actor.side), None, reading))
    return moves


def _leader_speaking(mentions: list[Mention], attribution: dict[str, str | None]) -> Mention | None:
    """The leader a sentence quotes or reports (the attribution's source), if any."""
    source = attribution.get("source")
    return next(
        (m for m in mentions if m.actor.leader and source and m.actor.name.split()[-1] in source),
        None,
    )


def _move(
    kind: str, actor: tuple[str, str | None], target: str | None, reading: _Reading
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
    """The actor nearest before the move's verb, outside quotations."""
    best: tuple[int, str, str | None] | None = None
    for m in mentions:
        if (
            m.end <= pos
            and not any(a <= m.start < b for a, b in quotes)
            and m.actor.kind != "agency"
        ):
            best = (m.start, m.surface, m.actor.side)
    for m in _SIDE_NP.finditer(s_norm, 0, pos):
        if any(a <= m.start() < b for a, b in quotes):
            continue
        if _NOT_THE_ACTOR.search(s_norm, max(0, m.start() - 30), m.start()):
            continue
        if best is None or m.start() > best[0]:
            surface = original[m.start() : m.end()]
            best = (m.start(), surface, side_of_text(m.group()) or "other")
    lex = lexicon()
    for m in lex.patterns["country"].finditer(s_norm, 0, pos):
        # "Romania's foreign ministry condemned", "the Dutch defence ministry said"
        if any(a <= m.start() < b for a, b in quotes):
            continue
        if _NOT_THE_ACTOR.search(s_norm, max(0, m.start() - 30), m.start()):
            continue
        if best is None or m.start() > best[0]:
            best = (m.start(), lex.countries[m.group()], "other")
    return (best[1], best[2]) if best else None


def _move_target(s_norm: str, original: str, pos: int) -> str | None:
    m = re.match(r"\s+(?:(?:against|on|at|to|targeting|with|of)\s+)?", s_norm[pos:])
    start = pos + (m.end() if m else 0)
    rest = s_norm[start : start + 120]
    if not rest:
        return None
    if rest[:1].isupper():
        cap = re.match(
            r"(?:[A-Z][\w'.-]*)(?:\s+(?:[A-Z][\w'.-]*|of(?=\s+[A-Z])|the(?=\s+[A-Z])))*", rest
        )
        text = cap.group() if cap else ""
        first = text.split()[0] if text else ""
        if _CALENDAR.fullmatch(first) or first in (
            "The",
            "This",
            "That",
            "It",
            "He",
            "She",
            "They",
        ):
            return None
    else:
        if not re.match(
            r"(?:the|its|his|her|their|all|any|new|Russian|Ukrainian|\d[\d,]*)\s", rest
        ):
            return None
        stop = _TARGET_STOP.search(" " + rest)
        text = rest[: max(0, stop.start() - 1)] if stop else rest
        words = text.split()
        if len(words) > 6 or not words:
            return None
    text = re.sub(r"(?<=[a-z]{2})\.$", "", text.strip())  # the full stop, not "U.S."
    if not text or text.lower() in ("the", "of", "and"):
        return None
    return original[start : start + len(text)]
