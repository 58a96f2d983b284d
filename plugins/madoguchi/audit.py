"""The audit of a built public site: is anything in it that the sources say must not be?

`madoguchi audit SITE_DIR` and the public build (last, after every plugin has written its
files) read every file of the site once and list `output-path: problem` for:

- text of an internal block or an HTML comment of a published page, of an `audience: internal`
  entry or of a draft (their distinctive sentences, and draft titles); an HTML comment that
  comes from content;
- an owner identifier (entry, category and default owners, as whole tokens);
- a `<script>`, an `on…=` event handler or a `javascript:`/`vbscript:` URL the theme did not
  put there. The theme's own are an allowlist read from its templates (mkdocs-material's,
  Madoguchi's and the site's `custom_dir`): a `src` must name a theme file (or one of the
  site's `extra_javascript`), an inline script must be one of the templates' inline scripts
  with only URL-like values where the template has `{{ … }}`, and only JSON data blocks
  (`application/json`, `application/ld+json`) are free;
- personal data, internal hosts and confidentiality markers (the leak guard's patterns)
  outside `leak_allowlist`; warnings instead of findings with `leak_level: warn`;
- a file type outside the asset allowlist (copied from content), or one the theme and the
  build do not write.

How it stays fast (a 2,000-page site is mostly the theme's header, navigation and footer,
repeated): a page is read as bytes and cut into pieces (after each `</li>` and then each
`</div>` that ends a line); a piece or line read once from the parser's initial state back to
it has the same findings on every page, so it is remembered (`Rules.lines`) and later pages
only look their pieces up (str.split and a dict, at C speed). Of a new line, the text is taken
by one regex split when the line is plain (every `<` opens a well-formed tag with no `on…`
attribute, no character reference, no `script:` and no raw-text element; see _plain_text),
or matched whole when it is one of the theme's script lines (a JSON-LD block, a `src` path);
every other line (scripts, comments, handlers, references, odd markup) goes to the standard
library's html.parser, as does anything inside a line not read yet from a clean state. The
text of a page's new lines is then searched once, joined, by the leak guard's and the owners'
regexes (each starting with a literal or a character set, so the engine skips at C speed).
tests/test_audit_reading.py checks that this finds exactly what html.parser on every line finds.
Search indexes (JSON) and feeds and sitemaps (XML) are read as data, and any markup in their
text is read as HTML too. Pure apart from reading the site and the templates: no MkDocs import
(the command starts fast).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import posixpath
import re
import shutil
import time
import xml.etree.ElementTree as ElementTree
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from itertools import chain
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .edition import INTERNAL, public_markdown, staff_only
from .i18n import STRINGS
from .leaks import LeakGuard
from .model import Entry, Site
from .publishable import DEFAULT_ASSET_ALLOWLIST, asset_allowed

# The freshness report (owners, due dates, reasons) belongs to the internal edition only.
FRESHNESS_REPORT = "freshness.json"

# What MkDocs and Madoguchi write themselves (pages, sitemap and its gzip, search indexes, feed).
GENERATED_TYPES = frozenset({"html", "xml", "gz", "json"})
# Script types that browsers never run (data blocks); every other script is code.
DATA_SCRIPT_TYPES = frozenset({"application/json", "application/ld+json"})
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "cite", "codebase"}
)
# Attributes that hold no reader-visible text (drawing paths, styling, identifiers).
_NOT_TEXT_ATTRIBUTES = frozenset({"class", "id", "style", "d", "points", "viewbox", "xmlns", "transform", "fill"})
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
# What a `{{ … }}` in a theme's inline script may become: a URL, a path, a word; never a quote,
# a backslash, markup or a line break that could end the string and start code.
_TEMPLATE_VALUE = r"[A-Za-z0-9._~:/?#@!$&()*+,;=%\-]*?"
_SENTENCE_END = re.compile(r"[。！？!?|\n]")
_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<[^>]*>")
_BLOCK_HEAD = re.compile(r"^\s*(?:!!!|\?\?\?\+?)\s.*$")
_LINE_MARK = re.compile(r"^\s*(?:[#>]+|[-*+]|\d+[.)])\s+")
_EMPHASIS = str.maketrans("", "", "*_`~")
MIN_NEEDLE = 8  # characters (no spaces) a sentence needs to be distinctive
MAX_LINES = 20  # findings shown by the build before "… and N more"


@dataclass(frozen=True, order=True)
class Finding:
    """One problem in one output file (path relative to the site folder, POSIX)."""

    path: str
    problem: str
    warning: bool = False

    def __str__(self) -> str:
        return f"{self.path}: {'warning: ' if self.warning else ''}{self.problem}"


@dataclass(frozen=True)
class Theme:
    """What the theme's templates put in pages: its files and scripts (see module doc)."""

    files: frozenset[str]  # relative paths of the files under the theme folders
    shapes: tuple[re.Pattern[str], ...]  # inline scripts of the templates
    handlers: frozenset[tuple[str, str, str]]  # (tag, attribute, value) written in templates
    script_urls: frozenset[tuple[str, str, str]]  # (tag, attribute, value): javascript:void(0)


@dataclass
class Rules:
    """What the audit looks for, read from the sources."""

    guard: LeakGuard
    theme: Theme
    needles: dict[str, str] = field(default_factory=dict)  # normalised text → what it is
    comments: dict[str, str] = field(default_factory=dict)  # normalised comment → where
    owners: re.Pattern[str] | None = None
    asset_allowlist: frozenset[str] = frozenset(DEFAULT_ASSET_ALLOWLIST)
    content_files: frozenset[str] = frozenset()  # non-Markdown files of docs_dir
    extra_javascript: frozenset[str] = frozenset()
    site_path: str = "/"  # the path of site_url ("/docs/" for https://x.example/docs/)
    _scripts: dict[str, bool] = field(default_factory=dict, repr=False)  # inline script → theme's
    # findings of the pieces and lines (as bytes) of the pages read so far: see _read_page
    lines: dict[bytes, tuple[tuple[str, bool], ...]] = field(default_factory=dict, repr=False)

    def theme_script(self, text: str) -> bool:
        known = self._scripts.get(text)
        if known is None:
            body = text.strip()
            known = self._scripts[text] = any(shape.fullmatch(body) for shape in self.theme.shapes)
        return known


def normalise(text: str) -> str:
    """Text compared without spaces (a sentence may be wrapped or indented differently)."""
    return "".join(text.split())


def sentences(markdown: str) -> Iterator[str]:
    """The distinctive sentences of a Markdown text, normalised, as a reader would see them:
    markup, link targets and admonition headers removed."""
    for raw in markdown.split("\n"):
        if _BLOCK_HEAD.match(raw):
            continue
        line = _LINE_MARK.sub("", raw.replace("<!--", " ").replace("-->", " "))
        line = _TAG.sub(" ", _MARKDOWN_LINK.sub(r"\1", line))
        line = unescape(line.translate(_EMPHASIS))
        for piece in _SENTENCE_END.split(line):
            text = normalise(piece)
            if len(text) >= MIN_NEEDLE:
                yield text


def _texts(entry: Entry) -> Iterator[str]:
    """The Markdown texts of an entry: its body and any its kind keeps in the front matter
    (an incident's updates)."""
    return entry.markdown_texts()


def rules_for(
    site: Site,
    guard: LeakGuard,
    theme: Theme,
    *,
    shown_prefix: str = "",
    default_owner: str | None = None,
    asset_allowlist: Iterable[str] = DEFAULT_ASSET_ALLOWLIST,
    docs_dir: str | os.PathLike[str] | None = None,
    extra_javascript: Iterable[object] = (),
    site_url: str | None = None,
    public: Iterable[str] = (),
) -> Rules:
    """The audit's rules for `site` (the model with drafts, as `load_site` returns it).
    `public`: other text every page shows (site name, description, copyright)."""
    # what the public pages say anyway: a draft title or sentence found in it is no leak
    public_text: list[str] = [text for text in public if text]
    public_text.extend(value for table in STRINGS.values() for value in table.values())
    secret: list[tuple[str, str]] = []  # (normalised needle, what it is)
    comments: dict[str, str] = {}
    owners = {default_owner} if default_owner else set()
    for entry in site.entries.values():
        if entry.owner:
            owners.add(entry.owner)
        shown = shown_prefix + entry.path
        hidden = "internal entry" if entry.path in site.internal else "draft" if entry.draft else None
        if hidden is not None:
            if len(normalise(entry.title)) >= 4:
                secret.append((normalise(entry.title), f"title of {hidden} {shown}"))
            for text in _texts(entry):
                secret.extend((needle, f"text of {hidden} {shown}") for needle in sentences(text))
            continue
        public_text.append(entry.title)
        public_text.extend(str(tag) for tag in entry.meta.get("tags") or [] if isinstance(tag, (str, int)))
        for text in _texts(entry):
            public_text.append(public_markdown(text))
            for piece in staff_only(text):
                where = f"{shown}:{entry.body_line + piece.line - 1}" if text is entry.body else shown
                kind = "internal block" if piece.kind == INTERNAL else "HTML comment"
                secret.extend((needle, f"text of the {kind} at {where}") for needle in sentences(piece.text))
                if piece.kind != INTERNAL:
                    comments[normalise(piece.text[4:].removesuffix("-->"))] = where
    for category in site.categories.values():
        if category.owner:
            owners.add(category.owner)
        if category.draft and category.index_path:
            shown = shown_prefix + category.index_path
            what = "internal category" if category.audience == INTERNAL else "draft category"
            if len(normalise(category.title)) >= 4:
                secret.append((normalise(category.title), f"title of {what} {shown}"))
            secret.extend((needle, f"text of {what} {shown}") for needle in sentences(category.body))
        else:
            public_text.extend((category.title, category.description, public_markdown(category.body)))
    corpus_text = "\n".join(public_text)
    corpus = normalise(corpus_text)
    needles: dict[str, str] = {}
    for needle, what in secret:
        # a sentence the public pages also say is not a leak when it shows up
        if needle not in needles and needle not in corpus:
            needles[needle] = what
    comments.pop("", None)
    # An owner that is a plain word the public text itself uses (e.g. `support`) is a word there,
    # not an identifier; owners such as `cs-ordering` or `@yamada` are always looked for.
    owners = {owner for owner in owners if not (re.fullmatch(r"[A-Za-z]+", owner) and owner in corpus_text)}
    owner_pattern = None
    if owners:
        # `(?<!…x)` after the first character `x` (not `(?<!…)` before it): every alternative then
        # starts with a literal, and the regex engine skips to candidate characters at C speed.
        names = "|".join(
            rf"{re.escape(owner[0])}(?<![A-Za-z0-9_@.\-]{re.escape(owner[0])}){re.escape(owner[1:])}"
            for owner in sorted(owners, key=len, reverse=True)
        )
        owner_pattern = re.compile(rf"(?:{names})(?![A-Za-z0-9_@\-])")
    content_files: set[str] = set()
    if docs_dir is not None:
        content_files = {path for path in _walk(Path(docs_dir)) if not path.endswith(".md")}
    scripts = set()
    for item in extra_javascript:
        path = item.get("path") if isinstance(item, dict) else item
        if isinstance(path, str) and path:
            scripts.add(path if "://" in path or path.startswith("//") else posixpath.normpath(path.lstrip("/")))
    return Rules(
        guard=guard,
        theme=theme,
        needles=needles,
        comments=comments,
        owners=owner_pattern,
        asset_allowlist=frozenset(kind.lower().lstrip(".") for kind in asset_allowlist),
        content_files=frozenset(content_files),
        extra_javascript=frozenset(scripts),
        site_path=urlsplit(site_url or "/").path or "/",
    )


def _walk(root: Path) -> Iterator[str]:
    """Relative POSIX paths of the files under `root`: what os.walk lists as files (a link to a
    folder is neither followed nor listed; a link to a file, or a broken one, is a file;
    unreadable folders are skipped), with no relpath per folder (a third of the walk)."""
    folders = [("", os.fspath(root))]
    while folders:
        prefix, folder = folders.pop()
        try:
            with os.scandir(folder) as scanned:
                entries = list(scanned)
        except OSError:
            continue
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if not is_dir:
                yield prefix + entry.name
            elif not entry.is_symlink():
                folders.append((f"{prefix}{entry.name}/", entry.path))


# --- the theme's own scripts ---------------------------------------------------------------


class _TemplateReader(HTMLParser):
    """Inline scripts, event handlers and script URLs written in a template."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self.handlers: set[tuple[str, str, str]] = set()
        self.script_urls: set[tuple[str, str, str]] = set()
        self._script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.handlers.add((tag, name, value))
            elif name in URL_ATTRIBUTES and _script_url(value):
                self.script_urls.add((tag, name, value))
        if tag == "script" and "src" not in values and values.get("type", "").lower() not in DATA_SCRIPT_TYPES:
            self._script = []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script).strip())
            self._script = None


def _shape(script: str) -> re.Pattern[str]:
    """A template's inline script as a pattern: its text, with `{{ … }}` as URL-like values."""
    parts = _JINJA.split(script)
    return re.compile(_TEMPLATE_VALUE.join(re.escape(part) for part in parts), re.S)


@functools.lru_cache(maxsize=8)
def read_theme(dirs: tuple[str, ...]) -> Theme:
    """The theme's files and the scripts its templates write (`dirs`: the theme's folders,
    first match wins, as MkDocs searches them)."""
    files: set[str] = set()
    shapes: dict[str, re.Pattern[str]] = {}
    handlers: set[tuple[str, str, str]] = set()
    script_urls: set[tuple[str, str, str]] = set()
    for folder in dirs:
        root = Path(folder)
        if not root.is_dir():
            continue
        for path in _walk(root):
            if path.startswith(".") or "/." in path:
                continue  # MkDocs copies no dot-file of a theme (e.g. Material's .icons)
            files.add(path)
            if not path.endswith(".html"):
                continue
            text = (root / path).read_text(encoding="utf-8", errors="replace")
            if "<script" not in text and " on" not in text and "script:" not in text:
                continue
            reader = _TemplateReader()
            reader.feed(text)
            reader.close()
            for script in reader.scripts:
                if script and script not in shapes:
                    shapes[script] = _shape(script)
            handlers |= reader.handlers
            script_urls |= reader.script_urls
    return Theme(frozenset(files), tuple(shapes.values()), frozenset(handlers), frozenset(script_urls))


_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")


def _script_url(value: str) -> bool:
    """A URL a browser would run as script (spaces and control characters are ignored)."""
    if ":" not in value:
        return False
    return _IGNORED_IN_URL.sub("", value[:40]).lower().startswith(("javascript:", "vbscript:"))


# --- reading the output -----------------------------------------------------------------------


class _PageReader(HTMLParser):
    """One HTML document (a page, or markup inside a feed or search index): its visible text
    and attribute text, and the scripts, handlers, script URLs and content comments in it.
    `text` and `problems` are taken and replaced by the caller as it feeds the page."""

    def __init__(self, rules: Rules, page: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.rules = rules
        self.page = page  # the page's path in the site; None: markup inside data, no theme script
        self.text: list[str] = []
        self.problems: list[str] = []
        self.page_dependent = False  # a result depended on the page's folder (a script src)
        self._script: tuple[str, list[str]] | None = None  # (type, text so far)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        theme = self.rules.theme
        script_type = None
        src = None
        for name, value in attrs:
            if value is None:
                continue
            if name.startswith("on") and (tag, name, value) not in theme.handlers:
                self.problems.append(f"event handler {name}= on <{tag}> that the theme did not put there")
            elif name in URL_ATTRIBUTES and _script_url(value) and (tag, name, value) not in theme.script_urls:
                self.problems.append(f"script URL in <{tag} {name}> that the theme did not put there: {value[:60]!r}")
            if tag == "script":
                if name == "type":
                    script_type = value.strip().lower()
                elif name == "src":
                    src = value
            elif name not in _NOT_TEXT_ATTRIBUTES:
                self.text.append(value)
        if tag == "script":
            if src is not None and not self._theme_src(src):
                self.problems.append(f"<script src={src[:80]!r}> that the theme did not put there")
            self._script = (script_type or "", [])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script[1].append(data)
        elif self.cdata_elem != "style":
            self.text.append(data)

    def handle_comment(self, data: str) -> None:
        where = self.rules.comments.get(normalise(data))
        if where is not None:  # the theme's own comments (custom templates) are not content
            self.problems.append(f"HTML comment from {where}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self._end_script()

    def close(self) -> None:
        super().close()
        if self._script is not None:  # never closed: the rest of the document was its text
            self._end_script()

    def _end_script(self) -> None:
        assert self._script is not None
        script_type, parts = self._script
        self._script = None
        text = "".join(parts)
        if script_type in DATA_SCRIPT_TYPES:
            self.text.append(text)  # JSON-LD and the theme's configuration are read as text
        elif text.strip() and (self.page is None or not self.rules.theme_script(text)):
            self.problems.append(f"inline <script> that the theme did not put there: {text.strip()[:60]!r}")

    def _theme_src(self, src: str) -> bool:
        rules = self.rules
        if self.page is None:
            return False
        if src in rules.extra_javascript:
            return True
        parts = urlsplit(src.strip())
        if parts.scheme or parts.netloc:
            return False
        path = parts.path
        if path.startswith("/"):
            if not path.startswith(rules.site_path):
                return False
            target = path[len(rules.site_path) :]
        else:
            self.page_dependent = True
            target = posixpath.join(posixpath.dirname(self.page), path)
        target = posixpath.normpath(target)
        if target.startswith("../") or target in rules.content_files:
            return False
        return target in rules.theme.files or target in rules.extra_javascript


Problem = tuple[str, bool]  # (problem, is a warning)
Known = tuple[Problem, ...]  # the findings remembered for a piece or line of a page
# Pieces and lines remembered at most (`Rules.lines`): enough for the theme's header, navigation
# and footer and a few hundred pages' own lines, so that the memory of the audit does not grow
# with the site (at 20,000 pages every line of every page was kept: 500 MB).
LINES_KEPT = 20_000


# Markup the fast reading (_plain_text) accepts: tags written the way MkDocs, Python-Markdown and
# mkdocs-material write them (a name, attributes with quoted or bare values, no `<` inside).
_NAME = r"""[^\s"'<>/=]+"""
_VALUE = r"""(?:"[^"<]*"|'[^'<]*'|[^\s"'<>=`]+)"""
_STRICT_ATTRIBUTE = re.compile(rf"\s+({_NAME})(?:\s*=\s*({_VALUE}))?")  # (name, value as written or "")
_STRICT_TAG = re.compile(  # one group: re.split keeps the tags
    rf"(<[a-zA-Z][a-zA-Z0-9-]*(?:\s+{_NAME}(?:\s*=\s*{_VALUE})?)*\s*/?>|</[a-zA-Z][a-zA-Z0-9-]*\s*>)"
)
# A tag that may carry a finding, or whose content the parser reads differently (raw text):
# any `on…` attribute, any character reference (it could spell `javascript:`), `script:` with
# control characters anywhere in it, and the raw-text elements.
_CONTROL = r"[\x00-\x20\x7f]*"
# elements whose content html.parser reads as raw text (script and style; newer Pythons add more)
_RAW_TEXT = sorted({*HTMLParser.CDATA_CONTENT_ELEMENTS, *getattr(HTMLParser, "RCDATA_CONTENT_ELEMENTS", ())})
_SUSPECT_TAG = re.compile(
    rf"[\s/\"']on|&|s{_CONTROL}c{_CONTROL}r{_CONTROL}i{_CONTROL}p{_CONTROL}t{_CONTROL}:"
    rf"|</?(?:{'|'.join(_RAW_TEXT)})(?![a-zA-Z0-9-])",
    re.I,
)


# A line that is one script element as MkDocs and mkdocs-material write them: a JSON data block
# without `<` in it, or an empty script with a `src` path (no scheme: never `javascript:`).
_SCRIPT_LINE = re.compile(
    r'([ \t]*)<script(?: type="(application/(?:ld\+)?json)">([^<]*)| src="([^"<>&\s:]*)">)</script>(\n?)'
)


def _plain_text(markup: str) -> list[str] | None:
    """The text html.parser would report for `markup` (data and attribute values, in order),
    if it is plain: every `<` opens a well-formed tag (_STRICT_TAG), no tag is suspect
    (_SUSPECT_TAG), no comment or declaration; then nothing in it can be a script, a handler,
    a script URL or a comment, and a regex reads it the same way. None: use the parser."""
    parts = _STRICT_TAG.split(markup)
    tags = parts[1::2]
    if markup.count("<") != len(tags) or (tags and _SUSPECT_TAG.search("".join(tags))):
        return None
    text: list[str] = []
    for index, part in enumerate(parts):
        if not index % 2:
            if part:
                text.append(unescape(part) if "&" in part else part)
        elif "=" in part:
            for name, value in _STRICT_ATTRIBUTE.findall(part):
                if value and name.lower() not in _NOT_TEXT_ATTRIBUTES:
                    text.append(value[1:-1] if value[0] in "\"'" else value)
    return text


# A page is cut into pieces, each piece that is new into smaller ones, and so on down to lines:
# first after each `</li>` that ends a line (the theme's navigation items), then after each
# `</div>` that ends a line. Most pieces are the same on every page and are looked up whole, at
# C speed (str.split, map); only the new lines are read.
_PIECE_ENDS = (b"</li>\n", b"</div>\n")


def _cut(text: bytes, end: bytes) -> list[bytes]:
    """`text` cut after each `end` (the pieces join to `text`)."""
    pieces = [piece + end for piece in text.split(end)]
    pieces[-1] = pieces[-1][: -len(end)]
    if not pieces[-1]:
        pieces.pop()
    return pieces


class _PageReading:
    """One page read piece by piece (see _read_page): what was read, and what to remember."""

    def __init__(self, rules: Rules, path: str) -> None:
        self.rules = rules
        self.reader = _PageReader(rules, path)
        self.clean = True  # the parser is in its initial state (no tag, script or reference open)
        self.dependent = 0  # lines read whose findings depend on the page's folder (a script src)
        self.fed_lines: list[bytes | None] = []  # per line read: the line, if its findings can be remembered
        self.fed_problems: list[list[Problem]] = []
        self.pieces: list[str] = []  # per line read: its text
        self.new_blocks: list[tuple[bytes, list[Problem], int, int]] = []  # (piece, known, fed_lines range)

    def read(self, pieces: list[bytes], known_pieces: list[Known | None], level: int) -> list[Problem]:
        """Read `pieces` (`known_pieces`: their remembered findings), cutting a new one at
        _PIECE_ENDS[level]; return the findings of those (and of their parts) already known."""
        remembered = self.rules.lines
        found: list[Problem] = []
        for piece, known in zip(pieces, known_pieces, strict=True):
            if self.clean and known is not None:
                found.extend(known)
                continue
            started_clean, first, dependent = self.clean, len(self.fed_lines), self.dependent
            if level < len(_PIECE_ENDS):
                parts = _cut(piece, _PIECE_ENDS[level])
                piece_known = self.read(parts, list(map(remembered.get, parts)), level + 1)
            else:
                piece_known = self.read_lines(piece.splitlines(True))
            found.extend(piece_known)
            if started_clean and self.clean and dependent == self.dependent:
                self.new_blocks.append((piece, piece_known, first, len(self.fed_lines)))
        return found

    def read_lines(self, raw_lines: list[bytes]) -> list[Problem]:
        """Read `raw_lines`; return the findings of those already known. The known lines are
        skipped at C speed (list.index, chain): Python looks only at (and decodes) the new ones."""
        known_lines = list(map(self.rules.lines.get, raw_lines))
        reader = self.reader
        found: list[Problem] = []
        index, count = 0, len(raw_lines)
        while index < count:
            if self.clean:
                try:
                    new = known_lines.index(None, index)
                except ValueError:
                    new = count
                found.extend(chain.from_iterable(known_lines[index:new]))  # type: ignore[arg-type]
                if new == count:
                    break
                index = new
            raw, line = raw_lines[index], _decode(raw_lines[index])
            if self.clean:
                # a line that ends in data could leave a character reference for the next
                # feed: only whole lines are read without the parser
                text = _plain_text(line) if line.endswith("\n") else None
                if text is not None:
                    self.fed_lines.append(raw)
                    self.fed_problems.append([])
                    self.pieces.append("\n".join(text))
                    index += 1
                    continue
                if self.read_script_line(raw, line):
                    index += 1
                    continue
            started_clean = self.clean
            reader.text, reader.problems, reader.page_dependent = [], [], False
            reader.feed(line)
            self.clean = not reader.rawdata and reader.cdata_elem is None
            self.dependent += reader.page_dependent
            self.fed_lines.append(raw if started_clean and self.clean and not reader.page_dependent else None)
            self.fed_problems.append([(problem, False) for problem in reader.problems])
            self.pieces.append("\n".join(reader.text))
            index += 1
        return found

    def read_script_line(self, raw: bytes, line: str) -> bool:
        """A line that is one script element as the theme writes them (a JSON data block, or
        a `src` with a path), read as the parser would; False for any other line."""
        match = _SCRIPT_LINE.fullmatch(line)
        if match is None:
            return False
        lead, data_type, content, src, trail = match.groups()
        text = [lead] if lead else []
        problems: list[Problem] = []
        dependent = False
        if data_type is not None:
            text.append(content)  # JSON-LD and the theme's configuration are read as text
        else:
            reader = self.reader
            reader.page_dependent = False
            if not reader._theme_src(src):
                problems.append((f"<script src={src[:80]!r}> that the theme did not put there", False))
            dependent = reader.page_dependent
            self.dependent += dependent
        if trail:
            text.append(trail)
        self.fed_lines.append(None if dependent else raw)
        self.fed_problems.append(problems)
        self.pieces.append("\n".join(text))
        return True

    def finish(self, problems: list[Problem]) -> None:
        """Close the parser, look for text findings in all the text read, remember what can be."""
        reader = self.reader
        reader.text, reader.problems = [], []
        reader.close()
        self.fed_lines.append(None)
        self.fed_problems.append([(problem, False) for problem in reader.problems])
        self.pieces.append("\n".join(reader.text))
        for found, more in zip(self.fed_problems, _text_problems(self.rules, self.pieces), strict=True):
            found.extend(more)
        remembered = self.rules.lines
        for fed, found in zip(self.fed_lines, self.fed_problems, strict=True):
            if fed is not None:
                remembered[fed] = tuple(found)
            problems.extend(found)
        for piece, known, first, last in self.new_blocks:
            remembered[piece] = (*known, *(problem for found in self.fed_problems[first:last] for problem in found))


def _read_page(rules: Rules, path: str, data: bytes, problems: list[Problem]) -> None:
    """An HTML page, piece by piece (_PIECE_ENDS) and line by line. A piece or line read from
    the parser's initial state back to it has the same findings on every page (the theme's
    header, navigation and footer): those are remembered in `rules.lines` and not read again.
    A line read for the first time is read by _plain_text when it is plain, else by html.parser.
    Text findings never span lines (no pattern crosses a line break), so a line's are its own."""
    if len(rules.lines) > LINES_KEPT:
        rules.lines.clear()  # a cache: the theme's pieces come back with the next page
    pieces = _cut(data, _PIECE_ENDS[0])
    known = list(map(rules.lines.get, pieces))
    if None not in known:  # the whole page is known: no Python loop at all
        problems.extend(chain.from_iterable(known))  # type: ignore[arg-type]
        return
    reading = _PageReading(rules, path)
    problems.extend(reading.read(pieces, known, 1))
    reading.finish(problems)


def _read_markup(rules: Rules, markup: str, pieces: list[str], problems: list[Problem]) -> None:
    """Markup inside data (a search index's text, a feed's content): no script is the theme's."""
    text = _plain_text(markup)
    if text is not None:
        pieces.append("\n".join(text))
        return
    reader = _PageReader(rules, None)
    reader.feed(markup)
    reader.close()
    pieces.append("\n".join(reader.text))
    problems.extend((problem, False) for problem in reader.problems)


def _json_strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _json_strings(item)


def _text_problems(rules: Rules, pieces: list[str]) -> list[list[Problem]]:
    """The findings in each piece of text: needles, owners and leaks, in one pass over all
    pieces (joined by NUL, which no pattern crosses)."""
    found: list[list[Problem]] = [[] for _ in pieces]
    if not pieces:
        return found
    starts = _starts(pieces)
    joined = "\x00".join(pieces)
    if rules.owners is not None:
        for match in rules.owners.finditer(joined):
            found[bisect_right(starts, match.start()) - 1].append(
                (f"owner identifier {match.group(0)!r} (owners are shown in the internal edition only)", False)
            )
    guard = rules.guard
    if not guard.allows_leaks:
        for leak in guard.find(joined):
            found[bisect_right(starts, leak.start) - 1].append((leak.message(), guard.level != "error"))
    if rules.needles:
        flats = [normalise(piece) for piece in pieces]
        flat_starts = _starts(flats)
        flat = "\x00".join(flats)
        for needle, what in rules.needles.items():
            position = flat.find(needle)
            while position >= 0:
                found[bisect_right(flat_starts, position) - 1].append((f"{what}: {needle[:40]!r}", False))
                position = flat.find(needle, position + 1)
    return found


def _starts(pieces: list[str]) -> list[int]:
    starts, position = [], 0
    for piece in pieces:
        starts.append(position)
        position += len(piece) + 1
    return starts


def _file_type_problem(rules: Rules, path: str) -> str | None:
    kind = path.rsplit(".", 1)[-1].lower() if "." in posixpath.basename(path) else ""
    if path in rules.content_files:
        if not asset_allowed(posixpath.basename(path), rules.asset_allowlist):
            return f"file type {kind or '(none)'!r} copied from content is not in asset_allowlist"
        return None
    if path in rules.theme.files or kind in GENERATED_TYPES:
        return None
    return f"file type {kind or '(none)'!r} is neither an allowed asset nor written by the theme or the build"


def _decode(data: bytes) -> str:
    """Text as `read_text` reads it (UTF-8, errors replaced, universal newlines)."""
    text = data.decode("utf-8", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def audit_file(rules: Rules, root: Path, path: str, data: bytes | None = None) -> list[Finding]:
    """The findings in one file of the site (`path` relative to `root`), read once (`data`:
    its bytes, when the caller has them)."""
    problems: list[Problem] = []
    if path == FRESHNESS_REPORT:
        return [Finding(path, "the freshness report (owners, due dates, reasons) must not be in a public site")]
    type_problem = _file_type_problem(rules, path)
    if type_problem:
        problems.append((type_problem, False))
    kind = path.rsplit(".", 1)[-1].lower()
    # the theme's static files are not read (its templates, e.g. sitemap.xml, are rendered)
    theme_file = path in rules.theme.files and path not in rules.content_files and kind not in GENERATED_TYPES
    if kind in ("html", "htm", "svg") and not theme_file:
        _read_page(rules, path, (root / path).read_bytes() if data is None else data, problems)
    elif kind in ("json", "xml", "txt") and not theme_file:
        text = _decode((root / path).read_bytes() if data is None else data)
        pieces: list[str] = []
        if kind == "json":
            try:
                document = json.loads(text)
            except ValueError:
                pieces.append(text)
            else:
                pieces.append(json.dumps(document, ensure_ascii=False))  # \uXXXX read as written
                if "<" in pieces[0]:
                    for string in _json_strings(document):
                        if "<" in string:
                            _read_markup(rules, string, pieces, problems)
        elif kind == "xml":
            try:
                tree = ElementTree.fromstring(text)
            except ElementTree.ParseError:
                _read_markup(rules, text, pieces, problems)
            else:
                for element in tree.iter():
                    pieces.extend(element.attrib.values())
                    # Only Atom's `type="html"` text (and RSS descriptions) is markup for a reader;
                    # other text, e.g. a title `<script>` in type="text", is shown as characters.
                    markup = element.attrib.get("type") == "html" or element.tag.rsplit("}", 1)[-1] == "description"
                    if element.text and markup and "<" in element.text:
                        _read_markup(rules, element.text, pieces, problems)
                    elif element.text:
                        pieces.append(element.text)
                    if element.tail:
                        pieces.append(element.tail)
        else:
            pieces.append(text)
        for found in _text_problems(rules, pieces):
            problems.extend(found)
    return [Finding(path, problem, warning) for problem, warning in dict.fromkeys(problems)]


Read = dict[str, tuple[bytes, list[Finding]]]  # path → (digest of the bytes read, their findings)
# A file's identity and timestamps (os.stat_result: st_dev, st_ino, st_size, st_mtime_ns, st_ctime_ns)
Stamp = tuple[int, int, int, int, int]
Verified = dict[str, Stamp]  # path → its stamp when it was audited from disk (audit_settled)
# How much older than the clock a file's change time must be for its stamp to be trusted (read_settled)
SETTLED_NS = 250_000_000


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def _stamp(status: os.stat_result) -> Stamp:
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


def read_settled(root: Path, path: str, now_ns: int | None = None) -> tuple[bytes, Stamp | None] | None:
    """The bytes of `root/path` and its stamp, when the stamp can stand for those bytes later
    (audit_site compares it instead of reading the file again); None for the stamp when it
    cannot, None when the file cannot be read.

    A file changed after this call gets a new change time (st_ctime, which no program can set;
    and another inode when replaced), unless the change falls in the same tick of the file
    system's clock as the change the stamp records (a few milliseconds on Linux's local file
    systems; 10 ms on exFAT; 1 or 2 s on FAT, HFS+ or ext3's small inodes). So, as git does
    for its "racily clean" files, a stamp is trusted only when that change is at least
    SETTLED_NS older than the clock (`now_ns`, read before the file: any later change falls in
    a later tick) and has sub-second digits (file systems with whole-second timestamps: the
    file is read again at the end, as before). This assumes that the file system's clock is
    this machine's (a local file system) or agrees with it within SETTLED_NS (a network file
    system whose server keeps time)."""
    now_ns = time.time_ns() if now_ns is None else now_ns
    try:
        with open(root / path, "rb") as file:
            before = os.fstat(file.fileno())
            data = file.read()
            after = os.fstat(file.fileno())
    except OSError:
        return None
    stamp = _stamp(before)
    changed = before.st_ctime_ns
    if stamp != _stamp(after) or changed % 1_000_000_000 == 0 or changed > now_ns - SETTLED_NS:
        return data, None
    return data, stamp


def audit_settled(
    rules: Rules, root: Path, path: str, now_ns: int | None = None
) -> tuple[tuple[bytes, list[Finding]], Stamp] | None:
    """The digest and findings of the file `root/path` as it is on disk now, and its stamp,
    when the stamp can stand for those bytes later (read_settled); else None (the file is
    audited at the end)."""
    read = read_settled(root, path, now_ns)
    if read is None:
        return None
    data, stamp = read
    if stamp is None:
        return None
    return (_digest(data), audit_file(rules, root, path, data)), stamp


def audit_site(
    rules: Rules, site_dir: str | os.PathLike[str], read: Read | None = None, verified: Verified | None = None
) -> list[Finding]:
    """Every finding in the built site at `site_dir`, by path. `read`: files already audited
    while the site was built (audit_settled); a file whose bytes on disk are not
    the ones audited is audited again. `verified`: the stamps of files of `read` read from disk
    (audit_settled); a file whose stamp is still the same is not read again."""
    root = Path(site_dir)
    base = os.fspath(root)
    findings: list[Finding] = []
    for path in sorted(_walk(root)):
        known = read.get(path) if read else None
        if known is not None:
            stamp = verified.get(path) if verified else None
            if stamp is not None:
                try:
                    unchanged = _stamp(os.stat(os.path.join(base, path))) == stamp
                except OSError:
                    unchanged = False
                if unchanged:
                    findings.extend(known[1])
                    continue
            data = (root / path).read_bytes()
            if _digest(data) == known[0]:
                findings.extend(known[1])
            else:
                findings.extend(audit_file(rules, root, path, data))
            continue
        findings.extend(audit_file(rules, root, path))
    return findings


def summary(findings: list[Finding], limit: int = MAX_LINES) -> str:
    """The first `limit` findings, one a line, and how many more there are."""
    lines = [str(finding) for finding in findings[:limit]]
    if len(findings) > limit:
        lines.append(f"… and {len(findings) - limit} more (run `madoguchi audit` to see them all)")
    return "\n".join(lines)


def theme_dirs(custom_dir: str | os.PathLike[str] | None = None) -> tuple[str, ...]:
    """The folders MkDocs searches for mkdocs-material with Madoguchi, as the plugin sets them
    up: the site's custom_dir, Madoguchi's templates, Material's, MkDocs' own (sitemap)."""
    import importlib.util

    dirs = [str(custom_dir)] if custom_dir else []
    dirs.append(str(Path(__file__).resolve().parent / "templates"))
    for package in ("material", "mkdocs"):
        spec = importlib.util.find_spec(package)
        for location in (spec.submodule_search_locations or []) if spec else []:
            dirs.append(str(Path(location) / "templates"))
    return tuple(dirs)


def empty_site_dir(
    site_dir: str | os.PathLike[str],
    docs_dir: str | os.PathLike[str],
    config_file: str | os.PathLike[str] | None,
) -> str:
    """Delete what is inside `site_dir` (never the folder itself, never through a symlink, never
    anything outside it) and say so. Refused, with the reason, when site_dir is the content
    folder, the project folder, holds either of them, or is the home or root folder."""
    site = Path(site_dir).resolve()
    guarded = {Path(docs_dir).resolve(), Path.home().resolve(), Path(site.anchor)}
    if config_file:
        guarded.add(Path(config_file).resolve().parent)
    for folder in guarded:
        if site == folder or site in folder.parents:
            return (
                f"site_dir {site} was NOT emptied: it is or holds {folder}. Fix site_dir in mkdocs.yml "
                f"and delete what was built yourself / site_dir を空にしませんでした（{folder} を含むため）"
            )
    if not site.is_dir():
        return ""
    for child in site.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    return f"site_dir {site} was emptied: nothing may be published / 公開しないよう site_dir を空にしました"
