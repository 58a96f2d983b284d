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
from collections.abc import Iterable
from datetime import datetime, tzinfo
from html.parser import HTMLParser
from typing import Any

from .model import Entry, FaqEntry, Incident, Site, is_category_index

SCHEMA = "https://schema.org"

# Elements whose end starts a new line of text (so words of two paragraphs never join).
_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul",
})
# Elements whose text is not part of the answer: code of scripts and styles, and the
# permalink anchors (¶) that `toc: permalink` adds to headings.
_SKIPPED = frozenset({"script", "style", "template"})
_SKIPPED_CLASSES = frozenset({"headerlink"})
_VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
})


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0  # > 0 while inside a skipped element (counts nested open tags)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            if tag in _BLOCKS and not self.skip_depth:
                self.parts.append("\n")
            return
        classes = set((dict(attrs).get("class") or "").split())
        if self.skip_depth or tag in _SKIPPED or classes & _SKIPPED_CLASSES:
            self.skip_depth += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if self.skip_depth:
            self.skip_depth -= 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            self.parts.append(data)


def plain_text(html: str) -> str:
    """Readable text of an HTML fragment: tags dropped, one line per paragraph or list item,
    runs of spaces collapsed, heading permalinks and scripts left out."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    lines = (re.sub(r"[ \t\r\f\v\u00a0]+", " ", line).strip() for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _iso(moment: datetime, tz: tzinfo) -> str:
    return moment.astimezone(tz).isoformat(timespec="seconds")


def faq_page(entry: FaqEntry, answer_html: str, url: str, *, language: str) -> dict[str, Any]:
    """schema.org FAQPage for one FAQ entry (one question, its accepted answer)."""
    return {
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


def incident_article(
    incident: Incident,
    url: str,
    *,
    publisher: str,
    publisher_url: str | None,
    language: str,
    tz: tzinfo,
    last_edit: datetime | None = None,
) -> dict[str, Any]:
    """schema.org Article for one incident notice, dated by its own timeline."""
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
        data["description"] = plain_text(updates[-1].text)
    if published is not None:
        data["datePublished"] = _iso(published, tz)
    if modified is not None:
        data["dateModified"] = _iso(max(modified, published) if published else modified, tz)
    return data


def last_modified(entry: Entry, last_edit: datetime | None) -> datetime | None:
    """When the page last changed for a reader: the later of its last review (an incident's
    last update or resolution) and its last git edit; None when neither is known."""
    moments: list[datetime] = [last_edit] if last_edit is not None else []
    reviewed = getattr(entry, "reviewed", None)
    if reviewed is not None:
        moments.append(reviewed)
    if isinstance(entry, Incident):
        moments.extend(update.at for update in entry.updates)
        if entry.resolved_at is not None:
            moments.append(entry.resolved_at)
    return max(moments, default=None)


def latest(moments: Iterable[datetime | None]) -> datetime | None:
    """The latest known moment (a listing page changes when any page it lists does)."""
    return max((m for m in moments if m is not None), default=None)


def page_lastmod(path: str, site: Site, last_edits: dict[str, datetime]) -> datetime | None:
    """`lastmod` of the page built from `path`. Listing pages (home, a category, the
    incidents index) also change when a page they list does; a page that is neither in
    git nor reviewed (e.g. generated) has none rather than the build date."""
    entry = site.entries.get(path)
    own = last_modified(entry, last_edits.get(path)) if entry is not None else last_edits.get(path)
    listed: list[Entry]
    if path == "index.md":
        listed = site.published()
    elif is_category_index(path):
        listed = [e for e in site.faq() if e.category == path.split("/")[1]]
    elif path == "incidents/index.md":
        listed = list(site.incidents())
    else:
        return own
    return latest([own, *(last_modified(e, last_edits.get(e.path)) for e in listed)])


def sitemap_date(moment: datetime | None, tz: tzinfo) -> str:
    """`lastmod` as a W3C date in the site time zone ('' leaves lastmod out of the sitemap)."""
    return moment.astimezone(tz).date().isoformat() if moment is not None else ""


def script_json(data: dict[str, Any]) -> str:
    """JSON safe to place inside <script type="application/ld+json">: no `</script>`,
    no `<!--` can close or confuse the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
