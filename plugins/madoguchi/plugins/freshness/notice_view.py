"""Scheduled notices (content/notices/<slug>.md) as items of the site-wide notice area
(partials/madoguchi/notices.html), next to the calendar's closure notices: the build leaves
out a notice whose `show_until` has passed and marks `hidden` one not started yet;
madoguchi-calendar.js shows each only inside its window and remembers dismissals. The body
is rendered with the site's Markdown extensions, after the edition has removed staff-only
text, and goes through the page sanitiser."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import markdown
from markupsafe import Markup

from ...calendar import iso_instant
from ...kinds.notice import Notice
from ...model import Site


def scheduled_notices(
    site: Site,
    now: datetime,
    render: Callable[[str], str],
) -> list[dict[str, Any]]:
    """The notice items of every published notice not over at `now`, by `show_from`.
    `render(markdown) -> HTML` is the body's renderer (edition, Markdown, sanitiser)."""
    notices = [e for e in site.of_kind("notice") if isinstance(e, Notice) and not e.over_at(now)]
    notices.sort(key=lambda notice: (notice.show_from or now, notice.path))
    return [
        {
            "id": notice.slug,
            "level": notice.level,
            "title": notice.title,
            "text": "",
            "html": Markup(render(notice.body)) if notice.body.strip() else None,
            "from": iso_instant(notice.show_from),
            "until": iso_instant(notice.show_until),
            "hidden": notice.show_from is None or now < notice.show_from,
            "link": None,
        }
        for notice in notices
    ]


def markdown_renderer(extensions: list[Any], configs: dict[str, Any]) -> Callable[[str], str]:
    """Markdown → HTML with the site's extensions (one converter, reset per text)."""
    converter = markdown.Markdown(extensions=extensions, extension_configs=configs)

    def render(text: str) -> str:
        converter.reset()
        return converter.convert(text)

    return render
