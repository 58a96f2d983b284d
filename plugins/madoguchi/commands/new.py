"""`madoguchi new faq|incident`: scaffold a valid entry from the command line.

Both refuse to overwrite a file and check the result with the same model `madoguchi check`
uses before writing it, so a scaffold is always valid.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import click

from ..edit import write_text, yaml_scalar
from ..model import parse_entry
from ..policy import IMPACTS
from ..project import Project
from ..timeutil import TimeValueError, parse_datetime
from ._project import now_in_site, open_project, shown

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

FAQ_BODY = """
<!-- 最初の一文で結論を答えてください。手順は番号付きリストで、画面の名前は「」で書きます。 -->
（ここに回答を書いてください）

## 手順

1. （手順1）
2. （手順2）
"""

MAINTENANCE_BODY = """
<!-- 作業内容・ご利用いただけないサービス・お客様へのお願いを書いてください。 -->
（ここにメンテナンスの内容を書いてください）

## ご利用いただけないサービス

（対象のサービス）
"""

INCIDENT_BODY = """
<!-- 概要・影響を受けるお客様・お客様にできることを書いてください。経過は updates に追加します。 -->
（ここに概要を書いてください）

## 影響を受けるお客様

（対象のお客様）

## お客様にお願いしたいこと

（回避策や、復旧までの間にできること）
"""

FIRST_UPDATE = "現在、状況を確認しています。詳しいことがわかり次第、お知らせします。"


def check_slug(value: str, what: str) -> str:
    if not SLUG.match(value) or value == "index":
        raise click.BadParameter(
            f"{value!r} is not a valid {what} (expected lowercase ASCII letters, digits and hyphens, "
            "e.g. cancel-order; not 'index')",
            param_hint=what.upper(),
        )
    return value


def front_matter(fields: list[tuple[str, str | list[str] | list[dict[str, str]]]]) -> str:
    lines = ["---"]
    for key, value in fields:
        if isinstance(value, str):
            lines.append(f"{key}: {yaml_scalar(value)}")
        elif value and isinstance(value[0], dict):
            lines.append(f"{key}:")
            for item in value:
                assert isinstance(item, dict)
                for number, (name, text) in enumerate(item.items()):
                    lines.append(f"{'  - ' if number == 0 else '    '}{name}: {yaml_scalar(text)}")
        else:
            lines.append(f"{key}: [{', '.join(yaml_scalar(str(v)) for v in value)}]")
    lines.append("---")
    return "\n".join(lines) + "\n"


def write_new(project: Project, path: str, text: str, now: datetime) -> None:
    """Write a scaffold after checking it like `madoguchi check` would; never overwrite."""
    target = project.docs_dir / path
    if target.exists():
        raise click.ClickException(f"{shown(project, path)}: already exists (not overwritten)")
    site = project.load(now)
    entry, problems = parse_entry(path, text, project.policy, now, shown_path=shown(project, path),
                                  categories=site.categories)
    if problems or entry is None:
        raise click.ClickException("\n".join(str(p) for p in problems) or f"{shown(project, path)}: invalid")
    target.parent.mkdir(parents=True, exist_ok=True)
    write_text(Path(target), text)


@click.group(name="new")
def command() -> None:
    """新しい項目のひな形を作る / Scaffold a new FAQ entry or incident."""


@command.command(name="faq")
@click.argument("category")
@click.argument("slug")
@click.option("--title", required=True, help="The question as a customer would ask it.")
@click.option("--owner", help="Owner, when the category has no default owner.")
@click.pass_context
def new_faq(ctx: click.Context, category: str, slug: str, title: str, owner: str | None) -> None:
    """FAQ の項目を作る: content/faq/CATEGORY/SLUG.md"""
    check_slug(category, "category")
    check_slug(slug, "slug")
    project = open_project(ctx)
    now = now_in_site(project)
    faq = project.layout.folder("faq")
    folder = project.docs_dir / faq / category
    if not folder.is_dir():
        known = sorted(p.name for p in (project.docs_dir / faq).glob("*/") if p.is_dir())
        raise click.ClickException(
            f"{shown(project, f'{faq}/{category}/')}: no such category (known: {', '.join(known) or 'none'}; "
            f"to add one, create {shown(project, f'{faq}/{category}/index.md')} first)"
        )
    path = f"{faq}/{category}/{slug}.md"
    site = project.load(now)
    default = site.categories[category].owner if category in site.categories else None
    fields: list[tuple[str, str | list[str] | list[dict[str, str]]]] = [("title", title)]
    if owner:
        fields.append(("owner", owner))
        source = "--owner"
    elif default:
        source = f"default of {shown(project, f'{faq}/{category}/index.md')}"
    elif project.policy.default_owner:
        source = "default_owner in mkdocs.yml"
    else:
        raise click.ClickException(
            f"{shown(project, path)}: category {category!r} has no default owner; give one with --owner"
        )
    fields.append(("reviewed", now.date().isoformat()))
    write_new(project, path, front_matter(fields) + FAQ_BODY, now)
    click.echo(f"{shown(project, path)}: created (owner {owner or default or project.policy.default_owner}, "
               f"{source}; reviewed {now.date()})")


@command.command(name="incident")
@click.argument("slug")
@click.option("--title", required=True, help="Customer-facing headline.")
@click.option("--impact", required=True, type=click.Choice(IMPACTS))
@click.option("--owner", help="Who keeps it updated (default: default_owner in mkdocs.yml).")
@click.option("--affected", multiple=True, help="An affected service (repeatable).")
@click.option("--text", "first_text", default=FIRST_UPDATE, show_default=True, help="The first update's text.")
@click.option("--next-update", metavar="DATETIME", help="When the next update is promised (ISO 8601).")
@click.pass_context
def new_incident(ctx: click.Context, slug: str, title: str, impact: str, owner: str | None,
                 affected: tuple[str, ...], first_text: str, next_update: str | None) -> None:
    """障害情報を作る: content/incidents/<今日>-SLUG.md（status: investigating）"""
    check_slug(slug, "slug")
    project = open_project(ctx)
    now = now_in_site(project)
    owner = owner or project.policy.default_owner
    path = f"{project.layout.folder('incident')}/{now.date().isoformat()}-{slug}.md"
    if not owner:
        raise click.ClickException(f"{shown(project, path)}: no default_owner in mkdocs.yml; give one with --owner")
    started = now.isoformat()
    fields: list[tuple[str, str | list[str] | list[dict[str, str]]]] = [
        ("title", title), ("owner", owner), ("status", "investigating"), ("impact", impact), ("started", started),
    ]
    if affected:
        fields.append(("affected", list(affected)))
    if next_update:
        fields.append(("next_update", promised(next_update, now, project)))
    fields.append(("updates", [{"at": started, "status": "investigating", "text": first_text}]))
    write_new(project, path, front_matter(fields) + INCIDENT_BODY, now)
    click.echo(f"{shown(project, path)}: created (status investigating, impact {impact}, started {started})")


@command.command(name="maintenance")
@click.argument("slug")
@click.option("--title", required=True, help="Customer-facing headline, e.g. システムメンテナンスのお知らせ.")
@click.option("--start", required=True, metavar="DATETIME", help="scheduled_start (ISO 8601).")
@click.option("--end", required=True, metavar="DATETIME", help="scheduled_end (ISO 8601), after --start.")
@click.option("--owner", help="Who keeps it updated (default: default_owner in mkdocs.yml).")
@click.option("--affected", multiple=True, help="An affected service (repeatable).")
@click.option("--notice-from", metavar="DATETIME", help="Announced from (default: 7 days before --start).")
@click.pass_context
def new_maintenance(ctx: click.Context, slug: str, title: str, start: str, end: str, owner: str | None,
                    affected: tuple[str, ...], notice_from: str | None) -> None:
    """計画メンテナンスを作る: content/incidents/<開始日>-SLUG.md（kind: maintenance, status: scheduled）"""
    check_slug(slug, "slug")
    project = open_project(ctx)
    now = now_in_site(project)
    tz = project.policy.timezone
    moments = {}
    for hint, value in (("--start", start), ("--end", end), ("--notice-from", notice_from)):
        if value is None:
            continue
        try:
            moments[hint] = parse_datetime(value, tz).astimezone(tz)
        except TimeValueError as error:
            raise click.BadParameter(str(error), param_hint=hint) from None
    if moments["--end"] <= moments["--start"]:
        raise click.BadParameter(f"{end} is not after --start {start}", param_hint="--end")
    owner = owner or project.policy.default_owner
    path = f"{project.layout.folder('incident')}/{moments['--start'].date().isoformat()}-{slug}.md"
    if not owner:
        raise click.ClickException(f"{shown(project, path)}: no default_owner in mkdocs.yml; give one with --owner")
    fields: list[tuple[str, str | list[str] | list[dict[str, str]]]] = [
        ("kind", "maintenance"), ("title", title), ("owner", owner), ("status", "scheduled"),
        ("scheduled_start", moments["--start"].isoformat(timespec="seconds")),
        ("scheduled_end", moments["--end"].isoformat(timespec="seconds")),
    ]
    if "--notice-from" in moments:
        fields.append(("notice_from", moments["--notice-from"].isoformat(timespec="seconds")))
    if affected:
        fields.append(("affected", list(affected)))
    write_new(project, path, front_matter(fields) + MAINTENANCE_BODY, now)
    click.echo(f"{shown(project, path)}: created (status scheduled, {fields[4][1]} – {fields[5][1]})")


def promised(value: str, now: datetime, project: Project) -> str:
    """--next-update as an ISO date-time with offset in the site's time zone; must be later than now."""
    try:
        moment = parse_datetime(value, project.policy.timezone)
    except TimeValueError as error:
        raise click.BadParameter(str(error), param_hint="--next-update") from None
    if moment <= now:
        raise click.BadParameter(f"{value} is not in the future (now is {now.isoformat()})", param_hint="--next-update")
    return moment.astimezone(project.policy.timezone).isoformat(timespec="seconds")
