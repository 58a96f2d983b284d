"""The one string catalog of the site, the alerts and the CLI, Japanese first, English too:
`strings/ja.yml` and `strings/en.yml` (the same keys; tests/test_strings.py checks).

`strings(language)` gives a language's table with each missing key taken from the other
language (per key, not the whole table); a language with no table of its own is Japanese.
Dates are formatted with Babel (`format_moment`; the patterns are CLDR patterns in the
catalog, so no platform-specific strftime codes), and templates get the same as the
`madoguchi_date` filter (`install`). `zone_label` names the configured time zone for the
time-zone note: its CLDR name in the language (Asia/Tokyo → 日本時間 / Japan Time) with the
IANA name, or its UTC offset for a zone with no such name (UTC, Etc/GMT+5).
"""

from __future__ import annotations

import functools
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

LANGUAGES = ("ja", "en")  # the first is the default and the fallback of any other language
_FOLDER = Path(__file__).parent / "strings"


def _load(language: str) -> dict[str, str]:
    with open(_FOLDER / f"{language}.yml", encoding="utf-8") as file:
        table = yaml.load(file, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return {str(key): str(value) for key, value in table.items()}


# as written in the files (tests compare the key sets; the audit reads every value)
STRINGS: dict[str, dict[str, str]] = {language: _load(language) for language in LANGUAGES}


def language_of(language: str | None) -> str:
    """`ja`, `en`, `ja-JP`, `en_US`, … → the catalog language used (`ja` for any other)."""
    code = (language or LANGUAGES[0]).replace("_", "-").split("-")[0].lower()
    return code if code in STRINGS else LANGUAGES[0]


@functools.lru_cache(maxsize=8)
def _table(language: str) -> dict[str, str]:
    fallback = next(other for other in LANGUAGES if other != language)
    return {**STRINGS[fallback], **STRINGS[language]}


def strings(language: str | None) -> dict[str, str]:
    """The table for `language`, every key present (per-key fallback to the other language)."""
    return _table(language_of(language))


def message(key: str, language: str | None, **values: object) -> str:
    """An input error's message: on a Japanese site the Japanese text followed by the English
    (`日本語 / English`: the English carries the details and stays searchable), on an English
    site the English only. `values` fill both (`{value}`, `{what}`, …)."""
    from .texts import Text

    return Text.of(key, **values).say(language)


def format_moment(moment: date, pattern: str, language: str | None) -> str:
    """`moment` (a date, or a datetime shown in its own zone) with a CLDR `pattern`."""
    # equal datetimes in two zones are one key for a cache: the zone is part of the key
    zone = str(moment.tzinfo) if isinstance(moment, datetime) else ""
    return _format(moment, zone, pattern, language_of(language))


@functools.lru_cache(maxsize=8192)  # few distinct dates per site: each formatted once
def _format(moment: date, zone: str, pattern: str, locale: str) -> str:
    from babel.dates import format_date, format_datetime  # only when a date is shown

    if isinstance(moment, datetime):
        return str(format_datetime(moment, pattern, tzinfo=moment.tzinfo, locale=locale))
    return str(format_date(moment, pattern, locale=locale))


def zone_label(tz: tzinfo, language: str | None) -> str:
    """The configured zone as the time-zone note names it: 日本時間（Asia/Tokyo）,
    Central European Time (Europe/Paris), UTC+05:30 for Etc-style zones, UTC for UTC."""
    key = getattr(tz, "key", None) or str(tz)
    t = strings(language)
    if isinstance(tz, ZoneInfo) and "/" in key and not key.startswith("Etc/"):
        from babel.dates import get_timezone_name

        name = str(get_timezone_name(tz, locale=language_of(language)))
        return t["timezone_name"].format(name=name, tz=key)
    offset = datetime(2000, 1, 1, tzinfo=tz).utcoffset()
    if not offset:
        return "UTC"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def install(env: Any, language: str | None, tz: tzinfo) -> None:
    """Give a Jinja environment the catalog, the `madoguchi_date` filter and the zone note:
    `{{ moment | madoguchi_date }}` (date), `madoguchi_date("datetime")`, `("month")`."""
    t = strings(language)

    def madoguchi_date(moment: date, kind: str = "date") -> str:
        return format_moment(moment, t[f"{kind}_format"], language)

    env.globals["madoguchi_t"] = t
    env.globals["madoguchi_tz_note"] = t["timezone_note"].format(zone=zone_label(tz, language))
    env.filters["madoguchi_date"] = madoguchi_date
