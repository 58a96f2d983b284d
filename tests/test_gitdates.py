"""Last-edit dates come from one `git log` pass; the newest commit touching a file wins."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from madoguchi.gitdates import parse_log, read_last_edits
from support.site import git


def test_parse_log_newest_commit_wins_and_names_are_not_quoted() -> None:
    output = (
        b"\x011795400000\x00\nfaq/a.md\x00faq/\xe3\x81\x82.md\x00"  # newest first; a Japanese file name
        b"\x011795300000\x00\nfaq/a.md\x00faq/b.md\x00"
    )
    dates = parse_log(output)
    assert dates == {
        "faq/a.md": datetime.fromtimestamp(1795400000, tz=timezone.utc),
        "faq/あ.md": datetime.fromtimestamp(1795400000, tz=timezone.utc),
        "faq/b.md": datetime.fromtimestamp(1795300000, tz=timezone.utc),
    }


def test_reads_paths_relative_to_the_content_folder(tmp_path: Path) -> None:
    (tmp_path / "content/faq").mkdir(parents=True)
    (tmp_path / "content/faq/a.md").write_text("a", encoding="utf-8")
    (tmp_path / "README.md").write_text("r", encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "one", date="2026-01-02T03:04:05+09:00")
    dates, warning = read_last_edits(tmp_path / "content")
    assert warning is None
    assert dates == {"faq/a.md": datetime(2026, 1, 1, 18, 4, 5, tzinfo=timezone.utc)}


def test_no_repository_is_a_warning(tmp_path: Path) -> None:
    dates, warning = read_last_edits(tmp_path)
    assert dates == {}
    assert warning is not None and "not in a git repository" in warning
