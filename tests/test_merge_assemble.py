"""Assembling a briefing: what the length bound drops first, key points that refer back.

Every sentence here is written for these tests.
"""

from __future__ import annotations

from test_merge import Corpus, attack, move

from briefer.merge.length import DROP_ORDER, trimmable
from briefer.merge.model import Attack, Briefing


def test_a_running_total_with_no_figure_is_background_not_an_attack():
    corpus = Corpus()
    corpus.story(
        "Harbor Post", "Port", "2026-03-11",
        attacks=[attack("The port has been attacked dozens of times this year",
                        places=["Odesa"], cumulative=True)],
    )  # fmt: skip
    briefing = corpus.merge()
    assert briefing.attacks == [] and [b.section for b in briefing.background] == ["attacks"]


def test_a_running_total_that_counts_its_attacks_stays_an_attack():
    corpus = Corpus()
    corpus.story(
        "Harbor Post", "Energy", "2026-03-11",
        attacks=[attack("Ukraine made six attacks on energy sites over the past 24 hours",
                        attacker="Ukraine", target="Russia", cumulative=True,
                        time_text="over the past 24 hours")],
    )  # fmt: skip
    assert [a.cumulative for a in corpus.merge().attacks] == [True]


def test_a_running_total_with_no_figure_is_trimmed_before_any_view():
    context = Attack(key="k", text="Running total — Chuhuiv, 40 km from the front, has been hit "
                     "repeatedly since 2022", short="", cites=["s"], cumulative=True)  # fmt: skip
    briefing = Briefing(date="2026-03-12", since="72h", window_start="", window_end="",
                        attacks=[context])  # fmt: skip
    ((priority, _, _, line),) = list(trimmable(briefing))
    assert line is context and priority == DROP_ORDER["running total with no figure"] == 1


def test_a_key_point_move_is_not_a_line_that_refers_back():
    """ "The package also imposes …" cannot stand alone when the package's own line exists,
    even when more outlets carried the follow-on line."""
    corpus = Corpus()
    for outlet in ("Harbor Post", "Northwire"):
        corpus.story(
            outlet, "EU sanctions", "2026-03-11",
            moves=[move("sanctions", "European Union",
                        "The package also imposes asset freezes on 41 firms tied to the arms "
                        "trade", side="European Union", target="41 firms")],
        )  # fmt: skip
    corpus.story(
        "Steppe Review", "EU package", "2026-03-11",
        moves=[move("sanctions", "European Union",
                    "The European Union on Wednesday adopted its 22nd package of sanctions "
                    "against Russia", side="European Union", target="Russia",
                    time_text="on Wednesday")],
    )  # fmt: skip
    first = next(p for p in corpus.merge().key_points if p.rule == "move")
    assert "22nd package" in first.text


def test_the_days_own_context_in_background_outlasts_old_facts_when_trimming():
    from briefer.merge.model import BackgroundItem

    today = BackgroundItem(
        key="a",
        text="2026-03-11: A spokesman said strikes go on",
        section="attacks",
        start="2026-03-11",
        end="2026-03-11",
    )
    old = BackgroundItem(
        key="b",
        text="2026-02-02: A leader said the talks were useful",
        section="talks",
        start="2026-02-02",
        end="2026-02-02",
    )
    briefing = Briefing(
        date="2026-03-12",
        since="72h",
        window_start="2026-03-10T00:00:00+02:00",
        window_end="2026-03-13T00:00:00+02:00",
        background=[today, old],
    )
    order = {line.key: priority for priority, _, _, line in trimmable(briefing)}
    assert order["b"] == DROP_ORDER["old fact of a new story"] < order["a"]
