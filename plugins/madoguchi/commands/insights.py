"""`madoguchi insights`: what customers said (collector database) about this site's answers
and searches, as a table, JSON (contract "Customer voice") or a Markdown weekly report.
`site_voice` is also what `madoguchi stale/notify --insights` use."""

from __future__ import annotations

import json
from datetime import date, datetime

import click

from ..edition import INTERNAL
from ..insights import Insights, PageMap, compute, render_markdown, render_table, site_synonyms, to_json, utc_naive
from ..project import Project
from ._project import now_in_site, open_project


def synonyms_path(project: Project) -> str:
    search = project.mkdocs_config.plugins.get("madoguchi/search") if project.mkdocs_config else None
    configured = search.config.get("synonyms") if search is not None else None
    return str(configured or "_data/synonyms.yml")


def site_voice(project: Project, db: str, since: date | None = None) -> Insights:
    """Insights for the project from the database at `db` (ClickException when unusable)."""
    from ..voice_store import StoreError, open_engine, read_rows, shown_url

    now = now_in_site(project)
    site = project.load(now, edition=INTERNAL)
    start = None
    if since is not None:
        start = utc_naive(datetime(since.year, since.month, since.day, tzinfo=project.policy.timezone))
    try:
        engine = open_engine(db)
    except StoreError as error:
        raise click.ClickException(str(error)) from None
    try:
        rows = list(read_rows(engine, start))
    except Exception as error:  # no table yet, server down: one line, no password
        first = str(error).splitlines()[0] if str(error) else ""
        raise click.ClickException(f"--db {shown_url(db)}: {type(error).__name__}: {first}") from None
    finally:
        engine.dispose()
    return compute(
        rows,
        site,
        PageMap(site, project.site_url, project.use_directory_urls),
        since=since.isoformat() if since else None,
        synonyms=site_synonyms(project.docs_dir / synonyms_path(project)),
    )


def parse_since(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (expected YYYY-MM-DD)") from None


@click.command(name="insights")
@click.option(
    "--db",
    required=True,
    envvar="MADOGUCHI_VOICE_DB",
    help="The collector's database: sqlite:///path.db or postgresql://… (or env MADOGUCHI_VOICE_DB).",
)
@click.option("--since", callback=parse_since, metavar="YYYY-MM-DD", help="Only events from this day on.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json", "markdown"]),
    default="table",
    show_default=True,
    help="table (for people), json (for tools), markdown (weekly report).",
)
@click.pass_context
def command(ctx: click.Context, db: str, since: date | None, output_format: str) -> None:
    """お客様の声を読む（役に立たなかった回答・見つからなかった検索語・同義語と新しい質問の候補）。

    Read the customer's voice: unhelpful answers, zero-result queries, suggested synonyms
    and new questions.
    """
    project = open_project(ctx)
    insights = site_voice(project, db, since)
    if output_format == "json":
        click.echo(json.dumps(to_json(insights), ensure_ascii=False, indent=2))
    elif output_format == "markdown":
        click.echo(render_markdown(insights), nl=False)
    else:
        click.echo(render_table(insights), nl=False)
