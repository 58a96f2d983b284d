"""`madoguchi notify` end to end: the installed CLI as a subprocess against real servers on
127.0.0.1 — a GitHub-shaped and a Backlog-shaped REST API and a Slack-style (Mattermost)
incoming webhook on pytest-httpserver, and a real SMTP server (aiosmtpd) for mail."""

from __future__ import annotations

import email
import email.policy
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from aiosmtpd.controller import Controller
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from devkit import free_port
from support.site import NOW, madoguchi, make_site, write_internal_yml

GITHUB_TOKEN = "ghp-SECRET-token-4f1d2c"
BACKLOG_KEY = "backlog-SECRET-apikey-99aa"
HOOK_TOKEN = "hook-SECRET-path-5e6f"
SECRETS = (GITHUB_TOKEN, BACKLOG_KEY, HOOK_TOKEN)
FAST = {"MADOGUCHI_NOTIFY_BACKOFF": "0"}  # retries without sleeping


# Fake services speaking the real REST shapes -------------------------------------------------


class FakeGitHub:
    """Issues of one repository: list by label, create, update, comment, close."""

    def __init__(self, server: HTTPServer, repo: str = "midori/support") -> None:
        self.issues: dict[int, dict] = {}
        self.comments: dict[int, list[str]] = {}
        self.calls: list[tuple[str, str]] = []
        base = f"/repos/{repo}/issues"
        server.expect_request(base, method="GET").respond_with_handler(self.list)
        server.expect_request(base, method="POST").respond_with_handler(self.create)
        server.expect_request(re.compile(rf"^{base}/\d+$"), method="PATCH").respond_with_handler(self.update)
        server.expect_request(re.compile(rf"^{base}/\d+/comments$"), method="POST").respond_with_handler(self.comment)

    def _authorised(self, request: Request) -> Response | None:
        self.calls.append((request.method, request.path))
        if request.headers.get("Authorization") != f"Bearer {GITHUB_TOKEN}":
            return Response(json.dumps({"message": "Bad credentials"}), 401, content_type="application/json")
        return None

    def list(self, request: Request) -> Response:
        if denied := self._authorised(request):
            return denied
        label = request.args["labels"]
        found = [i for i in self.issues.values() if i["state"] == request.args["state"] and label in i["labels"]]
        return Response(json.dumps(found), content_type="application/json")

    def create(self, request: Request) -> Response:
        if denied := self._authorised(request):
            return denied
        number = len(self.issues) + 1
        payload = request.get_json()
        self.issues[number] = {"number": number, "state": "open", **payload}
        return Response(json.dumps(self.issues[number]), 201, content_type="application/json")

    def update(self, request: Request) -> Response:
        if denied := self._authorised(request):
            return denied
        number = int(request.path.rsplit("/", 1)[1])
        self.issues[number].update(request.get_json())
        return Response(json.dumps(self.issues[number]), content_type="application/json")

    def comment(self, request: Request) -> Response:
        if denied := self._authorised(request):
            return denied
        number = int(request.path.split("/")[-2])
        self.comments.setdefault(number, []).append(request.get_json()["body"])
        return Response(json.dumps({"id": 1}), 201, content_type="application/json")

    def open_issues(self) -> list[dict]:
        return [issue for issue in self.issues.values() if issue["state"] == "open"]


class FakeBacklog:
    """One Backlog project (key CS, id 77): issues listed, added, updated, commented."""

    def __init__(self, server: HTTPServer) -> None:
        self.issues: dict[str, dict] = {}
        self.comments: dict[str, list[str]] = {}
        server.expect_request("/api/v2/projects/CS", method="GET").respond_with_handler(self.project)
        server.expect_request("/api/v2/issues", method="GET").respond_with_handler(self.list)
        server.expect_request("/api/v2/issues", method="POST").respond_with_handler(self.create)
        server.expect_request(re.compile(r"^/api/v2/issues/CS-\d+$"), method="PATCH").respond_with_handler(self.update)
        server.expect_request(re.compile(r"^/api/v2/issues/CS-\d+/comments$"), method="POST").respond_with_handler(
            self.comment
        )

    @staticmethod
    def _denied(request: Request) -> Response | None:
        if request.args.get("apiKey") != BACKLOG_KEY:
            return Response(json.dumps({"errors": [{"message": "Authentication failure."}]}), 401)
        return None

    def project(self, request: Request) -> Response:
        return self._denied(request) or Response(json.dumps({"id": 77, "projectKey": "CS"}))

    def list(self, request: Request) -> Response:
        if denied := self._denied(request):
            return denied
        assert request.args.getlist("projectId[]") == ["77"]
        statuses = {int(s) for s in request.args.getlist("statusId[]")}
        keyword = request.args["keyword"]
        found = [i for i in self.issues.values() if i["status"]["id"] in statuses and keyword in i["description"]]
        return Response(json.dumps(found), content_type="application/json")

    def create(self, request: Request) -> Response:
        if denied := self._denied(request):
            return denied
        form = parse_qs(request.get_data(as_text=True))
        key = f"CS-{len(self.issues) + 1}"
        self.issues[key] = {
            "issueKey": key,
            "projectId": int(form["projectId"][0]),
            "issueType": {"id": int(form["issueTypeId"][0])},
            "priority": {"id": int(form["priorityId"][0])},
            "summary": form["summary"][0],
            "description": form["description"][0],
            "status": {"id": 1},
        }
        return Response(json.dumps(self.issues[key]), 201, content_type="application/json")

    def update(self, request: Request) -> Response:
        if denied := self._denied(request):
            return denied
        issue = self.issues[request.path.rsplit("/", 1)[1]]
        form = parse_qs(request.get_data(as_text=True))
        if "statusId" in form:
            issue["status"] = {"id": int(form["statusId"][0])}
        for field in ("summary", "description"):
            if field in form:
                issue[field] = form[field][0]
        return Response(json.dumps(issue), content_type="application/json")

    def comment(self, request: Request) -> Response:
        if denied := self._denied(request):
            return denied
        key = request.path.split("/")[-2]
        self.comments.setdefault(key, []).append(parse_qs(request.get_data(as_text=True))["content"][0])
        return Response(json.dumps({"id": 1}), 201)

    def open_issues(self) -> list[dict]:
        return [issue for issue in self.issues.values() if issue["status"]["id"] != 4]


class Inbox:
    """aiosmtpd handler keeping every message it receives."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], str]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append((list(envelope.rcpt_tos), envelope.content.decode("utf-8", "replace")))
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[int, Inbox]]:
    port = free_port()
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield port, inbox
    controller.stop()


# Sites ------------------------------------------------------------------------------------------


def site_with(tmp_path: Path, notify: str) -> Path:
    """The `alerts` fixture site with `notify:` options (YAML indented under `notify:`)."""
    options = "      timezone: Asia/Tokyo\n      notify:\n" + "".join(
        f"        {line}\n" for line in notify.strip("\n").splitlines()
    )
    root = make_site(tmp_path, "alerts", options=options.rstrip("\n"))
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        text.replace(
            "docs_dir: content\n",
            "docs_dir: content\nrepo_url: https://github.com/midori/support\n",
        ),
        encoding="utf-8",
    )
    return root


def notify(root: Path, *args: str, env: dict[str, str] | None = None, now: str = NOW, config: str | None = None):
    config_args = ("-f", config) if config else ()
    result = madoguchi(root, *config_args, "notify", *args, now=now, env={**FAST, **(env or {})})
    for secret in SECRETS:
        assert secret not in result.stdout, f"secret leaked on stdout: {result.stdout}"
        assert secret not in result.stderr, f"secret leaked on stderr: {result.stderr}"
    assert "DRAFT-ALERT-MARKER-77" not in result.stdout + result.stderr
    assert "未発表キャンペーン" not in result.stdout + result.stderr
    return result


def hook_posts(server: HTTPServer) -> list[dict]:
    return [json.loads(request.get_data()) for request, _ in server.log if request.path.startswith("/hooks/")]


# Chat and mail through apprise -----------------------------------------------------------------


def test_digest_goes_to_webhook_and_mail_in_japanese_overdue_first(
    tmp_path: Path, httpserver: HTTPServer, smtp: tuple[int, Inbox]
) -> None:
    port, inbox = smtp
    httpserver.expect_request(f"/hooks/{HOOK_TOKEN}", method="POST").respond_with_data("ok")
    root = site_with(
        tmp_path,
        f"""
defaults: {{notify: ["{{MADOGUCHI_CHAT_URL}}"]}}
owners:
  cs-ordering:
    notify: ["{{MADOGUCHI_CHAT_URL}}", "mailto://127.0.0.1:{port}?from=alerts@example.jp&to=ordering@example.jp&mode=insecure"]
""",
    )
    chat_url = f"mmost://127.0.0.1:{httpserver.port}/{HOOK_TOKEN}"

    result = notify(root, env={"MADOGUCHI_CHAT_URL": chat_url})

    assert result.returncode == 0, result.stderr
    posts = hook_posts(httpserver)
    assert len(posts) == 1  # cs-members has nothing new since Friday's run: no message
    text = posts[0]["text"]
    assert "[窓口] cs-ordering: 要再確認 3件・まもなく再確認 1件" in text
    overdue, due_soon = text.index("■ 確認期限切れ（3件）"), text.index("■ まもなく確認期限（1件）")
    assert overdue < due_soon
    # worst (earliest due) first, each with how long, page link, source link and command
    assert text.index("ギフト包装") < text.index("使える支払い方法") < text.index("注文をキャンセル")
    assert "ギフト包装はできますか？（56日超過）" in text
    assert "注文をキャンセルしたい（2日超過）" in text
    assert "領収書はもらえますか？（あと4日・期限 2026年11月28日）" in text
    assert "https://faq.example.jp/faq/ordering/cancel/" in text
    assert "https://github.com/midori/support/edit/main/content/faq/ordering/cancel.md" in text
    assert "madoguchi review content/faq/ordering/cancel.md" in text
    assert "送料はいくらですか" not in text  # fresh
    assert "【新着】注文をキャンセルしたい" in text  # became overdue on Saturday

    assert len(inbox.messages) == 1
    recipients, raw = inbox.messages[0]
    assert recipients == ["ordering@example.jp"]
    mail = email.message_from_string(raw, policy=email.policy.default)
    assert mail["Subject"] == "[窓口] cs-ordering: 要再確認 3件・まもなく再確認 1件"
    body = mail.get_body(("plain", "html")).get_content()
    assert "ギフト包装はできますか？（56日超過）" in body
    assert "madoguchi review content/faq/ordering/gift.md" in body
    assert "送信しました" in result.stdout
    assert "cs-members" in result.stdout and "新しいお知らせがないため送りません" in result.stdout


def test_all_sends_even_without_news_and_owner_filter_limits(tmp_path: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_request(f"/hooks/{HOOK_TOKEN}", method="POST").respond_with_data("ok")
    root = site_with(tmp_path, 'defaults: {notify: ["{MADOGUCHI_CHAT_URL}"]}')
    chat_url = f"mmost://127.0.0.1:{httpserver.port}/{HOOK_TOKEN}"

    result = notify(root, "--all", "--owner", "cs-members", env={"MADOGUCHI_CHAT_URL": chat_url})

    assert result.returncode == 0, result.stderr
    posts = hook_posts(httpserver)
    assert len(posts) == 1
    assert "[窓口] cs-members: 要再確認 1件・まもなく再確認 0件" in posts[0]["text"]
    assert "・退会するには？（24日超過）" in posts[0]["text"]  # not new: no 【新着】 mark
    assert "cs-ordering" not in result.stdout


def test_english_digest_and_cap_with_link_to_full_report(tmp_path: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_request(f"/hooks/{HOOK_TOKEN}", method="POST").respond_with_data("ok")
    root = site_with(
        tmp_path,
        """
language: en
max_items: 2
defaults: {notify: ["{MADOGUCHI_CHAT_URL}"]}
""",
    )
    # The full report is the internal edition's freshness.json (the public edition has none)
    result = notify(
        root,
        "--owner",
        "cs-ordering",
        env={"MADOGUCHI_CHAT_URL": f"mmost://127.0.0.1:{httpserver.port}/{HOOK_TOKEN}"},
        config=write_internal_yml(root),
    )

    assert result.returncode == 0, result.stderr
    (post,) = hook_posts(httpserver)
    text = post["text"]
    assert "[Madoguchi] cs-ordering: 3 overdue, 1 due soon" in text
    assert text.count("madoguchi review ") == 2  # the cap
    assert "ギフト包装" in text and "使える支払い方法" in text
    assert "注文をキャンセル" not in text and "領収書" not in text
    assert "2 more: see the full report: https://faq.example.jp/freshness.json" in text


def test_dry_run_prints_what_would_be_sent_and_sends_nothing(
    tmp_path: Path, httpserver: HTTPServer, smtp: tuple[int, Inbox]
) -> None:
    port, inbox = smtp
    root = site_with(
        tmp_path,
        f"""
owners:
  cs-ordering:
    notify: ["{{MADOGUCHI_CHAT_URL}}", "mailto://127.0.0.1:{port}?from=alerts@example.jp&to=ordering@example.jp&mode=insecure"]
    github: true
    backlog: true
github: {{repo: midori/support, api_url: "{httpserver.url_for("/").rstrip("/")}"}}
backlog: {{space_url: "{httpserver.url_for("/").rstrip("/")}", project_key: CS, issue_type_id: 2}}
""",
    )
    env = {
        "MADOGUCHI_CHAT_URL": f"mmost://127.0.0.1:{httpserver.port}/{HOOK_TOKEN}",
        "GITHUB_TOKEN": GITHUB_TOKEN,
        "BACKLOG_API_KEY": BACKLOG_KEY,
    }

    result = notify(root, "--dry-run", env=env)

    assert result.returncode == 0, result.stderr
    assert len(httpserver.log) == 0 and inbox.messages == []
    out = result.stdout
    assert "（--dry-run: 何も送信しません）" in out
    assert "送信先 {MADOGUCHI_CHAT_URL}" in out  # the template, never the secret URL
    assert "送信先 mailto://127.0.0.1" in out
    assert "GitHub midori/support: 同じ目印のissueがあれば更新、なければ起票「[窓口] cs-ordering" in out
    assert "<!-- madoguchi:owner=cs-ordering -->" in out
    assert "管理用（消さないでください）: madoguchi:owner=cs-ordering" in out
    assert "  | ・【新着】ギフト包装はできますか？（56日超過）" in out  # 8 weeks overdue: weekly reminder


# Issue trackers --------------------------------------------------------------------------------


def tracker_site(tmp_path: Path, server: HTTPServer, per: str = "owner") -> Path:
    base = server.url_for("/").rstrip("/")
    return site_with(
        tmp_path,
        f"""
defaults: {{github: true, backlog: true}}
github: {{repo: midori/support, api_url: "{base}", labels: [madoguchi, docs], per: {per}}}
backlog: {{space_url: "{base}", project_key: CS, issue_type_id: 2, priority_id: 2, per: {per}}}
""",
    )


TRACKER_ENV = {"GITHUB_TOKEN": GITHUB_TOKEN, "BACKLOG_API_KEY": BACKLOG_KEY}


def review_everything(root: Path) -> None:
    """Editors confirm every page (what `madoguchi review` does to the front matter)."""
    for path in (root / "content" / "faq").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"^reviewed: .*$", "reviewed: 2026-11-22", text, flags=re.M), encoding="utf-8")


def test_one_issue_per_owner_updated_not_duplicated_then_closed_when_fresh(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    github, backlog = FakeGitHub(httpserver), FakeBacklog(httpserver)
    root = tracker_site(tmp_path, httpserver)

    first = notify(root, env=TRACKER_ENV)
    assert first.returncode == 0, first.stderr
    assert sorted(i["title"] for i in github.open_issues()) == [
        "[窓口] cs-members: 要再確認 1件・まもなく再確認 0件",
        "[窓口] cs-ordering: 要再確認 3件・まもなく再確認 1件",
    ]
    ordering = next(i for i in github.open_issues() if "cs-ordering" in i["title"])
    assert ordering["labels"] == ["madoguchi", "docs"]
    assert "<!-- madoguchi:owner=cs-ordering -->" in ordering["body"]
    assert "[ギフト包装はできますか？](https://faq.example.jp/faq/ordering/gift/) （56日超過）" in ordering["body"]
    assert "`madoguchi review content/faq/ordering/gift.md`" in ordering["body"]
    assert len(backlog.open_issues()) == 2
    cs1 = backlog.issues["CS-1"]
    assert cs1["projectId"] == 77 and cs1["issueType"] == {"id": 2} and cs1["priority"] == {"id": 2}
    assert "madoguchi:owner=" in cs1["description"]

    # next morning: same issues updated, none added
    second = notify(root, env=TRACKER_ENV, now="2026-11-24T09:00:00+09:00")
    assert second.returncode == 0, second.stderr
    assert len(github.issues) == 2 and len(backlog.issues) == 2
    assert "更新しました #" in second.stdout and "更新しました CS-" in second.stdout
    assert "（57日超過）" in github.issues[ordering["number"]]["body"]

    # a third run the same instant changes nothing
    third = notify(root, env=TRACKER_ENV, now="2026-11-24T09:00:00+09:00")
    assert "変更なし #" in third.stdout and len(github.issues) == 2

    review_everything(root)
    fourth = notify(root, env=TRACKER_ENV, now="2026-11-24T09:00:00+09:00")
    assert fourth.returncode == 0, fourth.stderr
    assert github.open_issues() == [] and backlog.open_issues() == []
    assert all(i["state_reason"] == "completed" for i in github.issues.values())
    assert github.comments[ordering["number"]] == ["すべてのページが確認済みになったため、このissueを閉じます。"]
    assert backlog.comments["CS-1"] == ["すべてのページが確認済みになったため、このissueを閉じます。"]
    assert {i["status"]["id"] for i in backlog.issues.values()} == {4}


def test_one_issue_per_page_closes_only_the_page_made_fresh(tmp_path: Path, httpserver: HTTPServer) -> None:
    github, _backlog = FakeGitHub(httpserver), FakeBacklog(httpserver)
    root = tracker_site(tmp_path, httpserver, per="page")

    assert notify(root, env=TRACKER_ENV).returncode == 0
    titles = sorted(i["title"] for i in github.open_issues())
    assert titles == [
        "[窓口] まもなく再確認: 領収書はもらえますか？",
        "[窓口] 要再確認: ギフト包装はできますか？",
        "[窓口] 要再確認: 使える支払い方法は？",
        "[窓口] 要再確認: 注文をキャンセルしたい",
        "[窓口] 要再確認: 退会するには？",
    ]
    gift = root / "content/faq/ordering/gift.md"
    gift.write_text(gift.read_text(encoding="utf-8").replace("2026-04-01", "2026-11-23"), encoding="utf-8")

    result = notify(root, env=TRACKER_ENV)
    assert result.returncode == 0, result.stderr
    assert len(github.issues) == 5
    closed = [i for i in github.issues.values() if i["state"] == "closed"]
    assert [i["title"] for i in closed] == ["[窓口] 要再確認: ギフト包装はできますか？"]
    assert "<!-- madoguchi:owner=cs-ordering;page=faq/ordering/gift.md -->" in closed[0]["body"]


def test_server_error_is_retried_then_succeeds(tmp_path: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_oneshot_request("/repos/midori/support/issues", method="GET").respond_with_data(
        "boom", status=500
    )
    github, _backlog = FakeGitHub(httpserver), FakeBacklog(httpserver)
    root = tracker_site(tmp_path, httpserver)

    result = notify(root, env=TRACKER_ENV)

    assert result.returncode == 0, result.stderr
    lists = [r for r, _ in httpserver.log if r.method == "GET" and r.path == "/repos/midori/support/issues"]
    assert len(lists) == 2  # the 500, then the retry
    assert len(github.open_issues()) == 2


def test_failing_channel_is_named_does_not_stop_others_and_exits_non_zero(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/hooks/broken-SECRET-hook", method="POST").respond_with_data("down", status=503)
    httpserver.expect_request(f"/hooks/{HOOK_TOKEN}", method="POST").respond_with_data("ok")
    FakeBacklog(httpserver)
    root = site_with(
        tmp_path,
        f"""
defaults: {{notify: ["{{MADOGUCHI_GOOD_URL}}"]}}
owners:
  cs-ordering: {{notify: ["{{MADOGUCHI_BROKEN_URL}}"], backlog: true}}
backlog: {{space_url: "{httpserver.url_for("/").rstrip("/")}", project_key: CS, issue_type_id: 2}}
""",
    )
    env = {
        "MADOGUCHI_GOOD_URL": f"mmost://127.0.0.1:{httpserver.port}/{HOOK_TOKEN}",
        "MADOGUCHI_BROKEN_URL": f"mmost://127.0.0.1:{httpserver.port}/broken-SECRET-hook",
        "BACKLOG_API_KEY": "wrong-SECRET-key-0000",
    }

    result = notify(root, "--all", env=env)

    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "broken-SECRET-hook" not in output and "wrong-SECRET-key-0000" not in output
    broken = [r for r, _ in httpserver.log if r.path == "/hooks/broken-SECRET-hook"]
    assert len(broken) == 3  # three attempts
    assert "失敗: 担当 cs-ordering / {MADOGUCHI_BROKEN_URL}" in result.stderr
    assert "(after 3 attempts)" in result.stderr
    assert "失敗: 担当 cs-ordering / Backlog CS: Backlog CS: find project: bad credentials" in result.stderr
    assert "2件の送信に失敗しました。" in result.stderr
    # cs-members was still told
    assert [p["text"].splitlines()[0] for p in hook_posts(httpserver) if "cs-members" in p["text"]] == [
        "[窓口] cs-members: 要再確認 1件・まもなく再確認 0件"
    ]


def test_unreachable_tracker_never_shows_the_api_key(tmp_path: Path) -> None:
    closed_port = free_port()  # nothing listens there
    root = site_with(
        tmp_path,
        f"""
timeout: 2
defaults: {{backlog: true}}
backlog: {{space_url: "http://127.0.0.1:{closed_port}", project_key: CS, issue_type_id: 2}}
""",
    )

    result = notify(root, env={"BACKLOG_API_KEY": BACKLOG_KEY})

    assert result.returncode == 1
    assert "Backlog CS: find project: cannot connect" in result.stderr


def test_missing_secret_is_reported_by_name(tmp_path: Path, httpserver: HTTPServer) -> None:
    FakeGitHub(httpserver)
    root = tracker_site(tmp_path, httpserver)

    result = notify(root, "--owner", "cs-members", env={"BACKLOG_API_KEY": BACKLOG_KEY, "GITHUB_TOKEN": ""})

    assert result.returncode == 1
    expected = "GitHub midori/support: 環境変数 GITHUB_TOKEN が設定されていません。"
    assert f"失敗: 担当 cs-members / {expected}" in result.stderr
    assert "environment variable GITHUB_TOKEN is not set" in result.stderr


SKELETON_WORKFLOW = Path(__file__).parent.parent / "plugins/madoguchi/skeleton/github/workflows/staleness-alerts.yml"


def test_a_missing_secret_says_which_line_to_add_to_the_workflow(tmp_path: Path) -> None:
    root = site_with(tmp_path, 'defaults: {notify: ["{MADOGUCHI_SLACK_LOGISTICS_URL}"]}')

    result = notify(root, "--all", "--owner", "cs-members")

    assert result.returncode == 1
    assert (
        "失敗: 担当 cs-members / {MADOGUCHI_SLACK_LOGISTICS_URL}: 環境変数 MADOGUCHI_SLACK_LOGISTICS_URL が"
        "設定されていません。GitHub Actions では .github/workflows/staleness-alerts.yml の madoguchi notify の "
        "env: に次の行を加えてください（リポジトリのシークレット MADOGUCHI_SLACK_LOGISTICS_URL も登録してください）: "
        "MADOGUCHI_SLACK_LOGISTICS_URL: ${{ secrets.MADOGUCHI_SLACK_LOGISTICS_URL }} / "
        "environment variable MADOGUCHI_SLACK_LOGISTICS_URL is not set; in GitHub Actions add this line under env: "
        "of the madoguchi notify step in .github/workflows/staleness-alerts.yml "
        "(and add the repository secret MADOGUCHI_SLACK_LOGISTICS_URL): "
        "MADOGUCHI_SLACK_LOGISTICS_URL: ${{ secrets.MADOGUCHI_SLACK_LOGISTICS_URL }}\n"
    ) in result.stderr


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "ja",
            "注意: .github/workflows/staleness-alerts.yml は MADOGUCHI_SLACK_LOGISTICS_URL をジョブに渡していません。"
            "madoguchi notify の env: に次の行を加えてください: "
            "MADOGUCHI_SLACK_LOGISTICS_URL: ${{ secrets.MADOGUCHI_SLACK_LOGISTICS_URL }}",
        ),
        (
            "en",
            "Note: .github/workflows/staleness-alerts.yml does not pass MADOGUCHI_SLACK_LOGISTICS_URL to the job; "
            "add this line under env: of the madoguchi notify step: "
            "MADOGUCHI_SLACK_LOGISTICS_URL: ${{ secrets.MADOGUCHI_SLACK_LOGISTICS_URL }}",
        ),
    ],
)
def test_a_dry_run_names_the_workflow_line_a_new_secret_still_needs(
    tmp_path: Path, language: str, expected: str
) -> None:
    root = site_with(
        tmp_path,
        f"""
language: {language}
defaults: {{notify: ["{{MADOGUCHI_SLACK_DEFAULT_URL}}"]}}
owners: {{cs-members: {{notify: ["{{MADOGUCHI_SLACK_LOGISTICS_URL}}"]}}}}
""",
    )
    (root / ".github" / "workflows").mkdir(parents=True)
    shutil.copy(SKELETON_WORKFLOW, root / ".github" / "workflows" / "staleness-alerts.yml")

    result = notify(root, "--dry-run", env={"MADOGUCHI_SLACK_LOGISTICS_URL": "json://localhost/"})

    assert result.returncode == 0, result.stderr
    assert expected in result.stderr
    # the skeleton passes the default destination's secret: nothing to add for it, but it is
    # not set here, so the dry run says a real run would fail for it
    assert "staleness-alerts.yml は MADOGUCHI_SLACK_DEFAULT_URL" not in result.stderr
    assert "does not pass MADOGUCHI_SLACK_DEFAULT_URL" not in result.stderr
    not_set = {
        "ja": "注意（--dry-run）: この環境には MADOGUCHI_SLACK_DEFAULT_URL がないため、",
        "en": "Note (--dry-run): MADOGUCHI_SLACK_DEFAULT_URL not set here: a real run would fail",
    }
    assert not_set[language] in result.stderr


# MkDocs' own wording of an option error (mkdocs build prints the same)
NOTIFY = "Config value 'plugins': Plugin 'madoguchi/freshness' option 'notify': "


@pytest.mark.parametrize(
    ("notify_yaml", "message"),
    [
        (
            "owners: {cs-ordering: {github: yes-please}}",
            f"{NOTIFY}Sub-option 'owners': Sub-option 'cs-ordering': Sub-option 'github': "
            "Expected type: <class 'bool'> but received: <class 'str'>",
        ),
        (
            "max_items: 0",
            f"{NOTIFY}Sub-option 'max_items': Expected a whole number of at least 1, got 0",
        ),
        (
            "defaults: {github: true}",
            f"{NOTIFY}Sub-option 'defaults': Sub-option 'github': is true but option 'github' (repo, token_env) is not set",
        ),
        ("colour: green", f"{NOTIFY}Sub-option 'colour': unknown option (expected one of language, max_items, "),
    ],
)
def test_bad_config_names_the_key(tmp_path: Path, notify_yaml: str, message: str) -> None:
    root = site_with(tmp_path, notify_yaml)
    result = notify(root, "--dry-run")
    assert result.returncode == 1
    assert f"mkdocs.yml: {message}" in result.stderr


def test_owner_without_any_destination_is_told_not_silently_skipped(tmp_path: Path) -> None:
    root = site_with(tmp_path, "language: ja")
    result = notify(root, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert (
        "=== 担当: cs-ordering ===\n送り先が設定されていません（mkdocs.yml の notify.owners または notify.defaults）。"
        in result.stdout
    )
