"""The merge's talks: a next round announced is not the round under way.

Every sentence here is written for these tests.
"""

from __future__ import annotations

from datetime import date

from test_merge import Corpus, talk

D = date.fromisoformat


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
