"""The incident feed (`incidents/feed.xml`): Atom, one entry per incident update, via feedgen.

No MkDocs import: the plugin hands over incidents, their public URLs and rendered update HTML.
Nothing here reads the clock: the feed's `updated` is its newest entry, so rebuilding an
unchanged site writes the same entries with the same ids and dates.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from feedgen.feed import FeedGenerator

from .incidents import update_id
from .model import Incident, Update

_LINK_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")([^"]*)(")')


@dataclass(frozen=True)
class FeedEntry:
    id: str
    title: str
    link: str  # absolute URL of the incident page
    updated: datetime
    html: str  # the update's text, rendered, with absolute links


@dataclass(frozen=True)
class FeedInfo:
    id: str
    title: str
    feed_url: str  # absolute URL of feed.xml (when site_url is known)
    index_url: str  # the incidents index page
    author: str
    language: str
    subtitle: str = ""


def absolutize(html: str, base: str) -> str:
    """Make href/src attributes absolute: feed readers show entries far from the page."""
    return _LINK_ATTRIBUTE.sub(lambda m: m.group(1) + urljoin(base, m.group(2)) + m.group(3), html)


def authority(site_url: str | None) -> str | None:
    """The host of `site_url` (the tag URI authority of entry ids), if any."""
    return urlsplit(site_url).hostname if site_url else None


def feed_entries(
    incidents: Iterable[Incident],
    *,
    page_url: Callable[[Incident], str],
    render: Callable[[Incident, Update], str],
    title: Callable[[Incident, Update], str],
    site_url: str | None,
) -> list[FeedEntry]:
    """One entry per update of every given incident, newest first (ties: by path)."""
    host = authority(site_url)
    entries: list[FeedEntry] = []
    for incident in incidents:
        link = page_url(incident)
        for update in incident.updates:
            entries.append(
                FeedEntry(
                    id=update_id(incident.path, update.at, host),
                    title=title(incident, update),
                    link=link,
                    updated=update.at,
                    html=absolutize(render(incident, update), link),
                )
            )
    entries.sort(key=lambda entry: entry.id)
    entries.sort(key=lambda entry: entry.updated, reverse=True)
    return entries


def atom(entries: list[FeedEntry], info: FeedInfo, *, empty_updated: datetime) -> bytes:
    """The Atom document; `empty_updated` is the feed's date only when there is no entry."""
    generator = FeedGenerator()
    generator.id(info.id)
    generator.title(info.title)
    if info.subtitle:
        generator.subtitle(info.subtitle)
    generator.author({"name": info.author})
    generator.link(href=info.index_url, rel="alternate", type="text/html")
    generator.link(href=info.feed_url, rel="self", type="application/atom+xml")
    generator.language(info.language)
    generator.updated(entries[0].updated if entries else empty_updated)
    for entry in entries:
        item = generator.add_entry(order="append")
        item.id(entry.id)
        item.title(entry.title)
        item.link(href=entry.link, rel="alternate", type="text/html")
        item.updated(entry.updated)
        item.published(entry.updated)
        item.content(entry.html, type="html")
    return generator.atom_str(pretty=True)  # type: ignore[no-any-return]
