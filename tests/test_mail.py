"""The briefing as an e-mail message: HTML rendering, subject, headers (no server here;
sending is proven against a real SMTP server in test_deliver.py)."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re

from briefer.mail import briefing_date, build_message, markdown_to_html, subject_for, top_key_point

BRIEFING = """\
# Morning briefing — 2026-03-12
Window 2026-03-09 to 2026-03-12 · 4 articles · 9 items

## Key points
- **Talks resume in Istanbul** for a second day as envoys discuss a prisoner exchange and a partial ceasefire on energy sites [1][2]
- Overnight drone attack on Odesa port <script>alert("x")</script> [3]

## Talks
- Delegations met for six hours, according to [the ministry](https://example.org/ministry) [1]
- A link that must not work: [click](javascript:alert(1)) [2]

## Sources
1. Talks resume — Harbor Post, 2026-03-11. https://example.org/harbor/talks-day-two
2. Envoys meet — Daily Wire Service, 2026-03-11. https://example.org/dws/envoys
3. Port struck — Coast Times, 2026-03-12. https://example.org/coast/port
"""


def test_html_escapes_article_text_and_keeps_structure():
    page = markdown_to_html(BRIEFING, title="Morning briefing 2026-03-12")
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page and "</html>" in page
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert 'href="javascript' not in page
    assert '<a href="https://example.org/ministry"' in page


def test_html_carries_inline_styles_that_mail_clients_keep():
    page = markdown_to_html(BRIEFING)
    assert "<style" not in page  # clients drop style blocks; everything is inline
    for tag in ("h1", "h2", "ul", "ol", "li", "a"):
        assert re.search(rf'<{tag}[^>]* style="[^"]+"', page), tag
    assert re.search(r'<p style="[^"]+"', page)  # the window line


def test_bare_source_urls_become_links():
    page = markdown_to_html(BRIEFING)
    assert '<a href="https://example.org/harbor/talks-day-two" style=' in page
    # the trailing full stop of a sentence is not part of the link
    page = markdown_to_html("See https://example.org/a/b.")
    assert 'href="https://example.org/a/b"' in page and "</a>." in page


def test_subject_has_date_and_trimmed_top_point_without_citations():
    point = top_key_point(BRIEFING)
    assert point.startswith("**Talks resume in Istanbul**")
    subject = subject_for(dt.date(2026, 3, 12), point)
    assert subject.startswith(
        "Morning briefing 2026-03-12: Talks resume in Istanbul for a second day"
    )
    assert "[1]" not in subject and "**" not in subject
    assert len(subject) <= len("Morning briefing 2026-03-12: ") + 80
    assert subject.endswith("…")
    assert (
        subject_for("2026-03-12", "Short point [4][5]")
        == "Morning briefing 2026-03-12: Short point"
    )
    assert subject_for("2026-03-12", None) == "Morning briefing 2026-03-12"


def test_briefing_date_and_key_point_from_markdown():
    assert briefing_date(BRIEFING) == dt.date(2026, 3, 12)
    assert briefing_date("no title\n") is None
    assert (
        top_key_point("# Morning briefing — 2026-03-12\n## Key points\n\n## Talks\n- x [1]\n")
        is None
    )


def test_message_is_multipart_alternative_with_headers():
    msg = build_message(
        BRIEFING,
        date=dt.date(2026, 3, 12),
        subject_point=None,
        sender="Briefer <briefer@desk.example.org>",
        recipients=["ana@example.org", "ben@example.org"],
    )
    parsed = email.message_from_bytes(msg.as_bytes(), policy=email.policy.default)
    assert parsed.get_content_type() == "multipart/alternative"
    assert parsed["Subject"].startswith("Morning briefing 2026-03-12: Talks resume in Istanbul")
    assert parsed["To"] == "ana@example.org, ben@example.org"
    assert re.fullmatch(r"<[^@>]+@desk\.example\.org>", parsed["Message-ID"])
    assert email.utils.parsedate_to_datetime(parsed["Date"]) is not None
    assert parsed["Auto-Submitted"] == "auto-generated"
    plain = parsed.get_body(("plain",)).get_content()
    html_part = parsed.get_body(("html",)).get_content()
    assert plain.strip() == BRIEFING.strip()
    assert "&lt;script&gt;" in html_part and "<script>" not in html_part


def test_explicit_subject_point_wins():
    msg = build_message(
        BRIEFING,
        date="2026-03-12",
        subject_point="Ceasefire holds [1]",
        sender="b@example.org",
        recipients=["a@example.org"],
    )
    assert msg["Subject"] == "Morning briefing 2026-03-12: Ceasefire holds"
