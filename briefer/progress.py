"""Progress of long work, on stderr: reading inputs, fetching pages and extracting chunks.

On a terminal it is a live display (rich) with a bar, the rate and the time left per
stage; elsewhere (cron, journald, a pipe) it is one plain line every `interval` seconds
while a stage runs, and one when a stage that printed finishes:

    briefer: extracting 120/1409 chunks (8.5/s, about 2m32s left)

A quiet run shows nothing. The display is written by whichever thread advances a stage
(fetching may run on a worker thread), under one lock.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from typing import IO, Any

__all__ = ["DEFAULT_INTERVAL", "Progress", "Stage", "format_duration"]

DEFAULT_INTERVAL = 10.0


def format_duration(seconds: float) -> str:
    """'45s', '2m32s', '1h05m'."""
    seconds = max(0, int(round(seconds)))
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


class Stage:
    """One stage's count of work done; `advance` as each piece finishes."""

    def __init__(self, progress: Progress, name: str, total: int | None, unit: str) -> None:
        self.progress = progress
        self.name = name
        self.total = total
        self.unit = unit
        self.done = 0
        self.started = progress.clock()
        self.printed = False
        self.finished = False
        self.task: Any = None

    def advance(self, count: int = 1) -> None:
        self.progress._advance(self, count)

    def finish(self) -> None:
        self.progress._finish(self)

    def line(self, now: float) -> str:
        """'extracting 120/1409 chunks (8.5/s, about 2m32s left)'."""
        of = f"/{self.total}" if self.total else ""
        text = f"{self.name} {self.done}{of} {self.unit}"
        elapsed = now - self.started
        if elapsed > 0 and self.done:
            rate = self.done / elapsed
            text += f" ({rate:.1f}/s" if rate >= 1 else f" ({60 * rate:.1f}/min"
            if self.total and self.done < self.total:
                text += f", about {format_duration((self.total - self.done) / rate)} left"
            elif self.finished:
                text += f", {format_duration(elapsed)}"
            text += ")"
        return text


class Progress:
    """Where stages report; `live` (default: whether `stream` is a terminal) picks the
    rich display over periodic lines. Use as a context manager, or call `close`."""

    def __init__(
        self,
        *,
        stream: IO[str] | None = None,
        quiet: bool = False,
        interval: float = DEFAULT_INTERVAL,
        live: bool | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.quiet = quiet
        self.interval = interval
        self.clock = clock
        isatty = getattr(self.stream, "isatty", None)
        self.live = bool(isatty and isatty()) if live is None else live
        self._lock = threading.Lock()
        self._last = clock()
        self._display: Any = None

    def stage(self, name: str, total: int | None, *, unit: str = "") -> Stage:
        """A new stage of `total` pieces (None: unknown), e.g. `stage("extracting", 40,
        unit="chunks")`."""
        stage = Stage(self, name, total, unit)
        if self.quiet or not total:
            return stage
        if self.live:
            with self._lock:
                display = self._rich()
                stage.task = display.add_task(f"{name} {unit}".strip(), total=total)
        return stage

    def _rich(self) -> Any:
        if self._display is None:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TaskProgressColumn,
                TextColumn,
                TimeRemainingColumn,
            )
            from rich.progress import Progress as RichProgress

            self._display = RichProgress(
                TextColumn("briefer: {task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TaskProgressColumn(),
                TimeRemainingColumn(),
                console=Console(file=self.stream),
                transient=True,
            )
            self._display.start()
        return self._display

    def _advance(self, stage: Stage, count: int) -> None:
        with self._lock:
            stage.done += count
            if self.quiet or not stage.total:
                return
            if stage.task is not None and self._display is not None:
                self._display.advance(stage.task, count)
                return
            now = self.clock()
            if now - self._last >= self.interval:
                self._last = now
                stage.printed = True
                self._write(stage.line(now))

    def _finish(self, stage: Stage) -> None:
        with self._lock:
            if stage.finished:
                return
            stage.finished = True
            if stage.task is not None and self._display is not None:
                self._display.remove_task(stage.task)
            elif stage.printed and not self.quiet:
                self._write(stage.line(self.clock()))

    def _write(self, line: str) -> None:
        print(f"briefer: {line}", file=self.stream, flush=True)

    def close(self) -> None:
        with self._lock:
            if self._display is not None:
                self._display.stop()
                self._display = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
