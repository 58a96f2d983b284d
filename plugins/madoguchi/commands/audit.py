"""`madoguchi audit SITE_DIR`: check a built public site against its sources (audit.py).

Prints `output-path: problem` for every finding (on stdout, warnings marked `warning:`) and
a summary line; exits 1 on any finding that is not a warning. The public build runs the same
audit last; CI runs this command on the folder it is about to upload.
"""

from __future__ import annotations

import click

from ..audit import DEFAULT_ASSET_ALLOWLIST, audit_site, read_theme, rules_for, theme_dirs
from ..edition import INTERNAL
from ..i18n import strings
from ..leaks import LeakGuard
from ..project import PLUGIN
from ._project import now_in_site, open_project


@click.command(name="audit")
@click.argument("site_dir", type=click.Path(exists=True, file_okay=False))
@click.pass_context
def command(ctx: click.Context, site_dir: str) -> None:
    """公開用にビルドしたサイトを原稿と照らして監査する / Audit a built public site.

    Lists every leak (internal text, drafts, HTML comments, owners, personal data), foreign
    script and disallowed file type as `output-path: problem`; exit 1 on any.
    """
    project = open_project(ctx)
    options = project.raw_options
    if options.get("edition", "public") == INTERNAL:
        raise click.ClickException(f"{project.config_file.name}: {strings(project.language)['cli.audit.internal']}")
    try:
        guard = LeakGuard.from_options(options)
    except ValueError as error:
        raise click.ClickException(f"{project.config_file.name}: plugins.{PLUGIN}.{error}") from None
    config = project.mkdocs_config
    custom_dir = config.theme.custom_dir
    site = project.load(now_in_site(project))
    rules = rules_for(
        site,
        guard,
        read_theme(theme_dirs(custom_dir)),
        shown_prefix=project.shown_prefix,
        default_owner=options.get("default_owner"),
        asset_allowlist=options.get("asset_allowlist") or DEFAULT_ASSET_ALLOWLIST,
        docs_dir=project.docs_dir,
        extra_javascript=[str(script) for script in config.extra_javascript],
        site_url=project.site_url,
        public=[str(config.get(key) or "") for key in ("site_name", "site_description", "copyright")],
    )
    findings = audit_site(rules, site_dir)
    for finding in findings:
        click.echo(str(finding))
    errors = [finding for finding in findings if not finding.warning]
    click.echo(
        f"{site_dir}: {len(errors)} finding(s), {len(findings) - len(errors)} warning(s)",
        err=bool(errors),
    )
    if errors:
        ctx.exit(1)
