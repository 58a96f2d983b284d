"""Render the sidebar navigation once per place, not once per page.

Material renders the whole navigation into every page; with thousands of entries that is about
a fifth of a build. For a page that is not itself in the navigation nothing in it is active, so
its navigation HTML depends only on where the page sits: MkDocs writes every link relative to
the page's folder. Pages whose links come out the same share one rendering.

The place rule follows `mkdocs.utils.get_relative_url`: a link to `dest` from a page in folder
`parts` is `../` times (len(parts) - common) plus the rest of `dest`, where `common` is the
length of the shared prefix. Two pages in the same parent folder get the same links unless a
link leads into one of their own folders, so those pages keep their own name in the key.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

NAV_TEMPLATE = "partials/nav.html"

Place = tuple[int, tuple[str, ...], str]  # depth, parent folder, own folder name or ""
Branches = dict[tuple[str, ...], frozenset[str]]


def url_parts(url: str) -> tuple[str, ...]:
    """A relative URL's path segments, normalised as MkDocs normalises them."""
    path = posixpath.normpath("/" + url)[1:]
    return tuple(path.split("/")) if path else ()


def page_folder(url: str) -> tuple[str, ...]:
    """The folder a page's relative links start from (a last segment with a dot is a file)."""
    folder, _, name = url.rpartition("/")
    return url_parts(folder if "." in name else url)


def link_branches(urls: Iterable[str]) -> Branches:
    """For every folder on the way to a linked URL, the names that lead on towards one."""
    branches: dict[tuple[str, ...], set[str]] = {}
    for url in urls:
        parts = url_parts(url)
        for depth, name in enumerate(parts):
            branches.setdefault(parts[:depth], set()).add(name)
    return {folder: frozenset(names) for folder, names in branches.items()}


def page_place(url: str, branches: Branches) -> Place:
    """Pages with the same place get the same relative links to every URL in `branches`."""
    folder = page_folder(url)
    if not folder:
        return (0, (), "")
    parent, name = folder[:-1], folder[-1]
    return (len(folder), parent, name if name in branches.get(parent, ()) else "")


def is_site_relative(url: str) -> bool:
    """Links MkDocs rewrites per page: its own test in `mkdocs.utils._get_norm_url` (no
    scheme such as `https:` or `mailto:`, no host, not `/…` or `#…`)."""
    parsed = urlsplit(url)
    return bool(url) and not (parsed.scheme or parsed.netloc or url.startswith(("/", "#")))


def nav_items(items: Iterable[Any]) -> Iterator[Any]:
    """Every item of a navigation tree, sections before their children."""
    for item in items:
        yield item
        yield from nav_items(item.children or ())


def renders_own_nav(page: Any, items: Iterable[Any]) -> bool:
    """True when the navigation shows something of `page` itself: the page or one of its
    sections is active (MkDocs marks them while the page renders), or an item lists it among
    its `pages` (Material's blog views)."""
    for item in nav_items(items):
        if getattr(item, "active", False) or item is page:
            return True
        pages = getattr(item, "pages", None)
        if pages and page in pages:
            return True
    return False


class NavCache:
    """One rendering of the navigation template per navigation and place, for pages outside
    the navigation.

    The navigation is the one in each page's template context (a plugin may give pages
    different ones); `extra_urls` are other URLs the template links to (logo, home).
    """

    def __init__(self, extra_urls: Iterable[str]) -> None:
        self.extra_urls = list(extra_urls)
        # id(nav) → (nav, its branches); the nav is kept so that its id is not reused
        self.branches: dict[int, tuple[Any, Branches]] = {}
        self.html: dict[tuple[int, Place], str] = {}
        self.hits = 0

    def _branches(self, nav: Any) -> Branches:
        known = self.branches.get(id(nav))
        if known is None:
            urls = [getattr(item, "url", None) for item in nav_items(nav.items)] + self.extra_urls
            known = self.branches[id(nav)] = (nav, link_branches(u for u in urls if u and is_site_relative(u)))
        return known[1]

    def key_of(self, page: Any, nav: Any) -> tuple[int, Place] | None:
        """The cache key of a page, or None when its navigation must render on its own."""
        if page is None or nav is None or getattr(page, "url", None) is None:
            return None
        if renders_own_nav(page, nav.items):
            return None
        return id(nav), page_place(page.url, self._branches(nav))

    def wrap(self, render: Callable[[Any], Iterator[str]]) -> Callable[[Any], Iterator[str]]:
        """A template root render function that renders once per navigation and place."""

        def render_once_per_place(context: Any) -> Iterator[str]:
            key = self.key_of(context.get("page"), context.get("nav"))
            if key is None:
                yield from render(context)
                return
            html = self.html.get(key)
            if html is None:
                html = self.html[key] = "".join(render(context))
            else:
                self.hits += 1
            yield html

        return render_once_per_place
