"""Dangerous input in Markdown: raw HTML and links that would run someone's script on the
company's public site. Bodies and incident update texts are written by in-house and
outsourced editors alike; what is found here is an input error (content contract v2,
"Dangerous input is an input error"), so `madoguchi check` and the build refuse it alike.
The rendered HTML is sanitised as well (sanitize.py): this module is what tells the editor
where the problem is.

How: code (fenced, indented, code spans) is blanked out first, keeping every offset, so a
`<script>` shown as code stays allowed; the rest goes through the standard library's HTML
tokenizer (elements, attributes, entities decoded as a browser does), and Markdown link
destinations, reference definitions and attribute lists are read on their own. URLs are
judged as a browser reads them: entities decoded, ASCII whitespace and control characters
dropped, case ignored (`jav&#x61;script:`, `JaVaScRiPt:`, `java\\tscript:`).

Cost: a cheap pre-check (a few substring searches) answers for almost every body; only
bodies that contain a hint of danger are tokenized. Everything is linear in the text.
Pure text in, findings out: no MkDocs import.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

from .texts import Text

# Elements refused in raw HTML (content contract v2).
ELEMENTS = ("script", "style", "iframe", "object", "embed", "form", "base", "meta", "link")
# Attributes whose value a browser loads or navigates to.
URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "action",
        "formaction",
        "poster",
        "background",
        "cite",
        "longdesc",
        "data",
        "codebase",
        "classid",
        "archive",
        "xlink:href",
        "srcset",
        "lowsrc",
        "dynsrc",
        "ping",
        "manifest",
        "icon",
        "usemap",
        "profile",
    }
)
SCRIPT_SCHEMES = ("javascript", "vbscript")
# data: URLs that are only pictures.
_SAFE_DATA = re.compile(r"data:image/(?:png|jpeg|gif|webp)[;,]")
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
# A browser drops ASCII tab and newline anywhere in a URL, and spaces/C0 controls around it.
_DROPPED = re.compile(r"[\x00-\x20\x7f]+")

_ELEMENT_HINT = re.compile(r"<\s*/?\s*(?:" + "|".join(ELEMENTS) + ")", re.IGNORECASE)
_HANDLER_HINT = re.compile(r"on[a-z]+\s*=", re.IGNORECASE)
_SCHEME_LOOKBACK = 256  # characters before a colon searched for a script or data scheme
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
# Lines whose indented continuation is Markdown, not code: list items, admonitions and
# details (`!!!`, `???`), tabs (`===`), footnote and definition-list bodies.
_CONTAINER = re.compile(r"[ \t]*(?:[-*+][ \t]|\d{1,9}[.)][ \t]|!!!|\?\?\?|===|\[\^[^\]\n]*\]:|:[ \t])")
_HTML_BLOCK = re.compile(r"[ \t]{0,3}<([a-zA-Z][a-zA-Z0-9-]*)")
_ESCAPED_BACKTICK = re.compile(r"\\[\\`]")
_BACKTICKS = re.compile(r"`+")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_NEWLINE = re.compile("\n")
_REFERENCE = re.compile(r"^[ \t]*\[[^\[\]\n]*\]:[ \t]*\n?[ \t]*<?([^\s>]+)", re.M)
_ATTR_LIST = re.compile(r"\{:?[ \t]*([^}\n]{1,500})\}")
_DESTINATION_LIMIT = 2048  # characters read after `](`: a scheme comes first


@dataclass(frozen=True, order=True)
class Danger:
    """One dangerous piece: its line (1-based, in the text given) and what it is (a catalog
    text, `danger.*`, said in the site's language by whoever reports it)."""

    line: int
    message: Text


def url_danger(value: str) -> Text | None:
    """Why the URL `value` would run script (or show a foreign document), or None."""
    text = html.unescape(value) if "&" in value else value
    compact = _DROPPED.sub("", text).lower()
    match = _SCHEME.match(compact)
    if match is None:
        return None
    scheme = match.group(1)
    if scheme in SCRIPT_SCHEMES:
        return Text.of("danger.script_url", scheme=scheme, url=_shown(value))
    if scheme == "data" and not _SAFE_DATA.match(compact):
        return Text.of("danger.data_url", url=_shown(value))
    return None


def reference_danger(value: str) -> Text | None:
    """Why `value` is not an `http(s)://` URL nor a path under content/ (`report:`), or None."""
    text = html.unescape(value) if "&" in value else value
    compact = _DROPPED.sub("", text).lower()
    if compact.startswith(("//", "\\\\", "/\\", "\\/")):
        return Text.of("danger.no_scheme", url=_shown(value))
    match = _SCHEME.match(compact)
    if match is None:
        return None
    written = value.strip().lower()  # as written: a character reference cannot make it http
    if written.startswith(("http://", "https://")) and written.split("://", 1)[1][:1] not in ("", "/", "\\"):
        return None
    return Text.of("danger.not_http", url=_shown(value))


def _shown(value: str) -> str:
    return repr(value if len(value) <= 60 else value[:57] + "...")


def may_be_dangerous(text: str) -> bool:
    """False when `text` certainly holds nothing this module refuses (the common case):
    no tag, link, reference or attribute list, or none with a hint of danger."""
    if "<" not in text and "](" not in text and "]:" not in text and "{" not in text:
        return False
    if "&" in text:
        return True
    if "<" in text and _ELEMENT_HINT.search(text):
        return True
    if _HANDLER_HINT.search(text):
        return True
    colon = text.find(":")
    while colon >= 0:  # a few colons per body: look just before each
        before = _DROPPED.sub("", text[max(0, colon - _SCHEME_LOOKBACK) : colon]).lower()
        if before.endswith(("script", "data")):
            return True
        colon = text.find(":", colon + 1)
    return False


def markdown_dangers(text: str) -> list[Danger]:
    """Every dangerous element, event handler and URL in the Markdown `text`, in order."""
    if not may_be_dangerous(text):
        return []
    prose = _without_code(text)
    newlines = [match.start() for match in _NEWLINE.finditer(prose)]

    def line_at(offset: int) -> int:
        return bisect_right(newlines, offset - 1) + 1

    found: set[Danger] = set()
    scanner = _TagScanner(found)
    scanner.feed(prose)
    scanner.close()
    start = prose.find("](")
    while start >= 0:
        destination = _destination(prose, start + 2)
        reason = url_danger(destination) if destination else None
        if reason:
            found.add(Danger(line_at(start), Text.of("danger.in_link", reason=reason)))
        start = prose.find("](", start + 2)
    for match in _REFERENCE.finditer(prose):
        reason = url_danger(match.group(1))
        if reason:
            found.add(Danger(line_at(match.start(1)), Text.of("danger.in_reference", reason=reason)))
    if "{" in prose:
        _attribute_lists(prose, line_at, found)
    return sorted(found)


def _attribute_lists(prose: str, line_at: Callable[[int], int], found: set[Danger]) -> None:
    """`{: onclick=… href=… }` (attr_list), read by attr_list's own parser (imported only
    here: `madoguchi check` does not pay for loading Python-Markdown otherwise)."""
    from markdown.extensions.attr_list import get_attrs_and_remainder

    for match in _ATTR_LIST.finditer(prose):
        attributes, _ = get_attrs_and_remainder(match.group(1))
        for name, value in attributes:
            reason = _attribute_danger(str(name).lower(), str(value))
            if reason:
                found.add(Danger(line_at(match.start()), Text.of("danger.in_attribute_list", reason=reason)))


def _attribute_danger(name: str, value: str) -> Text | None:
    if name.startswith("on"):
        return Text.of("danger.handler", name=name)
    if name in URL_ATTRIBUTES:
        return url_danger(value)
    return None


def _destination(prose: str, start: int) -> str:
    """The link destination after `](`, as Python-Markdown reads it (`<…>` or up to the
    closing parenthesis or the title), whitespace kept so the URL check can drop it."""
    end = min(len(prose), start + _DESTINATION_LIMIT)
    index = start
    while index < end and prose[index] in " \t\n":
        index += 1
    if index < end and prose[index] == "<":
        close = prose.find(">", index, end)
        return prose[index + 1 : close if close >= 0 else end]
    depth = 0
    begin = index
    while index < end:
        char = prose[index]
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                break
            depth -= 1
        elif char in "\"'" and index > begin and prose[index - 1] in " \t\n":
            break
        index += 1
    return prose[begin:index]


class _TagScanner(HTMLParser):
    """Raw HTML as a browser's tokenizer sees it (attribute entities decoded, names lowered)."""

    def __init__(self, found: set[Danger]) -> None:
        super().__init__(convert_charrefs=True)
        self.found = found

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag in ELEMENTS:
            self.found.add(Danger(line, Text.of("danger.element", tag=tag)))
        elif ":" in tag:  # `<javascript:…>` written as an autolink
            reason = url_danger(tag)
            if reason:
                self.found.add(Danger(line, Text.of("danger.in_autolink", reason=reason)))
        for name, value in attrs:
            if name.startswith("on"):
                self.found.add(Danger(line, Text.of("danger.handler_on", name=name, tag=tag)))
            elif name in URL_ATTRIBUTES and value:
                for url in value.split(",") if name == "srcset" else [value]:
                    reason = url_danger(url.strip())
                    if reason:
                        self.found.add(Danger(line, Text.of("danger.in_attribute", tag=tag, name=name, reason=reason)))

    handle_startendtag = handle_starttag


def _indent(line: str) -> int:
    expanded = line.expandtabs(4)
    return len(expanded) - len(expanded.lstrip(" "))


def _blank(text: str) -> str:
    """`text` with every character but line breaks turned into a space."""
    return re.sub(r"[^\n]", " ", text)


def _without_code(text: str) -> str:
    """`text` with fenced and indented code blocks and code spans blanked out; the same
    length and lines, so offsets and line numbers stay those of the input."""
    out: list[str] = []
    fence: str | None = None
    containers: list[int] = []  # content indent of each open list item / admonition / tab
    previous_blank = True
    previous_code = False
    raw_html: str | None = None  # the block-level raw HTML element being read, if any
    for line in text.splitlines(keepends=True):
        if fence is not None:
            match = _FENCE.match(line)
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            out.append(_blank(line))
            continue
        match = _FENCE.match(line)
        if match:
            fence = match.group(1)
            out.append(_blank(line))
            continue
        if not line.strip():
            previous_blank = True
            out.append(line)
            continue
        indent = _indent(line)
        starts_container = bool(_CONTAINER.match(line))
        while containers and indent < containers[-1] and (previous_blank or starts_container):
            containers.pop()
        base = containers[-1] if containers else 0
        if raw_html is None and indent >= base + 4 and (previous_blank or previous_code):
            out.append(_blank(line))  # indented code block
            previous_code, previous_blank = True, False
            continue
        previous_code = previous_blank = False
        if starts_container:
            containers.append(indent + 4)
        if raw_html is not None:
            if f"</{raw_html}" in line.lower():
                raw_html = None
        else:
            block = _HTML_BLOCK.match(line)
            if block and f"</{block.group(1).lower()}" not in line.lower():
                raw_html = block.group(1).lower()  # no indented code inside raw HTML
        out.append(line)
    return _without_code_spans("".join(out))


def _without_code_spans(text: str) -> str:
    """Blank out the inside of every `code span` (backtick runs of equal length within one
    paragraph; a backslash-escaped backtick opens none)."""
    if "`" not in text:
        return text
    scan = _ESCAPED_BACKTICK.sub("  ", text)
    chars = list(text)
    paragraph_ends = [match.start() for match in _BLANK_LINE.finditer(scan)]
    runs = [(match.start(), match.end()) for match in _BACKTICKS.finditer(scan)]
    by_length: dict[int, list[int]] = {}
    for number, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(number)
    number = 0
    while number < len(runs):
        start, end = runs[number]
        same = by_length[end - start]
        position = bisect_right(same, number)
        closing = same[position] if position < len(same) else None
        if closing is not None:
            close_start = runs[closing][0]
            next_break = bisect_left(paragraph_ends, end)
            if next_break < len(paragraph_ends) and paragraph_ends[next_break] < close_start:
                closing = None  # a code span does not cross a blank line
        if closing is None:
            number += 1
            continue
        for index in range(end, runs[closing][0]):
            if chars[index] != "\n":
                chars[index] = " "
        number = closing + 1
    return "".join(chars)
