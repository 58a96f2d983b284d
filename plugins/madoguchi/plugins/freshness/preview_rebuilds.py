"""The editors' preview rebuilds only what a save changed.

`scripts/serve` runs `mkdocs serve --dirty`: MkDocs then renders again only the pages whose
own file is newer than their output. Madoguchi's pages also show other files' data (a category
page lists its entries, home the recently confirmed ones, an entry its related entries' titles,
every page the incident banner and the notices), so MkDocs alone would leave those stale. After
each save this decides which other pages must be rendered again, by comparing what each page
shows of the rest of the site (its *signature*: the view Madoguchi hands its template, its
references' titles) with what it showed at its last render:

- a page whose signature changed is rendered again (and so re-indexed for search);
- when anything every page shows changed (the sidebar's categories, the incident banner, the
  notices, the business calendar, `mkdocs.yml`, the site's own templates), every page is;
- a page that mentions the file name of a page added or removed (a Markdown link) is;
- the output of a page that left the site (deleted, moved, made a draft or internal) is removed;
- nothing else is rendered; generated pages (category pages without `index.md`, pages 2… of a
  listing) too are rendered only when their signature changed.

It also keeps what a rebuild reuses, so that a save costs work for the entries it changed
rather than for every entry: every file's parsed front matter and validated entry
(model.SourceCache: an unchanged file keeps the same Entry object), each unchanged entry's guard
and leak findings (guards.GuardCache, leaks.LeakCache: checked again when a page it links to
changed), each entry page's signature (EntrySignatures), each page's URLs (make_pages: MkDocs
would compute them again for every file), the git dates (until the next commit), the compiled
templates (jinja2 bytecode). The search index is kept per page, and its encoded
files, by `madoguchi/search` (plugins/search/analysis.py). What may lag: docs/performance.md.
"""

from __future__ import annotations

import logging
import os
import posixpath
import subprocess
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket
from mkdocs.structure.files import File
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_date

from ...gitdates import read_last_edits
from ...guards import GuardCache
from ...leaks import LeakCache
from ...model import SourceCache
from ...model.read import Stamp

log = logging.getLogger("mkdocs.plugins.madoguchi.freshness")


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept in memory for the whole preview: MkDocs makes a new template
    environment for every rebuild and would compile every template again (a third of a
    second); jinja2 checks each template's source checksum, so an edited template is compiled."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


class EntrySignatures:
    """Each entry page's signature, kept while the entry (the same object: its file is
    unchanged, model.SourceCache) and what it shows of the rest of the site are the same:
    `key`, the entry's own part (its freshness, the entries it names, its sidebar block),
    and the site's part given to `start` (the categories, the policy, the options)."""

    def __init__(self) -> None:
        self.site: Any = None
        self.kept: dict[str, tuple[Any, Any, Any]] = {}  # path → (entry, key, signature)
        self.made = 0  # signatures made (not taken from here) since `start`

    def start(self, site: Any) -> None:
        if site != self.site:
            self.kept = {}
            self.site = site
        self.made = 0

    def get(self, entry: Any, key: Any) -> Any:
        kept = self.kept.get(entry.path)
        if kept is None or kept[0] is not entry or not _same(kept[1], key):
            return None
        return kept[2]

    def put(self, entry: Any, key: Any, signature: Any) -> None:
        self.kept[entry.path] = (entry, key, signature)
        self.made += 1


def _same(kept: Any, key: Any) -> bool:
    """Keys compared by value, except the entries they hold: by identity (an entry is the
    same object exactly while its file and its validation are unchanged)."""
    assessment, last_edit, targets, section = key
    if kept[0] != assessment or kept[1] != last_edit or kept[3] != section or len(kept[2]) != len(targets):
        return False
    return all(
        a[0] == b[0] and a[1] is b[1] and a[2] == b[2] and a[3] == b[3] for a, b in zip(kept[2], targets, strict=True)
    )


def _always() -> bool:
    return True


_NEW = object()  # the signature of a page not rendered before


class PreviewRebuilds:
    """What one `mkdocs serve --dirty` keeps between its rebuilds (see the module docstring)."""

    def __init__(self) -> None:
        self.sources = SourceCache()
        self.guards = GuardCache()
        self.leaks = LeakCache()
        self.entry_signatures = EntrySignatures()
        self.bytecode = MemoryBytecodeCache()
        self.signatures: dict[str, Any] = {}  # src_uri → its signature at its last render
        self.whole: Any = None  # what every page shows, at the last build
        self.outputs: dict[str, str] = {}  # src_uri → dest_uri of every page of the last build
        self.built = False  # a build finished since the start (or since a failed one)
        self.git: tuple[bytes, dict[str, datetime], str | None] | None = None
        self.overdue: set[str] | None = None  # overdue paths announced by the last build
        self.rendering = False  # on_env has run: the pages are being written
        self.pending: tuple[dict[str, Any], Any, dict[str, str], dict[str, Stamp], dict[str, Any]] | None = None
        self.stamps: dict[str, Stamp] = {}  # the version of each entry's file the last build rendered from
        self.forced: list[str] = []
        # src_uri → (url, canonical_url, abs_url, edit_url) of each page of the last build, and the
        # settings those were made with (page_urls_key)
        self.urls: dict[str, tuple[str, str | None, str | None, str | None]] = {}
        self.urls_key: Any = None

    @property
    def rebuild(self) -> bool:
        """A rebuild after a finished first build (not the first build of the preview)."""
        return self.built

    # --- reused data ------------------------------------------------------------------

    def last_edits(self, docs_dir: Path) -> tuple[dict[str, datetime], str | None]:
        """read_last_edits, again only after a commit (HEAD moved)."""
        head = subprocess.run(["git", "-C", str(docs_dir), "rev-parse", "HEAD"], capture_output=True, check=False)
        key = head.stdout if head.returncode == 0 else b""
        if self.git is None or self.git[0] != key or not key:
            dates, warning = read_last_edits(docs_dir)
            self.git = (key, dates, warning)
        return self.git[1], self.git[2]

    def environment(self, env: Environment) -> None:
        """Called from on_env: templates compile once per preview; pages are written next."""
        env.bytecode_cache = self.bytecode
        self.rendering = True

    # --- which pages to render ------------------------------------------------------

    def plan(
        self,
        documentation_pages: Sequence[File],
        nav: Navigation,
        signatures: dict[str, Any],
        whole: Any,
        bodies: Callable[[], Iterable[tuple[str, str]]],
        site_dir: str,
        made: Iterable[Page] = (),
    ) -> None:
        """Mark the pages to render again (File.is_modified), remove the outputs of pages that
        left the site. `documentation_pages`: the build's (Files.documentation_pages());
        `signatures`: every page's (src_uri → signature); `whole`: what every
        page shows; `bodies`: (src_uri, Markdown) of every page, searched for file names."""
        self.rendering = False
        pages = {file.src_uri: file for file in documentation_pages}
        outputs = {src: file.dest_uri for src, file in pages.items()}
        everything = not self.built or whole != self.whole
        forced: set[str] = set()
        if everything:
            forced = set(pages)
        else:
            forced = {src for src, signature in signatures.items() if self.signatures.get(src, _NEW) != signature}
            gone = self.outputs.keys() - pages.keys()
            arrived = pages.keys() - self.outputs.keys()
            names = {src.rsplit("/", 1)[-1] for src in gone | arrived}
            if names:  # Markdown links to a page that came or went resolve differently now
                forced |= {src for src, body in bodies() if src in pages and any(name in body for name in names)}
        stamps = self.sources.stamps
        for src, file in pages.items():
            if src in forced:
                setattr(file, "is_modified", _always)  # noqa: B010 (an instance's own answer)
            elif file.abs_src_path is None:
                # generated: MkDocs would render it every time; only when its signature changed
                setattr(file, "is_modified", _missing(file))  # noqa: B010
            elif self.outputs.get(src) == file.dest_uri and _unchanged(stamps.get(src), self.stamps.get(src)):
                # its file is the version the last build rendered (or found rendered): MkDocs
                # would stat the file and its output twice to say so (120,000 stats at 20,000 pages)
                setattr(file, "is_modified", _never)  # noqa: B010
        for page in nav.pages:
            # A page the sidebar names by its own title (contact.md): read, not written, so
            # that the pages written show its title.
            if page.file.src_uri not in forced and page.title is None:
                setattr(page.file, "is_modified", self._until_rendering(page.file))  # noqa: B010
        stale = {dest for src, dest in self.outputs.items() if outputs.get(src) != dest} - set(outputs.values())
        for dest in sorted(stale):
            _remove_output(Path(site_dir), dest)
        self.forced = sorted(forced)
        urls = {page.file.src_uri: (page.file.url, page.canonical_url, page.abs_url, page.edit_url) for page in made}
        self.pending = (signatures, whole, outputs, dict(stamps), urls)
        if self.built:
            shown = "every page" if everything else f"{len(forced)} page(s) besides those edited"
            log.info(f"Preview: {shown} rendered again; {len(stale)} output(s) removed")

    def make_pages(self, files: Iterable[File], key: Any, nav: Any = None) -> int:
        """Give each documentation file of the last build its Page before MkDocs makes one
        (get_navigation makes a Page only for a file without one), made as `Page(None, file,
        config)` makes it but with the URLs of the last build's page of the same file: MkDocs'
        `Page.__init__` computes the canonical URL (`urljoin`), the edit URL and the build date of
        every page on every rebuild, a fifth of a 20,000-entry save (docs/performance.md).
        `key`: the settings the URLs come from (page_urls_key); `nav`: the `nav:` setting, whose
        pages MkDocs makes with the title it gives them (it keeps a file's Page if it has one).
        The number of pages made here."""
        if not self.built or key != self.urls_key:
            self.urls_key = key
            return 0
        named = set(nav_paths(nav))
        made = 0
        date = get_build_date()
        for file in files:
            known = self.urls.get(file.src_uri)
            if known is None or file.page is not None or known[0] != file.url or file.src_uri in named:
                continue
            made_page(file, date, *known[1:])
            made += 1
        return made

    def _until_rendering(self, file: File) -> Callable[[], bool]:
        original = file.is_modified

        def modified() -> bool:
            return True if not self.rendering else original()

        return modified

    def finished(self) -> None:
        """The build succeeded: its signatures are what the next rebuild compares with."""
        if self.pending is not None:
            self.signatures, self.whole, self.outputs, self.stamps, self.urls = self.pending
        self.pending = None
        self.built = True

    def failed(self) -> None:
        """A build failed or showed the error page: the next one renders every page."""
        self.pending = None
        self.built = False
        self.signatures, self.whole, self.outputs, self.stamps, self.urls = {}, None, {}, {}, {}


def nav_paths(nav: Any) -> Iterable[str]:
    """Every file path a `nav:` setting names (as MkDocs looks them up: without a leading `/`)."""
    if isinstance(nav, str):
        yield posixpath.normpath(nav.lstrip("/"))
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from nav_paths(value)
    elif isinstance(nav, list):
        for item in nav:
            yield from nav_paths(item)


def page_urls_key(config: Any) -> tuple[Any, ...]:
    """The settings a Page's URLs are made from (Page._set_canonical_url, _set_edit_url)."""
    return (
        config.get("site_url"),
        config.get("repo_url"),
        config.get("edit_uri"),
        config.get("edit_uri_template"),
        config.get("use_directory_urls"),
    )


# Settings under which MkDocs' Page.__init__ computes no URL (no urljoin, no edit link)
_NO_URLS = {"site_url": None, "repo_url": None, "edit_uri": None, "edit_uri_template": None}


def made_page(
    file: File, update_date: str, canonical_url: str | None, abs_url: str | None, edit_url: str | None
) -> Page:
    """What `Page(None, file, config)` makes, with its URLs and date given: MkDocs' own
    constructor, told of no URL, then the last build's URLs (tests/test_preview_caches.py
    compares the two pages attribute by attribute)."""
    page = Page(None, file, _NO_URLS)  # type: ignore[arg-type]
    page.update_date = update_date
    page.canonical_url = canonical_url
    page.abs_url = abs_url
    page.edit_url = edit_url
    return page


def _unchanged(now: Stamp | None, rendered: Stamp | None) -> bool:
    """The same version of a file (by its modification time and size) as the one rendered."""
    return now is not None and now[0] >= 0 and now == rendered


def _never() -> bool:
    return False


def _missing(file: File) -> Callable[[], bool]:
    def modified() -> bool:
        return not os.path.isfile(file.abs_dest_path)

    return modified


def _remove_output(site_dir: Path, dest: str) -> None:
    """Remove a page's output and the folders it leaves empty."""
    target = site_dir / dest
    try:
        target.unlink()
    except FileNotFoundError:
        return
    folder = target.parent
    while folder != site_dir and folder.is_relative_to(site_dir):
        try:
            folder.rmdir()
        except OSError:
            break
        folder = folder.parent
