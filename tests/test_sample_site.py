"""The bundled sample site builds, has no broken internal links, and publishes no draft."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REPO, mkdocs_build

SAMPLE_NOW = "2026-11-23T11:00:00+09:00"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site_dir = tmp_path_factory.mktemp("sample") / "site"
    result = mkdocs_build(REPO, "--site-dir", str(site_dir), now=SAMPLE_NOW)
    assert result.returncode == 0, result.stderr
    return site_dir


def test_sample_content_is_large_and_varied_enough() -> None:
    entries = [p for p in (REPO / "content/faq").glob("*/*.md") if p.name != "index.md"]
    categories = {p.parent.name for p in entries}
    assert len(categories) >= 6
    assert len(entries) >= 30
    bodies = {p.read_text(encoding="utf-8").split("---", 2)[2].strip() for p in entries}
    assert len(bodies) == len(entries)  # no repeated template answers


def test_sample_site_has_zero_broken_internal_links(sample: Path, serve) -> None:  # type: ignore[no-untyped-def]
    linkchecker = shutil.which("linkchecker")
    assert linkchecker, "linkchecker is installed with the test extras"
    # Over HTTP, as a reader gets it (linkchecker drops root privileges, so no tmp files).
    result = subprocess.run(
        [linkchecker, "--no-status", "--no-warnings", serve(sample)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors found" in result.stdout


def test_sample_draft_is_nowhere_in_the_output(sample: Path) -> None:
    for file in sample.rglob("*"):
        if file.is_file():
            assert b"DRAFT-MARKER-7f3a" not in file.read_bytes(), file


def test_sample_makes_staleness_visible(sample: Path) -> None:
    import json

    report = json.loads((sample / "freshness.json").read_text(encoding="utf-8"))
    states = [entry["state"] for entry in report["entries"] if entry["type"] == "faq"]
    assert states.count("overdue") >= 1 and states.count("due-soon") >= 1
