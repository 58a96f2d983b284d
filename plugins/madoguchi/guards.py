"""Guard rails for editors (content contract v2, "Guard rails for editors"): what a new
editor gets wrong without noticing, reported by `madoguchi check` and the build alike.

- a front-matter key that is not known but close to one (`darft`, `reviwed`) is an input
  error naming the key, its line and the key it probably means; other unknown keys are
  warnings unless the site declares them (option `extra_keys`);
- a body link (Markdown or HTML, relative or site-absolute) to a page, file or heading that
  does not exist is an input error at the link's line, with the closest path suggested;
- scaffold placeholder text `madoguchi new` wrote (scaffold.py) is an input error.

Messages come from the string catalog (`guard.*`) in the site's language, in the shape
of every input error (texts.py): `日本語 / English` on a Japanese site, English on an English
one. Linear in the size of the content: every body is already in memory (the model read it),
each target's heading ids are computed once and only for targets linked with an anchor, and
no file is read.
No MkDocs import: the caller passes the set of files and the toc slugify function.
"""

from __future__ import annotations

import difflib
import functools
import os
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from .kinds import KINDS
from .leaks import LINKS
from .model import Entry, Problem, Site
from .model.fields import COMMON_FIELDS
from .scaffold import PLACEHOLDERS
from .texts import Text
from .urls import page_url

# Keys MkDocs and Material read from a page's front matter: known on every page.
GENERATOR_KEYS = frozenset(
    {"hide", "template", "description", "icon", "status", "subtitle", "search", "social", "comments", "title"}
)
# The keys of a category's index.md (model/read.py _parse_category)
CATEGORY_KEYS = frozenset({"title", "description", "owner", "order", "draft", "audience"})
# How close a key must be to a known one to be taken for a misspelling (difflib ratio):
# darft/draft 0.8, tag/tags 0.86, reviwed/reviewed 0.93
CLOSE = 0.8
CLOSE_PATH = 0.8
CLOSE_NAME = 0.75

Slugify = Callable[[str, str], str]


@dataclass
class GuardReport:
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def known_keys(kind: str | None, extra_keys: Iterable[str] = ()) -> frozenset[str]:
    """The keys an entry of `kind` may have (None: a category index)."""
    if kind is None:
        return CATEGORY_KEYS | GENERATOR_KEYS | frozenset(extra_keys)
    own = KINDS[kind].fields if kind in KINDS else {}
    return frozenset(COMMON_FIELDS) | frozenset(own) | GENERATOR_KEYS | frozenset(extra_keys)


def unknown_keys(
    shown: str, keys: Iterable[str], lines: Mapping[str, int], known: frozenset[str], language: str | None
) -> Iterator[tuple[bool, Problem]]:
    """(is_error, problem) for each key not in `known`: an error when close to a known key."""
    for key in keys:
        if key in known:
            continue
        line = lines.get(key, 1)
        close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=CLOSE)
        if close:
            yield True, Problem(shown, line, key, Text.of("guard.unknown_key.close", suggestion=close[0]).say(language))
        else:
            yield False, Problem(shown, line, key, Text.of("guard.unknown_key").say(language))


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*$")
_ATTR_ID = re.compile(r"\{[^}]*#([\w\-:.]+)[^}]*\}\s*$")
_HTML_ID = re.compile(r"""\sid\s*=\s*["']([^"']+)["']""")
_INLINE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|[*_`]+|<[^>]+>")


def body_lines(body: str) -> Iterator[tuple[int, str]]:
    """(index from 0, line) of a body's lines outside fenced code blocks."""
    fence: str | None = None
    for index, line in enumerate(body.splitlines()):
        match = _FENCE.match(line)
        if fence is None:
            if match:
                fence = match.group(1)[0] * 3
                continue
            yield index, line
        elif match and match.group(1).startswith(fence):
            fence = None


def heading_ids(body: str, slugify: Slugify) -> frozenset[str]:
    """The anchors of a page: its headings' ids as the toc extension makes them (with
    `_1`, `_2` for repeats), explicit `{#id}` ids, and HTML `id="…"` attributes."""
    ids: set[str] = set()
    counts: dict[str, int] = {}
    for _, line in body_lines(body):
        if "id" in line:
            ids.update(_HTML_ID.findall(line))
        heading = _HEADING.match(line)
        if heading is None:
            continue
        text = heading.group(2).rstrip("#").rstrip()
        explicit = _ATTR_ID.search(text)
        if explicit:
            ids.add(explicit.group(1))
            continue
        text = re.sub(r"\{[^}]*\}\s*$", "", text).strip()
        slug = slugify(_INLINE.sub(lambda m: m.group(1) or "", text), "-")
        seen = counts.get(slug, 0)
        counts[slug] = seen + 1
        ids.add(slug if not seen else f"{slug}_{seen}")
    return frozenset(ids)


def _default_slugify(value: str, separator: str) -> str:
    from markdown.extensions.toc import slugify

    return str(slugify(value, separator))


def _url_key(url: str) -> str:
    key = unquote(url).removesuffix("index.html").strip("/")
    return "" if key == "." else key


def _external(href: str) -> bool:
    """Not a path in the site: a URL or any other scheme (`mailto:`, and the dangerous ones
    dangerous.py refuses), a character reference, or a template expression."""
    path = href.split("#", 1)[0]
    return ":" in path or href.startswith(("//", "{{")) or ("&" in href and ";" in href)


def may_link(body: str) -> bool:
    """Cheap: whether a link can be in `body` at all."""
    return "](" in body or "]:" in body or "<" in body


class LinkChecker:
    """Resolves body links against the site's files, pages and headings."""

    def __init__(self, site: Site, files: Iterable[str], slugify: Slugify | None) -> None:
        self.site = site
        self.files = frozenset(files) | frozenset(site.entries)
        self.slugify = slugify or _default_slugify
        self._ids: dict[str, frozenset[str]] = {}
        # The pages whose anchors the last `check` looked up, with the body they were read
        # from (GuardCache: that check's answer holds while those bodies are the same)
        self.consulted: list[tuple[str, str | None]] = []

    @functools.cached_property
    def markdown(self) -> list[str]:
        return sorted(path for path in self.files if path.endswith(".md"))

    @functools.cached_property
    def by_url(self) -> dict[str, str]:
        """Every page's URL (both URL styles) → its file (only a link without `.md` needs it)."""
        by_url: dict[str, str] = {}
        for path in self.markdown:
            for directory_urls in (True, False):
                by_url.setdefault(_url_key(page_url(path, directory_urls)), path)
        for slug in self.site.categories:  # category pages are generated when no index.md exists
            index = self.site.layout.category_index(slug)
            by_url.setdefault(_url_key(page_url(index)), index)
        return by_url

    def body(self, path: str) -> str | None:
        """The Markdown of a content page (an entry or a category's index.md), if known."""
        entry = self.site.entries.get(path)
        return entry.body if entry is not None else self._index_bodies.get(path)

    @functools.cached_property
    def _index_bodies(self) -> dict[str, str]:
        return {c.index_path: c.body for c in self.site.categories.values() if c.index_path}

    def ids(self, path: str) -> frozenset[str] | None:
        """The anchors of a content page, computed once; None when its body is unknown."""
        body = self.body(path)
        self.consulted.append((path, body))
        if body is None:
            return None
        if path not in self._ids:
            self._ids[path] = heading_ids(body, self.slugify)
        return self._ids[path]

    def resolve(self, source: str, target: str) -> str | None:
        """The file `target` (no anchor) in `source` names, or None when nothing is there."""
        target = unquote(target)
        if target.startswith("/"):
            candidates = [posixpath.normpath(target.lstrip("/")) if target.strip("/") else ""]
        else:
            candidates = [posixpath.normpath(posixpath.join(posixpath.dirname(source), target))]
            if not target.endswith(".md"):  # a page URL is relative to the page's own URL
                candidates.append(posixpath.normpath(posixpath.join(posixpath.dirname(page_url(source)), target)))
        for candidate in candidates:
            candidate = "" if candidate == "." else candidate
            if candidate in self.files:
                return candidate
            if not candidate.endswith(".md"):
                found = self.by_url.get(_url_key(candidate))
                if found is not None:
                    return found
        return None

    def suggestion(self, source: str, target: str) -> str | None:
        """The closest existing Markdown path, written the way the link was (relative or not)."""
        absolute = target.startswith("/")
        base = posixpath.normpath(target.lstrip("/") if absolute else posixpath.join(posixpath.dirname(source), target))
        if not base.endswith(".md"):
            base = base.rstrip("/") + ".md"
        # close as a whole path, and by file name (else a shared folder makes any file close)
        stem = posixpath.basename(base).removesuffix(".md")
        close = [
            path
            for path in difflib.get_close_matches(base, self.markdown, n=5, cutoff=CLOSE_PATH)
            if difflib.SequenceMatcher(None, stem, posixpath.basename(path).removesuffix(".md")).ratio() >= CLOSE_NAME
        ]
        if not close:
            return None
        if absolute:
            return "/" + close[0]
        return posixpath.relpath(close[0], posixpath.dirname(source) or ".")

    def check(self, source: str, shown: str, body: str, body_line: int, language: str | None) -> Iterator[Problem]:
        if not may_link(body):
            return
        for index, line in body_lines(body):
            if "](" not in line and "]:" not in line and "<" not in line:
                continue
            for pattern in LINKS:
                for match in pattern.finditer(line):
                    if match.group(0).lstrip().startswith("[^"):  # a footnote, not a link
                        continue
                    href = next(group for group in match.groups() if group is not None).strip()
                    problem = self._check_href(source, href)
                    if problem:
                        yield Problem(shown, body_line + index, "link", problem.say(language))

    def _check_href(self, source: str, href: str) -> Text | None:
        if not href or _external(href):
            return None
        target, _, anchor = href.partition("#")
        target = target.split("?", 1)[0]
        if target:
            found = self.resolve(source, target)
            if found is None:
                suggestion = self.suggestion(source, target)
                if suggestion:
                    return Text.of("guard.link.missing.close", href=href, suggestion=suggestion)
                return Text.of("guard.link.missing", href=href)
        else:
            found = source
        if anchor and found.endswith(".md"):
            ids = self.ids(found)
            if ids is not None and unquote(anchor) not in ids:
                close = difflib.get_close_matches(unquote(anchor), sorted(ids), n=1, cutoff=CLOSE_PATH)
                if close:
                    return Text.of("guard.link.anchor.close", anchor=anchor, page=found, suggestion="#" + close[0])
                return Text.of("guard.link.anchor", anchor=anchor, page=found)
        return None


def placeholder_problems(shown: str, body: str, body_line: int, language: str | None) -> Iterator[Problem]:
    """Scaffold text left in a body, one problem per line."""
    if "（" not in body or not any(placeholder in body for placeholder in PLACEHOLDERS):
        return
    for index, line in body_lines(body):
        for placeholder in PLACEHOLDERS:
            if placeholder in line:
                message = Text.of("guard.placeholder", text=placeholder).say(language)
                yield Problem(shown, body_line + index, "body", message)
                break


def files_under(docs_dir: Path) -> list[str]:
    """Every file under docs_dir as MkDocs finds them (dot-files and folders skipped)."""
    found: list[str] = []
    for folder, dirs, names in os.walk(docs_dir):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        relative = os.path.relpath(folder, docs_dir)
        for name in names:
            if not name.startswith("."):
                found.append((name if relative == "." else f"{relative}/{name}").replace(os.sep, "/"))
    return found


class GuardCache:
    """The preview's guard findings per entry, kept between rebuilds (`mkdocs serve --dirty`).
    An entry's findings depend on its own front matter and body (the same Entry object while
    its file is unchanged: model.SourceCache), the settings (language, extra keys, shown
    prefix), and for its links on the set of files and categories and the bodies of the pages
    whose anchors it links to (their headings): an entry is checked again when it changed,
    when the settings or the files changed, or when a page it links to with an anchor changed."""

    def __init__(self) -> None:
        self.settings: tuple[object, ...] | None = None
        self.files: tuple[object, ...] | None = None
        # path → (the entry checked, its findings, whether they depend on the files, the
        # pages whose anchors it looked up with their bodies then)
        self.kept: dict[str, tuple[Entry, list[tuple[bool, Problem]], bool, list[tuple[str, str | None]]]] = {}
        self.checked = 0  # entries checked (not taken from the cache) by the last check_guards

    def start(self, settings: tuple[object, ...], files: tuple[object, ...]) -> None:
        if settings != self.settings:
            self.kept = {}
        elif files != self.files:  # links resolve differently: keep only the entries without
            self.kept = {path: kept for path, kept in self.kept.items() if not kept[2]}
        self.settings, self.files = settings, files
        self.checked = 0

    def get(self, entry: Entry, links: LinkChecker) -> list[tuple[bool, Problem]] | None:
        kept = self.kept.get(entry.path)
        if kept is None or kept[0] is not entry or any(links.body(path) is not body for path, body in kept[3]):
            return None
        return kept[1]


def _callable_key(function: object) -> object:
    """A key telling two toc `slugify` functions apart by what they do: MkDocs makes a new one
    (pymdownx.slugs.slugify(case=…) is a closure) every time it reads mkdocs.yml."""
    if isinstance(function, functools.partial):
        return (_callable_key(function.func), function.args, tuple(sorted(function.keywords.items())))
    cells = getattr(function, "__closure__", None) or ()
    return (
        getattr(function, "__module__", None),
        getattr(function, "__qualname__", None),
        tuple(repr(cell.cell_contents) for cell in cells),
    )


def check_guards(
    site: Site,
    files: Iterable[str],
    *,
    shown_prefix: str = "",
    language: str | None = None,
    extra_keys: Iterable[str] = (),
    slugify: Slugify | None = None,
    cache: GuardCache | None = None,
) -> GuardReport:
    """Unknown keys, broken body links and scaffold placeholders of every entry and category.
    `cache`: the preview's findings of the entries unchanged since the last call (GuardCache)."""
    report = GuardReport()
    links = LinkChecker(site, files, slugify)
    extra = tuple(extra_keys)
    known_by_kind: dict[str | None, frozenset[str]] = {}
    if cache is not None:
        categories = frozenset(site.categories)
        cache.start((shown_prefix, language, extra, _callable_key(slugify)), (links.files, categories))

    def keys_of(kind: str | None) -> frozenset[str]:
        if kind not in known_by_kind:
            known_by_kind[kind] = known_keys(kind, extra)
        return known_by_kind[kind]

    def add(found: Iterable[tuple[bool, Problem]]) -> None:
        for is_error, problem in found:
            (report.errors if is_error else report.warnings).append(problem)

    for path, entry in site.entries.items():
        found = cache.get(entry, links) if cache is not None else None
        if found is None:
            shown = shown_prefix + path
            links.consulted = []
            linked = [(True, problem) for problem in links.check(path, shown, entry.body, entry.body_line, language)]
            found = [
                *unknown_keys(shown, entry.meta, entry.lines, keys_of(entry.type), language),
                *linked,
                *((True, problem) for problem in placeholder_problems(shown, entry.body, entry.body_line, language)),
            ]
            if cache is not None:
                cache.kept[path] = (entry, found, may_link(entry.body), links.consulted)
                cache.checked += 1
        add(found)
    for category in site.categories.values():
        if category.index_path is None:
            continue
        shown = shown_prefix + category.index_path
        top = [key for key in category.lines if "[" not in key and "." not in key]
        add(unknown_keys(shown, top, category.lines, keys_of(None), language))
        report.errors.extend(links.check(category.index_path, shown, category.body, category.body_line, language))
    report.errors.sort()
    report.warnings.sort()
    return report


def slugify_of(mkdocs_config: object) -> Slugify | None:
    """The toc extension's `slugify` of a loaded MkDocs configuration (None: the default)."""
    configs = getattr(mkdocs_config, "mdx_configs", None) or (
        mkdocs_config.get("mdx_configs") if isinstance(mkdocs_config, Mapping) else None
    )
    slugify = (configs or {}).get("toc", {}).get("slugify")
    return slugify if callable(slugify) else None
