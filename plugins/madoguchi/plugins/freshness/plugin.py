"""`madoguchi/freshness`: load the content model once per build, refuse invalid content,
drop drafts, give every page its freshness, generate category pages and navigation,
and build the configured edition: the public one without staff-only text, or the internal
one with owners, the staleness dashboard, the error-report link and `freshness.json`."""

from __future__ import annotations

import functools
import gc
import json
import logging
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, TemplateNotFound
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure import StructureItem
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from ... import audit
from ...calendar import Calendar, load_calendar
from ...edition import INTERNAL, internal_markdown, public_markdown
from ...escaping import escape_front_matter, html_text, title_as_html
from ...frontmatter import FrontMatterError, split_front_matter
from ...gitdates import read_last_edits
from ...guards import check_guards, slugify_of
from ...i18n import format_moment, install, strings
from ...kinds import Layout, layout
from ...leaks import LeakGuard
from ...model import Entry, FaqEntry, Incident, Problem, Site, load_site
from ...pagination import ListingPage, page_source, pages_of
from ...policy import Policy, policy_from_config
from ...preview import write_error_pages
from ...publishable import LinkFinder, Withholding, symlink_problems
from ...report import assess_site, report_document, report_entries, report_json
from ...report_link import IssueTracker, ReportLinkError, tracker_from_options
from ...sanitize import Sanitizer, extension_names
from ...staleness import OVERDUE, SEVERITY, Assessment
from ...structured_data import faq_page, incident_article, listing_lastmods, page_lastmod, script_json, sitemap_date
from ...timeutil import TimeValueError, current_time
from ...urls import absolute_url, shown_prefix
from . import calendar_view, notice_view, trail_view, views
from .audit_stream import AuditStream
from .config import FreshnessConfig
from .markdown_pool import MarkdownPool, reusable
from .nav_cache import NAV_TEMPLATE, NavCache
from .page_memory import hold, releasable, release, release_source, unhold
from .preview_rebuilds import PreviewRebuilds, page_urls_key

log = logging.getLogger("mkdocs.plugins.madoguchi.freshness")

# Overdue pages are reported on their own logger, outside "mkdocs": a `--strict` build
# must not fail because an FAQ answer is due for review (an urgent incident notice has to
# publish). Teams that want that gate set `fail_on: overdue`.
staleness_log = logging.getLogger("madoguchi.staleness")
if not staleness_log.handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    staleness_log.addHandler(_handler)
    staleness_log.propagate = False
    staleness_log.setLevel(logging.INFO)

# Madoguchi's templates and assets, shipped inside the package (like material/templates).
TEMPLATES_DIR = str(Path(__file__).resolve().parent.parent.parent / "templates")


def add_packaged_templates(config: MkDocsConfig) -> None:
    """Put Madoguchi's templates after the site's own `custom_dir` and before the theme's:
    a site overrides one partial by placing a file of the same path in its `custom_dir`."""
    dirs = config.theme.dirs
    if TEMPLATES_DIR in dirs:
        return
    custom_dir = config.theme.custom_dir
    position = 1 if custom_dir and dirs and os.path.abspath(dirs[0]) == os.path.abspath(custom_dir) else 0
    dirs.insert(position, TEMPLATES_DIR)


def mkdocs_source(path: str | None) -> str | None:
    """The page source with its front matter re-fenced so MkDocs reads exactly what Madoguchi
    validated: MkDocs' own pattern misses a closing `---` without a final newline and an empty
    block, and would then print the YAML as the page body."""
    if path is None:
        return None
    with open(path, encoding="utf-8-sig") as file:
        text = file.read()
    try:
        yaml_text, body, _ = split_front_matter(text)
    except FrontMatterError:
        return None  # on_files already refused the build
    if yaml_text is None:
        return None
    if not yaml_text.strip():
        yaml_text = "{}\n"
    elif not yaml_text.endswith("\n"):
        yaml_text += "\n"
    return f"---\n{yaml_text}---\n{body}"


def editor_prefix(config: MkDocsConfig) -> str:
    """docs_dir as editors see it from the folder of mkdocs.yml (e.g. `content/`)."""
    config_dir = os.path.dirname(os.path.abspath(config.config_file_path or "mkdocs.yml"))
    return shown_prefix(config_dir, config.docs_dir)


def _sections(items: list[StructureItem]) -> list[Section]:
    found: list[Section] = []
    for item in items:
        if isinstance(item, Section):
            found.append(item)
            found.extend(_sections(item.children))
    return found


def content_files(files: Files, config: MkDocsConfig) -> list[File]:
    """The files MkDocs found in docs_dir (not the theme's, not generated ones)."""
    docs_dir = os.path.abspath(config.docs_dir)
    return [file for file in files if file.src_dir is not None and os.path.abspath(file.src_dir) == docs_dir]


def refusal_when_disabled(config_file: str | None) -> str:
    """Why a build without madoguchi/freshness is refused: it decides what never publishes."""
    return (
        f"{config_file}: plugins: madoguchi/freshness が無効か、ありません。このままでは下書き・社内向けの内容・"
        "エディタのバックアップ・content/_data/ が公開されてしまうため、ビルドしません。 / "
        "plugins: madoguchi/freshness is disabled or missing; without it drafts, "
        "internal content, editor backups and content/_data/ would be published. "
        "Enable it (remove `enabled: false`) — see docs/security.md"
    )


class FreshnessPlugin(BasePlugin[FreshnessConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.site = Site()
        self.assessments: dict[str, Assessment] = {}
        self.last_edits: dict[str, Any] = {}
        self.listing_lastmods: dict[str, Any] = {}
        self.policy = Policy()
        # "now" is read in on_config, where a bad MADOGUCHI_NOW becomes a clean PluginError.
        self.now = datetime.fromtimestamp(0, self.policy.timezone)
        self.generated_nav = False
        self.listings: views.Listings | None = None
        self.section_navs: dict[str, dict[str, Any] | None] = {}  # _section_nav's, per category and build
        # generated source of every page of a paginated listing (page 1 too) → which page
        self.listing_pages: dict[str, ListingPage] = {}
        self.nav_cache: NavCache | None = None
        self.tracker: IssueTracker | None = None  # the internal edition's error-report link
        self.dashboard_url: str | None = None
        self.sanitizer: Sanitizer | None = None
        self.markdown_pool: MarkdownPool | None = None
        self.release_text = False  # let go of pages' Markdown and HTML once written (page_memory.py)
        self.audit_stream: AuditStream | None = None  # the public build's audit, while pages are built
        self.audit_rules: audit.Rules | None = None  # the public edition's (_make_audit_rules)
        # src_uri → what makes the page's JSON-LD, from on_page_content to on_page_context: made
        # when the page is written, not for every page before the first is (on_page_context)
        self.jsonld_pending: dict[str, Callable[[], dict[str, Any] | None]] = {}
        # src_uri → the page's HTML, compressed, between MkDocs' two passes (page_memory.hold)
        self.held: dict[str, bytes] = {}
        self.sanitize_seconds = 0.0
        self.calendar: Calendar | None = None  # content/_data/calendar.yml (calendar_view.py)
        self.calendar_view: dict[str, Any] | None = None
        self.env: Environment | None = None
        # `mkdocs serve` (on_startup): content errors become an error page instead of a failed
        # rebuild (preview.py); the pages the error page stands in for
        self.serving = False
        self.preview_problems: list[Problem] = []
        self.preview_pages: list[str] = []
        # `mkdocs serve --dirty` (scripts/serve): what its rebuilds reuse (preview_rebuilds.py)
        self.preview: PreviewRebuilds | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance across the rebuilds of one `mkdocs serve`:
        # every per-build value is set again in on_config and on_files.
        self.serving = command == "serve"
        self.preview = PreviewRebuilds() if self.serving and dirty else None

    @property
    def layout(self) -> Layout:
        """Which folder holds which kind (option `folders`)."""
        return layout(self.config.folders)

    @property
    def internal(self) -> bool:
        """Building the internal (staff) edition."""
        return bool(self.config.edition == INTERNAL)

    def edition_markdown(self, markdown: str, language: str | None) -> str:
        """Markdown as this edition renders it: without internal blocks and HTML comments in
        the public edition; with internal blocks titled 社内限定 (unless titled) in the internal."""
        if self.internal:
            return internal_markdown(markdown, strings(language)["internal.title"])
        return public_markdown(markdown)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            raise PluginError(refusal_when_disabled(config.config_file_path))
        try:
            self.policy = policy_from_config(self.config)
            self.now = current_time(self.policy.timezone)
        except TimeValueError as error:
            raise PluginError(f"{config.config_file_path}: plugins.madoguchi/freshness: {error}") from None
        try:
            self.tracker = tracker_from_options(self.config.report_issue, self.config.notify) if self.internal else None
        except ReportLinkError as error:
            raise PluginError(f"{config.config_file_path}: plugins.madoguchi/freshness: {error}") from None
        add_packaged_templates(config)
        self.sanitizer = (
            Sanitizer(extension_names(config.markdown_extensions), keep_comments=self.internal)
            if self.config.sanitize_html
            else None
        )
        self.sanitize_seconds = 0.0
        self.markdown_pool = MarkdownPool() if reusable(config.markdown_extensions) else None
        self.release_text = releasable(config.plugins.keys())  # page_memory.py
        self.generated_nav = self.config.category_nav and not config.nav
        if self.generated_nav:
            # Entries are deliberately left out of the sidebar: say so only in --verbose.
            config.validation.nav.omitted_files = logging.DEBUG
        self._stop_audit_stream()
        if not self.internal and not self.serving:  # forked now, while this process is small (audit_stream.py)
            self.audit_stream = AuditStream.start()
        return config

    def _stop_audit_stream(self) -> None:
        if self.audit_stream is not None:
            self.audit_stream.abort()
            self.audit_stream = None

    @event_priority(50)  # before other plugins see the files: drafts must vanish first
    def _on_files_first(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        # The model, views and checks made here live for the whole build, and none makes a
        # garbage cycle: the collector would only walk the growing heap again and again (in
        # the preview, the kept caches too: 1 s of a 20,000-entry rebuild); it is frozen at the end.
        enabled = gc.isenabled()
        gc.disable()
        try:
            return self._on_files(files, config)
        finally:
            if enabled:
                gc.enable()

    @event_priority(-100)  # after every plugin's: the files MkDocs makes pages for next
    def _on_files_last(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        """The preview's rebuilds: each file's Page made without MkDocs' per-page URL work
        (PreviewRebuilds.make_pages)."""
        if self.config.enabled and self.preview is not None and not self.preview_problems:
            made = self.preview.make_pages(files.documentation_pages(), page_urls_key(config), config.nav)
            log.debug(f"Preview: {made} page(s) made with the last build's URLs")
        return None

    on_files = CombinedEvent(_on_files_first, _on_files_last)

    def _on_files(self, files: Files, config: MkDocsConfig) -> Files | None:
        docs_dir = Path(config.docs_dir)
        prefix = editor_prefix(config)
        content = content_files(files, config)
        finder = LinkFinder(docs_dir)
        links = {file.src_uri: link for file in content if (link := finder.link_of(file.src_uri)) is not None}
        paths = [file.src_uri for file in content if file.is_documentation_page() and file.src_uri not in links]
        self.site = load_site(
            docs_dir,
            paths,
            self.policy,
            self.now,
            shown_prefix=prefix,
            edition=self.config.edition,
            folders=self.config.folders,
            language=config.theme.get("language"),
            sources=self.preview.sources if self.preview is not None else None,
        )
        leaks = LeakGuard.from_options(self.config).check_site(
            self.site, prefix, config.theme.get("language"), cache=self.preview.leaks if self.preview else None
        )
        self.calendar, calendar_problems = load_calendar(
            docs_dir,
            prefix,
            self.policy.timezone.key,
            self.now.astimezone(self.policy.timezone).date(),
            config.theme.get("language"),
        )
        language = config.theme.get("language")
        self.calendar_view = self._calendar_view(files, language)
        self.env = None  # the theme's environment for the calendar partial (on_env comes after the pages)
        guards = check_guards(
            self.site,
            (file.src_uri for file in files),
            shown_prefix=prefix,
            language=config.theme.get("language"),
            extra_keys=self.config.extra_keys,
            slugify=slugify_of(config),
            cache=self.preview.guards if self.preview is not None else None,
        )
        problems = (
            self.site.problems
            + leaks.errors
            + symlink_problems(links.values(), prefix, config.theme.get("language"))
            + calendar_problems
            + guards.errors
        )
        self.preview_problems = []
        self.jsonld_pending = {}
        self.held = {}
        self.audit_rules = None
        if problems:
            for problem in sorted(problems):
                log.error(str(problem))
            if self.serving:
                return self._preview_errors(files, sorted(problems))
            raise PluginError(
                f"{len(problems)} content error(s); nothing was built. "
                "Run `madoguchi check` to see them without building."
            )
        for leak in leaks.warnings:
            log.warning(str(leak))
        for warning in guards.warnings:
            log.warning(str(warning))

        self._withhold(files, content)

        published_categories = {e.category for e in self.site.faq()}
        published_categories |= {slug.partition("/")[0] for slug in published_categories}  # 大分類 of 小分類
        for category in self.site.categories.values():
            if category.index_path is None and category.slug in published_categories:
                files.append(
                    File.generated(
                        config,
                        self.layout.category_index(category.slug),
                        content=f"---\ntitle: {json.dumps(category.title, ensure_ascii=False)}\n---\n",
                    )
                )

        if self.internal and files.get_file_from_path(views.DASHBOARD) is None:
            title = json.dumps(strings(config.theme.get("language"))["dashboard"], ensure_ascii=False)
            files.append(File.generated(config, views.DASHBOARD, content=f"---\ntitle: {title}\n---\n"))
        dashboard_file = files.get_file_from_path(views.DASHBOARD) if self.internal else None
        self.dashboard_url = dashboard_file.url if dashboard_file is not None else None

        self.assessments = assess_site(self.site, self.policy, self.now)
        self.listings = views.Listings(self.site, self.assessments, files, self.config.recent)
        self.section_navs = {}
        self.listing_pages = {}
        for category, entries in self.listings.listed:  # categories and subcategories
            self.paginate(files, config, self.layout.category_index(category.slug), entries, category.title)
        self._report_staleness(prefix)
        if self.generated_nav:
            config.nav = views.navigation(self.site, files, strings(config.theme.get("language")))

        self.last_edits = {}
        if self.config.git_dates:
            self.last_edits, git_warning = (
                self.preview.last_edits(docs_dir) if self.preview is not None else read_last_edits(docs_dir)
            )
            if git_warning:
                log.warning(git_warning)
        self.listing_lastmods = listing_lastmods(self.site, self.last_edits)
        if self.release_text and not self.serving:
            # The model's text goes now (Site.release_sources): the public edition's audit rules,
            # made from it, are made first (else at on_env, after every other plugin's on_files).
            if not self.internal:
                self._make_audit_rules(config)
            self.site.release_sources()
        # The model lives for the whole build: keep the collector from walking it again and
        # again (a tenth of the run time at 20,000 entries); on_post_build thaws it.
        gc.freeze()
        return files

    def paginate(self, files: Files, config: MkDocsConfig, listing: str, entries: int, title: str) -> None:
        """Pages 2… of a listing with more than `listing_page_size` entries, generated next to
        its index (pagination.py); madoguchi/incidents calls this for the incidents index."""
        if files.src_uris.get(listing) is None:
            return
        pages = pages_of(listing, entries, self.config.listing_page_size)
        if len(pages) == 1:
            return
        pattern = strings(config.theme.get("language"))["pagination.title"]
        for page in pages:
            source = page_source(listing, page.number)
            self.listing_pages[source] = page
            if page.number == 1:
                continue
            page_title = json.dumps(pattern.format(title=title, number=page.number), ensure_ascii=False)
            files.append(File.generated(config, source, content=f"---\ntitle: {page_title}\n---\n"))

    def _withhold(self, files: Files, content: list[File]) -> None:
        """Remove every content file that never publishes (publishable.py says which)."""
        withholding = Withholding.of(self.site, self.config.asset_allowlist)
        left_out: Counter[str] = Counter()
        for file in content:
            reason = withholding.reason(file.src_uri)
            if reason is not None:
                files.remove(file)
                left_out[reason] += 1
        if left_out:
            summary = ", ".join(f"{count} {reason}" for reason, count in sorted(left_out.items()))
            log.info(f"Left out of the site (never published): {summary}")

    def _report_staleness(self, prefix: str) -> None:
        counts = {state: 0 for state in SEVERITY}
        # Follow `mkdocs -q` / `-v`: quiet prints nothing here, verbose every overdue page.
        level = max(logging.getLogger("mkdocs").getEffectiveLevel(), logging.DEBUG)
        staleness_log.setLevel(max(level, logging.INFO))
        limit = None if level <= logging.DEBUG else self.config.overdue_lines
        if self.preview is not None and self._announce_overdue_changes(prefix):
            limit = 0  # a rebuild of the preview: only what changed, announced above
        shown = 0
        for path, assessment in sorted(self.assessments.items()):
            counts[assessment.state] += 1
            if assessment.state == OVERDUE and assessment.due is not None:
                shown += 1
                if limit is not None and shown > limit:
                    continue
                entry = self.site.entries[path]
                local_due = assessment.due.astimezone(self.policy.timezone)
                since = local_due.strftime("%Y-%m-%d" if entry.type != "incident" else "%Y-%m-%d %H:%M")
                staleness_log.warning(f"{prefix}{path}: overdue since {since} (owner {entry.owner})")
        if limit is not None and shown > limit and limit > 0:
            staleness_log.warning(f"… and {shown - limit} more (madoguchi stale)")
        staleness_log.info(
            f"Freshness at {self.now.isoformat(timespec='minutes')}: "
            f"{counts['fresh']} fresh, {counts['due-soon']} due soon, {counts['overdue']} overdue"
        )
        gate = self.config.fail_on
        if gate:
            failing = [p for p, a in self.assessments.items() if SEVERITY[a.state] >= SEVERITY[gate]]
            if failing:
                raise PluginError(
                    f"{len(failing)} page(s) are {gate} or worse and `fail_on: {gate}` is set: "
                    + ", ".join(prefix + p for p in sorted(failing)[:10])
                    + (" …" if len(failing) > 10 else "")
                )

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page | None:
        if self.markdown_pool is not None:  # one Markdown instance for all pages (markdown_pool.py)
            page.render = functools.partial(self.markdown_pool.render, page)  # type: ignore[method-assign]
        return None

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        if not self.config.enabled:
            return None
        return mkdocs_source(page.file.abs_src_path)

    @event_priority(100)  # staff-only text goes before any other plugin reads the Markdown
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled:
            return None
        # Front matter is text: Material prints page.meta raw (madoguchi/escaping.py).
        escape_front_matter(page.meta, skip=frozenset({"madoguchi"}))
        if self.listings is None:
            return None
        markdown = self.edition_markdown(markdown, config.theme.get("language"))
        if self.internal and page.file.src_uri == views.DASHBOARD:
            dashboard = views.dashboard_view(self.site, self.assessments, files, self.policy)
            language = config.theme.get("language")
            dashboard["now"] = format_moment(self.now, strings(language)["datetime_format"], language)
            page.meta["madoguchi"] = dashboard
            page.meta.setdefault("template", dashboard["template"])
            return markdown
        listing_page = self.listing_pages.get(page.file.src_uri)
        if listing_page is not None:
            self._link_listing_pages(page, listing_page, files)
        view = self._page_view(page.file.src_uri, listing_page, files)
        if view is not None:
            page.meta["madoguchi"] = view
            page.meta.setdefault("template", view["template"])
        return markdown

    def _page_view(self, path: str, listing_page: ListingPage | None, files: Files) -> dict[str, Any] | None:
        """What Madoguchi's templates show on the page at `path` (views.page_view), with the
        sidebar's subcategories of its category (trail_view.py); also the preview's signature."""
        assert self.listings is not None
        listed = listing_page.listing if listing_page is not None else path
        view = views.page_view(
            listed,
            self.site,
            self.assessments,
            self.listings,
            self.last_edits,
            self.policy,
            files,
            reader_notice=self.config.reader_notice,
            listing_page=listing_page,
            page_size=self.config.listing_page_size,
        )
        if view is not None:
            first = listing_page is None or listing_page.number == 1
            view["section_nav"] = self._section_nav(listed, files, first_page=first)
        return view

    def _section_nav(self, path: str, files: Files, *, first_page: bool = True) -> dict[str, Any] | None:
        """trail_view.section_nav, one for all the entries of a (sub)category: an entry's block
        depends on its category only. Made once per category and build rather than once per
        entry: at 20,000 entries in 8 × 10 subcategories, 20,000 copies were held by the pages'
        views from the first page rendered to the last (docs/performance.md, fifth round), and
        the preview made each again to compare it at every save. (Shared, never changed: the
        templates only read it.)"""
        assert self.listings is not None
        entry = self.site.entries.get(path)
        if not isinstance(entry, FaqEntry):  # a listing's block marks the listing itself
            return trail_view.section_nav(self.site, self.listings, path, files, first_page=first_page)
        if entry.category not in self.section_navs:
            self.section_navs[entry.category] = trail_view.section_nav(self.site, self.listings, path, files)
        return self.section_navs[entry.category]

    @staticmethod
    def _link_listing_pages(page: Page, listing_page: ListingPage, files: Files) -> None:
        """A listing's pages follow each other: Material's `<link rel="prev"/"next">` and the
        footer's previous/next links lead to the neighbouring pages of the same listing."""

        def neighbour(number: int) -> Page | None:
            if not 1 <= number <= listing_page.total:
                return None
            file = files.src_uris.get(page_source(listing_page.listing, number))
            return file.page if file is not None else None

        page.previous_page = neighbour(listing_page.number - 1)
        page.next_page = neighbour(listing_page.number + 1)

    @event_priority(1000)  # first: every plugin reads the page's HTML
    def _on_page_context_first(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        """The page's HTML back from where it waited (_on_page_content_last)."""
        held = self.held.pop(page.file.src_uri, None)
        if held is not None:
            page.content = unhold(held)
        return None

    def _on_page_context_main(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        """The page's JSON-LD, made now that the page is written: MkDocs renders every page
        before it writes the first, and 20,000 pages' JSON-LD held until then were 40 MB of a
        build's peak (docs/performance.md). Internal edition: the staff strip of every page
        (partials/madoguchi/staff.html)."""
        if not self.config.enabled:
            return None
        make = self.jsonld_pending.pop(page.file.src_uri, None)
        data = make() if make is not None else None
        if data is not None:
            page.meta.setdefault("madoguchi", {})["jsonld"] = script_json(data)
        if not self.internal:
            return None
        context["madoguchi_staff"] = self.staff_view(page, config)
        return context

    def staff_view(self, page: Page, config: MkDocsConfig) -> dict[str, Any]:
        path = page.file.src_uri
        entry = self.site.entries.get(path)
        assessment = self.assessments.get(path)
        language = str(config.theme.get("language") or "ja")
        owner = entry.owner if entry is not None else None
        slug = self.layout.category_of(path) if entry is None else None
        if slug is not None:
            category = self.site.categories.get(slug)
            owner = category.owner if category is not None else None
        report_url = None
        if self.tracker is not None:
            report_url = self.tracker.new_issue_url(
                title=entry.title if entry is not None else str(page.title or config.site_name),
                page_url=absolute_url(config.site_url, page.url),
                source=editor_prefix(config) + path,
                owner=owner or self.policy.default_owner,
                language=language,
            )
        return {
            "tracked": assessment is not None,
            "type": entry.type if entry is not None else "page",
            "owner": owner,
            "state": assessment.state if assessment else None,
            "due": assessment.due.astimezone(self.policy.timezone) if assessment and assessment.due else None,
            "report_url": report_url,
            "dashboard_url": self.dashboard_url if path != views.DASHBOARD else None,
        }

    on_page_context = CombinedEvent(_on_page_context_first, _on_page_context_main)

    @event_priority(90)  # before other plugins read the page's HTML: they see it sanitised
    def _on_page_content_first(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """The page's HTML through the sanitiser; search-engine data: the sitemap's lastmod
        (instead of the build date) and JSON-LD."""
        if not self.config.enabled:
            return None
        html = self.sanitize(html)
        if self.calendar_view is not None and self.env is None:
            self.env = config.theme.get_env()
        html = calendar_view.place(html, page.file.src_uri, self.calendar_view, self.env, page.url)
        if page.title is not None:
            # Front matter's is escaped already; else from `nav:`, the file name or the first heading.
            from_heading = "title" not in page.meta and bool(getattr(page, "_title_from_render", None))
            page.title = title_as_html(page.title, from_heading=from_heading)
        path = page.file.src_uri
        tz = self.policy.timezone
        listing_page = self.listing_pages.get(path)  # page n of a listing: the listing's lastmod
        lastmod = page_lastmod(
            listing_page.listing if listing_page is not None else path,
            self.site,
            self.last_edits,
            self.listing_lastmods,
        )
        page.update_date = sitemap_date(lastmod, tz)
        # (with the pages' text let go, the HTML is the page's own again when the JSON-LD is made)
        final = None if self.release_text else html
        self.jsonld_pending[path] = functools.partial(self._jsonld, page, final, config, files)
        if self.release_text:
            release_source(page)  # rendered: its Markdown is not read again (page_memory.py)
        return html

    @event_priority(-1000)  # last: the HTML every plugin made
    def _on_page_content_last(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """Until the page is written, its HTML waits compressed (page_memory.hold)."""
        if not self.config.enabled or not self.release_text:
            return None
        self.held[page.file.src_uri] = hold(html)
        return ""

    on_page_content = CombinedEvent(_on_page_content_first, _on_page_content_last)

    def _jsonld(self, page: Page, html: str | None, config: MkDocsConfig, files: Files) -> dict[str, Any] | None:
        """The page's search-engine data (schema.org), from its final HTML (None: the page's
        own, back at on_page_context); None for none."""
        html = html if html is not None else str(page.content or "")
        path = page.file.src_uri
        entry = self.site.entries.get(path)
        url = page.canonical_url or page.abs_url or page.url
        language = str(config.theme.get("language") or "ja")
        home = strings(language)["home"]
        if isinstance(entry, FaqEntry) and not entry.draft:
            breadcrumb = trail_view.entry_breadcrumb(self.site, entry, url, files, home)  # 大分類 › 小分類
            return faq_page(entry, html, url, language=language, breadcrumb=breadcrumb)
        if isinstance(entry, Incident) and not entry.draft:
            return incident_article(
                entry,
                url,
                publisher=config.site_name,
                publisher_url=config.site_url,
                language=language,
                tz=self.policy.timezone,
                last_edit=self.last_edits.get(path),
                edition_text=lambda text: self.edition_markdown(text, language),
            )
        if entry is None:  # a subcategory's listing: its BreadcrumbList
            listing_page = self.listing_pages.get(path)
            return trail_view.listing_breadcrumb(
                self.site, listing_page.listing if listing_page is not None else path, files, home
            )
        return None

    def sanitize(self, html: str) -> str:
        """Rendered HTML through the allowlist sanitiser (unchanged when `sanitize_html: false`)."""
        if self.sanitizer is None:
            return html
        started = time.perf_counter()
        cleaned = self.sanitizer.clean(html)
        self.sanitize_seconds += time.perf_counter() - started
        return cleaned

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        """Section titles are text: a folder's name (MkDocs' own navigation) or `nav:`."""
        if not self.config.enabled:
            return None
        for item in _sections(nav.items):
            item.title = html_text(item.title)
        if self.preview is not None and not self.preview_problems:
            self._plan_preview(nav, config, files)
        return nav

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment | None:
        if not self.config.enabled:
            return None
        if self.preview is not None:
            self.preview.environment(env)
        self.nav_cache = None
        if self.config.cache_nav:
            try:
                template = env.get_template(NAV_TEMPLATE)
            except TemplateNotFound:
                pass
            else:
                extra = (config.theme.get("logo"), config.extra.get("homepage"))
                self.nav_cache = NavCache(str(url) for url in extra if url)
                template.root_render_func = self.nav_cache.wrap(template.root_render_func)
        install(env, config.theme.get("language"), self.policy.timezone)  # madoguchi_t, dates, zone note
        env.globals["madoguchi_edition"] = self.config.edition
        env.globals["madoguchi_tz"] = self.policy.timezone
        contact = files.get_file_from_path("contact.md")
        env.globals["madoguchi_contact_url"] = contact.url if contact is not None else None
        # Customer voice (docs/feedback.md): the collector's URL; None: no widget, no script
        env.globals["madoguchi_feedback_endpoint"] = self.config.feedback.endpoint
        self._calendar_globals(env, config)
        if self.audit_stream is not None and self.audit_rules is None:
            self._make_audit_rules(config)
        return env

    @event_priority(-1000)  # last: the audit sees what MkDocs writes
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        if self.audit_stream is not None and self.audit_stream.ready and output.strip():
            self.audit_stream.page(page.file.dest_uri)  # audited from disk once written
        if self.config.enabled:
            release(page, text=self.release_text)
        return None

    def _calendar_view(self, files: Files, language: str | None) -> dict[str, Any] | None:
        """The calendar partials' view, with the planned maintenance affecting each channel."""
        if self.calendar is None:
            return None

        def url_of(path: str) -> str | None:
            file = files.get_file_from_path(path)
            return file.url if file is not None else None

        maintenance = calendar_view.maintenance_items(self.calendar, self.site.incidents(), self.now, language, url_of)
        return calendar_view.calendar_view(self.calendar, self.now, language, maintenance)

    def _calendar_globals(self, env: Environment, config: MkDocsConfig) -> None:
        """The business calendar and the site-wide notices, for every template."""
        language = config.theme.get("language")
        env.globals["madoguchi_calendar"] = self.calendar_view
        env.globals["madoguchi_notices"] = calendar_view.notices_view(
            self.calendar, self.now, language
        ) + self._scheduled_notices(config)
        env.globals["madoguchi_notice_text"] = calendar_view.calendar_text(language)

    def _scheduled_notices(self, config: MkDocsConfig) -> list[dict[str, Any]]:
        """content/notices/ as notice items (notice_view.py); their bodies as this edition's HTML."""
        if not self.site.of_kind("notice"):
            return []
        language = config.theme.get("language")
        to_html = notice_view.markdown_renderer(config.markdown_extensions, config.mdx_configs)
        return notice_view.scheduled_notices(
            self.site, self.now, lambda text: self.sanitize(to_html(self.edition_markdown(text, language)))
        )

    def on_build_error(self, *, error: Exception) -> None:
        gc.unfreeze()
        self._stop_audit_stream()
        if self.preview is not None:
            self.preview.failed()

    def _preview_errors(self, files: Files, problems: list[Problem]) -> Files:
        """While serving: build no page (and let no other plugin see any entry); on_post_build
        writes the error page in place of every page, so the browser shows what is wrong."""
        self.preview_problems = problems
        self.preview_pages = [file.dest_uri for file in files if file.is_documentation_page()]
        if self.preview is not None:
            self.preview.failed()  # every page becomes the error page: the next good save renders all
        self.site = Site(layout=self.layout)
        log.error(f"{len(problems)} content error(s): the preview shows them until the next good save.")
        return Files([file for file in files if not file.is_documentation_page()])

    @event_priority(-1000)  # last: the audit reads what every plugin has written
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        gc.unfreeze()
        if not self.config.enabled:
            return
        if self.preview_problems:
            self._stop_audit_stream()
            write_error_pages(
                Path(config.site_dir), self.preview_pages, self.preview_problems, config.theme.get("language")
            )
            return
        if self.sanitizer is not None:
            log.debug(f"HTML sanitiser: {self.sanitize_seconds:.3f} s")
        if self.nav_cache is not None:
            log.debug(
                f"Navigation rendered for {len(self.nav_cache.html)} place(s), reused {self.nav_cache.hits} time(s)"
            )
        if self.preview is not None:
            self.preview.finished()
        if not self.internal:
            # The public edition has no owner, due date, reason or freshness.json; its last step
            # is the audit of what was built (not of the local preview: it is never published).
            if not self.serving:
                self._audit(config)
            self._stop_audit_stream()
            return
        entries = report_entries(
            self.site,
            self.assessments,
            self.policy,
            site_url=config.site_url,
            use_directory_urls=config.use_directory_urls,
        )
        document = report_document(entries, self.policy, self.now)
        target = Path(config.site_dir) / "freshness.json"
        target.write_text(report_json(document) + "\n", encoding="utf-8")
        # Staff pages are not for search engines (robots meta on every page, and this file).
        (Path(config.site_dir) / "robots.txt").write_text("User-agent: *\nDisallow: /\n", encoding="utf-8")

    def _audit(self, config: MkDocsConfig) -> None:
        """The public edition's last step: `madoguchi audit` on what was built. On any finding
        the build fails and site_dir is emptied, so nothing half-checked can be uploaded."""
        started = time.perf_counter()
        stream, self.audit_stream = self.audit_stream, None
        findings = stream.finish() if stream is not None else None
        rules, self.audit_rules = self.audit_rules, None
        if findings is None:
            findings = audit.audit_site(rules if rules is not None else self._audit_rules(config), config.site_dir)
        else:
            log.debug("Audit: pages audited by the helper process as they were built")
        errors = [finding for finding in findings if not finding.warning]
        for finding in findings:
            if finding.warning:
                log.warning(f"audit: {finding}")
        log.debug(f"Audit of {config.site_dir}: {len(findings)} finding(s) in {time.perf_counter() - started:.2f} s")
        if not errors:
            return
        emptied = audit.empty_site_dir(config.site_dir, config.docs_dir, config.config_file_path)
        raise PluginError(
            f"公開前の監査で {len(errors)} 件の問題が見つかりました / the audit of the public site found "
            f"{len(errors)} problem(s):\n{audit.summary(errors)}\n{emptied}"
        )

    def _make_audit_rules(self, config: MkDocsConfig) -> None:
        """The public edition's audit rules, for the helper (sent at once) and for the audit in
        this process if there is no helper."""
        self.audit_rules = self._audit_rules(config)
        if self.audit_stream is not None:
            self.audit_stream.rules(self.audit_rules, config.site_dir)

    def _audit_rules(self, config: MkDocsConfig) -> audit.Rules:
        if self.site.sources_released:  # a programming error, never an editor's: not an assert (python -O)
            raise RuntimeError("the audit's rules read the entries' text, which this build let go")
        guard = LeakGuard.from_options(self.config)
        return audit.rules_for(
            self.site,
            guard,
            audit.read_theme(tuple(str(folder) for folder in config.theme.dirs)),
            shown_prefix=editor_prefix(config),
            default_owner=self.config.default_owner,
            asset_allowlist=self.config.get("asset_allowlist") or audit.DEFAULT_ASSET_ALLOWLIST,
            docs_dir=config.docs_dir,
            extra_javascript=[str(script) for script in config.extra_javascript],
            site_url=config.site_url,
            public=(config.site_name, config.site_description or "", config.copyright or ""),
        )

    # --- the preview's rebuilds (preview_rebuilds.py) ---------------------------------------

    def _plan_preview(self, nav: Navigation, config: MkDocsConfig, files: Files) -> None:
        """Decide which pages this rebuild of `mkdocs serve --dirty` renders again."""
        assert self.preview is not None
        if self.preview.rebuild:
            config.theme.static_templates.discard("sitemap.xml")  # lags until a full build (docs/performance.md)
        self.preview.entry_signatures.start(self._site_signature_key(config))
        pages = files.documentation_pages()
        signatures = {file.src_uri: self._signature(file.src_uri, files) for file in pages}

        def bodies() -> Iterable[tuple[str, str]]:
            yield from ((path, entry.body) for path, entry in self.site.entries.items())
            yield from ((c.index_path, c.body) for c in self.site.categories.values() if c.index_path)

        made = (file.page for file in pages if file.page is not None)
        whole = self._whole_signature(config, files)
        self.preview.plan(pages, nav, signatures, whole, bodies, config.site_dir, made)

    def _signature(self, path: str, files: Files) -> Any:
        """What the page at `path` shows of other files than its own: its view (as
        on_page_markdown makes it), the titles of the files it references, and for home and the
        incidents index, every incident's version."""
        listing_page = self.listing_pages.get(path)
        assert self.listings is not None
        entry = self.site.entries.get(path)
        memo = self.preview.entry_signatures if self.preview is not None else None
        key = None
        if memo is not None and entry is not None and listing_page is None and path != views.DASHBOARD:
            key = self._entry_signature_key(entry, files)
            kept = memo.get(entry, key)
            if kept is not None:
                return kept
        if self.internal and path == views.DASHBOARD:
            view: Any = views.dashboard_view(self.site, self.assessments, files, self.policy)
        else:
            view = self._page_view(path, listing_page, files)
        references = []
        for _, target in entry.references() if entry is not None else []:
            other = self.site.entries.get(target.partition("#")[0])
            references.append((target, other.title if other else None, other.draft if other else None))
        listing = listing_page.listing if listing_page is not None else path
        incidents = None
        if listing == "index.md" or listing == f"{self.layout.folder('incident')}/index.md":
            stamps = self.preview.sources.stamps if self.preview is not None else {}
            incidents = [(i.path, stamps.get(i.path)) for i in self.site.incidents()]
        signature = (view, references, incidents, listing_page)
        if memo is not None and entry is not None and key is not None and incidents is None:
            memo.put(entry, key, signature)
        return signature

    def _entry_signature_key(self, entry: Entry, files: Files) -> tuple[Any, ...]:
        """What an entry's page shows of the rest of the site besides what
        _site_signature_key covers: its freshness, its last edit, the entries it names
        (related, references: their titles, drafts and categories) and its sidebar block."""
        assert self.listings is not None
        path = entry.path
        targets = []
        for target in [*getattr(entry, "related", ()), *(t for _, t in entry.references())]:
            other = self.site.entries.get(target.partition("#")[0])
            targets.append((target, other, other.title if other else None, other.draft if other else None))
        section = self._section_nav(path, files)
        return (self.assessments.get(path), self.last_edits.get(path), targets, section)

    def _site_signature_key(self, config: MkDocsConfig) -> tuple[Any, ...]:
        """What every entry page's view reads of the site as a whole: the categories (titles,
        descriptions, drafts, …), the policy and the options that shape the view."""
        categories = tuple(
            (c.slug, c.title, c.description, c.owner, c.index_path, c.order, c.draft, c.audience)
            for c in self.site.categories.values()
        )
        options = (self.config.reader_notice, self.config.listing_page_size, self.internal, config.use_directory_urls)
        return (categories, self.policy, options)

    def _whole_signature(self, config: MkDocsConfig, files: Files) -> Any:
        """What every page shows: the sidebar, the incident banner, the notices and the
        calendar; and what every page is made with: mkdocs.yml and the site's own templates."""
        from ...incidents import ongoing, planned
        from ..incidents.views import maintenance_notices

        incidents = self.site.incidents()
        banner = [(i.path, i.impact, i.title, i.status, i.resolved, i.next_update) for i in ongoing(incidents)]
        stamps = self.preview.sources.stamps if self.preview is not None else {}
        maintenance = [(m.path, stamps.get(m.path)) for m in planned(incidents, self.now)]
        notices = maintenance_notices(incidents, self.now, lambda path: path, lambda m: "", "")
        language = config.theme.get("language")
        scheduled = notice_view.scheduled_notices(self.site, self.now, lambda text: text)
        calendar = calendar_view.notices_view(self.calendar, self.now, language)
        templates = []
        for folder in [config.theme.custom_dir] if config.theme.custom_dir else []:
            for root, _, names in os.walk(folder):
                templates += [(root, name, os.stat(os.path.join(root, name)).st_mtime_ns) for name in names]
        config_file = config.config_file_path
        return (
            config.nav,
            banner,
            maintenance,
            notices,
            scheduled,
            calendar,
            self.calendar_view,
            sorted(templates),
            os.stat(config_file).st_mtime_ns if config_file and os.path.exists(config_file) else None,
            "contact.md" in files.src_uris,
        )

    def _announce_overdue_changes(self, prefix: str) -> bool:
        """On a rebuild of the preview, one line instead of one per overdue page: how many are
        overdue, and which became overdue or stopped being so since the previous rebuild.
        False on the preview's first build (which lists them as a build does)."""
        assert self.preview is not None
        overdue = {path for path, a in self.assessments.items() if a.state == OVERDUE}
        before, self.preview.overdue = self.preview.overdue, overdue
        if before is None:
            return False
        became = sorted(overdue - before)
        ended = sorted(before - overdue)
        changes = [f"+{prefix}{path}" for path in became] + [f"-{prefix}{path}" for path in ended]
        shown = changes[:10] + ([f"… {len(changes) - 10} more"] if len(changes) > 10 else [])
        text = f"{len(overdue)} overdue (madoguchi stale)"
        if changes:
            staleness_log.warning(f"{text}; since the last rebuild: " + ", ".join(shown))
        else:
            staleness_log.info(f"{text}; no change since the last rebuild")
        return True
