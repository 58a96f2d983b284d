"""Fixture sites and real runs: a tests/fixtures/<name>/ tree copied to a temporary folder with
mkdocs.yml and a git history at fixed dates, the sample site built with extra options through
INHERIT, and `mkdocs build` / `madoguchi` as subprocesses with the clock frozen at NOW."""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path

from devkit import git

__all__ = [
    "CLI_OPTIONS",
    "FIXTURES",
    "FIXTURE_MKDOCS_YML",
    "NOW",
    "REPO",
    "build_sample",
    "commit_all",
    "build_with",
    "differences",
    "git",
    "madoguchi",
    "make_site",
    "mkdocs_build",
    "read_page",
    "run",
    "write_internal_yml",
    "write_mkdocs_yml",
]

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
# Frozen "now" used by most tests: Monday 2026-11-23 12:00 in Tokyo.
NOW = "2026-11-23T12:00:00+09:00"
# The sample site is built one hour earlier, as CI publishes it.
SAMPLE_NOW = "2026-11-23T11:00:00+09:00"

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

# The `cli` fixture's contact page names the official 窓口: a site allowlists them (leak guard).
CLI_OPTIONS = """\
      timezone: Asia/Tokyo
      leak_allowlist:
        - support@madoguchi-test.example
        - 0120-111-222"""


def commit_all(root: Path, date: str = "2026-11-01T10:00:00+09:00", message: str = "initial content") -> None:
    """`git init` at `root` (branch main) and one commit of everything at `date`."""
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, date=date)


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
        commit_all(root, commit_date)
    return root


def run(
    args: list[str], cwd: Path, now: str | None = NOW, env: dict[str, str] | None = None, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    """`args` as a subprocess in `cwd`, MADOGUCHI_NOW=`now` (None: the real clock)."""
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


def build_sample(work: Path, extra_yaml: str) -> Path:
    """The sample site (repo mkdocs.yml + content/) strictly built into work/site from a
    work/mkdocs.yml that INHERITs the repository's and adds `extra_yaml`; the site folder."""
    config = work / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {REPO / 'mkdocs.yml'}\ndocs_dir: {REPO / 'content'}\nsite_dir: {work / 'site'}\n" + extra_yaml,
        encoding="utf-8",
    )
    result = run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)], cwd=work, now=SAMPLE_NOW)
    assert result.returncode == 0, result.stderr
    return work / "site"


def read_page(site: Path, url: str) -> str:
    """The HTML of the page at directory URL `url` ("" for the home page) of a built site."""
    return (site / url / "index.html").read_text(encoding="utf-8")


def differences(left: Path, right: Path) -> list[str]:
    """Paths that differ between two built sites (or exist in one only)."""
    found: list[str] = []

    def walk(comparison: filecmp.dircmp[str], prefix: str) -> None:
        found.extend(prefix + name for name in comparison.left_only + comparison.right_only)
        _, mismatch, errors = filecmp.cmpfiles(
            comparison.left, comparison.right, comparison.common_files, shallow=False
        )
        found.extend(prefix + name for name in mismatch + errors)
        for name, sub in comparison.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right), "")
    return sorted(found)


def build_with(root: Path, site_dir: str, setup: str = "", config: str = "mkdocs.yml") -> Path:
    """`mkdocs build` of `root` (its `config`) into root/site_dir in a fresh process that runs the
    Python statements `setup` first (to switch something off for a comparison); the site folder."""
    code = f"{setup}\nfrom mkdocs.__main__ import cli\ncli(['build', '-q', '-f', {config!r}, '-d', {site_dir!r}])\n"
    result = run([sys.executable, "-c", code], cwd=root)
    assert result.returncode == 0, result.stderr
    return root / site_dir
