"""Customer voice in the browser (docs/feedback.md): a fixture site built with
`feedback: {endpoint: …}` and madoguchi/search, served on 127.0.0.1, read in headless
Chromium; a real HTTP server (pytest-httpserver, answering CORS as the collector does)
receives the events, which must be exactly those of the contract, and none when the reader
asks not to be tracked or the option is off. Time runs on Playwright's clock, never sleeps."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from support.browser import axe_source, search, search_answered
from support.site import make_site, mkdocs_build

pytestmark = pytest.mark.browser

ENTRY = "faq/ordering/cancel/"
ZERO_QUERY = "ぜんぜんかんけいないことば"
GOOD_QUERY = "たいかい"
OPENED = "/faq/account/withdraw/"


class Collector:
    """The events a fake collector received: CORS preflight answered like `madoguchi collect`
    (the page's origin only), JSON bodies recorded with their content type and cookies."""

    def __init__(self, server: HTTPServer) -> None:
        self.server = server
        self.events: list[dict[str, Any]] = []
        self.requests: list[dict[str, Any]] = []
        self.arrived = threading.Condition()
        server.expect_request("/events", method="OPTIONS").respond_with_handler(self._preflight)
        server.expect_request("/events", method="POST").respond_with_handler(self._event)

    @property
    def url(self) -> str:
        return self.server.url_for("/events")

    def _cors(self, request: Request, response: Response) -> Response:
        response.headers["Access-Control-Allow-Origin"] = request.headers.get("Origin", "")
        response.headers["Access-Control-Allow-Methods"] = "POST"
        response.headers["Access-Control-Allow-Headers"] = "Content-Type"
        response.headers["Vary"] = "Origin"
        return response

    def _preflight(self, request: Request) -> Response:
        return self._cors(request, Response(status=204))

    def _event(self, request: Request) -> Response:
        self.requests.append(
            {"content_type": request.content_type, "cookie": request.headers.get("Cookie"), "origin": request.origin}
        )
        with self.arrived:
            self.events.append(json.loads(request.get_data(as_text=True)))
            self.arrived.notify_all()
        return self._cors(request, Response(status=204))

    def wait_for(self, count: int) -> list[dict[str, Any]]:
        """The events once `count` have arrived (a request outlives the page that sent it)."""
        with self.arrived:
            assert self.arrived.wait_for(lambda: len(self.events) >= count, timeout=15), self.events
            return list(self.events)


@pytest.fixture
def collector(httpserver: HTTPServer) -> Collector:
    return Collector(httpserver)


def voice_site(tmp_path: Path, endpoint: str | None) -> Path:
    """The basic fixture with madoguchi/search and, given an endpoint, `feedback:`; built."""
    options = "      timezone: Asia/Tokyo"
    if endpoint is not None:
        options += f"\n      feedback:\n        endpoint: {endpoint}"
    root = make_site(tmp_path, options=options)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("  - madoguchi/incidents\n", "  - madoguchi/incidents\n  - madoguchi/search\n"), encoding="utf-8"
    )
    result = mkdocs_build(root)  # the public build ends with `madoguchi audit`: it must pass
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_a_no_vote_a_zero_result_search_and_a_recovered_search_send_exactly_the_contract_events(
    tmp_path: Path,
    serve,
    page,
    collector: Collector,  # type: ignore[no-untyped-def]
) -> None:
    base = serve(voice_site(tmp_path, collector.url))
    page.clock.install()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base + ENTRY)

    widget = page.locator("[data-madoguchi-feedback-widget]")
    assert widget.get_by_role("heading").inner_text() == "この回答は役に立ちましたか？"
    page.locator("[data-madoguchi-feedback=no]").click()
    contact = widget.locator("[data-madoguchi-feedback-contact] a")
    assert contact.is_visible() and contact.get_attribute("href") == "../../../contact/"
    widget.get_by_label("情報が古い・間違っている").check()
    widget.get_by_role("button", name="送信する").click()
    collector.wait_for(1)
    assert widget.locator("[data-madoguchi-feedback-thanks]").is_visible()

    # One vote per answer: after a reload the buttons are gone
    page.reload()
    assert widget.locator("[data-madoguchi-feedback-voted]").is_visible()
    assert page.locator("[data-madoguchi-feedback=no]").is_hidden()

    search(page, ZERO_QUERY)
    page.locator("[data-madoguchi-search-empty]").wait_for()
    page.clock.run_for(1600)  # the reader stopped typing
    collector.wait_for(2)

    search(page, GOOD_QUERY)
    first = page.locator(".md-search-result__list > li > a").first
    first.wait_for()
    page.clock.run_for(60_000)  # a minute later, within the 5 minutes that pair the queries
    first.click()
    page.wait_for_url(f"**{OPENED}")
    collector.wait_for(4)

    assert collector.events == [
        {"type": "feedback", "page": "/" + ENTRY, "helpful": False, "reason": "outdated"},
        {"type": "search_zero", "query": ZERO_QUERY},
        {"type": "search_open", "query": GOOD_QUERY, "page": OPENED, "position": 1},
        {"type": "search_recovered", "failed_query": ZERO_QUERY, "query": GOOD_QUERY, "page": OPENED},
    ]
    origin = base.rstrip("/")
    assert collector.requests == [{"content_type": "application/json", "cookie": None, "origin": origin}] * 4


def test_a_yes_vote_is_sent_once_and_a_success_long_after_a_failure_is_not_paired(
    tmp_path: Path,
    serve,
    page,
    collector: Collector,  # type: ignore[no-untyped-def]
) -> None:
    base = serve(voice_site(tmp_path, collector.url))
    page.clock.install()
    page.goto(base + ENTRY)
    page.locator("[data-madoguchi-feedback=yes]").click()
    page.locator("[data-madoguchi-feedback-thanks]").wait_for()
    collector.wait_for(1)

    search(page, ZERO_QUERY)
    page.locator("[data-madoguchi-search-empty]").wait_for()
    page.clock.run_for(1600)
    collector.wait_for(2)
    search(page, GOOD_QUERY)
    first = page.locator(".md-search-result__list > li > a").first
    first.wait_for()
    page.clock.run_for(6 * 60_000)  # six minutes: too late to pair
    first.click()
    page.wait_for_url(f"**{OPENED}")
    collector.wait_for(3)
    page.go_back()
    assert page.locator("[data-madoguchi-feedback-voted]").is_visible()  # no second vote

    assert [event["type"] for event in collector.events] == ["feedback", "search_zero", "search_open"]
    assert collector.events[0] == {"type": "feedback", "page": "/" + ENTRY, "helpful": True, "reason": None}


def test_only_the_final_zero_result_query_is_sent_when_the_reader_types_on(
    tmp_path: Path,
    serve,
    page,
    collector: Collector,  # type: ignore[no-untyped-def]
) -> None:
    base = serve(voice_site(tmp_path, collector.url))
    page.clock.install()
    page.goto(base)
    for query in ("ぜんぜん", "ぜんぜんかんけい", ZERO_QUERY):  # each before the reader pauses
        search_answered(page, query)  # the previous query's "no results" panel stays until then
        page.locator("[data-madoguchi-search-empty]").wait_for()
        page.clock.run_for(500)
    page.clock.run_for(1600)
    collector.wait_for(1)
    page.reload()  # leaving sends nothing more: the query was sent
    assert collector.events == [{"type": "search_zero", "query": ZERO_QUERY}]


@pytest.mark.parametrize(
    "signal",
    [
        "Object.defineProperty(Navigator.prototype, 'doNotTrack', {get: () => '1'})",
        "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {get: () => true})",
    ],
    ids=["do-not-track", "global-privacy-control"],
)
def test_a_browser_that_asks_not_to_be_tracked_sends_nothing_and_is_not_asked_to_vote(
    signal: str,
    tmp_path: Path,
    serve,
    page,
    collector: Collector,  # type: ignore[no-untyped-def]
) -> None:
    base = serve(voice_site(tmp_path, collector.url))
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.add_init_script(signal)
    page.clock.install()
    page.goto(base + ENTRY)
    assert page.locator("[data-madoguchi-feedback-widget]").is_hidden()
    search(page, ZERO_QUERY)
    page.locator("[data-madoguchi-search-empty]").wait_for()
    page.clock.run_for(1600)
    search(page, GOOD_QUERY)
    page.locator(".md-search-result__list > li > a").first.click()
    page.wait_for_url(f"**{OPENED}")
    assert [url for url in requests if not url.startswith(base)] == []
    assert collector.events == []


def test_without_the_option_there_is_no_widget_no_script_and_no_request(
    tmp_path: Path,
    serve,
    page,  # type: ignore[no-untyped-def]
) -> None:
    site = voice_site(tmp_path, None)
    html = (site / "faq" / "ordering" / "cancel" / "index.html").read_text(encoding="utf-8")
    assert "data-madoguchi-feedback" not in html and "madoguchi-voice.js" not in html
    base = serve(site)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.clock.install()
    page.goto(base + ENTRY)
    search(page, ZERO_QUERY)
    page.locator("[data-madoguchi-search-empty]").wait_for()
    page.clock.run_for(1600)
    search(page, GOOD_QUERY)
    page.locator(".md-search-result__list > li > a").first.click()
    page.wait_for_url(f"**{OPENED}")
    assert [url for url in requests if not url.startswith(base)] == []
    assert page.locator("[data-madoguchi-feedback-widget]").count() == 0


def test_the_widget_works_with_the_keyboard_alone(
    tmp_path: Path,
    serve,
    page,
    collector: Collector,  # type: ignore[no-untyped-def]
) -> None:
    base = serve(voice_site(tmp_path, collector.url))
    page.goto(base + ENTRY)
    no = page.locator("[data-madoguchi-feedback=no]")
    no.focus()
    page.keyboard.press("Enter")
    focused = page.evaluate("document.activeElement.value")
    assert focused == "outdated"  # the first reason has the focus
    page.keyboard.press("ArrowDown")  # radio group: the next reason
    page.keyboard.press("Tab")  # to 送信する
    page.keyboard.press("Enter")
    collector.wait_for(1)
    assert page.evaluate("document.activeElement.hasAttribute('data-madoguchi-feedback-thanks')")
    assert collector.events == [{"type": "feedback", "page": "/" + ENTRY, "helpful": False, "reason": "missing"}]


@pytest.mark.parametrize("width", [390, 1280], ids=["phone", "desktop"])
def test_the_widget_has_no_serious_or_critical_axe_violations(
    width: int,
    tmp_path: Path,
    serve,
    page,
    collector: Collector,  # type: ignore[no-untyped-def]
) -> None:
    axe = axe_source()
    base = serve(voice_site(tmp_path, collector.url))
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(base + ENTRY)
    page.add_script_tag(content=axe)
    for step in ("asked", "reasons"):
        if step == "reasons":
            page.locator("[data-madoguchi-feedback=no]").click()
        results = page.evaluate(
            "axe.run(document, {resultTypes: ['violations'],"
            " runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
        )
        assert results["passes"], "axe ran no rule"
        blocking = [v["id"] for v in results["violations"] if v["impact"] in ("serious", "critical")]
        assert blocking == [], f"{step} at {width}px: {blocking}"
