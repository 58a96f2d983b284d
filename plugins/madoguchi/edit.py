"""Byte-preserving front-matter edits: the only code that writes content files.

An edit changes one top-level scalar value or adds one item to a top-level list, in place,
by splicing text at the positions PyYAML reports for the nodes. Every other byte survives:
comments, key order, quoting style, indentation, CRLF line endings, a UTF-8 BOM, and a
missing final newline. Every edit is verified by re-reading the result: if any value other
than the one being changed would differ, the edit is refused instead of written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .frontmatter import BOM, FrontMatter, FrontMatterError, read_front_matter


class EditError(Exception):
    """The file cannot be edited safely; the message says why (without the file name)."""


@dataclass(frozen=True)
class _Block:
    """Where the YAML between the `---` fences sits in the file's text."""

    yaml_text: str
    start: int  # index of yaml_text's first character in the text
    eol: str  # the file's line ending, taken from the opening fence


def _block(text: str) -> _Block:
    offset = len(BOM) if text.startswith(BOM) else 0
    lines = text[offset:].splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n").rstrip() != "---":
        raise EditError("has no front matter (expected a first line '---')")
    eol = "\r\n" if lines[0].endswith("\r\n") else "\n"
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n").rstrip() in ("---", "..."):
            return _Block("".join(lines[1:index]), offset + len(lines[0]), eol)
    raise EditError("front matter opened with '---' is never closed")


def _read(text: str) -> FrontMatter:
    try:
        return read_front_matter(text)
    except FrontMatterError as error:
        raise EditError(f"line {error.line}: {error.message}") from None


def _top_level(block: _Block) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    node = yaml.compose(block.yaml_text, Loader=yaml.SafeLoader) if block.yaml_text.strip() else None
    if node is None:
        return {}
    if not isinstance(node, yaml.MappingNode):
        raise EditError("front matter is not a mapping (expected key: value lines)")
    return {str(key.value): (key, value) for key, value in node.value if isinstance(key, yaml.ScalarNode)}


def yaml_scalar(value: str, style: str | None = None) -> str:
    """`value` as a one-line YAML scalar that reads back as the same text.

    Keeps the requested quoting style (None = plain) when it can; falls back to double quotes.
    """
    candidates: list[str] = []
    if "\n" not in value and "\r" not in value:
        if style == "'":
            candidates.append("'" + value.replace("'", "''") + "'")
        elif style is None:
            candidates.append(value)
    candidates += [_double_quoted(value, unicode=True), _double_quoted(value, unicode=False)]
    for candidate in candidates:
        try:
            if read_front_matter(f"---\nk: {candidate}\n---\n").data == {"k": value}:
                return candidate
        except FrontMatterError:
            continue
    return _double_quoted(value, unicode=False)  # pragma: no cover - PyYAML's own escaping


def _double_quoted(value: str, unicode: bool) -> str:
    """PyYAML's own double-quoted form on one line (it knows which characters need escapes)."""
    dumped = yaml.safe_dump(value, default_style='"', allow_unicode=unicode, width=1 << 30)
    return dumped.rstrip("\n").removesuffix("\n...").rstrip("\n")


def _verify(before: FrontMatter, text: str, expected: dict[str, Any]) -> str:
    after = _read(text)
    if after.data != expected or after.body != before.body:
        raise EditError("the change would alter other values; edit this file by hand")
    return text


def set_value(text: str, key: str, value: str, *, after: tuple[str, ...] = ()) -> str:
    """Set top-level `key` to the scalar `value`. When `key` is missing it is added on the
    line after the first of the keys `after` that the file has (after its whole value),
    else as the last line of the front matter. Returns the new text."""
    before = _read(text)
    if not before.present:
        raise EditError("has no front matter (expected a first line '---')")
    block = _block(text)
    nodes = _top_level(block)
    expected = dict(before.data)
    expected[key] = value
    if key not in nodes:
        at = block.start + _insertion_point(block, nodes, after)
        line = f"{key}: {yaml_scalar(value)}{block.eol}"
        return _verify(before, text[:at] + line + text[at:], expected)
    key_node, node = nodes[key]
    if not isinstance(node, yaml.ScalarNode):
        raise EditError(f"{key}: is a list or mapping, not a single value; edit it by hand")
    if node.style in ("|", ">"):
        raise EditError(f"{key}: is a block scalar ({node.style}); edit it by hand")
    start = block.start + node.start_mark.index
    end = block.start + node.end_mark.index
    if start == end:  # `key:` with no value: write after the colon
        return _verify(before, text[:start] + " " + yaml_scalar(value) + text[end:], expected)
    return _verify(before, text[:start] + yaml_scalar(value, node.style) + text[end:], expected)


def _last_end(node: yaml.Node) -> int:
    """Index just past the last character of `node`'s content (block collections end
    where the next token starts, so they are measured by their children)."""
    if isinstance(node, yaml.ScalarNode) or getattr(node, "flow_style", False):
        return int(node.end_mark.index)
    children: list[yaml.Node] = []
    if isinstance(node, yaml.SequenceNode):
        children = list(node.value)
    elif isinstance(node, yaml.MappingNode):
        children = [part for pair in node.value for part in pair]
    return max((_last_end(child) for child in children), default=int(node.end_mark.index))


def _line_end(yaml_text: str, index: int) -> int:
    """`index` when it starts a line, else the start of the next line."""
    if index > 0 and yaml_text[index - 1] not in "\r\n":
        newline = yaml_text.find("\n", index)
        return len(yaml_text) if newline < 0 else newline + 1
    return index


def _insertion_point(block: _Block, nodes: dict[str, tuple[yaml.Node, yaml.Node]], after: tuple[str, ...]) -> int:
    for name in after:
        if name in nodes:
            return _line_end(block.yaml_text, _last_end(nodes[name][1]))
    return len(block.yaml_text)


def _item_lines(item: Mapping[str, str], dash: int, content: int, eol: str) -> str:
    lines = []
    for number, (name, value) in enumerate(item.items()):
        prefix = " " * dash + "-" + " " * (content - dash - 1) if number == 0 else " " * content
        lines.append(f"{prefix}{name}: {yaml_scalar(value)}{eol}")
    return "".join(lines)


def add_list_item(text: str, key: str, item: Mapping[str, str], *, first: bool = False) -> str:
    """Add the mapping `item` to the top-level block list `key`, as its last item (or its
    first with `first=True`), indented like the existing items. Returns the new text."""
    before = _read(text)
    if not before.present:
        raise EditError("has no front matter (expected a first line '---')")
    block = _block(text)
    nodes = _top_level(block)
    current = before.data.get(key)
    expected = dict(before.data)
    expected[key] = ([dict(item)] + list(current or [])) if first else (list(current or []) + [dict(item)])
    if key not in nodes:
        at = block.start + len(block.yaml_text)
        lines = f"{key}:{block.eol}" + _item_lines(item, 2, 4, block.eol)
        return _verify(before, text[:at] + lines + text[at:], expected)
    _, node = nodes[key]
    if not isinstance(node, yaml.SequenceNode):
        raise EditError(f"{key}: is not a list; edit it by hand")
    if node.flow_style or not node.value:
        raise EditError(f"{key}: is written as [ ... ] on one line; write it as a '- ' list to add items")
    dash = node.start_mark.column
    content = max(node.value[0].start_mark.column, dash + 2)
    lines = _item_lines(item, dash, content, block.eol)
    if first:
        at = block.start + node.start_mark.index - dash
        return _verify(before, text[:at] + lines + text[at:], expected)
    at = block.start + _line_end(block.yaml_text, _last_end(node.value[-1]))
    return _verify(before, text[:at] + lines + text[at:], expected)


def read_text(path: Path) -> str:
    """The file's exact text: no newline translation, BOM kept."""
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def write_text(path: Path, text: str) -> None:
    """Write `text` back byte for byte (no newline translation)."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)


def write_files(root: Path, files: Mapping[str, str | bytes]) -> None:
    """Write new or replaced content files under `root` (paths relative to it, POSIX): text
    as UTF-8 with no newline translation, bytes as they are. Each file is written beside its
    target and renamed over it, so a reader never sees half a file; all are staged before the
    first rename, so a failure while writing leaves the content folder as it was."""
    import os
    import tempfile

    staged: list[tuple[str, Path]] = []
    try:
        for relative, content in files.items():
            target = root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".madoguchi-", suffix=".tmp")
            with os.fdopen(handle, "wb") as stream:
                stream.write(content.encode("utf-8") if isinstance(content, str) else content)
            os.chmod(temporary, target.stat().st_mode & 0o7777 if target.exists() else 0o644)
            staged.append((temporary, target))
    except BaseException:
        for temporary, _ in staged:
            os.unlink(temporary)
        raise
    for temporary, target in staged:
        os.replace(temporary, target)
