"""The business calendar in real builds: where the hours table goes, the closure notice in
and out of the build, calendar.yml errors stopping the build and `madoguchi check`, and a
site without calendar.yml unchanged."""

from __future__ import annotations

from pathlib import Path

from support.site import madoguchi, make_site, mkdocs_build

BAD_CALENDAR = """channels:
  phone:
    label: お電話
    hours:
      mon-fri: "09:00-25:00"
closures:
  - {from: 2026-12-29, to: 2027-01-03, title: 年末年始休業, channels: [fax]}
"""


def built(tmp_path: Path, now: str | None = None) -> Path:
    root = make_site(tmp_path, "calendar")
    result = mkdocs_build(root, "--strict", **({"now": now} if now else {}))
    assert result.returncode == 0, result.stderr
    return root / "site"


def read(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8")


def test_the_contact_page_gets_the_hours_table_above_its_own_content(tmp_path: Path) -> None:
    html = read(built(tmp_path), "contact")
    table = html.index("data-madoguchi-calendar")
    assert table < html.index("以下の窓口で受け付けています。")
    for channel in ("phone", "chat", "mail", "night"):
        assert f'data-madoguchi-channel="{channel}"' in html
    assert "<caption>窓口と受付時間（日本時間）</caption>" in html
    # Saturday, Sunday, holidays and the year-end closure are all in the table
    assert "10:00〜17:00" in html and "<td>休み</td>" in html and "<td>通常どおり</td>" in html
    assert "2026年12月29日(火)〜2027年1月3日(日) 年末年始休業" in html
    assert "12月28日(月) 年内最終日 お電話: 9:00〜15:00" in html


def test_a_marker_paragraph_is_replaced_by_the_table_on_any_page(tmp_path: Path) -> None:
    html = read(built(tmp_path), "other")
    assert "[madoguchi-calendar]" not in html
    assert html.index("このページにも") < html.index("data-madoguchi-calendar") < html.index("ページの続きです。")


def test_calendar_yml_is_not_published(tmp_path: Path) -> None:
    site = built(tmp_path)
    assert not (site / "_data").exists()
    assert (site / "assets" / "javascripts" / "madoguchi-calendar.js").is_file()


def test_a_closure_notice_not_yet_started_is_built_hidden_and_one_over_is_not_built_at_all(tmp_path: Path) -> None:
    before = read(built(tmp_path / "before", "2026-11-23T12:00:00+09:00"), "other")
    assert 'data-madoguchi-notice="closure-2026-12-29"' in before
    notice = before[before.index('data-madoguchi-notice="closure-2026-12-29"') :].split(">", 1)[0]
    assert 'data-from="2026-11-30T15:00:00.000Z"' in notice and 'data-until="2027-01-03T15:00:00.000Z"' in notice
    assert notice.endswith(" hidden")
    during = read(built(tmp_path / "during", "2026-12-30T12:00:00+09:00"), "")
    notice = during[during.index('data-madoguchi-notice="closure-2026-12-29"') :].split(">", 1)[0]
    assert not notice.endswith(" hidden")
    after = built(tmp_path / "after", "2027-01-04T00:00:00+09:00")
    for page in after.rglob("*.html"):
        assert "data-madoguchi-notice" not in page.read_text(encoding="utf-8"), page


def test_a_bad_calendar_stops_the_build_and_check_with_lines(tmp_path: Path) -> None:
    root = make_site(tmp_path, "calendar")
    (root / "content" / "_data" / "calendar.yml").write_text(BAD_CALENDAR, encoding="utf-8")
    result = mkdocs_build(root)
    assert result.returncode != 0
    expected = [
        "content/_data/calendar.yml:5: channels.phone.hours.mon-fri: '09:00-25:00': '25:00' は時刻ではありません",
        "/ '09:00-25:00': '25:00' is not a time",
        "content/_data/calendar.yml:7: closures[0].channels: 不明な窓口 'fax' です",
        "/ unknown channel 'fax'",
    ]
    for line in expected:
        assert line in result.stderr
    checked = madoguchi(root, "check")
    assert checked.returncode == 1
    for line in expected:
        assert line in checked.stderr


def test_a_site_without_calendar_yml_has_no_calendar_markup_or_script(tmp_path: Path) -> None:
    root = make_site(tmp_path, "basic")
    assert mkdocs_build(root, "--strict").returncode == 0
    for page in ("", "contact"):
        html = read(root / "site", page)
        assert "data-madoguchi-calendar" not in html and "madoguchi-calendar.js" not in html
