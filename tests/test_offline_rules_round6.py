"""Rules from the round that read a sixth dev set (an HTML page, a wire story, a JSON Lines
digest, a Markdown topic page): who "He initially" and "the statement" are, new attack and
return triggers, follow-on sanctions sentences, wire datelines and Markdown marks, single
quotes, questions put to a spokesman, subhead places, capture claims, a party's offer in
talks news; and in the merge, accents, a story's overall toll, attackers that never chain,
an offered round and key points that refer back.

Every sentence here is written for these tests.
"""

from __future__ import annotations

from test_merge import Corpus, attack, move, rng, talk
from test_offline import check, only_attack
from test_offline_rules import drones, events

from briefer.merge.text import fold
from briefer.offline.lexicon import normalize

# offline coder: who said it


def test_he_with_an_adverb_is_the_governor_named_before():
    """A follow-up figure sentence opening "He <adverb> reported …" is the governor's."""
    data = check(
        "Russian glide bombs struck Kramatorsk on Sunday, regional governor Vadym Filashkin "
        "said. He subsequently reported that two residents had died and 15 were hurt."
    )
    toll = [a for a in data["attacks"] if a["killed"]][-1]
    assert toll["attribution"]["source"] == "Vadym Filashkin"


def test_according_to_the_statement_is_the_source_credited_before():
    """ "…, according to the statement." refers back to the air force's statement."""
    data = check(
        "Russia launched 118 drones at Ukraine overnight, Ukraine's air force said. Of those, "
        "96 were shot down, according to the statement."
    )
    second = data["attacks"][-1]
    assert second["evidence"].startswith("Of those")
    assert second["attribution"]["source"] == "Ukraine's air force"


# offline coder: what is an attack and what is not


def test_set_fire_to_is_an_attack():
    """A refinery or depot report that says only "set fire to" is still a strike."""
    found = only_attack("Ukrainian drones set fire to a fuel depot near Kursk overnight.")
    assert found["attacker"] == "Ukraine" and found["places"] == ["Kursk"]


def test_interceptor_drones_made_jointly_are_not_an_attack():
    """An arms-production deal naming "interceptor drones" is no interception."""
    data = check(
        "Ukraine and Norway signed an agreement to build interceptor drones jointly at a "
        "plant near Bergen, the economy ministry said."
    )
    assert data["attacks"] == []


def test_assault_groups_pushed_back_is_not_pressure():
    """A front-line report of assaults "pushed back" is no diplomatic pressure."""
    data = check(
        "The general staff said fighting was going on near Huliaipole and that Russian "
        "storm groups had been pushed back three times on Saturday."
    )
    assert not [m for m in data["moves"] if m["kind"] == "pressure"]


def test_the_places_of_a_capture_claim_are_its_villages_not_their_regions():
    """ "taken control of A in the X region and B in the Y region": A and B were taken."""
    found = only_attack(
        "Moscow's defence ministry said on Friday that its troops had taken control of "
        "Novoselivka in the Donetsk region and Hatyshche in the Kharkiv region."
    )
    assert found["places"] == ["Novoselivka", "Hatyshche"]


# offline coder: figures, attacker, places, sources


def test_a_port_worker_killed_is_one_killed():
    """Job nouns like "port worker" count a person."""
    found = only_attack(
        "Russian missiles hit the port of Chornomorsk and a port worker was killed."
    )
    assert found["killed"]["min"] == 1 and found["killed"]["max"] == 1


def test_weapons_launched_at_ukraine_reported_by_its_air_force_are_russias():
    """Passive "… were launched at Ukraine", Ukraine's air force reporting: Russia attacked."""
    found = only_attack(
        "Overnight, 470 drones and 36 missiles were launched at Ukraine, the Ukrainian Air "
        "Force said."
    )
    assert found["attacker"] == "Russia"


def test_a_regional_administration_keeps_its_region_in_the_source():
    """ "the Odesa regional military administration said" is that region's, not a generic one."""
    found = only_attack(
        "A Russian drone hit a warehouse in Reni overnight, injuring two people, the Odesa "
        "regional military administration said."
    )
    assert "Odesa" in found["attribution"]["source"]


def test_a_subhead_that_is_a_place_places_its_casualties_but_not_a_national_toll():
    """Live pages put a city on its own line above its paragraphs; a country-wide toll
    under it is not that city's."""
    data = check(
        "Russia attacked Ukraine with 85 drones overnight, the air force said.\n\n"
        "Poltava\n\n"
        "Two people were killed and 11 were wounded, the governor said.\n\n"
        "Across the country, at least seven people were killed overnight, the State "
        "Emergency Service said."
    )
    by_start = {a["evidence"].split()[0]: a for a in data["attacks"]}
    assert by_start["Two"]["places"] == ["Poltava"]
    assert by_start["Across"]["places"] == []


# offline coder: moves


def test_deported_children_returned_to_ukraine_are_a_return():
    """Returns of deported children are told as "have been returned to …"."""
    data = check(
        "Four teenagers deported from occupied Nova Kakhovka have been returned to Ukraine, "
        "the presidential office said on Sunday."
    )
    assert [m["kind"] for m in data["moves"]] == ["prisoner exchange"]


def test_the_package_also_is_a_second_sanctions_move_of_the_same_actor():
    """A sanctions story's follow-on sentence ("The package also imposes …") names no actor."""
    data = check(
        "The European Union on Wednesday adopted its 22nd package of sanctions against "
        "Russia. The package also imposes asset freezes on 41 firms tied to the arms trade."
    )
    sanctions = [m for m in data["moves"] if m["kind"] == "sanctions"]
    assert len(sanctions) == 2
    assert sanctions[1]["actor"] == "European Union"


def test_a_move_target_has_no_full_stop():
    """ "… sanctions against Russia." ends the sentence, not the target's name."""
    data = check("Canada on Friday announced new sanctions against Russia.")
    (found,) = [m for m in data["moves"] if m["kind"] == "sanctions"]
    assert found["target"] == "Russia"


def test_a_question_put_to_a_spokesman_is_not_his_move():
    """ "Asked about X's new sanctions, he said …": the cue is the question's; and "He
    confirmed … Steve Witkoff, the U.S. special envoy" before it does not make Witkoff
    the speaker."""
    data = check(
        "Kremlin spokesman Dmitry Peskov said Moscow was studying the latest ideas. He "
        "confirmed that the president would host Steve Witkoff, the U.S. special envoy, at "
        "the Kremlin next week. Asked about Japan's new sanctions, he said they would "
        "'alter nothing'."
    )
    assert not [m for m in data["moves"] if m["kind"] == "sanctions"]


def test_he_after_a_known_speaker_who_names_someone_else_is_still_the_speaker():
    """ "Peskov said … He confirmed that the president would host Steve Witkoff … He said
    the talks in Riyadh had been "useful"": the last "he" is Peskov, a known actor, not
    the envoy his sentence named."""
    data = check(
        "Kremlin spokesman Dmitry Peskov said Moscow was studying the ideas Ukraine and Russia "
        "discussed at the talks. He confirmed that the president would host Steve Witkoff, the "
        'U.S. special envoy, at the Kremlin next week. He said the talks in Riyadh had been "useful".'
    )
    [verdict] = [t for t in data["talks"] if t["quote"] == "useful"]
    assert verdict["attribution"]["source"] == "Dmitry Peskov"


# offline coder: sentence shapes


def test_a_wire_dateline_and_a_markdown_heading_are_not_evidence():
    """Wire stories open "CITY, Mon D (Agency) - "; Markdown pages open lines with "## "."""
    wire = check(
        "ANKARA, Nov 3 (Larkspur Wire) - Russia and Ukraine will each free 180 prisoners of "
        "war under a deal reached at talks in the Turkish capital, mediators said."
    )
    heading = check(
        "## Russian drones hit a substation in Chernihiv overnight, killing two workers."
    )
    items = [i for data in (wire, heading) for part in data.values() for i in part]
    assert items
    for item in items:
        assert not item["evidence"].startswith(("ANKARA", "#")), item["evidence"]


def test_normalize_marks_single_quotes_as_quotes_but_not_apostrophes():
    """House styles and JSON digests quote with single quotes; offsets must not move."""
    quoted = "Peskov said the meeting had been 'useful' so far."
    assert normalize(quoted) == 'Peskov said the meeting had been "useful" so far.'
    for text in (quoted, "Ukraine's envoy said he won't attend."):
        assert len(normalize(text)) == len(text)
    assert normalize("Ukraine's envoy said he won't attend.") == (
        "Ukraine's envoy said he won't attend."
    )


def test_a_verdict_in_single_quotes_is_an_assessment():
    """ "… had been 'useful'" is the Kremlin's verdict on the talks."""
    data = check(
        "Russian and Ukrainian delegations met for peace talks in Riyadh on Thursday. Kremlin "
        "spokesman Dmitry Peskov said the talks in Riyadh had been 'useful' but that no "
        "quick result was expected."
    )
    views = [t for t in data["talks"] if t["kind"] == "assessment"]
    assert [v["quote"] for v in views] == ["useful"]


def test_a_partys_offer_in_talks_news_is_a_talks_proposal_not_a_move():
    """In talks news, "Ukraine proposed halting …" belongs to the talks, told once; a
    condemnation that quotes "peace initiative" stays a condemnation."""
    data = check(
        "Russian and Ukrainian negotiators resumed peace talks in Doha on Wednesday. Ukraine "
        "proposed halting the fighting where the armies now stand, under neutral monitoring. "
        "Poland's foreign minister condemned the overnight strikes, calling them “Moscow's "
        "reply to every peace initiative”."
    )
    proposals = [t for t in data["talks"] if t["kind"] == "proposal"]
    assert [p["evidence"].split()[0] for p in proposals] == ["Ukraine"]
    assert not [m for m in data["moves"] if m["kind"] == "proposal"]
    assert [m["kind"] for m in data["moves"]] == ["condemnation"]


# merge


def test_fold_drops_accents():
    """Outlets spell Erdoğan with and without the breve: one name."""
    assert fold("Erdoğan") == fold("Erdogan")


def test_a_round_offered_next_does_not_set_the_current_round():
    """ "<Country> offers <city> for twelfth round" is not the round under way."""
    corpus = Corpus()
    corpus.story(
        "Harbor Post", "Geneva talks", "2026-03-11",
        talks=[
            talk("session", "The eleventh round of direct talks took place in Geneva on Monday",
                 round=11, venue="Geneva", time_text="on Monday"),
            talk("next round", "No date was set for a twelfth round", round=12),
            talk("proposal", "Turkey offers Istanbul for twelfth round", round=12,
                 venue="Istanbul"),
        ],
    )  # fmt: skip
    (track,) = corpus.merge().talks
    assert "11th round" in track.text and "12th round" not in track.text


def test_a_storys_overall_toll_joins_its_wave():
    """ "That brings the overall toll from the overnight attack to …" is the wave's toll,
    not a second attack, even with a local report between them."""
    corpus = Corpus()
    corpus.story(
        "Harbor Post", "Overnight wave", "2026-03-11",
        attacks=[
            attack("Russia launched 140 drones and 9 missiles at Ukraine overnight",
                   figures=[drones(140), ("missiles", "launched", rng(9, 9, text="9"))],
                   source="Ukraine's air force", side="Ukraine", time_text="overnight"),
            attack("In Vinnytsia, a drone hit an apartment block, killing three people",
                   places=["Vinnytsia"], targets=["apartment block"],
                   killed=rng(3, 3, text="three"), source="the city mayor", side="Ukraine"),
            attack("That brings the overall toll from the overnight attack to at least seven "
                   "killed", killed=rng(7, None, "at least", "at least seven"),
                   time_text="overnight", source="the emergency service", side="Ukraine"),
        ],
    )  # fmt: skip
    (event,) = events(corpus)
    assert "at least seven" in " ".join(event.evidence)


def test_a_report_without_attacker_joins_its_story_but_never_chains_two_attackers():
    """A story's "Two people were injured in Sumy" (no attacker) is its wave's; but a
    placeless toll must not join Russia's wave and Ukraine's into one."""
    corpus = Corpus()
    corpus.story(
        "Harbor Post", "Overnight wave", "2026-03-11",
        attacks=[
            attack("Russia launched 110 drones at Ukraine overnight", figures=[drones(110)],
                   source="Ukraine's air force", side="Ukraine", time_text="overnight"),
            attack("Two people were injured in Sumy", places=["Sumy"],
                   injured=rng(2, 2, text="Two"), attacker=None, target=None,
                   source="the regional governor", side="Ukraine"),
        ],
    )  # fmt: skip
    (event,) = events(corpus)
    assert event.attacker == "Russia" and "Sumy" in event.places

    corpus = Corpus()
    corpus.story(
        "Northwire", "Both ways", "2026-03-11",
        attacks=[
            attack("Russia launched 110 drones at Ukraine overnight", figures=[drones(110)],
                   source="Ukraine's air force", side="Ukraine", time_text="overnight"),
            attack("Ukraine sent 45 drones towards Russia overnight", attacker="Ukraine",
                   target="Russia", figures=[drones(45)], source="Russia's defence ministry",
                   side="Russia", time_text="overnight"),
            attack("Overnight, four people were killed", killed=rng(4, 4, text="four"),
                   attacker=None, target=None, time_text="Overnight"),
        ],
    )  # fmt: skip
    found = events(corpus)
    assert sorted(e.attacker for e in found) == ["Russia", "Ukraine"]


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


def test_one_partys_part_of_a_deal_in_talks_news_is_an_outcome_told_once():
    """ "Russia will also hand over the bodies of …" after talks news is what the talks
    settled: an outcome, not also a separate prisoner-exchange move."""
    data = check(
        "Negotiators in Vienna agreed on Wednesday to exchange 300 prisoners of war each. "
        "Russia will also hand over the bodies of 800 fallen Ukrainian soldiers, and Ukraine "
        "will return 40 bodies of Russian servicemen, the Ukrainian delegation said."
    )
    bodies = [t for t in data["talks"] if "bodies" in t["evidence"]]
    assert [t["kind"] for t in bodies] == ["outcome"]
    assert not [m for m in data["moves"] if "bodies" in m["evidence"]]
    # outside talks news the same words are a move of their own
    alone = check(
        "Ukraine brought back the bodies of 800 fallen Ukrainian soldiers on Wednesday, the "
        "coordination headquarters said."
    )
    assert [m["kind"] for m in alone["moves"]] == ["prisoner exchange"]


def test_a_proposal_referred_to_is_not_a_new_proposal():
    """ "to brief Putin on the U.S. proposals" refers to proposals made before: no
    "Proposal (not an agreement)" line; "Ukraine proposed a freeze" still is one."""
    data = check(
        "The eleventh round of talks ended in Geneva on Tuesday. Rubio said Witkoff would "
        "travel to Moscow on Thursday to brief President Vladimir Putin on the U.S. proposals. "
        "Ukraine proposed a freeze along the current front line."
    )
    proposals = [t["evidence"] for t in data["talks"] if t["kind"] == "proposal"]
    assert proposals == ["Ukraine proposed a freeze along the current front line."]
