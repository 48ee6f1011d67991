"""Sources: the stories the briefing cites, numbered in order of first citation."""

from __future__ import annotations

from .items import Item, SourceRegister
from .length import lines
from .model import Briefing

__all__ = ["number_sources"]


def number_sources(briefing: Briefing, register: SourceRegister, items: list[Item]) -> None:
    by_key = {i.story_key: i for i in items}
    numbers: dict[str, int] = {}

    def renumber(cites: list) -> list[int]:
        out = []
        for key in cites:
            if key not in numbers:
                numbers[key] = len(numbers) + 1
                source = register.source_for(by_key[key])
                source.n = numbers[key]
                briefing.sources.append(source)
            out.append(numbers[key])
        return out

    for line in lines(briefing):
        line.cites = renumber(line.cites)
    for attack in briefing.attacks:
        for figure in attack.figures:
            for report in figure.reports:
                report.cites = renumber(report.cites)
        for casualties in (attack.killed, attack.injured):
            for report in casualties.reports if casualties else []:
                report.cites = renumber(report.cites)
