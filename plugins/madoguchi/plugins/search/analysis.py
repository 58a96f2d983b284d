"""The Japanese analysis of pages for the term index, done while MkDocs builds.

Segmenting, reading and expanding every page's words is most of `madoguchi/search`'s cost.
It needs nothing from the rest of the build but each page's HTML, so on a machine with more
than one CPU it runs in one helper process while MkDocs goes on rendering, and the build
process only sends pages and, at the end, waits for the term index to be written.

The helper (helper_process.StreamHelper) is forked in `on_config`, before the content is
loaded: nothing to import or load twice, and unlike a spawned process it never re-runs the
script that started the build (a script calling MkDocs without an `if __name__ == "__main__":`
guard would build again in it). Forked after the site was loaded (as it was until 2026-12-02),
it inherited the build process's whole model, ~100 MB at 20,000 entries, and kept a copy of
every page of it the build process wrote to afterwards (copy on write): memory counted twice.
It loads its dictionary while the build process reads the content. A process with other
threads is never forked (a lock held by one of them stays locked in the child): in the
rebuilds of `mkdocs serve`, with one CPU, or with
`parallel: false`, the same code runs in the build process.

Pages are given as MkDocs renders them (`on_page_content`, its first pass), not as it writes
them (its second): the analysis then runs beside the rendering, and once MkDocs has rendered
the last page (`on_env`) the helper lets go of its dictionary (`rendered`), before the build
process reaches its largest. Given in the second pass, until 2026-12-03, the mapped dictionary
(137 MB at 20,000 entries) was held while the build process held every rendered page and the
audit helper audited the written ones (docs/performance.md, fifth round).

Pages are split into sections by mkdocs-material's own search parser, so the terms come from
exactly the text Material indexes (its `data-search-exclude`, skipped tags and permalinks).
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, cast

from ...helper_process import StreamHelper
from ...japanese import Analyzer, SynonymGroup
from ...search_index import (
    DISPLAY_CONFIG,
    PageTerms,
    TermIndex,
    display_doc,
    ongoing_terms,
    page_terms,
    rewrite_index,
    with_display_path,
)
from ...search_shards import FOLDER, Encoded, Fragments, write_search_files

DISPLAY_INDEX = "search_index.json"  # Material's file name, which its UI fetches


# Bytes of pickled pages the helper may lag behind before the build process waits for it: a
# niced helper falls behind while the build process has a whole CPU (HTML of ~1,500 pages).
HELPER_BACKLOG = 64 << 20

# Pages sent to the helper at a time: few enough messages; fewer near the last page (when the
# number of pages is known), so that little analysis is left once the last page is rendered.
BATCH = 50


def batch_size(left: int | None) -> int:
    """Pages to send at a time with `left` pages still to come after these (None: unknown)."""
    return BATCH if left is None else max(1, min(BATCH, left // 4))


@dataclass(frozen=True)
class PageHtml:
    """What Material's search parser reads of a page (see SearchIndex.add_entry_from_context)."""

    url: str
    title: str
    meta: dict[str, Any]  # its `title`, `tags` and `search` keys
    content: str
    # An ongoing incident: its title and affected services (search_index.ongoing_terms),
    # and what its result's title starts with (【対応中】)
    ongoing: tuple[str, ...] = ()
    marker: str = ""
    # Its category's levels (大分類, 小分類), shown above its teaser (search_index.display_path)
    levels: tuple[str, ...] = ()


@dataclass(frozen=True)
class IndexStats:
    pages: int
    terms: int
    bytes: int


class _ParsedPage:
    """The attributes of an MkDocs page that Material's SearchIndex reads."""

    def __init__(self, page: PageHtml) -> None:
        self.url, self.title, self.meta, self.content = page.url, page.title, page.meta, page.content
        self.toc: list[Any] = []  # section anchors are dropped: results are whole pages


def material_docs(page: PageHtml) -> list[dict[str, Any]]:
    """The documents mkdocs-material's search plugin makes of a page (one per section)."""
    from material.plugins.search.plugin import SearchIndex

    index = SearchIndex()
    index.add_entry_from_context(_ParsedPage(page))
    return list(index.entries)


def write_json(path: Path, data: Any) -> int:
    """Compact JSON in UTF-8 rather than \\u escapes (Japanese text takes half the bytes);
    returns the bytes written."""
    return path.write_bytes(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


class TermCollector:
    """Analyses pages as they come and, at the end, writes the search index files: the
    documents Material's UI displays and the term index its worker searches."""

    def __init__(
        self, dictionary: str, synonyms: Sequence[SynonymGroup], title_boost: float, search_dir: str | None = None
    ) -> None:
        self.analyzer = analyzer_for(dictionary)
        self.synonyms = list(synonyms)
        self.title_boost = title_boost
        self.display: list[dict[str, Any]] = []  # the displayed document of each page, in build order
        self.index = TermIndex(keep_terms=False)  # the terms of the same pages, as they come
        self.levels: dict[str, tuple[str, ...]] = {}  # location → category levels, for `--dirty` builds
        self.keep = False  # keep every rendered page's analysis for the preview's rebuilds (_KEPT)
        # `search_dir`: the result fragments are written as their pages come (search_shards.Fragments)
        self.fragments = Fragments(Path(search_dir, FOLDER)) if search_dir is not None else None

    def ready(self) -> bool:
        """Load the dictionary now: its errors reach the build through this call's result."""
        self.analyzer.morphemes("辞書")
        return True

    def add(self, pages: Sequence[PageHtml]) -> None:
        for page in pages:
            if self.keep:
                _KEPT[page.url] = None  # no document (search: exclude) unless _add_page adds one
            self._add_page(material_docs(page), page)
        if self.fragments is not None:
            self.fragments.add(self.display)

    def rendered(self) -> None:
        """Every page is analysed: let go of the dictionary (Analyzer.release; loaded again if
        asked for more) while MkDocs writes the pages. Not in the preview, whose next rebuild
        analyses again in the same process."""
        if not self.keep:
            self.analyzer.release()

    def _add_page(self, sections: Sequence[dict[str, Any]], page: PageHtml | None = None) -> None:
        for terms in page_terms(sections, self.analyzer, self.synonyms):  # one page: one PageTerms
            display = display_doc(sections)
            if page is not None and page.ongoing:
                terms = replace(terms, ongoing=ongoing_terms(page.ongoing, self.analyzer, self.synonyms))
                display["title"] = page.marker + str(display.get("title", ""))
            if page is not None and page.levels:
                display = with_display_path(display, page.levels)
                self.levels[terms.location] = page.levels
            self.index.add(terms)
            self.display.append(display)
            if page is not None and self.keep:
                _KEPT[terms.location] = (display, terms)

    def write(
        self, search_dir: str, material_docs: Sequence[dict[str, Any]] | None, order: Sequence[str] | None = None
    ) -> IndexStats:
        """Write the search files for the pages analysed, in build order; or, given Material's own
        documents (`--dirty` builds, where its index also has pages not rendered this time),
        from those (pages analysed already are mostly cache hits of the analyser); or, given
        every page's URL in build order (the preview's rebuilds), from the pages rendered now
        and the kept analysis of the others (_KEPT), exactly what a full build would write."""
        display: dict[str, Any]
        if order is not None and all(location in _KEPT for location in order):
            kept = [page for location in order if (page := _KEPT[location]) is not None]
            index = _index_of([page[1] for page in kept])
            display = {"config": DISPLAY_CONFIG, "docs": [page[0] for page in kept]}
            terms = index.data(title_boost=self.title_boost)
        elif material_docs is None and order is not None:  # a page never analysed: Material's documents
            material = json.loads(Path(search_dir, DISPLAY_INDEX).read_text(encoding="utf-8"))
            if not material["docs"]:  # the preview lets Material index nothing (SearchPlugin.on_config)
                missing = next(location for location in order if location not in _KEPT)
                raise ValueError(f"{missing or '/'}: not analysed in this preview; restart it")
            return self.write(search_dir, material["docs"])
        elif material_docs is None:
            display = {"config": DISPLAY_CONFIG, "docs": self.display}
            terms = self.index.data(title_boost=self.title_boost)
        else:
            material = {"config": {}, "docs": material_docs}
            rewritten = rewrite_index(material, self.analyzer, self.synonyms, title_boost=self.title_boost)
            display, terms = rewritten.display, rewritten.terms
            # the category path of each page analysed (pages not rendered this time: without)
            docs = [with_display_path(doc, self.levels.get(str(doc.get("location")), ())) for doc in display["docs"]]
            display = {**display, "docs": docs}
        # The browser downloads only the shards and fragments a query needs (search_shards);
        # Material's own file keeps its config and no documents (its UI fetches it).
        encoded = _ENCODED if order is not None else None  # the preview's rebuilds
        stats = write_search_files(Path(search_dir, FOLDER), display["docs"], terms, self.fragments, encoded)
        written = write_json(Path(search_dir, DISPLAY_INDEX), {"config": display["config"], "docs": []})
        return IndexStats(stats.pages, stats.terms, stats.bytes + written)


# --- the helper process: one collector per process ------------------------------------------

_collector: TermCollector | None = None
# The preview's rebuilds (in the build process): page URL → its displayed document and terms at
# its last render; a rebuild analyses only the pages it renders.
_KEPT: dict[str, tuple[dict[str, Any], PageTerms] | None] = {}
# One analyser per dictionary and process: the rebuilds of `mkdocs serve` (in the build
# process) keep its dictionary and its per-text caches.
_ANALYZERS: dict[str, Analyzer] = {}


def analyzer_for(dictionary: str) -> Analyzer:
    if dictionary not in _ANALYZERS:
        _ANALYZERS[dictionary] = Analyzer(dictionary)
    return _ANALYZERS[dictionary]


def _start(
    dictionary: str, synonyms: Sequence[SynonymGroup], title_boost: float, search_dir: str | None = None
) -> None:
    global _collector
    _collector = TermCollector(dictionary, synonyms, title_boost, search_dir)


def _call(method: str, *args: Any) -> Any:
    assert _collector is not None, "helper process not started"
    return getattr(_collector, method)(*args)


_LAST_INDEX: tuple[list[PageTerms], TermIndex] | None = None  # the preview's previous term index
_ENCODED = Encoded()  # the preview's shards and fragments of its previous rebuild
_PATCHED_AT_MOST = 100  # more changed pages than this: the index is built again


def _index_of(pages: list[PageTerms]) -> TermIndex:
    """The term index of `pages` (the preview's rebuilds): the previous rebuild's index with
    the pages that changed replaced, when the pages are the same in number (TermIndex.replace),
    else built again."""
    global _LAST_INDEX
    if _LAST_INDEX is not None and len(_LAST_INDEX[0]) == len(pages):
        previous, index = _LAST_INDEX
        changed = [number for number, (old, new) in enumerate(zip(previous, pages, strict=True)) if old is not new]
        if len(changed) <= _PATCHED_AT_MOST and all(previous[n].location == pages[n].location for n in changed):
            for number in changed:
                index.replace(number, pages[number])
            _LAST_INDEX = (pages, index)
            return index
    index = TermIndex()
    for page in pages:
        index.add(page)
    _LAST_INDEX = (pages, index)
    return index


def _serve(messages: Iterator[object]) -> object:
    """The helper process's life (a StreamHelper): `("start", …)` makes its collector, `("end",)`
    ends it, every other message is a call of it; answers how the last `write` went. After an
    error the messages are still read to the end (the build process goes on sending), and the
    error is the answer. It stops at "end", not when the pipe closes: a helper forked later
    (the audit's) holds a copy of the pipe's other end until it exits itself."""
    error: BaseException | None = None
    stats: object = None
    for message in messages:
        method, *args = cast(tuple[Any, ...], message)  # sent by Analysis
        if method == "end":
            break
        if error is not None:
            continue
        try:
            if method == "start":
                _start(*args)
                continue
            if method == "write" and _collector is not None:
                _collector.analyzer.release()  # every page is analysed: the dictionary's memory goes
            stats = _call(method, *args)
        except Exception as failure:
            error = failure
    if error is None:
        return ("done", stats)
    try:
        pickle.dumps(error)
    except Exception:
        error = RuntimeError(repr(error))  # the answer must travel back
    return ("failed", error)


class Analysis:
    """One build's analysis: `add` each page as it is rendered, `finish` after Material has
    written its index. Calls reach the collector in order (one helper process, or this one)."""

    def __init__(
        self,
        dictionary: str,
        synonyms: Sequence[SynonymGroup],
        title_boost: float,
        *,
        parallel: bool,
        keep: bool = False,
        pages: int | None = None,
        search_dir: Path | None = None,
    ) -> None:
        """`keep`: keep every page's analysis for the next build in this process (the preview;
        `parallel` must then be false). `pages`: how many pages `add` will be given, if known
        (the batches get smaller near the last; see `expect`). `search_dir`: where the search
        files will be written, if known: a helper process writes the result fragments there as
        the pages come, so that less is left for `finish`.

        With `parallel`, the helper is forked now: create the Analysis before the site is
        loaded (on_config), so that the helper inherits little of this process's memory."""
        self.helper = StreamHelper.start(_serve, backlog=HELPER_BACKLOG) if parallel and not keep else None
        self.parallel = self.helper is not None
        self.error: Exception | None = None  # without a helper: the first call that failed
        if self.helper is not None:
            self.helper.send(
                ("start", dictionary, list(synonyms), title_boost, str(search_dir) if search_dir else None)
            )
        else:
            _start(dictionary, synonyms, title_boost)
            assert _collector is not None
            _collector.keep = keep
        self.batch: list[PageHtml] = []
        self.left = pages  # pages still to come, if known
        self._call("ready")  # the dictionary is loaded now, in the helper while the build goes on

    def expect(self, pages: int) -> None:
        """`pages` pages will be given to `add` (known once the files are: on_nav)."""
        self.left = pages

    def _call(self, method: str, *args: Any) -> Any:
        if self.helper is not None:
            self.helper.send((method, *args))
            return None
        if self.error is None:
            try:
                return _call(method, *args)
            except Exception as error:  # raised by finish, as a helper's would be
                self.error = error
        return None

    def add(self, page: PageHtml) -> None:
        self.batch.append(page)
        if self.left is not None:
            self.left = max(0, self.left - 1)
        if len(self.batch) >= batch_size(self.left) or not self.parallel:
            self._send()

    def rendered(self) -> None:
        """Every page is given (MkDocs' first pass is over): the analysis of the last ones
        starts now, and the dictionary goes once they are analysed (TermCollector.rendered)."""
        self._send()
        self._call("rendered")

    def _send(self) -> None:
        if self.batch:
            self._call("add", self.batch)
            self.batch = []

    def finish(
        self, search_dir: Path, material_docs: Sequence[dict[str, Any]] | None, order: Sequence[str] | None = None
    ) -> IndexStats:
        """Write the search index files (see TermCollector.write); raises what went wrong in
        the helper (HelperFailed when it died)."""
        self._send()
        stats = self._call("write", str(search_dir), material_docs, order)
        if self.helper is not None:
            helper, self.helper = self.helper, None
            helper.send(("end",))
            outcome, stats = cast(tuple[str, Any], helper.finish())  # _serve's answer
            if outcome != "done":
                raise stats
        elif self.error is not None:
            raise self.error
        assert isinstance(stats, IndexStats)
        return stats

    def close(self) -> None:
        """Stop the helper if it is still running (the build failed or was interrupted)."""
        if self.helper is not None:
            self.helper.abort()
            self.helper = None
