"""Which files of content/ may reach the public site: the one place that says what never
publishes (drafts, anything under a draft category, `_data/`, editor backups and temp
files, file types outside the asset allowlist), and the symlink check (a link under
content/ is never followed: it could publish `.git/config`, `/proc/self/environ` or a
folder outside the repository). Shared by the build (madoguchi/freshness) and
`madoguchi check`. No MkDocs import.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

from .model import Problem, Site
from .texts import Text

DEFAULT_ASSET_ALLOWLIST = ("png", "jpg", "jpeg", "gif", "webp", "pdf")
DATA_DIR = "_data/"  # editors' data (synonyms.yml, calendar.yml): read by plugins, never published
BACKUP_SUFFIXES = ("~", ".bak", ".swp", ".swo", ".orig")
BACKUP_PREFIXES = (".#",)

# Reasons, as counted in the build's summary line.
DRAFT = "draft"
DATA = "data"
BACKUP = "backup"
FILE_TYPE = "file type"
NOT_A_PAGE = "not a page"  # a kind whose files are not pages (notices: the banner publishes)


@dataclass(frozen=True)
class Withholding:
    """What the public edition must leave out, from the content model and the options."""

    drafts: frozenset[str]  # Markdown paths that are drafts (draft categories included)
    draft_folders: tuple[str, ...]  # `faq/<slug>/` of every draft category
    assets: frozenset[str]  # extensions (or whole file names, e.g. CNAME) allowed, lower case
    not_pages: frozenset[str] = frozenset()  # entries of a kind with `page=False` (notices)

    @classmethod
    def of(cls, site: Site, asset_allowlist: Iterable[str] = DEFAULT_ASSET_ALLOWLIST) -> Withholding:
        return cls(
            drafts=frozenset(site.drafts),
            draft_folders=tuple(
                site.layout.category_index(slug).removesuffix("index.md")
                for slug, category in site.categories.items()
                if category.draft
            ),
            assets=frozenset(extension.lower().lstrip(".") for extension in asset_allowlist),
            not_pages=frozenset(path for path, entry in site.entries.items() if not entry.kind.page),
        )

    def reason(self, path: str) -> str | None:
        """Why the file `path` (relative to content/, POSIX) never publishes, or None.
        Internal entries of the internal-edition feature belong here too (one more line)."""
        name = path.rsplit("/", 1)[-1]
        if name.endswith(BACKUP_SUFFIXES) or name.startswith(BACKUP_PREFIXES):
            return BACKUP
        if path.startswith(DATA_DIR):
            return DATA
        if path in self.drafts or path.startswith(self.draft_folders):
            return DRAFT
        if path in self.not_pages:
            return NOT_A_PAGE
        if path.endswith(".md"):
            return None
        return None if asset_allowed(name, self.assets) else FILE_TYPE


def asset_allowed(name: str, assets: frozenset[str]) -> bool:
    """Whether a non-Markdown file called `name` may publish: its extension, or its whole
    name (e.g. CNAME), is in the lower-case allowlist `assets`."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return extension in assets or name.lower() in assets


class LinkFinder:
    """Finds the symbolic link, if any, on the way from docs_dir to a file: the file itself or
    one of its folders. MkDocs follows folder links, so a linked folder's files arrive as
    ordinary paths; each folder is asked once (a site has up to 20,000 files)."""

    def __init__(self, docs_dir: str | os.PathLike[str]) -> None:
        self.root = os.fspath(docs_dir)
        self.folders: dict[str, str | None] = {"": None}

    def link_of(self, path: str) -> str | None:
        """The link (path relative to docs_dir) that `path` goes through, or None."""
        folder, _, _ = path.rpartition("/")
        through = self._folder_link(folder)
        if through is not None:
            return through
        return path if os.path.islink(os.path.join(self.root, path)) else None

    def _folder_link(self, folder: str) -> str | None:
        if folder in self.folders:
            return self.folders[folder]
        parent, _, _ = folder.rpartition("/")
        through = self._folder_link(parent)
        if through is None and os.path.islink(os.path.join(self.root, folder)):
            through = folder
        self.folders[folder] = through
        return through


def symlink_problems(links: Iterable[str], shown_prefix: str, language: str | None = None) -> list[Problem]:
    """One input error per link, in the site's `language` (None: Japanese with the English after it)."""
    message = Text.of("publish.symlink").say(language)
    return [Problem(shown_prefix + link, 1, "-", message) for link in sorted(set(links))]


def links_under(docs_dir: str | os.PathLike[str]) -> list[str]:
    """Every symbolic link under docs_dir (files and folders, hidden ones too), without
    following any: what `madoguchi check` reports."""
    root = os.fspath(docs_dir)
    links: list[str] = []
    for folder, dirs, files in os.walk(root):  # followlinks=False: linked folders are listed, not entered
        relative = os.path.relpath(folder, root)
        for name in dirs + files:
            full = os.path.join(folder, name)
            if os.path.islink(full):
                links.append(name if relative == "." else f"{relative}/{name}".replace(os.sep, "/"))
    return sorted(links)
