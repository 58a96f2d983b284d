from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class IncidentsConfig(Config):
    enabled = c.Type(bool, default=True)
    banner = c.Type(bool, default=True)  # announcement bar on every page while unresolved
    feed = c.Type(bool, default=True)  # incidents/feed.xml (Atom)
