"""One loader for the prompt templates and JSON Schemas shipped with briefer.

In an installed wheel they live in `briefer/_resources/`; in a source checkout or an
editable install they are the top-level `prompts/` and `schemas/` folders.
"""

from __future__ import annotations

import json
import string
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from .errors import ConfigError

__all__ = ["load_prompt", "load_schema", "render_prompt", "resource_dir"]


def resource_dir(kind: str) -> Traversable:
    """The folder holding `prompts` or `schemas`, installed or in the source tree."""
    packaged = resources.files("briefer") / "_resources" / kind
    if packaged.is_dir():
        return packaged
    source = Path(__file__).resolve().parent.parent / kind
    if source.is_dir():
        return source
    raise ConfigError(f"briefer's {kind}/ folder is missing from this installation")


@cache
def load_prompt(name: str) -> str:
    """The text of `prompts/<name>.md`."""
    path = resource_dir("prompts") / f"{name}.md"
    if not path.is_file():
        raise ConfigError(f"no prompt template named {name!r}")
    return path.read_text(encoding="utf-8")


@cache
def load_schema(name: str) -> dict[str, Any]:
    """The parsed `schemas/<name>.schema.json` (cached; do not mutate)."""
    path = resource_dir("schemas") / f"{name}.schema.json"
    if not path.is_file():
        raise ConfigError(f"no JSON Schema named {name!r}")
    return json.loads(path.read_text(encoding="utf-8"))


def render_prompt(name: str, **values: object) -> str:
    """Fill a template's `$placeholders`; a missing value is an error, not a blank."""
    template = string.Template(load_prompt(name))
    try:
        return template.substitute({k: str(v) for k, v in values.items()})
    except KeyError as exc:
        raise ConfigError(f"prompt {name!r} needs a value for ${exc.args[0]}") from None
