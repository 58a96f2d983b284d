"""`madoguchi/incidents`: incident pages, the incidents index, the site-wide banner and the feed.

Reads the content model that `madoguchi/freshness` loaded (list it after that plugin); drafts
are already gone from the model's published incidents and from `files`.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ...feed import FeedInfo, atom, feed_entries
from ...i18n import format_moment, install, strings
from ...incidents import announced, history, ongoing, planned
from ...kinds.incident import INCIDENT
from ...kinds.maintenance import Maintenance
from ...model import Incident, Update
from ...pagination import pager
from ...urls import absolute_url, page_url
from ..freshness.plugin import FreshnessPlugin, refusal_when_disabled
from . import views
from .config import IncidentsConfig
from .render import render_all

log = logging.getLogger("mkdocs.plugins.madoguchi.incidents")

# Rendered once per build, not per page: it may not use `page` (see views.banner_for_page).
BANNER_TEMPLATE = "partials/madoguchi/incident-banner.html"


class IncidentsPlugin(BasePlugin[IncidentsConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.freshness: FreshnessPlugin | None = None
        self.files: Files | None = None
        # path → (update → HTML), filled while incident pages render, reused by the feed
        self.rendered: dict[str, dict[Update, str]] = {}
        self.history: list[Incident] = []  # resolved incidents, newest first, sorted once per build
        self.preview = False  # `mkdocs serve --dirty`: `rendered` is kept for the feed of the rebuilds

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Keeps this instance across the rebuilds of one `mkdocs serve`; a rebuild of
        # `--dirty` renders only some incident pages, the feed needs every update's HTML.
        self.preview = command == "serve" and dirty

    @property
    def folder(self) -> str:
        """The incident kind's folder, e.g. incidents (option `folders` of madoguchi/freshness)."""
        return self.freshness.layout.folder("incident") if self.freshness is not None else str(INCIDENT.folder)

    @property
    def index(self) -> str:
        """The incidents index, e.g. incidents/index.md."""
        return f"{self.folder}/index.md"

    @property
    def feed_path(self) -> str:
        """The Atom feed, next to the index: e.g. incidents/feed.xml."""
        return f"{self.folder}/feed.xml"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        freshness = config.plugins.get("madoguchi/freshness")
        if not isinstance(freshness, FreshnessPlugin) or not freshness.config.enabled:
            raise PluginError(  # fail closed: docs/security.md
                refusal_when_disabled(config.config_file_path)
                + " (madoguchi/incidents needs madoguchi/freshness, enabled, listed before it)"
            )
        self.freshness = freshness
        if not self.preview:
            self.rendered = {}
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.freshness is None:
            return None
        self.files = files
        if self.freshness.site.incidents() and files.get_file_from_path(self.index) is None:
            title = json.dumps(strings(config.theme.get("language"))["incidents"], ensure_ascii=False)
            files.append(File.generated(config, self.index, content=f"---\ntitle: {title}\n---\n"))
        # The history is paginated (pagination.py); ongoing incidents are on page 1 only.
        self.history = history(self.freshness.site.incidents())
        title = strings(config.theme.get("language"))["incidents"]
        self.freshness.paginate(files, config, self.index, len(self.history), title)
        return files

    def _url_of(self, path: str) -> str:
        file = self.files.src_uris.get(path) if self.files is not None else None
        return file.url if file is not None else page_url(path)

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled or self.freshness is None:
            return None
        path = page.file.src_uri
        tz = self.freshness.policy.timezone
        entry = self.freshness.site.entries.get(path)
        if isinstance(entry, Incident) and not entry.draft:
            # Staff-only text (internal blocks, HTML comments) leaves the public edition here,
            # before rendering: the page, search index, JSON-LD and feed all reuse this HTML.
            language = config.theme.get("language")
            texts = [self.freshness.edition_markdown(update.text, language) for update in entry.updates]
            html = render_all(texts, page.file, files, config, self.freshness.sanitize)
            rendered = dict(zip(entry.updates, html, strict=True))
            self.rendered[path] = rendered
            view = page.meta.setdefault("madoguchi", {})
            index_url = self._url_of(self.index)
            view["incident"] = views.incident_view(entry, self._url_of, rendered.__getitem__, tz, index_url)
            view.setdefault("template", INCIDENT.template)
            page.meta.setdefault("template", INCIDENT.template)
        elif path == self.index or self._is_index_page(path):
            view = page.meta.setdefault("madoguchi", {})
            feed = self.feed_path if self.config.feed else None
            listing_page = self.freshness.listing_pages.get(path)
            page_size = self.freshness.config.listing_page_size
            view["incidents"] = views.index_view(
                self.freshness.site, self._url_of, tz, feed, self.history, listing_page, page_size, self.freshness.now
            )
            view["pager"] = pager(listing_page, self._url_of) if listing_page is not None else None
            view.setdefault("template", "madoguchi/incidents.html")
            page.meta.setdefault("template", "madoguchi/incidents.html")
        return None

    def _is_index_page(self, path: str) -> bool:
        """Page 2… of the incidents index (generated by madoguchi/freshness's `paginate`)."""
        assert self.freshness is not None
        listing_page = self.freshness.listing_pages.get(path)
        return listing_page is not None and listing_page.listing == self.index

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment | None:
        if not self.config.enabled or self.freshness is None:
            return None
        tz = self.freshness.policy.timezone
        env.globals["madoguchi_ongoing"] = [
            views.summary(incident, self._url_of, tz) for incident in ongoing(self.freshness.site.incidents())
        ]
        env.globals["madoguchi_planned"] = [
            views.summary(m, self._url_of, tz) for m in planned(self.freshness.site.incidents(), self.freshness.now)
        ]
        # after the closures' and content/notices/ (madoguchi/freshness, listed before)
        before = env.globals.get("madoguchi_notices")
        notices: list[dict[str, Any]] = list(before) if isinstance(before, list) else []
        env.globals["madoguchi_notices"] = notices + self._maintenance_notices(config)
        env.globals["madoguchi_banner"] = self.config.banner
        install(env, config.theme.get("language"), tz)  # as the freshness plugin does, whichever runs first
        banner = env.get_template(BANNER_TEMPLATE).render(
            page=None, base_url=views.ROOT_MARK, config=config, madoguchi_t=strings(config.theme.get("language"))
        )
        env.globals["madoguchi_banner_for"] = views.banner_for_page(banner.strip())
        env.globals["madoguchi_feed"] = self.feed_path if self.config.feed else None
        index = files.get_file_from_path(self.index)
        env.globals["madoguchi_incidents_url"] = index.url if index is not None else None
        return env

    def _maintenance_notices(self, config: MkDocsConfig) -> list[dict[str, Any]]:
        """Planned maintenance in the site-wide notice area, from notice_from to scheduled_end."""
        assert self.freshness is not None
        language = config.theme.get("language")
        t = strings(language)
        tz = self.freshness.policy.timezone

        def when(moment: datetime | None) -> str:
            return format_moment(moment.astimezone(tz), t["datetime_format"], language) if moment else ""

        def text(maintenance: Maintenance) -> str:
            window = f"{t['scheduled_window']}：{when(maintenance.scheduled_start)}〜{when(maintenance.scheduled_end)}"
            if maintenance.affected:
                window += f"（{t['affected']}：{'、'.join(maintenance.affected)}）"
            return window

        return views.maintenance_notices(
            self.freshness.site.incidents(), self.freshness.now, self._url_of, text, t["maintenance_notice"]
        )

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled or not self.config.feed or self.freshness is None:
            return
        if not config.site_url:
            log.warning(f"{config.config_file_path}: site_url is not set: {self.feed_path} has relative links")
        t = strings(config.theme.get("language"))
        site_url = config.site_url

        def link(incident: Incident) -> str:
            return absolute_url(site_url, self._url_of(incident.path))

        def render(incident: Incident, update: Update) -> str:
            html = self.rendered.get(incident.path, {}).get(update)
            if html is None:  # the page was not rendered (cannot happen in a full build)
                from markdown import markdown as plain

                assert self.freshness is not None
                markdown = self.freshness.edition_markdown(update.text, config.theme.get("language"))
                html = self.freshness.sanitize(plain(markdown))
            return html

        def title(incident: Incident, update: Update) -> str:
            return f"【{t['status.' + update.status]}】{incident.title}"

        entries = feed_entries(
            announced(self.freshness.site.incidents(), self.freshness.now),
            page_url=link,
            render=render,
            title=title,
            site_url=site_url,
        )
        info = FeedInfo(
            # The feed's own id must not change either: its URL, or a tag URI without site_url.
            id=absolute_url(site_url, self.feed_path) if site_url else f"tag:madoguchi.invalid,2026:{self.feed_path}",
            title=f"{config.site_name}｜{t['incidents']}",
            subtitle=config.site_description or "",
            feed_url=absolute_url(site_url, self.feed_path),
            index_url=absolute_url(site_url, self._url_of(self.index)),
            author=config.site_author or config.site_name,
            language=str(config.theme.get("language") or "ja"),
        )
        target = Path(config.site_dir) / self.feed_path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(atom(entries, info, empty_updated=self.freshness.now))
        log.debug(f"{self.feed_path}: {len(entries)} entries")
