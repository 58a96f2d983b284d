"""The customer's voice: the events the site's browser sends to `madoguchi collect`, checked
strictly before anything is stored.

One event per request (docs/feedback.md, contract "Customer voice"):

- `{"type": "feedback", "page": "/faq/…/", "helpful": true|false, "reason": …|null}`
- `{"type": "search_zero", "query": "…"}`
- `{"type": "search_open", "query": "…", "page": "/faq/…/", "position": 1}`
- `{"type": "search_recovered", "failed_query": "…", "query": "…", "page": "/faq/…/"}`

The checks are written here rather than as a JSON Schema run by `jsonschema`: the rules a
schema cannot say are the ones that matter (a query's length counted after NFKC normalisation,
no control or markup characters, a page that is a plain URL path), the collector needs no
extra runtime dependency, and one dict walk is cheaper per request than a validator.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

MAX_BODY = 2048  # bytes of one request body
MAX_QUERY = 200  # characters of a query after NFKC normalisation
MAX_PAGE = 512  # characters of a page path
MAX_POSITION = 1000

REASONS = ("outdated", "missing", "unclear", "other")
# 情報が古い・間違っている / 知りたいことが書いていない / わかりにくい / その他
REASON_LABELS = {
    "outdated": "情報が古い・間違っている",
    "missing": "知りたいことが書いていない",
    "unclear": "わかりにくい",
    "other": "その他",
}

FIELDS: dict[str, dict[str, bool]] = {
    # type → {key: required}
    "feedback": {"page": True, "helpful": True, "reason": False},
    "search_zero": {"query": True},
    "search_open": {"query": True, "page": True, "position": True},
    "search_recovered": {"failed_query": True, "query": True, "page": True},
}

# A URL path as the site's pages have: percent-encoded or plain (Japanese slugs), no query,
# fragment, whitespace, quotes or markup; at most one leading slash.
_PAGE = re.compile(r"/(?!/)[^\s\"'<>`\\?#\x00-\x1f\x7f]*")
_SPACES = re.compile(r"\s+")
# control and format characters (bidi overrides, zero-width joiners' misuse) and markup
_FORBIDDEN_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}


class EventError(ValueError):
    """Why an event is refused (sent back in the 4xx answer, never logged with the request)."""


@dataclass(frozen=True)
class Event:
    """An accepted event, normalised (queries NFKC, spaces collapsed)."""

    type: str
    page: str | None = None
    helpful: bool | None = None
    reason: str | None = None
    query: str | None = None
    failed_query: str | None = None
    position: int | None = None


def normalise_query(value: str) -> str:
    """NFKC, surrounding spaces trimmed, inner runs of spaces as one: how queries are counted."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", value)).strip()


def _query(data: dict[str, Any], key: str) -> str:
    value = data[key]
    if not isinstance(value, str):
        raise EventError(f"{key}: expected a string")
    query = normalise_query(value)
    if not query:
        raise EventError(f"{key}: empty")
    if len(query) > MAX_QUERY:
        raise EventError(f"{key}: longer than {MAX_QUERY} characters")
    if "<" in query or ">" in query or any(unicodedata.category(char) in _FORBIDDEN_CATEGORIES for char in query):
        raise EventError(f"{key}: control or markup characters")
    return query


def _page(data: dict[str, Any]) -> str:
    value = data["page"]
    if not isinstance(value, str) or len(value) > MAX_PAGE or not _PAGE.fullmatch(value):
        raise EventError("page: expected the URL path of a page, e.g. /faq/ordering/cancel-order/")
    return value


def parse_event(data: object) -> Event:
    """The event `data` (decoded JSON) describes, or EventError: unknown type or key, a
    missing key, a value of the wrong kind or size."""
    if not isinstance(data, dict):
        raise EventError("expected a JSON object")
    kind = data.get("type")
    if not isinstance(kind, str) or kind not in FIELDS:
        raise EventError(f"type: expected one of {', '.join(FIELDS)}")
    fields = FIELDS[kind]
    unknown = sorted(set(data) - set(fields) - {"type"})
    if unknown:
        raise EventError(f"{unknown[0]}: unknown key for {kind}")
    missing = [key for key, required in fields.items() if required and key not in data]
    if missing:
        raise EventError(f"{missing[0]}: missing")
    if kind == "feedback":
        helpful = data["helpful"]
        if not isinstance(helpful, bool):
            raise EventError("helpful: expected true or false")
        reason = data.get("reason")
        if reason is not None and (helpful or reason not in REASONS):
            raise EventError(f"reason: expected null, or with helpful=false one of {', '.join(REASONS)}")
        return Event(kind, page=_page(data), helpful=helpful, reason=reason)
    if kind == "search_zero":
        return Event(kind, query=_query(data, "query"))
    if kind == "search_open":
        position = data["position"]
        if isinstance(position, bool) or not isinstance(position, int) or not 1 <= position <= MAX_POSITION:
            raise EventError(f"position: expected a whole number from 1 to {MAX_POSITION}")
        return Event(kind, query=_query(data, "query"), page=_page(data), position=position)
    return Event(kind, failed_query=_query(data, "failed_query"), query=_query(data, "query"), page=_page(data))
