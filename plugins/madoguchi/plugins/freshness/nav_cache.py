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

NAV_TEMPLATE = "partials/nav.html"

Place = tuple[tuple[str, ...], str]
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
        return ((), "")
    parent, name = folder[:-1], folder[-1]
    return (parent, name if name in branches.get(parent, ()) else "")


def is_site_relative(url: str) -> bool:
    """Links MkDocs rewrites per page (not `https://…`, `/…` or `#…`)."""
    return bool(url) and "://" not in url and not url.startswith(("/", "#", "mailto:", "tel:"))


class NavCache:
    """One rendering of the navigation template per place, for pages outside the navigation.

    `nav_urls` are the URLs the navigation links to (pages, relative links, logo, home);
    `nav_pages` the pages in it, which render normally: they are active and carry their TOC.
    """

    def __init__(self, nav_urls: Iterable[str], nav_pages: Iterable[object]) -> None:
        self.branches = link_branches(url for url in nav_urls if is_site_relative(url))
        self.nav_page_ids = {id(page) for page in nav_pages}
        self.html: dict[Place, str] = {}
        self.hits = 0

    def place_of(self, page: Any) -> Place | None:
        """The cache key of a page, or None when its navigation must render on its own."""
        if page is None or id(page) in self.nav_page_ids or getattr(page, "url", None) is None:
            return None
        return page_place(page.url, self.branches)

    def wrap(self, render: Callable[[Any], Iterator[str]]) -> Callable[[Any], Iterator[str]]:
        """A template root render function that renders once per place."""

        def render_once_per_place(context: Any) -> Iterator[str]:
            place = self.place_of(context.get("page"))
            if place is None:
                yield from render(context)
                return
            html = self.html.get(place)
            if html is None:
                html = self.html[place] = "".join(render(context))
            else:
                self.hits += 1
            yield html

        return render_once_per_place
