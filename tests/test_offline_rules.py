"""Rules added in the last round of offline-coder and merge work: comments and quotes are not
attack reports, figure-only follow-ups, region lists, rivers and junctions, countries as
move actors, namesakes, dates looked ahead to, key-point gists, datelines, per-place
details and clusters that must not chain two nights.

Every sentence here is written for these tests.
"""

from __future__ import annotations

from datetime import date

import pytest
from test_merge import DAY, SINCE, Corpus, attack, move, rng, section, talk
from test_offline import check, figure, only_attack

from briefer.dates import resolve_time
from briefer.merge.attacks import build_attacks
from briefer.merge.items import collect_items
from briefer.merge.text import attribute, gist, numbers_in_evidence, shorten
from briefer.render import render_markdown

D = date.fromisoformat


def events(corpus: Corpus, day: date = DAY) -> list:
    """The attack events built from a corpus's fresh attack items."""
    items = collect_items(
        corpus.extractions, corpus.stories, corpus.documents, day - SINCE, latest=day
    )
    return build_attacks([i for i in items if i.section == "attacks" and not i.stale])


def drones(count: int) -> tuple:
    return ("drones", "launched", rng(count, count, text=str(count)))


# offline coder: what is not an attack report


def test_attack_words_only_inside_a_quotation_are_not_a_report():
    text = (
        '"They want to break us before they strike Zaporizhzhia again," said a former '
        "air force officer on Monday."
    )
    assert check(text)["attacks"] == []


def test_a_quotation_that_tells_of_a_strike_with_its_place_and_time_is_a_report():
    text = '"Russia struck Zaporizhzhia again last night," the regional governor told reporters.'
    (found,) = check(text)["attacks"]
    assert found["places"] == ["Zaporizhzhia"] and found["time_text"] == "last night"


def test_a_comment_on_an_attack_already_told_is_not_a_report():
    assert check("It did not comment on the strike on Kremenchuk.")["attacks"] == []


def test_a_working_group_on_halting_strikes_is_not_an_attack():
    data = check(
        "The delegations ended the round in Geneva on Tuesday by agreeing to set up a working "
        "group on halting strikes against energy infrastructure, the mediators said."
    )
    assert data["attacks"] == []
    assert data["talks"]  # the sentence is still read as talks


# offline coder: figures, places and time wording of a report


def test_a_figure_only_follow_up_inherits_the_attacker_of_the_report_before_it():
    attacks = check(
        "Ukraine sent 120 drones against Russian regions overnight, Moscow's defence ministry "
        "said. Of the 120 drones, 95 were shot down, it said."
    )
    follow_up = attacks["attacks"][-1]
    assert follow_up["evidence"].startswith("Of the 120 drones")
    assert figure(follow_up, "drones", "intercepted")["min"] == 95
    assert (follow_up["attacker"], follow_up["target_country"]) == ("Ukraine", "Russia")


def test_had_hit_targets_is_the_hit_measure():
    attacks = check(
        "Russia attacked Ukraine overnight with 60 drones. The air force said 14 drones had hit "
        "targets."
    )["attacks"]
    assert figure(attacks[-1], "drones", "hit")["min"] == 14


def test_a_list_of_regions_is_one_region_each():
    attack_ = only_attack(
        "Ukrainian drones struck the Belgorod, Kursk and Bryansk regions overnight, injuring two "
        "people."
    )
    assert attack_["places"] == ["Belgorod region", "Kursk region", "Bryansk region"]


def test_the_dnipro_river_is_not_the_city_of_dnipro():
    attack_ = only_attack(
        "Russian artillery killed three civilians on the right bank of the Dnipro river on Sunday."
    )
    assert "Dnipro" not in attack_["places"]


def test_a_railway_junction_of_a_town_is_a_place():
    attack_ = only_attack(
        "A Russian missile hit the railway junction of Kovel on Thursday, wounding five people."
    )
    assert "Kovel" in attack_["places"]


@pytest.mark.parametrize(
    ("text", "time_text"),
    [
        (
            "The seventh round since talks resumed in January opened in Geneva, officials said.",
            None,
        ),
        (
            "The delegations met in Geneva on Tuesday for the sixth round since talks resumed in "
            "January, officials said.",
            "on Tuesday",
        ),
    ],
)
def test_a_since_clause_does_not_date_the_round(text, time_text):
    (item,) = check(text)["talks"]
    assert item["time_text"] == time_text


def test_a_round_that_would_take_place_in_a_month_is_the_next_round():
    data = check("Umerov said an eighth round of talks would take place in October.")
    (item,) = data["talks"]
    assert (item["kind"], item["round"], item["time_text"]) == ("next round", 8, "in October")


# offline coder: countries as actors of moves, a namesake of a lexicon person


@pytest.mark.parametrize(
    ("text", "kind", "actor"),
    [
        (
            "Romania's foreign ministry condemned the drone incursion into its airspace as a "
            "dangerous provocation.",
            "condemnation",
            "Romania",
        ),
        (
            "The Netherlands would provide three more air defence systems to Kyiv, its defence "
            "minister said.",
            "aid",
            "Netherlands",
        ),
        ("Slovakia lifted its veto on the new sanctions package on Friday.", "vote", "Slovakia"),
    ],
)
def test_a_country_is_the_actor_of_a_move(text, kind, actor):
    moves = check(text)["moves"]
    found = [(m["kind"], m["actor"], m["actor_side"]) for m in moves]
    assert (kind, actor, "other") in found, found


def test_a_namesake_keeps_his_own_given_name():
    attack_ = only_attack(
        "Vadym Lysak, a district official, said three people were wounded in a drone strike on "
        "Nikopol."
    )
    assert attack_["attribution"]["source"] == "Vadym Lysak"


def test_no_target_is_read_from_the_source_name():
    attack_ = only_attack(
        "Three people were hurt in a drone attack on Izmail overnight, the region's emergency "
        "headquarters said."
    )
    assert attack_["attribution"]["source"] == "region's emergency headquarters"
    assert "headquarters" not in attack_["targets"]


# dates: a month or day the wording looks ahead to


@pytest.mark.parametrize(
    ("context", "expected"),
    [
        ("A seventh round would take place in early August, the mediator said.", 2026),
        ("Talks stalled in early August after the fifth round.", 2025),
    ],
)
def test_early_august_in_july_is_this_year_only_when_looked_ahead_to(context, expected):
    window = resolve_time("in early August", "2026-07-14", context)
    assert window == (date(expected, 8, 1), date(expected, 8, 10))


def test_a_day_the_talks_will_resume_on_is_the_coming_one():
    context = "The negotiators will resume their work on August 3, the mediator said."
    assert resolve_time("on August 3", "2026-07-14", context) == (D("2026-08-03"), D("2026-08-03"))
    # looking back, the same day is last year's
    past = resolve_time("on August 3", "2026-07-14", "The negotiators met on August 3.")
    assert past == (D("2025-08-03"), D("2025-08-03"))


# merge text: gist, datelines, attribution, one person


def test_gist_cuts_at_a_clause_break_and_marks_the_cut():
    line = (
        "The defence minister told parliament on Monday that the government would send two "
        "more air defence systems to Kyiv and would train Ukrainian crews at a base in the "
        "north of the country"
    )
    cut = gist(line)
    assert cut.endswith(" …")
    assert cut == (  # and without "on Monday": its source's date says when
        "The defence minister told parliament that the government would send two "
        "more air defence systems to Kyiv …"
    )


def test_gist_never_cuts_inside_a_quotation_nor_before_it():
    line = (
        "Sybiha told reporters after the session in Geneva that "
        '"the talks were useful, but the other side keeps changing its demands, and its '
        'allies are not ready" for a settlement'
    )
    # "Sybiha told reporters … in Geneva …" would keep who spoke and drop what he said
    assert gist(line) == line
    quoted_early = (
        'Kallas said the package showed that "talks do not mean a pause in pressure", and '
        "added that ministers would meet again in Luxembourg next month to discuss tankers"
    )
    assert gist(quoted_early, 16) == (
        'Kallas said the package showed that "talks do not mean a pause in pressure" …'
    )


def test_gist_never_cuts_off_a_tail_with_a_number_or_names():
    line = (
        "The main sticking point in efforts to end the war has been territory as Russia "
        "pushes for Ukraine to give up the remaining 20 percent of the Donetsk region"
    )
    assert gist(line, 16) == line  # the tail is the sticking point
    plain = (
        "The main sticking point in efforts to end the war has been territory, and the "
        "two delegations have said little in public about how far apart they remain"
    )
    assert (
        gist(plain, 16) == "The main sticking point in efforts to end the war has been territory …"
    )


def test_gist_keeps_a_short_line_whole():
    line = "Negotiators said the round in Geneva had been difficult but useful"
    assert gist(line) == line


def test_shorten_drops_a_dateline_with_place_and_day():
    line = (
        "UNITED NATIONS, July 14 (Wire) - The Security Council met on Monday to discuss the "
        "drone strikes on Odesa."
    )
    assert shorten(line) == "The Security Council met to discuss the drone strikes on Odesa."


def test_shorten_drops_a_weekday_but_not_one_inside_a_quote():
    line = (
        "Saudi Crown Prince Mohammed bin Salman offered late on Tuesday night to host the next "
        'round, saying talks "resumed on Monday in good faith"'
    )
    assert shorten(line) == "Saudi Crown Prince Mohammed bin Salman offered to host the next round"
    quoted = 'Peskov said the envoy "will come on Thursday, as agreed" to Moscow for talks'
    assert shorten(quoted) == quoted
    ahead = "Next round: Peskov said Putin would receive the U.S. envoy in Moscow on Thursday"
    assert shorten(ahead) == ahead  # no date label says when that will be


def test_shorten_names_the_same_sources_of_consecutive_figures_once():
    line = (
        "2026-12-08: Russian attack (Kharkiv): 512 drones launched (Ukraine's air force: 512; "
        "Courier: 510); 437 drones intercepted (Ukraine's air force: 437; Courier: 430); "
        "46 drones lost to electronic warfare (Ukraine's air force)"
    )
    assert shorten(line) == (
        "2026-12-08: Russian attack (Kharkiv): 512 drones launched; 437 drones intercepted "
        "(Ukraine's air force; Courier); 46 drones lost to electronic warfare (Ukraine's air force)"
    )


def test_shorten_names_an_attacks_places_and_missile_models_once():
    line = (
        "2026-09-02: Russian attack (Kyiv, Izmail, Odesa region, Odesa): 412 drones and "
        "27 missiles including 9 Iskander-M ballistic missiles and 18 Kh-101 cruise missiles "
        "launched (Ukraine's air force); Kyiv: 5 killed (Hrytsenko); Izmail, Odesa: 1 injured"
    )
    # the wave's own figures were counted over all its places: the headline keeps them
    assert shorten(line) == (
        "2026-09-02: Russian attack (Kyiv, Izmail, Odesa region, Odesa): 412 drones and 27 "
        "missiles including 9 Iskander-M and 18 Kh-101 launched (Ukraine's air force); Kyiv: "
        "5 killed (Hrytsenko); Izmail, Odesa: 1 injured"
    )
    # a line of per-place details only names each place once
    tolls = (
        "2026-09-02: Russian attack (Kyiv, Izmail, Odesa): Kyiv: 5 killed; Izmail, Odesa: 1 injured"
    )
    assert shorten(tolls) == "2026-09-02: Russian attack: Kyiv: 5 killed; Izmail, Odesa: 1 injured"
    # without per-place details the headline keeps its places; a nationality is no model
    plain = "2026-09-02: Russian attack (Kyiv): 5 American cruise missiles launched"
    assert shorten(plain) == plain
    assert shorten("Largest attack — 2026-09-02: Russian attack (Kyiv): 5 killed") == (
        "Largest attack — 2026-09-02: Russian (Kyiv): 5 killed"
    )
    # nor is a move's line an attack's
    aid = "Norway will send Ukraine 12 Naval Strike Missiles and 4 Kongsberg cruise missiles"
    assert shorten(aid) == aid


def test_attribute_counts_a_spelling_variant_as_naming_the_source():
    line = "Zelenskiy said the strikes on the power grid must stop"
    assert attribute(line, "Volodymyr Zelenskyy") == line
    assert attribute("The president said so", "Volodymyr Zelenskyy") == (
        "The president said so (Volodymyr Zelenskyy)"
    )


def test_an_aged_person_is_one_person():
    assert 1 in numbers_in_evidence("A 64-year-old man was killed")


# merge attacks


def test_an_undated_report_does_not_chain_two_nights():
    corpus = Corpus()
    corpus.story(
        "Harbor Post", "Wednesday night", "2026-03-11",
        attacks=[attack("Russia launched 150 drones overnight into Wednesday",
                        figures=[drones(150)], time_text="overnight into Wednesday")],
    )  # fmt: skip
    corpus.story(
        "Northwire", "Tuesday night", "2026-03-10",
        attacks=[attack("Russia launched 150 drones overnight", figures=[drones(150)],
                        time_text="overnight")],
    )  # fmt: skip
    corpus.story(
        "Steppe Review", "Undated page", None,
        attacks=[attack("Russia launched 150 drones at Ukraine", figures=[drones(150)])],
    )  # fmt: skip
    found = sorted(events(corpus), key=lambda e: e.end or "")
    assert [(e.start, e.end) for e in found] == [
        ("2026-03-09", "2026-03-10"),
        ("2026-03-10", "2026-03-11"),
    ]


def test_dozens_of_drones_do_not_widen_an_exact_figure():
    corpus = Corpus()
    corpus.story(
        "Harbor Post", "Overnight wave", "2026-03-11",
        attacks=[
            attack("Russia launched 152 drones at Ukraine overnight", figures=[drones(152)],
                   source="Ukraine's air force", side="Ukraine", time_text="overnight"),
            attack("In the Kharkiv region, two people were injured", places=["Kharkiv region"],
                   injured=rng(2, 2, text="two"), source="Ukraine's air force", side="Ukraine"),
        ],
    )  # fmt: skip
    corpus.story(
        "Northwire", "Kharkiv night", "2026-03-11",
        attacks=[attack("Dozens of drones attacked the Kharkiv region overnight",
                        places=["Kharkiv region"], time_text="overnight",
                        figures=[("drones", "launched", rng(24, None, "dozens", "Dozens of"))],
                        source="Oleh Syniehubov", side="Ukraine")],
    )  # fmt: skip
    (event,) = events(corpus)
    (launched,) = [f for f in event.figures if (f.weapon, f.measure) == ("drones", "launched")]
    assert (launched.min, launched.max) == (152, 152)
    assert "152 drones launched" in event.text and "24" not in event.text


def test_an_event_that_hit_several_places_says_what_each_place_reports():
    corpus = Corpus()
    corpus.story(
        "Harbor Post", "Overnight wave", "2026-03-11",
        attacks=[
            attack("Russia attacked Ukraine with 70 drones overnight", figures=[drones(70)],
                   source="Ukraine's air force", side="Ukraine", time_text="overnight"),
            attack("In Sumy, two people were injured", places=["Sumy"],
                   injured=rng(2, 2, text="two"), source="Oleh Hryhorov", side="Ukraine"),
            attack("In Poltava, a drone hit a substation", places=["Poltava"],
                   targets=["substation"], source="Poltava city council", side="Ukraine"),
        ],
    )  # fmt: skip
    (event,) = events(corpus)
    assert "Sumy: 2 injured (Oleh Hryhorov)" in event.text
    assert "Poltava: substation (Poltava city council)" in event.text


def test_one_source_for_every_figure_is_named_once():
    corpus = Corpus()
    corpus.story(
        "Harbor Post", "Overnight wave", "2026-03-11",
        attacks=[attack("Russia launched 80 drones and 6 missiles overnight; 70 drones were "
                        "shot down",
                        figures=[drones(80), ("missiles", "launched", rng(6, 6, text="6")),
                                 ("drones", "intercepted", rng(70, 70, text="70"))],
                        source="Ukraine's air force", side="Ukraine", time_text="overnight")],
    )  # fmt: skip
    (event,) = events(corpus)
    assert event.text.endswith(
        "80 drones and 6 missiles launched; 70 drones intercepted (Ukraine's air force)"
    )
    assert event.text.count("Ukraine's air force") == 1


def test_a_target_is_not_repeated_by_a_shorter_name_for_it():
    corpus = Corpus()
    corpus.story(
        "Harbor Post", "Poltava", "2026-03-11",
        attacks=[
            attack("Drones hit gas production facilities in the Poltava region overnight",
                   places=["Poltava region"], targets=["gas production facilities"],
                   time_text="overnight", source="Naftogaz", side="Ukraine"),
            attack("Gas facilities and port infrastructure in the Poltava region were damaged",
                   places=["Poltava region"], targets=["gas facilities", "port infrastructure"],
                   source="the regional governor", side="Ukraine"),
        ],
    )  # fmt: skip
    (event,) = events(corpus)
    assert event.text.endswith("hit: gas production facilities, port infrastructure")


def test_a_placeless_casualty_report_joins_the_place_its_story_last_named():
    corpus = Corpus()
    corpus.story(
        "Harbor Post", "Overnight wave", "2026-03-11",
        attacks=[
            attack("Russia attacked Ukraine with 70 drones overnight", figures=[drones(70)],
                   source="Ukraine's air force", side="Ukraine", time_text="overnight"),
            attack("In Sumy, two people were injured", places=["Sumy"],
                   injured=rng(2, 2, text="two"), source="Oleh Hryhorov", side="Ukraine"),
            attack("Another man was killed there", killed=rng(1, 1, text="Another man"),
                   source="Oleh Hryhorov", side="Ukraine"),
            attack("In Poltava, a drone hit a substation", places=["Poltava"],
                   targets=["substation"], source="Poltava city council", side="Ukraine"),
        ],
    )  # fmt: skip
    (event,) = events(corpus)
    assert "Sumy: 1 killed, 2 injured (Oleh Hryhorov)" in event.text


def test_a_move_line_starting_with_he_is_led_by_the_actor():
    corpus = Corpus()
    corpus.story(
        "Harbor Post", "Diplomacy", "2026-03-11",
        moves=[move("pressure", "Emmanuel Macron",
                    "He urged Moscow to accept an unconditional ceasefire without delay",
                    side="other")],
    )  # fmt: skip
    moves = section(render_markdown(corpus.merge()), "Diplomatic moves")
    (line,) = [x for x in moves.splitlines() if "ceasefire" in x]
    assert line.startswith("- Emmanuel Macron urged Moscow")
    assert " He " not in line


def test_a_move_naming_its_actor_in_another_spelling_is_not_led_by_the_name_again():
    corpus = Corpus()
    corpus.story(
        "Harbor Post", "Diplomacy", "2026-03-11",
        moves=[move("pressure", "Volodymyr Zelenskyy",
                    "President Volodymyr Zelenskiy urged allies to send more air defence "
                    "systems before winter", side="Ukraine")],
    )  # fmt: skip
    markdown = render_markdown(corpus.merge())
    for name in ("Key points", "Diplomatic moves"):
        (line,) = [x for x in section(markdown, name).splitlines() if "air defence" in x]
        assert line.startswith("- President Volodymyr Zelenskiy urged"), line


# merge talks: a next round is not the round under way


def test_a_round_announced_next_does_not_set_the_current_round():
    corpus = Corpus()
    corpus.story(
        "Harbor Post", "Geneva talks", "2026-03-11",
        talks=[
            talk("session", "The sixth round of talks opened in Geneva on Wednesday", round=6,
                 venue="Geneva", time_text="on Wednesday"),
            talk("next round", "A seventh round would take place soon, the mediators said",
                 round=7),
        ],
    )  # fmt: skip
    (track,) = corpus.merge().talks
    assert "6th round" in track.text and "7th round" not in track.text


def test_a_next_round_in_a_coming_month_is_news_not_background():
    corpus = Corpus()
    corpus.story(
        "Harbor Post", "Geneva talks", "2026-03-11",
        talks=[talk("next round", "A seventh round would take place in April", round=7,
                    venue="Geneva", time_text="in April")],
    )  # fmt: skip
    briefing = corpus.merge()
    (track,) = briefing.talks
    (entry,) = track.entries
    assert (entry.kind, entry.start, entry.end) == ("next round", "2026-04-01", "2026-04-30")
    assert briefing.background == []
