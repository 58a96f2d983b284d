"""How alerts leave: retries with backoff, HTTP errors sorted into transient and permanent,
and the one small interface every destination implements."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

if TYPE_CHECKING:  # requests is imported when a request is made: the config does not need it
    import requests

T = TypeVar("T")


class ChannelError(Exception):
    """A destination failed; `transient` ones (5xx, 429, timeouts) are worth retrying."""

    def __init__(self, message: str, *, transient: bool = False) -> None:
        super().__init__(message)
        self.transient = transient


@dataclass(frozen=True)
class Retry:
    attempts: int = 3
    backoff: float = 2.0  # seconds before the 2nd attempt; doubles after each failure
    sleep: Callable[[float], None] = time.sleep

    def run(self, action: Callable[[], T]) -> T:
        for attempt in range(1, self.attempts + 1):
            try:
                return action()
            except ChannelError as error:
                if not error.transient or attempt == self.attempts:
                    if attempt > 1:
                        raise ChannelError(f"{error} (after {attempt} attempts)") from None
                    raise
                self.sleep(self.backoff * 2 ** (attempt - 1))
        raise AssertionError("unreachable")


def checked(response: requests.Response, what: str) -> requests.Response:
    """Raise ChannelError for an HTTP error: 5xx and 429 are transient, the rest are not."""
    status = response.status_code
    if status < 400:
        return response
    if status in (401, 403):
        raise ChannelError(f"{what}: bad credentials or no permission (HTTP {status})")
    detail = ""
    try:
        body = response.json()
        if isinstance(body, dict):
            detail = str(body.get("message") or body.get("errors") or "")[:200]
    except ValueError:
        detail = response.text[:200]
    suffix = f": {detail}" if detail else ""
    raise ChannelError(f"{what}: HTTP {status}{suffix}", transient=status >= 500 or status == 429)


def request(
    session: requests.Session, method: str, url: str, what: str, *, timeout: float, **kwargs: object
) -> requests.Response:
    import requests  # here, not at import: validating mkdocs.yml imports this module

    try:
        response = session.request(method, url, timeout=timeout, **kwargs)  # type: ignore[arg-type]
    except requests.Timeout:
        raise ChannelError(f"{what}: timed out after {timeout:g}s", transient=True) from None
    except requests.ConnectionError as error:
        raise ChannelError(f"{what}: cannot connect ({type(error).__name__})", transient=True) from None
    except requests.RequestException as error:
        # e.g. InvalidHeader, InvalidURL: their message quotes the header or URL, which
        # holds the token; the type is enough to say what went wrong
        raise ChannelError(f"{what}: request refused by requests ({type(error).__name__})") from None
    return checked(response, what)


@dataclass(frozen=True)
class TrackedIssue:
    """An open issue in a tracker that carries a madoguchi marker."""

    ref: str  # "#12" on GitHub, "CS-12" on Backlog
    marker: str
    title: str
    body: str


class Notifier(Protocol):
    """Chat and mail: one message to one destination."""

    label: str

    def send(self, title: str, body: str) -> None: ...


class Tracker(Protocol):
    """An issue tracker: issues are found again by the marker in their body."""

    label: str
    per: str  # owner | page

    def open_issues(self) -> list[TrackedIssue]: ...
    def create(self, marker: str, title: str, body: str) -> str: ...
    def update(self, issue: TrackedIssue, title: str, body: str) -> bool: ...
    def close(self, issue: TrackedIssue, comment: str) -> None: ...


class TrackerSettings(Protocol):
    """What the run needs of any tracker's parsed option (`notify.<name>`)."""

    @property
    def per(self) -> str: ...  # owner | page
    @property
    def label(self) -> str: ...  # "GitHub owner/name": how output names it
    @property
    def secret_env(self) -> str: ...  # the environment variable holding its token
    @property
    def base_url(self) -> str: ...  # where the token is sent


S = TypeVar("S", bound=TrackerSettings)


@dataclass(frozen=True)
class TrackerKind(Generic[S]):
    """One kind of tracker, as the registry (trackers.py) knows it: its option name under
    `notify` (also the true/false switch in `defaults` and `owners`), the options of that
    section (a MkDocs Config class whose validated instance is the settings), and how a
    Tracker is built from it and its token."""

    name: str
    options: type[S]  # a Config subclass implementing TrackerSettings
    build: Callable[[S, str, float], Tracker]  # (settings, token, timeout) → tracker
    hidden_marker: bool  # marker in an HTML comment (rendered Markdown), else a visible footer
    required: str  # the options a user must set, named in "is true but … is not set"
