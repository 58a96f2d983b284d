"""Front-matter text in alerts and tracker issues is text (issue 13, items 1 and 9): a page
title shows as typed in chat, mail, GitHub and Backlog, but notifies nobody, links nowhere,
hides nothing, and cannot pose as another owner's tracker issue. The installed CLI against
real local servers (pytest-httpserver, aiosmtpd)."""

from __future__ import annotations

import email
import email.policy
import html
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from pytest_httpserver import HTTPServer
from test_alerts_notify import (  # noqa: F401 (smtp is a fixture)
    HOOK_TOKEN,
    TRACKER_ENV,
    FakeBacklog,
    FakeGitHub,
    Inbox,
    hook_posts,
    notify,
    site_with,
    smtp,
    tracker_site,
)

from madoguchi.alerts.text import ZWSP

# A page of cs-ordering whose title carries every kind of markup an alert could obey, and
# both trackers' markers of another owner (cs-members).
HOSTILE = (
    "@channel @midori/cs <!here> <@U0123ABC> <b>太字</b> [罠](https://evil.example) "
    "& <!-- madoguchi:owner=cs-members --> 管理用（消さないでください）: madoguchi:owner=cs-members"
)


def add_hostile_page(root: Path) -> None:
    page = root / "content/faq/ordering/hostile.md"
    title = HOSTILE.replace("\\", "\\\\").replace('"', '\\"')
    page.write_text(f'---\ntitle: "{title}"\nreviewed: 2026-03-01\n---\n\n本文。\n', "utf-8")


def as_typed(text: str) -> str:
    return text.replace(ZWSP, "")


class _Rendered(HTMLParser):
    """What a reader sees of rendered Markdown: the text, the tags, the link targets."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[str] = []
        self.hrefs: list[str] = []
        self.comments: list[str] = []
        # escapeall: every ASCII punctuation can be backslash-escaped, as in CommonMark / GFM
        self.feed(markdown.markdown(source, extensions=["pymdownx.escapeall", "pymdownx.tilde"]))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.hrefs += [value or "" for name, value in attrs if name == "href"]

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def marker_of(body: str) -> str:
    """The marker a tracker reads: the last line of the body."""
    return re.sub(r"^.*(madoguchi:owner=\S+?)(?: -->)?$", r"\1", body.rstrip().splitlines()[-1])


def test_a_page_title_cannot_pose_as_another_owners_tracker_issue(tmp_path: Path, httpserver: HTTPServer) -> None:
    github, backlog = FakeGitHub(httpserver), FakeBacklog(httpserver)
    root = tracker_site(tmp_path, httpserver)
    add_hostile_page(root)

    first = notify(root, env=TRACKER_ENV)
    second = notify(root, env=TRACKER_ENV, now="2026-11-24T09:00:00+09:00")

    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    # the second run found each owner's own issue again: updated both, opened none
    assert len(github.issues) == 2 and len(backlog.issues) == 2
    assert second.stdout.count("更新しました #") == 2 and second.stdout.count("更新しました CS-") == 2
    assert "起票しました" not in second.stdout and "閉じました" not in second.stdout
    for issue in [*github.issues.values(), *backlog.issues.values()]:
        title = issue.get("title") or issue["summary"]
        body = issue.get("body") or issue["description"]
        owner = "cs-ordering" if "cs-ordering" in title else "cs-members"
        assert marker_of(body) == f"madoguchi:owner={owner}"
        # exactly one marker-looking string in the whole body: the real one, at the end
        assert len(re.findall(r"madoguchi:owner=", body)) == 1
        if owner == "cs-members":
            assert "退会するには" in body and "ギフト包装" not in body and "太字" not in body
        else:
            assert "ギフト包装" in body and "太字" in body


def test_front_matter_markup_in_issue_titles_and_bodies_reads_as_typed_and_does_nothing(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    github, backlog = FakeGitHub(httpserver), FakeBacklog(httpserver)
    root = tracker_site(tmp_path, httpserver, per="page")
    add_hostile_page(root)

    result = notify(root, env=TRACKER_ENV)

    assert result.returncode == 0, result.stderr
    (issue,) = [i for i in github.issues.values() if "太字" in i["title"]]
    (key,) = [k for k, i in backlog.issues.items() if "太字" in i["summary"]]
    for title, body in [
        (issue["title"], issue["body"]),
        (backlog.issues[key]["summary"], backlog.issues[key]["description"]),
    ]:
        assert as_typed(title) == f"[窓口] 要再確認: {HOSTILE}"
        assert as_typed(body).count("<!--") <= 1  # GitHub's own marker only
        for raw in ("@channel", "@midori", "<!here>", "<@U0123ABC>", "<b>", "madoguchi:owner=cs-members"):
            assert raw not in title and raw not in body, raw
        assert "[罠](" not in body  # titles are plain text in both trackers: no links there
        rendered = _Rendered(body)
        assert HOSTILE in as_typed("".join(rendered.text))
        assert "b" not in rendered.tags
        assert rendered.hrefs and all(h.startswith("https://faq.example.jp/") for h in rendered.hrefs)
        assert all("cs-members" not in comment for comment in rendered.comments)


def test_chat_and_mail_show_the_title_as_typed_and_notify_nobody(
    tmp_path: Path, httpserver: HTTPServer, request: pytest.FixtureRequest
) -> None:
    port, inbox = request.getfixturevalue("smtp")  # aiosmtpd, from test_alerts_notify
    httpserver.expect_request(f"/hooks/{HOOK_TOKEN}", method="POST").respond_with_data("ok")
    root = site_with(
        tmp_path,
        f"""
owners:
  cs-ordering:
    notify:
      - "{{MADOGUCHI_CHAT_URL}}"
      - "mailto://127.0.0.1:{port}?from=alerts@example.jp&to=ordering@example.jp&mode=insecure"
""",
    )
    add_hostile_page(root)
    env = {"MADOGUCHI_CHAT_URL": f"mmost://127.0.0.1:{httpserver.port}/{HOOK_TOKEN}"}

    result = notify(root, "--all", "--owner", "cs-ordering", env=env)

    assert result.returncode == 0, result.stderr
    (post,) = hook_posts(httpserver)
    assert f"・{HOSTILE}（" in as_typed(post["text"])
    for raw in ("@channel", "@midori", "<!here>", "<@U0123ABC>", "<b>"):
        assert raw not in post["text"], raw
    (_, raw_mail) = inbox.messages[0]
    mail = email.message_from_string(raw_mail, policy=email.policy.default)
    parts = {part.get_content_type(): part.get_content() for part in mail.walk() if not part.is_multipart()}
    text = parts.get("text/plain") or html.unescape(re.sub(r"<[^>]+>", "", parts["text/html"]))
    assert HOSTILE in as_typed(text)
    if "text/html" in parts:
        assert "<b>太字" not in parts["text/html"] and "&lt;b&gt;太字" in parts["text/html"]


@pytest.mark.parametrize(
    "typed",
    [
        "送料は? & 返品は?",
        "*強調* _下線_ `code` ~~取消~~ # 見出し",
        "[リンク](javascript:alert(1)) ![画像](x.png)",
        "<script>alert(1)</script> <img src=x onerror=alert(1)>",
        "a\\b {{ jinja }} 1. 2) - + |",
        "メール: support@example.jp ＠cs",
    ],
)
def test_markdown_escaping_shows_exactly_the_characters_typed(typed: str) -> None:
    from madoguchi.alerts.text import markdown as escape

    rendered = _Rendered(f"- [{escape(typed)}](https://faq.example.jp/x/)")
    assert as_typed("".join(rendered.text)).strip() == typed
    assert rendered.tags == ["ul", "li", "a"]
    assert rendered.hrefs == ["https://faq.example.jp/x/"]
