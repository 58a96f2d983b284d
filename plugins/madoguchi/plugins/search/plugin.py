"""`madoguchi/search`: Japanese search on mkdocs-material's search UI. Material's `search`
plugin writes the index; this plugin rewrites it after (segmentation, readings, synonyms,
title weight), keeps `_data/` unpublished and writes what the "no results" view shows."""

from __future__ import annotations

import copy
import importlib.util
import json
import logging
import re
import time
from pathlib import Path
from typing import Any

from jinja2 import Environment
from material.plugins.search.plugin import SearchIndex
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ...category_path import category_titles
from ...i18n import strings
from ...incidents import ongoing
from ...kinds import layout
from ...model import Site
from ...search_index import SynonymsError, default_synonyms, merge_synonyms, parse_synonyms
from ..freshness.plugin import refusal_when_disabled
from .analysis import Analysis, PageHtml, write_json
from .config import SearchConfig

log = logging.getLogger("mkdocs.plugins.madoguchi.search")

DATA_DIR = "_data/"
EMPTY_TEMPLATE = "partials/madoguchi/search-empty.html"
_FIRST_TABLE = re.compile(r"<table>.*?</table>", re.S)

# What Material's search parser reads of page.meta.
_SEARCH_META = ("title", "tags", "search")


def missing_packages(dictionary: str) -> list[str]:
    """The SudachiPy packages the analysis needs that are not installed (found without
    loading them: the analysis may run in a helper process)."""
    wanted = ["sudachipy", f"sudachidict_{dictionary}"]
    return [name for name in wanted if importlib.util.find_spec(name) is None]


def _page_url(url: str) -> str:
    """A File's URL as its Page's (mkdocs.structure.pages.Page.url)."""
    return "" if url in (".", "./") else url


class _NoEntries(SearchIndex):
    """Material's search index without its documents: Madoguchi's index replaces them."""

    def add_entry_from_context(self, page: Any) -> None:
        return None


def skip_material_indexing(material: Any) -> None:
    """mkdocs-material's search plugin parses every page into sections for its
    search_index.json, about a tenth of a build, which Madoguchi then replaces with its own
    index (analysed in a helper process) and a file with Material's search config only. In a
    full build Material keeps its UI config and its removal of `data-search-*` attributes, and
    indexes nothing. `--dirty` builds keep Material's documents: they supply the pages not
    rendered this time (analysis.py); except in the preview (`madoguchi serve`), which keeps
    its own analysis of every page."""
    index = getattr(material, "search_index", None)
    if index is not None and not isinstance(index, _NoEntries):
        material.search_index = _NoEntries(**index.config)


class SearchPlugin(BasePlugin[SearchConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.synonyms: list[Any] = []
        self.categories: dict[str, dict[str, str]] = {}
        self.contact: dict[str, str] = {}
        self.env: Environment | None = None
        self.analysis: Analysis | None = None
        self.ongoing: dict[str, Any] = {}  # path → ongoing Incident
        self.ongoing_label = ""
        self.layout = layout()  # which folder holds the FAQ (madoguchi/freshness option `folders`)
        self.site: Site | None = None  # madoguchi/freshness's model of this build
        # `mkdocs serve --dirty` (scripts/serve): every page's URL in build order; a rebuild
        # analyses only the pages it renders and keeps the others' analysis (analysis.py)
        self.preview = False
        self.dirty = False  # `--dirty`: Material indexes the pages too (skip_material_indexing)
        self.serving = False  # `mkdocs serve`: the analyser and its caches serve the next rebuild too
        self.order: list[str] | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Keeps this instance across the rebuilds of one `mkdocs serve`.
        self.preview = command == "serve" and dirty
        self.serving = command == "serve"
        self.dirty = dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        freshness = config.plugins.get("madoguchi/freshness")
        if freshness is None or not freshness.config.get("enabled", True):
            raise PluginError(refusal_when_disabled(config.config_file_path))  # fail closed
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
            log.info(f"{shown} not found: searching without synonyms of the site")
        if self.config.default_synonyms:
            self.synonyms = merge_synonyms(default_synonyms(), self.synonyms)
        missing = missing_packages(self.config.dictionary)
        if missing:
            raise PluginError(
                f"{config.config_file_path}: plugins.madoguchi/search: dictionary: "
                f"'{self.config.dictionary}' needs `pip install {' '.join(missing)}`"
            )
        if not self.preview:  # the preview's rebuilds render only some pages: keep, pruned in on_nav
            self.categories, self.contact = {}, {}
        self.layout = layout(freshness.config.get("folders"))
        material = config.plugins["material/search"]
        if self.preview or not (self.dirty or getattr(material, "is_dirty", False)):
            # The preview analyses every page in its first build and keeps that (analysis.py):
            # Material's documents of every page, merged and written again on each save (a
            # twenty-fifth of a save's CPU at 20,000 entries), would never be read.
            skip_material_indexing(material)
            if self.preview:
                setattr(material, "search_index_prev", None)  # noqa: B010 (Material's own attribute)
        self._close()
        if not self.preview:
            # Forked now, before madoguchi/freshness loads the site: the helper inherits
            # little of this process's memory (analysis.py). Before its audit helper too,
            # which forks in its own on_config (plugins run in the order of mkdocs.yml).
            self.analysis = self._analysis(config)
        return config

    def _analysis(self, config: MkDocsConfig) -> Analysis:
        return Analysis(
            self.config.dictionary,
            self.synonyms,
            self.config.title_boost,
            parallel=self.config.parallel and not self.preview,
            keep=self.preview,
            # the result fragments written as their pages come (not with `--dirty`: from Material's index)
            search_dir=None if self.dirty else Path(config.site_dir) / "search",
        )

    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> None:
        if not self.config.enabled:
            return
        # Ongoing incidents come first for a query matching their title or affected services
        freshness = config.plugins.get("madoguchi/freshness")
        site = getattr(freshness, "site", None)
        self.ongoing = {incident.path: incident for incident in ongoing(site.incidents())} if site else {}
        self.site = site
        self.ongoing_label = strings(config.theme.get("language"))["search.ongoing"]
        pages = files.documentation_pages()  # once: a list made anew over every file at each call
        if self.analysis is None:  # the preview's rebuilds analyse in this process
            self.analysis = self._analysis(config)
        self.analysis.expect(len(pages))
        # Page.url's form: the home page's URL is '', not './'
        self.order = [_page_url(file.url) for file in pages] if self.preview else None
        if self.preview:  # what the "no results" view lists of pages that left the site
            listed = files.src_uris
            self.categories = {
                slug: item for slug, item in self.categories.items() if self.layout.category_index(slug) in listed
            }
            if self.config.contact_page not in files.src_uris:
                self.contact = {}
        if self.config.parallel and not self.analysis.parallel:
            log.debug("Japanese analysis in the build process (one CPU, other threads running, or not Linux)")

    def _ongoing(self, page: Page) -> tuple[tuple[str, ...], str]:
        """An ongoing incident's title and affected services, and its result's marker."""
        incident = self.ongoing.get(page.file.src_uri)
        if incident is None:
            return (), ""
        return (incident.title, *incident.affected), f"【{self.ongoing_label}】"

    def _levels(self, page: Page) -> tuple[str, ...]:
        """The category levels a result shows (大分類 › 小分類): an entry's category, a
        subcategory listing's category (category_path.py)."""
        if self.site is None:
            return ()
        path = page.file.src_uri
        entry = self.site.entries.get(path)
        if entry is not None:
            slug = entry.category_slug()
            return tuple(category_titles(self.site, slug)) if slug else ()
        slug = self.layout.category_of(path) if self.layout.is_category_index(path) else None
        return tuple(category_titles(self.site, slug)[:-1]) if slug else ()

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        for file in [f for f in files if f.src_uri.startswith(DATA_DIR)]:
            files.remove(file)  # editors' data, not pages
        return files

    # Last but Madoguchi's hold (madoguchi/freshness keeps the HTML compressed until the page is
    # written, at -1000): the HTML every other plugin made, and the page's final title.
    @event_priority(-900)
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled:
            return None
        src = page.file.src_uri
        slug = self.layout.category_of(src) if self.layout.is_category_index(src) else None
        if slug is not None and page.meta.get("draft") is True:
            self.categories.pop(slug, None)  # a draft category (normally removed already) is never listed
        elif slug is not None:
            self.categories[slug] = {"title": page.title or slug, "url": page.url}
        elif src == self.config.contact_page:
            table = _FIRST_TABLE.search(html)
            self.contact = {"title": page.title or "", "url": page.url, "table": table.group(0) if table else ""}
        self._analyse(page, html)
        return None

    def _analyse(self, page: Page, html: str) -> None:
        """Hand the rendered page to the analysis. In MkDocs' first pass, while it renders the
        pages (not in the second, while it writes them): the helper then analyses alongside
        the rendering and lets go of its dictionary before the build process holds every
        rendered page (docs/performance.md, fifth round)."""
        if self.analysis is None:
            return
        # A copy: the batch is sent later, and other plugins may still change page.meta.
        meta = copy.deepcopy({key: page.meta[key] for key in _SEARCH_META if key in page.meta})
        try:
            self.analysis.add(
                PageHtml(page.url, str(page.title or ""), meta, html, *self._ongoing(page), self._levels(page))
            )
        except Exception as error:  # the helper process is gone (killed, out of memory, …)
            raise PluginError(
                f"{page.file.src_uri}: madoguchi/search could not hand the page to its helper process "
                f"({error!r}); `parallel: false` analyses pages in the build process"
            ) from error

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment | None:
        self.env = env
        if self.analysis is not None and not (self.dirty or self.serving):  # every page is rendered
            self.analysis.rendered()
        return None

    @event_priority(-50)  # after Material's search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        started = time.perf_counter()
        target = Path(config.site_dir) / "search" / "search_index.json"
        if not target.exists():
            raise PluginError(f"{target}: not written by the search plugin; is it disabled?")
        # `--dirty`: Material's index also lists the pages not rendered this time. Material's
        # plugin knows (`serve` makes a new instance of ours when mkdocs.yml changes, without
        # on_startup).
        dirty = bool(getattr(config.plugins.get("material/search"), "is_dirty", False)) and self.order is None
        material_docs = json.loads(target.read_text(encoding="utf-8"))["docs"] if dirty else None
        assert self.analysis is not None  # started in on_nav
        try:
            stats = self.analysis.finish(target.parent, material_docs, self.order)
        except Exception as error:  # from the helper process: name the index being built
            raise PluginError(f"{target.parent}: Japanese search index not written: {error!r}") from error
        finally:
            self._close()
        write_json(target.parent / "madoguchi.json", {"empty": self._render_empty(config)})
        log.info(
            f"Japanese search index: {stats.pages} pages, {stats.terms} terms, "
            f"{stats.bytes // 1024} KiB, {time.perf_counter() - started:.2f} s "
            "after the last page"
        )

    def on_build_error(self, *, error: Exception) -> None:
        self._close()

    def on_shutdown(self) -> None:
        self._close()

    def _close(self) -> None:
        if self.analysis is not None:
            self.analysis.close()
            self.analysis = None

    def _render_empty(self, config: MkDocsConfig) -> str:
        """The "no results" view: contact channels and the category list."""
        env = self.env or config.theme.get_env()
        template = env.get_template(EMPTY_TEMPLATE)
        categories = [self.categories[slug] for slug in sorted(self.categories)]
        return template.render(t=strings(config.theme.get("language")), categories=categories, contact=self.contact)
