"""Leak guard: what must not reach the public site by accident.

Public text is every front-matter text field of every published entry and category (title,
tags, description, affected, report, the site's own keys, …; not `owner`, which the public
edition never shows), every body, every incident update's text and every category index's
body. Staff-only text (`!!! internal` blocks and HTML comments, see edition.py) is exempt:
the public edition removes it before rendering. In that text:

- personal data: e-mail addresses (`@` or full-width `＠`) and Japanese phone numbers written
  the usual ways (`090-1234-5678`, `09012345678`, `03(1234)5678`, `(03)1234-5678`, full-width
  digits, `ー`/`－`/`‐` separators, `+81`), found next to kana and kanji too;
- internal hosts (option `internal_hosts`: host globs such as `*.backlog.jp` and IP networks
  such as `10.0.0.0/8`), bare or inside URLs;
- confidentiality markers (社外秘, 部外秘, 社内限定, 関係者外秘, Confidential, Internal only).

These are errors in the public edition unless allowlisted (`leak_allowlist`: the official
窓口 numbers, addresses and hosts), or warnings with `leak_level: warn`; the internal edition
allows them. A public page that links to a draft is an error in both editions, whether the
link is `[x](t)`, `[x][r]` with `[r]: t`, or raw HTML `<a href="t">`, and whether it names
the draft's file (`x.md`) or its page (`x/`).

Linear time: every pattern is applied at a candidate position (an `@`, a possible first
digit of a number, the start of a dotted ASCII word) to a window of bounded length, so a long
line costs in proportion to its length; `Work` counts the characters looked at, for tests.
`madoguchi audit` runs the same `LeakGuard.find` over the built site's text.
Pure: works on the loaded Site, no I/O, no MkDocs import.
"""

from __future__ import annotations

import fnmatch
import ipaddress
import posixpath
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from .edition import INTERNAL, PUBLIC, public_markdown
from .model import FIELDS, Entry, Problem, Site
from .texts import Text
from .urls import page_url

ERROR = "error"
WARN = "warn"
LEAK_LEVELS = (ERROR, WARN)
DEFAULT_INTERNAL_HOSTS = (
    "*.local",
    "*.internal",
    "*.backlog.jp",
    "*.backlog.com",
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
)
MARKERS = ("社外秘", "部外秘", "社内限定", "関係者外秘", "Confidential", "Internal only")


# Front-matter kinds (model.FIELDS) whose values are not text a person writes for readers.
_NOT_TEXT = frozenset({"fingerprint", "date", "interval", "boolean", "type", "integer", "status", "impact", "datetime"})
# `owner` is never shown in the public edition (the audit checks that it is absent).
_NOT_PUBLIC_KEYS = frozenset({"owner"})

# Full-width ASCII → ASCII, the ideographic space → space, dash-like marks → `-`. One character
# for one, so a position in the folded text is the same position in the text as written.
_FOLD = str.maketrans(
    {
        **{chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)},
        "\u3000": " ",
        **dict.fromkeys("ー‐‑‒–—―−﹣ｰ", "-"),
    }
)

# Full-width forms are matched as written (folding a whole page costs more than the scan);
# a match is folded (fold()) before it is compared with the allowlist.
_D = "[0-9０-９]"
_D19 = "[1-9１-９]"
_ZERO = "[0０]"
_PLUS81 = "[+＋][8８][1１]"
_OPEN = "[(（]"
_CLOSE = "[)）]"
_SP = "[ \u3000]"
_DASH = r"\-－ー‐‑‒–—―−﹣ｰ"  # inside character sets
_SEP = f"[ \u3000.．{_DASH}]"
_SPDASH = f"[ \u3000{_DASH}]"
_AREA = rf"(?:{_ZERO}{_D19}{_D}{{0,3}}|{_PLUS81}{_SPDASH}?(?:{_OPEN}{_ZERO}{_CLOSE}{_SPDASH}?)?{_D19}{_D}{{0,3}})"
# Phone numbers, matched at a candidate position only (see _PHONE_START).
PHONE = re.compile(
    rf"(?:{_OPEN}{_AREA}{_CLOSE}{_SP}?{_D}{{1,4}}{_SEP}?{_D}{{3,4}}"  # (03)1234-5678
    rf"|{_AREA}{_OPEN}{_D}{{1,4}}{_CLOSE}{_SP}?{_D}{{3,4}}"  # 03(1234)5678
    rf"|{_AREA}{_SEP}{_D}{{1,4}}{_SEP}{_D}{{3,4}}"  # 03-1234-5678, 0120 123 456
    rf"|{_AREA}{_SEP}{_D}{{5,8}}"  # 03-12345678
    rf"|{_ZERO}{_D19}{_D}{{8,9}}"  # 09012345678
    rf"|{_PLUS81}{_SPDASH}?{_D19}{_D}{{8,9}})"  # +819012345678
    rf"(?![0-9A-Za-z０-９Ａ-Ｚａ-ｚ]|[.,．，{_DASH}]{_D})"  # not the start of a longer number or word
)
PHONE_MAX = 40  # longer than any match of PHONE (its repetitions are bounded)
# Where a number may start: 0, +, or an opening parenthesis, not inside an ASCII word or number
# (ORD-2026-0123, 978-4-06-…, v0.12, 1,090); a Japanese character right before it is fine.
# It starts with a character set, so the regex engine skips to candidates at C speed.
_PHONE_START = re.compile(
    rf"[0０+＋(（](?<![0-9A-Za-z+０-９Ａ-Ｚａ-ｚ＋].)(?<![0-9０-９][.,．，{_DASH}].)"
    rf"(?=(?<=[0０]){_D19}|(?<=[+＋])[8８][1１]|(?<=[(（])(?:{_ZERO}{_D19}|{_PLUS81}))"
)
# An e-mail address around each `@`/`＠`: the local part read backwards (on the reversed text).
_AT = re.compile("[@＠]")
_LOCAL = re.compile(r"[A-Za-z0-9._%+\-Ａ-Ｚａ-ｚ０-９．＿％＋－]{1,64}")
_DOMAIN = re.compile(r"[A-Za-z0-9.\-Ａ-Ｚａ-ｚ０-９．－]{1,253}")
# A dotted ASCII word (host name, IP address), tried only where such a word starts.
# Both start with a character (set), with the look-behind after it, so that the regex engine
# skips to candidates at C speed (a look-behind first is tried at every position).
_DOTTED = re.compile(r"[A-Za-z0-9\-](?<![A-Za-z0-9.\-].)[A-Za-z0-9\-]*\.[A-Za-z0-9.\-]*")
_MARKER = re.compile(
    r"社外秘|部外秘|社内限定|関係者外秘"
    r"|C(?<![A-Za-z]C)(?:onfidential|ONFIDENTIAL)(?![A-Za-z])"
    r"|I(?<![A-Za-z]I)(?:nternal [Oo]nly|NTERNAL ONLY)(?![A-Za-z])"
)

MD_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
# `[label]: target "title"` (CommonMark link reference definition, up to 3 spaces indented)
REF_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?")  # matched per line
# the pre-check's necessary condition: `^` with re.M would miss lines after \r, \x85, \u2028…
_REF_ANYWHERE = re.compile(r"\[[^\]]+\]:\s*[^\s>]")
# raw HTML: <a href="t">, <a href='t'>, <a href=t>
HTML_HREF = re.compile(r"""<a\s[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.I)
LINKS = (MD_LINK, REF_DEFINITION, HTML_HREF)


def fold(text: str) -> str:
    """Full-width letters, digits and signs as ASCII, dash-like marks as `-`; same length."""
    return text.translate(_FOLD)


def _digits(text: str) -> str:
    return re.sub(r"[^0-9]", "", fold(text))


def phone_digits(text: str) -> str | None:
    """The national number (0…, 10 or 11 digits) `text` writes, or None if it is not one."""
    folded = fold(text)
    digits = _digits(folded)
    if folded.lstrip("(").startswith("+81"):
        digits = digits[2:]
        digits = digits if digits.startswith("0") else "0" + digits
    return digits if len(digits) in (10, 11) and digits[1] != "0" else None


def _valid_domain(domain: str) -> bool:
    labels = domain.split(".")
    return (
        len(labels) >= 2
        and all(label and not label.startswith("-") and not label.endswith("-") for label in labels)
        and labels[-1].isalpha()
        and len(labels[-1]) >= 2
    )


@dataclass
class Work:
    """What a scan looked at: candidate positions and the characters of their windows."""

    candidates: int = 0
    chars: int = 0


@dataclass(frozen=True)
class Leak:
    """One finding in a text: kind (`email`, `phone`, `host`, `marker`), where, as written."""

    kind: str
    start: int
    end: int
    value: str
    rule: str = ""  # the internal_hosts pattern a host matched

    @property
    def personal(self) -> bool:
        return self.kind in ("email", "phone")

    def text(self) -> Text:
        """What it is, in the catalog (`leak.*`), for the site's language."""
        if self.kind == "host":
            return Text.of("leak.host", value=repr(self.value), rule=self.rule)
        return Text.of(f"leak.{self.kind}", value=repr(self.value))

    def message(self) -> str:
        """The English (the audit's and the importer's reports)."""
        return str(self.text())


@dataclass
class LeakReport:
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


@dataclass
class LeakGuard:
    allowed_emails: frozenset[str] = frozenset()
    allowed_phones: frozenset[str] = frozenset()  # national numbers, digits only
    allowed_hosts: frozenset[str] = frozenset()
    internal_hosts: tuple[str, ...] = DEFAULT_INTERNAL_HOSTS
    level: str = ERROR  # what personal data, internal hosts and markers are: error | warn
    edition: str = PUBLIC  # the internal edition allows them
    _globs: re.Pattern[str] | None = field(default=None, init=False, repr=False)
    _networks: tuple[Any, ...] = field(default=(), init=False, repr=False)
    _host_rules: dict[str, str | None] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        globs: list[str] = []
        networks = []
        for pattern in self.internal_hosts:
            network = _network(pattern)
            if network is not None:
                networks.append(network)
            else:
                globs.append(fnmatch.translate(pattern.lower()))
        self._globs = re.compile("|".join(f"(?:{glob})" for glob in globs)) if globs else None
        self._networks = tuple(networks)

    @classmethod
    def from_options(cls, options: Mapping[str, object]) -> LeakGuard:
        """From the plugin options (validated or as written in mkdocs.yml). Raises ValueError."""
        allowlist = options.get("leak_allowlist") or []
        if not isinstance(allowlist, list) or not all(isinstance(item, str) for item in allowlist):
            raise ValueError(
                f"leak_allowlist: {allowlist!r} is not a list of text "
                "(expected e-mail addresses, phone numbers and host names that may appear in public content)"
            )
        hosts = options.get("internal_hosts")
        hosts = list(DEFAULT_INTERNAL_HOSTS) if hosts is None else hosts
        if not isinstance(hosts, list) or not all(isinstance(item, str) and item.strip() for item in hosts):
            raise ValueError(
                f"internal_hosts: {hosts!r} is not a list of text "
                "(expected host patterns such as '*.backlog.jp' and networks such as '10.0.0.0/8')"
            )
        level = options.get("leak_level") or ERROR
        if level not in LEAK_LEVELS:
            raise ValueError(f"leak_level: {level!r} is not one of error, warn")
        edition = options.get("edition") or PUBLIC
        return cls.from_allowlist(allowlist, internal_hosts=tuple(hosts), level=str(level), edition=str(edition))

    @classmethod
    def from_allowlist(cls, allowlist: Iterable[str], **settings: Any) -> LeakGuard:
        """An allowlist item with `@` is an e-mail address, one with letters or an IP address a
        host, any other a phone number (compared by its digits, however it is written)."""
        emails, phones, hosts = set(), set(), set()
        for raw in allowlist:
            item = fold(raw.strip())
            if "@" in item:
                emails.add(item.lower())
            elif re.search(r"[A-Za-z]", item) or _network(item) is not None:
                hosts.add(item.lower().rstrip("."))
            else:
                number = phone_digits(item)
                if number:
                    phones.add(number)
        return cls(frozenset(emails), frozenset(phones), frozenset(hosts), **settings)

    @property
    def allows_leaks(self) -> bool:
        """The internal edition may show personal data, internal hosts and markers."""
        return self.edition == INTERNAL

    def find(self, text: str, work: Work | None = None) -> list[Leak]:
        """Every leak in `text` outside the allowlist, in order. Linear in len(text)."""
        work = work if work is not None else Work()
        found: list[Leak] = []
        if "@" in text or "＠" in text:
            found.extend(self._emails(text, work))
        found.extend(self._phones(text, work))
        if "." in text and (self._globs is not None or self._networks):
            found.extend(self._hosts(text, work))
        for match in _MARKER.finditer(text):
            work.candidates += 1
            work.chars += match.end() - match.start()
            found.append(Leak("marker", match.start(), match.end(), match.group(0)))
        found.sort(key=lambda leak: leak.start)
        return found

    def _emails(self, text: str, work: Work) -> Iterator[Leak]:
        size = len(text)
        reverse = text[::-1]
        for at in _AT.finditer(text):
            position = at.start()
            work.candidates += 1
            work.chars += min(64, position) + min(253, size - position - 1)
            local_match = _LOCAL.match(reverse, size - position, size - position + 64)
            domain_match = _DOMAIN.match(text, position + 1, position + 1 + 253)
            if local_match and domain_match:
                local = local_match.group(0)[::-1]
                local = local[len(local) - len(local.lstrip(".．")) :]
                domain = domain_match.group(0)
                domain = domain[: len(domain.rstrip(".-．－"))]
                folded_domain = fold(domain)
                if local and _valid_domain(folded_domain):
                    start, end = position - len(local), position + 1 + len(domain)
                    if f"{fold(local)}@{folded_domain}".lower() not in self.allowed_emails:
                        yield Leak("email", start, end, text[start:end])

    def _phones(self, text: str, work: Work) -> Iterator[Leak]:
        size = len(text)
        free = 0  # candidates inside a number already found are not numbers of their own
        for candidate in _PHONE_START.finditer(text):
            start = candidate.start()
            if start < free:
                continue
            work.candidates += 1
            end_window = min(size, start + PHONE_MAX + 2)
            work.chars += end_window - start
            match = PHONE.match(text, start, end_window)
            if match is None or "ISBN" in fold(text[max(0, start - 8) : start]).upper():
                continue
            number = phone_digits(match.group(0))
            if number is None:
                continue
            free = match.end()
            if number not in self.allowed_phones:
                yield Leak("phone", start, match.end(), text[start : match.end()])

    def _hosts(self, text: str, work: Work) -> Iterator[Leak]:
        rules = self._host_rules
        for match in _DOTTED.finditer(text):
            work.candidates += 1
            work.chars += match.end() - match.start()
            host = match.group(0).rstrip(".-").lower()
            if len(host) > 253 or host in self.allowed_hosts:
                continue
            # a site names the same few hosts again and again (its own URLs in every page)
            if host in rules:
                rule = rules[host]
            else:
                rule = self._internal_rule(host)
                if len(rules) < 4096:
                    rules[host] = rule
            if rule is not None:
                start = match.start()
                yield Leak("host", start, start + len(host), text[start : start + len(host)], rule)

    def _internal_rule(self, host: str) -> str | None:
        if self._networks and host[:1].isdigit():
            try:
                address = ipaddress.ip_address(host)
            except ValueError:
                address = None
            if address is not None:
                for network in self._networks:
                    if address in network:
                        return str(network)
                return None
        if self._globs is not None and self._globs.match(host):
            return next(p for p in self.internal_hosts if fnmatch.fnmatchcase(host, p.lower()))
        return None

    def check_site(
        self, site: Site, shown_prefix: str = "", language: str | None = None, cache: LeakCache | None = None
    ) -> LeakReport:
        """Every public text: front-matter text fields, bodies, incident update texts, and
        category titles, descriptions and index bodies; staff-only pieces are exempt.
        Messages in the site's `language` (None: Japanese with the English after it).
        `cache`: the preview's findings of the entries unchanged since the last call (LeakCache)."""
        report = LeakReport()
        drafts = DraftTargets(site.drafts, site.internal)
        if cache is not None:
            cache.start((self.settings(), shown_prefix, language, drafts.paths, drafts.internal))
        for entry in site.published():
            if self.edition == PUBLIC and entry.meta.get("audience") == INTERNAL:
                continue  # built only in the internal edition (validated like a draft)
            found = cache.get(entry) if cache is not None else None
            if found is None:
                found = LeakReport()
                self._check_entry(found, drafts, entry, shown_prefix + entry.path, language)
                if cache is not None:
                    cache.put(entry, found)
            report.errors.extend(found.errors)
            report.warnings.extend(found.warnings)
        for category in site.categories.values():
            if category.index_path is None or category.draft:
                continue
            shown = shown_prefix + category.index_path
            for key in ("title", "description"):
                line = category.lines.get(key, 1)
                self._leaks(report, shown, getattr(category, key), line, key, language, same_line=True)
            body = public_markdown(category.body)
            self._scan(report, drafts, category.index_path, shown, body, category.body_line, "body", language)
        return report

    def _check_entry(
        self, report: LeakReport, drafts: DraftTargets, entry: Entry, shown: str, language: str | None
    ) -> None:
        """One published entry's findings (check_site)."""
        for key, value in entry.meta.items():
            if key in _NOT_PUBLIC_KEYS or key == "updates":
                continue
            kind = FIELDS[key].kind if key in FIELDS else "text"
            if kind in _NOT_TEXT:
                continue
            line = entry.lines.get(key, 1)
            for path, text in _strings(value, key):
                self._leaks(report, shown, text, line, path, language, same_line=True)
        body = public_markdown(entry.body)
        self._scan(report, drafts, entry.path, shown, body, entry.body_line, "body", language)
        # The list as written (not entry.updates, which skips invalid items): keys and
        # lines then name the same item `madoguchi check` does.
        raw = entry.meta.get("updates")
        for index, item in enumerate(raw if isinstance(raw, list) else []):
            written = item.get("text") if isinstance(item, Mapping) else None
            if isinstance(written, str):
                key = f"updates[{index}]"
                line = entry.lines.get(key) or entry.lines.get("updates", 1)
                text = public_markdown(written)
                self._scan(report, drafts, entry.path, shown, text, line, f"{key}.text", language, same_line=True)

    def settings(self) -> tuple[object, ...]:
        """What decides the findings besides the text (LeakCache's key)."""
        return (
            self.allowed_emails,
            self.allowed_phones,
            self.allowed_hosts,
            self.internal_hosts,
            self.level,
            self.edition,
        )

    def _leaks(
        self,
        report: LeakReport,
        shown: str,
        text: str,
        first_line: int,
        key: str,
        language: str | None,
        *,
        same_line: bool = False,
    ) -> None:
        if self.allows_leaks:
            return
        findings = report.errors if self.level == ERROR else report.warnings
        for leak in self.find(text):
            line = first_line if same_line else first_line + text.count("\n", 0, leak.start)
            findings.append(Problem(shown, line, key, leak.text().say(language)))

    def _scan(
        self,
        report: LeakReport,
        drafts: DraftTargets,
        source: str,
        shown: str,
        text: str,
        first_line: int,
        key: str,
        language: str | None,
        *,
        same_line: bool = False,
    ) -> None:
        """Findings in `text`, numbered from `first_line` (or all on it: an update's text)."""
        self._leaks(report, shown, text, first_line, key, language, same_line=same_line)
        links = _may_link(text) if drafts else ()
        if not links:
            return
        for offset, line in enumerate(text.splitlines()):
            number = first_line if same_line else first_line + offset
            for href in _hrefs(line, links):
                target = drafts.linked_draft(source, href)
                if target is not None:
                    what = "leak.link_internal" if target in drafts.internal else "leak.link_draft"
                    message = Text.of(what, target=repr(target)).say(language)
                    report.errors.append(Problem(shown, number, key, message))


def _network(text: str) -> Any:
    """`10.0.0.0/8` or `192.168.1.5` as an IP network, or None for a host pattern."""
    if not re.fullmatch(r"[0-9a-fA-F.:]+(?:/[0-9]{1,3})?", text) or not re.search(r"[.:]", text):
        return None
    try:
        return ipaddress.ip_network(text, strict=False)
    except ValueError:
        return None


def _strings(value: object, key: str) -> Iterator[tuple[str, str]]:
    """Every text in a front-matter value, with its key path (`tags[1]`, `links.label`)."""
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{key}[{index}]")
    elif isinstance(value, Mapping):
        for name, item in value.items():
            yield from _strings(item, f"{key}.{name}")


class LeakCache:
    """The preview's findings per entry, kept between rebuilds (`mkdocs serve --dirty`): an
    entry's findings depend only on its own texts (the same Entry object while its file is
    unchanged: model.SourceCache), the guard's settings, the shown prefix, the language, and
    the drafts and internal pages its links could name; when any of those last changes, every
    entry is checked again."""

    def __init__(self) -> None:
        self.key: tuple[object, ...] | None = None
        self.kept: dict[str, tuple[Entry, LeakReport]] = {}  # path → (the entry checked, its findings)
        self.checked = 0  # entries checked (not taken from the cache) by the last check_site

    def start(self, key: tuple[object, ...]) -> None:
        if key != self.key:
            self.kept = {}
            self.key = key
        self.checked = 0

    def get(self, entry: Entry) -> LeakReport | None:
        kept = self.kept.get(entry.path)
        return kept[1] if kept is not None and kept[0] is entry else None

    def put(self, entry: Entry, report: LeakReport) -> None:
        self.kept[entry.path] = (entry, report)
        self.checked += 1


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


def _may_link(text: str) -> tuple[re.Pattern[str], ...]:
    """The link patterns that match somewhere in `text`: only those can name a draft in one
    of its lines, so the line loop runs only them, or is skipped when there are none. The
    `in` tests are cheaper necessary conditions (a link has `](`, `]:` or `<`)."""
    found: list[re.Pattern[str]] = []
    if "](" in text and MD_LINK.search(text):
        found.append(MD_LINK)
    if "]:" in text and _REF_ANYWHERE.search(text):
        found.append(REF_DEFINITION)
    if "<" in text and HTML_HREF.search(text):
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
