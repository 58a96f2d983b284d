"""`scripts/bench` works end to end on a small site: it generates a Japanese FAQ tree with a
git history, builds it with Madoguchi and with plain mkdocs-material, times `madoguchi stale`
and writes its results. No timing is asserted: numbers on a shared machine prove nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "scripts" / "bench"
sys.path.insert(0, str(REPO / "scripts"))
import benchgen  # noqa: E402


def test_the_generated_corpus_is_deterministic_and_shaped_like_a_support_site() -> None:
    corpus = benchgen.generate(2000, seed=7)
    assert corpus.digest() == benchgen.generate(2000, seed=7).digest()
    assert corpus.digest() != benchgen.generate(2000, seed=8).digest()
    assert len(corpus.faq_paths) + len(corpus.incident_paths) == 2000
    assert len(corpus.incident_paths) == 40  # 2%
    assert len(corpus.categories) == benchgen.DEFAULT_CATEGORIES == 24
    for slug, _ in corpus.categories:
        assert "owner: " in corpus.files[f"faq/{slug}/index.md"]
    titles = {text.split("\n")[1] for path, text in corpus.files.items() if path in corpus.faq_paths}
    assert len(titles) > 1000, "titles must vary, not repeat one template"
    ongoing = [p for p in corpus.incident_paths if "\nstatus: resolved\n" not in corpus.files[p]]
    assert len(ongoing) == 1, "one incident is ongoing, as on a real day"


@pytest.fixture(scope="module")
def bench_run(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[subprocess.CompletedProcess[str], dict, Path]:
    work = tmp_path_factory.mktemp("bench")
    result = subprocess.run(
        [
            sys.executable,
            str(BENCH),
            "--sizes",
            "30",
            "--repeat",
            "1",
            "--work-dir",
            str(work),
            "--json",
            str(work / "results.json"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return result, json.loads((work / "results.json").read_text(encoding="utf-8")), work


def test_a_bigger_site_has_the_same_categories_so_the_sidebar_does_not_grow_with_n() -> None:
    small, large = benchgen.generate(2000, seed=7), benchgen.generate(6000, seed=7)
    assert large.categories == small.categories
    per_category = {slug: sum(p.startswith(f"faq/{slug}/") for p in large.faq_paths) for slug, _ in large.categories}
    assert max(per_category.values()) - min(per_category.values()) <= 1, "spread evenly"
    assert len(large.faq_paths) == 3 * len(small.faq_paths)
    assert len(benchgen.generate(2000, categories=5).categories) == 5
    assert len(benchgen.generate(10, categories=24).categories) == 10, "no empty category"
    with pytest.raises(ValueError, match="categories"):
        benchgen.generate(100, categories=benchgen.MAX_CATEGORIES + 1)


def test_bench_builds_both_variants_and_reports_every_measure(bench_run) -> None:  # type: ignore[no-untyped-def]
    result, results, work = bench_run
    size = results["sizes"]["30"]
    assert size["faq"] + size["incidents"] == 30
    for variant in ("madoguchi", "plain"):
        build = size["builds"][variant]
        assert len(build["runs_s"]) == 1 and build["median_s"] > 0 and build["peak_rss_mb"] > 0
        assert size["output"][variant]["entry_pages"] == size["faq"]
        assert size["output"][variant]["search_index_bytes"] > 0
    assert size["ratio"] == size["builds"]["madoguchi"]["median_s"] / size["builds"]["plain"]["median_s"]
    assert size["stale"]["median_s"] is not None, size["stale"]
    # CPU counts the processes a build starts: madoguchi's helper analyses the pages
    madoguchi = size["builds"]["madoguchi"]
    assert madoguchi["cpu_median_s"] > madoguchi["cpu_build_median_s"] > 0
    assert madoguchi["helper_peak_rss_mb"] > 0 and size["builds"]["plain"]["helper_peak_rss_mb"] == 0
    assert len(size["pair_ratios"]) == 1 and size["cpu_build_ratio"] > 0
    assert results["speed_before"] > 0 and results["speed_after"] > 0
    assert "madoguchi/freshness" in results["madoguchi_plugins"]
    assert results["machine"]["nproc"] >= 1
    assert " 30 madoguchi" in result.stdout and " 30 plain" in result.stdout


def test_the_madoguchi_variant_is_a_madoguchi_site_and_the_plain_one_is_not(bench_run) -> None:  # type: ignore[no-untyped-def]
    _, _, work = bench_run
    root = work / "n30"
    # the sample's plugins (public edition: no freshness.json) and Madoguchi's packaged assets
    assert (root / "site-madoguchi" / "assets/stylesheets/madoguchi.css").exists()
    assert not (root / "site-plain" / "assets/stylesheets/madoguchi.css").exists()
    assert not (root / "site-madoguchi" / "freshness.json").exists()
    entry = benchgen.generate(30).faq_paths[0][: -len(".md")]
    madoguchi_page = (root / "site-madoguchi" / entry / "index.html").read_text(encoding="utf-8")
    plain_page = (root / "site-plain" / entry / "index.html").read_text(encoding="utf-8")
    assert "madoguchi" in madoguchi_page and "madoguchi" not in plain_page
    log = subprocess.run(["git", "log", "--format=%cI"], cwd=root, capture_output=True, text=True, check=True)
    assert log.stdout.split() == [date for date in reversed(benchgen.COMMIT_DATES)]


def test_bench_documents_its_options() -> None:
    result = subprocess.run([sys.executable, str(BENCH), "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    for option in ("--sizes", "--repeat", "--json", "--browser", "--work-dir"):
        assert option in result.stdout


def test_event_times_lists_each_plugins_handlers_of_a_build(bench_run) -> None:  # type: ignore[no-untyped-def]
    _, _, work = bench_run
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "event-times"),
            "--all",
            "build",
            "-q",
            "-f",
            "mkdocs-madoguchi.yml",
            "-d",
            str(work / "event-times-site"),
        ],
        cwd=work / "n30",
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1].endswith("whole build")
    assert any("madoguchi.plugins.freshness.plugin" in line for line in lines[:-1]), result.stdout
    assert (work / "event-times-site" / "search" / "madoguchi" / "manifest.json").exists()


def test_the_subcategories_layout_spreads_each_category_over_its_subcategories() -> None:
    corpus = benchgen.generate(2000, seed=7, categories=8, subcategories=10)
    assert corpus.digest() != benchgen.generate(2000, seed=7, categories=8).digest()
    assert len(corpus.faq_paths) + len(corpus.incident_paths) == 2000
    folders = {path.rsplit("/", 1)[0] for path in corpus.faq_paths}
    assert len(folders) == 8 * 10 and all(folder.count("/") == 2 for folder in folders)
    for folder in folders:
        index = corpus.files[f"{folder}/index.md"]
        assert "title: " in index and "owner: " not in index  # the owner comes from the category
    with pytest.raises(ValueError):
        benchgen.generate(100, subcategories=len(benchgen.SUBCATEGORY_TITLES) + 1)
