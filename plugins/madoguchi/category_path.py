"""The full path of a category, 大分類 › 小分類, wherever an entry's category is named.

An entry in a subcategory (`faq/ordering/gift/wrap.md`, category `ordering/gift`) is found by
its path: the breadcrumb, the JSON-LD BreadcrumbList, search results, the sidebar, alerts and
`madoguchi stale` all name both levels, in the same words. Pure functions of the content model
(no MkDocs).
"""

from __future__ import annotations

from .model import Category, Entry, Site

SEPARATOR = " › "


def levels(slug: str) -> list[str]:
    """The slugs from the top: `ordering/gift` → [`ordering`, `ordering/gift`]; `ordering` → [`ordering`]."""
    top, _, sub = slug.partition("/")
    return [top, slug] if sub else [top]


def level_title(site: Site, slug: str) -> str:
    """A category's title; a level the model does not know is named by its folder."""
    category: Category | None = site.categories.get(slug)
    return category.title if category is not None else slug.rpartition("/")[2]


def category_titles(site: Site, slug: str) -> list[str]:
    """The titles of a category's levels: [大分類] or [大分類, 小分類]."""
    return [level_title(site, level) for level in levels(slug)]


def category_path(site: Site, slug: str) -> str:
    """`ご注文・お支払い › ギフト` for `ordering/gift`, `ご注文・お支払い` for `ordering`."""
    return SEPARATOR.join(category_titles(site, slug))


def entry_category_path(site: Site, entry: Entry) -> str:
    """The full path of the category an entry is listed in; "" for kinds without categories."""
    slug = entry.category_slug()
    return category_path(site, slug) if slug else ""
