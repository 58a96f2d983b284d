"""Customer voice end to end: the real collector (`madoguchi collect` as a process, SQLite),
a site built with `feedback: {endpoint: …}` pointing at it, a reader in headless Chromium
who answers いいえ with a reason, searches for something that is not there, searches again
and opens a result; then `madoguchi insights --format json` shows exactly those events and
the learned pair. Time runs on Playwright's clock; nothing sleeps."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from support.browser import search
from support.site import madoguchi, make_site, mkdocs_build
from support.voice import start_collector, stored_count

pytestmark = pytest.mark.browser

ENTRY = "faq/ordering/cancel/"
ZERO_QUERY = "ぜんぜんかんけいないことば"
GOOD_QUERY = "たいかい"
OPENED = "/faq/account/withdraw/"


def wait_for_rows(db: str, count: int, timeout: float = 20) -> None:
    """Poll the database until `count` events are stored (readiness, not a timed assertion)."""
    deadline = time.monotonic() + timeout
    while stored_count(db) < count:
        assert time.monotonic() < deadline, f"only {stored_count(db)} of {count} events stored"
        time.sleep(0.05)


def test_a_readers_vote_and_searches_reach_the_collector_and_come_back_as_insights(
    tmp_path: Path,
    serve,
    page,  # type: ignore[no-untyped-def]
) -> None:
    root = make_site(tmp_path, options="      timezone: Asia/Tokyo")
    (root / "site").mkdir()
    base = serve(root / "site")  # the site's origin must be known to the collector
    db = f"sqlite:///{tmp_path / 'voice.db'}"
    collector = start_collector(tmp_path, db, "--allow-origin", base.rstrip("/"))
    try:
        config = root / "mkdocs.yml"
        text = config.read_text(encoding="utf-8").replace(
            "      timezone: Asia/Tokyo\n",
            f"      timezone: Asia/Tokyo\n      feedback:\n        endpoint: {collector.events_url}\n",
        )
        config.write_text(
            text.replace("  - madoguchi/incidents\n", "  - madoguchi/incidents\n  - madoguchi/search\n"),
            encoding="utf-8",
        )
        result = mkdocs_build(root)  # the public build ends with the audit: the widget passes it
        assert result.returncode == 0, result.stderr

        page.clock.install()
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(base + ENTRY)
        widget = page.locator("[data-madoguchi-feedback-widget]")
        page.locator("[data-madoguchi-feedback=no]").click()
        widget.get_by_label("わかりにくい").check()
        widget.get_by_role("button", name="送信する").click()
        widget.locator("[data-madoguchi-feedback-thanks]").wait_for()
        wait_for_rows(db, 1)

        search(page, ZERO_QUERY)
        page.locator("[data-madoguchi-search-empty]").wait_for()
        page.clock.run_for(1600)  # the reader stopped typing
        wait_for_rows(db, 2)

        search(page, GOOD_QUERY)
        first = page.locator(".md-search-result__list > li > a").first
        first.wait_for()
        page.clock.run_for(90_000)
        first.click()
        page.wait_for_url(f"**{OPENED}")
        wait_for_rows(db, 4)
    finally:
        collector.stop()

    insights = madoguchi(root, "insights", "--db", db, "--format", "json")
    assert insights.returncode == 0, insights.stderr
    report = json.loads(insights.stdout)
    cancel = [item for item in report["pages"] if item["path"] == "faq/ordering/cancel.md"]
    assert cancel == [
        {
            "path": "faq/ordering/cancel.md",
            "url": "https://faq.example.jp/faq/ordering/cancel/",
            "helpful": 0,
            "unhelpful": 1,
            "reasons": {"outdated": 0, "missing": 0, "unclear": 1, "other": 0},
        }
    ]
    assert report["zero_result_queries"] == [{"query": ZERO_QUERY, "count": 1}]
    assert [set(item["words"]) for item in report["synonym_suggestions"]] == [{ZERO_QUERY, GOOD_QUERY}]
    # the query that later found an answer is not suggested as a new question
    assert ZERO_QUERY not in [item["query"] for item in report["new_questions"]]
