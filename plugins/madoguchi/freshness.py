"""The freshness rules of the content contract, as pure functions of (entry, policy, now).

Every other part of Madoguchi (build, report, CLI, alerts) asks these functions;
the rules live here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from functools import lru_cache

from .model import Entry, FaqEntry, Incident, Page
from .policy import Policy
from .timeutil import format_interval

FRESH, DUE_SOON, OVERDUE = "fresh", "due-soon", "overdue"
STATES = (FRESH, DUE_SOON, OVERDUE)
SEVERITY = {FRESH: 0, DUE_SOON: 1, OVERDUE: 2}


@dataclass(frozen=True)
class Assessment:
    state: str
    due: datetime | None  # when the entry is (or was) due; None when nothing is owed
    reason: str


def _day(moment: datetime, policy: Policy) -> str:
    return _local_day(moment, policy.timezone)


@lru_cache(maxsize=4096)  # 20,000 entries are reviewed on a few hundred distinct days
def _local_day(moment: datetime, timezone: tzinfo) -> str:
    return moment.astimezone(timezone).date().isoformat()  # strftime is slow at 20,000


def _minute(moment: datetime, policy: Policy) -> str:
    return moment.astimezone(policy.timezone).strftime("%Y-%m-%d %H:%M")


def state_entered(state: str, due: datetime, warn_before: timedelta) -> datetime:
    """When an entry entered `state`: at `due` for overdue, `warn_before` earlier for due soon."""
    return due if state == OVERDUE else due - warn_before


def assess_reviewed(entry: FaqEntry | Page, policy: Policy, now: datetime) -> Assessment:
    """FAQ entries and tracked pages: due = reviewed + review_every."""
    if entry.reviewed is None:
        raise ValueError(f"{entry.path} has no valid reviewed date; validate before assessing")
    return _review_assessment(
        entry.reviewed, entry.reviewed.tzinfo, entry.review_every, policy.warn_before, policy.timezone, now
    )


# Thousands of entries share a review day and interval. `reviewed_zone` is part of the key:
# equal instants in two zones hash alike, but adding days is wall-clock arithmetic in the
# value's own zone (daylight saving time moves the due instant).
@lru_cache(maxsize=4096)
def _review_assessment(
    reviewed: datetime,
    reviewed_zone: tzinfo | None,
    every: timedelta,
    warn_before: timedelta,
    timezone: tzinfo,
    now: datetime,
) -> Assessment:
    due = reviewed + every
    base = f"reviewed {_local_day(reviewed, timezone)}, review every {format_interval(every)}"
    if now >= due:
        return Assessment(OVERDUE, due, f"{base}: overdue since {_local_day(due, timezone)}")
    if now >= state_entered(DUE_SOON, due, warn_before):
        return Assessment(DUE_SOON, due, f"{base}: due {_local_day(due, timezone)}")
    return Assessment(FRESH, due, f"{base}: next review due {_local_day(due, timezone)}")


def last_update(incident: Incident) -> datetime | None:
    """The latest `at`, wherever it stands in the list."""
    return max((update.at for update in incident.updates), default=None)


def assess_incident(incident: Incident, policy: Policy, now: datetime) -> Assessment:
    if incident.resolved:
        if incident.report:
            return Assessment(FRESH, None, "resolved; report published")
        if incident.resolved_at is None:
            raise ValueError(f"{incident.path} is resolved without resolved_at; validate first")
        due = incident.resolved_at + policy.report_within
        within = format_interval(policy.report_within)
        if now >= due:
            return Assessment(OVERDUE, due, f"resolved {_day(incident.resolved_at, policy)}, no report within {within}")
        return Assessment(FRESH, due, f"resolved; report due by {_day(due, policy)}")

    last = last_update(incident) or incident.started
    every = policy.update_every[incident.impact]
    candidates: list[tuple[datetime, str]] = []
    if last is not None:
        cadence = f"{incident.impact} incidents update every {format_interval(every)}"
        candidates.append((last + every, f"last update {_minute(last, policy)}, {cadence}"))
    if incident.next_update is not None:
        candidates.append((incident.next_update, f"next update promised for {_minute(incident.next_update, policy)}"))
    if not candidates:
        return Assessment(FRESH, None, f"{incident.status}")
    due, why = min(candidates, key=lambda candidate: candidate[0])
    if now >= due:
        return Assessment(OVERDUE, due, f"{incident.status}; {why}: overdue since {_minute(due, policy)}")
    return Assessment(FRESH, due, f"{incident.status}; {why}")


def is_tracked(entry: Entry) -> bool:
    """FAQ entries and incidents always; other pages only when they set `reviewed`."""
    if isinstance(entry, (FaqEntry, Incident)):
        return True
    return isinstance(entry, Page) and entry.reviewed is not None


def assess(entry: Entry, policy: Policy, now: datetime) -> Assessment:
    if isinstance(entry, Incident):
        return assess_incident(entry, policy, now)
    if isinstance(entry, (FaqEntry, Page)):
        return assess_reviewed(entry, policy, now)
    raise TypeError(f"cannot assess {type(entry).__name__}")
