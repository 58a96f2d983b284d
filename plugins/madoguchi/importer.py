"""Bring an existing FAQ into a site: CSV or Excel sheets and Zendesk Help Center exports
become one Markdown entry per row (content contract v2, "Adoption: init, import, export").

Why it is careful:
- A support team's FAQ is usually an Excel sheet saved as Shift_JIS/CP932 CSV, or a UTF-8
  export with a BOM. UTF-8 is tried strictly first (a CP932 file is almost never valid UTF-8),
  then CP932; quoted multi-line cells are read by the csv module.
- Every problem of every row is reported in one run as `FILE:row: column: message`, and the
  would-be files go through the same model and leak guard `madoguchi check` uses, so an import
  never writes a site that fails its own check. Nothing is written unless every row is valid
  (or the caller chooses to skip the invalid ones).
- `reviewed` is the source's own date, never the import date: an import is not a review.
- Re-importing is safe. Each file written carries `imported: sha256:…`, a fingerprint of the
  file as written (without that line). A later import compares the managed values (title,
  owner, reviewed, tags, draft, answer) and rewrites only entries that differ; it rewrites one
  only while its text still has that fingerprint, i.e. nobody edited it in git since the last
  import. Any other file is refused (unless forced), and keys an import does not manage
  (related, audience, review_every, …) are kept.
- Slugs are stable across re-imports: the `slug` or `path` column, the Zendesk article id, an
  ASCII question turned into a slug, else `q-` and the first 10 hex digits of the SHA-256 of
  the question (NFKC). Categories: a site category whose slug or title matches, an ASCII name
  as a slug, else `c-` and 8 hex digits of the name's hash. (Romanising Japanese well needs a
  dictionary-backed library; a hash is stable, short and honest.)

HTML answers are converted with markdownify (MIT, built on BeautifulSoup, which also lets us
drop scripts, styles and inline style attributes before conversion; its output keeps tables,
lists, links and images). html2text was the other candidate: GPL-3.0 and it wraps lines.
No MkDocs import: the content model decides what is valid.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from pathlib import Path, PurePosixPath
from typing import Any

from .frontmatter import FrontMatterError, read_front_matter
from .leaks import LeakGuard
from .model import Category, FaqEntry, Problem, Site, parse_entry
from .policy import Policy

FINGERPRINT_KEY = "imported"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
BOM_UTF8 = b"\xef\xbb\xbf"

# Canonical column → headers accepted (compared case-insensitively, spaces trimmed).
COLUMNS: dict[str, tuple[str, ...]] = {
    "category": ("category", "カテゴリ", "カテゴリー", "分類"),
    "question": ("question", "title", "質問", "タイトル"),
    "answer": ("answer", "回答"),
    "owner": ("owner", "担当", "担当者"),
    "reviewed": ("reviewed", "確認日", "最終確認日"),
    "tags": ("tags", "タグ"),
    "slug": ("slug", "スラッグ"),
    "path": ("path", "パス"),
    "state": ("state", "状態"),  # written by `madoguchi export`; only `draft` is read back
}
REQUIRED = ("category", "question")
DRAFT_STATES = ("draft", "下書き")
TAG_SEPARATORS = re.compile(r"[,、，]")
# An answer is HTML when it starts with an element (Markdown answers may contain some HTML).
_HTML_START = re.compile(
    r"^\s*<(?:p|div|h[1-6]|ul|ol|li|table|br|span|strong|b|em|i|img|a|section|article|blockquote|pre|figure)\b",
    re.IGNORECASE,
)
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_DROPPED_ELEMENTS = ("script", "style", "noscript", "iframe", "object", "embed", "form", "meta", "link", "base")
_KEPT_ATTRIBUTES = {
    "a": ("href", "title"),
    "img": ("src", "alt", "title"),
    "td": ("colspan", "rowspan"),
    "th": ("colspan", "rowspan"),
}


class SourceError(Exception):
    """The source file as a whole cannot be read; `line` and `key` locate it."""

    def __init__(self, line: int, key: str, message: str) -> None:
        super().__init__(message)
        self.line, self.key, self.message = line, key, message


@dataclass
class Row:
    """One FAQ entry as the source has it."""

    number: int  # CSV: the line the record starts on; xlsx: the sheet row; Zendesk: the article's position
    values: dict[str, Any]  # canonical column → value (text, or a date from a spreadsheet)
    headers: dict[str, str]  # canonical column → the column's name in the source (for messages)
    html: bool = False  # the answer is HTML (Zendesk always)
    draft: bool = False
    zendesk_id: str | None = None


# --- reading sources -----------------------------------------------------------------------


def decode_csv(data: bytes) -> str:
    """UTF-8 (BOM or not), else Shift_JIS/CP932, else a SourceError naming the line."""
    if data.startswith(BOM_UTF8):
        data = data[len(BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp932")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SourceError(line, "-", "neither UTF-8 nor Shift_JIS/CP932 text (save it as CSV UTF-8)") from None


def _header_map(header: Iterable[object]) -> tuple[dict[str, int], dict[str, str]]:
    names = {alias.casefold(): canonical for canonical, aliases in COLUMNS.items() for alias in aliases}
    positions: dict[str, int] = {}
    written: dict[str, str] = {}
    for index, cell in enumerate(header):
        text = str(cell).strip() if cell is not None else ""
        canonical = names.get(unicodedata.normalize("NFKC", text).casefold())
        if canonical and canonical not in positions:
            positions[canonical] = index
            written[canonical] = text
    missing = [c for c in REQUIRED if c not in positions]
    if "answer" not in positions and "path" not in positions:
        missing.append("answer")
    if missing:
        raise SourceError(
            1,
            "-",
            f"no column {', '.join(missing)} in the first row "
            f"(expected a header row with {', '.join(COLUMNS)}; or カテゴリ, 質問, 回答, 担当, 確認日, タグ)",
        )
    for canonical, aliases in COLUMNS.items():
        written.setdefault(canonical, aliases[0])
    return positions, written


def _rows(records: Iterable[tuple[int, list[Any]]]) -> list[Row]:
    iterator = iter(records)
    first = next(iterator, None)
    if first is None:
        raise SourceError(1, "-", "empty (expected a header row and one row per question)")
    positions, written = _header_map(first[1])
    rows: list[Row] = []
    for number, cells in iterator:
        if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells):
            continue
        # only the columns the source has: a missing `answer` column keeps the entries' answers
        values = {c: cells[i] if i < len(cells) else None for c, i in positions.items()}
        state = values.get("state")
        rows.append(Row(number, values, written, draft=isinstance(state, str) and state.strip() in DRAFT_STATES))
    return rows


def read_csv(data: bytes) -> list[Row]:
    text = decode_csv(data)
    reader = csv.reader(io.StringIO(text, newline=""))

    def records() -> Iterable[tuple[int, list[Any]]]:
        start = 1
        try:
            for record in reader:
                yield start, list(record)
                start = reader.line_num + 1
        except csv.Error as error:
            raise SourceError(reader.line_num, "-", f"not valid CSV ({error})") from None

    return _rows(records())


def read_xlsx(path: Path) -> list[Row]:
    import openpyxl  # only this command needs it

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises zipfile, KeyError, InvalidFileException…
        raise SourceError(1, "-", f"not an Excel workbook (.xlsx) ({error})") from None
    try:
        sheet = book.worksheets[0]
        return _rows((number, list(cells)) for number, cells in enumerate(sheet.iter_rows(values_only=True), 1))
    finally:
        book.close()


ZENDESK_HEADERS = {
    "category": "section_id",
    "question": "title",
    "answer": "body",
    "owner": "owner",
    "reviewed": "updated_at",
    "tags": "label_names",
    "slug": "id",
    "path": "path",
    "state": "draft",
}


def read_zendesk(data: bytes) -> list[Row]:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SourceError(getattr(error, "lineno", 1), "-", f"not JSON ({error})") from None
    if not isinstance(document, dict) or not isinstance(document.get("articles"), list):
        raise SourceError(1, "articles", "missing (expected a Help Center export with articles and sections)")
    sections = {
        str(section.get("id")): str(section.get("name") or section.get("id"))
        for section in document.get("sections") or []
        if isinstance(section, dict)
    }
    rows: list[Row] = []
    for number, article in enumerate(document["articles"], 1):
        if not isinstance(article, dict):
            raise SourceError(number, "articles", f"article {number} is not an object")
        section = article.get("section_id")
        labels = article.get("label_names") or []
        values = {
            "category": sections.get(str(section), str(section) if section is not None else None),
            "question": article.get("title"),
            "answer": article.get("body") or "",
            "reviewed": article.get("updated_at"),
            "tags": ",".join(str(label) for label in labels) if isinstance(labels, list) else str(labels),
        }
        identifier = article.get("id")
        rows.append(
            Row(
                number,
                values,
                dict(ZENDESK_HEADERS),
                html=True,
                draft=bool(article.get("draft")),
                zendesk_id=str(identifier) if identifier is not None else None,
            )
        )
    return rows


def read_source(kind: str, path: Path) -> list[Row]:
    if kind == "xlsx":
        return read_xlsx(path)
    data = path.read_bytes()
    return read_zendesk(data) if kind == "zendesk" else read_csv(data)


# --- values --------------------------------------------------------------------------------


def text_of(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def parse_source_date(value: Any, timezone: tzinfo) -> date | None:
    """A date as sources write it: a spreadsheet date, 2026-05-29, 2026/5/29, 2026年5月29日,
    or an ISO date-time (Zendesk's updated_at, taken in the site's time zone). None: not a date."""
    if isinstance(value, datetime):
        return (value.astimezone(timezone) if value.tzinfo else value).date()
    if isinstance(value, date):
        return value
    text = unicodedata.normalize("NFKC", text_of(value))
    match = _DATE.match(text)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    try:
        moment = datetime.fromisoformat(re.sub(r"[zZ]$", "+00:00", text))
    except ValueError:
        return None
    return (moment.astimezone(timezone) if moment.tzinfo else moment).date()


def split_tags(value: Any) -> list[str]:
    items = [text_of(item) for item in value] if isinstance(value, list) else TAG_SEPARATORS.split(text_of(value))
    seen: list[str] = []
    for item in (part.strip() for part in items):
        if item and item not in seen:
            seen.append(item)
    return seen


def ascii_slug(text: str, limit: int = 60) -> str | None:
    """`text` as a slug when it is ASCII after NFKC (full-width letters included), else None."""
    folded = unicodedata.normalize("NFKC", text).lower()
    if not folded.isascii():
        return None
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:limit].strip("-")
    return slug or None


def hashed_slug(prefix: str, text: str, digits: int) -> str:
    return prefix + hashlib.sha256(unicodedata.normalize("NFKC", text).encode("utf-8")).hexdigest()[:digits]


def question_key(text: str) -> str:
    """What makes two questions the same: NFKC, case and whitespace ignored."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()


# --- HTML ----------------------------------------------------------------------------------


@dataclass
class Converted:
    markdown: str
    images: list[str] = field(default_factory=list)  # every image src, as written
    dropped: list[str] = field(default_factory=list)  # elements removed (script, style, …)


def html_to_markdown(html: str, image_src: Mapping[str, str] | None = None) -> Converted:
    """Clean Markdown from an HTML answer: scripts, styles and inline attributes dropped first,
    then markdownify (ATX headings, `-` bullets, pipe tables). `image_src` rewrites image
    sources (old URL → new relative path)."""
    from bs4 import BeautifulSoup
    from markdownify import MarkdownConverter

    soup = BeautifulSoup(html, "html.parser")
    converted = Converted("")
    for element in soup.find_all(list(_DROPPED_ELEMENTS)):
        converted.dropped.append(element.name)
        element.decompose()
    for element in soup.find_all(True):
        kept = _KEPT_ATTRIBUTES.get(element.name, ())
        element.attrs = {name: value for name, value in element.attrs.items() if name in kept}
        if element.name == "img" and element.get("src"):
            source = str(element["src"])
            converted.images.append(source)
            if image_src and source in image_src:
                element["src"] = image_src[source]
    markdown = MarkdownConverter(
        heading_style="ATX", bullets="-", escape_misc=False, table_infer_header=True
    ).convert_soup(soup)
    lines = [line.rstrip() for line in markdown.replace("\r\n", "\n").split("\n")]
    converted.markdown = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return converted


def image_sources(html: str) -> list[str]:
    from bs4 import BeautifulSoup

    return [str(img["src"]) for img in BeautifulSoup(html, "html.parser").find_all("img") if img.get("src")]


def image_name(source: str) -> str:
    """The file name an image URL ends with (query and fragment dropped)."""
    return PurePosixPath(re.split(r"[?#]", source, maxsplit=1)[0]).name


# --- files ---------------------------------------------------------------------------------


def fingerprint(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


_FINGERPRINT_LINE = re.compile(rf"^{FINGERPRINT_KEY}:[^\n]*\n", re.MULTILINE)


def without_fingerprint(text: str) -> tuple[str, str | None]:
    """(text without its `imported:` line, the fingerprint written there or None)."""
    match = _FINGERPRINT_LINE.search(text)
    if match is None:
        return text, None
    value = match.group(0).split(":", 1)[1].strip().strip("'\"")
    return text[: match.start()] + text[match.end() :], value


def untouched_since_import(text: str) -> bool:
    """The file is exactly as the last import wrote it."""
    rest, written = without_fingerprint(text.replace("\r\n", "\n"))
    return written is not None and written == fingerprint(rest)


def front_matter_text(fields: list[tuple[str, Any]]) -> str:
    import yaml

    from .edit import yaml_scalar

    lines = ["---"]
    for key, value in fields:
        if isinstance(value, bool):
            lines.append(f"{key}: {'true' if value else 'false'}")
        elif isinstance(value, list) and all(isinstance(item, str) for item in value):
            lines.append(f"{key}: [{', '.join(_flow_item(item) for item in value)}]")
        elif isinstance(value, str):
            lines.append(f"{key}: {yaml_scalar(value)}")
        elif isinstance(value, date):
            lines.append(f"{key}: {value.isoformat()}")
        else:  # a key the import does not manage, kept as it was
            dumped = yaml.safe_dump({key: value}, allow_unicode=True, default_flow_style=False, sort_keys=False)
            lines.append(dumped.rstrip("\n"))
    lines.append("---")
    return "\n".join(lines) + "\n"


def _flow_item(item: str) -> str:
    """A tag inside `[ … ]`: plain when it reads back, quoted when flow syntax would cut it."""
    from .edit import yaml_scalar

    return yaml_scalar(item, "'") if any(char in item for char in ",[]{}") else yaml_scalar(item)


def with_fingerprint(text: str) -> str:
    """`text` (front matter first) with `imported: <fingerprint of text>` as its last key."""
    closing = text.index("\n---\n", 3) + 1
    return text[:closing] + f"{FINGERPRINT_KEY}: {fingerprint(text)}\n" + text[closing:]


MANAGED = ("title", "owner", "reviewed", "tags", "draft")


def managed_values(data: Mapping[str, Any], body: str, timezone: tzinfo) -> tuple[Any, ...]:
    """What an import sets, normalised: equal tuples mean the import would change nothing."""
    reviewed = parse_source_date(data.get("reviewed"), timezone)
    return (
        text_of(data.get("title")),
        text_of(data.get("owner")) or None,
        reviewed,
        [str(tag) for tag in data.get("tags") or []],
        bool(data.get("draft")),
        body.strip(),
    )


# --- the plan ------------------------------------------------------------------------------


@dataclass
class Plan:
    """What an import would do. `files`: content path → text or bytes to write."""

    files: dict[str, str | bytes] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: set[int] = field(default_factory=set)  # rows left out (--skip-invalid)
    rows: int = 0


@dataclass
class Target:
    row: Row
    path: str
    category: str
    category_title: str
    text: str
    existing: str | None


@dataclass
class Importer:
    """Plans one import into a site's content folder; `plan()` validates, `Plan.files` is what to write."""

    source_name: str  # the source file as the user named it (FILE in FILE:row: column:)
    docs_dir: Path
    shown_prefix: str
    policy: Policy
    now: datetime
    site: Site
    guard: LeakGuard
    default_reviewed: date | None = None
    force: bool = False
    skip_invalid: bool = False
    images_dir: Path | None = None

    def problem(self, row: Row, column: str, message: str) -> Problem:
        return Problem(self.source_name, row.number, row.headers.get(column, column), message)

    def plan(self, rows: list[Row]) -> Plan:
        plan = Plan(rows=len(rows))
        by_row: dict[int, list[Problem]] = {}
        targets: list[Target] = []
        slugs_seen: dict[str, int] = {}
        questions_seen: dict[str, int] = {}
        existing_titles = {
            question_key(entry.title): entry.path
            for entry in self.site.entries.values()
            if isinstance(entry, FaqEntry) and entry.title
        }
        new_categories: dict[str, str] = {}
        for row in rows:
            found: list[Problem] = []
            target = self._target(row, found, slugs_seen, questions_seen, existing_titles, new_categories, plan)
            by_row[row.number] = found
            if target is not None:
                targets.append(target)
        self._validate(targets, by_row, new_categories)
        for row in rows:
            problems = by_row[row.number]
            plan.problems.extend(problems)
            if problems:
                plan.skipped.add(row.number)
        if plan.problems and not self.skip_invalid:
            return plan
        used_categories: set[str] = set()
        for target in targets:
            if target.row.number in plan.skipped:
                continue
            used_categories.update({target.category, target.category.partition("/")[0]})
            if target.existing is None:
                plan.created.append(target.path)
                plan.files[target.path] = target.text
            elif target.existing == "":  # unchanged
                plan.unchanged.append(target.path)
            else:
                plan.updated.append(target.path)
                plan.files[target.path] = target.text
        for slug in sorted(used_categories):
            if slug in new_categories:
                index = f"faq/{slug}/index.md"
                plan.files[index] = front_matter_text([("title", new_categories[slug])])
                plan.created.append(index)
        self._images(targets, plan)
        return plan

    def _category(self, row: Row, found: list[Problem], new_categories: dict[str, str]) -> tuple[str, str] | None:
        name = text_of(row.values.get("category"))
        path = text_of(row.values.get("path"))
        if path:
            parts = PurePosixPath(path).parts
            if (
                len(parts) not in (3, 4)
                or parts[0] != "faq"
                or not parts[-1].endswith(".md")
                or parts[-1] == "index.md"
            ):
                found.append(
                    self.problem(
                        row,
                        "path",
                        f"{path!r} is not an FAQ entry path (expected faq/CATEGORY/SLUG.md or "
                        "faq/CATEGORY/SUBCATEGORY/SLUG.md)",
                    )
                )
                return None
            levels = parts[1:-1]  # 大分類 (and 小分類)
            for level in levels:
                if not SLUG.match(level):
                    found.append(self.problem(row, "path", f"{level!r} is not a valid category slug"))
                    return None
            slug = "/".join(levels)
            if len(levels) == 2 and levels[0] not in self.site.categories:
                new_categories.setdefault(levels[0], levels[0])  # a new subcategory's new category
            known = self.site.categories.get(slug)
            # the export writes 大分類 › 小分類: the last part names this level
            title = known.title if known else ((name.split(" › ")[-1] if name else "") or levels[-1])
            if not known:
                new_categories.setdefault(slug, title)
            return slug, title
        if not name:
            found.append(self.problem(row, "category", "missing (expected the category's name)"))
            return None
        for category in self.site.categories.values():
            if name in (category.slug, category.title):
                return category.slug, category.title
        slug = ascii_slug(name) or hashed_slug("c-", name, 8)
        new_categories.setdefault(slug, name)
        return slug, new_categories[slug]

    def _slug(self, row: Row, question: str, found: list[Problem]) -> str | None:
        path = text_of(row.values.get("path"))
        if path:
            return PurePosixPath(path).stem
        written = text_of(row.values.get("slug"))
        if written:
            if not SLUG.match(written) or written == "index":
                found.append(
                    self.problem(
                        row,
                        "slug",
                        f"{written!r} is not a valid slug "
                        "(expected lowercase ASCII letters, digits and hyphens, e.g. cancel-order)",
                    )
                )
                return None
            return written
        if row.zendesk_id:
            return row.zendesk_id if SLUG.match(row.zendesk_id) else hashed_slug("a-", row.zendesk_id, 10)
        return ascii_slug(question) or hashed_slug("q-", question, 10)

    def _target(
        self,
        row: Row,
        found: list[Problem],
        slugs_seen: dict[str, int],
        questions_seen: dict[str, int],
        existing_titles: dict[str, str],
        new_categories: dict[str, str],
        plan: Plan,
    ) -> Target | None:
        question = " ".join(text_of(row.values.get("question")).split())
        if not question:
            found.append(self.problem(row, "question", "missing (expected the question as a customer would ask it)"))
        category = self._category(row, found, new_categories)
        reviewed_value = row.values.get("reviewed")
        reviewed: date | None
        if reviewed_value is None or (isinstance(reviewed_value, str) and not reviewed_value.strip()):
            reviewed = self.default_reviewed
            if reviewed is None:
                found.append(
                    self.problem(
                        row,
                        "reviewed",
                        "missing (expected the date a person last confirmed the "
                        "answer; give --reviewed DATE when the source has none: an import is not "
                        "a review)",
                    )
                )
        else:
            reviewed = parse_source_date(reviewed_value, self.policy.timezone)
            if reviewed is None:
                found.append(
                    self.problem(
                        row,
                        "reviewed",
                        f"{text_of(reviewed_value)!r} is not a date (expected YYYY-MM-DD, e.g. 2026-05-29)",
                    )
                )
        answer_value = row.values.get("answer")
        answer = text_of(answer_value)
        if not question or category is None:
            return None
        key = question_key(question)
        if key in questions_seen:
            found.append(self.problem(row, "question", f"same question as row {questions_seen[key]}"))
            return None
        questions_seen[key] = row.number
        slug = self._slug(row, question, found)
        if slug is None:
            return None
        path = f"faq/{category[0]}/{slug}.md"
        if path in slugs_seen:
            found.append(
                self.problem(
                    row,
                    "slug",
                    f"{slug!r} in {category[1]!r} is also row {slugs_seen[path]}'s "
                    f"({self.shown_prefix}{path}); give each row its own slug",
                )
            )
            return None
        slugs_seen[path] = row.number
        other = existing_titles.get(key)
        if other is not None and other != path:
            found.append(self.problem(row, "question", f"already answered in {self.shown_prefix}{other}"))
            return None
        existing_text: str | None = None
        target_file = self.docs_dir / path
        existing_data: dict[str, Any] = {}
        existing_body = ""
        if target_file.exists():
            existing_text = target_file.read_bytes().decode("utf-8-sig")
            try:
                parsed = read_front_matter(existing_text)
                existing_data, existing_body = dict(parsed.data), parsed.body
            except FrontMatterError:
                existing_data = {}
        if "answer" not in row.values and existing_text is not None:
            body = existing_body.strip()
        elif row.html:
            images = {
                source: f"images/{image_name(source)}"
                for source in image_sources(answer)
                if self.images_dir is not None and (self.images_dir / image_name(source)).is_file()
            }
            converted = html_to_markdown(answer, images)
            body = converted.markdown
            for name in sorted(set(converted.dropped)):
                plan.warnings.append(self.problem(row, "answer", f"<{name}> removed"))
        elif _HTML_START.match(answer):
            converted = html_to_markdown(answer)
            body = converted.markdown
            row.html = True
            for name in sorted(set(converted.dropped)):
                plan.warnings.append(self.problem(row, "answer", f"<{name}> removed"))
        else:
            body = answer
        if not body:
            found.append(self.problem(row, "answer", "missing (expected the answer, Markdown or HTML)"))
            return None
        owner = text_of(row.values.get("owner")) or None
        known_category = self.site.categories.get(category[0])
        default_owner = (known_category.owner if known_category else None) or self.policy.default_owner
        if owner == default_owner and "owner" not in existing_data:
            owner = None  # the default, as the site would show it: not written into the file
        tags = split_tags(row.values.get("tags"))
        # Without a state column (and outside Zendesk) the entry's own draft flag stands.
        draft = row.draft if ("state" in row.values or row.zendesk_id) else bool(existing_data.get("draft"))
        fields: list[tuple[str, Any]] = [("title", question)]
        if owner:
            fields.append(("owner", owner))
        if reviewed is not None:
            fields.append(("reviewed", reviewed))
        if tags:
            fields.append(("tags", tags))
        if draft:
            fields.append(("draft", True))
        for name, value in existing_data.items():  # keys an import does not manage are kept
            if name not in MANAGED and name != FINGERPRINT_KEY:
                fields.append((name, value))
        text = front_matter_text(fields) + "\n" + body + "\n"
        text = with_fingerprint(text)
        target = Target(row, path, category[0], category[1], text, existing_text)
        if existing_text is not None:
            new_values = managed_values(
                {"title": question, "owner": owner, "reviewed": reviewed, "tags": tags, "draft": draft},
                body,
                self.policy.timezone,
            )
            if new_values == managed_values(existing_data, existing_body, self.policy.timezone):
                target.existing = ""  # nothing to change
            elif not self.force and not untouched_since_import(existing_text):
                found.append(
                    self.problem(
                        row,
                        "-",
                        f"{self.shown_prefix}{path} was edited since the last import "
                        "(not overwritten; --force overwrites it)",
                    )
                )
        return target

    def _validate(
        self, targets: list[Target], by_row: dict[int, list[Problem]], new_categories: dict[str, str]
    ) -> None:
        """The would-be files through the model and the leak guard, as `madoguchi check` would."""
        categories = dict(self.site.categories)
        for slug, title in new_categories.items():
            categories.setdefault(
                slug, Category(slug=slug, title=title, index_path=f"faq/{slug}/index.md", lines={"title": 2})
            )
        columns = {"title": "question", "body": "answer", "reviewed": "reviewed", "owner": "owner", "tags": "tags"}
        site = Site(categories={slug: categories[slug] for slug in new_categories})
        rows_by_path: dict[str, Row] = {}
        for target in targets:
            if target.existing == "" or by_row[target.row.number]:
                continue
            entry, problems = parse_entry(target.path, target.text, self.policy, self.now, categories=categories)
            for problem in problems:
                column = columns.get(problem.key.split("[")[0], problem.key)
                by_row[target.row.number].append(self.problem(target.row, column, problem.message))
            if entry is not None and not problems:
                site.entries[target.path] = entry
                rows_by_path[target.path] = target.row
                if entry.draft:
                    site.drafts.add(target.path)
        report = self.guard.check_site(site, language="en")  # the import report is English
        for problem in report.errors:
            row = rows_by_path.get(problem.path)
            if row is None:  # a new category's title: reported on the first row that names it
                row = next((t.row for t in targets if f"faq/{t.category}/index.md" == problem.path), None)
            if row is None:
                continue
            column = columns.get(problem.key.split("[")[0], problem.key)
            by_row[row.number].append(
                self.problem(
                    row,
                    column,
                    problem.message + " (add an official address or number to leak_allowlist in mkdocs.yml)",
                )
            )

    def _images(self, targets: list[Target], plan: Plan) -> None:
        """Images of HTML answers: copied from `images_dir` when it has them, else reported."""
        for target in targets:
            if not target.row.html or target.row.number in plan.skipped or target.path not in plan.files:
                continue
            for source in image_sources(text_of(target.row.values.get("answer"))):
                name = image_name(source)
                found = self.images_dir / name if self.images_dir is not None else None
                if found is not None and found.is_file():
                    plan.files[f"faq/{target.category}/images/{name}"] = found.read_bytes()
                else:
                    where = f"not in {self.images_dir}" if self.images_dir is not None else "not downloaded"
                    plan.warnings.append(
                        self.problem(
                            target.row,
                            "answer",
                            f"image {source} {where}: the page "
                            "still links to it (give --images DIR with the exported files)",
                        )
                    )
