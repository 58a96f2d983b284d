"""Japanese text processing for the search index (pure functions, no MkDocs)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

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
)
from madoguchi.search_index import (
    PageTerms,
    SynonymsError,
    TermIndex,
    deltas,
    distinct_terms,
    page_terms,
    parse_synonyms,
    rewrite_index,
    teaser,
    term_index,
)
from madoguchi.search_shards import read_site_index


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer("core")


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("パスワード", "ぱすわど"),  # katakana folds to hiragana, long vowel dropped
        ("ﾊﾟｽﾜｰﾄﾞ", "ぱすわど"),  # half-width katakana
        ("ぱすわーど", "ぱすわど"),
        ("ぱすわ-ど", "ぱすわど"),  # a hyphen typed for the long vowel
        ("ＣＡＲＤ　２段階", "card 2段階"),  # full-width latin, digits and space
        ("退会", "退会"),  # kanji unchanged
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
    analyzer.chunk_terms.cache_clear()
    analyzer.terms("送料はいくらですか")
    analyzer.terms("送料はいくらですか")
    assert analyzer.chunk_terms.cache_info().hits == 1


def test_synonyms_expand_to_every_word_of_the_group(analyzer: Analyzer) -> None:
    groups = synonym_groups([["解約", "退会", "アカウント削除"], ["送料", "配送料"]])
    terms = expand_synonyms(compact("会員登録を解除（退会）できます"), groups, analyzer)
    assert {"解約", "かいやく", "あかうんと削除", "削除", "さくじょ"} <= set(terms)
    assert "送料" not in terms


def test_synonym_groups_drop_groups_without_two_distinct_words() -> None:
    assert synonym_groups([["カード", "かーど"], ["未着"]]) == []


def test_distinct_terms_are_encoded_in_order_of_appearance() -> None:
    assert distinct_terms(["返品", "へんぴん", "返品", "送料"], exclude={encode_term("送料")}) == (
        f"返{KANJI_JOINER}品",
        "へんぴん",
    )


def test_distinct_terms_stay_distinct_when_a_text_already_holds_the_joiner() -> None:
    assert distinct_terms(["定期", f"定{KANJI_JOINER}期"]) == (f"定{KANJI_JOINER}期",)


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


MATERIAL_INDEX: dict[str, Any] = {
    "config": {"lang": ["ja"], "separator": "[\\s]+", "pipeline": ["stemmer"], "fields": {}},
    "docs": [
        {
            "location": "faq/withdraw/",
            "title": "退会したいです",
            "text": "<p>マイページから&amp;手続き</p>",
            "tags": ["アカウント削除"],
        },
        {"location": "faq/withdraw/#note", "title": "ポイントの扱い", "text": "<p>ポイントは失効します</p>"},
        {"location": "faq/receipt/", "title": "領収書", "text": "", "boost": 2},
        {"location": "faq/receipt/#how", "title": "発行の手順", "text": "<p>マイページから発行できます</p>"},
    ],
}


def test_page_terms_gather_a_page_and_its_sections(analyzer: Analyzer) -> None:
    withdraw, receipt = page_terms(MATERIAL_INDEX["docs"], analyzer, synonym_groups([["解約", "退会"]]))
    assert withdraw.location == "faq/withdraw/" and receipt.location == "faq/receipt/"
    # question: title, tags, section headings, with readings and the synonyms they contain
    assert {encode_term("退会"), "たいかい", encode_term("解約"), "かいやく", "あかうんと", "ぽいんと"} <= set(
        withdraw.question
    )
    # answer: every section's text, without what the question already has
    assert {"まいぺじ", encode_term("失効"), "しっこう"} <= set(withdraw.answer)
    assert "ぽいんと" not in withdraw.answer and "amp" not in withdraw.answer
    assert receipt.boost == 2.0


def test_teaser_is_the_start_of_the_text_as_one_escaped_paragraph() -> None:
    assert teaser("<ol><li>アプリを開く</li>\n<li>A &amp; B</li></ol>") == "<p>アプリを開く A &amp; B</p>"
    assert teaser("<p>" + "あ" * 200 + "</p>", limit=160) == "<p>" + "あ" * 160 + "…</p>"
    assert teaser("<p> </p>") == ""


def test_deltas_encode_ascending_numbers_as_differences() -> None:
    assert deltas([3, 5, 9]) == [3, 2, 4]
    assert deltas([]) == []


def test_term_index_lists_each_terms_pages_per_field() -> None:
    pages = [
        PageTerms("a/", question=("返品", "送料"), answer=("へんぴん",), title=("返品",)),
        PageTerms("b/", question=("送料",), answer=("返品",)),
        PageTerms("c/", question=(), answer=("返品", "送料"), boost=3.0),
    ]
    index = term_index(pages, title_boost=10)
    assert index["version"] == 1
    assert index["fields"] == {"kn": 15.0, "kt": 10.0, "kx": 1.0}  # the title counts 1.5 × the question
    assert index["refs"] == ["a/", "b/", "c/"]
    assert index["boosts"] == {"2": 3.0}
    # [term, pages with it in the title, in the rest of the question, in the answer], delta-encoded
    assert index["terms"] == [
        ["へんぴん", [], [], [0]],
        ["返品", [0], [], [1, 1]],  # answers of pages 1 and 2
        ["送料", [], [0, 1], [2]],
    ]


def test_the_term_index_keeps_page_numbers_as_compact_arrays_and_replaces_pages_in_order() -> None:
    # 4 bytes a page number instead of a list's 8: the postings are most of the analysis's memory
    index = TermIndex()
    index.add(PageTerms("a/", question=("返品",), answer=("送料",)))
    index.add(PageTerms("b/", question=("返品",), answer=()))
    assert index.question["返品"].itemsize == 4 and list(index.question["返品"]) == [0, 1]
    index.replace(0, PageTerms("a/", question=(), answer=("返品",)))
    assert list(index.question["返品"]) == [1] and list(index.answer["返品"]) == [0]
    assert "送料" not in index.answer
    assert index.data(title_boost=10)["terms"] == [["返品", [], [1], [0]]]


def test_rewrite_index_splits_display_documents_from_the_term_index(analyzer: Analyzer) -> None:
    index = rewrite_index(MATERIAL_INDEX, analyzer, synonym_groups([["解約", "退会"]]), title_boost=10)
    # what Material's UI shows: one document per page, as Material wrote it, no terms
    assert [d["location"] for d in index.display["docs"]] == ["faq/withdraw/", "faq/receipt/"]
    assert index.display["docs"][0] == MATERIAL_INDEX["docs"][0]
    # a page without text before its first heading shows its first section's text
    assert index.display["docs"][1]["text"] == "<p>マイページから発行できます</p>"
    # should Material's worker ever build lunr itself: split on separators only
    assert index.display["config"] == {
        "lang": ["en"],
        "separator": "[\\s\\u200b]+",
        "pipeline": [],
        "fields": {"kt": {"boost": 1.0}, "kx": {"boost": 1.0}},
    }
    assert index.terms["refs"] == ["faq/withdraw/", "faq/receipt/"]
    postings = {term: (title, question, answer) for term, title, question, answer in index.terms["terms"]}
    assert postings["かいやく"] == ([0], [], [])  # synonym of 退会 in the title
    assert postings["ぽいんと"] == ([], [0], [])  # in a heading
    assert postings["まいぺじ"] == ([], [], [0, 1])  # in both answers


def test_analysis_covers_pages_not_rendered_in_this_build_from_materials_documents(tmp_path: Path) -> None:
    # `mkdocs serve --dirty` renders one page; Material's index still lists every page
    from madoguchi.plugins.search.analysis import Analysis, PageHtml

    analysis = Analysis("core", [], 10, parallel=False)
    analysis.add(PageHtml("faq/returns/", "返品したい", {}, "<p>送料はかかりません</p>"))
    docs = [
        {"location": "faq/receipt/", "title": "領収書", "text": ""},
        {"location": "faq/receipt/#how", "title": "発行の手順", "text": "<p>発行できます</p>"},
        {"location": "faq/returns/", "title": "返品したい", "text": "<p>送料はかかりません</p>"},
    ]
    stats = analysis.finish(tmp_path, docs)
    analysis.close()
    index = read_site_index(tmp_path)
    # Material's order; the unrendered page analysed from its documents
    assert stats.pages == 2 and index.refs == ["faq/receipt/", "faq/returns/"]
    assert index.documents[0]["text"] == "<p>発行できます</p>"
    assert json.loads((tmp_path / "search_index.json").read_text(encoding="utf-8"))["docs"] == []
    postings = {term: (title, question, answer) for term, (title, question, answer) in index.terms.items()}
    assert postings["りょうしゅうしょ"] == ([0], [], []) and postings["へんぴん"] == ([1], [], [])
    assert postings["はっこう"] == ([], [0], []) and postings["そうりょう"] == ([], [], [1])


@pytest.mark.parametrize("parallel", [True, False])
def test_a_dictionary_that_cannot_be_loaded_fails_the_analysis_with_its_own_error(
    tmp_path: Path, parallel: bool
) -> None:
    from madoguchi.plugins.search.analysis import Analysis, PageHtml

    analysis = Analysis("no-such-dictionary", [], 10, parallel=parallel)
    analysis.add(PageHtml("faq/returns/", "返品したい", {}, "<p>送料</p>"))
    try:
        with pytest.raises(Exception, match="no-such-dictionary"):
            analysis.finish(tmp_path, None)
    finally:
        analysis.close()
    assert not (tmp_path / "madoguchi" / "manifest.json").exists()


@pytest.mark.parametrize(("keep", "released"), [(False, True), (True, False)])
def test_the_collector_lets_go_of_its_dictionary_once_every_page_is_rendered_except_in_the_preview(
    keep: bool, released: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    from madoguchi.plugins.search import analysis
    from madoguchi.plugins.search.analysis import PageHtml, TermCollector

    monkeypatch.setattr(analysis, "_ANALYZERS", {})  # this process's shared analyser and kept pages untouched
    monkeypatch.setattr(analysis, "_KEPT", {})
    collector = TermCollector("core", [], 10)
    collector.keep = keep  # the preview keeps its analysis (and its dictionary) between saves
    collector.add([PageHtml("faq/returns/", "返品したい", {}, "<p>送料はかかりません</p>")])
    assert collector.analyzer._tokenizer is not None
    collector.rendered()
    assert (collector.analyzer._tokenizer is None) is released
    # Asked for more all the same (a `--dirty` build's pages from Material's index): loaded again
    collector.add([PageHtml("faq/receipt/", "領収書", {}, "<p>発行できます</p>")])
    assert [doc["location"] for doc in collector.display] == ["faq/returns/", "faq/receipt/"]
