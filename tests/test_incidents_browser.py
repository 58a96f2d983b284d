"""A customer on an unrelated FAQ page sees the ongoing incidents in the announcement bar
(headless Chromium, 390px wide) and follows it; after resolution the bar is gone."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_incidents_build import LOGIN, SEARCH, resolve

from support.site import git, make_site, mkdocs_build

pytestmark = pytest.mark.browser


def test_banner_on_faq_page_while_ongoing_and_gone_after_resolution(tmp_path: Path, serve, page) -> None:  # type: ignore[no-untyped-def]
    root = make_site(tmp_path, "incidents")
    assert mkdocs_build(root).returncode == 0
    base = serve(root / "site")

    page.goto(base + "faq/ordering/payment/")
    bar = page.locator("aside.md-banner")
    assert bar.is_visible()
    lines = bar.locator(".madoguchi-banner__item")
    assert lines.count() == 2
    assert "商品検索がご利用いただけません" in lines.nth(0).inner_text()  # critical before major
    assert "ログインしにくい状態が発生しています" in lines.nth(1).inner_text()
    # The worst impact colours the whole bar (critical: white on red).
    assert bar.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(179, 38, 30)"
    box = bar.bounding_box()
    assert box is not None and box["width"] <= 390  # fits the phone screen, no sideways scroll

    lines.nth(1).get_by_role("link").click()
    page.wait_for_url(base + "incidents/2026-11-23-login/")
    assert page.locator("h1").inner_text() == "ログインしにくい状態が発生しています"
    assert page.locator(".madoguchi-incident__next-update").inner_text() == "2026年11月23日 13:00"

    resolve(root / "content" / LOGIN, "2026-11-23T12:30:00+09:00", "復旧しました。")
    resolve(root / "content" / SEARCH, "2026-11-23T04:00:00Z", "復旧しました。")
    git(root, "commit", "-qam", "resolve", date="2026-11-23T13:10:00+09:00")
    assert mkdocs_build(root, now="2026-11-23T13:30:00+09:00").returncode == 0

    page.goto(base + "faq/ordering/payment/")
    assert page.locator("h1").inner_text() == "支払い方法を変えたい"
    assert page.locator("aside.md-banner").count() == 0
    assert page.locator(".madoguchi-banner").count() == 0
