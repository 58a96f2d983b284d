"""`madoguchi init`: a new site from the skeleton inside the package builds strictly, passes
`madoguchi check` and the audit, has workflows that pass actionlint, names the new company
only (escaped into YAML), and carries nothing of the sample company. One slow test does it
all from a fresh virtualenv that has only the built wheel installed."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from support.site import NOW, REPO, git, madoguchi, mkdocs_build, run
from support.skip import missing

NAME = 'さくら商店: "お客様" サポート #1 <b>'
SAMPLE_STRINGS = ("みどり", "midori", "Midori", "cs-web", "cs-ordering", "0120-123-456")


def init_site(tmp_path: Path, *extra: str, name: str = NAME) -> Path:
    root = tmp_path / "my-support"
    result = madoguchi(tmp_path, "init", str(root), "--name", name, "--site-url", "https://support.example.jp", *extra)
    assert result.returncode == 0, result.stderr
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "new site", date="2026-11-20T10:00:00+09:00")
    return root


def all_text(root: Path) -> str:
    return "\n".join(
        path.read_bytes().decode("utf-8", errors="replace")
        for path in sorted(root.rglob("*"))
        if path.is_file() and ".git" not in path.parts
    )


def test_a_new_site_builds_strictly_checks_and_passes_the_audit(tmp_path: Path) -> None:
    root = init_site(tmp_path)
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and ".git" not in p.parts)
    assert files == [
        ".github/workflows/check.yml",
        ".github/workflows/publish.yml",
        ".github/workflows/staleness-alerts.yml",
        ".gitignore",
        ".pre-commit-config.yaml",
        "README.md",
        "content/_data/synonyms.yml",
        "content/contact.md",
        "content/faq/getting-started/how-to-search.md",
        "content/faq/getting-started/index.md",
        "content/index.md",
        "mkdocs.internal.yml",
        "mkdocs.yml",
        "requirements.txt",
    ]
    check = madoguchi(root, "check")
    assert check.returncode == 0, check.stderr
    assert "1 FAQ entries" in check.stdout and "0 error(s)" in check.stdout
    build = mkdocs_build(root, "--strict")
    assert build.returncode == 0, build.stderr
    page = (root / "site" / "faq" / "getting-started" / "how-to-search" / "index.html").read_text(encoding="utf-8")
    assert "知りたいことが見つからないときは" in page
    assert "2026年11月23日" in page  # reviewed: the day the site was created (frozen now)
    audit = madoguchi(root, "audit", "site/")
    assert audit.returncode == 0, audit.stdout + audit.stderr
    internal = mkdocs_build(root, "--strict", "-f", "mkdocs.internal.yml")
    assert internal.returncode == 0, internal.stderr
    assert (root / "site-internal" / "freshness.json").is_file()


def test_the_name_and_url_are_escaped_into_yaml_and_markdown(tmp_path: Path) -> None:
    root = init_site(tmp_path)
    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.Loader)  # noqa: S506 - !!python tags
    # MkDocs themes print site_name as HTML (in attributes too): it is written escaped
    assert config["site_name"] == "さくら商店: &quot;お客様&quot; サポート #1 &lt;b&gt;"
    assert config["site_url"] == "https://support.example.jp/"
    assert config["copyright"] == '&copy; さくら商店: "お客様" サポート #1 &lt;b&gt;'
    home = (root / "content" / "index.md").read_text(encoding="utf-8")
    assert 'さくら商店: "お客様" サポート #1 &lt;b&gt;のサポートページです。' in home
    assert mkdocs_build(root, "--strict").returncode == 0
    html = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert "サポート #1 <b>" not in html and '"さくら商店: "お客様"' not in html
    assert (
        "<title>さくら商店: &#34;お客様&#34; サポート #1 &lt;b&gt; - さくら商店: &quot;お客様&quot; サポート #1 &lt;b&gt;</title>"
        in html
    )


def test_nothing_of_the_sample_company_remains(tmp_path: Path) -> None:
    root = init_site(tmp_path)
    mkdocs_build(root)
    text = all_text(root)
    for sample in SAMPLE_STRINGS:
        assert sample not in text, sample


def test_the_new_sites_workflows_pass_actionlint(tmp_path: Path) -> None:
    actionlint = shutil.which("actionlint")
    if actionlint is None:
        missing("actionlint is missing: run scripts/setup-quality-tools")
    root = init_site(tmp_path)
    files = sorted((root / ".github" / "workflows").glob("*.yml"))
    result = subprocess.run(
        [actionlint, "-no-color", "-format", "{{json .}}", *map(str, files)], cwd=root, capture_output=True, text=True
    )
    assert json.loads(result.stdout or "[]") == [] and result.returncode == 0, result.stdout + result.stderr
    publish = (root / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8")
    assert publish.index("madoguchi audit site/") < publish.index("upload-pages-artifact")
    alerts = (root / ".github" / "workflows" / "staleness-alerts.yml").read_text(encoding="utf-8")
    assert set(re.findall(r"secrets\.(\w+)", alerts)) <= {
        "GITHUB_TOKEN",
        "MADOGUCHI_SLACK_DEFAULT_URL",
        "MADOGUCHI_MAIL_URL",
    }
    hooks = yaml.safe_load((root / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert hooks["repos"][0]["hooks"][0]["entry"] == "madoguchi check"


def test_a_new_sites_publish_workflow_also_runs_daily_so_the_built_state_follows_the_calendar(tmp_path: Path) -> None:
    root = init_site(tmp_path)
    workflow = yaml.safe_load((root / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads the bare key `on` as true
    assert set(triggers) == {"push", "schedule", "workflow_dispatch"}
    [entry] = triggers["schedule"]
    minute, hour, day, month, weekday = entry["cron"].split()
    assert minute.isdigit() and hour.isdigit() and (day, month, weekday) == ("*", "*", "*")


def test_init_refuses_a_directory_that_is_not_empty_unless_forced(tmp_path: Path) -> None:
    root = tmp_path / "existing"
    root.mkdir()
    (root / "notes.txt").write_text("mine", encoding="utf-8")
    refused = madoguchi(tmp_path, "init", str(root), "--name", "さくら商店")
    assert refused.returncode == 1
    assert "not empty" in refused.stderr
    assert sorted(p.name for p in root.iterdir()) == ["notes.txt"]
    forced = madoguchi(tmp_path, "init", str(root), "--name", "さくら商店", "--force")
    assert forced.returncode == 0, forced.stderr
    assert (root / "mkdocs.yml").is_file() and (root / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_init_without_a_terminal_asks_nothing_and_names_the_missing_option(tmp_path: Path) -> None:
    result = madoguchi(tmp_path, "init", str(tmp_path / "new"), input="")
    assert result.returncode == 2
    assert "--name is required" in result.stderr
    assert not (tmp_path / "new").exists()


@pytest.mark.slow
def test_a_new_site_works_from_a_fresh_virtualenv_with_only_the_wheel(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    source = tmp_path / "source"  # a copy: building writes build/ and *.egg-info beside the sources
    shutil.copytree(REPO / "plugins", source / "plugins", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    built = run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(source), "-w", str(wheels)], cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    venv = tmp_path / "venv"
    base = "/usr/bin/python3" if Path("/usr/bin/python3").exists() else sys.executable
    clean = {"PYTHONPATH": ""}  # nothing of the repository's own copy may be seen
    assert run([base, "-m", "venv", str(venv)], cwd=tmp_path, env=clean).returncode == 0
    bin_dir = venv / "bin"
    installed = run([str(bin_dir / "pip"), "install", "-q", *map(str, wheels.glob("*.whl"))], cwd=tmp_path, env=clean)
    assert installed.returncode == 0, installed.stderr
    env = {"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "PYTHONPATH": "", "MADOGUCHI_NOW": NOW}
    root = tmp_path / "my-support"
    made = run(
        [
            str(bin_dir / "madoguchi"),
            "init",
            str(root),
            "--name",
            "さくら商店 お客様サポート",
            "--site-url",
            "https://support.example.jp/",
        ],
        cwd=tmp_path,
        env=env,
    )
    assert made.returncode == 0, made.stderr
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "new site", date="2026-11-20T10:00:00+09:00")
    where = run([str(bin_dir / "python"), "-c", "import madoguchi; print(madoguchi.__file__)"], cwd=root, env=env)
    assert str(venv) in where.stdout  # the wheel's copy, not the repository's
    check = run([str(bin_dir / "madoguchi"), "check"], cwd=root, env=env)
    assert check.returncode == 0, check.stderr
    build = run([str(bin_dir / "mkdocs"), "build", "--strict"], cwd=root, env=env)
    assert build.returncode == 0, build.stderr
    assert "知りたいことが見つからないときは" in (
        root / "site" / "faq" / "getting-started" / "how-to-search" / "index.html"
    ).read_text(encoding="utf-8")
