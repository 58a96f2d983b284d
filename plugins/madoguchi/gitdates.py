"""Last-edit times of content files from ONE `git log` pass (not one call per file).

An edit is not a review: these dates are shown as 最終更新 beside 最終確認 (`reviewed`)
and feed the sitemap's lastmod; they never change a freshness state.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime, timezone
from pathlib import Path


def read_last_edits(content_dir: Path) -> tuple[dict[str, datetime], str | None]:
    """({path relative to content_dir: last commit time}, warning or None).

    Shallow clones and missing git give no dates and a warning, never wrong dates.
    """
    if shutil.which("git") is None:
        return {}, "git is not installed: last-edit dates (最終更新) are not shown"

    def git(*args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(["git", "-C", str(content_dir), *args], capture_output=True, check=False)

    probe = git("rev-parse", "--is-shallow-repository")
    if probe.returncode != 0:
        return {}, f"{content_dir} is not in a git repository: last-edit dates (最終更新) are not shown"
    if probe.stdout.strip() == b"true":
        return {}, (
            "the git clone is shallow: last-edit dates (最終更新) are not shown "
            "(fetch the full history, e.g. actions/checkout with fetch-depth: 0)"
        )
    result = git("log", "--format=%x01%ct", "--name-only", "-z", "--relative", "--no-renames", "--", ".")
    if result.returncode != 0:
        return {}, "git log failed: last-edit dates (最終更新) are not shown: " + result.stderr.decode(
            errors="replace"
        ).strip()
    return parse_log(result.stdout), None


def parse_log(output: bytes) -> dict[str, datetime]:
    """Parse `git log --format=%x01%ct --name-only -z`: newest commit first, so first seen wins.

    Each commit reads `\x01<unix time>\x00\n<name>\x00<name>\x00…`.
    """
    dates: dict[str, datetime] = {}
    for chunk in output.split(b"\x01"):
        if not chunk:
            continue
        stamp, _, names = chunk.partition(b"\x00")
        try:
            moment = datetime.fromtimestamp(int(stamp), tz=timezone.utc)
        except ValueError:
            continue
        for name in names.split(b"\x00"):
            name = name.strip(b"\n")
            if name:
                dates.setdefault(name.decode("utf-8", errors="surrogateescape"), moment)
    return dates
