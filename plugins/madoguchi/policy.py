"""The site's freshness policy: the configurable numbers of the content contract."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .timeutil import TimeValueError, parse_interval

IMPACTS = ("minor", "major", "critical")  # least to most severe


class PolicyError(ValueError):
    """A configuration value that is not what the policy expects; `key` names the option."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(f"{key}: {message}")
        self.key = key


@dataclass(frozen=True)
class Policy:
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Tokyo"))
    review_every: timedelta = timedelta(days=180)
    warn_before: timedelta = timedelta(days=14)
    update_every: Mapping[str, timedelta] = field(
        default_factory=lambda: {impact: timedelta(hours=2) for impact in IMPACTS}
    )
    report_within: timedelta = timedelta(days=14)
    default_owner: str | None = None


def policy_from_options(options: Mapping[str, object]) -> Policy:
    """Build a Policy from plugin options (the same mapping mkdocs.yml holds)."""

    def interval(key: str, default: str) -> timedelta:
        value = options.get(key) or default
        try:
            return parse_interval(value)
        except TimeValueError as error:
            raise PolicyError(key, str(error)) from None

    tz_name = str(options.get("timezone") or "Asia/Tokyo")
    try:
        tz = ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise PolicyError("timezone", f"{tz_name!r} is not an IANA time zone (e.g. Asia/Tokyo)") from None

    raw_update = options.get("update_every") or "2h"
    if isinstance(raw_update, Mapping):
        unknown = sorted(set(raw_update) - set(IMPACTS) - {"default"})
        if unknown:
            raise PolicyError("update_every", f"unknown impact {unknown[0]!r} (expected one of {', '.join(IMPACTS)})")
        base = raw_update.get("default", "2h")
        per_impact = {impact: raw_update.get(impact, base) for impact in IMPACTS}
    else:
        per_impact = {impact: raw_update for impact in IMPACTS}
    update_every = {}
    for impact, value in per_impact.items():
        try:
            update_every[impact] = parse_interval(value)
        except TimeValueError as error:
            raise PolicyError(f"update_every.{impact}", str(error)) from None

    owner = options.get("default_owner")
    return Policy(
        timezone=tz,
        review_every=interval("review_every", "180d"),
        warn_before=interval("warn_before", "14d"),
        update_every=update_every,
        report_within=interval("report_within", "14d"),
        default_owner=str(owner) if owner else None,
    )
