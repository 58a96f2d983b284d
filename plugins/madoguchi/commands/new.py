"""`madoguchi new faq|incident|report`: scaffold a valid entry from the command line
(`report`: the 調査結果・再発防止策 page of an incident, whose `report:` it sets).

Both refuse to overwrite a file and check the result with the same model `madoguchi check`
uses before writing it, so a scaffold is always valid.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import click

from ..edit import EditError, read_text, set_value, write_text, yaml_scalar
from ..model import Incident, parse_entry
from ..policy import IMPACTS
from ..project import Project
from ..scaffold import FAQ_BODY, INCIDENT_BODY, MAINTENANCE_BODY, REPORT_BODY
from ..timeutil import TimeValueError, parse_datetime
from ._project import content_path, now_in_site, open_project, shown

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

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
    entry, problems = parse_entry(
        path,
        text,
        project.policy,
        now,
        shown_path=shown(project, path),
        categories=site.categories,
        language=project.language,
    )
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
    """FAQ の項目を作る: content/faq/CATEGORY/SLUG.md（小分類: CATEGORY/SUBCATEGORY）"""
    levels = category.split("/")
    if not all(SLUG.match(level) and level != "index" for level in levels):
        check_slug(category, "category")  # names the whole value
    if len(levels) > 2:
        raise click.BadParameter(
            f"{category!r}: categories nest two levels at most (expected CATEGORY or CATEGORY/SUBCATEGORY)",
            param_hint="CATEGORY",
        )
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
        own = site.categories[category].index_path if category in site.categories else None
        index = own if own and site.categories[category].lines.get("owner") else f"{faq}/{levels[0]}/index.md"
        source = f"default of {shown(project, index)}"
    elif project.policy.default_owner:
        source = "default_owner in mkdocs.yml"
    else:
        raise click.ClickException(
            f"{shown(project, path)}: category {category!r} has no default owner; give one with --owner"
        )
    fields.append(("reviewed", now.date().isoformat()))
    write_new(project, path, front_matter(fields) + FAQ_BODY, now)
    click.echo(
        f"{shown(project, path)}: created (owner {owner or default or project.policy.default_owner}, "
        f"{source}; reviewed {now.date()})"
    )


@command.command(name="incident")
@click.argument("slug")
@click.option("--title", required=True, help="Customer-facing headline.")
@click.option("--impact", required=True, type=click.Choice(IMPACTS))
@click.option("--owner", help="Who keeps it updated (default: default_owner in mkdocs.yml).")
@click.option("--affected", multiple=True, help="An affected service (repeatable).")
@click.option("--text", "first_text", default=FIRST_UPDATE, show_default=True, help="The first update's text.")
@click.option("--next-update", metavar="DATETIME", help="When the next update is promised (ISO 8601).")
@click.pass_context
def new_incident(
    ctx: click.Context,
    slug: str,
    title: str,
    impact: str,
    owner: str | None,
    affected: tuple[str, ...],
    first_text: str,
    next_update: str | None,
) -> None:
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
        ("title", title),
        ("owner", owner),
        ("status", "investigating"),
        ("impact", impact),
        ("started", started),
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
def new_maintenance(
    ctx: click.Context,
    slug: str,
    title: str,
    start: str,
    end: str,
    owner: str | None,
    affected: tuple[str, ...],
    notice_from: str | None,
) -> None:
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
        ("kind", "maintenance"),
        ("title", title),
        ("owner", owner),
        ("status", "scheduled"),
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


@command.command(name="report")
@click.argument("slug")
@click.option(
    "--incident",
    "incident_file",
    required=True,
    type=click.Path(path_type=Path),
    help="The incident file the report is about, e.g. content/incidents/2026-11-10-card-payment.md.",
)
@click.option("--title", help="Headline (default: the incident's title and 調査結果と再発防止策).")
@click.option("--owner", help="Owner (default: the incident's owner).")
@click.pass_context
def new_report(ctx: click.Context, slug: str, incident_file: Path, title: str | None, owner: str | None) -> None:
    """調査結果・再発防止策のページを作る: content/reports/SLUG.md（障害の report: も設定）"""
    check_slug(slug, "slug")
    project = open_project(ctx)
    now = now_in_site(project)
    incident_path = content_path(project, incident_file)
    site = project.load(now)
    incident = site.entries.get(incident_path)
    if not isinstance(incident, Incident):
        raise click.ClickException(f"{incident_file}: not an incident (expected a file under content/incidents/)")
    if incident.report:
        raise click.ClickException(
            f"{shown(project, incident_path)}: already has report: {incident.report} (not changed)"
        )
    path = f"reports/{slug}.md"
    owner = owner or incident.owner or project.policy.default_owner
    if not owner:
        raise click.ClickException(f"{shown(project, path)}: the incident has no owner; give one with --owner")
    fields: list[tuple[str, str | list[str] | list[dict[str, str]]]] = [
        ("title", title or f"{incident.title}：調査結果と再発防止策"),
        ("owner", owner),
        ("reviewed", now.date().isoformat()),
        ("incident", incident_path),
    ]
    source = project.docs_dir / incident_path
    try:
        updated = set_value(read_text(source), "report", path, after=("resolved_at", "started", "impact"))
    except EditError as error:
        raise click.ClickException(f"{shown(project, incident_path)}: {error}") from None
    write_new(project, path, front_matter(fields) + REPORT_BODY, now)
    write_text(source, updated)
    click.echo(
        f"{shown(project, path)}: created (owner {owner}; reviewed {now.date()}; "
        f"incident {shown(project, incident_path)})"
    )
    click.echo(f"{shown(project, incident_path)}: report {path}")
