"""GitHub Issues (REST API v3): issues labelled `madoguchi`, found again by their marker."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import requests

from . import options as o
from .delivery import TrackedIssue, TrackerKind, request

# The marker is the last thing of a body (plan.with_marker): only there is it read, so a
# marker-looking string earlier in the body (a page title, a file name) cannot pose as one.
MARKER = re.compile(r"<!-- (madoguchi:owner=[^\s;>]+(?:;page=[^\s;>]+)?) -->\s*\Z")


@dataclass(frozen=True)
class GitHubConfig:
    """`notify.github`."""

    repo: str
    token_env: str = "GITHUB_TOKEN"
    api_url: str = "https://api.github.com"
    labels: tuple[str, ...] = ("madoguchi",)
    per: str = "owner"

    @property
    def label(self) -> str:
        return f"GitHub {self.repo}"

    @property
    def secret_env(self) -> str:
        return self.token_env

    @property
    def base_url(self) -> str:
        return self.api_url


def parse_github(raw: Any, key: str) -> GitHubConfig:
    raw = o.mapping(raw, key)
    o.unknown(raw, ("repo", "token_env", "api_url", "labels", "per"), key)
    if "repo" not in raw:
        raise o.fail(f"{key}.repo", "missing (expected owner/name)")
    repo = o.text(raw["repo"], f"{key}.repo")
    if not re.match(r"^[\w.-]+/[\w.-]+$", repo):
        raise o.fail(f"{key}.repo", f"expected owner/name, got {repo!r}")
    labels = raw.get("labels", ["madoguchi"])
    if not isinstance(labels, list) or not labels:
        raise o.fail(f"{key}.labels", f"expected a non-empty list of label names, got {labels!r}")
    return GitHubConfig(
        repo=repo,
        token_env=o.env_name(raw.get("token_env", "GITHUB_TOKEN"), f"{key}.token_env", "GITHUB_TOKEN"),
        api_url=o.api_url(raw.get("api_url", "https://api.github.com"), f"{key}.api_url"),
        labels=tuple(o.text(label, f"{key}.labels[{i}]") for i, label in enumerate(labels)),
        per=o.choice(raw.get("per", "owner"), f"{key}.per", o.PER),
    )


def github_marker(marker: str) -> str:
    return f"<!-- {marker} -->"


class GitHubTracker:
    per: str

    def __init__(self, config: GitHubConfig, token: str, *, timeout: float) -> None:
        self.config = config
        self.per = config.per
        self.label = config.label
        self.timeout = timeout
        self.session = requests.Session()
        self.session.headers.update(
            {
                "Authorization": f"Bearer {token}",
                "Accept": "application/vnd.github+json",
                "X-GitHub-Api-Version": "2022-11-28",
                "User-Agent": "madoguchi-notify",
            }
        )
        self.base = f"{config.api_url}/repos/{config.repo}/issues"

    def _call(self, method: str, url: str, what: str, **kwargs: object) -> requests.Response:
        return request(self.session, method, url, f"{self.label}: {what}", timeout=self.timeout, **kwargs)

    def open_issues(self) -> list[TrackedIssue]:
        issues: list[TrackedIssue] = []
        url: str | None = self.base
        params: dict[str, object] | None = {
            "state": "open",
            "labels": self.config.labels[0],
            "per_page": 100,
        }
        while url:
            response = self._call("GET", url, "list issues", params=params)
            for issue in response.json():
                found = MARKER.search(issue.get("body") or "")
                if found and "pull_request" not in issue:
                    issues.append(TrackedIssue(f"#{issue['number']}", found.group(1), issue["title"], issue["body"]))
            url = response.links.get("next", {}).get("url")
            params = None  # the next link carries them
        return issues

    def create(self, marker: str, title: str, body: str) -> str:
        payload = {"title": title, "body": body, "labels": list(self.config.labels)}
        response = self._call("POST", self.base, "create issue", json=payload)
        return f"#{response.json()['number']}"

    def update(self, issue: TrackedIssue, title: str, body: str) -> bool:
        if issue.title == title and issue.body == body:
            return False
        self._call(
            "PATCH",
            f"{self.base}/{issue.ref[1:]}",
            f"update issue {issue.ref}",
            json={"title": title, "body": body},
        )
        return True

    def close(self, issue: TrackedIssue, comment: str) -> None:
        number = issue.ref[1:]
        self._call(
            "POST",
            f"{self.base}/{number}/comments",
            f"comment on {issue.ref}",
            json={"body": comment},
        )
        self._call(
            "PATCH",
            f"{self.base}/{number}",
            f"close {issue.ref}",
            json={"state": "closed", "state_reason": "completed"},
        )


KIND = TrackerKind(
    name="github",
    parse=parse_github,
    build=lambda config, token, timeout: GitHubTracker(config, token, timeout=timeout),
    hidden_marker=True,
    required="repo, token_env",
)
