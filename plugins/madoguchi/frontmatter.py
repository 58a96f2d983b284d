"""Split a Markdown file into YAML front matter and body, keeping line numbers.

python-frontmatter is not used: it cannot say on which line a key stands, nor reject
duplicate keys, and both are part of the content contract's error format.
Dates stay strings here (no YAML timestamp resolution) so that `2026-13-01` is
reported by the model with its line instead of crashing the YAML constructor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # libyaml's parser is ~10x faster; the constructor stays Python either way
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

BOM = "\ufeff"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class FrontMatterError(Exception):
    """Front matter that cannot be read: YAML syntax, not a mapping, duplicate key."""

    def __init__(self, line: int, key: str, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.key = key
        self.message = message


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader that keeps dates as text and refuses duplicate keys."""

    line_offset = 0

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
            except TypeError:  # unhashable key: let PyYAML report it
                continue
            if duplicate:
                raise FrontMatterError(
                    key_node.start_mark.line + 1 + self.line_offset,
                    str(key),
                    f"duplicate key {str(key)!r} (each key may appear only once)",
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class FrontMatter:
    data: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # top-level key → 1-based line
    body: str = ""
    body_line: int = 1  # 1-based line where the body starts
    present: bool = False  # the file has a front matter block at all


def _is_fence(line: str, closing: bool) -> bool:
    stripped = line.rstrip("\r\n").rstrip()
    return stripped == "---" or (closing and stripped == "...")


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(yaml text or None, body, body's first line). Accepts a BOM and CRLF."""
    if text.startswith(BOM):
        text = text[1:]
    lines = text.splitlines(keepends=True)
    if not lines or not _is_fence(lines[0], closing=False):
        return None, text, 1
    for index in range(1, len(lines)):
        if _is_fence(lines[index], closing=True):
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    raise FrontMatterError(1, "-", "front matter opened with '---' is never closed (expected a '---' line)")


def read_front_matter(text: str) -> FrontMatter:
    """Parse the front matter of a Markdown file. Raises FrontMatterError."""
    yaml_text, body, body_line = split_front_matter(text)
    if yaml_text is None:
        return FrontMatter(body=body)
    loader = _Loader(yaml_text)
    loader.line_offset = 1  # the opening '---' is line 1
    try:
        node = loader.get_single_node()
        if node is None:
            return FrontMatter(body=body, body_line=body_line, present=True)
        if not isinstance(node, yaml.MappingNode):
            raise FrontMatterError(
                node.start_mark.line + 2, "-", "front matter is not a mapping (expected key: value lines)"
            )
        lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                lines.setdefault(str(key_node.value), key_node.start_mark.line + 2)
                if isinstance(value_node, yaml.SequenceNode):  # e.g. updates[2] → its line
                    for index, item in enumerate(value_node.value):
                        lines.setdefault(f"{key_node.value}[{index}]", item.start_mark.line + 2)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 2 if mark else 1
        problem = error.problem or "invalid YAML"
        raise FrontMatterError(line, "-", f"YAML syntax error: {problem}") from None
    except yaml.YAMLError as error:
        raise FrontMatterError(1, "-", f"YAML error: {error}") from None
    finally:
        loader.dispose()
    return FrontMatter(
        data={str(k): v for k, v in data.items()},
        lines=lines,
        body=body,
        body_line=body_line,
        present=True,
    )
