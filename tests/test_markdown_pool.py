"""One Python-Markdown instance for every page (plugins/freshness/markdown_pool.py): a site
built with it is byte for byte the site MkDocs builds with one instance per page, for the
extensions whose per-document state lives in `reset()` (footnotes, tabs, tables of contents,
abbreviations, raw HTML, …); other extensions keep MkDocs' rendering."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from madoguchi.plugins.freshness.markdown_pool import reusable
from support.site import REPO, build_with, differences, make_site, write_mkdocs_yml

# Pages that leave state behind in each extension if it were not reset: footnote numbers and
# back references, tab group counters, heading ids of the same titles, abbreviations,
# stashed raw HTML and md_in_html blocks, reference links defined on another page.
PAGES = {
    "faq/ordering/notes-a.md": """\
---
title: 脚注とタブ A
reviewed: 2026-11-01
---

返品は 7 日以内です[^1]。[規約][terms] を参照。

[^1]: 未開封に限ります。

[terms]: https://example.com/terms

=== "店舗"

    店頭で受け付けます。

=== "配送"

    着払いで送ってください。

## よくある質問

*[FAQ]: よくあるご質問

FAQ をご覧ください。

<div markdown="1">
**太字** の HTML ブロック
</div>

Term
:   定義です。

| 列 | 値 |
|----|----|
| a  | 1  |
""",
    "faq/ordering/notes-b.md": """\
---
title: 脚注とタブ B
reviewed: 2026-11-01
---

二つ目のページ[^1]と[^note]。[規約][terms] はこのページでは定義されていません。

[^1]: 一つ目。
[^note]: 二つ目。

=== "電話"

    平日 9 時から。

## よくある質問

FAQ という語（略語はこのページで定義していません）。

!!! note "注意"
    <span>インライン HTML</span>
""",
}

EXTENSIONS = """\
  - abbr
  - def_list
  - footnotes
  - pymdownx.tabbed:
      alternate_style: true
"""


def build(root: Path, site_dir: str, *, pooled: bool) -> Path:
    """`mkdocs build` in a fresh process, with the pool or (pooled=False) MkDocs' own rendering."""
    off = "import madoguchi.plugins.freshness.plugin as plugin\nplugin.reusable = lambda extensions: False"
    return build_with(root, site_dir, "" if pooled else off)


@pytest.mark.parametrize(
    ("extensions", "expected"),
    [
        (["toc", "tables", "fenced_code", "admonition", "attr_list", "md_in_html"], True),
        (["pymdownx.superfences", "pymdownx.tabbed", "footnotes", "abbr", "def_list"], True),
        (["material.extensions.emoji"], True),
        (["markdown.extensions.smarty"], True),
        (["some_company.markdown_ext"], False),
        ([object()], False),
    ],
)
def test_only_extensions_known_to_reset_share_one_instance(extensions: list[object], expected: bool) -> None:
    assert reusable(extensions) is expected


def test_a_fixture_with_stateful_extensions_builds_the_same_with_one_instance(tmp_path: Path) -> None:
    root = make_site(tmp_path, "basic", commit_date=None)
    write_mkdocs_yml(root)
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        text.replace("markdown_extensions:\n", "markdown_extensions:\n" + EXTENSIONS), encoding="utf-8"
    )
    for path, page in PAGES.items():
        (root / "content" / path).write_text(page, encoding="utf-8")
    pooled = build(root, "site-pooled", pooled=True)
    per_page = build(root, "site-per-page", pooled=False)
    html = (pooled / "faq/ordering/notes-b/index.html").read_text(encoding="utf-8")
    assert 'id="fn:note"' in html and "__tabbed_1_1" in html  # the features really rendered
    assert "<abbr" not in html  # no abbreviation carried over from the previous page
    assert differences(pooled, per_page) == []


def test_the_sample_site_builds_the_same_with_one_instance(tmp_path: Path) -> None:
    root = tmp_path / "sample"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    pooled = build(root, "site-pooled", pooled=True)
    per_page = build(root, "site-per-page", pooled=False)
    assert differences(pooled, per_page) == []
