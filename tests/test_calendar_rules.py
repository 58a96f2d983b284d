"""The business calendar's rules in Python: calendar.yml input errors with their lines, and the
state table (tests/calendar_cases.yml) that the browser test runs too."""

from __future__ import annotations

import functools
from datetime import date, datetime
from pathlib import Path

import pytest
import yaml

from madoguchi.calendar import Calendar, parse_calendar

HERE = Path(__file__).parent
CASES = yaml.safe_load((HERE / "calendar_cases.yml").read_text(encoding="utf-8"))["cases"]
CALENDAR_YML = HERE / "fixtures" / "calendar" / "content" / "_data" / "calendar.yml"
BUILD_DAY = date(2026, 11, 23)  # support.site.NOW: holidays are known up to 2028-12-31


@functools.cache
def fixture_calendar() -> Calendar:
    calendar, problems = parse_calendar(
        CALENDAR_YML.read_text(encoding="utf-8"), "calendar.yml", "Asia/Tokyo", BUILD_DAY
    )
    assert problems == [] and calendar is not None
    return calendar


def expected_instant(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def test_the_case_table_has_at_least_thirty_rows_and_every_kind_of_edge() -> None:
    names = " ".join(case["name"] for case in CASES)
    assert len(CASES) >= 30
    for word in (
        "08:59",
        "09:00",
        "17:59",
        "18:00",
        "Saturday",
        "Sunday",
        "holiday",
        "振替休日",
        "closure first",
        "closure last",
        "special",
        "24:00",
        "UTC-5",
        "UTC+14",
        "DST",
    ):
        assert word in names, word


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_the_state_rule_gives_each_case_its_expected_state(case: dict) -> None:
    calendar = fixture_calendar()
    state = calendar.state(calendar.channel(case["channel"]), datetime.fromisoformat(case["at"]))
    assert state.state == case["state"]
    assert state.why == case.get("why", "")
    if case["state"] == "open":
        assert state.reason == "open" and state.next_open is None
        assert state.closes == expected_instant(case["closes"])
    else:
        assert state.reason == case["reason"] and state.closes is None
        assert state.next_open == expected_instant(case["next"])


def problems_of(text: str) -> list[str]:
    # English: the rules are what these cases are about (both languages: test_messages_both_languages.py)
    calendar, problems = parse_calendar(text, "content/_data/calendar.yml", "Asia/Tokyo", BUILD_DAY, "en")
    assert (calendar is None) == bool(problems)
    return [str(problem) for problem in problems]


GOOD_CHANNEL = "channels:\n  phone:\n    label: お電話\n    hours: {mon-fri: '09:00-18:00'}\n"

BAD_FILES = [
    (
        "a bad day name",
        "channels:\n  phone:\n    label: お電話\n    hours:\n      mon-fry: '09:00-18:00'\n",
        "content/_data/calendar.yml:5: channels.phone.hours.mon-fry: 'mon-fry' is not a day",
    ),
    (
        "25:00",
        "channels:\n  phone:\n    label: お電話\n    hours:\n      mon: '09:00-25:00'\n",
        "content/_data/calendar.yml:5: channels.phone.hours.mon: '09:00-25:00': '25:00' is not a time",
    ),
    (
        "a reversed time range",
        "channels:\n  phone:\n    label: お電話\n    hours:\n      mon: '18:00-09:00'\n",
        "content/_data/calendar.yml:5: channels.phone.hours.mon: '18:00-09:00': the range ends before it starts",
    ),
    (
        "overlapping time ranges",
        "channels:\n  phone:\n    label: お電話\n    hours:\n      mon: ['09:00-13:00', '12:00-18:00']\n",
        "content/_data/calendar.yml:5: channels.phone.hours.mon: ['09:00-13:00', '12:00-18:00']: the ranges overlap",
    ),
    (
        "overlapping days",
        "channels:\n  phone:\n    label: お電話\n    hours:\n      mon-fri: '09:00-18:00'\n      fri: '10:00-12:00'\n",
        "content/_data/calendar.yml:6: channels.phone.hours.fri: fri is already given by 'mon-fri' (overlapping days)",
    ),
    (
        "a reversed day range",
        "channels:\n  phone:\n    label: お電話\n    hours:\n      fri-mon: '09:00-18:00'\n",
        "content/_data/calendar.yml:5: channels.phone.hours.fri-mon: 'fri-mon': the day range is reversed",
    ),
    (
        "an unknown channel in a closure",
        GOOD_CHANNEL
        + "closures:\n  - {from: 2026-12-29, to: 2027-01-03, title: 年末年始休業, channels: [phone, fax]}\n",
        "content/_data/calendar.yml:6: closures[0].channels: unknown channel 'fax'",
    ),
    (
        "an unknown channel in special hours",
        GOOD_CHANNEL + "special_hours:\n  - date: 2026-12-28\n    channels: [chat]\n    hours: '09:00-15:00'\n",
        "content/_data/calendar.yml:7: special_hours[0].channels: unknown channel 'chat'",
    ),
    (
        "a bad date",
        GOOD_CHANNEL + "closures:\n  - from: 2026-12-32\n    title: 休業\n",
        "content/_data/calendar.yml:6: closures[0].from: '2026-12-32' is not a date (expected YYYY-MM-DD)",
    ),
    (
        "a reversed closure",
        GOOD_CHANNEL + "closures:\n  - from: 2027-01-03\n    to: 2026-12-29\n    title: 休業\n",
        "content/_data/calendar.yml:7: closures[0].to: 2026-12-29 is before from: 2027-01-03",
    ),
    (
        "overlapping closures",
        GOOD_CHANNEL
        + "closures:\n  - {from: 2026-12-29, to: 2027-01-03, title: 年末年始休業}\n  - {from: 2027-01-03, to: 2027-01-05, title: 棚卸し}\n",
        "content/_data/calendar.yml:7: closures[1]: overlaps the closure '年末年始休業'",
    ),
    (
        "an unknown key",
        GOOD_CHANNEL + "    hollidays: open\n",
        "content/_data/calendar.yml:5: channels.phone.hollidays: unknown key 'hollidays'",
    ),
    (
        "a duplicate key",
        GOOD_CHANNEL + "channels: {}\n",
        "content/_data/calendar.yml:5: channels: duplicate key 'channels'",
    ),
    ("a YAML syntax error", "channels:\n  phone: [\n", "content/_data/calendar.yml:3: -: YAML syntax error"),
    (
        "a bad time zone",
        "timezone: Asia/Tokio\n" + GOOD_CHANNEL,
        "content/_data/calendar.yml:1: timezone: 'Asia/Tokio' is not a time zone",
    ),
]


@pytest.mark.parametrize(("text", "expected"), [(t, e) for _, t, e in BAD_FILES], ids=[n for n, _, _ in BAD_FILES])
def test_a_bad_calendar_is_an_input_error_with_its_line(text: str, expected: str) -> None:
    problems = problems_of(text)
    assert any(problem.startswith(expected) for problem in problems), problems


def test_every_error_of_a_file_is_reported_in_one_run() -> None:
    text = "channels:\n  phone:\n    label: お電話\n    hours: {mon: '25:00-26:00', xyz: '09:00-10:00'}\n"
    assert len(problems_of(text)) == 2


def test_national_holidays_come_from_the_library_for_the_build_year_and_two_more() -> None:
    calendar = fixture_calendar()
    assert calendar.holidays[date(2026, 9, 22)] == "国民の休日"
    assert calendar.holidays[date(2027, 3, 22)] == "振替休日"
    assert max(calendar.holidays) >= date(2028, 11, 23)
    assert calendar.holidays_until == date(2028, 12, 31)
    spec = calendar.spec()
    assert spec["holidays"]["2028-01-01"] == "元日" and spec["holidays_until"] == "2028-12-31"


def test_holidays_none_ignores_national_holidays() -> None:
    calendar, problems = parse_calendar("holidays: none\n" + GOOD_CHANNEL, "c.yml", "Asia/Tokyo", BUILD_DAY)
    assert problems == [] and calendar is not None
    state = calendar.state(calendar.channel("phone"), datetime.fromisoformat("2026-11-23T12:00:00+09:00"))
    assert state.state == "open"


def test_a_closure_notice_runs_from_notice_from_until_the_closure_ends_and_is_dropped_after() -> None:
    calendar = fixture_calendar()
    (notice,) = calendar.notices(datetime.fromisoformat("2026-11-23T12:00:00+09:00"))
    assert notice["id"] == "closure-2026-12-29"
    assert notice["from"] == datetime.fromisoformat("2026-12-01T00:00:00+09:00")
    assert notice["until"] == datetime.fromisoformat("2027-01-04T00:00:00+09:00")
    assert calendar.notices(datetime.fromisoformat("2027-01-04T00:00:00+09:00")) == []
