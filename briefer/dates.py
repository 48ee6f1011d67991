"""Dates: relative time wording resolved against a story's own date, in Kyiv time.

A time reference as an article writes it ("overnight", "on Tuesday", "Wednesday's
meetings", "last month", "in 2023") becomes an inclusive window of calendar days,
`(first_day, last_day)`, counted in Europe/Kyiv time against the date of the story that
used it. "Overnight" is the night before the story's date: `(d - 1, d)`. A weekday is the
most recent such day on or before the story's date, unless the words leading up to it look
ahead ("talks would resume on Wednesday", "will meet on Friday", "next round on Monday"):
then it is the coming one. Wording we do not recognise means the story's own date.

`parse_since` reads the `--since` window ("72h", "3d", "90m").
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from .errors import ConfigError

__all__ = [
    "FIRST_DAY",
    "LAST_DAY",
    "MAX_SINCE",
    "MONTH",
    "MONTHS",
    "KYIV",
    "SMALL_NUMBERS",
    "WEEKDAY",
    "after_window",
    "as_kyiv_date",
    "briefing_window",
    "day_reference",
    "day_references",
    "looks_ahead",
    "names_a_day",
    "parse_since",
    "past_period",
    "resolve_time",
    "told_as_past",
]

KYIV = ZoneInfo("Europe/Kyiv")
# the calendar a briefing may be dated in, with room for a window and for "next week"
# arithmetic on either side; outside it a date is a typo, not a briefing
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2999, 12, 31)
MAX_SINCE = timedelta(days=3650)

Window = tuple[date, date]

# patterns for a weekday or month name as written ("Tuesday", "March"), shared by the
# offline coder and the merge's shortening
WEEKDAY = "(?:" + "|".join(calendar.day_name) + ")"
MONTH = "(?:" + "|".join(calendar.month_name[1:]) + ")"
_WEEKDAYS = {name.lower(): index for index, name in enumerate(calendar.day_name)}
MONTHS = {  # month names and abbreviations, lower case -> number
    name: index
    for index, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_AMBIGUOUS_MONTHS = {"may", "mar"}  # also plain words; need "in May", "since March"...
SMALL_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip

_WEEKDAY_RE = re.compile(r"\b(" + "|".join(sorted(_WEEKDAYS, key=len, reverse=True)) + r")\b")
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY_MONTH_RE = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_NAMES})\.?(?:,?\s+(\d{{4}}))?\b"
)
_MONTH_DAY_RE = re.compile(
    rf"\b({_MONTH_NAMES})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?"
)
_MONTH_RE = re.compile(rf"\b({_MONTH_NAMES})\b(?:\s+(\d{{4}}))?")
_ISO_RE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_YEAR_RE = re.compile(r"\b(19\d{2}|20\d{2})\b")
_AGO_RE = re.compile(
    r"\b(\d+|" + "|".join(SMALL_NUMBERS) + r")\s+(minute|hour|day|week|month|year)s?\s+ago\b"
)
_SEASONS = {
    "spring": (3, 5),
    "summer": (6, 8),
    "autumn": (9, 11),
    "fall": (9, 11),
    "winter": (12, 2),
}
_SEASON_RE = re.compile(r"\b(spring|summer|autumn|fall|winter)\s+(?:of\s+)?(\d{4})\b")
# a period an article names as past: "in the spring of 2022", "in February 2023", "in 2022";
# never "since 2022" (ongoing) and never a year inside a longer phrase ("the 2022 talks")
_PAST_PERIOD_RE = re.compile(
    r"\b(?:in|during)\s+(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?"
    r"((?:(?:spring|summer|autumn|fall|winter)\s+of\s+|(?:january|february|march|april|may|"
    r"june|july|august|september|october|november|december)\s+)?"
    r"(19\d{2}|20\d{2}))\b"
)
_NIGHT_RE = re.compile(r"\b(overnight|night|nighttime|night-time)\b")
_SINCE_BEFORE_RE = re.compile(r"\b(since|began|start(?:ed)?)\b")
_INTO_NEXT_DAY_RE = re.compile(r"\binto the (?:following|next) (?:day|morning)\b")
# a date without its year up to this many days after the story's is the coming one ("the
# conference on July 10-11" in a July 9 story), not the one almost a year before
NEAR_FUTURE_DAYS = 31
_SINCE_RE = re.compile(r"^(?:\d+(?:\.\d+)?[mhdw])+$", re.IGNORECASE)
_SINCE_PART = re.compile(r"(\d+(?:\.\d+)?)([mhdw])", re.IGNORECASE)
# "Tuesday night" is the night after Tuesday; "overnight into Tuesday" the night before it.
_WEEKDAY_NIGHT_RE = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\s+(?:night|evening)\b")
# words that put the weekday after them in the future: "talks would resume on Wednesday"
_AHEAD_RE = re.compile(
    r"\b(will|would|to be|set to|due|next|scheduled|resumes?|resuming|(?:is|are) expected|"
    r"expected to|plans? to|planned|starting|beginning|effective|until|till|deadline)\b"
)
_AHEAD_WORDS = 9  # how far before the weekday, within its clause, such a word counts
# words that put a date after them in the past: "the negotiators met on August 3"
_BACK_RE = re.compile(
    r"\b(was|were|had|did|met|held|took place|happened|occurred|ended|began|last|previous|"
    r"earlier|ago)\b"
)


def parse_since(text: str) -> timedelta:
    """`"72h"`, `"3d"`, `"90m"`, `"1w"` or `"1d12h"` as a timedelta; anything else, and
    anything longer than MAX_SINCE, is a ConfigError."""
    compact = re.sub(r"\s+", "", str(text or ""))
    if not _SINCE_RE.match(compact):
        raise ConfigError(
            f"--since must be a number with a unit m, h, d or w (e.g. 72h, 3d), not {text!r}"
        )
    scale = {"m": 1, "h": 60, "d": 24 * 60, "w": 7 * 24 * 60}
    minutes = sum(float(n) * scale[u.lower()] for n, u in _SINCE_PART.findall(compact))
    if minutes > MAX_SINCE.total_seconds() / 60:
        raise ConfigError(
            f"--since {text!r} is longer than the longest window, {MAX_SINCE.days}d (ten years)"
        )
    delta = timedelta(minutes=minutes)
    if delta <= timedelta(0):
        raise ConfigError(f"--since must be longer than zero, not {text!r}")
    return delta


def as_kyiv_date(value: date | datetime | str | None) -> date | None:
    """A date, datetime or ISO string as a Kyiv calendar date; naive times are Kyiv time."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) == 10:
                return date.fromisoformat(text)
            value = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.date()
        return value.astimezone(KYIV).date()
    return value


def briefing_window(day: date, since: timedelta) -> tuple[datetime, datetime]:
    """The news window, Kyiv time: from `since` before the start of `day` (the morning the
    briefing is for) to the end of `day`, so a 72h briefing for Thursday covers Monday on.

    A ConfigError, not an overflow, when either end falls outside the calendar briefer
    reads (FIRST_DAY to LAST_DAY)."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ConfigError(
            f"--date {day.isoformat()} is outside the dates briefer reads "
            f"({FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()})"
        )
    start = datetime.combine(day, datetime.min.time(), tzinfo=KYIV)
    try:
        first = start - since
    except OverflowError:
        first = None
    if first is None or first.date() < FIRST_DAY:
        raise ConfigError(
            f"--since reaches back before {FIRST_DAY.isoformat()} from --date {day.isoformat()}"
        )
    return first, start + timedelta(days=1)


def after_window(published: date | datetime | str | None, end: datetime) -> bool:
    """Whether a story published at `published` comes after the window's `end`: the
    briefing's morning could not have known it, so it is neither news nor background.
    A bare date counts as its whole Kyiv day; an unknown date is never after."""
    if published is None or published == "":
        return False
    if isinstance(published, str):
        text = published.strip()
        if len(text) == 10:
            day = as_kyiv_date(text)
            return day is not None and day >= end.astimezone(KYIV).date()
        try:
            published = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return False
    if isinstance(published, datetime):
        moment = published if published.tzinfo else published.replace(tzinfo=KYIV)
        return moment >= end
    return published >= end.astimezone(KYIV).date()


def resolve_time(
    time_text: str | None,
    story_date: date | datetime | str | None,
    context: str | None = None,
    ahead: bool = False,
) -> Window | None:
    """The inclusive window of days `time_text` refers to, read against the story's date.

    `context`, the sentence the wording comes from, tells whether a weekday lies ahead
    ("would resume" + "on Wednesday"); `ahead` says the item itself is still to come (a
    next round), so its "Sunday" is the coming one. None when the wording needs a story
    date and there is none (and it holds no absolute date).
    """
    anchor = as_kyiv_date(story_date)
    text = _normal(time_text)
    if not text:
        return (anchor, anchor) if anchor else None

    absolute = _absolute(text, anchor, _normal(context), ahead)
    if absolute is not None:
        return _night_of(absolute, text)
    if anchor is None:
        return None
    return _relative(text, anchor, _normal(context), ahead)


def _night_of(window: Window, text: str) -> Window:
    """A night named by its date is the night that ends on it: "on the night of 9 July",
    "overnight on September 7", "the night of 6-7 September" are the night into that day,
    as Ukrainian and Russian officials (and the outlets quoting them) date a wave; "the
    night of July 4 into the following day" says it ends the day after."""
    start, end = window
    if start != end or not _NIGHT_RE.search(text):
        return window
    if _INTO_NEXT_DAY_RE.search(text):
        return start, start + timedelta(days=1)
    return start - timedelta(days=1), start


def _normal(text: str | None) -> str:
    return " ".join((text or "").lower().replace("’", "'").split())


def _absolute(
    text: str, anchor: date | None, context: str = "", ahead: bool = False
) -> Window | None:
    """Dates written out in full or in part: 2026-02-17, 17 February, Feb 17, in 2023. A
    date without its year is the last one on or before the story's date, unless the
    wording looks ahead to it ("a seventh round would take place in early August", "a
    moratorium starting on December 20")."""
    if match := _SEASON_RE.search(text):
        first_month, last_month = _SEASONS[match.group(1)]
        year = int(match.group(2))
        first = date(year, first_month, 1)
        end_year = year + 1 if last_month < first_month else year
        last = _month_window(end_year, last_month, None)[1]
        if anchor is not None and re.search(r"\bsince\s+(?:the\s+)?" + match.group(1), text):
            return first, anchor  # ongoing since then
        if anchor is not None and first <= anchor < last:
            last = anchor
        return first, last
    if match := _ISO_RE.search(text):
        day = _safe_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if day:
            return day, day
    for regex, day_group, month_group in ((_DAY_MONTH_RE, 1, 2), (_MONTH_DAY_RE, 2, 1)):
        match = regex.search(text)
        if not match:
            continue
        month, day_number = MONTHS[match.group(month_group)], int(match.group(day_group))
        year = int(match.group(3)) if match.group(3) else None
        if year is None:
            if anchor is None:
                return None
            year = anchor.year
            candidate = _safe_date(year, month, day_number)
            name = match.group(month_group)
            ahead = ahead or _looks_ahead(text, name) or _looks_ahead(context, name)
            near = (
                candidate is not None
                and (candidate - anchor).days <= NEAR_FUTURE_DAYS
                and not (_looks_back(text, name) or _looks_back(context, name))
            )
            if candidate and candidate > anchor and not (ahead or near):
                year -= 1
        day = _safe_date(year, month, day_number)
        if day:
            return day, day
    months = [
        window
        for match in _MONTH_RE.finditer(text)
        if (window := _month(match, text, anchor, context, ahead))
    ]
    if months:
        # "in January and early February": from the first month to the last
        return min(w[0] for w in months), max(w[1] for w in months)
    if match := _YEAR_RE.search(text):
        year = int(match.group(1))
        if re.search(rf"\bsince\s+{year}\b", text) and anchor is not None:
            return date(year, 1, 1), anchor  # ongoing since then
        return _year_window(year, anchor)
    return None


def _is_month(match: re.Match[str], text: str) -> bool:
    name = match.group(1)
    return name not in _AMBIGUOUS_MONTHS or bool(
        re.search(rf"\b(in|early|late|mid|since|last|this|of|during|until)[\s-]+{name}\b", text)
    )


def _month(
    match: re.Match[str], text: str, anchor: date | None, context: str = "", ahead: bool = False
) -> Window | None:
    """'in January', 'early February', 'March 2022': that whole month (up to the anchor);
    a month the wording looks ahead to ("will meet in August") is the coming one."""
    if not _is_month(match, text):
        return None
    name = match.group(1)
    month = MONTHS[name]
    if match.group(2):
        year = int(match.group(2))
    elif anchor is not None:
        ahead = ahead or _looks_ahead(text, name) or _looks_ahead(context, name)
        year = anchor.year if month <= anchor.month or ahead else anchor.year - 1
    else:
        return None
    if anchor is not None and re.search(rf"\bsince\s+{name}\b", text):
        return date(year, month, 1), anchor
    first, last = _month_window(year, month, None)
    if re.search(rf"\bearly[\s-]+{name}\b", text):
        first, last = first, first.replace(day=10)
    elif re.search(rf"\bmid[\s-]+{name}\b", text):
        first, last = first.replace(day=11), first.replace(day=20)
    elif re.search(rf"\blate[\s-]+{name}\b", text):
        first = first.replace(day=21)
    if anchor is not None and first <= anchor < last:
        last = anchor
    return first, last


def _relative(text: str, anchor: date, context: str = "", ahead: bool = False) -> Window:
    if match := _AGO_RE.search(text):
        raw, unit = match.group(1), match.group(2)
        amount = int(raw) if raw.isdigit() else SMALL_NUMBERS[raw]
        if unit in ("minute", "hour"):
            return anchor, anchor
        if unit == "day":
            day = anchor - timedelta(days=amount)
            return day, day
        if unit == "week":
            day = anchor - timedelta(weeks=amount)
            return day - timedelta(days=3), day + timedelta(days=3)
        if unit == "month":
            year, month = _shift_month(anchor.year, anchor.month, -amount)
            return _month_window(year, month, anchor)
        return _year_window(anchor.year - amount, anchor)

    night = bool(_NIGHT_RE.search(text))
    if match := _WEEKDAY_NIGHT_RE.search(text):
        day = _weekday(anchor, match.group(1), text, context, ahead)
        return (day, day + timedelta(days=1)) if match.group(0).endswith("night") else (day, day)
    if match := _WEEKDAY_RE.search(text):
        day = _weekday(anchor, match.group(1), text, context, ahead)
        # "overnight, hours before Tuesday's talks": the night before that day
        return (day - timedelta(days=1), day) if night else (day, day)

    if "day before yesterday" in text:
        day = anchor - timedelta(days=2)
        return day, day
    if "yesterday" in text or "last night" in text:
        return (anchor - timedelta(days=1), anchor) if night else (anchor - timedelta(days=1),) * 2
    if "tomorrow" in text:
        day = anchor + timedelta(days=1)
        return day, day
    if night:
        return anchor - timedelta(days=1), anchor
    if coming := _period_ahead(text, anchor) or (ahead and _rest_of_period(text, anchor)):
        return coming
    if re.search(r"\b(last|previous|past) week\b", text):
        monday = anchor - timedelta(days=anchor.weekday() + 7)
        return monday, monday + timedelta(days=6)
    if re.search(r"\bthis week\b|\bearlier (in )?the week\b", text):
        return anchor - timedelta(days=anchor.weekday()), anchor
    if re.search(r"\b(last|previous|past) month\b", text):
        year, month = _shift_month(anchor.year, anchor.month, -1)
        return _month_window(year, month, anchor)
    if re.search(r"\b(this|earlier this) month\b", text):
        return anchor.replace(day=1), anchor
    if re.search(r"\b(last|previous|past) year\b", text):
        return _year_window(anchor.year - 1, anchor)
    if re.search(r"\bthis year\b|\bsince the start of the year\b", text):
        return date(anchor.year, 1, 1), anchor
    if match := re.search(r"\b(past|last) (\d+|" + "|".join(SMALL_NUMBERS) + r") days\b", text):
        raw = match.group(2)
        amount = int(raw) if raw.isdigit() else SMALL_NUMBERS[raw]
        return anchor - timedelta(days=amount), anchor
    if re.search(r"\b(past|last|previous) (24|twenty-four) hours\b|\b(past|previous) day\b", text):
        return anchor - timedelta(days=1), anchor
    return anchor, anchor


def _period_ahead(text: str, anchor: date) -> Window | None:
    """'next week', 'next month', 'later this week', 'later this month': the days still to
    come (from the day after the story), so what is planned is never read as held."""
    if re.search(r"\bnext week\b", text):
        monday = anchor + timedelta(days=7 - anchor.weekday())
        return monday, monday + timedelta(days=6)
    if re.search(r"\bnext month\b", text):
        year, month = _shift_month(anchor.year, anchor.month, 1)
        return _month_window(year, month, None)
    if match := re.search(r"\blater (?:this|in the) (week|month|year)\b", text):
        if match.group(1) == "week":
            end = anchor + timedelta(days=6 - anchor.weekday())
        elif match.group(1) == "month":
            end = _month_window(anchor.year, anchor.month, None)[1]
        else:
            end = date(anchor.year, 12, 31)
        start = anchor + timedelta(days=1)
        return (start, end) if start <= end else (anchor, anchor)
    return None


def _rest_of_period(text: str, anchor: date) -> Window | None:
    """'this week', 'this month', 'this year' of what is still to come (a next round): the
    rest of it, from the story's day, not the part already gone (real news dev,
    2025-08-28: Witkoff "plans to meet Ukrainian representatives in New York this week",
    told on a Thursday, stood as Monday to Thursday, a meeting already past)."""
    if re.search(r"\bthis week\b", text):
        return anchor, anchor + timedelta(days=6 - anchor.weekday())
    if re.search(r"\bthis month\b", text):
        return anchor, _month_window(anchor.year, anchor.month, None)[1]
    if re.search(r"\bthis year\b", text):
        return anchor, date(anchor.year, 12, 31)
    return None


_DAY_WORDS = re.compile(
    r"\b(today|tonight|yesterday|tomorrow|ago|last (week|month|year)|this (week|month|year)|"
    r"next (week|month))\b"
)


def names_a_day(text: str | None) -> bool:
    """Whether the wording pins a day or period itself ("on Tuesday", "17 February", "in
    2023", "yesterday"), rather than only leaning on the story's date ("overnight", "soon")."""
    lowered = _normal(text)
    if not lowered:
        return False
    return bool(
        _WEEKDAY_RE.search(lowered)
        or _DAY_WORDS.search(lowered)
        or _ISO_RE.search(lowered)
        or _YEAR_RE.search(lowered)
        or any(_is_month(m, lowered) for m in _MONTH_RE.finditer(lowered))
        or _DAY_MONTH_RE.search(lowered)
        or _MONTH_DAY_RE.search(lowered)
    )


def day_reference(text: str | None) -> str | None:
    """The first phrase in `text` that pins a day ("on Tuesday", "Wednesday's", "17
    February"), for dating an item whose own time wording does not."""
    lowered = _normal(text)
    for regex in (_DAY_MONTH_RE, _MONTH_DAY_RE, _WEEKDAY_RE):
        if match := regex.search(lowered):
            return match.group(0)
    return None


def day_references(text: str | None) -> list[str]:
    """Every phrase in `text` that pins a day, in the order the text names them."""
    lowered = _normal(text)
    found = [
        (match.start(), match.group(0))
        for regex in (_DAY_MONTH_RE, _MONTH_DAY_RE, _WEEKDAY_RE)
        for match in regex.finditer(lowered)
    ]
    return [phrase for _, phrase in sorted(found)]


def past_period(
    text: str | None, before_year: int, compared: re.Pattern[str] | None = None
) -> str | None:
    """The past period a sentence names ("in the spring of 2022", "in February 2023", "in
    2022") when its year is before `before_year`, for dating an item whose own time
    wording names none: "In the spring of 2022, talks ... fell apart" is about 2022, not
    about the day the story ran. "Since 2022" is ongoing and does not count, nor a period
    the words just before it (`compared`) hold up for comparison ("led by Medinsky, just
    as in 2022")."""
    lowered = _normal(text)
    for match in _PAST_PERIOD_RE.finditer(lowered):
        before = _words_before(lowered, match.start())
        if _SINCE_BEFORE_RE.search(before):
            continue  # "the largest since the invasion in February 2022": a measure, not a time
        if compared is not None and compared.search(before):
            continue
        if int(match.group(2)) < before_year:
            return match.group(1)
    return None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_window(year: int, month: int, anchor: date | None) -> Window:
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    if anchor is not None and first <= anchor < last:
        last = anchor
    return first, last


def _year_window(year: int, anchor: date | None) -> Window:
    first, last = date(year, 1, 1), date(year, 12, 31)
    if anchor is not None and first <= anchor < last:
        last = anchor
    return first, last


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _weekday(anchor: date, name: str, text: str, context: str, ahead: bool = False) -> date:
    """The day a weekday named in `text` means: the last one on or before the story's date;
    "next Monday" the one after it; a weekday the wording looks ahead to ("will meet on
    Friday"), in `text` or in its sentence `context`, the coming one (the story's own day
    included); "last Tuesday" in a Tuesday story the week before."""
    weekday = _WEEKDAYS[name]
    back = (anchor.weekday() - weekday) % 7
    if re.search(r"\bnext\b", text):
        return anchor + timedelta(days=(weekday - anchor.weekday()) % 7 or 7)
    if ahead or _looks_ahead(text, name) or _looks_ahead(context, name):
        return anchor + timedelta(days=(weekday - anchor.weekday()) % 7)
    if re.search(r"\blast\b", text) and back == 0:
        back = 7
    return anchor - timedelta(days=back)


def looks_ahead(text: str, weekday: str) -> bool:
    """Whether `text` looks ahead to the weekday it names ("talks would resume on Monday")."""
    return _looks_ahead(_normal(text), weekday.lower())


def told_as_past(text: str | None) -> bool:
    """Whether a sentence tells its news as done: no future word anywhere ("will",
    "would", "next", "due" ...) and a past one ("was", "met", a verb in -ed): "Late on
    Wednesday evening, Putin finalized the Russian team of negotiators" is last Wednesday's,
    whatever a reader calls it."""
    normal = _normal(text or "")
    return not _AHEAD_RE.search(normal) and bool(
        _BACK_RE.search(normal) or _PAST_VERB.search(normal)
    )


_PAST_VERB = re.compile(r"\b[a-z]{3,}ed\b")


def _looks_ahead(text: str, name: str) -> bool:
    """Whether a future word ("will", "would resume", "due") stands shortly before the
    weekday or month `name` in `text`, in the same clause."""
    return _word_before(_AHEAD_RE, text, name)


def _looks_back(text: str, name: str) -> bool:
    """Whether a past word ("met", "was held", "last") stands shortly before `name`."""
    return _word_before(_BACK_RE, text, name)


def _word_before(words: re.Pattern[str], text: str, name: str) -> bool:
    return any(
        words.search(_words_before(text, match.start()))
        for match in re.finditer(rf"\b{name}\b", text)
    )


def _words_before(text: str, index: int) -> str:
    """The last few words before `index` within its clause."""
    # a sentence ends at a full stop, but not at the one of "U.S." (lowercased or not)
    clause = re.split(r"[,;:!?]|(?<!\b\w)\.(?=\s)", text[:index])[-1]
    return " ".join(clause.split()[-_AHEAD_WORDS:])
