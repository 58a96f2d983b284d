"""The freshness rules of the content contract, as pure functions of (entry, policy, now).

Every other part of Madoguchi (build, report, CLI, alerts) asks these functions; each
entry kind declares its rule in the kinds table (madoguchi.kinds), and `assess` applies
it. The review rule shared by FAQ entries and tracked pages lives here; the incident
rule in kinds/incident.py. (Named apart from the MkDocs plugin madoguchi.plugins.freshness.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from functools import lru_cache
from typing import TYPE_CHECKING

from .policy import Policy
from .timeutil import format_interval

if TYPE_CHECKING:
    from .model.entries import Entry, ReviewedEntry

FRESH, DUE_SOON, OVERDUE = "fresh", "due-soon", "overdue"
STATES = (FRESH, DUE_SOON, OVERDUE)
SEVERITY = {FRESH: 0, DUE_SOON: 1, OVERDUE: 2}


@dataclass(frozen=True)
class Assessment:
    state: str
    due: datetime | None  # when the entry is (or was) due; None when nothing is owed
    reason: str


def day(moment: datetime, policy: Policy) -> str:
    """The moment's date in the site time zone, e.g. 2026-11-23."""
    return _local_day(moment, policy.timezone)


@lru_cache(maxsize=4096)  # 20,000 entries are reviewed on a few hundred distinct days
def _local_day(moment: datetime, timezone: tzinfo) -> str:
    return moment.astimezone(timezone).date().isoformat()  # strftime is slow at 20,000


def minute(moment: datetime, policy: Policy) -> str:
    """The moment in the site time zone, to the minute, e.g. 2026-11-23 12:00."""
    return moment.astimezone(policy.timezone).strftime("%Y-%m-%d %H:%M")


def state_entered(state: str, due: datetime, warn_before: timedelta) -> datetime:
    """When an entry entered `state`: at `due` for overdue, `warn_before` earlier for due soon."""
    return due if state == OVERDUE else due - warn_before


def assess_reviewed(entry: ReviewedEntry, policy: Policy, now: datetime) -> Assessment:
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


def is_tracked(entry: Entry) -> bool:
    """Whether the entry's kind tracks it: FAQ entries and incidents always; other pages
    only when they set `reviewed`."""
    return entry.kind.tracked(entry)


def assess(entry: Entry, policy: Policy, now: datetime) -> Assessment:
    """The entry's assessment by its kind's rule."""
    return entry.kind.rule(entry, policy, now)
