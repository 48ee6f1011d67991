"""Checks on items before the merge builds lines: refuse what cannot be so, part by part.

- **Parts, not lines.** A figure, casualty count, place or round number whose number no
  evidence of its item states is dropped from the item; the rest of the item stays. A
  wave's launch figure in one sentence and its interception figure in the next is then a
  line with the figure its quote states, never a line dropped whole.
- **The impossible.** An exchange or return of prisoners or the dead told as an attack is
  refused; an attacker striking its own country (where the war does not make that so:
  `own_country.possible`) loses both sides (the report stays, as an attack by no one named
  on no country named: which of the two is wrong, it cannot say).

Every refusal is recorded (`Refusal`) with its reason, for the run summary and the JSON
output: a refused part is accounted for, never silently gone. The patterns live in
`checks.toml`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from .items import Item
from .tables import table
from .text import VAGUE, numbers_in_evidence

__all__ = ["Refusal", "check_items", "sets_apart", "tells_a_part"]

UNSUPPORTED = "unsupported"
IMPOSSIBLE = "impossible"
NEAR_MISS = "near miss"  # a hit count of how near weapons came to something, not of hits
_DIGITS = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


@dataclass
class Refusal:
    """One part (or a whole item) the checks refused, and why."""

    reason: str  # unsupported | impossible | near miss
    section: str
    what: str  # "figure: drones launched 296", "item", "place: 33 locations"
    why: str
    ref: str

    def to_dict(self) -> dict[str, str]:
        return dict(vars(self))


@functools.cache
def _vocabulary() -> dict[str, Any]:
    return table("checks")


@functools.cache
def _patterns() -> dict[str, list[re.Pattern[str]]]:
    return {
        name: [re.compile(p, re.IGNORECASE) for p in patterns]
        for name, patterns in _vocabulary()["not_an_attack"].items()
    }


def check_items(items: list[Item]) -> tuple[list[Item], list[Refusal]]:
    """The items that pass, their unsupported parts removed, and what was refused."""
    kept, refused = [], []
    for item in items:
        why = _not_an_attack(item)
        if why:
            refused.append(Refusal(IMPOSSIBLE, item.section, "item", why, item.ref))
            continue
        refused.extend(_own_country(item))
        refused.extend(_unsupported_parts(item))
        kept.append(item)
    return kept, refused


def _not_an_attack(item: Item) -> str | None:
    if item.section != "attacks":
        return None
    for name, patterns in _patterns().items():
        if any(p.search(item.evidence) for p in patterns):
            return f"an {name}, not an attack"
    return None


def _own_country(item: Item) -> list[Refusal]:
    data = item.data
    attacker = data.get("attacker")
    possible = {"other", *_vocabulary()["own_country"]["possible"]}
    if item.section != "attacks" or not attacker or attacker in possible:
        return []
    if attacker != data.get("target_country"):
        return []
    item.data = {**data, "attacker": None, "target_country": None}
    why = f"an attack by {attacker} on {attacker} itself"
    return [Refusal(IMPOSSIBLE, item.section, "attacker and target", why, item.ref)]


def _stated(count: dict[str, Any] | None, stated: set[float]) -> bool:
    if not count or count.get("qualifier") in VAGUE:  # "several", "dozens": no number said
        return True
    values = [count.get("min"), count.get("max")]
    return all(v is None or float(v) in stated for v in values)


def _unsupported_parts(item: Item) -> list[Refusal]:
    """Remove, in place, the parts of `item` whose numbers its evidence does not state."""
    data, refused = item.data, []
    stated = numbers_in_evidence(item.evidence)

    def refuse(what: str) -> None:
        refused.append(
            Refusal(UNSUPPORTED, item.section, what, "its number is not in its sentences", item.ref)
        )

    if item.section == "attacks":
        figures = []
        for figure in data.get("figures") or []:
            if not _stated(figure.get("count"), stated):
                refuse(f"figure: {figure['weapon']} {figure['measure']} {_shown(figure['count'])}")
            elif _beside(figure, item):
                what = f"figure: {figure['weapon']} {figure['measure']} {_shown(figure['count'])}"
                why = "its sentences say how near the weapons came to something"
                refused.append(Refusal(NEAR_MISS, item.section, what, why, item.ref))
            else:
                figures.append(figure)
        for field in ("killed", "injured"):
            if data.get(field) and not _stated(data[field], stated):
                refuse(f"{field}: {_shown(data[field])}")
                data = {**data, field: None}
        places, shares = [], set()
        given = _given_numbers({**data, "figures": figures})
        for place in data.get("places") or []:
            if not all(float(d.replace(",", "")) in stated for d in _DIGITS.findall(place)):
                refuse(f"place: {place}")
            elif given and (share := _share_at(place, item.evidence)) and given - {share}:
                # the place of a share is no place of the whole count, whether or not the
                # report also gives the share: "87 drones ..., 41 of them over the Voronezh
                # region" given as 87 and 41 read "(Voronezh region): 87 drones" (invented
                # dev5, blind answers; blind review: wrong)
                why = f"its sentences give it only a share of the count ({share:g})"
                refused.append(Refusal(UNSUPPORTED, item.section, f"place: {place}", why, item.ref))
                shares.add(share)
            else:
                places.append(place)
        for figure in [f for f in figures if set() < _values(f.get("count")) <= shares]:
            # and the share, its place gone, would be a second count of the same weapons
            figures.remove(figure)
            what = f"figure: {figure['weapon']} {figure['measure']} {_shown(figure['count'])}"
            why = "a share of the count, at a place the report does not give the whole count"
            refused.append(Refusal(UNSUPPORTED, item.section, what, why, item.ref))
        data = {**data, "figures": figures, "places": places}
    elif (
        item.section == "talks"
        and data.get("round") is not None
        and float(data["round"]) not in stated
    ):
        refuse(f"round: {data['round']}")
        data = {**data, "round": None}
    item.data = data
    return refused


def _given_numbers(data: dict[str, Any]) -> set[float]:
    """The values of an attack report's counts: its figures', killed and injured."""
    counts = [f.get("count") for f in data.get("figures") or []]
    counts += [data.get("killed"), data.get("injured")]
    return set().union(*(_values(c) for c in counts))


def _values(count: dict[str, Any] | None) -> set[float]:
    count = count or {}
    return {float(v) for v in (count.get("min"), count.get("max")) if v is not None}


def _share_at(place: str, evidence: str) -> float | None:
    """The number of a share its evidence gives `place` ("41 of them over the Voronezh
    region" gives the Voronezh region 41; `checks.toml` [share_place]), or None."""
    match = _share_pattern(place).search(evidence)
    if not match:
        return None
    values = numbers_in_evidence(match.group(1))
    return next(iter(values)) if len(values) == 1 else None


@functools.lru_cache(maxsize=1 << 12)
def _share_pattern(place: str) -> re.Pattern[str]:
    """A share's number before `place` (`checks.toml` [share_place]), compiled once a place."""
    rule = _vocabulary()["share_place"]
    of = "|".join(re.escape(w) for w in rule["of"])
    at = "|".join(re.escape(w) for w in rule["at"])
    name = re.escape(place.removeprefix("the ").strip())
    within = rf"(?:\S+\s+){{0,{rule['within']}}}?"
    return re.compile(rf"(\S+)\s+(?:{of})\s+{within}(?:{at})\s+(?:the\s+)?{name}\b", re.IGNORECASE)


def _beside(figure: dict[str, Any], item: Item) -> bool:
    """A hit count whose every sentence stating its number says the weapons landed at a
    distance from something (`checks.toml` [beside])."""
    rules = _vocabulary()["beside"]
    if figure.get("measure") not in rules["measures"]:
        return False
    values = _values(figure.get("count"))
    if not values:
        return False
    stating = [s for s in item.sentences if values <= numbers_in_evidence(s)]
    return bool(stating) and all(_distance().search(s) for s in stating)


@functools.cache
def _distance() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in _vocabulary()["beside"]["distance"]))


def _shown(count: dict[str, Any]) -> str:
    return str(count.get("text") or count.get("min") or count.get("max") or "?")


@functools.cache
def _part_of() -> re.Pattern[str]:
    return re.compile("|".join(_vocabulary()["figures"]["part_of"]), re.IGNORECASE)


def tells_a_part(evidence: str) -> bool:
    """Whether a sentence makes one of its figures part of another ("including nine")."""
    return bool(_part_of().search(evidence))


@functools.cache
def _apart() -> re.Pattern[str]:
    return re.compile("|".join(_vocabulary()["separate"]["apart"]), re.IGNORECASE)


@functools.lru_cache(maxsize=1 << 16)  # asked of both reports of every pair compared
def sets_apart(evidence: str) -> bool:
    """Whether a report's words set it apart from the others of its day ("Other Russian
    attacks killed ...", "In a separate strike")."""
    return bool(_apart().search(evidence))


@functools.cache
def _ongoing() -> re.Pattern[str]:
    return re.compile("|".join(_vocabulary()["ongoing"]["words"]), re.IGNORECASE)


def tells_ongoing(evidence: str) -> bool:
    """Whether a report's words say that strikes go on ("continuing to strike")."""
    return bool(_ongoing().search(evidence))
