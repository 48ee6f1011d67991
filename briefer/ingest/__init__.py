"""Ingest: turn what users have into Documents.

Inputs are file paths, directories (read recursively, known extensions only), globs, `-`
for stdin, http(s) URLs and feeds. Text files may start with a header block (`Title:`,
`Source:`, `URL:`, `Published:` lines ended by a blank line or `---`) or YAML-style front
matter; JSON and JSON Lines files hold records (`title`, `text`, `url`, `source`,
`published` and common aliases), which is how any scraper plugs in; HTML files and fetched
pages go through trafilatura. A sidecar `<file>.meta.json` or `<file>.meta` supplies
metadata for a file that cannot be edited.

Dates, strongest first: `--published NAME=DATE` for that input, the sidecar, the input's
own header or metadata, then a plain `--published DATE` for whatever is still undated. An
input left undated is warned about by name.

Duplicates (the same canonical URL, then the same normalized text) are dropped, first one
kept; `IngestStats.duplicates` counts them.
"""

from __future__ import annotations

import asyncio
import codecs
import functools
import glob
import json
import os
import sys
import tomllib
from collections.abc import Callable, Coroutine, Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..data import Document
from ..errors import InputError, NetworkError
from .html import extract_page
from .published import PublishedFlags, parse_date, parse_published_flags
from .records import (
    Meta,
    canonical_url,
    new_document,
    parse_json_records,
    parse_meta_lines,
    record_to_meta,
    split_text_header,
)
from .stats import IngestStats

if TYPE_CHECKING:
    from ..feeds import Validators
    from ..fetch import Fetcher
    from ..progress import Progress

__all__ = [
    "DEFAULT_MAX_INPUT_BYTES",
    "HTML_SUFFIXES",
    "JSON_SUFFIXES",
    "KNOWN_SUFFIXES",
    "TEXT_SUFFIXES",
    "IngestStats",
    "canonical_url",
    "dedupe_documents",
    "parse_date",
    "parse_published_flags",
    "read_file",
    "read_inputs",
    "read_text_file",
]

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSON_SUFFIXES = frozenset({".json", ".jsonl", ".ndjson"})
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES
DEFAULT_MAX_INPUT_BYTES = 10_000_000
"""The size cap per input file: a day's news for one topic is a few MB at most."""
_GLOB_CHARS = set("*?[")
_STDIN = "<stdin>"
_T = TypeVar("_T")


def _warn_stderr(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def read_inputs(
    inputs: Iterable[str],
    *,
    published: Iterable[str] = (),
    feeds: Iterable[str] = (),
    window_start: datetime | None = None,
    window_end: datetime | None = None,
    validators: Validators | None = None,
    warn: Callable[[str], None] = _warn_stderr,
    fetcher: Fetcher | None = None,
    stats: IngestStats | None = None,
    max_bytes: int | None = DEFAULT_MAX_INPUT_BYTES,
    progress: Progress | None = None,
) -> list[Document]:
    """Read every input into Documents, in the order given, duplicates dropped.

    One bad input among several (missing, unreadable, empty, over `max_bytes`, a URL that
    cannot be fetched, a bad entry in a folder, glob or feed) is warned about and skipped.
    When nothing could be read, the failure is raised: the input's own InputError when
    there was one, a NetworkError (exit 1) when every failure may pass on a later run.
    A malformed `--published` is a ConfigError. Pass an `IngestStats` as `stats` to read the
    counts afterwards (duplicates dropped, undated inputs, feeds not modified...), and a
    `Progress` to show files read and pages fetched. Works from async code too (the
    fetching then runs on its own event loop in a worker thread).
    """
    stats = stats if stats is not None else IngestStats()
    flags = parse_published_flags(list(published))
    feeds = list(dict.fromkeys(feeds))
    inputs = list(inputs)
    slots: list[list[Document] | str] = []  # documents read, or a URL still to fetch
    failures: list[InputError] = []
    stdin_read = False
    reading = progress.stage("reading", len(inputs), unit="inputs") if progress else None
    for item in inputs:
        try:
            if item.startswith(("http://", "https://")):
                slots.append(item)
            elif "://" in item:
                raise InputError(
                    f"{item}: only http(s) URLs, files, directories, globs and '-' are inputs",
                    path=item,
                )
            elif item == "-":
                if not stdin_read:
                    slots.append(_read_stdin(warn, max_bytes))
                    stats.files += 1
                    stdin_read = True
            else:
                slots.append(_read_path(item, warn, stats, max_bytes, progress))
        except InputError as exc:
            if len(inputs) + len(feeds) == 1:
                raise
            failures.append(exc)
            warn(f"{exc} (skipped)")
            stats.skipped += 1
        if reading is not None:
            reading.advance()
    if reading is not None:
        reading.finish()

    urls = list(dict.fromkeys(slot for slot in slots if isinstance(slot, str)))
    pages: dict[str, Document] = {}
    feed_documents: list[Document] = []
    if urls or feeds:
        pages, feed_documents = _run(
            _read_web(
                urls, feeds, fetcher, warn, stats, (window_start, window_end), validators, progress
            )
        )
    read_any = any(isinstance(slot, list) and slot for slot in slots)
    if not read_any and not pages and not feed_documents:
        _raise_nothing_read(failures, stats, len(inputs) + len(feeds))
    documents: list[Document] = []
    for slot in slots:
        if isinstance(slot, list):
            documents += slot
        elif (page := pages.pop(slot, None)) is not None:  # a URL named twice is read once
            documents.append(page)
    documents += feed_documents
    _apply_flags(documents, flags, warn, stats)
    return dedupe_documents(documents, stats)


def _raise_nothing_read(failures: list[InputError], stats: IngestStats, count: int) -> None:
    """Nothing was read: say why, with the exit code the reasons deserve."""
    if stats.network_failures and all(isinstance(f, NetworkError) for f in failures):
        raise NetworkError(
            f"nothing could be read: {stats.network_failures} input(s) failed for reasons "
            "that may pass (timeouts, dropped connections, server errors); run again later"
        )
    if len(failures) == 1 and count == 1:
        raise failures[0]
    if failures:
        raise InputError(f"none of the {count} inputs could be read (first: {failures[0].message})")


def _run(coroutine: Coroutine[Any, Any, _T]) -> _T:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:  # called from async code: own loop
        return pool.submit(asyncio.run, coroutine).result()


async def _read_web(
    urls: list[str],
    feeds: list[str],
    fetcher: Fetcher | None,
    warn: Callable[[str], None],
    stats: IngestStats,
    window: tuple[datetime | None, datetime | None],
    validators: Validators | None,
    progress: Progress | None = None,
) -> tuple[dict[str, Document], list[Document]]:
    """The pages read from `urls` (by URL) and the documents from `feeds`, on one fetcher."""
    from ..feeds import page_document, read_feeds
    from ..fetch import Fetcher

    fetcher = fetcher or Fetcher()
    if progress is not None:
        fetcher.progress = progress
    pages: dict[str, Document] = {}
    feed_documents: list[Document] = []
    async with fetcher:
        results = await fetcher.fetch_many(urls, kind="page")
        for url, result in zip(urls, results, strict=True):
            if isinstance(result, InputError):
                warn(str(result))
                if isinstance(result, NetworkError):
                    stats.network_failures += 1
                document = None
            else:
                document = page_document(result, warn)
            if document is None:
                stats.skipped += 1
            else:
                stats.urls += 1
                pages[url] = document
        if feeds:
            feed_documents = await read_feeds(
                feeds,
                fetcher=fetcher,
                warn=warn,
                window_start=window[0],
                window_end=window[1],
                validators=validators,
                stats=stats,
            )
    return pages, feed_documents


def dedupe_documents(documents: list[Document], stats: IngestStats | None = None) -> list[Document]:
    """Drop documents already read: same canonical URL, or same normalized text; first kept."""
    seen_urls: set[str] = set()
    seen_ids: set[str] = set()
    kept: list[Document] = []
    for document in documents:
        key = canonical_url(document.url)
        if (key is not None and key in seen_urls) or document.id in seen_ids:
            if stats is not None:
                stats.duplicates += 1
            continue
        if key is not None:
            seen_urls.add(key)
        seen_ids.add(document.id)
        kept.append(document)
    return kept


def _apply_flags(
    documents: list[Document],
    flags: PublishedFlags,
    warn: Callable[[str], None],
    stats: IngestStats,
) -> None:
    undated: dict[str, list[Document]] = {}
    for document in documents:
        named = flags.for_input(document.source)
        if named is not None:
            document.published, document.date_basis = named, "flag"
        elif document.published is None and flags.default is not None:
            document.published, document.date_basis = flags.default, "flag"
        if document.published is None:
            document.date_basis = "unknown"
            undated.setdefault(document.source.split("#", 1)[0], []).append(document)
    for name in flags.unused():
        warn(f"--published {name}=...: no input is named {name!r}")
    for source, group in undated.items():
        stats.undated += len(group)
        what = f" ({len(group)} records)" if len(group) > 1 else ""
        if source == _STDIN:
            how = "a 'Published:' header or --published YYYY-MM-DD"
        elif "://" in source:
            how = f"--published {source}=YYYY-MM-DD"
        else:
            name = Path(source).name
            how = f"a 'Published:' header, a sidecar {name}.meta.json or --published {name}=YYYY-MM-DD"
        warn(
            f"{source}: no publication date{what}, so its relative dates stay unresolved; add {how}"
        )


def _read_path(
    item: str,
    warn: Callable[[str], None],
    stats: IngestStats,
    max_bytes: int | None,
    progress: Progress | None = None,
) -> list[Document]:
    path = Path(item)
    if path.is_dir():
        return _read_many(_articles(_walk(path), warn), item, warn, stats, max_bytes, progress)
    if not path.exists() and _GLOB_CHARS & set(item):
        matches = sorted(glob.glob(item, recursive=True))
        files: list[Path] = []
        for match in matches:
            candidate = Path(match)
            if candidate.is_dir():
                files += _walk(candidate)
            elif _is_input_file(candidate):
                files.append(candidate)
        if not files:
            raise InputError(f"{item}: no files match this pattern", path=item)
        return _read_many(_articles(files, warn), item, warn, stats, max_bytes, progress)
    documents = read_file(path, warn, max_bytes=max_bytes)
    stats.files += 1
    return documents


def _read_many(
    files: list[Path],
    origin: str,
    warn: Callable[[str], None],
    stats: IngestStats,
    max_bytes: int | None,
    progress: Progress | None = None,
) -> list[Document]:
    documents: list[Document] = []
    stage = progress.stage(f"reading {origin}", len(files), unit="files") if progress else None
    for file in files:
        try:
            documents += read_file(file, warn, max_bytes=max_bytes)
            stats.files += 1
        except InputError as exc:
            warn(f"{exc} (skipped)")
            stats.skipped += 1
        if stage is not None:
            stage.advance()
    if stage is not None:
        stage.finish()
    if not files:
        warn(f"{origin}: no readable files ({', '.join(sorted(KNOWN_SUFFIXES))})")
    return documents


def _is_input_file(path: Path) -> bool:
    name = path.name
    return (
        path.suffix.lower() in KNOWN_SUFFIXES
        and not name.startswith(".")
        and not name.lower().endswith((".meta.json", ".meta"))
    )


def _articles(files: list[Path], warn: Callable[[str], None]) -> list[Path]:
    """The files of a folder or glob but its own documentation (`folders.toml`: README,
    LICENSE...), each left out said once; a file named on the command line is read."""
    kept = []
    for file in files:
        if file.name.split(".")[0].lower() in _documentation():
            warn(f"{file}: a folder's documentation, not an article (skipped; name it to read it)")
        else:
            kept.append(file)
    return kept


@functools.cache
def _documentation() -> frozenset[str]:
    text = (resources.files("briefer.ingest") / "folders.toml").read_text(encoding="utf-8")
    return frozenset(tomllib.loads(text)["documentation"])


def _walk(directory: Path) -> list[Path]:
    found: list[Path] = []
    for root, dirs, names in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [Path(root) / name for name in sorted(names) if _is_input_file(Path(root) / name)]
    return found


# byte order marks of the encodings that are not ASCII-compatible; UTF-32 first, as its
# little-endian mark begins with UTF-16's
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _from_bom(data: bytes, shown: str) -> bytes:
    """UTF-16 and UTF-32 text with a byte order mark as UTF-8 bytes; anything else as is."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding).encode("utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{shown}: starts with a {encoding.upper()} byte order mark but is not "
                    f"{encoding.upper()} text (byte {exc.start})",
                    path=shown,
                ) from None
    return data


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_text_file(path: Path | str, what: str = "file", *, utf8_only: bool = False) -> str:
    """A text file briefer reads back (a briefing, a gold file) as str: UTF-8, or UTF-16/32
    with a byte order mark unless `utf8_only`; an InputError naming it when it is missing
    or not text."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"no {what} at {path}", path=str(path))
    try:
        data = path.read_bytes()
        if not utf8_only:
            data = _from_bom(data, str(path))
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})", path=str(path)) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: this {what} is not UTF-8 text (byte {exc.start}); save it as UTF-8",
            path=str(path),
        ) from None


def _read_bytes(path: Path, max_bytes: int | None = None) -> bytes:
    shown = str(path)
    if not path.exists():
        raise InputError(f"{shown}: no such file or directory", path=shown)
    if not path.is_file():
        raise InputError(f"{shown}: not a regular file", path=shown)
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise InputError(
                f"{shown}: {_megabytes(size)} is over the {_megabytes(max_bytes)} cap per input "
                "(a day's news is far less); split it, or raise BRIEFER_MAX_INPUT_MB",
                path=shown,
            )
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{shown}: cannot read ({exc.strerror or exc})", path=shown) from exc
    data = _from_bom(data, shown)
    if not data or data.isspace():  # isspace, not strip: no second copy of a big file
        raise InputError(f"{shown}: empty file", path=shown)
    if b"\x00" in data[:4096]:
        raise InputError(f"{shown}: not a text, HTML or JSON file", path=shown)
    return data


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def _sidecar(path: Path, warn: Callable[[str], None]) -> Meta | None:
    for candidate in (
        path.with_name(path.name + ".meta.json"),
        path.with_name(path.stem + ".meta.json"),
        path.with_name(path.name + ".meta"),
        path.with_name(path.stem + ".meta"),
    ):
        if not candidate.is_file():
            continue
        try:
            content = candidate.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            warn(f"{candidate}: cannot read this sidecar ({exc}); ignored")
            return None
        if candidate.suffix == ".json":
            try:
                data = json.loads(content)
            except json.JSONDecodeError as exc:
                warn(f"{candidate}: not valid JSON ({exc.msg}); sidecar ignored")
                return None
            if not isinstance(data, dict):
                warn(f"{candidate}: expected a JSON object; sidecar ignored")
                return None
            meta = record_to_meta(data)[0]
        else:
            meta = parse_meta_lines(content)
        if meta.published_raw:
            warn(f"{candidate}: cannot read the date {meta.published_raw!r}")
        return meta
    return None


def read_file(
    path: Path | str,
    warn: Callable[[str], None] = _warn_stderr,
    *,
    max_bytes: int | None = DEFAULT_MAX_INPUT_BYTES,
) -> list[Document]:
    """The Documents in one file (one, or one per JSON record), sidecar applied.

    Raises InputError naming the path when the file is missing, unreadable, empty, larger
    than `max_bytes` or holds nothing usable. UTF-8 (with or without a BOM), UTF-16 and
    UTF-32 with a BOM are read; other bytes that are not UTF-8 are read as cp1252.
    """
    path = Path(path)
    shown = str(path)
    data = _read_bytes(path, max_bytes)
    documents = _parse_content(data, shown, path.suffix.lower(), warn)
    sidecar = _sidecar(path, warn)
    if sidecar is not None:
        for document in documents:
            document.title = sidecar.title or document.title
            document.outlet = sidecar.outlet or document.outlet
            document.url = sidecar.url or document.url
            if sidecar.published:
                document.published, document.date_basis = sidecar.published, "sidecar"
    return documents


def _read_stdin(warn: Callable[[str], None], max_bytes: int | None = None) -> list[Document]:
    limit = -1 if max_bytes is None else max_bytes + 1
    data = (
        sys.stdin.buffer.read(limit)
        if hasattr(sys.stdin, "buffer")
        else sys.stdin.read(limit).encode("utf-8")
    )
    if max_bytes is not None and len(data) > max_bytes:
        raise InputError(
            f"<stdin>: more than the {_megabytes(max_bytes)} cap per input; "
            "split it, or raise BRIEFER_MAX_INPUT_MB",
            path=_STDIN,
        )
    data = _from_bom(data, _STDIN)
    if not data or data.isspace():
        raise InputError("<stdin>: no input on standard input", path=_STDIN)
    head = data.lstrip()[:200].lower()
    if head.startswith((b"{", b"[")):
        return _records(_decode(data), _STDIN, None, warn)
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in data[:4096].lower():
        return _parse_content(data, _STDIN, ".html", warn)
    return _parse_content(data, _STDIN, ".txt", warn)


def _parse_content(
    data: bytes, shown: str, suffix: str, warn: Callable[[str], None]
) -> list[Document]:
    if suffix in HTML_SUFFIXES:
        page = extract_page(data)
        if page is None:
            raise InputError(
                f"{shown}: no article text found (trafilatura could not read the page)", path=shown
            )
        return [new_document(shown, page.text, page.meta(), date_basis="metadata")]
    text = _decode(data)
    if suffix in JSON_SUFFIXES:
        return _records(text, shown, suffix != ".json", warn)
    meta, body = split_text_header(text)
    if meta.published_raw:
        warn(f"{shown}: cannot read the date {meta.published_raw!r}")
    if not body.strip():
        raise InputError(f"{shown}: no text after the header", path=shown)
    if meta.title is None:
        from ..segment import first_headline

        meta.title = first_headline(body.splitlines())
    return [new_document(shown, body, meta, date_basis="header")]


def _records(
    text: str, shown: str, lines: bool | None, warn: Callable[[str], None]
) -> list[Document]:
    documents: list[Document] = []
    notes: list[str] = []  # per-record problems, reported only if the file is usable at all
    for location, record in parse_json_records(text, shown, lines=lines):
        if isinstance(record, InputError):
            notes.append(f"{record}; line skipped")
            continue
        if not isinstance(record, dict):
            notes.append(f"{location}: not a JSON object; skipped")
            continue
        meta, body, html = record_to_meta(record)
        if meta.published_raw:
            warn(f"{location}: cannot read the date {meta.published_raw!r}")
        if (not body or not body.strip()) and html:
            page = extract_page(html, url=meta.url)
            if page is not None:
                body = page.text
                meta = meta.merged_over(page.meta())
        if not body or not body.strip():
            notes.append(f"{location}: record has no text; skipped")
            continue
        documents.append(new_document(location, body, meta, date_basis="metadata"))
    if not documents:
        raise InputError(f"{shown}: no usable records (each needs a 'text' field)", path=shown)
    for note in notes:
        warn(note)
    return documents
