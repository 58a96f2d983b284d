"""The notice kind: `notices/<slug>.md`, a scheduled site-wide notice (お知らせ) shown as a
banner on every page only while `show_from <= now < show_until` (content contract
"Scheduled notices"). The file is not a page of its own: its body is the banner's text. Its
freshness reminds editors to delete it: overdue once `show_until` has passed (the build has
dropped it by then, so the file is dead weight)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from ..model.check import Checker, owner
from ..model.entries import Entry
from ..model.fields import Field
from ..policy import Policy
from ..staleness import FRESH, OVERDUE, Assessment, minute
from . import Context, Kind, register

LEVELS = ("info", "warning")

FIELDS: dict[str, Field] = {
    "show_from": Field("datetime", "表示開始日時（例: 2026-12-01T00:00:00+09:00） / Shown from (inclusive)"),
    "show_until": Field("datetime", "表示終了日時（この時刻に消えます） / Shown until (exclusive)"),
    "level": Field("choice", "重要度: info（既定）か warning / info (default) or warning", choices=LEVELS),
}


@dataclass
class Notice(Entry):
    body_rendered_late: ClassVar[bool] = True  # the banner text (notice_view.py)

    level: str = "info"
    show_from: datetime | None = None
    show_until: datetime | None = None

    @property
    def slug(self) -> str:
        """The id of its banner element (`data-madoguchi-notice`) and of its dismissal."""
        return self.path.rsplit("/", 1)[-1].removesuffix(".md")

    def shown_at(self, now: datetime) -> bool:
        """Inside its window at `now`."""
        return self.show_from is not None and self.show_until is not None and self.show_from <= now < self.show_until

    def over_at(self, now: datetime) -> bool:
        """Its window has ended at `now` (the build leaves it out)."""
        return self.show_until is None or now >= self.show_until


def parse_notice(path: str, check: Checker, context: Context) -> Notice:
    policy = context.policy
    title = check.required_text("title", "the notice's headline") or ""
    owner_ = owner(check, policy, None)
    show_from, show_until = check.window("show_from", "show_until", policy, "2026-12-01T00:00:00+09:00")
    return Notice(
        path=path,
        type="notice",
        title=title,
        owner=owner_,
        draft=check.boolean("draft"),
        level=(check.choice("level", LEVELS) or "info") if check.get("level") is not None else "info",
        show_from=show_from,
        show_until=show_until,
    )


def assess_notice(notice: Notice, policy: Policy, now: datetime) -> Assessment:
    """Fresh until `show_until`; overdue after it while the file is still there (delete it)."""
    if notice.show_until is None:
        return Assessment(FRESH, None, "no window")
    until = minute(notice.show_until, policy)
    if now >= notice.show_until:
        return Assessment(OVERDUE, notice.show_until, f"shown until {until}; no longer shown, delete the file")
    if notice.show_from is not None and now < notice.show_from:
        return Assessment(FRESH, notice.show_until, f"shown from {minute(notice.show_from, policy)} until {until}")
    return Assessment(FRESH, notice.show_until, f"shown until {until}")


NOTICE = register(
    Kind(
        name="notice",
        entry=Notice,
        parse=parse_notice,
        rule=assess_notice,
        fields=FIELDS,
        folder="notices",
        page=False,  # the banner is what is published, not a page per notice
    )
)
