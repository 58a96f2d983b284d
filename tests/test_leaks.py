"""Leak guard: contact details in public content are warnings unless allowlisted; a public
page linking to a draft is an error; and a draft appears nowhere in the built site."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import make_site, mkdocs_build
from madoguchi.leaks import LeakGuard, linked_path
from madoguchi.model import load_site
from madoguchi.policy import Policy

NOW = datetime(2026, 11, 23, 12, tzinfo=ZoneInfo("Asia/Tokyo"))
MARKER = "SECRET-DRAFT-MARKER-9c1e"


def site_of(tmp_path: Path, files: dict[str, str]):  # type: ignore[no-untyped-def]
    for path, text in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    return load_site(tmp_path, list(files), Policy(), NOW)


FAQ = "---\ntitle: t\nowner: o\nreviewed: 2026-11-01\n{extra}---\n\n{body}\n"


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ("tanaka@example.co.jp までご連絡ください", ["e-mail address 'tanaka@example.co.jp'"]),
        ("携帯 090-1234-5678 に折り返し", ["phone number '090-1234-5678'"]),
        ("代表 03-1234-5678", ["phone number '03-1234-5678'"]),
        ("国際 +81-3-1234-5678", ["phone number '+81-3-1234-5678'"]),
        ("全角 ０９０－１２３４－５６７８", ["phone number '０９０－１２３４－５６７８'"]),
        ("窓口 support@shop.example / 0120-123-456（平日9:00〜18:00）", []),
        ("注文番号 2026-1123-0001 と日付 2026-11-23", []),
        ("バージョン 1.2.3 をご利用ください", []),
    ],
)
def test_contact_details_are_warnings_unless_allowlisted(tmp_path: Path, body: str, found: list[str]) -> None:
    site = site_of(tmp_path, {"faq/a/q.md": FAQ.format(extra="", body=body)})
    guard = LeakGuard.from_allowlist(["Support@shop.example", "0120-123-456"])
    report = guard.check_site(site, "content/")
    assert report.errors == []
    assert [w.message.split(" in public")[0] for w in report.warnings] == found
    assert all(str(w).startswith("content/faq/a/q.md:7: body: ") for w in report.warnings)


def test_drafts_are_not_scanned_and_links_to_drafts_are_errors(tmp_path: Path) -> None:
    site = site_of(tmp_path, {
        "faq/a/secret.md": FAQ.format(extra="draft: true\n", body="中の人 090-1111-2222"),
        "faq/a/public.md": FAQ.format(extra="", body="[予告](secret.md#top) と [別](/faq/a/secret.md)"),
    })
    report = LeakGuard().check_site(site, "content/")
    assert report.warnings == []
    assert [str(e) for e in report.errors] == [
        "content/faq/a/public.md:7: body: links to draft 'faq/a/secret.md' (a public page must not link to a draft)",
        "content/faq/a/public.md:7: body: links to draft 'faq/a/secret.md' (a public page must not link to a draft)",
    ]


def test_linked_path() -> None:
    assert linked_path("faq/a/q.md", "../b/r.md#x") == "faq/b/r.md"
    assert linked_path("faq/a/q.md", "https://example.com/x.md") is None
    assert linked_path("faq/a/q.md", "mailto:a@b.example") is None


def test_allowlist_must_be_a_list_of_text() -> None:
    with pytest.raises(ValueError, match="leak_allowlist: 'support@x.example' is not a list of text"):
        LeakGuard.from_options({"leak_allowlist": "support@x.example"})


def test_a_draft_appears_nowhere_in_the_built_site(tmp_path: Path) -> None:
    root = make_site(tmp_path, "basic")
    assert MARKER in (root / "content/faq/account/secret-plan.md").read_text(encoding="utf-8")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    files = [path for path in (root / "site").rglob("*") if path.is_file()]
    assert len(files) > 20
    for path in files:
        data = path.read_bytes()
        assert MARKER.encode() not in data, path
        assert b"secret-plan" not in data, path
        assert "未発表キャンペーン".encode() not in data, path


def test_the_build_refuses_a_public_link_to_a_draft(tmp_path: Path) -> None:
    root = make_site(tmp_path, "basic")
    page = root / "content/faq/ordering/cancel.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[近日公開](../account/secret-plan.md)\n", encoding="utf-8")
    result = mkdocs_build(root)
    assert result.returncode != 0
    assert ("content/faq/ordering/cancel.md:15: body: links to draft 'faq/account/secret-plan.md' "
            "(a public page must not link to a draft)") in result.stderr
    assert not (root / "site" / "faq/account/secret-plan").exists()
