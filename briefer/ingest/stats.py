"""Counts an ingest run keeps for the caller's summary line."""

from __future__ import annotations

from dataclasses import dataclass

from ..data import Record

__all__ = ["IngestStats"]


@dataclass
class IngestStats(Record):
    """What `read_inputs` read, skipped and merged; pass one in and read it afterwards."""

    files: int = 0  # files read (records inside JSON files count once per file)
    urls: int = 0  # pages fetched and read
    feeds: int = 0  # feeds read
    feeds_not_modified: int = 0  # feeds that answered 304 to a conditional request
    feed_entries: int = 0  # entries turned into documents (before dedup)
    entries_outside_window: int = 0  # entries skipped before any fetch, as too old
    skipped: int = 0  # inputs warned about and skipped
    network_failures: int = 0  # URLs and feeds not fetched for a reason that may pass
    undated: int = 0  # documents with no publication date
    duplicates: int = 0  # documents dropped as already read (same URL or same text)
