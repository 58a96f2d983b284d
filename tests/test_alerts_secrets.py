"""`madoguchi notify` handles secrets safely (issue 13, item 9): the config can name only
variables meant for madoguchi, tracker tokens never travel over plain http to another host,
a malformed secret is one clean line naming the variable, and credentials written in the
config are masked wherever they are printed. The installed CLI against real local servers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from pytest_httpserver import HTTPServer
from test_alerts_notify import (  # noqa: F401 (smtp is a fixture)
    BACKLOG_KEY,
    GITHUB_TOKEN,
    TRACKER_ENV,
    FakeBacklog,
    FakeGitHub,
    Inbox,
    notify,
    site_with,
    smtp,
)

from devkit import free_port
from madoguchi.alerts.notifiers import register_literal
from madoguchi.alerts.secrets import Redactor
from support.site import REPO

AWS_KEY = "aws-SECRET-access-key-3c3c"
# MkDocs' own wording of an option error (mkdocs build prints the same)
NOTIFY = "Config value 'plugins': Plugin 'madoguchi/freshness' option 'notify': "


def closed_port() -> int:
    return free_port()  # nothing listens there


# 1. Only variables meant for madoguchi -----------------------------------------------------------


@pytest.mark.parametrize(
    ("notify_yaml", "key", "variable"),
    [
        (
            'defaults: {notify: ["json://127.0.0.1:{port}/{{BACKLOG_API_KEY}}"]}',
            "Sub-option 'defaults': Sub-option 'notify': Item 0: {BACKLOG_API_KEY}",
            "BACKLOG_API_KEY",
        ),
        (
            'owners: {cs-ordering: {notify: ["json://127.0.0.1:{port}/x?k={{AWS_SECRET_ACCESS_KEY}}"]}}',
            "Sub-option 'owners': Sub-option 'cs-ordering': Sub-option 'notify': Item 0: {AWS_SECRET_ACCESS_KEY}",
            "AWS_SECRET_ACCESS_KEY",
        ),
        (
            'defaults: {github: true}\ngithub: {repo: a/b, api_url: "http://127.0.0.1:{port}", '
            "token_env: AWS_SECRET_ACCESS_KEY}",
            "Sub-option 'github': Sub-option 'token_env'",
            "AWS_SECRET_ACCESS_KEY",
        ),
        (
            'defaults: {backlog: true}\nbacklog: {space_url: "http://127.0.0.1:{port}", '
            "project_key: CS, issue_type_id: 2, api_key_env: GITHUB_TOKEN}",
            "Sub-option 'backlog': Sub-option 'api_key_env'",
            "GITHUB_TOKEN",
        ),
    ],
)
def test_a_variable_not_meant_for_madoguchi_is_a_config_error_naming_the_option_and_the_variable(
    tmp_path: Path, httpserver: HTTPServer, notify_yaml: str, key: str, variable: str
) -> None:
    httpserver.expect_request(re.compile(".*")).respond_with_data("ok")
    root = site_with(tmp_path, notify_yaml.replace("{port}", str(httpserver.port)))
    env = {**TRACKER_ENV, "AWS_SECRET_ACCESS_KEY": AWS_KEY}

    result = notify(root, "--all", env=env)

    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"Error: mkdocs.yml: {NOTIFY}{key}: ")
    assert f"環境変数 {variable} は読めません（名前が MADOGUCHI_ で始まる変数だけを使えます）" in line
    assert AWS_KEY not in result.stdout + result.stderr
    assert len(httpserver.log) == 0  # nothing was sent anywhere


def test_a_variable_named_madoguchi_is_read_and_sent(tmp_path: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_request(re.compile("^/hook/")).respond_with_data("ok")
    root = site_with(
        tmp_path,
        f'defaults: {{notify: ["json://127.0.0.1:{httpserver.port}/hook/{{MADOGUCHI_HOOK}}"]}}',
    )

    result = notify(root, "--all", env={"MADOGUCHI_HOOK": "hook-SECRET-part-1234"})

    assert result.returncode == 0, result.stderr
    assert {request.path for request, _ in httpserver.log} == {"/hook/hook-SECRET-part-1234"}
    assert "hook-SECRET-part-1234" not in result.stdout + result.stderr


# 2. Tracker hosts: https, or loopback ------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "refused"),
    [
        ("http://ghe.example.jp/api/v3", True),
        ("http://10.0.0.5", True),
        ("http://127.0.0.1.example.jp", True),
        ("https://ghe.example.jp/api/v3", False),
        ("http://127.0.0.1:8080", False),
        ("http://localhost:8080", False),
        ("http://[::1]:8080", False),
    ],
)
@pytest.mark.parametrize("tracker", ["github", "backlog"])
def test_a_tracker_api_over_plain_http_is_refused_unless_loopback(
    tmp_path: Path, tracker: str, base: str, refused: bool
) -> None:
    option = "api_url" if tracker == "github" else "space_url"
    settings = (
        f'github: {{repo: a/b, api_url: "{base}"}}'
        if tracker == "github"
        else f'backlog: {{space_url: "{base}", project_key: CS, issue_type_id: 2}}'
    )
    root = site_with(tmp_path, f"defaults: {{{tracker}: true}}\n{settings}")

    result = notify(root, "--dry-run", env=TRACKER_ENV)

    if refused:
        assert result.returncode == 1
        (line,) = result.stderr.strip().splitlines()
        assert f"{NOTIFY}Sub-option '{tracker}': Sub-option '{option}': " in line
        assert "http:// はトークンを平文で送るため使えません" in line
        assert "use https://" in line
    else:
        assert result.returncode == 0, result.stderr


# 3. A malformed secret: one clean line ----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "why"),
    [
        (GITHUB_TOKEN + "\n", "改行を含みます"),
        (GITHUB_TOKEN + "\r\n", "改行を含みます"),
        (" " + GITHUB_TOKEN, "空白を含みます"),
        (GITHUB_TOKEN.replace("-", " ", 1), "空白を含みます"),
        (GITHUB_TOKEN + "\x07", "制御文字を含みます"),
    ],
)
@pytest.mark.parametrize("variable", ["GITHUB_TOKEN", "BACKLOG_API_KEY", "MADOGUCHI_CHAT_URL"])
def test_a_malformed_secret_is_one_line_naming_the_variable_never_a_traceback(
    tmp_path: Path, httpserver: HTTPServer, variable: str, value: str, why: str
) -> None:
    FakeGitHub(httpserver), FakeBacklog(httpserver)
    base = httpserver.url_for("/").rstrip("/")
    root = site_with(
        tmp_path,
        f"""
defaults: {{github: true, backlog: true, notify: ["{{MADOGUCHI_CHAT_URL}}"]}}
github: {{repo: midori/support, api_url: "{base}"}}
backlog: {{space_url: "{base}", project_key: CS, issue_type_id: 2}}
""",
    )
    env = {
        **TRACKER_ENV,
        "MADOGUCHI_CHAT_URL": f"mmost://127.0.0.1:{httpserver.port}/hook-x",
        variable: value,
    }

    result = notify(root, "--all", env=env)

    assert result.returncode == 1
    assert result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(
        f"Error: 環境変数 {variable} の値が不正です（{why}。値は表示しません） / "
        f"environment variable {variable} is malformed: it contains a "
    )
    assert "Traceback" not in result.stderr
    assert value.strip() not in result.stderr
    assert len(httpserver.log) == 0  # refused before anything was sent


def test_a_malformed_secret_is_refused_in_a_dry_run_too(tmp_path: Path) -> None:
    root = site_with(tmp_path, 'defaults: {notify: ["{MADOGUCHI_CHAT_URL}"]}')
    result = notify(root, "--dry-run", env={"MADOGUCHI_CHAT_URL": "mmost://host/token\n"})
    assert result.returncode == 1
    assert "環境変数 MADOGUCHI_CHAT_URL の値が不正です（改行を含みます" in result.stderr
    assert "mmost://host" not in result.stderr


# 4. Credentials written in the config are masked ------------------------------------------------

SLACK_LITERAL = "https://hooks.slack.com/services/T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ"
LITERALS = (
    "1JJ3T3L",
    "1BRTD4J",
    "Iiajkdnlazk",
    "Mail-LITERAL-pw",
    "hook-LITERAL-path",
    "Js0n-LITERAL-pw",
    "Unknown-LITERAL-pw",
)


def literal_site(tmp_path: Path, server: HTTPServer, smtp_port: int) -> Path:
    port = server.port
    return site_with(
        tmp_path,
        f"""
owners:
  cs-ordering:
    notify:
      - "{SLACK_LITERAL}"
      - "mailtos://alerts:Mail-LITERAL-pw@127.0.0.1:{smtp_port}?to=cs@example.jp&from=a@example.jp"
      - "mmost://127.0.0.1:{port}/hook-LITERAL-path-99"
      - "json://bot:Js0n-LITERAL-pw@127.0.0.1:{port}/json"
      - "nosuchservice://admin:Unknown-LITERAL-pw@127.0.0.1/x"
""",
    )


def assert_no_literal(text: str) -> None:
    for literal in LITERALS:
        assert literal not in text, f"{literal} shown in: {text}"


def test_literal_credentials_in_destination_urls_are_masked_in_a_dry_run(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    root = literal_site(tmp_path, httpserver, closed_port())

    result = notify(root, "--dry-run", "--owner", "cs-ordering")

    assert result.returncode == 0, result.stderr
    assert_no_literal(result.stdout + result.stderr)
    assert "送信先 slack://T...2/A...D/T...Q/" in result.stdout  # apprise's privacy form
    assert "送信先 mailtos://alerts:****@127.0.0.1" in result.stdout
    assert "送信先 mmost://127.0.0.1" in result.stdout and "送信先 json://bot:****@127.0.0.1" in result.stdout
    assert "送信先 nosuchservice://…\n" in result.stdout  # apprise cannot read it: scheme only


@pytest.mark.parametrize(
    ("url", "secrets"),
    [
        (SLACK_LITERAL, ["1JJ3T3L", "1BRTD4J", "Iiajkdnlazk"]),
        ("mailtos://alerts:Mail-LITERAL-pw@smtp.example.jp?to=cs@example.jp", ["Mail-LITERAL-pw"]),
        ("tgram://123456789:ABCdefGHIjklMNO/12345", ["ABCdefGHIjklMN"]),
        ("mmost://chat.example.jp/hook-LITERAL-path-99", ["hook-LITERAL-path"]),
    ],
)
def test_every_part_apprise_keeps_private_is_masked_wherever_it_is_printed(url: str, secrets: list[str]) -> None:
    redactor = Redactor()
    register_literal(url, redactor)
    line = redactor(f"apprise: WARNING: could not post to {url} ({url.split('://')[1]})")
    for secret in secrets:
        assert secret not in line
    assert "***" in line


def test_literal_credentials_in_destination_urls_are_masked_in_errors_and_logs(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/hooks/hook-LITERAL-path-99").respond_with_data(
        "hook-LITERAL-path-99 is down", status=503
    )
    httpserver.expect_request("/json").respond_with_data("no", status=403)
    root = literal_site(tmp_path, httpserver, closed_port())
    text = root.joinpath("mkdocs.yml").read_text(encoding="utf-8")
    root.joinpath("mkdocs.yml").write_text(text.replace('- "nosuchservice', '# "'), "utf-8")

    # Slack's real host is not reachable from the tests: only the local destinations are run
    text = root.joinpath("mkdocs.yml").read_text(encoding="utf-8")
    root.joinpath("mkdocs.yml").write_text(text.replace(f'- "{SLACK_LITERAL}"', ""), "utf-8")
    result = notify(root, "--all", "--owner", "cs-ordering", env={"MADOGUCHI_NOTIFY_BACKOFF": "0"})

    assert result.returncode == 1
    assert_no_literal(result.stdout + result.stderr)
    assert "失敗: 担当 cs-ordering / mailtos://alerts:****@127.0.0.1" in result.stderr
    assert "失敗: 担当 cs-ordering / mmost://127.0.0.1" in result.stderr
    assert "失敗: 担当 cs-ordering / json://bot:****@127.0.0.1" in result.stderr
    assert "3件の送信に失敗しました。" in result.stderr
    hooks = [r for r, _ in httpserver.log if r.path == "/hooks/hook-LITERAL-path-99"]
    assert len(hooks) == 3  # really tried (and retried)


# The sample site and its workflow agree on the rule ------------------------------------------


def test_the_alerts_workflow_passes_exactly_the_variables_the_sample_config_may_read() -> None:
    workflow = yaml.safe_load((REPO / ".github/workflows/staleness-alerts.yml").read_text("utf-8"))
    (step,) = [s for s in workflow["jobs"]["notify"]["steps"] if s.get("name") == "madoguchi notify"]
    passed = set(step["env"]) - {"DRY_RUN"}
    named = set(re.findall(r"\{([A-Za-z_][A-Za-z0-9_]*)\}", (REPO / "mkdocs.yml").read_text("utf-8")))
    assert named and all(name.startswith("MADOGUCHI_") for name in named)
    assert named <= passed
    # besides the tracker tokens, the collector's database URL (notify reads MADOGUCHI_VOICE_DB as --insights)
    assert passed - named <= {"GITHUB_TOKEN", "BACKLOG_API_KEY", "MADOGUCHI_VOICE_DB"}
    assert "MADOGUCHI_VOICE_DB" in passed
    for name in passed:
        assert step["env"][name] == "${{ secrets." + name + " }}"
