"""`madoguchi init DIR --name NAME [--site-url URL]`: start a new site from the skeleton that
ships inside the package (plugins/madoguchi/skeleton/), so a support team needs nothing but
`pip install madoguchi` to have a site that builds, checks and publishes.

The skeleton's files are copied with a few placeholders filled in; every value that lands in
YAML is written with `edit.yaml_scalar` (a name with quotes, colons or `#` reads back as the
same text) and every value that lands in Markdown text, or in site_name and site_description (MkDocs themes
print them as HTML, attributes included), is HTML-escaped. Files whose names start
with a dot are stored without it (`github/` → `.github/`, `gitignore` → `.gitignore`): package
data globs skip dot-files.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import sys
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import click

from .. import __version__
from ..edit import write_text, yaml_scalar
from ..timeutil import current_time

SKELETON = "skeleton"
# Stored name → name in the new site.
DOTTED = {"github": ".github", "gitignore": ".gitignore", "pre-commit-config.yaml": ".pre-commit-config.yaml"}
SITE_TIMEZONE = "Asia/Tokyo"  # the skeleton's mkdocs.yml sets it


def skeleton_files() -> dict[str, str]:
    """Every skeleton file as (path in the new site, text)."""
    root = resources.files("madoguchi").joinpath(SKELETON)
    files: dict[str, str] = {}

    def walk(node: Traversable, prefix: str) -> None:
        for child in sorted(node.iterdir(), key=lambda item: item.name):
            if child.name == "__pycache__":
                continue
            name = DOTTED.get(child.name, child.name) if not prefix else child.name
            if child.is_dir():
                walk(child, f"{prefix}{name}/")
            else:
                files[f"{prefix}{name}"] = child.read_text(encoding="utf-8")

    walk(root, "")
    return files


def fill(text: str, name: str, site_url: str | None, today: str) -> str:
    values = {
        # MkDocs themes print site_name and site_description as HTML, in text and attributes alike
        "@@SITE_NAME@@": yaml_scalar(html.escape(name)),
        "@@SITE_NAME_TEXT@@": html.escape(name, quote=False),
        "@@SITE_NAME_COMMENT@@": " ".join(name.split()),
        "@@SITE_DESCRIPTION@@": yaml_scalar(html.escape(f"{name} のよくあるご質問・お問い合わせ窓口・障害情報")),
        "@@SITE_URL_LINE@@": f"site_url: {yaml_scalar(site_url)}"
        if site_url
        else "# site_url: https://support.example.jp/   # set it before publishing (canonical URLs, sitemap)",
        "@@COPYRIGHT@@": yaml_scalar(f"&copy; {html.escape(name, quote=False)}"),
        "@@TITLE@@": yaml_scalar(name),  # a page title: the model escapes front-matter values
        "@@TODAY@@": today,
        "@@VERSION@@": __version__,
    }
    for token, value in values.items():
        text = text.replace(token, value)
    return text


def _ask(value: str | None, option: str, prompt: str, required: bool) -> str | None:
    """The option's value; prompted for only when stdin is a terminal."""
    if value is not None:
        return value
    if sys.stdin.isatty():
        answer: str = click.prompt(prompt, default="" if not required else None, show_default=False)
        return answer.strip() or None
    if required:
        raise click.UsageError(f"{option} is required (no terminal to ask on) / {option} を指定してください")
    return None


def _git_init(directory: Path) -> bool:
    """A new git repository in `directory` unless it is already inside one (or git is missing):
    the build reads last-edit dates from git and a strict build warns without it."""
    git = shutil.which("git")
    if git is None:
        return False
    inside = subprocess.run(
        [git, "-C", str(directory), "rev-parse", "--is-inside-work-tree"], capture_output=True, check=False
    )
    if inside.returncode == 0:
        return False
    return (
        subprocess.run(
            [git, "-C", str(directory), "init", "-q", "-b", "main"], capture_output=True, check=False
        ).returncode
        == 0
    )


@click.command(name="init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", help="The site's name, e.g. 'さくら商店 お客様サポート'.")
@click.option("--site-url", help="The public URL, e.g. https://support.example.jp/ (can be set later).")
@click.option("--force", is_flag=True, help="Write into a directory that is not empty (overwrites skeleton files).")
def command(directory: Path, name: str | None, site_url: str | None, force: bool) -> None:
    """新しいサイトを作る / Create a new site in DIRECTORY."""
    if directory.exists() and any(directory.iterdir()) and not force:
        raise click.ClickException(
            f"{directory}: not empty (nothing written; use --force to write into it) / "
            "空でないフォルダーには書きません（--force で上書き）"
        )
    name = _ask(name, "--name", "サイトの名前 / Site name", required=True)
    assert name is not None
    name = name.strip()
    if not name or "\n" in name or "\r" in name:
        raise click.BadParameter("expected one line of text", param_hint="--name")
    site_url = _ask(
        site_url, "--site-url", "公開 URL（あとで設定するなら空） / Public URL (empty: later)", required=False
    )
    if site_url and not site_url.startswith(("https://", "http://")):
        raise click.BadParameter(f"{site_url!r} is not an http(s) URL", param_hint="--site-url")
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    from zoneinfo import ZoneInfo

    today = current_time(ZoneInfo(SITE_TIMEZONE)).date().isoformat()
    files = skeleton_files()
    for path, text in files.items():
        target = directory / path
        target.parent.mkdir(parents=True, exist_ok=True)
        write_text(target, fill(text, name, site_url, today))
    click.echo(f"{directory}: created a Madoguchi site ({len(files)} files) / サイトを作りました")
    if _git_init(directory):
        click.echo("  git init: done (last-edit dates come from git: commit with `git add -A && git commit`)")
    if not site_url:
        click.echo("  site_url: not set yet: set it in mkdocs.yml before publishing (a strict build warns without it)")
    click.echo(f"  cd {directory} && mkdocs serve      # http://127.0.0.1:8000")
    click.echo("  madoguchi check                     # validate / 検証")
    click.echo("  madoguchi import xlsx FAQ.xlsx      # bring in an existing FAQ / 既存の FAQ を取り込む")
