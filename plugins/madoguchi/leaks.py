"""Leak guard: what must not reach the public site by accident.

- e-mail addresses and phone numbers in public content are warnings unless allowlisted
  (a customer's address pasted into an answer is the classic leak);
- a public page that links to a draft is an error (the link would reveal or break it).
Pure: works on the loaded Site, no I/O.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .model import Problem, Site

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# Japanese numbers: 0120-123-456, 03-1234-5678, 090-1234-5678, +81-3-1234-5678, full-width too
PHONE = re.compile(r"(?<![\w.-])(?:[+＋]81[-\s]?|[0０])\d{1,4}[-－‐\s]\d{1,4}[-－‐\s]\d{3,4}(?![\w-])")
NOT_ALLOWLISTED = "in public content (allowlist it in leak_allowlist if it is meant to be public)"
MD_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


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
        report = LeakReport()
        for entry in site.published():
            if not _may_leak(entry.body, bool(site.drafts)):
                continue
            shown = shown_prefix + entry.path
            for offset, line in enumerate(entry.body.splitlines()):
                number = entry.body_line + offset
                for match in EMAIL.finditer(line):
                    if match.group(0).lower() not in self.allowed_emails:
                        report.warnings.append(
                            Problem(shown, number, "body", f"e-mail address {match.group(0)!r} {NOT_ALLOWLISTED}")
                        )
                for match in PHONE.finditer(line):
                    if _digits(match.group(0)) not in self.allowed_phones:
                        report.warnings.append(
                            Problem(shown, number, "body", f"phone number {match.group(0)!r} {NOT_ALLOWLISTED}")
                        )
                for match in MD_LINK.finditer(line):
                    target = linked_path(entry.path, match.group(1))
                    if target in site.drafts:
                        report.errors.append(
                            Problem(
                                shown, number, "body",
                                f"links to draft {target!r} (a public page must not link to a draft)",
                            )
                        )
        return report


def _may_leak(body: str, drafts: bool) -> bool:
    """False when no line of `body` can give a finding, so its line loop can be skipped.

    A few whole-body searches instead of three per line (about 1 s at 20,000 entries).
    Sound because a match within a line also matches in the whole body: the line breaks
    splitlines() uses are neither word characters, `.` nor `-`, so the look-arounds decide
    the same way. The `in` tests are cheaper necessary conditions (an address has `@`, a
    number starts with 0, ０ or +81, a link has `](`); a link matters only if drafts exist."""
    return bool(
        ("@" in body and EMAIL.search(body))
        or (("0" in body or "０" in body or "81" in body) and PHONE.search(body))
        or (drafts and "](" in body and MD_LINK.search(body))
    )


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
