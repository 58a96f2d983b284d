"""Long listings paginate (issue 19, content contract "Subcategories and long listings"): a
category page and the incidents index show at most `listing_page_size` entries, pages 2… are at
`<listing url>page/<n>/`, linked by a pager (`<nav aria-label>`), `rel="prev"/"next"` and the
sitemap; checked on real builds of a fixture site and of the sample site with a small page
size, in Chromium (axe-core, 「次へ」) and by LinkChecker."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from test_quality_a11y import BLOCKING, describe
from test_quality_links import assert_no_broken_links, linkchecker

from support.browser import axe_source
from support.site import build_sample, commit_all, make_site, mkdocs_build, read_page

PAGE_SIZE = 3
# category → number of entries: one page exactly full, one entry over, and three pages
CATEGORIES = {"exact": PAGE_SIZE, "over": PAGE_SIZE + 1, "long": 2 * PAGE_SIZE + 1}


def titles(html: str) -> list[str]:
    """Titles of the entries a listing page shows, in order."""
    return re.findall(r'<li class="madoguchi-list__item">\s*<a href="[^"]*">([^<]*)</a>', html)


def head_links(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="(prev|next)" href="([^"]*)">', html))


def pager(html: str) -> str | None:
    found = re.search(r'<nav class="madoguchi-pager" aria-label="ページ送り">.*?</nav>', html, re.S)
    return found.group(0) if found else None


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The basic fixture with three more categories of numbered questions, built with
    `listing_page_size: 3`."""
    tmp_path = tmp_path_factory.mktemp("paged")
    options = f"      timezone: Asia/Tokyo\n      listing_page_size: {PAGE_SIZE}"
    root = make_site(tmp_path, commit_date=None, options=options)
    for slug, count in CATEGORIES.items():
        folder = root / "content" / "faq" / slug
        folder.mkdir()
        (folder / "index.md").write_text(f"---\ntitle: 分類 {slug}\nowner: cs-bulk\n---\n", encoding="utf-8")
        for number in range(1, count + 1):
            (folder / f"q{number:03d}.md").write_text(
                f"---\ntitle: 質問 {number:03d}\nreviewed: 2026-11-01\n---\n\n回答 {number}。\n", encoding="utf-8"
            )
    nested = root / "content" / "faq" / "nested"  # a category whose only entries are in a subcategory
    (nested / "sub").mkdir(parents=True)
    (nested / "index.md").write_text("---\ntitle: 入れ子\nowner: cs-bulk\n---\n", encoding="utf-8")
    for number in range(1, PAGE_SIZE + 2):
        (nested / "sub" / f"q{number:03d}.md").write_text(
            f"---\ntitle: 質問 {number:03d}\nreviewed: 2026-11-01\n---\n\n回答 {number}。\n", encoding="utf-8"
        )
    commit_all(root)
    result = mkdocs_build(root, "--strict")
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.mark.parametrize(
    ("slug", "pages"),
    [("exact", 1), ("over", 2), ("long", 3)],
    ids=["exactly-page-size", "one-over", "three-pages"],
)
def test_a_listing_has_as_many_pages_as_its_entries_need(paged_site: Path, slug: str, pages: int) -> None:
    folder = paged_site / "faq" / slug
    built = sorted(int(p.parent.name) for p in folder.glob("page/*/index.html"))
    assert built == list(range(2, pages + 1))
    shown = [
        titles(read_page(paged_site, f"faq/{slug}/" + (f"page/{n}/" if n > 1 else ""))) for n in range(1, pages + 1)
    ]
    everything = [f"質問 {n:03d}" for n in range(1, CATEGORIES[slug] + 1)]
    assert [title for page in shown for title in page] == everything  # each once, in title order
    assert all(len(page) <= PAGE_SIZE for page in shown)


def test_a_listing_of_exactly_one_page_has_no_pager(paged_site: Path) -> None:
    html = read_page(paged_site, "faq/exact/")
    assert pager(html) is None
    assert "page/2/" not in html


@pytest.mark.parametrize(
    ("url", "prev", "next_", "current", "numbers"),
    [
        ("faq/long/", None, "page/2/", "1", {"2": "page/2/", "3": "page/3/"}),
        ("faq/long/page/2/", "../../", "../3/", "2", {"1": "../../", "3": "../3/"}),
        ("faq/long/page/3/", "../2/", None, "3", {"1": "../../", "2": "../2/"}),
        ("faq/over/page/2/", "../../", None, "2", {"1": "../../"}),
    ],
    ids=["first", "middle", "last", "one-over-last"],
)
def test_each_page_links_its_neighbours_and_every_page_number(
    paged_site: Path, url: str, prev: str | None, next_: str | None, current: str, numbers: dict[str, str]
) -> None:
    html = read_page(paged_site, url)
    nav = pager(html)
    assert nav is not None
    assert (
        f'<span class="madoguchi-pager__link madoguchi-pager__link--current" aria-current="page">{current}</span>'
        in nav
    )
    linked = dict(
        (n, href) for href, n in re.findall(r'<a class="madoguchi-pager__link" href="([^"]*)"[^>]*>(\d+)</a>', nav)
    )
    assert linked == numbers
    assert re.findall(r'href="([^"]*)" rel="prev">前へ<', nav) == ([prev] if prev else [])
    assert re.findall(r'href="([^"]*)" rel="next">次へ<', nav) == ([next_] if next_ else [])
    expected_head = {key: value for key, value in (("prev", prev), ("next", next_)) if value}
    assert head_links(html) == expected_head


def test_later_pages_are_titled_with_their_number_and_keep_the_category_lead(paged_site: Path) -> None:
    html = read_page(paged_site, "faq/long/page/2/")
    assert "<h1>分類 long（2ページ目）</h1>" in html
    assert "<title>分類 long（2ページ目） - テストサイト</title>" in html


def test_every_page_of_a_listing_is_in_the_sitemap(paged_site: Path) -> None:
    sitemap = (paged_site / "sitemap.xml").read_text(encoding="utf-8")
    for url in ("faq/long/", "faq/long/page/2/", "faq/long/page/3/", "faq/over/page/2/"):
        assert f"<loc>https://faq.example.jp/{url}</loc>" in sitemap
    assert "faq/exact/page/" not in sitemap


def test_a_page_size_below_one_is_a_config_error(tmp_path: Path) -> None:
    root = make_site(tmp_path, commit_date=None, options="      timezone: Asia/Tokyo\n      listing_page_size: 0")
    result = mkdocs_build(root)
    assert result.returncode != 0
    assert "listing_page_size" in result.stderr and "1 以上" in result.stderr


@pytest.fixture(scope="module")
def paged_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site (repo mkdocs.yml + content/) with `listing_page_size: 2`, strictly built:
    every category and the incidents index have several pages."""
    return build_sample(
        tmp_path_factory.mktemp("paged-sample"), "plugins:\n  madoguchi/freshness:\n    listing_page_size: 2\n"
    )


def test_the_incidents_index_pages_its_history_with_ongoing_incidents_on_page_one(paged_sample: Path) -> None:
    first, second = read_page(paged_sample, "incidents/"), read_page(paged_sample, "incidents/page/2/")
    assert 'id="madoguchi-ongoing"' in first and 'id="madoguchi-ongoing"' not in second
    history = r'<section class="madoguchi-incidents-history".*?</section>'
    items = [
        re.findall(r"madoguchi-incident-item madoguchi-incident-item--", re.search(history, html, re.S).group(0))
        for html in (first, second)
    ]
    assert [len(found) <= 2 for found in items] == [True, True] and all(items)
    assert head_links(first) == {"next": "page/2/"} and head_links(second)["prev"] == "../../"


@pytest.mark.browser
def test_chromium_opens_page_two_and_follows_next(paged_sample: Path, serve: Callable[[Path], str], page) -> None:  # type: ignore[no-untyped-def]
    base = serve(paged_sample)
    response = page.goto(base + "faq/ordering/page/2/")
    assert response is not None and response.ok
    navigation = page.get_by_role("navigation", name="ページ送り")
    assert navigation.get_by_text("全4ページ中 2ページ目").is_visible()
    navigation.get_by_role("link", name="次へ").focus()
    page.keyboard.press("Enter")  # by keyboard, as a reader without a mouse does
    page.wait_for_url(base + "faq/ordering/page/3/")
    assert page.get_by_role("heading", level=1).inner_text() == "ご注文・お支払い（3ページ目）"
    assert navigation.locator('[aria-current="page"]').inner_text() == "3"


@pytest.fixture(scope="module")
def axe_script() -> str:
    """axe-core from tests/node, as test_quality_a11y reads it."""
    return axe_source()


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280], ids=["phone", "desktop"])
def test_a_paginated_listing_has_no_serious_or_critical_axe_violations(
    width: int,
    paged_sample: Path,
    serve,
    page,
    axe_script: str,
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(serve(paged_sample) + "faq/ordering/page/2/")
    assert response is not None and response.ok
    box = page.get_by_role("link", name="次へ").bounding_box()
    assert box is not None and box["height"] >= 44 and box["width"] >= 44  # a finger's target
    page.add_script_tag(content=axe_script)
    results = page.evaluate(
        "axe.run(document, {resultTypes: ['violations'],"
        " runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    assert results["passes"], "axe ran no rule"
    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING]
    assert blocking == [], describe(blocking)


def test_a_paginated_build_has_zero_broken_internal_links(
    paged_sample: Path, serve: Callable[[Path], str], tmp_path: Path
) -> None:
    assert (paged_sample / "faq/ordering/page/4/index.html").is_file()
    assert_no_broken_links(linkchecker(serve(paged_sample), tmp_path))


def test_a_subcategory_listing_paginates_too(paged_site: Path) -> None:
    first, second = read_page(paged_site, "faq/nested/sub/"), read_page(paged_site, "faq/nested/sub/page/2/")
    assert titles(first) == ["質問 001", "質問 002", "質問 003"] and titles(second) == ["質問 004"]
    assert head_links(first) == {"next": "page/2/"} and head_links(second) == {"prev": "../../"}
    assert '<p class="madoguchi-category-link"><a href="../../../">入れ子</a></p>' in second
    category = read_page(paged_site, "faq/nested/")
    assert pager(category) is None and "4 件のご質問" in category  # its subcategory, counted whole
