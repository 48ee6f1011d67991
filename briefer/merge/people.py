"""A person introduced once is named by surname after: the first line to name them in full
keeps the role its report gives ("Chief Ukrainian delegate Rustem Umerov"), later lines say
"Umerov". The vocabulary of roles is `people.toml`."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..data import Story
from .model import Briefing
from .tables import table
from .text import clean, fold, source_key

if TYPE_CHECKING:
    from .items import Item

__all__ = ["holder", "name_once"]

_PARTICLES = frozenset(table("people")["particles"])  # "von der Leyen"
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class _Person:
    given: tuple[str, ...]  # the given names as the reports spell them ("Volodymyr")
    key: str  # the surname by its first letters, folded

    @functools.cached_property
    def pattern(self) -> re.Pattern[str]:
        given = "|".join(re.escape(g) for g in sorted(self.given, key=len, reverse=True))
        particles = "|".join(sorted(_PARTICLES))
        # the surname with its particles: "Ursula von der Leyen" is "von der Leyen"
        return re.compile(rf"\b(?:{given})\s+(?P<last>(?:(?:{particles})\s+)*[A-Z][\w’'-]*)")


def name_once(briefing: Briefing, items: list[Item]) -> int:
    """Name every person after their first full mention by surname alone, dropping the
    role written before the name and a role appositive after it; the talks' headers and
    the attacks introduce people but are left as they are, key points too (each sums up
    a line below it). Returns how many lines changed."""
    people = _people(briefing, items)
    if not people:
        return 0
    introduced: set[str] = set()
    changed = 0
    for line, editable in _lines(briefing):
        text = _named_once(line.text, people, introduced, editable)
        if text != line.text:
            line.text = text
            changed += 1
    return changed


def _lines(briefing: Briefing) -> Iterator[tuple[Any, bool]]:
    for track in briefing.talks:
        yield track, False
        for entry in track.entries:
            yield entry, True
    for attack in briefing.attacks:
        yield attack, False
        for note in attack.notes:
            yield note, False
    for move in briefing.moves:
        yield move, True
    for item in briefing.background:
        yield item, True


def _named_once(text: str, people: list[_Person], introduced: set[str], editable: bool) -> str:
    mentions = sorted(
        (m.start(), m.end(), person, m.group("last"))
        for person in people
        for m in person.pattern.finditer(text)
        if fold(m.group("last")).split()[-1][:6] == person.key
    )
    out, at = [], 0
    for start, end, person, last in mentions:
        if start < at:
            continue  # inside a mention already rewritten
        if person.key not in introduced or not editable:
            introduced.add(person.key)
            continue
        role_start = _role_start(text, start)
        if role_start is None or role_start < at:
            continue  # a title this table does not read (or another name's): left whole
        out.append(text[at:role_start])
        out.append(last)
        at = end + _appositive(text[end:])
    out.append(text[at:])
    return "".join(out)


def _role_start(text: str, start: int) -> int | None:
    """Where the role written before a name begins (the name's start when there is none),
    or None when the words before it are a title the table does not read ("Envoy for
    Ukraine Keith Kellogg") or a qualified one ("former President")."""
    rules = _vocabulary()
    words = list(_WORD.finditer(text[:start]))
    begin = start
    while words and _is_role(words[-1].group(0)):
        begin = words.pop().start()
    if not words:
        return begin
    before = words[-1].group(0)
    if before[-1] in ",;:(—–-" or before.endswith("…"):
        return begin
    if before[0].isupper() or fold(before) in rules["keep_before"]:
        return None
    return begin


def _is_role(word: str) -> bool:
    rules = _vocabulary()
    if word[-1] in ",;:()":
        return False  # a clause ends there
    lowered = word.lower()
    return lowered in rules["role_words"] or bool(
        word[0].isupper() and rules["demonym"].search(word)
    )


def _appositive(rest: str) -> int:
    """The length of a role appositive opening `rest` (", head of the Russian delegation,"),
    0 when there is none."""
    rules = _vocabulary()
    match = re.match(r", (\w+)\b([^,;:“”\"()]*),(?= )", rest)
    if not match or match.group(1).lower() not in rules["appositive_first"]:
        return 0
    if len((match.group(1) + match.group(2)).split()) > rules["appositive_words"]:
        return 0
    return match.end()


def _people(briefing: Briefing, items: list[Item]) -> list[_Person]:
    """The people the briefing may name: those the talks' reports give as participants
    with a role, and the moves' actors and the reports' speakers whose names are a person's (given
    names and a surname, capitalised) and whom some line gives a title ("Chancellor
    Friedrich Merz"; not "the United States"). Two people of one surname (by its first
    letters) whose given names differ are each named in full."""
    participants = {  # a participant with a role is a person
        clean(person.get("name"))
        for item in items
        for person in item.data.get("participants") or []
        if clean(person.get("role"))
    }
    others = {clean(item.attribution.get("source")).split(",")[0] for item in items}
    others |= {clean(item.data.get("actor")) for item in items if item.section == "moves"}
    texts = [line.text for line, _ in _lines(briefing)]
    given: dict[str, set[str]] = {}
    for name in participants | others:
        words = name.split()
        if not (2 <= len(words) <= 4 and words[0][0].isupper() and words[-1][0].isupper()):
            continue
        if not all(w[0].isupper() or w in _PARTICLES for w in words):
            continue
        first = next((i for i, w in enumerate(words) if w in _PARTICLES), len(words) - 1)
        person = _Person((" ".join(words[: max(first, 1)]),), fold(words[-1])[:6])
        if name not in participants and not any(_titled(t, person) for t in texts):
            continue
        given.setdefault(person.key, set()).add(person.given[0])
    people = []
    for key, forms in sorted(given.items()):
        if len({fold(f)[:1] for f in forms}) > 1:
            continue  # two people of one surname: each keeps their full name
        people.append(_Person(tuple(sorted(forms)), key))
    return people


def _titled(text: str, person: _Person) -> bool:
    """Whether `text` gives `person` a title: a role before the name with a title word."""
    titles = _vocabulary()["titles"]
    for match in person.pattern.finditer(text):
        words = _WORD.findall(text[: match.start()])
        while words and _is_role(words[-1]):
            if words.pop().lower() in titles:
                return True
    return False


def holder(who: str, story: Story | None) -> str | None:
    """The person a speaker named by title alone is ("The Prime Minister said", "Ukraine's
    interior minister"): the one name its story gives right after that title or in
    apposition to it ("Prime Minister Sir Keir Starmer", "Ukraine's interior minister, Ihor
    Klymenko"; the titles, qualifiers and demonyms of people.toml), else None (two holders,
    or none named, leave the title be)."""
    vocabulary = _vocabulary()
    roles = vocabulary["role_words"]
    words = [w for w in who.split() if w.lower() != "the"]
    # "Ukraine's interior minister": the story says "Interior Minister" (not a spokeswoman)
    qualifiers = []
    while words and vocabulary["demonym"].search(words[0]) and words[0].lower() not in roles:
        qualifiers.append(fold(words[0]))
        words = words[1:]
    if not (words and words[-1].lower() in vocabulary["titles"]):
        return None
    if not all(w.lower() in roles for w in words):
        return None
    title = r"\s+".join(map(re.escape, words))
    name = r"((?:Sir\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,2})"
    text = story.text if story else ""
    found = {
        clean(m.group(1))
        for m in re.finditer(rf"\b(?i:{title}),?\s+{name}", text)
        if not _held_elsewhere(text[: m.start()], qualifiers)
    }
    return found.pop() if len(found) == 1 else None


def _held_elsewhere(before: str, qualifiers: list[str]) -> bool:
    """Whether a title the story names someone under belongs to another place than the
    speaker's: "Dnipro's governor, Mykola Koval" is no holder of "Lviv's governor" (invented
    dev7, blind answers: Lviv's two dead credited to Koval)."""
    previous = before.split()[-1:] if before[-1:].isspace() else []
    if not (qualifiers and previous and re.search(r"['’]s$", previous[0])):
        return False
    return fold(previous[0]) != qualifiers[-1]


_NAME = re.compile(r"[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,2}")


def person_key(source: str | None) -> str | None:
    """Who a titled source is, by name (`source_key` of the name): "regional governor
    Mykola Koval", "Dnipro's governor, Mykola Koval" and "Head of the Dnipropetrovsk
    Regional Military Administration Mykola Koval" are one man (invented dev7, blind
    answers: the three stood side by side as one toll's sources). None for a source with no
    title word (a body: "Ukraine's Armed Forces"; a bare name) or no name."""
    source = clean(source)
    first, comma, rest = (part.strip() for part in source.partition(", "))
    if comma and _NAME.fullmatch(rest):
        name, title = rest, first
    elif comma and _NAME.fullmatch(first):
        name, title = first, rest
    else:
        words = source.split()
        if len(words) < 3 or not all(w[:1].isupper() for w in words[-2:]):
            return None
        name, title = " ".join(words[-2:]), " ".join(words[:-2])
    vocabulary = _vocabulary()
    if not set(fold(title).split()) & vocabulary["titles"]:
        return None
    if set(fold(name).split()) & vocabulary["role_words"]:
        return None  # "… Regional Military Administration": no one's name
    return source_key(name)


@functools.cache
def _vocabulary() -> dict[str, Any]:
    data = table("people")
    return {
        "titles": frozenset(w.lower() for w in data["titles"]),
        "role_words": frozenset(w.lower() for w in data["titles"] + data["qualifiers"]),
        "demonym": re.compile(data["demonym"]),
        "keep_before": frozenset(fold(w) for w in data["keep_before"]),
        "appositive_first": frozenset(data["appositive_first"]),
        "appositive_words": data["appositive_words"],
    }
