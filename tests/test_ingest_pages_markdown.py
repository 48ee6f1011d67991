"""A page's stated publication time, read from its markup to the minute, and Markdown topic
pages: "## Headline" lines and "*date*" lines under them split the page into dated stories.

Every page and line here is written for these tests.
"""

from __future__ import annotations

import briefer.segment as segmenting
from briefer.ingest import html as page_html
from briefer.ingest import read_file

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Drones strike Izmail grain terminal | Riverside Bulletin</title>
  <meta property="og:site_name" content="Riverside Bulletin">
  {meta}
</head>
<body>
  <main>
    <article>
      <h1>Drones strike Izmail grain terminal</h1>
      <p>Russian drones struck a grain terminal in the Danube port of Izmail overnight, the regional governor said on Wednesday morning.</p>
      <p>Two dock workers were lightly injured and firefighters put out the blaze before dawn, according to local emergency services.</p>
      <p>The port has been hit again and again since the grain corridor reopened, and shipping firms say insurance costs keep rising.</p>
    </article>
  </main>
</body>
</html>
"""


def head(markup: str) -> str:
    return f"<html><head>{markup}</head><body><p>Text.</p></body></html>"


# stated publication time


def test_meta_published_time_is_read_to_the_minute_with_its_offset():
    """Outlets state the minute and the zone; a Kyiv page at 00:30 is the day before in UTC."""
    html = head('<meta property="article:published_time" content="2026-12-08T09:40:00+02:00">')
    assert page_html.stated_published(html) == "2026-12-08T09:40+02:00"


def test_json_ld_date_published_is_read():
    """Many pages give their date only in JSON-LD."""
    html = head(
        '<script type="application/ld+json">'
        '{"@context": "https://schema.org", "@type": "NewsArticle", '
        '"headline": "Talks resume", "datePublished": "2026-11-20T14:05:00+01:00"}'
        "</script>"
    )
    assert page_html.stated_published(html) == "2026-11-20T14:05+01:00"


def test_the_articles_time_element_is_read():
    """With no meta tag, the article's own <time datetime> dates it."""
    html = (
        "<html><body><article><h1>Talks resume</h1>"
        '<time datetime="2026-11-21T06:50:00Z">21 November</time>'
        "<p>Envoys met again.</p></article></body></html>"
    )
    assert page_html.stated_published(html) == "2026-11-21T06:50Z"


def test_a_page_that_states_no_date_has_none():
    html = head("<title>No date here</title>") + "<time>yesterday</time>"
    assert page_html.stated_published(html) is None


def test_an_html_file_dated_after_the_machines_clock_keeps_its_date(tmp_path):
    """trafilatura refuses dates later than today; a page's own stated date is kept."""
    path = tmp_path / "izmail.html"
    meta = '<meta property="article:published_time" content="2030-01-02T06:15:00+02:00">'
    path.write_text(PAGE.replace("{meta}", meta), encoding="utf-8")
    [document] = read_file(path, warn=lambda message: None)
    assert document.published == "2030-01-02T06:15+02:00"


# Markdown topic pages

TOPIC = """# Ukraine war: latest

All our reporting on the war, newest first.

## Drones damage grain terminal in Izmail

*14 November 2026, 07:20*

Russian drones damaged a grain terminal in the Danube port of Izmail overnight, the regional governor said on Saturday morning.

Two dock workers were lightly injured and a fire was put out by dawn, he added.

## Sweden pledges winter generators for Kharkiv

*13 November 2026, 16:05*

Sweden will send 40 industrial generators to Kharkiv before the coldest weeks of winter, its development minister said on Friday.

The equipment is meant to keep hospitals and water pumps running during blackouts, she said.

## Shelling kills three in Nikopol market

*12 November 2024, 11:30*

Russian artillery shelled a covered market in Nikopol on Tuesday, killing three people and wounding nine, local officials said.

The town lies across the reservoir from the occupied nuclear plant.
"""


def test_an_emphasised_date_line_is_a_date_line():
    """Markdown pages set the date under a headline in italics."""
    assert segmenting.date_line("*9 December 2026, 08:45*") == "2026-12-09"


def test_plain_drops_markdown_heading_marks():
    assert segmenting.plain("## Headline here") == "Headline here"


def test_a_markdown_topic_page_splits_into_dated_stories_with_clean_titles(tmp_path):
    """ "## Headline" and "*date*" pairs are stories, an old one keeping its own year."""
    path = tmp_path / "topic.md"
    path.write_text(TOPIC, encoding="utf-8")
    [document] = read_file(path, warn=lambda message: None)
    stories = segmenting.segment(document)
    assert [(s.title, s.published, s.date_basis) for s in stories] == [
        ("Drones damage grain terminal in Izmail", "2026-11-14", "dateline"),
        ("Sweden pledges winter generators for Kharkiv", "2026-11-13", "dateline"),
        ("Shelling kills three in Nikopol market", "2024-11-12", "dateline"),
    ]


# the outlet of a page that names no site


def test_a_page_naming_no_site_takes_its_outlet_from_the_title_after_the_headline():
    """No og:site_name: trafilatura's site name is then the headline itself (or the host
    name), and the headline stood as the outlet in Sources and as the speaker of the page's
    own voice (invented dev7: "2 killed (… and In Doha)"). The <title>'s part after the
    headline is the outlet; a title that is all headline gives none."""
    bare = PAGE.replace('  <meta property="og:site_name" content="Riverside Bulletin">\n', "")
    page = page_html.extract_page(bare.format(meta=""))
    assert page.sitename == "Riverside Bulletin"
    dashed = bare.replace("| Riverside Bulletin", "- Riverside Bulletin")
    assert page_html.extract_page(dashed.format(meta="")).sitename == "Riverside Bulletin"
    alone = bare.replace(" | Riverside Bulletin", "")
    assert page_html.extract_page(alone.format(meta="")).sitename != (
        "Drones strike Izmail grain terminal"
    )
    named = page_html.extract_page(PAGE.format(meta=""))
    assert named.sitename == "Riverside Bulletin"
