"""Link gate: the sample site, built as CI publishes it (`mkdocs build --strict`), has zero
broken internal links under LinkChecker, served over HTTP as a reader gets it and also
built with `use_directory_urls: false` (hosts without directory index pages); and every page the sitemap announces exists."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from support.site import build_sample

SITE_URL = "https://support.midori-seikatsu.example/"


def linkchecker(target: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("linkchecker")
    assert exe, "linkchecker is installed with the test extras"
    config = tmp_path / "linkcheckerrc"
    config.write_text("[checking]\nmaxrequestspersecond=200\n", encoding="utf-8")
    # --no-warnings: external links are not followed (no network); only errors fail.
    return subprocess.run(
        [exe, "--no-status", "--no-warnings", "--config", str(config), target], capture_output=True, text=True
    )


def assert_no_broken_links(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 0 and " 0 errors found" in result.stdout, result.stdout[-6000:] + result.stderr


def test_strict_sample_site_has_zero_broken_internal_links_over_http(
    sample_site: Path, serve: Callable[[Path], str], tmp_path: Path
) -> None:
    assert_no_broken_links(linkchecker(serve(sample_site), tmp_path))


def test_every_sitemap_url_is_a_built_page(sample_site: Path) -> None:
    root = ET.parse(sample_site / "sitemap.xml").getroot()
    locs = [el.text or "" for el in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert len(locs) >= 50
    for loc in locs:
        assert loc.startswith(SITE_URL), loc
        path = urlsplit(loc).path.lstrip("/")
        assert (sample_site / path / "index.html").is_file() or (sample_site / path).is_file(), loc


@pytest.fixture(scope="module")
def flat_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site with `use_directory_urls: false` (e.g. S3 without index documents),
    from a config that inherits the repository's mkdocs.yml."""
    return build_sample(tmp_path_factory.mktemp("flat"), "use_directory_urls: false\n")


def test_site_without_directory_urls_has_zero_broken_internal_links(
    flat_site: Path, serve: Callable[[Path], str], tmp_path: Path
) -> None:
    assert (flat_site / "faq/ordering/cancel-order.html").is_file()
    assert_no_broken_links(linkchecker(serve(flat_site) + "index.html", tmp_path))


def test_the_gate_reports_a_broken_internal_link(tmp_path: Path, serve: Callable[[Path], str]) -> None:
    site = tmp_path / "site"
    (site / "faq").mkdir(parents=True)
    (site / "index.html").write_text('<a href="faq/">FAQ</a> <a href="faq/missing/">gone</a>', encoding="utf-8")
    (site / "faq/index.html").write_text('<a href="../">home</a>', encoding="utf-8")
    result = linkchecker(serve(site), tmp_path)
    assert result.returncode == 1 and "1 error found" in result.stdout
    assert "faq/missing/" in result.stdout
