"""Accessibility gate: axe-core (from the npm registry, tests/node/) injected into the
strictly built sample site in headless Chromium finds zero serious or critical violations
on the home, a category, an FAQ entry, an incident and the contact page, at phone and
desktop widths."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.browser import axe_source

PAGES = {
    "home": "",
    "category": "faq/ordering/",
    "entry": "faq/ordering/cancel-order/",
    "incident": "incidents/2026-11-23-app-login/",  # ongoing: banner, next update, timeline
    "contact": "contact/",
}
BLOCKING = ("serious", "critical")

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def axe_script() -> str:
    return axe_source()


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['impact']}: {v['id']} ({v['help']}): "
        + "; ".join(
            " ".join(n["target"]) + " → " + n.get("failureSummary", "").replace("\n", " ") for n in v["nodes"][:5]
        )
        for v in violations
    )


@pytest.mark.parametrize("width", [390, 1280], ids=["phone", "desktop"])
@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_serious_or_critical_axe_violations(
    name: str,
    width: int,
    sample_site: Path,
    serve,
    page,
    axe_script: str,  # type: ignore[no-untyped-def]
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(serve(sample_site) + PAGES[name])
    assert response is not None and response.ok
    page.add_script_tag(content=axe_script)
    results = page.evaluate(
        "axe.run(document, {resultTypes: ['violations'],"
        " runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    assert results["testEngine"]["name"] == "axe-core"
    assert results["passes"] or results["violations"], "axe ran no rule"
    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING]
    assert blocking == [], f"{PAGES[name] or '/'} at {width}px:\n" + describe(blocking)
