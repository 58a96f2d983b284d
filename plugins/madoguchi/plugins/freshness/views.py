"""What templates read: plain dicts built once per build from the model and assessments.

Listings are grouped once (not per page) so that no page costs time proportional to the
whole site, and no page's HTML grows with the total number of entries.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime
from typing import Any

from mkdocs.structure.files import Files

from ...category_path import entry_category_path
from ...escaping import html_text
from ...kinds import KINDS
from ...model import Category, Entry, FaqEntry, Site
from ...pagination import DEFAULT_PAGE_SIZE, ListingPage, page_slice, pager
from ...policy import Policy
from ...staleness import DUE_SOON, OVERDUE, SEVERITY, STATES, Assessment
from ...timeutil import local
from ...urls import page_url


def _url(files: Files, path: str) -> str:
    # `src_uris` rather than `get_file_from_path`, which builds a PurePath per call: paths
    # here are already normalised src URIs, and this runs for every entry a page lists.
    file = files.src_uris.get(path)
    return file.url if file is not None else page_url(path)


def category_order(category: Category) -> tuple[int, str]:
    return (category.order if category.order is not None else 10_000, category.slug)


class Listings:
    """Entries grouped by category and the recently confirmed ones, computed once."""

    def __init__(self, site: Site, assessments: dict[str, Assessment], files: Files, recent: int) -> None:
        self.by_category: dict[str, list[FaqEntry]] = defaultdict(list)
        for entry in site.faq():
            self.by_category[entry.category].append(entry)
        for entries in self.by_category.values():
            entries.sort(key=lambda e: (e.title, e.path))
        # 大分類・小分類: a category's count includes its subcategories' entries
        self.total: dict[str, int] = defaultdict(int)
        self.states: dict[str, Counter[str]] = defaultdict(Counter)
        for slug, entries in self.by_category.items():
            for key in {slug, slug.partition("/")[0]}:
                self.total[key] += len(entries)
                self.states[key].update(a.state for e in entries if (a := assessments.get(e.path)) is not None)
        published = [c for c in site.categories.values() if not c.draft and self.total.get(c.slug)]
        self.categories = sorted((c for c in published if "/" not in c.slug), key=category_order)
        self.subcategories: dict[str, list[Category]] = defaultdict(list)
        for sub in sorted((c for c in published if "/" in c.slug), key=category_order):
            self.subcategories[sub.slug.partition("/")[0]].append(sub)
        # every listing page: categories and subcategories, with their own entries' count
        self.listed = [(c, len(self.by_category.get(c.slug, []))) for c in published]
        reviewed = [e for e in site.faq() if e.reviewed is not None]
        reviewed.sort(key=lambda e: (e.reviewed, e.path), reverse=True)  # type: ignore[arg-type, return-value]
        self.recent = reviewed[:recent]


def navigation(site: Site, files: Files, t: dict[str, str]) -> list[Any]:
    """Home, FAQ categories (not entries), incidents, then other top-level pages, contact last."""
    nav: list[Any] = []
    folders = site.layout
    if files.get_file_from_path("index.md"):
        nav.append({t["home"]: "index.md"})
    published_categories = {e.category.partition("/")[0] for e in site.faq()}  # subcategories: not in the sidebar
    categories = sorted(
        (c for c in site.categories.values() if not c.draft and c.slug in published_categories),
        key=category_order,
    )
    if categories:
        # Titles are text: Material prints nav titles unescaped (madoguchi/escaping.py).
        nav.append({t["faq"]: [{html_text(c.title): folders.category_index(c.slug)} for c in categories]})
    for kind in KINDS.values():  # a kind with its own folder and a title there: its index
        if kind.label is not None and kind.folder is not None and kind.depth == 1:
            index = f"{folders.folder(kind.name)}/index.md"
            if site.of_kind(kind.name) or files.get_file_from_path(index):
                nav.append({t[kind.label]: index})
    top_level = sorted(
        f.src_uri
        for f in files.documentation_pages()
        if "/" not in f.src_uri and f.src_uri not in ("index.md", "contact.md")
    )
    nav.extend(top_level)
    if files.get_file_from_path("contact.md"):
        nav.append("contact.md")
    return nav


def freshness_view(
    entry: Entry, assessment: Assessment | None, last_edit: datetime | None, policy: Policy
) -> dict[str, Any]:
    reviewed = getattr(entry, "reviewed", None)
    return {
        "type": entry.type,
        "owner": entry.owner,
        "state": assessment.state if assessment else None,
        "due": local(assessment.due, policy.timezone) if assessment else None,
        "reason": assessment.reason if assessment else None,
        "reviewed": local(reviewed, policy.timezone),
        "last_edit": local(last_edit, policy.timezone),
    }


def entry_item(entry: FaqEntry, assessment: Assessment | None, files: Files, policy: Policy) -> dict[str, Any]:
    return {
        "title": entry.title,
        "url": _url(files, entry.path),
        "state": assessment.state if assessment else None,
        "reviewed": local(entry.reviewed, policy.timezone),
        "tags": entry.tags,
    }


def _parent(site: Site, slug: str, files: Files) -> dict[str, str] | None:
    """The category (大分類) of a subcategory `<category>/<sub>`, for breadcrumbs; None for a category."""
    parent_slug, _, sub = slug.partition("/")
    if not sub:
        return None
    parent = site.categories.get(parent_slug)
    return {
        "title": parent.title if parent else parent_slug,
        "url": _url(files, site.layout.category_index(parent_slug)),
    }


def page_view(
    path: str,
    site: Site,
    assessments: dict[str, Assessment],
    listings: Listings,
    last_edits: dict[str, datetime],
    policy: Policy,
    files: Files,
    *,
    reader_notice: str,
    listing_page: ListingPage | None = None,
    page_size: int = DEFAULT_PAGE_SIZE,
) -> dict[str, Any] | None:
    """The `page.meta["madoguchi"]` of one page, or None for pages Madoguchi leaves alone;
    `listing_page`: which page of a paginated category listing `path` (its index) this is."""
    entry = site.entries.get(path)
    view: dict[str, Any] = {"notice": reader_notice}
    if entry is not None:
        view.update(freshness_view(entry, assessments.get(path), last_edits.get(path), policy))

    if path == "index.md":
        view["template"] = "madoguchi/home.html"
        view["categories"] = [
            {
                "title": c.title,
                "description": c.description,
                "url": _url(files, site.layout.category_index(c.slug)),
                "count": listings.total[c.slug],
            }
            for c in listings.categories
        ]
        view["recent"] = [entry_item(e, assessments.get(e.path), files, policy) for e in listings.recent]
        return view
    if site.layout.is_category_index(path):
        slug = site.layout.category_of(path) or path.split("/")[1]
        category = site.categories.get(slug)
        view["template"] = "madoguchi/category.html"
        view["category"] = {
            "title": category.title if category else slug,
            "description": category.description if category else "",
        }
        view["parent"] = _parent(site, slug, files)
        view["subcategories"] = [
            {
                "title": sub.title,
                "description": sub.description,
                "url": _url(files, site.layout.category_index(sub.slug)),
                "count": listings.total[sub.slug],
                "overdue": listings.states[sub.slug][OVERDUE],
                "due_soon": listings.states[sub.slug][DUE_SOON],
            }
            for sub in listings.subcategories.get(slug, [])
        ]
        entries = listings.by_category.get(slug, [])
        if listing_page is not None:
            entries = list(page_slice(entries, listing_page.number, page_size))
            view["pager"] = pager(listing_page, lambda source: _url(files, source))
        view["entries"] = [entry_item(e, assessments.get(e.path), files, policy) for e in entries]
        return view
    if entry is None or not entry.tracked or entry.kind.template is None:
        return None
    view["template"] = entry.kind.template
    if isinstance(entry, FaqEntry):  # what only an FAQ entry's page shows
        category = site.categories.get(entry.category)
        view["category"] = {
            "title": category.title if category else entry.category,
            "url": _url(files, site.layout.category_index(entry.category)),
        }
        view["parent"] = _parent(site, entry.category, files)
        view["tags"] = entry.tags
        view["related"] = [
            # where each sits (大分類 › 小分類): related answers may be in other categories
            {"title": site.entries[p].title, "url": _url(files, p), "path": entry_category_path(site, site.entries[p])}
            for p in entry.related
            if p in site.entries and not site.entries[p].draft
        ]
    return view


DASHBOARD = "staleness.md"  # the internal edition's staleness dashboard (鮮度ダッシュボード)


def dashboard_view(site: Site, assessments: dict[str, Assessment], files: Files, policy: Policy) -> dict[str, Any]:
    """Every tracked page by owner, then by state, overdue first; owners with the most
    overdue pages first. Internal edition only: it names owners and reasons."""
    counts = dict.fromkeys(STATES, 0)
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for path, assessment in assessments.items():
        entry = site.entries[path]
        counts[assessment.state] += 1
        groups[entry.owner or ""].append(
            {
                "title": entry.title,
                # None: its kind has no pages (a notice): the dashboard names its file instead
                "url": _url(files, path) if entry.kind.page else None,
                "path": path,
                "type": entry.type,
                "state": assessment.state,
                "due": local(assessment.due, policy.timezone),
                "reason": assessment.reason,
            }
        )
    owners: list[dict[str, Any]] = []
    for owner, items in groups.items():
        items.sort(key=lambda i: (-SEVERITY[i["state"]], i["due"] is None, i["due"] or 0, i["path"]))
        worst_first = sorted(STATES, key=SEVERITY.__getitem__, reverse=True)
        by_state = {state: [i for i in items if i["state"] == state] for state in worst_first}
        owners.append({"owner": owner, "states": {k: v for k, v in by_state.items() if v}, "count": len(items)})
    owners.sort(key=lambda o: (-len(o["states"].get(OVERDUE, [])), -len(o["states"].get(DUE_SOON, [])), o["owner"]))
    return {"template": "madoguchi/staleness.html", "counts": counts, "owners": owners}
