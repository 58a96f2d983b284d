"""`madoguchi insights`, `stale --insights` and `notify --insights` (issue 16, items 4 and 5):
events posted to a real collector process (SQLite and PostgreSQL), read back against the
`cli` fixture site's content model. The JSON is checked exactly; every output format shows
stored text as text (Markdown escaped, terminal controls shown, commands shell-quoted)."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
import yaml
from test_alerts_notify import notify

from support.site import CLI_OPTIONS, madoguchi, make_site
from support.voice import (  # noqa: F401 (postgres, db_url are fixtures)
    Collector,
    db_url,
    postgres,
    start_collector,
)


def feedback(page: str, helpful: bool, reason: str | None = None) -> dict[str, object]:
    return {"type": "feedback", "page": page, "helpful": helpful, "reason": reason}


def zero(query: str) -> dict[str, object]:
    return {"type": "search_zero", "query": query}


CANCEL = "/faq/ordering/cancel/"
KNOWN_EVENTS = [
    feedback(CANCEL, False, "outdated"),
    feedback(CANCEL, False, "outdated"),
    feedback(CANCEL, False, "unclear"),
    feedback(CANCEL, True),
    feedback("/faq/account/withdraw/", True),
    feedback("/faq/account/withdraw/index.html", True),
    feedback("/faq/account/withdraw/", False),
    feedback("/faq/ordering/payment/", False, "missing"),
    feedback("/faq/account/secret-plan/", False, "other"),  # a draft: not a page of the site
    zero("サブスク"),
    zero("サブスク"),
    zero("ｻﾌﾞｽｸ"),  # the same words, half-width
    zero("ギフト券"),
    zero("領収書 再発行"),
    zero("注文やめたい"),
    {"type": "search_open", "query": "キャンセル", "page": CANCEL, "position": 1},
    {"type": "search_recovered", "failed_query": "注文やめたい", "query": "キャンセル", "page": CANCEL},
]

REASONS_NONE = {"outdated": 0, "missing": 0, "unclear": 0, "other": 0}
EXPECTED_JSON = {
    "since": None,
    "searches": 7,
    "pages": [
        {
            "path": "faq/ordering/cancel.md",
            "url": "https://faq.example.jp/faq/ordering/cancel/",
            "helpful": 1,
            "unhelpful": 3,
            "reasons": {"outdated": 2, "missing": 0, "unclear": 1, "other": 0},
        },
        {
            "path": "faq/ordering/payment.md",
            "url": "https://faq.example.jp/faq/ordering/payment/",
            "helpful": 0,
            "unhelpful": 1,
            "reasons": {"outdated": 0, "missing": 1, "unclear": 0, "other": 0},
        },
        {
            "path": "faq/account/withdraw.md",
            "url": "https://faq.example.jp/faq/account/withdraw/",
            "helpful": 2,
            "unhelpful": 1,
            "reasons": REASONS_NONE,
        },
    ],
    "zero_result_queries": [
        {"query": "サブスク", "count": 3},
        {"query": "ギフト券", "count": 1},
        {"query": "注文やめたい", "count": 1},
        {"query": "領収書 再発行", "count": 1},
    ],
    "unhelpful_since_review": [
        {
            "path": "faq/ordering/cancel.md",
            "url": "https://faq.example.jp/faq/ordering/cancel/",
            "owner": "cs-ordering",
            "reviewed": "2026-11-01",
            "unhelpful": 3,
            "reasons": {"outdated": 2, "missing": 0, "unclear": 1, "other": 0},
        },
        {
            "path": "faq/account/withdraw.md",
            "url": "https://faq.example.jp/faq/account/withdraw/",
            "owner": "cs-members",
            "reviewed": "2026-09-01",
            "unhelpful": 1,
            "reasons": REASONS_NONE,
        },
        {
            "path": "faq/ordering/payment.md",
            "url": "https://faq.example.jp/faq/ordering/payment/",
            "owner": "cs-ordering",
            "reviewed": "2026-05-20",
            "unhelpful": 1,
            "reasons": {"outdated": 0, "missing": 1, "unclear": 0, "other": 0},
        },
    ],
    "synonym_suggestions": [{"words": ["キャンセル", "注文やめたい"], "pairs": 1, "extends_existing": False}],
    "synonyms_yml": "- [キャンセル, 注文やめたい]  # 1: 新しいグループ / new group\n",
    "new_questions": [
        {"query": "サブスク", "count": 3, "command": "madoguchi new faq CATEGORY SLUG --title 'サブスク'"},
        {"query": "ギフト券", "count": 1, "command": "madoguchi new faq CATEGORY SLUG --title 'ギフト券'"},
        {"query": "領収書 再発行", "count": 1, "command": "madoguchi new faq CATEGORY SLUG --title '領収書 再発行'"},
    ],
    "unknown_pages": [{"page": "/faq/account/secret-plan/", "count": 1}],
}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path, "cli", options=CLI_OPTIONS)


def post_all(collector: Collector, events: list[dict[str, object]]) -> None:
    try:
        assert [collector.post(event).status_code for event in events] == [204] * len(events)
    finally:
        collector.stop()


def test_insights_json_shows_exactly_the_events_sent(tmp_path: Path, site: Path, db_url: str) -> None:  # noqa: F811
    post_all(start_collector(tmp_path, db_url), KNOWN_EVENTS)

    result = madoguchi(site, "insights", "--db", db_url, "--format", "json")

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == EXPECTED_JSON


def test_since_counts_only_the_events_from_that_day_on_in_the_sites_time_zone(tmp_path: Path, site: Path) -> None:
    db = f"sqlite:///{tmp_path / 'voice.db'}"
    # 2026-11-22 23:30 in Tokyo is still the 22nd there (14:30 UTC)
    post_all(start_collector(tmp_path, db, now="2026-11-22T23:30:00+09:00"), [zero("前日の検索")])
    post_all(start_collector(tmp_path, db, now="2026-11-23T00:30:00+09:00"), [zero("当日の検索")])

    result = madoguchi(site, "insights", "--db", db, "--since", "2026-11-23", "--format", "json")

    document = json.loads(result.stdout)
    assert document["since"] == "2026-11-23"
    assert document["zero_result_queries"] == [{"query": "当日の検索", "count": 1}]
    bad = madoguchi(site, "insights", "--db", db, "--since", "23/11/2026")
    assert bad.returncode == 2 and "'23/11/2026' is not a date (expected YYYY-MM-DD)" in bad.stderr


def test_a_learned_pair_extends_the_sites_own_synonym_group(tmp_path: Path, site: Path) -> None:
    (site / "content/_data").mkdir()
    (site / "content/_data/synonyms.yml").write_text("- [キャンセル, 取り消し]\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'voice.db'}"
    pair = {"type": "search_recovered", "failed_query": "注文やめたい", "query": "取り消し", "page": CANCEL}
    known = {"type": "search_recovered", "failed_query": "キャンセル", "query": "取り消し", "page": CANCEL}
    post_all(start_collector(tmp_path, db), [pair, pair, known])

    result = madoguchi(site, "insights", "--db", db, "--format", "json")

    snippet = json.loads(result.stdout)["synonyms_yml"]
    assert snippet == "- [キャンセル, 取り消し, 注文やめたい]  # 3: 既存のグループに追加 / extends a group\n"
    assert yaml.safe_load(snippet) == [["キャンセル", "取り消し", "注文やめたい"]]


# Everything stored is text: accepted events whose words mean something to Markdown, YAML or a shell
SLY = [
    "a|b *c* _d_ [x](javascript:alert(1)) `e` ![i](x) # h &amp; \\",
    "$(touch /tmp/pwned) `id` 'q' \"dq\" ; rm -rf ~",
    "- [yaml, list]: {x: y} # comment",
    "```",
    "@channel @here",
]


def test_insights_output_escapes_everything_customers_typed(tmp_path: Path, site: Path) -> None:
    db = f"sqlite:///{tmp_path / 'voice.db'}"
    events: list[dict[str, object]] = [zero(query) for query in SLY]
    events += [
        {"type": "search_recovered", "failed_query": query, "query": "キャンセル", "page": CANCEL} for query in SLY[:3]
    ]
    events += [zero("新しい質問 " + SLY[1])]
    post_all(start_collector(tmp_path, db), events)

    as_json = json.loads(madoguchi(site, "insights", "--db", db, "--format", "json").stdout)
    markdown = madoguchi(site, "insights", "--db", db, "--format", "markdown").stdout
    table = madoguchi(site, "insights", "--db", db).stdout

    # the synonyms snippet parses back to exactly the words typed
    assert yaml.safe_load(as_json["synonyms_yml"]) == [["キャンセル", *sorted(SLY[:3])]]
    # each suggested command, run by a shell, passes the query as one argument, unchanged
    for item in as_json["new_questions"]:
        assert shlex.split(item["command"]) == ["madoguchi", "new", "faq", "CATEGORY", "SLUG", "--title", item["query"]]
    assert {item["query"] for item in as_json["new_questions"]} == {"```", "@channel @here", "新しい質問 " + SLY[1]}
    # Markdown outside the code blocks: no link, no image, no emphasis, no table cell break,
    # no raw HTML entity (inside a fenced block nothing is interpreted)
    prose = re.sub(r"^(`{3,})\w*\n.*?^\1$", "", markdown, flags=re.S | re.M)
    assert "````" not in prose and "](javascript" not in prose.replace("\\](", "")
    assert (
        "a\\|b \\*c\\* \\_d\\_ \\[x\\]\\(javascript:alert\\(1\\)\\) \\`e\\` \\!\\[i\\]\\(x\\) \\# h &amp;amp; \\\\"
        in markdown
    )
    assert "@\u200bchannel @\u200bhere" in markdown
    # code blocks are fenced longer than any backtick run inside
    assert "\n```yaml\n" in markdown and "\n````sh\n" in markdown  # the commands hold a ```
    # the table shows the words as typed, on their own line
    for query in SLY:
        assert f"     1  {query}\n" in table


def test_stale_insights_lists_per_owner_the_answers_marked_unhelpful_since_their_last_review(
    tmp_path: Path, site: Path
) -> None:
    db = f"sqlite:///{tmp_path / 'voice.db'}"
    # before cancel.md's review on 2026-11-01: that answer has since been fixed
    post_all(start_collector(tmp_path, db, now="2026-10-20T10:00:00+09:00"), [feedback(CANCEL, False, "outdated")] * 4)
    post_all(
        start_collector(tmp_path, db),
        [
            feedback(CANCEL, False, "unclear"),
            feedback("/faq/account/withdraw/", False, "missing"),
            feedback("/faq/account/withdraw/", False, "missing"),
            feedback("/faq/ordering/payment/", True),
        ],
    )

    table = madoguchi(site, "stale", "--insights", db)
    as_json = madoguchi(site, "stale", "--insights", db, "--format", "json", "--owner", "cs-members")
    markdown = madoguchi(site, "stale", "--insights", db, "--format", "markdown")

    assert table.returncode == 0, table.stderr
    assert table.stdout.endswith(
        "お客様の声: 前回の確認以降に「役に立たなかった」と答えた回答\n"
        "cs-members (1)\n"
        "  いいえ   2  content/faq/account/withdraw.md  会員登録を解除するには？\n"
        "              知りたいことが書いていない 2\n"
        "cs-ordering (1)\n"
        "  いいえ   1  content/faq/ordering/cancel.md  注文をキャンセルしたい\n"
        "              わかりにくい 1\n"
    )
    assert json.loads(as_json.stdout)["customer_voice"] == [
        {
            "path": "faq/account/withdraw.md",
            "url": "https://faq.example.jp/faq/account/withdraw/",
            "owner": "cs-members",
            "reviewed": "2026-09-01",
            "unhelpful": 2,
            "reasons": {"outdated": 0, "missing": 2, "unclear": 0, "other": 0},
        }
    ]
    assert "### お客様の声\n" in markdown.stdout and "| いいえ | ページ | 理由 |" in markdown.stdout
    assert "#### cs\\-members" in markdown.stdout
    assert (
        "| 2 | [会員登録を解除するには？](https://faq.example.jp/faq/account/withdraw/)<br>"
        "`content/faq/account/withdraw.md` | 知りたいことが書いていない 2 |" in markdown.stdout
    )
    # without --insights, stale is as before
    assert "お客様の声" not in madoguchi(site, "stale").stdout


def test_notify_insights_tells_each_owner_in_the_digest_from_the_secret_variable(tmp_path: Path) -> None:
    root = make_site(
        tmp_path,
        "alerts",
        options='      timezone: Asia/Tokyo\n      notify:\n        defaults: {notify: ["json://127.0.0.1:9/hook"]}',
    )
    db = f"sqlite:///{tmp_path / 'voice.db'}"
    post_all(start_collector(tmp_path, db), [feedback("/faq/ordering/cancel/", False, "outdated")])

    result = notify(root, "--dry-run", env={"MADOGUCHI_VOICE_DB": db})
    without = notify(root, "--dry-run")

    assert result.returncode == 0, result.stderr
    assert "■ お客様の声: 前回の確認以降に「役に立たなかった」と答えた回答（1件）" in result.stdout
    assert "いいえ 1件: 情報が古い・間違っている" in result.stdout
    assert "お客様の声" not in without.stdout


def test_an_unreachable_database_is_one_line_without_its_password(site: Path) -> None:
    result = madoguchi(site, "insights", "--db", "postgresql://voice:SECRET-pw-33@127.0.0.1:1/voice")

    assert result.returncode == 1
    assert result.stderr.startswith("Error: --db postgresql+psycopg://voice:***@127.0.0.1:1/voice: OperationalError")
    assert "SECRET-pw-33" not in result.stdout + result.stderr


def test_pages_under_the_site_urls_path_are_mapped_to_their_content_files(tmp_path: Path, site: Path) -> None:
    config = site / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("https://faq.example.jp/", "https://faq.example.jp/support/"),
        encoding="utf-8",
    )
    db = f"sqlite:///{tmp_path / 'voice.db'}"
    post_all(
        start_collector(tmp_path, db, "--allow-origin", "https://faq.example.jp"),
        [
            feedback("/support/faq/ordering/cancel/", False, "missing"),
            feedback("/support/faq/ordering/%63ancel/", True),
            feedback("/faq/ordering/cancel/", True),  # the seam: the prefix *may* precede the path
            feedback("/support/faq/ordering/nothing-here/", True),
        ],
    )

    document = json.loads(madoguchi(site, "insights", "--db", db, "--format", "json").stdout)

    assert [(p["path"], p["url"], p["helpful"], p["unhelpful"]) for p in document["pages"]] == [
        ("faq/ordering/cancel.md", "https://faq.example.jp/support/faq/ordering/cancel/", 2, 1)
    ]
    assert document["unknown_pages"] == [{"page": "/support/faq/ordering/nothing-here/", "count": 1}]
