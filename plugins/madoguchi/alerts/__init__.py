"""Staleness alerts (`madoguchi notify`): one digest per owner from the freshness report,
sent through apprise (chat, mail) and kept in issue trackers (GitHub, Backlog).

- config: the `notify` option, validated with errors naming the key
- digest: pure: items, digests, "news" gating, rendering, markers
- plan: pure: what each tracker should hold and the actions to get there
- notifiers / github / backlog: the destinations, behind delivery's small interfaces
- secrets: `{ENV}` expansion and redaction; run: one run over every owner
"""

from .config import AlertConfig, AlertConfigError, parse_alert_config

__all__ = ["AlertConfig", "AlertConfigError", "parse_alert_config"]
