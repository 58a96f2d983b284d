"""Japanese text processing for the search index (pure functions, no MkDocs)."""

from __future__ import annotations

import pytest

from madoguchi.japanese import (
    KANJI_JOINER,
    Analyzer,
    compact,
    encode_term,
    expand_synonyms,
    normalize,
    split_words,
    synonym_groups,
    term_field,
)
from madoguchi.search_index import SynonymsError, parse_synonyms, rewrite_index


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer("core")


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("パスワード", "ぱすわど"),            # katakana folds to hiragana, long vowel dropped
        ("ﾊﾟｽﾜｰﾄﾞ", "ぱすわど"),              # half-width katakana
        ("ぱすわーど", "ぱすわど"),
        ("ぱすわ-ど", "ぱすわど"),              # a hyphen typed for the long vowel
        ("ＣＡＲＤ　２段階", "card 2段階"),    # full-width latin, digits and space
        ("退会", "退会"),                       # kanji unchanged
    ],
)
def test_normalize_folds_what_customers_type_differently(typed: str, normal: str) -> None:
    assert normalize(typed) == normal


def test_encode_term_separates_adjacent_kanji_only() -> None:
    assert encode_term("定期便を解約") == f"定{KANJI_JOINER}期{KANJI_JOINER}便を解{KANJI_JOINER}約"
    assert encode_term("かいやく") == "かいやく"


def test_split_words_splits_on_spaces_and_japanese_punctuation() -> None:
    assert split_words("荷物が届かない。どうすれば？（至急）") == ["荷物が届かない", "どうすれば", "至急"]


def test_terms_carry_readings_dictionary_forms_and_shorter_units(analyzer: Analyzer) -> None:
    terms = analyzer.terms("注文した荷物が届きません。定期便を解約したい")
    assert {"荷物", "にもつ", "届き", "届く", "定期便", "定期", "ていきびん", "解約", "かいやく"} <= set(terms)
    assert "が" not in terms and "を" not in terms  # particles are not searched for


def test_terms_join_compounds_the_analyser_splits(analyzer: Analyzer) -> None:
    terms = analyzer.terms("再配達の不在票")
    assert "再配達" in terms and "さいはいたつ" in terms
    assert "再配達不在票" not in terms  # no compound across a particle


def test_analyser_caches_per_distinct_text(analyzer: Analyzer) -> None:
    analyzer.morphemes.cache_clear()
    analyzer.terms("送料はいくらですか")
    analyzer.terms("送料はいくらですか")
    assert analyzer.morphemes.cache_info().hits == 1


def test_synonyms_expand_to_every_word_of_the_group(analyzer: Analyzer) -> None:
    groups = synonym_groups([["解約", "退会", "アカウント削除"], ["送料", "配送料"]])
    terms = expand_synonyms(compact("会員登録を解除（退会）できます"), groups, analyzer)
    assert {"解約", "かいやく", "あかうんと削除", "削除", "さくじょ"} <= set(terms)
    assert "送料" not in terms


def test_synonym_groups_drop_groups_without_two_distinct_words() -> None:
    assert synonym_groups([["カード", "かーど"], ["未着"]]) == []


def test_term_field_is_distinct_encoded_terms() -> None:
    assert term_field(["返品", "へんぴん", "返品", "送料"], exclude={"送料"}) == f"返{KANJI_JOINER}品 へんぴん"


def test_parse_synonyms_reads_a_list_of_groups() -> None:
    groups = parse_synonyms("# comment\n- [解約, 退会]\n- [届かない, 未着]\n", "content/_data/synonyms.yml")
    assert [g.words for g in groups] == [("解約", "退会"), ("届かない", "未着")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- [解約, 退会]\n- 未着\n", "content/_data/synonyms.yml:2: -: each group must be a list"),
        ("- [解約]\n", "content/_data/synonyms.yml:1: -: group ['解約'] needs at least two words"),
        ("解約: 退会\n", "content/_data/synonyms.yml:1: -: expected a list of groups"),
        ("- [解約, 退会\n", "content/_data/synonyms.yml:2: -: invalid YAML"),
    ],
)
def test_parse_synonyms_names_file_and_line_of_a_bad_group(text: str, message: str) -> None:
    with pytest.raises(SynonymsError) as error:
        parse_synonyms(text, "content/_data/synonyms.yml")
    assert str(error.value).startswith(message)


def test_rewrite_index_adds_hidden_fields_and_plain_splitting_config(analyzer: Analyzer) -> None:
    material = {
        "config": {"lang": ["ja"], "separator": "[\\s]+", "pipeline": ["stemmer"], "fields": {}},
        "docs": [
            {"location": "faq/withdraw/", "title": "退会したいです", "text": "<p>マイページから&amp;手続き</p>",
             "tags": ["アカウント削除"]},
            {"location": "faq/withdraw/#note", "title": "ご注意", "text": "<p>ポイントは失効します</p>"},
        ],
    }
    groups = synonym_groups([["解約", "退会"]])
    index = rewrite_index(material, analyzer, groups, title_boost=10)
    assert index["config"] == {
        "lang": ["en"], "separator": "[\\s\\u200b]+", "pipeline": [],
        "fields": {"kt": {"boost": 10.0}, "kx": {"boost": 1.0}},
    }
    article, section = index["docs"]
    assert article["title"] == "退会したいです"  # display fields untouched
    question = article["kt"].split()
    assert {encode_term("退会"), "たいかい", encode_term("解約"), "かいやく", "あかうんと"} <= set(question)
    assert "まいぺじ" in article["kx"].split() and "amp" not in article["kx"]
    assert encode_term("失効") in section["kx"].split() and "たいかい" not in section["kt"]
