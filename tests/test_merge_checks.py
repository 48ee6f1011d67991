"""The merge's checks on single reports, read once per text."""

from __future__ import annotations

import pytest

from briefer.merge.checks import sets_apart


@pytest.mark.parametrize(
    ("evidence", "apart"),
    [
        ("Other Russian attacks killed three in the Zaporizhia region.", True),
        ("In a separate strike, two were injured in Sumy.", True),
        ("Russia launched 300 drones at Kyiv overnight.", False),
    ],
)
def test_sets_apart(evidence, apart):
    assert sets_apart(evidence) is apart


def test_sets_apart_is_read_once_per_text():
    sets_apart.cache_clear()
    text = "Elsewhere, a drone hit a school in Kharkiv."
    assert sets_apart(text) and sets_apart(text)
    assert sets_apart.cache_info().hits == 1
    assert not sets_apart(text.replace("Elsewhere, a", "A"))  # keyed by the exact text


def test_a_place_given_only_a_share_of_the_count_is_not_the_counts_place():
    """ "87 drones over seven regions, 41 of them over the Valmont region", read as 87 over
    the Valmont region: the region's is the 41, so it is no place of the 87 (invented dev5:
    "Ukrainian attack (Voronezh region): 87 drones"), whether or not the report also gives
    the 41 (then the 41 goes too: a second count of the same drones at no place); a report
    giving only the 41 keeps it."""
    from test_merge import Corpus, attack, rng

    evidence = (
        "The ministry said air defences destroyed 87 drones over seven regions, 41 of them "
        "over the Valmont region"
    )

    def line(*counts: int) -> str:
        corpus = Corpus()
        figures = [("drones", "claimed intercepted", rng(n, n, text=str(n))) for n in counts]
        corpus.story(
            "Harbor Post", "Drones over Russia", "2026-03-11",
            attacks=[attack(evidence, attacker="Ukraine", target="Russia",
                            places=["Valmont region"], figures=figures,
                            source="the ministry", side="Russia", time_text="overnight")],
        )  # fmt: skip
        (event,) = corpus.merge().attacks
        return event.text

    assert "Valmont region" not in line(87)
    assert "Valmont region" not in line(87, 41)
    assert "41" not in line(87, 41) and "87 drones" in line(87, 41)
    assert "Valmont region" in line(41) and "41 drones" in line(41)
