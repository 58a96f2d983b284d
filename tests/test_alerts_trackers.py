"""Issue trackers live in one registry (trackers.TRACKERS): a tracker added there as one
module gets config, the secret rules, the https rule, output and syncing with no other
change. Shown with a Forgejo-style tracker defined here, run against a real local server."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from test_alerts_digest import NOW, TOKYO, item
from test_alerts_notify import GITHUB_TOKEN, FakeGitHub

from madoguchi.alerts import options as o
from madoguchi.alerts.config import AlertConfigError, parse_alert_config
from madoguchi.alerts.delivery import Retry, Tracker, TrackerKind
from madoguchi.alerts.digest import build_digests
from madoguchi.alerts.github import GitHubConfig, GitHubTracker
from madoguchi.alerts.run import AlertRun
from madoguchi.alerts.secrets import Redactor
from madoguchi.alerts.trackers import TRACKERS


@dataclass(frozen=True)
class ForgejoConfig:
    repo: str
    api_url: str
    per: str = "owner"

    @property
    def label(self) -> str:
        return f"Forgejo {self.repo}"

    @property
    def secret_env(self) -> str:
        return "MADOGUCHI_FORGEJO_TOKEN"

    @property
    def base_url(self) -> str:
        return self.api_url


def parse_forgejo(raw: Any, key: str) -> ForgejoConfig:
    raw = o.mapping(raw, key)
    o.unknown(raw, ("repo", "api_url"), key)
    return ForgejoConfig(o.text(raw["repo"], f"{key}.repo"), o.api_url(raw["api_url"], f"{key}.api_url"))


def build_forgejo(config: ForgejoConfig, token: str, timeout: float) -> Tracker:
    # Forgejo's issues API has GitHub's shape
    return GitHubTracker(GitHubConfig(config.repo, api_url=config.api_url), token, timeout=timeout)


FORGEJO = TrackerKind("forgejo", parse_forgejo, build_forgejo, hidden_marker=True, required="repo, api_url")


@pytest.fixture
def forgejo(monkeypatch: pytest.MonkeyPatch) -> TrackerKind[ForgejoConfig]:
    monkeypatch.setitem(TRACKERS, "forgejo", FORGEJO)
    return FORGEJO


def test_the_built_in_trackers_are_the_registry() -> None:
    assert list(TRACKERS) == ["github", "backlog"]
    assert all(kind.name == name for name, kind in TRACKERS.items())


def test_a_registered_tracker_is_configured_switched_and_checked_like_the_built_in_ones(
    forgejo: TrackerKind[ForgejoConfig],
) -> None:
    config = parse_alert_config(
        {
            "defaults": {"forgejo": True},
            "owners": {"cs-members": {"forgejo": False}},
            "forgejo": {"repo": "midori/support", "api_url": "https://forge.example.jp/api/v1"},
        }
    )
    assert config.trackers["forgejo"] == ForgejoConfig("midori/support", "https://forge.example.jp/api/v1")
    assert "forgejo" in config.destinations("cs-ordering").trackers
    assert "forgejo" not in config.destinations("cs-members").trackers
    assert config.secret_names() == {"MADOGUCHI_FORGEJO_TOKEN"}
    with pytest.raises(AlertConfigError, match=r"^notify\.forgejo\.api_url: http:// はトークンを平文で"):
        parse_alert_config({"forgejo": {"repo": "a/b", "api_url": "http://forge.example.jp"}})
    with pytest.raises(
        AlertConfigError, match=r"^notify\.defaults\.forgejo: is true but notify\.forgejo \(repo, api_url\)"
    ):
        parse_alert_config({"defaults": {"forgejo": True}})


def test_a_registered_tracker_syncs_issues_with_no_other_change(
    forgejo: TrackerKind[ForgejoConfig], httpserver: HTTPServer
) -> None:
    server = FakeGitHub(httpserver)
    config = parse_alert_config(
        {
            "defaults": {"forgejo": True},
            "forgejo": {"repo": "midori/support", "api_url": httpserver.url_for("/").rstrip("/")},
        }
    )
    items = [
        item("faq/a.md", "overdue", NOW - timedelta(days=3)),
        item("faq/b.md", "due-soon", NOW + timedelta(days=2)),
    ]
    lines: list[str] = []
    redactor = Redactor()
    run = AlertRun(
        config=config,
        digests=build_digests(items, config),
        now=NOW,
        tz=TOKYO,
        environ={"MADOGUCHI_FORGEJO_TOKEN": GITHUB_TOKEN},
        redactor=redactor,
        out=lambda line: lines.append(redactor(line)),
        err=lambda line: lines.append(redactor(line)),
        retry=Retry(attempts=1, backoff=0),
    )

    assert run.run(["cs-ordering"]) == []
    (issue,) = server.open_issues()
    assert issue["title"] == "[窓口] cs-ordering: 要再確認 1件・まもなく再確認 1件"
    assert issue["body"].endswith("<!-- madoguchi:owner=cs-ordering -->")
    assert "=== 担当: cs-ordering ===" in lines
    assert "Forgejo midori/support: 起票しました #1「[窓口] cs-ordering: 要再確認 1件・まもなく再確認 1件」" in lines

    again = AlertRun(
        config=config,
        digests=build_digests(items, config),
        now=NOW,
        tz=TOKYO,
        environ={"MADOGUCHI_FORGEJO_TOKEN": GITHUB_TOKEN},
        redactor=redactor,
        out=lines.append,
        err=lines.append,
    )
    assert again.run(["cs-ordering"]) == []
    assert len(server.issues) == 1 and "Forgejo midori/support: 変更なし #1" in lines
