"""The site's freshness policy: the configurable numbers of the content contract.

The defaults are written here once: `madoguchi/freshness`'s options (plugins/freshness/config.py)
take theirs from `DEFAULTS`, and a Policy is built from the validated options only
(`policy_from_config`), so nothing parses a configuration value twice."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

IMPACTS = ("minor", "major", "critical")  # least to most severe
UPDATE_EVERY = timedelta(hours=2)  # incident updates, for an impact with no interval of its own


@dataclass(frozen=True)
class Policy:
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Tokyo"))
    review_every: timedelta = timedelta(days=180)
    warn_before: timedelta = timedelta(days=14)
    update_every: Mapping[str, timedelta] = field(default_factory=lambda: dict.fromkeys(IMPACTS, UPDATE_EVERY))
    report_within: timedelta = timedelta(days=14)
    default_owner: str | None = None


DEFAULTS = Policy()


def policy_from_config(options: Mapping[str, Any]) -> Policy:
    """The Policy of validated plugin options (values already timedelta / ZoneInfo)."""
    return Policy(
        timezone=options["timezone"],
        review_every=options["review_every"],
        warn_before=options["warn_before"],
        update_every=dict(options["update_every"]),
        report_within=options["report_within"],
        default_owner=options.get("default_owner") or None,
    )
