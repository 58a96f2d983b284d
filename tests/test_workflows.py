"""The GitHub Actions workflows users copy: every file in .github/workflows/ passes
actionlint, CI and publishing run the promised gates with the full git history, and the
pull-request summary of overdue pages really lists the touched pages (its script is run)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from support.site import NOW, REPO, git, make_site
from support.skip import missing

WORKFLOWS = REPO / ".github" / "workflows"


def load(name: str) -> dict[str, Any]:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    # YAML 1.1 reads the bare key `on` as the boolean true.
    return workflow.get("on", workflow.get(True)) or {}


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def scripts(workflow: dict[str, Any]) -> str:
    return "\n".join(step.get("run", "") for step in steps(workflow))


def uses(workflow: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [step for step in steps(workflow) if step.get("uses", "").split("@")[0] == action]


def test_every_workflow_passes_actionlint() -> None:
    actionlint = shutil.which("actionlint")
    if actionlint is None:
        missing("actionlint is missing: run scripts/setup-quality-tools")
    files = sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])
    assert {f.name for f in files} >= {"ci.yml", "publish.yml"}
    result = subprocess.run(
        [actionlint, "-no-color", "-format", "{{json .}}", *map(str, files)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    findings = json.loads(result.stdout or "[]")
    assert findings == [], "\n".join(f"{f['filepath']}:{f['line']}:{f['column']}: {f['message']}" for f in findings)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("name", ["ci.yml", "publish.yml"])
def test_gates_run_on_the_full_git_history(name: str) -> None:
    workflow = load(name)
    checkouts = uses(workflow, "actions/checkout")
    assert checkouts and all(step["with"]["fetch-depth"] == 0 for step in checkouts)
    run = scripts(workflow)
    assert "madoguchi check" in run
    assert "mkdocs build --strict" in run
    assert "linkchecker" in run
    assert "GITHUB_STEP_SUMMARY" in run


def test_ci_runs_on_pull_requests_with_read_only_permissions() -> None:
    workflow = load("ci.yml")
    assert "pull_request" in triggers(workflow)
    assert workflow["permissions"] == {"contents": "read"}


def test_publish_deploys_to_github_pages_from_main_only_after_the_gates() -> None:
    workflow = load("publish.yml")
    assert triggers(workflow)["push"]["branches"] == ["main"]
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert uses(workflow, "actions/upload-pages-artifact")[0]["with"]["path"] == "site"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    # the artifact is uploaded only after every gate of the build job
    names = [s.get("uses", s.get("run", "")) for s in build["steps"]]
    upload = next(i for i, n in enumerate(names) if n.startswith("actions/upload-pages-artifact"))
    assert any("linkchecker" in n for n in names[:upload])
    assert any("mkdocs build --strict" in n for n in names[:upload])
    # the folder uploaded is the folder audited, after the build
    build_step = next(i for i, n in enumerate(names) if "mkdocs build --strict" in n)
    assert any(n.strip() == "madoguchi audit site/" for n in names[build_step:upload])
    assert workflow["concurrency"]["cancel-in-progress"] is False


def test_pull_request_summary_lists_the_overdue_pages_it_touches(tmp_path: Path) -> None:
    """The step's own script, run in a repository with a base branch and a PR branch."""
    if shutil.which("jq") is None:
        pytest.fail("jq is missing (preinstalled on GitHub runners; scripts/setup-quality-tools installs it)")
    [step] = [s for s in steps(load("ci.yml")) if s.get("name", "").startswith("Overdue pages this pull request")]
    root = make_site(tmp_path, commit_date="2026-04-01T10:00:00+09:00")
    git(root, "update-ref", "refs/remotes/origin/main", "HEAD")
    git(root, "checkout", "-q", "-b", "fix-typos")
    # payment.md: reviewed 2026-05-20, due 2026-11-16 → overdue; cancel.md is fresh;
    # receipt.md is due soon but untouched: the summary is about this PR's pages only.
    for name in ("payment.md", "cancel.md"):
        path = root / "content/faq/ordering" / name
        path.write_text(path.read_text(encoding="utf-8") + "\n（表記を修正）\n", encoding="utf-8")
    git(root, "commit", "-q", "-am", "typos", date="2026-11-20T10:00:00+09:00")
    summary = tmp_path / "summary.md"
    env = {
        **os.environ,
        "BASE_REF": "main",
        "CONTENT_DIR": "content",
        "GITHUB_STEP_SUMMARY": str(summary),
        "MADOGUCHI_NOW": NOW,
    }
    result = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=root, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    text = summary.read_text(encoding="utf-8")
    assert "| overdue | 2026-11-16" in text and "`faq/ordering/payment.md`" in text
    assert "cancel.md" not in text and "receipt.md" not in text
    assert result.stdout.startswith("::warning file=content/faq/ordering/payment.md,title=overdue::")


def test_pull_request_summary_says_none_when_no_touched_page_is_overdue(tmp_path: Path) -> None:
    [step] = [s for s in steps(load("ci.yml")) if s.get("name", "").startswith("Overdue pages this pull request")]
    root = make_site(tmp_path, commit_date="2026-04-01T10:00:00+09:00")
    git(root, "update-ref", "refs/remotes/origin/main", "HEAD")
    cancel = root / "content/faq/ordering/cancel.md"
    cancel.write_text(cancel.read_text(encoding="utf-8") + "\n追記\n", encoding="utf-8")
    git(root, "commit", "-q", "-am", "fresh page only", date="2026-11-20T10:00:00+09:00")
    summary = tmp_path / "summary.md"
    env = {
        **os.environ,
        "BASE_REF": "main",
        "CONTENT_DIR": "content",
        "GITHUB_STEP_SUMMARY": str(summary),
        "MADOGUCHI_NOW": NOW,
    }
    result = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=root, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "ありません / None." in summary.read_text(encoding="utf-8")
    assert result.stdout == ""


def test_publish_also_runs_daily_so_the_built_state_follows_the_calendar() -> None:
    """docs/calendar.md: the browser keeps the state right; the daily build refreshes what the
    build writes (state without JavaScript, notices over, holidays two years ahead)."""
    [entry] = triggers(load("publish.yml"))["schedule"]
    minute, hour, day, month, weekday = entry["cron"].split()
    assert minute.isdigit() and hour.isdigit() and (day, month, weekday) == ("*", "*", "*")
