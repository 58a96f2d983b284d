"""Subcommands of `madoguchi`; each module exposes one click command (or group) named `command`.

Modules are imported only when their command runs: `madoguchi check` must not pay for the
alerting libraries `madoguchi notify` needs (click's documented lazy-group pattern).
"""

from __future__ import annotations

import importlib
import importlib.util

import click

COMMANDS = (
    *("check", "stale", "review", "new", "incident", "notify", "schema", "audit"),
    *("init", "import", "export", "collect", "insights", "serve"),
)
# A command whose module cannot bear its name (`import` is a Python keyword).
MODULES = {"import": "import_"}


class LazyGroup(click.Group):
    """A group whose subcommands live in `madoguchi.commands.<name>`, imported on use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        installed = [name for name in COMMANDS if importlib.util.find_spec(f"{__name__}.{MODULES.get(name, name)}")]
        return sorted(set(installed) | set(super().list_commands(ctx)))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands or cmd_name not in COMMANDS:
            return super().get_command(ctx, cmd_name)
        module_name = f"{__name__}.{MODULES.get(cmd_name, cmd_name)}"
        if importlib.util.find_spec(module_name) is None:
            return None  # not part of this installation
        module = importlib.import_module(module_name)
        command: click.Command = module.command
        return with_config_option(command)


def _remember_config(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.find_root().obj = value


def with_config_option(command: click.Command) -> click.Command:
    """`-f/--config` after the subcommand too (`madoguchi stale -f mkdocs.internal.yml`), as
    well as before it (`madoguchi -f mkdocs.internal.yml stale`)."""
    if isinstance(command, click.Group):
        for subcommand in command.commands.values():
            with_config_option(subcommand)
    elif not any("--config" in getattr(param, "opts", ()) for param in command.params):
        command.params.append(
            click.Option(
                ["-f", "--config"],
                type=click.Path(dir_okay=False),
                expose_value=False,
                callback=_remember_config,
                help="The site's mkdocs.yml (default: mkdocs.yml).",
            )
        )
    return command
