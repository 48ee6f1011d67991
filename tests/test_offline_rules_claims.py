"""Rules from the round that added the fourth dev set: whose attack a figure is, claims by
the attacker, the parties' commitments, weapon models, missile types as part of a total,
moves that must stay apart, and what the length bound drops first.

Every sentence here is written for these tests.
"""

from __future__ import annotations

from test_merge import DAY, SINCE, Corpus, attack, move, rng
from test_offline import check, only_attack
from test_offline_rules import drones, events

from briefer.merge.attacks import weapon_model
from briefer.merge.items import collect_items
from briefer.merge.length import trimmable as _trimmable
from briefer.merge.model import Attack, Briefing
from briefer.merge.moves import build_moves
from briefer.merge.text import without_speaker

# offline coder: whose attack a figure is


def test_a_figure_takes_the_attacker_only_of_the_sentence_right_before_it():
    data = check(
        "Ukraine sent 60 drones against Russian regions overnight, Moscow's defence ministry "
        "said. Flights at two airports were briefly halted. "
        '"Nearly three hundred drones in one night is their answer to diplomacy," President '
        "Volodymyr Zelenskyy said."
    )
    quoted = data["attacks"][-1]
    assert quoted["evidence"].startswith('"Nearly three hundred drones')
    # Zelenskyy counts the enemy's drones, not the Ukrainian attack told two sentences back
    assert (quoted["attacker"], quoted["target_country"]) == ("Russia", "Ukraine")


def test_a_leading_place_with_casualties_is_where_they_were():
    attack_ = only_attack(
        "In Kherson, three people died and nine were wounded in Russian shelling, officials said."
    )
    assert attack_["places"] == ["Kherson"]
    assert attack_["killed"]["min"] == 3


def test_a_leading_place_is_kept_beside_a_region_but_not_where_the_speaker_is():
    attack_ = only_attack(
        "In Marhanets, across the river in the Dnipropetrovsk region, shelling wounded three "
        "women, the district head said."
    )
    assert attack_["places"][0] == "Marhanets"
    attack_ = only_attack(
        "In Kyiv, the president said four people were killed in a Russian drone strike on Sumy."
    )
    assert attack_["places"] == ["Sumy"]


def test_a_sentence_with_no_source_goes_on_with_its_paragraph_source():
    data = check(
        "Air defence units shot down 200 drones, Ukraine's air force said. Another 20 were "
        "jammed. Fifteen drones hit nine locations."
    )
    assert data["attacks"][-1]["attribution"]["source"] == "Ukraine's air force"


def test_the_attackers_quoted_strike_on_named_targets_is_a_report():
    attack_ = only_attack(
        "Russia's defence ministry said its forces had carried out \"a massive strike with "
        'precision weapons" on energy facilities that supply Ukrainian arms plants.'
    )
    assert attack_["attacker"] == "Russia"
    assert attack_["attribution"]["side"] == "Russia"


# offline coder: talks


def test_the_next_round_is_not_also_a_session_held():
    data = check(
        "Russian and Ukrainian negotiators met in Geneva on Monday. The fifth round will be "
        "held in Riyadh in December, the mediators said."
    )
    kinds = [
        (t["kind"], t["venue"]) for t in data["talks"] if t["evidence"].startswith("The fifth")
    ]
    assert kinds == [("next round", "Riyadh")]


def test_a_delegation_ready_for_another_round_announces_the_next_one():
    data = check(
        "Russian and Ukrainian negotiators met in Geneva on Monday. Moscow's team was ready "
        "for a sixth round in Riyadh, the Kremlin said."
    )
    (ready,) = [t for t in data["talks"] if t["evidence"].startswith("Moscow's team")]
    assert ready["kind"] == "next round"


def test_what_the_parties_agreed_or_will_do_is_an_outcome():
    data = check(
        "Russian and Ukrainian negotiators met in Geneva on Monday. They also agreed to set up "
        "a working group on missing persons. The two sides will exchange 300 prisoners each "
        "by the end of the month, the mediator said. The two sides will meet again in Riyadh."
    )
    kinds = {t["evidence"][:20]: t["kind"] for t in data["talks"]}
    assert kinds["They also agreed to "] == "outcome"
    assert kinds["The two sides will e"] == "outcome"
    assert kinds.get("The two sides will m") != "outcome"  # meeting again is the next round


# offline coder: moves


def test_summoning_an_ambassador_is_a_move():
    data = check(
        "Latvia's foreign ministry said on Monday it had summoned Russia's ambassador over a "
        "drone that crashed near Rezekne."
    )
    assert [(m["kind"], m["actor"]) for m in data["moves"]] == [("condemnation", "Latvia")]


def test_children_brought_back_are_a_humanitarian_return():
    data = check(
        "Ukraine's human rights ombudsman said on Tuesday that 12 children had been brought "
        "back from Russian-occupied territory with Vatican help."
    )
    assert [m["kind"] for m in data["moves"]] == ["prisoner exchange"]


# merge: attacks


def test_the_attackers_claim_is_not_folded_into_the_report_before_it():
    corpus = Corpus()
    corpus.story(
        "Harbor Post", "Overnight wave", "2026-03-11",
        attacks=[
            attack("In Pavlohrad, a drone killed a man, the governor said", places=["Pavlohrad"],
                   killed=rng(1, 1, text="a man"), source="the governor", side="Ukraine",
                   time_text="overnight"),
            attack("Moscow's defence ministry said it had struck energy sites",
                   targets=["energy sites"], source="Russia's Ministry of Defence", side="Russia"),
        ],
    )  # fmt: skip
    found = events(corpus)
    assert len(found) == 2
    claim = next(e for e in found if not e.killed)
    assert "Moscow's defence ministry" in claim.text


def test_a_weapon_model_named_with_the_figure_is_kept():
    assert weapon_model("It fired nine Iskander-M ballistic missiles.", "nine") == "Iskander-M"
    assert weapon_model("and 18 Kh-101 cruise missiles from bombers", "18") == "Kh-101"
    assert weapon_model("Russia launched 90 Russian-made drones", "90") is None
    assert weapon_model("Russia launched 90 drones", "90") is None


def test_missile_types_are_shown_as_part_of_the_missile_total():
    corpus = Corpus()
    corpus.story(
        "Harbor Post", "Overnight wave", "2026-03-11",
        attacks=[attack(
            "Russia fired 100 drones and 12 missiles overnight, including four Iskander-M "
            "ballistic missiles",
            figures=[drones(100), ("missiles", "launched", rng(12, 12, text="12")),
                     ("ballistic missiles", "launched", rng(4, 4, text="four"))],
            source="Ukraine's air force", side="Ukraine", time_text="overnight")],
    )  # fmt: skip
    (event,) = events(corpus)
    assert "100 drones and 12 missiles including 4 Iskander-M ballistic missiles launched" in (
        event.text
    )


# merge: moves


def _moves(*stories: tuple[str, list]) -> list:
    corpus = Corpus()
    for outlet, moves in stories:
        corpus.story(outlet, f"{outlet} story", "2026-03-11", moves=moves)
    items = collect_items(
        corpus.extractions, corpus.stories, corpus.documents, DAY - SINCE, latest=DAY
    )
    return build_moves([i for i in items if i.section == "moves"])


def test_two_votes_by_actors_of_no_named_side_stay_two_moves():
    found = _moves(
        ("Harbor Post", [move("vote", "Hungary", "Hungary lifted its veto on the package",
                              side="other")]),
        ("Northwire", [move("vote", "UN General Assembly", "The UN General Assembly adopted a "
                            "resolution on deported children", side="other")]),
    )  # fmt: skip
    assert len(found) == 2


def test_one_story_telling_of_two_actors_of_one_side_gives_two_moves():
    found = _moves(
        ("Harbor Post", [
            move("sanctions", "European Union", "The EU adopted its 20th sanctions package",
                 side="European Union"),
            move("sanctions", "European Commission", "The Commission proposed listing banks",
                 side="European Union"),
        ]),
    )  # fmt: skip
    assert len(found) == 2


# merge: what the length bound drops first


def test_a_running_total_with_no_figure_is_trimmed_before_any_view():
    context = Attack(key="k", text="Running total — the port has been attacked dozens of times",
                     short="", cites=["s"], cumulative=True)  # fmt: skip
    briefing = Briefing(date="2026-03-12", since="72h", window_start="", window_end="",
                        attacks=[context])  # fmt: skip
    ((priority, _, _, line),) = list(_trimmable(briefing))
    assert line is context and priority == 1


def test_an_actors_statements_are_one_line_led_by_the_actor():
    found = _moves(
        ("Harbor Post", [
            move("statement", "Volodymyr Zelenskyy", 'Zelenskyy said in his evening address that '
                 'the strike showed "what Moscow thinks of talks"', side="Ukraine"),
            move("condemnation", "Volodymyr Zelenskyy", "Zelenskyy condemned the strike on "
                 "Odesa", side="Ukraine"),
        ]),
        ("Northwire", [
            move("statement", "Volodymyr Zelenskiy", '"We will not be broken," Zelenskiy said',
                 side="Ukraine"),
        ]),
    )  # fmt: skip
    said = [m for m in found if m.kind == "statement"]
    assert [m.text for m in said] == [
        'Volodymyr Zelenskyy: the strike showed "what Moscow thinks of talks"; '
        '"We will not be broken"'
    ]
    assert len(said[0].cites) == 2
    assert any(m.kind == "condemnation" for m in found)  # a concrete move keeps its line


def test_a_statement_by_someone_else_keeps_its_speaker():
    assert without_speaker("Peskov said the talks were useful", "Volodymyr Zelenskyy") == (
        "Peskov said the talks were useful"
    )
    assert without_speaker(
        "Kremlin spokesman Dmitry Peskov told reporters in Moscow there was no reason for "
        "euphoria", "Dmitry Peskov"
    ) == "there was no reason for euphoria"  # fmt: skip


def test_a_venue_of_talks_in_an_earlier_year_is_not_these_talks_venue():
    data = check(
        "Russian and Ukrainian negotiators met on Monday. Russia's team was headed by "
        "Vladimir Medinsky, who also led it at the Istanbul talks in 2025. There was no "
        "movement on security guarantees."
    )
    assert {t["venue"] for t in data["talks"]} == {None}


def test_a_same_day_update_with_no_time_to_order_it_shows_as_a_range():
    corpus = Corpus()
    corpus.story(
        "Harbor Post", "Morning toll", "2026-03-11T07:00:00+02:00",
        attacks=[attack("Five people were killed in Kyiv overnight, the mayor said",
                        places=["Kyiv"], killed=rng(5, 5, text="Five"), source="Vitali Klitschko",
                        side="Ukraine", time_text="overnight")],
    )  # fmt: skip
    corpus.story(
        "Northwire", "Toll rises", "2026-03-11",
        attacks=[attack("The toll in Kyiv rose to six overnight, the mayor said",
                        places=["Kyiv"], killed=rng(6, 6, text="six"), source="Vitali Klitschko",
                        side="Ukraine", time_text="overnight")],
    )  # fmt: skip
    (event,) = events(corpus)
    assert (event.killed.min, event.killed.max) == (5, 6)


def test_a_later_report_of_the_same_source_replaces_the_earlier_one():
    corpus = Corpus()
    for outlet, stamp, toll in (("Harbor Post", "07:00", 5), ("Northwire", "16:00", 6)):
        corpus.story(
            outlet, f"Toll at {stamp}", f"2026-03-11T{stamp}:00+02:00",
            attacks=[attack(f"{toll} people were killed in Kyiv overnight, the mayor said",
                            places=["Kyiv"], killed=rng(toll, toll, text=str(toll)),
                            source="Vitali Klitschko", side="Ukraine", time_text="overnight")],
        )  # fmt: skip
    (event,) = events(corpus)
    assert (event.killed.min, event.killed.max) == (6, 6)


def test_slammed_into_is_not_a_condemnation():
    assert check("A drone slammed into a nine-storey building, the mayor said.")["moves"] == []
