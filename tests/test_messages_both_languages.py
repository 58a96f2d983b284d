"""Every module that finds an input error says it in the site's language, in the one shape
`path:line: key: message` (strings catalog; texts.Text): Japanese with the English after it
on a Japanese site, English only on an English site. A few representative errors of each
module — incident, maintenance and notice rules (kinds/), dates and intervals (timeutil.py),
dangerous input (dangerous.py), the editor guard rails (guards.py), front-matter YAML
(frontmatter.py), the business calendar (calendar.py), personal data and links to drafts
(leaks.py) and symbolic links (publishable.py) — from `madoguchi check` and the build of one
fixture tree."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.site import madoguchi, make_site, mkdocs_build

FILES = {
    # kinds/incident.py and timeutil.py
    "content/incidents/2026-11-20-outage.md": """---
title: アプリにログインできない
owner: cs-web
status: identified
impact: major
started: 2026-11-20T10:00:00+09:00
next_update: 夕方
updates:
  - at: 2026-11-20T09:00:00+09:00
    status: fixing
    text: 調査中です。
---

本文です。
""",
    # kinds/maintenance.py
    "content/incidents/2026-12-10-maintenance.md": """---
title: システムメンテナンスのお知らせ
owner: cs-web
kind: maintenance
scheduled_start: 2026-12-10T01:00:00+09:00
impact: major
---

本文です。
""",
    # kinds/notice.py
    "content/notices/year-end.md": """---
title: 年末年始の営業について
owner: cs-web
show_from: 2026-12-20T00:00:00+09:00
show_until: 2026-12-01T00:00:00+09:00
---

本文です。
""",
    # dangerous.py and timeutil.py (reviewed, review_every)
    "content/faq/ordering/danger.md": """---
title: 危険な回答
owner: cs-ordering
reviewed: 2026-13-01
review_every: 0d
---

<script>alert(1)</script>

[こちら](javascript:alert(1))
""",
    # guards.py: unknown key, broken link with a suggestion, broken anchor, placeholder
    "content/faq/ordering/guarded.md": """---
title: 返品したい
owner: cs-ordering
reviewed: 2026-11-01
darft: true
---

[キャンセル](cancl.md) をご覧ください。
[支払い](payment.md#nowhere) もご覧ください。

（ここに回答を書いてください）
""",
    # leaks.py: personal data, a link to a draft
    "content/faq/ordering/leaky.md": """---
title: 問い合わせ先
owner: cs-ordering
reviewed: 2026-11-01
---

田中様（tanaka.hanako@gmail.example.com）からのご質問です。
[近日公開](../account/secret-plan.md)
""",
    # frontmatter.py: a duplicate key
    "content/faq/ordering/twice.md": """---
title: 二度書き
title: 二度書き
---

本文です。
""",
    # calendar.py
    "content/_data/calendar.yml": """channels:
  phone:
    label: お電話
    hours:
      mon-fri: "09:00-25:00"
      sat-mon: "10:00-12:00"
""",
}

OUTAGE = "content/incidents/2026-11-20-outage.md"
MAINTENANCE = "content/incidents/2026-12-10-maintenance.md"
NOTICE = "content/notices/year-end.md"
DANGER = "content/faq/ordering/danger.md"
GUARDED = "content/faq/ordering/guarded.md"
TWICE = "content/faq/ordering/twice.md"
LEAKY = "content/faq/ordering/leaky.md"
LINKED = "content/faq/ordering/linked.md"
CALENDAR = "content/_data/calendar.yml"

# (path:line: key:, Japanese, English): a Japanese site prints "Japanese / English"
EXPECTED = [
    (
        f"{CALENDAR}:5: channels.phone.hours.mon-fri:",
        "'09:00-25:00': '25:00' は時刻ではありません（HH:MM-HH:MM で書いてください。例: 09:00-18:00。"
        "終わりは 24:00 でもかまいません）",
        "'09:00-25:00': '25:00' is not a time (expected HH:MM-HH:MM, e.g. 09:00-18:00; the end may be 24:00)",
    ),
    (
        f"{CALENDAR}:6: channels.phone.hours.sat-mon:",
        "'sat-mon': 曜日の範囲が逆です（曜日（mon tue wed thu fri sat sun）か mon-fri のような範囲で書いてください）",
        "'sat-mon': the day range is reversed (expected a day (mon tue wed thu fri sat sun) or a range such as mon-fri)",
    ),
    (
        f"{DANGER}:4: reviewed:",
        "'2026-13-01' は日付ではありません（YYYY-MM-DD で書いてください）",
        "'2026-13-01' is not a date (expected YYYY-MM-DD)",
    ),
    (
        f"{DANGER}:5: review_every:",
        "'0d' は 0 より長い期間にしてください（例: 90d）",
        "'0d' must be longer than zero (e.g. 90d)",
    ),
    (
        f"{DANGER}:8: body:",
        "HTML の <script> 要素は使えません（文字として見せるなら `バッククォート` で囲んでください）",
        "raw <script> element is not allowed (write it in `backticks` to show it as text)",
    ),
    (
        f"{DANGER}:10: body:",
        "リンク: javascript: の URL 'javascript:alert(1)' は使えません（スクリプトが実行されます）",
        "link: javascript: URL 'javascript:alert(1)' is not allowed (it runs script)",
    ),
    (
        f"{GUARDED}:5: darft:",
        "不明なキーです。draft の書き間違いではありませんか？",
        "unknown key — did you mean draft?",
    ),
    (
        f"{GUARDED}:8: link:",
        "リンク先 cancl.md がありません（cancel.md の書き間違いではありませんか？）",
        "links to cancl.md, which does not exist — did you mean cancel.md?",
    ),
    (
        f"{GUARDED}:9: link:",
        "リンク先の見出し #nowhere が faq/ordering/payment.md にありません",
        "links to #nowhere, which is not a heading of faq/ordering/payment.md",
    ),
    (
        f"{GUARDED}:11: body:",
        "雛形の文「（ここに回答を書いてください）」が残っています（公開する前に書き換えてください）",
        "scaffold text （ここに回答を書いてください） is still there (replace it before publishing)",
    ),
    (
        f"{LEAKY}:7: body:",
        "メールアドレス 'tanaka.hanako@gmail.example.com' が公開する内容にあります"
        "（公開してよいものなら leak_allowlist に加えてください）",
        "e-mail address 'tanaka.hanako@gmail.example.com' in public content "
        "(allowlist it in leak_allowlist if it is meant to be public)",
    ),
    (
        f"{LEAKY}:8: body:",
        "下書き 'faq/account/secret-plan.md' にリンクしています（公開するページから下書きへはリンクできません）",
        "links to draft 'faq/account/secret-plan.md' (a public page must not link to a draft)",
    ),
    (
        f"{LINKED}:1: -:",
        "シンボリックリンクです。たどらず、公開もしません（content/ の外のファイルが公開されるおそれがあるため。"
        "ファイルそのものを置いてください）",
        "symbolic link: never followed nor published (it could publish files from outside content/; "
        "put the file itself here instead)",
    ),
    (
        f"{TWICE}:3: title:",
        "キー 'title' が2回以上書かれています（同じキーは1回だけ書いてください）",
        "duplicate key 'title' (each key may appear only once)",
    ),
    (
        f"{OUTAGE}:7: next_update:",
        "'夕方' は日時ではありません（ISO 8601 で書いてください。例: 2026-11-20T10:05:00+09:00）",
        "'夕方' is not a date-time (expected ISO 8601, e.g. 2026-11-20T10:05:00+09:00)",
    ),
    (
        f"{OUTAGE}:9: updates[0].at:",
        "2026-11-20T09:00:00+09:00 は started（2026-11-20T10:00:00+09:00）より前です",
        "2026-11-20T09:00:00+09:00 is before started (2026-11-20T10:00:00+09:00)",
    ),
    (
        f"{OUTAGE}:9: updates[0].status:",
        "'fixing' は使えない値です（investigating, identified, monitoring, resolved のどれか）",
        "'fixing' is not known (expected one of investigating, identified, monitoring, resolved)",
    ),
    (
        f"{MAINTENANCE}:1: scheduled_end:",
        "必須のキーがありません（時差付きの ISO 8601 日時で書いてください。例: 2026-12-10T01:00:00+09:00）",
        "missing (expected an ISO 8601 date-time with offset, e.g. 2026-12-10T01:00:00+09:00)",
    ),
    (
        f"{MAINTENANCE}:6: impact:",
        "障害のためのキーです（メンテナンスには scheduled_start, scheduled_end と status を書きます）",
        "is for incidents (a maintenance has scheduled_start, scheduled_end and its status)",
    ),
    (
        f"{NOTICE}:5: show_until:",
        "2026-12-01T00:00:00+09:00 が show_from（2026-12-20T00:00:00+09:00）より後になっていません",
        "2026-12-01T00:00:00+09:00 is not after show_from (2026-12-20T00:00:00+09:00)",
    ),
]


def expected_lines(language: str) -> list[str]:
    if language == "en":
        return [f"{where} {english}" for where, _, english in EXPECTED]
    return [f"{where} {japanese} / {english}" for where, japanese, english in EXPECTED]


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The basic fixture with FILES added, once as a Japanese and once as an English site."""
    found = {}
    for language in ("ja", "en"):
        root = make_site(tmp_path_factory.mktemp(language), "basic", commit_date=None)
        config = root / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        assert "  language: ja\n" in text
        config.write_text(text.replace("  language: ja\n", f"  language: {language}\n", 1), encoding="utf-8")
        for path, content in FILES.items():
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_text(content, encoding="utf-8")
        (root / LINKED).symlink_to(root / "content/faq/ordering/cancel.md")  # publishable.py
        found[language] = root
    return found


@pytest.mark.parametrize("language", ["ja", "en"])
def test_check_says_each_modules_errors_in_the_sites_language(sites: dict[str, Path], language: str) -> None:
    result = madoguchi(sites[language], "check")
    assert result.returncode == 1
    assert result.stderr.splitlines() == expected_lines(language)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_build_says_the_same_errors_in_the_sites_language(sites: dict[str, Path], language: str) -> None:
    build = mkdocs_build(sites[language])
    assert build.returncode == 1
    for line in expected_lines(language):
        assert f"ERROR   -  {line}\n" in build.stderr
