"""What a page holds once MkDocs has written it, let go.

MkDocs keeps every Page of a build until its end, with its Markdown source (`page.markdown`),
its rendered HTML (`page.content`) and whatever plugins put in `page.meta`. After the page is
written, nothing of Madoguchi's needs those: the search analysis took its text at
`on_page_content`, the audit its bytes at `on_post_page`, the sitemap and the navigation need
only URLs, titles and dates, and MkDocs' own check of links to anchors at the end of the build
uses `present_anchor_ids` and `links_to_anchors`, which stay. The Markdown goes earlier, as soon
as the page is rendered (`release_source`), and the JSON-LD is made only when the page is
written (madoguchi/freshness's on_page_context). At 20,000 entries that is about
120 MB of the build process (tracemalloc at `on_post_build`: the JSON-LD text 40 MB, the
sanitised HTML 27 MB, the Markdown 17 MB, the page views and the bound render functions
13 MB).

Madoguchi's own parts (its view, the JSON-LD, the render function bound by markdown_pool) are
always let go. The source and the HTML only when every plugin of the site is one whose
`on_post_build` and later events were checked not to read them (`RELEASING_PLUGINS`): another
plugin may well read `page.content` at the end of the build (a feed, a PDF export).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from typing import Any

# Plugins known not to read a page's Markdown or HTML after it is written: MkDocs' and
# Material's `search` (skipped indexing: madoguchi/search) and Madoguchi's own.
RELEASING_PLUGINS = frozenset({"search", "material/search"})


def releasable(plugin_names: Iterable[str]) -> bool:
    """Whether the pages' Markdown and HTML may be let go once written, with these plugins."""
    return all(name in RELEASING_PLUGINS or name.startswith("madoguchi/") for name in plugin_names)


def hold(html: str) -> bytes:
    """A rendered page's HTML as it waits for MkDocs' second pass, compressed: MkDocs renders
    every page before it writes the first, and 20,000 pages' HTML held until then were 28.6 MB
    of a build's peak (docs/performance.md). zlib's fastest level: a few milliseconds per
    thousand pages either way."""
    return zlib.compress(html.encode("utf-8"), 1)


def unhold(data: bytes) -> str:
    """What `hold` was given."""
    return zlib.decompress(data).decode("utf-8")


def release_source(page: Any) -> None:
    """Let go of a rendered page's Markdown source, before the page is written: MkDocs renders
    every page before it writes the first, and 20,000 pages' Markdown held until then were
    18 MB of a build's peak (docs/performance.md). Only when `releasable`, and only once its
    title is set (madoguchi/freshness's on_page_content): MkDocs' `Page.title` reads None for
    a page whose `markdown` is None unless a title was set."""
    page.markdown = None


def release(page: Any, *, text: bool) -> None:
    """Let go of what `page` (an MkDocs Page, written) holds that no later step reads; with
    `text`, its Markdown source and rendered HTML too."""
    page.meta.pop("madoguchi", None)  # the page view and its JSON-LD (templates only)
    page.__dict__.pop("render", None)  # markdown_pool's bound render function
    if text:
        page.markdown = None
        page.content = None
