"""One string catalog (plugins/madoguchi/strings/ja.yml, en.yml) for the site, the alerts and
the CLI: both languages define the same keys, a missing key falls back to the other language
(not the whole table), dates are Babel (CLDR) patterns, and the time-zone note names the
configured zone."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from madoguchi import i18n
from madoguchi.i18n import STRINGS, format_moment, strings, zone_label
from support.site import make_site, mkdocs_build

TOKYO = ZoneInfo("Asia/Tokyo")


def test_japanese_and_english_define_the_same_keys() -> None:
    assert set(STRINGS["ja"]) == set(STRINGS["en"])
    assert all(STRINGS["ja"].values()) and all(STRINGS["en"].values())


def test_a_missing_key_falls_back_to_the_other_language_one_key_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    english = {key: value for key, value in STRINGS["en"].items() if key != "feed"}
    monkeypatch.setitem(STRINGS, "en", english)
    i18n._table.cache_clear()
    try:
        table = strings("en")
        assert table["feed"] == STRINGS["ja"]["feed"] == "障害情報のフィード（Atom）"
        assert table["faq"] == "FAQ"  # the rest stays English
    finally:
        i18n._table.cache_clear()


@pytest.mark.parametrize(
    ("language", "used"), [("ja", "ja"), ("ja-JP", "ja"), ("en", "en"), ("en_US", "en"), ("fr", "ja"), (None, "ja")]
)
def test_a_language_reads_its_own_table_and_any_other_reads_japanese(language: str | None, used: str) -> None:
    assert strings(language)["faq"] == STRINGS[used]["faq"]


def test_no_date_format_is_a_platform_strftime_code() -> None:
    for table in STRINGS.values():
        for key in ("date_format", "datetime_format", "month_format"):
            assert "%" not in table[key]


MOMENT = datetime(2026, 11, 3, 9, 5, tzinfo=TOKYO)


@pytest.mark.parametrize(
    ("moment", "key", "language", "shown"),
    [
        (MOMENT, "date_format", "ja", "2026年11月3日"),
        (MOMENT, "datetime_format", "ja", "2026年11月3日 09:05"),
        (MOMENT, "month_format", "ja", "2026年11月"),
        (MOMENT, "date_format", "en", "November 3, 2026"),
        (MOMENT, "datetime_format", "en", "November 3, 2026 09:05"),
        (date(2026, 1, 1), "month_format", "en", "January 2026"),
        (MOMENT.astimezone(ZoneInfo("Europe/Paris")), "datetime_format", "ja", "2026年11月3日 01:05"),
    ],
)
def test_dates_are_formatted_by_babel_in_their_own_zone(moment: date, key: str, language: str, shown: str) -> None:
    assert format_moment(moment, strings(language)[key], language) == shown


@pytest.mark.parametrize(
    ("zone", "language", "label"),
    [
        ("Asia/Tokyo", "ja", "日本時間（Asia/Tokyo）"),
        ("Asia/Tokyo", "en", "Japan Time (Asia/Tokyo)"),
        ("Europe/Paris", "ja", "中央ヨーロッパ時間（Europe/Paris）"),
        ("Europe/Paris", "en", "Central European Time (Europe/Paris)"),
        ("UTC", "ja", "UTC"),
        ("Etc/GMT-9", "en", "UTC+09:00"),
        ("Etc/GMT+5", "ja", "UTC-05:00"),
    ],
)
def test_the_time_zone_note_names_the_configured_zone(zone: str, language: str, label: str) -> None:
    assert zone_label(ZoneInfo(zone), language) == label


def test_a_site_in_another_zone_and_language_says_so(tmp_path: Path) -> None:
    root = make_site(tmp_path, options="      timezone: Europe/Paris", commit_date=None)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("language: ja", "language: en"), encoding="utf-8")

    result = mkdocs_build(root)

    assert result.returncode == 0, result.stderr
    page = (root / "site/incidents/index.html").read_text(encoding="utf-8")
    assert "Times are shown in Central European Time (Europe/Paris)." in page
    assert "日本時間" not in page
    entry = (root / "site/faq/ordering/payment/index.html").read_text(encoding="utf-8")
    assert "Last confirmed：<time" in entry and ", 2026</time>" in entry
