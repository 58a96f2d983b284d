"""What the incident templates read: plain dicts built from the model (times in the site zone)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import Any

from ...calendar import iso_instant
from ...incidents import history, is_url, month_groups, ongoing, planned, timeline
from ...kinds.incident import last_update
from ...kinds.maintenance import Maintenance
from ...model import Incident, Site, Update
from ...pagination import DEFAULT_PAGE_SIZE, ListingPage, page_slice
from ...timeutil import local

UrlOf = Callable[[str], str]  # content path → site-relative URL


def report_view(incident: Incident, url_of: UrlOf) -> dict[str, Any] | None:
    """The report link: a content path becomes its page's URL, a URL stays as it is."""
    if not incident.report:
        return None
    if is_url(incident.report):
        return {"url": incident.report, "external": True}
    path, hash_, fragment = incident.report.lstrip("/").partition("#")  # `faq/a/b.md#summary`
    return {"url": url_of(path) + hash_ + fragment, "external": False}


def summary(incident: Incident, url_of: UrlOf, tz: tzinfo) -> dict[str, Any]:
    """One incident in listings, the banner and the page header."""
    return {
        "path": incident.path,
        "title": incident.title,
        "url": url_of(incident.path),
        "impact": incident.impact,
        "status": incident.status,
        "resolved": incident.resolved,
        "affected": incident.affected,
        "started": local(incident.started, tz),
        "resolved_at": local(incident.resolved_at, tz),
        # A promise is shown only while it can still be kept.
        "next_update": None if incident.resolved else local(incident.next_update, tz),
        "last_update": local(last_update(incident), tz),
        "report": report_view(incident, url_of),
        "report_pending": incident.resolved and not incident.report and not isinstance(incident, Maintenance),
        **maintenance_view(incident, tz),
    }


def maintenance_view(incident: Incident, tz: tzinfo) -> dict[str, Any]:
    """The planned-maintenance part of a summary: its window (empty for an incident)."""
    if not isinstance(incident, Maintenance):
        return {"maintenance": False}
    return {
        "maintenance": True,
        "scheduled_start": local(incident.scheduled_start, tz),
        "scheduled_end": local(incident.scheduled_end, tz),
    }


def maintenance_notices(
    incidents: list[Incident], now: datetime, url_of: UrlOf, text: Callable[[Maintenance], str], prefix: str
) -> list[dict[str, Any]]:
    """Planned maintenance as items of the site-wide notice area (partials/madoguchi/notices.html):
    shown from notice_from until scheduled_end (in the browser too), linking to its page."""
    items = []
    for maintenance in sorted(
        (m for m in incidents if isinstance(m, Maintenance) and not m.draft and not m.resolved),
        key=lambda m: (m.scheduled_start or now, m.path),
    ):
        if maintenance.scheduled_end is None or now >= maintenance.scheduled_end:
            continue
        items.append(
            {
                "id": "maintenance-" + maintenance.path.rsplit("/", 1)[-1].removesuffix(".md"),
                "level": "warning",
                "title": prefix + maintenance.title,
                "text": text(maintenance),
                "from": iso_instant(maintenance.notice_from),
                "until": iso_instant(maintenance.scheduled_end),
                "hidden": not maintenance.announced_at(now),
                "link": None,
                "url": url_of(maintenance.path),
            }
        )
    return items


def incident_view(
    incident: Incident, url_of: UrlOf, render: Callable[[Update], str], tz: tzinfo, index_url: str
) -> dict[str, Any]:
    """`page.meta["madoguchi"]["incident"]` of an incident page: newest update first."""
    view = summary(incident, url_of, tz)
    view["index_url"] = index_url
    view["updates"] = [
        {"at": local(update.at, tz), "status": update.status, "html": render(update)} for update in timeline(incident)
    ]
    return view


def index_view(
    site: Site,
    url_of: UrlOf,
    tz: tzinfo,
    feed_url: str | None,
    resolved: list[Incident] | None = None,
    listing_page: ListingPage | None = None,
    page_size: int = DEFAULT_PAGE_SIZE,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The incidents index: ongoing first (worst first), planned maintenance announced at
    `now`, then history grouped by month.
    `resolved`: the history sorted once per build; `listing_page`: which page of it this is
    (ongoing incidents on page 1 only)."""
    if resolved is None:
        resolved = history(site.incidents())
    shown = resolved if listing_page is None else page_slice(resolved, listing_page.number, page_size)
    first = listing_page is None or listing_page.number == 1
    return {
        "ongoing": [summary(incident, url_of, tz) for incident in ongoing(site.incidents())] if first else [],
        "planned": [summary(item, url_of, tz) for item in planned(site.incidents(), now)]
        if first and now is not None
        else [],
        "first_page": first,
        "history": [
            {
                "month": datetime(group.year, group.month, 1, tzinfo=tz),
                "incidents": [summary(incident, url_of, tz) for incident in group.incidents],
            }
            for group in month_groups(shown, tz)
        ],
        "feed_url": feed_url,
    }


# The banner is the same on every page but for the relative path to the site root, and
# mkdocs-material evaluates the announce block twice per page: it is rendered once per build
# with this mark as the root (`base_url`), and each page puts its own root in.
ROOT_MARK = "\x00madoguchi-root\x00"


def banner_for_page(banner_html: str) -> Callable[[str], str]:
    """`base_url` of a page → the banner with links relative to that page, as MkDocs' `url`
    filter writes them (`../../incidents/x/`, or `incidents/x/` on the home page)."""

    def for_page(base_url: str) -> str:
        if not banner_html:
            return ""
        root = "" if base_url in ("", ".") else base_url.rstrip("/") + "/"
        return banner_html.replace(ROOT_MARK + "/", root).replace(ROOT_MARK, root or ".")

    return for_page
