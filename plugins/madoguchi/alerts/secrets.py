"""Secrets come from environment variables only and are never printed.

`{ENV_NAME}` placeholders in apprise URLs are expanded from the environment; every value
that came from a secret (and the parts of a URL that carry it) is registered with a
Redactor, which every line of output and every log record passes through.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from urllib.parse import parse_qsl, urlsplit

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
MASK = "***"
_MIN_SECRET = 4  # shorter fragments would mask ordinary words


class SecretError(ValueError):
    """A placeholder or token names an environment variable that is not set."""


class Redactor:
    def __init__(self) -> None:
        self._secrets: set[str] = set()

    def add(self, secret: str | None) -> None:
        if secret and len(secret) >= _MIN_SECRET:
            self._secrets.add(secret)

    def add_url(self, url: str) -> None:
        """A URL made from secrets: the whole, its credentials, path segments and query values."""
        self.add(url)
        try:
            parts = urlsplit(url)
        except ValueError:
            return
        self.add(parts.username)
        self.add(parts.password)
        for segment in parts.path.split("/"):
            self.add(segment)
        for _name, value in parse_qsl(parts.query):
            self.add(value)

    def __call__(self, text: str) -> str:
        # longest first, so a secret containing another is masked whole
        for secret in sorted(self._secrets, key=len, reverse=True):
            text = text.replace(secret, MASK)
        return text


def expand(template: str, environ: Mapping[str, str], redactor: Redactor) -> str:
    """Replace `{ENV_NAME}` with the variable's value, registering the result as a secret."""
    names = PLACEHOLDER.findall(template)
    missing = [name for name in names if not environ.get(name)]
    if missing:
        raise SecretError(f"environment variable {missing[0]} is not set")
    url = PLACEHOLDER.sub(lambda match: environ[match.group(1)], template)
    if names:
        for name in names:
            redactor.add(environ[name])
        redactor.add_url(url)
    return url


def secret_from_env(name: str, environ: Mapping[str, str], redactor: Redactor) -> str:
    value = environ.get(name, "")
    if not value:
        raise SecretError(f"environment variable {name} is not set")
    redactor.add(value)
    return value


class RedactingFilter(logging.Filter):
    """Masks secrets in log records (apprise's and ours) before any handler sees them."""

    def __init__(self, redactor: Redactor) -> None:
        super().__init__()
        self.redactor = redactor

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = self.redactor(record.getMessage())
        record.args = None
        return True
