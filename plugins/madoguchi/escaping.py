"""Every front-matter value is text: shown exactly as typed, never read as markup.

Editors (in-house and outsourced) write titles, descriptions, tags, affected services and
category titles; the public site shows them on every page (banner, navigation, `<title>`,
`<meta>`, search). One rule, applied in two places, so that `<script>`, `&amp;`, quotes and
`{{ }}` reach the reader as those characters:

- **Madoguchi's templates** (`madoguchi/templates`) escape everything they print: each one is
  wrapped in `{% autoescape true %}`, and only HTML made by Markdown or by another template
  (page content, an update's rendered text, the contact table, the banner, JSON-LD) is let
  through, with `| safe`, next to a comment saying where it comes from.
- **mkdocs-material's templates** print `page.title`, `page.meta.title`,
  `page.meta.description`, nav titles and tags without escaping (MkDocs treats a title as
  HTML). Madoguchi hands them text already escaped, as `markupsafe.Markup`
  (`escape_front_matter`, `html_text`): printed raw it is the escaped text; Jinja's `| e` and an
  autoescaping template leave a `Markup` as it is, so nothing is escaped twice. The search
  index (Material's JavaScript inserts titles and tags with `innerHTML`) receives the same
  escaped text. A title taken from a file name, a folder name or `nav:` is escaped too; a title
  taken from the page's first Markdown heading is HTML that Markdown made, as MkDocs has it.
  Material's `striptags` (which turns entities back into characters) is followed by `| e` in
  Madoguchi's `htmltitle` block.

Values that are not HTML get their own encoding where they are written, from the content
model's raw text: JSON-LD (`structured_data.script_json`), the Atom feed (feedgen/lxml), and
JSON files (`json.dumps`). No MkDocs imports here: this is a rule of the content model.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from markupsafe import Markup, escape

# Front-matter keys that are not text shown to readers: MkDocs reads `template` as a file name.
NOT_TEXT = frozenset({"template"})


def html_text(value: str) -> Markup:
    """Text as HTML that shows exactly those characters; a `Markup` stays as it is."""
    return escape(value)


def title_as_html(title: str, *, from_heading: bool) -> Markup:
    """A page's title as HTML. Escaped already when it came from front matter (`Markup`); from
    the first heading MkDocs keeps it as HTML (Markdown's own output, entities kept); from a
    file name or a `nav:` entry it is text."""
    if isinstance(title, Markup):
        return title
    return Markup(title) if from_heading else html_text(title)


def _escaped(value: Any) -> Any:
    if isinstance(value, str):
        return html_text(value)
    if isinstance(value, list):
        return [_escaped(item) for item in value]
    if isinstance(value, dict):
        return {key: _escaped(item) for key, item in value.items()}
    return value


def escape_front_matter(meta: MutableMapping[str, Any], *, skip: frozenset[str] = frozenset()) -> None:
    """Every text value of a page's front matter (`page.meta`), in lists and mappings too,
    replaced by its escaped `Markup`; numbers, dates and booleans stay as they are."""
    for key in list(meta):
        if key not in NOT_TEXT and key not in skip:
            meta[key] = _escaped(meta[key])
