"""The content model: read every Markdown file once, validate it against the content
contract, and return typed entries plus every problem found (never stopping at the
first bad file). No MkDocs import: the generator could be swapped.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import Any

from .dangerous import markdown_dangers, reference_danger
from .edition import AUDIENCES, INTERNAL, PUBLIC
from .frontmatter import FrontMatter, FrontMatterError, read_front_matter
from .helper_process import map_in_order
from .policy import DEFAULTS, IMPACTS, Policy
from .timeutil import TimeValueError, parse_date_or_datetime, parse_datetime, parse_interval
from .urls import is_url

STATUSES = ("investigating", "identified", "monitoring", "resolved")
TYPES = ("faq", "incident", "page")


@dataclass(frozen=True)
class Field:
    """One front-matter key of the content contract: the kind of value the model accepts and
    what editors are told about it. The JSON Schema (schema.py) is generated from this table,
    and the model reads no key that is not in it (`_Checker.get`)."""

    # text | date | datetime | interval | text-list | boolean | integer | type | status | impact | audience | updates
    # | fingerprint
    kind: str
    description: str


FIELDS: dict[str, Field] = {
    "title": Field("text", "質問・見出し（お客様の言葉で） / The question as a customer would ask it, or the headline"),
    "owner": Field("text", "担当チーム・担当者（例: cs-ordering, @yamada） / Team or person keeping it true"),
    "reviewed": Field("date", "人が最後に内容を確認した日（YYYY-MM-DD） / Date a person last confirmed it"),
    "review_every": Field("interval", "確認の間隔（例: 90d, 12w, 2h） / Review interval, e.g. 90d"),
    "tags": Field("text-list", "タグ / Tags"),
    "draft": Field("boolean", "true: 公開しない下書き / Never published"),
    "audience": Field(
        "audience",
        "読者: public（既定）か internal（社内版だけに載せる） / public (default) or internal (internal edition only)",
    ),
    "related": Field("text-list", "関連する質問（content/ からのパス） / Related entries (paths relative to content/)"),
    "type": Field("type", "種類（通常はフォルダから判断） / Inferred from the folder"),
    "category": Field("text", "カテゴリ（通常はフォルダから判断） / Inferred from the folder"),
    "description": Field("text", "カテゴリの説明（index.md） / Category description (index.md)"),
    "order": Field("integer", "カテゴリの並び順（index.md） / Category order (index.md)"),
    "status": Field("status", "障害の状況 / Incident status"),
    "impact": Field("impact", "影響度 / Incident impact"),
    "started": Field("datetime", "発生日時（例: 2026-11-20T10:05:00+09:00） / When it started"),
    "resolved_at": Field("datetime", "復旧日時 / When it was resolved"),
    "affected": Field("text-list", "影響のあるサービス / Affected services"),
    "next_update": Field("datetime", "次回更新予定 / Promised next update"),
    "updates": Field("updates", "経過（at, status, text） / Updates"),
    "report": Field("text", "調査結果・再発防止策（URL か content/ からのパス） / Report URL or path"),
    "imported": Field(
        "fingerprint",
        "madoguchi import が書いた内容の指紋（編集しないでください） / Fingerprint of the text madoguchi import "
        "wrote: a later import overwrites the file only while it still matches",
    ),
}
UPDATE_FIELDS: dict[str, Field] = {
    "at": Field("datetime", "更新日時 / When"),
    "status": Field("status", "状況 / Status"),
    "text": Field("text", "お客様向けの本文（Markdown） / Text shown to customers"),
}


@dataclass(frozen=True, order=True)
class Problem:
    """One input error, printed as the contract's `path:line: key: message`."""

    path: str  # as shown to the user (e.g. content/faq/ordering/cancel.md)
    line: int
    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.key}: {self.message}"


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
    """Anything whose freshness is tracked: a FAQ entry, an incident or a page."""

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


@dataclass
class FaqEntry(Entry):
    category: str = ""
    reviewed: datetime | None = None
    review_every: timedelta = DEFAULTS.review_every
    tags: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)


@dataclass
class Page(Entry):
    reviewed: datetime | None = None  # pages are tracked only when they set it
    review_every: timedelta = DEFAULTS.review_every


@dataclass(frozen=True)
class Update:
    at: datetime
    status: str
    text: str


@dataclass
class Incident(Entry):
    status: str = "investigating"
    impact: str = "minor"
    started: datetime | None = None
    resolved_at: datetime | None = None
    affected: list[str] = field(default_factory=list)
    next_update: datetime | None = None
    updates: list[Update] = field(default_factory=list)
    report: str | None = None

    @property
    def resolved(self) -> bool:
        return self.status == "resolved"


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

    def published(self) -> list[Entry]:
        return [e for e in self.entries.values() if not e.draft]

    def faq(self) -> list[FaqEntry]:
        return [e for e in self.entries.values() if isinstance(e, FaqEntry) and not e.draft]

    def incidents(self) -> list[Incident]:
        return [e for e in self.entries.values() if isinstance(e, Incident) and not e.draft]


def _parts(path: str) -> list[str]:
    # Paths come from MkDocs / os.walk already normalised; a plain split is ~10x cheaper than
    # PurePosixPath, which showed in profiles at 20,000 entries (three calls per file).
    return path.split("/")


def infer_type(path: str) -> str:
    """faq/<category>/<slug>.md → faq; incidents/<file>.md → incident; anything else → page."""
    parts = _parts(path)
    if len(parts) == 3 and parts[0] == "faq" and parts[2] != "index.md":
        return "faq"
    if len(parts) == 2 and parts[0] == "incidents" and parts[1] != "index.md":
        return "incident"
    return "page"


def entry_type(path: str, declared: object) -> str:
    """The entry's type: a valid declared `type`, else the one its folder implies."""
    return str(declared) if declared in TYPES else infer_type(path)


def category_of(path: str) -> str | None:
    parts = _parts(path)
    return parts[1] if len(parts) >= 3 and parts[0] == "faq" else None


def is_category_index(path: str) -> bool:
    parts = _parts(path)
    return len(parts) == 3 and parts[0] == "faq" and parts[2] == "index.md"


class _Checker:
    """Collects the problems of one file; each check returns the parsed value or None."""

    def __init__(self, shown_path: str, fm: FrontMatter, problems: list[Problem]) -> None:
        self.shown_path = shown_path
        self.fm = fm
        self.problems = problems
        self.failed = False

    def line(self, key: str) -> int:
        """Line of `key`, of its list item (`updates[2].at` → `updates[2]`), or of its parent."""
        head = key.split(".")[0]
        return self.fm.lines.get(head) or self.fm.lines.get(head.split("[")[0], 1)

    def fail(self, key: str, message: str, line: int | None = None) -> None:
        self.failed = True
        self.problems.append(Problem(self.shown_path, line or self.line(key), key, message))

    def get(self, key: str) -> Any:
        if key not in FIELDS:  # a key the contract table does not know would be missing from the schema
            raise KeyError(f"front-matter key {key!r} is not in model.FIELDS")
        return self.fm.data.get(key)

    def required_text(self, key: str, what: str) -> str | None:
        value = self.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            self.fail(key, f"missing (expected {what})")
            return None
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            self.fail(key, f"{value!r} is not text (expected {what})")
            return None
        return str(value).strip()

    def optional_text(self, key: str, what: str) -> str | None:
        if self.get(key) is None:
            return None
        return self.required_text(key, what)

    def text_list(self, key: str, what: str) -> list[str]:
        value = self.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(
            isinstance(item, (str, int)) and not isinstance(item, bool) for item in value
        ):
            self.fail(key, f"{value!r} is not a list of text (expected {what})")
            return []
        return [str(item) for item in value]

    def boolean(self, key: str) -> bool:
        value = self.get(key)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.fail(key, f"{value!r} is not true or false (expected true or false)")
            return False
        return value

    def audience(self) -> str:
        value = self.get("audience")
        if value is None:
            return PUBLIC
        if value not in AUDIENCES:
            self.fail("audience", f"{value!r} is not known (expected one of {', '.join(AUDIENCES)})")
            return PUBLIC
        return str(value)

    def interval(self, key: str, default: timedelta) -> timedelta:
        value = self.get(key)
        if value is None:
            return default
        try:
            return parse_interval(value)
        except TimeValueError as error:
            self.fail(key, str(error))
            return default

    def choice(self, key: str, choices: tuple[str, ...]) -> str | None:
        value = self.get(key)
        if value is None:
            self.fail(key, f"missing (expected one of {', '.join(choices)})")
            return None
        if value not in choices:
            self.fail(key, f"{value!r} is not known (expected one of {', '.join(choices)})")
            return None
        return str(value)

    def reviewed(self, policy: Policy, now: datetime, required: bool) -> datetime | None:
        value = self.get("reviewed")
        if value is None:
            if required:
                self.fail("reviewed", "missing (expected the date a person last confirmed the answer, YYYY-MM-DD)")
            return None
        try:
            moment = parse_date_or_datetime(value, policy.timezone)
        except TimeValueError as error:
            self.fail("reviewed", str(error))
            return None
        if moment > now:
            self.fail("reviewed", f"{value!s} is in the future (expected a date on or before {now.date()})")
            return None
        return moment

    def instant(self, key: str, value: Any, policy: Policy, line: int | None = None) -> datetime | None:
        try:
            return parse_datetime(value, policy.timezone)
        except TimeValueError as error:
            self.fail(key, str(error), line)
            return None


def _owner(check: _Checker, policy: Policy, category: Category | None) -> str | None:
    owner = check.optional_text("owner", "a team or person, e.g. cs-ordering or @yamada")
    if owner:
        return owner
    if check.get("owner") is None:
        fallback = (category.owner if category else None) or policy.default_owner
        if fallback:
            return fallback
        check.fail("owner", "missing (expected a team or person, e.g. cs-ordering; or set a default owner)")
    return None


def _check_markdown(check: _Checker, key: str, text: str, first_line: int, *, per_line: bool = True) -> None:
    """Dangerous raw HTML and URLs in a body or update text are input errors (dangerous.py).
    `per_line`: the text's lines are the file's from `first_line` on (a body); else every
    finding points at `first_line` (an update text inside the YAML)."""
    for danger in markdown_dangers(text):
        check.fail(key, danger.message, first_line + danger.line - 1 if per_line else first_line)


def _parse_faq(path: str, check: _Checker, policy: Policy, now: datetime, category: Category | None) -> FaqEntry:
    return FaqEntry(
        path=path,
        type="faq",
        title=check.required_text("title", "the question as a customer would ask it") or "",
        owner=_owner(check, policy, category),
        draft=check.boolean("draft"),
        category=category.slug if category else (category_of(path) or ""),
        reviewed=check.reviewed(policy, now, required=True),
        review_every=check.interval("review_every", policy.review_every),
        tags=check.text_list("tags", "a list of tags"),
        # Normalised once here: views, checks and structured data all look paths up as written
        # in content/, and a leading `/` ("from the content root") means the same file.
        related=[target.lstrip("/") for target in check.text_list("related", "a list of paths relative to content/")],
    )


def _parse_page(path: str, check: _Checker, policy: Policy, now: datetime) -> Page:
    tracked = check.get("reviewed") is not None
    title = check.optional_text("title", "the page title") or PurePosixPath(path).stem
    return Page(
        path=path,
        type="page",
        title=title,
        owner=_owner(check, policy, None) if tracked else check.optional_text("owner", "a team or person"),
        draft=check.boolean("draft"),
        reviewed=check.reviewed(policy, now, required=False),
        review_every=check.interval("review_every", policy.review_every),
    )


def _parse_updates(check: _Checker, policy: Policy, now: datetime, started: datetime | None) -> list[Update]:
    raw = check.get("updates")
    if not isinstance(raw, list) or not raw:
        check.fail("updates", "missing or empty (expected a list of {at, status, text}, at least one)")
        return []
    updates: list[Update] = []
    # Second precision, as in the feed's entry id (incidents.update_id): two updates within
    # one second would share an id and feed readers would drop one.
    seen: dict[datetime, int] = {}
    base_line = check.line("updates")
    for index, item in enumerate(raw):
        key = f"updates[{index}]"
        base_line = check.line(key)
        if not isinstance(item, Mapping):
            check.fail(key, f"{item!r} is not a mapping (expected at, status and text)", base_line)
            continue
        at = check.instant(f"{key}.at", item.get("at"), policy, base_line) if "at" in item else None
        if "at" not in item:
            check.fail(f"{key}.at", "missing (expected the date-time of the update)", base_line)
        status = item.get("status")
        if status not in STATUSES:
            check.fail(f"{key}.status", f"{status!r} is not known (expected one of {', '.join(STATUSES)})", base_line)
        text = item.get("text")
        if not isinstance(text, str) or not text.strip():
            check.fail(f"{key}.text", "missing (expected the update's Markdown text)", base_line)
        else:
            _check_markdown(check, f"{key}.text", text, base_line, per_line=False)
        if at is not None:
            instant = at.replace(microsecond=0)
            if instant in seen:
                check.fail(
                    f"{key}.at",
                    f"{item.get('at')!s} is the same instant as updates[{seen[instant]}] "
                    "(each update needs its own time)",
                    base_line,
                )
                continue
            seen[instant] = index
            if started is not None and at < started:
                check.fail(f"{key}.at", f"{item.get('at')!s} is before started ({started.isoformat()})", base_line)
            elif at > now:
                check.fail(
                    f"{key}.at",
                    f"{item.get('at')!s} is in the future (now is {now.isoformat(timespec='minutes')})",
                    base_line,
                )
            elif status in STATUSES and isinstance(text, str):
                updates.append(Update(at=at, status=str(status), text=text))
    return updates


def _parse_incident(path: str, check: _Checker, policy: Policy, now: datetime) -> Incident:
    title = check.required_text("title", "the customer-facing headline") or ""
    owner = _owner(check, policy, None)
    draft = check.boolean("draft")
    status = check.choice("status", STATUSES) or "investigating"
    impact = check.choice("impact", IMPACTS) or "minor"
    started = None
    if check.get("started") is None:
        check.fail("started", "missing (expected an ISO 8601 date-time with offset)")
    else:
        started = check.instant("started", check.get("started"), policy)
    resolved_at = None
    if check.get("resolved_at") is not None:
        resolved_at = check.instant("resolved_at", check.get("resolved_at"), policy)
        if resolved_at and started and resolved_at <= started:
            check.fail("resolved_at", f"{check.get('resolved_at')!s} is not after started ({started.isoformat()})")
        elif resolved_at and resolved_at > now:
            check.fail("resolved_at", f"{check.get('resolved_at')!s} is in the future")
    elif status == "resolved":
        check.fail(
            "resolved_at",
            "missing (expected the date-time the incident was resolved, since status is resolved)",
            check.line("status"),  # the key is absent: point at what makes it required
        )
    next_update = None
    if check.get("next_update") is not None:
        next_update = check.instant("next_update", check.get("next_update"), policy)
    report = check.optional_text("report", "a URL or a path relative to content/")
    if report is not None:
        refused = reference_danger(report)
        if refused:
            check.fail("report", refused)
            report = None
    return Incident(
        path=path,
        type="incident",
        title=title,
        owner=owner,
        draft=draft,
        status=status,
        impact=impact,
        started=started,
        resolved_at=resolved_at,
        affected=check.text_list("affected", "a list of service names"),
        next_update=next_update,
        updates=_parse_updates(check, policy, now, started),
        report=report,
    )


def parse_entry(
    path: str,
    text: str,
    policy: Policy,
    now: datetime,
    *,
    shown_path: str | None = None,
    categories: Mapping[str, Category] | None = None,
) -> tuple[Entry | None, list[Problem]]:
    """Parse one file's text. Returns (entry or None when unreadable, problems)."""
    try:
        fm = read_front_matter(text)
    except FrontMatterError as error:
        return None, [Problem(shown_path or path, error.line, error.key, error.message)]
    return entry_from_front_matter(path, fm, policy, now, shown_path=shown_path, categories=categories)


def entry_from_front_matter(
    path: str,
    fm: FrontMatter,
    policy: Policy,
    now: datetime,
    *,
    shown_path: str | None = None,
    categories: Mapping[str, Category] | None = None,
) -> tuple[Entry, list[Problem]]:
    """Validate one file's front matter into its entry. Returns (entry, problems)."""
    problems: list[Problem] = []
    check = _Checker(shown_path or path, fm, problems)
    declared = check.get("type")
    if declared is not None and declared not in TYPES:
        check.fail("type", f"{declared!r} is not known (expected one of {', '.join(TYPES)})")
    kind = entry_type(path, declared)
    entry: Entry
    if kind == "faq":
        slug = check.get("category") or category_of(path)
        category = (categories or {}).get(str(slug)) if slug else None
        if category is None and slug:
            category = Category(slug=str(slug), title=str(slug))
        entry = _parse_faq(path, check, policy, now, category)
    elif kind == "incident":
        entry = _parse_incident(path, check, policy, now)
    else:
        entry = _parse_page(path, check, policy, now)
    entry.audience = check.audience()
    _check_markdown(check, "body", fm.body, fm.body_line)
    entry.meta = fm.data
    entry.lines = fm.lines
    entry.body = fm.body
    entry.body_line = fm.body_line
    return entry, problems


def _parse_category(slug: str, path: str, text: str, shown: str, problems: list[Problem]) -> Category:
    try:
        fm = read_front_matter(text)
    except FrontMatterError as error:
        problems.append(Problem(shown, error.line, error.key, error.message))
        return Category(slug=slug, title=slug, index_path=path)
    check = _Checker(shown, fm, problems)
    order = check.get("order")
    if order is not None and (not isinstance(order, int) or isinstance(order, bool)):
        check.fail("order", f"{order!r} is not a whole number (expected e.g. 10)")
        order = None
    _check_markdown(check, "body", fm.body, fm.body_line)
    return Category(
        slug=slug,
        title=check.optional_text("title", "the category title") or slug,
        description=check.optional_text("description", "one sentence describing the category") or "",
        owner=check.optional_text("owner", "the default owner of the category's entries"),
        index_path=path,
        order=order,
        draft=check.boolean("draft"),
        audience=check.audience(),
        body=fm.body,
        body_line=fm.body_line,
        lines=fm.lines,
    )


def _read_bytes(path: str) -> bytes:
    """The whole file. os.open/os.read: about half the CPU time of open().read() (no
    buffered-reader objects), which shows at 20,000 files. Raises OSError."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        chunks = [os.read(descriptor, 65536)]
        while chunks[-1]:  # larger files: read on until the empty read at the end
            chunks.append(os.read(descriptor, 65536))
        return chunks[0] if len(chunks) == 2 else b"".join(chunks)
    finally:
        os.close(descriptor)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Loading creates hundreds of thousands of containers that all live on, and no garbage
    cycles: the collector would only walk the growing heap again and again (a fifth of
    load_site's time at 20,000 files)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_site(
    content_dir: Path,
    paths: Iterable[str],
    policy: Policy,
    now: datetime,
    *,
    shown_prefix: str = "",
    parallel: bool = True,
    edition: str = PUBLIC,
) -> Site:
    """Read and validate every Markdown file in `paths` (relative to `content_dir`).

    `edition`: in the `public` edition an `audience: internal` entry or category is
    validated but unpublished exactly like a draft (its `draft` is set); in the `internal`
    edition it is published. Either way its path is in `Site.internal`.

    `shown_prefix` is prepended to paths in problems (e.g. "content/") so errors name
    the file as the editor sees it from the project root. `parallel`: a large site's files
    are partly read in a helper process (helper_process.py; the result is the same).
    """
    with _collector_paused():
        return _load_site(content_dir, paths, policy, now, shown_prefix, parallel, edition)


# A failure to read a file: (line, key, message) as in Problem.
Unreadable = tuple[int, str, str]


def _read_text(file_path: str) -> str | Unreadable:
    """A Markdown file's text, or why it cannot be read."""
    try:
        return _read_bytes(file_path).decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return (1, "-", f"not UTF-8 text ({error.reason})")
    except OSError as error:
        return (1, "-", f"cannot be read ({error.strerror})")


def _read_source(file_path: str) -> FrontMatter | Unreadable:
    """One Markdown file's front matter, or why it cannot be read (never raises: this runs
    in the helper process too, and its results travel back pickled)."""
    text = _read_text(file_path)
    if not isinstance(text, str):
        return text
    try:
        return read_front_matter(text)
    except FrontMatterError as error:
        return (error.line, error.key, error.message)


# The share of the files the helper process reads when there are enough of them (the parent
# also validates every entry, but the helper pickles what it reads: half each was fastest).
HELPER_SHARE = 0.5
HELPER_FROM_FILES = 2000  # below this, forking costs more than it saves


def _load_site(
    content_dir: Path,
    paths: Iterable[str],
    policy: Policy,
    now: datetime,
    shown_prefix: str,
    parallel: bool,
    edition: str = PUBLIC,
) -> Site:
    site = Site()
    root = os.fspath(content_dir)
    markdown = sorted(path for path in paths if path.endswith(".md"))

    # Categories first: their owner is the default of their entries.
    category_indexes = [path for path in markdown if is_category_index(path)]
    for path in category_indexes:
        slug = PurePosixPath(path).parts[1]
        text = _read_text(os.path.join(root, path))
        if not isinstance(text, str):  # the category then only exists through its entries
            site.problems.append(Problem(shown_prefix + path, *text))
            continue
        category = site.categories[slug] = _parse_category(slug, path, text, shown_prefix + path, site.problems)
        if category.audience == INTERNAL:
            site.internal.add(path)
            category.draft = category.draft or edition == PUBLIC
        if category.draft:
            site.drafts.add(path)
    draft_categories = {slug for slug, category in site.categories.items() if category.draft}
    internal_categories = {slug for slug, category in site.categories.items() if category.audience == INTERNAL}
    skip = set(category_indexes)
    entry_paths = [path for path in markdown if path not in skip]
    sources = map_in_order(
        _read_source,
        [os.path.join(root, path) for path in entry_paths],
        helper_share=HELPER_SHARE,
        helper=parallel and len(entry_paths) >= HELPER_FROM_FILES,
    )
    with closing(sources):  # stops the helper at once if this loop raises
        for path, source in zip(entry_paths, sources, strict=True):
            if not isinstance(source, FrontMatter):
                site.problems.append(Problem(shown_prefix + path, *source))
                continue
            entry, problems = entry_from_front_matter(
                path, source, policy, now, shown_path=shown_prefix + path, categories=site.categories
            )
            site.problems.extend(problems)
            site.entries[path] = entry
            if draft_categories and _in_draft_category(entry, draft_categories):
                # The whole category is unpublished: an entry in it cannot be public on its own
                # (its URL, breadcrumb and category link would reveal the category).
                entry.draft = True
            if entry.audience == INTERNAL or (internal_categories and _in_draft_category(entry, internal_categories)):
                site.internal.add(path)
                entry.draft = entry.draft or edition == PUBLIC  # the public edition never builds it
            if entry.draft:
                site.drafts.add(path)
            if isinstance(entry, FaqEntry) and entry.category and entry.category not in site.categories:
                site.categories[entry.category] = Category(slug=entry.category, title=entry.category)

    _check_references(site, shown_prefix)
    site.problems.sort()
    return site


def _in_draft_category(entry: Entry, draft_categories: set[str]) -> bool:
    """In the folder of a draft category, or an FAQ entry that declares one as its category."""
    if category_of(entry.path) in draft_categories:
        return True
    return isinstance(entry, FaqEntry) and entry.category in draft_categories


def _check_references(site: Site, shown_prefix: str) -> None:
    """`related` and `report` must point at existing entries; public ones never at drafts."""
    for entry in site.entries.values():
        targets: list[tuple[str, str]] = []
        if isinstance(entry, FaqEntry):
            targets = [("related", target) for target in entry.related]
        elif isinstance(entry, Incident) and entry.report and not is_url(entry.report):
            targets = [("report", entry.report)]
        for key, target in targets:
            # `/faq/a/b.md#summary` names the file faq/a/b.md (a section of it)
            normalised = target.split("#", 1)[0].lstrip("/")
            line = entry.lines.get(key, 1)
            shown = shown_prefix + entry.path
            if normalised in site.drafts and not entry.draft:
                what = "an internal entry" if normalised in site.internal else "a draft"
                site.problems.append(
                    Problem(shown, line, key, f"{target!r} is {what} (a public page must not link to {what})")
                )
            elif normalised not in site.entries and not is_category_index(normalised):
                site.problems.append(
                    Problem(shown, line, key, f"{target!r} does not exist (expected a path relative to content/)")
                )
