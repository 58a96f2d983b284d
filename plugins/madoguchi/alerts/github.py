"""GitHub Issues (REST API v3): issues labelled `madoguchi`, found again by their marker."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from ..config_options import Items, Text
from .delivery import TrackedIssue, TrackerKind, request
from .options import PER, ApiUrl, EnvName

if TYPE_CHECKING:
    import requests

# The marker is the last thing of a body (plan.with_marker): only there is it read, so a
# marker-looking string earlier in the body (a page title, a file name) cannot pose as one.
MARKER = re.compile(r"<!-- (madoguchi:owner=[^\s;>]+(?:;page=[^\s;>]+)?) -->\s*\Z")


class GitHubConfig(Config):
    """`notify.github`."""

    repo = Text(pattern=r"^[\w.-]+/[\w.-]+$", shape="owner/name")
    token_env = EnvName("GITHUB_TOKEN")
    api_url = ApiUrl("https://api.github.com")
    # the first one finds the issues again; unset (None) is `issue_labels`' default, and the
    # internal edition's report link (report_link.py) then carries no label
    labels = c.Optional(Items(Text()))
    per = c.Choice(PER, default="owner")

    @property
    def label(self) -> str:
        return f"GitHub {self.repo}"

    @property
    def issue_labels(self) -> list[str]:
        return list(self.labels or ["madoguchi"])

    @property
    def secret_env(self) -> str:
        return self.token_env

    @property
    def base_url(self) -> str:
        return self.api_url


def github_marker(marker: str) -> str:
    return f"<!-- {marker} -->"


class GitHubTracker:
    per: str

    def __init__(self, config: GitHubConfig, token: str, *, timeout: float) -> None:
        self.config = config
        self.per = config.per
        self.label = config.label
        self.timeout = timeout
        import requests  # here, not at import: mkdocs.yml's validation imports this module

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
            "labels": self.config.issue_labels[0],
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
        payload = {"title": title, "body": body, "labels": self.config.issue_labels}
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
    options=GitHubConfig,
    build=lambda config, token, timeout: GitHubTracker(config, token, timeout=timeout),
    hidden_marker=True,
    required="repo, token_env",
)
