"""Scheduled notices (content/notices/<slug>.md): validated like every kind, shown as a banner
on every page only inside their window — at build time and in the browser (page.clock) —
dismissible per notice, and gone from the build once their window has passed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from madoguchi.search_shards import site_documents
from support.browser import static_server
from support.site import make_site, mkdocs_build, run, write_internal_yml

NOTICES = {
    "year-end-campaign": """---
title: 年末キャンペーンのお知らせ
owner: cs-marketing
show_from: 2026-11-20T00:00:00+09:00
show_until: 2026-12-05T00:00:00+09:00
level: warning
---

**12月4日まで** 送料無料です。

!!! internal
    社内メモ: 在庫は倉庫Bから出します。
""",
    "new-app": """---
title: 新しいアプリの公開
owner: cs-app
show_from: 2026-12-01T09:00:00+09:00
show_until: 2026-12-10T00:00:00+09:00
---

新しいアプリを公開しました。
""",
    "autumn-survey": """---
title: 秋のアンケートは終了しました
owner: cs-marketing
show_from: 2026-11-01T00:00:00+09:00
show_until: 2026-11-10T00:00:00+09:00
---

ご協力ありがとうございました。
""",
}


def notice_site(tmp_path: Path, notices: dict[str, str] = NOTICES, options: str = "      timezone: Asia/Tokyo") -> Path:
    root = make_site(tmp_path, "calendar", options=options)
    folder = root / "content" / "notices"
    folder.mkdir()
    for slug, text in notices.items():
        (folder / f"{slug}.md").write_text(text, encoding="utf-8")
    return root


def read(root: Path, page: str = "index.html") -> str:
    return (root / "site" / page).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The notice site strictly built once (root; output in root/site), read by the tests of
    the public output below and served to the browser tests: none of them writes to it."""
    root = notice_site(tmp_path_factory.mktemp("notices"))
    result = mkdocs_build(root, "--strict")
    assert result.returncode == 0, result.stderr
    return root


def test_a_notice_inside_its_window_is_a_banner_on_every_page(built: Path) -> None:
    root = built
    for page in ("index.html", "contact/index.html", "other/index.html"):
        html = read(root, page)
        assert 'data-madoguchi-notice="year-end-campaign"' in html
        assert "年末キャンペーンのお知らせ" in html
        assert "<strong>12月4日まで</strong> 送料無料です。" in html
        assert "madoguchi-notice--warning" in html
        assert "madoguchi-calendar.js" in html


def test_staff_only_text_of_a_notice_is_not_in_the_public_edition(built: Path) -> None:
    root = built
    assert "倉庫B" not in "".join(p.read_text(encoding="utf-8") for p in (root / "site").rglob("*.html"))


def test_a_notice_not_yet_started_is_in_the_build_but_hidden(built: Path) -> None:
    root = built
    html = read(root)
    start = html.index('data-madoguchi-notice="new-app"')
    element = html[html.rindex("<div", 0, start) : html.index(">", start)]
    assert " hidden" in element
    assert 'data-from="2026-12-01T00:00:00.000Z"' in element
    assert 'data-until="2026-12-09T15:00:00.000Z"' in element


def test_a_notice_past_show_until_at_build_time_is_not_in_the_output_at_all(built: Path) -> None:
    root = built
    for path in (root / "site").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".js"):
            text = path.read_text(encoding="utf-8")
            assert "autumn-survey" not in text, path
            assert "秋のアンケート" not in text, path


def test_notice_files_are_not_pages_of_their_own(built: Path) -> None:
    root = built
    assert not (root / "site" / "notices").exists()
    docs = site_documents(root / "site" / "search")
    assert docs and "新しいアプリを公開しました" not in json.dumps(docs, ensure_ascii=False)


@pytest.mark.parametrize(
    ("front_matter", "expected"),
    [
        (
            "title: x\nowner: a\nshow_from: 2026-12-02T00:00:00+09:00\nshow_until: 2026-12-01T00:00:00+09:00\n",
            "notices/bad.md:5: show_until: 2026-12-01T00:00:00+09:00 が show_from（2026-12-02T00:00:00+09:00）より後に"
            "なっていません / 2026-12-01T00:00:00+09:00 is not after show_from (2026-12-02T00:00:00+09:00)",
        ),
        (
            "title: x\nowner: a\nshow_from: 2026-12-02T00:00:00+09:00\n",
            "notices/bad.md:1: show_until: 必須のキーがありません",
        ),
        (
            "title: x\nowner: a\nshow_from: soon\nshow_until: 2026-12-01T00:00:00+09:00\n",
            "notices/bad.md:4: show_from:",
        ),
        (
            "title: x\nowner: a\nshow_from: 2026-12-01T00:00:00+09:00\nshow_until: 2026-12-03T00:00:00+09:00\n"
            "level: urgent\n",
            "notices/bad.md:6: level: 'urgent' は使えない値です（info, warning のどれか） / 'urgent' is not known (expected one of info, warning)",
        ),
        ("owner: a\nshow_from: 2026-12-01T00:00:00+09:00\nshow_until: 2026-12-03T00:00:00+09:00\n", "title"),
    ],
    ids=["reversed", "no-until", "bad-date", "bad-level", "no-title"],
)
def test_a_bad_notice_is_an_input_error_with_its_line(tmp_path: Path, front_matter: str, expected: str) -> None:
    root = notice_site(tmp_path, {"bad": f"---\n{front_matter}---\n\n本文\n"})
    result = mkdocs_build(root)
    assert result.returncode != 0
    assert expected in result.stderr, result.stderr


def test_a_notice_past_its_window_is_overdue_so_editors_delete_it(tmp_path: Path) -> None:
    root = notice_site(tmp_path)
    result = run(["madoguchi", "stale", "--format", "json"], cwd=root)
    assert "notices/autumn-survey.md" in result.stdout, result.stdout + result.stderr
    assert "notices/year-end-campaign.md" not in result.stdout


def test_the_internal_edition_keeps_staff_text_and_lists_notices_without_a_dead_link(tmp_path: Path) -> None:
    root = notice_site(tmp_path)
    result = mkdocs_build(root, "--strict", "-f", write_internal_yml(root))
    assert result.returncode == 0, result.stderr
    assert "倉庫B" in (root / "site-internal" / "index.html").read_text(encoding="utf-8")
    dashboard = (root / "site-internal" / "staleness" / "index.html").read_text(encoding="utf-8")
    assert "<code>notices/autumn-survey.md</code>" in dashboard  # overdue: its owner deletes the file
    assert 'href="../notices/' not in dashboard and not (root / "site-internal" / "notices").exists()


def test_a_notice_has_no_url_in_freshness_json_because_it_is_not_a_page(tmp_path: Path) -> None:
    import json

    root = notice_site(tmp_path)
    result = mkdocs_build(root, "--strict", "-f", write_internal_yml(root))
    assert result.returncode == 0, result.stderr
    report = json.loads((root / "site-internal" / "freshness.json").read_text(encoding="utf-8"))
    by_path = {entry["path"]: entry for entry in report["entries"]}
    assert by_path["notices/autumn-survey.md"]["url"] is None
    assert by_path["notices/autumn-survey.md"]["state"] == "overdue"
    assert by_path["notices/new-app.md"]["url"] is None
    stale = json.loads(run(["madoguchi", "stale", "--format", "json"], cwd=root).stdout)
    assert {entry["path"]: entry["url"] for entry in stale["entries"]}["notices/autumn-survey.md"] is None


def test_an_overdue_notice_in_an_alert_names_its_file_and_asks_to_delete_it(tmp_path: Path) -> None:
    options = '      timezone: Asia/Tokyo\n      notify:\n        defaults: {notify: ["{MADOGUCHI_CHAT_URL}"]}'
    root = notice_site(tmp_path, options=options)
    result = run(
        ["madoguchi", "notify", "--dry-run", "--all"], cwd=root, env={"MADOGUCHI_CHAT_URL": "json://localhost/"}
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (
        "  | ・秋のアンケートは終了しました（13日超過）\n"
        "  |   表示期間が終わったお知らせです。ファイルを削除してください\n"
    ) in result.stdout
    assert "ページ:" not in result.stdout and "madoguchi review" not in result.stdout


# --- in the browser -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def notices_url(built: Path) -> Iterator[str]:
    with static_server(built / "site") as url:
        yield url


def open_at(browser: Any, url: str, at: str) -> tuple[Any, Any]:
    context = browser.new_context(timezone_id="Asia/Tokyo", locale="ja-JP")
    tab = context.new_page()
    tab.clock.install(time=datetime.fromisoformat(at))
    response = tab.goto(url)
    assert response is not None and response.ok
    return context, tab


def shown(tab: Any, slug: str) -> bool:
    return bool(tab.locator(f'[data-madoguchi-notice="{slug}"]').is_visible())


@pytest.mark.browser
@pytest.mark.parametrize(
    ("at", "campaign", "app"),
    [
        ("2026-11-19T23:59:00+09:00", False, False),  # before the campaign's window
        ("2026-11-20T00:00:00+09:00", True, False),  # its show_from
        ("2026-12-01T09:00:00+09:00", True, True),  # both (the app's, built hidden, appears)
        ("2026-12-04T23:59:00+09:00", True, True),  # the campaign's last minute
        ("2026-12-05T00:00:00+09:00", False, True),  # show_until: gone without a rebuild
        ("2026-12-10T00:00:00+09:00", False, False),  # after both
    ],
    ids=["before", "from", "both", "last-minute", "until", "after"],
)
def test_the_browser_shows_a_notice_only_inside_its_window(
    at: str, campaign: bool, app: bool, notices_url: str, browser: Any
) -> None:
    context, tab = open_at(browser, notices_url, at)
    try:
        assert shown(tab, "year-end-campaign") is campaign
        assert shown(tab, "new-app") is app
    finally:
        context.close()


@pytest.mark.browser
def test_a_dismissed_scheduled_notice_stays_dismissed_across_pages(notices_url: str, browser: Any) -> None:
    context, tab = open_at(browser, notices_url, "2026-12-02T12:00:00+09:00")
    try:
        assert shown(tab, "year-end-campaign") and shown(tab, "new-app")
        tab.locator('[data-madoguchi-notice="year-end-campaign"] [data-madoguchi-dismiss]').click()
        assert not shown(tab, "year-end-campaign")
        for page in ("contact/", "other/", ""):
            tab.goto(notices_url + page)
            assert not shown(tab, "year-end-campaign")
            assert shown(tab, "new-app")  # dismissal is per notice
        assert context.cookies() == []
    finally:
        context.close()
