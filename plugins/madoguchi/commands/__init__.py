"""Subcommands of `madoguchi`; each module exposes one click command (or group) named `command`.

Modules are imported only when their command runs: `madoguchi check` must not pay for the
alerting libraries `madoguchi notify` needs (click's documented lazy-group pattern).
"""

from __future__ import annotations

import importlib
import importlib.util

import click

COMMANDS = ("check", "stale", "review", "new", "incident", "notify", "schema", "audit", "collect", "insights")


class LazyGroup(click.Group):
    """A group whose subcommands live in `madoguchi.commands.<name>`, imported on use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        installed = [name for name in COMMANDS if importlib.util.find_spec(f"{__name__}.{name}")]
        return sorted(set(installed) | set(super().list_commands(ctx)))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands or cmd_name not in COMMANDS:
            return super().get_command(ctx, cmd_name)
        if importlib.util.find_spec(f"{__name__}.{cmd_name}") is None:
            return None  # not part of this installation
        module = importlib.import_module(f"{__name__}.{cmd_name}")
        command: click.Command = module.command
        return command
