"""The incident kind: `incidents/<file>.md`, a service incident and its updates. Its
freshness is the promise of the next update while it lasts and the report after it ends."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from ..dangerous import reference_danger
from ..model.check import Checker, check_markdown, owner
from ..model.entries import Entry
from ..model.fields import Field
from ..policy import IMPACTS, Policy
from ..staleness import FRESH, OVERDUE, Assessment, day, minute
from ..timeutil import format_interval
from ..urls import is_url
from . import Context, Kind, register

STATUSES = ("investigating", "identified", "monitoring", "resolved")
# With planned maintenance's (kinds/maintenance.py): what `status` accepts in the folder
MAINTENANCE_STATUSES = ("scheduled", "in_progress", "completed")
KNOWN_STATUSES = STATUSES + MAINTENANCE_STATUSES


@dataclass(frozen=True)
class Update:
    at: datetime
    status: str
    text: str


@dataclass
class Incident(Entry):
    status: str = "investigating"
    impact: str = "minor"
    started: datetime | None = None
    resolved_at: datetime | None = None
    affected: list[str] = field(default_factory=list)
    next_update: datetime | None = None
    updates: list[Update] = field(default_factory=list)
    report: str | None = None

    @property
    def resolved(self) -> bool:
        return self.status == "resolved"

    def references(self) -> list[tuple[str, str]]:
        return [("report", self.report)] if self.report and not is_url(self.report) else []

    def changed_at(self) -> list[datetime]:
        moments = [update.at for update in self.updates]
        if self.resolved_at is not None:
            moments.append(self.resolved_at)
        return moments

    def markdown_texts(self) -> Iterator[str]:
        """The body and every update's text as written (the raw front matter: an update
        the model refused is still in the file)."""
        yield self.body
        raw = self.meta.get("updates")
        for item in raw if isinstance(raw, list) else []:
            if isinstance(item, dict) and isinstance(item.get("text"), str):
                yield item["text"]


UPDATE_FIELDS: dict[str, Field] = {
    "at": Field("datetime", "更新日時 / When"),
    "status": Field("choice", "状況 / Status", choices=KNOWN_STATUSES),
    "text": Field("text", "お客様向けの本文（Markdown） / Text shown to customers"),
}
FIELDS: dict[str, Field] = {
    "status": Field(
        "choice",
        "状況（障害: investigating…resolved、メンテナンス: scheduled…completed）",
        choices=KNOWN_STATUSES,
    ),
    "impact": Field("choice", "影響度 / Incident impact", choices=IMPACTS),
    "started": Field("datetime", "発生日時（例: 2026-11-20T10:05:00+09:00） / When it started"),
    "resolved_at": Field("datetime", "復旧日時 / When it was resolved"),
    "affected": Field("text-list", "影響のあるサービス / Affected services"),
    "next_update": Field("datetime", "次回更新予定 / Promised next update"),
    "updates": Field("records", "経過（at, status, text） / Updates", items=UPDATE_FIELDS),
    "report": Field("text", "調査結果・再発防止策（URL か content/ からのパス） / Report URL or path"),
}


def parse_updates(
    check: Checker, policy: Policy, now: datetime, started: datetime | None, statuses: tuple[str, ...] = STATUSES
) -> list[Update]:
    raw = check.get("updates")
    if not isinstance(raw, list) or not raw:
        check.fail("updates", check.say("incident.updates_missing"))
        return []
    updates: list[Update] = []
    # Second precision, as in the feed's entry id (incidents.update_id): two updates within
    # one second would share an id and feed readers would drop one.
    seen: dict[datetime, int] = {}
    base_line = check.line("updates")
    for index, item in enumerate(raw):
        key = f"updates[{index}]"
        base_line = check.line(key)
        if not isinstance(item, Mapping):
            check.fail(key, check.say("incident.update_not_mapping", value=repr(item)), base_line)
            continue
        at = check.instant(f"{key}.at", item.get("at"), policy, base_line) if "at" in item else None
        if "at" not in item:
            check.fail(f"{key}.at", check.say("incident.update_at_missing"), base_line)
        status = item.get("status")
        if status not in statuses:
            check.fail(
                f"{key}.status",
                check.say("input.unknown_value", value=repr(status), choices=", ".join(statuses)),
                base_line,
            )
        text = item.get("text")
        if not isinstance(text, str) or not text.strip():
            check.fail(f"{key}.text", check.say("incident.update_text_missing"), base_line)
        else:
            check_markdown(check, f"{key}.text", text, base_line, per_line=False)
        if at is not None:
            instant = at.replace(microsecond=0)
            if instant in seen:
                check.fail(
                    f"{key}.at",
                    check.say("incident.update_same_instant", value=str(item.get("at")), index=seen[instant]),
                    base_line,
                )
                continue
            seen[instant] = index
            if started is not None and at < started:
                check.fail(
                    f"{key}.at",
                    check.say("time.before", value=str(item.get("at")), other="started", at=started.isoformat()),
                    base_line,
                )
            elif at > now:
                check.fail(
                    f"{key}.at",
                    check.say(
                        "incident.update_future", value=str(item.get("at")), now=now.isoformat(timespec="minutes")
                    ),
                    base_line,
                )
            elif status in statuses and isinstance(text, str):
                updates.append(Update(at=at, status=str(status), text=text))
    return updates


def parse_incident(path: str, check: Checker, context: Context) -> Incident:
    from .maintenance import KINDS_OF_INCIDENT, MAINTENANCE, parse_maintenance

    variety = check.get("kind")
    if variety == MAINTENANCE:
        return parse_maintenance(path, check, context)
    if variety is not None and variety not in KINDS_OF_INCIDENT:
        check.fail("kind", check.say("input.unknown_value", value=repr(variety), choices=", ".join(KINDS_OF_INCIDENT)))
    policy, now = context.policy, context.now
    title = check.required_text("title", "the customer-facing headline") or ""
    owner_ = owner(check, policy, None)
    draft = check.boolean("draft")
    status = check.choice("status", STATUSES) or "investigating"
    impact = check.choice("impact", IMPACTS) or "minor"
    started = None
    if check.get("started") is None:
        check.fail("started", check.say("time.missing"))
    else:
        started = check.instant("started", check.get("started"), policy)
    resolved_at = None
    if check.get("resolved_at") is not None:
        resolved_at = check.instant("resolved_at", check.get("resolved_at"), policy)
        if resolved_at and started and resolved_at <= started:
            check.fail(
                "resolved_at",
                check.say(
                    "time.not_after", value=str(check.get("resolved_at")), other="started", at=started.isoformat()
                ),
            )
        elif resolved_at and resolved_at > now:
            check.fail("resolved_at", check.say("time.future", value=str(check.get("resolved_at"))))
    elif status == "resolved":
        check.fail(
            "resolved_at",
            check.say("incident.resolved_at_missing"),
            check.line("status"),  # the key is absent: point at what makes it required
        )
    next_update = None
    if check.get("next_update") is not None:
        next_update = check.instant("next_update", check.get("next_update"), policy)
    report = check.optional_text("report", "a URL or a path relative to content/")
    if report is not None:
        refused = reference_danger(report)
        if refused:
            check.fail("report", refused)
            report = None
    return Incident(
        path=path,
        type="incident",
        title=title,
        owner=owner_,
        draft=draft,
        status=status,
        impact=impact,
        started=started,
        resolved_at=resolved_at,
        affected=check.text_list("affected", "a list of service names"),
        next_update=next_update,
        updates=parse_updates(check, policy, now, started),
        report=report,
    )


def last_update(incident: Incident) -> datetime | None:
    """The latest `at`, wherever it stands in the list."""
    return max((update.at for update in incident.updates), default=None)


def assess_incident(incident: Incident, policy: Policy, now: datetime) -> Assessment:
    """While open: due at the promised next update or the impact's update interval after
    the last update, whichever is first. Resolved: the report is due `report_within`.
    Planned maintenance has its own rule (kinds/maintenance.py)."""
    from .maintenance import Maintenance, assess_maintenance

    if isinstance(incident, Maintenance):
        return assess_maintenance(incident, policy, now)
    if incident.resolved:
        if incident.report:
            return Assessment(FRESH, None, "resolved; report published")
        if incident.resolved_at is None:
            raise ValueError(f"{incident.path} is resolved without resolved_at; validate first")
        due = incident.resolved_at + policy.report_within
        within = format_interval(policy.report_within)
        if now >= due:
            return Assessment(OVERDUE, due, f"resolved {day(incident.resolved_at, policy)}, no report within {within}")
        return Assessment(FRESH, due, f"resolved; report due by {day(due, policy)}")

    last = last_update(incident) or incident.started
    every = policy.update_every[incident.impact]
    candidates: list[tuple[datetime, str]] = []
    if last is not None:
        cadence = f"{incident.impact} incidents update every {format_interval(every)}"
        candidates.append((last + every, f"last update {minute(last, policy)}, {cadence}"))
    if incident.next_update is not None:
        candidates.append((incident.next_update, f"next update promised for {minute(incident.next_update, policy)}"))
    if not candidates:
        return Assessment(FRESH, None, f"{incident.status}")
    due, why = min(candidates, key=lambda candidate: candidate[0])
    if now >= due:
        return Assessment(OVERDUE, due, f"{incident.status}; {why}: overdue since {minute(due, policy)}")
    return Assessment(FRESH, due, f"{incident.status}; {why}")


# Planned maintenance's keys (after Incident and parse_updates, which that module builds on)
from .maintenance import FIELDS as MAINTENANCE_FIELDS  # noqa: E402

INCIDENT = register(
    Kind(
        name="incident",
        entry=Incident,
        parse=parse_incident,
        rule=assess_incident,
        fields={**FIELDS, **MAINTENANCE_FIELDS},
        folder="incidents",
        template="madoguchi/incident.html",
        item="partials/madoguchi/incident-item.html",
        label="incidents",
    )
)
