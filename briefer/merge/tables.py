"""The merge's vocabulary files (`briefer/merge/*.toml`), each read once."""

from __future__ import annotations

import functools
import tomllib
from importlib import resources
from typing import Any

__all__ = ["table"]


@functools.cache
def table(name: str) -> dict[str, Any]:
    """The parsed `briefer/merge/<name>.toml` ("dating", "checks", "speech", ...)."""
    path = resources.files("briefer.merge") / f"{name}.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))
