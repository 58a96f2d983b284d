"""Guard rails for editors (content contract v2): misspelt front-matter keys, broken body
links and anchors, broken `related:` items and scaffold placeholders are input errors at
their own line, from `madoguchi check` and the build alike, in the site's language."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from devkit import free_port
from madoguchi.scaffold import FAQ_BODY, PLACEHOLDERS
from support.site import CLI_OPTIONS, NOW, madoguchi, make_site, mkdocs_build

FAQ = "content/faq/ordering/x.md"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path, "cli", options=CLI_OPTIONS)


def english(site: Path) -> None:
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("language: ja", "language: en"), encoding="utf-8")


def write_faq(site: Path, front: str, body: str = "本文です。\n") -> None:
    (site / FAQ).write_text(f"---\ntitle: 返品したい\nreviewed: 2026-11-01\n{front}---\n\n{body}", encoding="utf-8")


def errors_of(site: Path) -> list[str]:
    result = madoguchi(site, "check")
    return [line for line in result.stderr.splitlines() if ": warning: " not in line]


MISSPELT = [
    # (front matter after title/reviewed, line, key, suggestion)
    ("darft: true\n", 4, "darft", "draft"),
    ("review_evry: 90d\n", 4, "review_evry", "review_every"),
    ("relatd:\n  - faq/ordering/cancel.md\n", 4, "relatd", "related"),
    ("tag: [返品]\n", 4, "tag", "tags"),
]


@pytest.mark.parametrize(("front", "line", "key", "suggestion"), MISSPELT)
def test_a_misspelt_key_is_an_input_error_naming_the_key_its_line_and_the_key_meant_in_japanese(
    site: Path, front: str, line: int, key: str, suggestion: str
) -> None:
    write_faq(site, front)
    assert errors_of(site) == [
        f"{FAQ}:{line}: {key}: 不明なキーです。{suggestion} の書き間違いではありませんか？ / "
        f"unknown key — did you mean {suggestion}?"
    ]


@pytest.mark.parametrize(("front", "line", "key", "suggestion"), MISSPELT)
def test_a_misspelt_key_is_reported_in_english_on_an_english_site(
    site: Path, front: str, line: int, key: str, suggestion: str
) -> None:
    english(site)
    write_faq(site, front)
    assert errors_of(site) == [f"{FAQ}:{line}: {key}: unknown key — did you mean {suggestion}?"]


def test_a_misspelt_reviewed_is_named_at_its_own_line(site: Path) -> None:
    (site / FAQ).write_text("---\ntitle: 返品したい\nreviwed: 2026-11-01\n---\n\n本文です。\n", encoding="utf-8")
    assert errors_of(site) == [
        f"{FAQ}:1: reviewed: 人が最後に内容を確認した日（YYYY-MM-DD）を書いてください / "
        "missing (expected the date a person last confirmed the answer, YYYY-MM-DD)",
        f"{FAQ}:3: reviwed: 不明なキーです。reviewed の書き間違いではありませんか？ / unknown key — did you mean reviewed?",
    ]


def test_another_unknown_key_is_a_warning_unless_the_site_declares_it(tmp_path: Path) -> None:
    site = make_site(tmp_path, "cli", options=CLI_OPTIONS)
    write_faq(site, "colour: red\n")
    result = madoguchi(site, "check")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"{FAQ}:4: colour: warning: 不明なキーです（サイト独自のキーなら madoguchi/freshness の extra_keys に加えてください）"
        " / unknown key (declare the site's own keys in extra_keys of madoguchi/freshness)"
    ]
    declared = make_site(tmp_path / "declared", "cli", options=CLI_OPTIONS + "\n      extra_keys: [colour]")
    write_faq(declared, "colour: red\n")
    result = madoguchi(declared, "check")
    assert (result.returncode, result.stderr) == (0, "")
    assert "0 error(s), 0 warning(s)" in result.stdout


def test_the_build_refuses_a_misspelt_draft_key_instead_of_publishing_the_page(site: Path) -> None:
    write_faq(site, "darft: true\n")
    result = mkdocs_build(site)
    assert result.returncode == 1
    assert (
        f"{FAQ}:4: darft: 不明なキーです。draft の書き間違いではありませんか？ / unknown key — did you mean draft?"
        in (result.stderr)
    )
    assert not (site / "site" / "faq" / "ordering" / "x" / "index.html").exists()


LINKS = [
    # (body line, the error in Japanese, in English)
    (
        "[取り消し](cancle.md)",
        "リンク先 cancle.md がありません（cancel.md の書き間違いではありませんか？）",
        "links to cancle.md, which does not exist — did you mean cancel.md?",
    ),
    (
        "[退会](../acount/withdraw.md)",
        "リンク先 ../acount/withdraw.md がありません（../account/withdraw.md の書き間違いではありませんか？）",
        "links to ../acount/withdraw.md, which does not exist — did you mean ../account/withdraw.md?",
    ),
    (
        '<a href="/faq/ordering/paymnt/">支払い</a>',
        "リンク先 /faq/ordering/paymnt/ がありません（/faq/ordering/payment.md の書き間違いではありませんか？）",
        "links to /faq/ordering/paymnt/, which does not exist — did you mean /faq/ordering/payment.md?",
    ),
    (
        "[発送後](cancel.md#hassou)",
        "リンク先の見出し #hassou が faq/ordering/cancel.md にありません",
        "links to #hassou, which is not a heading of faq/ordering/cancel.md",
    ),
    (
        "[下へ](#手順s)",
        "リンク先の見出し #手順s が faq/ordering/x.md にありません（#手順 の書き間違いではありませんか？）",
        "links to #手順s, which is not a heading of faq/ordering/x.md — did you mean #手順?",
    ),
    (
        "[参照]: ../ordering/nothing.md",
        "リンク先 ../ordering/nothing.md がありません",
        "links to ../ordering/nothing.md, which does not exist",
    ),
]


@pytest.mark.parametrize(("link", "ja", "en"), LINKS)
def test_a_broken_body_link_is_an_input_error_at_the_links_line_in_both_languages(
    site: Path, link: str, ja: str, en: str
) -> None:
    write_faq(site, "", f"本文です。\n\n{link}\n\n## 手順\n\n1. 押す\n")
    assert errors_of(site) == [f"{FAQ}:8: link: {ja} / {en}"]
    english(site)
    assert errors_of(site) == [f"{FAQ}:8: link: {en}"]


def test_links_to_existing_pages_headings_and_files_pass(site: Path) -> None:
    (site / "content" / "faq" / "ordering" / "map.png").write_bytes(b"\x89PNG\r\n")
    body = (
        "[取り消し](cancel.md) [発送後](cancel.md#発送後の場合) [支払い](/faq/ordering/payment/)\n"
        '<a href="../account/withdraw.md">退会</a> [図](map.png) [窓口](/contact.md) [上](#手順)\n'
        "[外](https://example.com/x) [印](#custom) [カテゴリ](../account/) [メール](mailto:support@madoguchi-test.example)[^1]\n\n"
        "[^1]: 脚注です。\n\n"
        "## 手順 {#custom}\n\n## 手順\n\n```\n[コード](nothing.md)\n```\n"
    )
    write_faq(site, "", body)
    result = madoguchi(site, "check")
    assert (result.returncode, result.stderr) == (0, ""), result.stderr


def test_the_public_build_refuses_a_broken_link(site: Path) -> None:
    write_faq(site, "", "本文です。\n\n[取り消し](cancle.md)\n")
    result = mkdocs_build(site)
    assert result.returncode == 1
    assert (
        f"{FAQ}:8: link: リンク先 cancle.md がありません（cancel.md の書き間違いではありませんか？） / "
        "links to cancle.md, which does not exist — did you mean cancel.md?" in result.stderr
    )


def test_a_broken_related_item_points_at_the_items_own_line(site: Path) -> None:
    write_faq(site, "related:\n  - faq/ordering/cancel.md\n  - faq/ordering/cancle.md\n")
    assert errors_of(site) == [
        f"{FAQ}:6: related: 'faq/ordering/cancle.md' がありません（content/ からの相対パスで書いてください） / "
        "'faq/ordering/cancle.md' does not exist (expected a path relative to content/)"
    ]


def test_scaffold_placeholders_are_refused_at_their_line_by_check_and_build(site: Path) -> None:
    assert PLACEHOLDERS[0] in FAQ_BODY  # one list, the one `madoguchi new` writes
    write_faq(site, "owner: cs-ordering\n", FAQ_BODY.lstrip("\n"))
    expected = [
        f"{FAQ}:8: body: 雛形の文「（ここに回答を書いてください）」が残っています（公開する前に書き換えてください） / "
        "scaffold text （ここに回答を書いてください） is still there (replace it before publishing)",
        f"{FAQ}:12: body: 雛形の文「（手順1）」が残っています（公開する前に書き換えてください） / "
        "scaffold text （手順1） is still there (replace it before publishing)",
        f"{FAQ}:13: body: 雛形の文「（手順2）」が残っています（公開する前に書き換えてください） / "
        "scaffold text （手順2） is still there (replace it before publishing)",
    ]
    assert errors_of(site) == expected
    result = mkdocs_build(site)
    assert result.returncode == 1
    for line in expected:
        assert line in result.stderr
    english(site)
    assert errors_of(site)[0] == (
        f"{FAQ}:8: body: scaffold text （ここに回答を書いてください） is still there (replace it before publishing)"
    )


def test_a_new_faq_scaffold_is_refused_until_its_placeholders_are_replaced(site: Path) -> None:
    result = madoguchi(site, "new", "faq", "ordering", "gift", "--title", "ギフト包装はできますか", "--owner", "cs")
    assert result.returncode == 0, result.stderr
    errors = errors_of(site)
    assert errors and all(": body: 雛形の文「" in line for line in errors)
    path = site / "content" / "faq" / "ordering" / "gift.md"
    text = path.read_text(encoding="utf-8")
    for placeholder in PLACEHOLDERS:
        text = text.replace(placeholder, "できます。")
    path.write_text(text, encoding="utf-8")
    assert errors_of(site) == []


YAML_ERRORS = [
    # (front matter, line, Japanese, English)
    (
        "title: x\nowner: a\nreviewed: 2026-11-01\nrelated:\n\t- faq/ordering/cancel.md\n",
        6,
        "YAML の書き方に誤りがあります: 字下げにタブ文字が使われています。スペースで字下げしてください",
        "YAML syntax error: a tab is used for indentation (indent with spaces)",
    ),
    (
        'title: "返品したい\nowner: a\nreviewed: 2026-11-01\n',
        2,
        "YAML の書き方に誤りがあります: この行で開いた引用符（\" または '）が閉じられていません。"
        "値の終わりにも同じ引用符を書いてください",
        "YAML syntax error: a quote (\" or ') opened on this line is never closed (close it at the end of the value)",
    ),
    (
        "title: 注意: 返品について\nowner: a\nreviewed: 2026-11-01\n",
        2,
        "YAML の書き方に誤りがあります: 引用符で囲んでいない値に「: 」が含まれています。"
        '値全体を "…" で囲んでください（例: title: "注意: 返品について"）',
        'YAML syntax error: a value without quotes contains ": " (put the whole value in double quotes, '
        'e.g. title: "Note: returns")',
    ),
]


@pytest.mark.parametrize(("front", "line", "ja", "en"), YAML_ERRORS, ids=["tab", "unclosed quote", "colon"])
def test_a_yaml_syntax_error_names_the_usual_cause_in_plain_words_at_its_line(
    site: Path, front: str, line: int, ja: str, en: str
) -> None:
    (site / FAQ).write_text(f"---\n{front}---\n\n本文です。\n", encoding="utf-8")
    assert errors_of(site) == [f"{FAQ}:{line}: -: {ja} / {en}"]
    result = mkdocs_build(site)
    assert result.returncode == 1
    assert f"{FAQ}:{line}: -: {ja} / {en}" in result.stderr
    english(site)
    assert errors_of(site) == [f"{FAQ}:{line}: -: {en}"]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:  # the 404 page is the error page too
        return str(error.read().decode("utf-8"))
    except OSError:
        return ""


def poll(url: str, wanted: Callable[[str], bool], deadline_seconds: float = 90) -> str:
    """The page at `url` once `wanted` holds (each request waits for the server: no sleep)."""
    deadline = time.monotonic() + deadline_seconds
    while time.monotonic() < deadline:
        page = fetch(url)
        if wanted(page):
            return page
        time.sleep(0.2)  # a poll interval (a request waits for a rebuild; not while the port is closed)
    raise AssertionError(f"{url}: not as wanted within {deadline_seconds} s; last page:\n{page[:2000]}")


def test_the_preview_shows_content_errors_in_the_browser_and_recovers_on_the_next_good_save(site: Path) -> None:
    port = free_port()
    env = {**os.environ, "MADOGUCHI_NOW": NOW, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=site,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/faq/ordering/cancel/"
    try:
        good = poll(url, lambda page: "注文をキャンセルしたい" in page)
        assert "madoguchi-errors" not in good
        source = site / "content/faq/ordering/cancel.md"
        text = source.read_text(encoding="utf-8")
        source.write_text(text.replace("tags:", "tag:"), encoding="utf-8")
        broken = poll(url, lambda page: "madoguchi-errors" in page)
        assert "<title>内容にエラーがあります（プレビュー）</title>" in broken
        assert (
            "<code>content/faq/ordering/cancel.md:4: tag: 不明なキーです。tags の書き間違いではありませんか？ / "
            "unknown key — did you mean tags?</code>" in broken
        )
        assert "livereload" in broken  # mkdocs serve's reload script: the next save shows by itself
        assert "madoguchi-errors" in fetch(f"http://127.0.0.1:{port}/no/such/page/")
        source.write_text(text, encoding="utf-8")
        fixed = poll(url, lambda page: "madoguchi-errors" not in page and "注文をキャンセルしたい" in page)
        assert "livereload" in fixed
        # MADOGUCHI_NOW holds across rebuilds: an update after it stays "in the future"
        incident = site / "content/incidents/2026-11-23-app-login.md"
        later = incident.read_text(encoding="utf-8")
        incident.write_text(later.replace("2026-11-23T11:30:00+09:00", "2026-11-23T12:30:00+09:00"), encoding="utf-8")
        future = poll(url, lambda page: "madoguchi-errors" in page)
        assert "is in the future (now is 2026-11-23T12:00+09:00)" in future
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_report_scaffold_sets_the_incidents_report_and_builds_as_a_tracked_page(site: Path) -> None:
    incident = "content/incidents/2026-11-10-card-payment.md"
    result = madoguchi(site, "new", "report", "card-payment", "--incident", incident)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"content/reports/card-payment.md: created (owner cs-web; reviewed 2026-11-23; incident {incident})",
        f"{incident}: report reports/card-payment.md",
    ]
    report = site / "content/reports/card-payment.md"
    assert report.read_text(encoding="utf-8").startswith(
        "---\ntitle: クレジットカード決済がご利用いただけない事象：調査結果と再発防止策\nowner: cs-web\n"
        "reviewed: 2026-11-23\nincident: incidents/2026-11-10-card-payment.md\n---\n"
    )
    assert "resolved_at: 2026-11-10T22:48:00+09:00\nreport: reports/card-payment.md\n" in (
        (site / incident).read_text(encoding="utf-8")
    )
    # unfinished until its placeholders are replaced
    assert [line.split(": body: ")[0] for line in errors_of(site)] == [
        "content/reports/card-payment.md:11",
        "content/reports/card-payment.md:15",
    ]
    text = report.read_text(encoding="utf-8")
    for placeholder in PLACEHOLDERS:
        text = text.replace(placeholder, "決済代行会社の障害でした。")
    report.write_text(text, encoding="utf-8")
    built = mkdocs_build(site)
    assert built.returncode == 0, built.stderr
    page = (site / "site/reports/card-payment/index.html").read_text(encoding="utf-8")
    assert "調査結果と再発防止策" in page
    stale = madoguchi(site, "stale", "--format", "json", now="2027-06-01T12:00:00+09:00")
    tracked = {entry["path"]: entry for entry in json.loads(stale.stdout)["entries"]}
    assert tracked["reports/card-payment.md"]["state"] == "overdue"
    again = madoguchi(site, "new", "report", "other", "--incident", incident)
    assert again.returncode == 1
    assert f"{incident}: already has report: reports/card-payment.md (not changed)" in again.stderr
