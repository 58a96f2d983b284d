"""One `madoguchi notify` run: every owner's digest to every destination of that owner.
A failing destination is retried, reported with owner and channel, and never stops the
others; `dry_run` prints exactly what would be sent instead of sending it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from ..i18n import strings as alert_strings
from .config import AlertConfig
from .delivery import ChannelError, Retry, TrackedIssue, Tracker, TrackerKind
from .digest import Digest, digest_title, marker, render_digest
from .notifiers import AppriseNotifier, describe, register_literal
from .plan import plan_sync, wanted_issues, with_marker
from .secrets import Redactor, SecretError, secret_from_env
from .trackers import TRACKERS


@dataclass(frozen=True)
class Failure:
    owner: str
    channel: str
    error: str


@dataclass
class _TrackerSlot:
    """A tracker built once per run, its open issues listed once per run."""

    label: str
    hidden_marker: bool
    build: Callable[[], Tracker]
    per: str
    tracker: Tracker | None = None
    issues: list[TrackedIssue] | None = None
    error: ChannelError | None = None

    def open(self, retry: Retry) -> tuple[Tracker, list[TrackedIssue]]:
        if self.error:
            raise self.error
        try:
            if self.tracker is None:
                self.tracker = self.build()
            if self.issues is None:
                tracker = self.tracker
                self.issues = retry.run(tracker.open_issues)
        except ChannelError as error:
            self.error = error
            raise
        return self.tracker, self.issues


@dataclass
class AlertRun:
    config: AlertConfig
    digests: Mapping[str, Digest]
    now: datetime
    tz: tzinfo
    environ: Mapping[str, str]
    redactor: Redactor
    out: Callable[[str], None]  # stdout, already redacting
    err: Callable[[str], None]  # stderr, already redacting
    dry_run: bool = False
    send_all: bool = False
    retry: Retry = field(default_factory=Retry)
    failures: list[Failure] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.t = alert_strings(self.config.language)
        for url in self.config.literal_urls():
            register_literal(url, self.redactor)
        self.slots: dict[str, _TrackerSlot] = {}
        for name, settings in self.config.trackers.items():
            self.redactor.add(urlsplit(settings.base_url).password)  # https://user:token@host
            kind = TRACKERS[name]
            build = partial(self._build, kind, settings)
            self.slots[name] = _TrackerSlot(settings.label, kind.hidden_marker, build, settings.per)

    def _build(self, kind: TrackerKind[Any], settings: Any) -> Tracker:
        token = self._secret(settings.secret_env)
        return kind.build(settings, token, self.config.timeout)

    def _secret(self, name: str) -> str:
        try:
            return secret_from_env(name, self.environ, self.redactor)
        except SecretError as error:
            raise ChannelError(str(error)) from None

    def _fail(self, owner: str, channel: str, error: Exception) -> None:
        failure = Failure(owner, channel, self.redactor(str(error)))
        self.failures.append(failure)
        self.err(self.t["run.failed"].format(owner=owner, channel=failure.channel, error=failure.error))

    # ---------------------------------------------------------------------------------------

    def run(self, owners: list[str]) -> list[Failure]:
        if self.dry_run:
            self.out(self.t["run.dry_run"])
        for owner in owners:
            self.owner(owner)
        if self.failures:
            self.err(self.t["run.failures"].format(count=len(self.failures)))
        return self.failures

    def owner(self, owner: str) -> None:
        destinations = self.config.destinations(owner)
        digest = self.digests.get(owner)
        self.out("")
        self.out(self.t["run.owner"].format(owner=owner))
        if digest is None:
            self.out(self.t["run.no_stale"])
        elif not (destinations.notify or destinations.trackers):
            self.out(self.t["run.no_destination"])
        elif destinations.notify:
            if digest.has_news or self.send_all:
                self.chat(owner, digest, destinations.notify)
            else:
                self.out(self.t["run.quiet"])
        for name in TRACKERS:  # registry order
            if name in destinations.trackers:
                self.track(owner, digest, self.slots[name])

    def chat(self, owner: str, digest: Digest, templates: tuple[str, ...]) -> None:
        title = digest_title(digest, self.config.language)
        body = render_digest(digest, self.now, self.tz, self.config.language)
        for template in templates:
            label = describe(template, self.redactor)
            if self.dry_run:
                self.out(self.t["run.send"].format(dest=label))
                self.out(f"  {self.t['run.subject']}: {title}")
                self.out("\n".join("  | " + line for line in body.splitlines()))
                continue
            try:
                notifier = AppriseNotifier(template, self.environ, self.redactor)
                self.retry.run(partial(notifier.send, title, body))
            except ChannelError as error:
                self._fail(owner, label, error)
            else:
                self.out(self.t["run.sent"].format(dest=label))

    def track(self, owner: str, digest: Digest | None, slot: _TrackerSlot) -> None:
        language = self.config.language
        wanted, still_stale = wanted_issues(owner, digest, slot.per, self.now, self.tz, language)
        if self.dry_run:
            for item in wanted:
                self.out(self.t["run.update"].format(tracker=slot.label, title=item.title))
                body = with_marker(item.body, item.marker, hidden=slot.hidden_marker, language=language)
                self.out("\n".join("  | " + line for line in body.splitlines()))
            if not wanted:
                self.out(self.t["run.close_any"].format(tracker=slot.label, marker=marker(owner)))
            return
        try:
            tracker, issues = slot.open(self.retry)
            for action in plan_sync(owner, issues, wanted, still_stale):
                if action.kind == "close":
                    assert action.issue
                    issue = action.issue
                    self.retry.run(partial(tracker.close, issue, self.t["closed"]))
                    self.out(self.t["run.closed"].format(tracker=slot.label, ref=issue.ref))
                    continue
                assert action.wanted
                want = action.wanted
                body = with_marker(want.body, want.marker, hidden=slot.hidden_marker, language=language)
                if action.issue is None:
                    ref = self.retry.run(partial(tracker.create, want.marker, want.title, body))
                    self.out(self.t["run.created"].format(tracker=slot.label, ref=ref, title=want.title))
                else:
                    existing = action.issue
                    changed = self.retry.run(partial(tracker.update, existing, want.title, body))
                    key = "run.updated" if changed else "run.unchanged"
                    self.out(self.t[key].format(tracker=slot.label, ref=existing.ref))
        except ChannelError as error:
            self._fail(owner, slot.label, error)
