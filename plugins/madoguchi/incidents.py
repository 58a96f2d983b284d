"""Incident lifecycle helpers: timelines, ongoing incidents, history by month, feed ids. Pure."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone, tzinfo

from .kinds.maintenance import Maintenance
from .model import Incident, Update
from .policy import IMPACTS
from .urls import is_url as is_url  # re-exported: the incident views read it from here


def timeline(incident: Incident) -> list[Update]:
    """Updates newest first, whatever order the file lists them in."""
    return sorted(incident.updates, key=lambda update: update.at, reverse=True)


def impact_rank(impact: str) -> int:
    return IMPACTS.index(impact) if impact in IMPACTS else -1


def ongoing(incidents: Iterable[Incident]) -> list[Incident]:
    """Unresolved incidents, worst impact first, then most recently started (planned
    maintenance is listed apart: `planned`)."""
    unresolved = [
        incident
        for incident in incidents
        if not incident.resolved and not incident.draft and not isinstance(incident, Maintenance)
    ]
    return sorted(
        unresolved,
        key=lambda incident: (
            -impact_rank(incident.impact),
            -(incident.started.timestamp() if incident.started else 0),
        ),
    )


def history(incidents: Iterable[Incident]) -> list[Incident]:
    """Resolved incidents, most recently started first."""
    resolved = [incident for incident in incidents if incident.resolved and not incident.draft]
    return sorted(
        resolved,
        key=lambda incident: incident.started.timestamp() if incident.started else 0,
        reverse=True,
    )


def planned(incidents: Iterable[Incident], now: datetime) -> list[Maintenance]:
    """Planned maintenance announced at `now` and not completed, soonest first."""
    found = [
        incident
        for incident in incidents
        if isinstance(incident, Maintenance)
        and not incident.resolved
        and not incident.draft
        and incident.announced_at(now)
    ]
    return sorted(found, key=lambda m: (m.scheduled_start.timestamp() if m.scheduled_start else 0, m.path))


def announced(incidents: Iterable[Incident], now: datetime) -> list[Incident]:
    """The incidents the public may hear of at `now`: planned maintenance only from its notice_from."""
    return [i for i in incidents if not isinstance(i, Maintenance) or i.announced_at(now)]


@dataclass(frozen=True)
class MonthGroup:
    year: int
    month: int
    incidents: list[Incident]


def month_groups(incidents: Iterable[Incident], tz: tzinfo) -> list[MonthGroup]:
    """Group incidents (already in display order) by the month they started, in the site time zone.

    Months keep the order of their first incident: a newest-first history gives newest months first.
    """
    groups: dict[tuple[int, int], list[Incident]] = {}
    for incident in incidents:
        if incident.started is None:
            continue
        local = incident.started.astimezone(tz)
        groups.setdefault((local.year, local.month), []).append(incident)
    return [MonthGroup(year, month, items) for (year, month), items in groups.items()]


def update_id(path: str, at: datetime, authority: str | None) -> str:
    """A feed entry id that never changes when the site is rebuilt (RFC 4151 tag URI).

    Made of the incident's path and the update's instant in UTC, so that `+09:00` and `Z`
    spellings of the same instant, or reordering the updates in the file, keep the id.
    """
    moment = at.astimezone(timezone.utc)
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"tag:{authority or 'madoguchi.invalid'},{moment:%Y-%m-%d}:{path}#{stamp}"
