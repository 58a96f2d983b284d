"""`madoguchi incident update`: append a timestamped update, move the status, set
resolved_at when resolving, next_update when given; every other byte survives."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.site import CLI_OPTIONS, madoguchi, make_site

INCIDENT = "content/incidents/2026-11-23-app-login.md"  # CRLF, comments, quoted title


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path, "cli", options=CLI_OPTIONS)


def test_update_appends_moves_status_and_keeps_every_other_byte(site: Path) -> None:
    path = site / INCIDENT
    before = path.read_bytes()
    result = madoguchi(
        site,
        "incident",
        "update",
        INCIDENT,
        "--status",
        "monitoring",
        "--text",
        "復旧作業が完了し、経過を観察しています。",
        "--next-update",
        "2026-11-23T14:00+09:00",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{INCIDENT}: status identified → monitoring; update at 2026-11-23T12:00:00+09:00 added (last in the list)",
        f"{INCIDENT}: next_update 2026-11-23T14:00:00+09:00",
    ]
    expected = (
        before.replace(b"status: identified\r\nimpact", b"status: monitoring\r\nimpact")
        .replace(b"next_update: 2026-11-23T13:00:00+09:00", b"next_update: 2026-11-23T14:00:00+09:00")
        .replace(
            "原因を特定しました。設定を元に戻しています。\r\n".encode(),
            "原因を特定しました。設定を元に戻しています。\r\n  - at: 2026-11-23T12:00:00+09:00\r\n"
            "    status: monitoring\r\n    text: 復旧作業が完了し、経過を観察しています。\r\n".encode(),
        )
    )
    assert path.read_bytes() == expected
    assert madoguchi(site, "check").returncode == 0


def test_resolving_sets_resolved_at_after_started(site: Path) -> None:
    path = site / INCIDENT
    before = path.read_bytes()
    result = madoguchi(site, "incident", "update", INCIDENT, "--status", "resolved", "--text", "復旧しました。")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == f"{INCIDENT}: resolved_at 2026-11-23T12:00:00+09:00"
    text = path.read_bytes()
    assert b"status: resolved\r\nimpact" in text
    assert b"started: 2026-11-23T09:40:00+09:00\r\nresolved_at: 2026-11-23T12:00:00+09:00\r\naffected" in text
    assert b"next_update: 2026-11-23T13:00:00+09:00\r\n" in text  # removes nothing
    assert b"# \xe9\x9a\x9c" in text and text.count(b"\r\n") == before.count(b"\r\n") + 4
    assert madoguchi(site, "check").returncode == 0
    # after resolution only a note that keeps `resolved` is accepted
    again = madoguchi(site, "incident", "update", INCIDENT, "--status", "investigating", "--text", "再発")
    assert again.returncode == 1
    assert again.stderr == (
        f"Error: {INCIDENT}: is resolved; an update to it must keep --status resolved. "
        "If the problem is back, open a new incident with `madoguchi new incident`\n"
    )
    note = madoguchi(
        site,
        "incident",
        "update",
        INCIDENT,
        "--status",
        "resolved",
        "--text",
        "調査結果を公開しました。",
        now="2026-11-24T10:00:00+09:00",
    )
    assert note.returncode == 0, note.stderr
    assert path.read_bytes().count(b"resolved_at:") == 1


def test_newest_first_files_get_the_update_on_top(site: Path) -> None:
    path = site / "content/incidents/2026-11-22-newest-first.md"
    path.write_text(
        "---\ntitle: t\nowner: cs-web\nstatus: investigating\nimpact: minor\nstarted: 2026-11-22T09:00:00+09:00\n"
        "updates:\n  - at: 2026-11-22T10:00:00+09:00\n    status: investigating\n    text: b\n"
        "  - at: 2026-11-22T09:30:00+09:00\n    status: investigating\n    text: a\n---\n",
        encoding="utf-8",
    )
    result = madoguchi(site, "incident", "update", str(path), "--status", "identified", "--text", "c")
    assert result.returncode == 0, result.stderr
    assert "added (first in the list)" in result.stdout
    assert (
        "updates:\n  - at: 2026-11-23T12:00:00+09:00\n    status: identified\n    text: c\n  - at: 2026-11-22T10:00"
        in path.read_text(encoding="utf-8")
    )


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["content/faq/ordering/cancel.md", "--status", "identified", "--text", "x"],
            1,
            "Error: content/faq/ordering/cancel.md: not an incident",
        ),
        ([INCIDENT, "--status", "fixed", "--text", "x"], 2, "Invalid value for '--status': 'fixed' is not one of"),
        (
            [INCIDENT, "--status", "monitoring", "--text", "x", "--next-update", "2026-11-23T11:59+09:00"],
            2,
            "Invalid value for --next-update: 2026-11-23T11:59+09:00 is not in the future",
        ),
        (
            [INCIDENT, "--status", "resolved", "--text", "x", "--next-update", "2026-11-24T10:00+09:00"],
            2,
            "Invalid value for --next-update: a resolved incident promises no next update",
        ),
        (
            [INCIDENT, "--status", "monitoring", "--text", "  "],
            2,
            "Invalid value for --text: the update's text is empty",
        ),
    ],
)
def test_refusals_change_nothing(site: Path, args: list[str], code: int, message: str) -> None:
    files = {p: p.read_bytes() for p in (site / "content").rglob("*.md")}
    result = madoguchi(site, "incident", "update", *args)
    assert result.returncode == code
    assert message in result.stderr
    assert {p: p.read_bytes() for p in (site / "content").rglob("*.md")} == files


def test_an_update_that_would_break_the_file_is_not_written(site: Path) -> None:
    # now before `started`: the new update would be dated before the incident began
    before = (site / INCIDENT).read_bytes()
    result = madoguchi(
        site, "incident", "update", INCIDENT, "--status", "monitoring", "--text", "x", now="2026-11-23T09:00:00+09:00"
    )
    assert result.returncode == 1
    assert f"{INCIDENT}:" in result.stderr and "is before started" in result.stderr
    assert result.stderr.endswith(f"Error: {INCIDENT}: the update would make the file invalid; nothing was changed\n")
    assert (site / INCIDENT).read_bytes() == before


def test_an_update_after_the_promised_time_must_make_a_new_promise(site: Path) -> None:
    # The fixture promised the next update for 13:00; at 14:00 an update without a new
    # promise would leave the page showing a time gone by (and the incident overdue).
    before = (site / INCIDENT).read_bytes()
    late = "2026-11-23T14:00:00+09:00"
    refused = madoguchi(site, "incident", "update", INCIDENT, "--status", "monitoring", "--text", "x", now=late)
    assert refused.returncode == 2
    assert "promised the next update for 2026-11-23T13:00:00+09:00, which has passed" in refused.stderr
    assert (site / INCIDENT).read_bytes() == before

    kept = madoguchi(
        site,
        "incident",
        "update",
        INCIDENT,
        "--status",
        "monitoring",
        "--text",
        "x",
        "--next-update",
        "2026-11-23T16:00+09:00",
        now=late,
    )
    assert kept.returncode == 0, kept.stderr
    stale = madoguchi(site, "stale", "--format", "json", now=late)
    assert INCIDENT.removeprefix("content/") not in stale.stdout
