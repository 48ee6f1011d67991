"""An attack's line composed from its parts (`LinePart`): the headline, then each clause
(figures, tolls, a place's share or its own clause, what was hit) with who said it.

In full, a clause names who gave which figure in their own words; briefly (when the
briefing must be shorter), each figure as a number, each person without their title,
sources named once for consecutive clauses they all gave, and missiles by their model.
The length fit asks for the brief line by what the parts are, never by re-reading the
full line.
"""

from __future__ import annotations

from .model import LinePart

__all__ = ["BRIEF", "FULL", "NAMES", "clause", "compose"]


FULL, BRIEF, NAMES = "full", "brief", "names"  # how much a line says of who said what


def compose(head: str, parts: list[LinePart], detail: str = FULL) -> str:
    """The line of an attack from its headline and parts. In full (`FULL`), each clause
    with who gave which figure in their words; consecutive figures from the same sources,
    and consecutive bits of one place's clause, name them once, after the last. `BRIEF`:
    who said what briefly, once for consecutive clauses of the wave's own or of one place
    they all gave, figures in their terse words. `NAMES`: as `BRIEF`, the sources named
    without their figures (the range says what they gave between them)."""
    return f"{head}: " + _joined(parts, detail)


def clause(part: LinePart, detail: str = FULL) -> str:
    """One part alone, with who said it."""
    return _joined([part], detail)


def _joined(parts: list[LinePart], detail: str) -> str:
    # one unit per clause, a place's bits each a unit: (place, part, text before it)
    units: list[tuple[LinePart, LinePart, str]] = []
    for part in parts:
        lead = "; " if units else ""
        if part.bits:
            for i, bit in enumerate(part.bits):
                units.append((part, bit, f"{lead}{part.words}: " if i == 0 else ", "))
        else:
            units.append((part, part, lead))
    out = []
    for (home, unit, before), after in zip(units, [*units[1:], None], strict=True):
        words, who = _words(unit, detail), _who(unit, detail)
        if who and after is not None and _who(after[1], detail) == who:
            # one place's bits, or the wave's own clauses (briefly; in full its figures):
            # never across places, where the name would read as the next place's alone
            same_place = after[0] is home and bool(home.bits)
            wave = not (home.bits or after[0].bits)
            if same_place or (wave and (detail != FULL or unit.kind == after[1].kind == "figures")):
                who = ""
        out.append(before + words + (f" ({who})" if who else ""))
    return "".join(out)


def _words(part: LinePart, detail: str) -> str:
    return (part.terse or part.words) if detail != FULL else part.words


def _who(part: LinePart, detail: str) -> str:
    if detail == FULL:
        return part.said
    if detail == BRIEF:
        return part.brief_said
    named = (entry.split(": ")[0] for entry in part.brief_said.split("; ") if entry)
    return "; ".join(dict.fromkeys(named))
