"""Validation of one file's front matter: the Checker every kind's parser reads its keys
through (each read returns the parsed value or None and records what is wrong), and the
checks shared by several kinds (owner, dangerous Markdown)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from ..dangerous import markdown_dangers
from ..edition import AUDIENCES, PUBLIC
from ..frontmatter import FrontMatter
from ..texts import Text, said
from ..timeutil import TimeValueError, parse_date_or_datetime, parse_datetime, parse_interval
from .fields import FIELDS, Problem

if TYPE_CHECKING:
    from ..policy import Policy
    from .entries import Category


class Checker:
    """Collects the problems of one file; each check returns the parsed value or None."""

    def __init__(self, shown_path: str, fm: FrontMatter, problems: list[Problem], language: str | None = None) -> None:
        self.shown_path = shown_path
        self.fm = fm
        self.problems = problems
        self.failed = False
        self.language = language  # the site's (theme.language): messages in it (i18n.message)

    def say(self, key: str, /, **values: object) -> Text:
        """A catalog message (strings/*.yml: `input.*`, `incident.*`, …), said in the site's
        language when recorded (`fail`)."""
        return Text.of(key, **values)

    def line(self, key: str) -> int:
        """Line of `key`, of its list item (`updates[2].at` → `updates[2]`), or of its parent."""
        head = key.split(".")[0]
        return self.fm.lines.get(head) or self.fm.lines.get(head.split("[")[0], 1)

    def fail(self, key: str, message: str | Text, line: int | None = None) -> None:
        """Record a problem; a `Text` (texts.py) is said in the site's language."""
        self.failed = True
        self.problems.append(Problem(self.shown_path, line or self.line(key), key, said(message, self.language)))

    def get(self, key: str) -> Any:
        if key not in FIELDS:  # a key the contract table does not know would be missing from the schema
            raise KeyError(f"front-matter key {key!r} is not in model.FIELDS")
        return self.fm.data.get(key)

    def required_text(self, key: str, what: str) -> str | None:
        value = self.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            self.fail(key, self.say("input.missing", what=what))
            return None
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            self.fail(key, self.say("input.not_text", value=repr(value), what=what))
            return None
        return str(value).strip()

    def optional_text(self, key: str, what: str) -> str | None:
        if self.get(key) is None:
            return None
        return self.required_text(key, what)

    def text_list(self, key: str, what: str) -> list[str]:
        value = self.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(
            isinstance(item, (str, int)) and not isinstance(item, bool) for item in value
        ):
            self.fail(key, self.say("input.not_text_list", value=repr(value), what=what))
            return []
        return [str(item) for item in value]

    def boolean(self, key: str) -> bool:
        value = self.get(key)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.fail(key, self.say("input.not_boolean", value=repr(value)))
            return False
        return value

    def audience(self) -> str:
        value = self.get("audience")
        if value is None:
            return PUBLIC
        if value not in AUDIENCES:
            self.fail("audience", self.say("input.unknown_value", value=repr(value), choices=", ".join(AUDIENCES)))
            return PUBLIC
        return str(value)

    def interval(self, key: str, default: timedelta) -> timedelta:
        value = self.get(key)
        if value is None:
            return default
        try:
            return parse_interval(value)
        except TimeValueError as error:
            self.fail(key, error.text)
            return default

    def choice(self, key: str, choices: tuple[str, ...]) -> str | None:
        value = self.get(key)
        if value is None:
            self.fail(key, self.say("input.missing_choice", choices=", ".join(choices)))
            return None
        if value not in choices:
            self.fail(key, self.say("input.unknown_value", value=repr(value), choices=", ".join(choices)))
            return None
        return str(value)

    def reviewed(self, policy: Policy, now: datetime, required: bool) -> datetime | None:
        value = self.get("reviewed")
        if value is None:
            if required:
                self.fail("reviewed", self.say("input.reviewed_missing"))
            return None
        try:
            moment = parse_date_or_datetime(value, policy.timezone)
        except TimeValueError as error:
            self.fail("reviewed", error.text)
            return None
        if moment > now:
            self.fail("reviewed", self.say("input.reviewed_future", value=str(value), today=now.date()))
            return None
        return moment

    def instant(self, key: str, value: Any, policy: Policy, line: int | None = None) -> datetime | None:
        try:
            return parse_datetime(value, policy.timezone)
        except TimeValueError as error:
            self.fail(key, error.text, line)
            return None

    def window(
        self, start_key: str, end_key: str, policy: Policy, example: str
    ) -> tuple[datetime | None, datetime | None]:
        """Two required instants, the second after the first (a notice's display, a
        maintenance's schedule); a missing or unreadable one, or an end not after the start,
        is an error and comes back as None."""
        moments: list[datetime | None] = []
        for key in (start_key, end_key):
            if self.get(key) is None:
                self.fail(key, self.say("time.missing_example", example=example))
                moments.append(None)
            else:
                moments.append(self.instant(key, self.get(key), policy))
        start, end = moments
        if start is not None and end is not None and end <= start:
            self.fail(
                end_key,
                self.say("time.not_after", value=str(self.get(end_key)), other=start_key, at=start.isoformat()),
            )
            end = None
        return start, end


def owner(check: Checker, policy: Policy, category: Category | None) -> str | None:
    """`owner`, else the category's, else the site's default owner; missing is an error."""
    value = check.optional_text("owner", "a team or person, e.g. cs-ordering or @yamada")
    if value:
        return value
    if check.get("owner") is None:
        fallback = (category.owner if category else None) or policy.default_owner
        if fallback:
            return fallback
        check.fail("owner", check.say("input.owner_missing"))
    return None


def check_markdown(check: Checker, key: str, text: str, first_line: int, *, per_line: bool = True) -> None:
    """Dangerous raw HTML and URLs in a body or update text are input errors (dangerous.py).
    `per_line`: the text's lines are the file's from `first_line` on (a body); else every
    finding points at `first_line` (an update text inside the YAML)."""
    for danger in markdown_dangers(text):
        check.fail(key, danger.message, first_line + danger.line - 1 if per_line else first_line)
