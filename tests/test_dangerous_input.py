"""Dangerous input is an input error (content contract v2): symlinks under content/, raw
script-capable HTML, event handlers and script/data URLs in bodies and update texts, and a
`report:` that is not http(s) or a content path. Each case is its own test, reported by
`madoguchi check` in the contract's `path:line: key: message` format; the build refuses
the same input and publishes nothing. Allowed raw HTML and code stay allowed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from support.site import CLI_OPTIONS, madoguchi, make_site, mkdocs_build

FAQ_HEAD = "---\ntitle: t\nowner: cs-ordering\nreviewed: 2026-11-01\n---\n"  # the body starts on line 6
PATH = "content/faq/ordering/new.md"

ELEMENT = "raw <{tag}> element is not allowed (write it in `backticks` to show it as text)"
HANDLER = "event-handler attribute {name}= on <{tag}> is not allowed (it runs script)"
SCRIPT_URL = "{scheme}: URL {value!r} is not allowed (it runs script)"
DATA_URL = "data: URL {value!r} is not allowed (only data:image/png, jpeg, gif or webp)"

# (case, line written on the body's 3rd line, expected message)
DANGEROUS_BODIES = [
    ("script element", "<script>alert(1)</script>", ELEMENT.format(tag="script")),
    ("script element in capitals", "<SCRIPT>alert(1)</SCRIPT>", ELEMENT.format(tag="script")),
    ("style element", "<style>body { display: none }</style>", ELEMENT.format(tag="style")),
    ("iframe element", '<iframe src="https://evil.example/"></iframe>', ELEMENT.format(tag="iframe")),
    ("object element", '<object data="https://evil.example/x.swf"></object>', ELEMENT.format(tag="object")),
    ("embed element", '<embed src="https://evil.example/x.swf">', ELEMENT.format(tag="embed")),
    ("form element", '<form action="https://evil.example/">カード番号</form>', ELEMENT.format(tag="form")),
    ("base element", '<base href="https://evil.example/">', ELEMENT.format(tag="base")),
    ("meta element", '<meta http-equiv="refresh" content="0;url=https://evil.example/">', ELEMENT.format(tag="meta")),
    ("link element", '<link rel="stylesheet" href="https://evil.example/x.css">', ELEMENT.format(tag="link")),
    ("onerror handler", '<img src="x.png" onerror="alert(1)">', HANDLER.format(name="onerror", tag="img")),
    ("onclick handler", '<span onclick="alert(1)">押してください</span>', HANDLER.format(name="onclick", tag="span")),
    ("handler after a slash", "<img/onerror=alert(1) src=x.png>", HANDLER.format(name="onerror", tag="img")),
    (
        "handler in an attribute list",
        '[詳しく](https://example.jp/){: onclick="alert(1)" }',
        "attribute list {…}: event-handler attribute onclick= is not allowed (it runs script)",
    ),
    (
        "javascript link",
        "[こちら](javascript:alert(1))",
        "link: " + SCRIPT_URL.format(scheme="javascript", value="javascript:alert(1)"),
    ),
    (
        "javascript link in mixed case",
        "[こちら](JaVaScRiPt:alert(1))",
        "link: " + SCRIPT_URL.format(scheme="javascript", value="JaVaScRiPt:alert(1)"),
    ),
    (
        "javascript link with a character reference",
        "[こちら](jav&#x61;script:alert(1))",
        "link: " + SCRIPT_URL.format(scheme="javascript", value="jav&#x61;script:alert(1)"),
    ),
    (
        "javascript link with an encoded colon",
        "[こちら](javascript&colon;alert(1))",
        "link: " + SCRIPT_URL.format(scheme="javascript", value="javascript&colon;alert(1)"),
    ),
    (
        "javascript link with a tab in the scheme",
        "[こちら](java\tscript:alert(1))",
        "link: " + SCRIPT_URL.format(scheme="javascript", value="java\tscript:alert(1)"),
    ),
    (
        "javascript image",
        "![図](javascript:alert(1))",
        "link: " + SCRIPT_URL.format(scheme="javascript", value="javascript:alert(1)"),
    ),
    (
        "vbscript link",
        "[こちら](vbscript:msgbox(1))",
        "link: " + SCRIPT_URL.format(scheme="vbscript", value="vbscript:msgbox(1)"),
    ),
    (
        "data link",
        "[こちら](data:text/html;base64,PHNjcmlwdD4=)",
        "link: " + DATA_URL.format(value="data:text/html;base64,PHNjcmlwdD4="),
    ),
    (
        "javascript reference definition",
        "[ref]: javascript:alert(1)",
        "link reference: " + SCRIPT_URL.format(scheme="javascript", value="javascript:alert(1)"),
    ),
    (
        "javascript autolink",
        "<javascript:alert(1)>",
        "autolink: " + SCRIPT_URL.format(scheme="javascript", value="javascript:alert(1)"),
    ),
    (
        "javascript in a raw HTML href",
        '<a href="javascript:alert(1)">こちら</a>',
        "<a href>: " + SCRIPT_URL.format(scheme="javascript", value="javascript:alert(1)"),
    ),
    (
        "entity-encoded javascript in a raw HTML href",
        '<a href="&#106;avascript:alert(1)">こちら</a>',
        "<a href>: " + SCRIPT_URL.format(scheme="javascript", value="javascript:alert(1)"),
    ),
    (
        "newline inside a raw HTML href scheme",
        '<a href="java&#10;script:alert(1)">こちら</a>',
        "<a href>: " + SCRIPT_URL.format(scheme="javascript", value="java\nscript:alert(1)"),
    ),
    (
        "data URL in a raw HTML src",
        '<img src="data:image/svg+xml;base64,PHN2Zz4=">',
        "<img src>: " + DATA_URL.format(value="data:image/svg+xml;base64,PHN2Zz4="),
    ),
]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """An English site: messages in English only (the Japanese of each module's messages is
    tested in test_messages_both_languages.py)."""
    root = make_site(tmp_path, "cli", options=CLI_OPTIONS)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  language: ja\n" in text
    config.write_text(text.replace("  language: ja\n", "  language: en\n", 1), encoding="utf-8")
    return root


def write(site: Path, path: str, text: str) -> Path:
    target = site / "content" / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


@pytest.mark.parametrize(("case", "line", "message"), DANGEROUS_BODIES, ids=[case for case, _, _ in DANGEROUS_BODIES])
def test_dangerous_markup_in_a_body_is_an_input_error(site: Path, case: str, line: str, message: str) -> None:
    write(site, "faq/ordering/new.md", f"{FAQ_HEAD}本文です。\n\n{line}\n\n続きです。\n")
    result = madoguchi(site, "check")
    assert result.returncode == 1, result.stdout
    assert result.stderr.splitlines() == [f"{PATH}:8: body: {message}"]


def test_dangerous_markup_in_an_update_text_is_an_input_error_on_the_update_line(site: Path) -> None:
    write(
        site,
        "incidents/2026-11-22-outage.md",
        (
            "---\ntitle: t\nowner: cs-web\nstatus: investigating\nimpact: minor\nstarted: 2026-11-22T10:00:00+09:00\n"
            "updates:\n  - at: 2026-11-22T10:30:00+09:00\n    status: investigating\n    text: 調査中です。\n"
            "  - at: 2026-11-22T11:00:00+09:00\n    status: investigating\n"
            '    text: |\n      詳しくは\n      <a href="#" onmouseover="alert(1)">こちら</a>\n---\n'
        ),
    )
    result = madoguchi(site, "check")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "content/incidents/2026-11-22-outage.md:11: updates[1].text: " + HANDLER.format(name="onmouseover", tag="a")
    ]


def test_dangerous_markup_in_a_category_description_page_is_an_input_error(site: Path) -> None:
    write(site, "faq/ordering/index.md", "---\ntitle: ご注文\nowner: cs-ordering\n---\n\n<iframe src=x></iframe>\n")
    result = madoguchi(site, "check")
    assert result.stderr.splitlines() == [f"content/faq/ordering/index.md:6: body: {ELEMENT.format(tag='iframe')}"]


REPORTS = [
    ("javascript", "javascript:alert(1)", "'javascript:alert(1)' is not an http(s):// URL"),
    (
        "data",
        "data:text/html,<script>alert(1)</script>",
        "'data:text/html,<script>alert(1)</script>' is not an http(s):// URL",
    ),
    ("scheme-relative", "//evil.example/report", "'//evil.example/report' is a URL without a scheme"),
    ("ftp", "ftp://files.example.jp/report.pdf", "'ftp://files.example.jp/report.pdf' is not an http(s):// URL"),
]


@pytest.mark.parametrize(("case", "report", "start"), REPORTS, ids=[case for case, _, _ in REPORTS])
def test_a_report_that_is_not_http_or_a_content_path_is_an_input_error(
    site: Path, case: str, report: str, start: str
) -> None:
    write(
        site,
        "incidents/2026-11-20-done.md",
        (
            "---\ntitle: t\nowner: cs-web\nstatus: resolved\nimpact: minor\nstarted: 2026-11-20T10:00:00+09:00\n"
            f'resolved_at: 2026-11-20T12:00:00+09:00\nreport: "{report}"\n'
            "updates:\n  - at: 2026-11-20T12:00:00+09:00\n    status: resolved\n    text: 復旧しました。\n---\n"
        ),
    )
    result = madoguchi(site, "check")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"content/incidents/2026-11-20-done.md:8: report: {start} (expected https://… or a path relative to content/)"
    ]


@pytest.mark.parametrize("report", ["https://www.example.jp/news/report.html", "faq/ordering/cancel.md"])
def test_an_https_report_or_a_content_path_is_accepted(site: Path, report: str) -> None:
    write(
        site,
        "incidents/2026-11-20-done.md",
        (
            "---\ntitle: t\nowner: cs-web\nstatus: resolved\nimpact: minor\nstarted: 2026-11-20T10:00:00+09:00\n"
            f"resolved_at: 2026-11-20T12:00:00+09:00\nreport: {report}\n"
            "updates:\n  - at: 2026-11-20T12:00:00+09:00\n    status: resolved\n    text: 復旧しました。\n---\n"
        ),
    )
    result = madoguchi(site, "check")
    assert result.returncode == 0, result.stderr


SYMLINK = "-: symbolic link: never followed nor published (it could publish files from outside content/; put the file itself here instead)"


def test_a_symlinked_file_is_an_input_error(site: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text(f"{FAQ_HEAD}外部の秘密の本文\n", encoding="utf-8")
    os.symlink(outside, site / "content/faq/ordering/linked.md")
    check = madoguchi(site, "check")
    assert check.returncode == 1
    assert check.stderr.splitlines() == [f"content/faq/ordering/linked.md:1: {SYMLINK}"]
    build = mkdocs_build(site)
    assert build.returncode == 1
    assert f"content/faq/ordering/linked.md:1: {SYMLINK}" in build.stderr
    assert not (site / "site/faq/ordering/linked").exists()


def test_a_symlinked_folder_is_an_input_error(site: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    (outside / "sub").mkdir(parents=True)
    (outside / "sub/page.md").write_text(f"{FAQ_HEAD}外部の秘密の本文\n", encoding="utf-8")
    (outside / "config").write_text("[http]\n\textraheader = AUTHORIZATION: basic c2VjcmV0\n", encoding="utf-8")
    os.symlink(outside, site / "content/faq/linked", target_is_directory=True)
    check = madoguchi(site, "check")
    assert check.returncode == 1
    assert check.stderr.splitlines() == [f"content/faq/linked:1: {SYMLINK}"]
    build = mkdocs_build(site)
    assert build.returncode == 1
    assert build.stderr.count(SYMLINK) == 1  # the folder, once, not each file reached through it
    assert f"content/faq/linked:1: {SYMLINK}" in build.stderr
    assert not (site / "site/faq/linked").exists()


def test_a_symlink_to_a_repository_file_is_an_input_error(site: Path) -> None:
    os.symlink(site / ".git/config", site / "content/config")
    check = madoguchi(site, "check")
    assert check.stderr.splitlines() == [f"content/config:1: {SYMLINK}"]
    build = mkdocs_build(site)
    assert build.returncode == 1 and f"content/config:1: {SYMLINK}" in build.stderr
    assert not (site / "site/config").exists()


def test_the_build_refuses_dangerous_input_and_publishes_nothing(site: Path) -> None:
    write(site, "faq/ordering/new.md", f"{FAQ_HEAD}本文です。\n\n<script>alert(1)</script>\n")
    result = mkdocs_build(site)
    assert result.returncode == 1
    assert f"{PATH}:8: body: {ELEMENT.format(tag='script')}" in result.stderr
    assert not (site / "site/faq/ordering/new/index.html").exists()


ALLOWED_BODY = """\
<details><summary>詳しい手順</summary>

手順です。

</details>

<kbd>Ctrl</kbd> + <kbd>C</kbd> でコピーします。<br>
<span class="note">補足</span>

<div markdown>
**太字** と [公式サイト](https://www.example.jp/) と [電話](tel:0120-111-222)
</div>

`<script>alert("コードとして表示")</script>` はコードです。

```html
<script>alert("fenced")</script>
<a href="javascript:alert(1)" onclick="x()">例</a>
```

段落です。

    <iframe src="indented-code"></iframe>

![図](data:image/png;base64,iVBORw0KGgo=)
"""


def test_allowed_html_and_code_stay_allowed_and_render(site: Path) -> None:
    write(site, "faq/ordering/new.md", FAQ_HEAD + ALLOWED_BODY)
    check = madoguchi(site, "check")
    assert check.returncode == 0, check.stderr
    build = mkdocs_build(site)
    assert build.returncode == 0, build.stderr
    html = (site / "site/faq/ordering/new/index.html").read_text(encoding="utf-8")
    assert "<details><summary>詳しい手順</summary>" in html
    assert "<kbd>Ctrl</kbd>" in html and '<span class="note">補足</span>' in html
    assert "<strong>太字</strong>" in html and '<a href="https://www.example.jp/">公式サイト</a>' in html
    assert '<a href="tel:0120-111-222">電話</a>' in html
    assert '<code>&lt;script&gt;alert("コードとして表示")&lt;/script&gt;</code>' in html
    assert '&lt;iframe src="indented-code"&gt;&lt;/iframe&gt;' in html
    assert 'src="data:image/png;base64,iVBORw0KGgo="' in html
    assert "<script>alert" not in html and "<iframe" not in html
