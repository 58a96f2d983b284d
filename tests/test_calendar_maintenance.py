"""Planned maintenance next to a channel's hours on the contact page: a maintenance whose
`affected` names a channel (its label, or one of the channel's `services` in calendar.yml) and
whose window falls inside the channel's opening hours is listed under those hours — built
hidden before its notice_from, labelled 予定 then 実施中, gone once it is over or completed — and
the browser (madoguchi-calendar.js, clock frozen with page.clock) shows and relabels it on time
without a rebuild."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from support.browser import static_server
from support.site import madoguchi, make_site, mkdocs_build

SERVICES = {  # calendar.yml of the `calendar` fixture, with the services each channel depends on
    "    label: チャット\n": "    label: チャット\n    services: [ウェブサイト]\n",
    "    label: メールフォーム\n": "    label: メールフォーム\n    services: [ウェブサイト]\n",
}

MAINTENANCE = {
    # at night: inside the mail form's 24 hours, outside chat's 9:00–21:00
    "2026-12-10-web": """---
kind: maintenance
title: ウェブサイトのメンテナンス
owner: cs-web
status: scheduled
scheduled_start: 2026-12-10T01:00:00+09:00
scheduled_end: 2026-12-10T05:00:00+09:00
affected: [ウェブサイト]
---

メンテナンスを実施します。
""",
    # named by the channel's own label, on a Saturday inside the phone's 10:00–17:00
    "2026-12-12-phone": """---
kind: maintenance
title: 電話システムの切り替え
owner: cs-phone
status: scheduled
scheduled_start: 2026-12-12T16:00:00+09:00
scheduled_end: 2026-12-12T19:00:00+09:00
notice_from: 2026-12-01T00:00:00+09:00
affected: [お電話]
---

切り替え作業を行います。
""",
    # completed ahead of time: nowhere on the contact page
    "2026-12-11-done": """---
kind: maintenance
title: 完了したメンテナンス
owner: cs-web
status: completed
scheduled_start: 2026-12-11T02:00:00+09:00
scheduled_end: 2026-12-11T04:00:00+09:00
affected: [ウェブサイト]
updates:
  - {at: 2026-11-20T10:00:00+09:00, status: completed, text: 完了しました。}
---
""",
}


def maintenance_site(tmp_path: Path) -> Path:
    root = make_site(tmp_path, "calendar")
    calendar = root / "content" / "_data" / "calendar.yml"
    text = calendar.read_text(encoding="utf-8")
    for old, new in SERVICES.items():
        assert old in text
        text = text.replace(old, new, 1)
    calendar.write_text(text, encoding="utf-8")
    folder = root / "content" / "incidents"
    folder.mkdir()
    for slug, body in MAINTENANCE.items():
        (folder / f"{slug}.md").write_text(body, encoding="utf-8")
    return root


def rows(html: str) -> dict[str, str]:
    """channel id → its table row."""
    return {m.group(1): m.group(0) for m in re.finditer(r'<tr data-madoguchi-channel="(\w+)".*?</tr>', html, re.S)}


def contact_at(tmp_path: Path, now: str) -> dict[str, str]:
    root = maintenance_site(tmp_path)
    result = mkdocs_build(root, "--strict", now=now)
    assert result.returncode == 0, result.stderr
    return rows((root / "site" / "contact" / "index.html").read_text(encoding="utf-8"))


WEB = (
    '<p class="madoguchi-calendar__maintenance" data-madoguchi-maintenance="2026-12-10-web" '
    'data-from="2026-12-02T16:00:00.000Z" data-start="2026-12-09T16:00:00.000Z" data-until="2026-12-09T20:00:00.000Z"'
)


@pytest.mark.parametrize(
    ("now", "mail", "phone"),
    [
        # before notice_from (7 days before the start by default): in the build, hidden
        (
            "2026-11-23T12:00:00+09:00",
            WEB + " hidden><strong data-madoguchi-maintenance-state>メンテナンス予定",
            "hidden",
        ),
        # announced
        ("2026-12-05T12:00:00+09:00", WEB + "><strong data-madoguchi-maintenance-state>メンテナンス予定", "予定"),
        # in progress
        ("2026-12-10T02:00:00+09:00", WEB + "><strong data-madoguchi-maintenance-state>メンテナンス中", "予定"),
        # over: not built at all
        ("2026-12-10T05:00:00+09:00", None, "予定"),
    ],
    ids=["before-notice", "announced", "in-progress", "over"],
)
def test_a_maintenance_is_listed_under_the_hours_of_the_channels_it_affects(
    tmp_path: Path, now: str, mail: str | None, phone: str
) -> None:
    found = contact_at(tmp_path, now)
    if mail is None:
        assert "data-madoguchi-maintenance" not in found["mail"]
    else:
        assert mail in found["mail"]
        assert "12月10日(木) 1:00〜5:00" in found["mail"]
        assert '<a href="../incidents/2026-12-10-web/">ウェブサイトのメンテナンス</a>' in found["mail"]
    # named by the label お電話; its own notice_from (12/1) decides when it shows
    phone_item = found["phone"][found["phone"].index('data-madoguchi-maintenance="2026-12-12-phone"') :]
    assert "12月12日(土) 16:00〜19:00" in phone_item
    assert (" hidden>" in phone_item.split("</p>")[0]) is (phone == "hidden")
    # chat depends on the website too, but 1:00–5:00 is outside its 9:00–21:00
    assert "data-madoguchi-maintenance" not in found["chat"]
    # completed: nowhere
    assert "完了したメンテナンス" not in "".join(found.values())


def test_services_that_are_not_a_list_of_names_are_an_input_error_with_the_line(tmp_path: Path) -> None:
    root = maintenance_site(tmp_path)
    calendar = root / "content" / "_data" / "calendar.yml"
    text = calendar.read_text(encoding="utf-8").replace("services: [ウェブサイト]", "services: ウェブサイト", 1)
    calendar.write_text(text, encoding="utf-8")
    line = text.splitlines().index("    services: ウェブサイト") + 1
    result = madoguchi(root, "check")
    assert result.returncode == 1
    expected = (
        f"content/_data/calendar.yml:{line}: channels.chat.services: "
        "'ウェブサイト': サービス名のリストで書いてください（例: [ウェブサイト]） / "
        "'ウェブサイト': expected a list of service names, e.g. [ウェブサイト]"
    )
    assert expected in result.stderr


# --- in the browser -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def maintenance_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site built before any notice (the maintenance is in the page, hidden)."""
    root = maintenance_site(tmp_path_factory.mktemp("maintenance"))
    result = mkdocs_build(root, "--strict", now="2026-11-23T12:00:00+09:00")
    assert result.returncode == 0, result.stderr
    with static_server(root / "site") as url:
        yield url


@pytest.mark.browser
@pytest.mark.parametrize(
    ("at", "label"),
    [
        ("2026-12-02T23:59:00+09:00", None),  # before notice_from: still hidden
        ("2026-12-03T01:00:00+09:00", "メンテナンス予定"),  # notice_from: shown
        ("2026-12-10T01:00:00+09:00", "メンテナンス中"),  # the start: relabelled
        ("2026-12-10T05:00:00+09:00", None),  # the end: gone without a rebuild
    ],
    ids=["before-notice", "announced", "started", "ended"],
)
def test_the_browser_shows_and_relabels_a_maintenance_on_time_without_a_rebuild(
    at: str, label: str | None, maintenance_url: str, browser: Any
) -> None:
    context = browser.new_context(timezone_id="America/New_York", locale="ja-JP")
    try:
        tab = context.new_page()
        tab.clock.install(time=datetime.fromisoformat(at))
        response = tab.goto(maintenance_url + "contact/")
        assert response is not None and response.ok
        item = tab.locator('[data-madoguchi-channel="mail"] [data-madoguchi-maintenance="2026-12-10-web"]')
        assert item.is_visible() is (label is not None)
        if label is not None:
            assert item.locator("[data-madoguchi-maintenance-state]").text_content() == label
            assert "12月10日(木) 1:00〜5:00" in (item.text_content() or "")
        # chat is not affected during its hours: nothing there whatever the clock
        assert tab.locator('[data-madoguchi-channel="chat"] [data-madoguchi-maintenance]').count() == 0
    finally:
        context.close()
