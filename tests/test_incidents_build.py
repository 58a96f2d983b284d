"""Incident notices in a real `mkdocs build` of tests/fixtures/incidents (frozen at support.site.NOW,
2026-11-23 12:00 JST): incident pages, the site-wide banner, the index, the home page, the
Atom feed (read with feedparser) and the build log; then the same site after resolution."""

from __future__ import annotations

import json
import re
import time
from datetime import datetime, timezone
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup, Tag

from support.site import git, make_site, mkdocs_build, write_internal_yml

SITE_URL = "https://faq.example.jp/"
LOGIN = "incidents/2026-11-23-login.md"
SEARCH = "incidents/2026-11-23-search.md"
# Every update of the published incidents in the fixture (the draft's never counts).
PUBLISHED_UPDATES = {
    "incidents/2026-11-23-login.md": ["2026-11-23T00:10:00Z", "2026-11-23T01:30:00Z"],
    "incidents/2026-11-23-search.md": ["2026-11-23T01:20:00Z"],
    "incidents/2026-11-01-app.md": ["2026-11-01T01:30:00Z", "2026-11-01T09:00:00Z"],
    "incidents/2026-10-05-delivery.md": ["2026-10-04T21:30:00Z", "2026-10-06T09:00:00Z"],
    "incidents/2026-09-10-mail.md": ["2026-09-10T03:20:00Z", "2026-09-10T06:00:00Z"],
}


def html(root: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((root / "site" / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def text(element: Tag | None) -> str:
    assert element is not None
    return " ".join(element.get_text(" ").split())


def banner_items(page: BeautifulSoup) -> list[tuple[str, str, str]]:
    """(impact, title, href) of each banner line; [] when mkdocs-material shows no bar at all."""
    if page.select_one("aside.md-banner") is None:
        return []
    return [
        (str(item["data-impact"]), text(item.a), str(item.a["href"]))
        for item in page.select("aside.md-banner .madoguchi-banner__item")
    ]


def parse_feed(root: Path) -> feedparser.FeedParserDict:
    feed = feedparser.parse((root / "site" / "incidents" / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    return feed


def utc(entry: feedparser.FeedParserDict, key: str = "updated_parsed") -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", entry[key])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = make_site(tmp_path_factory.mktemp("incidents"), "incidents")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root, result.stderr


# --- The incident page ---------------------------------------------------------------


class TestIncidentPage:
    def test_header_shows_impact_status_times_and_affected_services(self, built: tuple[Path, str]) -> None:
        page = html(built[0], "incidents/2026-11-23-login")
        header = page.select_one(".madoguchi-incident")
        assert header is not None
        assert text(page.h1) == "ログインしにくい状態が発生しています"
        assert text(header.select_one(".madoguchi-badge--major")) == "重大"
        assert text(header.select_one(".madoguchi-status--identified")) == "原因特定"
        assert text(header.select_one(".madoguchi-incident__started")) == "2026年11月23日 09:00"
        assert text(header.select_one(".madoguchi-incident__next-update")) == "2026年11月23日 13:00"
        assert [text(li) for li in header.select(".madoguchi-incident__affected li")] == [
            "会員ログイン",
            "スマートフォンアプリ",
        ]
        assert header.select_one(".madoguchi-incident__resolved") is None
        assert header.select_one(".madoguchi-incident__report") is None

    def test_times_are_shown_in_the_site_time_zone(self, built: tuple[Path, str]) -> None:
        page = html(built[0], "incidents/2026-11-23-search")  # the file says 01:15Z
        started = page.select_one(".madoguchi-incident__started time")
        assert started is not None
        assert text(started) == "2026年11月23日 10:15"
        assert started["datetime"] == "2026-11-23T10:15+09:00"
        assert "Asia/Tokyo" in text(page.select_one(".madoguchi-incident__tz"))

    def test_timeline_newest_first_with_rendered_markdown(self, built: tuple[Path, str]) -> None:
        page = html(built[0], "incidents/2026-11-23-login")
        items = page.select(".madoguchi-timeline__item")
        assert [text(item.select_one("time")) for item in items] == [
            "2026年11月23日 10:30",
            "2026年11月23日 09:10",
        ]
        assert [text(item.select_one(".madoguchi-status")) for item in items] == [
            "原因特定",
            "調査中",
        ]
        newest, oldest = (item.select_one(".madoguchi-timeline__text") for item in items)
        assert newest is not None and oldest is not None
        link = newest.select_one("a")
        assert link is not None and link["href"] == "../../faq/ordering/payment/"  # .md link → page URL
        assert text(newest.select_one("ul li")) == "ウェブサイトからはログインできます"
        assert text(oldest.select_one("strong")) == "原因を調査中"

    def test_timeline_order_does_not_depend_on_file_order(self, built: tuple[Path, str]) -> None:
        page = html(built[0], "incidents/2026-11-01-app")  # the file lists the newest first
        times = [text(time_) for time_ in page.select(".madoguchi-timeline__item time")]
        assert times == ["2026年11月1日 18:00", "2026年11月1日 10:30"]

    def test_body_summary_is_above_the_timeline(self, built: tuple[Path, str]) -> None:
        source = (built[0] / "site/incidents/2026-11-23-login/index.html").read_text(encoding="utf-8")
        assert source.index("本日9時ごろから") < source.index('class="madoguchi-timeline"')
        assert source.index('class="madoguchi-incident ') < source.index("本日9時ごろから")

    def test_resolved_with_report_page_links_to_it(self, built: tuple[Path, str]) -> None:
        page = html(built[0], "incidents/2026-10-05-delivery")
        assert text(page.select_one(".madoguchi-incident__resolved")) == "2026年10月6日 18:00"
        assert text(page.select_one(".madoguchi-status")) == "復旧済み"
        report = page.select_one(".madoguchi-incident__report a")
        assert report is not None and report["href"] == "../../reports/delivery/"
        assert (built[0] / "site/reports/delivery/index.html").exists()

    def test_resolved_with_report_url_links_to_it_as_is(self, built: tuple[Path, str]) -> None:
        report = html(built[0], "incidents/2026-09-10-mail").select_one(".madoguchi-incident__report a")
        assert report is not None and report["href"] == "https://status.example.jp/reports/2026-09-10"

    def test_resolved_without_report_says_it_is_pending(self, built: tuple[Path, str]) -> None:
        page = html(built[0], "incidents/2026-11-01-app")
        assert text(page.select_one(".madoguchi-incident__report--pending")) == (
            "調査結果・再発防止策は準備ができ次第公開します。"
        )
        assert page.select_one(".madoguchi-incident__next-update") is None


# --- Banner, index, home ---------------------------------------------------------------


class TestBannerIndexHome:
    def test_banner_on_an_unrelated_page_worst_impact_first(self, built: tuple[Path, str]) -> None:
        page = html(built[0], "faq/ordering/payment")
        assert banner_items(page) == [
            ("critical", "商品検索がご利用いただけません", "../../../incidents/2026-11-23-search/"),
            (
                "major",
                "ログインしにくい状態が発生しています",
                "../../../incidents/2026-11-23-login/",
            ),
        ]
        assert "深刻" in text(page.select_one(".madoguchi-banner__item--critical"))

    def test_banner_links_are_relative_to_each_page(self, built: tuple[Path, str]) -> None:
        # rendered once per build; each page puts in its own way back to the site root
        assert [href for _, _, href in banner_items(html(built[0], ""))] == [
            "incidents/2026-11-23-search/",
            "incidents/2026-11-23-login/",
        ]
        assert banner_items(html(built[0], "incidents"))[0][2] == "../incidents/2026-11-23-search/"

    def test_banner_on_every_page(self, built: tuple[Path, str]) -> None:
        for url in [
            "",
            "faq/ordering",
            "incidents",
            "incidents/2026-09-10-mail",
            "reports/delivery",
        ]:
            assert len(banner_items(html(built[0], url))) == 2, url

    def test_index_lists_ongoing_first_then_history_by_month(self, built: tuple[Path, str]) -> None:
        page = html(built[0], "incidents")
        ongoing = page.select(".madoguchi-incidents-ongoing .madoguchi-incident-item")
        assert [item["data-impact"] for item in ongoing] == ["critical", "major"]
        history = page.select_one(".madoguchi-incidents-history")
        assert history is not None
        months = [text(h3) for h3 in history.select("h3")]
        assert months == ["2026年11月", "2026年10月", "2026年9月"]
        titles = [text(item.a) for item in history.select(".madoguchi-incident-item")]
        assert titles == [
            "アプリの通知が届かない不具合（復旧済み）",
            "お届けの遅延（復旧済み）",
            "注文確認メールの遅延（復旧済み）",
        ]
        delivery = history.select(".madoguchi-incident-item")[1]
        assert "発生日時： 2026年10月5日 06:00" in text(delivery)
        assert "復旧日時： 2026年10月6日 18:00" in text(delivery)
        feed = page.select_one(".madoguchi-feed-link a")
        assert feed is not None and feed["href"] == "feed.xml"

    def test_home_shows_ongoing_incidents(self, built: tuple[Path, str]) -> None:
        section = html(built[0], "").select_one(".madoguchi-ongoing")
        assert section is not None
        assert [text(item.a) for item in section.select(".madoguchi-incident-item")] == [
            "商品検索がご利用いただけません",
            "ログインしにくい状態が発生しています",
        ]

    def test_feed_autodiscovery_on_incident_pages_only(self, built: tuple[Path, str]) -> None:
        selector = 'head link[rel="alternate"][type="application/atom+xml"]'
        for url, href in [
            ("incidents", "feed.xml"),
            ("incidents/2026-11-23-login", "../feed.xml"),
        ]:
            link = html(built[0], url).select_one(selector)
            assert link is not None and link["href"] == href
        # Material treats every rel=alternate link as a translation and fetches a sitemap
        # beside it: elsewhere the link would cost a 404 on every page view.
        assert html(built[0], "").select_one(selector) is None
        assert html(built[0], "faq/ordering/payment").select_one(selector) is None

    def test_home_links_to_the_incidents_index_page(self, built: tuple[Path, str]) -> None:
        link = html(built[0], "").select_one(".madoguchi-ongoing__more a")
        assert link is not None and link["href"] == "incidents/"

    def test_draft_incident_is_nowhere(self, built: tuple[Path, str]) -> None:
        site = built[0] / "site"
        assert not (site / "incidents/2026-11-20-draft").exists()
        for path in site.rglob("*"):
            if path.suffix in (".html", ".xml", ".json"):
                content = path.read_text(encoding="utf-8")
                assert "下書き" not in content and "2026-11-20-draft" not in content, path


# --- The Atom feed ---------------------------------------------------------------------


class TestFeed:
    def test_one_entry_per_update_newest_first(self, built: tuple[Path, str]) -> None:
        feed = parse_feed(built[0])
        expected = sorted((at for ats in PUBLISHED_UPDATES.values() for at in ats), reverse=True)
        assert [utc(entry) for entry in feed.entries] == expected
        assert utc(feed.feed) == expected[0]  # the feed is as new as its newest update

    def test_entries_link_to_the_incident_page_with_stable_ids(self, built: tuple[Path, str]) -> None:
        feed = parse_feed(built[0])
        expected = {
            f"tag:faq.example.jp,{at[:10]}:{path}#{at}": SITE_URL + path.removesuffix(".md") + "/"
            for path, ats in PUBLISHED_UPDATES.items()
            for at in ats
        }
        assert {entry.id: entry.link for entry in feed.entries} == expected
        assert len(feed.entries) == len(expected)  # ids are unique

    def test_entry_content_title_and_dates(self, built: tuple[Path, str]) -> None:
        feed = parse_feed(built[0])
        login = [entry for entry in feed.entries if "2026-11-23-login" in entry.id]
        assert [entry.title for entry in login] == [
            "【原因特定】ログインしにくい状態が発生しています",
            "【調査中】ログインしにくい状態が発生しています",
        ]
        assert login[0].published == login[0].updated == "2026-11-23T10:30:00+09:00"
        content = login[0].content[0].value
        # Links inside the update are absolute: feed readers show them away from the site.
        assert 'href="https://faq.example.jp/faq/ordering/payment/"' in content
        assert "<li>ウェブサイトからはログインできます</li>" in content
        assert feed.feed.links[0].href == SITE_URL + "incidents/"
        assert [link.href for link in feed.feed.links if link.rel == "self"] == [SITE_URL + "incidents/feed.xml"]


# --- Build log and report ----------------------------------------------------------------


def test_build_log_and_report_flag_overdue_incidents(built: tuple[Path, str]) -> None:
    root, log = built
    assert "content/incidents/2026-11-01-app.md: overdue since 2026-11-15 18:00 (owner cs-app)" in log
    assert "2026-11-23-login.md: overdue" not in log
    assert not (root / "site/freshness.json").exists()  # public edition: no report
    internal = mkdocs_build(root, "-f", write_internal_yml(root))
    assert internal.returncode == 0, internal.stderr
    report = json.loads((root / "site-internal/freshness.json").read_text(encoding="utf-8"))
    states = {entry["path"]: entry["state"] for entry in report["entries"] if entry["type"] == "incident"}
    assert states == {
        "incidents/2026-11-23-login.md": "fresh",
        "incidents/2026-11-23-search.md": "fresh",
        "incidents/2026-11-01-app.md": "overdue",
        "incidents/2026-10-05-delivery.md": "fresh",
        "incidents/2026-09-10-mail.md": "fresh",
    }


def test_missed_promise_is_overdue_in_the_log(tmp_path: Path) -> None:
    # With updates due every 4h the 13:00 promise (not 10:30 + 4h) is what is missed.
    root = make_site(tmp_path, "incidents", options="      timezone: Asia/Tokyo\n      update_every: 4h")
    result = mkdocs_build(root, now="2026-11-23T13:05:00+09:00")
    assert result.returncode == 0, result.stderr
    assert "content/incidents/2026-11-23-login.md: overdue since 2026-11-23 13:00 (owner cs-web)" in result.stderr


# --- After resolution: a second build of the same site --------------------------------------


def resolve(file: Path, at: str, text: str) -> None:
    """What `madoguchi incident update --status resolved` does: status, resolved_at, an update."""
    source = file.read_text(encoding="utf-8")
    source = re.sub(r"^status: \w+$", f"status: resolved\nresolved_at: {at}", source, count=1, flags=re.M)
    head, fence, body = source.partition("\n---\n")
    file.write_text(
        f"{head}\n  - at: {at}\n    status: resolved\n    text: {text}{fence}{body}",
        encoding="utf-8",
    )


def test_after_resolution_banner_is_gone_and_feed_grows_with_the_same_ids(tmp_path: Path) -> None:
    root = make_site(tmp_path, "incidents")
    assert mkdocs_build(root).returncode == 0
    before = parse_feed(root)
    assert len(banner_items(html(root, "faq/ordering/payment"))) == 2

    content = root / "content"
    resolve(content / LOGIN, "2026-11-23T12:30:00+09:00", "復旧しました。")
    resolve(content / SEARCH, "2026-11-23T04:00:00Z", "検索が使えるようになりました。")
    git(root, "commit", "-qam", "resolve", date="2026-11-23T13:10:00+09:00")
    result = mkdocs_build(root, now="2026-11-23T13:30:00+09:00")
    assert result.returncode == 0, result.stderr

    assert banner_items(html(root, "faq/ordering/payment")) == []
    assert banner_items(html(root, "")) == []
    assert html(root, "").select_one(".madoguchi-ongoing .madoguchi-incident-item") is None
    index = html(root, "incidents")
    assert index.select(".madoguchi-incidents-ongoing .madoguchi-incident-item") == []
    assert text(index.select_one(".madoguchi-incidents-ongoing p")) == "現在、発生中の障害はありません。"
    login = html(root, "incidents/2026-11-23-login")
    assert text(login.select_one(".madoguchi-incident__resolved")) == "2026年11月23日 12:30"
    assert login.select_one(".madoguchi-incident__next-update") is None  # a kept promise is not shown

    after = parse_feed(root)
    assert [entry.id for entry in after.entries[2:]] == [entry.id for entry in before.entries]
    assert [utc(entry) for entry in after.entries[:2]] == [
        "2026-11-23T04:00:00Z",
        "2026-11-23T03:30:00Z",
    ]
    assert [entry.title for entry in after.entries[:2]] == [
        "【復旧済み】商品検索がご利用いただけません",
        "【復旧済み】ログインしにくい状態が発生しています",
    ]


def test_rebuilding_later_writes_the_same_feed(tmp_path: Path) -> None:
    root = make_site(tmp_path, "incidents")
    assert mkdocs_build(root).returncode == 0
    first = (root / "site/incidents/feed.xml").read_bytes()
    assert mkdocs_build(root, now="2026-11-23T12:40:00+09:00").returncode == 0
    assert (root / "site/incidents/feed.xml").read_bytes() == first


def test_feed_of_a_site_without_incidents_is_valid_and_empty(tmp_path: Path) -> None:
    root = make_site(tmp_path, "incidents")
    for file in (root / "content/incidents").glob("*.md"):
        file.unlink()
    (root / "content/reports/delivery.md").unlink()
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    feed = parse_feed(root)
    assert feed.entries == []
    assert datetime(*feed.feed.updated_parsed[:6], tzinfo=timezone.utc) == datetime(
        2026, 11, 23, 3, tzinfo=timezone.utc
    )
    assert banner_items(html(root, "faq/ordering/payment")) == []
