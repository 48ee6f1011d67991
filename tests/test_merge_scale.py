"""The merge compares a report with the events its blocks hold, not with every report: a day
told by five times the outlets costs about five times the comparisons, and the events it
builds are the same. Counted, not timed (the timing is `benchmarks/merge_scale.py`).

Every sentence here is written for these tests.
"""

from __future__ import annotations

from test_merge import DAY, Corpus, attack, rng
from test_merge_attacks import events

import briefer.merge.attacks as attacks_module


def _day(outlets: int) -> Corpus:
    """`outlets` outlets each telling the same two nights' waves, a city's dead and the
    city's running total, which joins nothing (a running total with no figure is no wave)."""
    corpus = Corpus()
    for n in range(outlets):
        launched = 400 + n % 9  # outlets relay one official figure, give or take an update
        corpus.story(
            f"Outlet {n}",
            f"Overnight attack {n}",
            "2026-03-12T07:00:00+02:00",
            attacks=[
                attack(
                    f"Russia launched {launched} drones at Ukraine overnight, the air force said.",
                    figures=[("drones", "launched", rng(launched, text=str(launched)))],
                    source="Ukraine's air force",
                    side="Ukraine",
                    time_text="overnight",
                ),
                attack(
                    "Three people were killed in Odesa, the governor said.",
                    places=["Odesa"],
                    killed=rng(3, text="Three"),
                    source="the governor",
                    side="Ukraine",
                    time_text="overnight",
                ),
                attack(
                    f"On Tuesday night Russia launched {launched // 2} drones, the air force said.",
                    figures=[("drones", "launched", rng(launched // 2, text=str(launched // 2)))],
                    source="Ukraine's air force",
                    side="Ukraine",
                    time_text="On Tuesday night",
                ),
                attack(
                    "Odesa has been hit repeatedly since the war began.",
                    places=["Odesa"],
                    cumulative=True,
                ),
            ],
        )
    return corpus


def _comparisons(outlets: int, monkeypatch) -> tuple[int, list[int]]:
    calls = 0
    same_event = attacks_module.same_event

    def counted(a, b):
        nonlocal calls
        calls += 1
        return same_event(a, b)

    monkeypatch.setattr(attacks_module, "same_event", counted)
    built = events(_day(outlets), DAY)
    return calls, sorted(len(e.members) for e in built)


def test_five_times_the_outlets_cost_about_five_times_the_comparisons(monkeypatch):
    small, small_events = _comparisons(40, monkeypatch)
    big, big_events = _comparisons(200, monkeypatch)
    # the same events at both sizes, each told by every outlet: two nights' waves, the dead;
    # and each outlet's running total on its own
    assert small_events == [1] * 40 + [40, 40, 40] and big_events == [1] * 200 + [200] * 3
    assert big <= 6 * small  # pairwise would be 25x
