"""Figures and casualties as the offline coder reads them (`briefer/offline/figures.py`):
negated casualty wording, shares of a total, modifiers joined by "and", electronic
warfare, casualty verbs after "had", damage as worded.

Every sentence here is written for these tests.
"""

from __future__ import annotations

import pytest
from test_offline import check, figure, only_attack

# negation: "no one was hurt" counts nobody


@pytest.mark.parametrize(
    "text",
    [
        "No one was hurt when debris fell on a house in Lviv, the mayor said.",
        "Nobody was killed in the overnight strike on Sumy, the governor said.",
        "There were no casualties after the drone attack on Poltava, officials said.",
        "No injuries were reported after drones hit a warehouse in Kryvyi Rih.",
        "None of the crew was hurt when a drone struck the tanker off Odesa.",
        "None of the 14 crew members was hurt when a drone struck the tanker off Odesa.",
        "Not one person was injured when a missile hit a school in Kharkiv.",
    ],
)
def test_negated_casualty_wording_gives_no_casualty_figure(text):
    for attack in check(text)["attacks"]:
        assert attack["killed"] is None and attack["injured"] is None, attack


def test_a_negated_clause_leaves_the_other_casualty_figure():
    attack = only_attack("No one was killed, but three people were hurt in the attack on Sumy.")
    assert attack["killed"] is None
    assert attack["injured"]["min"] == 3


# a share of a total is not a second figure


def test_a_share_of_them_is_not_a_second_figure_of_the_same_weapon_and_measure():
    attack = only_attack(
        "Russia's defence ministry said its air defences had downed 96 Ukrainian drones "
        "overnight over nine Russian regions, 31 of them over the Kursk region and 12 on "
        "approach to Moscow."
    )
    assert attack["figures"] == [
        {"weapon": "drones", "measure": "intercepted", "count": attack["figures"][0]["count"]}
    ]
    assert attack["figures"][0]["count"]["min"] == 96


@pytest.mark.parametrize(
    ("text", "measure", "total"),
    [
        ("Air defences destroyed 80 drones, 25 of which were over the Belgorod region.",
         "intercepted", 80),
        ("Russia launched 300 drones at Ukraine overnight, including 180 Shahed attack drones.",
         "launched", 300),
    ],
)  # fmt: skip
def test_a_share_named_by_of_which_or_including_goes(text, measure, total):
    attack = only_attack(text)
    assert [f["count"]["min"] for f in attack["figures"]] == [total]
    assert figure(attack, "drones", measure)["min"] == total


def test_a_share_in_the_next_sentence_without_a_verb_is_no_figure():
    first, *rest = check(
        "Russian air defences downed 70 Ukrainian drones overnight, the ministry said. "
        "20 of them were over the Bryansk region."
    )["attacks"]
    assert figure(first, "drones", "intercepted")["min"] == 70
    assert all(not a["figures"] for a in rest)


def test_a_share_with_its_own_verb_or_weapon_stays():
    attack = only_attack(
        "Russia fired 100 drones and 9 missiles, including three Iskander-M ballistic "
        "missiles, of which 80 drones and 7 missiles were shot down, the air force said."
    )
    assert figure(attack, "ballistic missiles", "launched")["min"] == 3
    assert figure(attack, "drones", "launched")["min"] == 100
    assert figure(attack, "drones", "intercepted")["min"] == 80
    assert figure(attack, "missiles", "intercepted")["min"] == 7


def test_one_figure_per_weapon_and_measure_the_largest():
    """No sum: "22" is written nowhere, and every number shown must be the article's."""
    attack = only_attack(
        "The air force said Russia launched 14 Kh-101 cruise missiles from Tu-95 bombers "
        "and two Kalibr missiles from the Black Sea."
    )
    assert figure(attack, "cruise missiles", "launched")["min"] == 14


def test_n_of_the_m_drones_counts_both():
    attack = only_attack("Air defences shot down 45 of the 50 drones launched at Ukraine.")
    assert figure(attack, "drones", "intercepted")["min"] == 45
    assert figure(attack, "drones", "launched")["min"] == 50


def test_a_count_of_regions_is_not_a_figure():
    attack = only_attack("Russia's air defences destroyed 64 drones over 13 Russian regions.")
    assert [f["count"]["min"] for f in attack["figures"]] == [64]


# the weapon phrase


@pytest.mark.parametrize(
    "text",
    [
        "Russia fired 245 attack and decoy drones and 12 missiles at Ukraine overnight.",
        "Russia launched 245 strike or decoy drones at Ukraine overnight.",
    ],
)
def test_modifiers_joined_by_and_keep_the_number(text):
    assert figure(only_attack(text), "drones", "launched")["min"] == 245


# electronic warfare


@pytest.mark.parametrize(
    "text",
    [
        'A further 17 drones were "locationally lost", the air force said after the attack.',
        "Another 17 drones were brought down by electronic warfare, the air force said.",
    ],
)
def test_drones_lost_to_electronic_warfare(text):
    attack = only_attack(text)
    assert figure(attack, "drones", "lost to electronic warfare")["min"] == 17


def test_shot_down_or_suppressed_is_the_intercepted_total():
    """One verb for both shares: the missiles' share is no verbless part of a total."""
    _, attack = check(
        "Russia launched 320 drones and 12 missiles at Ukraine overnight. The air force said "
        "its units had shot down or electronically suppressed 300 of the drones and 10 of the "
        "missiles."
    )["attacks"]
    assert figure(attack, "drones", "intercepted")["min"] == 300
    assert figure(attack, "missiles", "intercepted")["min"] == 10


# casualties


def test_had_died_is_a_death():
    attack = only_attack(
        "The regional administration reported that three people had died and eight were "
        "injured in the shelling of Nikopol."
    )
    assert attack["killed"]["min"] == 3 and attack["injured"]["min"] == 8


@pytest.mark.parametrize(
    ("text", "qualifier", "low", "high"),
    [
        ("Russia launched no less than 20 missiles at Kyiv overnight.", "at least", 20, None),
        ("Russia fired no more than 10 missiles at Lviv overnight.", "up to", None, 10),
    ],
)
def test_no_less_than_and_no_more_than(text, qualifier, low, high):
    count = figure(only_attack(text), "missiles", "launched")
    assert (count["qualifier"], count["min"], count["max"]) == (qualifier, low, high)


# damage as worded


def test_ships_are_targets():
    attack = only_attack(
        "Missiles hit the port of Izmail overnight, setting fire to a Liberia-flagged bulk "
        "carrier and damaging a container ship, the governor said."
    )
    assert {"bulk carrier", "container ship"} <= set(attack["targets"])
