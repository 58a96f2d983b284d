"""Staff-only text inside a public answer: `!!! internal` / `??? internal` admonitions and HTML
comments. The public edition removes them from the Markdown before it is rendered, so they
reach no page, search index, JSON-LD, feed or report; the audit asks for the same pieces to
look for them in a built site. Lines are replaced by empty lines, never removed, so every
line number an editor is told stays right. Pure text in, text out: no MkDocs import.

Fenced code (``` or ~~~) is left as written: a comment or an `!!! internal` line shown as
code is an example, not a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PUBLIC = "public"
INTERNAL = "internal"
EDITIONS = (PUBLIC, INTERNAL)
AUDIENCES = (PUBLIC, INTERNAL)

# `!!! internal`, `??? internal "社内メモ"`, `???+ internal`, `!!! note internal` (any class)
_BLOCK_START = re.compile(
    r"^([ \t]*)(?:!!!|\?\?\?\+?)[ \t]+([\w-]+(?:[ \t]+[\w-]+)*)"  # marker, then the classes
    r"(?:[ \t]+\"[^\"]*\"|[ \t]+'[^']*')?[ \t]*$"  # an optional title
)
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_COMMENT_OPEN = "<!--"
_COMMENT_CLOSE = "-->"


@dataclass(frozen=True)
class StaffOnly:
    """One staff-only piece of a Markdown text: its first line (1-based, in that text), the
    kind (`internal` block or HTML `comment`) and its text as written."""

    line: int
    kind: str
    text: str


def _indent(line: str) -> int:
    expanded = line.expandtabs(4)
    return len(expanded) - len(expanded.lstrip(" "))


def _is_internal_start(line: str) -> bool:
    match = _BLOCK_START.match(line)
    return match is not None and INTERNAL in match.group(2).split()


def staff_only(markdown: str) -> list[StaffOnly]:
    """Every internal block and HTML comment of `markdown`, in order."""
    return _scan(markdown)[1]


def public_markdown(markdown: str) -> str:
    """`markdown` without its internal blocks and HTML comments; the same number of lines."""
    if "internal" not in markdown and _COMMENT_OPEN not in markdown:
        return markdown  # the common case costs two substring searches
    return _scan(markdown)[0]


def _scan(markdown: str) -> tuple[str, list[StaffOnly]]:
    lines = markdown.split("\n")
    out: list[str] = []
    found: list[StaffOnly] = []
    fence: str | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        fence_match = _FENCE.match(line)
        if fence is not None:
            if fence_match and fence_match.group(1)[0] == fence[0] and len(fence_match.group(1)) >= len(fence):
                fence = None
            out.append(line)
            index += 1
            continue
        if fence_match:
            fence = fence_match.group(1)
            out.append(line)
            index += 1
            continue
        if _is_internal_start(line):
            start, base = index, _indent(line)
            index += 1
            last = start
            while index < len(lines):
                candidate = lines[index]
                if candidate.strip() == "":
                    index += 1
                    continue
                if _indent(candidate) > base:
                    last = index
                    index += 1
                    continue
                break
            found.append(StaffOnly(start + 1, "internal", "\n".join(lines[start : last + 1])))
            out.extend("" for _ in range(start, last + 1))
            out.extend(lines[last + 1 : index])  # blank lines after the block stay
            continue
        if _COMMENT_OPEN in line:
            index = _strip_comments(lines, index, out, found)
            continue
        out.append(line)
        index += 1
    return "\n".join(out), found


def _strip_comments(lines: list[str], index: int, out: list[str], found: list[StaffOnly]) -> int:
    """Remove the comments that start on lines[index] (a comment may span lines); append the
    kept text to `out`, one entry per consumed line. Returns the next line to read."""
    line = lines[index]
    kept = ""
    position = 0
    while True:
        start = line.find(_COMMENT_OPEN, position)
        if start < 0:
            kept += line[position:]
            break
        kept += line[position:start]
        end = line.find(_COMMENT_CLOSE, start + len(_COMMENT_OPEN))
        if end >= 0:
            found.append(StaffOnly(index + 1, "comment", line[start : end + len(_COMMENT_CLOSE)]))
            position = end + len(_COMMENT_CLOSE)
            continue
        # the comment goes on over the next lines
        text = [line[start:]]
        comment_line = index + 1
        while index + 1 < len(lines):
            out.append(kept)
            kept = ""
            index += 1
            line = lines[index]
            end = line.find(_COMMENT_CLOSE)
            if end >= 0:
                text.append(line[: end + len(_COMMENT_CLOSE)])
                found.append(StaffOnly(comment_line, "comment", "\n".join(text)))
                position = end + len(_COMMENT_CLOSE)
                break
            text.append(line)
        else:
            # never closed: HTML treats the rest of the document as the comment
            found.append(StaffOnly(comment_line, "comment", "\n".join(text)))
            out.append(kept)
            return index + 1
    out.append(kept)
    return index + 1


def internal_markdown(markdown: str, title: str) -> str:
    """The internal edition's Markdown: every internal block is titled `title` (e.g. 社内限定),
    or `title: its own title` when it has one, so it reads as staff-only wherever it is shown.
    Blocks with an empty title (`""`, no title bar), comments and fenced code are left as written."""
    if "internal" not in markdown:
        return markdown
    lines = markdown.split("\n")
    fence: str | None = None
    for index, line in enumerate(lines):
        fence_match = _FENCE.match(line)
        if fence is not None:
            if fence_match and fence_match.group(1)[0] == fence[0] and len(fence_match.group(1)) >= len(fence):
                fence = None
            continue
        if fence_match:
            fence = fence_match.group(1)
            continue
        if not _is_internal_start(line):
            continue
        titled = _TITLED.match(line.rstrip())
        if titled is None:
            lines[index] = f'{line.rstrip()} "{title}"'
        elif titled.group(3).strip():
            quote = titled.group(2)
            lines[index] = f"{titled.group(1)} {quote}{title}: {titled.group(3)}{quote}"
    return "\n".join(lines)


_TITLED = re.compile(r"""^(.*?)[ \t]+(["'])(.*)\2$""")
