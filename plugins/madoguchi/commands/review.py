"""`madoguchi review PATH...`: record that a person confirmed entries today.

Sets `reviewed` (today in the site's time zone, or `--on`) and changes no other byte of the
file (see edit.py). When `reviewed` is missing it is added on the line after `owner`, else
after `title`, else as the last line of the front matter. Every file is checked before any
is written: one refusal changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import click

from ..edit import EditError, read_text, set_value, write_text
from ..frontmatter import FrontMatterError, read_front_matter
from ..model import entry_type, is_category_index
from ..project import Project
from ._project import content_path, now_in_site, open_project, shown

# A missing `reviewed` goes after the owner, or the title, or at the end of the front matter.
REVIEWED_AFTER = ("owner", "title")


@dataclass
class Planned:
    file: Path
    shown: str
    old: str | None  # the current `reviewed`, None when the key is missing
    text: str  # the file's new text
    where: str = ""  # where a missing `reviewed` was added


def plan(project: Project, file: Path, day: str, explicit: bool) -> Planned | str | None:
    """The edit for one file; a refusal message (str); or None to skip it (folder walks)."""
    path = content_path(project, file)
    name = shown(project, path)
    if not path.endswith(".md"):
        return f"{name}: not a Markdown file (expected a .md entry)"
    if is_category_index(path, project.layout):
        return f"{name}: is a category index, not an entry (nothing to review)" if explicit else None
    try:
        text = read_text(file)
        front = read_front_matter(text)
    except OSError as error:
        return f"{name}: cannot be read ({error.strerror})"
    except UnicodeDecodeError as error:
        return f"{name}: not UTF-8 text ({error.reason})"
    except FrontMatterError as error:
        return f"{name}:{error.line}: {error.key}: {error.message}"
    if not front.present:
        return f"{name}: has no front matter, so it is not an entry (expected a first line '---')" if explicit else None
    kind = entry_type(path, front.data.get("type"), project.layout)
    if kind == "incident":
        if not explicit:
            return None
        return f"{name}: is an incident; incidents are kept fresh with `madoguchi incident update`"
    if kind == "page" and not explicit:
        return None  # a folder means its FAQ entries; pages are reviewed by naming them
    old = front.data.get("reviewed")
    try:
        new_text = set_value(text, "reviewed", day, after=REVIEWED_AFTER)
    except EditError as error:
        return f"{name}: {error}"
    anchor = next((key for key in REVIEWED_AFTER if key in front.lines), None)
    where = f"after {anchor}" if anchor else "as the last line of the front matter"
    return Planned(file, name, None if old is None else str(old), new_text, where)


def files_of(paths: tuple[Path, ...]) -> list[tuple[Path, bool]]:
    found: list[tuple[Path, bool]] = []
    for path in paths:
        if path.is_dir():
            found += [
                (file, False)
                for file in sorted(path.rglob("*.md"))
                if not any(part.startswith(".") for part in file.relative_to(path).parts)
            ]
        else:
            found.append((path, True))
    return found


@click.command(name="review")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--on", "on", metavar="YYYY-MM-DD", help="The date of the review (default: today in the site's time zone)."
)
@click.pass_context
def command(ctx: click.Context, paths: tuple[Path, ...], on: str | None) -> None:
    """確認日（reviewed）を今日にする / Mark entries as reviewed today (or --on DATE).

    PATH may be a file or a folder (every FAQ entry under it).
    """
    project = open_project(ctx)
    today = now_in_site(project).date()
    if on is None:
        day = today
    else:
        try:
            day = date.fromisoformat(on)
        except ValueError:
            raise click.BadParameter(f"{on!r} is not a date (expected YYYY-MM-DD)", param_hint="--on") from None
        if day > today:
            raise click.BadParameter(
                f"{on} is in the future (today is {today} in {project.policy.timezone})", param_hint="--on"
            )
    planned: list[Planned] = []
    refusals: list[str] = []
    for file, explicit in files_of(paths):
        result = plan(project, file, day.isoformat(), explicit)
        if isinstance(result, str):
            refusals.append(result)
        elif result is not None:
            planned.append(result)
    if refusals:
        for message in refusals:
            click.echo(message, err=True)
        raise click.ClickException(f"{len(refusals)} file(s) cannot be reviewed; nothing was changed")
    if not planned:
        raise click.ClickException("no FAQ entries found in " + ", ".join(str(p) for p in paths))
    for item in planned:
        if item.old == day.isoformat():
            click.echo(f"{item.shown}: reviewed {item.old} (unchanged)")
            continue
        write_text(item.file, item.text)
        if item.old is None:
            click.echo(f"{item.shown}: reviewed {day} (added {item.where})")
        else:
            click.echo(f"{item.shown}: reviewed {item.old} → {day}")
