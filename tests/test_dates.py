"""Relative time wording resolved against the story's own date, Kyiv time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from briefer.dates import briefing_window, parse_since, resolve_time
from briefer.errors import ConfigError

D = date.fromisoformat


@pytest.mark.parametrize(
    ("text", "story", "expected"),
    [
        (None, "2026-02-18", ("2026-02-18", "2026-02-18")),
        ("overnight", "2026-02-18", ("2026-02-17", "2026-02-18")),
        ("on Tuesday", "2026-02-18", ("2026-02-17", "2026-02-17")),
        ("Tuesday's", "2026-02-18", ("2026-02-17", "2026-02-17")),
        ("Wednesday's meetings", "2026-02-18", ("2026-02-18", "2026-02-18")),
        (
            "overnight, hours before the talks began on Tuesday",
            "2026-02-18",
            ("2026-02-16", "2026-02-17"),
        ),
        ("overnight into Wednesday", "2026-03-12", ("2026-03-10", "2026-03-11")),
        ("Tuesday night", "2026-03-12", ("2026-03-10", "2026-03-11")),
        ("yesterday", "2026-02-18", ("2026-02-17", "2026-02-17")),
        ("today", "2026-02-18", ("2026-02-18", "2026-02-18")),
        ("last week", "2026-02-18", ("2026-02-09", "2026-02-15")),
        ("on Feb 17", "2026-02-18", ("2026-02-17", "2026-02-17")),
        ("17 February", "2026-02-18", ("2026-02-17", "2026-02-17")),
        ("on December 30", "2026-01-05", ("2025-12-30", "2025-12-30")),
        ("earlier this month", "2026-02-18", ("2026-02-01", "2026-02-18")),
        ("in January and early February", "2026-02-18", ("2026-01-01", "2026-02-10")),
        ("in 2023", "2026-02-18", ("2023-01-01", "2023-12-31")),
        ("last year", "2026-02-18", ("2025-01-01", "2025-12-31")),
        ("3 days ago", "2026-02-20", ("2026-02-17", "2026-02-17")),
        # a night named by its date is the night into that day, as officials date a wave
        ("on the night of 9 July", "2025-07-09", ("2025-07-08", "2025-07-09")),
        ("on the night of 6-7 September", "2025-09-08", ("2025-09-06", "2025-09-07")),
        ("overnight on September 7", "2025-09-07", ("2025-09-06", "2025-09-07")),
        (
            "late in the night of July 4 into the following day",
            "2025-07-09",
            ("2025-07-04", "2025-07-05"),
        ),
        # a date a few days after the story's is the coming one, unless told in the past
        ("on July 10-11", "2025-07-09", ("2025-07-10", "2025-07-10")),
        ("on December 30", "2026-12-20", ("2026-12-30", "2026-12-30")),
        ("met on December 30", "2026-12-20", ("2025-12-30", "2025-12-30")),
        ("on August 30", "2026-07-14", ("2025-08-30", "2025-08-30")),  # too far ahead
        # what is still to come starts after the story: planned, never held
        ("later this month", "2025-02-17", ("2025-02-18", "2025-02-28")),
        ("later this week", "2026-03-11", ("2026-03-12", "2026-03-15")),
        ("next week", "2026-03-11", ("2026-03-16", "2026-03-22")),
        ("next month", "2026-03-11", ("2026-04-01", "2026-04-30")),
        ("since 2022", "2026-03-12", ("2022-01-01", "2026-03-12")),
        ("may be soon", "2026-03-12", ("2026-03-12", "2026-03-12")),
    ],
)
def test_resolve_time(text, story, expected):
    assert resolve_time(text, story) == (D(expected[0]), D(expected[1]))


@pytest.mark.parametrize(
    ("text", "context", "expected"),
    [
        # a Tuesday story: what lies ahead is the coming weekday, not last week's
        ("talks would resume on Wednesday", None, "2026-03-11"),
        ("will meet on Friday", None, "2026-03-13"),
        ("next round on Monday", None, "2026-03-16"),
        (
            "on Wednesday morning",
            "Umerov said the discussions would resume on Wednesday",
            "2026-03-11",
        ),
        ("on Thursday", "The leaders are due to speak by phone on Thursday", "2026-03-12"),
        ("on Tuesday", "The envoys will meet again on Tuesday", "2026-03-10"),  # later today
        # "U.S." does not end the sentence that "would" opened
        (
            "on Thursday",
            "He said Putin would receive U.S. envoy Jan Novak on Thursday",
            "2026-03-12",
        ),
        ("on Friday", "Talks ended. Envoys met on Friday", "2026-03-06"),  # another sentence
        # looking back, or a future word in another clause: the last such day
        ("on Wednesday", None, "2026-03-04"),
        ("on Wednesday", "Talks broke up on Wednesday, and will resume in April", "2026-03-04"),
        ("on Monday", "Russia, which will not comment, struck Odesa on Monday", "2026-03-09"),
    ],
)
def test_a_weekday_the_wording_looks_ahead_to_is_the_coming_one(text, context, expected):
    assert resolve_time(text, "2026-03-10", context) == (D(expected), D(expected))


def test_over_the_previous_day_is_the_day_before_the_story_and_its_night():
    assert resolve_time("over the previous day", "2026-03-11") == (D("2026-03-10"), D("2026-03-11"))


def test_story_dates_are_read_in_kyiv_time():
    # 23:30 UTC on the 17th is already the 18th in Kyiv
    assert resolve_time(None, "2026-02-17T23:30:00Z") == (D("2026-02-18"), D("2026-02-18"))
    assert resolve_time("overnight", datetime(2026, 2, 17, 23, 30, tzinfo=UTC)) == (
        D("2026-02-17"),
        D("2026-02-18"),
    )


def test_undated_story():
    assert resolve_time("on Monday", None) is None
    assert resolve_time("17 February 2026", None) == (D("2026-02-17"), D("2026-02-17"))
    assert resolve_time("in 2023", None) == (D("2023-01-01"), D("2023-12-31"))


@pytest.mark.parametrize(
    ("text", "delta"),
    [
        ("72h", timedelta(hours=72)),
        ("3d", timedelta(days=3)),
        ("90m", timedelta(minutes=90)),
        ("1w", timedelta(weeks=1)),
    ],
)
def test_parse_since(text, delta):
    assert parse_since(text) == delta


@pytest.mark.parametrize("text", ["", "72", "h", "-3h", "0h", "3y", "three days"])
def test_parse_since_rejects(text):
    with pytest.raises(ConfigError, match="--since"):
        parse_since(text)


def test_briefing_window_runs_from_since_before_the_day_to_its_end():
    start, end = briefing_window(D("2026-03-12"), timedelta(hours=72))
    assert start.isoformat() == "2026-03-09T00:00:00+02:00"
    assert end.isoformat() == "2026-03-13T00:00:00+02:00"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("spring of 2022", ("2022-03-01", "2022-05-31")),
        ("in the spring of 2022", ("2022-03-01", "2022-05-31")),
        ("autumn 2023", ("2023-09-01", "2023-11-30")),
        ("winter of 2022", ("2022-12-01", "2023-02-28")),
        ("in February 2023", ("2023-02-01", "2023-02-28")),
        ("in 2022", ("2022-01-01", "2022-12-31")),
        ("since the spring of 2022", ("2022-03-01", "2026-03-10")),
    ],
)
def test_resolve_time_reads_seasons_months_and_years(text, expected):
    assert resolve_time(text, "2026-03-10") == (D(expected[0]), D(expected[1]))


def test_past_period_finds_an_explicit_earlier_period_only():
    from briefer.dates import past_period

    text = "In the spring of 2022, talks at the palace produced a draft that fell apart."
    assert past_period(text, 2026) == "spring of 2022"
    assert past_period("The February 2023 round ended.", 2026) is None  # no "in"
    assert past_period("Talks collapsed in February 2023.", 2026) == "february 2023"
    assert past_period("The town has been hit repeatedly since 2022.", 2026) is None
    assert past_period("the 2022 talks", 2026) is None
    assert past_period("Talks resumed in 2026.", 2026) is None  # not before the window's year
    assert past_period(None, 2026) is None


@pytest.mark.parametrize(
    ("window", "story", "expected"),
    [
        (("2025-07-09", "2025-07-10"), "2025-07-09", ("2025-07-08", "2025-07-09")),
        (("2025-07-08", "2025-07-09"), "2025-07-09", ("2025-07-08", "2025-07-09")),
        (("2025-07-11", "2025-07-11"), "2025-07-09", ("2025-07-09", "2025-07-09")),
    ],
)
def test_an_attack_is_never_dated_after_its_story(window, story, expected):
    from briefer.merge.items import not_after

    assert not_after((D(window[0]), D(window[1])), D(story)) == (D(expected[0]), D(expected[1]))


def test_an_item_still_to_come_reads_its_weekday_ahead():
    # "officials planned to meet in Abu Dhabi for another round of talks on Sunday": the
    # future word stands too far from the weekday, but a next round is still to come
    assert resolve_time("Sunday", "2026-01-31") == (D("2026-01-25"), D("2026-01-25"))
    assert resolve_time("Sunday", "2026-01-31", ahead=True) == (D("2026-02-01"), D("2026-02-01"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("this week", ("2025-08-28", "2025-08-31")),
        ("this month", ("2025-08-28", "2025-08-31")),
        ("this year", ("2025-08-28", "2025-12-31")),
    ],
)
def test_a_running_period_of_what_is_still_to_come_is_its_rest(text, expected):
    # "Witkoff plans to meet Ukrainian representatives in New York this week", told on a
    # Thursday: Thursday to Sunday, not Monday to Thursday, a meeting already past
    assert resolve_time(text, "2025-08-28", ahead=True) == (D(expected[0]), D(expected[1]))
    assert resolve_time(text, "2025-08-28")[1] == D("2025-08-28")  # told of the past


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


@pytest.mark.parametrize(
    "sentence, past",
    [
        ("Late on Wednesday evening, the president finalized the team of negotiators.", True),
        ("The delegations met in Valmont on Friday.", True),
        ("The delegations meet again on Wednesday in Valmont.", False),
        ("The sides will meet on Friday.", False),
        ("The next round was set for Monday.", False),  # "next": still ahead
    ],
)
def test_a_sentence_tells_its_news_as_done_by_its_verbs(sentence, past):
    from briefer.dates import told_as_past

    assert told_as_past(sentence) is past
