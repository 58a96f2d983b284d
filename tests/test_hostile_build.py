"""Every front-matter value is text: a real `mkdocs build` of tests/fixtures/hostile, whose
titles, descriptions, tags, affected services, owner, category titles and file names are
script payloads, `{{ }}` and emoji. Each place a value reaches must give back exactly the
characters typed (read with BeautifulSoup, json, ElementTree), and no page may hold an element
or event handler the payloads tried to create. The expected text is read from the fixture's
own front matter, not copied here."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from madoguchi.escaping import escape_front_matter
from madoguchi.search_shards import site_documents
from support.site import FIXTURE_MKDOCS_YML, FIXTURES, git, make_site, mkdocs_build

CONTENT = FIXTURES / "hostile" / "content"
SITE_NAME = "テストサイト"
FOLDER = "<img src=x onerror=alert(1)>"  # a category folder without index.md: its name is its title
FILE_PAGE = "<svg onload=alert(1)>"  # a page with neither title nor heading: named by its file
ENTRY = "faq/xss/payload.md"
QUOTES = "faq/xss/quotes.md"
INCIDENT = "incidents/2026-11-23-hostile.md"


def build_hostile(tmp: Path) -> Path:
    """The hostile fixture built for real with Madoguchi's search; returns the site folder."""
    root = make_site(tmp, "hostile", options="      timezone: Asia/Tokyo\n      default_owner: cs-web")
    # Files whose names are payloads are made here, not committed: Windows cannot check them out.
    shutil.rmtree(root / "named")
    (root / "content/faq" / FOLDER).mkdir()
    shutil.copy(FIXTURES / "hostile/named/folder-title.md", root / "content/faq" / FOLDER / "folder-title.md")
    shutil.copy(FIXTURES / "hostile/named/page.md", root / "content" / f"{FILE_PAGE}.md")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "payload names", date="2026-11-01T10:00:00+09:00")
    config = FIXTURE_MKDOCS_YML.replace("      lang: ja\n", "      lang: ja\n  - madoguchi/search\n", 1)
    (root / "mkdocs.yml").write_text(
        config.format(options="      timezone: Asia/Tokyo\n      default_owner: cs-web"), encoding="utf-8"
    )
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_hostile(tmp_path_factory.mktemp("hostile"))


@cache
def typed(path: str) -> dict[str, Any]:
    """The front matter of content/<path>, as the editor typed it."""
    text = (CONTENT / path).read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def exact(element: Tag | None) -> str:
    """The text a reader sees in an element (outer whitespace of the template dropped)."""
    assert element is not None
    return element.get_text().strip()


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# (url of the page, its source, the selector of its visible title)
TITLED_PAGES = [
    ("", "index.md", "article h1"),
    ("contact", "contact.md", "article h1"),
    ("faq/xss", "faq/xss/index.md", "article h1"),
    ("faq/xss/payload", ENTRY, "article h1"),
    ("faq/xss/quotes", QUOTES, "article h1"),
    ("incidents/2026-11-23-hostile", INCIDENT, "article h1"),
]


@pytest.mark.parametrize(("url", "source", "selector"), TITLED_PAGES)
def test_a_typed_title_is_shown_exactly_in_the_heading_and_the_window_title(
    site: Path, url: str, source: str, selector: str
) -> None:
    title = typed(source)["title"]
    html = page(site, url)
    assert exact(html.select_one(selector)) == title
    assert exact(html.title) == f"{title} - {SITE_NAME}"
    assert exact(html.select_one(".md-header__topic:last-child .md-ellipsis")) == title


@pytest.mark.parametrize(
    ("url", "title"),
    [(f"faq/{FOLDER}", FOLDER), (FILE_PAGE, FILE_PAGE)],
    ids=["category-folder", "page-file"],
)
def test_a_title_made_from_a_file_or_folder_name_is_text(site: Path, url: str, title: str) -> None:
    html = page(site, url)
    assert exact(html.select_one("article h1")) == title
    assert exact(html.title) == f"{title} - {SITE_NAME}"


@pytest.mark.parametrize(("url", "source"), [("", "index.md"), ("faq/xss/payload", ENTRY)])
def test_a_description_stays_inside_the_meta_element(site: Path, url: str, source: str) -> None:
    descriptions = page(site, url).select('meta[name="description"]')
    assert [m["content"] for m in descriptions] == [typed(source)["description"]]


def test_category_titles_and_descriptions_are_text_in_navigation_lists_and_category_page(site: Path) -> None:
    category = typed("faq/xss/index.md")
    home = page(site, "")
    nav = [exact(a) for a in home.select(".md-nav--primary .md-nav__link .md-ellipsis")]
    assert category["title"] in nav and FOLDER in nav
    cards = {exact(c.strong): exact(c.span) if c.span else "" for c in home.select(".madoguchi-categories__card")}
    assert cards[category["title"]] == category["description"]
    assert FOLDER in cards
    listing = page(site, "faq/xss")
    assert exact(listing.select_one(".madoguchi-lead")) == category["description"]
    entries = {exact(a) for a in listing.select(".madoguchi-list__item > a")}
    assert entries == {typed(ENTRY)["title"], typed(QUOTES)["title"]}
    entry = page(site, "faq/xss/payload")
    assert exact(entry.select_one(".madoguchi-category-link a")) == category["title"]
    assert [exact(a) for a in entry.select(".madoguchi-related a")] == [typed(QUOTES)["title"]]
    recent = {exact(a) for a in home.select(".madoguchi-list__item > a")}
    assert typed(ENTRY)["title"] in recent and typed(QUOTES)["title"] in recent


def test_the_incident_title_is_text_in_the_banner_of_every_page(site: Path) -> None:
    title = typed(INCIDENT)["title"]
    pages = html_pages(site)
    assert len(pages) == 11
    for path in pages:
        html = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        links = html.select("aside.md-banner .madoguchi-banner__item a")
        assert [exact(a) for a in links] == [title], path


def test_the_incident_title_affected_services_and_update_texts_are_text(site: Path) -> None:
    incident = typed(INCIDENT)
    html = page(site, "incidents/2026-11-23-hostile")
    assert [exact(li) for li in html.select(".madoguchi-incident__affected li")] == incident["affected"]
    timeline = html.select_one(".madoguchi-timeline")
    assert timeline is not None
    assert timeline.select("script, img, svg, iframe") == []
    texts = [exact(t) for t in timeline.select(".madoguchi-timeline__text")]
    # Markdown's own escapes (`&lt;`, `\<`, code) are shown as the characters they stand for.
    assert texts == [
        "原因を特定しました。<script>alert(1)</script> は文字です。",
        "入力例 <script>alert(1)</script> と <img src=x onerror=alert(1)> を調査中です。",
    ]
    for listing in (page(site, ""), page(site, "incidents")):
        items = [exact(a) for a in listing.select(".madoguchi-incident-item > a")]
        assert items == [incident["title"]]


def test_search_index_titles_and_tags_are_html_that_shows_the_typed_text(site: Path) -> None:
    """Material's search UI inserts `title` and `tags` with innerHTML: they are escaped HTML."""
    docs = site_documents(site / "search")
    shown = {doc["location"]: doc for doc in docs}

    def as_text(markup: str) -> str:
        return BeautifulSoup(markup, "html.parser").get_text()

    for location, source, marker in [
        ("", "index.md", ""),
        ("contact/", "contact.md", ""),
        ("faq/xss/payload/", ENTRY, ""),
        ("faq/xss/quotes/", QUOTES, ""),
        ("incidents/2026-11-23-hostile/", INCIDENT, "【対応中】"),  # ongoing: marked first in results
    ]:
        assert as_text(shown[location]["title"]) == marker + typed(source)["title"], location
        assert "<" not in shown[location]["title"]
    assert [as_text(t) for t in shown["faq/xss/payload/"]["tags"]] == typed(ENTRY)["tags"]
    assert [as_text(t) for t in shown["faq/xss/quotes/"]["tags"]] == typed(QUOTES)["tags"]
    empty = BeautifulSoup(json.loads((site / "search" / "madoguchi.json").read_text())["empty"], "html.parser")
    categories = [exact(a) for a in empty.select(".madoguchi-search-empty__categories a")]
    assert categories == [FOLDER, typed("faq/xss/index.md")["title"]]
    assert empty.select("script, img, svg") == []


@pytest.mark.parametrize(
    ("url", "source", "key"), [("faq/xss/payload", ENTRY, "name"), (INCIDENT[:-3], INCIDENT, "headline")]
)
def test_json_ld_holds_the_typed_title_and_cannot_close_its_script_element(
    site: Path, url: str, source: str, key: str
) -> None:
    raw = (site / url / "index.html").read_text(encoding="utf-8")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', raw, re.S)
    assert len(blocks) == 1 and "<" not in blocks[0]
    data = json.loads(blocks[0])
    value = data["mainEntity"][0][key] if key == "name" else data[key]
    assert value == typed(source)["title"]


def test_the_atom_feed_carries_the_typed_title_as_text(site: Path) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(site / "incidents" / "feed.xml").getroot()
    titles = [entry.findtext(f"{atom}title") for entry in feed.iter(f"{atom}entry")]
    title = typed(INCIDENT)["title"]
    assert titles == [f"【原因特定】{title}", f"【調査中】{title}"]
    contents = "".join(entry.findtext(f"{atom}content") or "" for entry in feed.iter(f"{atom}entry"))
    assert "<script" not in contents and "<img" not in contents  # the updates' HTML holds only text


def test_the_sitemap_is_well_formed_with_percent_encoded_urls(site: Path) -> None:
    locs = [loc.text or "" for loc in ET.parse(site / "sitemap.xml").getroot().iterfind(".//{*}loc")]
    assert len(locs) == 10  # every page but 404.html
    assert "https://faq.example.jp/%3Csvg%20onload%3Dalert%281%29%3E/" in locs
    assert not any(set(loc) & set("<>\"' ") for loc in locs)


def test_no_page_holds_an_element_or_handler_a_payload_tried_to_create(site: Path) -> None:
    assert_no_payload_ran(site)


def test_the_internal_edition_shows_hostile_owners_and_titles_as_text_too(tmp_path: Path) -> None:
    """Staff see owners, the dashboard and a prefilled report link: all text, too."""
    options = (
        "      timezone: Asia/Tokyo\n      default_owner: cs-web\n      edition: internal\n"
        "      notify:\n        github: {repo: example/support}"
    )
    root = build_hostile(tmp_path)
    (root.parent / "mkdocs.yml").write_text(FIXTURE_MKDOCS_YML.format(options=options), encoding="utf-8")
    result = mkdocs_build(root.parent)
    assert result.returncode == 0, result.stderr
    assert_no_payload_ran(root)
    owner = typed(QUOTES)["owner"]
    quotes = page(root, "faq/xss/quotes")
    assert exact(quotes.select_one(".madoguchi-staff__owner")).endswith(owner)
    dashboard = page(root, "staleness")
    assert owner in [str(section["data-owner"]) for section in dashboard.select("[data-owner]")]
    report = str(quotes.select_one("a.madoguchi-staff__report")["href"])
    assert report.startswith("https://github.com/example/support/issues/new?") and "<" not in report


def assert_no_payload_ran(site: Path) -> None:
    for path in html_pages(site):
        html = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for element in html.find_all(True):
            handlers = [name for name in element.attrs if name.lower().startswith("on")]
            assert not handlers, (path, element.name, handlers)
            if element.name == "script" and "alert(1)" in element.get_text():
                assert element.get("type") == "application/ld+json", path
        assert html.select('img[src="x"], svg[onload], img[src^="https://evil"]') == [], path
        assert not [a for a in html.select("a[href]") if str(a["href"]).startswith("javascript:")], path
        assert "49" not in " ".join(exact(h) for h in html.select("h1, title")), path  # {{ 7*7 }} not run


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("<b>&amp;</b>", "&lt;b&gt;&amp;amp;&lt;/b&gt;"),
        (["' onmouseover='x", '"q"'], ["&#39; onmouseover=&#39;x", "&#34;q&#34;"]),
        ({"exclude": True, "note": "<i>"}, {"exclude": True, "note": "&lt;i&gt;"}),
        (3, 3),
        (date(2026, 11, 1), date(2026, 11, 1)),
        (None, None),
    ],
)
def test_escape_front_matter_escapes_every_text_value_once_and_leaves_other_values(value: Any, expected: Any) -> None:
    meta = {"key": value, "template": "madoguchi/<x>.html"}
    escape_front_matter(meta)
    escape_front_matter(meta)  # twice: a Markup is never escaped again
    assert meta == {"key": expected, "template": "madoguchi/<x>.html"}
