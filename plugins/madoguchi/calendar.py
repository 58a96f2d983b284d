"""The business calendar (営業カレンダー): `content/_data/calendar.yml` read and validated with
line numbers, and the one rule that says whether a channel is open at an instant.

A static site is read long after it is built, so the state a reader sees is computed in the
reader's browser (templates/assets/javascripts/madoguchi-calendar.js) from the same data
this module writes into the page (`Calendar.spec`). Both sides implement the rule below and are
run against one table of cases (tests/calendar_cases.yml):

for a channel on a local date D (in the calendar's time zone) the day's opening ranges are
1. none, when a closure covering D names the channel (reason: the closure's title);
2. else the `special_hours` for D and the channel, when there are;
3. else none, when D is a national holiday and the channel is `holidays: closed`;
4. else the weekly hours of D's weekday.
A channel is open at minute m of D when a range [start, end) holds m. Holidays are known from
the `holidays` library for the build year and the two years after (`holidays_until`); after
that date the weekly hours apply (the scheduled rebuild moves the horizon on).
A planned maintenance is shown next to the hours of the channels it affects (`affected_by`:
the channel's label or one of its `services`) when its window falls inside their opening
hours (`open_during`); it does not change the state.
Problems are catalog texts (`calendar.*`) said in the site's language, in the shape of every
input error (`日本語 / English` on a Japanese site, English on an English one).
No MkDocs import: the CLI's `check` validates the file with this module too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from .frontmatter import FrontMatterError, _Loader, explain
from .model import Problem
from .texts import Text

CALENDAR_FILE = "_data/calendar.yml"  # relative to docs_dir
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
HOLIDAY_YEARS_AHEAD = 2  # national holidays are written for the build year and the two after
OPEN, CLOSED = "open", "closed"
# Reasons: 受付中 / 受付時間外 / 本日休業
REASON_OPEN, REASON_AFTER_HOURS, REASON_CLOSED_TODAY = "open", "after-hours", "closed-today"

_TIME = re.compile(r"^(\d{2}):(\d{2})$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TOP_KEYS = ("timezone", "holidays", "channels", "closures", "special_hours")
_CHANNEL_KEYS = ("label", "hours", "holidays", "main", "services")
_CLOSURE_KEYS = ("from", "to", "title", "channels", "notice_from")
_SPECIAL_KEYS = ("date", "channels", "hours", "title")
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_LOOKAHEAD_DAYS = 400  # how far the next opening is searched


class CalendarError(Exception):
    """calendar.yml could not be read at all (YAML syntax, not a mapping)."""


Range = tuple[int, int]  # minutes since local midnight, [start, end), end ≤ 1440


@dataclass
class Channel:
    id: str
    label: str
    hours: dict[int, list[Range]]  # weekday (0 = Monday) → ranges
    holidays_open: bool = False
    main: bool = True
    # services it depends on, as a planned maintenance names them in `affected` (e.g. ウェブサイト)
    services: tuple[str, ...] = ()


@dataclass
class Closure:
    start: date
    end: date  # inclusive
    title: str
    channels: tuple[str, ...]
    notice_from: date | None = None


@dataclass
class Special:
    day: date
    channels: tuple[str, ...]
    hours: list[Range]
    title: str = ""


@dataclass
class Calendar:
    tz: tzinfo
    tz_name: str
    channels: list[Channel]
    closures: list[Closure] = field(default_factory=list)
    special: list[Special] = field(default_factory=list)
    holidays: dict[date, str] = field(default_factory=dict)
    holidays_until: date | None = None
    use_holidays: bool = True

    def channel(self, channel_id: str) -> Channel:
        return next(c for c in self.channels if c.id == channel_id)

    # --- the state rule ------------------------------------------------------------------
    def day(self, channel: Channel, day: date) -> tuple[list[Range], str]:
        """(ranges, why): the channel's opening ranges on a local date, and what decided them
        (a closure's title, a holiday's name, a special day's title, or "")."""
        for closure in self.closures:
            if closure.start <= day <= closure.end and channel.id in closure.channels:
                return [], closure.title
        for special in self.special:
            if special.day == day and channel.id in special.channels:
                return special.hours, special.title
        holiday = self.holidays.get(day) if self.use_holidays else None
        if holiday is not None and not channel.holidays_open:
            return [], holiday
        return channel.hours.get(day.weekday(), []), ""

    def local(self, day: date, minute: int) -> datetime:
        """The instant of a local date and minute (1440 = the next day's midnight)."""
        if minute >= 1440:
            day, minute = day + timedelta(days=1), minute - 1440
        naive = datetime.combine(day, time(minute // 60, minute % 60))
        return naive.replace(tzinfo=self.tz)

    def state(self, channel: Channel, now: datetime) -> ChannelState:
        local = now.astimezone(self.tz)
        today = local.date()
        minute = local.hour * 60 + local.minute
        ranges, why = self.day(channel, today)
        current = next((r for r in ranges if r[0] <= minute < r[1]), None)
        if current is not None:
            return ChannelState(channel.id, OPEN, REASON_OPEN, why, None, self._closes(channel, today, current))
        reason = REASON_AFTER_HOURS if ranges else REASON_CLOSED_TODAY
        return ChannelState(channel.id, CLOSED, reason, why, self._next_open(channel, today, minute), None)

    def _next_open(self, channel: Channel, today: date, minute: int) -> datetime | None:
        for offset in range(_LOOKAHEAD_DAYS):
            day = today + timedelta(days=offset)
            for start, _ in self.day(channel, day)[0]:
                if offset > 0 or start > minute:
                    return self.local(day, start)
        return None

    def _closes(self, channel: Channel, today: date, current: Range) -> datetime | None:
        """When the open stretch ends, following ranges that run on past midnight (a 24h
        channel never closes: None)."""
        day, end = today, current[1]
        for _ in range(8):
            if end < 1440:
                return self.local(day, end)
            day += timedelta(days=1)
            following = next((r for r in self.day(channel, day)[0] if r[0] == 0), None)
            if following is None:
                return self.local(day, 0)
            end = following[1]
        return None

    def affected_by(self, affected: list[str]) -> list[Channel]:
        """The channels a planned maintenance's `affected` names: by the channel's label or by
        one of its `services`."""
        names = set(affected)
        return [c for c in self.channels if c.label in names or names.intersection(c.services)]

    def open_during(self, channel: Channel, start: datetime, end: datetime) -> bool:
        """Whether the channel has opening hours anywhere in [start, end) (same day rule as
        `state`): a maintenance at night does not touch a channel open by day."""
        day, last = start.astimezone(self.tz).date(), end.astimezone(self.tz).date()
        for _ in range(_LOOKAHEAD_DAYS):
            if day > last:
                break
            for first, until in self.day(channel, day)[0]:
                if self.local(day, first) < end and start < self.local(day, until):
                    return True
            day += timedelta(days=1)
        return False

    def states(self, now: datetime) -> list[ChannelState]:
        return [self.state(channel, now) for channel in self.channels]

    # --- what the page carries -----------------------------------------------------------
    def spec(self) -> dict[str, Any]:
        """The calendar as the browser script reads it (JSON-ready)."""
        return {
            "tz": self.tz_name,
            "channels": [
                {
                    "id": c.id,
                    "hours": {str(d): [list(r) for r in ranges] for d, ranges in sorted(c.hours.items())},
                    "holidays": "open" if c.holidays_open else "closed",
                }
                for c in self.channels
            ],
            "holidays": {d.isoformat(): name for d, name in sorted(self.holidays.items())} if self.use_holidays else {},
            "holidays_until": self.holidays_until.isoformat() if self.holidays_until else None,
            "closures": [
                {"from": c.start.isoformat(), "to": c.end.isoformat(), "title": c.title, "channels": list(c.channels)}
                for c in self.closures
            ],
            "special": [
                {
                    "date": s.day.isoformat(),
                    "channels": list(s.channels),
                    "hours": [list(r) for r in s.hours],
                    "title": s.title,
                }
                for s in self.special
            ],
        }

    def notices(self, now: datetime) -> list[dict[str, Any]]:
        """Closures with `notice_from` not over at `now`: id, window (instants), dates."""
        found = []
        for closure in self.closures:
            if closure.notice_from is None:
                continue
            start = self.local(closure.notice_from, 0)
            until = self.local(closure.end, 1440)
            if now >= until:
                continue  # over: not in the build at all
            found.append(
                {
                    "id": f"closure-{closure.start.isoformat()}",
                    "kind": "closure",
                    "title": closure.title,
                    "from": start,
                    "until": until,
                    "start": closure.start,
                    "end": closure.end,
                    "channels": [self.channel(c).label for c in closure.channels],
                }
            )
        return found


@dataclass(frozen=True)
class ChannelState:
    channel: str
    state: str  # open | closed
    reason: str  # open | after-hours | closed-today
    why: str  # a closure's title, a holiday's name, a special day's title, or ""
    next_open: datetime | None
    closes: datetime | None


def iso_instant(value: datetime | None) -> str:
    """An instant as JavaScript's Date.toISOString writes it (the page's data attributes)."""
    if value is None:
        return ""
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


# --- reading calendar.yml ------------------------------------------------------------------


def _lines(node: yaml.Node, path: str, lines: dict[str, int]) -> None:
    """Every key path (`channels.phone.hours.mon-fri`, `closures[0].from`) → 1-based line."""
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = f"{path}.{key_node.value}" if path else str(key_node.value)
            lines.setdefault(key, key_node.start_mark.line + 1)
            _lines(value_node, key, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _lines(item, f"{path}[{index}]", lines)


def read_yaml(text: str) -> tuple[Any, dict[str, int]]:
    """(data, lines) of calendar.yml; dates stay text, duplicate keys are refused."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, {}
        lines: dict[str, int] = {}
        _lines(node, "", lines)
        return loader.construct_document(node), lines
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise FrontMatterError(mark.line + 1 if mark else 1, "-", f"YAML syntax error: {error.problem}") from None
    finally:
        loader.dispose()


def holidays_of_japan(first_year: int, last_year: int) -> dict[date, str]:
    """National holidays of Japan (振替休日 and 国民の休日 included), Japanese names."""
    import holidays  # a well-kept library (holidays.Japan), imported only when needed

    return dict(holidays.Japan(years=range(first_year, last_year + 1), language="ja").items())


class _Reader:
    def __init__(self, shown: str, lines: dict[str, int], language: str | None = None) -> None:
        self.shown = shown
        self.lines = lines
        self.language = language
        self.problems: list[Problem] = []

    def line(self, key: str) -> int:
        while key and key not in self.lines:
            key = key.rsplit(".", 1)[0] if "." in key else ""
        return self.lines.get(key, 1)

    def error(self, key: str, message: str, /, **values: object) -> None:
        """A problem at `key`: the catalog text `message` (calendar.*) filled with `values`."""
        self.problems.append(Problem(self.shown, self.line(key), key, Text.of(message, **values).say(self.language)))

    def mapping(self, value: Any, key: str, allowed: tuple[str, ...]) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.error(key or "-", "calendar.not_mapping", keys=", ".join(allowed))
            return None
        for name in value:
            if str(name) not in allowed:
                prefix = f"{key}." if key else ""
                self.error(f"{prefix}{name}", "calendar.unknown_key", name=repr(str(name)), keys=", ".join(allowed))
        return value

    def text(self, value: Any, key: str) -> str | None:
        if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip():
            return str(value)
        self.error(key, "calendar.not_text", value=repr(value))
        return None

    def date(self, value: Any, key: str) -> date | None:
        text = str(value) if isinstance(value, (str, date)) else None
        if text is not None and _DATE.match(text):
            try:
                return date.fromisoformat(text)
            except ValueError:
                pass
        self.error(key, "time.not_date", value=repr(value))
        return None

    def ranges(self, value: Any, key: str) -> list[Range] | None:
        """`"09:00-18:00"`, a list of such ranges, or `closed` (no ranges)."""
        items = value if isinstance(value, list) else [value]
        if value == "closed":
            return []
        found: list[Range] = []
        for item in items:
            parsed = self.range(item, key)
            if parsed is None:
                return None
            found.append(parsed)
        found.sort()
        for before, after in zip(found, found[1:], strict=False):
            if after[0] < before[1]:
                self.error(key, "calendar.ranges_overlap", value=repr(value))
                return None
        return found

    def range(self, value: Any, key: str) -> Range | None:
        expected = Text.of("calendar.range_expected")
        parts = value.split("-") if isinstance(value, str) else []
        if len(parts) != 2:
            self.error(key, "calendar.not_range", value=repr(value), expected=expected)
            return None
        minutes = []
        for part in parts:
            match = _TIME.match(part.strip())
            hour, minute = (int(match.group(1)), int(match.group(2))) if match else (99, 99)
            if minute > 59 or hour > 24 or (hour == 24 and minute):
                self.error(key, "calendar.not_time", value=repr(value), part=repr(part.strip()), expected=expected)
                return None
            minutes.append(hour * 60 + minute)
        if minutes[0] >= minutes[1]:
            self.error(key, "calendar.range_reversed", value=repr(value), expected=expected)
            return None
        if minutes[0] == 1440:
            self.error(key, "calendar.range_at_24", value=repr(value), expected=expected)
            return None
        return minutes[0], minutes[1]

    def days(self, value: Any, key: str) -> list[int] | None:
        """`mon`, `mon-fri`, or `sat,sun` → weekday numbers."""
        expected = Text.of("calendar.days_expected", days=" ".join(DAYS))
        found: list[int] = []
        for part in str(value).split(","):
            ends = [p.strip().lower() for p in part.split("-")]
            if len(ends) > 2 or any(e not in DAYS for e in ends):
                self.error(key, "calendar.not_day", value=repr(value), expected=expected)
                return None
            first, last = DAYS.index(ends[0]), DAYS.index(ends[-1])
            if last < first:
                self.error(key, "calendar.days_reversed", value=repr(value), expected=expected)
                return None
            found.extend(range(first, last + 1))
        return found

    def channel_list(self, value: Any, key: str, known: list[str]) -> tuple[str, ...] | None:
        if value == "all":
            return tuple(known)
        items = value if isinstance(value, list) else [value]
        for item in items:
            if item not in known:
                self.error(key, "calendar.unknown_channel", value=repr(item), known=", ".join(known))
                return None
        return tuple(str(i) for i in items)


def parse_calendar(
    text: str, shown: str, default_tz: str, today: date, language: str | None = None
) -> tuple[Calendar | None, list[Problem]]:
    """(calendar, problems) of calendar.yml's text; `shown` is its path as editors see it,
    `today` the build's date (holidays are read from its year to two years after),
    `language` the site's (problems in it; None: Japanese with the English after it)."""
    try:
        data, lines = read_yaml(text)
    except FrontMatterError as error:
        return None, [Problem(shown, error.line, error.key, explain(error.message, error.hint, language or "ja"))]
    reader = _Reader(shown, lines, language)
    top = reader.mapping(data, "", _TOP_KEYS)
    if top is None:
        return None, reader.problems
    tz_name = str(top.get("timezone") or default_tz)
    try:
        tz: tzinfo = ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        reader.error("timezone", "calendar.bad_timezone", value=repr(tz_name))
        tz = ZoneInfo(default_tz)
    holidays_value = top.get("holidays", "japan")
    if holidays_value not in ("japan", "none"):
        reader.error("holidays", "calendar.holidays", value=repr(holidays_value))
    channels = _channels(reader, top.get("channels"))
    known = [c.id for c in channels]
    closures = _closures(reader, top.get("closures"), known)
    special = _special(reader, top.get("special_hours"), known)
    last_year = today.year + HOLIDAY_YEARS_AHEAD
    use_holidays = holidays_value != "none"
    calendar = Calendar(
        tz,
        tz_name,
        channels,
        closures,
        special,
        holidays_of_japan(today.year, last_year) if use_holidays else {},
        date(last_year, 12, 31) if use_holidays else None,
        use_holidays,
    )
    return (calendar if not reader.problems else None), reader.problems


def _items(reader: _Reader, value: Any, key: str) -> Iterator[tuple[int, Any]]:
    if value is None:
        return
    if not isinstance(value, list):
        reader.error(key, "calendar.not_list")
        return
    yield from enumerate(value)


def _channels(reader: _Reader, value: Any) -> list[Channel]:
    if not isinstance(value, dict) or not value:
        reader.error("channels", "calendar.channels")
        return []
    channels = []
    for channel_id, body in value.items():
        key = f"channels.{channel_id}"
        if not isinstance(channel_id, str) or not _ID.match(channel_id):
            reader.error(key, "calendar.bad_channel_id", value=repr(channel_id))
            continue
        spec = reader.mapping(body, key, _CHANNEL_KEYS)
        if spec is None:
            continue
        label = reader.text(spec.get("label"), f"{key}.label")
        hours: dict[int, list[Range]] = {}
        owner: dict[int, str] = {}
        raw_hours = spec.get("hours")
        if not isinstance(raw_hours, dict):
            reader.error(f"{key}.hours", "calendar.hours")
            raw_hours = {}
        for days_key, ranges_value in raw_hours.items():
            day_key = f"{key}.hours.{days_key}"
            days = reader.days(days_key, day_key)
            ranges = reader.ranges(ranges_value, day_key)
            if days is None or ranges is None:
                continue
            for day in days:
                if day in owner:
                    reader.error(day_key, "calendar.day_twice", day=DAYS[day], other=repr(owner[day]))
                    break
                owner[day] = str(days_key)
                hours[day] = ranges
        holidays = spec.get("holidays", "closed")
        if holidays not in ("open", "closed"):
            reader.error(f"{key}.holidays", "calendar.channel_holidays", value=repr(holidays))
        main = spec.get("main", True)
        if not isinstance(main, bool):
            reader.error(f"{key}.main", "calendar.not_boolean", value=repr(main))
        services = spec.get("services", [])
        if not isinstance(services, list) or not all(isinstance(s, str) and s.strip() for s in services):
            reader.error(f"{key}.services", "calendar.services", value=repr(services))
            services = []
        if label is not None:
            channels.append(Channel(channel_id, label, hours, holidays == "open", main is not False, tuple(services)))
    return channels


def _closures(reader: _Reader, value: Any, known: list[str]) -> list[Closure]:
    closures: list[Closure] = []
    for index, item in _items(reader, value, "closures"):
        key = f"closures[{index}]"
        spec = reader.mapping(item, key, _CLOSURE_KEYS)
        if spec is None:
            continue
        start = reader.date(spec.get("from"), f"{key}.from")
        end = reader.date(spec.get("to", spec.get("from")), f"{key}.to")
        title = reader.text(spec.get("title"), f"{key}.title")
        channels = reader.channel_list(spec.get("channels", "all"), f"{key}.channels", known)
        notice_from = reader.date(spec["notice_from"], f"{key}.notice_from") if "notice_from" in spec else None
        if None in (start, end, title, channels) or ("notice_from" in spec and notice_from is None):
            continue
        assert start is not None and end is not None and title is not None and channels is not None
        if end < start:
            reader.error(f"{key}.to", "calendar.closure_reversed", end=end.isoformat(), start=start.isoformat())
            continue
        if notice_from is not None and notice_from > start:
            reader.error(
                f"{key}.notice_from", "calendar.notice_after", value=notice_from.isoformat(), start=start.isoformat()
            )
            continue
        for other in closures:
            shared = set(other.channels) & set(channels)
            if shared and other.start <= end and start <= other.end:
                reader.error(
                    key,
                    "calendar.closure_overlap",
                    title=repr(other.title),
                    start=str(other.start),
                    end=str(other.end),
                    channels=", ".join(sorted(shared)),
                )
                break
        else:
            closures.append(Closure(start, end, title, channels, notice_from))
    return closures


def _special(reader: _Reader, value: Any, known: list[str]) -> list[Special]:
    found: list[Special] = []
    for index, item in _items(reader, value, "special_hours"):
        key = f"special_hours[{index}]"
        spec = reader.mapping(item, key, _SPECIAL_KEYS)
        if spec is None:
            continue
        day = reader.date(spec.get("date"), f"{key}.date")
        channels = reader.channel_list(spec.get("channels", "all"), f"{key}.channels", known)
        if "hours" not in spec:
            reader.error(f"{key}.hours", "calendar.special_hours_missing")
            continue
        ranges = reader.ranges(spec["hours"], f"{key}.hours")
        title = str(spec.get("title") or "")
        if day is None or channels is None or ranges is None:
            continue
        clash = next((s for s in found if s.day == day and set(s.channels) & set(channels)), None)
        if clash is not None:
            reader.error(
                key,
                "calendar.special_twice",
                day=day.isoformat(),
                channels=", ".join(sorted(set(clash.channels) & set(channels))),
            )
            continue
        found.append(Special(day, channels, ranges, title))
    return found


def load_calendar(
    docs_dir: Any, shown_prefix: str, default_tz: str, today: date, language: str | None = None
) -> tuple[Calendar | None, list[Problem]]:
    """calendar.yml of a site (None and no problem when the file does not exist)."""
    from pathlib import Path

    path = Path(docs_dir) / CALENDAR_FILE
    if not path.is_file():
        return None, []
    text = path.read_text(encoding="utf-8-sig")
    return parse_calendar(text, shown_prefix + CALENDAR_FILE, default_tz, today, language)


# --- text for readers ----------------------------------------------------------------------


def clock(minute: int) -> str:
    return f"{minute // 60}:{minute % 60:02d}"


def ranges_text(ranges: list[Range]) -> str:
    return "、".join(f"{clock(s)}〜{clock(e)}" for s, e in ranges)


def weekly_rows(channel: Channel, t: dict[str, Any]) -> list[tuple[str, str]]:
    """(days, hours) with consecutive days of equal hours grouped: [("月〜金", "9:00〜18:00"), ...]."""
    labels = t["days"]
    rows: list[tuple[str, str]] = []
    day = 0
    while day < 7:
        hours = channel.hours.get(day, [])
        last = day
        while last + 1 < 7 and channel.hours.get(last + 1, []) == hours:
            last += 1
        if day == 0 and last == 6:
            days = t["every_day"]
        elif last == day:
            days = labels[day]
        else:
            days = f"{labels[day]}{t['sep'] if last == day + 1 else t['through']}{labels[last]}"
        text = t["all_day"] if hours == [(0, 1440)] else (ranges_text(hours) if hours else t["closed"])
        rows.append((days, text))
        day = last + 1
    return rows


# What readers see, in Japanese and English. The browser script gets the same table (spec's
# "t") and builds the same sentences, so the text does not change when the script takes over.
TEXT: dict[str, dict[str, Any]] = {
    "ja": {
        "open": "受付中",
        "after-hours": "受付時間外",
        "closed-today": "本日休業",
        "label_why": "{label}（{why}）",
        "until": "{time}まで",
        "until_day": "{date} {time}まで",
        "always": "24時間受付",
        "next_today": "本日 {time}から",
        "next": "次の受付は {date} {time}から",
        "none": "受付再開の予定は未定です",
        "date": "{m}月{d}日({w})",
        "full_date": "{y}年{m}月{d}日({w})",
        "days": list("月火水木金土日"),
        "closed": "休み",
        "every_day": "毎日",
        "all_day": "24時間",
        "through": "〜",
        "holidays_open": "通常どおり",
        "holidays_closed": "休み",
        "caption": "窓口と受付時間（{tz}）",
        "channel": "窓口",
        "hours": "受付時間",
        "holidays": "祝日",
        "now": "現在の状況",
        "compact": "窓口の受付状況（{tz}）",
        "contact": "お問い合わせ窓口を見る",
        "dates": "休業日・特別な受付時間",
        "closure": "{range} {title}（{channels}は休業）",
        "special": "{date} {channels}: {hours}",
        "special_closed": "{date} {channels}: 休業",
        "range": "{start}〜{end}",
        "sep": "・",
        "tz_label": {"Asia/Tokyo": "日本時間"},
        "notice_title": "{title}のお知らせ（{range}）",
        "notice_text": "{range}は{channels}の受付を休業いたします。",
        "notice_more": "受付時間を見る",
        "dismiss": "このお知らせを閉じる",
        "notices": "お知らせ",
        "maintenance_planned": "メンテナンス予定",
        "maintenance_now": "メンテナンス中",
        "maintenance_window": "{start}〜{end}",
    },
    "en": {
        "open": "Open",
        "after-hours": "Closed now",
        "closed-today": "Closed today",
        "label_why": "{label} ({why})",
        "until": "until {time}",
        "until_day": "until {date} {time}",
        "always": "Open 24 hours",
        "next_today": "opens today at {time}",
        "next": "opens {date} at {time}",
        "none": "No opening scheduled",
        "date": "{w} {m}/{d}",
        "full_date": "{w} {y}/{m}/{d}",
        "days": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        "closed": "closed",
        "every_day": "Every day",
        "all_day": "24 hours",
        "through": "–",
        "holidays_open": "open as usual",
        "holidays_closed": "closed",
        "caption": "Channels and hours ({tz})",
        "channel": "Channel",
        "hours": "Hours",
        "holidays": "Public holidays",
        "now": "Now",
        "compact": "Contact channels now ({tz})",
        "contact": "See all contact channels",
        "dates": "Closures and special hours",
        "closure": "{range} {title} ({channels} closed)",
        "special": "{date} {channels}: {hours}",
        "special_closed": "{date} {channels}: closed",
        "range": "{start} – {end}",
        "sep": ", ",
        "tz_label": {"Asia/Tokyo": "Japan time"},
        "notice_title": "{title} ({range})",
        "notice_text": "{channels} will be closed {range}.",
        "notice_more": "See our hours",
        "dismiss": "Dismiss this notice",
        "notices": "Notices",
        "maintenance_planned": "Planned maintenance",
        "maintenance_now": "Maintenance in progress",
        "maintenance_window": "{start} – {end}",
    },
}


def calendar_text(language: str | None) -> dict[str, Any]:
    code = (language or "ja").split("-")[0].lower()
    return TEXT.get(code, TEXT["ja"])


def day_text(day: date, t: dict[str, Any], full: bool = False) -> str:
    return str(t["full_date" if full else "date"]).format(
        y=day.year, m=day.month, d=day.day, w=t["days"][day.weekday()]
    )


def describe(calendar: Calendar, state: ChannelState, now: datetime, t: dict[str, Any]) -> tuple[str, str]:
    """(label, detail) a reader sees, e.g. ("受付時間外", "次の受付は 12月4日(金) 9:00から").
    madoguchi-calendar.js `describe` writes the same."""
    today = now.astimezone(calendar.tz).date()
    label = t[state.reason]
    if state.why and state.state == CLOSED:
        label = t["label_why"].format(label=label, why=state.why)
    if state.state == OPEN:
        if state.closes is None:
            return label, t["always"]
        local = state.closes.astimezone(calendar.tz)
        minute = local.hour * 60 + local.minute
        if local.date() == today + timedelta(days=1) and minute == 0:
            return label, t["until"].format(time=clock(1440))
        if local.date() == today:
            return label, t["until"].format(time=clock(minute))
        return label, t["until_day"].format(date=day_text(local.date(), t), time=clock(minute))
    if state.next_open is None:
        return label, t["none"]
    local = state.next_open.astimezone(calendar.tz)
    time_text = clock(local.hour * 60 + local.minute)
    if local.date() == today:
        return label, t["next_today"].format(time=time_text)
    return label, t["next"].format(date=day_text(local.date(), t), time=time_text)
