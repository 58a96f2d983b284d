"""The default lexicon of support paraphrases (plugins/madoguchi/data/synonyms-default.yml)
in real builds of madoguchi/search: a site without synonyms searches with it, the site's own
groups override and extend it, and `default_synonyms: false` turns it off."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_search_site import built_terms

from madoguchi.japanese import compact
from madoguchi.search_index import default_synonyms
from support.site import make_site, mkdocs_build

RECEIPT = "faq/ordering/receipt/"  # 「領収書はもらえますか？」: the word レシート is nowhere in it


def lexicon_site(tmp_path: Path, synonyms: str | None, search_options: str = "") -> Path:
    root = make_site(tmp_path)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    plugin = "  - madoguchi/search" + (":\n" + search_options if search_options else "") + "\n"
    config.write_text(text.replace("  - madoguchi/incidents\n", "  - madoguchi/incidents\n" + plugin), encoding="utf-8")
    if synonyms is not None:
        (root / "content" / "_data").mkdir()
        (root / "content" / "_data" / "synonyms.yml").write_text(synonyms, encoding="utf-8")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root


def pages_with(terms: dict[str, dict[str, list[str]]], word: str) -> set[str]:
    return {ref for refs in terms.get(compact(word), {}).values() for ref in refs}


def test_the_default_lexicon_has_general_support_groups_of_distinct_words() -> None:
    groups = default_synonyms()
    assert 40 <= len(groups) <= 80
    words = [key for group in groups for key in group.keys]
    assert len(words) == len(set(words)), "a word in two default groups would join them"
    for expected in (["お問い合わせ", "相談"], ["定期便", "サブスク"], ["送料", "配送料"], ["ギフト券", "商品券"]):
        assert any({compact(w) for w in expected} <= set(group.keys) for group in groups), expected


@pytest.mark.parametrize(
    ("synonyms", "options", "with_receipt", "without_receipt"),
    [
        (None, "", ["レシート", "領収証"], []),  # no file: the defaults
        ("- [領収書, 受領証]\n", "", ["受領証"], ["レシート"]),  # the site's group replaces the default one
        ("- [返品, 返送]\n", "", ["レシート"], []),  # unrelated site groups add to the defaults
        (None, "      default_synonyms: false", [], ["レシート", "領収証"]),  # turned off
    ],
    ids=["defaults-only", "site-overrides", "site-extends", "off"],
)
def test_the_site_synonyms_override_and_extend_the_default_lexicon(
    tmp_path: Path, synonyms: str | None, options: str, with_receipt: list[str], without_receipt: list[str]
) -> None:
    terms = built_terms(lexicon_site(tmp_path, synonyms, options))
    for word in with_receipt:
        assert RECEIPT in pages_with(terms, word), word
    for word in without_receipt:
        assert RECEIPT not in pages_with(terms, word), word
