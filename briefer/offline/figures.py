"""Numbers as written ("at least four", "around 400", "dozens of") and what they count.

`quantities` finds number phrases in a sentence and drops the ones that are never
counts of weapons or people (years, percentages, distances, durations, ordinals,
"day 1,455"); `weapon_figures` and `casualties` read what each remaining number counts.
Sentences given here are already `normalize`d (straight quotes), so offsets hold. The
words around a number (qualifiers, vague counts, units, "of them", casualty grammar) are
`lexicon/figures.toml`; this module only reads with them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..numbers import NUMBER_WORDS, SCALES, number_words_value
from .lexicon import Lexicon, lexicon, rules

__all__ = ["Quantity", "casualties", "quantities", "weapon_class", "weapon_figures"]

_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_NUMBER = rf"(?:{_DIGITS}(?:\s+(?:{'|'.join(SCALES)}))?|{NUMBER_WORDS})"
_YEAR = re.compile(r"(?:19|20)\d\d")
_BEFORE_WINDOW = 14


def _alternation(words: object) -> str:
    return "|".join(r"\s+".join(w.split()) for w in sorted(words, key=len, reverse=True))


@cache
def _quantity() -> re.Pattern[str]:
    """A number phrase: a qualifier (figures.toml [qualifiers]) and a number, a range
    ("five to seven") or a count said without one ([vague]: "dozens of")."""
    lex = lexicon()
    return re.compile(
        rf"(?<![\w.,$€£-])(?:(?P<qual>{_alternation(lex.qualifiers)})\s+)?"
        rf"(?:(?P<vague>{_alternation(lex.vague)})(?:\s+of(?=\s))?"
        rf"|(?P<a>{_NUMBER})(?:\s*(?:-|–|to|or)\s*(?P<b>{_NUMBER}))?)"
        r"(?![\w])(?![.,]\d)",
        re.IGNORECASE,
    )


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
    lex = lexicon()
    found = []
    for m in _quantity().finditer(sentence):
        after = sentence[m.end() : m.end() + 16]
        if rules.not_a_count_after.match(after):
            continue
        before = sentence[max(0, m.start() - _BEFORE_WINDOW) : m.start()]
        qual = m.group("qual")
        qualifier = lex.qualifiers.get(" ".join(qual.lower().split())) if qual else None
        if m.group("vague"):
            if qual and qualifier not in ("at least", "more than", "about"):
                continue
            low, vague = lex.vague[" ".join(m.group("vague").lower().split())]
            lo, hi, q = low, None, vague
        else:
            a = m.group("a")
            if _YEAR.fullmatch(a) and not m.group("b"):
                continue  # a bare four-digit year-like number is a date, not a count
            if not qual and rules.not_a_count_before.search(before):
                continue
            low = parse_number(a)
            high = parse_number(m.group("b")) if m.group("b") else None
            if low is None or (m.group("b") and high is None):
                continue
            lo, hi, q = _range(qualifier, low, high)
        found.append(Quantity(m.start(), m.end(), lo, hi, q, original[m.start() : m.end()]))
    return found


_PATTERNS = (
    "weapon_after", "part_before", "share_of", "or_measure", "of_them", "total_of", "toll",
    "casualty_adjective", "passive_measure", "rate_after", "rate_before", "people_after",
    "single_person", "casualty_after", "casualty_before", "subset", "none_of",
    "bare_casualty_after",
)  # fmt: skip


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    """The figures.toml rules the readers below use, and the weapons.toml measures."""
    lex = lexicon()
    return {name: lex.rules[name] for name in _PATTERNS} | {"measure": lex.patterns["measure"]}


def weapon_figures(
    sentence: str,
    found: list[Quantity],
    previous_weapon: str | None = None,
    lex: Lexicon | None = None,
    named_before: str | None = None,
) -> tuple[list[dict[str, Any]], set[int]]:
    """Figures {weapon, measure, count} and the indexes of the quantities they used.
    `named_before`: the class of the weapon the chunk last named, for a generic noun."""
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
            earlier = list(lex.patterns["weapon_noun"].finditer(sentence, 0, q.start))
            before = weapon_class(earlier[-1].group(), lex) if earlier else named_before
            weapon = weapon_class(m.group("w"), lex, before)
            pair = rules.weapon_pair_after.match(sentence, m.end())
            if pair and weapon_class(pair.group("w"), lex, weapon) != weapon:
                weapon = lex.words["mixed_weapons"][0]  # "629 missiles and drones": both
            used.add(i)
            rate = pats["rate_before"].search(sentence, max(0, q.start - 20), q.start)
            if not (rate or pats["rate_after"].match(sentence, m.end())):
                hits.append(_Hit(q, weapon, m.end(), part, "launched" if i in totals else None))
            continue
        share = pats["share_of"].match(sentence, q.end)
        if share and i + 1 < len(found) and found[i + 1].start == share.end():
            whole = pats["weapon_after"].match(sentence, found[i + 1].end)
            if whole:
                hits.append(_Hit(q, weapon_class(whole.group("w"), lex), q.end, part))
                used.add(i)
                totals.add(i + 1)
                continue
        of_them = pats["of_them"].match(sentence, q.end)
        if of_them and of_them.group("w"):
            hits.append(_Hit(q, weapon_class(of_them.group("w"), lex), of_them.end(), True))
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
                if measure == "intercepted" and rules.claimed.search(sentence, 0, pre[-1].start()):
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
    return bool(rules.joined.fullmatch(sentence, first.end, second.quantity.start))


def weapon_class(noun: str, lex: Lexicon, before: str | None = None) -> str:
    """The class of a weapon noun; a generic one (figures.toml `refers_back`: "bomb") right
    after a weapon whose class it ends ("glide bombs") is more of that weapon."""
    noun = " ".join(noun.lower().split())
    generic = noun.removesuffix("s")
    if before and generic in lex.words["refers_back"] and before.endswith(f" {generic}s"):
        return before
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
    if measure == "intercepted" and rules.claimed.search(sentence, 0, pos):
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
