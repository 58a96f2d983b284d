"""`madoguchi/incidents`: incident pages, the incidents index, the site-wide banner and the feed.

Reads the content model that `madoguchi/freshness` loaded (list it after that plugin)."""

from __future__ import annotations

import logging
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from ...incidents import ongoing
from ..freshness.plugin import FreshnessPlugin
from .config import IncidentsConfig

log = logging.getLogger("mkdocs.plugins.madoguchi.incidents")

INDEX = "incidents/index.md"


class IncidentsPlugin(BasePlugin[IncidentsConfig]):
    def __init__(self) -> None:
        self.freshness: FreshnessPlugin | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        freshness = config.plugins.get("madoguchi/freshness")
        if not isinstance(freshness, FreshnessPlugin):
            raise PluginError(f"{config.config_file_path}: madoguchi/incidents needs madoguchi/freshness listed before it")
        self.freshness = freshness
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.freshness is None:
            return None
        if self.freshness.site.incidents() and files.get_file_from_path(INDEX) is None:
            title = self.freshness_strings(config)["incidents"]
            files.append(File.generated(config, INDEX, content=f"---\ntitle: {title}\n---\n"))
        return files

    def freshness_strings(self, config: MkDocsConfig) -> dict[str, str]:
        from ...i18n import strings

        return strings(config.theme.get("language"))

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment | None:
        if not self.config.enabled or self.freshness is None:
            return None
        items: list[dict[str, Any]] = []
        for incident in ongoing(self.freshness.site.incidents()):
            file = files.get_file_from_path(incident.path)
            items.append(
                {
                    "title": incident.title,
                    "url": file.url if file else incident.path,
                    "impact": incident.impact,
                    "status": incident.status,
                }
            )
        env.globals["madoguchi_ongoing"] = items if self.config.banner else []
        return env
