"""Which files publish, on real builds: non-Markdown files only when their extension is in
`asset_allowlist`; never editor backups and temp files, anything under a draft category,
or content/_data/; the build refuses to run when madoguchi/freshness is disabled or missing
(it would fail open). And the HTML sanitiser keeps what the theme and the Markdown
extensions produce while removing what is not on its allowlist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from madoguchi.model import FaqEntry
from madoguchi.sanitize import Sanitizer
from support.content import DRAFT_CATEGORY, FAQ_PAGE, MARKER, load_files
from support.site import git, make_site, mkdocs_build, write_mkdocs_yml

PUBLISHED_ASSETS = ["faq/ordering/receipt-sample.png", "faq/ordering/guide.pdf", "photo.JPG"]
NEVER = {
    "unknown file type": ["faq/ordering/notes.txt", "faq/ordering/tool.js", "style.css", "faq/ordering/page.html"],
    "editor backup": [
        "faq/ordering/cancel.md~",
        "faq/ordering/cancel.md.bak",
        "faq/ordering/cancel.md.orig",
        "faq/ordering/.cancel.md.swp",
        "faq/ordering/.#cancel.md",
        "faq/ordering/receipt-sample.png~",
    ],
    "draft category": ["faq/secret/index.md", "faq/secret/plan.md", "faq/secret/diagram.png"],
    "data folder": ["_data/synonyms.yml", "_data/calendar.yml", "_data/map.png"],
}


def _write_tree(root: Path) -> None:
    content = root / "content"
    for path in PUBLISHED_ASSETS + [p for paths in NEVER.values() for p in paths]:
        target = content / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.endswith(".md") or ".md." in path or path.endswith(".md~") or path.endswith("cancel.md"):
            target.write_text("---\ntitle: 下書きの全文\nowner: cs-ordering\nreviewed: 2026-11-01\n---\n秘密の下書き\n")
        elif path == "_data/calendar.yml":  # read by the build (calendar.py): must be valid
            target.write_text(
                f"# DRAFT-SECRET {path}\nchannels: {{phone: {{label: お電話, hours: {{mon-fri: '09:00-18:00'}}}}}}\n",
                encoding="utf-8",
            )
        else:
            target.write_bytes(b"DRAFT-SECRET " + path.encode())
    (content / "faq/secret/index.md").write_text("---\ntitle: 準備中\ndraft: true\n---\n", encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = make_site(tmp_path_factory.mktemp("publishing"), "basic", commit_date=None)
    _write_tree(root)
    result = mkdocs_build(root, "--verbose")
    assert result.returncode == 0, result.stderr
    return root / "site", result.stderr


def _published(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()}


def test_allowlisted_assets_publish(built: tuple[Path, str]) -> None:
    site, _ = built
    for path in PUBLISHED_ASSETS:
        assert (site / path).is_file(), path


@pytest.mark.parametrize("reason", list(NEVER))
def test_files_that_must_never_publish_are_left_out(built: tuple[Path, str], reason: str) -> None:
    site, _ = built
    published = _published(site)
    for path in NEVER[reason]:
        stem = path.removesuffix(".md")
        assert path not in published and f"{stem}/index.html" not in published, path
    assert not any(path.startswith(("faq/secret", "_data")) for path in published)
    for file in site.rglob("*"):
        if file.is_file() and file.suffix in (".html", ".xml", ".json", ".txt"):
            assert "DRAFT-SECRET" not in file.read_text(encoding="utf-8", errors="replace")


def test_the_build_says_in_one_line_what_it_left_out(built: tuple[Path, str]) -> None:
    _, log = built
    lines = [line for line in log.splitlines() if "Left out of the site" in line]
    # secret-plan.md (a draft entry) and the draft category's three files
    assert lines == ["INFO    -  Left out of the site (never published): 6 backup, 3 data, 4 draft, 4 file type"]


def test_the_asset_allowlist_is_configurable(tmp_path: Path) -> None:
    root = make_site(tmp_path, "basic", commit_date=None, options="      asset_allowlist: [txt, CNAME]")
    (root / "content/notes.txt").write_text("公開してよいメモ", encoding="utf-8")
    (root / "content/CNAME").write_text("faq.example.jp\n", encoding="utf-8")
    (root / "content/picture.png").write_bytes(b"png")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    assert (root / "site/notes.txt").is_file() and (root / "site/CNAME").is_file()
    assert not (root / "site/picture.png").exists()


DISABLED = "madoguchi/freshness is disabled or missing; without it drafts, internal content, editor backups and content/_data/ would be published."


def test_a_disabled_freshness_plugin_refuses_the_build(tmp_path: Path) -> None:
    root = make_site(tmp_path, "basic", commit_date=None, options="      enabled: false")
    result = mkdocs_build(root)
    assert result.returncode == 1
    assert DISABLED in result.stderr
    assert not (root / "site/faq/account/secret-plan").exists()


def test_madoguchi_incidents_without_madoguchi_freshness_refuses_the_build(tmp_path: Path) -> None:
    root = make_site(tmp_path, "basic", commit_date=None)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"  - madoguchi/freshness:\n(      .*\n)*", "", text), encoding="utf-8")
    result = mkdocs_build(root)
    assert result.returncode == 1
    assert DISABLED in result.stderr


def test_madoguchi_search_without_madoguchi_freshness_refuses_the_build(tmp_path: Path) -> None:
    root = make_site(tmp_path, "basic", commit_date=None)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"  - madoguchi/freshness:\n(      .*\n)*  - madoguchi/incidents\n", "  - madoguchi/search\n", text)
    config.write_text(text, encoding="utf-8")
    (root / "content/_data").mkdir()
    (root / "content/_data/synonyms.yml").write_text("- [解約, 退会]\n", encoding="utf-8")
    result = mkdocs_build(root)
    assert result.returncode == 1
    assert DISABLED in result.stderr


SHOWCASE = """\
---
title: 表示の見本
---

## 見出し

!!! note "お知らせ"
    注意書きです。

??? tip "開くと表示"
    折りたたみです。

=== "iPhone"
    iPhone の手順

=== "Android"
    Android の手順

| 左 | 中央 | 右 |
|:---|:---:|---:|
| a | b | c |

脚注つきの文[^1]。HTML は略語です。

[^1]: 脚注です。

用語
:   定義です。

- [x] 済み
- [ ] まだ

[リンク](https://www.example.jp/){ .md-button target=_blank }
{ #custom-id .custom-class data-search-exclude }

<div markdown class="box">
*強調* <kbd>Enter</kbd> <abbr title="窓口">MG</abbr>
</div>

```python title="例.py" linenums="1"
print("<こんにちは>")
```

:material-information: アイコン

*[HTML]: HyperText Markup Language
"""

SHOWCASE_EXTENSIONS = """\
  - abbr
  - def_list
  - footnotes
  - pymdownx.highlight:
      anchor_linenums: true
  - pymdownx.inlinehilite
  - pymdownx.tabbed:
      alternate_style: true
  - pymdownx.tasklist:
      custom_checkbox: true
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
"""


def _article(root: Path) -> BeautifulSoup:
    html = (root / "site/showcase/index.html").read_text(encoding="utf-8")
    article = BeautifulSoup(html, "html.parser").find("article")
    assert article is not None
    return article


def _value(name: str, value: str | list[str]) -> str:
    text = " ".join(value) if isinstance(value, list) else value
    # nh3 writes `text-align: left;` as `text-align:left`: the same declaration
    return text.replace(" ", "").rstrip(";") if name == "style" else text


def _structure(article: BeautifulSoup) -> list[tuple[str, list[tuple[str, str]], str]]:
    """Every element with its attributes and text; `tbody`, which nh3 adds to a table
    without one as every browser does, left aside."""
    return [
        (tag.name, sorted((name, _value(name, value)) for name, value in tag.attrs.items()), tag.get_text())
        for tag in article.find_all(True)
        if tag.name != "tbody"
    ]


def test_the_sanitiser_keeps_what_the_theme_and_extensions_produce(tmp_path: Path) -> None:
    articles = []
    for sanitize in ("true", "false"):
        root = make_site(tmp_path / sanitize, "basic", commit_date=None)
        write_mkdocs_yml(root, f"      sanitize_html: {sanitize}")
        config = root / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8") + SHOWCASE_EXTENSIONS, encoding="utf-8")
        (root / "content/showcase.md").write_text(SHOWCASE, encoding="utf-8")
        result = mkdocs_build(root)
        assert result.returncode == 0, result.stderr
        articles.append(_article(root))
    sanitised, raw = articles
    assert _structure(sanitised) == _structure(raw)
    names = {tag.name for tag in sanitised.find_all(True)}
    # what the extensions put there is still there
    assert {"details", "summary", "input", "label", "table", "abbr", "kbd", "svg", "path", "dl", "sup"} <= names
    assert sanitised.find("div", class_="tabbed-set").get("data-tabs") == "1:2"
    assert sanitised.find("a", class_="headerlink")["href"] == "#見出し"
    assert sanitised.find("th")["style"] == "text-align:left"
    assert sanitised.find("svg")["viewbox"] == "0 0 24 24"  # html.parser lowers attribute names
    assert sanitised.find("a", class_="md-button").get("rel") is None  # no rel added to links


HOSTILE = [
    ("<p>a<script>alert(1)</script>b</p>", "<p>ab</p>"),
    ('<img src="x.png" onerror="alert(1)">', '<img src="x.png">'),
    ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="data:text/html,x">x</a>', "<a>x</a>"),
    ('<img src="data:image/png;base64,AAAA">', '<img src="data:image/png;base64,AAAA">'),
    ('<iframe src="https://evil.example/"></iframe><p>after</p>', "<p>after</p>"),
    ('<form action="https://evil.example/"><input name="card"></form>', ""),
    (
        '<a href="https://www.example.jp/" target="_blank">x</a>',
        '<a href="https://www.example.jp/" target="_blank">x</a>',
    ),
    ('<span style="color: red; position: fixed">x</span>', '<span style="color:red">x</span>'),
    (
        '<div data-md-component="x" data-madoguchi-channel="phone">x</div>',
        '<div data-madoguchi-channel="phone">x</div>',
    ),
    ("<!-- 社内メモ --><p>x</p>", "<p>x</p>"),
]


@pytest.mark.parametrize(("html", "expected"), HOSTILE, ids=[h for h, _ in HOSTILE])
def test_the_sanitiser_removes_what_is_not_on_its_allowlist(html: str, expected: str) -> None:
    assert Sanitizer(["admonition", "pymdownx.details"]).clean(html) == expected


def test_html_outside_the_allowlist_leaves_the_page_the_timeline_and_the_feed(tmp_path: Path) -> None:
    root = make_site(tmp_path, "basic", commit_date=None)
    (root / "content/incidents/2026-11-23-outage.md").write_text(
        "---\ntitle: 一部機能の停止\nowner: cs-web\nstatus: investigating\nimpact: minor\nstarted: 2026-11-23T09:00:00+09:00\n"
        "updates:\n  - at: 2026-11-23T09:30:00+09:00\n    status: investigating\n"
        '    text: \'調査中です。<button type="button">ボタン</button> <span style="position: fixed; color: red">赤字</span>\'\n'
        '---\n\n本文です。<video src="https://evil.example/v.mp4" autoplay></video><kbd>F5</kbd>\n',
        encoding="utf-8",
    )
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    html = (root / "site/incidents/2026-11-23-outage/index.html").read_text(encoding="utf-8")
    page = str(BeautifulSoup(html, "html.parser").find("article"))  # the theme has buttons of its own
    feed = (root / "site/incidents/feed.xml").read_text(encoding="utf-8")
    assert "ボタン" in page and '<span style="color:red">赤字</span>' in page and "<kbd>F5</kbd>" in page
    assert "<button" not in page and "position" not in page and "<video" not in page
    assert "ボタン" in feed and '&lt;span style="color:red"&gt;赤字&lt;/span&gt;' in feed
    assert "button" not in feed and "position" not in feed


# A draft category is a draft through and through ------------------------------------


def test_a_draft_category_makes_its_index_and_every_entry_in_it_a_draft(tmp_path: Path) -> None:
    site = load_files(tmp_path, {**DRAFT_CATEGORY, "faq/a/q.md": FAQ_PAGE.format(title="公開", extra="", body="本文")})
    assert site.problems == []
    assert site.categories["newsvc"].draft
    assert site.drafts == {"faq/newsvc/index.md", "faq/newsvc/what.md", "faq/newsvc/plan.md"}
    assert [e.path for e in site.faq()] == ["faq/a/q.md"]


def test_an_entry_declaring_a_draft_category_is_a_draft_too(tmp_path: Path) -> None:
    site = load_files(
        tmp_path,
        {
            **DRAFT_CATEGORY,
            "faq/a/moved.md": FAQ_PAGE.format(title="移動", extra="category: newsvc\n", body="本文"),
        },
    )
    moved = site.entries["faq/a/moved.md"]
    assert isinstance(moved, FaqEntry) and moved.draft
    assert "faq/a/moved.md" in site.drafts


def test_a_public_entry_cannot_relate_to_an_entry_of_a_draft_category(tmp_path: Path) -> None:
    site = load_files(
        tmp_path,
        {
            **DRAFT_CATEGORY,
            "faq/a/q.md": FAQ_PAGE.format(title="公開", extra="related: [faq/newsvc/what.md]\n", body="本文"),
        },
    )
    assert [str(p) for p in site.problems] == [
        "content/faq/a/q.md:5: related: 'faq/newsvc/what.md' は下書きです（公開するページから下書きへはリンクできません） / 'faq/newsvc/what.md' is a draft (a public page must not link to a draft)"
    ]


def test_a_draft_category_appears_nowhere_in_the_built_site(tmp_path: Path) -> None:
    root = make_site(tmp_path, "basic")
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  - madoguchi/incidents\n", "  - madoguchi/incidents\n  - madoguchi/search\n"
        ),
        encoding="utf-8",
    )
    for path, text in DRAFT_CATEGORY.items():
        (root / "content" / path).parent.mkdir(parents=True, exist_ok=True)
        (root / "content" / path).write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "draft category", date="2026-11-02T10:00:00+09:00")

    result = mkdocs_build(root)

    assert result.returncode == 0, result.stderr
    files = [path for path in (root / "site").rglob("*") if path.is_file()]
    assert (root / "site" / "search" / "madoguchi.json") in files  # the "no results" category list
    assert (root / "site" / "sitemap.xml") in files
    assert len(files) > 20
    for path in files:
        data = path.read_bytes()
        assert MARKER.encode() not in data, path
        assert b"newsvc" not in data, path
        assert "新サービス".encode() not in data, path
    # the public categories are still listed
    assert "注文".encode() in (root / "site" / "search" / "madoguchi.json").read_bytes()
