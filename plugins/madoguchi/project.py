"""A Madoguchi project as the commands see it: the site's configuration, loaded by MkDocs
itself (`mkdocs.config.load_config`, so `INHERIT`, `!ENV` and every option's validation and
default behave exactly as in a build), and the content model read without building."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from .edition import PUBLIC
from .kinds import Layout, layout
from .model import Site, load_site
from .policy import Policy, policy_from_config
from .timeutil import current_time
from .urls import shown_prefix

PLUGIN = "madoguchi/freshness"


class ProjectError(Exception):
    """mkdocs.yml cannot be read or its Madoguchi options are invalid."""


def plugin_options(plugins: Any, name: str = PLUGIN) -> dict[str, Any] | None:
    """The options of plugin `name` from mkdocs.yml's `plugins` (list or mapping form)."""
    if isinstance(plugins, dict):
        plugins = [{key: value} for key, value in plugins.items()]
    for item in plugins or []:
        if item == name:
            return {}
        if isinstance(item, dict) and name in item:
            return dict(item[name] or {})
    return None


@dataclass
class Project:
    config_file: Path
    root: Path
    docs_dir: Path
    site_url: str | None
    use_directory_urls: bool
    repo_url: str | None
    edit_uri: str | None
    language: str
    # the plugin's options as MkDocs validated them (defaults filled in, INHERIT merged)
    options: dict[str, Any] = field(default_factory=dict)
    policy: Policy = field(default_factory=Policy)
    # the whole configuration as MkDocs loaded it (theme, extra_javascript, site_name, …)
    mkdocs_config: Any = field(default=None, repr=False)

    @property
    def raw_options(self) -> dict[str, Any]:
        """The plugin's options (validated; the name is kept for callers)."""
        return self.options

    @property
    def edition(self) -> str:
        """`public` or `internal` (option `edition`, content contract "Audiences")."""
        return str(self.options.get("edition") or PUBLIC)

    @property
    def shown_prefix(self) -> str:
        return shown_prefix(self.root, self.docs_dir)

    @property
    def layout(self) -> Layout:
        """Which folder holds which kind (option `folders`, madoguchi.kinds)."""
        return layout(self.options.get("folders"))

    def now(self) -> datetime:
        return current_time(self.policy.timezone)

    def content_paths(self) -> list[str]:
        """Markdown files under docs_dir, as MkDocs finds them (dot-files and folders skipped),
        except symbolic links: never followed (`publishable.links_under` reports them)."""
        paths: list[str] = []
        for folder, dirs, files in os.walk(self.docs_dir):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            relative = os.path.relpath(folder, self.docs_dir)
            for name in files:
                if name.endswith(".md") and not name.startswith(".") and not os.path.islink(os.path.join(folder, name)):
                    path = name if relative == "." else f"{relative}/{name}"
                    paths.append(path.replace(os.sep, "/"))
        return sorted(paths)

    def load(self, now: datetime | None = None, *, edition: str | None = None) -> Site:
        """The content model as `edition` (default: the configured one) would build it."""
        return load_site(
            self.docs_dir,
            self.content_paths(),
            self.policy,
            now or self.now(),
            shown_prefix=self.shown_prefix,
            edition=edition or self.edition,
            folders=self.options.get("folders"),
            language=self.language,
        )

    def source_url(self, path: str) -> str | None:
        """Link to the file in the repository (repo_url + edit_uri), when configured."""
        if not self.repo_url:
            return None
        edit_uri = self.edit_uri if self.edit_uri is not None else "edit/main/" + self.shown_prefix
        return self.repo_url.rstrip("/") + "/" + edit_uri.strip("/") + "/" + path


@contextmanager
def _config_messages() -> Iterator[list[logging.LogRecord]]:
    """MkDocs logs each configuration error and warning, then raises a bare "Aborted with N
    configuration errors!": collect the records instead, so the command prints one clean line
    naming the option (and no log lines of its own)."""
    records: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    logger = logging.getLogger("mkdocs")
    saved = (logger.handlers[:], logger.propagate, logger.level)
    logger.handlers, logger.propagate = [Collect()], False
    logger.setLevel(logging.WARNING)
    try:
        yield records
    finally:
        logger.handlers, logger.propagate = saved[0], saved[1]
        logger.setLevel(saved[2])


def load_project(config_file: str | os.PathLike[str] = "mkdocs.yml", *, validate: bool = True) -> Project:
    """Load the site's configuration with MkDocs' own `load_config` (INHERIT honoured: e.g.
    `-f mkdocs.internal.yml`). Raises ProjectError with one line naming the file and option.
    `validate` is kept for callers: MkDocs validates every option while loading."""
    del validate
    try:
        with open(config_file, "rb"):
            pass
    except OSError as error:
        raise ProjectError(f"{config_file}: cannot be read ({error.strerror})") from None
    from mkdocs import exceptions
    from mkdocs.config import load_config

    with _config_messages() as records:
        try:
            config = load_config(config_file=os.fspath(config_file))
        except (exceptions.ConfigurationError, exceptions.Abort) as error:
            errors = [record.getMessage() for record in records if record.levelno >= logging.ERROR]
            raise ProjectError(f"{config_file}: {errors[0] if errors else error}") from None
    plugin = config.plugins.get(PLUGIN)
    if plugin is None:
        raise ProjectError(f"{config_file}: plugin {PLUGIN} is not enabled in `plugins`")
    options = dict(plugin.config)  # validated: intervals are timedelta, `notify` a NotifyConfig
    policy = policy_from_config(options)
    path = Path(config_file).resolve()
    written: dict[str, Any] = {}
    for user_config in config.user_configs:  # edit_uri as written: MkDocs guesses one for GitHub
        written.update(user_config)
    return Project(
        config_file=path,
        root=path.parent,
        docs_dir=Path(config.docs_dir).resolve(),
        site_url=config.site_url or None,
        use_directory_urls=bool(config.use_directory_urls),
        repo_url=config.repo_url or None,
        edit_uri=written.get("edit_uri"),
        language=str(config.theme.get("language") or "en"),
        options=options,
        policy=policy,
        mkdocs_config=config,
    )
