"""Render a Briefing as markdown (the primary output), JSON (validated) or HTML (e-mail).

The markdown shape other tools rely on:

    # Morning briefing — 2026-03-12
    Window …, counts and cost (one line, when the run recorded them)
    ## Key points / ## Talks / ## Attacks / ## Diplomatic moves / ## Background
    ## Sources
    1. Title — Outlet, 2026-03-11. URL

Every bullet ends with citation markers like [1][2]; an empty section says
"Nothing reported."; article text can never open a heading or a block of its own.
"""

from __future__ import annotations

import json
from typing import Any

from jsonschema import Draft202012Validator

from .errors import SchemaError
from .merge.model import Briefing, Source
from .merge.text import clean, led_by
from .resources import load_schema
from .safe import neutralise, neutralise_data, safe_link

__all__ = [
    "NOTHING",
    "SECTION_TITLES",
    "bullet_lines",
    "render_json",
    "render_markdown",
    "validate_briefing",
]

SECTION_TITLES = {
    "key_points": "Key points",
    "talks": "Talks",
    "attacks": "Attacks",
    "moves": "Diplomatic moves",
    "background": "Background",
    "sources": "Sources",
}
NOTHING = "Nothing reported."


def render_markdown(briefing: Briefing) -> str:
    """The briefing as markdown, in the shape documented above."""
    lines = [f"# Morning briefing — {briefing.date}"]
    coverage = coverage_line(briefing)
    if coverage:
        lines.append(coverage)
    warning = failure_warning(briefing)
    if warning:
        lines += ["", f"> **Warning:** {warning}"]
    sections = [
        *((name, [line for _, line in bullets]) for name, bullets in bullet_lines(briefing)),
        ("sources", [_source_line(s) for s in briefing.sources]),
    ]
    for name, body in sections:
        lines.extend(["", f"## {SECTION_TITLES[name]}", *(body or [NOTHING])])
    return "\n".join(lines) + "\n"


def bullet_lines(briefing: Briefing) -> list[tuple[str, list[tuple[Any, str]]]]:
    """Each section but Sources, in order, with (item, markdown line) for each bullet: what
    `render_markdown` shows, for measuring a briefing line by line."""
    talks: list[tuple[Any, str]] = []
    for track in briefing.talks:
        talks.append(
            (track, _bullet(f"**{clean(track.text)}**", track.cites, track.status, raw=True))
        )
        talks.extend((e, _bullet(e.text, e.cites, e.status, indent=1)) for e in track.entries)
    return [
        ("key_points", [(p, _bullet(p.text, p.cites, p.status)) for p in briefing.key_points]),
        ("talks", talks),
        (
            "attacks",
            [
                pair
                for a in briefing.attacks
                for pair in [
                    (a, _bullet(a.text, a.cites, a.status)),
                    *((n, _bullet(n.text, n.cites, n.status, indent=1)) for n in a.notes),
                ]
            ],
        ),
        (
            "moves",
            [
                (m, _bullet(_move_line(m.actor, m.text), m.cites, m.status, raw=True))
                for m in briefing.moves
            ],
        ),
        ("background", [(b, _bullet(b.text, b.cites, b.status)) for b in briefing.background]),
    ]


def _move_line(actor: str, text: str) -> str:
    """The move, led by its actor in bold unless the line already names them."""
    text, named = led_by(actor, text)
    return text if named or not clean(actor) else f"**{clean(actor)}** — {text}"


def _bullet(
    text: str, cites: list[int], status: str | None, *, indent: int = 0, raw: bool = False
) -> str:
    body = neutralise(text if raw else clean(text))
    if status == "new":
        body = f"**new** {body}"
    elif status == "continuing":
        body = f"{body} (continuing)"
    markers = "".join(f"[{n}]" for n in cites)
    return f"{'  ' * indent}- {body} {markers}".rstrip()


def _source_line(source: Source) -> str:
    parts = clean(source.title) or "Untitled"
    where = ", ".join(x for x in (clean(source.outlet), _day(source.published)) if x)
    if where:
        parts += f" — {where}"
    link = safe_link(source.url) or source.location
    return neutralise(f"{source.n}. {parts}." + (f" {link}" if link else ""))


def _day(value: str | None) -> str:
    return (value or "")[:10]


def coverage_line(briefing: Briefing) -> str:
    """'2026-03-09 00:00 to 2026-03-13 00:00 Kyiv · 4 articles, 5 stories, 6 chunks (0 failed) ·
    9 sources via 3 outlets · 12,345+678 tokens, $0.0123' (from the run's stats; empty without
    them). The window is said by its two ends: `--since 72h` reaches back from the start of the
    briefing's day, so "72h to ..." read as three days would hide the fourth."""
    stats = briefing.stats or {}
    if not stats:
        return ""
    parts = [f"{_minute(briefing.window_start)} to {_minute(briefing.window_end)} Kyiv"]
    counts = [_count(stats[k], k) for k in ("articles", "stories", "chunks") if k in stats]
    if counts:
        if "failed_chunks" in stats:
            counts[-1] += f" ({stats['failed_chunks']} failed)"
        parts.append(", ".join(counts))
    if stats.get("original_sources") is not None:
        named, outlets = stats["original_sources"], stats.get("outlets") or 0
        if named:
            via = f" via {_count(outlets, 'outlets')}" if outlets else ""
            parts.append(_count(named, "named sources") + via)
        elif outlets:  # "0 sources via 4 outlets" read as if nothing were cited
            parts.append(f"{_count(outlets, 'outlets')}, no named source")
    spent = []
    if "input_tokens" in stats:
        spent.append(f"{stats['input_tokens']:,}+{stats.get('output_tokens', 0):,} tokens")
    if "cost_usd" in stats:
        spent.append(f"${stats['cost_usd']:.4f}")
    if spent:
        parts.append(", ".join(spent))
    if stats.get("bullets_dropped"):
        parts.append(f"{stats['bullets_dropped']} unsupported lines dropped")
    return " · ".join(parts)


def _minute(value: str) -> str:
    return value[:16].replace("T", " ")


def _count(number: int, plural: str) -> str:
    """'1 story', '6 stories'."""
    if number != 1:
        return f"{number:,} {plural}"
    return f"1 {plural[:-3]}y" if plural.endswith("ies") else f"1 {plural[:-1]}"


def failure_warning(briefing: Briefing) -> str | None:
    failed = (briefing.stats or {}).get("failed_chunks") or 0
    if not failed:
        return None
    total = briefing.stats.get("chunks")
    of = f" of {total}" if total else ""
    unread = briefing.stats.get("unread") or []
    named = (
        f" Not read: {', '.join(unread[:10])}{' …' if len(unread) > 10 else ''}." if unread else ""
    )
    return (
        f"{failed}{of} chunks could not be read; what they held is missing from this briefing."
        + named
    )


def validate_briefing(data: dict[str, Any]) -> None:
    """Raise SchemaError listing (JSON path, message) when `data` breaks the briefing schema."""
    validator = Draft202012Validator(load_schema("briefing"))
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        found = [(e.json_path, e.message) for e in errors]
        raise SchemaError(
            f"the briefing does not match schemas/briefing.schema.json: {found[0][0]}: {found[0][1]}",
            errors=found,
        )


def render_json(briefing: Briefing) -> str:
    """The briefing as JSON, validated against schemas/briefing.schema.json."""
    data = neutralise_data(briefing.to_dict())
    validate_briefing(data)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
