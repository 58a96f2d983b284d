"""Rewrite mkdocs-material's search index for Japanese: pure functions over its JSON data.

Each document keeps `title`, `text` and `tags` for display; matching happens on two hidden
fields of normalised, segmented terms: `kt` (the question: title and tags, boosted) and
`kx` (the answer). See docs/search.md.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

import yaml

from .japanese import SEPARATOR, Analyzer, SynonymGroup, compact, expand_synonyms, synonym_groups, term_field

TITLE_FIELD = "kt"
TEXT_FIELD = "kx"
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


def _page(location: str) -> str:
    return location.split("#", 1)[0]


def rewrite_index(
    index: dict[str, Any], analyzer: Analyzer, synonyms: Sequence[SynonymGroup], *, title_boost: float
) -> dict[str, Any]:
    """A copy of Material's search index whose documents carry the hidden term fields and
    whose config makes Material's worker split on separators only (no stemming, no
    in-browser segmenter): Japanese processing has been done here."""
    docs = []
    seen_pages: set[str] = set()
    for doc in index.get("docs", []):
        title = plain_text(str(doc.get("title", "")))
        text = plain_text(str(doc.get("text", "")))
        question = title
        is_article = _page(str(doc.get("location", ""))) not in seen_pages
        seen_pages.add(_page(str(doc.get("location", ""))))
        if is_article:
            question = " ".join([title, *map(str, doc.get("tags") or [])])
        title_terms = analyzer.terms(question) + expand_synonyms(compact(question), synonyms, analyzer)
        text_terms = analyzer.terms(text) + expand_synonyms(compact(text), synonyms, analyzer)
        new = dict(doc)
        new[TITLE_FIELD] = term_field(title_terms)
        # Terms already in the question add nothing but bytes to the answer field.
        new[TEXT_FIELD] = term_field(text_terms, exclude=set(title_terms))
        docs.append(new)
    config = dict(index.get("config", {}))
    config.update(
        lang=["en"],  # no lunr-languages: "ja" would re-segment terms with TinySegmenter
        separator=SEPARATOR,
        pipeline=[],  # lunr's trimmer strips every non-ASCII character, the stemmer is English
        fields={TITLE_FIELD: {"boost": float(title_boost)}, TEXT_FIELD: {"boost": 1.0}},
    )
    return {**index, "config": config, "docs": docs}
