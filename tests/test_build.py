"""Real `mkdocs build` runs of fixture sites with a git history at fixed dates."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from madoguchi.search_shards import site_documents
from support.site import git, make_site, mkdocs_build, write_internal_yml, write_mkdocs_yml

DRAFT_MARKER = "SECRET-DRAFT-MARKER-9c1e"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = make_site(tmp_path_factory.mktemp("basic"))
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    internal = mkdocs_build(root, "-f", write_internal_yml(root))  # into root/site-internal
    assert internal.returncode == 0, internal.stderr
    return root / "site", result.stderr


def html(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_entry_page_shows_last_confirmed_and_last_edited_dates(built: tuple[Path, str]) -> None:
    page = html(built[0], "faq/ordering/cancel/index.html")
    assert "<h1>注文をキャンセルしたい</h1>" in page
    assert re.search(r'最終確認日：<time datetime="2026-11-01">2026年11月1日</time>', page)
    # the git commit date (2026-11-01 10:00 JST) is the last edit, shown separately
    assert re.search(r'最終更新：<time datetime="2026-11-01">2026年11月1日</time>', page)
    assert 'data-state="fresh"' in page


def test_overdue_page_carries_a_badge_by_default(built: tuple[Path, str]) -> None:
    page = html(built[0], "faq/ordering/payment/index.html")
    assert 'data-state="overdue"' in page
    assert "madoguchi-badge--overdue" in page
    assert "madoguchi-notice" not in page  # the banner is opt-in


def test_build_log_warns_once_per_overdue_page(built: tuple[Path, str]) -> None:
    log = built[1]
    assert "WARNING -  content/faq/ordering/payment.md: overdue since 2026-11-16 (owner cs-ordering)" in log
    assert log.count("overdue since") == 1
    assert "3 fresh, 2 due soon, 1 overdue" in log


def test_freshness_report_follows_the_contract(built: tuple[Path, str]) -> None:
    assert not (built[0] / "freshness.json").exists()  # the public edition has none
    report = json.loads(html(built[0].parent / "site-internal", "freshness.json"))
    assert set(report) == {"generated_at", "now", "entries"}
    assert report["now"] == "2026-11-23T12:00:00+09:00"
    by_path = {entry["path"]: entry for entry in report["entries"]}
    assert sorted(by_path) == [
        "contact.md",
        "faq/account/withdraw.md",
        "faq/ordering/cancel.md",
        "faq/ordering/payment.md",
        "faq/ordering/receipt.md",
        "incidents/2026-11-10-card-payment.md",
    ]
    assert by_path["faq/ordering/payment.md"] == {
        "path": "faq/ordering/payment.md",
        "url": "https://faq.example.jp/faq/ordering/payment/",
        "type": "faq",
        "title": "使える支払い方法は？",
        "owner": "cs-ordering",
        "state": "overdue",
        "due": "2026-11-16T00:00:00+09:00",
        "reason": "reviewed 2026-05-20, review every 180d: overdue since 2026-11-16",
    }
    assert by_path["faq/account/withdraw.md"]["state"] == "due-soon"
    assert by_path["faq/ordering/receipt.md"]["owner"] == "@yamada"
    assert by_path["incidents/2026-11-10-card-payment.md"]["type"] == "incident"


@pytest.mark.parametrize("edition", ["site", "site-internal"])
def test_draft_leaves_no_trace_anywhere_in_the_site(built: tuple[Path, str], edition: str) -> None:
    site = built[0].parent / edition
    assert not (site / "faq/account/secret-plan").exists()
    for file in site.rglob("*"):
        if file.is_file():
            data = file.read_bytes()
            assert DRAFT_MARKER.encode() not in data, file
            assert b"secret-plan" not in data, file
            assert "未発表キャンペーン".encode() not in data, file


def test_category_page_lists_its_entries_sorted_with_freshness(built: tuple[Path, str]) -> None:
    page = html(built[0], "faq/ordering/index.html")
    titles = re.findall(r'<li class="madoguchi-list__item">\s*<a href="[^"]+">([^<]+)</a>', page)
    assert titles == sorted(["注文をキャンセルしたい", "使える支払い方法は？", "領収書はもらえますか？"])
    assert "ご注文とお支払いに関するご質問です。" in page
    assert page.count("madoguchi-badge--overdue") == 1


def test_generated_category_page_when_index_md_is_absent(built: tuple[Path, str]) -> None:
    page = html(built[0], "faq/account/index.html")
    assert "会員登録を解除するには？" in page
    assert "secret" not in page


def test_sidebar_lists_categories_not_entries(built: tuple[Path, str]) -> None:
    page = html(built[0], "faq/ordering/cancel/index.html")
    nav = page[
        page.index('<nav class="md-nav md-nav--primary"') : page.index(
            "</nav>", page.index('<nav class="md-nav md-nav--primary"')
        )
    ]
    assert "ご注文について" in nav
    assert "使える支払い方法は？" not in nav and "領収書はもらえますか？" not in nav


def test_home_shows_categories_and_recently_confirmed(built: tuple[Path, str]) -> None:
    page = html(built[0], "index.html")
    assert "カテゴリから探す" in page and "ご注文について" in page
    recent = page[page.index("最近確認された回答") :]
    assert recent.index("注文をキャンセルしたい") < recent.index("会員登録を解除するには？")


def test_japanese_heading_anchors(built: tuple[Path, str]) -> None:
    page = html(built[0], "faq/ordering/cancel/index.html")
    assert 'id="発送後の場合"' in page
    assert 'id="_1"' not in page


def test_search_index_and_sitemap_hold_no_draft(built: tuple[Path, str]) -> None:
    index = json.dumps(site_documents(built[0] / "search"), ensure_ascii=False)
    sitemap = html(built[0], "sitemap.xml")
    assert "faq/ordering/cancel/" in index and "faq/ordering/cancel/" in sitemap
    assert "secret-plan" not in index and "secret-plan" not in sitemap


def test_reader_notice_banner_and_none(tmp_path: Path) -> None:
    root = make_site(tmp_path, options="      reader_notice: banner")
    assert mkdocs_build(root).returncode == 0
    page = html(root / "site", "faq/ordering/payment/index.html")
    assert "この回答は確認時期を過ぎています" in page

    write_mkdocs_yml(root, "      reader_notice: none")
    assert mkdocs_build(root).returncode == 0
    page = html(root / "site", "faq/ordering/payment/index.html")
    assert "madoguchi-badge--overdue" not in page and "この回答は確認時期を過ぎています" not in page
    assert "最終確認日" in page  # the date is always shown


def test_overdue_warns_but_never_fails_a_strict_build(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    result = mkdocs_build(root, "--strict")
    assert result.returncode == 0, result.stderr
    assert "overdue since" in result.stderr


def test_fail_on_overdue_gate(tmp_path: Path) -> None:
    root = make_site(tmp_path, options="      fail_on: overdue")
    result = mkdocs_build(root)
    assert result.returncode == 1
    assert (
        "1 page(s) are overdue or worse and `fail_on: overdue` is set: content/faq/ordering/payment.md" in result.stderr
    )


def test_bad_front_matter_fails_the_build_with_every_error_and_no_site(tmp_path: Path) -> None:
    root = make_site(tmp_path, commit_date=None)
    (root / "content/faq/ordering/cancel.md").write_text(
        "---\ntitle: x\nowner: cs\nreviewed: 2026-02-30\n---\n", encoding="utf-8"
    )
    (root / "content/faq/ordering/payment.md").write_text(
        "---\ntitle: y\nreviewed: 2026-11-01\nreview_every: soon\n---\n", encoding="utf-8"
    )
    (root / "site").mkdir()
    (root / "site/index.html").write_text("stale", encoding="utf-8")
    result = mkdocs_build(root)
    assert result.returncode == 1
    assert (
        "ERROR   -  content/faq/ordering/cancel.md:4: reviewed: '2026-02-30' は日付ではありません"
        "（YYYY-MM-DD で書いてください） / '2026-02-30' is not a date (expected YYYY-MM-DD)" in result.stderr
    )
    assert "content/faq/ordering/payment.md:4: review_every: 'soon' は期間ではありません" in result.stderr
    assert "/ 'soon' is not an interval (expected a whole number and a unit h, d or w, e.g. 90d)" in result.stderr
    assert "2 content error(s); nothing was built" in result.stderr
    assert not (root / "site/index.html").exists()  # no stale or partial site left looking good


def test_windows_line_endings_and_bom_build(tmp_path: Path) -> None:
    root = make_site(tmp_path, commit_date=None)
    path = root / "content/faq/ordering/cancel.md"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    page = html(root / "site", "faq/ordering/cancel/index.html")
    assert "<h1>注文をキャンセルしたい</h1>" in page and "2026年11月1日" in page


def test_without_git_there_is_a_warning_and_no_last_edit_date(tmp_path: Path) -> None:
    root = make_site(tmp_path, commit_date=None)
    result = mkdocs_build(root)
    assert result.returncode == 0
    assert "not in a git repository: last-edit dates (最終更新) are not shown" in result.stderr
    assert "最終更新" not in html(root / "site", "faq/ordering/cancel/index.html")


def test_shallow_clone_gives_a_warning_not_wrong_dates(tmp_path: Path) -> None:
    origin = make_site(tmp_path)
    (origin / "content/faq/ordering/payment.md").write_text(
        (origin / "content/faq/ordering/payment.md").read_text(encoding="utf-8") + "\n追記\n", encoding="utf-8"
    )
    git(origin, "commit", "-qam", "edit", date="2026-11-20T10:00:00+09:00")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{origin}", str(clone))
    result = mkdocs_build(clone)
    assert result.returncode == 0
    assert "the git clone is shallow" in result.stderr
    assert "最終更新" not in html(clone / "site", "faq/ordering/cancel/index.html")


def test_last_edit_date_comes_from_the_latest_commit_touching_the_file(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    path = root / "content/faq/ordering/payment.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n追記しました。\n", encoding="utf-8")
    git(root, "commit", "-qam", "edit payment", date="2026-11-20T23:30:00+09:00")
    assert mkdocs_build(root).returncode == 0
    payment = html(root / "site", "faq/ordering/payment/index.html")
    cancel = html(root / "site", "faq/ordering/cancel/index.html")
    assert '最終更新：<time datetime="2026-11-20">2026年11月20日</time>' in payment
    assert '最終更新：<time datetime="2026-11-01">' in cancel
    # an edit is not a review: still overdue
    assert 'data-state="overdue"' in payment


def test_a_site_builds_with_the_packaged_templates_and_no_custom_dir(tmp_path: Path) -> None:
    root = make_site(tmp_path, commit_date=None)
    assert "custom_dir" not in (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert mkdocs_build(root).returncode == 0
    assert 'data-state="overdue"' in html(root / "site", "faq/ordering/payment/index.html")
    assert (root / "site/assets/stylesheets/madoguchi.css").is_file()


def test_one_partial_in_the_sites_custom_dir_overrides_just_that_partial(tmp_path: Path) -> None:
    root = make_site(tmp_path, commit_date=None)
    override = root / "overrides/partials/madoguchi/freshness.html"
    override.parent.mkdir(parents=True)
    override.write_text('<p class="own-freshness">{{ page.meta.madoguchi.state }}</p>\n', encoding="utf-8")
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        text.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"), encoding="utf-8"
    )
    assert mkdocs_build(root).returncode == 0
    page = html(root / "site", "faq/ordering/payment/index.html")
    assert '<p class="own-freshness">overdue</p>' in page
    assert "madoguchi-freshness__reviewed" not in page
    # every other packaged template still applies
    assert "assets/stylesheets/madoguchi.css" in page
    assert "madoguchi-list" in html(root / "site", "faq/ordering/index.html")


def test_front_matter_mkdocs_would_miss_is_read_as_madoguchi_validated_it(tmp_path: Path) -> None:
    # No newline after the closing fence (VS Code's default) and an empty block: MkDocs' own
    # pattern misses both and would print the YAML as the page body.
    root = make_site(tmp_path, commit_date=None)
    (root / "content/faq/ordering/nobody.md").write_text(
        "---\ntitle: 本文なし\nowner: cs\nreviewed: 2026-11-01\n---", encoding="utf-8"
    )
    (root / "content/faq/ordering/index.md").write_text(
        "---\ntitle: ご注文について\nowner: cs-ordering\n---", encoding="utf-8"
    )
    (root / "content/empty.md").write_text("---\n---\n本文だけ\n", encoding="utf-8")
    assert mkdocs_build(root).returncode == 0
    entry = html(root / "site", "faq/ordering/nobody/index.html")
    assert "<h1>本文なし</h1>" in entry and "reviewed: 2026-11-01" not in entry
    category = html(root / "site", "faq/ordering/index.html")
    assert "<h1>ご注文について</h1>" in category and "owner: cs-ordering" not in category
    assert "本文だけ" in html(root / "site", "empty/index.html")


def test_invalid_madoguchi_now_is_a_clean_error(tmp_path: Path) -> None:
    root = make_site(tmp_path, commit_date=None)
    result = mkdocs_build(root, now="2026-11-23")
    assert result.returncode == 1
    assert "MADOGUCHI_NOW='2026-11-23' is not a date-time with an offset" in result.stderr
    assert "Traceback" not in result.stderr


def test_overdue_banner_points_readers_to_the_contact_page(tmp_path: Path) -> None:
    root = make_site(tmp_path, commit_date=None, options="      reader_notice: banner")
    assert mkdocs_build(root).returncode == 0
    page = html(root / "site", "faq/ordering/payment/index.html")
    notice = page[page.index("madoguchi-notice") :]
    assert '<a href="../../../contact/">お問い合わせ</a>' in notice[: notice.index("</div>")]


def _overdue_site(tmp_path: Path, count: int, options: str = "      timezone: Asia/Tokyo") -> Path:
    root = make_site(tmp_path, commit_date=None, options=options)
    for number in range(count):
        (root / f"content/faq/ordering/old-{number:02d}.md").write_text(
            f"---\ntitle: 古い質問 {number}\nowner: cs\nreviewed: 2025-01-01\n---\n本文\n", encoding="utf-8"
        )
    return root


def test_overdue_lines_stop_at_the_limit_and_say_how_many_more(tmp_path: Path) -> None:
    root = _overdue_site(tmp_path, 4, options="      timezone: Asia/Tokyo\n      overdue_lines: 3")
    log = mkdocs_build(root).stderr
    assert log.count("overdue since") == 3
    # 4 new entries plus payment.md of the fixture are overdue
    assert "… and 2 more (madoguchi stale)" in log


def test_verbose_build_lists_every_overdue_page_and_quiet_build_none(tmp_path: Path) -> None:
    root = _overdue_site(tmp_path, 4, options="      timezone: Asia/Tokyo\n      overdue_lines: 3")
    verbose = mkdocs_build(root, "-v").stderr
    assert verbose.count("overdue since") == 5 and "more (madoguchi stale)" not in verbose
    quiet = mkdocs_build(root, "-q")
    assert quiet.returncode == 0
    assert "overdue" not in quiet.stderr and "Freshness at" not in quiet.stderr


def test_related_with_a_leading_slash_is_shown_on_the_page(tmp_path: Path) -> None:
    root = make_site(tmp_path, "basic")
    page = root / "content/faq/ordering/cancel.md"
    text = page.read_text(encoding="utf-8")
    assert "related:\n  - faq/ordering/payment.md\n" in text
    page.write_text(text.replace("  - faq/ordering/payment.md\n", "  - /faq/ordering/payment.md\n"), encoding="utf-8")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    html = (root / "site/faq/ordering/cancel/index.html").read_text(encoding="utf-8")
    assert 'href="../payment/"' in html
