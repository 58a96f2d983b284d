"""Reading the content: every Markdown file once, validated against the content contract
into typed entries plus every problem found (never stopping at the first bad file). Each
file's kind comes from the kinds table (its folder or a declared `type`), and that kind's
parser validates it. Also the read tuning (raw reads, the collector paused) and the split
of the reading with a helper process for large sites. No MkDocs import.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, closing, contextmanager, nullcontext
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath

from ..edition import INTERNAL, PUBLIC
from ..frontmatter import FrontMatter, FrontMatterError, explain, read_front_matter
from ..helper_process import map_in_order
from ..i18n import message
from ..kinds import KINDS, Context, Layout, layout
from ..policy import Policy
from ..texts import Text
from .check import Checker, check_markdown
from .entries import Category, Entry, Site
from .fields import Problem


def infer_type(path: str, folders: Layout | None = None) -> str:
    """faq/<category>/<slug>.md → faq; incidents/<file>.md → incident; anything else → page."""
    return (folders or layout()).infer_type(path)


def entry_type(path: str, declared: object, folders: Layout | None = None) -> str:
    """The entry's type: a valid declared `type`, else the one its folder implies."""
    return declared if isinstance(declared, str) and declared in KINDS else infer_type(path, folders)


def category_of(path: str, folders: Layout | None = None) -> str | None:
    return (folders or layout()).category_of(path)


def is_category_index(path: str, folders: Layout | None = None) -> bool:
    return (folders or layout()).is_category_index(path)


def parse_entry(
    path: str,
    text: str,
    policy: Policy,
    now: datetime,
    *,
    shown_path: str | None = None,
    categories: Mapping[str, Category] | None = None,
    folders: Layout | None = None,
    language: str | None = None,
) -> tuple[Entry | None, list[Problem]]:
    """Parse one file's text. Returns (entry or None when unreadable, problems).
    `language`: the site's; input errors in it (None: Japanese with the English after it)."""
    try:
        fm = read_front_matter(text)
    except FrontMatterError as error:
        return None, [Problem(shown_path or path, error.line, error.key, explain(error.message, error.hint, None))]
    return entry_from_front_matter(
        path, fm, policy, now, shown_path=shown_path, categories=categories, folders=folders, language=language
    )


def entry_from_front_matter(
    path: str,
    fm: FrontMatter,
    policy: Policy,
    now: datetime,
    *,
    shown_path: str | None = None,
    categories: Mapping[str, Category] | None = None,
    folders: Layout | None = None,
    language: str | None = None,
) -> tuple[Entry, list[Problem]]:
    """Validate one file's front matter into its entry by its kind's parser. Returns (entry, problems)."""
    context = Context(policy, now, categories or {}, folders or layout(), language)
    return _validate(path, fm, shown_path or path, context)


def _validate(path: str, fm: FrontMatter, shown_path: str, context: Context) -> tuple[Entry, list[Problem]]:
    problems: list[Problem] = []
    check = Checker(shown_path, fm, problems, context.language)
    declared = check.get("type")
    if declared is not None and not (isinstance(declared, str) and declared in KINDS):
        check.fail("type", check.say("input.unknown_value", value=repr(declared), choices=", ".join(KINDS)))
    kind = KINDS[entry_type(path, declared, context.layout)]
    entry = kind.parse(path, check, context)
    entry.audience = check.audience()
    check_markdown(check, "body", fm.body, fm.body_line)
    entry.meta = fm.data
    entry.lines = fm.lines
    entry.body = fm.body
    entry.body_line = fm.body_line
    return entry, problems


def _parse_category(
    slug: str, path: str, text: str, shown: str, problems: list[Problem], language: str | None = None
) -> Category:
    try:
        fm = read_front_matter(text)
    except FrontMatterError as error:
        problems.append(Problem(shown, error.line, error.key, explain(error.message, error.hint, language)))
        return Category(slug=slug, title=slug, index_path=path)
    check = Checker(shown, fm, problems, language)
    order = check.get("order")
    if order is not None and (not isinstance(order, int) or isinstance(order, bool)):
        check.fail("order", check.say("input.not_integer", value=repr(order)))
        order = None
    check_markdown(check, "body", fm.body, fm.body_line)
    return Category(
        slug=slug,
        title=check.optional_text("title", "the category title") or slug.rpartition("/")[2],
        description=check.optional_text("description", "one sentence describing the category") or "",
        owner=check.optional_text("owner", "the default owner of the category's entries"),
        index_path=path,
        order=order,
        draft=check.boolean("draft"),
        audience=check.audience(),
        body=fm.body,
        body_line=fm.body_line,
        lines=fm.lines,
    )


def _read_bytes(path: str) -> bytes:
    """The whole file. os.open/os.read: about half the CPU time of open().read() (no
    buffered-reader objects), which shows at 20,000 files. Raises OSError."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        chunks = [os.read(descriptor, 65536)]
        while chunks[-1]:  # larger files: read on until the empty read at the end
            chunks.append(os.read(descriptor, 65536))
        return chunks[0] if len(chunks) == 2 else b"".join(chunks)
    finally:
        os.close(descriptor)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Loading creates hundreds of thousands of containers that all live on, and no garbage
    cycles: the collector would only walk the growing heap again and again (a fifth of
    load_site's time at 20,000 files)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_site(
    content_dir: Path,
    paths: Iterable[str],
    policy: Policy,
    now: datetime,
    *,
    shown_prefix: str = "",
    parallel: bool = True,
    edition: str = PUBLIC,
    folders: Mapping[str, str] | None = None,
    language: str | None = None,
    sources: SourceCache | None = None,
) -> Site:
    """Read and validate every Markdown file in `paths` (relative to `content_dir`).

    `edition`: in the `public` edition an `audience: internal` entry or category is
    validated but unpublished exactly like a draft (its `draft` is set); in the `internal`
    edition it is published. Either way its path is in `Site.internal`.

    `shown_prefix` is prepended to paths in problems (e.g. "content/") so errors name
    the file as the editor sees it from the project root. `parallel`: a large site's files
    are partly read in a helper process (helper_process.py; the result is the same).
    `folders`: the `folders` option ({kind: folder under content/}; None: the defaults).
    `language`: front-matter syntax errors in the site's language (None: English, as raised).
    `sources`: the preview's cache of parsed files (SourceCache): only files whose size or
    modification time changed since the previous call are read again.
    Raises ValueError when `folders` names an unknown kind or a folder twice.
    """
    site_layout = layout(folders)
    with _collector_paused():
        return _load_site(
            content_dir, paths, policy, now, shown_prefix, parallel, edition, site_layout, language, sources
        )


# A failure to read a file: (line, key, message, hint: a catalog key of the cause, frontmatter.explain;
# for a file that cannot be read at all, an `input.*` key and the reason as the message)
Unreadable = tuple[int, str, str, str | Text]


def _read_text(file_path: str) -> str | Unreadable:
    """A Markdown file's text, or why it cannot be read."""
    try:
        return _read_bytes(file_path).decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return (1, "-", str(error.reason), "input.not_utf8")
    except OSError as error:
        return (1, "-", str(error.strerror), "input.unreadable")


def _read_source(file_path: str) -> FrontMatter | Unreadable:
    """One Markdown file's front matter, or why it cannot be read (never raises: this runs
    in the helper process too, and its results travel back pickled)."""
    text = _read_text(file_path)
    if not isinstance(text, str):
        return text
    try:
        return read_front_matter(text)
    except FrontMatterError as error:
        return (error.line, error.key, error.message, error.hint)


def _unreadable(shown: str, unreadable: Unreadable, language: str | None) -> Problem:
    line, key, text, hint = unreadable
    if isinstance(hint, str) and hint.startswith("input."):  # not readable at all: `text` is the reason
        return Problem(shown, line, key, message(hint, language, reason=text))
    return Problem(shown, line, key, explain(text, hint, language))


Stamp = tuple[int, int]  # a file's (modification time in ns, size)


class SourceCache:
    """The parsed front matter of every file, kept between the rebuilds of one preview
    (`mkdocs serve`): a rebuild reads again only the files whose modification time or size
    changed (an editor's save changes both or at least the time). `stamps` says which
    version of each file the last read saw; the preview uses it to tell which pages changed."""

    def __init__(self) -> None:
        self.sources: dict[str, tuple[Stamp, FrontMatter | Unreadable]] = {}
        self.stamps: dict[str, Stamp] = {}
        self.read_files = 0  # files read (not taken from the cache) by the last read
        self.validated: dict[str, _Validated] = {}  # path → its last validation (validate)
        self.validated_files = 0  # files validated (not taken from the cache) by the last load

    def read(self, root: str, paths: list[str]) -> list[FrontMatter | Unreadable]:
        """Every path's front matter (paths relative to `root`), from the cache when unchanged."""
        results: list[FrontMatter | Unreadable] = []
        kept: dict[str, tuple[Stamp, FrontMatter | Unreadable]] = {}
        self.read_files = 0
        for path in paths:
            file_path = os.path.join(root, path)
            try:
                status = os.stat(file_path)
                stamp: Stamp = (status.st_mtime_ns, status.st_size)
            except OSError:
                stamp = (-1, -1)
            cached = self.sources.get(path)
            if cached is None or cached[0] != stamp or stamp[0] < 0:
                cached = (stamp, _read_source(file_path))
                self.read_files += 1
            kept[path] = cached
            results.append(cached[1])
        self.sources = kept  # files gone since the last read leave the cache
        self.stamps = {path: stamp for path, (stamp, _) in kept.items()}
        self.validated = {path: kept for path, kept in self.validated.items() if path in self.sources}
        return results

    def validate(
        self, path: str, source: FrontMatter, shown: str, context: Context, key: tuple[object, ...]
    ) -> tuple[Entry, list[Problem]]:
        """`_validate`, or its result for the same parsed file (the same FrontMatter object:
        the file is unchanged) with the same `key` (what else validation reads: the policy,
        the layout, the categories, the language, the shown prefix, the kinds), at a `now`
        that gives the same answer: the same instant, or for a kind whose parser reads `now`
        only to refuse a `reviewed` in the future (Kind.reads_now), any instant not before
        that `reviewed` when the file had no problem. The entry is the same object: load_site
        only sets its `draft` again, from the value parsed."""
        kept = self.validated.get(path)
        if kept is not None and kept.source is source and kept.key == key and _same_answer(kept, context.now):
            kept.entry.draft = kept.draft
            return kept.entry, list(kept.problems)
        entry, problems = _validate(path, source, shown, context)
        self.validated[path] = _Validated(source, key, context.now, entry, tuple(problems), entry.draft)
        self.validated_files += 1
        return entry, problems


@dataclass(frozen=True)
class _Validated:
    """One file's validation as SourceCache.validate keeps it."""

    source: FrontMatter
    key: tuple[object, ...]
    now: datetime
    entry: Entry
    problems: tuple[Problem, ...]
    draft: bool  # as parsed, before load_site's draft and internal categories


def _same_answer(kept: _Validated, now: datetime) -> bool:
    """Whether validating the file again at `now` would give what it gave at `kept.now`."""
    if now == kept.now:
        return True
    if kept.entry.kind.reads_now or kept.problems:
        return False
    reviewed = getattr(kept.entry, "reviewed", None)
    return reviewed is None or reviewed <= now


def _validation_key(context: Context, shown_prefix: str) -> tuple[object, ...]:
    """What validating an entry reads besides its file and `now` (SourceCache.validate): the
    categories as read from their index.md files (a category without one is made the same way
    from its slug and its parent's owner), the policy, the layout, the language, the kinds."""
    categories = tuple(
        (c.slug, c.title, c.description, c.owner, c.index_path, c.order, c.draft, c.audience)
        for c in context.categories.values()
    )
    kinds = tuple((name, id(kind)) for name, kind in KINDS.items())
    return (categories, context.policy, context.layout.folders, context.language, shown_prefix, kinds)


# The share of the files the helper process reads when there are enough of them (the parent
# also validates every entry, but the helper pickles what it reads: half each was fastest).
HELPER_SHARE = 0.5
HELPER_FROM_FILES = 2000  # below this, forking costs more than it saves


def _load_site(
    content_dir: Path,
    paths: Iterable[str],
    policy: Policy,
    now: datetime,
    shown_prefix: str,
    parallel: bool,
    edition: str,
    folders: Layout,
    language: str | None = None,
    cache: SourceCache | None = None,
) -> Site:
    site = Site(layout=folders)
    root = os.fspath(content_dir)
    markdown = sorted(path for path in paths if path.endswith(".md"))

    # Categories first: their owner is the default of their entries.
    category_indexes = [path for path in markdown if folders.is_category_index(path)]
    for path in category_indexes:
        slug = folders.category_of(path) or PurePosixPath(path).parts[1]
        text = _read_text(os.path.join(root, path))
        if not isinstance(text, str):  # the category then only exists through its entries
            site.problems.append(_unreadable(shown_prefix + path, text, language))
            continue
        category = site.categories[slug] = _parse_category(
            slug, path, text, shown_prefix + path, site.problems, language
        )
        if category.audience == INTERNAL:
            site.internal.add(path)
            category.draft = category.draft or edition == PUBLIC
        if category.draft:
            site.drafts.add(path)
    _subcategory_rules(site, markdown, shown_prefix, folders, language)
    draft_categories = {slug for slug, category in site.categories.items() if category.draft}
    internal_categories = {slug for slug, category in site.categories.items() if category.audience == INTERNAL}
    skip = set(category_indexes) | {path for path in markdown if folders.too_deep(path)}
    entry_paths = [path for path in markdown if path not in skip]
    sources: Iterable[FrontMatter | Unreadable]
    reading: AbstractContextManager[object]
    if cache is not None:
        sources = cache.read(root, entry_paths)
        reading = nullcontext()
    else:
        helper = map_in_order(
            _read_source,
            [os.path.join(root, path) for path in entry_paths],
            helper_share=HELPER_SHARE,
            helper=parallel and len(entry_paths) >= HELPER_FROM_FILES,
        )
        sources, reading = helper, closing(helper)  # closing: stops the helper at once if this loop raises
    context = Context(policy, now, site.categories, folders, language)  # one for every entry
    key = _validation_key(context, shown_prefix) if cache is not None else ()
    if cache is not None:
        cache.validated_files = 0
    with reading:
        for path, source in zip(entry_paths, sources, strict=True):
            if not isinstance(source, FrontMatter):
                site.problems.append(_unreadable(shown_prefix + path, source, language))
                continue
            if cache is not None:
                entry, problems = cache.validate(path, source, shown_prefix + path, context, key)
            else:
                entry, problems = _validate(path, source, shown_prefix + path, context)
            site.problems.extend(problems)
            site.entries[path] = entry
            if draft_categories and _in_draft_category(entry, draft_categories, folders):
                # The whole category is unpublished: an entry in it cannot be public on its own
                # (its URL, breadcrumb and category link would reveal the category).
                entry.draft = True
            if entry.audience == INTERNAL or (
                internal_categories and _in_draft_category(entry, internal_categories, folders)
            ):
                site.internal.add(path)
                entry.draft = entry.draft or edition == PUBLIC  # the public edition never builds it
            if entry.draft:
                site.drafts.add(path)
            listed_in = entry.category_slug()
            parent = listed_in.partition("/")[0] if listed_in and "/" in listed_in else None
            if parent and parent not in site.categories:  # a subcategory's category without index.md
                site.categories[parent] = Category(slug=parent, title=parent)
            if listed_in and listed_in not in site.categories:
                # no index.md: a subcategory's entries take its category's owner
                owner = site.categories[parent].owner if parent else None
                site.categories[listed_in] = Category(slug=listed_in, title=listed_in.rpartition("/")[2], owner=owner)

    _check_references(site, shown_prefix, folders, language)
    site.problems.sort()
    return site


def _subcategory_rules(
    site: Site, markdown: list[str], shown_prefix: str, folders: Layout, language: str | None = None
) -> None:
    """Two levels of categories (大分類・小分類): a file below a subcategory is an input error; a
    subcategory's index.md needs its category's; a subcategory takes its category's owner
    (unless it sets one) and is a draft or internal when its category is."""
    for path in markdown:
        if folders.too_deep(path):
            site.problems.append(
                Problem(
                    shown_prefix + path,
                    1,
                    "-",
                    message("input.too_deep", language),
                )
            )
    _same_url_as_subcategory(site, markdown, shown_prefix, folders)
    for slug, category in list(site.categories.items()):
        parent_slug, _, sub = slug.partition("/")
        if not sub:
            continue
        parent = site.categories.get(parent_slug)
        if parent is None:
            index = category.index_path or folders.category_index(slug)
            site.problems.append(
                Problem(
                    shown_prefix + index,
                    1,
                    "-",
                    message("input.subcategory_parent", language, index=folders.category_index(parent_slug)),
                )
            )
            continue
        if category.owner is None:
            category.owner = parent.owner
        if parent.audience == INTERNAL and category.audience != INTERNAL:
            category.audience = INTERNAL
            if category.index_path:
                site.internal.add(category.index_path)
        if parent.draft and not category.draft:
            category.draft = True
            if category.index_path:
                site.drafts.add(category.index_path)


def _same_url_as_subcategory(site: Site, markdown: list[str], shown_prefix: str, folders: Layout) -> None:
    """An entry `faq/ordering/gift.md` beside a subcategory `faq/ordering/gift/` would be
    built at the subcategory's URL (faq/ordering/gift/): one page would silently replace the
    other. An input error naming the entry."""
    subcategories = {path.rpartition("/")[0] for path in markdown if path.count("/") == 3 and folders.category_of(path)}
    for path in markdown:
        stem, dot, _ = path.rpartition(".")
        if path.count("/") == 2 and dot and stem in subcategories and folders.category_of(path):
            site.problems.append(
                Problem(
                    shown_prefix + path,
                    1,
                    "-",
                    f"小分類 {stem}/ と同じ URL になります。どちらかの名前を変えてください / "
                    f"has the same URL as the subcategory {stem}/: rename one of them",
                )
            )


def _in_draft_category(entry: Entry, draft_categories: set[str], folders: Layout) -> bool:
    """In the folder of a draft category (or subcategory), or an entry that declares one as
    its category; a subcategory of a draft category is a draft too."""
    for slug in (folders.category_of(entry.path), entry.category_slug()):
        if slug and (slug in draft_categories or slug.partition("/")[0] in draft_categories):
            return True
    return False


def _check_references(site: Site, shown_prefix: str, folders: Layout, language: str | None = None) -> None:
    """`related`, `report` (each kind's `references`) must point at existing entries;
    public ones never at drafts."""
    for entry in site.entries.values():
        for key, target in entry.references():
            # `/faq/a/b.md#summary` names the file faq/a/b.md (a section of it)
            normalised = target.split("#", 1)[0].lstrip("/")
            line = _item_line(entry, key, target)
            shown = shown_prefix + entry.path
            if normalised in site.drafts and not entry.draft:
                what = "input.link_internal" if normalised in site.internal else "input.link_draft"
                site.problems.append(Problem(shown, line, key, message(what, language, target=repr(target))))
            elif normalised not in site.entries and not folders.is_category_index(normalised):
                site.problems.append(
                    Problem(shown, line, key, message("input.link_missing", language, target=repr(target)))
                )


def _item_line(entry: Entry, key: str, target: str) -> int:
    """The line of the list item of `key` holding `target` (`related[1]`), else of `key`."""
    value = entry.meta.get(key)
    if isinstance(value, list):
        for index, item in enumerate(value):
            if item == target and f"{key}[{index}]" in entry.lines:
                return entry.lines[f"{key}[{index}]"]
    return entry.lines.get(key, 1)
