"""One Python-Markdown instance for every page of a build, instead of one per page.

MkDocs' `Page.render` builds a new `markdown.Markdown` for each page: importing nothing, but
instantiating and registering every extension again (about 40 processors with the sample's
extensions). On a FAQ, whose answers are a few paragraphs, that set-up costs about as much as
the conversion itself: 2.5 s of the 27 s of a profiled 2,000-entry build (`cProfile`, see
docs/performance.md). Python-Markdown is made to be reused: `Markdown.reset()` clears the
document state and calls every extension's `reset()`.

Reuse is only as safe as the extensions' `reset()`. It is used when every extension is one
whose reset was checked (Python-Markdown's own, PyMdown Extensions, mkdocs-material's: the
2,000-entry bench site and the test suite's sites build byte-identical either way, see
tests/test_markdown_pool.py); any other extension, or one given as an object, keeps MkDocs'
one-instance-per-page rendering.

`render` is MkDocs 1.6's `Page.render` with the instance made once (mkdocs is pinned below 2).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import markdown
from mkdocs.structure import pages

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

# Extension modules whose reset() clears all per-document state (checked by building the same
# sites with and without reuse: tests/test_markdown_pool.py).
_CORE = frozenset(
    {
        "abbr",
        "admonition",
        "attr_list",
        "def_list",
        "fenced_code",
        "footnotes",
        "md_in_html",
        "meta",
        "sane_lists",
        "smarty",
        "tables",
        "toc",
        "wikilinks",
        "codehilite",
        "legacy_attrs",
        "legacy_em",
        "nl2br",
    }
)
_PACKAGES = ("markdown.extensions.", "pymdownx.", "material.extensions.")


def reusable(extensions: list[Any]) -> bool:
    """Whether one instance can convert every page with these extensions (names as MkDocs
    keeps them in config.markdown_extensions)."""
    for extension in extensions:
        if not isinstance(extension, str):
            return False
        if extension not in _CORE and not extension.startswith(_PACKAGES):
            return False
    return True


class MarkdownPool:
    """The build's one Markdown instance, made at the first page."""

    def __init__(self) -> None:
        self._md: markdown.Markdown | None = None

    def render(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        """`Page.render` of MkDocs 1.6.1 with a reused, reset instance."""
        if page.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        if self._md is None:
            self._md = markdown.Markdown(
                extensions=config["markdown_extensions"],
                extension_configs=config["mdx_configs"] or {},
            )
        md = self._md
        md.reset()
        # The page's own processors replace the previous page's (Registry.register by name).
        raw_html_ext = pages._RawHTMLPreprocessor()
        raw_html_ext._register(md)
        extract_anchors_ext = pages._ExtractAnchorsTreeprocessor(page.file, files, config)
        extract_anchors_ext._register(md)
        relative_path_ext = pages._RelativePathTreeprocessor(page.file, files, config)
        relative_path_ext._register(md)
        extract_title_ext = pages._ExtractTitleTreeprocessor()
        extract_title_ext._register(md)

        page.content = md.convert(page.markdown)
        page.toc = pages.get_toc(getattr(md, "toc_tokens", []))
        page._title_from_render = extract_title_ext.title
        page.present_anchor_ids = extract_anchors_ext.present_anchor_ids | raw_html_ext.present_anchor_ids
        if pages.log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = relative_path_ext.links_to_anchors
