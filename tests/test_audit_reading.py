"""The audit's fast reading of pages (audit.py: plain lines by regex, the theme's script lines,
pieces looked up whole) finds exactly what reading every line with html.parser finds.

A really built fixture site (with an internal block and a content comment in its sources) gets
hostile markup injected into every page, in the head, the navigation, the article and the
footer; the audit then runs twice in-process, once as shipped and once with the fast paths
switched off, and the two lists of findings must be the same (and hold every payload class).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from madoguchi import audit
from madoguchi.leaks import LeakGuard
from madoguchi.project import load_project
from support.site import NOW, make_site, mkdocs_build

SECRET = "返金は店長の判断で全額まで可能とお伝えください。"
COMMENT = "返品理由が不明なときは倉庫チームに確認"

# (what the audit must report, the markup); each line goes into every page at one of the spots
PAYLOADS = [
    ("phone number '090-1234-5678'", "<p>電話は090-1234-5678まで</p>\n"),
    ("e-mail address 'yamada.taro@example.co.jp'", "<p>mail: yamada.taro@example.co.jp です</p>\n"),
    ("confidentiality marker '社外秘'", "<p>社外秘 の資料</p>\n"),
    ("internal host 'wiki.corp.local'", "<p>see http://wiki.corp.local/x</p>\n"),
    ("inline <script>", "<script>alert(1)</script>\n"),
    ("event handler onerror=", '<img src="x.png" onerror="alert(1)">\n'),
    ("script URL in <a href>", '<a href="jav&#x61;script:alert(1)">x</a>\n'),
    ("script URL in <a href>", '<a href="java\tscript:alert(2)">x</a>\n'),
    (
        "script URL in <a href>",
        '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(3)">x</a>\n',
    ),
    ("script URL in <iframe src>", '<iframe src="&#x6A;avascript&colon;alert(4)"></iframe>\n'),
    ("event handler onclick= on <div>", '<div title="a>b" onclick="x()">t</div>\n'),
    ("script URL in <a href>", '<a title=\'o"k\' href="vbscript:msgbox">y</a>\n'),
    ("phone number '０３（１２３４）５６７８'", "<p>ＴＥＬ：０３（１２３４）５６７８</p>\n"),
    ("confidentiality marker '社内限定'", '<img alt="社内限定" src="a.png">\n'),
    ("event handler onclick= on <span>", '<p>x<span\nonclick="y()">split tag</span></p>\n'),
    ("<script src='https://evil.example/x.js'>", '<script src="https://evil.example/x.js"></script>\n'),
    ("<script src='../../evil.js'>", '<script src="../../evil.js"></script>\n'),
    ("phone number '080-1111-2222'", "<style>p{}</style><p>after style 080-1111-2222</p>\n"),
    ("script URL in <button formaction>", '<form><button formaction="javascript:2">b</button></form>\n'),
    ("text of the internal block", f"<p>{SECRET}</p>\n"),
    ("HTML comment from", f"<!--{COMMENT}-->\n"),
    ("text of the internal block", '<p title="x">返金は<em>店長の判断</em>で全額まで可能とお伝えください。</p>\n'),
    ("phone number '03-1234-5678'", '<script type="application/ld+json">{"telephone": "03-1234-5678"}</script>\n'),
]
SPOTS = ["</head>", "</nav>", "</article>", "</footer>"]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `basic` fixture with an internal block and a comment, built, then every page given
    every payload, each at the next spot."""
    root = make_site(tmp_path_factory.mktemp("reading"), "basic")
    with open(root / "content/faq/ordering/cancel.md", "a", encoding="utf-8") as handle:
        handle.write(f'\n!!! internal "社内メモ"\n    {SECRET}\n\n<!--{COMMENT}-->\n')
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    pages = sorted((root / "site").rglob("*.html"))
    assert len(pages) > 3
    for number, page in enumerate(pages):
        text = page.read_text(encoding="utf-8")
        for index, (_, payload) in enumerate(PAYLOADS):
            spot = SPOTS[(number + index) % len(SPOTS)]
            if spot in text:
                text = text.replace(spot, payload + spot, 1)
        page.write_text(text, encoding="utf-8")
    return root


def run_audit(root: Path) -> list[audit.Finding]:
    """The audit as `madoguchi audit site` runs it, in-process."""
    project = load_project(root / "mkdocs.yml")
    options = project.raw_options
    config = project.mkdocs_config
    rules = audit.rules_for(
        project.load(project.now()),
        LeakGuard.from_options(options),
        audit.read_theme(audit.theme_dirs(config.theme.custom_dir)),
        shown_prefix=project.shown_prefix,
        default_owner=options.get("default_owner"),
        docs_dir=project.docs_dir,
        site_url=project.site_url,
    )
    return audit.audit_site(rules, root / "site")


def test_the_fast_reading_finds_what_html_parser_finds(hostile_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MADOGUCHI_NOW", NOW)
    monkeypatch.chdir(hostile_site)
    fast = run_audit(hostile_site)
    with monkeypatch.context() as parser_only:
        parser_only.setattr(audit, "_plain_text", lambda markup: None)
        parser_only.setattr(audit._PageReading, "read_script_line", lambda self, raw, line: False)
        slow = run_audit(hostile_site)
    assert fast == slow
    for problem, _ in PAYLOADS:
        assert any(problem in finding.problem for finding in fast), problem
    pages = {finding.path for finding in fast}
    assert len(pages) == len(list((hostile_site / "site").rglob("*.html")))


def test_the_remembered_lines_stay_bounded_and_forgetting_them_changes_no_finding(
    hostile_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The memo of known pieces and lines is a cache (at 20,000 pages it held every line of the
    site: 500 MB); emptied whenever it is over LINES_KEPT, the findings are the same."""
    monkeypatch.setenv("MADOGUCHI_NOW", NOW)
    monkeypatch.chdir(hostile_site)
    sizes: list[int] = []
    read_page = audit._read_page

    def counting(rules: audit.Rules, path: str, data: bytes, problems: list[audit.Problem]) -> None:
        read_page(rules, path, data, problems)
        sizes.append(len(rules.lines))

    monkeypatch.setattr(audit, "_read_page", counting)
    kept = run_audit(hostile_site)
    assert max(sizes) > 40  # the pages' pieces and lines were remembered
    monkeypatch.setattr(audit, "LINES_KEPT", 40)
    sizes.clear()
    forgetting = run_audit(hostile_site)
    assert sorted(forgetting, key=repr) == sorted(kept, key=repr)  # a page's known lines come first
    page_lines = max(len(page.read_bytes().splitlines()) for page in (hostile_site / "site").rglob("*.html"))
    assert max(sizes) <= 40 + 2 * page_lines  # one page's pieces and lines over the bound at most
    assert sizes.count(min(sizes)) < len(sizes)  # and it was emptied along the way


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        (
            '<p class="x">a &amp; b<a href="/x/" title="t">y</a><img alt=""/></p>\n',
            ["a & b", "/x/", "t", "y", "", "\n"],
        ),
        ("<h1 id=top>見出し</h1>\n", ["見出し", "\n"]),
        ('<a href="/x?a=1&amp;b=2">q</a>\n', None),  # a reference in a tag: the parser reads it
        ('<a title="a>b">x</a>\n', ["a>b", "x", "\n"]),
        ("<p>x<!-- c --></p>\n", None),
        ('<span ONCLICK="x()">', None),
        ("<p>1 < 2</p>\n", None),
        ('<p a"b>x</p>\n', None),
        ("<style>p{}</style>\n", None),
    ],
)
def test_plain_markup_is_read_as_html_parser_reads_it(markup: str, text: list[str] | None) -> None:
    assert audit._plain_text(markup) == text
    if text is not None:  # the same items, in the same order, as html.parser reports them
        reader = audit._PageReader(audit.Rules(LeakGuard(), audit.read_theme(())), "x/index.html")
        reader.feed(markup)
        reader.close()
        assert reader.text == text and not reader.problems
