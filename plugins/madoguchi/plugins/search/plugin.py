"""`madoguchi/search`: Japanese search on mkdocs-material's search UI. Material's `search`
plugin writes the index; this plugin rewrites it after (segmentation, readings, synonyms,
title weight), keeps `_data/` unpublished and writes what the "no results" view shows."""

from __future__ import annotations

import json
import logging
import re
import time
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ...i18n import strings
from ...japanese import Analyzer
from ...search_index import TERM_INDEX, SynonymsError, parse_synonyms, rewrite_index
from .config import SearchConfig

log = logging.getLogger("mkdocs.plugins.madoguchi.search")

DATA_DIR = "_data/"
EMPTY_TEMPLATE = "partials/madoguchi/search-empty.html"
_CATEGORY_INDEX = re.compile(r"^faq/([^/]+)/index\.md$")
_FIRST_TABLE = re.compile(r"<table>.*?</table>", re.S)

# One analyser per dictionary for the whole process: `mkdocs serve` rebuilds reuse it and
# its per-text cache.
_ANALYZERS: dict[str, Analyzer] = {}


def write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def analyzer_for(dictionary: str) -> Analyzer:
    if dictionary not in _ANALYZERS:
        _ANALYZERS[dictionary] = Analyzer(dictionary)
    return _ANALYZERS[dictionary]


class SearchPlugin(BasePlugin[SearchConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.synonyms: list[Any] = []
        self.categories: dict[str, dict[str, str]] = {}
        self.contact: dict[str, str] = {}
        self.env: Environment | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        if "material/search" not in config.plugins:
            raise PluginError(
                f"{config.config_file_path}: plugins: madoguchi/search needs mkdocs-material's "
                "`search` plugin (listed before it)"
            )
        path = Path(config.docs_dir) / self.config.synonyms
        shown = str(Path(config.docs_dir).name + "/" + self.config.synonyms)
        self.synonyms = []
        if path.exists():
            try:
                self.synonyms = parse_synonyms(path.read_text(encoding="utf-8"), shown)
            except SynonymsError as error:
                raise PluginError(str(error)) from None
        else:
            log.info(f"{shown} not found: searching without synonyms")
        try:
            analyzer_for(self.config.dictionary).morphemes("辞書")
        except ImportError as error:
            raise PluginError(
                f"{config.config_file_path}: plugins.madoguchi/search: dictionary: "
                f"'{self.config.dictionary}' needs `pip install sudachidict_{self.config.dictionary}` ({error})"
            ) from None
        self.categories, self.contact = {}, {}
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        for file in [f for f in files if f.src_uri.startswith(DATA_DIR)]:
            files.remove(file)  # editors' data, not pages
        return files

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled:
            return None
        src = page.file.src_uri
        match = _CATEGORY_INDEX.match(src)
        if match and page.meta.get("draft") is True:
            pass  # a draft category (normally already removed by madoguchi/freshness) is never listed
        elif match:
            self.categories[match.group(1)] = {"title": page.title or match.group(1), "url": page.url}
        elif src == self.config.contact_page:
            table = _FIRST_TABLE.search(html)
            self.contact = {"title": page.title or "", "url": page.url, "table": table.group(0) if table else ""}
        return None

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment | None:
        self.env = env
        return None

    @event_priority(-50)  # after Material's search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        started = time.perf_counter()
        target = Path(config.site_dir) / "search" / "search_index.json"
        if not target.exists():
            raise PluginError(f"{target}: not written by the search plugin; is it disabled?")
        index = json.loads(target.read_text(encoding="utf-8"))
        rewritten = rewrite_index(
            index, analyzer_for(self.config.dictionary), self.synonyms, title_boost=self.config.title_boost
        )
        # Written as UTF-8 rather than \\u escapes: Japanese text takes half the bytes.
        write_json(target, rewritten.display)
        terms = target.parent / TERM_INDEX
        write_json(terms, rewritten.terms)
        write_json(target.parent / "madoguchi.json", {"empty": self._render_empty(config)})
        log.info(
            f"Japanese search index: {len(rewritten.terms['refs'])} pages, {len(rewritten.terms['terms'])} terms, "
            f"{(target.stat().st_size + terms.stat().st_size) // 1024} KiB, {time.perf_counter() - started:.2f} s"
        )

    def _render_empty(self, config: MkDocsConfig) -> str:
        """The "no results" view: contact channels and the category list."""
        env = self.env or config.theme.get_env()
        template = env.get_template(EMPTY_TEMPLATE)
        categories = [self.categories[slug] for slug in sorted(self.categories)]
        return template.render(
            t=strings(config.theme.get("language")), categories=categories, contact=self.contact
        )
