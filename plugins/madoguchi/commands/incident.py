"""`madoguchi incident update PATH --status S --text T [--next-update DATETIME]`.

Adds one timestamped update (at = now in the site's time zone), moves `status`, sets
`resolved_at` when resolving and `next_update` when given; every other byte of the file
stays as it was (see edit.py).

Status rules, as people running a status page expect them:
- any move between investigating, identified and monitoring is allowed (a fix can fail);
- an update to a resolved incident must keep `resolved` (a note after the fact, e.g.
  "the report is published"); `resolved_at` is not touched. A problem that comes back
  is a new incident (`madoguchi new incident`), so its history stays truthful;
- `--next-update` must be in the future and is refused together with `--status resolved`;
- while unresolved, an update after the promised `next_update` must make a new promise
  (`--next-update`): otherwise the page would keep showing a time already gone by, and the
  incident would stay overdue right after its update.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from ..edit import EditError, add_list_item, read_text, set_value, write_text
from ..frontmatter import FrontMatterError, read_front_matter
from ..kinds.incident import KNOWN_STATUSES, MAINTENANCE_STATUSES
from ..kinds.maintenance import COMPLETED, MAINTENANCE
from ..model import STATUSES, Incident, entry_type, parse_entry
from ..project import Project
from ..timeutil import TimeValueError, parse_datetime
from ._project import content_path, now_in_site, open_project, shown
from .new import promised

RESOLVED = "resolved"


@click.group(name="incident")
def command() -> None:
    """障害情報を更新する / Update an incident notice."""


@command.command(name="update")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--status",
    required=True,
    type=click.Choice(KNOWN_STATUSES),
    help="The status after this update (maintenance: scheduled, in_progress, completed).",
)
@click.option("--text", required=True, help="The update shown to customers (Markdown).")
@click.option("--next-update", metavar="DATETIME", help="When the next update is promised (ISO 8601).")
@click.pass_context
def update(ctx: click.Context, path: Path, status: str, text: str, next_update: str | None) -> None:
    """経過を追記し、状況を進める / Add an update, move the status."""
    project = open_project(ctx)
    now = now_in_site(project)
    relative = content_path(project, path)
    name = shown(project, relative)
    try:
        original = read_text(path)
        front = read_front_matter(original)
    except UnicodeDecodeError as error:
        raise click.ClickException(f"{name}: not UTF-8 text ({error.reason})") from None
    except FrontMatterError as error:
        raise click.ClickException(f"{name}:{error.line}: {error.key}: {error.message}") from None
    if not front.present or entry_type(relative, front.data.get("type"), project.layout) != "incident":
        raise click.ClickException(
            f"{name}: not an incident (expected a file in incidents/ with front matter, or `type: incident`)"
        )
    if not text.strip():
        raise click.BadParameter("the update's text is empty", param_hint="--text")
    before = front.data.get("status")
    if front.data.get("kind") == MAINTENANCE:
        maintenance_update(path, name, original, relative, project, now, before, status, text, next_update)
        return
    if status not in STATUSES:
        raise click.BadParameter(
            f"{status!r} is a maintenance status (an incident's: {', '.join(STATUSES)})", param_hint="--status"
        )
    if before == RESOLVED and status != RESOLVED:
        raise click.ClickException(
            f"{name}: is resolved; an update to it must keep --status resolved. "
            "If the problem is back, open a new incident with `madoguchi new incident`"
        )
    if next_update and status == RESOLVED:
        raise click.BadParameter("a resolved incident promises no next update", param_hint="--next-update")
    promise = promised(next_update, now, project) if next_update else None
    if promise is None and status != RESOLVED:
        refuse_broken_promise(name, front.data.get("next_update"), now, project)

    at = now.isoformat()
    item = {"at": at, "status": status, "text": text}
    newest_first = newest_first_in_file(relative, original, project, now)
    try:
        edited = add_list_item(original, "updates", item, first=newest_first)
        if before != status:
            edited = set_value(edited, "status", status)
        if status == RESOLVED and before != RESOLVED:
            edited = set_value(edited, "resolved_at", at, after=("started",))
        if promise:
            edited = set_value(edited, "next_update", promise, after=("affected", "resolved_at", "started"))
    except EditError as error:
        raise click.ClickException(f"{name}: {error}") from None

    write_if_still_valid(project, path, relative, name, original, edited, now)

    moved = f"status {before} → {status}" if before != status else f"status {status}"
    click.echo(f"{name}: {moved}; update at {at} added ({'first' if newest_first else 'last'} in the list)")
    if status == RESOLVED and before != RESOLVED:
        click.echo(f"{name}: resolved_at {at}")
    if promise:
        click.echo(f"{name}: next_update {promise}")


def maintenance_update(
    path: Path,
    name: str,
    original: str,
    relative: str,
    project: Project,
    now: datetime,
    before: object,
    status: str,
    text: str,
    next_update: str | None,
) -> None:
    """Planned maintenance: scheduled → in_progress → completed (completed stays completed);
    no promised next update (its window is the promise)."""
    if status not in MAINTENANCE_STATUSES:
        raise click.BadParameter(
            f"{status!r} is an incident status (a maintenance's: {', '.join(MAINTENANCE_STATUSES)})",
            param_hint="--status",
        )
    if next_update:
        raise click.BadParameter("a maintenance promises its window, not a next update", param_hint="--next-update")
    if before == COMPLETED and status != COMPLETED:
        raise click.ClickException(f"{name}: is completed; an update to it must keep --status completed")
    at = now.isoformat()
    item = {"at": at, "status": status, "text": text}
    try:
        first = newest_first_in_file(relative, original, project, now)
        edited = add_list_item(original, "updates", item, first=first)
        if before != status:
            edited = set_value(edited, "status", status, after=("owner",))
    except EditError as error:
        raise click.ClickException(f"{name}: {error}") from None
    write_if_still_valid(project, path, relative, name, original, edited, now)
    moved = f"status {before or 'scheduled'} → {status}" if before != status else f"status {status}"
    click.echo(f"{name}: {moved}; update at {at} added")


def refuse_broken_promise(name: str, current: object, now: datetime, project: Project) -> None:
    if current is None:
        return
    try:
        promised_at = parse_datetime(current, project.policy.timezone)
    except TimeValueError:
        return  # check reports the bad value
    if promised_at <= now:
        raise click.BadParameter(
            f"{name} promised the next update for {current}, which has passed: "
            "give the new promise with --next-update (or resolve the incident)",
            param_hint="--next-update",
        )


def newest_first_in_file(path: str, text: str, project: Project, now: datetime) -> bool:
    """Whether the file lists its updates newest first (then the new one goes on top)."""
    entry, _ = parse_entry(path, text, project.policy, now, folders=project.layout)
    if not isinstance(entry, Incident) or len(entry.updates) < 2:
        return False
    return entry.updates[0].at > entry.updates[-1].at


def write_if_still_valid(
    project: Project, path: Path, relative: str, name: str, original: str, edited: str, now: datetime
) -> None:
    """Write `edited` unless it has problems the original did not have (those are printed)."""
    language = project.language
    _, problems = parse_entry(relative, edited, project.policy, now, shown_path=name, language=language)
    _, problems_before = parse_entry(relative, original, project.policy, now, shown_path=name, language=language)
    new_problems = sorted(set(problems) - set(problems_before))
    if new_problems:
        for problem in new_problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(f"{name}: the update would make the file invalid; nothing was changed")
    write_text(path, edited)
