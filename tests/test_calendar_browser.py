"""The business calendar in Chromium: every row of tests/calendar_cases.yml on a built fixture
page with the browser's clock frozen at the row's instant and the reader's time zone set,
expecting what the Python rule says (test_calendar_rules.py runs the same rows); the closure
notice before, inside and after its window, dismissed once for every page; no request leaves
the site."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from test_calendar_rules import CASES, fixture_calendar

from madoguchi.calendar import calendar_text, describe, iso_instant
from support.browser import static_server
from support.site import make_site, mkdocs_build

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def calendar_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_site(tmp_path_factory.mktemp("calendar"), "calendar")
    result = mkdocs_build(root, "--strict")
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="module")
def base_url(calendar_site: Path) -> Iterator[str]:
    with static_server(calendar_site) as url:
        yield url


class Reader:
    """One tab of a reader in a time zone, reused by every row of that zone (a new tab costs
    about as much CPU again as the page load itself). Its clock is installed once; each
    `open` sets it to the row's instant before loading the page, so every page load starts at
    that instant, as in a tab of its own. Requests off the site fail the test."""

    def __init__(self, context: Any) -> None:
        self.tab = context.new_page()
        self.site = ""
        self.outside: list[str] = []
        self.tab.on("request", self._request)
        self.installed = False

    def _request(self, request: Any) -> None:
        if not request.url.startswith(self.site):
            self.outside.append(request.url)

    def open(self, url: str, at: str) -> Any:
        """The tab showing `url` with its clock started at `at`."""
        self.site = url.split("/", 3)[0] + "//" + url.split("/")[2]
        self.outside.clear()
        if self.installed:
            self.tab.clock.set_system_time(datetime.fromisoformat(at))
        else:
            self.tab.clock.install(time=datetime.fromisoformat(at))
            self.installed = True
        response = self.tab.goto(url)
        assert response is not None and response.ok
        self.tab.wait_for_load_state("load")
        assert self.outside == [], self.outside
        return self.tab


@pytest.fixture(scope="module")
def readers(browser: Any) -> Iterator[Any]:
    """readers(zone) → the Reader of that time zone (one browser context and tab each)."""
    made: dict[str, Any] = {}
    contexts: list[Any] = []

    def get(zone: str) -> Reader:
        if zone not in made:
            contexts.append(
                browser.new_context(timezone_id=zone, locale="ja-JP", viewport={"width": 1280, "height": 900})
            )
            made[zone] = Reader(contexts[-1])
        return made[zone]

    yield get
    for context in contexts:
        context.close()


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_the_browser_gives_each_case_the_state_the_python_rule_gives(case: dict, base_url: str, readers: Any) -> None:
    tab = readers(case.get("reader", "Asia/Tokyo")).open(base_url + "contact/", case["at"])
    row = tab.locator(f'[data-madoguchi-channel="{case["channel"]}"]')
    shown = row.evaluate(
        "el => ({state: el.dataset.state, reason: el.dataset.reason, next: el.dataset.nextOpen,"
        " closes: el.dataset.closes, label: el.querySelector('[data-madoguchi-state]').textContent,"
        " detail: el.querySelector('[data-madoguchi-detail]').textContent})"
    )
    calendar = fixture_calendar()
    now = datetime.fromisoformat(case["at"])
    python = calendar.state(calendar.channel(case["channel"]), now)
    expected_next = iso_instant(datetime.fromisoformat(case["next"])) if case.get("next") else ""
    expected_closes = iso_instant(datetime.fromisoformat(case["closes"])) if case.get("closes") else ""
    assert shown["state"] == case["state"] == python.state
    assert shown["reason"] == python.reason
    assert shown["next"] == expected_next == iso_instant(python.next_open)
    assert shown["closes"] == expected_closes == iso_instant(python.closes)
    assert [shown["label"], shown["detail"]] == list(describe(calendar, python, now, calendar_text("ja")))


def notice_visible(tab: Any) -> bool:
    return bool(tab.locator('[data-madoguchi-notice="closure-2026-12-29"]').is_visible())


@pytest.mark.parametrize(
    ("at", "visible"),
    [
        ("2026-11-30T23:59:00+09:00", False),  # the day before notice_from
        ("2026-12-01T00:00:00+09:00", True),  # notice_from
        ("2027-01-03T23:59:00+09:00", True),  # the closure's last minute
        ("2027-01-04T00:00:00+09:00", False),  # over: hidden without a rebuild
    ],
    ids=["before", "first-minute", "last-minute", "after"],
)
def test_the_closure_notice_is_shown_only_inside_its_window(
    at: str, visible: bool, base_url: str, readers: Any
) -> None:
    tab = readers("Asia/Tokyo").open(base_url, at)
    assert notice_visible(tab) is visible
    text = tab.locator('[data-madoguchi-notice="closure-2026-12-29"]').text_content() or ""
    assert "年末年始休業のお知らせ（12/29〜1/3）" in text
    # Without another notice or an incident, the announcement bar goes with the notice
    assert tab.locator(".md-banner").is_visible() is visible


def test_a_dismissed_notice_stays_dismissed_on_every_page_without_a_cookie(base_url: str, browser: Any) -> None:
    context = browser.new_context(timezone_id="Asia/Tokyo", locale="ja-JP")
    try:
        tab = Reader(context).open(base_url + "contact/", "2026-12-10T12:00:00+09:00")
        assert notice_visible(tab)
        tab.get_by_role("button", name="このお知らせを閉じる").click()
        assert not notice_visible(tab)
        tab.goto(base_url + "other/")
        assert not notice_visible(tab)
        tab.goto(base_url)
        assert not notice_visible(tab)
        assert tab.evaluate("localStorage.getItem('madoguchi.notice.dismissed.closure-2026-12-29')") == "1"
        assert context.cookies() == []
    finally:
        context.close()


def test_without_javascript_the_table_shows_the_state_at_build_time(base_url: str, browser: Any) -> None:
    context = browser.new_context(java_script_enabled=False, locale="ja-JP")
    try:
        tab = context.new_page()
        tab.goto(base_url + "contact/")
        rows = tab.locator("[data-madoguchi-channel]")
        assert rows.count() == 4
        phone = tab.locator('[data-madoguchi-channel="phone"]')
        # built at support.site.NOW, 2026-11-23 12:00 (勤労感謝の日): the phone is closed for the holiday
        assert phone.get_attribute("data-state") == "closed"
        assert "本日休業（勤労感謝の日）" in (phone.text_content() or "")
        assert "月〜金" in (phone.text_content() or "") and "10:00〜17:00" in (phone.text_content() or "")
    finally:
        context.close()


def test_the_home_page_and_a_marked_page_show_the_state_at_the_readers_clock(base_url: str, readers: Any) -> None:
    reader = readers("Asia/Tokyo")
    tab = reader.open(base_url, "2026-12-07T10:00:00+09:00")
    compact = tab.locator(".madoguchi-calendar--compact")
    assert compact.locator("[data-madoguchi-channel]").count() == 3  # `main: false` is left out
    assert compact.locator('[data-madoguchi-channel="phone"]').get_attribute("data-state") == "open"
    tab = reader.open(base_url + "other/", "2026-12-07T10:00:00+09:00")
    assert tab.locator('[data-madoguchi-channel="night"]').get_attribute("data-state") == "closed"
    assert tab.locator('[data-madoguchi-channel="phone"] [data-madoguchi-state]').text_content() == "受付中"


def test_the_no_results_panel_shows_the_main_channels_at_the_readers_clock(sample_site: Path, serve, page) -> None:  # type: ignore[no-untyped-def]
    """The sample site was built on 勤労感謝の日 (phone closed); read on a Monday morning, the
    panel the search shows when nothing is found says the phone is open."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.clock.install(time=datetime.fromisoformat("2026-12-07T10:00:00+09:00"))
    page.goto(serve(sample_site))
    box = page.locator("input[data-md-component=search-query]")
    box.click()
    box.fill("zzqxjvwk")  # found nowhere in the sample
    box.press("End")
    panel = page.locator("[data-madoguchi-search-empty]")
    panel.wait_for()
    phone = panel.locator('[data-madoguchi-channel="phone"]')
    assert phone.get_attribute("data-state") == "open"
    assert phone.locator("[data-madoguchi-state]").text_content() == "受付中"
    assert panel.locator('[data-madoguchi-channel="chat"]').count() == 1
