"""madoguchi/search in real builds: the index Material's worker loads, what stays out of it,
the "no results" view, and the evaluation of the sample site in headless Chromium."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from madoguchi.search_shards import read_site_index, site_files
from support.site import NOW, REPO, make_site, mkdocs_build, run

SYNONYMS = "- [解約, 退会, アカウント削除]\n- [カード使えない, 決済エラー]\n"


def search_site(tmp_path: Path, synonyms: str = SYNONYMS) -> Path:
    root = make_site(tmp_path)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("  - madoguchi/incidents\n", "  - madoguchi/incidents\n  - madoguchi/search\n"), encoding="utf-8"
    )
    (root / "content" / "_data").mkdir()
    (root / "content" / "_data" / "synonyms.yml").write_text(synonyms, encoding="utf-8")
    return root


def built_index(root: Path) -> dict:
    """The displayed documents of a build (search/madoguchi/, its fragments)."""
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return {"docs": read_site_index(root / "site" / "search").documents}


def built_terms(root: Path) -> dict[str, dict[str, list[str]]]:
    """The term shards of search/madoguchi/ as term → field → page locations."""
    index = read_site_index(root / "site" / "search")
    return {
        term: {field: index.pages(term, field) for field in index.manifest["fields"] if index.pages(term, field)}
        for term in index.terms
    }


def search_bytes(root: Path) -> list[tuple[str, bytes]]:
    """Every file of the search index, by name."""
    search = root / "site" / "search"
    return [(str(path.relative_to(search)), path.read_bytes()) for path in site_files(search)]


def test_index_has_readings_and_synonyms_and_no_drafts(tmp_path: Path) -> None:
    root = search_site(tmp_path)
    index = built_index(root)
    withdraw = next(d for d in index["docs"] if d["location"] == "faq/account/withdraw/")
    assert withdraw["title"] == "会員登録を解除するには？"
    # 退会 in the answer: found by its reading and by the editors' synonym 解約
    terms = built_terms(root)
    for term in ("たいかい", "解約", "かいやく"):
        assert "faq/account/withdraw/" in terms[term]["kx"], term
    # one document per page: sections are searched as part of their page
    assert all("#" not in d["location"] for d in index["docs"])
    raw = "".join(data.decode("utf-8") for _, data in search_bytes(root))
    assert "secret-draft-marker" not in raw.lower() and "未発表" not in raw and "みはっぴょう" not in raw
    assert "secret-plan" not in raw
    assert "\\u" not in raw.replace("\\u200b", "")  # UTF-8, not escapes: half the bytes


def test_helper_process_and_build_process_write_the_same_index(tmp_path: Path) -> None:
    # parallel (the default on a machine with more than one CPU) against `parallel: false`
    written = []
    for parallel in ("true", "false"):
        root = search_site(tmp_path / parallel)
        config = root / "mkdocs.yml"
        config.write_text(
            config.read_text(encoding="utf-8").replace(
                "  - madoguchi/search\n", f"  - madoguchi/search:\n      parallel: {parallel}\n"
            ),
            encoding="utf-8",
        )
        built_index(root)
        written.append(search_bytes(root))
    assert written[0] == written[1]
    assert any("たいかい".encode() in data for _, data in written[0])  # analysed at all


def test_text_marked_data_search_exclude_is_not_searched(tmp_path: Path) -> None:
    # the helper reads each page before Material strips the attribute, as Material's index does
    root = search_site(tmp_path)
    page = root / "content" / "faq" / "ordering" / "payment.md"
    page.write_text(
        page.read_text(encoding="utf-8")
        + "\n<div data-search-exclude markdown>\n社内向けの符丁は検索されません\n</div>\n",
        encoding="utf-8",
    )
    built_index(root)
    terms = built_terms(root)
    assert "ふちょう" not in terms and "符丁" not in terms
    assert "faq/ordering/payment/" in [page for pages in terms["しはらい"].values() for page in pages]


def test_synonyms_file_is_not_published(tmp_path: Path) -> None:
    root = search_site(tmp_path)
    built_index(root)
    assert not (root / "site" / "_data").exists()


def test_bad_synonyms_file_fails_the_build_naming_file_and_line(tmp_path: Path) -> None:
    root = search_site(tmp_path, synonyms="- [解約, 退会]\n- 未着\n")
    result = mkdocs_build(root)
    assert result.returncode != 0
    assert "content/_data/synonyms.yml:2: -: each group must be a list" in result.stderr


def test_no_results_data_lists_contact_channels_and_categories(tmp_path: Path) -> None:
    root = search_site(tmp_path)
    built_index(root)
    empty = json.loads((root / "site" / "search" / "madoguchi.json").read_text(encoding="utf-8"))["empty"]
    assert 'href="contact/"' in empty
    assert 'href="faq/ordering/"' in empty and 'href="faq/account/"' in empty


def open_search_box(tmp_path: Path, serve, page):  # type: ignore[no-untyped-def]
    """Build the search fixture site, serve it, open it desktop-wide and focus the search box:
    (base URL, box)."""
    root = search_site(tmp_path)
    built_index(root)
    page.set_viewport_size({"width": 1280, "height": 900})
    base = serve(root / "site")
    page.goto(base)
    box = page.locator("input[data-md-component=search-query]")
    box.click()
    return base, box


@pytest.mark.browser
def test_search_box_finds_kanji_answer_for_hiragana_query_and_shows_contact_when_nothing_found(
    tmp_path: Path,
    serve,
    page,  # type: ignore[no-untyped-def]
) -> None:
    base, box = open_search_box(tmp_path, serve, page)
    box.fill("たいかい")
    box.press("End")
    first = page.locator(".md-search-result__list > li a").first
    first.wait_for()
    assert first.get_attribute("href").startswith(base + "faq/account/withdraw/")

    box.fill("ぜんぜんかんけいないことば")
    box.press("End")
    panel = page.locator("[data-madoguchi-search-empty]")
    panel.wait_for()
    assert panel.locator(f'a[href="{base}contact/"]').count() == 1
    assert panel.locator(f'a[href="{base}faq/ordering/"]').count() == 1
    assert page.locator(".md-search-result__list > li").count() == 0


@pytest.mark.browser
@pytest.mark.slow
def test_sample_site_recall_at_3_is_at_least_0_9_and_beats_plain_material(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "search-eval"), "--json", "-f", str(REPO / "mkdocs.yml")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=dict(os.environ, MADOGUCHI_NOW="2026-11-23T11:00:00+09:00"),
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["madoguchi"]["queries"] >= 40
    assert summary["madoguchi"]["recall_at_3"] >= 0.9
    assert summary["madoguchi"]["recall_at_3"] >= summary["material"]["recall_at_3"] + 0.3


@pytest.mark.browser
def test_word_still_being_typed_matches_as_a_prefix(tmp_path: Path, serve, page) -> None:  # type: ignore[no-untyped-def]
    base, box = open_search_box(tmp_path, serve, page)
    box.fill("たいか")  # on the way to たいかい (退会)
    box.press("End")
    first = page.locator(".md-search-result__list > li a").first
    first.wait_for()
    assert first.get_attribute("href").startswith(base + "faq/account/withdraw/")


@pytest.mark.browser
def test_search_eval_measures_readiness_of_a_built_site(tmp_path: Path) -> None:
    root = search_site(tmp_path)
    built_index(root)
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "search-eval"),
            "--ready-site",
            str(root / "site"),
            "--ready-query",
            "たいかい",
            "--keystroke-queries",
            "解約,カード使えない",
            "--runs",
            "1",
            "--json",
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["runs"] == 1 and summary["query"] == "たいかい"
    run = summary["each_run"][0]
    assert round(run["load_to_first_result_ms"]) == summary["load_to_first_result_ms"] > 0
    assert len(run["keystroke_ms"]) == 2 and all(ms >= 0 for ms in run["keystroke_ms"])


def site_bytes(site: Path) -> dict[str, bytes]:
    return {str(path.relative_to(site)): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def test_material_indexes_nothing_in_a_full_build_and_the_site_is_the_same_as_when_it_did(tmp_path: Path) -> None:
    """Madoguchi's index replaces Material's documents, so a full build skips Material's own
    parsing of every page (skip_material_indexing); the built site is byte for byte the one
    built with it, search files included."""
    root = search_site(tmp_path)
    assert mkdocs_build(root).returncode == 0
    material = json.loads((root / "site/search/search_index.json").read_text(encoding="utf-8"))
    assert material["docs"] == []  # Material's file keeps its config only
    skipped = site_bytes(root / "site")
    code = (
        "import madoguchi.plugins.search.plugin as plugin\n"
        "plugin.skip_material_indexing = lambda material: None\n"
        "from mkdocs.__main__ import cli\n"
        "cli(['build', '-q'])\n"
    )
    result = run([sys.executable, "-c", code], cwd=root)
    assert result.returncode == 0, result.stderr
    indexed = site_bytes(root / "site")
    assert skipped.keys() == indexed.keys()
    assert [path for path in skipped if skipped[path] != indexed[path]] == []


@pytest.mark.parametrize("pages", [1, 7, 50, 51, 200, 2011, 20_000])
def test_batches_to_the_helper_get_smaller_near_the_last_page(pages: int) -> None:
    """Analysis.add sends BATCH pages at a time, fewer near the last page (the number of pages
    is known from on_nav): the page rendered last is analysed nearly alone after it, not with
    up to BATCH - 1 others."""
    from madoguchi.plugins.search.analysis import BATCH, batch_size

    batches, batch, left = [], 0, pages
    for _ in range(pages):  # as Analysis.add counts
        batch, left = batch + 1, left - 1
        if batch >= batch_size(left):
            batches.append(batch)
            batch = 0
    assert sum(batches) == pages and batch == 0  # nothing left for `finish` to send
    assert batches[-1] == 1 and max(batches) <= BATCH
    assert len(batches) <= pages // BATCH + 4 * 6  # a few more messages than full batches only
    assert batch_size(None) == BATCH


def test_pages_are_analysed_as_they_are_rendered_and_the_dictionary_goes_before_any_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # MkDocs renders every page, then writes them all: the analysis runs beside the rendering,
    # so that the dictionary is let go before the build process holds every rendered page.
    from mkdocs.commands import build as mkdocs_build_module
    from mkdocs.config import load_config

    from madoguchi.plugins.search.analysis import Analysis

    root = search_site(tmp_path)
    events: list[tuple[str, str]] = []
    add, rendered, build_page = Analysis.add, Analysis.rendered, mkdocs_build_module._build_page

    def recording_add(self: Analysis, page: Any) -> None:
        events.append(("analysed", page.url))
        add(self, page)

    def recording_rendered(self: Analysis) -> None:
        events.append(("rendered", ""))
        rendered(self)

    def recording_build_page(page: Any, *args: Any, **kwargs: Any) -> None:
        events.append(("written", page.url))
        build_page(page, *args, **kwargs)

    monkeypatch.setattr(Analysis, "add", recording_add)
    monkeypatch.setattr(Analysis, "rendered", recording_rendered)
    monkeypatch.setattr(mkdocs_build_module, "_build_page", recording_build_page)
    monkeypatch.setenv("MADOGUCHI_NOW", NOW)
    monkeypatch.chdir(root)
    mkdocs_build_module.build(load_config(str(root / "mkdocs.yml")))

    kinds = [kind for kind, _ in events]
    assert kinds.count("rendered") == 1
    done = kinds.index("rendered")
    assert set(kinds[:done]) == {"analysed"} and set(kinds[done + 1 :]) == {"written"}
    analysed = {url for kind, url in events if kind == "analysed"}
    assert "faq/account/withdraw/" in analysed
    assert analysed == {url for kind, url in events if kind == "written"}  # every page, once rendered
    assert read_site_index(root / "site" / "search").refs  # the index was still written
