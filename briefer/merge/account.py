"""Every extracted item accounted for: in a line of the briefing, or left out for a reason.

The merge builds lines from items and then takes lines away (a line whose numbers its
evidence does not state, a line over the length bound); a line folded into another that
says the same hands it its items, so they are in that line.
`Accounting` snapshots which items the briefing's lines hold between those steps, so each
item's fate is known by set differences, never by re-reading rendered text:

- "in a line": a news line, a talks header or a Background line holds it;
- "unsupported": its line stated a number its evidence does not;
- "length": its line was dropped to keep the briefing within its length bound;
- "impossible": the checks refused it whole (an attacker hitting its own country...);
- "outside the window": older than the window and not shown as Background;
- "not news": a talks report the merge read for context only (a session with no day of
  its own feeding no header, a next round its reports have since overtaken);
- "unaccounted": none of these. Never expected: a test holds it at zero.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from .items import Item
from .length import lines
from .model import Briefing

__all__ = ["REASONS", "Accounting", "line_refs"]

REASONS = (
    "in a line",
    "unsupported",
    "length",
    "impossible",
    "outside the window",
    "not news",
    "unaccounted",
)


def line_refs(briefing: Briefing) -> set[str]:
    """The items (chunk_id:section:index) the briefing's lines hold (a key point holds
    none of its own: it sums up a line)."""
    return {ref for line in lines(briefing) for ref in getattr(line, "members", ())}


@dataclass
class Accounting:
    """Each item's fate, from snapshots of the briefing's lines taken as the merge goes."""

    items: list[Item]
    impossible: set[str] = field(default_factory=set)
    unsupported: set[str] = field(default_factory=set)
    _snapshots: dict[str, set[str]] = field(default_factory=dict)

    def refuse(self, refs: Iterable[str]) -> None:
        self.impossible.update(refs)

    def drop_unsupported(self, refs: Iterable[str]) -> None:
        self.unsupported.update(refs)

    def snapshot(self, name: str, briefing: Briefing) -> None:
        self._snapshots[name] = line_refs(briefing)

    def fates(self, briefing: Briefing) -> dict[str, str]:
        """ref -> reason, for every item read and every item refused."""
        shown = line_refs(briefing)
        built = self._snapshots.get("built", shown)
        out: dict[str, str] = {ref: "impossible" for ref in self.impossible}
        for item in self.items:
            ref = item.ref
            if ref in shown:
                reason = "in a line"
            elif ref in self.unsupported:
                reason = "unsupported"
            elif ref in built:
                reason = "length"
            elif item.stale:
                reason = "outside the window"
            elif item.section == "talks":
                reason = "not news"
            else:
                reason = "unaccounted"
            out.setdefault(ref, reason)
        return out

    def summary(self, briefing: Briefing) -> dict[str, int]:
        counts = Counter(self.fates(briefing).values())
        return {reason: counts[reason] for reason in REASONS if counts[reason]}
