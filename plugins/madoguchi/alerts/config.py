"""The `notify` option of `madoguchi/freshness`: parsed and validated here, with errors that
name the key (e.g. `notify.owners.cs-ordering.github: expected true or false, got 'yes'`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from . import options as o
from .backlog import BacklogConfig
from .github import GitHubConfig
from .options import AlertConfigError
from .secrets import PLACEHOLDER, may_read
from .strings import LANGUAGES
from .trackers import TRACKERS

__all__ = ["AlertConfig", "AlertConfigError", "BacklogConfig", "Destinations", "GitHubConfig", "parse_alert_config"]

STATES = ("overdue", "due-soon")
PER = o.PER


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
    language: str = "ja"
    max_items: int = 10
    report_url: str | None = None
    include: tuple[str, ...] = STATES
    # "news" gating of chat and mail: see digest.is_news
    lookback: timedelta | None = None  # None: since the previous weekday run
    remind_every: timedelta | None = timedelta(days=7)
    defaults: Destinations = field(default_factory=Destinations)
    owners: Mapping[str, Destinations] = field(default_factory=dict)
    trackers: Mapping[str, Any] = field(default_factory=dict)  # name → its parsed settings
    timeout: float = 10.0
    attempts: int = 3
    backoff: float = 2.0

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


KEY = "notify"


def _destinations(raw: Any, key: str, base: Destinations) -> Destinations:
    raw = o.mapping(raw or {}, key)
    o.unknown(raw, ("notify", *TRACKERS), key)
    urls = base.notify
    if "notify" in raw:
        value = raw["notify"]
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise o.fail(f"{key}.notify", f"expected a list of apprise URLs, got {value!r}")
        urls = tuple(o.text(url, f"{key}.notify[{index}]") for index, url in enumerate(value))
        for index, url in enumerate(urls):
            if "://" not in url and not url.startswith("{"):
                raise o.fail(
                    f"{key}.notify[{index}]",
                    "expected an apprise URL such as slack://… or mailto://…, or a {ENV_NAME} placeholder",
                )
            for name in PLACEHOLDER.findall(url):
                if not may_read(name):
                    raise o.fail(f"{key}.notify[{index}]", "{" + name + "}: " + o.not_allowed(name))
    trackers = set(base.trackers)
    for name in TRACKERS:
        if name in raw:
            if o.boolean(raw[name], f"{key}.{name}"):
                trackers.add(name)
            else:
                trackers.discard(name)
    return Destinations(notify=urls, trackers=frozenset(trackers))


OPTIONS = (
    "language",
    "max_items",
    "report_url",
    "include",
    "lookback",
    "remind_every",
    "defaults",
    "owners",
    "timeout",
    "attempts",
    "backoff",
)


def parse_alert_config(raw: Any, *, site_url: str | None = None, key: str = KEY) -> AlertConfig:
    """Validate the `notify` mapping; raises AlertConfigError naming the first bad key."""
    raw = o.mapping(raw or {}, key)
    o.unknown(raw, (*OPTIONS, *TRACKERS), key)  # every registered tracker is an option
    include = raw.get("include", list(STATES))
    if not isinstance(include, list) or not include:
        raise o.fail(f"{key}.include", f"expected a list of {' / '.join(STATES)}, got {include!r}")
    for index, state in enumerate(include):
        o.choice(state, f"{key}.include[{index}]", STATES)
    defaults = _destinations(raw.get("defaults"), f"{key}.defaults", Destinations())
    owners_raw = o.mapping(raw.get("owners") or {}, f"{key}.owners")
    owners = {
        str(owner): _destinations(value, f"{key}.owners.{owner}", defaults) for owner, value in owners_raw.items()
    }
    trackers = {name: kind.parse(raw[name], f"{key}.{name}") for name, kind in TRACKERS.items() if raw.get(name)}
    for where, destinations in [("defaults", defaults), *((f"owners.{n}", d) for n, d in owners.items())]:
        for name, kind in TRACKERS.items():
            if name in destinations.trackers and name not in trackers:
                raise o.fail(f"{key}.{where}.{name}", f"is true but {key}.{name} ({kind.required}) is not set")
    report_url = raw.get("report_url")
    if report_url is not None:
        report_url = o.url(report_url, f"{key}.report_url")
    elif site_url:
        report_url = site_url.rstrip("/") + "/freshness.json"
    lookback = raw.get("lookback", "auto")
    return AlertConfig(
        language=o.choice(raw.get("language", "ja"), f"{key}.language", LANGUAGES),
        max_items=o.whole(raw.get("max_items", 10), f"{key}.max_items", 1),
        report_url=report_url,
        include=tuple(state for state in STATES if state in include),
        lookback=None if lookback == "auto" else o.interval(lookback, f"{key}.lookback"),
        remind_every=o.interval(raw.get("remind_every", "7d"), f"{key}.remind_every"),
        defaults=defaults,
        owners=owners,
        trackers=trackers,
        timeout=o.seconds(raw.get("timeout", 10), f"{key}.timeout"),
        attempts=o.whole(raw.get("attempts", 3), f"{key}.attempts", 1),
        backoff=o.seconds(raw.get("backoff", 2), f"{key}.backoff"),
    )
