"""The bundled sample site is realistic, publishes no draft, and shows staleness."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.site import REPO


@pytest.fixture
def sample(sample_site: Path) -> Path:
    """The sample site, built once per session with --strict (conftest); links: test_quality_links."""
    return sample_site


def test_sample_content_is_large_and_varied_enough() -> None:
    entries = [p for p in (REPO / "content/faq").glob("*/*.md") if p.name != "index.md"]
    categories = {p.parent.name for p in entries}
    assert len(categories) >= 6
    assert len(entries) >= 30
    bodies = {p.read_text(encoding="utf-8").split("---", 2)[2].strip() for p in entries}
    assert len(bodies) == len(entries)  # no repeated template answers


def test_sample_draft_is_nowhere_in_the_output(sample: Path) -> None:
    for file in sample.rglob("*"):
        if file.is_file():
            assert b"DRAFT-MARKER-7f3a" not in file.read_bytes(), file


def test_sample_makes_staleness_visible(sample_internal_site: Path) -> None:
    import json

    report = json.loads((sample_internal_site / "freshness.json").read_text(encoding="utf-8"))
    states = [entry["state"] for entry in report["entries"] if entry["type"] == "faq"]
    assert states.count("overdue") >= 1 and states.count("due-soon") >= 1
