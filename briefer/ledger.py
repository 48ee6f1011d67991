"""The run ledger: what a scheduled run has already seen, produced and sent.

One SQLite file in the data dir (`briefer.sqlite3`, WAL mode). Every record is committed
as soon as its step finishes, so a crash loses nothing already paid for, and a re-run
knows what was sent. An e-mail is recorded as "sending" before it goes to the server and
confirmed after, so a crash in between leaves a trace instead of a silent resend. A run lock keeps two runs from overlapping; a lock left behind by a
crashed run (its process is gone, or it is older than `stale_after`) is taken over.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import socket
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import BrieferError, ConfigError
from .redact import redact_url

__all__ = ["DB_NAME", "BatchRecord", "Ledger", "LockInfo", "SentEmail"]

DB_NAME = "briefer.sqlite3"
log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    url TEXT,
    title TEXT,
    first_seen TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS briefings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    date TEXT NOT NULL,
    path TEXT,
    cost_usd REAL NOT NULL DEFAULT 0,
    created TEXT NOT NULL,
    item_keys TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS briefings_date ON briefings (date);
CREATE TABLE IF NOT EXISTS emails (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    date TEXT NOT NULL,
    recipients TEXT NOT NULL,
    message_id TEXT NOT NULL,
    started TEXT NOT NULL,
    sent_at TEXT  -- NULL: handed to the server, acceptance not confirmed
);
CREATE INDEX IF NOT EXISTS emails_date ON emails (date, recipients);
CREATE TABLE IF NOT EXISTS http_validators (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT
);
CREATE TABLE IF NOT EXISTS batches (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    date TEXT NOT NULL,
    run_dir TEXT NOT NULL,         -- the saved run (inputs read, chunks) the batch answers
    requests INTEGER NOT NULL,
    file_id TEXT,                  -- NULL: the requests file is not uploaded yet
    batch_id TEXT,                 -- NULL: the batch is not created yet
    status TEXT NOT NULL,          -- submitting | submitted | collected | abandoned
    created TEXT NOT NULL,
    collected TEXT
);
CREATE TABLE IF NOT EXISTS run_lock (
    name TEXT PRIMARY KEY,
    pid INTEGER NOT NULL,
    hostname TEXT NOT NULL,
    started TEXT NOT NULL
);
"""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _stamp(now: dt.datetime | None) -> str:
    return (now or _now()).isoformat()


def _iso(day: dt.date | str) -> str:
    return day if isinstance(day, str) else day.isoformat()


def _recipients_key(recipients: Iterable[str]) -> str:
    """One canonical string for a set of recipients: lower-cased, sorted, de-duplicated."""
    return ",".join(sorted({r.strip().lower() for r in recipients if r.strip()}))


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. PermissionError: it exists, owned by someone else
        return True
    return True


@dataclass(frozen=True)
class LockInfo:
    """Who holds the run lock, and since when."""

    pid: int
    hostname: str
    started: dt.datetime

    def describe(self) -> str:
        return f"pid {self.pid} on {self.hostname} since {self.started.isoformat()}"


@dataclass(frozen=True)
class BatchRecord:
    """A batch a run submitted: where it is saved, and how far its submission got."""

    id: int
    date: str
    run_dir: str
    requests: int
    file_id: str | None
    batch_id: str | None
    status: str
    created: str
    collected: str | None


@dataclass(frozen=True)
class SentEmail:
    """The latest e-mail of a date to a recipient set; `sent_at` None means unconfirmed."""

    message_id: str
    started: str
    sent_at: str | None


class Ledger:
    """The SQLite run ledger in `data_dir`; the schema is made once, here.

    Each call opens a short connection and commits before returning: feed validators are
    read from an ingest worker thread, and a connection must not cross threads.
    """

    def __init__(
        self, data_dir: Path, *, stale_after: dt.timedelta = dt.timedelta(hours=6)
    ) -> None:
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / DB_NAME
        self.stale_after = stale_after
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            with self._connect() as db:
                db.execute("PRAGMA journal_mode=WAL")
                db.executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise ConfigError(
                f"cannot open the run ledger {self.path}: {exc} (set BRIEFER_DATA_DIR to a writable folder)"
            ) from exc

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        # isolation_level=None: autocommit, explicit BEGIN where several statements belong together.
        # timeout=30: wait that long for another process's write lock.
        with closing(sqlite3.connect(self.path, timeout=30, isolation_level=None)) as db:
            yield db

    # ---- articles -------------------------------------------------------------------

    def record_articles(
        self, documents: Iterable[Any], *, now: dt.datetime | None = None
    ) -> set[str]:
        """Record documents (anything with `id`, `url`, `title`); returns the ids first seen now."""
        stamp = _stamp(now)
        new: set[str] = set()
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            for doc in documents:
                cursor = db.execute(
                    "INSERT OR IGNORE INTO articles (id, url, title, first_seen) VALUES (?, ?, ?, ?)",
                    (doc.id, getattr(doc, "url", None), getattr(doc, "title", None), stamp),
                )
                if cursor.rowcount:
                    new.add(doc.id)
            db.execute("COMMIT")
        return new

    # ---- briefings ------------------------------------------------------------------

    def record_briefing(
        self,
        date: dt.date | str,
        path: Path | str | None,
        cost_usd: float,
        item_keys: Iterable[str],
        *,
        now: dt.datetime | None = None,
    ) -> None:
        """Record a briefing produced for `date` (where it was written, what it cost, its items)."""
        with self._connect() as db:
            db.execute(
                "INSERT INTO briefings (date, path, cost_usd, created, item_keys) VALUES (?, ?, ?, ?, ?)",
                (
                    _iso(date),
                    None if path is None else str(path),
                    float(cost_usd),
                    _stamp(now),
                    json.dumps(sorted(set(item_keys))),
                ),
            )

    def previous_item_keys(self, before_date: dt.date | str) -> set[str]:
        """Item keys of the latest briefing dated before `before_date` (empty if none)."""
        with self._connect() as db:
            row = db.execute(
                "SELECT item_keys FROM briefings WHERE date < ? ORDER BY date DESC, id DESC LIMIT 1",
                (_iso(before_date),),
            ).fetchone()
        return set(json.loads(row[0])) if row else set()

    @staticmethod
    def mark_status(items: Iterable[Any], previous_keys: set[str]) -> None:
        """Set each item's `status` to "continuing" if its `key` was in the previous
        briefing, else "new"."""
        for item in items:
            item.status = "continuing" if item.key in previous_keys else "new"

    # ---- e-mails --------------------------------------------------------------------

    def last_email(self, date: dt.date | str, recipients: Iterable[str]) -> SentEmail | None:
        """The latest e-mail of the briefing for `date` to these recipients, if any."""
        with self._connect() as db:
            row = db.execute(
                "SELECT message_id, started, sent_at FROM emails WHERE date = ? AND recipients = ? "
                "ORDER BY id DESC LIMIT 1",
                (_iso(date), _recipients_key(recipients)),
            ).fetchone()
        return SentEmail(*row) if row else None

    def already_sent(self, date: dt.date | str, recipients: Iterable[str]) -> str | None:
        """The Message-ID of the confirmed e-mail for `date` to these recipients, if any."""
        last = self.last_email(date, recipients)
        return last.message_id if last and last.sent_at else None

    def record_sending(
        self,
        date: dt.date | str,
        recipients: Iterable[str],
        message_id: str,
        *,
        now: dt.datetime | None = None,
    ) -> None:
        """Record, before handing it to the server, that `message_id` is being sent."""
        with self._connect() as db:
            db.execute(
                "INSERT INTO emails (date, recipients, message_id, started) VALUES (?, ?, ?, ?)",
                (_iso(date), _recipients_key(recipients), message_id, _stamp(now)),
            )

    def record_sent(self, message_id: str, *, now: dt.datetime | None = None) -> None:
        """Confirm that the server accepted `message_id`."""
        with self._connect() as db:
            db.execute(
                "UPDATE emails SET sent_at = ? WHERE message_id = ?", (_stamp(now), message_id)
            )

    def forget_sending(self, message_id: str) -> None:
        """Drop an unconfirmed send that failed with a known error (nothing was accepted)."""
        with self._connect() as db:
            db.execute("DELETE FROM emails WHERE message_id = ? AND sent_at IS NULL", (message_id,))

    # ---- HTTP validators ------------------------------------------------------------

    def get_validators(self, url: str) -> tuple[str | None, str | None] | None:
        """(ETag, Last-Modified) last seen for `url`, or None if never fetched."""
        with self._connect() as db:
            row = db.execute(
                "SELECT etag, last_modified FROM http_validators WHERE url = ?", (redact_url(url),)
            ).fetchone()
        return (row[0], row[1]) if row else None

    def set_validators(self, url: str, etag: str | None, last_modified: str | None) -> None:
        """Remember `url`'s ETag and Last-Modified for the next conditional request."""
        with self._connect() as db:
            db.execute(
                "INSERT INTO http_validators (url, etag, last_modified) VALUES (?, ?, ?) "
                "ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified",
                (redact_url(url), etag, last_modified),  # a feed's password is not kept
            )

    # ---- batches --------------------------------------------------------------------
    # Recorded before anything is uploaded and updated after each step, so a run that
    # crashes between submitting and collecting (or in the middle of submitting) leaves
    # a record the next `briefer batch collect` resumes from.

    def record_batch(
        self,
        date: dt.date | str,
        run_dir: Path | str,
        requests: int,
        *,
        now: dt.datetime | None = None,
    ) -> int:
        """Record a batch about to be submitted; returns its ledger id."""
        with self._connect() as db:
            cursor = db.execute(
                "INSERT INTO batches (date, run_dir, requests, status, created) VALUES (?, ?, ?, ?, ?)",
                (_iso(date), str(run_dir), requests, "submitting", _stamp(now)),
            )
            return int(cursor.lastrowid)

    def set_batch_file(self, record_id: int, file_id: str) -> None:
        """The requests file is uploaded."""
        with self._connect() as db:
            db.execute("UPDATE batches SET file_id = ? WHERE id = ?", (file_id, record_id))

    def set_batch_submitted(self, record_id: int, batch_id: str) -> None:
        """The batch is created: only collecting is left."""
        with self._connect() as db:
            db.execute(
                "UPDATE batches SET batch_id = ?, status = 'submitted' WHERE id = ?",
                (batch_id, record_id),
            )

    def set_batch_status(
        self, record_id: int, status: str, *, now: dt.datetime | None = None
    ) -> None:
        """A batch is `collected` (its briefing written) or `abandoned`."""
        with self._connect() as db:
            db.execute(
                "UPDATE batches SET status = ?, collected = ? WHERE id = ?",
                (status, _stamp(now), record_id),
            )

    def batches(self, *, pending: bool = False) -> list[BatchRecord]:
        """Every batch recorded, oldest first (only those not yet collected with `pending`)."""
        query = "SELECT id, date, run_dir, requests, file_id, batch_id, status, created, collected FROM batches"
        if pending:
            query += " WHERE status IN ('submitting', 'submitted')"
        with self._connect() as db:
            rows = db.execute(query + " ORDER BY id").fetchall()
        return [BatchRecord(*row) for row in rows]

    # ---- run lock -------------------------------------------------------------------

    @staticmethod
    def _holder(db: sqlite3.Connection, name: str) -> LockInfo | None:
        row = db.execute(
            "SELECT pid, hostname, started FROM run_lock WHERE name = ?", (name,)
        ).fetchone()
        return LockInfo(row[0], row[1], dt.datetime.fromisoformat(row[2])) if row else None

    def lock_holder(self, name: str = "run") -> LockInfo | None:
        """Who holds the lock `name` now, if anyone."""
        with self._connect() as db:
            return self._holder(db, name)

    def _is_stale(self, holder: LockInfo, now: dt.datetime) -> str | None:
        if holder.hostname == socket.gethostname() and not _pid_alive(holder.pid):
            return "its process is gone"
        if now - holder.started > self.stale_after:
            return f"it is older than {self.stale_after}"
        return None

    @contextmanager
    def lock(self, name: str = "run", *, now: dt.datetime | None = None) -> Iterator[LockInfo]:
        """Hold the run lock for the duration of the block.

        Raises BrieferError naming the holder if another live run has it; takes over (with
        a warning) a lock whose process is gone or that is older than `stale_after`.
        """
        mine = LockInfo(os.getpid(), socket.gethostname(), now or _now())
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                holder = self._holder(db, name)
                if holder:
                    reason = self._is_stale(holder, mine.started)
                    if reason is None:
                        raise BrieferError(
                            f"another briefer run holds the lock ({holder.describe()}); "
                            f"it is taken over once that process ends or after {self.stale_after}. "
                            f"Ledger: {self.path}",
                            holder=holder,
                        )
                    log.warning("taking over a stale run lock (%s): %s", holder.describe(), reason)
                db.execute(
                    "INSERT OR REPLACE INTO run_lock (name, pid, hostname, started) VALUES (?, ?, ?, ?)",
                    (name, mine.pid, mine.hostname, mine.started.isoformat()),
                )
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        try:
            yield mine
        finally:
            with self._connect() as db:
                db.execute(
                    "DELETE FROM run_lock WHERE name = ? AND pid = ? AND hostname = ? AND started = ?",
                    (name, mine.pid, mine.hostname, mine.started.isoformat()),
                )
