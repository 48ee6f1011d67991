"""Rules from the round that worked on what a briefing spends its words on: the terms a
side sets for a pause are talks, not an attack; who a move belongs to when the sentence
starts with "He" or gives the speaker a second verb.

Every sentence here is written for these tests.
"""

from __future__ import annotations

import pytest
from test_offline import check


def test_strikes_a_pause_must_cover_are_a_condition_not_an_attack():
    data = check(
        "Negotiators discussed a pause in strikes on energy sites. Moscow insists any pause "
        "must also cover Ukraine's long-range drone strikes on its oil refineries; Kyiv "
        "refuses to include them."
    )
    assert data["attacks"] == []
    assert any(t["kind"] == "position" for t in data["talks"])


def test_a_capital_that_refuses_is_a_government_not_a_place_hit():
    data = check(
        "Russian drones struck Odesa overnight, the regional governor said; Kyiv rejects "
        "Moscow's claim that the port stores weapons."
    )
    assert [a["places"] for a in data["attacks"]] == [["Odesa"]]


def test_he_urged_is_the_last_speaker_not_a_name_in_a_relative_clause():
    data = check(
        '"They talk about energy by day and hit our substations by night," President '
        "Volodymyr Zelenskyy wrote on Telegram. He urged the United States to impose the "
        "tariffs on buyers of Russian oil that Washington has threatened for months."
    )
    (pressure,) = [m for m in data["moves"] if m["kind"] == "pressure"]
    assert (pressure["actor"], pressure["actor_side"]) == ("Volodymyr Zelenskyy", "Ukraine")


def test_the_second_verb_of_a_speaker_is_the_speakers_move_not_the_objects():
    data = check(
        "President Volodymyr Zelenskyy thanked Switzerland for hosting the talks but warned "
        'that "a truce is tested at night, not at the table".'
    )
    (pressure,) = [m for m in data["moves"] if m["kind"] == "pressure"]
    assert pressure["actor"] == "Volodymyr Zelenskyy"


def test_a_negotiators_quoted_verdict_is_an_assessment_without_the_word_talks():
    data = check(
        "Russian and Ukrainian negotiators ended two days of talks in Istanbul on Tuesday. "
        "Ukraine's delegation was led by Rustem Umerov. "
        '"Hard, but honest," Umerov told reporters as he left. '
        '"The weather in Istanbul was kind to us," a hotel manager said.'
    )
    views = [t for t in data["talks"] if t["kind"] == "assessment"]
    assert [(v["quote"], v["attribution"]["source"]) for v in views] == [
        ("Hard, but honest,", "Rustem Umerov")
    ]


def test_a_quote_that_only_says_when_is_not_a_verdict():
    data = check(
        "Russian and Ukrainian negotiators met in Istanbul for talks on Wednesday. "
        'An exchange of 1,200 prisoners is to happen "in the coming weeks", Umerov said.'
    )
    assert not [t for t in data["talks"] if t["kind"] == "assessment"]


def test_no_date_set_for_a_round_is_the_next_round_not_the_round_held():
    data = check(
        "The tenth round of peace talks between Russia and Ukraine opened in Istanbul on "
        "Wednesday. No date was set for an eleventh round."
    )
    kinds = {t["round"]: t["kind"] for t in data["talks"] if t["round"]}
    assert kinds == {10: "session", 11: "next round"}


@pytest.mark.parametrize(
    "text",
    [
        # what goes on is not the talks
        "After the talks, Cardinal Zuppi said the Holy See would continue working on the "
        "return of Ukrainian children taken to Russia.",
        # the talks were due when the strike came: they have resumed since
        "Russia launched 140 drones at Ukraine overnight, killing seven people in Dnipro hours "
        "before negotiators were due to resume peace talks in Vatican City.",
    ],
)
def test_going_on_is_the_next_round_only_when_talks_are_still_to_come(text):
    assert not [t for t in check(text)["talks"] if t["kind"] == "next round"]


@pytest.mark.parametrize(
    "text",
    [
        "The talks will continue in Istanbul next month, Umerov said.",
        "Negotiators are set to resume the talks on Friday, officials said.",
        "A seventh round of talks would take place in early August, both delegations said.",
    ],
)
def test_talks_that_will_go_on_are_the_next_round(text):
    assert [t["kind"] for t in check(text)["talks"]] == ["next round"]


def test_a_pledge_that_a_country_never_joins_nato_is_not_aid():
    data = check(
        "Russia has not softened its demands, including a pledge that Ukraine will never join "
        "NATO. Germany pledged 1.9 billion euros in military aid to Ukraine."
    )
    assert [(m["kind"], m["actor"]) for m in data["moves"]] == [("aid", "Germany")]
