"""Checks the offline lexicon against the extraction schema before anyone relies on it.

Every side named in a lexicon file must be one of the schema's sides, every move, talks,
weapon and measure kind one of its enums, every rule must compile and say why it is
there, and no name or word list may be defined twice. Run by the test suite, or by hand:

    python -m briefer.offline.validate
"""

from __future__ import annotations

import re
import sys
from typing import Any

from ..resources import load_schema
from .lexicon import (
    RULE_FILES,
    Lexicon,
    _build_actors,
    _build_places,
    _build_rules,
    _build_vocabulary,
    _build_weapons,
    _load,
)

__all__ = ["LEXICON_FILES", "bundled_files", "schema_enums", "validate_lexicon"]

LEXICON_FILES = ("places", "actors", "weapons", "vocabulary", *RULE_FILES[1:])
# vocabulary [talks] cues that name a talks kind of the schema ("sticking_point")
_TALKS_KINDS = ("sticking_point", "outcome", "position", "proposal", "session", "next_round")
# places.toml tables that are not a side's places
_PLACE_TABLES = ("venues", "occupied", "seats_of_government", "rules", "words")
# [words] lists whose entries are schema sides, and those whose entries are move kinds
_SIDE_WORDS = ("parties", "belligerents")
_MOVE_WORDS = ("move_priority", "not_in_attack_reports")


def schema_enums() -> dict[str, set[Any]]:
    """The extraction schema's enums the lexicon refers to."""
    defs = load_schema("extraction")["$defs"]
    return {
        "side": set(defs["side"]["enum"]) - {None},
        "move": set(defs["move_item"]["properties"]["kind"]["enum"]),
        "talks": set(defs["talks_item"]["properties"]["kind"]["enum"]),
        "weapon": set(defs["figure"]["properties"]["weapon"]["enum"]),
        "measure": set(defs["figure"]["properties"]["measure"]["enum"]),
        "qualifier": set(defs["range"]["properties"]["qualifier"]["enum"]),
    }


def bundled_files() -> dict[str, dict[str, Any]]:
    """The lexicon files shipped with briefer, parsed, by name."""
    return {name: _load(name) for name in ("time", *LEXICON_FILES)}


def validate_lexicon(files: dict[str, dict[str, Any]] | None = None) -> list[str]:
    """What is wrong with the lexicon files (parsed TOML by file name); empty when all is well."""
    files = bundled_files() if files is None else files
    enums = schema_enums()
    problems: list[str] = []

    def side(where: str, value: object) -> None:
        if value is not None and value not in enums["side"]:
            problems.append(f"{where}: side {value!r} is not one of the schema's sides")

    for table in files.get("places", {}):
        if table not in _PLACE_TABLES:
            side(f"places.toml [{table}]", table)
    actors = files.get("actors", {})
    for kind in ("person", "group"):
        for entry in actors.get(kind, []):
            side(f"actors.toml {kind} {entry.get('name')!r}", entry.get("side"))
    for name in actors.get("side_names", {}):
        side(f"actors.toml [side_names] {name!r}", name)
    for name, entry in actors.get("agencies", {}).items():
        side(f"actors.toml agency {name!r}", entry.get("side"))
    weapons = files.get("weapons", {})
    for table, enum in (("weapons", "weapon"), ("measures", "measure")):
        for kind in weapons.get(table, {}):
            if kind not in enums[enum]:
                problems.append(f"weapons.toml [{table}]: {kind!r} is not a schema {enum}")
    vocabulary = files.get("vocabulary", {})
    for kind in vocabulary.get("moves", {}):
        if kind != "negation" and kind not in enums["move"]:
            problems.append(f"vocabulary.toml [moves]: {kind!r} is not a schema move kind")
    for cue in _TALKS_KINDS:
        if cue.replace("_", " ") not in enums["talks"]:
            problems.append(f"vocabulary.toml [talks] {cue}: not a schema talks kind")
    figures = files.get("figures", {})
    for qualifier in figures.get("qualifiers", {}):
        if qualifier not in enums["qualifier"]:
            problems.append(f"figures.toml [qualifiers]: {qualifier!r} is not a schema qualifier")
    for phrase, entry in figures.get("vague", {}).items():
        if not (
            isinstance(entry, list)
            and len(entry) == 2
            and isinstance(entry[0], int | float)
            and entry[1] in enums["qualifier"]
        ):
            problems.append(
                f"figures.toml [vague] {phrase!r}: needs [lowest value, a schema qualifier]"
            )
    problems += _check_rules(files, enums)
    return problems


def _check_rules(files: dict[str, dict[str, Any]], enums: dict[str, set[Any]]) -> list[str]:
    problems: list[str] = []
    rule_at: dict[str, str] = {}
    words_at: dict[tuple[str, ...], str] = {}
    lex = Lexicon()
    _build_places(lex, files.get("places", {}))  # the seats rules name as {words:seats}
    try:  # the dictionaries' alternations rules name as {pattern:NAME}
        _build_actors(lex, files.get("actors", {}))
        _build_weapons(lex, files["weapons"])
        _build_vocabulary(lex, files["vocabulary"])
    except (KeyError, TypeError) as exc:
        problems.append(f"a dictionary file cannot be read: {exc!r}")
    for file in RULE_FILES:
        data = files.get(file, {})
        for name, words in data.get("words", {}).items():
            where = f"{file}.toml [words] {name}"
            key = tuple(sorted(words))
            if key in words_at:
                problems.append(f"{where}: the same list as {words_at[key]}")
            words_at[key] = where
            if name in _SIDE_WORDS:
                problems += [
                    f"{where}: side {w!r} is not one of the schema's sides"
                    for w in words
                    if w not in enums["side"]
                ]
            if name in _MOVE_WORDS:
                problems += [
                    f"{where}: {w!r} is not a schema move kind"
                    for w in words
                    if w not in enums["move"]
                ]
        for name, rule in data.get("rules", {}).items():
            where = f"{file}.toml [rules.{name}]"
            if name in rule_at:
                problems.append(f"{where}: already defined in {rule_at[name]}")
            rule_at[name] = where
            if not rule.get("why") or "pattern" not in rule:
                problems.append(f"{where}: needs a `pattern` and a `why`")
            if set(rule) - {"why", "pattern", "flags"}:
                problems.append(
                    f"{where}: unknown keys {sorted(set(rule) - {'why', 'pattern', 'flags'})}"
                )
            if set(rule.get("flags", "")) - {"i"}:
                problems.append(f"{where}: flags may only be 'i'")
        try:
            _build_rules(lex, data)
        except (re.error, KeyError, TypeError) as exc:
            problems.append(f"{file}.toml: a rule does not compile: {exc!r}")
    return problems


if __name__ == "__main__":
    found = validate_lexicon()
    print("\n".join(found) or "the offline lexicon is valid")
    sys.exit(1 if found else 0)
