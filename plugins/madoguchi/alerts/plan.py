"""What a tracker should hold for one owner, and the actions that get it there. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from ..i18n import strings as alert_strings
from .delivery import TrackedIssue
from .digest import Digest, digest_title, marker, page_title, render_digest, render_items


@dataclass(frozen=True)
class Wanted:
    marker: str
    title: str
    body: str  # without the marker; see with_marker


@dataclass(frozen=True)
class Action:
    kind: str  # create | update | close
    marker: str
    issue: TrackedIssue | None = None
    wanted: Wanted | None = None


def with_marker(body: str, marker_text: str, *, hidden: bool, language: str) -> str:
    """GitHub hides the marker in an HTML comment; Backlog shows it as a footer line."""
    if hidden:
        return f"{body}\n\n<!-- {marker_text} -->"
    return f"{body}\n\n{alert_strings(language)['marker_note']}: {marker_text}"


def owner_of(marker_text: str) -> str:
    from urllib.parse import unquote

    return unquote(marker_text.split(";")[0].removeprefix("madoguchi:owner="))


def wanted_issues(
    owner: str, digest: Digest | None, per: str, now: datetime, tz: tzinfo, language: str
) -> tuple[list[Wanted], set[str]]:
    """(issues to open or update, markers of every still-stale key): the cap limits the
    first, and issues of the second are never closed."""
    if digest is None:
        return [], set()
    if per == "owner":
        body = render_digest(digest, now, tz, language, markdown=True)
        return [Wanted(marker(owner), digest_title(digest, language), body)], {marker(owner)}
    t = alert_strings(language)
    wanted = []
    for item in digest.shown:
        lines = render_items((item,), now, tz, language, markdown=True)
        body = "\n".join([*lines[1:], "", t["footer"]])  # lines[0] is an empty separator
        wanted.append(Wanted(marker(owner, item.path), page_title(item, language), body))
    return wanted, {marker(owner, item.path) for item in digest.items}


def plan_sync(owner: str, existing: list[TrackedIssue], wanted: list[Wanted], still_stale: set[str]) -> list[Action]:
    """Update the issue each wanted marker already has, create the missing ones, close the
    owner's issues whose pages are all fresh again."""
    mine = [issue for issue in existing if owner_of(issue.marker) == owner]
    by_marker: dict[str, TrackedIssue] = {}
    for issue in mine:
        by_marker.setdefault(issue.marker, issue)
    actions = []
    for item in wanted:
        found = by_marker.get(item.marker)
        actions.append(Action("update" if found else "create", item.marker, found, item))
    wanted_markers = {item.marker for item in wanted}
    for issue in mine:
        if issue.marker not in wanted_markers and issue.marker not in still_stale:
            actions.append(Action("close", issue.marker, issue))
    return actions
