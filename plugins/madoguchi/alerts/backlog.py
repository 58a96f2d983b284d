"""Backlog (Nulab) API v2: issues in one project, found again by the marker in their
description. The API key travels as the `apiKey` query parameter, so every message that
could show a URL goes through the Redactor (the key is registered as a secret)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from ..config_options import Text, Whole
from .delivery import TrackedIssue, TrackerKind, request
from .options import PER, ApiUrl, EnvName

if TYPE_CHECKING:
    import requests

# The marker is the end of the last line of a description (plan.with_marker): only there
# is it read, so a marker-looking string in a page title cannot pose as another owner's.
MARKER = re.compile(r": (madoguchi:owner=[^\s;>]+(?:;page=[^\s;>]+)?)\s*\Z")
OPEN_STATUSES = (1, 2, 3)  # 未対応, 処理中, 処理済み
CLOSED = 4  # 完了
PAGE = 100


class BacklogConfig(Config):
    """`notify.backlog`."""

    space_url = ApiUrl()
    project_key = Text()
    issue_type_id = Whole(1)  # required
    priority_id = Whole(1, default=3)
    api_key_env = EnvName("BACKLOG_API_KEY")
    per = c.Choice(PER, default="owner")

    @property
    def label(self) -> str:
        return f"Backlog {self.project_key}"

    @property
    def secret_env(self) -> str:
        return self.api_key_env

    @property
    def base_url(self) -> str:
        return self.space_url


class BacklogTracker:
    per: str

    def __init__(self, config: BacklogConfig, api_key: str, *, timeout: float) -> None:
        self.config = config
        self.per = config.per
        self.label = config.label
        self.timeout = timeout
        import requests  # here, not at import: mkdocs.yml's validation imports this module

        self.session = requests.Session()
        self.session.headers["User-Agent"] = "madoguchi-notify"
        self.session.params = {"apiKey": api_key}  # type: ignore[assignment]
        self.base = f"{config.space_url}/api/v2"
        self._project_id: int | None = None

    def _call(self, method: str, path: str, what: str, **kwargs: object) -> requests.Response:
        return request(
            self.session,
            method,
            self.base + path,
            f"{self.label}: {what}",
            timeout=self.timeout,
            **kwargs,
        )

    def project_id(self) -> int:
        if self._project_id is None:
            response = self._call("GET", f"/projects/{self.config.project_key}", "find project")
            self._project_id = int(response.json()["id"])
        return self._project_id

    def open_issues(self) -> list[TrackedIssue]:
        issues: list[TrackedIssue] = []
        offset = 0
        while True:
            params = {
                "projectId[]": self.project_id(),
                "keyword": "madoguchi",
                "statusId[]": list(OPEN_STATUSES),
                "count": PAGE,
                "offset": offset,
            }
            batch = self._call("GET", "/issues", "list issues", params=params).json()
            for issue in batch:
                found = MARKER.search(issue.get("description") or "")
                if found:
                    issues.append(
                        TrackedIssue(
                            issue["issueKey"],
                            found.group(1),
                            issue["summary"],
                            issue["description"],
                        )
                    )
            if len(batch) < PAGE:
                return issues
            offset += PAGE

    def create(self, marker: str, title: str, body: str) -> str:
        data = {
            "projectId": self.project_id(),
            "summary": title,
            "issueTypeId": self.config.issue_type_id,
            "priorityId": self.config.priority_id,
            "description": body,
        }
        return str(self._call("POST", "/issues", "create issue", data=data).json()["issueKey"])

    def update(self, issue: TrackedIssue, title: str, body: str) -> bool:
        if issue.title == title and issue.body == body:
            return False
        self._call(
            "PATCH",
            f"/issues/{issue.ref}",
            f"update {issue.ref}",
            data={"summary": title, "description": body},
        )
        return True

    def close(self, issue: TrackedIssue, comment: str) -> None:
        self._call(
            "POST",
            f"/issues/{issue.ref}/comments",
            f"comment on {issue.ref}",
            data={"content": comment},
        )
        self._call("PATCH", f"/issues/{issue.ref}", f"close {issue.ref}", data={"statusId": CLOSED})


KIND = TrackerKind(
    name="backlog",
    options=BacklogConfig,
    build=lambda config, api_key, timeout: BacklogTracker(config, api_key, timeout=timeout),
    hidden_marker=False,
    required="space_url, project_key, issue_type_id",
)
