"""Headless Debian Chromium and local servers for the browser tests: the launch and the static
server come from scripts/devkit.py (the benchmarks use the same), plus what several browser
tests do the same way (typing into Material's search box, axe-core from tests/node)."""

from __future__ import annotations

import os
from typing import Any

from devkit import CHROMIUM, CHROMIUM_ARGS, QuietHandler, launch_chromium, static_server
from support.site import REPO
from support.skip import missing

__all__ = [
    "AXE",
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "QuietHandler",
    "axe_source",
    "launch_chromium",
    "require_chromium",
    "search",
    "search_answered",
    "static_server",
]

AXE = REPO / "tests" / "node" / "node_modules" / "axe-core" / "axe.min.js"


def require_chromium() -> None:
    if not os.path.exists(CHROMIUM):
        missing(f"{CHROMIUM} is missing: apt-get install chromium (scripts/setup --browser)")


def axe_source() -> str:
    """axe-core's script, installed from the npm registry into tests/node."""
    if not AXE.is_file():
        missing(f"{AXE} is missing: run `npm ci` in tests/node (scripts/setup-quality-tools)")
    return AXE.read_text(encoding="utf-8")


def search(page: Any, query: str) -> None:
    """Type `query` into Material's search box (opening it first on a phone)."""
    box = page.locator("input[data-md-component=search-query]")
    if not box.is_visible():
        page.locator("label[for=__search]").first.click()
    box.fill(query)
    box.press("End")


def search_answered(page: Any, query: str) -> None:
    """`search`, then wait until madoguchi-search.js announces this query's result (the
    previous query's list, or its "no results" panel, stays on screen until then)."""
    page.evaluate(
        "q => { window.__answered = false; document.addEventListener('madoguchi:search',"
        " e => { if (e.detail.query === q) window.__answered = true }) }",
        query,
    )
    search(page, query)
    page.wait_for_function("window.__answered === true")
