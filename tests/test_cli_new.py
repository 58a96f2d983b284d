"""`madoguchi new faq` and `madoguchi new incident`: valid scaffolds, never an overwrite."""

from __future__ import annotations

from pathlib import Path

import pytest

from madoguchi.scaffold import PLACEHOLDERS
from support.site import CLI_OPTIONS, madoguchi, make_site


def fill_placeholders(path: Path) -> None:
    """Write the text an editor would in place of each scaffold placeholder."""
    text = path.read_text(encoding="utf-8")
    for placeholder in PLACEHOLDERS:
        text = text.replace(placeholder, "確認しています。")
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path, "cli", options=CLI_OPTIONS)


def test_new_faq_uses_today_and_leaves_owner_to_the_category_default(site: Path) -> None:
    result = madoguchi(site, "new", "faq", "ordering", "gift-card", "--title", "ギフトカードは使えますか？")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "content/faq/ordering/gift-card.md: created (owner cs-ordering, default of "
        "content/faq/ordering/index.md; reviewed 2026-11-23)\n"
    )
    text = (site / "content/faq/ordering/gift-card.md").read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: ギフトカードは使えますか？\nreviewed: 2026-11-23\n---\n")
    assert "owner" not in text
    assert "ここに回答を書いてください" in text
    # v2 (issue 21): the scaffold's placeholders are refused until replaced (tests/test_guardrails.py)
    assert madoguchi(site, "check").returncode == 1
    fill_placeholders(site / "content/faq/ordering/gift-card.md")
    assert madoguchi(site, "check").returncode == 0


def test_new_faq_needs_an_owner_where_there_is_no_default(site: Path) -> None:
    result = madoguchi(site, "new", "faq", "account", "points", "--title", "ポイント: 失効は？")
    assert result.returncode == 1
    assert result.stderr == (
        "Error: content/faq/account/points.md: category 'account' has no default owner; give one with --owner\n"
    )
    assert not (site / "content/faq/account/points.md").exists()
    result = madoguchi(
        site, "new", "faq", "account", "points", "--title", "ポイント: 失効は？", "--owner", "cs-members"
    )
    assert result.returncode == 0, result.stderr
    assert (
        (site / "content/faq/account/points.md")
        .read_text(encoding="utf-8")
        .startswith('---\ntitle: "ポイント: 失効は？"\nowner: cs-members\nreviewed: 2026-11-23\n---\n')
    )


def test_new_faq_refuses_to_overwrite(site: Path) -> None:
    before = (site / "content/faq/ordering/cancel.md").read_bytes()
    result = madoguchi(site, "new", "faq", "ordering", "cancel", "--title", "x")
    assert result.returncode == 1
    assert result.stderr == "Error: content/faq/ordering/cancel.md: already exists (not overwritten)\n"
    assert (site / "content/faq/ordering/cancel.md").read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ordering", "Gift_Card"], "Invalid value for SLUG: 'Gift_Card' is not a valid slug"),
        (["ordering", "index"], "Invalid value for SLUG: 'index' is not a valid slug"),
        (["ordering", "ギフト"], "Invalid value for SLUG: 'ギフト' is not a valid slug"),
        (["../x", "a"], "Invalid value for CATEGORY: '../x' is not a valid category"),
    ],
)
def test_new_faq_refuses_invalid_slugs(site: Path, args: list[str], message: str) -> None:
    result = madoguchi(site, "new", "faq", *args, "--title", "x")
    assert result.returncode == 2
    assert message in result.stderr


def test_new_faq_refuses_an_unknown_category(site: Path) -> None:
    result = madoguchi(site, "new", "faq", "billing", "a", "--title", "x")
    assert result.returncode == 1
    assert result.stderr == (
        "Error: content/faq/billing/: no such category (known: account, ordering; "
        "to add one, create content/faq/billing/index.md first)\n"
    )


def test_new_incident_is_valid_and_investigating(site: Path) -> None:
    result = madoguchi(
        site,
        "new",
        "incident",
        "card-payment",
        "--title",
        "カード決済がご利用いただけません",
        "--impact",
        "critical",
        "--owner",
        "cs-web",
        "--affected",
        "クレジットカード決済",
        "--next-update",
        "2026-11-23T13:00",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "content/incidents/2026-11-23-card-payment.md: created "
        "(status investigating, impact critical, started 2026-11-23T12:00:00+09:00)\n"
    )
    text = (site / "content/incidents/2026-11-23-card-payment.md").read_text(encoding="utf-8")
    assert text.startswith(
        "---\ntitle: カード決済がご利用いただけません\nowner: cs-web\nstatus: investigating\nimpact: critical\n"
        "started: 2026-11-23T12:00:00+09:00\naffected: [クレジットカード決済]\n"
        "next_update: 2026-11-23T13:00:00+09:00\nupdates:\n  - at: 2026-11-23T12:00:00+09:00\n"
        "    status: investigating\n    text: 現在、状況を確認しています。詳しいことがわかり次第、お知らせします。\n---\n"
    )
    fill_placeholders(site / "content/incidents/2026-11-23-card-payment.md")  # refused until replaced (issue 21)
    check = madoguchi(site, "check")
    assert check.returncode == 0, check.stderr
    assert "3 incidents" in check.stdout
    again = madoguchi(site, "new", "incident", "card-payment", "--title", "x", "--impact", "minor", "--owner", "a")
    assert again.returncode == 1
    assert "content/incidents/2026-11-23-card-payment.md: already exists (not overwritten)" in again.stderr


def test_new_incident_uses_the_site_time_zone_for_the_file_date(site: Path) -> None:
    result = madoguchi(
        site,
        "new",
        "incident",
        "late",
        "--title",
        "t",
        "--impact",
        "minor",
        "--owner",
        "cs-web",
        now="2026-11-23T16:30:00Z",
    )
    assert result.returncode == 0, result.stderr
    assert (site / "content/incidents/2026-11-24-late.md").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--impact", "huge"], "Invalid value for '--impact': 'huge' is not one of 'minor', 'major', 'critical'"),
        (
            ["--impact", "minor", "--next-update", "tomorrow"],
            "Invalid value for --next-update: 'tomorrow' is not a date-time",
        ),
        (
            ["--impact", "minor", "--next-update", "2026-11-23T11:00:00+09:00"],
            "Invalid value for --next-update: 2026-11-23T11:00:00+09:00 is not in the future",
        ),
    ],
)
def test_new_incident_refuses_bad_options(site: Path, args: list[str], message: str) -> None:
    result = madoguchi(site, "new", "incident", "x", "--title", "t", "--owner", "a", *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert sorted(p.name for p in (site / "content/incidents").iterdir()) == [
        "2026-11-10-card-payment.md",
        "2026-11-23-app-login.md",
    ]


def test_new_incident_needs_an_owner_without_default_owner(site: Path) -> None:
    result = madoguchi(site, "new", "incident", "x", "--title", "t", "--impact", "minor")
    assert result.returncode == 1
    assert result.stderr == (
        "Error: content/incidents/2026-11-23-x.md: no default_owner in mkdocs.yml; give one with --owner\n"
    )
