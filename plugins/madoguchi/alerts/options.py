"""Readers of `notify` option values, shared by config.py and every tracker module: each
checks one value and raises AlertConfigError whose message starts with the full key
(e.g. `notify.github.per: expected one of owner, page, got 'team'`)."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from ..timeutil import TimeValueError, parse_interval
from .secrets import SECRET_PREFIX, may_read

PER = ("owner", "page")  # one tracker issue per owner, or per page
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
LOOPBACK_NAMES = ("localhost",)


class AlertConfigError(ValueError):
    """An invalid value inside `notify`; the message starts with the full key."""


def fail(key: str, message: str) -> AlertConfigError:
    return AlertConfigError(f"{key}: {message}")


def mapping(value: Any, key: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise fail(key, f"expected a mapping, got {value!r}")
    return value


def unknown(raw: Mapping[str, Any], allowed: tuple[str, ...], key: str) -> None:
    for name in raw:
        if name not in allowed:
            raise fail(f"{key}.{name}", f"unknown option (expected one of {', '.join(allowed)})")


def boolean(value: Any, key: str) -> bool:
    if not isinstance(value, bool):
        raise fail(key, f"expected true or false, got {value!r}")
    return value


def whole(value: Any, key: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise fail(key, f"expected a whole number of at least {minimum}, got {value!r}")
    return value


def seconds(value: Any, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise fail(key, f"expected a number of seconds, zero or more, got {value!r}")
    return float(value)


def text(value: Any, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise fail(key, f"expected a non-empty string, got {value!r}")
    return value.strip()


def url(value: Any, key: str) -> str:
    value_text = text(value, key)
    if not re.match(r"^https?://[^/\s]+", value_text):
        raise fail(key, f"expected an http(s) URL, got {value!r}")
    return value_text.rstrip("/")


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host.lower().rstrip(".") in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def api_url(value: Any, key: str) -> str:
    """A tracker API base URL: it receives the token, so https only (http for loopback,
    where tests and local proxies run)."""
    value_text = url(value, key)
    parts = urlsplit(value_text)
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise fail(
            key,
            "http:// はトークンを平文で送るため使えません。https:// にしてください / "
            f"plain http would send the token unencrypted; use https:// (got {value_text!r}; "
            "http is allowed only for 127.0.0.1, ::1 and localhost)",
        )
    return value_text


def not_allowed(name: str, also: str = "") -> str:
    return (
        f"環境変数 {name} は読めません（名前が {SECRET_PREFIX} で始まる変数だけを使えます） / "
        f"environment variable {name} may not be used: only {also}variables named "
        f"{SECRET_PREFIX}… are read (see docs/alerts.md, Secrets)"
    )


def env_name(value: Any, key: str, default: str) -> str:
    """The name of the environment variable holding a tracker token: `default` or MADOGUCHI_…"""
    name = text(value, key)
    if not _ENV_NAME.match(name):
        raise fail(key, f"expected the name of an environment variable (e.g. {default}), got {value!r}")
    if not may_read(name, default):
        raise fail(key, not_allowed(name, f"{default} or "))
    return name


def choice(value: Any, key: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise fail(key, f"expected one of {', '.join(choices)}, got {value!r}")
    return str(value)


def interval(value: Any, key: str) -> timedelta | None:
    if value is None or value is False:
        return None
    try:
        return parse_interval(value)
    except TimeValueError as error:
        raise fail(key, str(error)) from None
