"""`madoguchi import csv|xlsx|zendesk FILE`: an existing FAQ into the site, one Markdown entry
per row (importer.py plans and validates; edit.write_files writes). Problems go to stderr as
`FILE:row: column: message` and nothing is written unless every row is valid (or
`--skip-invalid`); notes that do not block (a removed <script>, an image left behind) are
printed as `FILE:row: column: warning: message`."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import click

from ..edit import write_files
from ..i18n import strings
from ..importer import Importer, SourceError, parse_source_date, read_source
from ..leaks import LeakGuard
from ..project import PLUGIN
from ._project import now_in_site, open_project


def _run(
    ctx: click.Context,
    kind: str,
    file: Path,
    reviewed: str | None,
    skip_invalid: bool,
    force: bool,
    images: Path | None,
) -> None:
    project = open_project(ctx)
    t = strings(project.language)
    now = now_in_site(project)
    started = time.perf_counter()
    default_reviewed: date | None = None
    if reviewed:
        default_reviewed = parse_source_date(reviewed, project.policy.timezone)
        if default_reviewed is None:
            raise click.BadParameter(f"{reviewed!r} is not a date (expected YYYY-MM-DD)", param_hint="--reviewed")
    name = str(file)
    try:
        rows = read_source(kind, file)
    except SourceError as error:
        click.echo(f"{name}:{error.line}: {error.key}: {error.message}", err=True)
        raise click.ClickException(f"{name}: {t['cli.import.nothing_imported']}") from None
    except OSError as error:
        raise click.ClickException(f"{name}: cannot be read ({error.strerror})") from None
    try:
        guard = LeakGuard.from_options(project.raw_options)
    except ValueError as error:
        raise click.ClickException(f"{project.config_file.name}: plugins.{PLUGIN}.{error}") from None
    importer = Importer(
        source_name=name,
        docs_dir=project.docs_dir,
        shown_prefix=project.shown_prefix,
        policy=project.policy,
        now=now,
        site=project.load(now),
        guard=guard,
        default_reviewed=default_reviewed,
        force=force,
        skip_invalid=skip_invalid,
        images_dir=images,
    )
    plan = importer.plan(rows)
    for problem in plan.problems:
        click.echo(str(problem), err=True)
    for warning in plan.warnings:
        click.echo(f"{warning.path}:{warning.line}: {warning.key}: warning: {warning.message}", err=True)
    if plan.problems and not skip_invalid:
        bad = len({p.line for p in plan.problems})
        message = t["cli.import.nothing_written"].format(problems=len(plan.problems), bad=bad, rows=plan.rows)
        raise click.ClickException(f"{name}: {message}")
    write_files(project.docs_dir, plan.files)
    seconds = time.perf_counter() - started
    entries = [path for path in plan.created if not path.endswith("/index.md")]
    categories = len(plan.created) - len(entries)
    click.echo(
        f"{name}: {plan.rows} rows: {len(entries)} created, {len(plan.updated)} updated, "
        f"{len(plan.unchanged)} unchanged, {len(plan.skipped)} skipped; {categories} new categories "
        f"({seconds:.1f} s)"
    )
    if plan.skipped:
        click.echo(t["cli.import.skipped"].format(rows=", ".join(str(n) for n in sorted(plan.skipped))))


def _options(function):  # type: ignore[no-untyped-def]
    function = click.option("--force", is_flag=True, help="Overwrite entries edited since the last import.")(function)
    function = click.option(
        "--skip-invalid", is_flag=True, help="Write the valid rows and list the others (default: write nothing)."
    )(function)
    function = click.option(
        "--reviewed", metavar="DATE", help="The date the answers were last confirmed, for rows without one."
    )(function)
    return click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))(function)


@click.group(name="import")
def command() -> None:
    """既存の FAQ を取り込む / Import an existing FAQ (CSV, Excel, Zendesk Guide)."""


@command.command(name="csv")
@_options
@click.pass_context
def import_csv(ctx: click.Context, file: Path, reviewed: str | None, skip_invalid: bool, force: bool) -> None:
    """CSV（UTF-8 / Shift_JIS）: category, question, answer[, owner, reviewed, tags, slug]"""
    _run(ctx, "csv", file, reviewed, skip_invalid, force, None)


@command.command(name="xlsx")
@_options
@click.pass_context
def import_xlsx(ctx: click.Context, file: Path, reviewed: str | None, skip_invalid: bool, force: bool) -> None:
    """Excel (.xlsx), first sheet: the same columns as CSV"""
    _run(ctx, "xlsx", file, reviewed, skip_invalid, force, None)


@command.command(name="zendesk")
@_options
@click.option(
    "--images",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A folder with the articles' image files (copied next to the entries).",
)
@click.pass_context
def import_zendesk(
    ctx: click.Context, file: Path, reviewed: str | None, skip_invalid: bool, force: bool, images: Path | None
) -> None:
    """Zendesk Guide (Help Center) export JSON: articles and sections"""
    _run(ctx, "zendesk", file, reviewed, skip_invalid, force, images)
