"""Small content trees written into a folder and read by the model (`load_site`), no MkDocs:
Markdown templates for an FAQ entry and an incident, an incident update line, and a draft
category whose every file carries a marker that must never reach a public page."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from madoguchi.model import Site, load_site
from madoguchi.policy import Policy

NOW = datetime(2026, 11, 23, 12, tzinfo=ZoneInfo("Asia/Tokyo"))  # support.site.NOW as a datetime
FAQ_PAGE = "---\ntitle: {title}\nowner: o\nreviewed: 2026-11-01\n{extra}---\n{body}\n"
INCIDENT_PAGE = (
    "---\ntitle: 障害\nowner: o\nstatus: {status}\nimpact: major\nstarted: 2026-11-20T10:00:00+09:00\n{extra}"
    "updates:\n{updates}---\n"
)
MARKER = "DRAFTCAT-MARKER-51f0"
DRAFT_CATEGORY = {
    "faq/newsvc/index.md": (
        f"---\ntitle: {MARKER} 新サービス\ndescription: {MARKER} 準備中\nowner: cs-new\ndraft: true\n---\n"
        f"{MARKER} カテゴリ本文\n"
    ),
    "faq/newsvc/what.md": FAQ_PAGE.format(title=f"{MARKER} とは？", extra="", body=f"{MARKER} 回答"),
    "faq/newsvc/plan.md": FAQ_PAGE.format(title="計画", extra="draft: true\n", body=f"{MARKER} 計画"),
}


def load_files(tmp_path: Path, files: dict[str, str], *, shown_prefix: str = "content/") -> Site:
    """Write `files` ({path under content/: text}) into tmp_path and load them at NOW."""
    for path, text in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    return load_site(tmp_path, list(files), Policy(), NOW, shown_prefix=shown_prefix)


def incident_update(at: str, status: str = "investigating", text: str = "調査中です。") -> str:
    """One item of an incident's `updates:` list."""
    return f"  - at: {at}\n    status: {status}\n    text: '{text}'\n"
