"""The length fit's drop queue: the order `fit_length` drops lines in, kept as lines go
rather than asked of `trimmable` again at every drop, is exactly the `min` over
`trimmable` it replaces, ties and all."""

from __future__ import annotations

from pathlib import Path

import pytest

import briefer.merge.assemble as assemble
from briefer.config import Settings
from briefer.merge.length import _drop_order, _DropQueue, trimmable
from briefer.pipeline import run_brief

ROOT = Path(__file__).resolve().parent.parent


def _unfitted_briefing(tmp_path, monkeypatch):
    """The offline briefing of the examples and two dev sets as merge builds it, before
    its length is fitted."""
    built = []
    monkeypatch.setattr(assemble, "fit_length", lambda b, budget, marked: built.append(b) or 0)
    inputs = [ROOT / "examples", *(ROOT / "tests" / "fixtures" / d for d in ("dev2", "dev3"))]
    settings = Settings(
        inputs=[str(p) for p in inputs],
        since="365d",
        backend="offline",
        cache_dir=tmp_path / "cache",
        data_dir=tmp_path / "data",
    )
    run_brief(settings, notify=lambda message: None)
    return built[-1]


@pytest.mark.parametrize("spread", [0, 7], ids=["ties", "spread"])
def test_the_drop_queue_drops_the_line_the_min_over_trimmable_would(spread, tmp_path, monkeypatch):
    briefing = _unfitted_briefing(tmp_path, monkeypatch)
    share = {}  # any fixed overlap per line will do: the queue must follow it, ties and all

    def overlap(line):
        return share.setdefault(id(line), (len(line.text) * spread % 10) / 10)

    queue = _DropQueue(briefing, overlap)
    drops = 0
    while True:
        naive = [
            (_drop_order(priority, position, overlap(line)), line)
            for priority, position, _, line in trimmable(briefing)
        ]
        picked = queue.pop()
        if not naive:
            assert picked is None
            break
        expected = min(naive, key=lambda pair: pair[0])[1]
        assert picked is not None and picked[0] is expected
        picked[1]()  # take it out, as fit_length does
        assert not any(x is expected for _, _, _, x in trimmable(briefing))
        drops += 1
    assert drops > 20  # the day had lines of every kind to drop
