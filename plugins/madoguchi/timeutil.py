"""Instants, dates and intervals as the content contract defines them.

Pure functions: nothing here reads files or the environment except `current_time`,
which is the one place "now" comes from (`MADOGUCHI_NOW` freezes it).
"""

from __future__ import annotations

import functools
import os
import re
from datetime import date, datetime, time, timedelta, tzinfo

from .texts import Text

NOW_ENV = "MADOGUCHI_NOW"

_INTERVAL = re.compile(r"^\s*(-?\d+)\s*([hdw])\s*$")
_UNITS = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class TimeValueError(ValueError):
    """A value that is not the date, date-time or interval the contract expects: `text` in
    the catalog (`time.*`) for the site's language, `str()` the English."""

    def __init__(self, text: Text) -> None:
        super().__init__(str(text))
        self.text = text


def parse_interval(value: object) -> timedelta:
    """`90d`, `12w`, `2h` → timedelta. Zero and negative intervals are errors."""
    match = _INTERVAL.match(str(value)) if isinstance(value, (str, int)) else None
    if not match:
        raise TimeValueError(Text.of("time.not_interval", value=repr(value)))
    amount = int(match.group(1))
    if amount <= 0:
        raise TimeValueError(Text.of("time.not_positive", value=repr(value)))
    return amount * _UNITS[match.group(2)]


@functools.lru_cache(maxsize=64)  # a handful of distinct intervals, asked for once per entry
def format_interval(delta: timedelta) -> str:
    """The inverse of `parse_interval` for whole weeks, days or hours."""
    hours = int(delta.total_seconds() // 3600)
    if hours % (24 * 7) == 0:
        return f"{hours // (24 * 7)}w"
    if hours % 24 == 0:
        return f"{hours // 24}d"
    return f"{hours}h"


def parse_date_or_datetime(value: object, tz: tzinfo) -> datetime:
    """A `reviewed` value: YYYY-MM-DD (start of that day in `tz`) or an ISO date-time."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, date):
        return datetime.combine(value, time(), tz)
    text = str(value).strip() if isinstance(value, str) else None
    if text and _DATE_ONLY.match(text):
        try:
            return datetime.combine(date.fromisoformat(text), time(), tz)
        except ValueError:
            pass
    elif text:
        try:
            return parse_datetime(text, tz)
        except TimeValueError:
            pass
    raise TimeValueError(Text.of("time.not_date", value=repr(value)))


def parse_datetime(value: object, tz: tzinfo) -> datetime:
    """An ISO 8601 date-time; without an offset it is read in the site time zone `tz`."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    text = value.strip() if isinstance(value, str) else ""
    if "T" in text or " " in text:
        try:
            # Python 3.10's fromisoformat does not read a trailing Z (3.11 does).
            parsed = datetime.fromisoformat(re.sub(r"[zZ]$", "+00:00", text))
        except ValueError:
            parsed = None
        if parsed is not None:
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)
    raise TimeValueError(Text.of("time.not_datetime", value=repr(value)))


def current_time(tz: tzinfo) -> datetime:
    """Now in `tz`, or the instant frozen by `MADOGUCHI_NOW` (ISO 8601 with offset)."""
    frozen = os.environ.get(NOW_ENV, "").strip()
    if not frozen:
        return datetime.now(tz)
    try:
        parsed = datetime.fromisoformat(re.sub(r"[zZ]$", "+00:00", frozen))
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise TimeValueError(Text.of("time.bad_now", name=NOW_ENV, value=repr(frozen)))
    return parsed.astimezone(tz)


def local(moment: datetime | None, tz: tzinfo) -> datetime | None:
    """`moment` in the site time zone (None stays None): what pages show."""
    return moment.astimezone(tz) if moment else None


def iso(moment: datetime | None, tz: tzinfo) -> str | None:
    """ISO 8601 in the site time zone, seconds precision: the report's format."""
    if moment is None:
        return None
    return moment.astimezone(tz).isoformat(timespec="seconds")
