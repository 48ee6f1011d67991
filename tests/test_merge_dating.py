"""When a merged item happened: a remark is dated by when it was made.

Every sentence here is written for these tests.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from test_merge import Corpus, talk


@pytest.mark.parametrize(
    "evidence",
    [
        "Anton Brell lamented the missed chance of Tuesday's talks, saying a truce was near",
        "Anton Brell lamented the missed chance from the talks on Tuesday, saying so",
    ],
)
def test_a_day_that_names_the_talks_does_not_date_a_remark_about_them(evidence):
    corpus = Corpus()  # the story is of Wednesday 2026-03-11; the talks were on Tuesday
    corpus.story(
        "Harbor Post", "A day after", "2026-03-11",
        talks=[talk("position", evidence, time_text="on Tuesday", source="Anton Brell",
                    side="Ukraine")],
    )  # fmt: skip
    (track,) = corpus.merge().talks
    (entry,) = track.entries
    assert entry.start is None or entry.start == "2026-03-11"  # its story's day, not Tuesday


def test_a_remark_made_on_the_day_it_names_is_dated_by_it():
    corpus = Corpus()
    corpus.story(
        "Harbor Post", "A day after", "2026-03-11",
        talks=[talk("position", "Anton Brell said on Tuesday that Tuesday's talks had failed",
                    time_text="on Tuesday", source="Anton Brell", side="Ukraine")],
    )  # fmt: skip
    (track,) = corpus.merge().talks
    (entry,) = track.entries
    assert entry.start == "2026-03-10"


def test_a_days_talks_still_date_the_session_they_name():
    corpus = Corpus()
    corpus.story(
        "Harbor Post", "A day after", "2026-03-11",
        talks=[talk("outcome", "Tuesday's talks ended with a prisoner exchange agreed",
                    time_text="on Tuesday", source="Anton Brell", side="Ukraine")],
    )  # fmt: skip
    (track,) = corpus.merge().talks
    assert [e.start for e in track.entries] == ["2026-03-10"]


def _move_dated(time_text: str):
    from test_merge import move

    # Monday 2026-03-09's story; the window, five days to the 12th, takes in Sunday the 8th,
    # the last day of "last week"
    corpus = Corpus()
    data = move("statement", "Anton Brell", "Anton Brell spoke to Ola Brun by phone, he said",
                side="Ukraine", time_text=time_text)  # fmt: skip
    corpus.story("Harbor Post", "Talks ahead", "2026-03-09", moves=[data])
    return corpus.merge(since=timedelta(days=5))


def test_a_move_of_last_week_is_background():
    briefing = _move_dated("last week")
    assert briefing.moves == [] and len(briefing.background) == 1


@pytest.mark.parametrize("time_text", ["this week", "this year", "on Monday"])
def test_a_move_of_a_period_still_running_or_of_a_day_in_the_window_is_news(time_text):
    briefing = _move_dated(time_text)
    assert len(briefing.moves) == 1 and briefing.background == []


def test_a_day_its_sentence_names_ahead_of_its_story_is_not_a_moves_day():
    """ "The LNG ban ... ceasing from Jan. 1, 2027" tells when the ban takes effect: the
    report is news of its story's day, not of 2027."""
    from test_merge import DAY, SINCE, Corpus, move

    from briefer.merge.items import collect_items

    corpus = Corpus()
    corpus.story(
        "Harbor Post", "Ban phased in", "2026-03-11",
        moves=[move("ban", "European Union", "The presidency said the LNG import ban will be "
                    "phased in, with long-term contracts ceasing from Jan. 1, 2027",
                    side="European Union", target="Russian LNG imports")],
    )  # fmt: skip
    (item,) = collect_items(corpus.extractions, corpus.stories, corpus.documents, DAY - SINCE,
                            latest=DAY)  # fmt: skip
    assert item.window[1].isoformat() == "2026-03-11" and not item.anchored
    # a next round its sentence dates ahead keeps that day
    corpus = Corpus()
    corpus.story(
        "Harbor Post", "Talks", "2026-03-11",
        moves=[], talks=[{**__import__("test_merge").talk(
            "next round", "The delegations will meet again on March 20 in Valmont"),
            "time_text": None}],
    )  # fmt: skip
    (item,) = collect_items(corpus.extractions, corpus.stories, corpus.documents, DAY - SINCE,
                            latest=DAY)  # fmt: skip
    assert item.window[1].isoformat() == "2026-03-20"


def _attacks_told(time_text: str):
    """Wednesday 2026-03-11's story: the night's strike on Kharkiv, then an attack on the
    same city told from another event ("two days earlier", "on that occasion")."""
    from test_merge import attack, rng

    corpus = Corpus()
    corpus.story(
        "Harbor Post", "Strike on Kharkiv", "2026-03-11",
        attacks=[attack("Russian drones struck Kharkiv overnight, killing two", places=["Kharkiv"],
                        killed=rng(2, 2, text="two"), time_text="overnight"),
                 attack("The governor had reported damaged windows in Kharkiv", places=["Kharkiv"],
                        time_text=time_text, targets=["windows"])],
    )  # fmt: skip
    return corpus.merge(since=timedelta(hours=48))


@pytest.mark.parametrize("time_text", ["two days earlier", "On that occasion", "Days later"])
def test_a_time_told_from_another_event_is_not_the_storys_day(time_text):
    """A time told from another event fixes no day: read as the story's, it joined an
    earlier attack's damage to the night's strike on the same city (real news, 2024-11-17)."""
    briefing = _attacks_told(time_text)
    (night,) = [a for a in briefing.attacks if "2 killed" in a.text]
    assert len(night.members) == 1 and "windows" not in night.text
    (other,) = [a for a in briefing.attacks if a is not night] or briefing.background
    assert other.start != other.end  # the days it may have been on, not one day named


@pytest.mark.parametrize(
    ("time_text", "days"),
    [
        ("Two days before,", ("2026-03-08", "2026-03-09")),
        ("The day before", ("2026-03-09", "2026-03-10")),
        ("two days before the talks", ("2026-03-08", "2026-03-11")),
    ],
)
def test_days_before_with_nothing_after_count_back_from_the_storys_event(time_text, days):
    """Real news dev, 2024-11-17 (DW): "Two days before, a larger Ukrainian drone attack
    targeted ..." counts back from the story's attack, which is at latest the story's day;
    "two days before the talks" may count from a meeting still ahead."""
    from test_merge import DAY, SINCE, attack

    from briefer.merge.items import collect_items

    corpus = Corpus()
    corpus.story("Harbor Post", "Drones", "2026-03-11", attacks=[
        attack("A larger drone attack targeted Kursk", attacker="Ukraine", target="Russia",
               places=["Kursk"], time_text=time_text)])  # fmt: skip
    (item,) = collect_items(corpus.extractions, corpus.stories, corpus.documents, DAY - SINCE,
                            latest=DAY)  # fmt: skip
    assert tuple(d.isoformat() for d in item.window) == days


@pytest.mark.parametrize(
    "evidence",
    [
        "Talks went on, despite the United States setting a June deadline for a settlement",
        "The United States wants a settlement by June, officials said",
        "Washington has set a deadline of June for a settlement",
    ],
)
def test_a_month_given_as_a_deadline_does_not_date_the_item(evidence):
    """Real news dev, 2026-02-17 (AP): a reader's time "June" for "the United States
    setting a June deadline" dated the position to the June before its story, and it stood
    in Background as "2025-06"."""
    corpus = Corpus()
    corpus.story(
        "Harbor Post", "Talks go on", "2026-03-11",
        talks=[talk("position", evidence, time_text="June", side="United States")],
    )  # fmt: skip
    briefing = corpus.merge()
    assert not any("2025-06" in b.text for b in briefing.background)
    (track,) = briefing.talks
    (entry,) = track.entries
    assert entry.start in (None, "2026-03-10", "2026-03-11")


def test_a_month_an_item_happened_in_still_dates_it():
    corpus = Corpus()
    corpus.story(
        "Harbor Post", "Talks go on", "2026-03-11",
        talks=[talk("position", "In January the United States said a settlement was near",
                    time_text="in January", side="United States")],
    )  # fmt: skip
    assert [b.start for b in corpus.merge().background] == ["2026-01-01"]


@pytest.mark.parametrize(
    ("summary", "evidence"),
    [
        (
            "Two days earlier a larger drone attack targeted Kursk",
            "The strike came two days after a larger drone attack on Kursk",
        ),
        (
            "A larger drone attack targeted Kursk",
            "A larger drone attack targeted Kursk two days earlier",
        ),
    ],
)
def test_a_time_cut_short_of_its_relation_word_is_read_whole(summary, evidence):
    """Real news dev, 2024-11-17 (DW): a reader's time "two days" for "a larger Ukrainian
    drone attack two days earlier" read as the last two days, and that attack's regions
    stood in the headline of Sunday's strike."""
    from test_merge import DAY, SINCE, attack

    from briefer.merge.items import collect_items

    corpus = Corpus()
    corpus.story("Harbor Post", "Drones", "2026-03-11", attacks=[
        attack(evidence, attacker="Ukraine", target="Russia", places=["Kursk"],
               summary=summary, time_text="two days")])  # fmt: skip
    (item,) = collect_items(corpus.extractions, corpus.stories, corpus.documents, DAY - SINCE,
                            latest=DAY)  # fmt: skip
    assert tuple(d.isoformat() for d in item.window) == ("2026-03-08", "2026-03-09")
