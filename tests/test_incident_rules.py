"""The content contract's incident rules, as pure functions with frozen time.

Incidents are parsed from front matter text by the model (validation) and assessed by
`freshness.assess_incident` (lifecycle); the ordering helpers live in `incidents`.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml

from madoguchi.incidents import history, is_url, month_groups, ongoing, timeline
from madoguchi.kinds.incident import assess_incident, last_update
from madoguchi.model import Incident, Problem, parse_entry
from madoguchi.plugins.freshness.config import policy_from_options
from madoguchi.policy import Policy
from madoguchi.staleness import FRESH, OVERDUE
from support.content import FAQ_PAGE, INCIDENT_PAGE, incident_update, load_files

TOKYO = ZoneInfo("Asia/Tokyo")
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=TOKYO)
PATH = "incidents/2026-11-23-app-login.md"


def front_matter(**overrides: Any) -> dict[str, Any]:
    """A valid ongoing incident; keyword arguments replace keys (None removes one)."""
    data: dict[str, Any] = {
        "title": "アプリにログインできない",
        "owner": "cs-web",
        "status": "identified",
        "impact": "major",
        "started": "2026-11-23T08:40:00+09:00",
        "affected": ["スマートフォンアプリ"],
        "updates": [
            {"at": "2026-11-23T08:55:00+09:00", "status": "investigating", "text": "調査中です。"},
            {
                "at": "2026-11-23T09:40:00+09:00",
                "status": "identified",
                "text": "原因を特定しました。",
            },
        ],
    }
    for key, value in overrides.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def source(data: dict[str, Any]) -> str:
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n\n本文\n"


def line_of(data: dict[str, Any], key: str) -> int:
    """1-based line of a top-level key in the file `source(data)` writes."""
    lines = source(data).splitlines()
    return next(number for number, text in enumerate(lines, 1) if text.startswith(f"{key}:"))


def parse(data: dict[str, Any], policy: Policy | None = None, now: datetime = NOW) -> tuple[Incident, list[Problem]]:
    entry, problems = parse_entry(PATH, source(data), policy or Policy(), now)
    assert isinstance(entry, Incident)
    return entry, problems


def valid(policy: Policy | None = None, now: datetime = NOW, **overrides: Any) -> Incident:
    incident, problems = parse(front_matter(**overrides), policy, now)
    assert problems == []
    return incident


def errors(now: datetime = NOW, **overrides: Any) -> list[str]:
    _, problems = parse(front_matter(**overrides), now=now)
    return [str(problem) for problem in problems]


def resolved(**overrides: Any) -> dict[str, Any]:
    """Overrides that make the default incident resolved at 2026-11-23 10:30 JST."""
    updates = front_matter()["updates"] + [
        {"at": "2026-11-23T10:30:00+09:00", "status": "resolved", "text": "復旧しました。"}
    ]
    return {
        "status": "resolved",
        "resolved_at": "2026-11-23T10:30:00+09:00",
        "updates": updates,
        **overrides,
    }


# --- Lifecycle: unresolved incidents -------------------------------------------------


class TestUnresolved:
    def test_fresh_until_last_update_plus_update_every(self) -> None:
        incident = valid()  # last update 09:40, default update_every 2h
        assessment = assess_incident(incident, Policy(), datetime(2026, 11, 23, 11, 39, tzinfo=TOKYO))
        assert assessment.state == FRESH
        assert assessment.due == datetime(2026, 11, 23, 11, 40, tzinfo=TOKYO)

    def test_overdue_at_last_update_plus_update_every(self) -> None:
        incident = valid()
        assessment = assess_incident(incident, Policy(), datetime(2026, 11, 23, 11, 40, tzinfo=TOKYO))
        assert assessment.state == OVERDUE
        assert assessment.due == datetime(2026, 11, 23, 11, 40, tzinfo=TOKYO)
        assert "last update 2026-11-23 09:40" in assessment.reason
        assert "major incidents update every 2h" in assessment.reason

    def test_last_update_is_the_latest_at_wherever_it_stands(self) -> None:
        newest_first = list(reversed(front_matter()["updates"]))
        incident = valid(updates=newest_first)
        assert last_update(incident) == datetime(2026, 11, 23, 9, 40, tzinfo=TOKYO)
        assert assess_incident(incident, Policy(), NOW).due == datetime(2026, 11, 23, 11, 40, tzinfo=TOKYO)

    def test_update_every_differs_per_impact(self) -> None:
        policy = policy_from_options({"update_every": {"default": "4h", "critical": "1h"}})
        at = datetime(2026, 11, 23, 11, 0, tzinfo=TOKYO)  # 1h20 after the last update
        assert assess_incident(valid(policy, impact="critical"), policy, at).state == OVERDUE
        assert assess_incident(valid(policy, impact="major"), policy, at).state == FRESH
        assert assess_incident(valid(policy, impact="minor"), policy, at).due == datetime(
            2026, 11, 23, 13, 40, tzinfo=TOKYO
        )

    def test_promised_next_update_passed_is_overdue(self) -> None:
        incident = valid(next_update="2026-11-23T10:00:00+09:00")
        before = assess_incident(incident, Policy(), datetime(2026, 11, 23, 9, 59, tzinfo=TOKYO))
        at = assess_incident(incident, Policy(), datetime(2026, 11, 23, 10, 0, tzinfo=TOKYO))
        assert before.state == FRESH
        assert at.state == OVERDUE
        assert at.due == datetime(2026, 11, 23, 10, 0, tzinfo=TOKYO)
        assert "next update promised for 2026-11-23 10:00" in at.reason

    def test_a_later_promise_does_not_extend_update_every(self) -> None:
        # The promise is 23:00 but the 2h rhythm since 09:40 still applies: whichever comes first.
        incident = valid(next_update="2026-11-23T23:00:00+09:00")
        assessment = assess_incident(incident, Policy(), NOW)
        assert assessment.state == OVERDUE
        assert assessment.due == datetime(2026, 11, 23, 11, 40, tzinfo=TOKYO)

    def test_incidents_have_no_due_soon_state(self) -> None:
        incident = valid()
        for minutes in range(0, 200, 10):
            at = datetime(2026, 11, 23, 9, 40, tzinfo=TOKYO) + timedelta(minutes=minutes)
            assert assess_incident(incident, Policy(), at).state in (FRESH, OVERDUE)


# --- Lifecycle: resolved incidents ---------------------------------------------------


class TestResolved:
    def test_without_report_fresh_until_report_within(self) -> None:
        incident = valid(**resolved())
        policy = Policy()  # report_within 14d
        due = datetime(2026, 12, 7, 10, 30, tzinfo=TOKYO)
        assert assess_incident(incident, policy, due - timedelta(minutes=1)).state == FRESH
        assessment = assess_incident(incident, policy, due)
        assert assessment.state == OVERDUE
        assert assessment.due == due
        assert "no report within 2w" in assessment.reason

    def test_report_within_is_configurable(self) -> None:
        policy = policy_from_options({"report_within": "3d"})
        incident = valid(policy, **resolved())
        assert assess_incident(incident, policy, datetime(2026, 11, 26, 10, 29, tzinfo=TOKYO)).state == FRESH
        assert assess_incident(incident, policy, datetime(2026, 11, 26, 10, 30, tzinfo=TOKYO)).state == OVERDUE

    @pytest.mark.parametrize("report", ["https://example.jp/reports/login", "reports/app-login.md"])
    def test_with_report_stays_fresh(self, report: str) -> None:
        incident, problems = parse(front_matter(**resolved(report=report)))
        # A content path must exist: parse_entry alone cannot know, load_site checks it.
        assert problems == []
        assessment = assess_incident(incident, Policy(), NOW + timedelta(days=365))
        assert assessment.state == FRESH
        assert assessment.due is None

    def test_passed_next_update_no_longer_matters_once_resolved(self) -> None:
        incident = valid(**resolved(next_update="2026-11-23T10:00:00+09:00"))
        assert assess_incident(incident, Policy(), NOW).state == FRESH


# --- Input errors ----------------------------------------------------------------------


class TestInputErrors:
    def test_unknown_status(self) -> None:
        assert errors(status="fixed") == [
            f"{PATH}:4: status: 'fixed' は使えない値です（investigating, identified, monitoring, resolved のどれか） / 'fixed' is not known (expected one of investigating, identified, monitoring, resolved)"
        ]

    def test_unknown_impact(self) -> None:
        assert errors(impact="catastrophic") == [
            f"{PATH}:5: impact: 'catastrophic' は使えない値です（minor, major, critical のどれか） / 'catastrophic' is not known (expected one of minor, major, critical)"
        ]

    def test_unknown_status_of_an_update(self) -> None:
        updates = front_matter()["updates"]
        updates[1]["status"] = "fixing"
        assert errors(updates=updates) == [
            f"{PATH}:13: updates[1].status: 'fixing' は使えない値です（investigating, identified, monitoring, resolved "
            "のどれか） / 'fixing' is not known (expected one of investigating, identified, monitoring, resolved)"
        ]

    def test_resolved_without_resolved_at_points_at_status(self) -> None:
        assert errors(**resolved(resolved_at=None)) == [
            f"{PATH}:{line_of(front_matter(), 'status')}: resolved_at: 復旧日時（resolved_at）がありません"
            "（status が resolved のときは必須です） / missing "
            "(expected the date-time the incident was resolved, since status is resolved)"
        ]

    def test_update_before_started(self) -> None:
        updates = front_matter()["updates"]
        updates[0]["at"] = "2026-11-23T08:30:00+09:00"
        assert errors(updates=updates) == [
            f"{PATH}:10: updates[0].at: 2026-11-23T08:30:00+09:00 は started（2026-11-23T08:40:00+09:00）より前です / "
            "2026-11-23T08:30:00+09:00 is before started (2026-11-23T08:40:00+09:00)"
        ]

    def test_update_in_the_future(self) -> None:
        updates = front_matter()["updates"]
        updates[1]["at"] = "2026-11-23T12:01:00+09:00"
        assert errors(updates=updates) == [
            f"{PATH}:13: updates[1].at: 2026-11-23T12:01:00+09:00 は未来の日時です（現在は 2026-11-23T12:00+09:00） / "
            "2026-11-23T12:01:00+09:00 is in the future (now is 2026-11-23T12:00+09:00)"
        ]

    def test_update_exactly_now_is_accepted(self) -> None:
        updates = front_matter()["updates"]
        updates[1]["at"] = "2026-11-23T12:00:00+09:00"
        assert errors(updates=updates) == []

    def test_resolved_at_before_started(self) -> None:
        overrides = resolved(resolved_at="2026-11-23T08:00:00+09:00")
        assert errors(**overrides) == [
            f"{PATH}:{line_of(front_matter(**overrides), 'resolved_at')}: resolved_at: "
            "2026-11-23T08:00:00+09:00 が started（2026-11-23T08:40:00+09:00）より後になっていません / "
            "2026-11-23T08:00:00+09:00 is not after started (2026-11-23T08:40:00+09:00)"
        ]

    def test_resolved_at_equal_to_started_is_not_after_it(self) -> None:
        overrides = resolved(resolved_at="2026-11-23T08:40:00+09:00")
        assert errors(**overrides) == [
            f"{PATH}:{line_of(front_matter(**overrides), 'resolved_at')}: resolved_at: "
            "2026-11-23T08:40:00+09:00 が started（2026-11-23T08:40:00+09:00）より後になっていません / "
            "2026-11-23T08:40:00+09:00 is not after started (2026-11-23T08:40:00+09:00)"
        ]

    @pytest.mark.parametrize(
        ("key", "value"),
        [
            ("started", "2026-11-23"),
            ("started", "yesterday"),
            ("next_update", "23時"),
            ("resolved_at", 20261123),
        ],
    )
    def test_not_a_date_time(self, key: str, value: object) -> None:
        overrides = resolved(**{key: value}) if key == "resolved_at" else {key: value}
        found = errors(**overrides)
        assert len(found) == 1
        assert found[0].endswith(
            f": {key}: {value!r} は日時ではありません（ISO 8601 で書いてください。例: 2026-11-20T10:05:00+09:00） / "
            f"{value!r} is not a date-time (expected ISO 8601, e.g. 2026-11-20T10:05:00+09:00)"
        )

    @pytest.mark.parametrize("key", ["title", "status", "impact", "started"])
    def test_missing_required_key(self, key: str) -> None:
        found = errors(**{key: None})
        assert any(f": {key}: " in problem and "missing" in problem for problem in found), found

    def test_updates_missing_or_empty(self) -> None:
        assert errors(updates=[]) == [
            f"{PATH}:{line_of(front_matter(updates=[]), 'updates')}: updates: 経過（updates）がありません"
            "（at, status, text を持つ項目のリストを1つ以上書いてください） / missing or empty "
            "(expected a list of {at, status, text}, at least one)"
        ]

    def test_update_without_text_or_at(self) -> None:
        found = errors(updates=[{"status": "investigating"}])
        assert (
            f"{PATH}:10: updates[0].at: 経過の日時（at）がありません / missing (expected the date-time of the update)"
            in found
        )
        assert (
            f"{PATH}:10: updates[0].text: 経過の本文（text、Markdown）がありません / "
            "missing (expected the update's Markdown text)" in found
        )

    def test_every_error_of_a_file_is_reported_at_once(self) -> None:
        updates = [{"at": "2026-11-24T00:00:00+09:00", "status": "done", "text": "x"}]
        found = errors(status="fixed", impact="huge", updates=updates)
        keys = sorted(problem.split(": ")[1] for problem in found)
        assert keys == ["impact", "status", "updates[0].at", "updates[0].status"]


# --- Time zones ------------------------------------------------------------------------


class TestTimeZones:
    def test_z_is_utc(self) -> None:
        incident = valid(started="2026-11-22T23:40:00Z")  # 08:40 in Tokyo
        assert incident.started == datetime(2026, 11, 23, 8, 40, tzinfo=TOKYO)

    def test_other_offsets_are_honoured(self) -> None:
        updates = front_matter()["updates"]
        updates[1]["at"] = "2026-11-23T01:40:00+01:00"  # 09:40 in Tokyo
        incident = valid(updates=updates)
        assert last_update(incident) == datetime(2026, 11, 23, 9, 40, tzinfo=TOKYO)
        # An update at 08:30+09:00 spelled in UTC is still before started.
        updates[0]["at"] = "2026-11-22T23:30:00Z"
        assert any("updates[0].at" in problem and "before started" in problem for problem in errors(updates=updates))

    def test_without_offset_read_in_the_site_time_zone(self) -> None:
        incident = valid(started="2026-11-23T08:40:00")
        assert incident.started == datetime(2026, 11, 23, 8, 40, tzinfo=TOKYO)
        new_york = policy_from_options({"timezone": "America/New_York"})
        elsewhere = valid(new_york, now=datetime(2026, 11, 24, tzinfo=timezone.utc), started="2026-11-22T08:40:00")
        assert elsewhere.started == datetime(2026, 11, 22, 13, 40, tzinfo=timezone.utc)

    def test_update_without_offset_compared_in_site_time_zone(self) -> None:
        # 11:59 in Tokyo is before the frozen now (12:00 +09:00); as UTC it would be the future.
        updates = front_matter()["updates"]
        updates[1]["at"] = "2026-11-23T11:59:00"
        assert errors(updates=updates) == []
        updates[1]["at"] = "2026-11-23T12:01:00"
        assert len(errors(updates=updates)) == 1

    def test_reason_is_written_in_site_time_zone(self) -> None:
        incident = valid(next_update="2026-11-23T01:00:00Z")  # 10:00 in Tokyo
        assert "promised for 2026-11-23 10:00" in assess_incident(incident, Policy(), NOW).reason


# --- Ordering helpers --------------------------------------------------------------------


def make(
    path: str,
    *,
    impact: str = "minor",
    started: str,
    status: str = "identified",
    draft: bool = False,
) -> Incident:
    overrides: dict[str, Any] = {"impact": impact, "started": started, "draft": draft}
    if status == "resolved":
        overrides.update(resolved())
    updates = [{"at": started, "status": "investigating", "text": "調査中です。"}]
    if status == "resolved":
        updates.append({"at": overrides["resolved_at"], "status": "resolved", "text": "復旧しました。"})
    overrides["updates"] = updates
    entry, problems = parse_entry(path, source(front_matter(**overrides)), Policy(), NOW)
    assert problems == [] and isinstance(entry, Incident)
    return entry


class TestOrdering:
    def test_timeline_is_newest_first_whatever_the_file_order(self) -> None:
        updates = front_matter()["updates"]
        shuffled = [updates[1], updates[0]]
        assert [u.at for u in timeline(valid(updates=shuffled))] == [u.at for u in timeline(valid())]
        assert [u.status for u in timeline(valid())] == ["identified", "investigating"]

    def test_ongoing_worst_impact_first_then_most_recent(self) -> None:
        incidents = [
            make("incidents/a.md", impact="minor", started="2026-11-23T08:00:00+09:00"),
            make("incidents/b.md", impact="critical", started="2026-11-22T08:00:00+09:00"),
            make("incidents/c.md", impact="major", started="2026-11-21T08:00:00+09:00"),
            make("incidents/d.md", impact="major", started="2026-11-23T07:00:00+09:00"),
            make(
                "incidents/e.md",
                impact="critical",
                started="2026-11-20T08:00:00+09:00",
                status="resolved",
            ),
            make("incidents/f.md", impact="critical", started="2026-11-23T08:00:00+09:00", draft=True),
        ]
        assert [i.path for i in ongoing(incidents)] == [
            "incidents/b.md",
            "incidents/d.md",
            "incidents/c.md",
            "incidents/a.md",
        ]
        assert [i.path for i in history(incidents)] == ["incidents/e.md"]

    def test_history_grouped_by_month_in_site_time_zone(self) -> None:
        incidents = [
            make("incidents/a.md", started="2026-11-01T00:30:00+09:00", status="resolved"),  # Oct 31 in UTC
            make("incidents/b.md", started="2026-10-31T23:00:00+09:00", status="resolved"),
            make("incidents/c.md", started="2026-09-05T06:00:00+09:00", status="resolved"),
            make("incidents/d.md", started="2026-11-10T06:00:00+09:00", status="resolved"),
        ]
        groups = month_groups(history(incidents), TOKYO)
        assert [(g.year, g.month, [i.path for i in g.incidents]) for g in groups] == [
            (2026, 11, ["incidents/d.md", "incidents/a.md"]),
            (2026, 10, ["incidents/b.md"]),
            (2026, 9, ["incidents/c.md"]),
        ]


# One instant per update; `report` values -------------------------------------------------


def test_two_updates_at_the_same_instant_are_an_error(tmp_path: Path) -> None:
    updates = (
        incident_update("2026-11-20T10:30:00+09:00")
        + incident_update("2026-11-20T11:00:00+09:00", "identified")
        + incident_update("2026-11-20T02:00:00Z", "monitoring")  # 11:00 in Tokyo
    )
    site = load_files(
        tmp_path, {"incidents/2026-11-20-x.md": INCIDENT_PAGE.format(status="monitoring", extra="", updates=updates)}
    )
    assert [str(p) for p in site.problems] == [
        "content/incidents/2026-11-20-x.md:14: updates[2].at: 2026-11-20T02:00:00Z は updates[1] と同じ日時です"
        "（経過ごとに別の日時を書いてください） / 2026-11-20T02:00:00Z is the same instant as "
        "updates[1] (each update needs its own time)"
    ]


# A scheme-relative `//host/…` report is refused since content contract v2 ("`report:` must be an
# `http(s)://` URL or a path under content/"): tests/test_dangerous_input.py covers it.
@pytest.mark.parametrize("report", ["https://example.jp/r", "/faq/a/b.md#summary", "faq/a/b.md#summary", "faq/a/b.md"])
def test_report_urls_and_paths_with_a_section_are_accepted(tmp_path: Path, report: str) -> None:
    site = load_files(
        tmp_path,
        {
            "faq/a/b.md": FAQ_PAGE.format(title="b", extra="", body="## 概要 {#summary}"),
            "incidents/2026-11-20-x.md": INCIDENT_PAGE.format(
                status="resolved",
                extra=f"resolved_at: 2026-11-20T12:00:00+09:00\nreport: '{report}'\n",
                updates=incident_update("2026-11-20T12:00:00+09:00", "resolved", "復旧しました。"),
            ),
        },
    )
    assert site.problems == []
    incident = site.entries["incidents/2026-11-20-x.md"]
    assert isinstance(incident, Incident) and incident.report == report


def test_a_report_path_that_does_not_exist_is_still_an_error(tmp_path: Path) -> None:
    site = load_files(
        tmp_path,
        {
            "incidents/2026-11-20-x.md": INCIDENT_PAGE.format(
                status="resolved",
                extra="resolved_at: 2026-11-20T12:00:00+09:00\nreport: 'faq/a/gone.md#summary'\n",
                updates=incident_update("2026-11-20T12:00:00+09:00", "resolved", "復旧しました。"),
            ),
        },
    )
    assert [str(p) for p in site.problems] == [
        "content/incidents/2026-11-20-x.md:8: report: 'faq/a/gone.md#summary' がありません"
        "（content/ からの相対パスで書いてください） / 'faq/a/gone.md#summary' does not exist "
        "(expected a path relative to content/)"
    ]


def test_a_report_is_a_url_only_with_a_scheme_or_a_leading_double_slash() -> None:
    assert is_url("https://example.jp/x") and is_url("//example.jp/x")
    assert not is_url("faq/a/b.md") and not is_url("/faq/a/b.md#summary")
