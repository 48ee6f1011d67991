"""The merge's moves: who leads a move line, moves that stay apart, an actor's statements as
one line.

Every sentence here is written for these tests.
"""

from __future__ import annotations

import pytest
from test_merge import DAY, SINCE, Corpus, move, section, talk

from briefer.merge.items import collect_items
from briefer.merge.moves import build_moves
from briefer.merge.text import without_speaker
from briefer.render import render_markdown


def _moves(*stories: tuple[str, list]) -> list:
    corpus = Corpus()
    for outlet, moves in stories:
        corpus.story(outlet, f"{outlet} story", "2026-03-11", moves=moves)
    items = collect_items(
        corpus.extractions, corpus.stories, corpus.documents, DAY - SINCE, latest=DAY
    )
    return build_moves([i for i in items if i.section == "moves"])


def numbered(*args, **kwargs) -> dict:
    """A model's move: it cites the sentence it rests on (the numbered contract)."""
    return {**move(*args, **kwargs), "sentences": [1]}


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


def test_an_actors_statements_are_one_line_led_by_the_actor():
    found = _moves(
        ("Harbor Post", [
            numbered("statement", "Volodymyr Zelenskyy", 'Zelenskyy said in his evening address that '
                 'the strike showed "what Moscow thinks of talks"', side="Ukraine"),
            numbered("condemnation", "Volodymyr Zelenskyy", "Zelenskyy condemned the strike on "
                 "Odesa", side="Ukraine"),
        ]),
        ("Northwire", [
            numbered("statement", "Volodymyr Zelenskiy", '"We will not be broken," Zelenskiy said',
                 side="Ukraine"),
        ]),
    )  # fmt: skip
    # one line for the actor's remarks, the condemnation first (the length fit's cut to a
    # line's gist keeps it)
    (line,) = found
    assert line.kind == "condemnation"
    assert line.text == (
        "Volodymyr Zelenskyy: condemned the strike on Odesa; "
        'the strike showed "what Moscow thinks of talks"; "We will not be broken"'
    )
    assert len(line.cites) == 2


def test_a_statement_by_someone_else_keeps_its_speaker():
    assert without_speaker("Peskov said the talks were useful", "Volodymyr Zelenskyy") == (
        "Peskov said the talks were useful"
    )
    assert without_speaker(
        "Kremlin spokesman Dmitry Peskov told reporters in Moscow there was no reason for "
        "euphoria", "Dmitry Peskov"
    ) == "there was no reason for euphoria"  # fmt: skip


def test_both_sides_figures_of_one_exchange_in_one_story_stay_in_its_line():
    """One story: 230 of one side's prisoners came home, and the other side's ministry said
    248 of its servicemen were freed. One exchange, one line, both figures."""
    moves = _moves(
        ("Harbor Post", [
            {**move("prisoner exchange", "Russia and Ukraine", "Officials said 230 Ukrainian "
                    "prisoners returned home", side="other"), "sentences": [1]},
            {**move("prisoner exchange", "Russia and Ukraine", "The Defence Ministry said 248 "
                    "Russian servicemen were freed under the deal", side="other"),
             "sentences": [4]},
        ]),
    )  # fmt: skip
    (line,) = moves
    assert "230" in line.text and "248" in line.text


def test_a_statement_on_an_exchange_is_not_folded_into_it_by_its_figure():
    """Zelensky calling the swap "a victory for 215 families" says what the exchange line
    ("215 prisoners came home") does not: a shared figure alone makes no repeat."""
    corpus = Corpus()
    corpus.story("Harbor Post", "Swap", "2026-03-11", moves=[
        move("prisoner exchange", "Russia and Ukraine",
             "Russia and Ukraine held a prisoner exchange: 215 soldiers came home to their families",
             side="other"),
        move("statement", "Volodymyr Zelensky",
             "Zelensky said in a video the exchange was a victory for the state and for 215 "
             "families awaiting their loved ones", side="Ukraine"),
    ])  # fmt: skip
    moves = section(render_markdown(corpus.merge()), "Diplomatic moves")
    assert "victory" in moves and "came home" in moves


def test_one_call_for_pressure_told_by_two_outlets_is_one_move_whoever_it_is_aimed_at():
    corpus = Corpus()
    corpus.story(
        "Harbor Post", "After the strike", "2026-03-11",
        moves=[move("pressure", "Volodymyr Zelenskiy", "Zelenskiy said the strike showed the "
                    "need for biting sanctions on buyers of Russian oil", side="Ukraine",
                    target="Russia")],
    )  # fmt: skip
    corpus.story(
        "Northwire", "Zelenskyy's call", "2026-03-11",
        moves=[move("pressure", "Volodymyr Zelenskyy", "Zelenskyy called for painful sanctions "
                    "on Russian oil and secondary sanctions on its buyers", side="Ukraine",
                    target="Ukraine's partners")],
    )  # fmt: skip
    (call,) = corpus.merge().moves
    assert len(call.cites) == 2


def test_one_move_told_by_two_outlets_keeps_the_fact_only_one_of_them_gives():
    """One outlet: the president approved sending defensive weapons; another: he would ramp
    up deliveries and accused his counterpart of "nonsense". One move, one line, both; a
    third outlet's report in other words of what the first says adds nothing."""
    moves = _moves(
        ("Harbor Post", [{**move("aid", "Tom Harlan", "President Tom Harlan announced he would "
                                 "resume weapon shipments, saying he had approved sending "
                                 "some defensive weapons", side="United States",
                                 target="Ukraine", source="Tom Harlan"), "sentences": [3]}]),
        ("Northwire", [{**move("aid", "Tom Harlan", "The agency said Harlan would ramp up arms "
                               "deliveries to Ukraine and accused Ivan Sorov of spouting "
                               '"nonsense"', side="United States", target="Ukraine",
                               source="Tom Harlan"), "sentences": [6]}]),
        ("Eastline", [{**move("aid", "Tom Harlan", "Harlan said he had approved sending "
                              "defensive weapons", side="United States", target="Ukraine",
                              source="Tom Harlan"), "sentences": [2]}]),
    )  # fmt: skip
    (line,) = moves
    assert line.text == (
        "President Tom Harlan announced he would resume weapon shipments, saying he had "
        "approved sending some defensive weapons; The agency said Harlan would ramp up arms "
        'deliveries to Ukraine and accused Ivan Sorov of spouting "nonsense"'
    )
    assert len(line.cites) == 3


def test_reports_that_cite_no_sentences_are_not_added_to_a_move_line():
    """The offline coder's reports carry no sentence numbers: one of them is the line, the
    others only its citations."""
    moves = _moves(
        ("Harbor Post", [move("aid", "Tom Harlan", "President Tom Harlan announced he would "
                              "resume weapon shipments to Ukraine", side="United States",
                              target="Ukraine")]),
        ("Northwire", [move("aid", "Tom Harlan", "Harlan would ramp up arms deliveries to "
                            'Ukraine and accused Ivan Sorov of spouting "nonsense"',
                            side="United States", target="Ukraine")]),
    )  # fmt: skip
    (line,) = moves
    assert ";" not in line.text and len(line.cites) == 2


def test_a_report_whose_only_new_concrete_word_is_a_quote_is_added():
    """A quoted word is what was said, as concrete as a name or a figure: "accused Sorov of
    spouting “nonsense”" is added though most of its other words the line already has."""
    moves = _moves(
        ("Harbor Post", [{**move("aid", "Tom Harlan", "President Tom Harlan announced he would "
                                 "resume weapon shipments to Ukraine, saying he had approved "
                                 "sending some defensive weapons, and criticised Ivan Sorov "
                                 "over his ceasefire demands", side="United States",
                                 target="Ukraine", source="Tom Harlan"), "sentences": [3]}]),
        ("Northwire", [{**move("aid", "Tom Harlan", "Harlan said he would send more defensive "
                               'weapons and accused Sorov of spouting "nonsense" about a '
                               "ceasefire", side="United States", target="Ukraine",
                               source="Tom Harlan"), "sentences": [6]}]),
    )  # fmt: skip
    (line,) = moves
    assert line.text.endswith(
        "; Harlan said he would send more defensive weapons and accused Sorov of spouting "
        '"nonsense" about a ceasefire'
    )


def test_a_move_line_does_not_open_with_the_article_says():
    moves = _moves(
        ("Harbor Post", [move("sanctions", "European Union", "The article says Europe is "
                              "separately working on new sanctions against Moscow",
                              side="European Union", target="Russia")]),
    )  # fmt: skip
    (line,) = moves
    assert line.text == "Europe is separately working on new sanctions against Moscow"


def test_a_summary_reporting_two_clauses_keeps_its_the_article_says():
    """ "The article says X and that Y": without its verb the second clause would not read."""
    summary = (
        "The article says Europe is working on new sanctions and that ministers will meet "
        "next month"
    )
    moves = _moves(
        ("Harbor Post", [move("sanctions", "European Union", summary, side="European Union",
                              target="Russia")]),
    )  # fmt: skip
    (line,) = moves
    assert line.text == summary


def _talks_day(*moves, talks_extra=()):
    corpus = Corpus()
    corpus.story(
        "Harbor Post", "Talks held", "2026-03-11",
        talks=[talk("session", "The delegations met in Valmont on Wednesday", venue="Valmont",
                    time_text="on Wednesday"), *talks_extra],
        moves=list(moves),
    )  # fmt: skip
    return corpus.merge()


def test_a_move_that_arranged_the_talks_held_is_background_before_them():
    """ "After Moscow proposed to hold talks in Valmont this week, Kyiv agreed", told on the
    day of the talks, is what led up to them."""
    briefing = _talks_day(
        move("proposal", "Moscow", "After Moscow proposed to hold peace talks in Valmont this "
             "week, Kyiv agreed and invited the Russian leader to a meeting", side="Russia",
             time_text="this week"),
    )  # fmt: skip
    assert briefing.moves == []
    (line,) = briefing.background
    assert line.text.startswith("before 2026-03-11: After Moscow proposed")
    assert (line.start, line.end) == (None, "2026-03-10")  # its own day is not known
    assert all("proposed" not in p.text for p in briefing.key_points)


def test_an_offer_to_host_the_next_round_is_a_move_of_the_day():
    briefing = _talks_day(
        move("proposal", "Turkey", "Turkey proposed hosting the next round of talks in "
             "Istanbul this week", side="other", time_text="this week"),
    )  # fmt: skip
    assert [m.kind for m in briefing.moves] == ["proposal"]


def test_a_swap_carried_out_takes_in_the_talks_outcome_that_agreed_it():
    """One story: the talks agreed a swap, and the swap was carried out. One line, the
    move's (the event done), with what the outcome adds; another event of the story (the
    generals' meeting) stays its own move."""
    briefing = _talks_day(
        move("prisoner exchange", "Russia and Ukraine", "Russia and Ukraine carried out a "
             "prisoner exchange mediated by Qatar, with detainees of both sides returning home"),
        move("meeting", "US and Russian generals", "Senior US and Russian generals met in "
             "Valmont to discuss avoiding escalation", side="other"),
        talks_extra=[talk("outcome", "The delegations agreed to exchange 157 prisoners each, "
                          "the first such exchange in four months")],
    )  # fmt: skip
    (track,) = briefing.talks
    assert [e.kind for e in track.entries] == ["session"]
    (swap,) = [m for m in briefing.moves if m.kind == "prisoner exchange"]
    assert "mediated by Qatar" in swap.text and "157 prisoners" in swap.text
    assert [m.kind for m in briefing.moves].count("meeting") == 1


def test_a_move_retelling_a_talks_outcome_folds_into_it():
    """A swap told as agreed, and a statement resting on the outcome's own sentence, are
    the outcome: the day's one outcome line, under Talks, holds them."""
    corpus = Corpus()
    corpus.story(
        "Harbor Post", "Talks held", "2026-03-11",
        talks=[{**talk("session", "The delegations met in Valmont on Wednesday",
                       venue="Valmont", time_text="on Wednesday"), "sentences": [1]},
               {**talk("outcome", "Forty states called in a joint communique for a truce"),
                "sentences": [2]}],
        moves=[{**move("statement", "Forty states", "Forty states called in a joint "
                       "communique for a truce", summary="Forty states at the conference "
                       "signed a joint communique calling for a truce"), "sentences": [2]}],
    )  # fmt: skip
    corpus.story(
        "Northwire", "Swap agreed", "2026-03-11",
        talks=[{**talk("outcome", "The sides agreed to exchange 157 prisoners each"),
                "sentences": [3]}],
        moves=[{**move("prisoner exchange", "Kyiv and Moscow", "Kyiv and Moscow agreed to "
                       "exchange prisoners, 157 for 157, a deputy minister said"),
                "sentences": [4]}],
    )  # fmt: skip
    briefing = corpus.merge()
    assert briefing.moves == []
    (outcome,) = [e for t in briefing.talks for e in t.entries if e.kind == "outcome"]
    assert len(outcome.cites) == 2 and len(outcome.members) == 4  # the day's, both moves in


def test_an_actors_remarks_one_of_them_on_the_outcomes_sentence_stay_a_move():
    """Harlan's word that the sides failed to agree rests on the outcome's sentence; his
    other remarks, from other outlets, joined with it into his line, are not the talks'
    outcome: the line stays a move, and the outcome says only what was agreed."""
    corpus = Corpus()
    corpus.story(
        "Harbor Post", "Talks end", "2026-03-11",
        talks=[{**talk("outcome", "The two sides failed to agree on a truce despite pressure "
                       "from Tom Harlan"), "sentences": [2]}],
        moves=[{**move("statement", "Tom Harlan", "The two sides failed to agree on a truce "
                       "despite pressure from Tom Harlan", summary="Tom Harlan pressed for an "
                       "end to the war, but the sides failed to agree on a truce",
                       side="United States", source="Tom Harlan"), "sentences": [2]}],
    )  # fmt: skip
    for outlet, said in (
        ("Northwire", "Harlan said he would meet Ivan Sorov as soon as a call could be arranged"),
        ("Eastline", "Harlan said the world would be much safer within three weeks"),
    ):
        corpus.story(outlet, "Harlan", "2026-03-11", moves=[{
            **move("statement", "Tom Harlan", said, side="United States", source="Tom Harlan"),
            "sentences": [5]}])  # fmt: skip
    briefing = corpus.merge()
    (outcome,) = [e for t in briefing.talks for e in t.entries if e.kind == "outcome"]
    assert "Sorov" not in outcome.text and "safer" not in outcome.text
    (line,) = briefing.moves
    assert "Sorov" in line.text and "safer" in line.text


def test_a_warring_sides_words_on_its_own_strikes_are_no_move_on_the_enemys_they_are():
    briefing = _talks_day(
        move("statement", "Kyiv", "Kyiv says its drone strikes on refineries aim to weaken "
             "the enemy's war machine", side="Ukraine", source="Kyiv"),
        move("statement", "Donald Trump", "Trump said he was not happy with the strikes",
             side="United States", source="Donald Trump"),
        move("statement", "Ostap Veres", "Veres said the night's missile strikes on Orlivka "
             "were meant to terrorise civilians", side="Ukraine", source="Ostap Veres"),
        move("statement", "Anton Brell", "Brell said Russia was continuing its "
             "strikes on military sites", side="Russia", source="Anton Brell"),
    )  # fmt: skip
    # the enemy's strikes in a side's words are its reaction to them, and an official's
    # remark of the day on its own is his news: moves still
    assert sorted(m.actor for m in briefing.moves) == ["Anton Brell", "Donald Trump", "Ostap Veres"]
    assert any("refineries" in b.text for b in briefing.background)


def test_a_sides_own_military_command_is_kept_labelled_after_the_diplomatic_moves():
    """A commander-in-chief replaced is war news, not diplomacy: the line stays, says what
    it is and comes after the diplomatic moves; a dealing with the enemy, or another
    country's general, is diplomacy still."""
    found = _moves(
        ("Harbor Post", [
            move("other", "Volodymyr Zelenskyy", "Zelenskyy replaced the commander-in-chief of "
                 "the armed forces, Gen Ostap Veres, with Gen Lev Harna", side="Ukraine"),
            move("statement", "Lev Harna", "New army chief Gen Lev Harna said the army's goals "
                 "remain unchanged", side="Ukraine", source="Lev Harna"),
            move("statement", "Ukraine's armed forces", "Ukraine's armed forces said after the "
                 "exchange that the freed politician can still be tried", side="Ukraine",
                 source="Ukraine's armed forces"),
            move("statement", "Keith Kellogg", "Gen Keith Kellogg said the strike was no sign "
                 "Moscow wants to end the war", side="United States", source="Keith Kellogg"),
        ]),
    )  # fmt: skip
    assert [m.kind for m in found] == ["statement", "statement", "command", "command"]
    assert all(m.text.startswith("Military command: ") for m in found[2:])
    assert not any("Military command" in m.text for m in found[:2])


def test_a_readers_remark_on_the_text_itself_is_no_part_of_the_line():
    corpus = Corpus()
    corpus.story("Harbor Post", "Envoys summoned", "2026-03-11", moves=[
        move("condemnation", "United Kingdom", "The U.K. separately summoned a Russian "
             "representative, but the sentence is cut off", side="other")])  # fmt: skip
    (line,) = corpus.merge().moves
    assert line.text.endswith("summoned a Russian representative")


def test_one_summons_told_by_three_outlets_naming_the_actor_three_ways_is_one_move():
    found = _moves(
        ("Harbor Post", [move("other", "U.K.", "The U.K. separately summoned a Russian "
                              "representative", side="other")]),
        ("Northwire", [move("pressure", "British government", "The foreign secretary said the "
                            "British government had summoned the Russian ambassador over the "
                            "damage to its cultural centre", side="other",
                            target="Russian ambassador")]),
        ("Eastern Ledger", [move("condemnation", "UK", "Britain summoned Moscow's envoy after "
                                 "the strike on the capital", side="other",
                                 target="Russian envoys")]),
    )  # fmt: skip
    (summons,) = found
    assert len(summons.cites) == 3
    assert "ambassador" in summons.text


def test_a_summons_announced_by_an_official_is_the_summons_of_the_bloc_they_speak_for():
    found = _moves(
        ("Harbor Post", [move("other", "Kaja Kallas", "Kallas said she had summoned Russia's "
                              "charge d'affaires", side="European Union",
                              target="Russia's charge d'affaires")]),
        ("Northwire", [move("other", "European Union", "The EU summoned the Russian envoy in "
                            "Brussels", side="European Union", target="Russian envoy")]),
    )  # fmt: skip
    assert len(found) == 1


def test_summonses_by_two_governments_or_of_two_countries_envoys_stay_apart():
    found = _moves(
        ("Harbor Post", [move("other", "France", "France summoned the Russian ambassador",
                              side="other", target="Russian ambassador")]),
        ("Northwire", [move("other", "Germany", "Germany summoned the Russian ambassador",
                            side="other", target="Russian ambassador")]),
        ("Eastern Ledger", [move("other", "French foreign ministry", "The French foreign "
                                 "ministry summoned the Belarusian ambassador", side="other",
                                 target="Belarusian ambassador")]),
    )  # fmt: skip
    assert len(found) == 3


def test_a_move_told_in_the_sentence_of_an_older_one_is_of_its_time():
    """ "After Moscow proposed talks in Valmont last week, Zelensky agreed and invited the
    Russian leader to meet him": the invitation, given no time of its own, is of last week
    too (Background), not of the day the story ran."""
    from test_merge import Corpus, move

    sentence = (
        "After Moscow proposed talks in Valmont last week, President Petrenko agreed and "
        "invited the Russian leader to meet him face to face"
    )
    corpus = Corpus()
    corpus.story(
        "Harbor Post", "Talks open", "2026-03-11",
        moves=[{**move("proposal", "Moscow", sentence, side="Russia"),
                "summary": "Moscow proposed talks in Valmont last week", "time_text": "last week"},
               {**move("proposal", "Petrenko", sentence, side="Ukraine"),
                "summary": "Petrenko invited the Russian leader to a face-to-face meeting"}],
    )  # fmt: skip
    briefing = corpus.merge()
    assert not any("invited" in m.text for m in briefing.moves)
    assert any("invited" in b.text for b in briefing.background)


def test_one_statement_quoted_by_two_outlets_is_one_move_whatever_its_kind():
    from test_merge import Corpus, move

    corpus = Corpus()
    corpus.story(
        "Harbor Post", "Kyiv hit", "2026-03-11",
        moves=[move("condemnation", "Volodymyr Zelenskyy", "Zelenskyy condemned the strikes as "
                    "\"a deliberate crime and a prolongation of the war\"", side="Ukraine")],
    )  # fmt: skip
    corpus.story(
        "Ledger Review", "Reactions", "2026-03-11",
        moves=[move("statement", "Zelenskyy", "Such killings now are a deliberate crime and a "
                    "prolongation of the war, Zelenskyy said", side="Ukraine")],
    )  # fmt: skip
    (line,) = corpus.merge().moves
    assert len(line.cites) == 2
    # one story's two reports of one sentence stay two things it says
    corpus = Corpus()
    sentence = "Zelenskyy called the strike a deliberate crime and a prolongation of the war"
    corpus.story(
        "Harbor Post", "Kyiv hit", "2026-03-11",
        moves=[move("condemnation", "Zelenskyy", sentence, side="Ukraine",
                    summary="Zelenskyy called the strike a deliberate crime"),
               move("pressure", "Zelenskyy", sentence, side="Ukraine",
                    summary="Zelenskyy said the war is being prolonged")],
    )  # fmt: skip
    assert len(corpus.merge().moves) == 2


def test_a_governments_words_beside_its_sanctions_join_the_sanctions_line():
    """The sanctions and its Treasury chief's warning a sentence later are one move, told by
    every outlet that gives both; the warning is a further fact, never the line's lead."""
    sanctions = "The Treasury announced sanctions on Norvex and Kalgas, the two largest oil firms"
    warning = "Treasury Secretary Dale Orwin said the Treasury was prepared to take further action"
    stories = [
        (outlet, [{**move("sanctions", "US Treasury", sanctions, side="United States",
                          target="Norvex and Kalgas"), "sentences": [3]},
                  {**move("pressure", "Dale Orwin", warning, side="United States",
                          target="Russia"), "sentences": [4]}])
        for outlet in ("Harbor Post", "Northwire")
    ]  # fmt: skip
    (line,) = _moves(*stories)
    assert line.kind == "sanctions" and line.text.startswith("The Treasury announced sanctions")
    assert "further action" in line.text and len(line.cites) == 2


def test_words_told_far_from_a_sanctions_report_or_by_another_government_stay_apart():
    sanctions = "The Treasury announced sanctions on Norvex and Kalgas, the two largest oil firms"
    later = "Treasury Secretary Dale Orwin said talks with Moscow were going nowhere"
    answer = "Foreign ministry spokeswoman Irina Volkova said the sanctions would fail"
    found = _moves(
        ("Harbor Post", [
            {**move("sanctions", "US Treasury", sanctions, side="United States",
                    target="Norvex and Kalgas"), "sentences": [3]},
            {**move("statement", "Dale Orwin", later, side="United States",
                    target="Russia"), "sentences": [12]},  # far down the story
            {**move("statement", "Irina Volkova", answer, side="Russia",
                    target="United States"), "sentences": [4]}]),  # another government
    )  # fmt: skip
    assert [m.kind for m in found].count("statement") == 2 and len(found) == 3


def test_a_condemnation_leads_its_actors_remarks_of_its_days():
    """ "Trump criticised Putin in harsh terms" and "accused Putin of spouting nonsense", one
    cabinet meeting told by two outlets, are one line, led by the condemnation; so are two
    calls for pressure and a condemnation with no plain statement; a condemnation days
    before stays a line of its own."""
    found = _moves(
        ("Harbor Post", [numbered("condemnation", "Donald Trump", "Trump criticised Vladimir Putin "
                              "in unusually harsh terms at a cabinet meeting",
                              side="United States", target="Vladimir Putin")]),
        ("Northwire", [numbered("statement", "US President Donald Trump", "Trump accused Putin of "
                            "spouting nonsense on the war", side="United States",
                            target="Russia")]),
        ("Ledger Review", [numbered("condemnation", "Donald Trump", "Trump condemned the strike "
                                "on Orlivka on Sunday", side="United States", target="Russia",
                                time_text="on Sunday")]),
    )  # fmt: skip
    joined = [m for m in found if "harsh terms" in m.text]
    assert len(joined) == 1 and len(found) == 2
    (line,) = joined
    assert line.kind == "condemnation" and "nonsense" in line.text and len(line.cites) == 2
    assert line.text.index("harsh terms") < line.text.index("nonsense")
    found = _moves(
        ("Harbor Post", [numbered("pressure", "Ursula von der Leyen", "Von der Leyen called on "
                              "Russia to stop its attacks", side="European Union"),
                         numbered("condemnation", "Ursula von der Leyen", "Von der Leyen said the "
                              "Kremlin will stop at nothing", side="European Union")]),
        ("Northwire", [numbered("pressure", "von der Leyen", "Von der Leyen vowed to keep "
                            "maximum pressure on Russia", side="European Union")]),
    )  # fmt: skip
    (line,) = found
    assert line.kind == "pressure" and "stop at nothing" in line.text


def test_one_actors_move_aimed_at_a_country_and_its_capital_is_one_move():
    found = _moves(
        ("Harbor Post", [move("sanctions", "Donald Trump", "Trump said he would back a bill "
                              "imposing harsh sanctions on Russia", side="United States",
                              target="Russia")]),
        ("Northwire", [move("sanctions", "Donald Trump", "Trump said he was weighing further "
                            "sanctions on Moscow", side="United States", target="Moscow")]),
    )  # fmt: skip
    assert len(found) == 1 and len(found[0].cites) == 2
    # two actors of one side, their targets named apart, stay two moves
    found = _moves(
        ("Harbor Post", [move("sanctions", "Kyiv", "Kyiv imposed sanctions on Moscow's banks",
                              side="Ukraine", target="Moscow")]),
        ("Northwire", [move("sanctions", "Olena Marchuk", "Marchuk urged sanctions on Russia",
                            side="Ukraine", target="Russia")]),
    )  # fmt: skip
    assert len(found) == 2


def test_a_line_led_by_a_name_with_particles_loses_the_name_under_its_actor():
    assert without_speaker(
        "Commission President Greta van der Berg promised a new sanctions package",
        "Greta van der Berg",
    ) == "promised a new sanctions package"  # fmt: skip


def test_a_day_of_mourning_for_an_attacks_victims_is_a_note_under_the_attack():
    """ "The mayor declared Thursday a day of mourning in Valmont" after the night's strike on
    Valmont is the attack's aftermath, not a diplomatic move; a day of mourning at a place no
    attack of its days hit, or by the attacker's side, stays a move."""
    from briefer.merge.model import Attack, Move
    from briefer.merge.moves import aftermath

    def strike() -> Attack:
        return Attack(key="a", text="overnight to 2026-03-11: Russian attack (Valmont)", short="",
                      cites=[1], start="2026-03-10", end="2026-03-11",
                      target_country="Ukraine", places=["Valmont"])  # fmt: skip

    def mourning(text: str, side: str = "Ukraine", end: str = "2026-03-11") -> Move:
        return Move(key="m", actor="mayor", kind="other", text=text, cites=[2],
                    actor_side=side, end=end)  # fmt: skip

    attack = strike()
    left = aftermath([mourning("The Valmont mayor declared a day of mourning")], [attack])
    assert left == [] and [n.text for n in attack.notes] == [
        "The Valmont mayor declared a day of mourning"
    ]
    assert attack.cites == [1, 2]
    for other in (
        mourning("The Orlivka mayor declared a day of mourning"),  # another place
        mourning("Valmont declared a day of mourning", side="Russia"),  # the attacker's side
        mourning("The Valmont mayor declared a day of mourning", end="2026-03-14"),  # days on
        mourning("The Valmont mayor condemned the strike"),  # no mourning
    ):
        assert aftermath([other], [strike()]) == [other]


def test_the_offline_coders_remarks_stay_lines_of_their_own():
    """Reports that cite no sentences (the offline coder's sentences as they stand) are not
    joined as one actor's remarks: cut and joined, they read as fragments."""
    found = _moves(
        ("Harbor Post", [move("condemnation", "Donald Trump", "Trump criticised Vladimir Putin "
                              "in unusually harsh terms", side="United States")]),
        ("Northwire", [move("pressure", "Donald Trump", "Tuesday that he would press Putin "
                            "harder, Trump said", side="United States")]),
    )  # fmt: skip
    assert len(found) == 2


def test_one_neighbours_scramble_told_by_three_outlets_naming_it_three_ways_is_one_move():
    """Poland's jets scrambled during a wave next door, its actor named "Poland", "Poland's
    military" and "Polish Armed Forces Operational Command" (real news dev, 2024-11-17: four
    lines, one per outlet)."""
    found = _moves(
        ("Harbor Post", [move("other", "Poland", "Poland scrambled fighter jets to protect its "
                              "border during the Russian barrage", side="other")]),
        ("Northwire", [move("other", "Polish Armed Forces Operational Command", "Polish and "
                            "allied aircraft were scrambled and air defences put on high alert",
                            side="other")]),
        ("Eastern Ledger", [move("other", "the operational command of Poland's armed forces",
                                 "Fighter pairs were scrambled and radar systems reached the "
                                 "highest readiness", side="other")]),
    )  # fmt: skip
    (scramble,) = found
    assert len(scramble.cites) == 3


def test_one_speakers_statement_told_for_two_actors_is_one_line():
    """Real news dev, 2025-08-28: one reader gave Leavitt's "not happy" as the White House's,
    another as Karoline Leavitt's: two lines of one statement. What a government did is not
    its teller's: sanctions told by a speaker stay apart from the speaker's own."""
    found = _moves(
        ("Harbor Post", [move("statement", "White House", 'Karoline Leavitt said Trump was '
                              '"not happy" about the strikes on Kyiv', side="United States",
                              source="Karoline Leavitt")]),
        ("Northwire", [move("statement", "Karoline Leavitt", "Leavitt said Trump was not happy "
                            "about the Russian strikes", side="United States",
                            source="Karoline Leavitt")]),
    )  # fmt: skip
    assert len(found) == 1
    found = _moves(
        ("Harbor Post", [move("sanctions", "White House", "Mark Rutte said the US sanctions on "
                              "Rosneft could help", side="United States", source="Mark Rutte",
                              target="Rosneft")]),
        ("Northwire", [move("sanctions", "Mark Rutte", "Rutte said sanctions on Rosneft "
                            "could help", side="other", source="Mark Rutte",
                            target="Rosneft")]),
    )  # fmt: skip
    assert len(found) == 2


def test_one_actors_move_told_in_two_spellings_names_its_source_once():
    """The origins of a move two outlets tell, one spelling "Zelenskiy", the other
    "Zelenskyy", are one source."""
    moves = _moves(
        ("Harbor Post", [numbered("sanctions", "Volodymyr Zelenskiy",
                                  "Volodymyr Zelenskiy imposed sanctions on Rosneft", side="Ukraine",
                                  target="Rosneft", source="Volodymyr Zelenskiy")]),
        ("Northwire", [numbered("sanctions", "Volodymyr Zelenskyy",
                                "Volodymyr Zelenskyy imposed sanctions on Rosneft", side="Ukraine",
                                target="Rosneft", source="Volodymyr Zelenskyy")]),
    )  # fmt: skip
    (line,) = moves
    assert len(line.origins) == 1, line.origins


def test_a_standing_practice_is_the_days_context_not_a_move():
    """Real news dev, 2024-11-17: "Ukrainian officials have routinely urged ..." (what they
    keep doing, no move made that day) stood as a move and as a key point."""
    corpus = Corpus()
    corpus.story(
        "Harbor Post", "Diplomacy", "2026-03-11",
        moves=[numbered("pressure", "Ukrainian officials",
                        "Ukrainian officials have routinely urged partners to send more air "
                        "defence systems", side="Ukraine"),
               numbered("pressure", "Volodymyr Zelenskyy",
                        "Volodymyr Zelenskyy urged partners to send ten more Patriot systems",
                        side="Ukraine", time_text="on Tuesday")],
    )  # fmt: skip
    markdown = render_markdown(corpus.merge())
    moves = section(markdown, "Diplomatic moves")
    assert "routinely" not in moves and "routinely" not in section(markdown, "Key points")
    assert "routinely" in section(markdown, "Background")
    assert "ten more Patriot systems" in moves


def test_one_speakers_remark_retold_by_another_outlet_is_said_once_in_its_line():
    """Two outlets' condemnations by one envoy, the second in other words ("called the
    strike Moscow's true answer" after "said the attack was Moscow's real response"): one
    line saying it once, citing both. A remark telling something new stays."""
    found = _moves(
        ("Harbor Post", [
            numbered("condemnation", "Ilse Marten", "EU Ambassador Ilse Marten said the attack "
                     "was Moscow's real response to peace efforts", side="European Union",
                     source="Ilse Marten"),
        ]),
        ("Northwire", [
            numbered("condemnation", "Ilse Marten", "Ilse Marten called the strike Moscow's "
                     "true answer to peace efforts", side="European Union", source="Ilse Marten"),
        ]),
    )  # fmt: skip
    (line,) = found
    assert "true answer" not in line.text and "real response" in line.text
    assert len(line.cites) == 2


@pytest.mark.parametrize(
    "first, second, told",
    [
        # a remark telling something new stays in the line
        (("statement", "Tom Harlan said he was not happy about the strikes"),
         "Tom Harlan said he would announce new tariffs on Russian oil buyers on Friday",
         ["not happy", "tariffs on Russian oil buyers"]),
        # a condemnation joined by his statement saying it again in other words: said once
        (("condemnation", "Tom Harlan condemned the strikes on Odesa as barbaric and cowardly"),
         "Tom Harlan said the strikes on Odesa were cowardly and barbaric",
         ["condemned the strikes on Odesa"]),
    ],
)  # fmt: skip
def test_an_actors_remarks_joined_say_each_thing_once(first, second, told):
    found = _moves(
        ("Harbor Post", [numbered(first[0], "Tom Harlan", first[1], side="United States",
                                  source="Tom Harlan")]),
        ("Northwire", [numbered("statement", "Tom Harlan", second, side="United States",
                                source="Tom Harlan")]),
    )  # fmt: skip
    (line,) = found
    assert all(words in line.text for words in told) and len(line.cites) == 2
    assert line.text.count("barbaric") <= 1


def test_a_view_of_the_talks_and_a_move_of_one_speakers_one_sentence_are_one_line():
    """A reader that files one sentence of Zelenskyy's as a view of the talks ("mocking"
    peace efforts) and as a condemnation (blamed Moscow for breaking the truce): one line,
    saying both; the track only weighed in on, left with nothing, goes. Another sentence
    of his stays its own line."""
    sentence = (
        "Zelenskyy blamed Moscow for violating the energy truce and said Russia is "
        '"mocking" peace efforts.'
    )

    def briefing(view_sentence: str):
        corpus = Corpus()
        corpus.story(
            "Harbor Post", "Truce", "2026-03-11",
            talks=[{**talk("assessment", view_sentence, summary="Zelenskyy claimed Russia is "
                           '"mocking" peace efforts and looking to stretch out the war',
                           source="Volodymyr Zelenskyy", side="Ukraine",
                           track="Energy infrastructure truce (US-brokered)"),
                    "sentences": [4]}],
            moves=[{**move("condemnation", "Volodymyr Zelenskyy", sentence,
                           summary="Zelenskyy blamed Moscow for violating the energy truce",
                           side="Ukraine", source="Volodymyr Zelenskyy"), "sentences": [4]}],
        )  # fmt: skip
        return corpus.merge()

    merged = briefing(sentence)
    assert merged.talks == []
    (line,) = merged.moves
    assert "violating the energy truce" in line.text and "mocking" in line.text
    apart = briefing('Russia is "mocking" peace efforts, Zelenskyy said in his evening address.')
    assert [len(t.entries) for t in apart.talks] == [1] and len(apart.moves) == 1


def test_another_outlets_retelling_led_by_separately_is_no_second_move():
    """ "Separately, Valmont also issued a summons to Russia" after "Valmont's foreign
    minister said the government has summoned the Russian ambassador after its consulate
    was hit": the same summons, cited, not added as if a second."""
    found = _moves(
        ("Harbor Post", [{**move("other", "Valmont", "Valmont's foreign minister said the "
                                 "government has summoned the Russian ambassador after its "
                                 "consulate was hit", side="other", target="Russia"),
                          "sentences": [3]}]),
        ("Northwire", [{**move("other", "Valmont", "Separately, Valmont also issued a summons "
                               "to Russia", side="other", target="Russia"), "sentences": [8]}]),
    )  # fmt: skip
    (line,) = found
    assert "Separately" not in line.text and len(line.cites) == 2


def test_sanctions_only_promised_are_pressure_and_join_the_actors_call_for_it():
    """ "promised to ramp up pressure through the upcoming package" is no sanctions move:
    with the same speaker's "vowed to uphold maximum pressure" from another outlet it is
    one line, her name leading it once."""
    moves = _moves(
        ("Harbor Post", [numbered("sanctions", "Greta van der Berg", "Greta van der Berg "
                                  "promised to ramp up pressure on Russia through the upcoming "
                                  "20th sanctions package", side="European Union",
                                  target="Russia", source="Greta van der Berg")]),
        ("Northwire", [numbered("pressure", "Greta van der Berg", 'Greta van der Berg vowed to '
                                'uphold "maximum pressure" on Russia', side="European Union",
                                target="Russia", source="Greta van der Berg")]),
    )  # fmt: skip
    (line,) = moves
    assert line.kind == "pressure" and len(line.cites) == 2
    assert line.text.count("van der Berg") == 1, line.text


def test_sanctions_adopted_are_sanctions_whatever_they_will_do():
    (line,) = _moves(
        ("Harbor Post", [move("sanctions", "European Union", "The EU adopted its 20th sanctions "
                              "package, which will ban Russian LNG from next year",
                              side="European Union", target="Russia")]),
    )  # fmt: skip
    assert line.kind == "sanctions"


def test_a_clause_of_its_own_before_the_speakers_verb_is_kept():
    from briefer.merge.text import without_speaker

    said = "Rutte met Harlan in the Oval Office and said allies want peace"
    assert (
        without_speaker(said, "Mark Rutte")
        == "met Harlan in the Oval Office and said allies want peace"
    )
    assert without_speaker("Rutte said allies want peace", "Mark Rutte") == "allies want peace"


def test_how_a_move_came_about_told_beside_it_by_its_source_joins_its_line():
    """ "Member states approved the 20th package" and, two sentences on, from the same
    presidency, "the last member state lifted its reservation; Tarnia was the final
    holdout": one adoption, one line, whoever the second report's actor."""
    said = dict(source="the Danish presidency", side="European Union")
    moves = _moves(
        ("Harbor Post", [
            {**move("sanctions", "EU member states", "EU member states approved the bloc's "
                    "20th sanctions package against Russia, the Danish presidency said",
                    target="Russia", **said), "sentences": [1]},
            {**move("other", "Tarnia", "The presidency said the last member state lifted its "
                    "reservation on the 20th package; Tarnia was the final holdout, with Prime "
                    "Minister Ivo Darn seeking assurances on energy prices",
                    target="European Commission", **said), "sentences": [3]},
        ]),
    )  # fmt: skip
    (line,) = moves
    assert "final holdout" in line.text
