"""Split a Markdown file into YAML front matter and body, keeping line numbers.

python-frontmatter is not used: it cannot say on which line a key stands, nor reject
duplicate keys, and both are part of the content contract's error format.
Dates stay strings here (no YAML timestamp resolution) so that `2026-13-01` is
reported by the model with its line instead of crashing the YAML constructor.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .texts import Text

try:  # libyaml's parser is ~10x faster; the constructor stays Python either way
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

BOM = "\ufeff"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class FrontMatterError(Exception):
    """Front matter that cannot be read: YAML syntax, not a mapping, duplicate key."""

    def __init__(self, line: int, key: str, message: str, hint: str | Text = "") -> None:
        super().__init__(message)
        self.line = line
        self.key = key
        self.message = message
        # the usual cause in plain words: a catalog key (yaml.hint.*) or text (yaml.*), or ""
        self.hint = hint


def explain(message: str, hint: str | Text, language: str | None) -> str:
    """A front-matter error as an editor of a `language` site reads it (`日本語 / English`,
    or English on an English site): the usual cause in plain words when one was recognised
    (tab, unclosed quote, colon), else PyYAML's own words. None: English."""
    if language is None and not hint:
        return message
    if isinstance(hint, str) and hint:
        hint = Text.of(hint)
    elif not hint and message.startswith(_SYNTAX):
        hint = Text.of("yaml.error", problem=message.removeprefix(_SYNTAX))
    if not isinstance(hint, Text):
        return message
    return hint.render("en") if language is None else hint.say(language)


_SYNTAX = "YAML syntax error: "


def _hint(error: yaml.MarkedYAMLError, yaml_text: str) -> tuple[str, yaml.Mark | None]:
    """(catalog key of the usual cause, the mark to report) of a YAML syntax error."""
    mark = error.problem_mark or error.context_mark
    if error.context and "quoted scalar" in error.context and error.context_mark is not None:
        return "yaml.hint.quote", error.context_mark  # where the quote was opened
    if mark is not None:
        lines = yaml_text.splitlines()
        near = lines[max(0, mark.line - 1) : mark.line + 1]
        if any("\t" in line[: len(line) - len(line.lstrip())] for line in near):
            return "yaml.hint.tab", mark
    if error.problem and "mapping values are not allowed" in error.problem:
        return "yaml.hint.colon", mark
    return "", mark


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
                    Text.of("yaml.duplicate", key=repr(str(key))),
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

    def __reduce__(self) -> tuple[type[FrontMatter], tuple[Any, ...]]:
        # Pickled by model.load_site's helper process: field values only (faster than
        # pickle's default, which rebuilds the instance dict).
        return FrontMatter, (self.data, self.lines, self.body, self.body_line, self.present)


def _is_fence(line: str, closing: bool) -> bool:
    stripped = line.rstrip("\r\n").rstrip()
    return stripped == "---" or (closing and stripped == "...")


# Line breaks other than LF that str.splitlines() honours. Where none stands before the
# closing fence, searching for "\n" finds the same lines without cutting the body into lines.
_OTHER_LINE_BREAKS = re.compile(r"[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_NEVER_CLOSED = "front matter opened with '---' is never closed (expected a '---' line)"


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(yaml text or None, body, body's first line). Accepts a BOM and CRLF."""
    if text.startswith(BOM):
        text = text[1:]
    split = _split_lf(text)
    if split is not None:
        return split
    lines = text.splitlines(keepends=True)
    if not lines or not _is_fence(lines[0], closing=False):
        return None, text, 1
    for index in range(1, len(lines)):
        if _is_fence(lines[index], closing=True):
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    raise FrontMatterError(1, "-", _NEVER_CLOSED, Text.of("yaml.never_closed"))


# A closing fence line: `---` or `...` and trailing white space (what str.rstrip() strips).
_CLOSING_FENCE = re.compile(r"^(?:---|\.\.\.)[^\S\n]*$", re.MULTILINE)


def _split_lf(text: str) -> tuple[str | None, str, int] | None:
    """split_front_matter by LF alone, or None when another line break makes it unsure."""
    first_end = text.find("\n")
    if first_end == -1:
        first_end = len(text)
    if _OTHER_LINE_BREAKS.search(text, 0, first_end):
        return None
    if text[:first_end].rstrip() != "---":
        return None, text, 1
    fence = _CLOSING_FENCE.search(text, first_end + 1)
    if fence is None or _OTHER_LINE_BREAKS.search(text, first_end, fence.end()):
        return None  # never closed (the general path reports it), or other line breaks
    body_line = text.count("\n", 0, fence.start()) + 2
    return text[first_end + 1 : fence.start()], text[fence.end() + 1 :], body_line


def read_front_matter(text: str) -> FrontMatter:
    """Parse the front matter of a Markdown file. Raises FrontMatterError."""
    yaml_text, body, body_line = split_front_matter(text)
    if yaml_text is None:
        return FrontMatter(body=body)
    parsed = parse_simple_yaml(yaml_text)
    data, lines = parsed if parsed is not None else parse_yaml(yaml_text)
    return FrontMatter(data=data, lines=lines, body=body, body_line=body_line, present=True)


def parse_yaml(yaml_text: str) -> tuple[dict[str, Any], dict[str, int]]:
    """(data, lines) of a front matter block with PyYAML. Raises FrontMatterError."""
    loader = _Loader(yaml_text)
    loader.line_offset = 1  # the opening '---' is line 1
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, {}
        if not isinstance(node, yaml.MappingNode):
            raise FrontMatterError(
                node.start_mark.line + 2,
                "-",
                "front matter is not a mapping (expected key: value lines)",
                Text.of("yaml.not_mapping"),
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
        hint, mark = _hint(error, yaml_text)
        line = mark.line + 2 if mark else 1
        problem = error.problem or "invalid YAML"
        message = f"{_SYNTAX}{problem}"
        raise FrontMatterError(line, "-", message, hint) from None
    except yaml.YAMLError as error:
        raise FrontMatterError(1, "-", f"YAML error: {error}") from None
    finally:
        loader.dispose()
    return {str(k): v for k, v in data.items()}, lines


# --- Fast path -------------------------------------------------------------------------
# Hand-written parsing is justified here only by performance: at 20,000 entries PyYAML
# spent ~120 µs per file (~35 µs just creating a libyaml parser), most of `madoguchi
# stale`'s time budget. Front matter is nearly always a handful of `key: scalar` lines and
# lists, so that subset is read line by line below. Anything outside it — comments,
# anchors, tags, block or multi-line scalars, flow mappings, escapes, tabs, unusual
# characters, duplicate keys, any line not recognised — returns None and the whole block
# goes to PyYAML, which stays the reference (tests/test_frontmatter_fastpath.py proves
# both give identical results). Scalars are resolved and constructed by the same loader
# class (its resolver table and constructors), never by regexes of our own.

# Characters the fast path leaves to PyYAML wherever they stand: anything YAML treats as
# non-printable or as an extra line break (C0/C1 controls incl. CR and NEL, LS, PS,
# surrogates, BOM, U+FFFE/U+FFFF), tabs, comments, escapes, flow mappings. (A positive
# class: about 4x faster than the negated printable set on Japanese text.)
_UNSURE_CHAR = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff#\\{}]")
_KEY_PATTERN = r"([A-Za-z_][A-Za-z0-9_-]{0,127}):"
# `key:` then, after spaces, the common value forms; group 5 (anything else) goes to _value.
_KEY_VALUE = re.compile(
    _KEY_PATTERN + r"""(?: +(?:'([^']*(?:''[^']*)*)'|"([^"]*)"|(\[[^\[\]{}'":?]*\])|(.*[^ ])))? *"""
)
_ITEM = re.compile(r"( *)- +(.*)")  # `  - value`
_SINGLE_QUOTED = re.compile(r"'((?:[^']|'')*)' *")
_DOUBLE_QUOTED = re.compile(r'"([^"]*)" *')  # backslashes were refused above: no escapes
_PLAIN_START = frozenset("-?:,[]{}#&*!|>'\"%@` ")  # indicators a plain scalar cannot start with
_FLOW_ITEM = re.compile(r"""'((?:[^']|'')*)'|"([^"]*)"|([^-?:,\[\]{}#&*!|>'"%@` ][^:?,\[\]{}#'"]*?)(?= *[,\]])""")
_FLOW_AFTER_ITEM = re.compile(r" *([,\]])")
_SCALAR_TAGS = frozenset("tag:yaml.org,2002:" + name for name in ("null", "bool", "int", "float", "str"))
_UNSURE = object()  # a value the fast path will not decide
_SCALAR_LOADER = _Loader("")  # only its resolver and constructors are used (stateless for scalars)


_STR_TAG = "tag:yaml.org,2002:str"
# First characters for which the loader has implicit resolvers (digits, y/n/t/f/o, ~, ., ...):
# a plain scalar starting otherwise resolves to str, like every quoted one.
_RESOLVED_FIRST = frozenset(_Loader.yaml_implicit_resolvers)


def _scalar(value: str, plain: bool) -> Any:
    """A scalar as our loader would construct it: YAML 1.1 types for plain ones, no timestamps."""
    if (not plain or (value and value[0] not in _RESOLVED_FIRST)) and None not in _RESOLVED_FIRST:
        return value  # the str tag, whose constructor returns the text as it is
    return _typed_scalar(value, plain)


@functools.lru_cache(maxsize=16384)
def _typed_scalar(value: str, plain: bool) -> Any:
    tag = _SCALAR_LOADER.resolve(yaml.ScalarNode, value, (plain, not plain))
    if tag == _STR_TAG:
        return value  # its constructor returns the text as it is
    if tag not in _SCALAR_TAGS:  # e.g. `=` (value) or `<<` (merge): not ours to decide
        return _UNSURE
    node = yaml.ScalarNode(tag, value, style=None if plain else "'")
    return _SCALAR_LOADER.yaml_constructors[tag](_SCALAR_LOADER, node)


def _plain(text: str) -> Any:
    """A single-line plain scalar in block context (trailing spaces are not part of it)."""
    text = text.rstrip(" ")
    if not text:
        return _scalar("", True)
    if text[0] in _PLAIN_START or ": " in text or text.endswith(":"):
        return _UNSURE
    return _scalar(text, True)


def _simple_flow_sequence(text: str) -> Any:
    """`[a, b]` whose items are plain (no quotes, colons or brackets inside)."""
    inner = text[1:-1]
    if not inner.strip(" "):
        return []
    items: list[Any] = []
    for raw in inner.split(","):
        item = raw.strip(" ")
        if not item or item[0] in _PLAIN_START:  # `[a,,b]`, `[a,]`, `[-1]`, `[&x]`: PyYAML's call
            return _UNSURE
        value = _scalar(item, True)
        if value is _UNSURE:
            return _UNSURE
        items.append(value)
    return items


def _flow_sequence(text: str) -> Any:
    """`[a, 'b', "c"]` on one line, items simple scalars; anything else is _UNSURE."""
    items: list[Any] = []
    length = len(text)
    position = 1
    while position < length and text[position] == " ":
        position += 1
    if text.startswith("]", position):
        position += 1
    else:
        while True:
            while position < length and text[position] == " ":
                position += 1
            match = _FLOW_ITEM.match(text, position)
            if match is None or match.end() == position:
                return _UNSURE
            single, double, plain = match.groups()
            if single is not None:
                value = _scalar(single.replace("''", "'"), False)
            elif double is not None:
                value = _scalar(double, False)
            else:
                value = _scalar(plain, True)
            if value is _UNSURE:
                return _UNSURE
            items.append(value)
            after = _FLOW_AFTER_ITEM.match(text, match.end())
            if after is None:
                return _UNSURE
            position = after.end()
            if after.group(1) == "]":
                break
    if text[position:].strip(" "):
        return _UNSURE
    return items


def _value(text: str) -> Any:
    """The value after `key: ` or `- ` on the same line (without the spaces before it)."""
    first = text[:1]
    if first == "'":
        match = _SINGLE_QUOTED.fullmatch(text)
        return _scalar(match.group(1).replace("''", "'"), False) if match else _UNSURE
    if first == '"':
        match = _DOUBLE_QUOTED.fullmatch(text)
        return _scalar(match.group(1), False) if match else _UNSURE
    if first == "[":
        return _flow_sequence(text)
    return _plain(text)


def _key_value(match: re.Match[str]) -> Any:
    """The value of a _KEY_VALUE match: None for `key:` alone, _UNSURE when not simple."""
    single, double, flow, other = match.group(2, 3, 4, 5)
    if single is not None:
        return _scalar(single.replace("''", "'"), False)
    if double is not None:
        return _scalar(double, False)
    if flow is not None:
        return _simple_flow_sequence(flow)
    return _value(other) if other else None


def parse_simple_yaml(yaml_text: str) -> tuple[dict[str, Any], dict[str, int]] | None:
    """(data, lines) exactly as parse_yaml would return them, or None when the block is
    outside the simple subset (then parse_yaml decides, errors included)."""
    text = yaml_text.replace("\r\n", "\n") if "\r" in yaml_text else yaml_text
    if _UNSURE_CHAR.search(text):
        return None
    data: dict[Any, Any] = {}
    lines: dict[str, int] = {}
    key: Any = None  # the last top-level key (constructed) ...
    raw_key = ""  # ... and as written
    open_value = False  # it had no value on its line: a block list may follow
    sequence: list[Any] | None = None  # the block list being read
    indent = -1  # the indentation of its `- ` items
    inside = ""  # the indentation of the keys of a list item's mapping (indent + 2 spaces)
    item: dict[Any, Any] | None = None  # the current list item, when it is a mapping
    for number, line in enumerate(text.split("\n"), start=2):
        if not line:
            continue
        if sequence is not None or open_value:
            match = _ITEM.fullmatch(line)
            if match is not None:
                if sequence is None:
                    sequence, indent = [], len(match.group(1))
                    inside = " " * (indent + 2)
                    data[key] = sequence
                    open_value = False
                elif len(match.group(1)) != indent:
                    return None
                rest = match.group(2)
                head = _KEY_VALUE.fullmatch(rest)
                if not rest or (head is not None and match.start(2) != len(inside)):
                    return None  # `- ` alone (null item) or `-   key:` (a mapping further in)
                lines[f"{raw_key}[{len(sequence)}]"] = number
                if head is not None:
                    item = {}
                    if not _add(item, head):
                        return None
                    sequence.append(item)
                else:
                    item = None
                    value = _value(rest)
                    if value is _UNSURE:
                        return None
                    sequence.append(value)
                continue
            if item is not None and line.startswith(inside) and line[len(inside) : len(inside) + 1] not in ("", " "):
                # `    key: value` continues the list item's mapping
                head = _KEY_VALUE.fullmatch(line, len(inside))
                if head is None or not _add(item, head):
                    return None
                continue
            sequence, item, open_value = None, None, False
        head = _KEY_VALUE.fullmatch(line)  # a top-level key starts in column 1
        if head is None:
            return None
        raw_key, single, double, flow, other = head.groups()
        key = _scalar(raw_key, True)
        if key is _UNSURE or key in data:  # duplicates: PyYAML reports them
            return None
        if single is not None:  # (_key_value inlined: this is the hot loop)
            value = _scalar(single.replace("''", "'"), False)
        elif double is not None:
            value = _scalar(double, False)
        elif flow is not None:
            value = _simple_flow_sequence(flow)
        elif other:
            value = _value(other)
        else:
            value = None
            open_value = True
        if value is _UNSURE:
            return None
        lines[raw_key] = number
        data[key] = value
        if isinstance(value, list):  # a flow list: its items stand on the key's line
            for index in range(len(value)):
                lines[f"{raw_key}[{index}]"] = number
    if not data:  # an empty block: PyYAML's answer is the reference
        return None
    return {str(k): v for k, v in data.items()}, lines


def _add(mapping: dict[Any, Any], head: re.Match[str]) -> bool:
    """Add a list item's `key: value` to its mapping; False when unsure or a duplicate."""
    key = _scalar(head.group(1), True)
    value = _key_value(head)
    if key is _UNSURE or value is _UNSURE or key in mapping:
        return False
    mapping[key] = value
    return True
