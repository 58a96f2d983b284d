"""The built site in headless Chromium: a customer opens an answer and searches in Japanese."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.site import make_site, mkdocs_build

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_site(tmp_path_factory.mktemp("browser"))
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_customer_sees_when_an_answer_was_last_confirmed(site_dir: Path, serve, page) -> None:  # type: ignore[no-untyped-def]
    base = serve(site_dir)
    page.goto(base + "faq/ordering/payment/")
    assert page.locator("h1").inner_text() == "使える支払い方法は？"
    freshness = page.locator(".madoguchi-freshness")
    assert "最終確認日：2026年5月20日" in freshness.inner_text()
    assert freshness.locator(".madoguchi-badge--overdue").is_visible()


def test_customer_finds_an_answer_with_a_japanese_query(site_dir: Path, serve, page) -> None:  # type: ignore[no-untyped-def]
    base = serve(site_dir)
    page.goto(base)
    page.locator("label.madoguchi-search-launcher").click()
    query = page.locator("input.md-search__input")
    query.wait_for(state="visible")
    query.type("キャンセル", delay=30)
    # Japanese text arrives through the IME without keyup events; a real user then presses a
    # key to confirm the conversion, which is what Material's search listens for.
    page.keyboard.press("End")
    first = page.locator(".md-search-result__item").first
    first.wait_for(state="visible", timeout=10_000)
    titles = page.locator(".md-search-result__item h1").all_inner_texts()
    assert "注文をキャンセルしたい" in titles
    page.locator(".md-search-result__item a").first.click()
    page.wait_for_url("**/faq/ordering/cancel/**")
    assert "最終確認日" in page.locator(".madoguchi-freshness").inner_text()
