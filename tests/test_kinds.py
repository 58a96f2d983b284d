"""Entry kinds are registered in one table (madoguchi.kinds): a kind defined in this file
alone (folder, fields, parser, freshness rule, template) validates, assesses and builds like
the built-in ones, and the `folders` option moves a kind to another folder."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from madoguchi.kinds import KINDS, Context, Kind, register, unregister
from madoguchi.model import FIELDS, Checker, Entry, Field, Problem, load_site
from madoguchi.model.check import owner
from madoguchi.policy import Policy
from madoguchi.schema import front_matter_schema
from madoguchi.staleness import FRESH, OVERDUE, Assessment, assess, is_tracked
from madoguchi.timeutil import parse_datetime
from support.site import FIXTURE_MKDOCS_YML, NOW, commit_all, make_site, mkdocs_build

# --- A bulletin: a whole kind defined in the test, as a new kind module would hold it ----------


@dataclass
class Bulletin(Entry):
    until: datetime | None = None  # when the bulletin stops being true


BULLETIN_FIELDS = {"until": Field("datetime", "掲載期限 / When the bulletin stops being true")}


def parse_bulletin(path: str, check: Checker, context: Context) -> Bulletin:
    until = None
    if check.get("until") is None:
        check.fail("until", "missing (expected the date-time the bulletin stops being true)")
    else:
        until = check.instant("until", check.get("until"), context.policy)
    return Bulletin(
        path=path,
        type="bulletin",
        title=check.required_text("title", "the bulletin's headline") or "",
        owner=owner(check, context.policy, None),
        draft=check.boolean("draft"),
        until=until,
    )


def assess_bulletin(bulletin: Bulletin, policy: Policy, now: datetime) -> Assessment:
    """A bulletin past its `until` is overdue: take it down or extend it."""
    if bulletin.until is None:
        raise ValueError(f"{bulletin.path} has no valid until; validate first")
    if now >= bulletin.until:
        return Assessment(OVERDUE, bulletin.until, "past its until: take it down or extend it")
    return Assessment(FRESH, bulletin.until, "shown until its until")


BULLETIN = Kind(
    name="bulletin",
    entry=Bulletin,
    parse=parse_bulletin,
    rule=assess_bulletin,
    fields=BULLETIN_FIELDS,
    folder="bulletins",
    template="madoguchi/bulletin.html",
)

# Its page template, in the site's custom_dir (a packaged kind ships it in templates/)
BULLETIN_TEMPLATE = """\
{% extends "main.html" %}
{% block content %}{% autoescape true %}{% set m = page.meta.madoguchi %}
  <article class="test-bulletin" data-state="{{ m.state }}">
    <h1>{{ page.title }}</h1>
    <p class="test-bulletin__until">{{ page.meta.until }}</p>
    {{ page.content | safe }}
  </article>
{% endautoescape %}{% endblock %}
"""

BULLETINS = {
    "bulletins/spring-sale.md": "---\ntitle: 春のセールのお知らせ\nowner: cs-web\nuntil: 2026-11-20T00:00:00+09:00\n---\n\n"
    "セールは終了しました。\n",
    "bulletins/new-year.md": "---\ntitle: 年末年始の営業について\nowner: cs-web\nuntil: 2027-01-05T00:00:00+09:00\n---\n\n"
    "12月29日から1月4日まで休業します。\n",
}


@pytest.fixture
def bulletin_kind() -> Iterator[Kind]:
    register(BULLETIN)
    yield BULLETIN
    unregister(BULLETIN.name)


def bulletin_site(tmp_path: Path) -> Path:
    root = make_site(tmp_path, "basic", commit_date=None)
    for path, text in BULLETINS.items():
        (root / "content" / path).parent.mkdir(parents=True, exist_ok=True)
        (root / "content" / path).write_text(text, encoding="utf-8")
    (root / "overrides/madoguchi").mkdir(parents=True)
    (root / "overrides/madoguchi/bulletin.html").write_text(BULLETIN_TEMPLATE, encoding="utf-8")
    yml = FIXTURE_MKDOCS_YML.format(options="      timezone: Asia/Tokyo")
    (root / "mkdocs.yml").write_text(yml.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"))
    return root


def test_a_kind_defined_in_one_module_builds_its_pages_with_its_template_and_rule(
    tmp_path: Path, bulletin_kind: Kind, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = bulletin_site(tmp_path)
    monkeypatch.chdir(root)
    monkeypatch.setenv("MADOGUCHI_NOW", NOW)
    build(load_config(str(root / "mkdocs.yml")))  # in this process, where the kind is registered

    past = (root / "site/bulletins/spring-sale/index.html").read_text(encoding="utf-8")
    future = (root / "site/bulletins/new-year/index.html").read_text(encoding="utf-8")
    assert '<article class="test-bulletin" data-state="overdue">' in past
    assert "2026-11-20" in past and "セールは終了しました。" in past
    assert '<article class="test-bulletin" data-state="fresh">' in future
    # the built-in kinds are untouched by the new one
    faq = (root / "site/faq/ordering/cancel/index.html").read_text(encoding="utf-8")
    assert "test-bulletin" not in faq and "madoguchi-freshness" in faq


def test_a_registered_kind_is_validated_tracked_and_assessed_by_its_own_rule(
    tmp_path: Path, bulletin_kind: Kind
) -> None:
    content = tmp_path / "content"
    (content / "bulletins").mkdir(parents=True)
    (content / "bulletins/broken.md").write_text(
        "---\ntitle: 期限のないお知らせ\nowner: cs-web\n---\n", encoding="utf-8"
    )
    (content / "elsewhere.md").write_text(
        "---\ntype: bulletin\ntitle: 別の場所\nowner: cs-web\nuntil: 2026-12-01T00:00:00+09:00\n---\n", encoding="utf-8"
    )
    now = parse_datetime(NOW, Policy().timezone)
    site = load_site(content, ["bulletins/broken.md", "elsewhere.md"], Policy(), now)

    assert site.problems == [
        Problem("bulletins/broken.md", 1, "until", "missing (expected the date-time the bulletin stops being true)")
    ]
    declared = site.entries["elsewhere.md"]
    assert isinstance(declared, Bulletin) and declared.kind is BULLETIN and is_tracked(declared)
    assert assess(declared, Policy(), now) == Assessment(FRESH, declared.until, "shown until its until")
    assert [entry.path for entry in site.of_kind("bulletin")] == ["bulletins/broken.md", "elsewhere.md"]


def test_a_registered_kind_adds_its_keys_and_name_to_the_schema_and_unregistering_removes_them(
    bulletin_kind: Kind,
) -> None:
    schema = front_matter_schema()
    assert schema["properties"]["until"]["description"] == BULLETIN_FIELDS["until"].description
    assert schema["properties"]["type"]["enum"] == ["faq", "incident", "notice", "page", "bulletin"]
    unregister(BULLETIN.name)
    try:
        assert "until" not in FIELDS and "bulletin" not in KINDS
        assert front_matter_schema()["properties"]["type"]["enum"] == ["faq", "incident", "notice", "page"]
    finally:
        register(BULLETIN)  # the fixture unregisters it again


def test_two_kinds_cannot_define_one_key_differently(bulletin_kind: Kind) -> None:
    clash = Kind(
        name="clash",
        entry=Bulletin,
        parse=parse_bulletin,
        rule=assess_bulletin,
        fields={"until": Field("date", "another meaning")},
        folder="clash",
    )
    with pytest.raises(ValueError, match="'until' is already defined differently"):
        register(clash)
    assert "clash" not in KINDS and FIELDS["until"] == BULLETIN_FIELDS["until"]


def moved_site(tmp_path: Path, kind: str, default: str, folder: str) -> Path:
    root = make_site(tmp_path, "basic", commit_date=None)
    (root / "content" / default).rename(root / "content" / folder)
    for markdown in (root / "content").rglob("*.md"):  # links and `related` name the new folder
        text = markdown.read_text(encoding="utf-8")
        markdown.write_text(text.replace(f"{default}/", f"{folder}/"), encoding="utf-8")
    yml = FIXTURE_MKDOCS_YML.format(options=f"      timezone: Asia/Tokyo\n      folders:\n        {kind}: {folder}")
    (root / "mkdocs.yml").write_text(yml, encoding="utf-8")
    commit_all(root)
    return root


@pytest.mark.parametrize(
    ("kind", "default", "folder", "page", "marker", "listing"),
    [
        (
            "faq",
            "faq",
            "help",
            "help/ordering/cancel/index.html",
            "madoguchi-freshness",
            "help/ordering/index.html",
        ),
        (
            "incident",
            "incidents",
            "status",
            "status/2026-11-10-card-payment/index.html",
            "madoguchi-incident__tz",
            "status/feed.xml",
        ),
    ],
)
def test_the_folders_option_moves_a_kind_with_its_listings(
    tmp_path: Path, kind: str, default: str, folder: str, page: str, marker: str, listing: str
) -> None:
    root = moved_site(tmp_path, kind, default, folder)
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    assert marker in (root / "site" / page).read_text(encoding="utf-8")
    assert (root / "site" / listing).is_file()
    assert not (root / "site" / default).exists()
    sitemap = (root / "site/sitemap.xml").read_text(encoding="utf-8")
    assert f"https://faq.example.jp/{folder}/" in sitemap


@pytest.mark.parametrize(
    ("folders", "message"),
    [
        ("{bulletins: news}", "bulletins: not a kind with a folder (expected faq, incident, notice)"),
        ("{faq: a/b}", "faq: 'a/b' is not a folder name (expected e.g. faq)"),
        ("{incident: faq}", "incident: folder 'faq' already holds faq"),
    ],
)
def test_a_bad_folders_option_is_a_config_error_naming_it(tmp_path: Path, folders: str, message: str) -> None:
    root = make_site(tmp_path, "basic", commit_date=None, options=f"      folders: {folders}")
    result = mkdocs_build(root)
    assert result.returncode != 0
    assert "folders" in result.stderr and message in result.stderr, result.stderr


def test_the_freshness_report_of_a_registered_kind_uses_its_rule(
    tmp_path: Path, bulletin_kind: Kind, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = bulletin_site(tmp_path)
    internal = (
        (root / "mkdocs.yml")
        .read_text(encoding="utf-8")
        .replace("  - madoguchi/freshness:\n", "  - madoguchi/freshness:\n      edition: internal\n")
    )
    (root / "mkdocs.yml").write_text(internal, encoding="utf-8")
    monkeypatch.chdir(root)
    monkeypatch.setenv("MADOGUCHI_NOW", NOW)
    build(load_config(str(root / "mkdocs.yml")))
    report = json.loads((root / "site/freshness.json").read_text(encoding="utf-8"))
    bulletins = {entry["path"]: entry for entry in report["entries"] if entry["type"] == "bulletin"}
    assert {path: entry["state"] for path, entry in bulletins.items()} == {
        "bulletins/new-year.md": "fresh",
        "bulletins/spring-sale.md": "overdue",
    }
    assert bulletins["bulletins/spring-sale.md"]["reason"] == "past its until: take it down or extend it"
