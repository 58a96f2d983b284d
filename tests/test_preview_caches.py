"""The preview's per-entry caches (model.SourceCache's validations, guards.GuardCache,
leaks.LeakCache): a rebuild that takes an entry's result from the cache gives exactly what
checking it again would, whenever something that result depends on changed."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from madoguchi.guards import GuardCache, check_guards
from madoguchi.leaks import LeakCache, LeakGuard
from madoguchi.model import Site, SourceCache, load_site
from madoguchi.policy import Policy
from madoguchi.timeutil import parse_datetime

POLICY = Policy()
NOW = parse_datetime("2026-11-23T12:00:00+09:00", POLICY.timezone)


def write(root: Path, path: str, text: str) -> None:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    # a new size as well as a new time: SourceCache reads a file again when either changed
    target.write_text(text, encoding="utf-8")


def paths(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.md"))


def load(root: Path, cache: SourceCache | None, now=NOW) -> Site:  # type: ignore[no-untyped-def]
    return load_site(root, paths(root), POLICY, now, shown_prefix="content/", sources=cache)


def same(cached: Site, fresh: Site) -> None:
    """The cached load is what a load without cache gives."""
    assert cached.problems == fresh.problems
    assert cached.entries == fresh.entries
    assert cached.drafts == fresh.drafts and cached.internal == fresh.internal


def entry(title: str, reviewed: str = "2026-11-01", extra: str = "", body: str = "本文\n") -> str:
    return f"---\ntitle: {title}\nowner: cs-ordering\nreviewed: {reviewed}\n{extra}---\n{body}"


def test_an_unchanged_file_keeps_its_validated_entry_and_a_changed_one_is_validated_again(tmp_path: Path) -> None:
    write(tmp_path, "faq/ordering/a.md", entry("A"))
    write(tmp_path, "faq/ordering/b.md", entry("B"))
    cache = SourceCache()
    first = load(tmp_path, cache)
    write(tmp_path, "faq/ordering/b.md", entry("B2", extra="draft: true\n"))
    second = load(tmp_path, cache)
    assert cache.validated_files == 1
    assert second.entries["faq/ordering/a.md"] is first.entries["faq/ordering/a.md"]
    same(second, load(tmp_path, None))


def test_a_category_index_changed_validates_its_entries_again(tmp_path: Path) -> None:
    write(tmp_path, "faq/ordering/index.md", "---\ntitle: ご注文\nowner: cs-ordering\n---\n")
    write(tmp_path, "faq/ordering/a.md", "---\ntitle: A\nreviewed: 2026-11-01\n---\n")  # the category's owner
    cache = SourceCache()
    load(tmp_path, cache)
    write(tmp_path, "faq/ordering/index.md", "---\ntitle: ご注文\nowner: cs-orders\ndraft: true\n---\n")
    second = load(tmp_path, cache)
    assert second.entries["faq/ordering/a.md"].owner == "cs-orders"
    assert second.entries["faq/ordering/a.md"].draft  # in a draft category
    same(second, load(tmp_path, None))
    write(tmp_path, "faq/ordering/index.md", "---\ntitle: ご注文\nowner: cs-orders\n---\n")
    third = load(tmp_path, cache)
    assert not third.entries["faq/ordering/a.md"].draft  # the draft set by the category is not kept
    same(third, load(tmp_path, None))


def test_a_reviewed_date_in_the_future_is_refused_at_every_now_it_is_in_the_future(tmp_path: Path) -> None:
    write(tmp_path, "faq/ordering/a.md", entry("A", reviewed="2026-11-25"))
    cache = SourceCache()
    assert load(tmp_path, cache).problems  # in the future on the 23rd
    later = NOW + timedelta(days=3)
    assert load(tmp_path, cache, later).problems == []  # not on the 26th
    assert load(tmp_path, cache, NOW).problems  # and again on the 23rd (a clock set back)
    same(load(tmp_path, cache, later + timedelta(hours=1)), load(tmp_path, None, later + timedelta(hours=1)))


def test_an_incident_is_validated_again_whenever_now_moved(tmp_path: Path) -> None:
    # an update at 11:30 is in the future at 11:00: its parser compares more than `reviewed` with now
    write(
        tmp_path,
        "incidents/2026-11-23-login.md",
        "---\ntitle: ログイン障害\nowner: cs-web\nstatus: investigating\nimpact: major\nstarted: 2026-11-23T10:00:00+09:00\n"
        "updates:\n  - at: 2026-11-23T11:30:00+09:00\n    status: investigating\n    text: 調査中です。\n---\n",
    )
    cache = SourceCache()
    assert load(tmp_path, cache).problems == []  # at 12:00
    earlier = NOW - timedelta(hours=1)
    assert load(tmp_path, cache, earlier).problems == load(tmp_path, None, earlier).problems != []


def guards(site: Site, cache: GuardCache | None) -> tuple[list[str], list[str]]:
    files = [*site.entries, "images/a.png"]
    report = check_guards(site, files, shown_prefix="content/", cache=cache)
    return [str(p) for p in report.errors], [str(p) for p in report.warnings]


def test_a_heading_renamed_checks_again_the_pages_linking_to_it(tmp_path: Path) -> None:
    write(tmp_path, "faq/ordering/a.md", entry("A", body="## Steps\n\n本文\n"))
    write(tmp_path, "faq/ordering/b.md", entry("B", body="[手順](a.md#steps)\n"))
    write(tmp_path, "faq/ordering/c.md", entry("C", extra="colour: red\n", body="[A](a.md)\n"))
    sources, cache = SourceCache(), GuardCache()
    errors, warnings = guards(load(tmp_path, sources), cache)
    assert errors == [] and len(warnings) == 1  # colour: an unknown key
    write(tmp_path, "faq/ordering/a.md", entry("A", body="## Method\n\n本文\n"))
    site = load(tmp_path, sources)
    found = guards(site, cache)
    assert cache.checked == 2  # a (changed) and b (links to its heading), not c
    assert found == guards(site, None)
    assert any("faq/ordering/b.md" in error for error in found[0])


def test_a_page_deleted_or_added_checks_again_every_page_with_links(tmp_path: Path) -> None:
    write(tmp_path, "faq/ordering/a.md", entry("A"))
    write(tmp_path, "faq/ordering/b.md", entry("B", body="[A](a.md)\n"))
    write(tmp_path, "faq/ordering/c.md", entry("C"))
    sources, cache = SourceCache(), GuardCache()
    guards(load(tmp_path, sources), cache)
    (tmp_path / "faq/ordering/a.md").unlink()
    site = load(tmp_path, sources)
    found = guards(site, cache)
    assert cache.checked == 1  # b; c has no link
    assert found == guards(site, None) and found[0]


def leaks(site: Site, cache: LeakCache | None) -> tuple[list[str], list[str]]:
    guard = LeakGuard.from_allowlist(["support@example.com"])
    report = guard.check_site(site, "content/", cache=cache)
    return [str(p) for p in report.errors], [str(p) for p in report.warnings]


def test_a_page_made_a_draft_checks_again_the_links_to_it(tmp_path: Path) -> None:
    write(tmp_path, "faq/ordering/a.md", entry("A"))
    write(tmp_path, "faq/ordering/b.md", entry("B", body="[A](a.md)\n"))
    write(tmp_path, "faq/ordering/c.md", entry("C", body="yamada@example.org\n"))
    sources, cache = SourceCache(), LeakCache()
    first = leaks(load(tmp_path, sources), cache)
    assert len(first[0]) == 1  # c's address
    write(tmp_path, "faq/ordering/d.md", entry("D"))
    site = load(tmp_path, sources)
    assert leaks(site, cache) == first and cache.checked == 1  # d only
    write(tmp_path, "faq/ordering/a.md", entry("A", extra="draft: true\n"))
    site = load(tmp_path, sources)
    found = leaks(site, cache)
    assert found == leaks(site, None) and len(found[0]) == 2  # b links to a draft now


# --- the preview's Pages, made with the last build's URLs (preview_rebuilds.make_pages) ------------

PAGE_SETTINGS = [
    {"site_url": "http://127.0.0.1:8000/"},
    {"site_url": "https://support.example/help/", "use_directory_urls": False},
    {"site_url": "https://support.example/", "repo_url": "https://github.com/o/r", "edit_uri": "edit/main/content/"},
    {"edit_uri_template": "https://git.example/{path_noext}/edit", "site_url": "https://support.example/"},
    {},
]


@pytest.mark.parametrize("settings", PAGE_SETTINGS)
def test_a_page_made_with_the_last_builds_urls_is_the_page_mkdocs_makes(tmp_path: Path, settings: dict) -> None:  # type: ignore[type-arg]
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File
    from mkdocs.structure.pages import Page
    from mkdocs.utils import get_build_date

    from madoguchi.plugins.freshness.preview_rebuilds import made_page

    config = MkDocsConfig()
    config.load_dict({"site_name": "窓口", "docs_dir": str(tmp_path / "docs"), **settings})
    (tmp_path / "docs").mkdir()
    assert config.validate() == ([], [])
    for path in ["index.md", "faq/ordering/cancel.md", "faq/返品/期限.md", "incidents/2026-11-23 app.md"]:
        file = File(path, config.docs_dir, config.site_dir, config.use_directory_urls)
        mkdocs_page = Page(None, file, config)
        shortcut = File(path, config.docs_dir, config.site_dir, config.use_directory_urls)
        page = made_page(
            shortcut, get_build_date(), mkdocs_page.canonical_url, mkdocs_page.abs_url, mkdocs_page.edit_url
        )
        assert shortcut.page is page and page.file is shortcut
        ours = {key: value for key, value in vars(page).items() if key != "file"}
        theirs = {key: value for key, value in vars(mkdocs_page).items() if key != "file"}
        assert ours == theirs and list(ours) == list(theirs)
        assert page.url == mkdocs_page.url and page.title == mkdocs_page.title is None


NAV_SETTINGS = [
    (None, []),
    (
        ["index.md", {"よくある質問": ["faq/index.md", {"注文": "faq/ordering/index.md"}]}],
        ["faq/index.md", "faq/ordering/index.md", "index.md"],
    ),
    (
        [{"ホーム": "/index.md"}, "./contact.md", {"外部": "https://example.com/"}],
        ["contact.md", "https:/example.com", "index.md"],
    ),
]


@pytest.mark.parametrize(("nav", "paths"), NAV_SETTINGS)
def test_the_files_a_nav_setting_names_are_left_for_mkdocs_to_make_with_their_titles(nav, paths) -> None:  # type: ignore[no-untyped-def]
    from madoguchi.plugins.freshness.preview_rebuilds import nav_paths

    assert sorted(nav_paths(nav)) == paths  # (a URL is no file: naming it does no harm)
