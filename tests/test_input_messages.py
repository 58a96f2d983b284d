"""Input errors of the content model in the site's language (strings catalog, `input.*`): on a
Japanese site the Japanese text with the English after it, on an English site the English
only — always in the `path:line: key: message` shape, from `madoguchi check` and the build."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.site import madoguchi, make_site, mkdocs_build

BAD = "content/faq/ordering/bad.md"
FRONT_MATTER = """---
owner: cs-ordering
reviewed: 2026-12-01
audience: staff
draft: maybe
related:
  - faq/ordering/gone.md
---

本文です。
"""

EXPECTED = {
    "ja": [
        f"{BAD}:1: title: 必須のキーがありません / missing (expected the question as a customer would ask it)",
        f"{BAD}:3: reviewed: 2026-12-01 は未来の日付です（2026-11-23 以前の日付を書いてください） / "
        "2026-12-01 is in the future (expected a date on or before 2026-11-23)",
        f"{BAD}:4: audience: 'staff' は使えない値です（public, internal のどれか） / "
        "'staff' is not known (expected one of public, internal)",
        f"{BAD}:5: draft: 'maybe' は true か false で書いてください / 'maybe' is not true or false (expected true or false)",
        f"{BAD}:7: related: 'faq/ordering/gone.md' がありません（content/ からの相対パスで書いてください） / "
        "'faq/ordering/gone.md' does not exist (expected a path relative to content/)",
    ],
    "en": [
        f"{BAD}:1: title: missing (expected the question as a customer would ask it)",
        f"{BAD}:3: reviewed: 2026-12-01 is in the future (expected a date on or before 2026-11-23)",
        f"{BAD}:4: audience: 'staff' is not known (expected one of public, internal)",
        f"{BAD}:5: draft: 'maybe' is not true or false (expected true or false)",
        f"{BAD}:7: related: 'faq/ordering/gone.md' does not exist (expected a path relative to content/)",
    ],
}


def site_in(tmp_path: Path, language: str) -> Path:
    root = make_site(tmp_path, "basic")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  language: ja\n" in text
    config.write_text(text.replace("  language: ja\n", f"  language: {language}\n", 1), encoding="utf-8")
    (root / BAD).write_text(FRONT_MATTER, encoding="utf-8")
    return root


@pytest.mark.parametrize("language", ["ja", "en"])
def test_input_errors_are_in_the_sites_language_in_the_contract_shape(tmp_path: Path, language: str) -> None:
    root = site_in(tmp_path, language)
    result = madoguchi(root, "check")
    assert result.returncode == 1
    assert result.stderr.splitlines() == EXPECTED[language]
    build = mkdocs_build(root)
    assert build.returncode == 1
    for line in EXPECTED[language]:
        assert f"ERROR   -  {line}\n" in build.stderr
