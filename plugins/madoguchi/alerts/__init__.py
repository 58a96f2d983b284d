"""Staleness alerts (`madoguchi notify`): one digest per owner from the freshness report,
sent through apprise (chat, mail) and kept in issue trackers (GitHub, Backlog).

- config: the `notify` option as MkDocs config options (security rules in options.py)
- digest: pure: items, digests, "news" gating, rendering, markers
- plan: pure: what each tracker should hold and the actions to get there
- notifiers: chat and mail; trackers: the registry of issue trackers (github, backlog),
  each one module behind delivery's small interfaces
- secrets: which variables may be read, `{ENV}` expansion and redaction
- text: front-matter text made inert for chat, mail and issues; run: one run over every owner
"""

from .config import AlertConfig, AlertConfigError, parse_alert_config

__all__ = ["AlertConfig", "AlertConfigError", "parse_alert_config"]
