"""Alerts' pure parts as a specification: news gating, digests, tracker plans, redaction,
config validation. No I/O, time passed in."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from madoguchi.alerts.config import AlertConfigError, parse_alert_config
from madoguchi.alerts.delivery import ChannelError, Retry, TrackedIssue
from madoguchi.alerts.digest import (
    Item,
    build_digests,
    is_news,
    marker,
    previous_run,
    render_digest,
)
from madoguchi.alerts.plan import plan_sync, wanted_issues
from madoguchi.alerts.secrets import RedactingFilter, Redactor, SecretError, expand

TOKYO = ZoneInfo("Asia/Tokyo")
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=TOKYO)  # a Monday
WEEK = timedelta(days=7)


def item(path: str, state: str, due: datetime, owner: str = "cs-ordering", new: bool = False) -> Item:
    return Item(
        path=path,
        title=path,
        owner=owner,
        state=state,
        due=due,
        url=f"https://x/{path}",
        source_url=None,
        action=f"madoguchi review content/{path}",
        new=new,
    )


# News: told once, then reminded weekly ---------------------------------------------------------


def test_previous_run_is_the_previous_weekday() -> None:
    assert previous_run(NOW) == NOW - timedelta(days=3)  # Monday looks back to Friday
    assert previous_run(NOW + timedelta(days=1)) == NOW  # Tuesday to Monday


def test_state_entered_since_the_previous_run_is_news() -> None:
    since = previous_run(NOW)
    became_overdue_on_saturday = datetime(2026, 11, 21, tzinfo=TOKYO)
    assert is_news(
        "overdue",
        became_overdue_on_saturday,
        NOW,
        warn_before=timedelta(days=14),
        since=since,
        remind_every=WEEK,
    )
    # due soon began 14 days before due: due on Dec 5 means due soon since Nov 21
    assert is_news(
        "due-soon",
        datetime(2026, 12, 5, tzinfo=TOKYO),
        NOW,
        warn_before=timedelta(days=14),
        since=since,
        remind_every=None,
    )


def test_old_overdue_is_news_only_on_its_weekly_reminder() -> None:
    since = previous_run(NOW)
    due = NOW - timedelta(days=26)
    assert not is_news("overdue", due, NOW, warn_before=timedelta(days=14), since=since, remind_every=WEEK)
    due = NOW - timedelta(days=28)  # the 4-week reminder fell at `NOW`
    assert is_news("overdue", due, NOW, warn_before=timedelta(days=14), since=since, remind_every=WEEK)
    assert not is_news("overdue", due, NOW, warn_before=timedelta(days=14), since=since, remind_every=None)


@given(st.integers(min_value=0, max_value=23), st.integers(min_value=1, max_value=30))
def test_daily_runs_tell_each_reminder_exactly_once(hour: int, remind_days: int) -> None:
    """Over consecutive daily windows an item is news exactly once per reminder period."""
    due = NOW.replace(hour=hour)
    remind = timedelta(days=remind_days)
    runs = [due + timedelta(days=d, hours=3) for d in range(remind_days * 3)]
    told = [
        run
        for run in runs
        if is_news(
            "overdue",
            due,
            run,
            warn_before=timedelta(0),
            since=run - timedelta(days=1),
            remind_every=remind,
        )
    ]
    assert len(told) == 3


# Digests ---------------------------------------------------------------------------------------


def test_digest_is_per_owner_worst_first_and_capped() -> None:
    config = parse_alert_config({"max_items": 2, "report_url": "https://faq.example.jp/freshness.json"})
    items = [
        item("faq/a.md", "due-soon", NOW + timedelta(days=3)),
        item("faq/b.md", "overdue", NOW - timedelta(days=2)),
        item("faq/c.md", "overdue", NOW - timedelta(days=12)),
        item("faq/d.md", "overdue", NOW - timedelta(days=1), owner="cs-members"),
    ]
    digests = build_digests(items, config)
    assert list(digests) == ["cs-members", "cs-ordering"]
    ordering = digests["cs-ordering"]
    assert [i.path for i in ordering.items] == ["faq/c.md", "faq/b.md", "faq/a.md"]
    assert [i.path for i in ordering.shown] == ["faq/c.md", "faq/b.md"] and ordering.hidden == 1
    text = render_digest(ordering, NOW, TOKYO, "ja")
    assert "・faq/c.md（12日超過）" in text
    assert "ほか 1件は一覧をご覧ください: https://faq.example.jp/freshness.json" in text


def test_include_limits_states() -> None:
    config = parse_alert_config({"include": ["overdue"]})
    digests = build_digests([item("faq/a.md", "due-soon", NOW + timedelta(days=3))], config)
    assert digests == {}


def test_hours_when_less_than_a_day() -> None:
    config = parse_alert_config({})
    digest = build_digests([item("faq/a.md", "overdue", NOW - timedelta(hours=5))], config)["cs-ordering"]
    assert "（5時間超過）" in render_digest(digest, NOW, TOKYO, "ja")
    assert "(5 hours overdue)" in render_digest(digest, NOW, TOKYO, "en").replace("（", "(").replace("）", ")")


# Tracker plans ---------------------------------------------------------------------------------


def issue(ref: str, marker_text: str) -> TrackedIssue:
    return TrackedIssue(ref, marker_text, "t", "b")


def test_plan_updates_the_marked_issue_creates_missing_and_closes_fresh() -> None:
    config = parse_alert_config({"max_items": 1})
    digest = build_digests(
        [
            item("faq/a.md", "overdue", NOW - timedelta(days=3)),
            item("faq/b.md", "overdue", NOW - timedelta(days=1)),
        ],
        config,
    )["cs-ordering"]
    wanted, still_stale = wanted_issues("cs-ordering", digest, "page", NOW, TOKYO, "ja")
    existing = [
        issue("#1", marker("cs-ordering", "faq/a.md")),
        issue("#2", marker("cs-ordering", "faq/b.md")),  # beyond the cap: kept open
        issue("#3", marker("cs-ordering", "faq/old.md")),  # fresh again: closed
        issue("#4", marker("cs-members", "faq/x.md")),  # someone else's
    ]
    actions = plan_sync("cs-ordering", existing, wanted, still_stale)
    assert [(a.kind, a.issue.ref if a.issue else None) for a in actions] == [
        ("update", "#1"),
        ("close", "#3"),
    ]
    assert (
        plan_sync(
            "cs-new",
            existing,
            wanted_issues(
                "cs-new",
                build_digests([item("faq/n.md", "overdue", NOW, owner="cs-new")], config)["cs-new"],
                "owner",
                NOW,
                TOKYO,
                "ja",
            )[0],
            {marker("cs-new")},
        )[0].kind
        == "create"
    )


def test_marker_keeps_owner_names_apart() -> None:
    actions = plan_sync("cs", [issue("#1", marker("cs-ordering"))], [], set())
    assert actions == []


# Retries and secrets ---------------------------------------------------------------------------


def test_transient_errors_are_retried_with_growing_backoff() -> None:
    delays: list[float] = []
    outcomes = iter([ChannelError("HTTP 502", transient=True), ChannelError("HTTP 503", transient=True), "ok"])

    def action() -> str:
        outcome = next(outcomes)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    assert Retry(attempts=3, backoff=0.5, sleep=delays.append).run(action) == "ok"
    assert delays == [0.5, 1.0]


def test_permanent_errors_are_not_retried() -> None:
    calls = []

    def action() -> None:
        calls.append(1)
        raise ChannelError("bad credentials (HTTP 401)")

    with pytest.raises(ChannelError, match="HTTP 401"):
        Retry(attempts=3, backoff=0, sleep=lambda _: None).run(action)
    assert len(calls) == 1


def test_expand_registers_the_secret_and_its_parts() -> None:
    redactor = Redactor()
    url = expand("{HOOK}?tag=x", {"HOOK": "slack://T000A/B000B/SecretPart123"}, redactor)
    assert url == "slack://T000A/B000B/SecretPart123?tag=x"
    assert "SecretPart123" not in redactor("apprise said: failed at .../SecretPart123")
    assert redactor(f"url={url}") == "url=***"
    with pytest.raises(SecretError, match="environment variable MISSING is not set"):
        expand("{MISSING}", {}, redactor)


def test_log_records_are_redacted(caplog: pytest.LogCaptureFixture) -> None:
    redactor = Redactor()
    redactor.add("apikey-123456")
    logger = logging.getLogger("madoguchi.test_alerts")
    logger.addFilter(RedactingFilter(redactor))
    with caplog.at_level(logging.WARNING, logger="madoguchi.test_alerts"):
        logger.warning("GET https://x.backlog.jp/api/v2/issues?apiKey=%s failed", "apikey-123456")
    assert caplog.messages == ["GET https://x.backlog.jp/api/v2/issues?apiKey=*** failed"]


# Config ------------------------------------------------------------------------------------------


def test_defaults_and_owner_inheritance() -> None:
    config = parse_alert_config(
        {
            "defaults": {"notify": ["{MADOGUCHI_SLACK}"], "github": True},
            "owners": {"cs-ordering": {"backlog": True}},
            "github": {"repo": "midori/support"},
            "backlog": {
                "space_url": "https://midori.backlog.jp/",
                "project_key": "CS",
                "issue_type_id": 1,
            },
        },
        site_url="https://faq.example.jp/",
    )
    ordering = config.destinations("cs-ordering")
    assert ordering.notify == ("{MADOGUCHI_SLACK}",) and ordering.github and ordering.backlog
    assert config.destinations("anyone").backlog is False
    assert config.report_url == "https://faq.example.jp/freshness.json"
    assert config.backlog and config.backlog.space_url == "https://midori.backlog.jp"
    assert config.github and config.github.token_env == "GITHUB_TOKEN" and config.github.per == "owner"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            {"language": "fr"},
            "Option 'notify': Sub-option 'language': Expected one of: ('ja', 'en') but received: 'fr'",
        ),
        (
            {"include": ["stale"]},
            "Option 'notify': Sub-option 'include': Item 0: Expected one of: ('overdue', 'due-soon')",
        ),
        (
            {"github": {"repo": "nope"}},
            "Option 'notify': Sub-option 'github': Sub-option 'repo': Expected owner/name, got 'nope'",
        ),
        (
            {"github": {"repo": "a/b", "token_env": "my token"}},
            "Option 'notify': Sub-option 'github': Sub-option 'token_env': Expected the name",
        ),
        (
            {"backlog": {"space_url": "https://x.backlog.jp", "project_key": "CS"}},
            "Option 'notify': Sub-option 'backlog': Sub-option 'issue_type_id': Required configuration not provided",
        ),
        (
            {"backlog": {"space_url": "x", "project_key": "CS", "issue_type_id": 1}},
            "Option 'notify': Sub-option 'backlog': Sub-option 'space_url': Expected an http(s) URL",
        ),
        (
            {"github": {"repo": "a/b", "per": "team"}},
            "Option 'notify': Sub-option 'github': Sub-option 'per': Expected one of: ('owner', 'page')",
        ),
        (
            {"owners": {"cs": {"notify": ["hooks.slack.com/x"]}}},
            "Option 'notify': Sub-option 'owners': Sub-option 'cs': Sub-option 'notify': Item 0: Expected an apprise URL",
        ),
        ({"remind_every": "0d"}, "Option 'notify': Sub-option 'remind_every': '0d' must be longer than zero"),
        ({"backoff": -1}, "Option 'notify': Sub-option 'backoff': Expected a number of seconds"),
    ],
)
def test_invalid_config_names_the_key(raw: dict, message: str) -> None:
    with pytest.raises(AlertConfigError) as error:
        parse_alert_config(raw)
    assert str(error.value).startswith(message)
