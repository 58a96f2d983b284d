"""The hostile fixture (payloads in every front-matter field and in file names) built for real
and loaded page by page in headless Chromium: no dialog may open, no script error may mention
a payload, no request may leave 127.0.0.1; the search shows hostile titles as text and its
"no results" panel shows hostile category titles as text."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from test_hostile_build import ENTRY, FOLDER, build_hostile, typed

pytestmark = pytest.mark.browser

# What a message of a payload that ran, or almost ran, would mention.
PAYLOAD_WORDS = ("alert", "onerror", "onload", "onmouseover", "evil.example", "svg", "<script", "javascript:")

HOVER_ALL = "document.querySelectorAll('*').forEach(e => e.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})))"


class Watch:
    """Dialogs, script errors and requests of one browser tab, recorded as they happen."""

    def __init__(self, tab: Any) -> None:
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.foreign: list[str] = []

        def on_dialog(dialog: Any) -> None:
            self.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        def on_request(route: Any) -> None:
            if urlsplit(route.request.url).hostname == "127.0.0.1":
                route.continue_()
            else:
                self.foreign.append(route.request.url)
                route.abort()

        tab.on("dialog", on_dialog)
        tab.on("pageerror", lambda error: self.errors.append(str(error)))
        tab.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        tab.route("**/*", on_request)

    def check(self, where: str) -> None:
        assert self.dialogs == [], where
        assert self.foreign == [], where
        mentions = [e for e in self.errors if any(word in e.lower() for word in PAYLOAD_WORDS)]
        assert mentions == [], where


def test_every_page_of_the_hostile_site_loads_without_running_a_payload(tmp_path: Path, serve, page) -> None:  # type: ignore[no-untyped-def]
    site = build_hostile(tmp_path)
    base = serve(site)
    watch = Watch(page)
    pages = sorted(site.rglob("*.html"))
    assert len(pages) == 11
    for path in pages:
        url = base + quote(path.relative_to(site).as_posix())
        page.goto(url, wait_until="load")
        # Every element hovered once: an injected `onmouseover` would fire.
        page.evaluate(HOVER_ALL)
        watch.check(url)
        assert (
            page.locator("aside.md-banner .madoguchi-banner__item a").inner_text()
            == typed("incidents/2026-11-23-hostile.md")["title"]
        )


def test_search_shows_hostile_titles_as_text_and_the_no_results_panel_too(tmp_path: Path, serve, page) -> None:  # type: ignore[no-untyped-def]
    site = build_hostile(tmp_path)
    base = serve(site)
    watch = Watch(page)
    page.goto(base)
    page.locator("label.madoguchi-search-launcher").click()
    query = page.locator("input.md-search__input")
    query.wait_for(state="visible")

    # A word of a hostile title: the result shows the title exactly as typed.
    query.type("キャンセル", delay=30)
    page.keyboard.press("End")  # confirms the IME input, as in test_site_browser
    result = page.locator(".md-search-result__item").first
    result.wait_for(state="visible", timeout=10_000)
    assert typed(ENTRY)["title"] in result.locator("h1, h2").first.inner_text()
    tags = result.locator(".md-tag").all_inner_texts()
    assert tags == typed(ENTRY)["tags"]
    watch.check("search results")

    # A payload-shaped query that finds nothing: the panel lists the categories as text.
    query.fill("<marquee>zzqx</marquee>")
    query.press("End")
    panel = page.locator("[data-madoguchi-search-empty]")
    panel.wait_for(state="visible", timeout=10_000)
    categories = panel.locator(".madoguchi-search-empty__categories a").all_inner_texts()
    assert categories == [FOLDER, typed("faq/xss/index.md")["title"]]
    assert panel.locator("script, img, svg, iframe").count() == 0
    page.evaluate(HOVER_ALL)
    watch.check("no results panel")
