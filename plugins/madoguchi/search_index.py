"""Rewrite mkdocs-material's search index for Japanese: pure functions over its JSON data.

Material's index becomes two parts: the documents its UI displays (one per page), and a
prebuilt term index of normalised, segmented terms in two fields, `kt` (the question: title,
tags and headings, boosted) and `kx` (the answer). search_shards.py writes both as the files
the browser fetches per query (shards, fragments, manifest), which
plugins/madoguchi/templates/assets/javascripts/madoguchi-search-worker.js searches without
tokenising anything. See docs/search.md.
"""

from __future__ import annotations

import html
import operator
import re
from array import array
from bisect import insort
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain, filterfalse
from pathlib import Path
from typing import Any

import yaml

from .japanese import (
    SEPARATOR,
    Analyzer,
    SynonymGroup,
    compact,
    compound_terms,
    encode_term,
    expand_synonyms,
    split_words,
    synonym_groups,
)

# The page's title (`kn`, its name) counts more than the rest of the question, its tags and
# headings (`kt`): a customer who types an entry's title, or most of it, finds that entry
# before those merely tagged with its words.
NAME_FIELD = "kn"
NAME_FACTOR = 1.5  # the title's weight: title_boost × NAME_FACTOR
TITLE_FIELD = "kt"
TEXT_FIELD = "kx"
# Ongoing incidents' titles and affected services (only in an index that has one): a query
# that matches them shows the incident first, whatever else it matches.
ONGOING_FIELD = "ko"
ONGOING_BOOST = 1000.0
# Format of the term index data (written as shards by search_shards, which has its own VERSION).
TERM_INDEX_VERSION = 1
# Characters of a page's text kept for the result list (Material shows about two lines).
TEASER_CHARS = 160
_TAG = re.compile(r"<[^>]+>")


class SynonymsError(ValueError):
    """A malformed synonyms file; the message names the line and what was expected."""


def plain_text(markup: str) -> str:
    return html.unescape(_TAG.sub(" ", markup))


def parse_synonyms(text: str, shown_path: str) -> list[SynonymGroup]:
    """The editors' synonyms file: a YAML list of groups, each a list of words."""
    try:
        data = yaml.compose(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise SynonymsError(f"{shown_path}:{line}: -: invalid YAML ({getattr(error, 'problem', error)})") from None
    if data is None:
        return []
    if not isinstance(data, yaml.SequenceNode):
        raise SynonymsError(
            f"{shown_path}:{data.start_mark.line + 1}: -: expected a list of groups, e.g. `- [解約, 退会]`"
        )
    groups = []
    for node in data.value:
        line = node.start_mark.line + 1
        words = node.value if isinstance(node, yaml.SequenceNode) else None
        if not words or not all(isinstance(w, yaml.ScalarNode) and str(w.value).strip() for w in words):
            raise SynonymsError(
                f"{shown_path}:{line}: -: each group must be a list of at least two words, e.g. `- [解約, 退会]`"
            )
        if len(words) < 2:
            raise SynonymsError(f"{shown_path}:{line}: -: group {[w.value for w in words]} needs at least two words")
        groups.append([str(w.value).strip() for w in words])
    return synonym_groups(groups)


# The default lexicon: common paraphrases of Japanese customer support (docs/feedback.md).
DEFAULT_SYNONYMS = Path(__file__).parent / "data" / "synonyms-default.yml"


def default_synonyms() -> list[SynonymGroup]:
    """The packaged default lexicon (`madoguchi/search`'s `default_synonyms`)."""
    return parse_synonyms(DEFAULT_SYNONYMS.read_text(encoding="utf-8"), "madoguchi/data/synonyms-default.yml")


def merge_synonyms(defaults: Sequence[SynonymGroup], site: Sequence[SynonymGroup]) -> list[SynonymGroup]:
    """The site's groups and the default groups that share no word with any of them: a site
    group overrides each default group it shares a word with (to extend one, a site repeats
    it with more words; to drop a word, without it)."""
    taken = {key for group in site for key in group.keys}
    return [group for group in defaults if taken.isdisjoint(group.keys)] + list(site)


def _page(location: str) -> str:
    return location.split("#", 1)[0]


@dataclass(frozen=True)
class PageTerms:
    """One page's search terms: `question` (title, tags, section headings) and `answer` (the
    text of every section), each distinct and encoded, answer terms not repeated from the question;
    `title`, those of the question that come from the title."""

    location: str
    question: tuple[str, ...]
    answer: tuple[str, ...]
    boost: float = 1.0
    ongoing: tuple[str, ...] = ()  # an ongoing incident's title and affected services
    title: tuple[str, ...] = ()

    def fields(self) -> tuple[tuple[str, ...], ...]:
        """The terms of each field of the index: title, the rest of the question, answer, ongoing."""
        named = set(self.title)
        return self.title, tuple(t for t in self.question if t not in named), self.answer, self.ongoing


@dataclass(frozen=True)
class RewrittenIndex:
    display: dict[str, Any]  # search/search_index.json: what Material's UI shows
    terms: dict[str, Any]  # the postings of every term (search_shards writes them as shards)


def page_terms(docs: Sequence[dict[str, Any]], analyzer: Analyzer, synonyms: Sequence[SynonymGroup]) -> list[PageTerms]:
    """Material emits one document per page and one per heading; a customer looks for the
    entry, so the words of all its sections are gathered on the page (fewer, denser
    documents: the browser's work grows with documents × terms)."""
    pages: dict[str, dict[str, Any]] = {}
    for doc in docs:
        location = str(doc.get("location", ""))
        page = pages.get(_page(location))
        if page is None:
            asked = " ".join([str(doc.get("title", "")), *map(str, doc.get("tags") or [])])
            pages[_page(location)] = {
                "location": location,
                "title": plain_text(str(doc.get("title", ""))),
                "question": plain_text(asked),
                "answer": [plain_text(str(doc.get("text", "")))],
                "boost": float(doc.get("boost", 1.0)),
            }
        else:
            # A heading names what its section answers (「発送後の場合」): it weighs like the
            # question, as it did when Material searched sections as documents of their own.
            page["question"] += "\n" + plain_text(str(doc.get("title", "")))
            page["answer"].append(plain_text(str(doc.get("text", ""))))

    def terms(text: str) -> list[str]:
        return analyzer.terms(text) + expand_synonyms(compact(text), synonyms, analyzer)

    result = []
    for page in pages.values():
        question = distinct_terms(terms(page["question"]))
        # Terms already in the question add nothing but postings to the answer field.
        answer = distinct_terms(terms("\n".join(page["answer"])), exclude=set(question))
        title = distinct_terms(terms(page["title"]))
        result.append(PageTerms(page["location"], question, answer, page["boost"], title=title))
    return result


def ongoing_terms(texts: Sequence[str], analyzer: Analyzer, synonyms: Sequence[SynonymGroup]) -> tuple[str, ...]:
    """The terms of an ongoing incident's title and affected services that put it first: its
    nouns (ログイン, アプリ; not しにくい or 発生して), and every word of each synonym group one
    of whose words contains one of them (ログイン → ログインできない, サインイン), so that a customer's
    phrasing of the trouble finds it."""
    nouns: list[str] = []
    surfaces: list[str] = []
    for chunk in split_words("\n".join(texts)):
        morphemes = analyzer.morphemes(chunk)
        nouns += compound_terms(morphemes)
        for m in morphemes:
            if m.pos == "名詞":
                nouns += [m.surface, m.reading, *(term for part in m.parts for term in part)]
                surfaces.append(m.surface)
    nouns = [noun for noun in nouns if len(noun) >= 2 and noun != "*"]
    # Groups are pulled in by longer words as written (ログイン, アプリ), not by readings or
    # two-character words (会員 is in 会員をやめる, いん of 会員 in ろぐいん)
    words = {noun for noun in surfaces if len(noun) >= 3}
    keys = [key for group in synonyms if any(w in k for w in words for k in group.keys) for key in group.keys]
    return distinct_terms(nouns + keys)


def distinct_terms(terms: Sequence[str], exclude: set[str] | None = None) -> tuple[str, ...]:
    """Distinct, encoded index terms in order of appearance."""
    # Distinct before encoding (a page repeats most of its terms) and after (a text may already
    # hold the joiner, so two raw terms can encode alike).
    distinct = dict.fromkeys(terms)
    distinct.pop("", None)
    encoded = dict.fromkeys(map(encode_term, distinct))
    return tuple(encoded if exclude is None else filterfalse(exclude.__contains__, encoded))


POSTING = "i"  # array typecode of page numbers: C int, at least 32 bits on every platform CPython runs on


class TermIndex:
    """The term index built page by page (the analysis adds each page as it is built, so
    little is left to do once the last page is in). See term_index."""

    def __init__(self, *, keep_terms: bool = True) -> None:
        """`keep_terms=False`: of each page only its location and boost are kept once its
        terms are in the postings (the build's analysis: at 20,000 pages the pages' own
        term tuples were 50 MB); `replace` then cannot be used."""
        self.keep_terms = keep_terms
        self.pages: list[PageTerms] = []
        # Each term's page numbers as a compact array (4 bytes each; a list takes 8): at 20,000
        # pages the postings are most of the analysis's memory.
        self.name: dict[str, array[int]] = {}
        self.question: dict[str, array[int]] = {}
        self.answer: dict[str, array[int]] = {}
        self.ongoing: dict[str, array[int]] = {}

    def postings(self) -> tuple[dict[str, array[int]], ...]:
        return self.name, self.question, self.answer, self.ongoing

    def add(self, page: PageTerms) -> None:
        number = len(self.pages)
        self.pages.append(page if self.keep_terms else PageTerms(page.location, (), (), page.boost))
        for postings, terms in zip(self.postings(), page.fields(), strict=True):
            for term in terms:
                docs = postings.get(term)
                if docs is None:
                    postings[term] = array(POSTING, (number,))
                else:
                    docs.append(number)

    def replace(self, number: int, page: PageTerms) -> None:
        """Page `number` is now `page` (the preview's rebuilds): its number leaves the
        postings of its old terms and joins those of its new ones, in order; the result is
        what adding every page again would give."""
        assert self.keep_terms, "TermIndex(keep_terms=False) cannot replace a page"
        old = self.pages[number]
        self.pages[number] = page
        for postings, before, after in zip(self.postings(), old.fields(), page.fields(), strict=True):
            for term in before:
                docs = postings[term]
                docs.remove(number)
                if not docs:
                    del postings[term]
            for term in after:
                insort(postings.setdefault(term, array(POSTING)), number)

    def data(self, *, title_boost: float) -> dict[str, Any]:
        fields = {NAME_FIELD: float(title_boost) * NAME_FACTOR, TITLE_FIELD: float(title_boost), TEXT_FIELD: 1.0}
        postings = [self.name, self.question, self.answer]
        if self.ongoing:  # a third field only while an incident is ongoing
            fields[ONGOING_FIELD] = ONGOING_BOOST
            postings.append(self.ongoing)
        return {
            "version": TERM_INDEX_VERSION,
            "fields": fields,
            "refs": [page.location for page in self.pages],
            "boosts": {str(n): page.boost for n, page in enumerate(self.pages) if page.boost != 1.0},
            "terms": [
                [term, *(deltas(field.get(term, ())) for field in postings)] for term in sorted(set().union(*postings))
            ],
        }


def term_index(pages: Sequence[PageTerms], *, title_boost: float) -> dict[str, Any]:
    """The postings of every term, per field, as the worker (madoguchi-search-worker.js)
    expects them: document numbers ascending and delta-encoded (small numbers, small JSON).
    The worker computes lunr's scores from them (each term counts once per field, so a
    term's weight is its idf times the field boost), which is what lunr itself would have
    computed from the same terms, without tokenising 2,000 pages on every page load."""
    index = TermIndex()
    for page in pages:
        index.add(page)
    return index.data(title_boost=title_boost)


def deltas(numbers: Sequence[int]) -> list[int]:
    """Ascending numbers as their differences ([3, 5, 9] → [3, 2, 4]); at C speed (the whole
    index is encoded on every build and preview rebuild)."""
    return list(map(operator.sub, numbers, chain((0,), numbers)))


def teaser(markup: str, limit: int = TEASER_CHARS) -> str:
    """The start of a text as one paragraph: all Material's result list shows of it (two
    lines), for a fraction of the bytes every page load downloads and parses."""
    text = " ".join(plain_text(markup).split())
    if not text:
        return ""
    if len(text) > limit:
        text = text[:limit].rstrip() + "…"
    return f"<p>{html.escape(text, quote=False)}</p>"


# Material's worker config in the display index: split on separators only, should it ever
# build lunr itself (madoguchi-search-worker.js builds it from the term index).
DISPLAY_CONFIG: dict[str, Any] = {
    "lang": ["en"],  # no lunr-languages: "ja" would re-segment terms with TinySegmenter
    "separator": SEPARATOR,
    "pipeline": [],  # lunr's trimmer strips every non-ASCII character, the stemmer is English
    "fields": {TITLE_FIELD: {"boost": 1.0}, TEXT_FIELD: {"boost": 1.0}},
}


def page_documents(docs: Sequence[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Material's documents grouped by page, in index order; each page's own document first."""
    pages: dict[str, list[dict[str, Any]]] = {}
    for doc in docs:
        pages.setdefault(_page(str(doc.get("location", ""))), []).append(doc)
    return list(pages.values())


def display_doc(sections: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """One page as Material's result list shows it: title, tags and a teaser of its text (of
    its first section with text when there is none before its first heading)."""
    doc = {k: v for k, v in sections[0].items() if k in ("location", "title", "tags", "boost")}
    doc["text"] = next(filter(None, (teaser(str(section.get("text", ""))) for section in sections)), "")
    return doc


# Between the levels of a result's category path (madoguchi.category_path.SEPARATOR).
PATH_SEPARATOR = " › "


def display_path(levels: Sequence[str]) -> str:
    """Where a result sits, 大分類 › 小分類, as the first line of its text in the result list
    (Material shows a document's text as HTML under its title); "" for a page outside
    any category. The levels are text written by editors: escaped."""
    if not levels:
        return ""
    shown = PATH_SEPARATOR.join(html.escape(level, quote=False) for level in levels)
    return f'<p class="madoguchi-search-path">{shown}</p>'


def with_display_path(doc: dict[str, Any], levels: Sequence[str]) -> dict[str, Any]:
    """A displayed document with its category path before its teaser."""
    path = display_path(levels)
    return {**doc, "text": path + str(doc.get("text", ""))} if path else doc


def display_index(index: dict[str, Any]) -> dict[str, Any]:
    """Material's index reduced to what its UI shows: one document per page (sections never
    match on their own any more)."""
    config = {**index.get("config", {}), **DISPLAY_CONFIG}
    return {**index, "config": config, "docs": [display_doc(s) for s in page_documents(index.get("docs", []))]}


def rewrite_index(
    index: dict[str, Any], analyzer: Analyzer, synonyms: Sequence[SynonymGroup], *, title_boost: float
) -> RewrittenIndex:
    """Material's search index split in two: the documents its UI displays, and the
    prebuilt term index (segmentation, readings, synonyms done here) its worker searches."""
    pages = page_terms(index.get("docs", []), analyzer, synonyms)
    return RewrittenIndex(display_index(index), term_index(pages, title_boost=title_boost))
