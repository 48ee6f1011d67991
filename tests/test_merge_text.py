"""The merge's text helpers: gists, shortened lines, attribution, folding accents.

Every sentence here is written for these tests.
"""

from __future__ import annotations

import pytest

from briefer.merge.text import (
    attribute,
    content_words,
    fold,
    gist,
    jaccard,
    numbers_in_evidence,
    shorten,
    without_speaker,
)


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


def test_fold_drops_accents():
    """Outlets spell Erdoğan with and without the breve: one name."""
    assert fold("Erdoğan") == fold("Erdogan")


def test_a_speaker_given_with_his_role_is_known_by_his_name():
    """An attribution "Anton Brell, Kremlin spokesman" is Brell, not "spokesman"."""
    said = "Brell said the delegation had not changed"
    assert (
        without_speaker(said, "Anton Brell, Kremlin spokesman") == "the delegation had not changed"
    )


def test_attribute_knows_a_source_given_with_its_role_by_the_surname():
    """ "Dmitry Peskov, Kremlin spokesman" is named by "Peskov": a line saying so gets no
    "(Dmitry Peskov, Kremlin spokesman)" after it."""
    line = "Peskov said the key issue is who will sign any agreement"
    assert attribute(line, "Anton Brell, Kremlin spokesman", "Wire") == (
        f"{line} (Anton Brell, Kremlin spokesman via Wire)"
    )
    said = "Brell said the key issue is who will sign any agreement"
    assert attribute(said, "Anton Brell, Kremlin spokesman", "Wire") == said


def test_shorten_cuts_a_trailing_clause_only_up_to_the_lines_next_statement():
    """A line joining two reports ("…, saying …; Another outlet said …"): cutting the first
    report's trailing clause keeps the second."""
    line = (
        "The president announced he would resume weapon shipments, saying he had approved "
        'them; The agency said he had accused his counterpart of spouting "nonsense"'
    )
    assert shorten(line) == (
        "The president announced he would resume weapon shipments; The agency said he had "
        'accused his counterpart of spouting "nonsense"'
    )


def test_a_texts_content_words_are_read_once_and_a_caller_may_change_its_copy():
    text = "Drones struck the Odesa port overnight"
    words = content_words(text)
    assert words == {"drones", "struck", "odesa", "port", "overnight"}
    words.add("grain")  # the caller's own set: the next reader gets the text's words
    assert content_words(text) == {"drones", "struck", "odesa", "port", "overnight"}
    assert jaccard(text, "Drones struck the Odesa port") == 4 / 5
    assert jaccard(text, "") == 0.0


def test_distinct_sources_keep_each_source_once_in_first_order():
    from briefer.merge.text import distinct_sources

    told = ["Volodymyr Zelensky", "Ukraine's air force", "Volodymyr Zelenskyy"]
    assert distinct_sources(told) == ["Volodymyr Zelensky", "Ukraine's air force"]
    assert distinct_sources(["the Ukrainian air force", "Ukraine's air force"]) == [
        "the Ukrainian air force"
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Talks: Marek Halvard commented on the cancellation of the summit, saying that dialogue "
        "was better than any war",
        "Tom Harlan defended his decision not to send long-range missiles, adding that training "
        "crews would take too long",
        "The Kremlin spokesman responded to the sanctions at a briefing, insisting they would "
        "change nothing",
    ],
)
def test_shorten_keeps_what_was_said_after_a_frame_that_says_nothing(line):
    """After "commented on …", "defended his decision …" the trailing ", saying …" clause
    is the statement itself: cut, the line tells only that someone spoke."""
    assert shorten(line) == line


def test_shorten_still_cuts_a_trail_after_words_said_or_a_deed():
    said = (
        "Marek Halvard commented on the summit and said dialogue was over, adding that the "
        "door stayed open"
    )
    assert shorten(said) == "Marek Halvard commented on the summit and said dialogue was over"
    deed = "Alliance Secretary General Ivo Brandt welcomed the pledge, saying defence came first"
    assert shorten(deed) == "Alliance Secretary General Ivo Brandt welcomed the pledge"


def test_without_speaker_reads_an_occasion_of_the_talks_as_where_it_was_said():
    """ "Trump said on the eve of the talks that he wanted 'a deal, and fast'": what he said
    is that he wanted a deal, not "the talks that he wanted …" (invented examples, blind
    answers: the line was labelled garbled)."""
    text = 'Tom Harlan said on the eve of the talks that he wanted "a deal, and fast"'
    assert without_speaker(text, "Tom Harlan") == 'he wanted "a deal, and fast"'
