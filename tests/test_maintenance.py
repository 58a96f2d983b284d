"""Planned maintenance (`kind: maintenance` in content/incidents/): validated, announced from
notice_from (default 7 days before scheduled_start) in the banner, the incidents index, the
home page and the feed; overdue when its planned end has passed and it is not completed."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from support.site import make_site, mkdocs_build, run

# NOW (support.site) is 2026-11-23T12:00+09:00
MAINTENANCE = {
    # announced since 2026-11-20 (the default: 7 days before)
    "2026-11-27-db": """---
kind: maintenance
title: データベースのメンテナンス
owner: cs-infra
scheduled_start: 2026-11-27T01:00:00+09:00
scheduled_end: 2026-11-27T05:00:00+09:00
affected: [会員ログイン, ポイント照会]
---

メンテナンス中はログインできません。
""",
    # not yet announced: notice_from defaults to 2026-12-03T01:00+09:00
    "2026-12-10-system": """---
kind: maintenance
title: システムメンテナンス（12月10日）
owner: cs-infra
status: scheduled
scheduled_start: 2026-12-10T01:00:00+09:00
scheduled_end: 2026-12-10T05:00:00+09:00
---

定期メンテナンスです。
""",
    # its end has passed and nobody moved it to completed
    "2026-11-20-forgotten": """---
kind: maintenance
title: 決済システムのメンテナンス
owner: cs-pay
status: in_progress
scheduled_start: 2026-11-20T01:00:00+09:00
scheduled_end: 2026-11-20T03:00:00+09:00
notice_from: 2026-11-15T00:00:00+09:00
updates:
  - at: 2026-11-20T01:00:00+09:00
    status: in_progress
    text: メンテナンスを開始しました。
---

決済のメンテナンスです。
""",
}


def maintenance_site(tmp_path: Path, files: dict[str, str] = MAINTENANCE) -> Path:
    root = make_site(tmp_path, "incidents")
    for slug, text in files.items():
        (root / "content" / "incidents" / f"{slug}.md").write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = maintenance_site(tmp_path_factory.mktemp("maintenance"))
    result = mkdocs_build(root, "--strict")
    assert result.returncode == 0, result.stderr
    return root / "site"


def section(html: str, start: str, end: str) -> str:
    first = html.index(start)
    return html[first : html.index(end, first)]


def test_the_index_lists_announced_maintenance_in_its_own_section(built: Path) -> None:
    html = (built / "incidents" / "index.html").read_text(encoding="utf-8")
    planned = section(html, 'id="madoguchi-planned"', "</section>")
    assert "予定されているメンテナンス" in planned
    assert "データベースのメンテナンス" in planned
    assert "決済システムのメンテナンス" in planned  # in progress, not completed
    assert "2026年11月27日 01:00" in planned
    assert "12月10日" not in planned  # not announced yet
    ongoing = section(html, 'id="madoguchi-ongoing"', "</section>")
    assert "メンテナンス" not in ongoing


def test_the_home_page_shows_announced_maintenance(built: Path) -> None:
    html = (built / "index.html").read_text(encoding="utf-8")
    planned = section(html, 'class="madoguchi-list madoguchi-planned"', "</ul>")
    assert "データベースのメンテナンス" in planned
    assert "システムメンテナンス（12月10日）" not in planned


def test_the_banner_carries_each_maintenance_until_its_end_with_its_window(built: Path) -> None:
    html = (built / "incidents" / "2026-11-01-app" / "index.html").read_text(encoding="utf-8")
    db = section(html, 'data-madoguchi-notice="maintenance-2026-11-27-db"', "</div>")
    assert 'data-from="2026-11-19T16:00:00.000Z"' in db and 'data-until="2026-11-26T20:00:00.000Z"' in db
    assert "【メンテナンス予定】データベースのメンテナンス" in db
    assert "会員ログイン、ポイント照会" in db
    system = html[html.rindex("<div", 0, html.index('data-madoguchi-notice="maintenance-2026-12-10-system"')) :]
    assert system.split(">", 1)[0].endswith(" hidden")  # shown by the browser from notice_from
    assert "maintenance-2026-11-20-forgotten" not in html  # its end has passed


def test_the_feed_has_only_announced_maintenance(built: Path) -> None:
    feed = (built / "incidents" / "feed.xml").read_text(encoding="utf-8")
    assert "【実施中】決済システムのメンテナンス" in feed
    assert "システムメンテナンス（12月10日）" not in feed


def test_a_maintenance_page_shows_its_window_and_status_not_an_impact(built: Path) -> None:
    html = (built / "incidents" / "2026-11-27-db" / "index.html").read_text(encoding="utf-8")
    assert "実施予定" in html and "予定" in html
    assert "madoguchi-badge--minor" not in html


def test_maintenance_past_its_end_and_not_completed_is_overdue(tmp_path: Path) -> None:
    root = maintenance_site(tmp_path)
    result = run(["madoguchi", "stale", "--format", "json"], cwd=root)
    assert "incidents/2026-11-20-forgotten.md" in result.stdout, result.stdout + result.stderr
    assert "incidents/2026-11-27-db.md" not in result.stdout


@pytest.mark.parametrize(
    ("front_matter", "expected"),
    [
        (
            "kind: maintenance\ntitle: x\nowner: a\nscheduled_start: 2026-12-10T05:00:00+09:00\n"
            "scheduled_end: 2026-12-10T01:00:00+09:00\n",
            "incidents/bad.md:6: scheduled_end: 2026-12-10T01:00:00+09:00 が scheduled_start（2026-12-10T05:00:00+09:00）"
            "より後になっていません / 2026-12-10T01:00:00+09:00 is not after scheduled_start",
        ),
        (
            "kind: maintenance\ntitle: x\nowner: a\nstatus: resolved\nscheduled_start: 2026-12-10T01:00:00+09:00\n"
            "scheduled_end: 2026-12-10T05:00:00+09:00\n",
            "incidents/bad.md:5: status: 'resolved' は使えない値です（scheduled, in_progress, completed のどれか） / 'resolved' is not known (expected one of scheduled, in_progress, completed)",
        ),
        ("kind: maintenance\ntitle: x\nowner: a\n", "incidents/bad.md:1: scheduled_start: 必須のキーがありません"),
        (
            "kind: outage\ntitle: x\nowner: a\n",
            "incidents/bad.md:2: kind: 'outage' は使えない値です（incident, maintenance のどれか） / 'outage' is not known",
        ),
    ],
    ids=["reversed", "incident-status", "no-start", "unknown-kind"],
)
def test_a_bad_maintenance_is_an_input_error_with_its_line(tmp_path: Path, front_matter: str, expected: str) -> None:
    root = maintenance_site(tmp_path, {"bad": f"---\n{front_matter}---\n\n本文\n"})
    result = mkdocs_build(root)
    assert result.returncode != 0
    assert expected in result.stderr, result.stderr


@pytest.mark.browser
@pytest.mark.parametrize(
    ("at", "visible"),
    [
        ("2026-12-03T00:59:00+09:00", False),  # before notice_from (7 days before)
        ("2026-12-03T01:00:00+09:00", True),
        ("2026-12-10T04:59:00+09:00", True),
        ("2026-12-10T05:00:00+09:00", False),  # scheduled_end
    ],
    ids=["before", "announced", "last-minute", "over"],
)
def test_the_maintenance_banner_follows_the_readers_clock(
    at: str, visible: bool, built: Path, serve: Any, browser: Any
) -> None:
    base = serve(built)
    context = browser.new_context(timezone_id="Asia/Tokyo", locale="ja-JP")
    try:
        tab = context.new_page()
        tab.clock.install(time=datetime.fromisoformat(at))
        tab.goto(base)
        assert tab.locator('[data-madoguchi-notice="maintenance-2026-12-10-system"]').is_visible() is visible
    finally:
        context.close()


# --- the CLI ------------------------------------------------------------------------------


def test_new_maintenance_scaffolds_a_valid_file_and_update_moves_it_to_completed(tmp_path: Path) -> None:
    from madoguchi.scaffold import MAINTENANCE_SERVICES, MAINTENANCE_WHAT
    from support.site import CLI_OPTIONS, madoguchi

    site = make_site(tmp_path, "cli", options=CLI_OPTIONS)
    result = madoguchi(
        site,
        "new",
        "maintenance",
        "system",
        "--title",
        "システムメンテナンスのお知らせ",
        "--start",
        "2026-12-10T01:00:00+09:00",
        "--end",
        "2026-12-10T05:00:00+09:00",
        "--affected",
        "会員ログイン",
        "--owner",
        "cs-infra",
    )
    assert result.returncode == 0, result.stderr
    path = site / "content" / "incidents" / "2026-12-10-system.md"
    text = path.read_text(encoding="utf-8")
    assert "kind: maintenance" in text and "status: scheduled" in text
    assert (
        "scheduled_start: '2026-12-10T01:00:00+09:00'" in text or "scheduled_start: 2026-12-10T01:00:00+09:00" in text
    )
    # An unfinished scaffold is refused until its placeholders are written over (scaffold.py)
    refused = madoguchi(site, "check")
    assert refused.returncode == 1 and MAINTENANCE_WHAT in refused.stderr
    path.write_text(
        text.replace(MAINTENANCE_WHAT, "会員サイトのサーバーを入れ替えます。").replace(
            MAINTENANCE_SERVICES, "会員ログイン"
        ),
        encoding="utf-8",
    )
    assert madoguchi(site, "check").returncode == 0

    start, end = "2026-12-10T01:00:00+09:00", "2026-12-10T05:10:00+09:00"
    moved = madoguchi(
        site, "incident", "update", str(path), "--status", "in_progress", "--text", "開始しました。", now=start
    )
    assert moved.returncode == 0, moved.stderr
    assert "status scheduled → in_progress" in moved.stdout
    done = madoguchi(
        site, "incident", "update", str(path), "--status", "completed", "--text", "完了しました。", now=end
    )
    assert done.returncode == 0, done.stderr
    text = path.read_text(encoding="utf-8")
    assert "status: completed" in text and "完了しました。" in text and "開始しました。" in text
    assert madoguchi(site, "check", now=end).returncode == 0

    refused = madoguchi(site, "incident", "update", str(path), "--status", "resolved", "--text", "x", now=end)
    assert refused.returncode != 0 and "incident status" in refused.stderr
    back = madoguchi(site, "incident", "update", str(path), "--status", "in_progress", "--text", "x", now=end)
    assert back.returncode != 0 and "is completed" in back.stderr


def test_new_maintenance_refuses_an_end_before_its_start(tmp_path: Path) -> None:
    from support.site import CLI_OPTIONS, madoguchi

    site = make_site(tmp_path, "cli", options=CLI_OPTIONS)
    result = madoguchi(
        site,
        "new",
        "maintenance",
        "x",
        "--title",
        "t",
        "--start",
        "2026-12-10T05:00:00+09:00",
        "--end",
        "2026-12-10T01:00:00+09:00",
    )
    assert result.returncode != 0 and "--end" in result.stderr
