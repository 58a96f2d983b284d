"""The sharded search index (search/madoguchi/, search_shards.py and madoguchi-search-worker.js):
how terms are spread over shards, what a rebuild renames, what never enters any file, and
what the browser downloads for a first and a repeated query."""

from __future__ import annotations

import json
import random
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from madoguchi.search_shards import (
    FRAGMENT_PAGES,
    SHARD_BYTES,
    Encoded,
    Fragments,
    bucket,
    likely_next,
    read_site_index,
    shard_count,
    shard_key,
    shard_name,
    site_files,
    write_search_files,
)
from support.browser import search as type_query
from support.browser import search_answered
from support.site import make_site, mkdocs_build

SEARCH = "search"
WITHDRAW = "faq/account/withdraw/"


def search_site(tmp_path: Path) -> Path:
    root = make_site(tmp_path)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("  - madoguchi/incidents\n", "  - madoguchi/incidents\n  - madoguchi/search\n"), encoding="utf-8"
    )
    return root


def build(root: Path) -> Path:
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site" / SEARCH


def entry(root: Path, path: str, front: str, body: str) -> None:
    target = root / "content" / path
    target.write_text(f"---\n{front}owner: cs-members\nreviewed: 2026-11-01\n---\n\n{body}\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("estimated", "count"),
    [(0, 1), (SHARD_BYTES, 1), (SHARD_BYTES + 1, 2), (5 * SHARD_BYTES, 8), (1000 * SHARD_BYTES, 1024)],
)
def test_the_number_of_shards_is_a_power_of_two_near_the_target_size(estimated: int, count: int) -> None:
    assert shard_count(estimated) == count


@pytest.mark.parametrize(
    ("term", "key"),
    [("たいかい", "たい"), ("返品", "返品"), ("便", "便"), ("𠮷野家", "𠮷"), ("a", "a")],  # 𠮷: two UTF-16 units
)
def test_a_terms_shard_key_is_its_first_two_utf16_units_as_javascript_slices_them(term: str, key: str) -> None:
    assert shard_key(term) == key


def small_index(words: dict[str, list[int]], pages: int) -> tuple[list[dict[str, str]], dict]:
    """Displayed documents and term index data (TermIndex.data's form, one field)."""
    documents = [{"location": f"p{n}/", "title": f"<b>{n}</b>", "text": ""} for n in range(pages)]
    deltas = {w: [n - (ns[i - 1] if i else 0) for i, n in enumerate(ns)] for w, ns in words.items()}
    index = {
        "fields": {"kt": 10.0},
        "refs": [d["location"] for d in documents],
        "boosts": {},
        "terms": [[w, d] for w, d in sorted(deltas.items())],
    }
    return documents, index


def test_a_term_and_its_completions_are_in_one_shard_and_read_back_whole(tmp_path: Path) -> None:
    words = {f"たい{suffix}": [n % 20] for n, suffix in enumerate("かきくけこさしすせそ")}
    words |= {f"語{n}": [n % 20, 20 + n % 5] for n in range(3000)}  # several shards
    documents, index = small_index(words, 25)
    stats = write_search_files(tmp_path / "madoguchi", documents, index)
    manifest = json.loads((tmp_path / "madoguchi" / "manifest.json").read_text(encoding="utf-8"))
    assert stats.shards > 1 and len(manifest["shards"]) & (len(manifest["shards"]) - 1) == 0
    holding = manifest["shards"][bucket("たい", len(manifest["shards"]))]
    shard = json.loads((tmp_path / "madoguchi" / "s" / f"{holding}.json").read_text(encoding="utf-8"))
    assert {term for term, *_ in shard["terms"]} >= set(w for w in words if w.startswith("たい"))
    read = read_site_index(tmp_path)
    assert read.documents == documents and read.pages("たいか", "kt") == ["p0/"]
    assert read.pages("語2021", "kt") == ["p1/", "p21/"]
    assert len(manifest["fragments"]) == -(-25 // FRAGMENT_PAGES)


def test_a_key_whose_terms_fill_a_shard_alone_has_a_file_of_its_own_and_shares_no_bucket(tmp_path: Path) -> None:
    words = {f"はい{n}": list(range(0, 3000, 1 + n % 3)) for n in range(12)}  # はい…: thousands of pages each
    words |= {f"{chr(0x4E00 + n)}語": [n % 20] for n in range(3000)}  # 3,000 light keys: several buckets
    documents, index = small_index(words, 3000)
    write_search_files(tmp_path / "madoguchi", documents, index)
    manifest = json.loads((tmp_path / "madoguchi" / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["keys"]) == {"はい"}
    own = json.loads((tmp_path / "madoguchi" / "s" / f"{manifest['keys']['はい']}.json").read_text(encoding="utf-8"))
    assert {term for term, *_ in own["terms"]} == {w for w in words if w.startswith("はい")}  # and nothing else
    assert shard_name(manifest, "はい") == manifest["keys"]["はい"] != shard_name(manifest, "一語")
    assert manifest["keys"]["はい"] not in manifest["shards"]
    assert read_site_index(tmp_path).pages("はい0", "kt") == [f"p{n}/" for n in range(3000)]
    assert read_site_index(tmp_path).pages(f"{chr(0x4E00 + 21)}語", "kt") == ["p1/"]


@pytest.mark.parametrize(
    ("weights", "table"),
    [
        ({"期限": 60, "期間": 30, "期日": 10}, {"期": "限間"}),  # the heaviest, at most NEXT_KEYS
        ({"期限": 90, "期間": 9, "期日": 1}, {"期": "限"}),  # under NEXT_SHARE of 期…: not fetched ahead
        ({f"の{kana}": 10 for kana in "あいうえおかき"}, {}),  # many as likely: none is worth a request
        ({"あう": 5, "あい": 5, "か": 100}, {"あ": "いう"}),  # ties in code order; a one-unit key has no next
        ({"𠮷野": 50, "返品": 3}, {"返": "品"}),  # half a surrogate pair cannot be written in JSON
    ],
)
def test_a_characters_likely_next_characters_are_those_of_its_heaviest_keys(
    weights: dict[str, int], table: dict[str, str]
) -> None:
    assert likely_next(weights) == table


def test_a_characters_likely_next_characters_come_with_the_shard_of_the_character(tmp_path: Path) -> None:
    words = {"期限": [0, 1, 2, 6, 7], "期限切れ": [3], "期間": [4], "期": [5]}
    words |= {f"{chr(0x4E00 + n)}語": [n % 20] for n in range(3000)}  # several buckets
    documents, index = small_index(words, 25)
    write_search_files(tmp_path / "madoguchi", documents, index)
    manifest = json.loads((tmp_path / "madoguchi" / "manifest.json").read_text(encoding="utf-8"))
    holding = shard_name(manifest, "期")
    shard = json.loads((tmp_path / "madoguchi" / "s" / f"{holding}.json").read_text(encoding="utf-8"))
    assert shard["next"]["期"] == "限" and "期" in {term for term, *_ in shard["terms"]}
    assert read_site_index(tmp_path).next["期"] == "限"  # 期間: 1 of 7 postings, under NEXT_SHARE


def test_writing_again_keeps_unchanged_files_and_removes_those_no_longer_named(tmp_path: Path) -> None:
    folder = tmp_path / "madoguchi"
    documents, index = small_index({"かいやく": [0, 1], "へんぴん": [2]}, 12)
    write_search_files(folder, documents, index)
    before = {path.name: path.stat().st_mtime_ns for path in site_files(tmp_path)}
    documents[9]["title"] = "changed"  # the second fragment
    write_search_files(folder, documents, index)
    after = {path.name: path.stat().st_mtime_ns for path in site_files(tmp_path)}
    gone, new = before.keys() - after.keys(), after.keys() - before.keys()
    assert len(gone) == 1 and len(new) == 1  # one fragment renamed; the manifest keeps its name
    assert all(after[name] == before[name] for name in after.keys() & before.keys() if name != "manifest.json")


def folder_bytes(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.mark.parametrize("steps", [(25,), (3, 9, 17, 25), (8, 16, 24), tuple(range(1, 26))])
def test_fragments_written_while_the_pages_come_are_the_files_written_at_the_end(
    tmp_path: Path, steps: tuple[int, ...]
) -> None:
    """The build's analysis writes each fragment once its pages are analysed (Fragments), so
    that less is left after the last page; the files are byte for byte those written at once."""
    documents, index = small_index({"かいやく": [0, 1, 20], "へんぴん": [2, 24]}, 25)
    at_once = write_search_files(tmp_path / "at-once", documents, index)
    fragments = Fragments(tmp_path / "as-they-come")
    for count in steps:
        fragments.add(documents[:count])
    assert len(fragments.written) == 25 // FRAGMENT_PAGES  # the last, incomplete one is left for the end
    as_they_come = write_search_files(tmp_path / "as-they-come", documents, index, fragments)
    assert folder_bytes(tmp_path / "as-they-come") == folder_bytes(tmp_path / "at-once")
    assert as_they_come == at_once


def test_a_fragment_written_from_documents_that_are_not_the_final_ones_is_removed(tmp_path: Path) -> None:
    """E.g. a `--dirty` build's index comes from Material's documents, not those analysed."""
    documents, index = small_index({"かいやく": [0, 1], "へんぴん": [2]}, 20)
    fragments = Fragments(tmp_path / "written")
    fragments.add(documents)
    final = [dict(document) for document in documents]
    final[9]["title"] = "changed"  # the second fragment's content; the others only other objects
    write_search_files(tmp_path / "written", final, index, fragments)
    write_search_files(tmp_path / "plain", final, index)
    assert folder_bytes(tmp_path / "written") == folder_bytes(tmp_path / "plain")


def test_the_previews_kept_encodings_give_the_files_an_encoding_from_scratch_gives(tmp_path: Path) -> None:
    """The preview keeps each shard and fragment it encoded (Encoded) and encodes again only
    those whose terms or documents changed; the files are those written without it."""
    encoded = Encoded()
    words = {f"語{n}": [n % 20, 20 + n % 5] for n in range(3000)}
    documents, index = small_index(words, 25)
    write_search_files(tmp_path / "kept", documents, index, encoded=encoded)
    first = encoded.encoded
    words["語7"] = [3, 24]  # one term's postings
    words["新語"] = [4]  # a new term
    documents[9] = {**documents[9], "title": "changed"}  # one fragment
    documents, index = small_index(words, 25)[0][:9] + documents[9:], small_index(words, 25)[1]
    write_search_files(tmp_path / "kept", documents, index, encoded=encoded)
    write_search_files(tmp_path / "plain", documents, index)
    assert folder_bytes(tmp_path / "kept") == folder_bytes(tmp_path / "plain")
    assert 2 <= encoded.encoded <= 3 < first  # the shards of 語7 and 新語 (maybe one), the fragment


def made_up_entries(root: Path, count: int) -> None:
    """Entries of made-up katakana words (each its own term): enough terms for several shards."""
    rng = random.Random(7)
    kana = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモラリルレロ"
    for n in range(count):
        words = "、".join("".join(rng.choice(kana) for _ in range(4)) for _ in range(30))
        entry(root, f"faq/ordering/made-up-{n}.md", f"title: 商品 {n}\n", f"{words}。")


def shard_names(manifest: dict) -> set[str]:  # type: ignore[type-arg]
    return set(filter(None, manifest["shards"])) | set(manifest["keys"].values())


def test_a_rebuild_after_editing_one_entry_renames_only_its_fragment_and_the_shards_of_changed_terms(
    tmp_path: Path,
) -> None:
    root = search_site(tmp_path)
    made_up_entries(root, 60)
    first = read_site_index(build(root))
    page = root / "content" / "faq" / "account" / "withdraw.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nペンギン便でもお届けします。\n", encoding="utf-8")
    second = read_site_index(build(root))
    count = len(first.manifest["shards"])
    assert len(second.manifest["shards"]) == count and first.refs == second.refs
    changed_terms = {t for t in first.terms.keys() | second.terms.keys() if first.terms.get(t) != second.terms.get(t)}
    assert "ぺんぎん" in changed_terms
    changed_keys = {shard_key(term) for term in changed_terms}
    gone, new = (
        shard_names(first.manifest) - shard_names(second.manifest),
        shard_names(second.manifest) - shard_names(first.manifest),
    )
    assert gone == {shard_name(first.manifest, key) for key in changed_keys} - {""}
    assert new == {shard_name(second.manifest, key) for key in changed_keys} - {""}
    assert len(gone) < len(shard_names(first.manifest))
    changed_fragments = [
        n
        for n, (a, b) in enumerate(zip(first.manifest["fragments"], second.manifest["fragments"], strict=True))
        if a != b
    ]
    assert changed_fragments == [first.refs.index(WITHDRAW) // FRAGMENT_PAGES]


PENGUIN = "ペンギン便の受付窓口について"


@pytest.mark.parametrize(
    ("where", "published"),
    [("public", True), ("draft", False), ("internal entry", False), ("internal block", False)],
)
def test_drafts_and_internal_content_are_in_no_search_file_byte_wise(
    tmp_path: Path, where: str, published: bool
) -> None:
    root = search_site(tmp_path)
    if where == "internal block":
        entry(
            root,
            "faq/ordering/penguin.md",
            "title: 配送の種類\n",
            f"通常便があります。\n\n!!! internal\n    {PENGUIN}\n",
        )
    else:
        front = {"public": "", "draft": "draft: true\n", "internal entry": "audience: internal\n"}[where]
        entry(root, "faq/ordering/penguin.md", f"title: {PENGUIN}\n{front}", f"{PENGUIN}。")
    search = build(root)
    data = b"".join(path.read_bytes() for path in search.rglob("*") if path.is_file())
    for marker in ("ペンギン", "ぺんぎん", "受付窓口"):
        assert (marker.encode() in data) is published, marker


def test_the_browser_downloads_the_shards_of_a_querys_terms_fragments_of_its_results_and_nothing_twice(
    tmp_path: Path, serve, page
) -> None:  # type: ignore[no-untyped-def]
    root = search_site(tmp_path)
    for n in range(12):  # more matches than Material shows at once
        entry(root, f"faq/ordering/gift-{n}.md", f"title: ギフト包装 その{n}\n", "ギフト包装を承ります。")
    search = build(root)
    index = read_site_index(search)
    base = serve(root / "site")
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url.removeprefix(base)))
    page.goto(base)
    page.wait_for_load_state("networkidle")
    assert not [url for url in requested if "/s/" in url or "/f/" in url]  # nothing before a query
    assert f"{SEARCH}/madoguchi/manifest.json" in requested and not any("madoguchi-index" in u for u in requested)
    assert json.loads((search / "search_index.json").read_text(encoding="utf-8"))["docs"] == []

    def query(text: str) -> list[str]:
        requested.clear()
        box = page.locator("input[data-md-component=search-query]")
        # the previous query's list stays until this one's result (announced by madoguchi-search.js)
        page.evaluate(
            "q => { window.__answered = false; document.addEventListener('madoguchi:search',"
            " e => { if (e.detail.query === q) window.__answered = true }) }",
            text,
        )
        box.fill(text)
        box.press("End")
        page.wait_for_function("window.__answered === true")
        page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        page.locator(".md-search-result__list > li > a").first.wait_for()
        page.wait_for_load_state("networkidle")
        return list(requested)

    fetched = query("解約")
    shards = {url.rsplit("/", 1)[1].removesuffix(".json") for url in fetched if "/s/" in url}
    assert shards == {shard_name(index.manifest, key) for key in ("解約", "解", "約")} - {""}
    fragments = [url for url in fetched if "/f/" in url]
    shown = page.locator(".md-search-result__list > li > a")
    assert 1 <= len(fragments) <= shown.count() and len(fetched) == len(shards) + len(fragments)
    assert WITHDRAW in (shown.first.get_attribute("href") or "")

    assert query("ギフト包装")  # 12 matches: ten shown, all counted
    assert shown.count() == 10
    assert "12" in (page.locator(".md-search-result__meta").text_content() or "")
    assert query("解約") == []  # a repeated query downloads nothing
    page.keyboard.press("Enter")  # Material's keyboard use: Enter opens the best result
    page.wait_for_url(f"**/{WITHDRAW}**")


TERMS = ["返品", "たいかい", "便", "𠮷野家", "ぱすわど", "アカウント", "ｶｰﾄﾞ", "Wi-Fi", "パスワード", "再⁠配達"]


def test_the_worker_computes_the_same_normal_form_shard_key_and_shard_as_the_build(tmp_path: Path, serve, page) -> None:  # type: ignore[no-untyped-def]
    from madoguchi.japanese import normalize

    root = search_site(tmp_path)
    build(root)
    page.goto(serve(root / "site"))
    page.wait_for_load_state("networkidle")
    worker = next(w for w in page.workers if "madoguchi-search-worker" in w.url)
    computed = worker.evaluate(
        """terms => terms.map(term => { const m = self.madoguchiSearch, n = m.normalize(term);
             return [n, m.shardKey(n), m.bucket(m.shardKey(n), 256), m.bucket(m.shardKey(n), 1)] })""",
        TERMS,
    )
    expected = [[normalize(t), shard_key(normalize(t)), bucket(shard_key(normalize(t)), 256), 0] for t in TERMS]
    assert computed == expected


GIFTS = 30  # more matches than Material renders at once (10) and than one scroll adds (4)

# Records every result item as Material appends it, with the title it had then.
WATCH_RENDERING = """() => {
  window.__rendered = []
  new MutationObserver(records => records.forEach(record => record.addedNodes.forEach(node => {
    if (node.nodeName === "LI") window.__rendered.push(node.querySelector("h1, h2").textContent)
  }))).observe(document.querySelector(".md-search-result__list"), { childList: true })
}"""


ITEMS = ".md-search-result__list > li"

# Scrolls Material's result box by 300 pixels and waits two frames (a scroll event and Material's
# frame after it): [whether the box is at its end, the number of results before].
SCROLL_DOWN = f"""() => new Promise(done => {{
  const box = document.querySelector(".md-search__scrollwrap")
  const before = document.querySelectorAll("{ITEMS}").length
  box.scrollBy(0, 300)
  requestAnimationFrame(() => requestAnimationFrame(() =>
    done([box.scrollTop >= box.scrollHeight - box.offsetHeight - 1, before])))
}})"""


def gift_site(tmp_path: Path) -> tuple[Path, Path]:
    root = search_site(tmp_path)
    for n in range(GIFTS):
        entry(root, f"faq/ordering/gift-{n:02}.md", f"title: ギフト包装 その{n}\n", "ギフト包装を承ります。")
    return root, build(root)


def fragment_names(search: Path, hrefs: list[str]) -> set[str]:
    index = read_site_index(search)
    names = index.manifest["fragments"]
    return {names[index.refs.index(urlsplit(href).path.lstrip("/")) // FRAGMENT_PAGES] for href in hrefs}


def test_scrolling_the_results_reaches_every_match_fetching_only_the_fragments_of_those_rendered_next(
    tmp_path: Path, serve, page
) -> None:  # type: ignore[no-untyped-def]
    root, search = gift_site(tmp_path)
    base = serve(root / "site")
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url.removeprefix(base)))
    page.goto(base)
    page.wait_for_load_state("networkidle")
    page.evaluate(WATCH_RENDERING)
    items = page.locator(ITEMS)
    links = page.locator(f"{ITEMS} > a")
    requested.clear()
    type_query(page, "ギフト包装")
    items.nth(9).wait_for()
    page.wait_for_load_state("networkidle")
    assert items.count() == 10  # the first ten, with the fragments of those ten only
    assert f"{GIFTS}" in (page.locator(".md-search-result__meta").text_content() or "")
    first = [url for url in requested if "/f/" in url]
    shown = [links.nth(n).get_attribute("href") or "" for n in range(10)]
    assert {url.rsplit("/", 1)[1].removesuffix(".json") for url in first} == fragment_names(search, shown)

    requested.clear()
    for _ in range(100):  # the reader scrolls down the list, 300 pixels at a time, to its end
        at_end, before = page.evaluate(SCROLL_DOWN)
        if at_end:  # Material renders more once the next results are filled
            page.wait_for_function(f"n => document.querySelectorAll('{ITEMS}').length > n", arg=before)
        if items.count() == GIFTS:
            break
    page.wait_for_load_state("networkidle")

    hrefs = [links.nth(n).get_attribute("href") or "" for n in range(GIFTS)]
    assert sorted(urlsplit(href).path.rsplit("/", 2)[1] for href in hrefs) == [f"gift-{n:02}" for n in range(GIFTS)]
    rendered = page.evaluate("window.__rendered")
    assert len(rendered) == GIFTS and all(title.startswith("ギフト包装 その") for title in rendered)  # never empty
    later = [url.rsplit("/", 1)[1].removesuffix(".json") for url in requested]
    assert all("/f/" in url for url in requested) and len(later) == len(set(later))  # fragments only, once each
    assert set(later) == fragment_names(search, hrefs) - fragment_names(search, shown)
    extra = sum((search / "madoguchi" / "f" / f"{name}.json").stat().st_size for name in later)
    assert extra < 4_000 * len(later)  # a few KB per request: the fragments of a few results each


def test_on_a_screen_taller_than_ten_results_the_results_rendered_at_once_are_filled(
    tmp_path: Path, serve, browser
) -> None:  # type: ignore[no-untyped-def]
    root, _ = gift_site(tmp_path)
    context = browser.new_context(viewport={"width": 1280, "height": 2400}, locale="ja-JP")
    page = context.new_page()
    page.goto(serve(root / "site"))
    page.wait_for_load_state("networkidle")
    type_query(page, "ギフト包装")
    items = page.locator(ITEMS)
    items.nth(10).wait_for()  # Material renders four more at once: the list does not fill its box
    page.wait_for_function(
        "() => [...document.querySelectorAll('.md-search-result__list > li h1')].every(h => h.textContent)"
    )
    titles = [items.nth(n).locator("h1").text_content() for n in range(items.count())]
    assert items.count() > 10 and all((title or "").startswith("ギフト包装 その") for title in titles)
    context.close()


@pytest.mark.parametrize(
    ("query", "kept"),
    [
        ("メールが届かない", "める"),  # メール: two kana once normalised, but a word, not a particle
        ("保証書がエラーになる", "えら"),
        ("ｴﾗｰ", "えら"),
    ],
)
def test_a_katakana_word_of_two_kana_is_searched_though_two_hiragana_are_dropped(
    tmp_path: Path, serve, page, query: str, kept: str
) -> None:  # type: ignore[no-untyped-def]
    root = search_site(tmp_path)
    entry(root, "faq/ordering/mail.md", "title: メールとエラーの案内\n", "メールでエラーをお知らせします。")
    build(root)
    page.goto(serve(root / "site"))
    page.wait_for_load_state("networkidle")
    worker = next(w for w in page.workers if "madoguchi-search-worker" in w.url)
    clauses = worker.evaluate("q => self.madoguchiSearch.clauses(q)", query)
    assert {"term": kept, "type": "exact"} in clauses
    assert not any(clause["term"] == "が" for clause in clauses)  # a particle is still dropped


def test_an_entry_titled_with_the_query_ranks_above_entries_only_tagged_with_its_words(
    tmp_path: Path, serve, page
) -> None:  # type: ignore[no-untyped-def]
    root = search_site(tmp_path)
    for n in range(3):  # tagged with the words, and first in page order: ahead of it on a tie
        entry(
            root, f"faq/ordering/a-tagged-{n}.md", f"title: のしについて その{n}\ntags: [ペンギン便, 延長]\n", "本文。"
        )
    entry(root, "faq/ordering/z-titled.md", "title: ペンギン便を延長できますか？\n", "本文。")
    build(root)
    page.goto(serve(root / "site"))
    page.wait_for_load_state("networkidle")
    type_query(page, "ペンギン便を延長できますか？")
    first = page.locator(f"{ITEMS} > a").first
    first.wait_for()
    assert "faq/ordering/z-titled/" in (first.get_attribute("href") or "")
    assert page.locator(ITEMS).count() == 4


# madoguchi-search-worker.js FIRST_FILES: new fragment files awaited before a result is answered
# (a browser opens six connections per host over HTTP/1.1; a seventh file is a second round trip)
FIRST_FILES = 6
POUCHES = 8 * 14
# A teaser of three lines or so on a phone: ten results fill the screen, so Material renders no more
TEASER = "ポーチの色や大きさ、お届けの日数、お手入れの方法について、よくあるご質問をまとめてご案内しています。" * 2


def test_a_keystroke_bringing_a_new_word_shows_its_results_after_its_shards_and_at_most_six_fragment_files(
    tmp_path: Path, serve, page
) -> None:  # type: ignore[no-untyped-def]
    root = search_site(tmp_path)
    for n in range(POUCHES):
        entry(root, f"faq/ordering/pouch-{n:03}.md", f"title: ポーチ {n}\n", TEASER)
    refs = read_site_index(build(root)).refs
    pages = sorted(refs.index(f"faq/ordering/pouch-{n:03}/") for n in range(POUCHES))
    # Ten entries, each in a fragment file of its own, away from the first query's results (the
    # first pouches in page order), also mention ペンギン便: the keystroke's ten results need ten files.
    early = {page // FRAGMENT_PAGES for page in pages[:16]}
    penguins: dict[int, int] = {}
    for number in pages:
        if number // FRAGMENT_PAGES not in early and len(penguins) < 10:
            penguins.setdefault(number // FRAGMENT_PAGES, number)
    for number in penguins.values():
        entry(
            root,
            refs[number].rstrip("/") + ".md",
            f"title: ポーチ {int(refs[number][-4:-1])}\n",
            f"ペンギン便でも。{TEASER}",
        )
    search = build(root)
    index = read_site_index(search)
    assert index.refs == refs and len(penguins) == 10
    base = serve(root / "site")
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url.removeprefix(base)))
    page.goto(base)
    page.wait_for_load_state("networkidle")
    type_query(page, "ポーチ")
    page.locator(f"{ITEMS} > a").first.wait_for()
    page.wait_for_load_state("networkidle")
    loaded = {url.rsplit("/", 1)[1].removesuffix(".json") for url in requested if "/f/" in url}
    wanted = {index.manifest["fragments"][number // FRAGMENT_PAGES] for number in penguins.values()}
    assert len(wanted - loaded) > FIRST_FILES

    passed: list[str] = []
    held: list = []  # type: ignore[type-arg]

    def hold(route) -> None:  # type: ignore[no-untyped-def]
        if len(passed) < FIRST_FILES:
            passed.append(route.request.url)
            route.continue_()
        else:
            held.append(route)

    page.route("**/search/madoguchi/f/*.json", hold)
    shards_before = {url.rsplit("/", 1)[1].removesuffix(".json") for url in requested if "/s/" in url}
    requested.clear()
    page.evaluate(
        "q => { window.__answered = false; document.addEventListener('madoguchi:search',"
        " e => { if (e.detail.query === q) window.__answered = true }) }",
        "ポーチ ペンギン便",
    )
    type_query(page, "ポーチ ペンギン便")  # the keystroke: a new word after the first query
    page.wait_for_function("window.__answered === true", timeout=10_000)  # answered, files held
    assert len(passed) == FIRST_FILES and held
    shards = {url.rsplit("/", 1)[1].removesuffix(".json") for url in requested if "/s/" in url}
    keys = ("ぺん", "んぎ", "ぎん", "ん便", "便")  # two characters at each position, the lone kanji
    needed = {shard_name(index.manifest, key) for key in keys} - {""} - shards_before
    ahead = {shard_name(index.manifest, "便" + unit) for unit in index.next.get("便", "")}  # fetched after answering
    assert needed <= shards <= needed | ahead
    links = page.locator(f"{ITEMS} > a")
    assert links.count() == 10
    titles = page.eval_on_selector_all(
        f"{ITEMS}", "items => items.map(li => [li.querySelector('h1').textContent, getComputedStyle(li).visibility])"
    )
    shown = [title for title, visibility in titles if title]
    assert len(shown) >= FIRST_FILES  # the results of the files in, in rank order
    assert all(visibility == "hidden" for title, visibility in titles if not title)  # the others wait, hidden

    for route in held:  # the files behind the first six come: their results are filled
        route.continue_()
    page.wait_for_function(f"() => [...document.querySelectorAll('{ITEMS} h1')].every(h => h.textContent)")
    hrefs = {urlsplit(links.nth(n).get_attribute("href") or "").path.lstrip("/") for n in range(10)}
    assert hrefs == {refs[number] for number in penguins.values()}
    page.wait_for_load_state("networkidle")
    fetched = [url.rsplit("/", 1)[1].removesuffix(".json") for url in requested if "/f/" in url]
    assert sorted(fetched) == sorted(wanted - loaded)  # each file once, only those of the ten


def test_a_keystroke_fetches_only_shards_its_words_need_and_the_files_of_a_likely_next_keystroke_come_ahead(
    tmp_path: Path, serve, page
) -> None:  # type: ignore[no-untyped-def]
    root = search_site(tmp_path)
    for n in range(24):  # the first results of 返品 and 返品の期
        entry(root, f"faq/account/henpin-{n:02}.md", f"title: 返品 {n}\n", "返品を承ります。返品の手順です。")
    for n in range(6):  # those of 返品の期限, in other fragment files
        entry(root, f"faq/ordering/deadline-{n}.md", f"title: 返品の期限 その{n}\n", "返品期限は到着後8日以内です。")
    entry(root, "faq/ordering/period.md", "title: お届けの期間\n", "お届けまでの期間の目安です。")
    kana = random.Random(5)
    for n in range(40):  # words enough for several shards
        words = ("".join(kana.choice("アイウエオカキクケコサシスセソタチツテト") for _ in range(5)) for _ in range(60))
        entry(root, f"faq/ordering/filler-{n}.md", f"title: その他 {n}\n", "、".join(words) + "。")
    index = read_site_index(build(root))
    assert index.next["期"] == "限"  # 期限: 期's likely next key (期間 is under NEXT_SHARE)
    deadlines = {
        index.manifest["fragments"][number // FRAGMENT_PAGES]
        for number, ref in enumerate(index.refs)
        if "/deadline-" in ref
    }
    base = serve(root / "site")
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url.removeprefix(base)))
    page.goto(base)
    page.wait_for_load_state("networkidle")

    def keystroke(query: str) -> tuple[set[str], set[str]]:
        """The shard and fragment files fetched for `query`, and after answering it."""
        requested.clear()
        search_answered(page, query)
        page.wait_for_load_state("networkidle")
        names = [(url.split("/")[-2], url.rsplit("/", 1)[1].removesuffix(".json")) for url in requested]
        return {name for kind, name in names if kind == "s"}, {name for kind, name in names if kind == "f"}

    def name(key: str) -> str:
        return shard_name(index.manifest, key)

    shards, files = keystroke("返品")
    assert name("返品") in shards and name("期限") not in shards  # the site has several shards
    assert not files & deadlines  # 返品's first results are others
    assert keystroke("返品の") == (set(), set())  # の: a hiragana ending is no term of its own
    shards_typed, files_typed = keystroke("返品の期")
    assert {name("の期"), name("期")} - {""} <= shards_typed | shards
    assert name("期限") in shards_typed  # fetched ahead, after answering 返品の期 …
    assert deadlines <= files_typed  # … and then the fragment files of 返品の期限's first results
    # 返品の期限 is then answered with no file at all: every fragment request is held back
    held: list = []  # type: ignore[type-arg]
    page.route("**/search/madoguchi/f/*.json", lambda route: held.append(route))
    requested.clear()
    search_answered(page, "返品の期限")
    assert not [url for url in requested if "/s/" in url]
    titles = page.locator(f"{ITEMS} h1").all_text_contents()
    assert len(titles) >= 6 and all(title.startswith("返品の期限") for title in titles[:6])
    for route in held:
        route.continue_()


WORDS = [
    "alpha",
    "bravo",
    "charlie",
    "delta",
    "echo",
    "foxtrot",
    "golf",
    "hotel",
    "india",
    "juliett",
    "kilo",
    "lima",
    "mike",
    "november",
    "oscar",
    "papa",
    "quebec",
    "romeo",
    "sierra",
    "tango",
    "uniform",
    "victor",
    "whiskey",
    "xray",
    "yankee",
    "zulu",
    "apple",
    "banana",
    "cherry",
    "grape",
    "lemon",
    "mango",
]


def test_a_query_of_more_than_thirty_words_marks_each_word_found_or_missing(tmp_path: Path, serve, page) -> None:  # type: ignore[no-untyped-def]
    """Material shows the query words a result lacks; past thirty distinct words (one bit each in
    the worker's score) each page keeps a mark per word instead, and the words from the 31st on are
    marked too."""
    root = search_site(tmp_path)
    entry(root, "faq/ordering/words.md", "title: 単語の一覧\n", " ".join(WORDS[:-1]) + "。")  # all but mango
    build(root)
    page.goto(serve(root / "site"))
    page.wait_for_load_state("networkidle")
    worker = next(w for w in page.workers if "madoguchi-search-worker" in w.url)
    terms = worker.evaluate("q => self.madoguchiSearch.search(q).then(r => r.items[0][0].terms)", " ".join(WORDS))
    assert len(WORDS) == 32 and sorted(terms) == sorted(WORDS)
    assert terms["lemon"] is True and terms["mango"] is False  # the 31st found, the 32nd missing
    assert all(terms[word] for word in WORDS[:-1])


def test_a_shard_file_reads_back_the_terms_and_likely_next_characters_written() -> None:
    from madoguchi.search_shards import shard_contents, shard_data

    entries = [["返品", [0, 3, 2], [], [5]], ["期限", [1], [0, 1], []]]  # deltas per field
    data = shard_data(entries, {"期": "間限"})
    assert data.index("期限".encode()) < data.index("返品".encode())  # sorted by term
    assert shard_contents(data) == ({"返品": [[0, 3, 5], [], [5]], "期限": [[1], [0, 1], []]}, {"期": "間限"})
    assert shard_contents(shard_data(entries, {})) == (shard_contents(data)[0], {})
    assert b'"next"' not in shard_data(entries, {})
