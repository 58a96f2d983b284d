"""Shared fixtures, built on tests/support: fixture sites, the sample site built once per
session, a static HTTP server on 127.0.0.1 and headless Debian Chromium through Playwright.
Helpers are imported from support.* (`from support.site import make_site`); the names below
stay importable from conftest for tests written before tests/support existed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from support.browser import CHROMIUM, QuietHandler, launch_chromium, require_chromium, static_server
from support.site import (
    CLI_OPTIONS,
    FIXTURE_MKDOCS_YML,
    FIXTURES,
    NOW,
    REPO,
    SAMPLE_NOW,
    git,
    madoguchi,
    make_site,
    mkdocs_build,
    run,
    write_internal_yml,
    write_mkdocs_yml,
)

__all__ = [
    "CHROMIUM",
    "CLI_OPTIONS",
    "FIXTURES",
    "FIXTURE_MKDOCS_YML",
    "NOW",
    "REPO",
    "git",
    "madoguchi",
    "make_site",
    "mkdocs_build",
    "run",
    "write_internal_yml",
    "write_mkdocs_yml",
]
_QuietHandler = QuietHandler  # the old private name, for tests written before tests/support


@pytest.fixture
def serve() -> Iterator[object]:
    """serve(directory) → base URL of a static HTTP server on 127.0.0.1 (stopped after the test)."""
    with ExitStack() as servers:
        yield lambda directory: servers.enter_context(static_server(directory))


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian Chromium driven by Playwright (never a downloaded browser)."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = launch_chromium(playwright)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ja-JP")
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample site (repo mkdocs.yml + content/) built ONCE per session with
    `--strict` at a frozen now, as CI publishes it; the quality gates read this folder."""
    site_dir = tmp_path_factory.mktemp("sample-site") / "site"
    result = mkdocs_build(REPO, "--strict", "--site-dir", str(site_dir), now=SAMPLE_NOW)
    assert result.returncode == 0, result.stderr
    return site_dir


@pytest.fixture(scope="session")
def sample_internal_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site's internal edition (`-f mkdocs.internal.yml`, INHERIT), built once."""
    site_dir = tmp_path_factory.mktemp("sample-internal") / "site-internal"
    result = mkdocs_build(REPO, "--strict", "-f", "mkdocs.internal.yml", "--site-dir", str(site_dir), now=SAMPLE_NOW)
    assert result.returncode == 0, result.stderr
    return site_dir
