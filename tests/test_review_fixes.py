"""Review findings, each pinned as a specification: a draft category is a draft through and
through; the leak guard sees every way a public text can name a draft or a contact detail;
`related` and `report` mean the same thing to the check and to the page; every incident
update has its own instant (and so its own feed id)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from madoguchi.incidents import is_url
from madoguchi.leaks import LINKS, LeakGuard, _may_link
from madoguchi.model import FaqEntry, Incident, load_site
from madoguchi.policy import Policy
from support.site import git, make_site, mkdocs_build

NOW = datetime(2026, 11, 23, 12, tzinfo=ZoneInfo("Asia/Tokyo"))
MARKER = "DRAFTCAT-MARKER-51f0"
FAQ = "---\ntitle: {title}\nowner: o\nreviewed: 2026-11-01\n{extra}---\n{body}\n"
INCIDENT = (
    "---\ntitle: 障害\nowner: o\nstatus: {status}\nimpact: major\nstarted: 2026-11-20T10:00:00+09:00\n{extra}"
    "updates:\n{updates}---\n"
)


def site_of(tmp_path: Path, files: dict[str, str]):  # type: ignore[no-untyped-def]
    for path, text in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    return load_site(tmp_path, list(files), Policy(), NOW, shown_prefix="content/")


def update(at: str, status: str = "investigating", text: str = "調査中です。") -> str:
    return f"  - at: {at}\n    status: {status}\n    text: '{text}'\n"


# 1. A draft category ------------------------------------------------------------------

DRAFT_CATEGORY = {
    "faq/newsvc/index.md": (
        f"---\ntitle: {MARKER} 新サービス\ndescription: {MARKER} 準備中\nowner: cs-new\ndraft: true\n---\n"
        f"{MARKER} カテゴリ本文\n"
    ),
    "faq/newsvc/what.md": FAQ.format(title=f"{MARKER} とは？", extra="", body=f"{MARKER} 回答"),
    "faq/newsvc/plan.md": FAQ.format(title="計画", extra="draft: true\n", body=f"{MARKER} 計画"),
}


def test_a_draft_category_makes_its_index_and_every_entry_in_it_a_draft(tmp_path: Path) -> None:
    site = site_of(tmp_path, {**DRAFT_CATEGORY, "faq/a/q.md": FAQ.format(title="公開", extra="", body="本文")})
    assert site.problems == []
    assert site.categories["newsvc"].draft
    assert site.drafts == {"faq/newsvc/index.md", "faq/newsvc/what.md", "faq/newsvc/plan.md"}
    assert [e.path for e in site.faq()] == ["faq/a/q.md"]


def test_an_entry_declaring_a_draft_category_is_a_draft_too(tmp_path: Path) -> None:
    site = site_of(
        tmp_path,
        {
            **DRAFT_CATEGORY,
            "faq/a/moved.md": FAQ.format(title="移動", extra="category: newsvc\n", body="本文"),
        },
    )
    moved = site.entries["faq/a/moved.md"]
    assert isinstance(moved, FaqEntry) and moved.draft
    assert "faq/a/moved.md" in site.drafts


def test_a_public_entry_cannot_relate_to_an_entry_of_a_draft_category(tmp_path: Path) -> None:
    site = site_of(
        tmp_path,
        {
            **DRAFT_CATEGORY,
            "faq/a/q.md": FAQ.format(title="公開", extra="related: [faq/newsvc/what.md]\n", body="本文"),
        },
    )
    assert [str(p) for p in site.problems] == [
        "content/faq/a/q.md:5: related: 'faq/newsvc/what.md' is a draft (a public page must not link to a draft)"
    ]


def test_a_draft_category_appears_nowhere_in_the_built_site(tmp_path: Path) -> None:
    root = make_site(tmp_path, "basic")
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  - madoguchi/incidents\n", "  - madoguchi/incidents\n  - madoguchi/search\n"
        ),
        encoding="utf-8",
    )
    for path, text in DRAFT_CATEGORY.items():
        (root / "content" / path).parent.mkdir(parents=True, exist_ok=True)
        (root / "content" / path).write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "draft category", date="2026-11-02T10:00:00+09:00")

    result = mkdocs_build(root)

    assert result.returncode == 0, result.stderr
    files = [path for path in (root / "site").rglob("*") if path.is_file()]
    assert (root / "site" / "search" / "madoguchi.json") in files  # the "no results" category list
    assert (root / "site" / "sitemap.xml") in files
    assert len(files) > 20
    for path in files:
        data = path.read_bytes()
        assert MARKER.encode() not in data, path
        assert b"newsvc" not in data, path
        assert "新サービス".encode() not in data, path
    # the public categories are still listed
    assert "注文".encode() in (root / "site" / "search" / "madoguchi.json").read_bytes()


# 2. Leak guard ----------------------------------------------------------------------------

DRAFT = {"faq/points/winter.md": FAQ.format(title="冬", extra="draft: true\n", body="未発表")}


@pytest.mark.parametrize(
    ("body", "line"),
    [
        # reference-style link: the definition names the draft
        ("詳しくは[キャンペーン][camp]。\n\n[camp]: ../points/winter.md", 8),
        ('詳しくは[キャンペーン][camp]。\n\n[camp]: <../points/winter.md> "冬"', 8),
        # raw HTML, file-style and page-style (resolved from the page URL faq/ordering/q/)
        ('<a href="../points/winter.md">こちら</a>', 6),
        ('<a class="x" href="../../points/winter/">こちら</a>', 6),
        ("<A HREF='/faq/points/winter/'>こちら</A>", 6),
        # directory-style Markdown links to the draft's page
        ("[直リンク](../points/winter/)", 6),
        ("[直リンク](../points/winter)", 6),
        ("[直リンク](../../points/winter/#top)", 6),
        ("[旧形式](../points/winter.html)", 6),
    ],
)
def test_every_link_form_to_a_draft_is_an_error(tmp_path: Path, body: str, line: int) -> None:
    site = site_of(tmp_path, {**DRAFT, "faq/ordering/q.md": FAQ.format(title="q", extra="", body=body)})
    report = LeakGuard().check_site(site, "content/")
    assert [str(e) for e in report.errors] == [
        f"content/faq/ordering/q.md:{line}: body: links to draft 'faq/points/winter.md' "
        "(a public page must not link to a draft)"
    ]


@pytest.mark.parametrize(
    "body",
    [
        "[公開ページ](../points/summer/)",
        '<a href="https://example.com/faq/points/winter/">外部</a>',
        "[r]: https://example.com/points/winter.md",
        "[冬](#winter)",
        "冬のキャンペーン ../points/winter/ は準備中",  # not a link
    ],
)
def test_links_that_do_not_reach_a_draft_are_fine(tmp_path: Path, body: str) -> None:
    site = site_of(
        tmp_path,
        {
            **DRAFT,
            "faq/points/summer.md": FAQ.format(title="夏", extra="", body="夏"),
            "faq/ordering/q.md": FAQ.format(title="q", extra="", body=body),
        },
    )
    assert LeakGuard().check_site(site, "content/").errors == []


def test_a_link_to_a_draft_category_page_is_an_error(tmp_path: Path) -> None:
    site = site_of(
        tmp_path, {**DRAFT_CATEGORY, "faq/a/q.md": FAQ.format(title="q", extra="", body="[近日](../newsvc/)")}
    )
    assert [str(e) for e in LeakGuard().check_site(site, "content/").errors] == [
        "content/faq/a/q.md:6: body: links to draft 'faq/newsvc/index.md' (a public page must not link to a draft)"
    ]


def test_incident_update_texts_are_scanned_on_their_own_line(tmp_path: Path) -> None:
    updates = update("2026-11-20T10:30:00+09:00") + update(
        "2026-11-20T11:00:00+09:00",
        "monitoring",
        "secret@example.com または 03-9999-8888 へ。[キャンペーン](../faq/points/winter.md)",
    )
    site = site_of(
        tmp_path,
        {
            **DRAFT,
            "incidents/2026-11-20-x.md": INCIDENT.format(status="monitoring", extra="", updates=updates),
        },
    )
    assert site.problems == []
    # leak_level: warn keeps personal data apart from the draft-link errors (v2: errors by default)
    report = LeakGuard(level="warn").check_site(site, "content/")
    assert [str(e) for e in report.errors] == [
        "content/incidents/2026-11-20-x.md:11: updates[1].text: links to draft 'faq/points/winter.md' "
        "(a public page must not link to a draft)"
    ]
    assert [str(w).split(" in public")[0] for w in report.warnings] == [
        "content/incidents/2026-11-20-x.md:11: updates[1].text: e-mail address 'secret@example.com'",
        "content/incidents/2026-11-20-x.md:11: updates[1].text: phone number '03-9999-8888'",
    ]


def test_category_index_bodies_are_scanned_unless_the_category_is_a_draft(tmp_path: Path) -> None:
    site = site_of(
        tmp_path,
        {
            **DRAFT,
            "faq/a/index.md": "---\ntitle: A\n---\n\n担当 090-1234-5678\n\n[冬](../points/winter/)\n",
            "faq/a/q.md": FAQ.format(title="q", extra="", body="本文"),
            "faq/hidden/index.md": "---\ntitle: H\ndraft: true\n---\n担当 090-1234-5678\n",
        },
    )
    report = LeakGuard(level="warn").check_site(site, "content/")  # personal data apart from link errors
    assert [str(e) for e in report.errors] == [
        "content/faq/a/index.md:7: body: links to draft 'faq/points/winter.md' (a public page must not link to a draft)"
    ]
    assert [str(w).split(" in public")[0] for w in report.warnings] == [
        "content/faq/a/index.md:5: body: phone number '090-1234-5678'"
    ]


# 3. `related` with a leading `/` -----------------------------------------------------------


def test_related_with_a_leading_slash_is_the_same_entry(tmp_path: Path) -> None:
    site = site_of(
        tmp_path,
        {
            "faq/a/b.md": FAQ.format(title="b", extra="", body=""),
            "faq/a/q.md": FAQ.format(title="q", extra="related: [/faq/a/b.md, faq/a/b.md]\n", body=""),
        },
    )
    assert site.problems == []
    entry = site.entries["faq/a/q.md"]
    assert isinstance(entry, FaqEntry) and entry.related == ["faq/a/b.md", "faq/a/b.md"]


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


# 4. One instant per update ----------------------------------------------------------------


def test_two_updates_at_the_same_instant_are_an_error(tmp_path: Path) -> None:
    updates = (
        update("2026-11-20T10:30:00+09:00")
        + update("2026-11-20T11:00:00+09:00", "identified")
        + update("2026-11-20T02:00:00Z", "monitoring")  # 11:00 in Tokyo
    )
    site = site_of(
        tmp_path, {"incidents/2026-11-20-x.md": INCIDENT.format(status="monitoring", extra="", updates=updates)}
    )
    assert [str(p) for p in site.problems] == [
        "content/incidents/2026-11-20-x.md:14: updates[2].at: 2026-11-20T02:00:00Z is the same instant as "
        "updates[1] (each update needs its own time)"
    ]


# 5. `report` values -------------------------------------------------------------------------


# A scheme-relative `//host/…` report is refused since content contract v2 ("`report:` must be an
# `http(s)://` URL or a path under content/"): tests/test_dangerous_input.py covers it.
@pytest.mark.parametrize("report", ["https://example.jp/r", "/faq/a/b.md#summary", "faq/a/b.md#summary", "faq/a/b.md"])
def test_report_urls_and_paths_with_a_section_are_accepted(tmp_path: Path, report: str) -> None:
    site = site_of(
        tmp_path,
        {
            "faq/a/b.md": FAQ.format(title="b", extra="", body="## 概要 {#summary}"),
            "incidents/2026-11-20-x.md": INCIDENT.format(
                status="resolved",
                extra=f"resolved_at: 2026-11-20T12:00:00+09:00\nreport: '{report}'\n",
                updates=update("2026-11-20T12:00:00+09:00", "resolved", "復旧しました。"),
            ),
        },
    )
    assert site.problems == []
    incident = site.entries["incidents/2026-11-20-x.md"]
    assert isinstance(incident, Incident) and incident.report == report


def test_a_report_path_that_does_not_exist_is_still_an_error(tmp_path: Path) -> None:
    site = site_of(
        tmp_path,
        {
            "incidents/2026-11-20-x.md": INCIDENT.format(
                status="resolved",
                extra="resolved_at: 2026-11-20T12:00:00+09:00\nreport: 'faq/a/gone.md#summary'\n",
                updates=update("2026-11-20T12:00:00+09:00", "resolved", "復旧しました。"),
            ),
        },
    )
    assert [str(p) for p in site.problems] == [
        "content/incidents/2026-11-20-x.md:8: report: 'faq/a/gone.md#summary' does not exist "
        "(expected a path relative to content/)"
    ]


def test_is_url() -> None:
    assert is_url("https://example.jp/x") and is_url("//example.jp/x")
    assert not is_url("faq/a/b.md") and not is_url("/faq/a/b.md#summary")


# The leak guard's whole-body pre-check picks the link patterns a line loop runs: it must
# never drop one that matches some line (whatever line breaks splitlines() honours).

LINK_PART = st.sampled_from(
    [
        "本文",
        "a@b.example",
        "03-1234-5678",
        "[r]: ../x.md",
        "   [r]: <x.md>",
        "[r]:",
        "]:",
        "<a href='x/'>",
        '<A HREF="../x/">',
        "<a",
        "href",
        "[x](y.md)",
        "](",
        " ",
        "\t",
        "[",
        "]",
        "x",
    ]
)
BREAK = st.sampled_from(["\n", "\r\n", "\r", "\u2028", "\x85", "\x1c", ""])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(LINK_PART, BREAK), max_size=10))
def test_leak_pre_check_keeps_every_pattern_that_matches_a_line(parts: list[tuple[str, str]]) -> None:
    body = "".join(part + line_break for part, line_break in parts)
    kept = _may_link(body)  # (personal data is scanned over the whole text: no pre-check)
    for pattern in LINKS:
        if any(pattern.search(line) for line in body.splitlines()):
            assert pattern in kept, pattern.pattern
