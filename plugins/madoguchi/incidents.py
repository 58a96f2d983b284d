"""Incident lifecycle helpers: ordering of timelines and of ongoing incidents. Pure."""

from __future__ import annotations

from collections.abc import Iterable

from .model import Incident, Update
from .policy import IMPACTS

STATUS_ORDER = ("investigating", "identified", "monitoring", "resolved")


def timeline(incident: Incident) -> list[Update]:
    """Updates newest first, whatever order the file lists them in."""
    return sorted(incident.updates, key=lambda update: update.at, reverse=True)


def impact_rank(impact: str) -> int:
    return IMPACTS.index(impact) if impact in IMPACTS else -1


def ongoing(incidents: Iterable[Incident]) -> list[Incident]:
    """Unresolved incidents, worst impact first, then most recently started."""
    unresolved = [incident for incident in incidents if not incident.resolved and not incident.draft]
    return sorted(
        unresolved,
        key=lambda incident: (-impact_rank(incident.impact), -(incident.started.timestamp() if incident.started else 0)),
    )


def history(incidents: Iterable[Incident]) -> list[Incident]:
    """Resolved incidents, most recently started first."""
    resolved = [incident for incident in incidents if incident.resolved and not incident.draft]
    return sorted(resolved, key=lambda incident: incident.started.timestamp() if incident.started else 0, reverse=True)
