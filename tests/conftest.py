"""Shared fixtures: fixture sites copied to tmp_path with a real git history at fixed dates,
real `mkdocs build` and `madoguchi` runs as subprocesses, a static HTTP server on 127.0.0.1,
and headless Debian Chromium through Playwright."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHROMIUM = "/usr/bin/chromium"
# Frozen "now" used by most tests: Monday 2026-11-23 12:00 in Tokyo.
NOW = "2026-11-23T12:00:00+09:00"

FIXTURE_MKDOCS_YML = """\
site_name: テストサイト
site_url: https://faq.example.jp/
docs_dir: content
theme:
  name: material
  language: ja
  font: false
plugins:
  - search:
      lang: ja
  - madoguchi/freshness:
{options}
  - madoguchi/incidents
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - tables
  - pymdownx.details
  - pymdownx.superfences
  - toc:
      permalink: true
      slugify: !!python/object/apply:pymdownx.slugs.slugify
        kwds:
          case: lower
"""


def git(cwd: Path, *args: str, date: str | None = None) -> str:
    env = dict(os.environ)
    env.update(
        GIT_AUTHOR_NAME="Editor",
        GIT_AUTHOR_EMAIL="editor@example.invalid",
        GIT_COMMITTER_NAME="Editor",
        GIT_COMMITTER_EMAIL="editor@example.invalid",
    )
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    result = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True)
    return result.stdout


# The `cli` fixture's contact page names the official 窓口: a site allowlists them (leak guard).
CLI_OPTIONS = """\
      timezone: Asia/Tokyo
      leak_allowlist:
        - support@madoguchi-test.example
        - 0120-111-222"""


def write_mkdocs_yml(root: Path, options: str = "      timezone: Asia/Tokyo", extra: str = "") -> Path:
    """mkdocs.yml for a fixture site; `options` are the indented madoguchi/freshness options."""
    path = root / "mkdocs.yml"
    path.write_text(FIXTURE_MKDOCS_YML.format(options=options) + extra, encoding="utf-8")
    return path


def write_internal_yml(root: Path, name: str = "mkdocs.internal.yml") -> str:
    """The fixture's mkdocs.yml as the internal edition (`edition: internal`, site_dir
    site-internal), as a full copy: the fixture's `plugins` is a list, which INHERIT would
    replace rather than merge. Returns the file name, for `-f`."""
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    marker = "  - madoguchi/freshness:\n"
    assert marker in text
    text = text.replace(marker, marker + "      edition: internal\n", 1)
    (root / name).write_text("site_dir: site-internal\n" + text, encoding="utf-8")
    return name


def make_site(
    tmp_path: Path,
    fixture: str = "basic",
    *,
    commit_date: str | None = "2026-11-01T10:00:00+09:00",
    options: str = "      timezone: Asia/Tokyo",
) -> Path:
    """Copy tests/fixtures/<fixture>/ (a `content/` tree) to tmp_path/site, write mkdocs.yml,
    and commit everything once at `commit_date` (None: no git repository at all)."""
    root = tmp_path / "site"
    shutil.copytree(FIXTURES / fixture, root)
    write_mkdocs_yml(root, options)
    if commit_date:
        git(root, "init", "-q", "-b", "main")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "initial content", date=commit_date)
    return root


def run(
    args: list[str], cwd: Path, now: str | None = NOW, env: dict[str, str] | None = None, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = dict(os.environ)
    full_env["NO_MKDOCS_2_WARNING"] = "1"
    if now:
        full_env["MADOGUCHI_NOW"] = now
    else:
        full_env.pop("MADOGUCHI_NOW", None)
    full_env.update(env or {})
    return subprocess.run(args, cwd=cwd, env=full_env, capture_output=True, text=True, input=input)


def mkdocs_build(
    root: Path, *extra: str, now: str | None = NOW, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """A real `mkdocs build` of the site at `root` (output in root/site)."""
    return run([sys.executable, "-m", "mkdocs", "build", *extra], cwd=root, now=now, env=env)


def madoguchi(
    root: Path, *args: str, now: str | None = NOW, env: dict[str, str] | None = None, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    """The installed `madoguchi` console script, run in `root`."""
    exe = shutil.which("madoguchi") or "madoguchi"
    return run([exe, *args], cwd=root, now=now, env=env, input=input)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, no request log. The `LinkChecker` header lets LinkChecker go past its
    default 10 requests per second (about 5 s instead of 30 s for the sample site)."""

    def end_headers(self) -> None:
        self.send_header("LinkChecker", "madoguchi-tests")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture
def serve():
    """serve(directory) → base URL of a static HTTP server on 127.0.0.1 (stopped after the test)."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(directory: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(directory))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian Chromium driven by Playwright (never a downloaded browser)."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run must install Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
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
    result = mkdocs_build(REPO, "--strict", "--site-dir", str(site_dir), now="2026-11-23T11:00:00+09:00")
    assert result.returncode == 0, result.stderr
    return site_dir


@pytest.fixture(scope="session")
def sample_internal_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site's internal edition (`-f mkdocs.internal.yml`, INHERIT), built once."""
    site_dir = tmp_path_factory.mktemp("sample-internal") / "site-internal"
    result = mkdocs_build(
        REPO, "--strict", "-f", "mkdocs.internal.yml", "--site-dir", str(site_dir), now="2026-11-23T11:00:00+09:00"
    )
    assert result.returncode == 0, result.stderr
    return site_dir
