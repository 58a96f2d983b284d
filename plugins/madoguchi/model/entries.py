"""What the model returns: entries (the base every kind extends), categories and the Site.

The kind of an entry (madoguchi.kinds) is its class's `kind`; code that must treat kinds
differently asks the entry (`tracked`, `category_slug`, `references`, ...) or its kind
rather than testing its class.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar, cast

from ..edition import PUBLIC
from ..policy import DEFAULTS
from .fields import Problem

if TYPE_CHECKING:
    from ..kinds import Kind, Layout
    from ..kinds.faq import FaqEntry
    from ..kinds.incident import Incident


@dataclass
class Category:
    slug: str
    title: str
    description: str = ""
    owner: str | None = None
    index_path: str | None = None  # faq/<slug>/index.md when the file exists
    order: int | None = None
    # `draft: true` in the index makes the whole category a draft, its entries included
    draft: bool = False
    # `audience: internal` in the index makes the whole category internal, its entries included
    audience: str = PUBLIC
    body: str = field(default="", repr=False)  # the index's Markdown, scanned by the leak guard
    body_line: int = 1
    lines: dict[str, int] = field(default_factory=dict, repr=False)  # front-matter key → line


@dataclass
class Entry:
    """Anything whose freshness is tracked: a FAQ entry, an incident or a page. Each kind
    extends it (kinds/*.py); `kind` is set when the kind registers."""

    kind: ClassVar[Kind]
    # Its body is rendered from the model (not by MkDocs from its file) after the checks, so a
    # build keeps it (Site.release_sources): a notice's banner on every page.
    body_rendered_late: ClassVar[bool] = False

    path: str  # relative to content/, POSIX
    type: str
    title: str
    owner: str | None
    draft: bool = False
    audience: str = PUBLIC  # `internal`: built only in the internal edition
    meta: dict[str, Any] = field(default_factory=dict, repr=False)
    lines: dict[str, int] = field(default_factory=dict, repr=False)
    body: str = field(default="", repr=False)
    body_line: int = 1  # 1-based line of the body's first line in the file

    @property
    def tracked(self) -> bool:
        """Whether its freshness is tracked (assessed, listed, alerted): its kind decides."""
        return self.kind.tracked(self)

    def category_slug(self) -> str | None:
        """The category it is listed in, for the kinds that have categories."""
        return None

    def references(self) -> list[tuple[str, str]]:
        """(key, path) of every other content file it links to from its front matter; each
        must exist and, from a public entry, be public."""
        return []

    def changed_at(self) -> list[datetime]:
        """When its content last changed for a reader, as far as the front matter says."""
        return []

    def markdown_texts(self) -> Iterator[str]:
        """Every Markdown text it publishes: its body, then any in its front matter (raw)."""
        yield self.body


@dataclass
class ReviewedEntry(Entry):
    """An entry a person confirms every `review_every` (FAQ entries, tracked pages)."""

    reviewed: datetime | None = None
    review_every: timedelta = DEFAULTS.review_every

    def changed_at(self) -> list[datetime]:
        return [self.reviewed] if self.reviewed is not None else []


@dataclass
class Site:
    entries: dict[str, Entry] = field(default_factory=dict)  # path → entry (drafts included)
    categories: dict[str, Category] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # every path that is not published: drafts (front matter `draft: true`) and, in the
    # public edition, internal entries (whose `draft` is then set too: see load_site)
    drafts: set[str] = field(default_factory=set)
    # every `audience: internal` path (entries and category indexes), in either edition
    internal: set[str] = field(default_factory=set)
    # which folder holds which kind (the `folders` option; by default the kinds' own)
    layout: Layout = field(default_factory=lambda: _default_layout(), repr=False, compare=False)
    # the files' source (bodies, line maps, raw front matter) was let go: release_sources
    sources_released: bool = field(default=False, repr=False, compare=False)

    def release_sources(self) -> None:
        """Let go of what only the checks read: every entry's and category's body (but one
        rendered later: `body_rendered_late`), line map and raw front matter (`meta`). A full
        build checks its content (guards, leak guard, the audit's rules) before it renders the
        first page, and renders each page from its file, not from the model: at 20,000 entries
        these are 34 MB that would otherwise be held to the build's end, through its peak
        (docs/performance.md, fifth round). The parsed fields (title, dates, updates, ...) stay."""
        for entry in self.entries.values():
            entry.lines, entry.meta = {}, {}
            if not entry.body_rendered_late:
                entry.body = ""
        for category in self.categories.values():
            category.body, category.lines = "", {}
        self.sources_released = True

    def published(self) -> list[Entry]:
        return [e for e in self.entries.values() if not e.draft]

    def of_kind(self, name: str) -> list[Entry]:
        """Published entries of one kind, in path order."""
        return [e for e in self.entries.values() if e.type == name and not e.draft]

    def faq(self) -> list[FaqEntry]:
        return cast("list[FaqEntry]", self.of_kind("faq"))

    def incidents(self) -> list[Incident]:
        return cast("list[Incident]", self.of_kind("incident"))


def _default_layout() -> Layout:
    from ..kinds import layout  # the kinds import this module: only when a Site is made

    return layout()
