"""Japanese text processing for the search index: normalisation, segmentation with readings
(SudachiPy), and the editors' synonym groups. Pure functions and a cached analyser; no I/O
beyond loading the dictionary package, no MkDocs.

The browser (plugins/madoguchi/templates/assets/javascripts/madoguchi-search-worker.js) applies
`normalize` to queries; the two implementations must stay identical. (Index terms are written
to the shards without KANJI_JOINER, search_shards.decoded_entries.)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import chain
from typing import Any

# Separators between index terms (browser side: same set in madoguchi-search.js).
SEPARATOR = r"[\s\u200b]+"
# Joins adjacent kanji inside an index term: mkdocs-material's worker re-segments runs of
# kanji in queries against its inverted index ("experimental", it drops the rest of a word
# whenever a prefix is also a term). A term with no two kanji in a row passes through intact.
KANJI_JOINER = "\u2060"

# Parts of speech that carry no meaning a customer searches for.
SKIPPED_POS = frozenset({"助詞", "補助記号", "空白", "記号"})

_KANJI_CLASS = "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆]"
_KANJI = re.compile(_KANJI_CLASS)
_KANJI_PAIR = re.compile(f"(?<={_KANJI_CLASS})(?={_KANJI_CLASS})")
_PUNCTUATION = re.compile(
    r"[\s\u200b、。，．,.・･「」『』（）()【】\[\]［］！!？?：:；;／/〜~…‥\"'“”‘’<>＜＞=＝&＆#＃*＊+＋|｜%％@＠"
    r"^＾`｀{}｛｝\\￥$]+"
)
# Katakana ァ..ヶ to the hiragana 0x60 code points below (ヷ..ヺ have no hiragana: kept).
_KATAKANA_TO_HIRAGANA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}
# Long-vowel marks, and dashes typed for them after kana (applied after folding to hiragana).
_LONG_VOWEL = re.compile(r"ー|(?<=[\u3041-\u309f])[-\u2010-\u2015\u2212]")


def normalize(text: str) -> str:
    """The form every index term and query term is compared in: NFKC (full/half width),
    lower case, katakana folded to hiragana, long-vowel marks dropped (パスワード, ぱすわーど
    and ぱすわど meet)."""
    text = unicodedata.normalize("NFKC", text).lower().translate(_KATAKANA_TO_HIRAGANA)
    return _LONG_VOWEL.sub("", text)


# Words recur far more than chunks do.
_normalize_word = lru_cache(maxsize=100_000)(normalize)


@cache  # a site's vocabulary is small; each page repeats most of its terms
def encode_term(term: str) -> str:
    """An index term as stored in the search index (see KANJI_JOINER)."""
    return _KANJI_PAIR.sub(KANJI_JOINER, term)


def split_words(text: str) -> list[str]:
    """Split on whitespace and punctuation (what the browser also splits on)."""
    return [part for part in _PUNCTUATION.split(text) if part]


@dataclass(frozen=True)
class Morpheme:
    surface: str  # normalised surface form
    base: str  # normalised dictionary form (届か → 届く)
    reading: str  # normalised reading in hiragana (荷物 → にもつ)
    pos: str  # first level of the part of speech (名詞, 動詞, …)
    parts: tuple[tuple[str, str], ...]  # shorter units (surface, reading): 定期便 → 定期, 便


class Analyzer:
    """SudachiPy tokenizer loaded once per process and per dictionary; morphemes and terms
    cached per distinct chunk of text, because titles, tags and boilerplate sentences repeat
    across entries."""

    def __init__(self, dictionary: str = "core") -> None:
        self.dictionary = dictionary
        self._tokenizer: Any = None
        # Only chunk_terms (itself cached per chunk) and an ongoing incident's terms ask for
        # morphemes: a small cache, not a second copy of every chunk's analysis.
        self.morphemes = lru_cache(maxsize=4_096)(self._morphemes)
        self.chunk_terms = lru_cache(maxsize=200_000)(self._chunk_terms)
        self.group_terms = lru_cache(maxsize=None)(self._group_terms)

    def _load(self) -> Any:
        if self._tokenizer is None:
            from sudachipy import Dictionary, SplitMode

            self._mode_a = SplitMode.A
            self._tokenizer = Dictionary(dict=self.dictionary).tokenizer(mode=SplitMode.C)
        return self._tokenizer

    def release(self) -> None:
        """Let go of the dictionary and the caches (loaded again if asked for more): the search
        helper does this once every page is analysed, before it encodes the index. The mapped
        dictionary was 137 MB of a 20,000-entry build's peak (docs/performance.md)."""
        self._tokenizer = None
        self.morphemes.cache_clear()
        self.chunk_terms.cache_clear()
        self.group_terms.cache_clear()

    def _morphemes(self, text: str) -> tuple[Morpheme, ...]:
        tokenizer = self._load()
        result = []
        for m in tokenizer.tokenize(text):
            pos = m.part_of_speech()[0]
            if pos in SKIPPED_POS:
                # kept (without analysis) so that compounds do not run across particles
                result.append(Morpheme("", "", "", pos, ()))
                continue
            surface = _normalize_word(m.surface())
            reading = _normalize_word(m.reading_form())
            units = m.split(self._mode_a)
            parts = (
                tuple((_normalize_word(u.surface()), _normalize_word(u.reading_form())) for u in units)
                if len(units) > 1
                else ()
            )
            result.append(Morpheme(surface, _normalize_word(m.dictionary_form()), reading, pos, parts))
        return tuple(result)

    def terms(self, text: str) -> list[str]:
        """Index terms of a text, in order, duplicates kept: for each word its surface,
        dictionary form, reading, and the surfaces and readings of its shorter units."""
        # Sudachi works per sentence-like chunk; caching chunks catches repeated phrases.
        return list(chain.from_iterable(map(self.chunk_terms, split_words(text))))

    def _group_terms(self, group: SynonymGroup) -> tuple[str, ...]:
        """Each word of a synonym group as one term (so a query that is exactly that
        phrase matches) and its analysed terms."""
        terms: list[str] = []
        for word, key in zip(group.words, group.keys, strict=True):
            terms.append(key)
            terms.extend(self.terms(word))
        return tuple(terms)

    def _chunk_terms(self, chunk: str) -> tuple[str, ...]:
        morphemes = self.morphemes(chunk)
        terms = compound_terms(morphemes)
        for m in morphemes:
            if m.pos in SKIPPED_POS:
                continue
            terms.append(m.surface)
            if m.base != m.surface and m.base != "*":
                terms.append(m.base)
            if m.reading and m.reading != m.surface and m.reading != "*":
                terms.append(m.reading)
            for surface, reading in m.parts:
                terms.append(surface)
                if reading and reading != surface:
                    terms.append(reading)
        return tuple(t for t in terms if t)


COMPOUND_POS = frozenset({"名詞", "接頭辞", "接尾辞"})


def compound_terms(morphemes: Sequence[Morpheme], longest: int = 4) -> list[str]:
    """Surface and reading of each run of 2 to `longest` nouns and affixes (再 + 配達 →
    再配達, さいはいたつ): what a customer types as one word when the analyser splits it."""
    terms: list[str] = []
    run: list[Morpheme] = []
    for m in [*morphemes, None]:
        # a prefix (お, 再) starts a new word; nouns and suffixes continue one
        if m is not None and m.pos in COMPOUND_POS and m.pos != "接頭辞" and 0 < len(run) < longest:
            run.append(m)
            continue
        if len(run) >= 2:
            terms.append("".join(x.surface for x in run))
            terms.append("".join(x.reading for x in run))
        run = [m] if m is not None and m.pos in COMPOUND_POS else []
    return terms


@dataclass(frozen=True)
class SynonymGroup:
    words: tuple[str, ...]  # as the editor wrote them
    keys: tuple[str, ...]  # the same words `compact`ed: what is looked for in text


def synonym_groups(groups: Iterable[Sequence[str]]) -> list[SynonymGroup]:
    """Groups of words meaning the same to a customer; groups of fewer than two distinct
    words are dropped."""
    result = []
    for words in groups:
        pairs = {compact(w): w for w in words if compact(w)}
        if len(pairs) > 1:
            result.append(SynonymGroup(tuple(pairs.values()), tuple(pairs)))
    return result


def compact(text: str) -> str:
    """Normalised text without separators: the haystack synonyms are looked up in."""
    return "".join(split_words(normalize(text)))


def expand_synonyms(haystack: str, groups: Sequence[SynonymGroup], analyzer: Analyzer) -> list[str]:
    """Terms of every group one of whose words occurs in `haystack` (a `compact` text):
    each word of the group as one term (so a query that is exactly that phrase matches)
    and its analysed terms."""
    terms: list[str] = []
    for group in groups:
        if any(key in haystack for key in group.keys):
            terms.extend(analyzer.group_terms(group))
    return terms


def has_kanji(text: str) -> bool:
    return bool(_KANJI.search(text))
