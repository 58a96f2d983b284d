"""Leak guard: what must not reach the public site by accident.

- e-mail addresses and phone numbers in public content are warnings unless allowlisted
  (a customer's address pasted into an answer is the classic leak);
- a public page that links to a draft is an error (the link would reveal or break it),
  whether the link is `[x](t)`, `[x][r]` with `[r]: t`, or raw HTML `<a href="t">`, and
  whether it names the draft's file (`x.md`) or its page (`x/`).
Public text is every published entry's body, every incident update's text and every
published category index's body. Pure: works on the loaded Site, no I/O.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote

from .edition import public_markdown
from .model import Incident, Problem, Site
from .urls import page_url

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# Japanese numbers: 0120-123-456, 03-1234-5678, 090-1234-5678, +81-3-1234-5678, full-width too
PHONE = re.compile(r"(?<![\w.-])(?:[+＋]81[-\s]?|[0０])\d{1,4}[-－‐\s]\d{1,4}[-－‐\s]\d{3,4}(?![\w-])")
DRAFT_LINK = "(a public page must not link to a draft)"
INTERNAL_LINK = "(a public page must not link to an internal entry)"
NOT_ALLOWLISTED = "in public content (allowlist it in leak_allowlist if it is meant to be public)"
MD_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
# `[label]: target "title"` (CommonMark link reference definition, up to 3 spaces indented)
REF_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?")  # matched per line
# the pre-check's necessary condition: `^` with re.M would miss lines after \r, \x85, \u2028…
_REF_ANYWHERE = re.compile(r"\[[^\]]+\]:\s*[^\s>]")
# raw HTML: <a href="t">, <a href='t'>, <a href=t>
HTML_HREF = re.compile(r"""<a\s[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.I)
LINKS = (MD_LINK, REF_DEFINITION, HTML_HREF)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text.translate(str.maketrans("０１２３４５６７８９", "0123456789")))


@dataclass
class LeakReport:
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


@dataclass
class LeakGuard:
    allowed_emails: frozenset[str] = frozenset()
    allowed_phones: frozenset[str] = frozenset()  # digits only

    @classmethod
    def from_options(cls, options: Mapping[str, object]) -> LeakGuard:
        """From the plugin options (validated or as written in mkdocs.yml). Raises ValueError."""
        allowlist = options.get("leak_allowlist") or []
        if not isinstance(allowlist, list) or not all(isinstance(item, str) for item in allowlist):
            raise ValueError(
                f"leak_allowlist: {allowlist!r} is not a list of text "
                "(expected e-mail addresses and phone numbers that may appear in public content)"
            )
        return cls.from_allowlist(allowlist)

    @classmethod
    def from_allowlist(cls, allowlist: Iterable[str]) -> LeakGuard:
        emails = {item.lower() for item in allowlist if "@" in item}
        phones = {_digits(item) for item in allowlist if "@" not in item and _digits(item)}
        return cls(frozenset(emails), frozenset(phones))

    def check_site(self, site: Site, shown_prefix: str = "") -> LeakReport:
        """Every public text: entry bodies, incident update texts and category index bodies,
        without their staff-only parts (internal blocks and HTML comments, edition.py)."""
        report = LeakReport()
        drafts = DraftTargets(site.drafts, site.internal)
        for entry in site.published():
            shown = shown_prefix + entry.path
            self._scan(report, drafts, entry.path, shown, public_markdown(entry.body), entry.body_line, "body")
            if isinstance(entry, Incident):
                # The list as written (not entry.updates, which skips invalid items): keys and
                # lines then name the same item `madoguchi check` does.
                raw = entry.meta.get("updates")
                for index, item in enumerate(raw if isinstance(raw, list) else []):
                    text = item.get("text") if isinstance(item, Mapping) else None
                    if isinstance(text, str):
                        key = f"updates[{index}]"
                        line = entry.lines.get(key) or entry.lines.get("updates", 1)
                        text = public_markdown(text)
                        self._scan(report, drafts, entry.path, shown, text, line, f"{key}.text", same_line=True)
        for category in site.categories.values():
            if category.index_path is not None and not category.draft:
                shown = shown_prefix + category.index_path
                body = public_markdown(category.body)
                self._scan(report, drafts, category.index_path, shown, body, category.body_line, "body")
        return report

    def _scan(
        self,
        report: LeakReport,
        drafts: DraftTargets,
        source: str,
        shown: str,
        text: str,
        first_line: int,
        key: str,
        *,
        same_line: bool = False,
    ) -> None:
        """Findings in `text`, numbered from `first_line` (or all on it: an update's text)."""
        patterns = _may_leak(text, bool(drafts))
        if not patterns:
            return
        emails, phones = EMAIL in patterns, PHONE in patterns
        links = [pattern for pattern in LINKS if pattern in patterns]
        for offset, line in enumerate(text.splitlines()):
            number = first_line if same_line else first_line + offset
            for match in EMAIL.finditer(line) if emails else ():
                if match.group(0).lower() not in self.allowed_emails:
                    report.warnings.append(
                        Problem(shown, number, key, f"e-mail address {match.group(0)!r} {NOT_ALLOWLISTED}")
                    )
            for match in PHONE.finditer(line) if phones else ():
                if _digits(match.group(0)) not in self.allowed_phones:
                    report.warnings.append(
                        Problem(shown, number, key, f"phone number {match.group(0)!r} {NOT_ALLOWLISTED}")
                    )
            for href in _hrefs(line, links):
                target = drafts.linked_draft(source, href)
                if target is not None:
                    what = ("internal entry", INTERNAL_LINK) if target in drafts.internal else ("draft", DRAFT_LINK)
                    report.errors.append(Problem(shown, number, key, f"links to {what[0]} {target!r} {what[1]}"))


class DraftTargets:
    """The drafts, and the site URLs they would have: a link may name the Markdown file
    (`../points/x.md`) or the page (`../points/x/`, `x.html`)."""

    def __init__(self, drafts: Iterable[str], internal: Iterable[str] = ()) -> None:
        self.paths = frozenset(drafts)
        self.internal = frozenset(internal)  # `audience: internal` paths (named so in messages)
        self.by_url: dict[str, str] = {}
        for path in sorted(self.paths):
            for directory_urls in (True, False):
                self.by_url.setdefault(_url_key(unquote(page_url(path, directory_urls))), path)

    def __bool__(self) -> bool:
        return bool(self.paths)

    def linked_draft(self, source: str, href: str) -> str | None:
        """The draft `href` in the file `source` points at, or None.

        A link without `.md` is resolved both as the browser does (from the page's URL) and
        as an editor may have meant it (from the file's folder): either way it names the draft."""
        target = linked_path(source, href)
        if target is not None:
            return target if target in self.paths else None
        if not self.by_url or _is_external(href):
            return None
        bare = href.split("#", 1)[0].split("?", 1)[0]
        if not bare:
            return None
        bare = unquote(bare)
        if bare.startswith("/"):
            candidates = [bare.lstrip("/")]
        else:
            candidates = [
                posixpath.join(posixpath.dirname(unquote(page_url(source))), bare),  # the page's URL folder
                posixpath.join(posixpath.dirname(source), bare),  # the file's folder
            ]
        for candidate in candidates:
            found = self.by_url.get(_url_key(posixpath.normpath(candidate)))
            if found is not None:
                return found
        return None


def _url_key(url: str) -> str:
    """`faq/x/`, `faq/x`, `faq/x/index.html` and `./faq/x` all name one page."""
    key = url.removesuffix("index.html").strip("/")
    return "" if key == "." else key


def _is_external(href: str) -> bool:
    return "://" in href or href.startswith(("//", "#", "mailto:", "tel:", "data:", "javascript:"))


def _hrefs(line: str, patterns: Iterable[re.Pattern[str]] = LINKS) -> Iterator[str]:
    """Link targets in one line: `[x](t)`, a reference definition `[r]: t` and `<a href="t">`."""
    for pattern in patterns:
        for match in pattern.finditer(line):
            yield next(group for group in match.groups() if group is not None)


def _may_leak(body: str, drafts: bool) -> tuple[re.Pattern[str], ...]:
    """The patterns that match somewhere in `body`: only those can give a finding in one of
    its lines, so the line loop runs only them, or is skipped when there are none.

    A few whole-body searches instead of several per line (about 1 s at 20,000 entries).
    Sound because a match within a line also matches in the whole body: the line breaks
    splitlines() uses are neither word characters, `.` nor `-`, so the look-arounds decide
    the same way (and the reference check drops the line-start anchor). The `in`
    tests are cheaper necessary conditions (an address has `@`, a number starts with 0, ０
    or +81, a link has `](`, `]:` or `<`); links matter only if drafts exist."""
    found: list[re.Pattern[str]] = []
    if "@" in body and EMAIL.search(body):
        found.append(EMAIL)
    if ("0" in body or "０" in body or "81" in body) and PHONE.search(body):
        found.append(PHONE)
    if drafts:
        if "](" in body and MD_LINK.search(body):
            found.append(MD_LINK)
        if "]:" in body and _REF_ANYWHERE.search(body):
            found.append(REF_DEFINITION)
        if "<" in body and HTML_HREF.search(body):
            found.append(HTML_HREF)
    return tuple(found)


def linked_path(source: str, href: str) -> str | None:
    """The content path a relative Markdown link points at, or None for URLs and anchors."""
    if "://" in href or href.startswith(("#", "mailto:", "tel:")):
        return None
    target = href.split("#", 1)[0].split("?", 1)[0]
    if not target.endswith(".md"):
        return None
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))
