"""edit.py: front-matter edits that change one value or add one list item and keep every
other byte (comments, key order, quoting, CRLF, BOM, a missing final newline)."""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from madoguchi.edit import EditError, add_list_item, set_value, yaml_scalar
from madoguchi.frontmatter import read_front_matter

FAQ = """\
---
# 確認は半年ごと
title: "注文をキャンセルしたい"   # お客様の言葉で
reviewed: '2026-05-01'  # 前回の確認
tags: [キャンセル]
---

本文 reviewed: 2000-01-01 は本文なので変わらない。
"""


def test_set_value_keeps_quoting_and_comments() -> None:
    assert set_value(FAQ, "reviewed", "2026-11-23") == FAQ.replace("'2026-05-01'", "'2026-11-23'")


def test_set_value_keeps_crlf_bom_and_missing_final_newline() -> None:
    text = "\ufeff" + FAQ.rstrip("\n").replace("\n", "\r\n")
    assert set_value(text, "reviewed", "2026-11-23") == text.replace("'2026-05-01'", "'2026-11-23'")


def test_missing_key_goes_after_the_named_key_with_the_files_line_ending() -> None:
    text = "---\r\ntitle: t\r\nowner: a\r\ntags: [x]\r\n---\r\nbody"
    assert set_value(text, "reviewed", "2026-11-23", after=("owner", "title")) == (
        "---\r\ntitle: t\r\nowner: a\r\nreviewed: 2026-11-23\r\ntags: [x]\r\n---\r\nbody"
    )
    assert set_value(text, "reviewed", "2026-11-23") == (
        "---\r\ntitle: t\r\nowner: a\r\ntags: [x]\r\nreviewed: 2026-11-23\r\n---\r\nbody"
    )


def test_empty_value_is_filled_in_place() -> None:
    assert set_value("---\nreviewed:\ntitle: t\n---\n", "reviewed", "2026-11-23") == (
        "---\nreviewed: 2026-11-23\ntitle: t\n---\n"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("no front matter\n", "has no front matter (expected a first line '---')"),
        ("---\ntitle: t\n", "line 1: front matter opened with '---' is never closed (expected a '---' line)"),
        ("---\n- a\n---\n", "line 2: front matter is not a mapping (expected key: value lines)"),
        ("---\nreviewed: [2026-01-01]\n---\n", "reviewed: is a list or mapping, not a single value; edit it by hand"),
        ("---\nreviewed: |\n  2026-01-01\n---\n", "reviewed: is a block scalar (|); edit it by hand"),
        ("---\nreviewed: 1\nreviewed: 2\n---\n", "line 3: duplicate key 'reviewed' (each key may appear only once)"),
    ],
)
def test_refuses_what_it_cannot_edit_safely(text: str, message: str) -> None:
    with pytest.raises(EditError) as error:
        set_value(text, "reviewed", "2026-11-23")
    assert str(error.value) == message


INCIDENT = """\
---\r
title: t\r
status: investigating  # 状況\r
updates:\r
- at: 2026-11-23T09:00:00+09:00\r
  status: investigating\r
  text: |\r
    調査中です。\r
\r
# 次の更新\r
owner: cs-web\r
---\r
"""


def test_add_list_item_after_a_block_scalar_keeps_the_lists_indentation() -> None:
    item = {"at": "2026-11-23T10:00:00+09:00", "status": "identified", "text": "原因: 設定の誤り #2"}
    assert add_list_item(INCIDENT, "updates", item) == INCIDENT.replace(
        "\r\n\r\n# 次の更新",
        "\r\n\r\n- at: 2026-11-23T10:00:00+09:00\r\n  status: identified\r\n  text: '原因: 設定の誤り #2'\r\n# 次の更新",
    ).replace("'原因: 設定の誤り #2'", '"原因: 設定の誤り #2"')


def test_add_list_item_first() -> None:
    item = {"at": "2026-11-23T10:00:00+09:00", "status": "identified", "text": "x"}
    assert add_list_item(INCIDENT, "updates", item, first=True) == INCIDENT.replace(
        "updates:\r\n", "updates:\r\n- at: 2026-11-23T10:00:00+09:00\r\n  status: identified\r\n  text: x\r\n"
    )


def test_add_list_item_refuses_a_one_line_list() -> None:
    with pytest.raises(EditError, match=r"updates: is written as \[ ... \] on one line"):
        add_list_item("---\nupdates: []\n---\n", "updates", {"at": "x"})


@pytest.mark.parametrize(
    "value", ["plain text", "a: b", "#hash", "yes", "null", "2026-11-23", "'q'", '"dq"', " lead", "複数\n行"]
)
def test_yaml_scalar_reads_back_as_the_same_text(value: str) -> None:
    assert read_front_matter(f"---\nk: {yaml_scalar(value)}\n---\n").data == {"k": value}


# --- property: on any generated file, review changes `reviewed` and nothing else ---------

KEYS = ["title", "owner", "tags", "review_every", "draft", "related", "note"]
safe_text = (
    st.text(alphabet=string.ascii_letters + string.digits + " -_.あいう窓口", min_size=1, max_size=12)
    .map(str.strip)
    .filter(bool)
)


def quoted(value: str, style: str) -> str:
    if style == "single":
        return "'" + value.replace("'", "''") + "'"
    if style == "double":
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return value


@st.composite
def front_matter_files(draw: st.DrawFn) -> tuple[str, str]:
    """A random FAQ file: key order, comments, quoting styles, CRLF, BOM, final newline."""
    eol = draw(st.sampled_from(["\n", "\r\n"]))
    keys = draw(st.permutations(KEYS))[: draw(st.integers(0, len(KEYS)))]
    has_reviewed = draw(st.booleans())
    position = draw(st.integers(0, len(keys)))
    lines: list[str] = []
    for index, key in enumerate([*keys[:position], "reviewed", *keys[position:]] if has_reviewed else keys):
        if draw(st.booleans()):
            lines.append("# " + draw(safe_text))
        style = draw(st.sampled_from(["plain", "single", "double"]))
        if key == "reviewed":
            value = quoted(draw(st.dates()).isoformat(), style)
        elif key in ("tags", "related"):
            items = draw(st.lists(safe_text, min_size=1, max_size=3))
            value = (
                "[" + ", ".join(quoted(i, "double") for i in items) + "]"
                if draw(st.booleans())
                else (eol.join([""] + ["  - " + quoted(i, "single") for i in items]))
            )
        elif key == "draft":
            value = draw(st.sampled_from(["true", "false"]))
        else:
            value = quoted("x" + draw(safe_text), style if key != "review_every" else "plain")
        comment = ("  # " + draw(safe_text)) if draw(st.booleans()) and not value.startswith(eol) else ""
        lines.append(f"{key}: {value}{comment}")
        del index
    body = draw(st.sampled_from(["", "本文です。", "reviewed: 1999-01-01 in the body" + eol + "---"]))
    text = eol.join(["---", *lines, "---", body])
    if draw(st.booleans()):
        text += eol
    if draw(st.booleans()):
        text = "\ufeff" + text
    return text, eol


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(front_matter_files(), st.dates())
def test_review_changes_only_reviewed(generated: tuple[str, str], day: object) -> None:
    text, eol = generated
    before = read_front_matter(text)
    after_text = set_value(text, "reviewed", str(day), after=("owner", "title"))
    after = read_front_matter(after_text)
    assert after.data == {**before.data, "reviewed": str(day)}
    assert after.body == before.body
    assert after_text.startswith("\ufeff") == text.startswith("\ufeff")
    assert after_text.endswith(eol) == text.endswith(eol)
    if eol == "\n":
        assert "\r" not in after_text
    else:
        assert after_text.count("\n") == after_text.count("\r\n")
    # every line of the original survives, in order; at most one line changed or was added
    old_lines, new_lines = text.splitlines(keepends=True), after_text.splitlines(keepends=True)
    if "reviewed" in before.data:
        assert len(new_lines) == len(old_lines)
        changed = [i for i, (a, b) in enumerate(zip(old_lines, new_lines, strict=False)) if a != b]
        assert len(changed) <= 1
        if changed:
            old, new = old_lines[changed[0]], new_lines[changed[0]]
            assert old.lstrip("\ufeff").startswith("reviewed:") and new.lstrip("\ufeff").startswith("reviewed:")
            assert old.split("#", 1)[1:] == new.split("#", 1)[1:]  # the comment survives
            for quote in "'\"":
                assert (quote in old.split("#")[0]) == (quote in new.split("#")[0])  # quoting survives
    else:
        assert len(new_lines) == len(old_lines) + 1
        at = next((i for i, (a, b) in enumerate(zip(old_lines, new_lines, strict=False)) if a != b), len(old_lines))
        assert new_lines[at] == f"reviewed: {day}{eol}"
        assert new_lines[:at] + new_lines[at + 1 :] == old_lines


@settings(max_examples=100, deadline=None)
@given(front_matter_files(), st.text(min_size=1, max_size=30).filter(str.strip))
def test_adding_an_update_changes_only_updates(generated: tuple[str, str], text_value: str) -> None:
    text, eol = generated
    start = text.index("---") + 3 + len(eol)
    text = text[:start] + f"updates:{eol}  - at: 2026-11-23T09:00:00+09:00{eol}    text: a{eol}" + text[start:]
    before = read_front_matter(text)
    item = {"at": "2026-11-23T10:00:00+09:00", "status": "identified", "text": text_value}
    after_text = add_list_item(text, "updates", item)
    after = read_front_matter(after_text)
    assert after.data == {**before.data, "updates": [*before.data["updates"], item]}
    assert after.body == before.body
    kept = after_text.splitlines(keepends=True)
    for line in text.splitlines(keepends=True):
        kept.remove(line)  # every original line is still there
    assert all(line.startswith("  ") for line in kept)
