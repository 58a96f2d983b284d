"""The content loading fast paths (issue 7: `madoguchi stale` on 20,000 entries).

frontmatter.py's fast path: for the simple front matter nearly every file has, it returns
exactly what the PyYAML path returns (data, types, lines, body, body_line); for anything
else it declines and PyYAML decides, errors included. Also: splitting by LF alone agrees
with splitlines(), files of any size are read whole, and the leak guard's whole-body
pre-check never skips a body that has a finding."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from madoguchi.frontmatter import (
    FrontMatter,
    FrontMatterError,
    parse_simple_yaml,
    parse_yaml,
    read_front_matter,
    split_front_matter,
)
from madoguchi.leaks import MD_LINK, LeakGuard, _may_link
from madoguchi.model import load_site
from madoguchi.policy import Policy

# ------------------------------------------------------------------ generated front matter

KEYS = [
    "title",
    "reviewed",
    "owner",
    "tags",
    "related",
    "draft",
    "order",
    "updates",
    "type",
    "review_every",
    "x_1",
    "a-b",
    "yes",
    "No",
    "null",
    "on",
    "True",
    "y",
    "n",
    "_",
]
# Plain scalars YAML 1.1 resolves to every type our loader knows (dates must stay text).
PLAIN_WORDS = [
    "2026-08-14",
    "2026-13-01",
    "2026-11-23T08:55:00+09:00",
    "2026-11-23 08:55",
    "180d",
    "2h",
    "yes",
    "No",
    "TRUE",
    "off",
    "y",
    "n",
    "null",
    "Null",
    "~",
    "0",
    "1",
    "012",
    "0x1F",
    "0b101",
    "1_000",
    "+7",
    "1.5",
    "1e3",
    "6.02e+23",
    ".inf",
    "-.inf",
    ".NaN",
    "10:30",
    "1:20:30",
    "=",
    "<<",
    ".",
    "...",
    "a:b",
    "it's",
    'say "hi"',
    "50%オフ",
    "a[1]",
    "x, y",
    "a  b",
    "C-3PO",
    "http://example.com/a?b=c",
    "cs-ordering",
    "@yamada",
    "-1",
    "-",
    "?x",
    ":x",
    "a: b",
    "a:",
    "注文をキャンセルしたい",
    "全角\u3000スペース",
    "\u3000先頭",
    "|x",
    ">x",
    "!x",
    "&x",
    "*x",
    "%x",
    "`x",
    "x #y",
    "x#y",
    "[a]",
    "{a: b}",
    "a\\b",
]
TEXT = st.one_of(
    st.text(alphabet=list("aZ0 :-_'\",.[]%@&*!|>?~あ漢字\u3000。"), max_size=12),
    st.text(alphabet=list("aZ0 あ漢字"), max_size=12),
    st.text(alphabet=list("a :'\"[]#\\{}\t\x85\ufeff\x07"), max_size=6),  # mostly outside the subset
)
PLAIN = st.one_of(st.sampled_from(PLAIN_WORDS), TEXT)
SINGLE_QUOTED = TEXT.map(lambda s: "'" + s.replace("'", "''") + "'")
DOUBLE_QUOTED = TEXT.map(lambda s: '"' + s + '"')  # with `"` or `\` inside: outside the subset
SCALAR = st.one_of(PLAIN, SINGLE_QUOTED, DOUBLE_QUOTED)
SPACES = st.sampled_from(["", " ", "  "])


@st.composite
def flow_list(draw: st.DrawFn) -> str:
    items = draw(st.lists(SCALAR, max_size=4))
    gap, comma = draw(SPACES), draw(st.sampled_from([", ", ",", " , "]))
    return "[" + gap + comma.join(items) + gap + "]" + draw(SPACES)


@st.composite
def block_list(draw: st.DrawFn) -> str:
    indent = " " * draw(st.sampled_from([0, 2, 4]))
    items = []
    for _ in range(draw(st.integers(0, 3))):
        if draw(st.booleans()):
            items.append(indent + "- " + draw(SCALAR) + draw(SPACES))
        else:  # a mapping per item, like an incident's `updates`
            keys = draw(st.lists(st.sampled_from(["at", "status", "text", "yes"]), min_size=1, max_size=3))
            first, *others = [f"{key}: {draw(SCALAR)}" for key in keys]
            items.append("\n".join([indent + "- " + first] + [indent + "  " + line for line in others]))
    return draw(SPACES) + "\n" + "\n".join(items)


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    lines = []
    for key in draw(st.lists(st.sampled_from(KEYS), max_size=6, unique=draw(st.integers(0, 4)) > 0)):
        if draw(st.booleans()):  # `key:` then nothing or a block list on the next lines
            lines.append(f"{key}:" + draw(st.one_of(block_list(), SPACES)))
        else:
            lines.append(f"{key}:" + draw(st.sampled_from([" ", "  "])) + draw(st.one_of(SCALAR, flow_list())))
        if draw(st.integers(0, 5)) == 0:
            lines.append("")  # blank lines are allowed anywhere
    yaml_text = "".join(line + "\n" for line in lines)
    return yaml_text.replace("\n", "\r\n") if draw(st.booleans()) else yaml_text


def reference(yaml_text: str) -> tuple[dict[str, Any], dict[str, int]] | FrontMatterError:
    try:
        return parse_yaml(yaml_text)
    except FrontMatterError as error:
        return error


def same(left: Any, right: Any) -> bool:
    """Equal including types (1 vs 1.0 vs True) and NaN, which == cannot tell."""
    return repr(left) == repr(right)


# ------------------------------------------------------------------ the property


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(front_matter())
@example("title: 'it''s'\ntags: [a, 'b, c', \"d\"]\nreviewed: 2026-08-14\ndraft: no\n")
@example("updates:\n- at: 2026-11-23T08:55:00+09:00\n  status: investigating\n  text: 'x'\nowner: a\n")
@example("yes: 1\ntrue: 2\n")  # the same key twice once resolved: PyYAML reports it
def test_fast_path_returns_what_pyyaml_returns_or_declines(yaml_text: str) -> None:
    fast = parse_simple_yaml(yaml_text)
    if fast is not None:
        expected = reference(yaml_text)
        assert not isinstance(expected, FrontMatterError), f"fast path accepted what PyYAML rejects: {expected}"
        assert same(fast, expected)


@settings(max_examples=300, deadline=None)
@given(front_matter(), st.text(alphabet=list("a あ-\n#"), max_size=30))
def test_read_front_matter_gives_the_same_file_view_as_pyyaml(yaml_text: str, body: str) -> None:
    text = "---\n" + yaml_text + "---\n" + body
    yaml_part, expected_body, expected_line = split_front_matter(text)
    assert yaml_part is not None
    expected = reference(yaml_part)
    if isinstance(expected, FrontMatterError):
        with pytest.raises(FrontMatterError) as raised:
            read_front_matter(text)
        assert (raised.value.line, raised.value.key, raised.value.message) == (
            expected.line,
            expected.key,
            expected.message,
        )
        return
    data, lines = expected
    assert same(read_front_matter(text), FrontMatter(data, lines, expected_body, expected_line, present=True))


# What the generated sites and the sample content use must take the fast path, or the
# property above would hold trivially.
SIMPLE = st.one_of(
    st.sampled_from(["2026-08-14", "cs-ordering", "180d", "yes", "0", "注文をキャンセルしたい"]),
    st.text(alphabet=list("aあ漢 ',.!?%"), min_size=1, max_size=10).map(lambda s: "'" + s.replace("'", "''") + "'"),
)


@given(
    st.dictionaries(st.sampled_from(["title", "reviewed", "owner", "tags", "related"]), SIMPLE, min_size=1),
    st.lists(SIMPLE, max_size=3),
)
def test_common_front_matter_takes_the_fast_path(values: dict[str, str], tags: list[str]) -> None:
    yaml_text = "".join(f"{key}: {value}\n" for key, value in values.items() if key != "tags")
    yaml_text += "tags: [" + ", ".join(tags) + "]\n"
    fast = parse_simple_yaml(yaml_text)
    assert fast is not None
    assert same(fast, parse_yaml(yaml_text))


def test_an_incident_with_updates_takes_the_fast_path_with_item_lines() -> None:
    yaml_text = (
        "title: 'お届けの遅れ'\nstatus: resolved\naffected: [配送, アプリ]\nupdates:\n"
        "  - at: 2023-12-03T03:17:00+09:00\n    status: investigating\n    text: '調査中です。'\n"
        "  - at: 2023-12-03T04:42:00+09:00\n    status: resolved\n    text: '復旧しました。'\n"
    )
    data, lines = parse_simple_yaml(yaml_text) or ({}, {})
    assert data["updates"][1] == {"at": "2023-12-03T04:42:00+09:00", "status": "resolved", "text": "復旧しました。"}
    assert lines == {
        "title": 2,
        "status": 3,
        "affected": 4,
        "affected[0]": 4,
        "affected[1]": 4,
        "updates": 5,
        "updates[0]": 6,
        "updates[1]": 9,
    }
    assert same((data, lines), parse_yaml(yaml_text))


# ------------------------------------------------------------------ outside the subset

OUTSIDE = [
    "title: x # a comment\n",
    "# a comment\ntitle: x\n",
    "base: &b x\ncopy: *b\n",
    "title: !!str 1\n",
    "text: |\n  line one\n  line two\n",
    "text: >-\n  folded\n",
    "title: plain\n  continued on the next line\n",
    "title: 'quoted\n  over two lines'\n",
    'title: "escaped \\u3042"\n',
    "meta: {a: 1}\n",
    "title:\tx\n",
    "tags:\n  - a\n   - b\n",
    "title: x\ntitle: y\n",
    "updates:\n  - at: 1\n    at: 2\n",
    "nested:\n  key: value\n",
    "tags:\n  -\n",
    "'quoted key': x\n",
    "? complex\n: key\n",
    "just a string\n",
    "- a list\n",
    "",
    "\n\n",
    "title: a: b\n",
    "x: =\n",
    "title: x\u2028y\n",
    "title: x\ry\n",
    "tags: [a, [b]]\n",
    "tags: [a,]\n",
    "key: |\n",
]


@pytest.mark.parametrize("yaml_text", OUTSIDE)
def test_anything_outside_the_subset_is_left_to_pyyaml(yaml_text: str) -> None:
    assert parse_simple_yaml(yaml_text) is None
    text = "---\n" + yaml_text + "---\nbody\n"
    expected = reference(split_front_matter(text)[0] or "")
    if isinstance(expected, FrontMatterError):
        with pytest.raises(FrontMatterError) as raised:
            read_front_matter(text)
        assert (raised.value.line, raised.value.message) == (expected.line, expected.message)
    else:
        assert same(read_front_matter(text).data, expected[0])


def test_duplicate_keys_keep_the_pyyaml_error() -> None:
    with pytest.raises(FrontMatterError) as raised:
        read_front_matter("---\ntitle: a\nowner: b\ntitle: c\n---\n")
    assert (raised.value.line, raised.value.key) == (4, "title")
    assert "duplicate key 'title'" in raised.value.message


# ------------------------------------------------------------------ splitting


def split_by_lines(text: str) -> tuple[str | None, str, int] | str:
    """The splitlines()-based reference split_front_matter uses for unusual line breaks."""
    text = text.removeprefix("\ufeff")
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n").rstrip() != "---":
        return None, text, 1
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n").rstrip() in ("---", "..."):
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    return "never closed"


LINE = st.sampled_from(
    ["---", "--- ", "...", "---\t", "...\x1f", "---\u3000", "a: b", "", " ", "---x", "\ufeff", "本文"]
)
NEWLINE = st.sampled_from(["\n", "\n", "\n", "\r\n", "\r", "\u2028", "\x85", "\x1c"])


@settings(max_examples=400)
@given(st.lists(st.tuples(LINE, NEWLINE), max_size=8), LINE)
def test_split_front_matter_matches_splitlines(lines: list[tuple[str, str]], last: str) -> None:
    text = "".join(line + newline for line, newline in lines) + last
    expected = split_by_lines(text)
    if expected == "never closed":
        with pytest.raises(FrontMatterError):
            split_front_matter(text)
    else:
        assert split_front_matter(text) == expected


# ------------------------------------------------------------------ the leak guard's whole-text scan

BODY_PART = st.sampled_from(
    [
        "本文",
        "support@shop.example",
        "a@b",
        "x.y@example.co.jp",
        "0120-123-456",
        "０３－１２３４－５６７８",
        "+81-3-1234-5678",
        "090 1234 5678",
        "a0120-123-456",
        "2026-11-23",
        "[下書き](draft.md)",
        '[リンク](../ordering/cancel.md "題")',
        "](",
        "@",
        "0",
        "81",
        " ",
        "-",
        ".",
        "x",
    ]
)
BREAK = st.sampled_from(["\n", "\r\n", "\r", "\u2028", "\x85", "\x1c", ""])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(BODY_PART, BREAK), max_size=10), st.booleans())
def test_a_whole_body_scan_finds_what_a_line_by_line_scan_finds(parts: list[tuple[str, str]], drafts: bool) -> None:
    # v2: personal data is scanned over the whole body at once (no pre-check); no line break
    # (whatever splitlines() honours) may hide or change a finding; links keep their pre-check
    body = "".join(part + line_break for part, line_break in parts)
    guard = LeakGuard()
    whole = {(leak.kind, leak.value) for leak in guard.find(body)}
    for line in body.splitlines():
        assert {(leak.kind, leak.value) for leak in guard.find(line)} <= whole, line
    if drafts and any(MD_LINK.search(line) for line in body.splitlines()):
        assert MD_LINK in _may_link(body)


# ------------------------------------------------------------------ reading files


def test_files_of_any_size_are_read_whole(tmp_path: Path) -> None:
    big = "---\ntitle: 大きなページ\n---\n" + "本文です。\n" * 30000  # ~480 KB: several reads
    (tmp_path / "big.md").write_text(big, encoding="utf-8")
    (tmp_path / "empty.md").write_bytes(b"")
    (tmp_path / "bom.md").write_bytes("\ufeff---\ntitle: 見出し\n---\n本文".encode())
    now = datetime(2026, 11, 23, 12, tzinfo=timezone(timedelta(hours=9)))
    site = load_site(tmp_path, ["big.md", "empty.md", "bom.md"], Policy(), now)
    assert site.problems == []
    assert site.entries["big.md"].body == "本文です。\n" * 30000
    assert (site.entries["empty.md"].title, site.entries["empty.md"].body) == ("empty", "")
    assert (site.entries["bom.md"].title, site.entries["bom.md"].body) == ("見出し", "本文")
