"""The merged briefing as plain dataclasses; `Briefing.to_dict()` is the JSON output.

Every item that becomes a bullet carries:
- `key`: a stable id from its section and normalized core fields (not its wording or
  outlet), so the run ledger can recognise it on later days;
- `status`: None, "new" or "continuing" (set by the ledger; render marks it);
- `text`: the line as rendered, without citation markers;
- `cites`: numbers of entries in `Briefing.sources`;
- `evidence`: the verbatim quotes behind it (every number in `text` occurs in one of them).
Dates are ISO strings (Kyiv calendar days).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..data import Record

__all__ = [
    "Attack",
    "AttackNote",
    "BackgroundItem",
    "Briefing",
    "Casualties",
    "Figure",
    "KeyPoint",
    "LinePart",
    "Move",
    "Report",
    "Source",
    "TalksEntry",
    "TalksTrack",
]


@dataclass
class Source(Record):
    """One cited story: the Sources list entry `n`."""

    n: int
    title: str
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    location: str | None = None  # the input path when there is no URL
    document_id: str = ""
    story_id: str | None = None


@dataclass
class Report(Record):
    """One original source's figure (the latest one it gave), as written and as numbers."""

    source: str  # "Ukraine's air force"; the outlet's name when it speaks in its own voice
    via: str | None
    min: float | None
    max: float | None
    qualifier: str
    text: str
    cites: list[int] = field(default_factory=list)


@dataclass
class Figure(Record):
    """One weapon and measure of an event ("drones launched"), reconciled across sources."""

    weapon: str
    measure: str
    min: float | None
    max: float | None
    qualifier: str  # shared qualifier of all reports, or "" for a plain range
    reports: list[Report] = field(default_factory=list)
    models: list[str] = field(default_factory=list)  # as the reports name them: "Iskander-M"


@dataclass
class Casualties(Record):
    """Killed or injured: the conservative minimum first, the highest figure second; `group`
    the one group every report's sentence counts ("children"), else ""."""

    min: float | None
    max: float | None
    qualifier: str
    reports: list[Report] = field(default_factory=list)
    group: str = ""


@dataclass
class AttackNote(Record):
    """What one report of an attack says beyond the attack's line: a sub-line citing it."""

    key: str
    text: str
    cites: list[int] = field(default_factory=list)
    status: str | None = None
    members: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)


@dataclass
class LinePart(Record):
    """One clause of an attack's line, in the words it is shown in and who said it.

    `words` is what the clause says ("800–810 drones and 13 missiles launched"); `said`
    who gave which figure, in their words ("Ihor Klymenko, Minister of Internal Affairs
    of Ukraine via UNN: two people"), `brief_said` the same briefly ("Ihor Klymenko via
    UNN: 2"); `terse` the words said shorter, when there is a shorter way ("8 Iskander-M"
    for "8 Iskander-M ballistic missiles"). A place's own clause ("Kyiv: 2 killed (Ihor
    Klymenko), 17 injured (News.Az)") is the place in `words` and its figures and what
    was hit in `bits`, each a part. The line's text is composed from its parts
    (`parts.compose`), in full or briefly, so that fitting the briefing to its length
    drops words by what they are, not by re-reading the line."""

    kind: str  # figures | toll | share | place | targets
    words: str  # a place's clause: the place, its figures and what was hit in `bits`
    said: str = ""
    brief_said: str = ""
    terse: str = ""
    bits: list[LinePart] = field(default_factory=list)


@dataclass
class Attack(Record):
    """One real-world attack (one wave or one strike), from every report of it."""

    key: str
    text: str
    short: str  # the line without per-source detail, for Key points
    cites: list[int] = field(default_factory=list)
    status: str | None = None
    start: str | None = None
    end: str | None = None
    night: bool = False
    attacker: str | None = None
    target_country: str | None = None
    places: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    killed: Casualties | None = None
    injured: Casualties | None = None
    cumulative: bool = False
    origins: list[str] = field(default_factory=list)  # distinct original sources
    why: list[str] = field(default_factory=list)  # why reports were merged into this event
    members: list[str] = field(default_factory=list)  # chunk_id:attacks:index of each report
    evidence: list[str] = field(default_factory=list)
    notes: list[AttackNote] = field(default_factory=list)  # sub-lines: what reports add
    head: str = ""  # the line's day and headline ("overnight to 2025-09-07: Russian attack …")
    brief_head: str = ""  # the same, the target country left to the places
    parts: list[LinePart] = field(default_factory=list)  # the clauses after the headline


@dataclass
class TalksEntry(Record):
    """One development of a negotiation: a session, an assessment, a sticking point..."""

    key: str
    kind: str  # session | assessment | position | sticking point | proposal | outcome | next round
    text: str
    cites: list[int] = field(default_factory=list)
    status: str | None = None
    start: str | None = None
    end: str | None = None
    speaker: str | None = None
    side: str | None = None
    quote: str | None = None
    members: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)


@dataclass
class TalksTrack(Record):
    """One negotiation track: its header facts and its timeline."""

    key: str
    track: str
    text: str  # the header line: round, venue, dates, format, mediators, delegation heads
    cites: list[int] = field(default_factory=list)
    status: str | None = None
    rounds: list[int] = field(default_factory=list)
    venues: list[str] = field(default_factory=list)
    start: str | None = None
    end: str | None = None
    formats: list[str] = field(default_factory=list)
    mediators: list[str] = field(default_factory=list)
    delegation_heads: list[str] = field(default_factory=list)
    entries: list[TalksEntry] = field(default_factory=list)
    members: list[str] = field(default_factory=list)  # the reports the header states
    evidence: list[str] = field(default_factory=list)


@dataclass
class Move(Record):
    """One diplomatic move, deduplicated across outlets."""

    key: str
    actor: str
    kind: str
    text: str
    cites: list[int] = field(default_factory=list)
    status: str | None = None
    actor_side: str | None = None
    target: str | None = None
    start: str | None = None
    end: str | None = None
    origins: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)


@dataclass
class BackgroundItem(Record):
    """Something older than the window: a whole old story or an old fact in a new one."""

    key: str
    text: str
    cites: list[int] = field(default_factory=list)
    status: str | None = None
    section: str | None = None  # talks | attacks | moves | story
    start: str | None = None
    end: str | None = None
    members: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)


@dataclass
class KeyPoint(Record):
    """A top line chosen by rule; `rule` names the rule, `ref` the item it summarises."""

    key: str
    rule: str  # talks | largest attack | deadliest attack | move
    text: str
    cites: list[int] = field(default_factory=list)
    status: str | None = None
    ref: str | None = None


@dataclass
class Briefing(Record):
    """The merged briefing for one morning."""

    date: str
    since: str  # the window length, e.g. "72h"
    window_start: str  # ISO datetime, Kyiv
    window_end: str
    key_points: list[KeyPoint] = field(default_factory=list)
    talks: list[TalksTrack] = field(default_factory=list)
    attacks: list[Attack] = field(default_factory=list)
    moves: list[Move] = field(default_factory=list)
    background: list[BackgroundItem] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)

    def news_items(self) -> list[Any]:
        """The lines of the news sections (talks, attacks, moves), each with a stable key."""
        talks = [line for track in self.talks for line in (track, *track.entries)]
        return [*talks, *self.attacks, *self.moves]
