"""What the editors' commands share: opening the project named by `-f` and turning content
paths given on the command line into paths relative to docs_dir."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import click

from ..project import Project, ProjectError, load_project
from ..timeutil import TimeValueError


def open_project(ctx: click.Context) -> Project:
    """The project of `-f` (default ./mkdocs.yml). Only the policy options are checked here:
    these commands need nothing else, and the full check imports MkDocs (see project.py)."""
    config_file = ctx.find_root().obj or "mkdocs.yml"
    try:
        return load_project(config_file, validate=False)
    except ProjectError as error:
        raise click.ClickException(str(error)) from None


def now_in_site(project: Project) -> datetime:
    """Now in the site's time zone (MADOGUCHI_NOW honoured), to the second."""
    try:
        return project.now().replace(microsecond=0)
    except TimeValueError as error:
        raise click.ClickException(str(error)) from None


def shown(project: Project, content_path: str) -> str:
    """A content path as editors see it from the project root, e.g. content/faq/a/b.md."""
    return project.shown_prefix + content_path


def content_path(project: Project, path: Path) -> str:
    """`path` (as typed, relative to the working directory) relative to docs_dir, POSIX."""
    absolute = Path(path).resolve()
    try:
        relative = absolute.relative_to(project.docs_dir)
    except ValueError:
        raise click.ClickException(
            f"{path}: not inside the content folder {os.path.relpath(project.docs_dir)}/"
        ) from None
    return relative.as_posix()
