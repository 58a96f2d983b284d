"""Old import path of the freshness rules, kept so code written against it still runs:
the rules are madoguchi.staleness (the MkDocs plugin is madoguchi.plugins.freshness)."""

from __future__ import annotations

from .kinds.incident import assess_incident, last_update
from .staleness import (
    DUE_SOON,
    FRESH,
    OVERDUE,
    SEVERITY,
    STATES,
    Assessment,
    assess,
    assess_reviewed,
    is_tracked,
    state_entered,
)

__all__ = [
    "DUE_SOON",
    "FRESH",
    "OVERDUE",
    "SEVERITY",
    "STATES",
    "Assessment",
    "assess",
    "assess_incident",
    "assess_reviewed",
    "is_tracked",
    "last_update",
    "state_entered",
]
