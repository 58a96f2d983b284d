"""The `notify` option of `madoguchi/freshness`, declared once as MkDocs config options
(`NotifyConfig`, one SubConfig per registered tracker, owners as a dict of SubConfigs): MkDocs
validates it with the rest of mkdocs.yml and reports errors naming the option, e.g.
`Plugin 'madoguchi/freshness' option 'notify': Sub-option 'owners': Sub-option 'cs-ordering':
Sub-option 'github': Expected type: <class 'bool'> but received: <class 'str'>`.

`alert_config` turns the validated NotifyConfig into the AlertConfig a run uses (owners
inherit what they do not set from `defaults`; the report link defaults to the site's)."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError

from ..config_options import HttpUrl, Interval, Items, NamedItems, Seconds, StrictSubConfig, Whole
from ..i18n import LANGUAGES
from .backlog import BacklogConfig
from .delivery import TrackerKind
from .github import GitHubConfig
from .options import AppriseUrls
from .secrets import PLACEHOLDER
from .trackers import TRACKERS

__all__ = [
    "AlertConfig",
    "AlertConfigError",
    "BacklogConfig",
    "Destinations",
    "GitHubConfig",
    "Notify",
    "NotifyConfig",
    "alert_config",
    "parse_alert_config",
]

STATES = ("overdue", "due-soon")


class AlertConfigError(ValueError):
    """An invalid `notify` value outside a build (parse_alert_config); names the option."""


class DestinationsConfig(Config):
    """`notify.defaults` and each of `notify.owners`: apprise URLs and, per registered tracker,
    `<name>: true|false`. What an owner leaves out comes from `defaults`."""

    notify = c.Optional(AppriseUrls())


class NotifyConfig(Config):
    """`notify`; one option per registered tracker is added by `notify_config_class`."""

    language = c.Choice(LANGUAGES, default="ja")
    max_items = Whole(1, default=10)
    report_url = c.Optional(HttpUrl())
    include = Items(c.Choice(STATES), default=list(STATES))
    lookback = Interval(off=("auto", None))  # auto (or unset): since the previous weekday run
    remind_every = Interval(timedelta(days=7), off=(None, False))
    defaults = StrictSubConfig(DestinationsConfig)
    owners = NamedItems(StrictSubConfig(DestinationsConfig), default={})
    timeout = Seconds(default=10)
    attempts = Whole(1, default=3)
    backoff = Seconds(default=2)


@functools.lru_cache(maxsize=8)
def _classes(trackers: tuple[tuple[str, TrackerKind[Any]], ...]) -> type[NotifyConfig]:
    switches = {name: c.Optional(c.Type(bool)) for name, _ in trackers}
    destinations = type("DestinationsConfig", (DestinationsConfig,), dict(switches))
    options: dict[str, Any] = {name: StrictSubConfig(kind.options, optional=True) for name, kind in trackers}
    options["defaults"] = StrictSubConfig(destinations)
    options["owners"] = NamedItems(StrictSubConfig(destinations), default={})
    return type("NotifyConfig", (NotifyConfig,), options)


def notify_config_class() -> type[NotifyConfig]:
    """NotifyConfig with the trackers registered now (trackers.TRACKERS)."""
    return _classes(tuple(TRACKERS.items()))


class Notify(StrictSubConfig):
    """The `notify` option: a NotifyConfig, with unknown options refused and every tracker
    switched on (in `defaults` or an owner) configured."""

    def __init__(self) -> None:
        super().__init__(NotifyConfig)

    def run_validation(self, value: object) -> NotifyConfig:
        self.config_class = notify_config_class()
        config = super().run_validation(value)
        assert isinstance(config, NotifyConfig)
        places = [("defaults", config["defaults"])]
        places += [(f"owners.{owner}", switches) for owner, switches in config["owners"].items()]
        for where, switches in places:
            for name, kind in TRACKERS.items():
                if switches.get(name) and config.get(name) is None:
                    path = ": ".join(f"Sub-option {part!r}" for part in (*where.split(".", 1), name))
                    raise ValidationError(f"{path}: is true but option {name!r} ({kind.required}) is not set")
        return config


@dataclass(frozen=True)
class Destinations:
    notify: tuple[str, ...] = ()  # apprise URLs, `{ENV}` placeholders not yet expanded
    trackers: frozenset[str] = frozenset()  # names in trackers.TRACKERS switched on

    # the two built-in trackers by name, for callers written before the registry
    @property
    def github(self) -> bool:
        return "github" in self.trackers

    @property
    def backlog(self) -> bool:
        return "backlog" in self.trackers


@dataclass(frozen=True)
class AlertConfig:
    """What a run uses, made from a validated NotifyConfig by `alert_config` (the defaults
    are NotifyConfig's)."""

    language: str
    max_items: int
    report_url: str | None
    include: tuple[str, ...]
    # "news" gating of chat and mail: see digest.is_news
    lookback: timedelta | None  # None: since the previous weekday run
    remind_every: timedelta | None
    defaults: Destinations
    owners: Mapping[str, Destinations]
    trackers: Mapping[str, Any]  # name → its validated options (trackers.TRACKERS[name].options)
    timeout: float
    attempts: int
    backoff: float

    @property
    def github(self) -> GitHubConfig | None:
        settings = self.trackers.get("github")
        return settings if isinstance(settings, GitHubConfig) else None

    @property
    def backlog(self) -> BacklogConfig | None:
        settings = self.trackers.get("backlog")
        return settings if isinstance(settings, BacklogConfig) else None

    def destinations(self, owner: str) -> Destinations:
        return self.owners.get(owner, self.defaults)

    def secret_names(self) -> set[str]:
        """Every environment variable a run may read: placeholders and tracker tokens."""
        names: set[str] = set()
        for destinations in (self.defaults, *self.owners.values()):
            for url in destinations.notify:
                names.update(PLACEHOLDER.findall(url))
        names.update(settings.secret_env for settings in self.trackers.values())
        return names

    def literal_urls(self) -> set[str]:
        """Destination URLs written without placeholders (their credentials are literal)."""
        return {
            url
            for destinations in (self.defaults, *self.owners.values())
            for url in destinations.notify
            if not PLACEHOLDER.search(url)
        }


def _destinations(switches: Mapping[str, Any], base: Destinations) -> Destinations:
    urls = base.notify if switches.get("notify") is None else tuple(switches["notify"])
    trackers = set(base.trackers)
    for name in TRACKERS:
        if switches.get(name) is not None:
            (trackers.add if switches[name] else trackers.discard)(name)
    return Destinations(notify=urls, trackers=frozenset(trackers))


def alert_config(notify: Mapping[str, Any], *, site_url: str | None = None) -> AlertConfig:
    """The AlertConfig of a validated `notify` (a NotifyConfig, e.g. from project.options)."""
    defaults = _destinations(notify["defaults"], Destinations())
    report_url = notify["report_url"]
    if report_url is None and site_url:
        report_url = site_url.rstrip("/") + "/freshness.json"
    return AlertConfig(
        language=notify["language"],
        max_items=notify["max_items"],
        report_url=report_url,
        include=tuple(state for state in STATES if state in notify["include"]),
        lookback=notify["lookback"],
        remind_every=notify["remind_every"],
        defaults=defaults,
        owners={owner: _destinations(switches, defaults) for owner, switches in notify["owners"].items()},
        trackers={name: notify[name] for name in TRACKERS if notify.get(name) is not None},
        timeout=notify["timeout"],
        attempts=notify["attempts"],
        backoff=notify["backoff"],
    )


def parse_alert_config(raw: Any, *, site_url: str | None = None, key: str = "notify") -> AlertConfig:
    """Validate a `notify` mapping outside a build (as MkDocs would) and make its AlertConfig;
    raises AlertConfigError naming the option, worded as MkDocs words it."""
    try:
        notify = Notify().validate(raw)
    except ValidationError as error:
        raise AlertConfigError(f"Option {key!r}: {error}") from None
    return alert_config(notify, site_url=site_url)
