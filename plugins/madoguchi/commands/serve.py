"""`madoguchi serve`: the editors' preview, `mkdocs serve --dirty` that notices a save at once.

MkDocs' development server polls every watched file twice a second (watchdog's
PollingObserver, chosen because it works on every file system, network mounts included): a
save waits 0.25 s on average and up to 0.5 s before its rebuild starts, and at 20,000 entries
every poll stats 20,000 files on the CPU the rebuild needs. Where the operating system can
say at once that a file changed (inotify on Linux, FSEvents on macOS, ReadDirectoryChangesW
on Windows: watchdog's `Observer`, a dependency MkDocs already has), this command lets it;
`--poll` keeps MkDocs' polling (for shared folders of virtual machines or containers, where
the OS is not told, or when Linux's inotify watch limit is reached).

Otherwise it is `mkdocs serve`: a save renders again only the pages it affects (`--dirty`,
Madoguchi's plugins decide which: docs/performance.md, "The editors' preview"); `--full`
rebuilds the whole site on every save, as `mkdocs serve` does. The server class is swapped
only inside this command's process, for the time it serves.
"""

from __future__ import annotations

import logging
from typing import Any

import click

from ..i18n import strings
from ._project import open_project

log = logging.getLogger("mkdocs.plugins.madoguchi.serve")


def instant_server_class() -> type[Any]:
    """MkDocs' LiveReloadServer with the operating system's file watcher, told only of
    changes: MkDocs rebuilds on any event, and the OS also reports files being opened and
    read, by the rebuild itself (which would then never stop)."""
    import watchdog.events
    import watchdog.observers
    from mkdocs.livereload import LiveReloadServer

    changes = [
        watchdog.events.FileCreatedEvent,
        watchdog.events.FileModifiedEvent,
        watchdog.events.FileMovedEvent,
        watchdog.events.FileDeletedEvent,
    ]

    class ChangeObserver(watchdog.observers.Observer):  # type: ignore[misc,valid-type]
        def schedule(self, event_handler: Any, path: Any, *, recursive: bool = False, event_filter: Any = None) -> Any:
            return super().schedule(event_handler, path, recursive=recursive, event_filter=event_filter or changes)

    class InstantReloadServer(LiveReloadServer):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.observer = ChangeObserver()

    return InstantReloadServer


@click.command(name="serve")
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="IP address and port.")
@click.option("--full", is_flag=True, help="Rebuild the whole site on every save (mkdocs serve).")
@click.option("--poll", is_flag=True, help="Poll the files twice a second instead of asking the OS.")
@click.pass_context
def command(ctx: click.Context, dev_addr: str, full: bool, poll: bool) -> None:
    """原稿を保存するたびに表示を更新するプレビュー / Preview the site, updated on every save.

    `mkdocs serve --dirty` (only the pages a save affects are rendered again) with the
    operating system's file notifications instead of polling.
    """
    from mkdocs import __main__ as mkdocs_cli
    from mkdocs.commands import serve as mkdocs_serve

    project = open_project(ctx)
    text = strings(project.language)
    state = mkdocs_cli.State()  # MkDocs' log output, as `mkdocs serve` prints it
    original = mkdocs_serve.LiveReloadServer
    if not poll:
        mkdocs_serve.LiveReloadServer = instant_server_class()  # type: ignore[misc]
    log.info(text["cli.serve.poll" if poll else "cli.serve.notified"])
    try:
        mkdocs_serve.serve(
            config_file=str(project.config_file),
            build_type=None if full else "dirty",
            dev_addr=dev_addr,
        )
    finally:
        mkdocs_serve.LiveReloadServer = original  # type: ignore[misc]
        del state
