"""Audiences: one source, two editions. The public edition carries no staff-only text (internal
blocks, HTML comments, internal entries), no owner, due date or freshness.json; the internal
edition (mkdocs.internal.yml, INHERIT) shows them, marked, with a staleness dashboard, the
error-report link and robots rules. Real builds of fixture sites and of the sample site."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from madoguchi.report_link import IssueTracker, ReportLinkError, tracker_from_options
from support.site import REPO, madoguchi, make_site, mkdocs_build, write_internal_yml

BLOCK_SENTENCE = "返金額が三万円を超える場合は班長の承認が必要です"
COMMENT_SENTENCE = "来月この手順は廃止予定"
ENTRY_SENTENCE = "経理の締めは毎営業日十五時です"
UPDATE_SENTENCE = "原因はカード会社側の証明書更新漏れ"
SECRETS = (BLOCK_SENTENCE, COMMENT_SENTENCE, ENTRY_SENTENCE, UPDATE_SENTENCE, "社内向け返金手順", "cs-secret-owner")


def staff_only_tree(tmp_path: Path) -> Path:
    """The `basic` fixture with an internal block, an HTML comment, an internal entry and an
    incident update holding both."""
    root = make_site(tmp_path)
    cancel = root / "content/faq/ordering/cancel.md"
    cancel.write_text(
        cancel.read_text(encoding="utf-8")
        + f"\n<!-- {COMMENT_SENTENCE} -->\n\n!!! internal\n    {BLOCK_SENTENCE}\n\n続きの公開本文です。\n",
        encoding="utf-8",
    )
    (root / "content/faq/ordering/refund-internal.md").write_text(
        "---\ntitle: 社内向け返金手順\naudience: internal\nowner: cs-secret-owner\nreviewed: 2026-11-01\n---\n\n"
        f"{ENTRY_SENTENCE}\n",
        encoding="utf-8",
    )
    incident = root / "content/incidents/2026-11-10-card-payment.md"
    incident.write_text(
        incident.read_text(encoding="utf-8").replace(
            "    text: 復旧しました。\n",
            f"    text: |\n      復旧しました。\n\n      !!! internal\n          {UPDATE_SENTENCE}\n",
        ),
        encoding="utf-8",
    )
    return root


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = staff_only_tree(tmp_path_factory.mktemp("editions"))
    public = mkdocs_build(root, "--strict")
    assert public.returncode == 0, public.stderr
    internal = mkdocs_build(root, "-f", write_internal_yml(root))
    assert internal.returncode == 0, internal.stderr
    return root


def output_files(site: Path) -> list[Path]:
    return [file for file in site.rglob("*") if file.is_file()]


def decoded(file: Path) -> str:
    """A built file's text as a reader sees it: JSON (search index) with its escapes read."""
    text = file.read_bytes().decode("utf-8", errors="replace")
    if file.suffix == ".json":
        return json.dumps(json.loads(text), ensure_ascii=False)
    return text


def test_the_public_build_leaves_no_trace_of_staff_only_text(editions: Path) -> None:
    site = editions / "site"
    files = output_files(site)
    names = {file.relative_to(site).as_posix() for file in files}
    assert {"search/search_index.json", "sitemap.xml", "incidents/feed.xml"} <= names
    for file in files:
        text = decoded(file)
        for secret in SECRETS:
            assert secret not in text, (file, secret)
        assert "refund-internal" not in text, file
    assert "freshness.json" not in names and "robots.txt" not in names
    assert not (site / "staleness").exists()
    page = (site / "faq/ordering/cancel/index.html").read_text(encoding="utf-8")
    assert "続きの公開本文です。" in page  # the public text around the block stays
    assert "<!--" not in page.split('<article class="md-content__inner md-typeset">')[1].split("</article>")[0]
    assert 'name="robots"' not in page and "madoguchi-staff" not in page
    assert "cs-ordering" not in page  # no owner identifier in the public edition


def test_the_internal_build_shows_staff_only_text_marked(editions: Path) -> None:
    site = editions / "site-internal"
    page = (site / "faq/ordering/cancel/index.html").read_text(encoding="utf-8")
    assert re.search(
        r'<div class="admonition internal">\s*<p class="admonition-title">社内限定</p>\s*<p>' + BLOCK_SENTENCE, page
    )
    assert f"<!-- {COMMENT_SENTENCE} -->" in page  # comments stay comments
    entry = (site / "faq/ordering/refund-internal/index.html").read_text(encoding="utf-8")
    assert ENTRY_SENTENCE in entry and "担当：cs-secret-owner" in entry
    incident = (site / "incidents/2026-11-10-card-payment/index.html").read_text(encoding="utf-8")
    assert UPDATE_SENTENCE in incident
    report = json.loads((site / "freshness.json").read_text(encoding="utf-8"))
    assert "faq/ordering/refund-internal.md" in {entry["path"] for entry in report["entries"]}
    assert (site / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nDisallow: /\n"
    for file in site.rglob("*.html"):
        assert '<meta name="robots" content="noindex, nofollow">' in file.read_text(encoding="utf-8"), file


def test_a_public_link_to_an_internal_entry_is_an_error_only_in_the_public_edition(tmp_path: Path) -> None:
    root = staff_only_tree(tmp_path)
    receipt = root / "content/faq/ordering/receipt.md"
    receipt.write_text(receipt.read_text(encoding="utf-8") + "\n[返金の手順](refund-internal.md)\n", encoding="utf-8")
    result = madoguchi(root, "check")
    assert result.returncode == 1
    assert re.search(
        r"content/faq/ordering/receipt\.md:\d+: body: 社内向けの項目 'faq/ordering/refund-internal\.md' にリンクしています"
        r"（公開するページから社内向けの項目へはリンクできません） / "
        r"links to internal entry 'faq/ordering/refund-internal\.md' "
        r"\(a public page must not link to an internal entry\)",
        result.stderr,
    ), result.stderr
    assert madoguchi(root, "-f", write_internal_yml(root), "check").returncode == 0


def test_an_internal_category_is_internal_with_all_its_entries(tmp_path: Path) -> None:
    root = make_site(tmp_path, commit_date=None)
    index = root / "content/faq/ordering/index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace("---\n", "---\naudience: internal\n", 1), encoding="utf-8"
    )
    assert mkdocs_build(root).returncode == 0
    assert not (root / "site/faq/ordering").exists()
    assert "cancel" not in (root / "site/sitemap.xml").read_text(encoding="utf-8")
    assert mkdocs_build(root, "-f", write_internal_yml(root)).returncode == 0
    assert (root / "site-internal/faq/ordering/cancel/index.html").exists()


def test_a_bad_audience_is_an_input_error(tmp_path: Path) -> None:
    root = make_site(tmp_path, commit_date=None)
    cancel = root / "content/faq/ordering/cancel.md"
    cancel.write_text(
        cancel.read_text(encoding="utf-8").replace("---\n", "---\naudience: staff\n", 1), encoding="utf-8"
    )
    result = madoguchi(root, "check")
    assert result.returncode == 1
    assert (
        "content/faq/ordering/cancel.md:2: audience: 'staff' は使えない値です（public, internal のどれか） / 'staff' is not known (expected one of public, internal)"
        in (result.stderr)
    )


# --- The sample site's internal edition --------------------------------------------------


def test_the_sample_internal_edition_marks_blocks_and_shows_owners(sample_internal_site: Path) -> None:
    site = sample_internal_site
    cancel = (site / "faq/ordering/cancel-order/index.html").read_text(encoding="utf-8")
    assert '<details class="internal">\n<summary>社内限定: トークスクリプト（お電話の場合）</summary>' in cancel
    defective = (site / "faq/returns/defective-item/index.html").read_text(encoding="utf-8")
    assert '<p class="admonition-title">社内限定: エスカレーション</p>' in defective
    assert re.search(r'<span class="madoguchi-staff__owner">担当：cs-ordering</span>', cancel)
    assert 'data-state="fresh"' in cancel and "madoguchi-staff__due" in cancel
    assert (site / "faq/returns/refund-procedure/index.html").exists()
    assert (site / "freshness.json").exists()
    assert (site / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nDisallow: /\n"
    assert '<meta name="robots" content="noindex, nofollow">' in cancel


def test_the_sample_dashboard_groups_every_tracked_page_by_owner_overdue_first(sample_internal_site: Path) -> None:
    site = sample_internal_site
    report = json.loads((site / "freshness.json").read_text(encoding="utf-8"))
    page = (site / "staleness/index.html").read_text(encoding="utf-8")
    assert "<h1>鮮度ダッシュボード</h1>" in page
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="staleness/"' in home  # in the navigation and the staff strip
    owners = re.findall(r'<section class="madoguchi-dashboard__owner" data-owner="([^"]*)">', page)
    assert sorted(owners) == sorted({entry["owner"] for entry in report["entries"]})
    rows = re.findall(r'<tr data-state="([^"]+)">', page)
    assert len(rows) == len(report["entries"])
    # owners with overdue pages come first, and within each owner overdue rows come first
    sections = page.split('<section class="madoguchi-dashboard__owner"')[1:]
    firsts = [re.search(r'<tr data-state="([^"]+)">', section).group(1) for section in sections]  # type: ignore[union-attr]
    assert firsts == sorted(firsts, key=lambda state: state != "overdue")
    for section in sections:
        states = re.findall(r'<tr data-state="([^"]+)">', section)
        order = {"overdue": 0, "due-soon": 1, "fresh": 2}
        assert states == sorted(states, key=order.__getitem__)


def test_the_sample_public_edition_has_no_staff_only_text(sample_site: Path) -> None:
    for file in output_files(sample_site):
        text = decoded(file)
        for secret in ("トークスクリプト", "エスカレーション", "返金処理の手順", "社内メモ", "cs-escalation"):
            assert secret not in text, (file, secret)
    assert not (sample_site / "freshness.json").exists()
    assert not (sample_site / "robots.txt").exists()


# --- The error-report link -----------------------------------------------------------


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query, keep_blank_values=True)


@pytest.mark.parametrize(
    ("report_issue", "notify", "prefix", "params"),
    [
        (
            True,
            {"github": {"repo": "midori/support", "labels": ["madoguchi", "誤り"]}},
            "https://github.com/midori/support/issues/new?",
            {"title", "body", "labels"},
        ),
        (
            True,
            {"github": {"repo": "midori/support", "api_url": "https://ghe.example.jp/api/v3"}},
            "https://ghe.example.jp/midori/support/issues/new?",
            {"title", "body"},
        ),
        (
            True,
            {"backlog": {"space_url": "https://midori.backlog.jp/", "project_key": "CS"}},
            "https://midori.backlog.jp/add/CS?",
            {"summary", "description"},
        ),
        (
            {"backlog": "https://midori.backlog.com", "project": "SUPPORT"},
            {},
            "https://midori.backlog.com/add/SUPPORT?",
            {"summary", "description"},
        ),
        (
            {"github": "acme/faq", "labels": ["faq"]},
            {"github": {"repo": "midori/support"}},
            "https://github.com/acme/faq/issues/new?",
            {"title", "body", "labels"},
        ),
    ],
)
def test_the_report_link_opens_a_prefilled_issue(
    report_issue: object, notify: dict[str, object], prefix: str, params: set[str]
) -> None:
    tracker = tracker_from_options(report_issue, notify)
    assert tracker is not None
    title = 'A&B "quoted" #1 ?x=1 <b>返品</b> 100%'
    url = tracker.new_issue_url(
        title=title,
        page_url="https://staff.example.jp/faq/a/b/",
        source="content/faq/a/b.md",
        owner="cs-ordering",
        language="ja",
    )
    assert url.startswith(prefix)
    assert re.fullmatch(r"[A-Za-z0-9%._~:/?&=-]+", url), url  # every value percent-encoded
    values = query(url)
    assert set(values) == params
    summary = (values.get("title") or values["summary"])[0]
    body = (values.get("body") or values["description"])[0]
    assert summary == f"【誤りの報告】{title}"
    assert "- ページ: https://staff.example.jp/faq/a/b/\n" in body
    assert "- ファイル: content/faq/a/b.md\n" in body and "- 担当: cs-ordering\n" in body


def test_the_report_link_for_github_is_exactly_right() -> None:
    tracker = IssueTracker("github", "https://github.com/midori/support", labels=("madoguchi",))
    url = tracker.new_issue_url(
        title="返品&交換", page_url="https://s.example/x/", source="content/x.md", owner="cs-a", language="en"
    )
    assert url == (
        "https://github.com/midori/support/issues/new?title=%5BError%20report%5D%20%E8%BF%94%E5%93%81%26%E4%BA%A4%E6%8F%9B"
        "&body=An%20error%20reported%20from%20the%20internal%20edition.%0A%0A-%20Page%3A%20https%3A%2F%2Fs.example%2Fx%2F"
        "%0A-%20File%3A%20content%2Fx.md%0A-%20Owner%3A%20cs-a%0A%0AWhat%20is%20wrong%2C%20and%20what%20is%20right%3A%0A"
        "&labels=madoguchi"
    )


def test_the_report_link_for_backlog_is_exactly_right() -> None:
    tracker = IssueTracker("backlog", "https://midori.backlog.jp", project="CS")
    url = tracker.new_issue_url(
        title="返品&交換", page_url="https://s.example/x/", source="content/x.md", owner=None, language="en"
    )
    assert url == (
        "https://midori.backlog.jp/add/CS?summary=%5BError%20report%5D%20%E8%BF%94%E5%93%81%26%E4%BA%A4%E6%8F%9B"
        "&description=An%20error%20reported%20from%20the%20internal%20edition.%0A%0A-%20Page%3A%20https%3A%2F%2Fs.example"
        "%2Fx%2F%0A-%20File%3A%20content%2Fx.md%0A-%20Owner%3A%20-%0A%0AWhat%20is%20wrong%2C%20and%20what%20is%20right%3A%0A"
    )


@pytest.mark.parametrize(
    ("report_issue", "notify"),
    [(False, {"github": {"repo": "midori/support"}}), (True, {}), (True, {"defaults": {"notify": ["x"]}})],
)
def test_no_report_link_without_a_tracker(report_issue: object, notify: dict[str, object]) -> None:
    assert tracker_from_options(report_issue, notify) is None


@pytest.mark.parametrize(
    ("report_issue", "message"),
    [
        ({"github": "not a repo"}, "report_issue.github: expected owner/name, got 'not a repo'"),
        ({"backlog": "javascript:alert(1)", "project": "CS"}, "report_issue.backlog: expected an http(s) URL"),
        ({"backlog": "https://x.backlog.jp"}, "report_issue.project: expected the Backlog project key"),
        ({"github": "a/b", "backlog": "https://x.backlog.jp"}, "report_issue: expected exactly one of"),
        ({"gitlab": "a/b"}, "report_issue.gitlab: unknown option"),
    ],
)
def test_a_bad_report_issue_names_the_key(report_issue: object, message: str) -> None:
    with pytest.raises(ReportLinkError, match=re.escape(message)):
        tracker_from_options(report_issue, {})


def test_the_internal_edition_links_each_page_to_its_owners_tracker(editions: Path) -> None:
    page = (editions / "site-internal/faq/ordering/payment/index.html").read_text(encoding="utf-8")
    # the fixture's notify has no tracker: no link, but owner, state and due are shown
    assert "madoguchi-staff__report" not in page
    assert "担当：cs-ordering" in page and 'data-state="overdue"' in page


def test_the_sample_report_link_goes_to_the_notify_repository(sample_internal_site: Path) -> None:
    page = (sample_internal_site / "faq/ordering/cancel-order/index.html").read_text(encoding="utf-8")
    match = re.search(r'<a class="madoguchi-staff__report" href="([^"]+)"', page)
    assert match is not None
    url = match.group(1).replace("&amp;", "&")
    assert url.startswith("https://github.com/midori-seikatsu/support-site/issues/new?")
    values = query(url)
    assert values["title"] == ["【誤りの報告】注文をキャンセルしたいのですが、できますか？"]
    assert values["labels"] == ["madoguchi"]
    assert (
        "- ページ: https://support-internal.midori-seikatsu.example/faq/ordering/cancel-order/\n" in values["body"][0]
    )
    assert "- ファイル: content/faq/ordering/cancel-order.md\n" in values["body"][0]


# --- The CLI honours INHERIT -----------------------------------------------------------


PARENT_YML = """\
site_name: テストサイト
site_url: https://faq.example.jp/
docs_dir: content
theme:
  name: material
  language: ja
plugins:
  search: {}
  madoguchi/freshness:
    timezone: Asia/Tokyo
    review_every: 10d
  madoguchi/incidents: {}
"""


def test_the_cli_honours_inherit_with_f(tmp_path: Path) -> None:
    """`review_every: 10d` is set only in the parent: `stale -f mkdocs.internal.yml` sees it."""
    root = make_site(tmp_path, "cli", commit_date=None)
    (root / "mkdocs.yml").write_text(PARENT_YML, encoding="utf-8")
    (root / "mkdocs.internal.yml").write_text(
        "INHERIT: mkdocs.yml\nsite_dir: site-internal\nplugins:\n  madoguchi/freshness:\n    edition: internal\n",
        encoding="utf-8",
    )
    result = madoguchi(root, "-f", "mkdocs.internal.yml", "stale", "--format", "json")
    assert result.returncode == 0, result.stderr
    entries = json.loads(result.stdout)["entries"]
    cancel = next(entry for entry in entries if entry["path"] == "faq/ordering/cancel.md")
    assert cancel["reason"].startswith("reviewed ") and "review every 10d" in cancel["reason"]
    for args in (["check"], ["stale"], ["review", "--help"]):
        run = madoguchi(root, "-f", "mkdocs.internal.yml", *args)
        assert "Traceback" not in run.stderr, run.stderr
    build = mkdocs_build(root, "-f", "mkdocs.internal.yml")
    assert build.returncode == 0, build.stderr
    assert (root / "site-internal/freshness.json").exists() and not (root / "site").exists()


def test_a_config_error_names_the_option_without_a_traceback(tmp_path: Path) -> None:
    root = make_site(tmp_path, "cli", commit_date=None)
    (root / "mkdocs.yml").write_text(PARENT_YML, encoding="utf-8")
    (root / "mkdocs.internal.yml").write_text(
        "INHERIT: mkdocs.yml\nplugins:\n  madoguchi/freshness:\n    edition: staff\n", encoding="utf-8"
    )
    result = madoguchi(root, "-f", "mkdocs.internal.yml", "check")
    assert result.returncode == 1
    assert result.stderr == (
        "Error: mkdocs.internal.yml: Config value 'plugins': Plugin 'madoguchi/freshness' option 'edition': "
        "Expected one of: ('public', 'internal') but received: 'staff'\n"
    )


def test_the_sample_internal_config_inherits_the_sample() -> None:
    text = (REPO / "mkdocs.internal.yml").read_text(encoding="utf-8")
    assert "INHERIT: mkdocs.yml" in text and "site_dir: site-internal" in text
    assert "/site-internal/" in (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()
    result = madoguchi(REPO, "-f", "mkdocs.internal.yml", "check")
    assert result.returncode == 0, result.stderr
