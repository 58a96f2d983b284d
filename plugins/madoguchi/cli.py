"""The `madoguchi` command: editors' and CI's tools over the same model, rules and report
the build uses. Each subcommand lives in `madoguchi.commands.<name>`."""

from __future__ import annotations

import click

from . import __version__
from .commands import LazyGroup


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="madoguchi")
@click.option(
    "-f",
    "--config",
    "config_file",
    default="mkdocs.yml",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The site's mkdocs.yml.",
)
@click.pass_context
def main(ctx: click.Context, config_file: str) -> None:
    """Madoguchi (窓口): FAQ・障害情報サイトの鮮度を確かめ、更新する道具。

    Check, review and alert on the freshness of a Madoguchi FAQ site.
    """
    ctx.obj = config_file
