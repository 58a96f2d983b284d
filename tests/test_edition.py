"""Staff-only text (internal blocks, HTML comments) is found and removed line for line."""

from __future__ import annotations

import pytest

from madoguchi.edition import public_markdown, staff_only

CASES = [
    # (markdown, public markdown, staff-only kinds and first lines)
    ("公開<!-- メモ -->です", "公開です", [("comment", 1)]),
    ("a\n<!-- 1\n2\n3 -->b\nc", "a\n\n\nb\nc", [("comment", 2)]),
    ('!!! internal "社内メモ"\n    台本\n\n    続き\n\n公開', "\n\n\n\n\n公開", [("internal", 1)]),
    ("??? internal\n    折りたたみ\n公開", "\n\n公開", [("internal", 1)]),
    ("???+ internal\n    開いた状態\n", "\n\n", [("internal", 1)]),
    ("!!! note internal\n    クラスの一つ\n", "\n\n", [("internal", 1)]),
    ("- 項目\n    !!! internal\n        入れ子\n    - 公開", "- 項目\n\n\n    - 公開", [("internal", 2)]),
    ("```\n<!-- 例 -->\n!!! internal\n    例\n```", "```\n<!-- 例 -->\n!!! internal\n    例\n```", []),
    ("!!! note\n    公開の注記", "!!! note\n    公開の注記", []),
    ("!!! internals\n    別の種類", "!!! internals\n    別の種類", []),
    ("a <!-- 閉じない\nb", "a \n", [("comment", 1)]),
]


@pytest.mark.parametrize(("markdown", "public", "pieces"), CASES)
def test_staff_only_text_is_removed_and_every_line_keeps_its_number(markdown: str, public: str, pieces: list) -> None:
    assert public_markdown(markdown) == public
    assert public.count("\n") == markdown.count("\n")
    assert [(piece.kind, piece.line) for piece in staff_only(markdown)] == pieces


def test_the_pieces_carry_the_text_as_written() -> None:
    pieces = staff_only('前<!-- 折り返しは2課 -->後\n!!! internal "台本"\n    まずお詫びします\n')
    assert [piece.text for piece in pieces] == ["<!-- 折り返しは2課 -->", '!!! internal "台本"\n    まずお詫びします']
