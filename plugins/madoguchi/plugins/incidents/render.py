"""Render updates' Markdown the way MkDocs renders the incident page itself.

Same `markdown_extensions`, and links to other content files (`../faq/app/login.md`)
become page URLs relative to the incident page, with MkDocs' own warnings for broken ones.
A throwaway File/Page pair is used so the real page's File keeps pointing at its Page.
The result goes through the same HTML sanitiser as every page (`clean`, sanitize.py): the
page, its timeline and the feed show the same, cleaned HTML.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

# Raw HTML comments pass through Python-Markdown untouched: one conversion renders every
# update of an incident (a Markdown instance with all extensions costs ~5 ms to set up).
SEPARATOR = "<!-- madoguchi:update -->"


def render_markdown(text: str, file: File, files: Files, config: MkDocsConfig) -> str:
    twin = File(file.src_uri, file.src_dir, file.dest_dir, file.use_directory_urls)
    page = Page(None, twin, config)
    page.markdown = text
    page.render(config, files)
    return page.content or ""


def render_all(
    texts: Sequence[str],
    file: File,
    files: Files,
    config: MkDocsConfig,
    clean: Callable[[str], str] | None = None,
) -> list[str]:
    """Each text rendered (and cleaned by `clean`); one pass when possible, one per text if a
    text broke the separator (e.g. an unclosed code fence swallowing it)."""
    joined = f"\n\n{SEPARATOR}\n\n".join(texts)
    parts = render_markdown(joined, file, files, config).split(SEPARATOR)
    if len(parts) != len(texts):
        parts = [render_markdown(text, file, files, config) for text in texts]
    return [clean(part.strip()) if clean else part.strip() for part in parts]
