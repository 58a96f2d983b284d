"""A Madoguchi project as the commands see it: mkdocs.yml's settings and the content model,
read without running MkDocs (so `madoguchi check` stays fast)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from .model import Site, load_site
from .policy import Policy, PolicyError, policy_from_options
from .timeutil import current_time
from .urls import shown_prefix

PLUGIN = "madoguchi/freshness"


class ProjectError(Exception):
    """mkdocs.yml cannot be read or its Madoguchi options are invalid."""


class _MkDocsYamlLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without importing what its `!!python/...` tags name."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    # MkDocs' `!ENV VAR` / `!ENV [VAR, OTHER, default]`
    if isinstance(node, yaml.ScalarNode):
        names: list[Any] = [loader.construct_scalar(node)]
    else:
        names = loader.construct_sequence(node)  # type: ignore[arg-type]
    default = names[-1] if len(names) > 1 else None
    for name in names[:-1] if len(names) > 1 else names:
        if str(name) in os.environ:
            return os.environ[str(name)]
    return default


_MkDocsYamlLoader.add_constructor("!ENV", _env_tag)
_MkDocsYamlLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
_MkDocsYamlLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


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
    raw_options: dict[str, Any] = field(default_factory=dict)  # as written in mkdocs.yml
    policy: Policy = field(default_factory=Policy)
    _options: dict[str, Any] | None = field(default=None, repr=False)

    @property
    def options(self) -> dict[str, Any]:
        """The plugin's options checked by its own Config class, defaults filled in.

        Validated on first use: importing MkDocs' config classes costs about a quarter of
        a second, which `madoguchi check` (policy and leak_allowlist only) does not pay.
        Raises ProjectError."""
        if self._options is None:
            self._options = validated_options(self.raw_options, self.config_file)
        return self._options

    @property
    def shown_prefix(self) -> str:
        return shown_prefix(self.root, self.docs_dir)

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

    def load(self, now: datetime | None = None) -> Site:
        return load_site(
            self.docs_dir, self.content_paths(), self.policy, now or self.now(), shown_prefix=self.shown_prefix
        )

    def source_url(self, path: str) -> str | None:
        """Link to the file in the repository (repo_url + edit_uri), when configured."""
        if not self.repo_url:
            return None
        edit_uri = self.edit_uri if self.edit_uri is not None else "edit/main/" + self.shown_prefix
        return self.repo_url.rstrip("/") + "/" + edit_uri.strip("/") + "/" + path


def load_project(config_file: str | os.PathLike[str] = "mkdocs.yml", *, validate: bool = True) -> Project:
    """Read mkdocs.yml. `validate=False` defers checking the plugin options with MkDocs
    until `Project.options` is used (the policy options are always checked)."""
    path = Path(config_file).resolve()
    try:
        raw = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_MkDocsYamlLoader) or {}
    except OSError as error:
        raise ProjectError(f"{config_file}: cannot be read ({error.strerror})") from None
    except yaml.YAMLError as error:
        raise ProjectError(f"{config_file}: not valid YAML: {error}") from None
    if not isinstance(raw, dict):
        raise ProjectError(f"{config_file}: expected a mapping of MkDocs settings")
    options = plugin_options(raw.get("plugins"))
    if options is None:
        raise ProjectError(f"{config_file}: plugin {PLUGIN} is not enabled in `plugins`")
    try:
        policy = policy_from_options(options)
    except PolicyError as error:
        raise ProjectError(f"{config_file}: plugins.{PLUGIN}: {error}") from None
    theme = raw.get("theme") or {}
    project = Project(
        config_file=path,
        root=path.parent,
        docs_dir=(path.parent / str(raw.get("docs_dir") or "docs")).resolve(),
        site_url=raw.get("site_url") or None,
        use_directory_urls=bool(raw.get("use_directory_urls", True)),
        repo_url=raw.get("repo_url") or None,
        edit_uri=raw.get("edit_uri"),
        language=str(theme.get("language", "en")) if isinstance(theme, dict) else "en",
        raw_options=options,
        policy=policy,
    )
    if validate:
        project.options  # noqa: B018  (raises ProjectError now rather than later)
    return project


def validated_options(options: dict[str, Any], config_file: Path) -> dict[str, Any]:
    """Validate with the plugin's own Config class: option names and defaults live there only."""
    from .plugins.freshness.config import FreshnessConfig

    config = FreshnessConfig(config_file_path=str(config_file))
    config.load_dict(options)
    errors, _warnings = config.validate()
    if errors:
        key, error = errors[0]
        raise ProjectError(f"{config_file}: plugins.{PLUGIN}.{key}: {error}")
    return dict(config)
