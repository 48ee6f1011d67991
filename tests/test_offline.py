"""The offline extractor: figures, attribution, talks and moves from rules alone.

Test sentences are written for these tests; the example articles are only used to check
that every answer validates against the schema and quotes its evidence verbatim.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from briefer.data import Chunk
from briefer.extract.base import ExtractRequest
from briefer.extract.numbered import resolved_schema
from briefer.offline import OfflineBackend, extract_text
from briefer.offline.figures import parse_number, quantities
from briefer.offline.sentences import split_sentences

ROOT = Path(__file__).resolve().parent.parent
VALIDATOR = Draft202012Validator(resolved_schema())  # the form the merge reads


def check(text: str) -> dict:
    """Extract, and hold every answer to the contract: schema-valid, evidence verbatim."""
    data = extract_text(text)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(data)]
    assert not errors, errors
    for section in ("talks", "attacks", "moves"):
        for item in data[section]:
            assert item["evidence"] in text
    return data


def only_attack(text: str) -> dict:
    attacks = check(text)["attacks"]
    assert len(attacks) == 1, attacks
    return attacks[0]


def figure(attack: dict, weapon: str, measure: str) -> dict:
    found = [f for f in attack["figures"] if f["weapon"] == weapon and f["measure"] == measure]
    assert len(found) == 1, attack["figures"]
    return found[0]["count"]


# numbers and qualifiers


@pytest.mark.parametrize(
    ("text", "value"),
    [("1,000", 1000), ("Twenty-nine", 29), ("four", 4), ("a dozen", 12), ("1.5 million", 1_500_000),
     ("ninety-one", 91), ("12", 12)],
)  # fmt: skip
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("phrase", "low", "high", "qualifier"),
    [
        ("at least 12", 12, None, "at least"),
        ("more than 1,200", 1200, None, "more than"),
        ("over 40", 40, None, "more than"),
        ("around 250", 250, 250, "about"),
        ("about eleven", 11, 11, "about"),
        ("nearly 60", None, 60, "nearly"),
        ("almost forty", None, 40, "nearly"),
        ("up to 90", None, 90, "up to"),
        ("dozens of", 24, None, "dozens"),
        ("hundreds of", 200, None, "hundreds"),
        ("tens of thousands of", 20_000, None, "tens of thousands"),
        ("Seventeen", 17, 17, "exact"),
    ],
)
def test_qualifiers_become_ranges(phrase, low, high, qualifier):
    (q,) = quantities(f"Officials counted {phrase} drones.")
    assert (q.min, q.max, q.qualifier) == (low, high, qualifier)
    assert q.text == phrase


@pytest.mark.parametrize(
    "text",
    [
        "The war began in 2014 and escalated in 2022.",
        "Moscow holds about 19 percent of the country.",
        "The border runs for 1,084km along the north.",
        "It is day 1,300 of the invasion.",
        "The 63-year-old official resigned after a four-year term.",
        "The plan has 20 points and a 12-point annex.",
    ],
)
def test_years_percentages_distances_are_not_counts(text):
    assert quantities(text) == []
    assert check(text)["attacks"] == []


# attacks: launched vs intercepted, killed vs injured


def test_launched_and_intercepted_are_kept_apart():
    attack = only_attack(
        "Russia launched 93 drones and six cruise missiles at Ukraine overnight, the air force "
        "said, adding that 80 drones were shot down."
    )
    assert figure(attack, "drones", "launched")["min"] == 93
    assert figure(attack, "cruise missiles", "launched")["text"] == "six"
    assert figure(attack, "drones", "intercepted")["max"] == 80
    assert attack["attacker"] == "Russia" and attack["target_country"] == "Ukraine"
    assert attack["time_text"] == "overnight"


def test_of_them_inherits_the_weapon_and_electronic_warfare_is_separate():
    text = (
        "Russia attacked with 150 Shahed drones overnight. Of them, 120 were downed and 20 were "
        "lost to electronic warfare, the air force said."
    )
    attacks = check(text)["attacks"]
    assert figure(attacks[0], "drones", "launched")["min"] == 150
    second = attacks[1]
    assert figure(second, "drones", "intercepted")["min"] == 120
    assert figure(second, "drones", "lost to electronic warfare")["min"] == 20


def test_killed_and_injured_with_qualifiers():
    attack = only_attack(
        "A Russian missile strike on Kharkiv killed at least nine people and injured more than "
        "30 others, including four children, regional governor Oleh Syniehubov said."
    )
    assert attack["killed"] == {
        "min": 9,
        "max": None,
        "qualifier": "at least",
        "text": "at least nine",
    }
    assert attack["injured"]["min"] == 30 and attack["injured"]["qualifier"] == "more than"
    assert attack["places"] == ["Kharkiv"]
    assert attack["attribution"]["source"] == "Oleh Syniehubov"
    assert attack["attribution"]["side"] == "Ukraine"


def test_passive_casualties_and_a_single_person():
    attack = only_attack(
        "Two civilians were wounded and a 61-year-old man was killed when drones hit a bus in "
        "the Sumy region on Sunday."
    )
    assert attack["injured"]["min"] == 2
    assert attack["killed"]["min"] == 1
    assert attack["places"] == ["Sumy region"]
    assert "bus" in attack["targets"]
    assert attack["time_text"] == "on Sunday"


def test_spelling_variants_are_places():
    attack = only_attack("Shelling damaged homes in Zaporozhye and Kharkov overnight.")
    assert attack["places"] == ["Zaporozhye", "Kharkov"]
    assert attack["target_country"] == "Ukraine"


def test_a_side_claiming_the_others_losses_keeps_its_own_voice():
    attack = only_attack(
        "Russia's Defence Ministry said its air defences destroyed 41 Ukrainian drones over the "
        "Bryansk and Kursk regions, according to TASS."
    )
    assert attack["attribution"] == {
        "source": "Russia's Ministry of Defence", "side": "Russia", "via": "TASS",
    }  # fmt: skip
    assert attack["attacker"] == "Ukraine" and attack["target_country"] == "Russia"
    count = figure(attack, "drones", "intercepted")
    assert count["min"] == 41


def test_according_to_names_the_source():
    attack = only_attack(
        "Four people were killed in a drone attack on Odesa, according to the State Emergency "
        "Service."
    )
    assert attack["attribution"]["source"] == "State Emergency Service"
    assert attack["attribution"]["side"] == "Ukraine"
    assert attack["killed"]["min"] == 4


def test_running_totals_are_cumulative():
    attack = only_attack(
        "Since the start of the year, Russia has launched more than 4,000 drones at Ukrainian "
        "cities, Zelenskyy said."
    )
    assert attack["cumulative"] is True
    assert attack["attribution"]["source"] == "Volodymyr Zelenskyy"


def test_an_offer_to_stop_strikes_is_not_an_attack():
    assert (
        check("Kyiv said it would stop strikes on Russian refineries if Moscow did the same.")[
            "attacks"
        ]
        == []
    )


# talks and moves


def test_talks_assessment_with_quote_speaker_and_next_round():
    text = (
        "Delegations from Russia and Ukraine met for a third round of US-mediated talks in Riyadh "
        "on Monday.\n"
        "Umerov, who heads Kyiv's delegation, said the talks had been \u201cconstructive\u201d.\n"
        "He said a further round would be held next week."
    )
    talks = check(text)["talks"]
    session = next(t for t in talks if t["kind"] == "session")
    assert session["venue"] == "Riyadh" and session["round"] == 3
    assert session["track"] == "Russia–Ukraine peace talks (US-mediated)"
    assessment = next(t for t in talks if t["kind"] == "assessment")
    assert assessment["quote"] == "constructive"
    assert assessment["attribution"]["source"] == "Rustem Umerov"
    assert [p["name"] for p in assessment["participants"]] == ["Rustem Umerov"]
    nxt = next(t for t in talks if t["kind"] == "next round")
    assert nxt["attribution"]["source"] == "Rustem Umerov"  # "he" is the last speaker
    assert nxt["time_text"] == "next week"


def test_name_variants_resolve_to_one_person():
    for spelling in ("Zelensky", "Zelenskyy", "Zelenskiy"):
        data = check(f"{spelling} said the talks with Russia were difficult.")
        assert data["talks"][0]["attribution"]["source"] == "Volodymyr Zelenskyy"


def test_sanctions_and_ban_with_actor_and_target():
    moves = check(
        "Ukraine imposed sanctions on Belarusian Defence Minister Viktor Khrenin on Friday and "
        "banned him from entering the country."
    )["moves"]
    kinds = {m["kind"]: m for m in moves}
    assert kinds["sanctions"]["actor"] == "Ukraine"
    assert kinds["sanctions"]["actor_side"] == "Ukraine"
    assert kinds["sanctions"]["target"] == "Belarusian Defence Minister Viktor Khrenin"
    assert kinds["sanctions"]["time_text"] == "on Friday"
    assert "ban" in kinds


def test_pressure_and_negated_condemnation():
    moves = check("US President Donald Trump urged Kyiv to accept the deal quickly.")["moves"]
    assert moves[0]["kind"] == "pressure" and moves[0]["actor_side"] == "United States"
    assert moves[0]["target"] == "Kyiv"
    assert check("Beijing has refused to condemn the invasion.")["moves"] == []


def test_prisoner_exchange():
    (move,) = check("Russia and Ukraine carried out a prisoner exchange on Thursday.")["moves"]
    assert move["kind"] == "prisoner exchange"


# evidence, schema, backend


def test_sentences_keep_quotes_and_abbreviations_together():
    text = 'The U.S. envoy said: "We are close. Very close." Talks resume Monday.'
    assert [s.text for s in split_sentences(text)] == [
        'The U.S. envoy said: "We are close. Very close."',
        "Talks resume Monday.",
    ]


def _example_texts() -> list[tuple[str, str]]:
    texts = []
    for path in sorted((ROOT / "examples").glob("*")):
        if path.suffix == ".jsonl":
            lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line]
            texts += [
                (f"{path.name}:{i}", json.loads(line)["text"]) for i, line in enumerate(lines)
            ]
        elif path.suffix in (".txt", ".md"):
            texts.append((path.name, path.read_text(encoding="utf-8")))
    return texts


@pytest.mark.parametrize(("name", "text"), _example_texts(), ids=lambda v: v if len(v) < 60 else "")
def test_examples_validate_and_quote_verbatim(name, text):
    data = check(text)
    assert data["talks"] or data["attacks"] or data["moves"], name


def test_reporters_location_is_not_the_attack_place():
    for text in (
        "Russia struck Odesa overnight, our correspondent said from Kharkiv.",
        "Drones hit Odesa overnight, the BBC reporting from Dnipro said.",
    ):
        assert only_attack(text)["places"] == ["Odesa"]
    talks = check("Our correspondent, reporting from Geneva, said the talks lasted six hours.")
    assert talks["talks"][0]["venue"] == "Geneva"  # but the reporter may be at the talks


def test_backend_complete_through_asyncio():
    text = "Russia launched 40 drones at Dnipro overnight, killing two people, Ukraine said."
    chunk = Chunk(id="c1", story_id="s1", document_id="d1", index=0, text=text, tokens=20)
    backend = OfflineBackend()
    answer = asyncio.run(backend.complete(ExtractRequest(chunk=chunk, published="2026-03-11")))
    asyncio.run(backend.aclose())
    assert (backend.name, backend.model, backend.cacheable) == ("offline", "offline-rules-1", False)
    assert answer.finish_reason == "stop" and json.loads(answer.raw) == answer.data
    (attack,) = answer.data["attacks"]
    assert attack["places"] == ["Dnipro"] and attack["killed"]["min"] == 2
    assert attack["evidence"] == text


# places and venues the gazetteer lacks, captures, breadth, pressure, aid


def test_unknown_place_introduced_by_its_kind() -> None:
    attack = only_attack(
        "Nineteen people were hurt when a Russian drone hit the village of Tarnovets on Sunday."
    )
    assert attack["places"] == ["Tarnovets"]
    assert attack["injured"]["min"] == 19


def test_unknown_region_name_and_target_via_agency() -> None:
    attack = only_attack(
        "A Ukrainian drone struck a fuel depot in the Mirhorod-Vale region, RIA reported."
    )
    assert attack["places"] == ["Mirhorod-Vale region"]
    assert "fuel depot" in attack["targets"]
    assert attack["attribution"]["via"] == "RIA"


def test_claimed_capture_of_a_village_is_coded() -> None:
    attack = only_attack(
        "Moscow's Defence Ministry said its troops had taken control of the village of Brylove."
    )
    assert attack["places"] == ["Brylove"]
    assert attack["attacker"] == "Russia"
    assert (
        check("The part of the region that Russia has not captured stays contested.")["attacks"]
        == []
    )


def test_breadth_of_a_wave_in_regions() -> None:
    attack = only_attack("Russia fired 210 drones overnight, hitting nine regions.")
    assert "9 regions" in attack["places"]


def test_venue_not_in_gazetteer_after_talks_in() -> None:
    talks = check("The delegations held talks in Velmora on Thursday.")["talks"]
    assert talks and talks[0]["venue"] == "Velmora"
    for text in ("Earlier talks in Velmora had failed.", "Talks in April were difficult."):
        talks = check(text)["talks"]
        assert talks and all(t["venue"] is None for t in talks)


def test_quote_about_a_session_named_by_its_day() -> None:
    text = "Umerov wrote that Friday’s session focused on “practical steps and monitoring.”"
    talks = check(text)["talks"]
    assert talks[0]["kind"] == "assessment"
    assert talks[0]["attribution"]["source"] == "Rustem Umerov"


def test_territorial_demand_is_a_sticking_point() -> None:
    text = (
        "Russia and Ukraine resumed talks this week. "
        "Its main demand is the rest of the Luhansk region, including towns it never took."
    )
    kinds = [t["kind"] for t in check(text)["talks"]]
    assert "sticking point" in kinds


def test_long_commentary_quote_is_not_a_schedule() -> None:
    text = (
        "“Talks may continue next month, the Kremlin says, but with the gulf between the two "
        "sides and their refusal to budge on anything of substance, no one should expect a "
        "breakthrough this spring,” the analyst said."
    )
    assert [t["kind"] for t in check(text)["talks"]] == ["outcome"]  # not "next round"


def test_leader_telling_parties_what_they_must_do_is_pressure() -> None:
    moves = check("Trump said Kyiv and Moscow both had choices, and that Russia must move fast.")[
        "moves"
    ]
    assert any(m["kind"] == "pressure" and m["target"] == "Russia" for m in moves)
    moves = check("Trump told aides he wants a deal before the summer.")["moves"]
    assert [m["kind"] for m in moves] == ["pressure"]


def test_weapons_delivery_announcement_is_aid() -> None:
    moves = check(
        "Poland will deliver three more air defence systems to Ukraine, its minister said."
    )["moves"]
    assert moves and moves[0]["kind"] == "aid" and moves[0]["actor"] == "Poland"


def _figures(text: str) -> list[tuple[str, str, float]]:
    return [
        (f["weapon"], f["measure"], f["count"]["min"])
        for a in check(text)["attacks"]
        for f in a["figures"]
    ]


def test_of_the_total_the_first_number_is_launched() -> None:
    assert _figures("Of the 40 missiles, 35 were shot down, the air force said.") == [
        ("missiles", "launched", 40),
        ("missiles", "intercepted", 35),
    ]


def test_number_of_the_named_weapon_keeps_that_weapon() -> None:
    text = "Russia fired 30 drones at the port. Six of the missiles were intercepted."
    assert ("missiles", "intercepted", 6) in _figures(text)


def test_number_about_people_is_not_the_last_weapon() -> None:
    attack = check(
        "Russian forces launched 60 drones overnight. Fifteen wounded people remained in "
        "hospital in Sumy, three of them in a critical condition, the governor said."
    )["attacks"][-1]
    assert attack["figures"] == [] and attack["injured"]["min"] == 15


def test_a_risen_death_toll_is_the_new_total() -> None:
    attack = check(
        "The death toll in the strike on Sumy has risen to 12, the governor said, after a "
        "man died in hospital."
    )["attacks"][0]
    assert attack["killed"]["min"] == attack["killed"]["max"] == 12


def test_a_first_count_since_overtaken_is_no_toll() -> None:
    """ "Initially, eight were reported dead and five injured": the first count, which the
    story's own later figures overtake, is not its toll."""
    attacks = check(
        "Nine people were killed and four injured when a Russian drone hit a bus near Dnipro, "
        "the regional administration said. Initially, eight people were reported dead and "
        "five injured, but one of the injured could not be saved."
    )["attacks"]
    injured = {a["injured"]["min"] for a in attacks if a["injured"]}
    assert injured == {4}


def test_unknown_town_named_by_an_appositive() -> None:
    attack = check(
        "A drone hit a house in Velyka Zhuravka, a small village in the Sumy region, "
        "injuring two people."
    )["attacks"][0]
    assert "Velyka Zhuravka" in attack["places"]


def test_a_past_round_held_elsewhere_is_not_the_venue() -> None:
    talks = check(
        "Negotiators met in Geneva for a third round of talks. The last round, held in "
        "Istanbul in June, ended without a deal."
    )["talks"]
    assert all(t["venue"] != "Istanbul" for t in talks)


def test_a_daily_average_is_not_a_count() -> None:
    figures = _figures(
        "Since March Russia has fired some 9,000 drones at the region, an average of "
        "about 50 drones a day."
    )
    assert [f[2] for f in figures] == [9000]


def test_unknown_place_near_or_with_its_region() -> None:
    attack = check(
        "Russian drones hit a bus station in Pryluky, Chernihiv region, and a fuel depot near "
        "Zolochivka, officials said on Monday."
    )["attacks"][0]
    assert {"Pryluky", "Zolochivka"} <= set(attack["places"])
    assert {"bus station", "fuel depot"} <= set(attack["targets"])
    assert (
        check("Russian shelling near the Ukrainian border damaged houses on Monday.")["attacks"][0][
            "places"
        ]
        == []
    )


@pytest.mark.parametrize(
    "line",
    [
        "GENEVA, Dec 8 (Tidewater) - Negotiators met for a third day.",
        "DNIPRO, Ukraine (Kestrel Wire) — Negotiators met for a third day.",
        # a syndicated wire copy keeps the year and both agencies
        "MOSCOW, Feb 24, 2025 (Harbour/Wire) - Negotiators met for a third day.",
    ],
)
def test_a_wire_dateline_is_not_the_first_sentence(line):
    assert [s.text for s in split_sentences(line)] == ["Negotiators met for a third day."]
