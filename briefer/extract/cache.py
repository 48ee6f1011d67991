"""The answer cache: validated extractions kept in SQLite, so a re-run makes no model calls.

The key covers everything that shapes an answer: backend, model, prompt templates, schema,
the chunk's text and the context sent with it. Change any of them and the key changes.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..data import Usage
from ..errors import ConfigError

__all__ = ["AnswerCache", "CachedAnswer", "cache_key"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    key TEXT PRIMARY KEY,
    backend TEXT NOT NULL,
    model TEXT NOT NULL,
    data TEXT NOT NULL,
    usage TEXT NOT NULL,
    meta TEXT NOT NULL,
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS exchanges (
    key TEXT PRIMARY KEY,
    answer TEXT NOT NULL,
    created REAL NOT NULL
)
"""


def cache_key(*parts: str) -> str:
    """sha256 over the parts, each length-prefixed so that no two splits collide."""
    digest = hashlib.sha256()
    for part in parts:
        encoded = part.encode("utf-8")
        digest.update(f"{len(encoded)}:".encode())
        digest.update(encoded)
    return digest.hexdigest()


@dataclass
class CachedAnswer:
    data: dict[str, Any]
    usage: Usage  # what the answer cost when it was paid for
    meta: dict[str, Any]  # evidence_dropped, reasks, splits


class AnswerCache:
    """A SQLite file (`answers.sqlite3`, WAL) in `cache_dir`; safe for one process's threads."""

    def __init__(self, cache_dir: Path | str) -> None:
        self.path = Path(cache_dir) / "answers.sqlite3"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA busy_timeout=5000")
            self._db.executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise ConfigError(
                f"cannot open the answer cache at {self.path}: {exc} (set BRIEFER_CACHE_DIR)"
            ) from None
        self._lock = threading.Lock()

    def get(self, key: str) -> CachedAnswer | None:
        with self._lock:
            row = self._db.execute(
                "SELECT data, usage, meta FROM answers WHERE key = ?", (key,)
            ).fetchone()
        if row is None:
            return None
        try:
            return CachedAnswer(
                data=json.loads(row[0]),
                usage=Usage.from_dict(json.loads(row[1])),
                meta=json.loads(row[2]),
            )
        except (ValueError, TypeError):
            return None  # a damaged row is a miss, not a crash

    def put(
        self,
        key: str,
        *,
        backend: str,
        model: str,
        data: dict[str, Any],
        usage: Usage,
        meta: dict[str, Any] | None = None,
    ) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO answers (key, backend, model, data, usage, meta, created)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    key,
                    backend,
                    model,
                    json.dumps(data, ensure_ascii=False),
                    json.dumps(usage.to_dict()),
                    json.dumps(meta or {}),
                    time.time(),
                ),
            )

    def get_exchange(self, key: str) -> dict[str, Any] | None:
        """One raw answer kept by `put_exchange`, or None."""
        with self._lock:
            row = self._db.execute("SELECT answer FROM exchanges WHERE key = ?", (key,)).fetchone()
        try:
            return json.loads(row[0]) if row else None
        except ValueError:
            return None

    def put_exchange(self, key: str, answer: dict[str, Any]) -> None:
        """Keep one raw answer the moment it arrives, before its chunk is done (a re-ask,
        half of a split): nothing paid for is lost if the run dies before the chunk ends."""
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO exchanges (key, answer, created) VALUES (?, ?, ?)",
                (key, json.dumps(answer, ensure_ascii=False), time.time()),
            )

    def forget_exchanges(self, keys: list[str]) -> None:
        """Drop the raw answers of a chunk that is done (cached whole, or failed)."""
        with self._lock:
            self._db.executemany("DELETE FROM exchanges WHERE key = ?", [(k,) for k in keys])

    def __len__(self) -> int:
        """The number of chunk answers kept (raw exchanges not counted)."""
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM answers").fetchone()[0]

    def close(self) -> None:
        with self._lock:
            self._db.close()
