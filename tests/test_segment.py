"""Boilerplate removal and listing-page splitting, on texts written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefer.data import Document
from briefer.ingest import read_file
from briefer.segment import (
    date_from_marker,
    date_line,
    is_boilerplate,
    looks_like_headline,
    segment,
    segment_all,
    strip_boilerplate,
)

TOPIC_PAGE = Path(__file__).parent / "fixtures" / "dev4" / "wrenfield-ukraine-topic-page.txt"

ARTICLE = """Envoys end second day of lakeside talks without a deal
The chief mediator says another meeting will follow within weeks.

Delegations from both sides finished a second day of talks on Wednesday, describing the sessions as hard but useful.
The mediators have now hosted three rounds since January.
Recommended Stories
list of 3 items- list 1 of 3Conflict diary: the main events of day 900
- list 2 of 3Rockets fall as lakeside talks open
- list 3 of 3Profile: the quiet negotiator from the north
Our correspondent said Tuesday's session lasted six hours, while Wednesday's ended before lunch.
Read more: Why the border question keeps coming back
Pressure from the capital
The president said the sides were closer than before but that "gaps remain on the map".
Share
Sign up for our morning briefing newsletter
We use cookies to improve your experience on our site.
With inputs from agencies
"""

LISTING = """Lakeside peace talks
First day of lakeside talks closes with little progress
Mediators closed the first day of talks on Tuesday and said the delegations would return on Wednesday morning.
Overnight, officials said, 300 drones and 20 missiles were launched at eight regions, killing at least two people.
With inputs from Northwire
3 days ago
Regional bloc floats a ten-point plan for a truce
A regional bloc published a ten-point plan on Friday calling for a truce and talks between the two capitals.
Read more: Assembly vote leaves the invader isolated
Diplomats said the plan restated old positions and was unlikely to move either side.
2 years ago
"""

DATED_LISTING = """Home | News | Regions | Opinion | Podcasts
Lakeside talks
Every story on the lakeside peace process

Mediators extend lakeside talks by a day
By Olena Marchuk
19 February 2026 · 18:20
The mediators said on Thursday that the talks would run into a third day after progress on prisoner exchanges.
Both delegations stayed at the lakeside hotel overnight, officials said.
Share | Save

Drone strikes hit three southern towns
Feb. 19, 2026 - 6:05 am GMT
Drones struck three towns in the south overnight, damaging homes and a school, the regional governor said.
Get the Lakeside Letter
The week's talks in one e-mail, in your inbox every Friday. Enter your email address to sign up.

From the archive
First lakeside round ends without a date for the next
2023-02-16
Mediators ended the first round on Thursday without setting a date for a second meeting.

Load more stories
About us | Contact | Privacy policy
© 2026 The Lakeside Courier. All rights reserved.
"""


def doc(text: str, published: str | None = "2026-02-20", title: str | None = None) -> Document:
    return Document(
        id="d" * 16,
        source="test.txt",
        text=text,
        title=title,
        published=published,
        date_basis="flag",
    )


def test_article_loses_its_furniture_and_keeps_its_prose():
    [story] = segment(doc(ARTICLE, published="2026-02-18"))
    for phrase in (
        "Recommended",
        "list 1 of 3",
        "list of 3 items",
        "Rockets fall",
        "Profile:",
        "Read more",
        "Share",
        "newsletter",
        "cookies",
        "With inputs",
    ):
        assert phrase not in story.text, phrase
    assert story.text.startswith("Envoys end second day of lakeside talks without a deal\n")
    assert "Our correspondent said Tuesday's session lasted six hours" in story.text
    assert "Pressure from the capital" in story.text  # a subheading is not furniture
    assert story.title == "Envoys end second day of lakeside talks without a deal"
    assert (story.published, story.date_basis, story.age_marker) == ("2026-02-18", "document", None)


def test_listing_page_splits_into_dated_stories():
    first, second = segment(doc(LISTING))
    assert first.title == "First day of lakeside talks closes with little progress"
    assert first.text.startswith("First day of lakeside talks")  # the topic label is not glued on
    assert "Lakeside peace talks" not in first.text
    assert (first.published, first.date_basis, first.age_marker) == (
        "2026-02-17",
        "age-marker",
        "3 days ago",
    )
    assert second.title == "Regional bloc floats a ten-point plan for a truce"
    assert (second.published, second.age_marker) == ("2024-02-20", "2 years ago")
    for story in (first, second):
        assert "ago" not in story.text
        assert "Read more" not in story.text and "With inputs" not in story.text
    assert [s.index for s in (first, second)] == [0, 1]


def test_story_ids_are_stable_and_distinct():
    once = segment(doc(LISTING))
    again = segment(doc(LISTING))
    assert [s.id for s in once] == [s.id for s in again]
    assert len({s.id for s in once}) == 2
    assert all(s.document_id == "d" * 16 for s in once)


def test_undated_listing_keeps_markers_but_no_dates():
    stories = segment(doc(LISTING, published=None))
    assert [(s.published, s.date_basis, s.age_marker) for s in stories] == [
        (None, "unknown", "3 days ago"),
        (None, "unknown", "2 years ago"),
    ]


def test_text_after_the_last_marker_is_a_story_with_the_page_date():
    text = (
        LISTING
        + "Late update on talks schedule\nThe mediators said a third day of talks had been added for Thursday.\n"
    )
    stories = segment(doc(text))
    assert len(stories) == 3
    assert (stories[2].published, stories[2].date_basis) == ("2026-02-20", "document")


def test_a_leading_dateline_marker_dates_the_article():
    text = "Rail depot burns after drone raid\n5 hours ago\nA rail depot burned for hours after a drone raid, the governor said on Friday.\n"
    [story] = segment(doc(text, published="2026-02-20T03:00"))
    assert story.title == "Rail depot burns after drone raid"
    assert (story.published, story.age_marker) == ("2026-02-19", "5 hours ago")
    assert "Rail depot burns" in story.text and "governor said" in story.text


@pytest.mark.parametrize(
    ("marker", "published", "expected"),
    [
        ("3 days ago", "2026-02-20", "2026-02-17"),
        ("2 years ago", "2026-02-20", "2024-02-20"),
        ("2 years ago", "2026-02-29", None),  # not a date: no anchor
        ("1 year ago", "2024-02-29", "2023-02-28"),
        ("a month ago", "2026-03-31", "2026-02-28"),
        ("13 months ago", "2026-01-15", "2024-12-15"),
        ("1 week ago", "2026-03-05", "2026-02-26"),
        ("yesterday", "2026-03-01", "2026-02-28"),
        ("Yesterday", "2026-03-01T10:00Z", "2026-02-28"),
        ("5 hours ago", "2026-03-01T03:00Z", "2026-02-28"),
        ("5 hours ago", "2026-03-01", "2026-03-01"),
        ("30 minutes ago", "2026-03-01T12:00", "2026-03-01"),
        ("Updated 2 days ago", "2026-03-01", "2026-02-27"),
        ("an hour ago", "2026-03-01T00:30+02:00", "2026-02-28"),
        ("3 days ago", None, None),
    ],
)
def test_date_from_marker(marker, published, expected):
    assert date_from_marker(marker, published) == expected


@pytest.mark.parametrize(
    "line",
    [
        "list 2 of 4Some related headline",
        "- list 4 of 4 Another one",
        "Read more: An older story",
        "READ MORE - Another older story",
        "With inputs from Reuters",
        "Sign up for our daily newsletter",
        "Subscribe",
        "We use cookies to personalise content and ads.",
        "Share on Facebook",
        "Share this article",
        "Facebook Twitter WhatsApp Copy link",
        "Advertisement",
        "© 2026 The Lakeside Courier. All rights reserved.",
        "Copyright 2026 Northwire",
        "The week's talks in one e-mail, in your inbox every Friday.",
        "Enter your email address to sign up. You can unsubscribe at any time.",
        "Grid operator warns of outages in three regions - Energy Minister11.03.26, 09:12 • 2210 views",
        "Smoke rises over the port after a drone strike in Valmont, March 2, 2026. JANE ROWE / "
        "NORTHWIRE",
        "Rescuers work at the site of a strike in Valmont. NORTHWIRE/Jane Rowe",
    ],
)
def test_furniture_lines(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "The minister said the sides would share a draft text by Friday.",
        "Russia said it would sign up to the monitoring mission if it were neutral.",
        "Officials read more than 40 names at the ceremony.",
        "Ukraine's foreign ministry said it had received no invitation.",
        "Pressure from the capital",
        "Copyright lawyers said the ruling of 2024 would stand.",
        "The video, posted on 11.03.26 at 09:12, had 2,210 views by noon, the ministry said.",
        "The strike hit offices shared by NATO/EU missions, officials said.",
        "The ministers met to prepare the EU / NATO summit",
        "Delegations from the US/UK and France arrived in Valmont",
    ],
)
def test_prose_is_not_furniture(line):
    assert not is_boilerplate(line)


def test_related_block_without_list_markers_stops_at_prose():
    text = (
        "Talks stall again\nThe delegations left without a date for the next meeting, officials said.\n"
        "Related stories\nWinter on the front line\nWhat the deal could look like\n\n"
        "Mediators were expected to travel to both capitals next week, one diplomat said.\n"
    )
    [story] = segment(doc(text))
    assert "Winter on the front line" not in story.text and "Related stories" not in story.text
    assert "Mediators were expected" in story.text


def test_document_title_is_used_for_single_stories_and_empty_documents_yield_nothing():
    [story] = segment(
        doc("Body text about the talks and the attacks, in one line.", title="Given title")
    )
    assert story.title == "Given title"
    assert segment(doc("Advertisement\nShare\n")) == []
    assert len(segment_all([doc(LISTING), doc(ARTICLE)])) == 3


def test_a_related_block_ended_by_a_blank_line_is_removed_to_its_last_headline():
    lines = [
        "The strikes hit the city overnight, the regional governor said on Telegram.",
        "Related:",
        "Talks in the capital: what each side wants",
        "Air defence shortages, explained",
        "Pictures: a night in the shelters",
        "",
        "Power was restored to most homes by the morning, the grid operator said.",
    ]
    kept = strip_boilerplate(lines)
    assert not any("Pictures" in line or "explained" in line for line in kept)
    assert kept[0].startswith("The strikes") and kept[-1].startswith("Power was restored")


def test_a_subheading_right_above_its_prose_is_kept():
    lines = [
        "Related:",
        "Talks in the capital: what each side wants",
        "Pressure from Washington",
        "The US envoy urged both sides to agree a ceasefire before the summer, officials said.",
    ]
    assert "Pressure from Washington" in strip_boilerplate(lines)


def test_a_page_of_headlines_with_date_lines_under_them_splits_into_dated_stories():
    stories = segment(doc(DATED_LISTING))
    assert [(s.title, s.published, s.date_basis, s.age_marker) for s in stories] == [
        ("Mediators extend lakeside talks by a day", "2026-02-19", "dateline", None),
        ("Drone strikes hit three southern towns", "2026-02-19", "dateline", None),
        ("First lakeside round ends without a date for the next", "2023-02-16", "dateline", None),
    ]
    first, second, third = stories
    assert first.text.startswith("Mediators extend lakeside talks by a day\nBy Olena Marchuk\n")
    assert first.text.endswith("officials said.")
    assert second.text.endswith("the regional governor said.")
    assert third.text.startswith("First lakeside round")
    for story in stories:
        for furniture in (
            "Home |",
            "Lakeside talks\n",
            "Every story",
            "2026 ·",
            "GMT",
            "2023-02-16",
            "Share",
            "Lakeside Letter",
            "inbox",
            "From the archive",
            "Load more",
            "About us",
            "All rights reserved",
        ):
            assert furniture not in story.text, (story.index, furniture)
    assert [s.index for s in stories] == [0, 1, 2]
    assert len({s.id for s in stories}) == 3


def test_the_topic_page_fixture_is_three_stories_each_with_its_own_date():
    [document] = read_file(TOPIC_PAGE, warn=lambda message: None)
    stories = segment(document)
    assert [(s.title, s.published, s.date_basis) for s in stories] == [
        (
            "Norway sets aside 3.2 billion kroner to keep Ukraine's lights on",
            "2026-10-13",
            "dateline",
        ),
        ("Drone hits city bus in Kherson, killing driver", "2026-10-13", "dateline"),
        ("Missile strike on Kupiansk cafe kills nine", "2023-10-12", "dateline"),
    ]
    assert stories[0].text.startswith("Norway sets aside")
    assert stories[2].text.endswith('it needs it now, not in spring".')
    for story in stories:
        for furniture in (
            "Skip to main content",
            "Podcasts",
            "cookies",
            "All our coverage",
            "October 2026 ·",
            "Share | Save",
            "Most read",
            "pensioners of Kharkiv",
            "Morning Note",
            "inbox",
            "From the archive",
            "Load more",
            "Privacy policy",
            "All rights reserved",
        ):
            assert furniture not in story.text, (story.index, furniture)


@pytest.mark.parametrize(
    "line",
    [
        "13 October 2026",
        "13 Oct 2026",
        "13th of October 2026",
        "October 13, 2026",
        "Oct. 13, 2026",
        "Oct 13 2026",
        "2026-10-13",
        "13.10.2026",
        "13 October 2026 · 18:20",
        "13 October 2026 | 18:20",
        "October 13, 2026, 6:20 pm",
        "Oct. 13, 2026 - 18:20 GMT",
        "13 October 2026 at 18:20 EEST",
        "2026-10-13 18:20",
        "13.10.2026 18:20 UTC+3",
        "Tuesday, 13 October 2026",
        "Published 13 October 2026",
        "Published: 13 Oct 2026 · 18:20",
        "Updated: October 13, 2026",
        "Posted on 2026-10-13",
        "  13 October 2026.  ",
    ],
)
def test_date_lines_in_common_shapes_are_read(line):
    assert date_line(line) == "2026-10-13"
    assert not looks_like_headline(line)


@pytest.mark.parametrize(
    "line",
    [
        "Talks resumed on 13 October 2026.",
        "On October 13, 2026, a drone hit a bus in Kherson",
        "13 October 2026: talks resume by the lake",
        "Published 13 October 2026 in the Courier's print edition",
        "Kyiv, 13 October 2026",
        "13 October",
        "October 2026",
        "2026",
        "31 June 2026",
        "10.13.2026",
        "13 October 2026 18:20 today",
        "3 days ago",
    ],
)
def test_lines_that_only_mention_a_date_are_not_date_lines(line):
    assert date_line(line) is None


ARTICLE_UNDER_DATE = """Mediators extend lakeside talks by a day
19 February 2026 · 18:20
The mediators said on Thursday that the talks would run into a third day after progress on prisoner exchanges.
Both delegations stayed at the lakeside hotel overnight, officials said.
"""


def test_an_article_with_a_date_line_under_its_title_stays_one_story():
    [story] = segment(doc(ARTICLE_UNDER_DATE, published="2026-02-20T07:00"))
    assert story.title == "Mediators extend lakeside talks by a day"
    assert (story.published, story.date_basis) == (
        "2026-02-20T07:00",
        "document",
    )  # the header wins
    assert story.text.startswith("Mediators extend lakeside talks by a day\nThe mediators said")
    assert "18:20" not in story.text


def test_an_undated_article_takes_the_date_line_under_its_title():
    [story] = segment(doc(ARTICLE_UNDER_DATE, published=None))
    assert (story.published, story.date_basis, story.age_marker) == ("2026-02-19", "dateline", None)
    assert "18:20" not in story.text


def test_a_date_line_after_the_prose_leaves_the_article_as_it_was():
    text = (
        ARTICLE_UNDER_DATE.replace("19 February 2026 · 18:20\n", "")
        + "Published 19 February 2026\n"
    )
    [story] = segment(doc(text))
    assert (story.published, story.date_basis) == ("2026-02-20", "document")
    assert story.text.endswith("officials said.\nPublished 19 February 2026")


def test_the_kind_of_marker_on_more_lines_decides_how_a_page_splits():
    both = LISTING.replace("progress\n", "progress\n17 February 2026\n").replace(
        "truce\n", "truce\n20 February 2024\n"
    )
    stories = segment(doc(both))  # two of each: the age markers keep the page
    assert [(s.title, s.published, s.age_marker) for s in stories] == [
        ("First day of lakeside talks closes with little progress", "2026-02-17", "3 days ago"),
        ("Regional bloc floats a ten-point plan for a truce", "2024-02-20", "2 years ago"),
    ]
    one_marker = DATED_LISTING.replace("2023-02-16\n", "2023-02-16\n3 years ago\n")
    assert [s.published for s in segment(doc(one_marker))] == [
        "2026-02-19",
        "2026-02-19",
        "2023-02-16",
    ]


def test_a_related_block_with_dated_items_is_removed_whole():
    lines = [
        "The strikes hit the city overnight, the regional governor said on Telegram.",
        "Related stories",
        "Talks in the capital: what each side wants",
        "18 February 2026",
        "Air defence shortages, explained",
        "17 February 2026",
        "",
        "Power was restored to most homes by the morning, the grid operator said.",
    ]
    assert [line for line in strip_boilerplate(lines) if line] == [lines[0], lines[-1]]


CARDS = """\
Strikes overnight
Russia launched 90 drones at Dnipro overnight into Friday, the air force said.
The mayor said two people were hurt.
3don Northwire
Officials said a record 400 drones were launched overnight, the most in the war.
5h on Harbor Post
Envoys said the talks would resume next week.
"""


def test_a_search_listings_card_headers_date_the_cards_they_head():
    """ "3don Northwire" heads the card it dates (a Bing News listing): what stands before
    the first header is the listing's newest, of the page's date."""
    newest, old, recent = segment(doc(CARDS, published="2026-02-20"))
    assert "90 drones" in newest.text and (newest.published, newest.date_basis) == (
        "2026-02-20",
        "document",
    )
    assert "400 drones" in old.text and (old.published, old.age_marker) == (
        "2026-02-17",
        "3 days ago",
    )
    assert recent.published == "2026-02-20" and "Northwire" not in old.text + recent.text


def test_a_later_card_without_a_headline_is_not_titled_by_the_page():
    from briefer.data import story_title

    page = doc(CARDS, published="2026-02-20", title="Strikes overnight")
    newest, old, _ = segment(page)
    assert story_title(newest, page) == "Strikes overnight"
    assert story_title(old, page) is None  # told by what it says, not the page's title
