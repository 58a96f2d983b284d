"""Planned maintenance (計画メンテナンス): an incident file with `kind: maintenance` (content
contract "Planned maintenance"). It lives in the incidents' folder and is an Incident to the
index, the feed and the pages, with its own keys (`scheduled_start`, `scheduled_end`,
`notice_from`), statuses (予定 `scheduled` → 実施中 `in_progress` → 完了 `completed`) and
freshness: overdue when `now >= scheduled_end` and it is not completed. It is announced
(banner, the index's 「予定されているメンテナンス」, the home page, the feed) from
`notice_from`, by default 7 days before `scheduled_start`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from ..model.check import Checker, owner
from ..model.fields import Field
from ..policy import Policy
from ..staleness import FRESH, OVERDUE, Assessment, minute
from . import Context
from .incident import MAINTENANCE_STATUSES as STATUSES
from .incident import Incident, parse_updates

MAINTENANCE = "maintenance"
KINDS_OF_INCIDENT = ("incident", MAINTENANCE)  # the values of the key `kind`
COMPLETED = "completed"
NOTICE_BEFORE = timedelta(days=7)  # notice_from's default, before scheduled_start

# Added to the incident kind's keys (kinds/incident.py): one folder, one kind, one schema.
FIELDS: dict[str, Field] = {
    "kind": Field(
        "choice",
        "incident（既定）か maintenance（計画メンテナンス） / incident (default) or maintenance",
        choices=KINDS_OF_INCIDENT,
    ),
    "scheduled_start": Field("datetime", "メンテナンス開始予定日時 / Planned start (maintenance)"),
    "scheduled_end": Field("datetime", "メンテナンス終了予定日時 / Planned end (maintenance)"),
    "notice_from": Field("datetime", "告知開始日時（既定: 開始の7日前） / Announced from (default: 7 days before)"),
}


@dataclass
class Maintenance(Incident):
    scheduled_start: datetime | None = None
    scheduled_end: datetime | None = None
    notice_from: datetime | None = None

    @property
    def resolved(self) -> bool:
        return self.status == COMPLETED

    def announced_at(self, now: datetime) -> bool:
        """Announced (banner, index, home, feed) at `now`."""
        return self.notice_from is not None and now >= self.notice_from

    def changed_at(self) -> list[datetime]:
        return [update.at for update in self.updates]


def parse_maintenance(path: str, check: Checker, context: Context) -> Maintenance:
    policy, now = context.policy, context.now
    title = check.required_text("title", "the customer-facing headline, e.g. システムメンテナンスのお知らせ") or ""
    owner_ = owner(check, policy, None)
    status = check.choice("status", STATUSES) if check.get("status") is not None else "scheduled"
    start, end = check.window("scheduled_start", "scheduled_end", policy, "2026-12-10T01:00:00+09:00")
    notice_from = start - NOTICE_BEFORE if start is not None else None
    if check.get("notice_from") is not None:
        notice_from = check.instant("notice_from", check.get("notice_from"), policy)
        if notice_from is not None and start is not None and notice_from > start:
            check.fail(
                "notice_from",
                check.say(
                    "time.after", value=str(check.get("notice_from")), other="scheduled_start", at=start.isoformat()
                ),
            )
    for key in ("started", "resolved_at", "next_update", "impact"):
        if check.get(key) is not None:
            check.fail(key, check.say("maintenance.incident_key"))
    # Updates are optional: `madoguchi incident update` adds them as the work moves on.
    updates = [] if check.get("updates") is None else parse_updates(check, policy, now, None, STATUSES)
    return Maintenance(
        path=path,
        type="incident",
        title=title,
        owner=owner_,
        draft=check.boolean("draft"),
        status=status or "scheduled",
        impact="minor",
        started=start,
        affected=check.text_list("affected", "a list of service names"),
        updates=updates,
        report=None,
        scheduled_start=start,
        scheduled_end=end,
        notice_from=notice_from,
    )


def assess_maintenance(maintenance: Maintenance, policy: Policy, now: datetime) -> Assessment:
    """Overdue when the planned end has passed and it is not completed (move its status)."""
    if maintenance.resolved:
        return Assessment(FRESH, None, "maintenance completed")
    end = maintenance.scheduled_end
    if end is None:
        return Assessment(FRESH, None, f"maintenance {maintenance.status}")
    if now >= end:
        return Assessment(
            OVERDUE, end, f"maintenance {maintenance.status}; planned end {minute(end, policy)} passed, not completed"
        )
    return Assessment(FRESH, end, f"maintenance {maintenance.status} until {minute(end, policy)}")
