"""Where a page sits among 大分類 and 小分類, for search engines and for the sidebar.

- The JSON-LD BreadcrumbList of an FAQ entry (ホーム › 大分類 › 小分類 › the question) and of a
  subcategory's listing (ホーム › 大分類 › 小分類), with the pages' own public URLs.
- The sidebar block of a category that has subcategories: on its listing, its subcategories'
  listings and its entries, the category and its subcategories, the current one marked. The
  sidebar never lists more than that (entries and other categories' subcategories stay out).

The names and levels come from madoguchi.category_path, as everywhere a category is named.
"""

from __future__ import annotations

from typing import Any

from mkdocs.structure.files import Files

from ...category_path import level_title, levels
from ...model import FaqEntry, Site
from ...structured_data import breadcrumb_list
from .views import Listings, _url

HOME = "index.md"


def page_address(files: Files, path: str) -> str | None:
    """The public URL MkDocs gives the page built from `path` (absolute with `site_url`,
    else from the site's root); None when no such page is built."""
    file = files.src_uris.get(path)
    page = file.page if file is not None else None
    if page is None:
        return None
    return page.canonical_url or page.abs_url


def category_crumbs(site: Site, slug: str, files: Files, home: str) -> list[tuple[str, str]]:
    """(name, URL) of the home page and of each level of category `slug`, from the top."""
    crumbs: list[tuple[str, str]] = []
    home_url = page_address(files, HOME)
    if home_url is not None:
        crumbs.append((home, home_url))
    for level in levels(slug):
        url = page_address(files, site.layout.category_index(level))
        if url is not None:
            crumbs.append((level_title(site, level), url))
    return crumbs


def entry_breadcrumb(site: Site, entry: FaqEntry, url: str, files: Files, home: str) -> dict[str, Any] | None:
    """The BreadcrumbList of an FAQ entry's page (`url`): its category's levels, then itself."""
    if not entry.category:
        return None
    return breadcrumb_list([*category_crumbs(site, entry.category, files, home), (entry.title, url)])


def listing_breadcrumb(site: Site, listing: str, files: Files, home: str) -> dict[str, Any] | None:
    """A subcategory's listing (any of its pages): a BreadcrumbList of its own, to the
    listing's first page. A category's listing is one level below home: none."""
    slug = site.layout.category_of(listing) if site.layout.is_category_index(listing) else None
    if slug is None or "/" not in slug:
        return None
    return breadcrumb_list(category_crumbs(site, slug, files, home), standalone=True)


def section_nav(
    site: Site, listings: Listings, path: str, files: Files, *, first_page: bool = True
) -> dict[str, Any] | None:
    """The sidebar block of the category (大分類) that `path` belongs to, when it has
    subcategories: the category, then its subcategories with their counts; `current` marks
    the level the page is in, `here` the listing whose link leads to this very page. `path`
    is an entry or a listing's index (page n of a listing: the listing's own index, with
    `first_page` False: its link leads to page 1)."""
    entry = site.entries.get(path)
    if isinstance(entry, FaqEntry):
        slug: str | None = entry.category or None
    elif site.layout.is_category_index(path):
        slug = site.layout.category_of(path)
    else:
        return None
    if not slug:
        return None
    top = slug.partition("/")[0]
    subcategories = listings.subcategories.get(top)
    if not subcategories:
        return None
    listing = entry is None and first_page  # the page is the first page of a listing
    return {
        "title": level_title(site, top),
        "url": _url(files, site.layout.category_index(top)),
        "current": slug == top,
        "here": listing and slug == top,
        "subcategories": [
            {
                "title": sub.title,
                "url": _url(files, site.layout.category_index(sub.slug)),
                "count": listings.total[sub.slug],
                "current": sub.slug == slug,
                "here": listing and sub.slug == slug,
            }
            for sub in subcategories
        ],
    }
