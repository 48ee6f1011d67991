"""Reading files, directories, globs, stdin and records into Documents."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from briefer.errors import ConfigError, InputError
from briefer.ingest import IngestStats, parse_date, read_inputs
from briefer.ingest.records import split_text_header

WEB = Path(__file__).parent / "fixtures" / "web"
BODY = "Negotiators met again on Tuesday in the lakeside city, officials said.\nA second session is planned.\n"


def read(inputs, **kwargs):
    warnings: list[str] = []
    stats = IngestStats()
    documents = read_inputs([str(i) for i in inputs], warn=warnings.append, stats=stats, **kwargs)
    return documents, warnings, stats


@pytest.mark.parametrize(
    ("name", "head"),
    [
        (
            "header.txt",
            "Title: Analysis: what the map means\nSource: Ledger Review\n"
            "URL: https://gazette.example/a\nPublished: 2026-03-11T08:15\n\n",
        ),
        (
            "front-matter.md",
            '---\ntitle: "Analysis: what the map means"\nsource: Ledger Review\n'
            "url: https://gazette.example/a\npublished: 2026-03-11T08:15\ntags: [war]\n---\n\n",
        ),
    ],
)
def test_header_block_and_front_matter_are_metadata_not_text(tmp_path, name, head):
    path = tmp_path / name
    path.write_text(head + BODY, encoding="utf-8")
    [document], warnings, _ = read([path])
    assert warnings == []
    assert (document.title, document.outlet, document.url) == (
        "Analysis: what the map means",
        "Ledger Review",
        "https://gazette.example/a",
    )
    assert (document.published, document.date_basis) == ("2026-03-11T08:15", "header")
    assert document.text == BODY.strip()


def test_header_block_ended_by_a_dash_line(tmp_path):
    meta, body = split_text_header(
        "Title: X marks the spot\nPublished: 11 March 2026\n---\nBody line here."
    )
    assert (meta.title, meta.published, body) == (
        "X marks the spot",
        "2026-03-11",
        "Body line here.",
    )


def test_text_without_header_takes_title_from_a_headline_first_line(tmp_path):
    path = tmp_path / "c.txt"
    path.write_text("Ceasefire talks stall over monitors\n" + BODY, encoding="utf-8")
    [document], warnings, stats = read([path])
    assert document.title == "Ceasefire talks stall over monitors"
    assert document.published is None and document.date_basis == "unknown"
    assert len(warnings) == 1
    assert warnings[0].startswith(f"{path}: no publication date")
    assert "--published c.txt=YYYY-MM-DD" in warnings[0]
    assert stats.undated == 1


def test_published_flag_forms(tmp_path):
    first, second, dated = tmp_path / "one.txt", tmp_path / "two.txt", tmp_path / "three.txt"
    first.write_text("First story about talks\n" + BODY, encoding="utf-8")
    second.write_text(
        "Second story about strikes\nMissiles hit a depot overnight, the governor said.\n",
        encoding="utf-8",
    )
    dated.write_text(
        "Published: 2026-03-01\n\nThird story, dated in its header, about the border.\n",
        encoding="utf-8",
    )
    documents, warnings, _ = read(
        [first, second, dated], published=["2026-03-12", "two.txt=2026-03-05T06:00"]
    )
    assert warnings == []
    assert [(d.published, d.date_basis) for d in documents] == [
        ("2026-03-12", "flag"),
        ("2026-03-05T06:00", "flag"),
        ("2026-03-01", "header"),  # a plain date only fills what is undated
    ]
    documents, _, _ = read([dated], published=[f"{dated}=2026-02-02"])
    assert documents[0].published == "2026-02-02"  # NAME=DATE wins over the header


def test_published_flag_for_an_unknown_name_warns(tmp_path):
    path = tmp_path / "one.txt"
    path.write_text("Published: 2026-03-01\n\n" + BODY, encoding="utf-8")
    _, warnings, _ = read([path], published=["other.txt=2026-03-02"])
    assert warnings == ["--published other.txt=...: no input is named 'other.txt'"]


@pytest.mark.parametrize(
    "value", ["yesterday", "2026-13-01", "a.txt=", "=2026-01-01", "2026/03/01"]
)
def test_malformed_published_flag_is_a_config_error(tmp_path, value):
    with pytest.raises(ConfigError, match="--published"):
        read([], published=[value])


def test_two_plain_published_dates_conflict():
    with pytest.raises(ConfigError, match="two dates"):
        read([], published=["2026-03-01", "2026-03-02"])


def test_sidecar_json_and_meta_lines(tmp_path):
    raw = tmp_path / "raw.txt"
    raw.write_text("Talks end without a deal\n" + BODY, encoding="utf-8")
    (tmp_path / "raw.txt.meta.json").write_text(
        json.dumps(
            {
                "title": "Talks end without a deal",
                "outlet": "Wire",
                "url": "https://wire.example/1",
                "published": "2026-02-18",
            }
        ),
        encoding="utf-8",
    )
    other = tmp_path / "other.txt"
    other.write_text("A listing page\n" + BODY.replace("Tuesday", "Monday"), encoding="utf-8")
    (tmp_path / "other.txt.meta").write_text(
        "Source: Topic Pages\nPublished: 2026-02-20\n", encoding="utf-8"
    )
    documents, warnings, stats = read([tmp_path])
    assert warnings == []
    assert stats.files == 2  # sidecars are not inputs themselves
    by_name = {Path(d.source).name: d for d in documents}
    assert (
        by_name["raw.txt"].outlet == "Wire" and by_name["raw.txt"].url == "https://wire.example/1"
    )
    assert (by_name["raw.txt"].published, by_name["raw.txt"].date_basis) == (
        "2026-02-18",
        "sidecar",
    )
    assert (by_name["other.txt"].outlet, by_name["other.txt"].published) == (
        "Topic Pages",
        "2026-02-20",
    )


def test_json_object_list_and_aliases(tmp_path):
    path = tmp_path / "items.json"
    path.write_text(
        json.dumps(
            [
                {
                    "headline": "One",
                    "content": "Text of the first record, long enough.",
                    "link": "https://a.example/1",
                    "outlet": "A",
                    "date": "2026-03-11",
                },
                {
                    "title": "Two",
                    "body": "Text of the second record.",
                    "source": {"name": "NewsAPI Outlet"},
                    "publishedAt": "2026-03-10T21:00:00Z",
                },
                {"title": "No text at all"},
            ]
        ),
        encoding="utf-8",
    )
    documents, warnings, _ = read([path])
    assert [(d.title, d.outlet, d.url, d.published) for d in documents] == [
        ("One", "A", "https://a.example/1", "2026-03-11"),
        ("Two", "NewsAPI Outlet", None, "2026-03-10T21:00Z"),
    ]
    assert documents[0].source == f"{path}#1"
    assert warnings == [f"{path}#3: record has no text; skipped"]


def test_jsonl_records_and_a_bad_line(tmp_path):
    path = tmp_path / "scraped.jsonl"
    lines = [
        json.dumps(
            {
                "title": "A",
                "text": "First scraped article text.",
                "url": "https://s.example/a",
                "source": "S",
                "published": 1773216000,
            }
        ),
        "{not json",
        json.dumps(
            {
                "title": "B",
                "text": "Second scraped article text.",
                "site": "S2",
                "pubDate": "Wed, 11 Mar 2026 08:00:00 GMT",
            }
        ),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    documents, warnings, _ = read([path])
    assert [(d.title, d.outlet, d.published) for d in documents] == [
        ("A", "S", "2026-03-11T08:00Z"),
        ("B", "S2", "2026-03-11T08:00Z"),
    ]
    assert len(warnings) == 1 and warnings[0].startswith(f"{path}, line 2: not valid JSON")


def test_json_lines_saved_as_json_are_records(tmp_path):
    path = tmp_path / "scraped.json"
    path.write_text(
        "\n".join(
            json.dumps({"title": t, "text": f"{t} text body.", "published": "2026-03-11"})
            for t in ("P", "Q")
        ),
        encoding="utf-8",
    )
    documents, warnings, _ = read([path])
    assert [(d.title, d.source) for d in documents] == [("P", f"{path}#1"), ("Q", f"{path}#2")]
    assert warnings == []


def test_json_file_that_does_not_parse_is_an_input_error(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"title": "x", ', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.json: not valid JSON"):
        read([path])


def test_stdin_text_and_jsonl(monkeypatch):
    monkeypatch.setattr(
        "sys.stdin",
        io.TextIOWrapper(
            io.BytesIO(("Title: From a pipe\nPublished: 2026-03-11\n\n" + BODY).encode())
        ),
    )
    [document], warnings, _ = read(["-"])
    assert (document.source, document.title, document.published) == (
        "<stdin>",
        "From a pipe",
        "2026-03-11",
    )
    records = "\n".join(
        json.dumps({"title": t, "text": f"{t} text body.", "published": "2026-03-11"})
        for t in ("P", "Q")
    )
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(records.encode())))
    documents, _, _ = read(["-"])
    assert [d.title for d in documents] == ["P", "Q"]
    # JSON Lines on stdin: a bad line is warned about, not fatal (no file name says .jsonl)
    monkeypatch.setattr(
        "sys.stdin", io.TextIOWrapper(io.BytesIO((records + "\n{not json\n").encode()))
    )
    documents, warnings, _ = read(["-"])
    assert [d.title for d in documents] == ["P", "Q"]
    assert len(warnings) == 1 and warnings[0].startswith("<stdin>, line 3: not valid JSON")
    monkeypatch.setattr(
        "sys.stdin",
        io.TextIOWrapper(
            io.BytesIO(json.dumps({"articles": [{"title": "R", "text": "R text."}]}).encode())
        ),
    )
    [document], _, _ = read(["-"])
    assert (document.title, document.source) == ("R", "<stdin>#1")


def test_directory_is_read_recursively_and_bad_entries_are_skipped(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("Published: 2026-03-11\n\n" + BODY, encoding="utf-8")
    (tmp_path / "sub" / "b.md").write_text(
        "Published: 2026-03-11\n\nAnother text about the front line.\n", encoding="utf-8"
    )
    (tmp_path / "sub" / "empty.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "notes.csv").write_text("ignored,file\n", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("hidden\n", encoding="utf-8")
    documents, warnings, stats = read([tmp_path])
    assert sorted(Path(d.source).name for d in documents) == ["a.txt", "b.md"]
    assert warnings == [f"{tmp_path / 'sub' / 'empty.txt'}: empty file (skipped)"]
    assert stats.skipped == 1


def test_glob(tmp_path):
    for name in ("x1.txt", "x2.txt", "y.txt"):
        (tmp_path / name).write_text(
            f"Published: 2026-03-11\n\nText of {name} about the talks.\n", encoding="utf-8"
        )
    documents, _, _ = read([str(tmp_path / "x*.txt")])
    assert [Path(d.source).name for d in documents] == ["x1.txt", "x2.txt"]
    with pytest.raises(InputError, match="no files match"):
        read([str(tmp_path / "z*.txt")])


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.txt", None, "no such file"),
        ("empty.txt", "\n\n", "empty file"),
        ("only-header.txt", "Title: Nothing below\n\n", "no text after the header"),
        ("binary.txt", b"\x00\x01\x02abc", "not a text"),
    ],
)
def test_a_named_bad_file_is_fatal_and_named(tmp_path, name, content, message):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read([path])
    assert str(caught.value).startswith(str(path))
    assert message in str(caught.value)
    assert caught.value.exit_code == 2


def test_html_file_goes_through_trafilatura(tmp_path):
    [document], warnings, _ = read([WEB / "talks-resume.html"])
    assert warnings == []
    assert (document.title, document.outlet, document.published) == (
        "Envoys resume ceasefire talks in Vienna",
        "Northern Ledger",
        "2026-03-11T07:30Z",  # the page's article:published_time, to the minute
    )
    assert "cookies" not in document.text and "Related stories" not in document.text


def test_unreadable_html_file_is_named(tmp_path):
    shutil.copy(WEB / "no-article.html", tmp_path / "menu.html")
    with pytest.raises(InputError, match=r"menu\.html: no article text found"):
        read([tmp_path / "menu.html"])
    (tmp_path / "ok.txt").write_text("Published: 2026-03-11\n\n" + BODY, encoding="utf-8")
    documents, warnings, _ = read([tmp_path])  # inside a directory: warned and skipped
    assert len(documents) == 1 and "menu.html: no article text found" in warnings[0]


def test_duplicates_by_url_then_text_keep_the_first(tmp_path):
    (tmp_path / "a.txt").write_text(
        "URL: https://x.example/story?utm_source=feed\nPublished: 2026-03-11\n\n" + BODY,
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text(
        "URL: https://www.x.example/story/\nPublished: 2026-03-11\n\nDifferent wording, same story.\n",
        encoding="utf-8",
    )
    (tmp_path / "c.txt").write_text("Published: 2026-03-11\n\n" + BODY.upper(), encoding="utf-8")
    documents, warnings, stats = read([tmp_path])
    assert [Path(d.source).name for d in documents] == ["a.txt"]
    assert stats.duplicates == 2
    assert warnings == []


def test_document_id_is_stable_and_text_based(tmp_path):
    (tmp_path / "a.txt").write_text("Published: 2026-03-11\n\n" + BODY, encoding="utf-8")
    first = read([tmp_path / "a.txt"])[0][0]
    (tmp_path / "a.txt").write_text(
        "Title: New title\nPublished: 2026-03-12\n\n" + BODY, encoding="utf-8"
    )
    second = read([tmp_path / "a.txt"])[0][0]
    assert first.id == second.id and len(first.id) == 16


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-11", "2026-03-11"),
        ("2026-03-11T08:15:30+02:00", "2026-03-11T08:15:30+02:00"),
        ("2026-03-11T08:15:00Z", "2026-03-11T08:15Z"),
        ("Wed, 11 Mar 2026 08:15:00 GMT", "2026-03-11T08:15Z"),
        ("11 March 2026", "2026-03-11"),
        ("March 11, 2026", "2026-03-11"),
        ("Wednesday, 11th March 2026", "2026-03-11"),
        ("11th of March 2026", "2026-03-11"),
        ("11.03.2026", "2026-03-11"),
        ("03.13.2026", None),  # day first: there is no 13th month
        ("Kyiv, 11 March 2026", None),  # only a weekday may lead the date
        ("soon", None),
        ("", None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


def test_other_url_schemes_are_refused():
    with pytest.raises(InputError, match="only http"):
        read(["ftp://files.example/a.txt"])


def test_read_inputs_works_when_called_from_async_code(tmp_path):
    import asyncio

    path = tmp_path / "a.txt"
    path.write_text("Published: 2026-03-11\n\n" + BODY, encoding="utf-8")

    async def caller():
        return read_inputs([str(path)], warn=lambda message: None)

    [document] = asyncio.run(caller())
    assert document.published == "2026-03-11"


def test_a_json_file_of_other_data_is_one_clear_error(tmp_path):
    path = tmp_path / "gold.json"
    path.write_text(json.dumps({"facts": [], "date": "2026-03-12"}), encoding="utf-8")
    documents, warnings, stats = read([tmp_path])
    assert documents == [] and stats.skipped == 1
    assert warnings == [f"{path}: no usable records (each needs a 'text' field) (skipped)"]


def test_a_folders_readme_is_no_article_unless_named(tmp_path):
    (tmp_path / "README.md").write_text("| `a.txt` | a day of talks | captured 2026-02-20 |\n")
    (tmp_path / "a.txt").write_text(
        "Title: Talks resume\n\nNegotiators met in Valmont on Monday.\n"
    )
    warnings: list[str] = []
    documents = read_inputs([str(tmp_path)], warn=warnings.append)
    assert [Path(d.source).name for d in documents] == ["a.txt"]
    assert any("README.md" in w and "not an article" in w for w in warnings)
    named = read_inputs([str(tmp_path / "README.md")], warn=warnings.append)
    assert len(named) == 1  # named on the command line, it is read
