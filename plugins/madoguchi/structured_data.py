"""What search engines read: schema.org JSON-LD for FAQ entries and incidents, and the
sitemap's `lastmod`. Pure functions of the content model (no MkDocs, no I/O).

- An FAQ entry is one `FAQPage` with one `Question` (name = the title) whose
  `acceptedAnswer.text` is the rendered answer as plain text.
- An incident is an `Article`: schema.org's `SpecialAnnouncement` was made for COVID-19
  notices (and Google no longer reads it), `NewsArticle` claims journalism; an `Article`
  with `datePublished` (started) and `dateModified` (last update) is what an incident
  notice is, and the dates are what search results show.
- `lastmod` is the later of the last review and the last edit: a review is a change a
  search engine should re-read even when no byte of the file changed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, tzinfo
from html import unescape
from typing import Any

from .kinds import KINDS, Layout
from .model import Entry, FaqEntry, Incident, Site

SCHEMA = "https://schema.org"

# Elements whose start or end starts a new line of text (so words of two paragraphs never join).
_BLOCKS = (
    "address|article|aside|blockquote|br|dd|details|div|dl|dt|figcaption|figure|footer|"
    "h1|h2|h3|h4|h5|h6|header|hr|li|main|nav|ol|p|pre|section|summary|table|td|th|tr|ul"
)
# The rest of a tag after its name: attributes, quoted values may contain `>`.
_ATTRS = r"""(?:[^>"']|"[^"]*"|'[^']*')*>"""
# What is not part of the answer: comments and declarations, code of scripts and styles, and the permalink
# anchors (¶) that `toc: permalink` adds to headings.
_HIDDEN = re.compile(
    r"<!--.*?-->|<[!?][^>]*>"
    rf"|<(?P<code>script|style|template)(?=[\s/>]){_ATTRS}.*?</(?P=code)\s*>"
    rf"""|<a\s(?:[^>"']|"[^"]*"|'[^']*')*?class=(?P<q>["'])[^"']*\bheaderlink\b[^"']*(?P=q){_ATTRS}.*?</a\s*>""",
    re.IGNORECASE | re.DOTALL,
)
_BLOCK_TAG = re.compile(rf"</?(?:{_BLOCKS})(?=[\s/>]){_ATTRS}", re.IGNORECASE)
_TAG = re.compile(rf"</?[A-Za-z][^\s/>]*{_ATTRS}")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")


def plain_text(html: str) -> str:
    """Readable text of an HTML fragment: tags dropped, one line per paragraph or list item,
    runs of spaces collapsed, heading permalinks, comments and scripts left out.

    Regular expressions rather than an HTML parser: the input is Markdown's own well-formed
    output, and this runs on every FAQ page (html.parser cost more than the rest of the
    JSON-LD hook at 2,000 entries)."""
    text = _HIDDEN.sub("", html)
    text = _TAG.sub("", _BLOCK_TAG.sub("\n", text))
    text = _SPACES.sub(" ", unescape(text))
    return "\n".join(line for line in (line.strip() for line in text.split("\n")) if line)


def _iso(moment: datetime, tz: tzinfo) -> str:
    return moment.astimezone(tz).isoformat(timespec="seconds")


def faq_page(
    entry: FaqEntry, answer_html: str, url: str, *, language: str, breadcrumb: dict[str, Any] | None = None
) -> dict[str, Any]:
    """schema.org FAQPage for one FAQ entry (one question, its accepted answer); `breadcrumb`:
    its BreadcrumbList (FAQPage is a WebPage, whose `breadcrumb` it is: one JSON-LD block)."""
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "FAQPage",
        "url": url,
        "inLanguage": language,
        "mainEntity": [
            {
                "@type": "Question",
                "name": entry.title,
                "acceptedAnswer": {"@type": "Answer", "text": plain_text(answer_html)},
            }
        ],
    }
    if breadcrumb is not None:
        data["breadcrumb"] = breadcrumb
    return data


def breadcrumb_list(crumbs: Sequence[tuple[str, str]], *, standalone: bool = False) -> dict[str, Any]:
    """schema.org BreadcrumbList of (name, URL) from the top (ホーム › 大分類 › 小分類 › the page);
    `standalone`: with its own `@context`, as a page's only JSON-LD (a subcategory's listing)."""
    data: dict[str, Any] = {"@context": SCHEMA} if standalone else {}
    data["@type"] = "BreadcrumbList"
    data["itemListElement"] = [
        {"@type": "ListItem", "position": position, "name": name, "item": url}
        for position, (name, url) in enumerate(crumbs, start=1)
    ]
    return data


def incident_article(
    incident: Incident,
    url: str,
    *,
    publisher: str,
    publisher_url: str | None,
    language: str,
    tz: tzinfo,
    last_edit: datetime | None = None,
    edition_text: Callable[[str], str] = str,
) -> dict[str, Any]:
    """schema.org Article for one incident notice, dated by its own timeline.
    `edition_text`: an update's text as this edition shows it (the public one drops
    staff-only text, edition.public_markdown)."""
    updates = sorted(incident.updates, key=lambda u: u.at)
    published = incident.started or (updates[0].at if updates else None)
    modified = last_modified(incident, last_edit)
    organization: dict[str, Any] = {"@type": "Organization", "name": publisher}
    if publisher_url:
        organization["url"] = publisher_url
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "Article",
        "headline": incident.title,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": language,
        "author": organization,
        "publisher": organization,
    }
    if updates:
        data["description"] = plain_text(edition_text(updates[-1].text))
    if published is not None:
        data["datePublished"] = _iso(published, tz)
    if modified is not None:
        data["dateModified"] = _iso(max(modified, published) if published else modified, tz)
    return data


def last_modified(entry: Entry, last_edit: datetime | None) -> datetime | None:
    """When the page last changed for a reader: the later of its last review (an incident's
    last update or resolution) and its last git edit; None when neither is known."""
    moments: list[datetime] = [last_edit] if last_edit is not None else []
    moments.extend(entry.changed_at())
    return max(moments, default=None)


def latest(moments: Iterable[datetime | None]) -> datetime | None:
    """The latest known moment (a listing page changes when any page it lists does)."""
    return max((m for m in moments if m is not None), default=None)


def listing_lastmods(site: Site, last_edits: dict[str, datetime]) -> dict[str, datetime | None]:
    """The latest change among the pages each listing page lists (home: every published page;
    `faq/<slug>/index.md`: its category's entries; `incidents/index.md`: the incidents), in
    one pass over the site, so that no page's `lastmod` costs time proportional to the site."""
    folders = site.layout
    latest_of: dict[str, datetime | None] = dict.fromkeys(["index.md", *_kind_indexes(folders)])

    def bump(listing: str, moment: datetime | None) -> None:
        latest_of[listing] = latest((latest_of.get(listing), moment))

    for entry in site.published():
        moment = last_modified(entry, last_edits.get(entry.path))
        bump("index.md", moment)
        listing = _listing_of(entry, folders)
        if listing is not None:
            bump(listing, moment)
    return latest_of


def _kind_indexes(folders: Layout) -> list[str]:
    """The index of every kind whose entries sit directly in its folder: incidents/index.md."""
    return [f"{folders.folder(kind.name)}/index.md" for kind in KINDS.values() if kind.folder and kind.depth == 1]


def _listing_of(entry: Entry, folders: Layout) -> str | None:
    """The listing page that lists `entry`: its category's index, or its kind's index."""
    slug = entry.category_slug()
    if slug is not None:
        return folders.category_index(slug)
    if entry.kind.folder is not None and entry.kind.depth == 1:
        return f"{folders.folder(entry.kind.name)}/index.md"
    return None


def page_lastmod(
    path: str,
    site: Site,
    last_edits: dict[str, datetime],
    listings: dict[str, datetime | None] | None = None,
) -> datetime | None:
    """`lastmod` of the page built from `path`. Listing pages (home, a category, the
    incidents index) also change when a page they list does; a page that is neither in
    git nor reviewed (e.g. generated) has none rather than the build date. `listings` is
    `listing_lastmods(site, last_edits)` computed once per build (computed here if None)."""
    entry = site.entries.get(path)
    own = last_modified(entry, last_edits.get(path)) if entry is not None else last_edits.get(path)
    folders = site.layout
    if path != "index.md" and path not in _kind_indexes(folders) and not folders.is_category_index(path):
        return own
    if listings is None:
        listings = listing_lastmods(site, last_edits)
    return latest([own, listings.get(path)])


def sitemap_date(moment: datetime | None, tz: tzinfo) -> str:
    """`lastmod` as a W3C date in the site time zone ('' leaves lastmod out of the sitemap)."""
    return moment.astimezone(tz).date().isoformat() if moment is not None else ""


def script_json(data: dict[str, Any]) -> str:
    """JSON safe to place inside <script type="application/ld+json">: no `</script>`,
    no `<!--` can close or confuse the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
