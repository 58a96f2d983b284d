"""The sidebar navigation is rendered once per place (madoguchi/freshness `cache_nav`):
the built site is byte for byte the one rendered page by page."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

from mkdocs.utils import get_relative_url

from madoguchi.plugins.freshness.nav_cache import (
    NavCache,
    is_site_relative,
    link_branches,
    page_folder,
    page_place,
    renders_own_nav,
)
from support.site import REPO, make_site, mkdocs_build

NAV_URLS = ["", "faq/ordering/", "faq/payment/", "incidents/", "contact/", "faq/ordering/special/", "assets/logo.png"]
PAGE_URLS = [
    "",
    "faq/ordering/how-to-order/",
    "faq/ordering/cancel/",
    "faq/ordering/special/",
    "faq/ordering/special/deep/",
    "faq/payment/card/",
    "incidents/2026-11-20-outage/",
    "incidents/2026-11-21-maintenance/",
    "contact/",
    "faq/ordering/how-to-order.html",
    "faq/ordering/cancel.html",
    "faq/ordering.html",
    "faq.html",
    "index.html",
    "assets/page/",
    "privacy/",
    "legal/terms.html",
    "404.html",
]


def test_a_page_folder_is_the_folder_its_links_start_from() -> None:
    assert page_folder("faq/ordering/cancel/") == ("faq", "ordering", "cancel")
    assert page_folder("faq/ordering/cancel.html") == ("faq", "ordering")
    assert page_folder("") == ()
    assert page_folder("index.html") == ()


def test_pages_in_one_folder_share_a_place_unless_a_link_leads_into_their_own_folder() -> None:
    branches = link_branches(NAV_URLS)
    assert page_place("faq/ordering/how-to-order/", branches) == (3, ("faq", "ordering"), "")
    assert page_place("faq/ordering/cancel/", branches) == (3, ("faq", "ordering"), "")
    assert page_place("faq/ordering/special/", branches) == (3, ("faq", "ordering"), "special")
    assert page_place("faq/ordering/cancel.html", branches) == (2, ("faq",), "ordering")
    assert page_place("404.html", branches) != page_place("privacy/", branches)  # not the same depth


def test_pages_with_the_same_place_get_the_same_relative_links() -> None:
    """The rule checked against MkDocs' own `get_relative_url`, for every pair of pages."""
    branches = link_branches(NAV_URLS)
    shared = 0
    for first, second in itertools.combinations(PAGE_URLS, 2):
        if page_place(first, branches) == page_place(second, branches):
            shared += 1
            for url in NAV_URLS:
                assert get_relative_url(url, first) == get_relative_url(url, second), (url, first, second)
    assert shared >= 6


def test_only_links_mkdocs_rewrites_per_page_count() -> None:
    assert is_site_relative("faq/ordering/")
    assert is_site_relative("../other/")
    for url in ("https://example.jp/", "/absolute/", "#top", "mailto:cs@example.jp", "tel:0120", ""):
        assert not is_site_relative(url)


def item(active: bool = False, children: list[SimpleNamespace] | None = None, **more: object) -> SimpleNamespace:
    return SimpleNamespace(active=active, children=children, **more)


def test_a_page_in_the_navigation_renders_its_own() -> None:
    entry, category = item(), item()
    nav = [item(), item(children=[category, item()]), item(children=[item(children=[item()])])]
    assert not renders_own_nav(entry, nav)  # an entry outside the navigation: nothing is active
    assert renders_own_nav(category, nav)  # the page itself is an item (deep in a section)
    nav[2].children[0].active = True
    assert renders_own_nav(entry, nav)  # a section is active (MkDocs marks the page's parents)
    view = item(pages=[entry])
    assert renders_own_nav(entry, [view])  # Material's blog views list their pages


def test_each_navigation_and_each_page_in_it_renders_on_its_own() -> None:
    """A plugin may give pages different navigations (e.g. one per language)."""
    renders: list[str] = []

    def render(context: dict[str, object]) -> Iterator[str]:
        renders.append(context["page"].url)  # type: ignore[attr-defined]
        yield f"nav {id(context['nav'])} for {context['page'].url}"  # type: ignore[attr-defined]

    category = item(url="faq/ordering/")
    japanese, english = SimpleNamespace(items=[item(url=""), category]), SimpleNamespace(items=[item(url="en/")])
    cached = NavCache([]).wrap(render)

    def html(page: SimpleNamespace, nav: SimpleNamespace) -> str:
        return "".join(cached({"page": page, "nav": nav}))

    first, second = SimpleNamespace(url="faq/ordering/a/"), SimpleNamespace(url="faq/ordering/b/")
    assert html(first, japanese) == html(second, japanese)  # same place: rendered once
    assert html(first, english) != html(first, japanese)  # another navigation: its own rendering
    category.active = True
    html(category, japanese)  # the page is in the navigation: rendered every time
    html(category, japanese)
    assert renders == ["faq/ordering/a/", "faq/ordering/a/", "faq/ordering/", "faq/ordering/"]


def without_nav_cache(mkdocs_yml: str) -> str:
    return mkdocs_yml.replace("  - madoguchi/freshness:\n", "  - madoguchi/freshness:\n      cache_nav: false\n", 1)


def built_files(site_dir: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site_dir)): p.read_bytes() for p in sorted(site_dir.rglob("*")) if p.is_file()}


def assert_same_site(cached: Path, uncached: Path) -> None:
    cached_files, uncached_files = built_files(cached), built_files(uncached)
    assert cached_files.keys() == uncached_files.keys()
    different = [name for name in cached_files if cached_files[name] != uncached_files[name]]
    assert different == []


def test_sample_site_is_byte_identical_with_and_without_the_nav_cache(tmp_path: Path) -> None:
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("docs_dir: content", f"docs_dir: {REPO / 'content'}")
    assert "cache_nav" not in config
    (tmp_path / "cached.yml").write_text(config, encoding="utf-8")
    (tmp_path / "uncached.yml").write_text(without_nav_cache(config), encoding="utf-8")

    cached = mkdocs_build(tmp_path, "-v", "-f", "cached.yml", "-d", str(tmp_path / "cached"))
    uncached = mkdocs_build(tmp_path, "-f", "uncached.yml", "-d", str(tmp_path / "uncached"))
    assert cached.returncode == 0, cached.stderr
    assert uncached.returncode == 0, uncached.stderr

    reuse = re.search(r"Navigation rendered for (\d+) place\(s\), reused (\d+) time\(s\)", cached.stderr)
    assert reuse is not None and int(reuse.group(2)) > int(reuse.group(1))
    assert "Navigation rendered" not in uncached.stderr
    assert_same_site(tmp_path / "cached", tmp_path / "uncached")


def test_file_urls_are_byte_identical_with_and_without_the_nav_cache(tmp_path: Path) -> None:
    """`use_directory_urls: false`: links start from the folder holding `name.html`."""
    root = make_site(tmp_path)
    config = "use_directory_urls: false\n" + (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "cached.yml").write_text(config, encoding="utf-8")
    (root / "uncached.yml").write_text(without_nav_cache(config), encoding="utf-8")

    for name in ("cached", "uncached"):
        result = mkdocs_build(root, "-f", f"{name}.yml", "-d", str(tmp_path / name))
        assert result.returncode == 0, result.stderr
    assert (tmp_path / "cached" / "contact.html").exists()
    assert_same_site(tmp_path / "cached", tmp_path / "uncached")
