"""`briefer eval`: score a markdown briefing against a gold fact file.

Gold file format (JSON):

    {
      "inputs": ["examples/a.txt", ...],   # the articles the briefing was made from
      "date": "2026-03-12",                # the briefing date they are meant for
      "since": "72h",                      # the window they are meant for
      "facts": [
        {"fact": "Fourth round in Istanbul", "keywords": ["Istanbul", "fourth|4th"],
         "section": "talks"},
        {"fact": "An old story", "keywords": ["12-point"], "stale": true}
      ],
      "boilerplate": ["Recommended Stories", "list 1 of 4", "Read more:"]
    }

- `keywords`: every keyword must occur, case-insensitively, in ONE line of the briefing;
  "a|b" accepts either. A keyword made of digits only matches that number standing alone
  ("29" is not found in "290" or "2029").
- `section`: talks | attacks | moves | key_points | background | null. With a section the
  line must be in it; with null it may be in any section except Sources.
- `stale: true`: the fact must NOT appear in a news section (Key points, Talks, Attacks,
  Diplomatic moves); it may appear under Background. Stale facts do not count towards
  coverage; each one found in a news section is a stale leak.
- `boilerplate`: strings that must appear nowhere in the briefing (a leak each).
- `inputs`, `date`, `since` (and any other keys) are for the runner; `evaluate()` uses
  only facts and boilerplate.

The report: coverage (share of non-stale facts found), the missing facts, stale leaks,
boilerplate leaks, and cited share: the share of bullets in the news sections that carry
at least one [n] marker naming an entry of Sources.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from .data import Record
from .errors import InputError, SchemaError

__all__ = [
    "GOLD_SCHEMA",
    "EvalReport",
    "evaluate",
    "format_report",
    "has_keywords",
    "load_gold",
    "parse_sections",
]

NEWS_SECTIONS = ("key_points", "talks", "attacks", "moves")
_HEADINGS = {
    "key points": "key_points",
    "talks": "talks",
    "attacks": "attacks",
    "diplomatic moves": "moves",
    "moves": "moves",
    "background": "background",
    "sources": "sources",
}
_SECTION_VALUES = ["talks", "attacks", "moves", "key_points", "background", None]
GOLD_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["facts"],
    "properties": {
        "inputs": {"type": "array", "items": {"type": "string"}},
        "date": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "since": {"type": "string", "pattern": r"^\d+(\.\d+)?[mhdw]$"},
        "facts": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["fact", "keywords"],
                "additionalProperties": False,
                "properties": {
                    "fact": {"type": "string", "minLength": 1},
                    "keywords": {
                        "type": "array",
                        "minItems": 1,
                        "items": {"type": "string", "minLength": 1},
                    },
                    "section": {"enum": _SECTION_VALUES},
                    "stale": {"type": "boolean"},
                },
            },
        },
        "boilerplate": {"type": "array", "items": {"type": "string", "minLength": 1}},
    },
}
_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
_MARKER = re.compile(r"\[(\d+)\]")
_SOURCE_ENTRY = re.compile(r"^\s*(\d+)\.\s")


@dataclass
class EvalReport(Record):
    """What `evaluate` found; `to_dict()` for JSON output."""

    facts: int = 0  # non-stale gold facts
    covered: int = 0
    coverage: float = 0.0
    missing: list[dict[str, Any]] = field(default_factory=list)
    stale_facts: int = 0
    stale_leaks: list[dict[str, Any]] = field(default_factory=list)  # fact + the line it leaked in
    boilerplate_leaks: list[str] = field(default_factory=list)
    bullets: int = 0  # bullets in the news sections
    cited_bullets: int = 0
    cited_share: float | None = None  # None when there are no news bullets


def load_gold(path: str | Path) -> dict[str, Any]:
    """Read and validate a gold fact file (format in this module's docstring)."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read gold file {path}: {exc.strerror or exc}") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"gold file {path} is not JSON: line {exc.lineno}: {exc.msg}") from None
    errors = sorted(
        Draft202012Validator(GOLD_SCHEMA).iter_errors(data), key=lambda e: list(e.absolute_path)
    )
    if errors:
        found = [(e.json_path, e.message) for e in errors]
        raise SchemaError(
            f"gold file {path} is invalid: {found[0][0]}: {found[0][1]}", errors=found
        )
    return data


def parse_sections(markdown: str) -> list[tuple[str | None, str]]:
    """(section, line) for every non-empty line; None before the first '## ' heading."""
    section: str | None = None
    out = []
    for line in markdown.splitlines():
        if line.startswith("## "):
            section = _HEADINGS.get(line[3:].strip().lower(), line[3:].strip().lower())
            continue
        if line.strip():
            out.append((section, line))
    return out


def evaluate(markdown: str, gold: dict[str, Any]) -> EvalReport:
    """Score `markdown` against `gold` (see the module docstring)."""
    lines = parse_sections(markdown)
    report = EvalReport()
    for fact in gold.get("facts", []):
        keywords = fact["keywords"]
        if fact.get("stale"):
            report.stale_facts += 1
            leak = next(
                (
                    line
                    for sec, line in lines
                    if sec in NEWS_SECTIONS and has_keywords(line, keywords)
                ),
                None,
            )
            if leak is not None:
                report.stale_leaks.append({"fact": fact["fact"], "line": leak.strip()})
            continue
        report.facts += 1
        wanted = fact.get("section")
        found = any(
            has_keywords(line, keywords)
            for sec, line in lines
            if (sec == wanted if wanted else sec not in (None, "sources"))
        )
        if found:
            report.covered += 1
        else:
            report.missing.append({"fact": fact["fact"], "keywords": keywords, "section": wanted})
    report.coverage = report.covered / report.facts if report.facts else 1.0
    lowered = markdown.lower()
    report.boilerplate_leaks = [b for b in gold.get("boilerplate", []) if b.lower() in lowered]

    sources = {
        int(m.group(1))
        for sec, line in lines
        if sec == "sources" and (m := _SOURCE_ENTRY.match(line))
    }
    for sec, line in lines:
        bullet = _BULLET.match(line)
        if sec not in NEWS_SECTIONS or not bullet or bullet.group(1).strip() == "Nothing reported.":
            continue
        report.bullets += 1
        if any(int(n) in sources for n in _MARKER.findall(line)):
            report.cited_bullets += 1
    report.cited_share = report.cited_bullets / report.bullets if report.bullets else None
    return report


def has_keywords(line: str, keywords: list[str]) -> bool:
    """Whether every keyword ("a|b" for either) occurs in `line`, as `evaluate` reads them."""
    lowered = line.lower()
    return all(any(_has(lowered, option) for option in keyword.split("|")) for keyword in keywords)


def _has(lowered: str, option: str) -> bool:
    option = option.strip().lower()
    if not option:
        return False
    if option.isdigit():
        return re.search(rf"(?<![\d]){re.escape(option)}(?![\d])", lowered) is not None
    return option in lowered


def format_report(report: EvalReport) -> str:
    """A short human-readable report."""
    share = "n/a" if report.cited_share is None else f"{report.cited_share:.0%}"
    lines = [
        f"coverage: {report.covered}/{report.facts} facts ({report.coverage:.0%})",
        f"stale leaks: {len(report.stale_leaks)} of {report.stale_facts} stale facts",
        f"boilerplate leaks: {len(report.boilerplate_leaks)}",
        f"cited bullets: {report.cited_bullets}/{report.bullets} ({share})",
    ]
    if report.missing:
        lines.append("missing:")
        lines += [
            f"  - {m['fact']}  (keywords: {', '.join(m['keywords'])})" for m in report.missing
        ]
    if report.stale_leaks:
        lines.append("stale leaks:")
        lines += [f"  - {leak['fact']}: {leak['line']}" for leak in report.stale_leaks]
    if report.boilerplate_leaks:
        lines.append("boilerplate leaks:")
        lines += [f"  - {b}" for b in report.boilerplate_leaks]
    return "\n".join(lines) + "\n"
