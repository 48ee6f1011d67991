"""Numbers as written ("at least four", "around 400", "dozens of") and what they count.

`quantities` finds number phrases in a sentence and drops the ones that are never
counts of weapons or people (years, percentages, distances, durations, ordinals,
"day 1,455"); `weapon_figures` and `casualties` read what each remaining number counts.
Sentences given here are already `normalize`d (straight quotes), so offsets hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..numbers import NUMBER_WORDS, SCALES, number_words_value
from .lexicon import MONTH, Lexicon, lexicon, rules

__all__ = ["Quantity", "casualties", "quantities", "weapon_figures"]

_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_NUMBER = rf"(?:{_DIGITS}(?:\s+(?:hundred|thousand|million))?|{NUMBER_WORDS})"
_VAGUE = {
    "tens of thousands": (20_000, "tens of thousands"),
    "hundreds of thousands": (200_000, "thousands"),
    "thousands": (2_000, "thousands"),
    "hundreds": (200, "hundreds"),
    "dozens": (24, "dozens"),
    "scores": (40, "dozens"),
    "several": (3, "several"),
    "a few": (2, "several"),
    "a number of": (2, "several"),
    "multiple": (2, "several"),
    "a handful of": (2, "several"),
}
_QUALIFIERS = {
    "at least": "at least", "not less than": "at least", "no fewer than": "at least",
    "a minimum of": "at least", "no less than": "at least",
    "more than": "more than", "over": "more than", "in excess of": "more than",
    "upwards of": "more than", "just over": "more than", "well over": "more than",
    "around": "about", "about": "about", "some": "about", "roughly": "about",
    "approximately": "about", "an estimated": "about", "estimated": "about",
    "nearly": "nearly", "almost": "nearly", "close to": "nearly", "just under": "nearly",
    "up to": "up to", "as many as": "up to", "no more than": "up to", "not more than": "up to",
    "fewer than": "fewer than", "less than": "fewer than", "under": "fewer than",
}  # fmt: skip


def _alternation(words: object) -> str:
    return "|".join(r"\s+".join(w.split()) for w in sorted(words, key=len, reverse=True))


_QUANTITY = re.compile(
    rf"(?<![\w.,$€£-])(?:(?P<qual>{_alternation(_QUALIFIERS)})\s+)?"
    rf"(?:(?P<vague>{_alternation(_VAGUE)})(?:\s+of(?=\s))?"
    rf"|(?P<a>{_NUMBER})(?:\s*(?:-|–|to|or)\s*(?P<b>{_NUMBER}))?)"
    r"(?![\w])(?![.,]\d)",
    re.IGNORECASE,
)
# what follows a number that is not a count: 20 percent, 1,000km, four-year, 12-point
_NOT_A_COUNT_AFTER = re.compile(
    r"(?:\s*(?:%|percent|per\s+cent|km|kilomet|miles?\b|metres?\b|meters?\b|m\b|years?\b|"
    r"hours?\b|days?\b|minutes?\b|weeks?\b|months?\b|points?\b|seconds?\b|GW|MW|MWh|degrees|"
    r"tonnes|tons|°|bn\b|billion|trillion|euros?\b|dollars?\b|hryvnias?\b|roubles?\b|rubles?\b|"
    r"times\b|rounds?\b|o'clock|a\.m\.|p\.m\.|am\b|pm\b|GMT|UTC|"
    rf"(?:of\s+)?{MONTH}\b)|-[A-Za-z])",
    re.IGNORECASE,
)
# "day 1,455", "aged 61"; and "no one was hurt", "not one missile got through": a
# negated "one" counts nobody
_NOT_A_COUNT_BEFORE = re.compile(
    r"(?:\b(?:day|No\.|no|not|number|round|aged|age|page|article|resolution|paragraph|point|"
    rf"{MONTH}|Jan|Feb|Aug|Sept|Oct|Nov|Dec)|[$€£#])\s*$",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?:19|20)\d\d")
_BEFORE_WINDOW = 14


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    min: float | None
    max: float | None
    qualifier: str
    text: str

    def as_range(self) -> dict[str, Any]:
        return {"min": self.min, "max": self.max, "qualifier": self.qualifier, "text": self.text}


def parse_number(text: str) -> float | None:
    """'1,000' -> 1000, 'Twenty-nine' -> 29, 'a dozen' -> 12, '1.5 million' -> 1500000."""
    digits = re.fullmatch(r"([\d,]+(?:\.\d+)?)(?:\s+(hundred|thousand|million))?", text.strip())
    if digits:
        scale = SCALES[digits.group(2)] if digits.group(2) else 1
        return _tidy(float(digits.group(1).replace(",", "")) * scale)
    return number_words_value(text)


def _tidy(value: float) -> float:
    return int(value) if float(value).is_integer() else value


def _range(qualifier: str | None, low: float, high: float | None) -> tuple:
    if qualifier in ("at least", "more than"):
        return low, None, qualifier
    if qualifier in ("nearly", "up to", "fewer than"):
        return None, high if high is not None else low, qualifier
    if qualifier == "about" or (high is not None and high != low):
        return low, high if high is not None else low, "about"
    return low, low, "exact"


def quantities(sentence: str, original: str | None = None) -> list[Quantity]:
    """Number phrases in a sentence that could count weapons or people."""
    original = original if original is not None else sentence
    found = []
    for m in _QUANTITY.finditer(sentence):
        after = sentence[m.end() : m.end() + 16]
        if _NOT_A_COUNT_AFTER.match(after):
            continue
        before = sentence[max(0, m.start() - _BEFORE_WINDOW) : m.start()]
        qual = m.group("qual")
        qualifier = _QUALIFIERS.get(" ".join(qual.lower().split())) if qual else None
        if m.group("vague"):
            if qual and qualifier not in ("at least", "more than", "about"):
                continue
            low, vague = _VAGUE[" ".join(m.group("vague").lower().split())]
            lo, hi, q = low, None, vague
        else:
            a = m.group("a")
            if _YEAR.fullmatch(a) and not m.group("b"):
                continue  # a bare four-digit year-like number is a date, not a count
            if not qual and _NOT_A_COUNT_BEFORE.search(before):
                continue
            low = parse_number(a)
            high = parse_number(m.group("b")) if m.group("b") else None
            if low is None or (m.group("b") and high is None):
                continue
            lo, hi, q = _range(qualifier, low, high)
        found.append(Quantity(m.start(), m.end(), lo, hi, q, original[m.start() : m.end()]))
    return found


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    lex = lexicon()
    weapon = lex.patterns["weapon_noun"].pattern
    wmod = lex.patterns["weapon_modifier"].pattern
    measure = lex.patterns["measure"].pattern
    people = lex.patterns["people_noun"].pattern
    pmod = lex.patterns["people_modifier"].pattern
    casualty = lex.patterns["casualty_verb"].pattern
    modifier = rf"(?:(?i:{wmod})|[A-Z][\w'-]*|[\w]+-[\w-]+)"
    return {
        # "126 Shahed-type attack drones"; modifiers may be joined ("387 attack and decoy
        # drones", "strike or decoy drones")
        "weapon_after": re.compile(
            rf"\s+(?:{modifier}\s+(?:(?:and|or)\s+)?){{0,4}}?(?P<w>(?i:{weapon}))"
        ),
        # "including 20 Shaheds", "of which 377 drones": a share of a total just named
        "part_before": re.compile(
            r"\b(?:including|among\s+them|among\s+which|of\s+which|of\s+whom|of\s+them|"
            r"of\s+these|of\s+those|such\s+as)[\s,:]*$",
            re.IGNORECASE,
        ),
        "share_of": re.compile(r"\s+of\s+(?:the\s+)?", re.IGNORECASE),
        "or_measure": re.compile(r"\s+or\s+(?:\w+ly\s+)?", re.IGNORECASE),
        "of_them": re.compile(
            r"\s+of\s+(?:them|these|those|which|the\s+(?P<w>drones|missiles|UAVs))\b", re.IGNORECASE
        ),
        # "Of the 58 drones, 51 were shot down": the first number is the total launched
        "total_of": re.compile(r"(?:^|[,;]\s*)[Oo]f\s+(?:the\s+|all\s+|these\s+)?$"),
        # "the death toll rose to eight": a new total, not one more casualty
        "toll": re.compile(
            r"(?:death\s+toll|number\s+of\s+(?:people\s+|those\s+)?(?P<c>killed|dead|injured|"
            r"wounded))[^.;]{0,140}?\b(?:rose|risen|climbed|increased|reached|jumped|grew)\s+to\s+$",
            re.IGNORECASE,
        ),
        # "forty wounded people": the casualty word sits between number and noun
        "casualty_adjective": re.compile(
            r"\s+(?P<c>wounded|injured|dead)\s+(?:people|civilians|residents|persons|children)\b",
            re.IGNORECASE,
        ),
        # "40 were shot down"; the military's term may be quoted ('were "locationally lost"')
        "passive_measure": re.compile(
            r"\s*(?:of\s+(?:them|these|those)\s*)?(?:(?P<aux>were|was|had\s+been|have\s+been|"
            r"has\s+been|are|being|got|had|have|has)\s+)?[\"']?(?:\w+ly\s+)?"
            r"(?P<m>(?i:" + measure + "))",
            re.IGNORECASE,
        ),
        "measure": re.compile(measure, re.IGNORECASE),
        # "an average of 160 drones a day": a rate, not a count of one attack
        "rate_after": re.compile(
            r"\s+(?:a|per|each|every)\s+(?:day|night|week|month)\b|\s+(?:daily|nightly)\b",
            re.IGNORECASE,
        ),
        "rate_before": re.compile(r"\baverage\s+of\s+$", re.IGNORECASE),
        "people_after": re.compile(
            rf"\s+(?:(?:(?i:{pmod})|[A-Z][\w'-]*|\d+-year-old|\w+-\w+)\s+){{0,3}}?(?P<p>(?i:{people}))"
        ),
        "single_person": re.compile(
            r"(?<![\w-])(?P<a>[Aa]n?|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)\s+(?:(?:\d+-year-old|[a-z]+-year-old|(?i:"
            + pmod
            + r"))\s+){0,2}"
            r"(?P<p>man|woman|child|boy|girl|person|civilian|resident|teenager|worker|driver|"
            r"pensioner|rescuer|firefighter|medic|journalist|soldier|passenger|volunteer|"
            r"police\s+officer|infant|baby)\b"
        ),
        "casualty_after": re.compile(
            r"\s*(?:,[^,.;]{0,60},\s*)?(?:(?:were|was|have\s+been|had\s+been|has\s+been|are|"
            r"is|got|being|left|reported|had|have|has)\s+)?(?:\w+ly\s+|also\s+)?"
            r"(?P<c>(?i:" + casualty + "))",  # "two people had died", "have died"
        ),
        "casualty_before": re.compile(
            r"(?P<c>(?i:" + casualty + r"))(?:\s+(?:has|had|have)?\s*(?:rose|risen|climbed|"
            r"reached|increased|stands|stood|is|was|jumped)(?:\s+at|\s+to)?)?"
            r"(?:\s+(?:at\s+least|another|a\s+further))?\s*$",
            re.IGNORECASE,
        ),
        "subset": re.compile(
            r"(?:including|among\s+them|among\s+whom|of\s+whom|of\s+them|such\s+as)\s*$",
            re.IGNORECASE,
        ),
        # "none of the 12 crew members was hurt": the number counts who escaped unharmed
        "none_of": re.compile(
            r"\b(?:none|neither)\s+of\s+(?:the\s+|its\s+|their\s+|these\s+|those\s+)?$",
            re.IGNORECASE,
        ),
        "bare_casualty_after": re.compile(
            r"\s+(?:(?:were|was|had\s+been|have\s+been|had|have)\s+)?"
            r"(?P<c>dead|killed|injured|wounded|hurt|died)\b",
            re.IGNORECASE,
        ),
    }


def weapon_figures(
    sentence: str,
    found: list[Quantity],
    previous_weapon: str | None = None,
    lex: Lexicon | None = None,
) -> tuple[list[dict[str, Any]], set[int]]:
    """Figures {weapon, measure, count} and the indexes of the quantities they used."""
    lex = lex or lexicon()
    pats = _patterns()
    hits: list[_Hit] = []
    used: set[int] = set()
    totals: set[int] = set()  # "shot down 50 of 60 drones": 60 is the number launched
    weapon = previous_weapon
    for i, q in enumerate(found):
        part = bool(pats["part_before"].search(sentence, max(0, q.start - 24), q.start))
        m = pats["weapon_after"].match(sentence, q.end)
        if m:
            weapon = _weapon_class(m.group("w"), lex)
            used.add(i)
            rate = pats["rate_before"].search(sentence, max(0, q.start - 20), q.start)
            if not (rate or pats["rate_after"].match(sentence, m.end())):
                hits.append(_Hit(q, weapon, m.end(), part, "launched" if i in totals else None))
            continue
        share = pats["share_of"].match(sentence, q.end)
        if share and i + 1 < len(found) and found[i + 1].start == share.end():
            whole = pats["weapon_after"].match(sentence, found[i + 1].end)
            if whole:
                hits.append(_Hit(q, _weapon_class(whole.group("w"), lex), q.end, part))
                used.add(i)
                totals.add(i + 1)
                continue
        of_them = pats["of_them"].match(sentence, q.end)
        if of_them and of_them.group("w"):
            named = of_them.group("w").lower()
            weapon_class = lex.weapons.get(named) or lex.weapons.get(named[:-1]) or "other"
            hits.append(_Hit(q, weapon_class, of_them.end(), True))
            used.add(i)
            continue
        carried = weapon and not (weapon == previous_weapon and _about_people(sentence, q.start))
        if carried and (of_them or _carried_measure_at(sentence, q.end)):
            hits.append(_Hit(q, weapon, q.end, part or bool(of_them)))
            used.add(i)
    figures: list[dict[str, Any]] = []
    measures: list[str | None] = []
    for n, hit in enumerate(hits):
        q = hit.quantity
        prev_end = hits[n - 1].end if n else 0
        next_start = hits[n + 1].quantity.start if n + 1 < len(hits) else len(sentence)
        measure = hit.measure or _passive_measure_at(sentence, hit.end, next_start)
        if measure is None:
            pre = list(pats["measure"].finditer(sentence, prev_end, q.start))
            if len(pre) > 1 and pats["or_measure"].fullmatch(
                sentence, pre[-2].end(), pre[-1].start()
            ):
                # "shot down or electronically suppressed 371": the first verb names the
                # whole count (the second adds how), so it is what the number measures
                pre.pop()
            if pre:
                measure = lex.measures.get(" ".join(pre[-1].group().lower().split()))
                if measure == "intercepted" and "claim" in sentence[: pre[-1].start()].lower():
                    measure = "claimed intercepted"
        if measure is None and pats["total_of"].search(sentence, 0, q.start):
            measure = "launched"
        measures.append(measure)
        figures.append({"weapon": hit.weapon, "measure": measure, "count": q.as_range()})
    # a figure without its own verb shares its neighbour's ("launched 29 missiles and 396
    # drones"; "100 drones and 2 missiles were shot down")
    own = [m is not None for m in measures]  # the sentence says what this number measures
    for n, figure in enumerate(figures):
        if figure["measure"] is None:
            later = next((m for m in measures[n + 1 :] if m), None)
            earlier = next((m for m in reversed(measures[:n]) if m), None)
            between_is_and = n + 1 < len(hits) and _joined(sentence, hits[n], hits[n + 1])
            # "suppressed 371 of the drones and 19 of the missiles": one verb for both
            own[n] = bool(
                (between_is_and and later) or (n and _joined(sentence, hits[n - 1], hits[n]))
            )
            figure["measure"] = (later if between_is_and else None) or earlier or "launched"
    return _without_parts(figures, hits, own, previous_weapon), used


@dataclass(frozen=True)
class _Hit:
    """A number that counts a weapon, as `weapon_figures` reads it."""

    quantity: Quantity
    weapon: str  # weapon class
    end: int  # end of its phrase ("387 attack and decoy drones")
    part: bool = False  # "38 of them", "including 20 over Moscow": a share of a total
    measure: str | None = None  # set when the phrase itself says it ("50 of 60 drones")


def _joined(sentence: str, first: _Hit, second: _Hit) -> bool:
    """Only "and", "or" or a comma between two figures: one list under one verb."""
    between = sentence[first.end : second.quantity.start]
    return bool(re.fullmatch(r"[\s,]*(?:and|or)?\s*", between))


def _weapon_class(noun: str, lex: Lexicon) -> str:
    noun = " ".join(noun.lower().split())
    weapon_class = lex.weapons.get(noun) or lex.weapons.get(noun.rstrip("s"))
    if weapon_class is None and noun.endswith("es"):
        weapon_class = lex.weapons.get(noun[:-2])
    return weapon_class or "other"


def _without_parts(
    figures: list[dict[str, Any]], hits: list[_Hit], own: list[bool], previous_weapon: str | None
) -> list[dict[str, Any]]:
    """One figure per weapon and measure: the total, never a share of it.

    "downed 117 drones over 11 regions, 38 of them over Bryansk": the 38 is where some of
    the 117 fell, not a second count, and as a figure of its own it would replace the total
    downstream. A share with no verb of its own after a total of the same weapon (in this
    sentence, or the last one's weapon) goes; of several figures of one weapon and measure
    the largest stays, since the sum of a list ("19 Kh-101 … and three Kalibr missiles")
    is stated nowhere and every number shown must be a number the article states. A share
    of another weapon class stays ("12 missiles, including four Iskander-M ballistic
    missiles"), and so does one with its own verb ("58 drones, 51 of them shot down")."""
    kept: list[int] = []
    for n, hit in enumerate(hits):
        before = {figures[k]["weapon"] for k in range(n) if not hits[k].part}
        if hit.part and not own[n] and hit.weapon in (before or {previous_weapon}):
            continue
        kept.append(n)
    best: dict[tuple[str, str], int] = {}
    for n in kept:
        key = (figures[n]["weapon"], figures[n]["measure"])
        if key not in best or _size(figures[n]) > _size(figures[best[key]]):
            best[key] = n
    return [figures[n] for n in kept if best[(figures[n]["weapon"], figures[n]["measure"])] == n]


def _size(figure: dict[str, Any]) -> float:
    count = figure["count"]
    return count["min"] if count["min"] is not None else (count["max"] or 0)


def _about_people(sentence: str, pos: int) -> bool:
    """People are named before `pos` ("40 were in hospital, five of them …"): a bare number
    there counts them, not the weapon of an earlier sentence."""
    return bool(lexicon().patterns["people_noun"].search(sentence, 0, pos))


def _carried_measure_at(sentence: str, pos: int) -> str | None:
    """The measure right after a bare number that counts the weapon named before ("40
    were shot down"); none when the measure word modifies a noun of its own ("dozens of
    downed targets": what they count is not said)."""
    m = _patterns()["passive_measure"].match(sentence, pos)
    if m and not m.group("aux") and rules.measure_as_modifier.match(sentence, m.end()):
        return None
    return _passive_measure_at(sentence, pos)


def _passive_measure_at(sentence: str, pos: int, limit: int | None = None) -> str | None:
    pats = _patterns()
    m = pats["passive_measure"].match(sentence, pos, limit if limit is not None else len(sentence))
    if not m:
        return None
    if not m.group("aux") and m.group("m").lower().endswith("ing"):
        return None  # "30 missiles, hitting 11 regions" says what the attack did, not the count
    measure = lexicon().measures.get(" ".join(m.group("m").lower().split()))
    if measure == "launched":
        return None  # "100 drones were launched" is as good as the default, but "with" is not
    if measure == "intercepted" and "claim" in sentence[:pos].lower():
        return "claimed intercepted"
    return measure


def casualties(
    sentence: str,
    found: list[Quantity],
    skip: set[int],
    original: str | None = None,
    *,
    singles: bool = True,
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """(killed, injured) as ranges, or None when the sentence gives no such figure.

    Without `singles`, one person told ("an elderly woman died in a shelter") is no count:
    alone, it is a victim's story, not an attack's toll."""
    original = original if original is not None else sentence
    pats = _patterns()
    lex = lexicon()
    counts: dict[str, list[Quantity]] = {"killed": [], "injured": []}
    candidates = [q for i, q in enumerate(found) if i not in skip]
    numbered = len(candidates)
    for m in pats["single_person"].finditer(sentence):
        if not any(q.start <= m.start() < q.end for q in candidates):
            candidates.append(Quantity(m.start(), m.start() + len(m.group("a")), 1, 1, "exact", ""))
    if not singles and not numbered:
        return None, None
    candidates.sort(key=lambda q: q.start)
    tolls: set[str] = set()
    prev_end = 0
    gapped: str | None = None  # the kind a gapped list counts ("three in X, two in Y")
    listed: set[str] = set()  # kinds counted place by place: no total is stated
    for q in candidates:
        before = sentence[prev_end : q.start]
        if pats["subset"].search(before) or pats["none_of"].search(before):
            prev_end = q.end
            continue
        people = pats["people_after"].match(sentence, q.end)
        if q.text == "":  # "a man": the phrase runs to its noun
            m = pats["single_person"].match(sentence, q.start)
            end = m.end() if m else q.end
            q = Quantity(q.start, end, 1, 1, "exact", original[q.start : end])
            people_end = end
        elif people:
            people_end = people.end()
        else:
            people_end = None
        kind = None
        adjective = pats["casualty_adjective"].match(sentence, q.end)
        toll = pats["toll"].search(sentence, 0, q.start)
        if toll and q.text:
            word = (toll.group("c") or "killed").lower()
            kind = "killed" if word in ("killed", "dead") else "injured"
            counts[kind] = [q]
            tolls.add(kind)
            prev_end = q.end
            continue
        if adjective:
            kind = lex.casualty_verbs.get(adjective.group("c").lower())
            if kind and kind not in tolls:
                counts[kind].append(q)
            prev_end = adjective.end()
            continue
        after_pos = people_end if people_end is not None else q.end
        after = pats["casualty_after"].match(sentence, after_pos)
        if after and (people_end is not None or pats["bare_casualty_after"].match(sentence, q.end)):
            kind = lex.casualty_verbs.get(" ".join(after.group("c").lower().split()))
        if kind is None:
            pre = pats["casualty_before"].search(sentence, max(prev_end, q.start - 40), q.start)
            if pre:
                kind = lex.casualty_verbs.get(" ".join(pre.group("c").lower().split()))
        if (
            kind is None
            and gapped
            and rules.gapped_before.fullmatch(sentence, prev_end, q.start)
            and rules.gapped_place.match(sentence, after_pos)
        ):
            kind = gapped  # "…, two in Donetsk": the verb of the count before, left out
            listed.add(kind)
        if kind is None or (people_end is None and q.text and _YEAR.fullmatch(q.text)):
            prev_end = max(prev_end, q.end)
            gapped = None
            continue
        if kind not in tolls:
            counts[kind].append(q)
        gap_at = after.end() if after else after_pos
        gapped = kind if rules.gapped_place.match(sentence, gap_at) else None
        prev_end = after.end() if after else (people_end or q.end)
    # a list by place ("killed three in X, two in Y") states no total, and its first count
    # alone is not the attack's: the kind is left out (every number shown is stated)
    for kind in listed:
        counts[kind] = []
    return _total(counts["killed"]), _total(counts["injured"])


def _total(items: list[Quantity]) -> dict[str, Any] | None:
    if not items:
        return None
    if len(items) == 1:
        return items[0].as_range()
    lows = [q.min for q in items]
    highs = [q.max for q in items]
    qualifiers = {q.qualifier for q in items} - {"exact"}
    return {
        "min": sum(v for v in lows if v is not None) if any(v is not None for v in lows) else None,
        "max": None if qualifiers else sum(highs),  # type: ignore[arg-type]
        "qualifier": "at least" if qualifiers else "exact",
        "text": " and ".join(q.text for q in items),
    }
