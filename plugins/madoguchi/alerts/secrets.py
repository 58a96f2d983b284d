"""Secrets come from environment variables only, only from the ones meant for madoguchi,
and are never printed.

Who can edit `mkdocs.yml` must not be able to send any other secret of the machine (e.g.
`{AWS_SECRET_ACCESS_KEY}`) to a host of their choice, so a `{NAME}` placeholder may only name
a variable whose name starts with `MADOGUCHI_` (`SECRET_PREFIX`): such a variable was put
into the environment for madoguchi, by whoever controls the environment (the workflow), not
by whoever controls the config. Tracker tokens follow the same rule, with their documented
defaults (`GITHUB_TOKEN`, `BACKLOG_API_KEY`) also allowed.

`{ENV_NAME}` placeholders in apprise URLs are expanded from the environment; every value
that came from a secret (and the parts of a URL that carry it) is registered with a
Redactor, which every line of output and every log record passes through. Credentials
written literally in a destination URL are registered too (`add_literal_url`), found by
apprise's own privacy form of the URL.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from urllib.parse import parse_qsl, unquote, urlsplit

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
SECRET_PREFIX = "MADOGUCHI_"
MASK = "***"
_MIN_SECRET = 4  # shorter fragments would mask ordinary words
_URL_PARTS = re.compile(r"[/:@?&=#]")


# The workflow `madoguchi init` writes (skeleton/github/workflows/staleness-alerts.yml): its
# `madoguchi notify` step passes each secret to the job as one line under `env:`.
WORKFLOW = ".github/workflows/staleness-alerts.yml"
AUTOMATIC = ("GITHUB_TOKEN",)  # given to every workflow run by GitHub: no repository secret to add


def workflow_line(name: str) -> str:
    """The line of the workflow's `env:` that passes the variable to the job."""
    return f"{name}: ${{{{ secrets.{name} }}}}"


def missing_message(name: str) -> str:
    """A variable the config names is not set: which line of the workflow passes it (ja / en)."""
    line = workflow_line(name)
    secret_ja = "" if name in AUTOMATIC else f"（リポジトリのシークレット {name} も登録してください）"
    secret_en = "" if name in AUTOMATIC else f" (and add the repository secret {name})"
    return (
        f"環境変数 {name} が設定されていません。GitHub Actions では {WORKFLOW} の madoguchi notify の "
        f"env: に次の行を加えてください{secret_ja}: {line} / "
        f"environment variable {name} is not set; in GitHub Actions add this line under env: of the "
        f"madoguchi notify step in {WORKFLOW}{secret_en}: {line}"
    )


def not_in_workflow(names: Iterable[str], workflow_text: str) -> list[str]:
    """The variables the config names that the workflow never passes to the job (sorted)."""
    return sorted(name for name in set(names) if not re.search(rf"^\s*{re.escape(name)}\s*:", workflow_text, re.M))


class SecretError(ValueError):
    """A placeholder or token names an environment variable that is not set, or whose value
    is malformed. The message names the variable, never the value."""


def may_read(name: str, default: str | None = None) -> bool:
    """May the config make madoguchi read (and send) this environment variable?"""
    return name.startswith(SECRET_PREFIX) or name == default


def malformed(value: str) -> tuple[str, str] | None:
    """Why a secret value cannot be right, (ja, en), or None: no token, key or URL holds
    whitespace or control characters; they come from copying with a trailing newline."""
    if any(char in "\r\n" for char in value):
        return "改行を含みます", "contains a line break"
    if any(char.isspace() for char in value):
        return "空白を含みます", "contains a space"
    if not value.isprintable():
        return "制御文字を含みます", "contains a control character"
    return None


def check_value(name: str, value: str) -> None:
    why = malformed(value)
    if why:
        ja, en = why
        raise SecretError(
            f"環境変数 {name} の値が不正です（{ja}。値は表示しません） / "
            f"environment variable {name} is malformed: it {en} (value not shown)"
        )


def check_environment(names: Iterable[str], environ: Mapping[str, str]) -> None:
    """Every variable the run may read that is set must be well formed; raises SecretError
    for the first that is not (missing ones are reported by the channel that needs them)."""
    for name in sorted(set(names)):
        value = environ.get(name)
        if value:
            check_value(name, value)


class Redactor:
    def __init__(self) -> None:
        self._secrets: set[str] = set()

    def add(self, secret: str | None) -> None:
        if secret and len(secret) >= _MIN_SECRET:
            self._secrets.add(secret)
            decoded = unquote(secret)
            if len(decoded) >= _MIN_SECRET:
                self._secrets.add(decoded)

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

    def add_literal_url(self, full: str, private: str) -> None:
        """A URL written literally in the config: the pieces of apprise's full form
        (`plugin.url()`) that its privacy form (`plugin.url(privacy=True)`) hides."""
        shown = set(_URL_PARTS.split(private))
        for piece in _URL_PARTS.split(full):
            if piece not in shown:
                self.add(piece)

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
        raise SecretError(missing_message(missing[0]))
    for name in names:
        check_value(name, environ[name])
    url = PLACEHOLDER.sub(lambda match: environ[match.group(1)], template)
    if names:
        for name in names:
            redactor.add(environ[name])
        redactor.add_url(url)
    return url


def secret_from_env(name: str, environ: Mapping[str, str], redactor: Redactor) -> str:
    value = environ.get(name, "")
    if not value:
        raise SecretError(missing_message(name))
    check_value(name, value)
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
