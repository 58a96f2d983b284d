"""`madoguchi stale`: overdue and due-soon entries grouped by owner, in the same states and
fields as the build's freshness.json for the same instant."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support.site import CLI_OPTIONS, madoguchi, make_site, mkdocs_build, write_internal_yml


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path, "cli", options=CLI_OPTIONS)


def test_table_groups_by_owner_worst_first(site: Path) -> None:
    result = madoguchi(site, "stale")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "@yamada (1)\n"
        "  due-soon  2026-11-28  content/faq/ordering/receipt.md  領収書はもらえますか？（ご注文について）\n"
        "\n"
        "cs-members (1)\n"
        "  due-soon  2026-11-30  content/faq/account/withdraw.md  会員登録を解除するには？（account）\n"
        "\n"
        "cs-ordering (1)\n"
        "  overdue  2026-11-16  content/faq/ordering/payment.md  使える支払い方法は？（ご注文について）\n"
        "\n"
        "1 overdue, 2 due soon (as of 2026-11-23T12:00+09:00)\n"
    )


def test_json_is_the_builds_report_for_the_same_instant(site: Path) -> None:
    # freshness.json is written by the internal edition only (the public one has no owners)
    build = mkdocs_build(site, "-f", write_internal_yml(site), now="2026-11-23T13:30:00+09:00")
    assert build.returncode == 0, build.stderr
    assert not (site / "site").exists()
    built = json.loads((site / "site-internal/freshness.json").read_text(encoding="utf-8"))
    result = madoguchi(site, "stale", "--format", "json", now="2026-11-23T13:30:00+09:00")
    assert result.returncode == 0, result.stderr
    stale = json.loads(result.stdout)
    assert stale["now"] == built["now"] == "2026-11-23T13:30:00+09:00"
    expected = [entry for entry in built["entries"] if entry["state"] in ("overdue", "due-soon")]
    assert stale["entries"] == expected
    # the ongoing incident promised an update at 13:00: overdue in both
    assert [e["path"] for e in expected] == [
        "faq/account/withdraw.md",
        "faq/ordering/payment.md",
        "faq/ordering/receipt.md",
        "incidents/2026-11-23-app-login.md",
    ]
    assert expected[3]["state"] == "overdue" and expected[3]["due"] == "2026-11-23T13:00:00+09:00"
    # The text json.dumps(indent=2) writes, for both files
    assert result.stdout == json.dumps(stale, ensure_ascii=False, indent=2) + "\n"
    built_text = (site / "site-internal/freshness.json").read_text(encoding="utf-8")
    assert built_text == json.dumps(built, ensure_ascii=False, indent=2) + "\n"


def test_owner_filter_and_markdown(site: Path) -> None:
    result = madoguchi(site, "stale", "--owner", "cs-ordering", "--format", "markdown")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "### 確認期限切れ・期限間近のページ（2026年11月23日 12:00）\n\n"
        "#### cs-ordering\n\n"
        "| 状況 | 期限 | ページ | 理由 |\n|---|---|---|---|\n"
        "| 要再確認 | 2026-11-16 | [使える支払い方法は？](https://faq.example.jp/faq/ordering/payment/)（ご注文について）"
        "<br>`content/faq/ordering/payment.md` | reviewed 2026-05-20, review every 180d: overdue since 2026-11-16 |\n"
    )


def test_fail_on_gates(site: Path) -> None:
    assert madoguchi(site, "stale", "--fail-on", "overdue").returncode == 1
    assert madoguchi(site, "stale", "--owner", "@yamada", "--fail-on", "overdue").returncode == 0
    assert madoguchi(site, "stale", "--owner", "@yamada", "--fail-on", "due-soon").returncode == 1
    nobody = madoguchi(site, "stale", "--owner", "nobody", "--fail-on", "due-soon")
    assert nobody.returncode == 0
    assert nobody.stdout == "Nothing is overdue or due soon for nobody (as of 2026-11-23T12:00+09:00).\n"


def test_content_errors_are_shown_instead_of_a_report(site: Path) -> None:
    (site / "content/faq/ordering/bad.md").write_text("---\ntitle: t\nreviewed: soon\n---\n", encoding="utf-8")
    result = madoguchi(site, "stale")
    assert result.returncode == 1
    assert result.stderr == (
        "content/faq/ordering/bad.md:3: reviewed: 'soon' は日付ではありません（YYYY-MM-DD で書いてください） / "
        "'soon' is not a date (expected YYYY-MM-DD)\n"
        "Error: 1 content error(s): fix them first (`madoguchi check` lists them)\n"
    )
