"""Chat and mail through apprise (Slack, Teams, e-mail and the rest apprise supports)."""

from __future__ import annotations

import logging
from collections.abc import Mapping

import apprise

from .delivery import ChannelError
from .secrets import PLACEHOLDER, Redactor, SecretError, expand


class _Capture(logging.Handler):
    """Keeps apprise's own warnings of one send, to say why it failed."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def describe(template: str, redactor: Redactor) -> str:
    """How a destination is named in output: its template when it holds placeholders
    (`{MADOGUCHI_SLACK_URL}`), else apprise's privacy form of the URL (tokens masked), or
    only its scheme when apprise cannot read it (so nothing of it can leak)."""
    if PLACEHOLDER.search(template):
        return template
    plugin = apprise.Apprise.instantiate(template, suppress_exceptions=True)
    if not plugin:
        return template.split("://", 1)[0] + "://…"
    return redactor(plugin.url(privacy=True))


def register_literal(template: str, redactor: Redactor) -> None:
    """Credentials written literally in a destination URL (`mailtos://user:pass@…`,
    `https://hooks.slack.com/services/T/B/XXXX`) become secrets of the run: the parts
    apprise's privacy form hides are masked in every line of output and every log."""
    plugin = apprise.Apprise.instantiate(template, suppress_exceptions=True)
    if plugin:
        redactor.add_literal_url(plugin.url(), plugin.url(privacy=True))


class AppriseNotifier:
    def __init__(self, template: str, environ: Mapping[str, str], redactor: Redactor) -> None:
        self.label = describe(template, redactor)
        try:
            url = expand(template, environ, redactor)
        except SecretError as error:
            raise ChannelError(str(error)) from None
        self._apprise = apprise.Apprise()
        if not self._apprise.add(url):
            raise ChannelError("not a URL apprise understands (see https://appriseit.com/services/)")

    def send(self, title: str, body: str) -> None:
        capture = _Capture()
        logger = logging.getLogger("apprise")
        logger.addHandler(capture)
        try:
            delivered = self._apprise.notify(title=title, body=body, body_format=apprise.NotifyFormat.TEXT)
        finally:
            logger.removeHandler(capture)
        if not delivered:
            why = capture.messages[-1] if capture.messages else "apprise could not deliver"
            raise ChannelError(why, transient=True)
