"""The `notify` option of `madoguchi/freshness`: parsed and validated here, with errors that
name the key (e.g. `notify.owners.cs-ordering.github: expected true or false, got 'yes'`)."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from ..timeutil import TimeValueError, parse_interval
from .secrets import PLACEHOLDER, SECRET_PREFIX, may_read
from .strings import LANGUAGES

STATES = ("overdue", "due-soon")
PER = ("owner", "page")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class AlertConfigError(ValueError):
    """An invalid value inside `notify`; the message starts with the full key."""


@dataclass(frozen=True)
class Destinations:
    notify: tuple[str, ...] = ()  # apprise URLs, `{ENV}` placeholders not yet expanded
    github: bool = False
    backlog: bool = False


@dataclass(frozen=True)
class GitHubConfig:
    repo: str
    token_env: str = "GITHUB_TOKEN"
    api_url: str = "https://api.github.com"
    labels: tuple[str, ...] = ("madoguchi",)
    per: str = "owner"


@dataclass(frozen=True)
class BacklogConfig:
    space_url: str
    project_key: str
    issue_type_id: int
    priority_id: int = 3
    api_key_env: str = "BACKLOG_API_KEY"
    per: str = "owner"


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
    github: GitHubConfig | None = None
    backlog: BacklogConfig | None = None
    timeout: float = 10.0
    attempts: int = 3
    backoff: float = 2.0

    def destinations(self, owner: str) -> Destinations:
        return self.owners.get(owner, self.defaults)

    def secret_names(self) -> set[str]:
        """Every environment variable a run may read: placeholders and tracker tokens."""
        names: set[str] = set()
        for destinations in (self.defaults, *self.owners.values()):
            for url in destinations.notify:
                names.update(PLACEHOLDER.findall(url))
        if self.github:
            names.add(self.github.token_env)
        if self.backlog:
            names.add(self.backlog.api_key_env)
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


def _fail(key: str, message: str) -> AlertConfigError:
    return AlertConfigError(f"{key}: {message}")


def _mapping(value: Any, key: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _fail(key, f"expected a mapping, got {value!r}")
    return value


def _unknown(raw: Mapping[str, Any], allowed: tuple[str, ...], key: str) -> None:
    for name in raw:
        if name not in allowed:
            raise _fail(f"{key}.{name}", f"unknown option (expected one of {', '.join(allowed)})")


def _bool(value: Any, key: str) -> bool:
    if not isinstance(value, bool):
        raise _fail(key, f"expected true or false, got {value!r}")
    return value


def _int(value: Any, key: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise _fail(key, f"expected a whole number of at least {minimum}, got {value!r}")
    return value


def _number(value: Any, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise _fail(key, f"expected a number of seconds, zero or more, got {value!r}")
    return float(value)


def _text(value: Any, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(key, f"expected a non-empty string, got {value!r}")
    return value.strip()


def _url(value: Any, key: str) -> str:
    text = _text(value, key)
    if not re.match(r"^https?://[^/\s]+", text):
        raise _fail(key, f"expected an http(s) URL, got {value!r}")
    return text.rstrip("/")


LOOPBACK_NAMES = ("localhost",)


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host.lower().rstrip(".") in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _api_url(value: Any, key: str) -> str:
    """A tracker API base URL: it receives the token, so https only (http for loopback,
    where tests and local proxies run)."""
    text = _url(value, key)
    parts = urlsplit(text)
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise _fail(
            key,
            f"http:// はトークンを平文で送るため使えません。https:// にしてください / "
            f"plain http would send the token unencrypted; use https:// (got {text!r}; "
            "http is allowed only for 127.0.0.1, ::1 and localhost)",
        )
    return text


def _env_name(value: Any, key: str, default: str) -> str:
    text = _text(value, key)
    if not _ENV_NAME.match(text):
        raise _fail(key, f"expected the name of an environment variable (e.g. {default}), got {value!r}")
    if not may_read(text, default):
        raise _fail(key, _not_allowed(text, f"{default} or "))
    return text


def _not_allowed(name: str, also: str = "") -> str:
    return (
        f"環境変数 {name} は読めません（名前が {SECRET_PREFIX} で始まる変数だけを使えます） / "
        f"environment variable {name} may not be used: only {also}variables named "
        f"{SECRET_PREFIX}… are read (see docs/alerts.md, Secrets)"
    )


def _choice(value: Any, key: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise _fail(key, f"expected one of {', '.join(choices)}, got {value!r}")
    return str(value)


def _interval(value: Any, key: str) -> timedelta | None:
    if value is None or value is False:
        return None
    try:
        return parse_interval(value)
    except TimeValueError as error:
        raise _fail(key, str(error)) from None


def _destinations(raw: Any, key: str, base: Destinations) -> Destinations:
    raw = _mapping(raw or {}, key)
    _unknown(raw, ("notify", "github", "backlog"), key)
    urls = base.notify
    if "notify" in raw:
        value = raw["notify"]
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise _fail(f"{key}.notify", f"expected a list of apprise URLs, got {value!r}")
        urls = tuple(_text(url, f"{key}.notify[{index}]") for index, url in enumerate(value))
        for index, url in enumerate(urls):
            if "://" not in url and not url.startswith("{"):
                raise _fail(
                    f"{key}.notify[{index}]",
                    "expected an apprise URL such as slack://… or mailto://…, or a {ENV_NAME} placeholder",
                )
            for name in PLACEHOLDER.findall(url):
                if not may_read(name):
                    raise _fail(f"{key}.notify[{index}]", "{" + name + "}: " + _not_allowed(name))
    return Destinations(
        notify=urls,
        github=_bool(raw["github"], f"{key}.github") if "github" in raw else base.github,
        backlog=_bool(raw["backlog"], f"{key}.backlog") if "backlog" in raw else base.backlog,
    )


def _github(raw: Any, key: str) -> GitHubConfig:
    raw = _mapping(raw, key)
    _unknown(raw, ("repo", "token_env", "api_url", "labels", "per"), key)
    if "repo" not in raw:
        raise _fail(f"{key}.repo", "missing (expected owner/name)")
    repo = _text(raw["repo"], f"{key}.repo")
    if not re.match(r"^[\w.-]+/[\w.-]+$", repo):
        raise _fail(f"{key}.repo", f"expected owner/name, got {repo!r}")
    labels = raw.get("labels", ["madoguchi"])
    if not isinstance(labels, list) or not labels:
        raise _fail(f"{key}.labels", f"expected a non-empty list of label names, got {labels!r}")
    return GitHubConfig(
        repo=repo,
        token_env=_env_name(raw.get("token_env", "GITHUB_TOKEN"), f"{key}.token_env", "GITHUB_TOKEN"),
        api_url=_api_url(raw.get("api_url", "https://api.github.com"), f"{key}.api_url"),
        labels=tuple(_text(label, f"{key}.labels[{i}]") for i, label in enumerate(labels)),
        per=_choice(raw.get("per", "owner"), f"{key}.per", PER),
    )


def _backlog(raw: Any, key: str) -> BacklogConfig:
    raw = _mapping(raw, key)
    allowed = ("space_url", "project_key", "issue_type_id", "priority_id", "api_key_env", "per")
    _unknown(raw, allowed, key)
    for required in ("space_url", "project_key", "issue_type_id"):
        if required not in raw:
            raise _fail(f"{key}.{required}", "missing (see docs/alerts.md)")
    return BacklogConfig(
        space_url=_api_url(raw["space_url"], f"{key}.space_url"),
        project_key=_text(raw["project_key"], f"{key}.project_key"),
        issue_type_id=_int(raw["issue_type_id"], f"{key}.issue_type_id", 1),
        priority_id=_int(raw.get("priority_id", 3), f"{key}.priority_id", 1),
        api_key_env=_env_name(raw.get("api_key_env", "BACKLOG_API_KEY"), f"{key}.api_key_env", "BACKLOG_API_KEY"),
        per=_choice(raw.get("per", "owner"), f"{key}.per", PER),
    )


OPTIONS = (
    "language",
    "max_items",
    "report_url",
    "include",
    "lookback",
    "remind_every",
    "defaults",
    "owners",
    "github",
    "backlog",
    "timeout",
    "attempts",
    "backoff",
)


def parse_alert_config(raw: Any, *, site_url: str | None = None, key: str = KEY) -> AlertConfig:
    """Validate the `notify` mapping; raises AlertConfigError naming the first bad key."""
    raw = _mapping(raw or {}, key)
    _unknown(raw, OPTIONS, key)
    include = raw.get("include", list(STATES))
    if not isinstance(include, list) or not include:
        raise _fail(f"{key}.include", f"expected a list of {' / '.join(STATES)}, got {include!r}")
    for index, state in enumerate(include):
        _choice(state, f"{key}.include[{index}]", STATES)
    defaults = _destinations(raw.get("defaults"), f"{key}.defaults", Destinations())
    owners_raw = _mapping(raw.get("owners") or {}, f"{key}.owners")
    owners = {
        str(owner): _destinations(value, f"{key}.owners.{owner}", defaults) for owner, value in owners_raw.items()
    }
    github = _github(raw["github"], f"{key}.github") if raw.get("github") else None
    backlog = _backlog(raw["backlog"], f"{key}.backlog") if raw.get("backlog") else None
    for name, destinations in [
        ("defaults", defaults),
        *((f"owners.{o}", d) for o, d in owners.items()),
    ]:
        if destinations.github and github is None:
            raise _fail(f"{key}.{name}.github", f"is true but {key}.github (repo, token_env) is not set")
        if destinations.backlog and backlog is None:
            raise _fail(f"{key}.{name}.backlog", f"is true but {key}.backlog (space_url, …) is not set")
    report_url = raw.get("report_url")
    if report_url is not None:
        report_url = _url(report_url, f"{key}.report_url")
    elif site_url:
        report_url = site_url.rstrip("/") + "/freshness.json"
    lookback = raw.get("lookback", "auto")
    return AlertConfig(
        language=_choice(raw.get("language", "ja"), f"{key}.language", LANGUAGES),
        max_items=_int(raw.get("max_items", 10), f"{key}.max_items", 1),
        report_url=report_url,
        include=tuple(state for state in STATES if state in include),
        lookback=None if lookback == "auto" else _interval(lookback, f"{key}.lookback"),
        remind_every=_interval(raw.get("remind_every", "7d"), f"{key}.remind_every"),
        defaults=defaults,
        owners=owners,
        github=github,
        backlog=backlog,
        timeout=_number(raw.get("timeout", 10), f"{key}.timeout"),
        attempts=_int(raw.get("attempts", 3), f"{key}.attempts", 1),
        backoff=_number(raw.get("backoff", 2), f"{key}.backoff"),
    )
