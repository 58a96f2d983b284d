"""Issue trackers live in one registry (trackers.TRACKERS): a tracker added there as one
module gets config, the secret rules, the https rule, output and syncing with no other
change. Shown with a Forgejo-style tracker defined here, run against a real local server."""

from __future__ import annotations

from datetime import timedelta

import pytest
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from pytest_httpserver import HTTPServer
from test_alerts_digest import NOW, TOKYO, item
from test_alerts_notify import GITHUB_TOKEN, FakeGitHub

from madoguchi.alerts.config import AlertConfigError, parse_alert_config
from madoguchi.alerts.delivery import Retry, Tracker, TrackerKind
from madoguchi.alerts.digest import build_digests
from madoguchi.alerts.github import GitHubConfig, GitHubTracker
from madoguchi.alerts.options import PER, ApiUrl
from madoguchi.alerts.run import AlertRun
from madoguchi.alerts.secrets import Redactor
from madoguchi.alerts.trackers import TRACKERS
from madoguchi.config_options import Text


class ForgejoConfig(Config):
    repo = Text()
    api_url = ApiUrl()
    per = c.Choice(PER, default="owner")

    @property
    def label(self) -> str:
        return f"Forgejo {self.repo}"

    @property
    def secret_env(self) -> str:
        return "MADOGUCHI_FORGEJO_TOKEN"

    @property
    def base_url(self) -> str:
        return self.api_url


def build_forgejo(config: ForgejoConfig, token: str, timeout: float) -> Tracker:
    # Forgejo's issues API has GitHub's shape
    github = GitHubConfig()
    github.load_dict({"repo": config.repo, "api_url": config.api_url})
    github.validate()
    return GitHubTracker(github, token, timeout=timeout)


FORGEJO = TrackerKind("forgejo", ForgejoConfig, build_forgejo, hidden_marker=True, required="repo, api_url")


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
    assert config.trackers["forgejo"].label == "Forgejo midori/support"
    assert config.trackers["forgejo"].base_url == "https://forge.example.jp/api/v1"
    assert "forgejo" in config.destinations("cs-ordering").trackers
    assert "forgejo" not in config.destinations("cs-members").trackers
    assert config.secret_names() == {"MADOGUCHI_FORGEJO_TOKEN"}
    with pytest.raises(
        AlertConfigError,
        match=r"^Option 'notify': Sub-option 'forgejo': Sub-option 'api_url': http:// はトークンを平文で",
    ):
        parse_alert_config({"forgejo": {"repo": "a/b", "api_url": "http://forge.example.jp"}})
    with pytest.raises(
        AlertConfigError,
        match=r"^Option 'notify': Sub-option 'defaults': Sub-option 'forgejo': is true but option 'forgejo' \(repo, api_url\)",
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
