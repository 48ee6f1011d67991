"""Text helpers for the merge: name folding, similarity, number checks, range wording."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache

from ..dates import WEEKDAY, looks_ahead
from ..numbers import NUMBER_WORDS, ORDINAL_WORDS, number_words_value
from .tables import table

__all__ = [
    "surname",
    "VAGUE",
    "attribute",
    "clean",
    "content_words",
    "countries",
    "demonym",
    "distinct_sources",
    "fold",
    "format_number",
    "format_range",
    "gist",
    "jaccard",
    "led_by",
    "names_in",
    "numbers_in_evidence",
    "same_words",
    "similar",
    "source_key",
    "spelling_key",
    "stems",
    "unsupported_numbers",
    "without_dates",
]

_NUMBER_WORDS = re.compile(rf"\b(?:{ORDINAL_WORDS}|{NUMBER_WORDS})\b")
_DIGITS = re.compile(r"(?<![\w.])\d+(?:,\d{3})*(?:\.\d+)?")
_DATE_LIKE = re.compile(r"\b\d{4}-\d{2}(?:-\d{2})?(?:/\d{2})?\b")
_MARKER = re.compile(r"\[\d+\]")
# the date label the merge puts first: "2026-03-10: ", "overnight to 2026-03-10: ", "2023: "
_DAY_LABEL = re.compile(
    r"^(?:Running total — )?(?:reported |overnight to )?\d{4}(?:-\d{2}){0,2}(?: to \d{4}-\d{2}-\d{2})?: "
)
_STOP = {
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "but", "with", "by",
    "from", "as", "is", "was", "were", "be", "been", "has", "have", "had", "that", "this",
    "it", "its", "their", "his", "her", "said", "says", "say", "would", "will", "after",
    "into", "over", "not", "no", "they", "he", "she", "we", "also",
}  # fmt: skip


_LEADING_MARKS = re.compile(r"^(?:[#>]+\s*|[-*+]\s+)+")


def clean(text: str | None) -> str:
    """One line of plain text: whitespace collapsed, no leading '#', '>' or list marker."""
    line = " ".join(str(text or "").split())
    return _LEADING_MARKS.sub("", line).strip()


@lru_cache(maxsize=1 << 16)  # the merge folds the same names and places again and again
def fold(text: str | None) -> str:
    """A spelling-tolerant key: lowercase letters and digits, possessives dropped, doubled
    letters collapsed, accents dropped ("Zelenskyy" and "Zelensky", "Erdoğan" and
    "Erdogan" fold alike)."""
    lowered = unicodedata.normalize("NFKD", str(text or "").lower().replace("’", "'"))
    lowered = "".join(c for c in lowered if not unicodedata.combining(c)).replace("ı", "i")
    lowered = re.sub(r"'s\b", "", lowered)
    words = re.findall(r"[a-z0-9]+", lowered)
    return " ".join(re.sub(r"([a-z])\1+", r"\1", w) for w in words if w != "the")


def content_words(text: str | None) -> set[str]:
    return set(_content_words(text))


# every pair of reports compared reads both summaries' words: each text is read once
@lru_cache(maxsize=1 << 16)
def _content_words(text: str | None) -> frozenset[str]:
    return frozenset(w for w in fold(text).split() if w not in _STOP and len(w) > 1)


def jaccard(a: str | None, b: str | None) -> float:
    left, right = _content_words(a), _content_words(b)
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)


_GENERIC = {
    "russia", "ukraine", "moscow", "kyiv", "kiev", "russian", "ukrainian", "us", "united",
    "states", "washington", "talks", "negotiations", "side", "sides", "any", "must", "could",
    "officials", "president", "delegation", "kremlin", "round", "peace", "war", "told",
    "reporters", "ready", "wants", "demands", "including",
}  # fmt: skip


_STEM = 6  # letters a word is known by: "satisfied" and "satisfaction", "continue" and "continuing"


def stems(text: str | None) -> set[str]:
    """Content words but the usual actors and filler, each by its first letters."""
    return {w[:_STEM] for w in _content_words(text) if w not in _GENERIC}


def similar(a: str | None, b: str | None, threshold: float = 0.3) -> bool:
    """Same development in other words: word overlap (Jaccard) at `threshold`, or at least
    two shared words that are not the usual actors and filler ("Donetsk region")."""
    if jaccard(a, b) >= threshold:
        return True
    return len((_content_words(a) - _GENERIC) & (_content_words(b) - _GENERIC)) >= 2


def same_words(a: str | None, b: str | None, least: int = 2) -> bool:
    """`least` shared words that are not the usual actors and filler, a word and its other
    forms alike ("satisfied with the talks" and "expressed satisfaction ... continuing"):
    for one speaker's view told by two outlets, not for any two lines."""
    return len(stems(a) & stems(b)) >= least


def attribute(summary: str, source: str | None, via: str | None = None) -> str:
    """The summary, with its source named after it unless the summary already names it."""
    if not source:
        return summary
    words = set(fold(summary).split())
    named = surname(source)  # "Dmitry Peskov, Kremlin spokesman" is named by "Peskov"
    if (named and names_in(named, words)) or (via and set(fold(via).split()) <= words):
        return summary
    return f"{summary} ({source}{f' via {via}' if via else ''})"


def led_by(actor: str, text: str) -> tuple[str, bool]:
    """A move's line standing alone: a leading "He"/"She" is its actor ("He urged …" ->
    "Volodymyr Zelenskyy urged …"); with whether the line now names the actor, in any
    spelling ("Zelenskiy" names "Volodymyr Zelenskyy")."""
    actor, text = clean(actor), clean(text)
    if actor and (pronoun := re.match(r"(?:He|She) (?=[a-z])", text)):
        text = f"{actor} {text[pronoun.end() :]}"
    surname = (fold(actor).split() or [""])[-1]
    return text, bool(surname) and names_in(surname, set(fold(text).split()))


def surname(name: str | None) -> str:
    """A person's last name, folded, from a name as an attribution gives it: the last word
    of the part the appositive is not ("Dmitry Peskov, Kremlin spokesman" and "Head of the
    Russian delegation to Istanbul, Vladimir Medinsky" are Peskov's and Medinsky's, not the
    spokesman's nor Istanbul's); '' when there is no name."""
    parts = clean(name).split(",")
    part = next((p for p in parts if _PROPER_NAME.fullmatch(p.strip())), parts[0])
    words = fold(part).split()
    return words[-1] if words else ""


# a name and nothing else: one to four capitalised words ("Vladimir Medinsky"), no title's
# lower-case words ("Kremlin spokesman", "head of the delegation")
_PROPER_NAME = re.compile(r"[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,3}")


@lru_cache(maxsize=1 << 14)
def spelling_key(surname_: str) -> str:
    """A folded surname with its transliteration variants made one (`people.toml`
    `spelling`): "umjerov" and "umerov", "zelenskyy" and "zelenskiy" compare equal."""
    key = surname_
    for written, read in _spellings():
        key = key.replace(written, read)
    return re.sub(r"(.)\1+", r"\1", key)


def source_key(label: str | None) -> str:
    """Who said it, as two labels of one source compare: folded, a country's adjective as
    the country, without "the", its names' transliteration variants made one ("Volodymyr
    Zelensky" and "Volodymyr Zelenskyy", "the Ukrainian air force" and "Ukraine's air
    force"), so one speaker is never listed twice in a line's sources."""
    words = [demonym(w) for w in fold(label).split() if w != "the"]
    return spelling_key(" ".join(words))


def demonym(word: str) -> str:
    """A folded word, a country's adjective as the country ("ukrainian" -> "ukraine";
    `people.toml` [demonyms])."""
    return _demonyms().get(word, word)


@cache
def _demonyms() -> dict[str, str]:
    return dict(table("people")["demonyms"])


@cache
def countries() -> frozenset[str]:
    """The countries `demonym` gives, folded ("ukraine", "us")."""
    return frozenset(_demonyms().values())


def distinct_sources(labels: Iterable[str]) -> list[str]:
    """`labels` in order, each source once (`source_key`), as its first label names it."""
    named: dict[str, str] = {}
    for label in labels:
        named.setdefault(source_key(label), label)
    return list(named.values())


@cache
def _spellings() -> tuple[tuple[str, str], ...]:
    return tuple((a, b) for a, b in table("people")["spelling"])


def names_in(surname: str, words: set[str]) -> bool:
    """`surname` among `words`, spelling variants too ("zelensky", "zelenskiy")."""
    stem = surname[:6]
    return surname in words or (len(stem) == 6 and any(w.startswith(stem) for w in words))


_ONE_PERSON = re.compile(  # as the offline coder reads one person ("killing its driver")
    r"\b(?:a|an|its|his|her|their)\s+(?:[\w-]+\s+){0,2}?(?:man|woman|child|boy|girl|person|"
    r"civilian|resident|driver|soldier|teenager|pensioner|passenger|worker|rescuer|"
    r"firefighter|medic|journalist|volunteer|police\s+officer|infant|baby)\b",
    re.IGNORECASE,
)


# Read once per quote: the checks read every report's evidence, then every line reads its
# members' quotes again (a wave told by hundreds of outlets, for each line built from it).
# Sized above a 5,000-article day's reports and sentences, so none is read twice.
@lru_cache(maxsize=1 << 18)
def numbers_in_evidence(text: str) -> frozenset[float]:
    """Numbers an evidence quote states, as digits ("1,000", "29") or words ("four",
    "twenty-nine", "third", "two hundred")."""
    found = {_to_number(m.group(0)) for m in _DIGITS.finditer(text)}
    if _ONE_PERSON.search(text):
        found.add(1.0)  # "a woman was killed" states one death
    for match in _NUMBER_WORDS.finditer(text.lower()):
        value = number_words_value(match.group(0))
        if value is not None:
            found.add(float(value))
    return frozenset(found)


def unsupported_numbers(line: str, evidence: Iterable[str]) -> list[str]:
    """Digits in `line` that no evidence quote states (the leading date label, ISO dates and
    [n] markers aside)."""
    body = without_dates(_MARKER.sub(" ", line))
    digits = [(m.group(0), _to_number(m.group(0))) for m in _DIGITS.finditer(body)]
    if not digits:
        return []  # a line of no digits needs none of its quotes read
    stated: set[float] = set()
    for quote in evidence:
        stated |= numbers_in_evidence(quote)
    return [shown for shown, value in digits if value not in stated]


def without_dates(line: str) -> str:
    """`line` without the date label the merge puts first and without ISO dates."""
    return _DATE_LIKE.sub(" ", _DAY_LABEL.sub("", line))


def _to_number(text: str) -> float:
    return float(text.replace(",", ""))


def format_number(value: float) -> str:
    """Digits as a reader expects them: thousands separated ("31,000")."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:g}"


VAGUE = {"several", "dozens", "hundreds", "thousands", "tens of thousands"}  # no number said
_PREFIX = {"at least", "more than", "about", "nearly", "up to", "fewer than"}


def format_range(low: float | None, high: float | None, qualifier: str) -> str:
    """'29–30', 'at least 3–4', 'about 400', 'dozens'."""
    if qualifier in VAGUE or (low is None and high is None):
        return qualifier if qualifier in VAGUE else "an unknown number of"
    low = high if low is None else low
    high = low if high is None else high
    number = format_number(low) if low == high else f"{format_number(low)}–{format_number(high)}"
    return f"{qualifier} {number}" if qualifier in _PREFIX else number


# -- shortening: the same line in fewer words, never a word the line did not have -----------

_LABEL = re.compile(
    r"^(?:(?:Talks|Largest attack|Deadliest attack) — |Running total — )?"
    r"(?:(?:reported |overnight to )?\d{4}(?:-\d{2}){0,2}(?: to \d{4}-\d{2}-\d{2})?: )?"
    r"(?:(?:Sticking point|Proposal \(not an agreement\)|Outcome|Next round): )?"
)
# "KYIV (Reuters) — ", "UNITED NATIONS, July 14 (Eastline) - ", "DNIPRO, Ukraine — "
_DATELINE = re.compile(
    r"^[A-Z][A-Z .'/-]+(?:,\s*(?:[A-Z][a-z]+\.?\s+\d{1,2}|[A-Z][a-z]+))?"
    r"\s*(?:\([^)]*\))?\s*[-–—]+\s+(?=[A-Z\"“])"
)
_LEAD = re.compile(
    r"^(?:In|On|At|During|Later|Earlier|Speaking|Reporting|Writing|Since|Hours|Separately|"
    r"Meanwhile|However)\b[^,“”\"()]{0,70}, (?=[A-Z])"
)
_APPOSITIVE = re.compile(
    r", (?:who|in remarks|speaking|citing|reporting|writing|for (?:his|her|its|their) part|"
    r"in (?:his|her|a) )[^,“”\"]{0,80},(?= )"
)
# a trailing clause that tells what was said (speech.toml `complements`: ", saying …"), or
# another that a line can lose (", which …", ", calling …")
_COMPLEMENTS = "|".join(map(re.escape, table("speech")["complements"]))
_TRAIL = re.compile(
    r", (?:which|while|calling|accusing|a demand|as|when|describing|urging|promising|vowing|"
    rf"in what|(?P<said>{_COMPLEMENTS}))\b"
)
_RESUMES = re.compile(r", [a-z]")  # a clause closing, the sentence going on after it
_RELATIVE = re.compile(r", (?:which|while|as|when|in what)\b")  # a clause inside a sentence
_BREAKDOWN = re.compile(r" \([^()]*[:;][^()]*\)")
_ASIDE = re.compile(r" \((?=[a-z])[^()\dA-Z]*\)(?=\s*\S)")  # "(in his words)"; never a name
_ATTACK_HEAD = re.compile(r"^(Russian|Ukrainian) attack on (?:Ukraine|Russia)\b")
_ATTACK_LINE = re.compile(r"^(?:(Russian|Ukrainian) attack|Attack)\b")
# an attack's headline places, and the places its per-place details name ("; Kyiv: 5 killed")
_HEAD_PLACES = re.compile(r"^((?:Russian|Ukrainian) attack|Attack) \(([^()]*)\)(?=: )")
_DETAIL_LABEL = re.compile(r"; ([A-Z][^:;()]*): ")
_FIRST_LABEL = re.compile(r"([A-Z][^:;()]*): ")
# "8 Iskander-M ballistic missiles" in an attack's figures: the model says what kind of
# missile it is (but "5 American cruise missiles" names none)
_MODEL_CLASS = re.compile(
    r"(\b\d[\d,–]* (?![A-Z][a-z]+(?:ian|an|ish|ese|ern|et)\b)"
    r"(?:[A-Z][\w-]*\d[\w-]*|[A-Z][a-z]+(?:-[A-Z])?)(?:/[A-Z][\w-]*)*) "
    r"(?:ballistic|cruise|hypersonic|anti-ship|guided) missiles?\b"
)
# "on Tuesday", "late on Monday night": the line's date label or its source's date says when
# (but not of a day ahead: "would meet on Thursday")
_WEEKDAY = re.compile(
    rf" (?:(?:late|early) )?on (?P<day>{WEEKDAY})(?: (?:night|morning|evening|afternoon))?\b"
    rf"(?! (?:or|and) {WEEKDAY})"  # "on Monday or Tuesday": dropping one day would garble the rest
)
# "512 drones launched (air force; Courier); 437 intercepted (air force; Courier)": the
# sources of consecutive figures named once, after the last, as the merge first wrote them
_SAME_SOURCES = re.compile(r" (\([^()]+\))(?=; [^()]+ \1)")
_MIN_WORDS = 5
_FIRST_QUOTE = re.compile(r'“[^”]*”|"[^"]*"')


def gist(line: str, words: int = 24, keep_quote: bool = True) -> str:
    """`line` shortened, then cut at the last clause break before `words` words ("…" marks
    the cut; never inside a quote, never before the line's first quote, which is what was
    said, unless not `keep_quote` (a line that tells what happened, where a quote is
    colour), and never where the tail cut off holds a number or more than one name: "has
    been territory as Russia pushes for Ukraine to give up … Donetsk" stays whole): for a
    key point that repeats a line below it, and for a long line of a briefing still over
    its length after `shorten`."""
    line = shorten(line)
    if len(line.split()) <= words:
        return line
    limit = len(" ".join(line.split()[:words]))
    first_quote = _FIRST_QUOTE.search(line)
    said = first_quote.end() if first_quote and keep_quote else 0  # what was said stays
    breaks = [
        m.start()
        for m in re.finditer(r", | and | but | which | that | who | after | as ", line[:limit])
        if not _quoted_at(line, m.start())
        and len(line[: m.start()].split()) >= _MIN_WORDS * 2
        and m.start() >= said
        and _facts_in(line[m.start() :]) <= 1
    ]
    if not breaks:
        return line
    return line[: breaks[-1]].rstrip(" ,;:") + " …"


_NAME = re.compile(r"(?<![.“\"] )\b[A-Z][a-z]")  # a capitalised word not opening a sentence


def _facts_in(tail: str) -> int:
    """Numbers and names in `tail`: what a gist would lose by cutting it off."""
    return len(_DIGITS.findall(tail)) + len(_NAME.findall(tail))


def _quoted_at(text: str, index: int) -> bool:
    before = text[:index]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def shorten(line: str) -> str:
    """`line` cut to its core clause: no dateline, no leading "In his nightly address,"
    adverbial, no ", who leads the delegation," appositive, no parenthetical aside, a
    per-source breakdown cut to its sources' names (named once for consecutive figures
    they all gave), no "on Tuesday", no trailing ", which …" / ", saying …" clause
    (unless it holds a number). Labels ("2026-03-10: ", "Outcome: ") stay; nothing inside
    a quote is cut; a cut that would leave fewer than five words is not made. Only ever
    removes words."""
    label = _LABEL.match(line)
    head, body = line[: label.end()], line[label.end() :]
    body = _ATTACK_HEAD.sub(r"\1 attack", body, count=1)  # "Russian attack on Ukraine (…)"
    if attack := _ATTACK_LINE.match(body):
        if head.startswith(("Largest attack — ", "Deadliest attack — ")) and attack.group(1):
            body = attack.group(1) + body[attack.end() :]  # the label says it is an attack
        body = _MODEL_CLASS.sub(r"\1", _attack_places_once(body))

    def enough(text: str) -> bool:
        return len(text.split()) >= _MIN_WORDS

    cut = _DATELINE.sub("", body, count=1)
    if enough(cut):
        body = cut[:1].upper() + cut[1:]
    if (match := _LEAD.match(body)) and enough(body[match.end() :]):
        body = body[match.end() :]
    for pattern in (_APPOSITIVE, _BREAKDOWN, _ASIDE):
        for match in reversed(list(pattern.finditer(body))):
            if _quoted_at(body, match.start()):
                continue
            cut = body[: match.start()] + body[match.end() :]
            if pattern is _BREAKDOWN:  # keep who said it, drop only their separate figures
                names = [part.split(":")[0].strip() for part in match.group(0)[2:-1].split(";")]
                cut = body[: match.start()] + f" ({'; '.join(names)})" + body[match.end() :]
            if pattern is _APPOSITIVE:
                cut = body[: match.start()] + body[match.end() - 1 :].replace(",", "", 1)
            if enough(cut):
                body = cut
    body = _SAME_SOURCES.sub("", body)
    for match in reversed(list(_WEEKDAY.finditer(body))):
        cut = body[: match.start()] + body[match.end() :]
        ahead = looks_ahead(body[: match.end()], match.group("day"))  # no date says when
        if not _quoted_at(body, match.start()) and not ahead and enough(cut):
            body = cut
    for match in _TRAIL.finditer(body):
        # the clause ends where the line's next statement begins ("…, saying …; Another
        # outlet said …"): that one is no part of it
        end = next(
            (
                m.start()
                for m in re.finditer("; ", body[match.end() :])
                if not _quoted_at(body, match.end() + m.start())
            ),
            None,
        )
        end = len(body) if end is None else match.end() + end
        tail = body[match.start() : end]
        kept = body[: match.start()]
        if _quoted_at(body, match.start()) or _DIGITS.search(tail) or not enough(kept):
            continue
        if match.group("said") and _only_a_frame(kept):
            continue  # "Putin commented on the cancellation, saying …": what he said
        if _RELATIVE.match(tail) and _RESUMES.search(tail[2:]):
            # ", which killed two people, proved that ...": the clause closes and the
            # sentence goes on, its verb after it; cut to the end, it loses its verb (a
            # ", saying ..." trail comes after the verb and goes whole)
            continue
        attribution = re.search(r" \([^()]*\)$", tail)  # the source named after the line
        body = kept + (attribution.group(0) if attribution else "") + body[end:]
        break
    return head + body


def _only_a_frame(text: str) -> bool:
    """`text` tells only that someone spoke of something ("Putin commented on the summit",
    speech.toml `frames`), by no quote and no speech verb ("said Ukraine was ready")."""
    frame, said = _frame_and_said()
    return bool(frame.search(text)) and not _FIRST_QUOTE.search(text) and not said.search(text)


@cache
def _frame_and_said() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(a frame verb of speech.toml `frames`, a speech verb: `_SPEECH`'s or its `verbs`)."""
    words = table("speech")
    frames = "|".join(map(re.escape, words["frames"]))
    verbs = "|".join(map(re.escape, words["verbs"]))
    return re.compile(rf"\b(?:{frames})\b"), re.compile(rf"\b(?:{_SPEECH}|{verbs})\b")


def _attack_places_once(body: str) -> str:
    """An attack line with per-place details names its places there only: the headline
    keeps the places no detail names. Not when the headline's places are where the wave's
    own figures were counted: "7 drones intercepted (the ministry)" over four regions stays
    over four, whichever of them also has a clause of its own."""
    match = _HEAD_PLACES.match(body)
    if not match:
        return body
    rest = body[match.end() + 2 :]  # after the headline's ": "
    if not _FIRST_LABEL.match(rest):  # the wave's own figures come first
        first = _DETAIL_LABEL.search(rest)
        if first is None or _DIGITS.search(rest[: first.start()]):
            return body
    found = _DETAIL_LABEL.findall(body) + _FIRST_LABEL.findall(rest[: rest.find(":") + 2])
    labels = {fold(p) for label in found for p in label.split(", ")}
    if not labels:
        return body
    kept = [p for p in match.group(2).split(", ") if fold(p) not in labels]
    places = f" ({', '.join(kept)})" if kept else ""
    return match.group(1) + places + body[match.end() :]


_SPEECH = (
    r"(?:said|says|wrote|writes|added|stressed|insisted|declared|announced|told\s+(?:reporters|"
    r"journalists|lawmakers|parliament|diplomats|(?:the\s+)?(?:state\s+)?(?:broadcaster|"
    r"news\s+agency|agency|newspaper|channel|television)\s+[A-Z][\w'’-]+|"
    r"(?:the\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*))"
)
_WHERE = (  # "in a statement on Telegram", "in his evening address", "on the eve of the talks"
    r"(?:\s+(?:in|at|on|from|during)\s+(?:(?:a|an|his|her|its|the)\s+[\w-]+"
    r"(?:\s+of\s+(?:the\s+|a\s+|an\s+)?[\w-]+)?"
    r"(?:\s+(?!(?:in|at|on|from|during|that)\b)[\w-]+)?"
    r"|[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?))*"
)
_CREDIT = r"(?:\s+\([^()]*\))?"  # the source named after the line by the merge
_SAID_THAT = re.compile(
    rf"^(?P<who>[^\"“]{{0,80}}?)\s+{_SPEECH}{_WHERE},?\s+(?:that\s+)?(?P<what>.+?){_CREDIT}$"
)
_QUOTE_FIRST = re.compile(
    rf"^(?P<what>[\"“][^\"“”]+[\"”])\s+(?P<who>[^\"“]{{0,80}}?)\s+{_SPEECH}{_WHERE}\.?{_CREDIT}$"
)


# a line led by its actor's name and a verb: "Ukrainian President Volodymyr Zelenskyy called
# for …", "Commission President Greta van der Berg promised …" (up to five capitalised words
# and a name's particles, `people.toml`, then a lower-case word)
_PARTICLE = "|".join(map(re.escape, table("people")["particles"]))
_NAME_FIRST = re.compile(
    rf"^(?P<who>(?:[A-Z][\w.'’-]*\s+)(?:(?:[A-Z][\w.'’-]*|(?:{_PARTICLE}))\s+){{0,6}})"
    r"(?P<what>[a-z].*)$"
)


def without_name(text: str, actor: str) -> str:
    """A clause of `actor`'s line without the actor's name leading it when a deed follows
    ("Greta van der Berg vowed to uphold ..." -> "vowed to uphold ..."), not when words
    said do ("Harlan said he would ..." keeps who said it)."""
    match = _NAME_FIRST.match(text)
    if not match or not names_in(surname(actor), set(fold(match.group("who")).split())):
        return text
    what = match.group("what")
    return text if re.match(_SPEECH, what) else what


def without_speaker(text: str, actor: str) -> str:
    """What a statement says without who said it, when the line names the actor as its
    speaker: "President Volodymyr Zelensky said in a statement on Telegram that the strike
    showed …" -> "the strike showed …"; '"We will not yield," Zelenskyy said' -> '"We will
    not yield"'. Any other line comes back whole."""
    last = surname(actor)  # "Dmitry Peskov, Kremlin spokesman" is Peskov
    for pattern in (_QUOTE_FIRST, _SAID_THAT):
        match = pattern.match(text)
        # not a clause of its own before the verb: "Rutte met Trump in the Oval Office and
        # said ..." keeps its meeting (real news dev, 2025-10-23), "Zelensky and Macron
        # said" its second speaker
        if match and "and" in match.group("who").split():
            continue
        if match and names_in(last, set(fold(match.group("who")).split())):
            what = match.group("what").strip()
            return re.sub(r"[,.]([\"”])$", r"\1", what)
    match = _NAME_FIRST.match(text)  # "Zelenskyy called for secondary sanctions …"
    if match and names_in(last, set(fold(match.group("who")).split())):
        return match.group("what")
    return text
