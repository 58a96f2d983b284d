"""The full path 大分類 › 小分類 wherever an entry's category is named (issue 19): the JSON-LD
BreadcrumbList, search results and the sidebar's block of the current category's
subcategories, in a real `--strict` build of a site with one and two levels (and page 2 of a
paginated category), and in Chromium at phone and desktop widths."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup

from madoguchi.alerts.digest import Digest, Item, render_digest
from madoguchi.category_path import category_path, entry_category_path, levels
from madoguchi.model import load_site
from madoguchi.plugins.freshness.config import policy_from_options
from madoguchi.search_index import display_path, with_display_path
from madoguchi.search_shards import site_documents
from madoguchi.timeutil import parse_datetime
from support.site import NOW, git, madoguchi, make_site, mkdocs_build, write_mkdocs_yml

TOKYO = ZoneInfo("Asia/Tokyo")

BASE = "https://faq.example.jp/"
QUESTION = "---\ntitle: {title}\nreviewed: 2026-11-01\n---\n\n{title}への回答です。\n"
LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def write(root: Path, path: str, text: str) -> None:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def add_subcategories(content: Path) -> None:
    """ordering gets ギフト (with index.md) and bulk (without); account gets security; points
    (one level, no subcategory) is added beside them."""
    write(content, "faq/ordering/gift/index.md", "---\ntitle: ギフト\ndescription: 贈り物のご注文\n---\n")
    related = "related: [faq/ordering/cancel.md, faq/account/security/two-factor.md]\nreviewed:"
    write(
        content,
        "faq/ordering/gift/wrap.md",
        QUESTION.format(title="ギフト包装はできますか").replace("reviewed:", related),
    )
    write(content, "faq/ordering/gift/message.md", QUESTION.format(title="メッセージカードを付けたい"))
    write(content, "faq/ordering/bulk/big.md", QUESTION.format(title="大口注文の割引はありますか"))
    two_factor = QUESTION.format(title="二段階認証を設定したい").replace("reviewed:", "owner: cs-members\nreviewed:")
    write(content, "faq/account/security/two-factor.md", two_factor)
    write(content, "faq/points/index.md", "---\ntitle: ポイント\nowner: cs-points\n---\n")
    write(content, "faq/points/expiry.md", QUESTION.format(title="ポイントの有効期限は"))


# --- pure rules ---------------------------------------------------------------------------


def load(root: Path):  # type: ignore[no-untyped-def]
    policy = policy_from_options({"default_owner": "cs-support"})
    now = parse_datetime(NOW, policy.timezone)
    paths = [p.relative_to(root).as_posix() for p in root.rglob("*.md")]
    return load_site(root, paths, policy, now, shown_prefix="content/")


def test_a_category_path_names_both_levels_and_a_level_without_index_by_its_folder(tmp_path: Path) -> None:
    write(tmp_path, "faq/ordering/index.md", "---\ntitle: ご注文・お支払い\nowner: cs-ordering\n---\n")
    write(tmp_path, "faq/ordering/cancel.md", QUESTION.format(title="キャンセル"))
    add_subcategories(tmp_path)
    site = load(tmp_path)
    assert site.problems == []
    assert {path: entry_category_path(site, entry) for path, entry in site.entries.items()} == {
        "faq/ordering/cancel.md": "ご注文・お支払い",
        "faq/ordering/gift/wrap.md": "ご注文・お支払い › ギフト",
        "faq/ordering/gift/message.md": "ご注文・お支払い › ギフト",
        "faq/ordering/bulk/big.md": "ご注文・お支払い › bulk",  # no index.md: its folder
        "faq/account/security/two-factor.md": "account › security",
        "faq/points/expiry.md": "ポイント",
    }
    assert levels("ordering/gift") == ["ordering", "ordering/gift"] and levels("points") == ["points"]
    assert category_path(site, "nowhere/else") == "nowhere › else"


@pytest.mark.parametrize(
    ("levels_", "shown"),
    [
        ((), ""),
        (("ご注文",), '<p class="madoguchi-search-path">ご注文</p>'),
        (("ご注文", "ギフト"), '<p class="madoguchi-search-path">ご注文 › ギフト</p>'),
        (("<b>A&B</b>", "x"), '<p class="madoguchi-search-path">&lt;b&gt;A&amp;B&lt;/b&gt; › x</p>'),
    ],
    ids=["no-category", "one-level", "two-levels", "text-not-markup"],
)
def test_a_search_result_shows_its_category_path_as_text_before_its_teaser(
    levels_: tuple[str, ...], shown: str
) -> None:
    assert display_path(levels_) == shown
    doc = {"location": "faq/a/", "title": "Q", "text": "<p>teaser</p>"}
    assert with_display_path(doc, levels_)["text"] == shown + "<p>teaser</p>"


def test_an_entry_with_the_name_of_a_subcategory_beside_it_is_an_input_error(tmp_path: Path) -> None:
    """faq/ordering/gift.md and faq/ordering/gift/ would both be built at faq/ordering/gift/."""
    write(tmp_path, "faq/ordering/index.md", "---\ntitle: ご注文\n---\n")
    write(tmp_path, "faq/ordering/gift.md", QUESTION.format(title="ギフト"))
    write(tmp_path, "faq/ordering/gift/wrap.md", QUESTION.format(title="包装"))
    problems = [str(problem) for problem in load(tmp_path).problems]
    assert len(problems) == 1, problems
    assert problems[0].startswith("content/faq/ordering/gift.md:1: -: ")
    assert "faq/ordering/gift/" in problems[0] and "same URL" in problems[0]


def stale_item(path: str, category: str, *, title: str = "ギフト包装はできますか") -> Item:
    return Item(
        path=path,
        title=title,
        owner="cs-ordering",
        state="overdue",
        due=datetime(2026, 11, 1, tzinfo=TOKYO),
        url=f"https://faq.example.jp/{path}",
        source_url=None,
        action=f"madoguchi review content/{path}",
        category=category,
    )


@pytest.mark.parametrize(
    ("markdown", "line"),
    [
        (False, "  分類: ご注文について › ギフト"),
        (True, "  - 分類: ご注文について › ギフト"),
    ],
    ids=["chat-and-mail", "tracker-issue"],
)
def test_an_alert_names_the_category_path_of_each_faq_entry(markdown: bool, line: str) -> None:
    items = (stale_item("faq/ordering/gift/wrap.md", "ご注文について › ギフト"), stale_item("guide.md", ""))
    digest = Digest("cs-ordering", items, items, None)
    lines = render_digest(digest, datetime(2026, 11, 23, 12, tzinfo=TOKYO), TOKYO, "ja", markdown=markdown).split("\n")
    assert lines.count(line) == 1  # the entry in ギフト; the page outside any category: no line
    title = next(i for i, text in enumerate(lines) if "ギフト包装はできますか" in text)
    assert lines[title + (1 if markdown else 2)] == line  # after the title (and in chat, the page's URL)
    english = render_digest(digest, datetime(2026, 11, 23, 12, tzinfo=TOKYO), TOKYO, "en", markdown=markdown)
    assert "Category: ご注文について › ギフト" in english


def test_a_category_title_in_an_alert_is_text_that_mentions_nobody() -> None:
    item = stale_item("faq/a/b/c.md", "@channel <!here> › [x](https://evil.example)")
    digest = Digest("cs-ordering", (item,), (item,), None)
    plain = render_digest(digest, datetime(2026, 11, 23, 12, tzinfo=TOKYO), TOKYO, "ja")
    assert "@channel" not in plain and "<!here>" not in plain
    issue = render_digest(digest, datetime(2026, 11, 23, 12, tzinfo=TOKYO), TOKYO, "ja", markdown=True)
    assert "[x](https://evil.example)" not in issue and "\\[x\\]" in issue


@pytest.fixture
def alerts_site(tmp_path: Path) -> Path:
    """The `alerts` fixture with an overdue entry in a subcategory ギフト・のし of ordering,
    and a chat destination for every owner."""
    root = make_site(tmp_path, "alerts", commit_date=None)
    write_mkdocs_yml(
        root, '      timezone: Asia/Tokyo\n      notify:\n        defaults:\n          notify: ["{MADOGUCHI_CHAT_URL}"]'
    )
    (root / "content/faq/ordering/gift.md").unlink()  # its URL would be the subcategory's
    write(root / "content", "faq/ordering/gift/index.md", "---\ntitle: ギフト・のし\n---\n")
    write(
        root / "content",
        "faq/ordering/gift/wrap.md",
        "---\ntitle: ギフト包装はできますか\nreviewed: 2026-01-05\n---\n\nできます。\n",
    )
    return root


def test_madoguchi_notify_names_both_levels_of_an_entry_in_a_subcategory(alerts_site: Path) -> None:
    result = madoguchi(alerts_site, "notify", "--dry-run", env={"MADOGUCHI_CHAT_URL": "json://127.0.0.1:9/x"})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    title = lines.index("  | ・【新着】ギフト包装はできますか（142日超過）")
    assert lines[title + 1 : title + 3] == [
        "  |   ページ: https://faq.example.jp/faq/ordering/gift/wrap/",
        "  |   分類: ご注文について › ギフト・のし",
    ]
    assert "  |   分類: ご注文について" in lines  # the entries of the category itself


@pytest.mark.parametrize(
    ("output", "shown"),
    [
        ("table", "content/faq/ordering/gift/wrap.md  ギフト包装はできますか（ご注文について › ギフト・のし）"),
        (
            "markdown",
            "[ギフト包装はできますか](https://faq.example.jp/faq/ordering/gift/wrap/)（ご注文について › ギフト・のし）"
            "<br>`content/faq/ordering/gift/wrap.md`",
        ),
    ],
)
def test_madoguchi_stale_names_both_levels_of_an_entry_in_a_subcategory(
    alerts_site: Path, output: str, shown: str
) -> None:
    result = madoguchi(alerts_site, "stale", "--format", output)
    assert result.returncode == 0, result.stderr
    assert shown in result.stdout
    assert "ギフト・のし" not in madoguchi(alerts_site, "stale", "--format", "json").stdout  # the report's shape


# --- a real build ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The basic fixture with subcategories (add_subcategories), madoguchi/search, and
    `listing_page_size: 2`, so that ordering's own three entries take two pages."""
    root = make_site(
        tmp_path_factory.mktemp("paths"),
        commit_date=None,
        options="      timezone: Asia/Tokyo\n      listing_page_size: 2",
    )
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace(
        "  - madoguchi/incidents\n", "  - madoguchi/incidents\n  - madoguchi/search\n"
    )
    config.write_text(text, encoding="utf-8")
    add_subcategories(root / "content")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "initial content", date="2026-11-01T10:00:00+09:00")
    result = mkdocs_build(root, "--strict")
    assert result.returncode == 0, result.stderr
    return root / "site"


def html_of(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def jsonld(site: Path, url: str) -> list[dict]:
    return [json.loads(block) for block in LD_JSON.findall(html_of(site, url))]


def crumbs(data: dict) -> list[tuple[int, str, str]]:
    return [(item["position"], item["name"], item["item"]) for item in data["itemListElement"]]


def assert_built(site: Path, url: str) -> None:
    """A breadcrumb's URL is a page of this site that was built."""
    assert url.startswith(BASE), url
    assert (site / urlsplit(url).path.lstrip("/") / "index.html").is_file(), url


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (
            "faq/ordering/gift/wrap/",
            [
                (1, "ホーム", BASE),
                (2, "ご注文について", BASE + "faq/ordering/"),
                (3, "ギフト", BASE + "faq/ordering/gift/"),
                (4, "ギフト包装はできますか", BASE + "faq/ordering/gift/wrap/"),
            ],
        ),
        (
            "faq/account/security/two-factor/",
            [
                (1, "ホーム", BASE),
                (2, "account", BASE + "faq/account/"),
                (3, "security", BASE + "faq/account/security/"),
                (4, "二段階認証を設定したい", BASE + "faq/account/security/two-factor/"),
            ],
        ),
        (
            "faq/ordering/cancel/",
            [
                (1, "ホーム", BASE),
                (2, "ご注文について", BASE + "faq/ordering/"),
                (3, "注文をキャンセルしたい", BASE + "faq/ordering/cancel/"),
            ],
        ),
    ],
    ids=["subcategory-with-index", "subcategory-without-index", "one-level"],
)
def test_an_faq_entry_carries_a_breadcrumb_list_down_to_itself_with_urls_of_built_pages(
    built: Path, page: str, expected: list[tuple[int, str, str]]
) -> None:
    [data] = jsonld(built, page)  # still one JSON-LD block: the FAQPage, its breadcrumb inside
    assert data["@type"] == "FAQPage"
    assert data["breadcrumb"]["@type"] == "BreadcrumbList"
    assert crumbs(data["breadcrumb"]) == expected
    for _, _, url in expected:
        assert_built(built, url)


def test_related_answers_name_where_each_sits(built: Path) -> None:
    html = BeautifulSoup(html_of(built, "faq/ordering/gift/wrap/"), "html.parser")
    items = [
        (li.a.get_text(), li.a["href"], li.select_one(".madoguchi-related__path").get_text())  # type: ignore[union-attr]
        for li in html.select(".madoguchi-related li")
    ]
    assert items == [
        ("注文をキャンセルしたい", "../../cancel/", "ご注文について"),
        ("二段階認証を設定したい", "../../../account/security/two-factor/", "account › security"),
    ]


def test_a_subcategory_listing_carries_a_breadcrumb_list_and_a_category_listing_none(built: Path) -> None:
    [data] = jsonld(built, "faq/ordering/gift/")
    assert data["@context"] == "https://schema.org" and data["@type"] == "BreadcrumbList"
    assert crumbs(data) == [
        (1, "ホーム", BASE),
        (2, "ご注文について", BASE + "faq/ordering/"),
        (3, "ギフト", BASE + "faq/ordering/gift/"),
    ]
    assert jsonld(built, "faq/ordering/") == [] and jsonld(built, "faq/ordering/page/2/") == []


def section(site: Path, url: str) -> dict[str, object] | None:
    """The sidebar's subcategory block of a page: its title link, and each subcategory link
    as (text, href, aria-current)."""
    html = BeautifulSoup(html_of(site, url), "html.parser")
    sidebar = html.select_one(".md-sidebar--primary")
    assert sidebar is not None
    block = sidebar.select_one("nav.madoguchi-section-nav")
    if block is None:
        return None
    title = block.select_one(".madoguchi-section-nav__title")
    assert title is not None
    return {
        "label": block["aria-label"],
        "title": (title.get_text(strip=True), title["href"], title.get("aria-current")),
        "subcategories": [
            (link.select_one(".md-ellipsis").get_text(strip=True), link["href"], link.get("aria-current"))  # type: ignore[union-attr]
            for link in block.select("a.madoguchi-section-nav__link")
        ],
    }


@pytest.mark.parametrize(
    ("page", "title", "subcategories"),
    [
        # an entry in ギフト: ギフト is where it is
        (
            "faq/ordering/gift/wrap/",
            ("ご注文について", "../../", None),
            [("bulk", "../../bulk/", None), ("ギフト", "../", "true")],
        ),
        # ギフト's listing: the link to this very page
        ("faq/ordering/gift/", ("ご注文について", "../", None), [("bulk", "../bulk/", None), ("ギフト", "./", "page")]),
        # the category's listing, and its page 2 (whose link leads to page 1)
        ("faq/ordering/", ("ご注文について", "./", "page"), [("bulk", "bulk/", None), ("ギフト", "gift/", None)]),
        (
            "faq/ordering/page/2/",
            ("ご注文について", "../../", "true"),
            [("bulk", "../../bulk/", None), ("ギフト", "../../gift/", None)],
        ),
        # an entry of the category itself (one level), beside its subcategories
        (
            "faq/ordering/cancel/",
            ("ご注文について", "../", "true"),
            [("bulk", "../bulk/", None), ("ギフト", "../gift/", None)],
        ),
    ],
    ids=["entry-in-subcategory", "subcategory", "category", "category-page-2", "entry-in-category"],
)
def test_the_sidebar_shows_the_current_categorys_subcategories_and_marks_the_current_one(
    built: Path, page: str, title: tuple[str, str, str | None], subcategories: list[tuple[str, str, str | None]]
) -> None:
    found = section(built, page)
    assert found is not None
    assert found["label"] == "ご注文についての小分類"
    assert found["title"] == title
    assert found["subcategories"] == subcategories


@pytest.mark.parametrize(
    "page", ["", "faq/points/", "faq/points/expiry/", "contact/", "incidents/2026-11-10-card-payment/"]
)
def test_pages_outside_a_category_with_subcategories_have_no_subcategory_block(built: Path, page: str) -> None:
    assert section(built, page) is None
    assert "faq/ordering/gift/" not in html_of(built, page).split('<div class="md-content"')[0]


def test_the_sidebar_lists_another_categorys_subcategories_only_on_its_own_pages(built: Path) -> None:
    account = section(built, "faq/account/withdraw/")
    assert account is not None and account["subcategories"] == [("security", "../security/", None)]
    assert "gift/" not in str(account)


def test_search_results_show_the_category_path_of_every_entry(built: Path) -> None:
    documents = site_documents(built / "search")  # the result fragments (search_shards.py)
    paths = {}
    for doc in documents:
        found = re.match(r'<p class="madoguchi-search-path">(.*?)</p>', doc["text"])
        paths[doc["location"]] = found.group(1) if found else None
    assert paths["faq/ordering/gift/wrap/"] == "ご注文について › ギフト"
    assert paths["faq/ordering/bulk/big/"] == "ご注文について › bulk"
    assert paths["faq/account/security/two-factor/"] == "account › security"
    assert paths["faq/ordering/cancel/"] == "ご注文について"  # one level: the category
    assert paths["faq/points/expiry/"] == "ポイント"
    assert paths["contact/"] is None and paths[""] is None  # no category: no path
    # the teaser follows the path
    wrap = next(doc for doc in documents if doc["location"] == "faq/ordering/gift/wrap/")
    assert wrap["text"].endswith("<p>ギフト包装はできますかへの回答です。</p>")


# --- Chromium ---------------------------------------------------------------------------------


@pytest.mark.browser
def test_a_search_result_in_chromium_shows_both_levels_under_its_title(built: Path, serve, page) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 1280, "height": 900})
    base = serve(built)
    page.goto(base)
    box = page.locator("input[data-md-component=search-query]")
    box.click()
    box.fill("ギフト包装")
    box.press("End")
    result = page.locator(".md-search-result__list > li", has_text="ギフト包装はできますか").first
    result.wait_for()
    path = result.locator(".madoguchi-search-path")
    assert path.is_visible()
    assert path.inner_text() == "ご注文について › ギフト"
    title_box, path_box = result.locator("h1, h2").first.bounding_box(), path.bounding_box()
    assert title_box is not None and path_box is not None and path_box["y"] >= title_box["y"] + title_box["height"] - 1


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280], ids=["phone", "desktop"])
def test_the_subcategory_block_is_visible_in_the_sidebar_and_the_phones_drawer(
    built: Path,
    serve,
    page,
    width: int,  # type: ignore[no-untyped-def]
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(serve(built) + "faq/ordering/gift/wrap/")
    block = page.locator(".md-sidebar--primary nav.madoguchi-section-nav")
    if width < 1220:  # Material's drawer below 76.25em: off the screen until the menu button opens it
        closed = block.bounding_box()
        assert closed is not None and closed["x"] + closed["width"] <= 0
        page.locator('label.md-header__button[for="__drawer"]').click()
    bulk = block.locator("a", has_text="bulk")
    bulk.wait_for(state="visible")
    page.wait_for_function(
        "el => el.getBoundingClientRect().x >= 0", arg=bulk.element_handle(), timeout=5000
    )  # the drawer's slide has ended
    # on top, not under the navigation's panel: what is at its centre is the link itself
    box = bulk.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 900
    hit = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('a')?.textContent",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert hit is not None and "bulk" in hit
    if width < 1220:
        assert box["height"] >= 44  # a tap target
    current = block.locator('a[aria-current="true"]')
    assert current.locator(".md-ellipsis").inner_text() == "ギフト"
    bulk.click()
    page.wait_for_url("**/faq/ordering/bulk/")
    assert page.locator("h1").first.inner_text() == "bulk"


AXE = Path(__file__).resolve().parent / "node" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280], ids=["phone", "desktop"])
@pytest.mark.parametrize("url", ["faq/ordering/gift/wrap/", "faq/ordering/gift/"], ids=["entry", "subcategory"])
def test_a_page_with_the_subcategory_block_has_no_serious_or_critical_axe_violations(
    built: Path,
    serve,
    page,
    url: str,
    width: int,  # type: ignore[no-untyped-def]
) -> None:
    if not AXE.is_file():
        pytest.skip(f"{AXE} is missing: run `npm ci` in tests/node (scripts/setup-quality-tools)")
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(serve(built) + url)
    assert response is not None and response.ok
    if width < 1220:  # the block is in the drawer: check it open
        page.locator('label.md-header__button[for="__drawer"]').click()
        page.locator("nav.madoguchi-section-nav a", has_text="bulk").wait_for(state="visible")
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    results = page.evaluate(
        "axe.run(document, {resultTypes: ['violations'],"
        " runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    assert results["passes"], "axe ran no rule"
    blocking = [
        (v["id"], [" ".join(n["target"]) for n in v["nodes"][:3]])
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert blocking == []
