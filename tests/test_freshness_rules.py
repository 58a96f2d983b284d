"""The FAQ freshness rules of the content contract, as pure functions with frozen time."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from mkdocs.exceptions import ConfigurationError

from madoguchi.model import FaqEntry, TrackedPage
from madoguchi.plugins.freshness.config import policy_from_options
from madoguchi.policy import Policy
from madoguchi.staleness import DUE_SOON, FRESH, OVERDUE, assess
from madoguchi.timeutil import (
    TimeValueError,
    current_time,
    format_interval,
    parse_date_or_datetime,
    parse_interval,
)

TOKYO = ZoneInfo("Asia/Tokyo")
POLICY = Policy()  # review_every 180d, warn_before 14d, Asia/Tokyo


def faq(reviewed: datetime, every: timedelta = timedelta(days=180)) -> FaqEntry:
    return FaqEntry(path="faq/a/b.md", type="faq", title="t", owner="o", reviewed=reviewed, review_every=every)


def tokyo(*args: int) -> datetime:
    return datetime(*args, tzinfo=TOKYO)  # type: ignore[misc]


class TestIntervals:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("90d", timedelta(days=90)),
            ("12w", timedelta(weeks=12)),
            ("36h", timedelta(hours=36)),
            (" 7d ", timedelta(days=7)),
        ],
    )
    def test_units(self, text: str, expected: timedelta) -> None:
        assert parse_interval(text) == expected

    @pytest.mark.parametrize("text", ["0d", "-3d", "90", "90m", "d", "", "1.5d", None, True])
    def test_rejects_zero_negative_and_unknown(self, text: object) -> None:
        with pytest.raises(TimeValueError):
            parse_interval(text)

    def test_round_trip(self) -> None:
        for text in ("2h", "90d", "12w"):
            assert format_interval(parse_interval(text)) == text


class TestDueAndStates:
    def test_due_is_reviewed_plus_interval_at_start_of_day_in_site_time_zone(self) -> None:
        reviewed = parse_date_or_datetime("2026-01-01", TOKYO)
        assert reviewed == tokyo(2026, 1, 1)
        assessment = assess(faq(reviewed), POLICY, tokyo(2026, 3, 1))
        assert assessment.due == tokyo(2026, 6, 30)
        assert assessment.state == FRESH

    def test_exactly_at_due_is_overdue(self) -> None:
        entry = faq(tokyo(2026, 1, 1), timedelta(days=30))
        assert assess(entry, POLICY, tokyo(2026, 1, 31)).state == OVERDUE
        assert assess(entry, POLICY, tokyo(2026, 1, 31) - timedelta(seconds=1)).state == DUE_SOON

    def test_warn_window_starts_exactly_warn_before_the_due_date(self) -> None:
        entry = faq(tokyo(2026, 1, 1), timedelta(days=30))  # due 01-31, warn from 01-17
        assert assess(entry, POLICY, tokyo(2026, 1, 17)).state == DUE_SOON
        assert assess(entry, POLICY, tokyo(2026, 1, 17) - timedelta(seconds=1)).state == FRESH

    def test_time_zone_decides_the_day(self) -> None:
        # 2026-01-30T15:00Z is 2026-01-31 00:00 in Tokyo: due already in the site's time zone.
        entry = faq(parse_date_or_datetime("2026-01-01", TOKYO), timedelta(days=30))
        assert assess(entry, POLICY, datetime(2026, 1, 30, 15, 0, tzinfo=timezone.utc)).state == OVERDUE
        assert assess(entry, POLICY, datetime(2026, 1, 30, 14, 59, tzinfo=timezone.utc)).state == DUE_SOON

    def test_date_time_reviewed_keeps_its_offset(self) -> None:
        reviewed = parse_date_or_datetime("2026-01-01T09:00:00Z", TOKYO)
        assert reviewed == tokyo(2026, 1, 1, 18)

    def test_reason_and_due_for_report(self) -> None:
        assessment = assess(faq(tokyo(2026, 1, 1), timedelta(days=30)), POLICY, tokyo(2026, 2, 10))
        assert assessment.reason == "reviewed 2026-01-01, review every 30d: overdue since 2026-01-31"

    def test_custom_warn_before(self) -> None:
        policy = policy_from_options({"warn_before": "2d"})
        entry = faq(tokyo(2026, 1, 1), timedelta(days=30))
        assert assess(entry, policy, tokyo(2026, 1, 20)).state == FRESH
        assert assess(entry, policy, tokyo(2026, 1, 29)).state == DUE_SOON

    def test_pages_with_reviewed_follow_the_same_rules(self) -> None:
        page = TrackedPage(
            path="contact.md",
            type="page",
            title="c",
            owner="o",
            reviewed=tokyo(2026, 1, 1),
            review_every=timedelta(days=10),
        )
        assert assess(page, POLICY, tokyo(2026, 1, 11)).state == OVERDUE


class TestPolicyOptions:
    def test_defaults(self) -> None:
        policy = policy_from_options({})
        assert policy.review_every == timedelta(days=180)
        assert policy.warn_before == timedelta(days=14)
        assert policy.update_every == {
            "minor": timedelta(hours=2),
            "major": timedelta(hours=2),
            "critical": timedelta(hours=2),
        }
        assert policy.timezone == TOKYO

    def test_update_every_per_impact(self) -> None:
        policy = policy_from_options({"update_every": {"default": "4h", "critical": "1h"}})
        assert policy.update_every["critical"] == timedelta(hours=1)
        assert policy.update_every["minor"] == timedelta(hours=4)

    @pytest.mark.parametrize(
        ("options", "key"),
        [
            ({"review_every": "0d"}, "review_every"),
            ({"timezone": "Mars/Olympus"}, "timezone"),
            ({"update_every": {"severe": "1h"}}, "update_every"),
        ],
    )
    def test_invalid_options_name_the_key(self, options: dict[str, object], key: str) -> None:
        with pytest.raises(ConfigurationError, match=rf"^Option '{key}': "):
            policy_from_options(options)


class TestNow:
    def test_frozen_by_environment(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("MADOGUCHI_NOW", "2026-11-23T03:00:00Z")
        assert current_time(TOKYO) == tokyo(2026, 11, 23, 12)

    def test_frozen_value_needs_an_offset(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("MADOGUCHI_NOW", "2026-11-23T03:00:00")
        with pytest.raises(TimeValueError, match="MADOGUCHI_NOW"):
            current_time(TOKYO)


def test_days_are_added_in_the_zone_the_date_was_given_in() -> None:
    """The same instant as a Berlin date and as a UTC time: 90 days later differ by the hour
    Berlin moved its clocks, and each entry is judged on its own (however often it is asked)."""
    berlin = Policy(timezone=ZoneInfo("Europe/Berlin"), warn_before=timedelta(0))
    as_date = parse_date_or_datetime("2026-03-01", berlin.timezone)
    as_utc = parse_date_or_datetime("2026-02-28T23:00:00+00:00", berlin.timezone)
    assert as_date == as_utc
    now = datetime(2026, 5, 29, 22, 30, tzinfo=timezone.utc)  # between the two due instants
    every = timedelta(days=90)
    for _ in range(2):
        assert assess(faq(as_date, every), berlin, now).state == OVERDUE  # due 2026-05-29 22:00 UTC
        assert assess(faq(as_utc, every), berlin, now).state == FRESH  # due 2026-05-29 23:00 UTC
