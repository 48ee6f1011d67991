"""Who says so: the speech verb of a sentence, its subject, and the outlet it came through.

"Ukraine said …", "… according to the State Emergency Service", "X told reporters",
"Axios quoted X as saying", "…, he said" (the last person named before), and
"Russia's Ministry of Defence said …, according to TASS" (source the ministry, via TASS).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import Actor, Lexicon, lexicon

__all__ = ["Context", "Mention", "actor_mentions", "attribute", "side_of_text"]

_SIDE_WORDS = [
    (
        "United States",
        r"\bU\.S\.|\bUS\b|\bUnited States\b|\bAmerican|\bWashington\b|\bWhite House\b",
    ),
    ("Russia", r"\bRussia|\bMoscow\b|\bKremlin\b"),
    ("Ukraine", r"\bUkrain|\bKyiv\b|\bKiev\b"),
    ("Belarus", r"\bBelarus|\bMinsk\b"),
    ("European Union", r"\bEU\b|\bEuropean\b|\bBrussels\b"),
    ("China", r"\bChin(?:a|ese)\b|\bBeijing\b"),
]
_SIDE_RE = re.compile("|".join(f"(?P<g{i}>{p})" for i, (_, p) in enumerate(_SIDE_WORDS)))
_TITLE_STOP = {
    "In", "On", "At", "After", "Before", "When", "While", "But", "And", "As", "If", "Despite",
    "Meanwhile", "However", "Also", "The", "A", "An", "During", "Ahead", "For", "From", "With",
    "By", "Since", "Speaking", "Reporting", "According", "Earlier", "Later", "Hours", "Then",
}  # fmt: skip
_CAPITALISED = re.compile(r"([A-Z][\w'.-]*)\s+$")
_QUOTED = re.compile(r'"[^"]*"')
_ACCORDING = re.compile(
    r"\baccording\s+to\s+(?P<x>[^,;:\"]+(?:,\s+[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){1,2}(?=\s*[.,;]|$))?)",
    re.IGNORECASE,
)
_QUOTED_AS = re.compile(
    r"(?:(?P<via>[A-Z][^,;:\"]{0,60}?)\s+quoted\s+(?P<src>[^,;:\"]{1,80}?)\s+as\s+saying"
    r"|(?P<src2>[A-Z][^,;:\"]{0,80}?)\s+(?:was|were)\s+quoted\s+(?:by\s+(?P<via2>[^,;:\"]{1,60}?)\s+)?"
    r"as\s+saying)"
)
_PRONOUN = re.compile(r"^(?:he|she|they|it|we|I)$", re.IGNORECASE)
_TRAILING = re.compile(
    r"(?:\s+(?:also|separately|later|previously|earlier|then|has|had|have|was|were|would|"
    r"meanwhile|however|too|though|in\s+turn|"
    r"will|had\s+previously|again|further|repeatedly|publicly|reportedly|on\s+\w+day|"
    r"in\s+a\s+statement|on\s+social\s+media))+$"
)
_LEADING = re.compile(
    r"^(?:(?:and|but|while|as|so|also|then|that|which|who|meanwhile|however|for\s+its\s+part)\b\s*)+",
    re.I,
)
_GENERIC_SOURCES = re.compile(
    r"^(?:(?:local|regional|military|government|senior|western|security|diplomatic|"
    r"unnamed|anonymous)\s+)?(?:officials|sources|diplomats|authorities|analysts|"
    r"witnesses|residents|observers|experts|rescuers|police|prosecutors)$",
    re.I,
)
_CLAUSE_WORDS = re.compile(
    r"\b(?:been|being|is|are|was|were|has|have|had|will|would|could|should|if|when|because)\b"
)
_AFTER_VERB = re.compile(r"\s+((?:[A-Z][\w'.-]*\s+){0,5}[A-Z][\w'.-]*)")
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


def side_of_text(text: str) -> str | None:
    """The side a phrase names first ("Russia's state RIA news agency" -> Russia)."""
    m = _SIDE_RE.search(text)
    if not m:
        return None
    for i, (side, _) in enumerate(_SIDE_WORDS):
        if m.group(f"g{i}"):
            return side
    return None


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
                if not prev or prev.group(1) in _TITLE_STOP or prev.group(1).endswith("."):
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


def _who(
    phrase_start: int,
    phrase_end: int,
    norm: str,
    original: str,
    mentions: list[Mention],
    ctx: Context,
    lex: Lexicon,
) -> tuple[str | None, str | None, Actor | None]:
    """The source named in norm[phrase_start:phrase_end]: a known actor, a pronoun, or the phrase."""
    inside = [m for m in mentions if m.start >= phrase_start and m.end <= phrase_end]
    people = [m for m in inside if m.actor.kind == "person"]
    if people:
        m = people[-1]
        return m.actor.name, m.actor.side, m.actor
    groups = [m for m in inside if m.actor.kind == "group"]
    text = norm[phrase_start:phrase_end].strip(" ,")
    text = _LEADING.sub("", _TRAILING.sub("", text)).strip(" ,")
    if _PRONOUN.match(text):
        if text.lower() in ("he", "she", "i") and ctx.last_speaker:
            return ctx.last_speaker[0], ctx.last_speaker[1], None
        if text.lower() in ("they", "it", "we") and ctx.last_group:
            g = ctx.last_group
            return g.surface, g.actor.side, g.actor
        return None, None, None
    if groups:
        m = groups[-1]
        return m.actor.name, m.actor.side, m.actor
    if _GENERIC_SOURCES.match(text):
        return text, side_of_text(text), None
    if (
        not text
        or len(text.split()) > _MAX_SUBJECT_WORDS
        or not (text[0].isupper() or text.startswith(("the ", "its ")))
        or _CLAUSE_WORDS.search(text)
    ):
        return None, None, None
    offset = norm.find(text, phrase_start)
    surface = original[offset : offset + len(text)] if offset >= 0 else text
    if surface.startswith("the "):
        surface = surface[4:]
    agency = lex.agencies.get(" ".join(text.lower().split()))
    if agency:
        return agency.name, agency.side, agency
    return surface, side_of_text(text), None


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
    """{source, side, via} for a sentence, or None when it attributes nothing itself."""
    lex = lex or lexicon()
    mentions = mentions if mentions is not None else actor_mentions(norm, original, lex)
    quotes = _outside_quotes(norm)
    source = side = via = None

    quoted = _QUOTED_AS.search(norm)
    if quoted and not _in_spans(quoted.start(), quotes):
        src_group = "src" if quoted.group("src") else "src2"
        via_group = "via" if quoted.group("src") else "via2"
        source, side, _ = _who(
            quoted.start(src_group), quoted.end(src_group), norm, original, mentions, ctx, lex
        )
        if quoted.group(via_group):
            agency = _agency_in(quoted.group(via_group), lex)
            via = agency.name if agency else quoted.group(via_group).strip()
            if via.startswith("the "):
                via = via[4:]

    according = _ACCORDING.search(norm)
    according_source = None
    if according and not _in_spans(according.start(), quotes):
        agency = _agency_in(according.group("x"), lex)
        if agency:
            via = via or agency.name
            according_source = (agency.name, agency.side)
        else:
            who = _who(according.start("x"), according.end("x"), norm, original, mentions, ctx, lex)
            if who[0]:
                according_source = (who[0], who[1])

    if source is None:
        for verb in lex.patterns["speech"].finditer(norm):
            if _in_spans(verb.start(), quotes):
                continue
            speaker = _speaker_before(verb.start(), norm, original, mentions, ctx, lex)
            if speaker[0] is None:
                after = _AFTER_VERB.match(norm, verb.end())
                if after and norm[: verb.start()].rstrip().endswith((",", '"')):
                    speaker = _who(after.start(1), after.end(1), norm, original, mentions, ctx, lex)
            if speaker[0]:
                source, side, actor = speaker
                if actor is not None and actor.kind == "agency":
                    via = via or actor.name
                break

    if source is None and according_source:
        source, side = according_source
    if source is None and via is None:
        return None
    if side is None and source and via and _GENERIC_SOURCES.match(source):
        agency = lex.agencies.get(via.lower())
        side = agency.side if agency else side_of_text(via)
    if via is None:
        for m in lex.patterns["agency"].finditer(norm):
            agency = lex.agencies.get(" ".join(m.group().lower().split()))
            if agency and not _in_spans(m.start(), quotes) and agency.name != source:
                via = agency.name
                break
    return {"source": source, "side": side, "via": via}


def _speaker_before(
    pos: int, norm: str, original: str, mentions: list[Mention], ctx: Context, lex: Lexicon
) -> tuple[str | None, str | None, Actor | None]:
    """The subject of a speech verb at `pos`: the phrase since the last clause boundary."""
    head = norm[:pos]
    cut = max(head.rfind(","), head.rfind(";"), head.rfind(":"), head.rfind('"'))
    segment_start = cut + 1
    text = _LEADING.sub("", _TRAILING.sub("", " " + head[segment_start:].strip())).strip()
    if not text and cut >= 0 and head[cut] == ",":
        # an appositive: "Rustem Umerov, the head of Kyiv's negotiating team, said"
        earlier = [m for m in mentions if m.end <= cut and m.actor.kind == "person"]
        if earlier and cut - earlier[-1].end < 80:
            m = earlier[-1]
            return m.actor.name, m.actor.side, m.actor
        end = cut
        for _ in range(3):  # walk back over adverbs and appositives: "Russia, meanwhile, said"
            prev_cut = max(head.rfind(",", 0, end), head.rfind('"', 0, end))
            who = _who(prev_cut + 1, end, norm, original, mentions, ctx, lex)
            if who[0] or prev_cut < 0 or head[prev_cut] == '"':
                return who
            end = prev_cut
        return None, None, None
    if not text:
        return None, None, None
    for lead in (" that ", " who ", " which "):
        i = head.rfind(lead, segment_start)
        if i >= 0:
            segment_start = i + len(lead)
    return _who(segment_start, pos, norm, original, mentions, ctx, lex)
