"""Reading content files: inference, defaults, Windows files, and the contract's error format."""

from __future__ import annotations

from pathlib import Path

import pytest

from madoguchi.model import FaqEntry, Incident, TrackedPage, load_site
from madoguchi.plugins.freshness.config import policy_from_options
from madoguchi.policy import Policy
from madoguchi.timeutil import parse_datetime
from support.content import FAQ_PAGE, load_files

POLICY = Policy()
NOW = parse_datetime("2026-11-23T12:00:00+09:00", POLICY.timezone)


def write(root: Path, path: str, text: str, *, newline: str = "\n", bom: bool = False) -> None:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    data = text.replace("\n", newline).encode("utf-8")
    target.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)


def load(root: Path, policy: Policy = POLICY):  # type: ignore[no-untyped-def]
    paths = [p.relative_to(root).as_posix() for p in root.rglob("*.md")]
    return load_site(root, paths, policy, NOW, shown_prefix="content/")


ENTRY = "---\ntitle: 注文をキャンセルしたい\nowner: cs-ordering\nreviewed: 2026-11-01\n---\n本文\n"


def test_type_and_category_are_inferred_from_the_folder(tmp_path: Path) -> None:
    write(tmp_path, "faq/ordering/cancel.md", ENTRY)
    write(tmp_path, "contact.md", "---\ntitle: 窓口\n---\n")
    site = load(tmp_path)
    entry = site.entries["faq/ordering/cancel.md"]
    assert isinstance(entry, FaqEntry)
    assert (entry.type, entry.category, entry.title) == ("faq", "ordering", "注文をキャンセルしたい")
    assert isinstance(site.entries["contact.md"], TrackedPage)
    assert site.problems == []


def test_windows_files_with_crlf_and_bom_read_like_any_other(tmp_path: Path) -> None:
    write(tmp_path, "faq/ordering/cancel.md", ENTRY, newline="\r\n", bom=True)
    site = load(tmp_path)
    entry = site.entries["faq/ordering/cancel.md"]
    assert site.problems == []
    assert isinstance(entry, FaqEntry) and entry.reviewed is not None
    assert entry.reviewed.date().isoformat() == "2026-11-01"
    assert entry.title == "注文をキャンセルしたい"


def test_owner_defaults_entry_then_category_index_then_config(tmp_path: Path) -> None:
    write(tmp_path, "faq/ordering/index.md", "---\ntitle: ご注文\nowner: cs-ordering\n---\n")
    write(tmp_path, "faq/ordering/a.md", "---\ntitle: A\nreviewed: 2026-11-01\n---\n")
    write(tmp_path, "faq/ordering/b.md", "---\ntitle: B\nowner: '@yamada'\nreviewed: 2026-11-01\n---\n")
    write(tmp_path, "faq/misc/c.md", "---\ntitle: C\nreviewed: 2026-11-01\n---\n")
    site = load(tmp_path, policy_from_options({"default_owner": "cs-support"}))
    assert site.problems == []
    assert site.entries["faq/ordering/a.md"].owner == "cs-ordering"
    assert site.entries["faq/ordering/b.md"].owner == "@yamada"
    assert site.entries["faq/misc/c.md"].owner == "cs-support"
    assert site.categories["ordering"].title == "ご注文"
    assert site.categories["misc"].title == "misc"  # no index.md: the folder name


def test_every_error_in_one_run_with_file_line_key_value_and_expectation(tmp_path: Path) -> None:
    write(tmp_path, "faq/ordering/cancel.md", "---\ntitle: キャンセル\nowner: cs\n\nreviewed: '2026-13-01'\n---\n")
    write(tmp_path, "faq/ordering/future.md", "---\ntitle: 未来\nowner: cs\nreviewed: 2026-12-01\n---\n")
    write(
        tmp_path,
        "faq/ordering/interval.md",
        "---\ntitle: 間隔\nowner: cs\nreviewed: 2026-11-01\nreview_every: 0d\n---\n",
    )
    write(tmp_path, "faq/ordering/missing.md", "---\nreviewed: 2026-11-01\n---\n")
    write(tmp_path, "faq/ordering/dup.md", "---\ntitle: 重複\nowner: cs\nreviewed: 2026-11-01\ntitle: もう一度\n---\n")
    write(tmp_path, "faq/ordering/syntax.md", "---\ntitle: [壊れた\nowner: cs\n---\n")
    write(tmp_path, "faq/ordering/list.md", "---\n- a\n- b\n---\n")
    write(tmp_path, "faq/ordering/ok.md", ENTRY)
    messages = [str(p) for p in load(tmp_path).problems]
    assert messages == [
        "content/faq/ordering/cancel.md:5: reviewed: '2026-13-01' は日付ではありません（YYYY-MM-DD で書いてください） / "
        "'2026-13-01' is not a date (expected YYYY-MM-DD)",
        "content/faq/ordering/dup.md:5: title: duplicate key 'title' (each key may appear only once)",
        "content/faq/ordering/future.md:4: reviewed: 2026-12-01 は未来の日付です（2026-11-23 以前の日付を書いてください） / 2026-12-01 is in the future (expected a date on or before 2026-11-23)",
        "content/faq/ordering/interval.md:5: review_every: '0d' は 0 より長い期間にしてください（例: 90d） / "
        "'0d' must be longer than zero (e.g. 90d)",
        "content/faq/ordering/list.md:2: -: front matter is not a mapping (expected key: value lines)",
        "content/faq/ordering/missing.md:1: owner: 担当（チームか人。例 cs-ordering）を書いてください（既定の担当を設定することもできます） / missing (expected a team or person, e.g. cs-ordering; or set a default owner)",
        "content/faq/ordering/missing.md:1: title: 必須のキーがありません / missing (expected the question as a customer would ask it)",
        "content/faq/ordering/syntax.md:3: -: YAML syntax error: did not find expected ',' or ']'",
    ]


def test_missing_reviewed_is_an_error_not_a_state(tmp_path: Path) -> None:
    write(tmp_path, "faq/ordering/a.md", "---\ntitle: A\nowner: cs\n---\n")
    assert [str(p) for p in load(tmp_path).problems] == [
        "content/faq/ordering/a.md:1: reviewed: 人が最後に内容を確認した日（YYYY-MM-DD）を書いてください / missing (expected the date a person last confirmed the answer, YYYY-MM-DD)"
    ]


def test_drafts_are_validated_and_remembered(tmp_path: Path) -> None:
    write(tmp_path, "faq/ordering/plan.md", "---\ntitle: 計画\nowner: cs\nreviewed: nope\ndraft: true\n---\n")
    site = load(tmp_path)
    assert site.drafts == {"faq/ordering/plan.md"}
    assert [p.key for p in site.problems] == ["reviewed"]


def test_related_must_exist_and_never_be_a_draft(tmp_path: Path) -> None:
    write(
        tmp_path,
        "faq/ordering/a.md",
        "---\ntitle: A\nowner: cs\nreviewed: 2026-11-01\nrelated:\n  - faq/ordering/b.md\n  - faq/ordering/gone.md\n---\n",
    )
    write(tmp_path, "faq/ordering/b.md", "---\ntitle: B\nowner: cs\nreviewed: 2026-11-01\ndraft: true\n---\n")
    assert [str(p) for p in load(tmp_path).problems] == [
        "content/faq/ordering/a.md:6: related: 'faq/ordering/b.md' は下書きです（公開するページから下書きへはリンクできません） / 'faq/ordering/b.md' is a draft (a public page must not link to a draft)",
        "content/faq/ordering/a.md:7: related: 'faq/ordering/gone.md' がありません（content/ からの相対パスで書いてください） / 'faq/ordering/gone.md' does not exist (expected a path relative to content/)",
    ]


def test_pages_are_tracked_only_when_they_set_reviewed(tmp_path: Path) -> None:
    write(tmp_path, "index.md", "# ようこそ\n")
    write(tmp_path, "contact.md", "---\ntitle: 窓口\nowner: cs-web\nreviewed: 2026-10-01\n---\n")
    site = load(tmp_path)
    index, contact = site.entries["index.md"], site.entries["contact.md"]
    assert isinstance(index, TrackedPage) and index.reviewed is None
    assert isinstance(contact, TrackedPage) and contact.reviewed is not None


def test_incident_is_read_from_the_incidents_folder(tmp_path: Path) -> None:
    write(
        tmp_path,
        "incidents/2026-11-20-card.md",
        "---\ntitle: 決済障害\nowner: cs-web\nstatus: monitoring\nimpact: major\nstarted: 2026-11-20T10:05:00+09:00\n"
        "updates:\n  - at: 2026-11-20T10:30:00+09:00\n    status: investigating\n    text: 調査中です。\n"
        "  - at: 2026-11-20T11:00:00\n    status: monitoring\n    text: 復旧を確認中です。\n---\n",
    )
    site = load(tmp_path)
    assert site.problems == []
    incident = site.entries["incidents/2026-11-20-card.md"]
    assert isinstance(incident, Incident)
    # a date-time without offset is read in the site time zone
    assert incident.updates[1].at.isoformat() == "2026-11-20T11:00:00+09:00"


def test_the_model_reads_only_keys_of_the_contract_table(tmp_path: Path) -> None:
    # model.FIELDS is the one list of front-matter keys: the JSON Schema is generated from it,
    # and reading any other key is a programming error, not a silent gap in the schema.
    from madoguchi.frontmatter import read_front_matter
    from madoguchi.model import FIELDS, Checker

    check = Checker("x.md", read_front_matter("---\ntitle: t\n---\n"), [])
    assert check.get("title") == "t" and "title" in FIELDS
    with pytest.raises(KeyError, match="not in model.FIELDS"):
        check.get("titel")


def test_related_with_a_leading_slash_is_the_same_entry(tmp_path: Path) -> None:
    site = load_files(
        tmp_path,
        {
            "faq/a/b.md": FAQ_PAGE.format(title="b", extra="", body=""),
            "faq/a/q.md": FAQ_PAGE.format(title="q", extra="related: [/faq/a/b.md, faq/a/b.md]\n", body=""),
        },
    )
    assert site.problems == []
    entry = site.entries["faq/a/q.md"]
    assert isinstance(entry, FaqEntry) and entry.related == ["faq/a/b.md", "faq/a/b.md"]
