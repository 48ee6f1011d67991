"""Every name briefer says it exports can be imported, in the library and in each stage."""

from __future__ import annotations

import importlib

import pytest

import briefer

STAGES = ["ingest", "segment", "chunk", "extract", "offline", "merge", "render", "deliver",
          "dates", "config", "ledger", "mail", "pipeline", "errors", "data", "numbers",
          "progress", "redact", "safe", "injection"]  # fmt: skip


def test_library_exports_resolve():
    missing = [name for name in briefer.__all__ if not hasattr(briefer, name)]
    assert missing == []


@pytest.mark.parametrize("stage", STAGES)
def test_stage_exports_resolve(stage):
    module = importlib.import_module(f"briefer.{stage}")
    assert module.__all__, f"briefer.{stage} declares no __all__"
    assert [name for name in module.__all__ if not hasattr(module, name)] == []
