"""`madoguchi check`: every input error of the contract, as `path:line: key: message` on
stderr, exit 1, and a summary line; leak-guard findings (errors, or warnings with leak_level: warn)."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.site import CLI_OPTIONS, madoguchi, make_site


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path, "cli", options=CLI_OPTIONS)


def write(site: Path, path: str, text: str, newline: str = "\n") -> None:
    target = site / "content" / path
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "w", encoding="utf-8", newline=newline) as handle:
        handle.write(text)


def test_valid_site_passes_with_a_summary(site: Path) -> None:
    result = madoguchi(site, "check")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout == ("10 files checked (5 FAQ entries, 2 incidents, 1 drafts): 0 error(s), 0 warning(s)\n")


ERRORS = [
    (
        "missing title",
        "---\nowner: a\nreviewed: 2026-11-01\n---\nx\n",
        "content/faq/ordering/new.md:1: title: 必須のキーがありません / missing (expected the question as a customer would ask it)",
    ),
    (
        "missing owner",
        "---\ntitle: t\nreviewed: 2026-11-01\n---\nx\n",
        "content/faq/account/new.md:1: owner: 担当（チームか人。例 cs-ordering）を書いてください（既定の担当を設定することもできます） / missing (expected a team or person, e.g. cs-ordering; or set a default owner)",
    ),
    (
        "missing reviewed",
        "---\ntitle: t\nowner: a\n---\nx\n",
        "content/faq/ordering/new.md:1: reviewed: 人が最後に内容を確認した日（YYYY-MM-DD）を書いてください / missing (expected the date a person last confirmed the answer, YYYY-MM-DD)",
    ),
    (
        "unparseable reviewed",
        "---\ntitle: t\nowner: a\nreviewed: 2026-13-01\n---\nx\n",
        "content/faq/ordering/new.md:4: reviewed: '2026-13-01' は日付ではありません（YYYY-MM-DD で書いてください） / "
        "'2026-13-01' is not a date (expected YYYY-MM-DD)",
    ),
    (
        "reviewed in the future",
        "---\ntitle: t\nowner: a\nreviewed: 2026-11-24\n---\nx\n",
        "content/faq/ordering/new.md:4: reviewed: 2026-11-24 は未来の日付です（2026-11-23 以前の日付を書いてください） / 2026-11-24 is in the future (expected a date on or before 2026-11-23)",
    ),
    (
        "zero review_every",
        "---\ntitle: t\nowner: a\nreviewed: 2026-11-01\nreview_every: 0d\n---\nx\n",
        "content/faq/ordering/new.md:5: review_every: '0d' は 0 より長い期間にしてください（例: 90d） / "
        "'0d' must be longer than zero (e.g. 90d)",
    ),
    (
        "negative review_every",
        "---\ntitle: t\nowner: a\nreviewed: 2026-11-01\nreview_every: -3w\n---\nx\n",
        "content/faq/ordering/new.md:5: review_every: '-3w' は 0 より長い期間にしてください（例: 90d） / "
        "'-3w' must be longer than zero (e.g. 90d)",
    ),
    (
        "bad review_every",
        "---\ntitle: t\nowner: a\nreviewed: 2026-11-01\nreview_every: 3 months\n---\nx\n",
        "content/faq/ordering/new.md:5: review_every: '3 months' は期間ではありません（整数と単位 h, d, w で書いてください。"
        "例: 90d） / '3 months' is not an interval "
        "(expected a whole number and a unit h, d or w, e.g. 90d)",
    ),
    (
        "duplicate key",
        "---\ntitle: t\nowner: a\nreviewed: 2026-11-01\ntitle: again\n---\nx\n",
        "content/faq/ordering/new.md:5: title: キー 'title' が2回以上書かれています（同じキーは1回だけ書いてください） / "
        "duplicate key 'title' (each key may appear only once)",
    ),
    ("YAML syntax error", "---\ntitle: t\nowner: [a\nreviewed: 2026-11-01\n---\nx\n", "content/faq/ordering/new.md:"),
    (
        "front matter not a mapping",
        "---\n- title\n- owner\n---\nx\n",
        "content/faq/ordering/new.md:2: -: フロントマターが「キー: 値」の形になっていません / "
        "front matter is not a mapping (expected key: value lines)",
    ),
]


@pytest.mark.parametrize(("case", "text", "expected"), ERRORS, ids=[case for case, _, _ in ERRORS])
def test_each_faq_error_is_reported_in_the_contract_format(site: Path, case: str, text: str, expected: str) -> None:
    category = "account" if case == "missing owner" else "ordering"  # account has no default owner
    write(site, f"faq/{category}/new.md", text)
    result = madoguchi(site, "check")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    if case == "YAML syntax error":
        # v2 (issue 21): in the site's language (the fixture is Japanese)
        assert lines[0].startswith(expected) and ": -: YAML の書き方に誤りがあります（" in lines[0]
    else:
        assert lines[0] == expected
    assert result.stdout.endswith(": 1 error(s), 0 warning(s)\n")


def test_one_bad_file_does_not_hide_the_others(site: Path) -> None:
    write(site, "faq/ordering/a.md", "---\ntitle: t\nreviewed: nope\n---\n")
    write(site, "faq/ordering/b.md", "---\nowner: a\nreviewed: 2026-11-01\n---\n")
    result = madoguchi(site, "check")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "content/faq/ordering/a.md:3: reviewed: 'nope' は日付ではありません（YYYY-MM-DD で書いてください） / "
        "'nope' is not a date (expected YYYY-MM-DD)",
        "content/faq/ordering/b.md:1: title: 必須のキーがありません / missing (expected the question as a customer would ask it)",
    ]
    assert "2 error(s)" in result.stdout


def test_incident_errors_are_printed_in_the_format(site: Path) -> None:
    write(
        site,
        "incidents/2026-11-22-broken.md",
        (
            "---\ntitle: t\nowner: cs-web\nstatus: fixed\nimpact: huge\nstarted: 2026-11-22T10:00:00+09:00\n"
            "updates:\n  - at: 2026-11-22T09:00:00+09:00\n    status: investigating\n    text: x\n---\n"
        ),
    )
    result = madoguchi(site, "check")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "content/incidents/2026-11-22-broken.md:4: status: 'fixed' は使えない値です"
        "（investigating, identified, monitoring, resolved のどれか） / 'fixed' is not known "
        "(expected one of investigating, identified, monitoring, resolved)",
        "content/incidents/2026-11-22-broken.md:5: impact: 'huge' は使えない値です（minor, major, critical のどれか） / 'huge' is not known (expected one of minor, major, critical)",
        "content/incidents/2026-11-22-broken.md:8: updates[0].at: 2026-11-22T09:00:00+09:00 は started"
        "（2026-11-22T10:00:00+09:00）より前です / 2026-11-22T09:00:00+09:00 is before started "
        "(2026-11-22T10:00:00+09:00)",
    ]


def test_resolved_incident_without_resolved_at(site: Path) -> None:
    write(
        site,
        "incidents/2026-11-22-done.md",
        (
            "---\ntitle: t\nowner: cs-web\nstatus: resolved\nimpact: minor\nstarted: 2026-11-22T10:00:00+09:00\n"
            "updates:\n  - at: 2026-11-22T11:00:00+09:00\n    status: resolved\n    text: x\n---\n"
        ),
    )
    result = madoguchi(site, "check")
    assert result.returncode == 1
    assert result.stderr == (
        "content/incidents/2026-11-22-done.md:4: resolved_at: 復旧日時（resolved_at）がありません"
        "（status が resolved のときは必須です） / missing "
        "(expected the date-time the incident was resolved, since status is resolved)\n"
    )


LEAKY = (
    "---\ntitle: t\nreviewed: 2026-11-01\n---\n\n"
    "田中様（tanaka.hanako@gmail.example.com、090-1234-5678）からのご質問です。\n"
    "窓口は support@madoguchi-test.example、0120-111-222 です。\n"
)
LEAKS = [
    "content/faq/ordering/mail.md:6: body: {mark}メールアドレス 'tanaka.hanako@gmail.example.com' が公開する内容に"
    "あります（公開してよいものなら leak_allowlist に加えてください） / e-mail address 'tanaka.hanako@gmail.example.com' "
    "in public content (allowlist it in leak_allowlist if it is meant to be public)",
    "content/faq/ordering/mail.md:6: body: {mark}電話番号 '090-1234-5678' が公開する内容にあります"
    "（公開してよいものなら leak_allowlist に加えてください） / phone number '090-1234-5678' "
    "in public content (allowlist it in leak_allowlist if it is meant to be public)",
]


def test_personal_data_outside_the_allowlist_is_an_error_in_the_public_edition(site: Path) -> None:
    # v2 (issue 13): personal data is an error unless allowlisted (it was a warning)
    write(site, "faq/ordering/mail.md", LEAKY)
    result = madoguchi(site, "check")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [line.format(mark="") for line in LEAKS]
    assert result.stdout.endswith(": 2 error(s), 0 warning(s)\n")


def test_leak_level_warn_makes_personal_data_warnings_that_do_not_fail(tmp_path: Path) -> None:
    site = make_site(tmp_path, "cli", options=CLI_OPTIONS + "\n      leak_level: warn")
    write(site, "faq/ordering/mail.md", LEAKY)
    result = madoguchi(site, "check")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [line.format(mark="warning: ") for line in LEAKS]
    assert result.stdout.endswith(": 0 error(s), 2 warning(s)\n")


def test_draft_linked_from_a_public_page_is_an_error(site: Path) -> None:
    write(
        site,
        "faq/ordering/teaser.md",
        (
            "---\ntitle: t\nreviewed: 2026-11-01\nrelated:\n  - faq/account/secret-plan.md\n---\n\n"
            "詳しくは[こちら](../account/secret-plan.md)。\n"
        ),
    )
    result = madoguchi(site, "check")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "content/faq/ordering/teaser.md:5: related: 'faq/account/secret-plan.md' は下書きです"
        "（公開するページから下書きへはリンクできません） / 'faq/account/secret-plan.md' is a draft "
        "(a public page must not link to a draft)",
        "content/faq/ordering/teaser.md:8: body: 下書き 'faq/account/secret-plan.md' にリンクしています"
        "（公開するページから下書きへはリンクできません） / links to draft 'faq/account/secret-plan.md' "
        "(a public page must not link to a draft)",
    ]


def test_a_draft_may_link_to_a_draft(site: Path) -> None:
    write(
        site,
        "faq/account/secret-faq.md",
        (
            "---\ntitle: t\nowner: a\nreviewed: 2026-11-01\ndraft: true\nrelated: [faq/account/secret-plan.md]\n---\n\n"
            "[計画](secret-plan.md)\n"
        ),
    )
    assert madoguchi(site, "check").returncode == 0


def test_missing_or_invalid_config_is_named(site: Path) -> None:
    result = madoguchi(site, "-f", "nope.yml", "check")
    assert result.returncode == 1
    assert result.stderr == "Error: nope.yml: cannot be read (No such file or directory)\n"
    text = (site / "mkdocs.yml").read_text(encoding="utf-8").replace("timezone: Asia/Tokyo", "timezone: Mars/Base")
    (site / "mkdocs.yml").write_text(text, encoding="utf-8")
    result = madoguchi(site, "check")
    assert result.returncode == 1
    assert (
        "mkdocs.yml: Config value 'plugins': Plugin 'madoguchi/freshness' option 'timezone': "
        "'Mars/Base' is not an IANA time zone"
    ) in result.stderr


def test_pre_commit_hooks_run_real_commands(site: Path) -> None:
    import shlex

    import yaml

    from support.site import REPO

    hooks = {hook["id"]: hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert hooks["madoguchi-check"]["pass_filenames"] is False
    command = shlex.split(hooks["madoguchi-check"]["entry"])
    assert command[0] == "madoguchi"
    assert madoguchi(site, *command[1:]).returncode == 0
    (site / "content/faq/ordering/bad.md").write_text("---\ntitle: t\n---\n", encoding="utf-8")
    assert madoguchi(site, *command[1:]).returncode == 1
    stale = shlex.split(hooks["madoguchi-stale"]["entry"])
    (site / "content/faq/ordering/bad.md").unlink()
    assert madoguchi(site, *stale[1:]).returncode == 1  # payment.md is overdue
