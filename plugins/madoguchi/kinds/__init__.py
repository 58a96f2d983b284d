"""The registry of entry kinds: what each kind of content is, in one table.

A kind (FAQ entry, incident, page, ...) declares its name (the `type` value), the folder
under content/ that holds it (the `folders` option of madoguchi/freshness can move it),
its front-matter keys, its parser, its freshness rule and its templates. The model reads
files, the rules assess entries and the views pick templates through this table; adding a
kind is one module like kinds/incident.py that calls `register`, plus its templates and
docs (docs/kinds.md).

No MkDocs import (the model and rules stay generator-free), and no import of the model at
module level: the model imports this table, and the kind modules import the model.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..model.check import Checker
    from ..model.entries import Category, Entry
    from ..model.fields import Field
    from ..policy import Policy
    from ..staleness import Assessment


@dataclass(frozen=True)
class Context:
    """What a parser may use besides the file: the policy, now, the categories read so far,
    the folder layout and the site's language."""

    policy: Policy
    now: datetime
    categories: Mapping[str, Category]
    layout: Layout
    language: str | None = None  # the site's (theme.language): input errors in it


# parse(path relative to content/, the file's checker, context) → the entry (never raises:
# problems go to the checker)
Parser = Callable[[str, "Checker", Context], "Entry"]
# rule(entry, policy, now) → its assessment (content contract "Freshness")
Rule = Callable[[Any, "Policy", datetime], "Assessment"]


def _always(entry: Any) -> bool:
    return True


@dataclass(frozen=True)
class Kind:
    """One kind of entry. See docs/kinds.md."""

    name: str  # the `type` value, and the key in the `folders` option
    entry: type[Entry]  # its dataclass (extends model.Entry)
    parse: Parser
    rule: Rule
    fields: Mapping[str, Field] = field(default_factory=dict)  # its front-matter keys
    # Default folder under content/; None: the kind of every other Markdown file (pages)
    folder: str | None = None
    # Path parts below the folder: 1 = <folder>/<slug>.md; 2 = <folder>/<category>/<slug>.md,
    # where <folder>/<category>/index.md describes the category
    depth: int = 1
    template: str | None = None  # the page template of a tracked entry (templates/)
    item: str | None = None  # the partial that shows one entry in a listing
    # The site string (i18n) naming its section in the navigation, which links to
    # <folder>/index.md; None: no section of its own
    label: str | None = None
    tracked: Callable[[Any], bool] = _always  # whether an entry of this kind is tracked
    # Whether its files become pages of their own; False: the build uses the entry elsewhere
    # (a notice's banner) and leaves the file out of the site (publishable.py)
    page: bool = True
    # Whether its parser reads `now` for more than `Checker.reviewed` (a `reviewed` in the
    # future is an input error). False: the preview may keep a file's validation while the
    # clock moves, as long as `reviewed` stays in the past (model.SourceCache); True: it
    # validates the file again whenever `now` changed (incidents compare their updates with it).
    reads_now: bool = True


# name → kind, in registration order (the built-ins: faq, incident, page)
KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    """Add a kind to the table (its keys to model.FIELDS). Returns it."""
    from ..model.fields import add_fields

    if kind.name in KINDS and KINDS[kind.name] is not kind:
        raise ValueError(f"kind {kind.name!r} is already registered")
    if kind.folder is None and any(k.folder is None and k.name != kind.name for k in KINDS.values()):
        raise ValueError(f"kind {kind.name!r}: only one kind can take the files outside every folder")
    add_fields(kind.name, kind.fields)
    kind.entry.kind = kind
    KINDS[kind.name] = kind
    _layouts.clear()
    return kind


def unregister(name: str) -> None:
    """Remove a kind (and the keys only it declared) from the table."""
    from ..model.fields import COMMON_FIELDS, FIELDS, add_fields

    del KINDS[name]
    FIELDS.clear()
    FIELDS.update(COMMON_FIELDS)
    for kind in KINDS.values():
        add_fields(kind.name, kind.fields)
    _layouts.clear()


class Layout:
    """Which folder under content/ holds which kind: the kinds' defaults, moved by the
    `folders` option ({kind: folder}). Answers the questions the model asks of a path."""

    def __init__(self, folders: Mapping[str, str] | None = None) -> None:
        folders = dict(folders or {})
        foldered = {name: kind for name, kind in KINDS.items() if kind.folder is not None}
        unknown = sorted(set(folders) - set(foldered))
        if unknown:
            raise ValueError(f"{', '.join(unknown)}: not a kind with a folder (expected {', '.join(foldered)})")
        self.folders: dict[str, str] = {name: folders.get(name) or str(kind.folder) for name, kind in foldered.items()}
        self._by_folder: dict[str, Kind] = {}
        for name, folder in self.folders.items():
            if not folder or "/" in folder or "\\" in folder or folder in (".", ".."):
                raise ValueError(f"{name}: {folder!r} is not a folder name (expected e.g. {foldered[name].folder})")
            if folder in self._by_folder:
                raise ValueError(f"{name}: folder {folder!r} already holds {self._by_folder[folder].name}")
            self._by_folder[folder] = foldered[name]
        self.fallback = next((kind for kind in KINDS.values() if kind.folder is None), None)
        self._category_folders = {folder for folder, kind in self._by_folder.items() if kind.depth == 2}

    def folder(self, name: str) -> str:
        """The folder of kind `name`, e.g. `faq`."""
        return self.folders[name]

    def infer_type(self, path: str) -> str:
        """faq/<category>/<slug>.md → faq; incidents/<file>.md → incident; anything else → page."""
        # A plain split is ~10x cheaper than PurePosixPath (paths come normalised).
        parts = path.split("/")
        kind = self._by_folder.get(parts[0])
        # a kind with categories also takes one level of subcategories (大分類・小分類)
        depth_ok = kind is not None and (len(parts) == kind.depth + 1 or (kind.depth == 2 and len(parts) == 4))
        if kind is not None and depth_ok and parts[-1] != "index.md":
            return kind.name
        return self.fallback.name if self.fallback is not None else "page"

    def category_of(self, path: str) -> str | None:
        """faq/<category>/<slug>.md → <category>; faq/<category>/<sub>/<slug>.md (or its
        index.md) → <category>/<sub>: a subcategory's slug is its path below the folder."""
        parts = path.split("/")
        if len(parts) < 3 or parts[0] not in self._category_folders:
            return None
        return "/".join(parts[1:3]) if len(parts) == 4 else parts[1]

    def is_category_index(self, path: str) -> bool:
        """faq/<category>/index.md or faq/<category>/<subcategory>/index.md."""
        parts = path.split("/")
        return len(parts) in (3, 4) and parts[0] in self._category_folders and parts[-1] == "index.md"

    def too_deep(self, path: str) -> bool:
        """Below a subcategory (faq/a/b/c/x.md): two levels of categories at most."""
        parts = path.split("/")
        return len(parts) > 4 and parts[0] in self._category_folders

    def category_index(self, slug: str) -> str:
        """The index file of a category, e.g. faq/ordering/index.md."""
        folder = next(iter(self._category_folders), "faq")
        return f"{folder}/{slug}/index.md"


_layouts: dict[tuple[tuple[str, str], ...], Layout] = {}


def layout(folders: Mapping[str, str] | None = None) -> Layout:
    """The Layout for `folders` (None: the defaults), built once per registry state."""
    key = tuple(sorted((folders or {}).items()))
    found = _layouts.get(key)
    if found is None:
        found = _layouts[key] = Layout(folders)
    return found


def kind_names() -> tuple[str, ...]:
    """The registered kinds' names: the values `type` accepts."""
    return tuple(KINDS)


# The built-in kinds. The model first: it re-exports their entry classes, so it must finish
# loading before they run (whichever of the two is imported first).
from .. import model as _model  # noqa: E402, F401
from . import faq, incident, notice, page  # noqa: E402, F401
