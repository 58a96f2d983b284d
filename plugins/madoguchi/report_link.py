"""The internal edition's "この回答の誤りを報告" link: a URL that opens a new issue in the team's
tracker (GitHub or Backlog), prefilled with the page, its source file and its owner, so a
support operator who finds a wrong answer tells the owner in one click instead of in chat.

Configured by the `report_issue` option of `madoguchi/freshness`; by default it follows the
tracker `notify` already knows (`notify.github.repo`, else `notify.backlog`). Pure: no
MkDocs import. Every query value is percent-encoded (RFC 3986, UTF-8): a page title is
text, never part of the URL's syntax.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

GITHUB = "github"
BACKLOG = "backlog"
GITHUB_WEB = "https://github.com"
_REPO = re.compile(r"^[\w.-]+/[\w.-]+$")
_PROJECT_KEY = re.compile(r"^[A-Z0-9_]+$")
_OPTIONS = ("github", "github_url", "backlog", "project", "labels")


class ReportLinkError(ValueError):
    """An invalid `report_issue` value; the message starts with the key."""


@dataclass(frozen=True)
class IssueTracker:
    kind: str  # github | backlog
    base_url: str  # https://github.com/owner/name, or https://space.backlog.jp
    project: str = ""  # Backlog project key
    labels: tuple[str, ...] = ()

    def new_issue_url(self, *, title: str, page_url: str, source: str, owner: str | None, language: str) -> str:
        """The tracker's "new issue" page for a report about one page."""
        t = LINK_STRINGS.get(language.split("-")[0].lower(), LINK_STRINGS["ja"])
        summary = t["summary"].format(title=title)
        lines = [
            t["intro"],
            "",
            f"- {t['page']}: {page_url}",
            f"- {t['source']}: {source}",
            f"- {t['owner']}: {owner or '-'}",
            "",
            t["prompt"],
            "",
        ]
        description = "\n".join(lines)
        if self.kind == GITHUB:
            query: dict[str, str] = {"title": summary, "body": description}
            if self.labels:
                query["labels"] = ",".join(self.labels)
            return f"{self.base_url}/issues/new?{urlencode(query, quote_via=quote)}"
        query = {"summary": summary, "description": description}
        return f"{self.base_url}/add/{quote(self.project, safe='')}?{urlencode(query, quote_via=quote)}"


LINK_STRINGS: dict[str, dict[str, str]] = {
    "ja": {
        "summary": "【誤りの報告】{title}",
        "intro": "社内版のページから、回答の誤りの報告です。",
        "page": "ページ",
        "source": "ファイル",
        "owner": "担当",
        "prompt": "誤っている箇所と正しい内容:",
    },
    "en": {
        "summary": "[Error report] {title}",
        "intro": "An error reported from the internal edition.",
        "page": "Page",
        "source": "File",
        "owner": "Owner",
        "prompt": "What is wrong, and what is right:",
    },
}


def _fail(key: str, message: str) -> ReportLinkError:
    return ReportLinkError(f"{key}: {message}")


def _http_url(value: Any, key: str) -> str:
    if not isinstance(value, str) or urlsplit(value).scheme not in ("http", "https") or not urlsplit(value).netloc:
        raise _fail(key, f"expected an http(s) URL, got {value!r}")
    return value.rstrip("/")


def _labels(value: Any, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise _fail(key, f"expected a list of label names, got {value!r}")
    return tuple(value)


def tracker_from_options(report_issue: Any, notify: Any, key: str = "report_issue") -> IssueTracker | None:
    """The tracker of the report link, or None (no link).

    `report_issue: false` → none; `true` (default) → `notify.github` (repo, labels), else
    `notify.backlog` (space_url, project_key), else none; a mapping → its own settings:
    `github: owner/name` (`github_url` for GitHub Enterprise) or `backlog: https://space.backlog.jp`
    with `project: KEY`, and `labels` (GitHub). Raises ReportLinkError."""
    if report_issue is False:
        return None
    if report_issue is True:
        return _from_notify(notify if isinstance(notify, Mapping) else {})
    if not isinstance(report_issue, Mapping):
        raise _fail(key, f"expected true, false or a mapping, got {report_issue!r}")
    unknown = sorted(set(report_issue) - set(_OPTIONS))
    if unknown:
        raise _fail(f"{key}.{unknown[0]}", f"unknown option (expected one of {', '.join(_OPTIONS)})")
    if ("github" in report_issue) == ("backlog" in report_issue):
        raise _fail(key, "expected exactly one of github (owner/name) or backlog (the space URL)")
    labels = _labels(report_issue.get("labels"), f"{key}.labels")
    if "github" in report_issue:
        repo = report_issue["github"]
        if not isinstance(repo, str) or not _REPO.match(repo):
            raise _fail(f"{key}.github", f"expected owner/name, got {repo!r}")
        web = _http_url(report_issue.get("github_url", GITHUB_WEB), f"{key}.github_url")
        return IssueTracker(GITHUB, f"{web}/{repo}", labels=labels)
    space = _http_url(report_issue["backlog"], f"{key}.backlog")
    project = report_issue.get("project")
    if not isinstance(project, str) or not _PROJECT_KEY.match(project):
        raise _fail(f"{key}.project", f"expected the Backlog project key (e.g. CS), got {project!r}")
    return IssueTracker(BACKLOG, space, project=project, labels=labels)


def _from_notify(notify: Mapping[str, Any]) -> IssueTracker | None:
    """The tracker `notify` files staleness issues in (its own validation runs in `madoguchi
    notify`; values that do not fit give no link here rather than a second error)."""
    github = notify.get("github")
    if isinstance(github, Mapping) and isinstance(github.get("repo"), str) and _REPO.match(github["repo"]):
        web = GITHUB_WEB
        api = github.get("api_url")
        if isinstance(api, str) and api.rstrip("/").endswith("/api/v3"):  # GitHub Enterprise Server
            web = api.rstrip("/")[: -len("/api/v3")]
        labels = github.get("labels")
        return IssueTracker(GITHUB, f"{web}/{github['repo']}", labels=_safe_labels(labels))
    backlog = notify.get("backlog")
    if isinstance(backlog, Mapping):
        space, project = backlog.get("space_url"), backlog.get("project_key")
        if isinstance(space, str) and urlsplit(space).scheme in ("http", "https") and isinstance(project, str):
            return IssueTracker(BACKLOG, space.rstrip("/"), project=project)
    return None


def _safe_labels(value: Any) -> tuple[str, ...]:
    try:
        return _labels(value, "labels")
    except ReportLinkError:
        return ()
