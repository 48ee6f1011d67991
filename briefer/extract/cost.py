"""What model calls cost: a price table kept as data (`briefer/prices.json`), overridable.

A user file (the `prices` argument, or the `BRIEFER_PRICES` environment variable) has the
same shape as the bundled one; its models replace or add to the bundled entries. An unknown
model costs 0.0 with a one-time note in the log, never an error.

Reasoning tokens are part of a completion's output tokens (OpenAI counts them inside
`completion_tokens`) and are billed at the output price; `Usage.reasoning_tokens` only says
how many of the output tokens they were. A Batch API answer costs `batch_discount` (0.5)
of the standard price.
"""

from __future__ import annotations

import json
import logging
import os
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from ..data import Usage
from ..errors import ConfigError

__all__ = ["Price", "batch_discount", "cost_of", "is_reasoning_model", "load_prices", "price_for"]

log = logging.getLogger("briefer")

_DATE_SUFFIX = re.compile(r"-\d{4}-\d{2}-\d{2}$")
_noted: set[str] = set()


@dataclass(frozen=True)
class Price:
    """USD per one million tokens."""

    input: float
    cached_input: float
    output: float
    reasoning: bool = False  # takes reasoning_effort; refuses temperature, top_p, max_tokens


def _parse_table(data: object, where: str) -> dict[str, Price]:
    models = data.get("models") if isinstance(data, dict) else None
    if not isinstance(models, dict):
        raise ConfigError(f"price table {where} needs a 'models' object")
    table = {}
    for name, entry in models.items():
        try:
            table[name] = Price(
                input=float(entry["input"]),
                cached_input=float(entry.get("cached_input", entry["input"])),
                output=float(entry["output"]),
                reasoning=bool(entry.get("reasoning", False)),
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            raise ConfigError(
                f"price table {where}: model {name!r} needs numeric 'input' and 'output' "
                "(and optionally 'cached_input'), in USD per 1M tokens"
            ) from None
    return table


@cache
def _bundled_data() -> dict:
    text = (resources.files("briefer") / "prices.json").read_text(encoding="utf-8")
    return json.loads(text)


@cache
def _bundled() -> dict[str, Price]:
    return _parse_table(_bundled_data(), "briefer/prices.json")


def batch_discount() -> float:
    """The Batch API's share of the standard price (0.5: half price)."""
    return float(_bundled_data().get("batch_discount", 0.5))


@cache
def _user_table(path: str) -> dict[str, Price]:
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
        data = tomllib.loads(text) if file.suffix == ".toml" else json.loads(text)
    except OSError as exc:
        raise ConfigError(f"cannot read the price table {path}: {exc.strerror}") from None
    except ValueError as exc:
        raise ConfigError(f"price table {path} is not valid JSON/TOML: {exc}") from None
    return _parse_table(data, path)


def load_prices(prices: str | Path | None = None) -> dict[str, Price]:
    """The bundled table, overridden by `prices` or else by `BRIEFER_PRICES` when set."""
    table = dict(_bundled())
    override = prices or os.environ.get("BRIEFER_PRICES")
    if override:
        table.update(_user_table(str(override)))
    return table


def price_for(model: str, prices: str | Path | None = None) -> Price | None:
    """The price of a model, matching dated snapshots ('gpt-4o-2024-08-06') to their family."""
    table = load_prices(prices)
    name = model.split("/")[-1]
    if name in table:
        return table[name]
    undated = _DATE_SUFFIX.sub("", name)
    if undated in table:
        return table[undated]
    return None


def is_reasoning_model(model: str, prices: str | Path | None = None) -> bool:
    """Whether the price table marks `model` as a reasoning model (unknown models are not)."""
    price = price_for(model, prices)
    return bool(price and price.reasoning)


def cost_of(
    model: str, usage: Usage, prices: str | Path | None = None, *, batch: bool = False
) -> float:
    """USD spent on `usage` with `model` (at the Batch rate when `batch`); 0.0 (noted once
    in the log) for an unknown model."""
    price = price_for(model, prices)
    if price is None:
        if model not in _noted:
            _noted.add(model)
            log.warning(
                "no price known for model %r; its cost is counted as 0 "
                "(add it to a price file named by BRIEFER_PRICES)",
                model,
            )
        return 0.0
    cached = min(usage.cached_input_tokens, usage.input_tokens)
    fresh = usage.input_tokens - cached
    total = fresh * price.input + cached * price.cached_input + usage.output_tokens * price.output
    if batch:
        total *= batch_discount()
    return round(total / 1_000_000, 8)
