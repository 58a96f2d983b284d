"""`madoguchi review PATH...`: set `reviewed` to today in the site's time zone (or --on),
change nothing else, and refuse files that are not entries without touching any file."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.site import CLI_OPTIONS, madoguchi, make_site


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path, "cli", options=CLI_OPTIONS)


def snapshot(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted((site / "content").rglob("*.md"))}


def test_review_one_file_sets_today_in_the_site_time_zone(site: Path) -> None:
    before = snapshot(site)
    # 2026-11-22 20:00 UTC is already 2026-11-23 in Tokyo
    result = madoguchi(site, "review", "content/faq/ordering/payment.md", now="2026-11-22T20:00:00Z")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "content/faq/ordering/payment.md: reviewed 2026-05-20 → 2026-11-23\n"
    after = snapshot(site)
    changed = {path for path in after if after[path] != before[path]}
    assert changed == {"content/faq/ordering/payment.md"}
    assert after["content/faq/ordering/payment.md"] == before["content/faq/ordering/payment.md"].replace(
        b"reviewed: 2026-05-20", b"reviewed: 2026-11-23"
    )


def test_review_on_a_given_date_keeps_crlf_bom_comments_and_quotes(site: Path) -> None:
    path = site / "content/faq/ordering/quoted.md"
    original = "\ufeff---\r\n# 半年ごとに確認\r\ntitle: 'テスト'\r\nreviewed: \"2026-01-05\"  # 前回\r\n---\r\n本文"
    path.write_bytes(original.encode("utf-8"))
    result = madoguchi(site, "review", "--on", "2026-11-20", str(path))
    assert result.returncode == 0, result.stderr
    assert path.read_bytes() == original.replace('"2026-01-05"', '"2026-11-20"').encode("utf-8")


def test_missing_reviewed_is_added_after_owner(site: Path) -> None:
    path = site / "content/faq/account/new.md"
    path.write_text("---\ntitle: t\nowner: cs-members\ntags: [a]\n---\n本文\n", encoding="utf-8")
    result = madoguchi(site, "review", "content/faq/account/new.md")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "content/faq/account/new.md: reviewed 2026-11-23 (added after owner)\n"
    assert (
        path.read_text(encoding="utf-8")
        == "---\ntitle: t\nowner: cs-members\nreviewed: 2026-11-23\ntags: [a]\n---\n本文\n"
    )
    assert madoguchi(site, "check").returncode == 0


def test_a_folder_reviews_its_faq_entries_and_skips_the_category_index(site: Path) -> None:
    before = snapshot(site)
    result = madoguchi(site, "review", "content/faq/ordering")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "content/faq/ordering/cancel.md: reviewed 2026-11-01 → 2026-11-23",
        "content/faq/ordering/payment.md: reviewed 2026-05-20 → 2026-11-23",
        "content/faq/ordering/receipt.md: reviewed 2026-06-01 → 2026-11-23",
    ]
    after = snapshot(site)
    assert after["content/faq/ordering/index.md"] == before["content/faq/ordering/index.md"]
    assert {p for p in after if after[p] != before[p]} == {
        "content/faq/ordering/cancel.md",
        "content/faq/ordering/payment.md",
        "content/faq/ordering/receipt.md",
    }


def test_reviewing_twice_on_the_same_day_changes_nothing(site: Path) -> None:
    madoguchi(site, "review", "content/faq/ordering/cancel.md")
    before = snapshot(site)
    result = madoguchi(site, "review", "content/faq/ordering/cancel.md")
    assert result.stdout == "content/faq/ordering/cancel.md: reviewed 2026-11-23 (unchanged)\n"
    assert snapshot(site) == before


@pytest.mark.parametrize(
    ("path", "content", "message"),
    [
        (
            "content/faq/ordering/index.md",
            None,
            "content/faq/ordering/index.md: is a category index, not an entry (nothing to review)",
        ),
        (
            "content/faq/ordering/plain.md",
            "ただの本文\n",
            "content/faq/ordering/plain.md: has no front matter, so it is not an entry (expected a first line '---')",
        ),
        (
            "content/incidents/2026-11-10-card-payment.md",
            None,
            "content/incidents/2026-11-10-card-payment.md: is an incident; incidents are kept fresh with "
            "`madoguchi incident update`",
        ),
        (
            "content/faq/ordering/dup.md",
            "---\ntitle: a\ntitle: b\n---\n",
            "content/faq/ordering/dup.md:3: title: duplicate key 'title' (each key may appear only once)",
        ),
        (
            "content/faq/ordering/list.md",
            "---\ntitle: a\nreviewed: [2026-01-01]\n---\n",
            "content/faq/ordering/list.md: reviewed: is a list or mapping, not a single value; edit it by hand",
        ),
        ("mkdocs.yml", None, "mkdocs.yml: not inside the content folder content/"),
    ],
)
def test_refuses_a_file_that_is_not_an_entry_and_changes_nothing(
    site: Path, path: str, content: str | None, message: str
) -> None:
    if content is not None:
        (site / path).write_text(content, encoding="utf-8")
    before = snapshot(site)
    result = madoguchi(site, "review", "content/faq/ordering/payment.md", path)
    assert result.returncode == 1
    assert message in result.stderr.splitlines()[0]
    assert snapshot(site) == before


def test_refuses_a_bad_or_future_date(site: Path) -> None:
    result = madoguchi(site, "review", "--on", "2026-11-31", "content/faq/ordering/payment.md")
    assert result.returncode == 2
    assert "Invalid value for --on: '2026-11-31' is not a date (expected YYYY-MM-DD)" in result.stderr
    result = madoguchi(site, "review", "--on", "2026-11-24", "content/faq/ordering/payment.md")
    assert result.returncode == 2
    assert "Invalid value for --on: 2026-11-24 is in the future (today is 2026-11-23 in Asia/Tokyo)" in result.stderr
