"""Publication dates as users and pages write them, and the `--published` flag.

Dates are kept as ISO 8601 strings: `YYYY-MM-DD` when only the day is known,
`YYYY-MM-DDTHH:MM[:SS][±HH:MM]` when the time is. Nothing here guesses: a value that does
not parse is reported as such by the caller.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from pathlib import PurePath

from ..dates import MONTHS
from ..errors import ConfigError

__all__ = ["PublishedFlags", "parse_date", "parse_published_flags"]

_WEEKDAY = "|".join(  # "Tuesday, 13 October 2026", "Tue 13 Oct 2026"
    sorted({d.lower() for d in (*calendar.day_name, *calendar.day_abbr)} | {"tues", "thurs"})
)
_DAY_MONTH_YEAR = re.compile(
    rf"^(?:(?i:{_WEEKDAY})\.?,?\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?([A-Za-z]+)\.?,?\s+"
    r"(\d{4})$"
)
_MONTH_DAY_YEAR = re.compile(
    rf"^(?:(?i:{_WEEKDAY})\.?,?\s+)?([A-Za-z]+)\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})$"
)
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")  # "13.10.2026", day first
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FLAG_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?$")


def _iso(value: datetime) -> str:
    text = value.isoformat(timespec="seconds" if value.second else "minutes")
    return text.replace("+00:00", "Z") if value.tzinfo is not None else text


def parse_date(value: object) -> str | None:
    """An ISO 8601 string from a date as found in headers, JSON records, feeds or pages.

    Accepts ISO dates and datetimes (`Z` or offsets), RFC 2822 (`Wed, 18 Feb 2026 10:00 GMT`),
    `18 February 2026`, `February 18, 2026`, `18.02.2026` (day first), and Unix timestamps
    (numbers). Returns None
    when the value cannot be read.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        # Milliseconds are common in scraper output.
        seconds = value / 1000 if value > 1e11 else value
        try:
            return _iso(datetime.fromtimestamp(seconds, tz=UTC))
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, datetime):
        return _iso(value)
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    if not text:
        return None
    if _DATE_ONLY.match(text):
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            return None
    try:
        return _iso(datetime.fromisoformat(text.replace("z", "Z")))
    except ValueError:
        pass
    try:
        return _iso(parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError):
        pass
    if dotted := _DOTTED.match(text):
        day, month, year = (int(part) for part in dotted.groups())
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return None
    for pattern, order in ((_DAY_MONTH_YEAR, "dmy"), (_MONTH_DAY_YEAR, "mdy")):
        match = pattern.match(text)
        if not match:
            continue
        if order == "dmy":
            day, month_name, year = match.groups()
        else:
            month_name, day, year = match.groups()
        month = MONTHS.get(month_name.lower())
        if month:
            try:
                return date(int(year), month, int(day)).isoformat()
            except ValueError:
                return None
    return None


@dataclass
class PublishedFlags:
    """The parsed `--published` values: one default date and per-input dates."""

    default: str | None = None
    by_name: dict[str, str] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)

    def for_input(self, source: str) -> str | None:
        """The date given as NAME=DATE for this input (path, file name or URL), if any."""
        if not self.by_name:
            return None
        candidates = [source]
        if "://" not in source:
            path = PurePath(source)
            candidates += [path.name, path.as_posix()]
            if "#" in source:  # a record inside a JSON(L) file: match the file itself
                base = PurePath(source.split("#", 1)[0])
                candidates += [base.name, base.as_posix()]
        for candidate in candidates:
            if candidate in self.by_name:
                self.used.add(candidate)
                return self.by_name[candidate]
        resolved = _resolve(source)
        for name, value in self.by_name.items():
            if resolved is not None and _resolve(name) == resolved:
                self.used.add(name)
                return value
        return None

    def unused(self) -> list[str]:
        """NAME=DATE entries that matched no input (the caller warns about them)."""
        return [name for name in self.by_name if name not in self.used]


def _resolve(source: str) -> str | None:
    if "://" in source or source == "-":
        return None
    from pathlib import Path

    try:
        return str(Path(source.split("#", 1)[0]).resolve())
    except OSError:
        return None


def parse_published_flags(values: list[str] | tuple[str, ...]) -> PublishedFlags:
    """Parse `--published` values: `YYYY-MM-DD[THH:MM]` or `NAME=YYYY-MM-DD[THH:MM]`.

    Raises ConfigError on a malformed value or on two default dates.
    """
    flags = PublishedFlags()
    for raw in values:
        name, sep, value = raw.rpartition("=")
        value = value.strip()
        if not _FLAG_DATE.match(value):
            raise ConfigError(
                f"--published {raw!r}: expected YYYY-MM-DD, YYYY-MM-DDTHH:MM or NAME=YYYY-MM-DD"
            )
        iso = parse_date(value.replace(" ", "T"))
        if iso is None:
            raise ConfigError(f"--published {raw!r}: {value!r} is not a valid date")
        if sep:
            if not name.strip():
                raise ConfigError(f"--published {raw!r}: the name before '=' is empty")
            flags.by_name[name.strip()] = iso
        elif flags.default is not None and flags.default != iso:
            raise ConfigError(
                f"--published given two dates ({flags.default}, {iso}) for all inputs; "
                "use NAME=DATE to date one input"
            )
        else:
            flags.default = iso
    return flags
