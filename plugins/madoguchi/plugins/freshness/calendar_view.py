"""The business calendar in the built site: what the templates read (the hours table, the
state at build time, the data the browser script recomputes the state from) and where it is
placed — above the contact page's Markdown, in place of a `[madoguchi-calendar]` paragraph on
any page, compact on the home page and in the search's "no results" panel — plus the
site-wide notices of closures (partials/madoguchi/notices.html, shown and hidden in the
browser by madoguchi-calendar.js), and, next to a channel's hours, the planned maintenance
that affects it during its opening hours (shown from notice_from until scheduled_end, also
in the browser)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from jinja2 import Environment
from markupsafe import Markup
from mkdocs.utils import get_relative_url

from ...calendar import (
    CLOSED,
    Calendar,
    calendar_text,
    clock,
    day_text,
    describe,
    iso_instant,
    ranges_text,
    weekly_rows,
)
from ...kinds.maintenance import Maintenance

CONTACT_PAGE = "contact.md"
FULL_TEMPLATE = "partials/madoguchi/calendar.html"
# `[madoguchi-calendar]` alone in a paragraph: the table goes there (and not above the page).
MARKER = re.compile(r"<p>\s*\[madoguchi-calendar\]\s*</p>")


def data_json(data: Any) -> Markup:
    """JSON safe inside <script type="application/json">: nothing in it can close the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _range(start: Any, end: Any, t: dict[str, Any]) -> str:
    first = day_text(start, t, full=start.year != end.year)
    return first if start == end else t["range"].format(start=first, end=day_text(end, t, full=start.year != end.year))


def _moment(moment: datetime, calendar: Calendar, t: dict[str, Any], day: bool = True) -> str:
    local = moment.astimezone(calendar.tz)
    time = clock(local.hour * 60 + local.minute)
    return f"{day_text(local.date(), t)} {time}" if day else time


def maintenance_items(
    calendar: Calendar,
    incidents: Iterable[Any],
    now: datetime,
    language: str | None,
    url_of: Callable[[str], str | None],
) -> dict[str, list[dict[str, Any]]]:
    """channel id → the planned maintenance shown next to its hours: published, not completed,
    not over at `now`, naming the channel (its label or one of its `services`) in `affected`,
    and falling inside its opening hours. Each with its window as instants for the browser
    (`from` = notice_from, `start`, `until` = scheduled_end) and `hidden` before notice_from."""
    t = calendar_text(language)
    found: dict[str, list[dict[str, Any]]] = {}
    maintenances = sorted(
        (m for m in incidents if isinstance(m, Maintenance) and not m.draft and not m.resolved),
        key=lambda m: (m.scheduled_start or now, m.path),
    )
    for maintenance in maintenances:
        start, end = maintenance.scheduled_start, maintenance.scheduled_end
        if start is None or end is None or now >= end:
            continue
        same_day = start.astimezone(calendar.tz).date() == end.astimezone(calendar.tz).date()
        window = t["maintenance_window"].format(
            start=_moment(start, calendar, t), end=_moment(end, calendar, t, day=not same_day)
        )
        item = {
            "id": maintenance.path.rsplit("/", 1)[-1].removesuffix(".md"),
            "title": maintenance.title,
            "url": url_of(maintenance.path),
            "window": window,
            "label": t["maintenance_now" if start <= now else "maintenance_planned"],
            "from": iso_instant(maintenance.notice_from or start),
            "start": iso_instant(start),
            "until": iso_instant(end),
            "hidden": not maintenance.announced_at(now),
        }
        for channel in calendar.affected_by(maintenance.affected):
            if calendar.open_during(channel, start, end):
                found.setdefault(channel.id, []).append(item)
    return found


def calendar_view(
    calendar: Calendar,
    now: datetime,
    language: str | None,
    maintenance: dict[str, list[dict[str, Any]]] | None = None,
) -> dict[str, Any]:
    """Everything the calendar partials print; `state` etc. are the build-time state;
    `maintenance`: maintenance_items' planned maintenance per channel."""
    t = calendar_text(language)
    tz_label = t["tz_label"].get(calendar.tz_name, calendar.tz_name)
    labels = {channel.id: channel.label for channel in calendar.channels}
    channels = []
    for channel, state in zip(calendar.channels, calendar.states(now), strict=True):
        label, detail = describe(calendar, state, now, t)
        channels.append(
            {
                "id": channel.id,
                "label": channel.label,
                "main": channel.main,
                "weekly": weekly_rows(channel, t),
                "holidays": t["holidays_open" if channel.holidays_open else "holidays_closed"],
                "state": state.state,
                "reason": state.reason,
                "state_label": label,
                "detail": detail,
                "next_open": iso_instant(state.next_open),
                "closes": iso_instant(state.closes),
                "maintenance": (maintenance or {}).get(channel.id, []),
            }
        )
    today = now.astimezone(calendar.tz).date()
    dates = []
    for closure in calendar.closures:
        if closure.end >= today:
            names = t["sep"].join(labels[c] for c in closure.channels)
            dates.append(
                (
                    closure.start,
                    t["closure"].format(
                        range=_range(closure.start, closure.end, t), title=closure.title, channels=names
                    ),
                )
            )
    for special in calendar.special:
        if special.day >= today:
            names = t["sep"].join(labels[c] for c in special.channels)
            when = day_text(special.day, t, full=special.day.year != today.year)
            if special.title:
                when = f"{when} {special.title}"
            text = t["special" if special.hours else "special_closed"].format(
                date=when, channels=names, hours=ranges_text(special.hours)
            )
            dates.append((special.day, text))
    spec = calendar.spec()
    spec["t"] = {key: value for key, value in t.items() if key != "tz_label"}
    return {
        "t": t,
        "tz_label": tz_label,
        "channels": channels,
        "main_channels": [c for c in channels if c["main"]],
        "dates": [text for _, text in sorted(dates)],
        "json": data_json(spec),
        "closed": CLOSED,
    }


def notices_view(calendar: Calendar | None, now: datetime, language: str | None) -> list[dict[str, Any]]:
    """Site-wide notices not over at build time (closures with `notice_from`), each with its
    window as instants: the browser shows it only inside the window, the build leaves out
    those already over. Scheduled notices (content/notices/) can be added in the same shape."""
    if calendar is None:
        return []
    t = calendar_text(language)
    found = []
    for notice in calendar.notices(now):
        short = t["range"].format(
            start=f"{notice['start'].month}/{notice['start'].day}", end=f"{notice['end'].month}/{notice['end'].day}"
        )
        found.append(
            {
                "id": notice["id"],
                "level": "info",
                "title": t["notice_title"].format(title=notice["title"], range=short),
                "text": t["notice_text"].format(
                    range=_range(notice["start"], notice["end"], t), channels=t["sep"].join(notice["channels"])
                ),
                "from": iso_instant(notice["from"]),
                "until": iso_instant(notice["until"]),
                "hidden": now < notice["from"],  # not yet: the browser shows it when the time comes
                "link": "contact",
            }
        )
    return found


def place(html: str, src_uri: str, view: dict[str, Any] | None, env: Environment | None, page_url: str = "") -> str:
    """The page's HTML with the hours table in place of the marker, or above the contact
    page's own content (unless it has the marker). `page_url`: the page's URL, which the
    table's links (planned maintenance pages) are made relative to."""
    if view is None or env is None:
        return html
    if MARKER.search(html) is None and src_uri != CONTACT_PAGE:
        return html

    def link(url: str) -> str:
        return get_relative_url(url, page_url)

    table = env.get_template(FULL_TEMPLATE).render(madoguchi_calendar=view, madoguchi_link=link)
    if MARKER.search(html) is not None:
        return MARKER.sub(lambda _: table, html, count=1)
    return table + html
