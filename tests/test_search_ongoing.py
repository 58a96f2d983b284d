"""Search knows what is happening now: while an incident is ongoing, a query matching its
title or affected services lists it first, marked 対応中 (the sample site at its frozen now,
where the app-login incident is being monitored and the card-payment one is resolved)."""

from __future__ import annotations

from pathlib import Path

import pytest

from madoguchi.search_shards import read_site_index

ONGOING = "incidents/2026-11-23-app-login/"


def first_results(page, base: str, query: str) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    box = page.locator("input[data-md-component=search-query]")
    # the previous query's list stays until this one's result comes (madoguchi-search.js
    # announces each result): wait for it, then for Material to render it
    page.evaluate(
        "q => { window.__answered = false; document.addEventListener('madoguchi:search',"
        " e => { if (e.detail.query === q) window.__answered = true }) }",
        query,
    )
    box.fill(query)
    box.press("End")
    page.wait_for_function("window.__answered === true")
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    items = page.locator(".md-search-result__list > li > a")
    items.first.wait_for()
    return [
        (items.nth(n).get_attribute("href").removeprefix(base), items.nth(n).locator("h1").inner_text())
        for n in range(min(3, items.count()))
    ]


@pytest.mark.browser
def test_a_query_matching_an_ongoing_incident_lists_it_first_marked_ongoing(
    sample_site: Path,
    serve,
    page,  # type: ignore[no-untyped-def]
) -> None:
    base = serve(sample_site)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base)
    page.locator("input[data-md-component=search-query]").click()
    for query in ("ログインできない", "アプリ", "サインインできない"):  # title, affected service, paraphrase
        results = first_results(page, base, query)
        assert results[0][0].startswith(ONGOING), (query, results)
        assert results[0][1].startswith("【対応中】"), results
        assert all(not title.startswith("【対応中】") for _, title in results[1:])
    # An answer about something else, and a resolved incident, come as before
    results = first_results(page, base, "カード使えない")
    assert not results[0][0].startswith("incidents/") and all("対応中" not in title for _, title in results)


def test_only_ongoing_incidents_get_the_ongoing_field_of_the_term_index(sample_site: Path) -> None:
    index = read_site_index(sample_site / "search")
    assert list(index.manifest["fields"]) == ["kn", "kt", "kx", "ko"]
    ongoing_pages = {page for term in index.terms for page in index.pages(term, "ko")}
    assert ongoing_pages == {ONGOING}
    marked = [doc["location"] for doc in index.documents if doc["title"].startswith("【対応中】")]
    assert marked == [ONGOING]
