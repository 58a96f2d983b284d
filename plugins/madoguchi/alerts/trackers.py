"""The issue trackers alerts keep their state in, in one registry: name → TrackerKind (the
MkDocs Config class of its `notify.<name>` section, how its Tracker is built from it and its token).

Adding a tracker is one module — a Config class of its options (with `label`, `per`,
`secret_env`, `base_url` properties; alerts/options.py has the https and secret rules), a class
implementing delivery.Tracker that finds its issues by the marker at the
end of their body, and a `KIND` — plus its entry below. Config, secrets, the https rule,
dry runs and output then work for it with no other change.
"""

from __future__ import annotations

from typing import Any

from . import backlog, github
from .delivery import TrackerKind

TRACKERS: dict[str, TrackerKind[Any]] = {kind.name: kind for kind in (github.KIND, backlog.KIND)}
