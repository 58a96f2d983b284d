"""`madoguchi check`: validate all content (and content/_data/calendar.yml) without building.

Errors go to stderr as `path:line: key: message` and make the exit status 1; the leak
guard's warnings are printed as `path:line: key: warning: message` and do not fail.
A summary line with the counts goes to stdout.
"""

from __future__ import annotations

import click

from ..calendar import load_calendar
from ..guards import check_guards, files_under, slugify_of
from ..leaks import LeakGuard
from ..project import PLUGIN
from ..publishable import links_under, symlink_problems
from ._project import now_in_site, open_project


@click.command(name="check")
@click.pass_context
def command(ctx: click.Context) -> None:
    """内容を検証する（ビルドなし） / Validate all content without building."""
    project = open_project(ctx)
    paths = project.content_paths()
    site = project.load(now_in_site(project))
    try:
        guard = LeakGuard.from_options(project.raw_options)
    except ValueError as error:
        raise click.ClickException(f"{project.config_file.name}: plugins.{PLUGIN}.{error}") from None
    leaks = guard.check_site(site, project.shown_prefix, project.language)
    links = symlink_problems(links_under(project.docs_dir), project.shown_prefix, project.language)
    now = now_in_site(project)
    _, calendar = load_calendar(
        project.docs_dir, project.shown_prefix, project.policy.timezone.key, now.date(), project.language
    )
    guards = check_guards(
        site,
        files_under(project.docs_dir),
        shown_prefix=project.shown_prefix,
        language=project.language,
        extra_keys=project.options.get("extra_keys") or (),
        slugify=slugify_of(project.mkdocs_config),
    )
    errors = sorted(site.problems + leaks.errors + links + calendar + guards.errors)
    for problem in errors:
        click.echo(str(problem), err=True)
    for warning in sorted(leaks.warnings + guards.warnings):
        click.echo(f"{warning.path}:{warning.line}: {warning.key}: warning: {warning.message}", err=True)
    kinds = {kind: 0 for kind in ("faq", "incident", "page")}
    for entry in site.entries.values():
        kinds[entry.type] = kinds.get(entry.type, 0) + 1
    summary = (
        f"{len(paths)} files checked ({kinds['faq']} FAQ entries, {kinds['incident']} incidents, "
        f"{len(site.drafts)} drafts): {len(errors)} error(s), {len(leaks.warnings) + len(guards.warnings)} warning(s)"
    )
    click.echo(summary)
    if errors:
        ctx.exit(1)
